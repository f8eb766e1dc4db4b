//! Space-aligned text (`pdftotext -layout`, a terminal dump, a fixed-width
//! report): cells are placed by columns of characters, not by tabs. Such a
//! text is laid back out on a character grid, each character a glyph at
//! `x = column × cell width`, `y = line × line pitch`, and handed to the same
//! geometric layout that reads PDF pages ([`crate::layout::geometric`]), so
//! one engine recovers tables from positions whatever produced them.
//!
//! Two width models exist: pdftotext gives every character one column
//! (Chinese text is squeezed to the grid of the Latin text around it), a
//! terminal or a `wcwidth`-aware formatter gives Chinese and full-width
//! forms two. The model under which the cell edges of neighbouring lines
//! line up best is chosen per document.

use super::common::{Line, Settings, is_cjk};
use super::{aligned_cells, aligned_headers};
use crate::layout::geometric;
use crate::model::{Glyph, LaidOut, Page};

/// Font size of the grid glyphs (points). Any size works, since geometric
/// tolerances are in em; 10 keeps the numbers readable when debugging.
const EM: f32 = 10.0;
/// Width of one character cell, in em. 0.6: one space (0.6 em) is more than
/// `script_change_gap` (an amount followed by the next cell's name splits),
/// two spaces (1.2 em) are more than `chunk_gap` (cells split), and a single
/// space between Latin words stays a word space.
const CELL: f32 = 0.6 * EM;
/// Distance between baselines of consecutive lines, in em. 1.5 em is a usual
/// table row pitch; blank lines (vertical space in the source) keep their
/// height, so titles and paragraphs stay apart as on the page.
const PITCH: f32 = 1.5 * EM;
/// How far a wrapped cell's label-only line is moved towards the row it
/// belongs to, as a fraction of the pitch: the text has lost the tighter
/// line spacing inside a wrapped cell that the geometric layout uses to
/// join it, so it is given back where the grid shows which row it wraps.
const WRAP_NUDGE: f32 = 0.35;
/// A single blank that does not separate cells (a word space, `2021 年`)
/// is narrowed by this much (the glyph before it is widened), leaving a
/// 0.35 em gap: more than `word_space_gap` and `script_change_gap` (a
/// figure followed by Chinese still splits as on a PDF page), less than the
/// `chunk_gap` of [`text_settings`]. A blank that separates cells keeps its
/// 0.6 em and splits.
const WORD_SPACE_NARROWING: f32 = 0.25 * EM;
/// Margin around the grid (points), so that nothing sits on the page edge.
const MARGIN: f32 = 2.0 * EM;

/// How characters map to columns: the width, in character cells, of a
/// Chinese (wide) character; every other character is one cell.
///
/// 1 is pdftotext as its own layout mode prints most pages; 2 is a
/// terminal or a `wcwidth`-aware formatter. Below 1: pdftotext sometimes
/// places the cells after Chinese text one column further right per
/// Chinese character (its column grid is finer than the Chinese glyphs), so
/// right-aligned amounts after long names drift; counting those characters
/// as narrower undoes the drift.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Widths(pub f32);

/// The width models tried, in order of preference when they tie.
const MODELS: [f32; 5] = [1.0, 2.0, 0.5, 0.25, 0.1];

impl Widths {
    pub fn of(self, c: char) -> f32 {
        if is_wide(c) { self.0 } else { 1.0 }
    }
}

/// East Asian wide and full-width characters (the ranges terminals print
/// two columns wide).
fn is_wide(c: char) -> bool {
    is_cjk(c) && !matches!(c as u32, 0x2018..=0x201f | 0xff61..=0xffdc | 0xffe8..=0xffee)
        || matches!(c as u32, 0x1100..=0x115f | 0x2e80..=0x2fff | 0x3040..=0x33ff | 0xac00..=0xd7a3)
}

/// The cells of a line: runs of text separated by two or more blanks, as
/// `(first column, end column)` under a width model.
fn cells(text: &str, w: Widths) -> Vec<(f32, f32)> {
    cell_texts(text, w)
        .into_iter()
        .map(|(a, b, _)| (a, b))
        .collect()
}

