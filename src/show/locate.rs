//! Where the canonical rows and cells of a table were printed on a page.
//!
//! The page is read again with the layout's own first steps (glyphs →
//! lines → chunks, [`crate::layout::geometric::lines`] and `words`), so the
//! boxes drawn are those layout saw. Each canonical row is then found on
//! its page by its printed label (code, else name), in printed order, and
//! its amounts are matched to the amount chunks of that line left to right.
//! A cell gets a box only when the printed chunk reads as the same amount
//! yusuan holds for it: a box is never drawn on a guess. A cell whose value
//! is not printed on its row (a blank, or a misread) gets the column's band
//! on that row instead, marked as such.

use crate::layout::geometric::{Settings, lines::glyphs_to_lines, words::TextLine};
use crate::model::{Page, Row, Table};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Share of the font size above the baseline that a text box covers.
const ASCENT: f32 = 0.9;
/// Share of the font size below the baseline that a text box covers.
const DESCENT: f32 = 0.25;

/// A box on the page, top-down PDF points.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Bbox {
    pub x0: f32,
    pub top: f32,
    pub x1: f32,
    pub bottom: f32,
}

impl Bbox {
    pub fn union(self, o: Bbox) -> Bbox {
        Bbox {
            x0: self.x0.min(o.x0),
            top: self.top.min(o.top),
            x1: self.x1.max(o.x1),
            bottom: self.bottom.max(o.bottom),
        }
    }
    pub fn center(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
}

/// A run of glyphs without a wide gap (a cell's text, as layout chunks it).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub bbox: Bbox,
    /// Baseline and font size, to draw the text where it was printed.
    pub y: f32,
    pub size: f32,
}

/// One printed line of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLine {
    pub words: Vec<Word>,
    pub bbox: Bbox,
    /// The line's characters without any blank (labels are compared so).
    pub compact: String,
    /// Per character of `compact`, its box (for marking a figure in prose).
    pub char_boxes: Vec<Bbox>,
}

/// The printed lines of a page, top to bottom.
pub fn page_lines(page: &Page, s: &Settings) -> Vec<PageLine> {
    let glyphs = &page.glyphs;
    let idx: Vec<usize> = (0..glyphs.len()).collect();
    glyphs_to_lines(glyphs, idx, s)
        .iter()
        .map(|l| {
            let tl = TextLine::from_line(l, glyphs, s);
            let words: Vec<Word> = tl
                .chunks
                .iter()
                .map(|c| Word {
                    text: c.text.clone(),
                    bbox: Bbox {
                        x0: c.x0,
                        top: c.y - c.size * ASCENT,
                        x1: c.x1,
                        bottom: c.y + c.size * DESCENT,
                    },
                    y: c.y,
                    size: c.size,
                })
                .collect();
            let mut compact = String::new();
            let mut char_boxes = Vec::new();
            for &i in &l.glyphs {
                let g = &glyphs[i];
                if g.ch.is_whitespace() {
                    continue;
                }
                compact.push(g.ch);
                char_boxes.push(Bbox {
                    x0: g.x,
                    top: g.y - g.size * ASCENT,
                    x1: g.x + g.width,
                    bottom: g.y + g.size * DESCENT,
                });
            }
            PageLine {
                words,
                bbox: Bbox {
                    x0: l.x0,
                    top: l.top(),
                    x1: l.x1,
                    bottom: l.y + l.size * DESCENT,
                },
                compact,
                char_boxes,
            }
        })
        .collect()
}

/// A printed text as an amount: thousands separators dropped; a dash
/// (printed for zero) reads as zero.
pub fn amount_of(text: &str) -> Option<Decimal> {
    let t: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' '))
        .collect();
    if matches!(t.as_str(), "-" | "—" | "－" | "--" | "——") {
        return Some(Decimal::ZERO);
    }
    if !t.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    crate::amount::decimal(&t)
}

