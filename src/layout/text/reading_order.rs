//! Text in reading order as a PDF text extractor prints it (pdftotext
//! without `-layout`): prose lines broken at a fixed width, then tables
//! whose cells come out one text block after another — header words broken
//! over lines (`一般公共预` / `算`), a row's code, unit name, item name and
//! amounts over several lines, two tables sharing each line.
//!
//! Steps: text → [`lines`] (non-blank, with pages from form feeds) →
//! [`find_titles`] (table titles split the document into prose and table
//! blocks) → [`tables::build`] per block (caption → header → data lines →
//! segments → rows, two-part lines in [`two_part`] → placed cells).
//!
//! # Rows this layout emits (contract with the templates stage)
//!
//! * `Placement::Aligned`: `cells[i]` belongs to `columns[i]`; `""` is an
//!   empty cell. Used when the row prints as many amounts as the header has
//!   amount columns, or no amount at all (every amount cell empty), and its
//!   labels fit the label columns. A split code (`类 款 项`) is ONE column
//!   (named after its parent header, e.g. `科目编码`) holding the joined code
//!   (`2101501`, `30101`).
//! * `Placement::Packed`: the text cannot tell which columns the amounts sit
//!   in. Cells are, always in this order:
//!   `[code, unit_code, text…, amount…]` where
//!   - `cells[0]` is the joined classification code (`2013699`, `30101`) or
//!     `""` when the row has none — always present;
//!   - `cells[1]` is the unit code (`003009`) or `""` — always present;
//!   - then the row's text cells in printed order (unit name, item name,
//!     project content…; wrapped pieces joined; text printed after the
//!     amounts is moved before them; a second classification code printed
//!     in the labels, e.g. 政府预算经济分类 `50501`, is a text cell here);
//!   - then the amounts exactly as printed (`2,081.40`, `0.30`, `-`), in
//!     printed order: the longest run of trailing cells (from index 2) that
//!     `amount::normalize` accepts or that are `-` placeholders. The last
//!     label cell is never a bare number, so the run starts right after it.
//! * Two-sided tables (收支总表): every row is Aligned with the income
//!   columns (`收入/项目`, `收入/2021年预算`…) then the expenditure columns
//!   (`支出/项目`, `支出/2021年预算/合计`…); one row per printed line, either
//!   side may be empty. Each side's amounts fill its amount columns from
//!   the left.
//! * Two tables printed side by side with the same header are one table:
//!   all rows of the left part, then all rows of the right part.

mod header;
mod rows;
mod settle;
mod tables;
mod tokens;
mod two_part;
mod two_sided_sums;
mod vocab;

pub use tables::Line;

use crate::model::{LaidOut, ProseLine, RawTable};
use vocab::Vocabulary;

/// Tolerances of reading-order recovery, in one place.
#[derive(Debug, Clone)]
pub struct Settings {
    /// A title line is at most this many characters.
    pub max_title_chars: usize,
    /// A wrapped cell's next piece may be this much wider (display width,
    /// CJK = 2) than its first piece and still continue it.
    pub wrap_tolerance: usize,
    /// A wrapped piece narrower than the first piece by more than this is
    /// the cell's last piece.
    pub wrap_end_slack: usize,
    /// A word wider than this cannot be a header word: the line is data.
    pub max_header_word_width: usize,
    /// A header is at most this many lines.
    pub max_header_lines: usize,
    /// Lines searched ahead for the amounts of a label printed alone in a
    /// two-part table.
    pub wrap_lookahead: usize,
    /// Lines after a title searched for its caption or header.
    pub title_lookahead: usize,
    /// Lines printing two labelled parts needed to read a table without a
    /// telling header as two tables side by side.
    pub min_two_part_lines: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_title_chars: 48,
            wrap_tolerance: 0,
            wrap_end_slack: 4,
            max_header_word_width: 26,
            max_header_lines: 120,
            min_two_part_lines: 3,
            title_lookahead: 4,
            wrap_lookahead: 8,
        }
    }
}

/// Recover prose and tables from reading-order text.
pub fn recover(text: &str) -> LaidOut {
    recover_with(text, &Settings::default())
}

pub fn recover_with(text: &str, s: &Settings) -> LaidOut {
    let v = vocab::get();
    let lines = split_title_captions(lines(text), s, v);
    let titles = find_titles(&lines, s, v);
    let mut out = LaidOut::default();
    let prose_end = titles.first().copied().unwrap_or(lines.len());
    push_prose(&mut out, lines.get(..prose_end).unwrap_or(&[]));
    for (k, &t) in titles.iter().enumerate() {
        let end = titles.get(k + 1).copied().unwrap_or(lines.len());
        let (Some(title), Some(body)) = (lines.get(t), lines.get(t + 1..end)) else {
            continue;
        };
        let (table, warnings, taken, withheld) = tables::build(title, body, s, v);
        if withheld {
            // The table's arithmetic refutes the column order, or every
            // figure it printed was left out: its figures are left out (with
            // the warnings), and its lines are no prose.
            out.warnings.extend(warnings);
            push_prose(&mut out, body.get(taken..).unwrap_or(&[]));
            continue;
        }
        let figures = table
            .rows
            .iter()
            .flat_map(|r| r.cells.iter())
            .any(|c| tokens::is_amount(c));
        if !figures && table.notes.is_empty() {
            // A title without a table (a list of tables, a heading): prose.
            push_prose(&mut out, lines.get(t..end).unwrap_or(&[]));
            continue;
        }
        out.warnings.extend(warnings);
        match out.tables.last_mut() {
            Some(prev) if continues_table(prev, &table) => merge_into(prev, table),
            _ => out.tables.push(table),
        }
        push_prose(&mut out, body.get(taken..).unwrap_or(&[]));
    }
    out
}