/// Lines whose cells (three or more) share at least two edges (to the
/// nearest column) with one of the next few such lines: the columns of a
/// table set with spaces. The edges are where a column lines up: the right
/// edge of an amount (amounts are right-aligned), the left edge of any
/// other cell. Letter-spaced words (`收  入`) and single gaps in prose do
/// not line up from line to line, so reading-order and prose texts score
/// near zero.
pub fn aligned_lines(lines: &[Line], w: Widths) -> usize {
    let edges: Vec<Option<Vec<i64>>> = lines
        .iter()
        .map(|l| {
            if l.text.contains('\t') {
                return None;
            }
            let c = cell_texts(&l.text, w);
            (c.len() >= 3).then(|| {
                c.iter()
                    .map(|(a, b, t)| {
                        let edge = if crate::amount::is_amount(t) { *b } else { *a };
                        edge.round() as i64
                    })
                    .collect()
            })
        })
        .collect();
    let mut lined_up = vec![false; lines.len()];
    for i in 0..edges.len() {
        let Some(a) = &edges[i] else { continue };
        for j in i + 1..edges.len().min(i + 1 + LOOKAHEAD) {
            let Some(b) = &edges[j] else { continue };
            if lines[i].page != lines[j].page {
                break;
            }
            if a.iter().filter(|e| b.contains(e)).count() >= 2 {
                lined_up[i] = true;
                lined_up[j] = true;
            }
        }
    }
    lined_up.iter().filter(|x| **x).count()
}

/// [`cells`] with their text.
fn cell_texts(text: &str, w: Widths) -> Vec<(f32, f32, String)> {
    let mut out: Vec<(f32, f32, String)> = Vec::new();
    let mut col = 0.0;
    let mut blanks = 0;
    for c in text.chars() {
        if c.is_whitespace() {
            blanks += if c == '\u{3000}' { 2 } else { 1 };
            col += w.of(c).max(1.0);
            continue;
        }
        let width = w.of(c);
        match out.last_mut() {
            Some(last) if blanks < 2 => {
                last.1 = col + width;
                last.2.push(c);
            }
            _ => out.push((col, col + width, c.to_string())),
        }
        blanks = 0;
        col += width;
    }
    out
}

/// Lines after a candidate searched for a partner whose cell edges line up.
const LOOKAHEAD: usize = 4;

/// Is this text set in space-aligned columns, and under which width model?
pub fn detect(lines: &[Line], settings: &Settings) -> Option<Widths> {
    let plain = aligned_lines(lines, Widths(MODELS[0]));
    let mut best = (Widths(MODELS[0]), plain);
    for m in &MODELS[1..] {
        let n = aligned_lines(lines, Widths(*m));
        if n > best.1 && n as f32 > plain as f32 * (1.0 + MODEL_MARGIN) {
            best = (Widths(*m), n);
        }
    }
    (best.1 >= settings.min_aligned_lines).then_some(best.0)
}

/// Another width model replaces one column per character only when it
/// lines up this fraction more lines: pdftotext's own mode is the usual
/// case, and a near tie is noise.
const MODEL_MARGIN: f32 = 0.1;

/// One line as the grid sees it: where its text is and whether it holds a
/// figure (a table row) or only one label (perhaps a wrapped cell's part).
struct GridLine {
    cells: Vec<(f32, f32)>,
    row: bool,
}

impl GridLine {
    fn new(text: &str, w: Widths) -> GridLine {
        GridLine {
            cells: cells(text, w),
            row: text.split_whitespace().any(crate::amount::is_amount),
        }
    }
    fn blank(&self) -> bool {
        self.cells.is_empty()
    }
    fn label_only(&self) -> Option<(f32, f32)> {
        match self.cells.as_slice() {
            [one] if !self.row => Some(*one),
            _ => None,
        }
    }
    /// Has text in columns `span`.
    fn fills(&self, span: (f32, f32)) -> bool {
        self.cells.iter().any(|&(a, b)| a < span.1 && span.0 < b)
    }
}

