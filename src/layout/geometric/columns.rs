//! Tables without ruling lines: blocks of lines carrying amounts, columns
//! from the x-gaps shared by those lines. Steps: `tabular_lines` →
//! `lines_to_blocks` → `column_separators` → `block_to_draft`.

use super::draft::{Draft, DraftRow, is_number, join_continuations};
use super::headers::{HeaderPiece, is_column_numbers, join_headers};
use super::settings::Settings;
use super::vocab::vocab;
#[cfg(test)]
use super::words::InnerBreak;
use super::words::{Chunk, TextLine, push_piece};
use std::ops::Range;

/// A line with at least two chunks apart by a wide gap, one of them a
/// number, is a table row (prose may split narrowly where digits meet
/// Chinese, never widely).
fn tabular(l: &TextLine) -> bool {
    l.chunks.iter().any(|c| c.wide_before) && l.chunks.iter().any(|c| is_number(&c.text))
}

/// Is chunk `k` of line `l` an amount standing as a cell of its own: set
/// off by wide gaps (or the line's edge) on both sides and not followed by
/// its unit (`13,994.31 万元。` is a figure inside a sentence, even when
/// justified type spreads the gaps around it wide). `next_line` is the line
/// below: a figure ending a line may have its unit wrapped to the next.
fn amount_cell(l: &TextLine, k: usize, next_line: Option<&TextLine>) -> bool {
    let v = vocab();
    let c = &l.chunks[k];
    if !is_number(&c.text) || (k > 0 && !c.wide_before) {
        return false;
    }
    match l.chunks.get(k + 1) {
        Some(n) => n.wide_before && !v.starts_with_figure_unit(&n.text),
        None => !next_line.is_some_and(|n| v.starts_with_figure_unit(&n.text)),
    }
}

/// Does line `k` hold a figure followed by its unit (`13,994.31 万元`, or a
/// figure ending the line whose `万元` is wrapped to the next)?
fn embeds_figure(lines: &[TextLine], k: usize) -> bool {
    let v = vocab();
    let l = &lines[k];
    l.chunks.iter().enumerate().any(|(c, ch)| {
        is_number(&ch.text)
            && match l.chunks.get(c + 1) {
                Some(n) => v.starts_with_figure_unit(&n.text),
                None => lines
                    .get(k + 1)
                    .is_some_and(|n| v.starts_with_figure_unit(&n.text)),
            }
    })
}

/// Widely spaced justified prose (Word exports spread a line's gaps to fill
/// it) looks tabular: wide gaps and figures. A block is prose when no line
/// of it holds an amount standing as a cell (there is no column of
/// amounts) and its lines read as rows are sentence pieces: most carry
/// sentence punctuation, and each one either does or holds a figure with
/// its unit (`…总预算 21,940.96` / `万元。…`). A table printing units in its
/// cells carries no sentence punctuation and stays a table.
fn sentence_block(lines: &[TextLine], body: Range<usize>) -> bool {
    let v = vocab();
    let rows: Vec<usize> = body.clone().filter(|&k| tabular(&lines[k])).collect();
    let marked = rows
        .iter()
        .filter(|&&k| v.has_sentence_mark(&lines[k].text))
        .count();
    // Cheapest test first: a real table's rows carry no sentence marks.
    marked * 2 > rows.len()
        && rows
            .iter()
            .all(|&k| v.has_sentence_mark(&lines[k].text) || embeds_figure(lines, k))
        && body.clone().all(|k| {
            let l = &lines[k];
            (0..l.chunks.len()).all(|c| !amount_cell(l, c, lines.get(k + 1)))
        })
}

/// A title, caption or note line never belongs inside a block.
fn stop(l: &TextLine) -> bool {
    let v = vocab();
    v.is_title(&l.text) || v.is_caption(&l.text) || v.is_note(&l.text)
}

/// A line holding nothing but a few digits in one chunk, left of all the
/// text of the row beside it (under it or above it): a line of a wrapped
/// code, never a header or a note.
fn code_line(l: &TextLine, row: &TextLine) -> bool {
    let t = l.text.trim();
    l.chunks.len() == 1
        && row.chunks.first().is_some_and(|c| l.x1 < c.x0)
        && (1..=7).contains(&t.len())
        && t.chars().all(|c| c.is_ascii_digit())
}

/// A wrapped name's line is set at most this many em under the line above
/// it (a cell's own line pitch, about 1.2 em; a new row or a note sits
/// further down).
const NAME_LINE_PITCH: f32 = 2.0;
/// A wrapped name's line holds at most this many characters (a cell of the
/// name column is narrow; a heading or sentence under a table is longer).
const MAX_NAME_LINE_CHARS: usize = 12;

/// A line holding nothing but a piece of text set in the name column of
/// `row`: right of its code (`208`, or `208 05 01` split in 类/款/项) and left
/// of its first amount: a line of the row's name wrapped in its narrow
/// cell (`出` under `住房改革支`, or four lines of `机关事业单位基本养老保险缴费支出`).
/// `above` is the line right above it.
fn name_line(l: &TextLine, row: &TextLine, above: &TextLine) -> bool {
    let t = l.text.trim();
    let digits = |c: &Chunk, n: std::ops::RangeInclusive<usize>| {
        n.contains(&c.text.len()) && c.text.chars().all(|ch| ch.is_ascii_digit())
    };
    let Some(first) = row.chunks.first().filter(|c| digits(c, 3..=7)) else {
        return false;
    };
    // the code's 款/项 pieces in columns of their own
    let code_end = row
        .chunks
        .iter()
        .skip(1)
        .take_while(|c| digits(c, 2..=2))
        .last()
        .unwrap_or(first);
    let amount = row
        .chunks
        .iter()
        .filter(|c| c.x0 > code_end.x1)
        .find(|c| is_number(&c.text));
    l.chunks.len() == 1
        && amount.is_some_and(|a| l.x1 < a.x0)
        && l.x0 > code_end.x1
        && !t.is_empty()
        && t.chars().count() <= MAX_NAME_LINE_CHARS
        && !t.chars().any(|c| c.is_ascii_digit() || c == '。')
        && !stop(l)
        && l.y - above.y <= NAME_LINE_PITCH * l.size.max(above.size)
}