/// Where one canonical cell was printed.
#[derive(Debug, Clone, PartialEq)]
pub enum CellPlace {
    /// The printed chunk reads as the cell's value.
    Printed(Bbox),
    /// Not printed on the row (blank, or read from elsewhere): the column's
    /// band on the row's line, when the column's place is known.
    NotOnRow(Option<Bbox>),
}

/// A canonical row found on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedRow {
    /// Index into `table.rows`.
    pub row: usize,
    /// Index into the page's lines.
    pub line: usize,
    /// Column key → where its value is.
    pub cells: BTreeMap<String, CellPlace>,
    /// Amount chunks of the line no column took (printed, not placed).
    pub unplaced: Vec<Bbox>,
    /// Where the row's label ends (x): its amounts are right of it.
    pub label_end: f32,
}

/// A table's rows on one page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Placement {
    pub rows: Vec<PlacedRow>,
    /// Rows of the table printed on this page that were not found.
    pub missing: Vec<usize>,
    /// Column key and a horizontal band (x0, x1) where its amounts are
    /// printed, left to right (a key may have a band in each half).
    pub bands: Vec<(String, f32, f32)>,
}

impl Placement {
    /// Where the cell (row index, column key) is, if the row was found.
    pub fn cell(&self, row: usize, column: &str) -> Option<&CellPlace> {
        self.rows
            .iter()
            .find(|r| r.row == row)
            .and_then(|r| r.cells.get(column))
    }
    pub fn line_of(&self, row: usize) -> Option<usize> {
        self.rows.iter().find(|r| r.row == row).map(|r| r.line)
    }
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Share of the font size that a gap between two characters must reach
/// to separate words (a label starts a word, not the middle of one).
const WORD_GAP: f32 = 0.3;

/// Whether a word starts at character `at` of the line: the line's start,
/// a gap before it, or a change between digits and other characters.
fn starts_word(line: &PageLine, at: usize, digit: bool) -> bool {
    if at == 0 {
        return true;
    }
    let (Some(prev), Some(here)) = (line.char_boxes.get(at - 1), line.char_boxes.get(at)) else {
        return false;
    };
    let size = (here.bottom - here.top) / (ASCENT + DESCENT);
    if here.x0 - prev.x1 > WORD_GAP * size {
        return true;
    }
    let pc = line.compact[..].chars().nth(at - 1).unwrap_or(' ');
    if digit {
        !pc.is_ascii_digit()
    } else {
        pc.is_ascii_digit() || !(pc.is_alphanumeric())
    }
}

/// Where `line` prints the label of `row`: each occurrence as (first
/// character, x where the label ends), so that amounts are read right of it.
/// A code must be a whole number of its own (not the head of a longer
/// code); a name without a code must start a word.
fn labels(line: &PageLine, row: &Row) -> Vec<(usize, f32)> {
    let text = &line.compact;
    let chars: Vec<char> = text.chars().collect();
    let end_x = |at: usize, len: usize| {
        line.char_boxes
            .get(at..at + len)
            .and_then(|b| b.last())
            .map(|b| b.x1)
    };
    let find_all = |needle: &[char]| -> Vec<usize> {
        if needle.is_empty() || needle.len() > chars.len() {
            return Vec::new();
        }
        (0..=chars.len() - needle.len())
            .filter(|&i| chars[i..i + needle.len()] == *needle)
            .collect()
    };
    let code: Vec<char> = row
        .code
        .as_deref()
        .map(compact)
        .unwrap_or_default()
        .chars()
        .collect();
    let name: Vec<char> = row
        .name
        .as_deref()
        .map(compact)
        .unwrap_or_default()
        .chars()
        .collect();
    let mut out = Vec::new();
    if !code.is_empty() {
        for at in find_all(&code) {
            let after = chars.get(at + code.len());
            if after.is_some_and(|c| c.is_ascii_digit()) || !starts_word(line, at, true) {
                continue;
            }
            let mut end = end_x(at, code.len());
            // the name printed right after the code ends the label
            let rest: String = chars[at + code.len()..].iter().collect();
            if !name.is_empty() && rest.starts_with(&name.iter().collect::<String>()) {
                end = end_x(at + code.len(), name.len()).or(end);
            }
            if let Some(e) = end {
                out.push((at, e));
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    for at in find_all(&name) {
        if !starts_word(line, at, false) {
            continue;
        }
        if let Some(e) = end_x(at, name.len()) {
            out.push((at, e));
        }
    }
    out
}

/// The amount columns of a row, in the table's column order, with values.
fn amounts<'a>(table: &'a Table, row: &'a Row) -> Vec<(&'a str, Decimal)> {
    table
        .columns
        .iter()
        .filter_map(|c| {
            let v = row.values.iter().find(|(k, _)| *k == c.key)?;
            Some((c.key.as_str(), crate::amount::decimal(&v.1)?))
        })
        .collect()
}

/// Match a row's amounts to the amount chunks right of its label, left to
/// right: a value is placed on the first chunk from there that reads as it;
/// a zero with no such chunk was printed blank. Returns the placed cells,
/// the chunks no column took, and how many nonzero values were found.
fn match_amounts(
    values: &[(&str, Decimal)],
    line: &PageLine,
    from_x: f32,
) -> (BTreeMap<String, CellPlace>, Vec<Bbox>, usize) {
    // the amounts right of the label, up to the next text (the label of
    // the other half of a side-by-side table); an amount right before that
    // text is its code, not an amount of this row
    let mut words: Vec<(&Word, Decimal)> = Vec::new();
    let mut ended_by_text = false;
    for w in line.words.iter().filter(|w| w.bbox.x0 >= from_x - 0.5) {
        match amount_of(&w.text) {
            Some(a) => words.push((w, a)),
            None => {
                ended_by_text = true;
                break;
            }
        }
    }
    let code_of_next = ended_by_text
        && words
            .last()
            .is_some_and(|(w, _)| w.text.chars().all(|c| c.is_ascii_digit()));
    let mut taken = vec![false; words.len()];
    let mut cells = BTreeMap::new();
    let mut found = 0;
    let mut next = 0;
    for (key, v) in values {
        let hit = (next..words.len()).find(|&k| words[k].1 == *v);
        match hit {
            // a zero must not jump over printed figures to a later zero
            Some(k) if !(v.is_zero() && k > next) => {
                taken[k] = true;
                next = k + 1;
                cells.insert(key.to_string(), CellPlace::Printed(words[k].0.bbox));
                if !v.is_zero() {
                    found += 1;
                }
            }
            _ => {
                cells.insert(key.to_string(), CellPlace::NotOnRow(None));
            }
        }
    }
    let last = words.len().saturating_sub(1);
    let unplaced = words
        .iter()
        .zip(&taken)
        .enumerate()
        .filter(|(k, (_, t))| !**t && !(code_of_next && *k == last))
        .map(|(_, ((w, _), _))| w.bbox)
        .collect();
    (cells, unplaced, found)
}

/// Find the rows of `table` printed on `page` among its `lines`. Rows are
/// looked for in printed order from the line of the row before (the same
/// line too: the other half of a side-by-side table), then from the top
/// (a right half printed after the left); a label already taken is not
/// taken again.
pub fn place_table(table: &Table, page: u32, lines: &[PageLine]) -> Placement {
    let mut p = Placement::default();
    let mut cursor = 0;
    let mut used: Vec<(usize, usize)> = Vec::new();
    for (ri, row) in table.rows.iter().enumerate() {
        if row.page != page {
            continue;
        }
        let values = amounts(table, row);
        let nonzero = values.iter().filter(|(_, v)| !v.is_zero()).count();
        let order = (cursor..lines.len()).chain(0..cursor.min(lines.len()));
        let mut hit: Option<(usize, usize, f32, BTreeMap<String, CellPlace>, Vec<Bbox>)> = None;
        'lines: for li in order {
            for (at, end) in labels(&lines[li], row) {
                if used.contains(&(li, at)) {
                    continue;
                }
                let (cells, unplaced, found) = match_amounts(&values, &lines[li], end);
                // a label repeated in a note or a title does not take the
                // row: its amounts must agree
                if nonzero == 0 || found > 0 {
                    hit = Some((li, at, end, cells, unplaced));
                    break 'lines;
                }
            }
        }
        match hit {
            Some((li, at, label_end, cells, unplaced)) => {
                cursor = li;
                used.push((li, at));
                p.rows.push(PlacedRow {
                    row: ri,
                    line: li,
                    cells,
                    unplaced,
                    label_end,
                });
            }
            None => p.missing.push(ri),
        }
    }
    // column bands from the printed cells: per key, the boxes that
    // overlap horizontally form one band (two halves of a side-by-side
    // table that share a key give two bands)
    let mut bands: Vec<(String, f32, f32)> = Vec::new();
    for r in &p.rows {
        for (k, c) in &r.cells {
            if let CellPlace::Printed(b) = c {
                match bands
                    .iter_mut()
                    .find(|(bk, x0, x1)| bk == k && b.x0 <= *x1 && b.x1 >= *x0)
                {
                    Some(e) => {
                        e.1 = e.1.min(b.x0);
                        e.2 = e.2.max(b.x1);
                    }
                    None => bands.push((k.clone(), b.x0, b.x1)),
                }
            }
        }
    }
    bands.sort_by(|a, b| a.1.total_cmp(&b.1));
    p.bands = bands;
    for r in &mut p.rows {
        let lb = lines[r.line].bbox;
        let from = r.label_end;
        for (k, c) in r.cells.iter_mut() {
            // the first band of the key right of the row's label
            let band = p
                .bands
                .iter()
                .find(|(bk, x0, _)| bk == k && *x0 >= from - 0.5);
            if let (CellPlace::NotOnRow(slot), Some((_, x0, x1))) = (c, band) {
                *slot = Some(Bbox {
                    x0: *x0,
                    top: lb.top,
                    x1: *x1,
                    bottom: lb.bottom,
                });
            }
        }
    }
    p
}

/// The boxes of `needle` in the page's lines (its characters, blanks
/// ignored), first occurrence; `near` (a longer excerpt holding it) is
/// preferred when it is found on a line.
pub fn find_text(lines: &[PageLine], needle: &str, near: Option<&str>) -> Option<(usize, Bbox)> {
    let needle = compact(needle);
    if needle.is_empty() {
        return None;
    }
    let boxes = |li: usize, at: usize| {
        let l = &lines[li];
        let start = l.compact[..at].chars().count();
        let n = needle.chars().count();
        l.char_boxes
            .get(start..start + n)
            .and_then(|b| b.iter().copied().reduce(Bbox::union))
    };
    if let Some(near) = near {
        // the excerpt may wrap: try its pieces, longest first
        let near = compact(near);
        for piece in excerpt_pieces(&near) {
            for (li, l) in lines.iter().enumerate() {
                if let Some(at) = l.compact.find(&piece)
                    && let Some(off) = piece.find(&needle)
                    && let Some(b) = boxes(li, at + off)
                {
                    return Some((li, b));
                }
            }
        }
    }
    lines.iter().enumerate().find_map(|(li, l)| {
        let at = l.compact.find(&needle)?;
        boxes(li, at).map(|b| (li, b))
    })
}

/// An excerpt and its tails and heads down to a few characters, so that a
/// quote wrapped over two lines is still found on the line that holds
/// the figure.
pub fn excerpt_pieces(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = vec![s.to_string()];
    const MIN_PIECE: usize = 4;
    for cut in 1..chars.len().saturating_sub(MIN_PIECE) {
        out.push(chars[cut..].iter().collect());
        out.push(chars[..chars.len() - cut].iter().collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::geometric::lines::tests::run;
    use crate::model::{Column, Page};

    fn table() -> Table {
        let col = |k: &str| Column {
            key: k.into(),
            header: k.into(),
        };
        let row = |code: &str, name: &str, vals: &[(&str, &str)]| Row {
            code: Some(code.into()),
            name: Some(name.into()),
            side: None,
            unit_code: None,
            texts: vec![],
            values: vals
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            unread: vec![],
            readings: Vec::new(),
            page: 1,
        };
        Table {
            id: "t1".into(),
            columns: vec![
                col("code"),
                col("name"),
                col("total"),
                col("basic"),
                col("project"),
            ],
            rows: vec![
                row(
                    "201",
                    "一般公共服务",
                    &[("total", "30"), ("basic", "10"), ("project", "20")],
                ),
                row(
                    "20101",
                    "人大事务",
                    &[("total", "30"), ("basic", "10"), ("project", "0")],
                ),
            ],
            template: None,
            title: None,
            match_score: 1.0,
            pages: vec![1],
            unit: None,
            scale: None,
            empty: false,
            notes: vec![],
        }
    }

    #[test]
    fn cells_are_boxed_where_their_value_is_printed_and_a_blank_gets_the_band() {
        let mut glyphs = run("201", 10.0, 100.0, 10.0);
        glyphs.extend(run("一般公共服务", 50.0, 100.0, 10.0));
        glyphs.extend(run("30.00", 200.0, 100.0, 10.0));
        glyphs.extend(run("10.00", 300.0, 100.0, 10.0));
        glyphs.extend(run("20.00", 400.0, 100.0, 10.0));
        glyphs.extend(run("20101", 10.0, 120.0, 10.0));
        glyphs.extend(run("人大事务", 50.0, 120.0, 10.0));
        glyphs.extend(run("30.00", 200.0, 120.0, 10.0));
        glyphs.extend(run("10.00", 300.0, 120.0, 10.0));
        let page = Page {
            number: 1,
            width: 600.0,
            height: 800.0,
            glyphs,
            ..Default::default()
        };
        let lines = page_lines(&page, &Settings::default());
        let p = place_table(&table(), 1, &lines);
        assert!(p.missing.is_empty());
        let Some(CellPlace::Printed(b)) = p.cell(0, "project") else {
            panic!("project of row 201 not placed: {p:?}");
        };
        assert!((b.x0 - 400.0).abs() < 0.1);
        let Some(CellPlace::NotOnRow(Some(b))) = p.cell(1, "project") else {
            panic!("the blank project of row 20101 has no band: {p:?}");
        };
        assert!((b.x0 - 400.0).abs() < 0.1 && b.top > 105.0);
    }

    #[test]
    fn a_value_not_printed_on_its_row_is_not_boxed() {
        let mut t = table();
        t.rows[1].values[2].1 = "20".into(); // read 20, printed blank
        let mut glyphs = run("20101", 10.0, 120.0, 10.0);
        glyphs.extend(run("人大事务", 50.0, 120.0, 10.0));
        glyphs.extend(run("30.00", 200.0, 120.0, 10.0));
        glyphs.extend(run("10.00", 300.0, 120.0, 10.0));
        let page = Page {
            number: 1,
            glyphs,
            ..Default::default()
        };
        t.rows.remove(0);
        let lines = page_lines(&page, &Settings::default());
        let p = place_table(&t, 1, &lines);
        assert!(matches!(p.cell(0, "project"), Some(CellPlace::NotOnRow(_))));
    }

    #[test]
    fn a_figure_in_prose_is_found_inside_its_excerpt() {
        let glyphs = run("支出1.87%，下降1.87%", 10.0, 100.0, 10.0);
        let page = Page {
            number: 1,
            glyphs,
            ..Default::default()
        };
        let lines = page_lines(&page, &Settings::default());
        let (_, b) = find_text(&lines, "1.87%", Some("下降1.87%")).unwrap();
        assert!(b.x0 > 60.0, "the second 1.87% is meant: {b:?}");
    }
}