/// The vertical nudge of each line (in pitches): a label-only line right
/// above a row that is blank in its columns is the first part of that row's
/// wrapped cell (moved down); one right below a row is a wrapped tail
/// (moved up), unless it is itself the head of the next row.
fn nudges(grid: &[GridLine]) -> Vec<f32> {
    let mut out = vec![0.0; grid.len()];
    let neighbour = |i: usize, up: bool| -> Option<&GridLine> {
        let j = if up { i.checked_sub(1)? } else { i + 1 };
        grid.get(j).filter(|g| !g.blank())
    };
    for i in 0..grid.len() {
        let Some(span) = grid[i].label_only() else {
            continue;
        };
        let above = neighbour(i, true);
        let below = neighbour(i, false);
        let head_of_below = below.is_some_and(|b| b.row && !b.fills(span));
        // the line above is a row whose centred wrap already began above it
        let tail_of_above = above.is_some_and(|a| a.row && !a.fills(span))
            && i >= 2
            && grid[i - 2]
                .label_only()
                .is_some_and(|s| s.0 < span.1 && span.0 < s.1);
        if head_of_below && !tail_of_above {
            out[i] = WRAP_NUDGE;
        } else if above.is_some_and(|a| a.row) {
            out[i] = -WRAP_NUDGE;
        }
    }
    out
}

/// A line that names the unit or the department (`单位：万元`,
/// `编制部门：…`): it ends the header block above a table.
fn unit_line(text: &str) -> bool {
    ["单位：", "单位:", "编制部门", "编制单位"]
        .iter()
        .any(|k| text.contains(k))
}

/// The glyphs of one page of text on the character grid.
pub fn page(number: u32, lines: &[&str], w: Widths) -> Page {
    let grid: Vec<GridLine> = lines.iter().map(|t| GridLine::new(t, w)).collect();
    let nudge = nudges(&grid);
    let cells: Vec<Vec<aligned_cells::Cell>> =
        lines.iter().map(|t| aligned_cells::cells(t, w)).collect();
    let units: Vec<bool> = lines.iter().map(|t| unit_line(t)).collect();
    let places = aligned_headers::places(&cells, &units);
    let mut glyphs = Vec::new();
    let mut max_col: f32 = 0.0;
    for (i, text) in lines.iter().enumerate() {
        let y = MARGIN + (i as f32 + 1.0 + nudge[i]) * PITCH;
        let chars: Vec<char> = text.chars().collect();
        let tabular = grid[i].cells.len() >= 2;
        // the cell each character is in, and where that cell moved
        let mut cell_of: Vec<Option<usize>> = vec![None; chars.len()];
        for (k, c) in cells[i].iter().enumerate() {
            for slot in cell_of.iter_mut().take(c.chars.1).skip(c.chars.0) {
                *slot = Some(k);
            }
        }
        let mut col = 0.0;
        for (k, &c) in chars.iter().enumerate() {
            let width = if c.is_whitespace() {
                w.of(c).max(1.0)
            } else {
                w.of(c)
            };
            if !c.is_whitespace() && !c.is_control() {
                let next = chars.get(k + 1..k + 3);
                // one blank inside a cell is a word space; one between
                // two cells pdftotext squeezed together splits them
                let same_cell = cell_of[k].is_some() && cell_of.get(k + 2) == Some(&cell_of[k]);
                let word_space = matches!(next, Some([b, n]) if *b == ' ' && !n.is_whitespace())
                    && (!tabular || same_cell);
                let extra = if word_space {
                    WORD_SPACE_NARROWING
                } else {
                    0.0
                };
                let place =
                    cell_of[k].and_then(|cell| places[i][cell].map(|p| (p, cells[i][cell].a)));
                let (x, pitch) = match place {
                    Some((p, a)) => (p.a + (col - a) * p.pitch, p.pitch),
                    None => (col, 1.0),
                };
                glyphs.push(Glyph {
                    ch: c,
                    x: MARGIN + x * CELL,
                    y,
                    width: (width * CELL + extra) * pitch,
                    size: EM,
                    font: 0,
                });
                max_col = max_col.max(x + width * pitch);
            }
            col += width;
        }
        max_col = max_col.max(col);
    }
    Page {
        number,
        width: 2.0 * MARGIN + max_col * CELL,
        height: 2.0 * MARGIN + (lines.len() as f32 + 1.0) * PITCH,
        glyphs,
        rules: Vec::new(),
        scan: None,
    }
}

/// The pages of a text (form feeds separate them; a trailing form feed
/// opens no page).
pub fn pages(lines: &[Line], w: Widths) -> Vec<Page> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=lines.len() {
        if i == lines.len() || lines[i].page != lines[start].page {
            let texts: Vec<&str> = lines[start..i].iter().map(|l| l.text.as_str()).collect();
            let texts = single_spaced(&texts, w);
            out.push(page(lines[start].page, &texts, w));
            start = i;
        }
    }
    out
}