/// How far above the first body line, in em, the first line of its row's
/// wrapped name may be set: the row's code and amounts are centred on the
/// two name lines, half a line pitch under the first.
const NAME_WRAP_ABOVE: f32 = 1.2;
/// Names of one column are left-aligned: their starts differ by at most
/// this many em.
const NAME_ALIGN: f32 = 0.3;
/// Body lines whose name starts where the line above does, needed to tell
/// a wrapped name from a header: a header word is centred in its cell.
const MIN_ALIGNED_NAMES: usize = 2;

/// The first line of the first row's name, wrapped in its column and set
/// above the row's baseline (`社会保障和就业支` over the row, `出` under
/// it): one text chunk, starting where the names of the body lines start.
/// Read as a header line it would glue into the name column's header and
/// stretch the header down to the body, so that a parent over the amount
/// columns no longer looks centred over its children. Only taken from
/// under a header line: a page that opens with such a line (a table's
/// continuation) keeps it as its header, as before.
fn first_name_line_above(l: &TextLine, body: &[TextLine]) -> bool {
    let (Some(c), Some(first)) = (l.chunks.first(), body.first()) else {
        return false;
    };
    let em = l.size.max(1.0);
    let aligned = body
        .iter()
        .filter(|b| {
            b.chunks
                .iter()
                .any(|d| !is_number(&d.text) && (d.x0 - c.x0).abs() <= NAME_ALIGN * em)
        })
        .count();
    l.chunks.len() == 1
        && !is_number(&c.text)
        && !vocab().is_header_word(&c.text)
        && first.y - l.y <= NAME_WRAP_ABOVE * em
        && first.chunks.first().is_some_and(|d| d.x1 < c.x0)
        && aligned >= MIN_ALIGNED_NAMES
}

/// Find blocks of lines forming tables: (header lines, body lines) as index
/// ranges into `lines` (sorted top-down).
pub fn lines_to_blocks(lines: &[TextLine], s: &Settings) -> Vec<(Range<usize>, Range<usize>)> {
    lines_to_blocks_under(lines, s, |_| false)
}

/// [`lines_to_blocks`], where `ruled_header_over(line)` says a header ruled
/// on its own is printed right above the line: a single line of amounts
/// there is a table's body even with no header line among the free lines.
pub fn lines_to_blocks_under(
    lines: &[TextLine],
    s: &Settings,
    ruled_header_over: impl Fn(&TextLine) -> bool,
) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut floor = 0;
    let close = |a: &TextLine, b: &TextLine| b.y - a.y <= s.max_block_line_gap * a.size.max(b.size);
    // header lines above `start`: up to six close lines, no title, caption,
    // note or sentence
    let header_start = |start: usize, floor: usize| {
        let mut h = start;
        while h > floor
            && start - h < 6
            && !stop(&lines[h - 1])
            && !lines[h - 1].text.contains('。')
            && close(&lines[h - 1], &lines[h])
        {
            h -= 1;
        }
        h
    };
    while i < lines.len() {
        if !tabular(&lines[i]) {
            // a table printed empty: header lines, a lone 合计/无, a note
            let marker = lines[i].chunks.len() == 1 && vocab().is_body_marker(&lines[i].text);
            let noted = lines
                .get(i + 1)
                .is_some_and(|n| vocab().is_note(&n.text) && close(&lines[i], n));
            if marker && noted {
                let h = header_start(i, floor);
                if (h..i).any(|k| lines[k].chunks.len() >= 2) {
                    out.push((h..i, i..i + 1));
                    floor = i + 1;
                }
            }
            i += 1;
            continue;
        }
        let start = i;
        let mut last_tab = i;
        let mut j = i + 1;
        while j < lines.len() && !stop(&lines[j]) && close(&lines[j - 1], &lines[j]) {
            if tabular(&lines[j]) {
                last_tab = j;
            } else if j - last_tab > 3 && !name_line(&lines[j], &lines[last_tab], &lines[j - 1]) {
                // (a name wrapped over more lines than that stays in)
                break;
            }
            j += 1;
        }
        let mut end = last_tab + 1;
        // the last line of the last row's code, wrapped under it, and the
        // rest of its name (else left as prose after the table, which ends
        // the table: a continuation on the next page would not join it)
        while end < j
            && (code_line(&lines[end], &lines[end - 1])
                || name_line(&lines[end], &lines[last_tab], &lines[end - 1]))
        {
            end += 1;
        }
        let n_tab = (start..end).filter(|&k| tabular(&lines[k])).count();
        // one line of three amounts or more under a header is a table too
        // (a “三公” table prints a single row)
        let numbers = lines[start]
            .chunks
            .iter()
            .filter(|c| is_number(&c.text))
            .count();
        let h = header_start(start, floor);
        if (n_tab >= 2 || (numbers >= 3 && (h < start || ruled_header_over(&lines[start]))))
            && !sentence_block(lines, start..end)
        {
            // the first line of the first row's code, wrapped in its narrow
            // column and set above the row's baseline (`20` over the row,
            // `1` under it), is body: draft rows rejoin it
            let body_start = if h < start
                && (code_line(&lines[start - 1], &lines[start])
                    || (h + 1 < start
                        && first_name_line_above(&lines[start - 1], &lines[start..end])))
            {
                start - 1
            } else {
                start
            };
            out.push((h..body_start, body_start..end));
            floor = end;
        }
        i = end.max(i + 1);
    }
    out
}

/// Column separators of a table printed without any amount: gaps between
/// the header chunks, leaving out parents (a chunk over two chunks of
/// another header line).
fn header_separators(header: &[TextLine], s: &Settings) -> Vec<f32> {
    let all: Vec<&Chunk> = header.iter().flat_map(|l| l.chunks.iter()).collect();
    let mut spans: Vec<(f32, f32)> = all
        .iter()
        .filter(|c| !is_parent(header, c))
        .map(|c| (c.x0, c.x1))
        .collect();
    let size = header
        .iter()
        .map(|l| l.size)
        .fold(0.0f32, f32::max)
        .max(1.0);
    // header words are centred: no narrow gaps from aligned edges
    let min = s.min_column_gap * size;
    gaps(&mut spans, min, min, 0.0)
}

/// A header chunk printed over two or more chunks of another header line.
fn is_parent(header: &[TextLine], c: &Chunk) -> bool {
    header.iter().any(|l| {
        l.chunks
            .iter()
            .filter(|d| d.x0 >= c.x0 - 1.0 && d.x1 <= c.x1 + 1.0 && d.y != c.y)
            .count()
            >= 2
    })
}

