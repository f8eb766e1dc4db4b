//! Every tolerance geometric layout uses, named, with its default and why.
//!
//! Distances that depend on the text are fractions of the font size (em), so
//! they hold for 7pt table text and 16pt titles alike; distances between
//! ruling lines are in points, since a drawing's precision does not scale
//! with its text.

/// Tolerances for [`super::recover`]. Pass by reference; `Default` is tuned
/// on WPS / Word / Excel / LibreOffice exports.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Two glyphs share a line when their baselines differ by at most this
    /// many em (of the larger glyph). Default 0.3: sub-pixel baseline jitter
    /// and mixed CJK/Latin fonts stay together; the next line (≥ 1 em away)
    /// never joins.
    pub line_baseline_tolerance: f32,
    /// Inside a run of Latin letters/digits, a gap wider than this many em is
    /// a word space (the PDF may not paint space glyphs). Default 0.15.
    pub word_space_gap: f32,
    /// A horizontal gap wider than this many em splits a line into chunks
    /// (separate cells, separate items). Default 1.0: letter-spaced headers
    /// (`项  目`) split but are rejoined by column; normal text never does.
    pub chunk_gap: f32,
    /// A gap inside a chunk wider than this many em is kept as a possible
    /// break between two cells' texts set closer than `chunk_gap` (two
    /// children's headers in adjacent narrow cells). Default 0.3, the
    /// narrowest column gap (`min_column_gap`): the glyphs of one word or
    /// one Chinese header sit closer. A character grid sets it to its
    /// `chunk_gap` (no break): there a blank left inside a chunk is one the
    /// text reader judged to be inside its cell.
    pub header_break_gap: f32,
    /// Where digits meet Chinese text, a gap wider than this many em already
    /// splits chunks (a right-aligned amount followed by the next cell's
    /// left-aligned name, `96,282,213.44 一、公共安全支出`). Default 0.3.
    pub script_change_gap: f32,
    /// Ruling lines whose coordinates differ by at most this many points are
    /// the same line (pdfplumber `snap_tolerance`). Default 3.
    pub snap_tolerance: f32,
    /// Collinear ruling segments closer than this many points join into one
    /// (pdfplumber `join_tolerance`). Default 3.
    pub join_tolerance: f32,
    /// A horizontal and a vertical segment meet when they come within this
    /// many points of each other (pdfplumber `intersection_tolerance`).
    /// Default 3.
    pub intersection_tolerance: f32,
    /// Ruling segments shorter than this many points are ignored (tick marks,
    /// underline dots). Default 4.
    pub min_edge_length: f32,
    /// A column gap in a table without ruling lines must be at least this many
    /// em wide, measured over all amount lines of the block. Default 0.3
    /// (a right-aligned amount and the next left-aligned name may be only
    /// a third of an em apart; `script_change_gap` already split them).
    pub min_column_gap: f32,
    /// Lines of a table without ruling belong to one block while the gap
    /// between consecutive baselines stays under this many em. Default 3.5.
    pub max_block_line_gap: f32,
    /// A title or caption line belongs to the table below it when it is at
    /// most this many em above the table top. Default 6.
    pub max_title_gap: f32,
    /// The two lines of a title broken over two lines are at most this many
    /// em apart (baseline to baseline). Default 1.8: a title's own line
    /// pitch, not the gap to a heading above it.
    pub title_line_gap: f32,
    /// A note line belongs to the table above when it is at most this many
    /// em below the table bottom (or the previous note line). Default 3.
    pub max_note_gap: f32,
    /// A label-only line is the continuation of a neighbouring row's name
    /// when it is closer to it than this fraction of the median row pitch.
    /// Default 0.9: wrapped lines inside a row are set tighter than rows.
    pub continuation_pitch_ratio: f32,
    /// The top and bottom margin bands (fraction of page height) where page
    /// numbers and running headers/footers are looked for. Default 0.1.
    pub margin_band: f32,
    /// A margin line printed (digits aside) on at least this fraction of the
    /// pages is a running header or footer. Default 0.5 (and at least 3 pages).
    pub running_repeat_ratio: f32,
    /// A header leaf printed in a body gap, in a column another leaf owns,
    /// is a column printed blank in every row and is cut out as its own
    /// ([`super::blank_columns`]). Default true: a PDF places every header
    /// glyph where it is drawn. Off on a character grid (`pdftotext
    /// -layout`), which shifts Chinese header cells a character or more off
    /// their columns, so a leaf in a gap there is drift, not a column.
    pub blank_header_columns: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            line_baseline_tolerance: 0.3,
            word_space_gap: 0.15,
            chunk_gap: 1.0,
            header_break_gap: 0.3,
            script_change_gap: 0.3,
            snap_tolerance: 3.0,
            join_tolerance: 3.0,
            intersection_tolerance: 3.0,
            min_edge_length: 4.0,
            min_column_gap: 0.3,
            max_block_line_gap: 3.5,
            max_title_gap: 6.0,
            title_line_gap: 1.8,
            max_note_gap: 3.0,
            continuation_pitch_ratio: 0.9,
            margin_band: 0.1,
            running_repeat_ratio: 0.5,
            blank_header_columns: true,
        }
    }
}