/// A page pdftotext printed double-spaced (a blank line after most table
/// rows: the rows are further apart than its line pitch) loses the blank
/// lines inside its tables, so that the geometric layout sees one table
/// with its wrapped names, not a table per row group. A blank line goes
/// when the line after it is a row or a label next to one and the line
/// before it is a row, a label or a header line (not the unit line).
fn single_spaced<'a>(lines: &[&'a str], w: Widths) -> Vec<&'a str> {
    let cells: Vec<Vec<aligned_cells::Cell>> =
        lines.iter().map(|t| aligned_cells::cells(t, w)).collect();
    let row = |i: usize| aligned_headers::is_row(&cells[i]);
    let blank = |i: usize| cells[i].is_empty();
    let n = lines.len();
    let rows = (0..n).filter(|&i| row(i)).count();
    let spaced = (0..n)
        .filter(|&i| row(i) && i + 2 < n && blank(i + 1) && !blank(i + 2))
        .count();
    if rows < MIN_DOUBLE_SPACED_ROWS || (spaced as f32) < rows as f32 * DOUBLE_SPACED_SHARE {
        return lines.to_vec();
    }
    // a label is a one-cell line right above or below a row
    let label = |i: usize| {
        cells[i].len() == 1
            && !cells[i][0].amount
            && ((i > 0 && row(i - 1)) || (i + 1 < n && row(i + 1)))
    };
    let header = |i: usize| cells[i].len() >= 2 && !cells[i].iter().any(|c| c.amount);
    (0..n)
        .filter(|&i| {
            let inside = blank(i)
                && i > 0
                && i + 1 < n
                && (row(i + 1) || label(i + 1))
                && (row(i - 1) || label(i - 1) || header(i - 1))
                && !unit_line(lines[i - 1]);
            !inside
        })
        .map(|i| lines[i])
        .collect()
}

/// A page is double-spaced when at least this many rows, and this share of
/// them, are followed by one blank line.
const MIN_DOUBLE_SPACED_ROWS: usize = 3;
const DOUBLE_SPACED_SHARE: f32 = 0.5;

/// Recover prose and tables from space-aligned text with the geometric
/// layout.
pub fn recover(lines: &[Line], w: Widths) -> LaidOut {
    geometric::recover_with(&pages(lines, w), &text_settings())
}