/// Chunks whose edges differ by at most this many em are aligned.
const ALIGN_TOLERANCE: f32 = 0.05;
/// A gap narrower than `min_column_gap` (but wider than a word space) still
/// separates columns when at least this many chunks are aligned on one of
/// its sides: right-aligned amounts ending on its left, or left-aligned
/// codes or names starting on its right (a narrow cell padding, `385.51`
/// beside the next half's `303`).
const MIN_ALIGNED_CHUNKS: usize = 3;

/// Separators inside the gaps no span covers: gaps at least `min` wide, or
/// at least `narrow` wide with aligned chunks on one side (`align` is the
/// tolerance).
fn gaps(spans: &mut [(f32, f32)], min: f32, narrow: f32, align: f32) -> Vec<f32> {
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let aligned = |r: f32, x0: f32| {
        let ends = spans.iter().filter(|s| (s.1 - r).abs() <= align).count();
        let starts = spans.iter().filter(|s| (s.0 - x0).abs() <= align).count();
        ends.max(starts) >= MIN_ALIGNED_CHUNKS
    };
    let mut seps = Vec::new();
    let mut reach: Option<f32> = None;
    for &(x0, x1) in spans.iter() {
        if let Some(r) = reach
            && (x0 - r >= min || (x0 - r >= narrow && aligned(r, x0)))
        {
            seps.push((r + x0) / 2.0);
        }
        reach = Some(reach.map_or(x1, |r: f32| r.max(x1)));
    }
    seps
}

/// Column separators: x positions inside gaps at least `min_column_gap` em
/// wide that no chunk of a full body line covers. Sparse lines (a 合计 label
/// alone, a section row) are left out: they may straddle columns. So is a
/// column-number row (`栏次 1 2 3`): its numbers are centred where the
/// amounts are right-aligned, and with few body rows its gaps would cut
/// every amount column in two.
pub fn column_separators(body: &[TextLine], s: &Settings) -> Vec<f32> {
    let mut spans = body_spans(body);
    spans.extend(wrapped_code_spans(body));
    let size = body.iter().map(|l| l.size).fold(0.0f32, f32::max).max(1.0);
    gaps(
        &mut spans,
        s.min_column_gap * size,
        s.word_space_gap * size,
        ALIGN_TOLERANCE * size,
    )
}

/// The (x0, x1) of the chunks of the full body lines, the ones
/// [`column_separators`] reads the columns from.
pub(super) fn body_spans(body: &[TextLine]) -> Vec<(f32, f32)> {
    let numbering = |l: &TextLine| {
        let texts: Vec<&str> = l.chunks.iter().map(|c| c.text.as_str()).collect();
        is_column_numbers(&texts)
    };
    let amounts = body.iter().any(|l| tabular(l) && !numbering(l));
    let max_chunks = body.iter().map(|l| l.chunks.len()).max().unwrap_or(0);
    body.iter()
        .filter(|l| tabular(l) && l.chunks.len() * 2 >= max_chunks && !(amounts && numbering(l)))
        .flat_map(|l| l.chunks.iter().map(|c| (c.x0, c.x1)))
        .collect()
}

/// The extents of the code lines wrapped around their rows: the first
/// chunk of a line printing no amount after it, a few digits left of all the
/// text of the nearest row of amounts (above or below). A code too wide
/// for its narrow column and centred on its row (`20` over the row, `1`
/// under it) prints no piece on the row's own line, so without these the
/// column would have no extent at all and its lines would fall into the
/// next column (a split 类 into the 款 beside it).
fn wrapped_code_spans(body: &[TextLine]) -> Vec<(f32, f32)> {
    // a row of amounts: a figure after its first chunk
    let amounts = |l: &TextLine| tabular(l) && l.chunks.iter().skip(1).any(|c| is_number(&c.text));
    let row_near = |i: usize| {
        let up = body[..i].iter().rev().find(|l| amounts(l));
        let down = body[i + 1..].iter().find(|l| amounts(l));
        let d = |r: Option<&TextLine>| r.map_or(f32::INFINITY, |r| (r.y - body[i].y).abs());
        if d(up) <= d(down) { up } else { down }
    };
    (0..body.len())
        .filter(|&i| !amounts(&body[i]))
        .filter_map(|i| {
            let first = body[i].chunks.first()?;
            let t = first.text.trim();
            let digits = (1..=7).contains(&t.len()) && t.chars().all(|c| c.is_ascii_digit());
            let row = row_near(i)?;
            (digits && row.chunks.first().is_some_and(|c| first.x1 < c.x0))
                .then_some((first.x0, first.x1))
        })
        .collect()
}

pub(super) fn column_of(seps: &[f32], x: f32) -> usize {
    seps.partition_point(|&b| b <= x)
}

/// Columns a header chunk spans: those whose width (between separators)
/// it covers more than half of; at least the column under its centre. A
/// header wider than its amount column does not spill into the neighbour.
fn header_span(seps: &[f32], x0: f32, x1: f32) -> (usize, usize) {
    let mid = column_of(seps, (x0 + x1) / 2.0);
    let covered = |c: usize| {
        let left = if c == 0 {
            f32::NEG_INFINITY
        } else {
            seps[c - 1]
        };
        let right = seps.get(c).copied().unwrap_or(f32::INFINITY);
        let (l, r) = (left.max(x0), right.min(x1));
        let width = right - left;
        width.is_finite() && r - l > 0.5 * width
    };
    let mut c0 = mid;
    while c0 > 0 && covered(c0 - 1) {
        c0 -= 1;
    }
    let mut c1 = mid + 1;
    while c1 <= seps.len() && covered(c1) {
        c1 += 1;
    }
    (c0, c1)
}