/// A table printed again under the same title (or `…（续）`, `续表`) on the
/// next pages is the same table.
fn continues_table(prev: &RawTable, next: &RawTable) -> bool {
    let key = |t: &RawTable| {
        let title = t.title.as_deref().unwrap_or("");
        let mut k: String = title.chars().filter(|c| !c.is_whitespace()).collect();
        for mark in ["（续表）", "(续表)", "（续）", "(续)", "续表"] {
            k = k.replace(mark, "");
        }
        k
    };
    let same_title = key(prev) == key(next) && !key(prev).is_empty();
    let same_header = next.columns.is_empty() || next.columns == prev.columns;
    let adjacent = match (prev.pages.last(), next.pages.first()) {
        (Some(a), Some(b)) => b <= &(a + 1),
        _ => true,
    };
    same_title && same_header && adjacent && prev.notes.is_empty()
}

fn merge_into(prev: &mut RawTable, next: RawTable) {
    prev.rows.extend(next.rows);
    prev.notes.extend(next.notes);
    prev.pages.extend(next.pages);
    prev.pages.sort_unstable();
    prev.pages.dedup();
}

fn push_prose(out: &mut LaidOut, lines: &[Line]) {
    out.prose.extend(lines.iter().map(|l| ProseLine {
        page: l.page,
        text: l.text.trim().to_string(),
    }));
}

/// Non-blank lines with their 1-based page (form feeds separate pages).
pub fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    for (p, page) in text.split('\x0c').enumerate() {
        for l in page.lines() {
            if !l.trim().is_empty() {
                out.push(Line {
                    page: p as u32 + 1,
                    text: l.trim_end().to_string(),
                });
            }
        }
    }
    out
}

/// A title and its caption printed on one line (`2021年部门支出总表
/// 单位：万元`) become two lines.
fn split_title_captions(lines: Vec<Line>, s: &Settings, v: &Vocabulary) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        let t = l.text.trim();
        let cut = t
            .char_indices()
            .filter(|&(i, c)| c.is_whitespace() && i > 0)
            .map(|(i, _)| i)
            .find(|&i| {
                t.get(i..)
                    .is_some_and(|rest| tables::is_caption(rest.trim(), v))
                    && t.get(..i).is_some_and(|head| is_title(head, s, v))
            });
        match cut.and_then(|i| Some((t.get(..i)?, t.get(i..)?))) {
            Some((head, rest)) => {
                out.push(Line {
                    page: l.page,
                    text: head.trim_end().to_string(),
                });
                out.push(Line {
                    page: l.page,
                    text: rest.trim().to_string(),
                });
            }
            None => out.push(l),
        }
    }
    out
}

/// Indices of the lines that title a table: short, no sentence punctuation
/// or colon, ending in 表 (optionally followed by a bracketed remark), and
/// naming budget matters.
pub fn find_titles(lines: &[Line], s: &Settings, v: &Vocabulary) -> Vec<usize> {
    lines
        .iter()
        .enumerate()
        .filter(|(i, l)| is_title(&l.text, s, v) && table_follows(lines, *i, s, v))
        .map(|(i, _)| i)
        .collect()
}

/// A title heads a table only when a caption or a header word follows
/// within a few lines: entries of a list of tables (目录) followed by prose
/// are no titles (else the last entry would swallow the prose).
fn table_follows(lines: &[Line], i: usize, s: &Settings, v: &Vocabulary) -> bool {
    lines.iter().skip(i + 1).take(s.title_lookahead).any(|l| {
        let t = l.text.trim();
        tables::is_caption(t, v)
            || tokens::words(t)
                .iter()
                .any(|w| Vocabulary::is_in(&v.terms, w))
    })
}

fn is_title(text: &str, s: &Settings, v: &Vocabulary) -> bool {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > s.max_title_chars {
        return false;
    }
    if t.chars()
        .any(|c| matches!(c, '：' | ':' | '，' | '。' | '；' | ','))
    {
        return false;
    }
    let core = strip_trailing_remark(t);
    v.title_suffixes.iter().any(|x| core.ends_with(x.as_str()))
        && v.title_keywords.iter().any(|k| core.contains(k.as_str()))
}

/// `…汇总表（按支出经济分类）` → `…汇总表`.
fn strip_trailing_remark(t: &str) -> &str {
    match t.rfind(['（', '(']) {
        Some(i) if t.ends_with('）') || t.ends_with(')') => t.get(..i).unwrap_or(t).trim_end(),
        _ => t,
    }
}

#[cfg(test)]
mod tests;