/// The geometric tolerances for a character grid: the defaults, except that
/// a gap of one blank (0.6 em) already splits chunks, since pdftotext
/// squeezes cells of a tight row to one blank apart; the blanks that do not
/// separate cells are narrowed below it ([`WORD_SPACE_NARROWING`]), and no
/// gap left inside a chunk is a break between header cells (the blank was
/// judged inside its cell; header words over columns the text shifted would
/// name the wrong amounts). Header leaves in a body gap are not read as
/// blank columns either: pdftotext drifts Chinese header cells off their
/// columns (the -layout corpus lost cells when they were).
pub fn text_settings() -> geometric::Settings {
    geometric::Settings {
        chunk_gap: 0.5,
        header_break_gap: 0.5,
        blank_header_columns: false,
        ..geometric::Settings::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::common::split_lines;

    const TABLE: &str = "                    2021 年部门收支总表
编制部门：灵寿县教育局                                         单位：万元

         项目         预算数                   项目        预算数
一、一般公共预算拨款收入          1,814.98 一、教育支出                 1,459.76
二、政府性基金预算拨款收入             0.00 二、社会保障和就业支出                225.67
三、国有资本经营预算拨款收入            0.00 三、卫生健康支出                    55.52
四、事业收入                    0.00 四、住房保障支出                    74.03
本年收入合计                1,814.98 本年支出合计                 1,814.98
";

    /// `YUSUAN_DEBUG_ALIGNED=file cargo test --lib aligned::tests::debug -- --nocapture`
    #[test]
    fn debug() {
        let Ok(path) = std::env::var("YUSUAN_DEBUG_ALIGNED") else {
            return;
        };
        let text = std::fs::read_to_string(path).unwrap();
        let lines = split_lines(&text);
        let w = detect(&lines, &Settings::default());
        eprintln!("{w:?}");
        let pages = pages(&lines, w.unwrap_or(Widths(1.0)));
        let s = text_settings();
        for p in &pages {
            let idx = (0..p.glyphs.len()).collect();
            for l in geometric::lines::glyphs_to_lines(&p.glyphs, idx, &s) {
                let t = geometric::words::TextLine::from_line(&l, &p.glyphs, &s);
                let ch: Vec<String> = t
                    .chunks
                    .iter()
                    .map(|c| {
                        format!(
                            "[{:.0}-{:.0}{}]{}",
                            c.x0,
                            c.x1,
                            if c.wide_before { "w" } else { "" },
                            c.text
                        )
                    })
                    .collect();
                eprintln!("p{} y{:.1} {}", p.number, t.y, ch.join(" "));
            }
        }
        let out = recover(&lines, w.unwrap_or(Widths(1.0)));
        for t in &out.tables {
            eprintln!("TABLE {:?} {:?}", t.title, t.columns);
            for r in &t.rows {
                eprintln!("   {:?}", r.cells);
            }
        }
    }

    #[test]
    fn double_spaced_tables_lose_their_blank_lines() {
        let page = [
            "   科目编码            科目名称        合计           基本支出",
            "",
            "  201       一般公共服务支出           18,023,425   14,796,627",
            "",
            "            政府办公厅（室）及相关机",
            "  20103                        15,966,718   14,796,627",
            "            构事务",
            "",
            "  2010301   行政运行               11,097,470   11,097,470",
            "",
            "  2010302   一般行政管理事务            1,170,091            -",
        ];
        let out = single_spaced(&page, Widths(1.0));
        assert!(out.iter().all(|l| !l.is_empty()), "{out:#?}");
        // a single-spaced table keeps its lines, and so does prose
        let prose = ["一、概况", "", "说明  文字  1.00", "", "二、其他"];
        assert_eq!(single_spaced(&prose, Widths(1.0)), prose.to_vec());
    }

    #[test]
    fn cells_split_at_two_blanks() {
        assert_eq!(
            cells("205   教育 支出  1.00", Widths(1.0)),
            vec![(0.0, 3.0), (6.0, 11.0), (13.0, 17.0)]
        );
        assert_eq!(cells("教育  1", Widths(2.0)), vec![(0.0, 4.0), (6.0, 7.0)]);
    }

    #[test]
    fn pdftotext_layout_is_aligned_one_column_per_char() {
        let lines = split_lines(TABLE);
        assert_eq!(detect(&lines, &Settings::default()), Some(Widths(1.0)));
        let out = recover(&lines, Widths(1.0));
        assert_eq!(out.tables.len(), 1, "{:#?}", out);
        let t = &out.tables[0];
        assert_eq!(t.title.as_deref(), Some("2021年部门收支总表"));
        let row = t
            .rows
            .iter()
            .find(|r| r.cells.iter().any(|c| c == "二、社会保障和就业支出"))
            .expect("row");
        assert!(row.cells.contains(&"225.67".to_string()), "{row:?}");
    }

    #[test]
    fn terminal_text_is_aligned_two_columns_per_chinese_char() {
        // the same table padded by display width
        let text = "项目              金额    项目              金额
一、教育支出      1.00    二、卫生支出      2.00
三、住房保障支出  3.00    四、其他支出      4.00
五、社保支出      5.00    六、科技支出      6.00
";
        let lines = split_lines(text);
        assert_eq!(
            detect(
                &lines,
                &Settings {
                    min_aligned_lines: 3,
                    ..Settings::default()
                }
            ),
            Some(Widths(2.0))
        );
    }

    #[test]
    fn prose_and_letter_spaced_words_are_not_aligned() {
        let text = "收  入 支 出\n本  年  收  入  合  计 2,081.40 本  年  支　出\n\
                    一、部门概况  本部门  负责\n说明文字。\n\
                    二、收支  预算  说明\n三、其他  事项  说明\n";
        assert_eq!(detect(&split_lines(text), &Settings::default()), None);
    }

    #[test]
    fn wrapped_name_parts_move_towards_their_row() {
        let lines = [
            "2080501   行政单位离退休             77.61      0.00",
            "          机关事业单位基本养老保险缴费支",
            "2080505                       98.71      0.00",
            "          出",
            "2080506   机关事业单位职业年金缴费支出      49.35      0.00",
        ];
        let grid: Vec<GridLine> = lines
            .iter()
            .map(|t| GridLine::new(t, Widths(1.0)))
            .collect();
        assert_eq!(nudges(&grid), vec![0.0, WRAP_NUDGE, 0.0, -WRAP_NUDGE, 0.0]);
    }
}