/// Two children's headers in adjacent narrow cells may be set closer than
/// `chunk_gap` and read as one chunk (`一般公共预算 政府性基金预` over
/// `拨款`, `算拨款`): it then spans both columns as a parent would, and
/// both children are named by the glued text (or, wider than half of only
/// one, the second child is left unnamed). A parent is one run of glyphs,
/// centred, with no gap inside; so a header chunk is cut at its inner gaps
/// when every piece is a word of at least two characters (a letter-spaced
/// parent `本 年 收 入` stays whole) and the pieces fall in distinct
/// columns, left to right. Returns the
/// pieces' (text, x0, x1); the chunk itself when it is not cut.
fn split_glued_header(c: &Chunk, seps: &[f32]) -> Vec<(String, f32, f32)> {
    let whole = vec![(c.text.clone(), c.x0, c.x1)];
    if c.breaks.is_empty() {
        return whole;
    }
    let mut out = Vec::new();
    let (mut from, mut x0) = (0usize, c.x0);
    for b in c.breaks.iter().map(Some).chain(std::iter::once(None)) {
        let (to, x1) = b.map_or((c.text.len(), c.x1), |b| (b.at, b.x0));
        let Some(text) = c.text.get(from..to) else {
            return whole;
        };
        out.push((text.trim().to_string(), x0, x1));
        if let Some(b) = b {
            (from, x0) = (b.at, b.x1);
        }
    }
    let words = out.iter().all(|(t, _, _)| t.chars().count() >= 2);
    let spans: Vec<(usize, usize)> = out
        .iter()
        .map(|&(_, x0, x1)| header_span(seps, x0, x1))
        .collect();
    let distinct = spans.windows(2).all(|w| w[0].1 <= w[1].0);
    if words && distinct { out } else { whole }
}

/// Without ruling, a parent header (`收入预算`) is printed centred over its
/// children and its text covers only the middle one. Widen each piece to
/// the span of columns, empty on its own line, that it is best centred over
/// (the widest such run) and whose every column has a piece printed
/// below it. Centred is measured against the printed extent of the header
/// pieces below inside the span (where the children's words are), not the
/// column boundaries: a parent over `合计 … 公务接待费` is centred over
/// those words, while the amount columns' estimated boundaries may make a
/// narrower span look as centred.
/// `extents` are the pieces' printed (x0, x1); `bounds` the column
/// boundaries (`n_cols + 1`); centred means within
/// [`PARENT_CENTRE_RATIO`] of the width;
/// `em` is the table's font size.
/// How far off the centre of its children's words a parent may be printed,
/// as a fraction of their extent (plus half an em): a wider tolerance lets
/// a parent reach over a sibling's first column.
const PARENT_CENTRE_RATIO: f32 = 0.05;

pub fn expand_parents(
    pieces: &mut [HeaderPiece],
    extents: &[(f32, f32)],
    ys: &[f32],
    bounds: &[f32],
    em: f32,
) {
    let n_cols = bounds.len().saturating_sub(1);
    let snapshot: Vec<HeaderPiece> = pieces.to_vec();
    // printed extent of the pieces below row `row` lying inside a..b
    let y_of = |k: usize| ys.get(k).copied().unwrap_or(0.0);
    let bottom = ys.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    // Can piece k be a child of a parent printed at baseline `py`? A leaf
    // (nothing printed under it) set halfway down the band from the parent
    // to the header's last line is centred over the whole band: a sibling
    // of the parent (`合计` beside `公务用车购置及运行费` over `小计 …`).
    let child_of = |k: usize, row: usize, py: f32| {
        let Some(q) = snapshot.get(k) else {
            return false;
        };
        let leaf = !snapshot
            .iter()
            .any(|o| o.row > q.row && o.c0 < q.c1 && q.c0 < o.c1);
        q.row > row && (!leaf || y_of(k) > (py + bottom) / 2.0 + 0.25 * em)
    };
    let children = |row: usize, py: f32, a: usize, b: usize| -> Option<(f32, f32)> {
        (0..snapshot.len())
            .filter(|&k| child_of(k, row, py) && snapshot[k].c0 >= a && snapshot[k].c1 <= b)
            .filter_map(|k| extents.get(k).copied())
            .reduce(|x, y| (x.0.min(y.0), x.1.max(y.1)))
    };
    let mut reach: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for (i, p) in pieces.iter_mut().enumerate() {
        let Some(&(e0, e1)) = extents.get(i) else {
            continue;
        };
        let pc = (e0 + e1) / 2.0;
        let same_row = snapshot.iter().filter(|q| q.row == p.row);
        // parents of one row never overlap: not left of what a parent
        // before it (left to right) took
        let lo = same_row
            .clone()
            .filter(|q| q.c1 <= p.c0)
            .map(|q| q.c1)
            .chain(reach.get(&p.row).copied().filter(|&r| r <= p.c0))
            .max()
            .unwrap_or(0);
        let hi = same_row
            .filter(|q| q.c0 >= p.c1)
            .map(|q| q.c0)
            .min()
            .unwrap_or(n_cols);
        let py = y_of(i);
        let below = |c: usize| {
            (0..snapshot.len())
                .any(|k| child_of(k, p.row, py) && snapshot[k].c0 <= c && c < snapshot[k].c1)
        };
        // A piece set tight under it in its own column is the rest of a
        // wrapped header (`因公出国` / `（境）费`) when, in the span, another
        // column's first piece below sits higher than that rest: a sibling
        // centred over two header rows, not a child.
        let y = ys.get(i).copied().unwrap_or(0.0);
        let nearest_below = |c: usize| {
            snapshot
                .iter()
                .zip(ys)
                .filter(|(q, qy)| q.row > p.row && **qy > y && q.c0 <= c && c < q.c1)
                .map(|(q, qy)| (*qy, (q.c0, q.c1)))
                .min_by(|a, b| a.0.total_cmp(&b.0))
        };
        let wrap_in = |a: usize, b: usize| {
            let firsts: Vec<(f32, (usize, usize))> = (a..b).filter_map(nearest_below).collect();
            firsts.iter().any(|&(qy, span)| {
                span == (p.c0, p.c1)
                    && qy - y <= 1.8 * em
                    && firsts.iter().any(|&(oy, _)| oy < qy - 0.3 * em)
            })
        };
        let mut best = (p.c0, p.c1);
        let mut best_off = f32::INFINITY;
        for a in lo..=p.c0 {
            for b in p.c1..=hi {
                let Some((k0, k1)) = children(p.row, py, a, b) else {
                    continue;
                };
                let off = ((k0 + k1) / 2.0 - pc).abs();
                let centred = off <= PARENT_CENTRE_RATIO * (k1 - k0) + 0.5 * em;
                // the widest centred run: a narrower run inside it can be
                // as centred (`因公出国 … 运行费` inside `合计 … 公务接待费`)
                let (w, best_w) = (b - a, best.1 - best.0);
                let better = w > best_w || (w == best_w && off < best_off);
                if centred && better && b - a >= 2 && (a..b).all(below) && !wrap_in(a, b) {
                    best = (a, b);
                    best_off = off;
                }
            }
        }
        p.c0 = best.0;
        p.c1 = best.1;
        let r = reach.entry(p.row).or_insert(0);
        *r = (*r).max(best.1);
    }
}

/// Build a draft from a block's header and body lines.
pub fn block_to_draft(header: &[TextLine], body: &[TextLine], page: u32, s: &Settings) -> Draft {
    block_to_draft_with(header, body, page, s, None)
}

/// Build a draft from a block's lines; `ruled_seps` are the column
/// boundaries of a header ruled right above the block (its grid's inner
/// verticals), which say where the columns are better than the gaps.
pub fn block_to_draft_with(
    header: &[TextLine],
    body: &[TextLine],
    page: u32,
    s: &Settings,
    ruled_seps: Option<&[f32]>,
) -> Draft {
    let seps = if let Some(r) = ruled_seps {
        r.to_vec()
    } else if body.iter().any(tabular) {
        let seps = column_separators(body, s);
        if s.blank_header_columns {
            super::blank_columns::cut(header, body, seps)
        } else {
            seps
        }
    } else {
        header_separators(header, s)
    };
    let n_cols = seps.len() + 1;
    let mut pieces = Vec::new();
    let mut extents = Vec::new();
    let mut ys = Vec::new();
    for (r, l) in header.iter().enumerate() {
        let texts: Vec<&str> = l.chunks.iter().map(|c| c.text.as_str()).collect();
        if is_column_numbers(&texts) {
            continue;
        }
        for c in &l.chunks {
            for (text, x0, x1) in split_glued_header(c, &seps) {
                let (c0, c1) = header_span(&seps, x0, x1);
                pieces.push(HeaderPiece {
                    row: r,
                    c0,
                    c1,
                    text,
                });
                extents.push((x0, x1));
                ys.push(l.y);
            }
        }
    }
    let x_min = header
        .iter()
        .chain(body)
        .map(|l| l.x0)
        .fold(f32::INFINITY, f32::min);
    let x_max = header
        .iter()
        .chain(body)
        .map(|l| l.x1)
        .fold(f32::NEG_INFINITY, f32::max);
    let bounds: Vec<f32> = std::iter::once(x_min)
        .chain(seps.iter().copied())
        .chain(std::iter::once(x_max))
        .collect();
    let em = body.first().map_or(10.0, |l| l.size);
    expand_parents(&mut pieces, &extents, &ys, &bounds, em);
    let columns = join_headers(&pieces, n_cols, true);
    let rows: Vec<DraftRow> = body
        .iter()
        .map(|l| {
            let mut cells = vec![String::new(); n_cols];
            for c in &l.chunks {
                if let Some(slot) = cells.get_mut(column_of(&seps, c.center())) {
                    push_piece(slot, &c.text);
                }
            }
            DraftRow { cells, y: l.y }
        })
        .collect();
    let all = header.iter().chain(body.iter());
    let x0 = all.clone().map(|l| l.x0).fold(f32::INFINITY, f32::min);
    let x1 = all.clone().map(|l| l.x1).fold(f32::NEG_INFINITY, f32::max);
    let top = header.first().or(body.first()).map_or(0.0, |l| l.top());
    let bottom = body.last().map_or(0.0, |l| l.y);
    let size = body.first().map_or(10.0, |l| l.size);
    Draft {
        page,
        x0,
        x1,
        top,
        bottom,
        size,
        columns,
        rows: join_continuations(rows, s),
        notes: Vec::new(),
        title: None,
        caption: Vec::new(),
        header_rows: Vec::new(),
        col_x: std::iter::once(x0)
            .chain(seps.iter().copied())
            .chain(std::iter::once(x1))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::lines::glyphs_to_lines;
    use super::super::lines::tests::run;
    use super::*;
    use crate::model::Glyph;

    fn text_lines(g: &[Glyph]) -> Vec<TextLine> {
        let s = Settings::default();
        glyphs_to_lines(g, (0..g.len()).collect(), &s)
            .iter()
            .map(|l| TextLine::from_line(l, g, &s))
            .collect()
    }

    /// One line of pieces, each at its own x.
    fn pieces(y: f32, parts: &[(&str, f32)]) -> Vec<Glyph> {
        parts
            .iter()
            .flat_map(|(t, x)| run(t, *x, y, 10.0))
            .collect()
    }

    #[test]
    fn widely_spaced_prose_is_no_table() {
        // justified prose: gaps spread wide around the figures, each figure
        // followed by its unit (on the next line for a figure ending one)
        let mut g = pieces(
            10.0,
            &[
                ("此外，基本支出预算数为", 0.0),
                ("13,994.31", 150.0),
                ("万元。与上年", 210.0),
            ],
        );
        g.extend(pieces(
            25.0,
            &[
                ("相比增加", 0.0),
                ("1,670.85", 45.0),
                ("万元，增长13.56%。", 90.0),
            ],
        ));
        g.extend(pieces(
            40.0,
            &[
                ("项目支出预算数为", 0.0),
                ("5,573", 110.0),
                ("万元。与上年相比增加", 140.0),
                ("40", 255.0),
            ],
        ));
        g.extend(pieces(55.0, &[("万元。", 0.0)]));
        let lines = text_lines(&g);
        assert!(lines.iter().filter(|l| tabular(l)).count() >= 2);
        assert!(lines_to_blocks(&lines, &Settings::default()).is_empty());
        // a table printing units in its cells has no sentence punctuation
        let mut g = pieces(
            10.0,
            &[
                ("项目甲", 0.0),
                ("100", 150.0),
                ("万元", 170.0),
                ("200", 250.0),
                ("万元", 270.0),
            ],
        );
        g.extend(pieces(
            25.0,
            &[
                ("项目乙", 0.0),
                ("300", 150.0),
                ("万元", 170.0),
                ("400", 250.0),
                ("万元", 270.0),
            ],
        ));
        assert_eq!(
            lines_to_blocks(&text_lines(&g), &Settings::default()).len(),
            1
        );
        // sentences in a column beside a column of amounts: still a table
        let mut g = pieces(
            10.0,
            &[
                ("项目甲", 0.0),
                ("1,000.00", 150.0),
                ("用于办公，保障运转。", 250.0),
            ],
        );
        g.extend(pieces(
            25.0,
            &[
                ("项目乙", 0.0),
                ("2,000.00", 150.0),
                ("用于培训，提升能力。", 250.0),
            ],
        ));
        assert_eq!(
            lines_to_blocks(&text_lines(&g), &Settings::default()).len(),
            1
        );
    }

    #[test]
    fn unruled_table_columns_headers_and_wraps() {
        let mut g = run("说明文字。", 0.0, 10.0, 10.0);
        g.extend(run("科目名称", 0.0, 40.0, 10.0));
        g.extend(run("事业单位", 250.0, 34.0, 10.0));
        g.extend(run("经营收入", 250.0, 46.0, 10.0));
        g.extend(run("合计", 160.0, 40.0, 10.0));
        g.extend(run("行政运行", 0.0, 70.0, 10.0));
        g.extend(run("1,000.00", 160.0, 70.0, 10.0));
        g.extend(run("0.00", 270.0, 70.0, 10.0));
        g.extend(run("机关事业单位基本养老", 0.0, 90.0, 10.0));
        g.extend(run("2.00", 176.0, 90.0, 10.0));
        g.extend(run("1.00", 270.0, 90.0, 10.0));
        g.extend(run("保险缴费支出", 0.0, 100.0, 10.0));
        g.extend(run("合计", 40.0, 120.0, 10.0));
        g.extend(run("1,002.00", 160.0, 120.0, 10.0));
        let lines = text_lines(&g);
        let blocks = lines_to_blocks(&lines, &Settings::default());
        assert_eq!(blocks.len(), 1);
        let (h, b) = blocks[0].clone();
        assert_eq!(h, 1..4);
        let d = block_to_draft(&lines[h], &lines[b], 1, &Settings::default());
        assert_eq!(d.columns, vec!["科目名称", "合计", "事业单位经营收入"]);
        assert_eq!(d.rows.len(), 3);
        assert_eq!(
            d.rows[1].cells,
            vec!["机关事业单位基本养老保险缴费支出", "2.00", "1.00"]
        );
        assert_eq!(d.rows[2].cells, vec!["合计", "1,002.00", ""]);
    }

    #[test]
    fn a_name_wrapped_over_many_lines_stays_in_the_block_to_the_last_row() {
        // code | name | amount, rows 20 pt apart; one name wrapped in its
        // narrow cell over four more lines (11 pt apart, under its
        // amounts), and the last row's name ending on a line of its own
        let mut g = pieces(
            10.0,
            &[("科目编码", 0.0), ("科目名称", 60.0), ("合计", 150.0)],
        );
        let rows = [
            ("201", "一般公共"),
            ("20101", "人大事务"),
            ("2010101", "行政运行"),
            ("20102", "政协事务"),
            ("2010201", "行政运行"),
            ("20805", "行政事业"),
            ("2080505", "机关事业"),
        ];
        for (k, (code, name)) in rows.iter().enumerate() {
            g.extend(pieces(
                30.0 + 20.0 * k as f32,
                &[(code, 0.0), (name, 60.0), ("1.00", 150.0)],
            ));
        }
        for (k, piece) in ["单位基本", "养老保险", "缴费支", "出"].iter().enumerate() {
            g.extend(pieces(161.0 + 11.0 * k as f32, &[(piece, 60.0)]));
        }
        g.extend(pieces(
            214.0,
            &[("22102", 0.0), ("住房改革支", 60.0), ("2.00", 150.0)],
        ));
        g.extend(pieces(225.0, &[("出", 60.0)]));
        let lines = text_lines(&g);
        assert_eq!(lines.len(), 14);
        let blocks = lines_to_blocks(&lines, &Settings::default());
        assert_eq!(blocks, vec![(0..1, 1..14)]);
        let d = block_to_draft(&lines[0..1], &lines[1..14], 1, &Settings::default());
        let names: Vec<&str> = d.rows.iter().map(|r| r.cells[1].as_str()).collect();
        assert_eq!(names.len(), 8, "{names:?}");
        assert_eq!(names[6], "机关事业单位基本养老保险缴费支出");
        assert_eq!(names[7], "住房改革支出");
    }
}

#[cfg(test)]
mod more_tests {
    use super::super::lines::glyphs_to_lines;
    use super::super::lines::tests::run;
    use super::*;
    use crate::model::Glyph;

    fn text_lines(g: &[Glyph]) -> Vec<TextLine> {
        let s = Settings::default();
        glyphs_to_lines(g, (0..g.len()).collect(), &s)
            .iter()
            .map(|l| TextLine::from_line(l, g, &s))
            .collect()
    }

    #[test]
    fn header_spans_and_centred_parents() {
        let seps = [100.0, 200.0, 300.0];
        // a header a little wider than its column stays in it
        assert_eq!(header_span(&seps, 95.0, 205.0), (1, 2));
        // a header over two columns spans both
        assert_eq!(header_span(&seps, 110.0, 290.0), (1, 3));
        let bounds = [0.0, 100.0, 200.0, 300.0, 400.0];
        let mut pieces = vec![
            HeaderPiece {
                row: 0,
                c0: 0,
                c1: 1,
                text: "项目".into(),
            },
            HeaderPiece {
                row: 0,
                c0: 2,
                c1: 3,
                text: "支出预算".into(),
            },
            HeaderPiece {
                row: 1,
                c0: 1,
                c1: 2,
                text: "合计".into(),
            },
            HeaderPiece {
                row: 1,
                c0: 2,
                c1: 3,
                text: "基本支出".into(),
            },
            HeaderPiece {
                row: 1,
                c0: 3,
                c1: 4,
                text: "项目支出".into(),
            },
        ];
        // 支出预算 is printed centred over columns 1..4
        expand_parents(
            &mut pieces,
            &[
                (30.0, 70.0),
                (230.0, 270.0),
                (130.0, 170.0),
                (230.0, 270.0),
                (330.0, 370.0),
            ],
            &[10.0, 10.0, 40.0, 40.0, 40.0],
            &bounds,
            10.0,
        );
        assert_eq!((pieces[1].c0, pieces[1].c1), (1, 4));
        // 项目 has nothing under it: it stays
        assert_eq!((pieces[0].c0, pieces[0].c1), (0, 1));
        assert_eq!(
            join_headers(&pieces, 4, true),
            vec![
                "项目",
                "支出预算/合计",
                "支出预算/基本支出",
                "支出预算/项目支出"
            ]
        );
    }

    #[test]
    fn two_parents_each_over_their_own_children() {
        // an unruled 决算 三公 table (coordinates as printed): 预算数 and
        // 决算数 each centred over six columns
        let mut g = Vec::new();
        for (text, x, y) in [
            ("预算数", 225.0, 96.3),
            ("决算数", 590.0, 96.3),
            ("因公出国", 129.0, 112.8),
            ("公务用车购置及运行费", 224.0, 112.8),
            ("因公出国", 494.0, 112.8),
            ("公务用车购置及运行费", 589.0, 112.8),
            ("合计", 77.0, 121.0),
            ("公务接待费", 368.0, 121.0),
            ("合计", 442.0, 121.0),
            ("公务接待费", 734.0, 121.0),
            ("（境）费", 129.0, 127.5),
            ("小计", 199.0, 127.5),
            ("购置费", 255.0, 127.5),
            ("运行费", 316.0, 127.5),
            ("（境）费", 494.0, 127.5),
            ("小计", 564.0, 127.5),
            ("购置费", 620.0, 127.5),
            ("运行费", 681.0, 127.5),
        ] {
            g.extend(run(text, x, y, 9.0));
        }
        let amounts = [
            ("30.04", 92.0),
            ("22.29", 153.0),
            ("3.58", 219.0),
            ("0.00", 280.0),
            ("3.58", 341.0),
            ("4.17", 402.0),
            ("25.86", 458.0),
            ("19.05", 518.0),
            ("2.91", 584.0),
            ("0.00", 645.0),
            ("2.91", 706.0),
            ("3.90", 768.0),
        ];
        for (a, x) in amounts {
            g.extend(run(a, x, 145.7, 9.0));
        }
        let lines = text_lines(&g);
        let blocks = lines_to_blocks(&lines, &Settings::default());
        assert_eq!(blocks.len(), 1);
        let (h, b) = blocks[0].clone();
        let d = block_to_draft(&lines[h], &lines[b], 1, &Settings::default());
        assert_eq!(d.columns.len(), 12, "{:?}", d.columns);
        assert_eq!(d.columns[0], "预算数/合计");
        assert_eq!(d.columns[4], "预算数/公务用车购置及运行费/运行费");
        assert_eq!(d.columns[5], "预算数/公务接待费");
        assert_eq!(d.columns[6], "决算数/合计");
        assert_eq!(d.columns[11], "决算数/公务接待费");
    }

    #[test]
    fn sibling_centred_over_the_header_band_is_no_child() {
        // 合计, 因公出国（境）费 … are centred between the parent's line and
        // the children's: siblings of 公务用车购置及运行费, not its children
        let mut g = Vec::new();
        for (text, x, y) in [
            ("公务用车购置及运行费", 376.0, 96.3),
            ("合计", 140.0, 104.5),
            ("因公出国（境）费", 204.0, 104.5),
            ("公务接待费", 580.0, 104.5),
            ("机关运行经费", 666.0, 104.5),
            ("小计", 321.0, 112.8),
            ("购置费", 408.0, 112.8),
            ("运行费", 498.0, 112.8),
        ] {
            g.extend(run(text, x, y, 9.0));
        }
        for (a, x) in [
            ("33.83", 170.0),
            ("0.00", 266.0),
            ("28.17", 352.0),
            ("18.62", 442.0),
            ("9.55", 538.0),
            ("5.66", 629.0),
            ("267.91", 710.0),
        ] {
            g.extend(run(a, x, 129.2, 9.0));
        }
        let lines = text_lines(&g);
        let blocks = lines_to_blocks(&lines, &Settings::default());
        let (h, b) = blocks[0].clone();
        let d = block_to_draft(&lines[h], &lines[b], 1, &Settings::default());
        assert_eq!(
            d.columns,
            vec![
                "合计",
                "因公出国（境）费",
                "公务用车购置及运行费/小计",
                "公务用车购置及运行费/购置费",
                "公务用车购置及运行费/运行费",
                "公务接待费",
                "机关运行经费"
            ]
        );
    }

    #[test]
    fn children_glued_in_one_chunk_are_cut_apart() {
        // 一般公共预算 and 政府性基金预 in adjacent narrow cells, 0.6 em
        // apart (less than chunk_gap): one chunk over two amount columns,
        // under the parent 本年收入 centred over three children
        let mut g = Vec::new();
        for (text, x, y) in [
            ("本年收入", 400.0, 120.0),
            ("科目名称", 100.0, 132.0),
            ("合计", 240.0, 132.0),
            ("一般公共预算", 330.0, 132.0),
            ("政府性基金预", 396.0, 132.0),
            ("事业收入", 470.0, 137.5),
            ("拨款", 350.0, 143.0),
            ("算拨款", 411.0, 143.0),
        ] {
            g.extend(run(text, x, y, 10.0));
        }
        for y in [158.0, 171.0] {
            for (a, x) in [
                ("行政运行", 100.0),
                ("1,000.00", 240.0),
                ("1,000.00", 350.0),
                ("0.00", 430.0),
                ("0.00", 490.0),
            ] {
                g.extend(run(a, x, y, 10.0));
            }
        }
        let lines = text_lines(&g);
        let glued = lines[1].chunks.iter().find(|c| c.text.starts_with("一般"));
        assert_eq!(
            glued.map(|c| c.text.as_str()),
            Some("一般公共预算政府性基金预")
        );
        let blocks = lines_to_blocks(&lines, &Settings::default());
        let (h, b) = blocks[0].clone();
        let d = block_to_draft(&lines[h], &lines[b], 1, &Settings::default());
        assert_eq!(
            d.columns,
            vec![
                "科目名称",
                "合计",
                "本年收入/一般公共预算拨款",
                "本年收入/政府性基金预算拨款",
                "本年收入/事业收入"
            ]
        );
        // a letter-spaced parent (one character between gaps) is not cut
        let c = Chunk {
            text: "本年收入".into(),
            x0: 330.0,
            x1: 510.0,
            y: 120.0,
            size: 10.0,
            wide_before: true,
            breaks: (1..4)
                .map(|k| InnerBreak {
                    x0: 330.0 + 50.0 * k as f32 - 5.0,
                    x1: 330.0 + 50.0 * k as f32,
                    at: 3 * k,
                })
                .collect(),
        };
        assert_eq!(split_glued_header(&c, &[315.0, 410.0, 470.0]).len(), 1);
    }

    #[test]
    fn a_name_wrapped_above_the_first_row_stays_in_the_body() {
        // the first row's name wraps; its code and amount are centred on
        // the two name lines, so the name's first line is set above them
        let mut g = Vec::new();
        for (text, x, y) in [
            ("科目编码", 0.0, 20.0),
            ("科目名称", 80.0, 20.0),
            ("合计", 200.0, 20.0),
            ("社会保障和就业支", 60.0, 37.0),
            ("208", 0.0, 42.0),
            ("1.00", 200.0, 42.0),
            ("出", 60.0, 47.0),
            ("20805", 0.0, 70.0),
            ("行政事业单位养老支出", 60.0, 70.0),
            ("1.00", 200.0, 70.0),
            ("2080505", 0.0, 90.0),
            ("机关事业单位基本养老", 60.0, 90.0),
            ("1.00", 200.0, 90.0),
        ] {
            g.extend(run(text, x, y, 10.0));
        }
        let lines = text_lines(&g);
        let blocks = lines_to_blocks(&lines, &Settings::default());
        assert_eq!(blocks.len(), 1);
        let (h, b) = blocks[0].clone();
        assert_eq!((h.clone(), b.clone()), (0..1, 1..lines.len()));
        let d = block_to_draft(&lines[h], &lines[b], 1, &Settings::default());
        assert_eq!(d.columns[1], "科目名称");
        assert_eq!(d.rows[0].cells[..2], ["208", "社会保障和就业支出"]);
        // a page opening with such a line (no header line above it) keeps
        // it as its header
        let lines = text_lines(&g[10..]);
        let blocks = lines_to_blocks(&lines, &Settings::default());
        assert_eq!(blocks[0].0, 0..1);
    }

    #[test]
    fn a_code_wrapped_around_its_row_stays_in_the_body() {
        // a narrow code column: `3010` above the row's baseline, `1` under
        // it (the row vertically centred), the first and the last row too
        let mut g = Vec::new();
        for (text, x, y) in [
            ("科目编码", 0.0, 20.0),
            ("科目名称", 60.0, 20.0),
            ("合计", 200.0, 20.0),
            ("3010", 0.0, 38.0),
            ("基本工资", 60.0, 42.0),
            ("1.00", 200.0, 42.0),
            ("1", 0.0, 46.0),
            ("30102", 0.0, 70.0),
            ("津贴补贴", 60.0, 70.0),
            ("2.00", 200.0, 70.0),
            ("3010", 0.0, 90.0),
            ("奖金", 60.0, 94.0),
            ("3.00", 200.0, 94.0),
            ("3", 0.0, 98.0),
        ] {
            g.extend(run(text, x, y, 10.0));
        }
        let lines = text_lines(&g);
        let blocks = lines_to_blocks(&lines, &Settings::default());
        assert_eq!(blocks.len(), 1);
        let (h, b) = blocks[0].clone();
        assert_eq!((h.clone(), b.clone()), (0..1, 1..lines.len()));
        let d = block_to_draft(&lines[h], &lines[b], 1, &Settings::default());
        let rows: Vec<(&str, &str)> = d
            .rows
            .iter()
            .map(|r| (r.cells[0].as_str(), r.cells[1].as_str()))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("30101", "基本工资"),
                ("30102", "津贴补贴"),
                ("30103", "奖金")
            ]
        );
    }

    #[test]
    fn a_split_class_wrapped_around_its_rows_keeps_its_column() {
        // 类 款 项 columns, the 类 too wide for its column: `20` above each
        // row's baseline, `1` under it, and never on the row's own line
        let mut g = Vec::new();
        for (text, x, y) in [
            ("类", 0.0, 20.0),
            ("款", 25.0, 20.0),
            ("项", 50.0, 20.0),
            ("科目名称", 80.0, 20.0),
            ("合计", 220.0, 20.0),
            ("20", 0.0, 38.0),
            ("一般公共服务支出", 80.0, 42.0),
            ("9.00", 220.0, 42.0),
            ("1", 2.0, 46.0),
            ("20", 0.0, 62.0),
            ("06", 25.0, 66.0),
            ("财政事务", 80.0, 66.0),
            ("9.00", 220.0, 66.0),
            ("1", 2.0, 70.0),
            ("20", 0.0, 86.0),
            ("06", 25.0, 90.0),
            ("01", 50.0, 90.0),
            ("行政运行", 80.0, 90.0),
            ("9.00", 220.0, 90.0),
            ("1", 2.0, 94.0),
        ] {
            g.extend(run(text, x, y, 10.0));
        }
        let lines = text_lines(&g);
        let blocks = lines_to_blocks(&lines, &Settings::default());
        let (h, b) = blocks[0].clone();
        let d = block_to_draft(&lines[h], &lines[b], 1, &Settings::default());
        assert_eq!(d.columns, vec!["类", "款", "项", "科目名称", "合计"]);
        let rows: Vec<Vec<&str>> = d
            .rows
            .iter()
            .map(|r| r.cells.iter().take(4).map(|c| c.as_str()).collect())
            .collect();
        assert_eq!(
            rows,
            vec![
                vec!["201", "", "", "一般公共服务支出"],
                vec!["201", "06", "", "财政事务"],
                vec!["201", "06", "01", "行政运行"],
            ]
        );
    }

    #[test]
    fn amount_touching_next_name_splits_and_empty_table_is_found() {
        let mut g = run("一、财政拨款收入", 0.0, 20.0, 10.0);
        g.extend(run("1,000.00", 100.0, 20.0, 10.0));
        // the next cell's name starts 0.4 em after the amount
        g.extend(run("一、公共安全支出", 144.0, 20.0, 10.0));
        g.extend(run("1,000.00", 250.0, 20.0, 10.0));
        let lines = text_lines(&g);
        let texts: Vec<&str> = lines[0].chunks.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "一、财政拨款收入",
                "1,000.00",
                "一、公共安全支出",
                "1,000.00"
            ]
        );
        // no space where the narrow split was: prose keeps its text
        assert!(lines[0].text.contains("1,000.00一、公共安全支出"));

        let mut g = run("科目名称", 0.0, 20.0, 10.0);
        g.extend(run("合计", 120.0, 20.0, 10.0));
        g.extend(run("基本支出", 200.0, 20.0, 10.0));
        g.extend(run("合计", 0.0, 40.0, 10.0));
        g.extend(run(
            "注：本部门无政府性基金预算，此表为空表。",
            0.0,
            60.0,
            10.0,
        ));
        let lines = text_lines(&g);
        let blocks = lines_to_blocks(&lines, &Settings::default());
        assert_eq!(blocks, vec![(0..1, 1..2)]);
        let d = block_to_draft(&lines[0..1], &lines[1..2], 1, &Settings::default());
        assert_eq!(d.columns, vec!["科目名称", "合计", "基本支出"]);
        assert_eq!(d.rows.len(), 1);
    }
}
