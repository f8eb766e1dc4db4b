//! Which layout family a text is in, decided once per document by counting
//! the kinds of lines it has.

use super::aligned::{self, Widths};
use super::common::{Line, Settings};
use super::tsv::pipe_cells;
use crate::amount;

/// The layout families of extracted text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Family {
    /// Prose (Markdown-like lists and headings), perhaps with pipe tables.
    Prose,
    /// One cell per tab-indented line, rows between blank lines.
    CellPerLine,
    /// One row per line, cells between tabs.
    Tsv,
    /// A PDF text extractor's reading order: table cells spread over lines.
    ReadingOrder,
    /// Cells set in columns with spaces (`pdftotext -layout`), read on a
    /// character grid by the geometric layout.
    Aligned(Widths),
}

/// How many lines of each kind a text has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// `\tcell`: a single tab-indented cell.
    pub one_cell: usize,
    /// Two or more tab-separated cells.
    pub multi_cell: usize,
    /// `| a | b |`.
    pub pipe: usize,
    /// Several bare amounts on one line, or an amount alone: a table
    /// printed in reading order.
    pub reading_order: usize,
}

pub fn count(lines: &[Line]) -> Counts {
    let mut c = Counts::default();
    for line in lines {
        let t = &line.text;
        let tabs = t.matches('\t').count();
        if tabs == 1 && t.starts_with('\t') {
            c.one_cell += 1;
        } else if tabs >= 1 {
            c.multi_cell += 1;
        } else if pipe_cells(t).is_some_and(|cells| cells.len() >= 2) {
            c.pipe += 1;
        } else {
            let bare = bare_amounts(t);
            let alone = bare == 1 && t.split_whitespace().count() == 1;
            if bare >= 2 || alone {
                c.reading_order += 1;
            }
        }
    }
    c
}

/// Amounts with a decimal point or thousands separator that no unit follows
/// (`2,081.40 一、基本支出 130.84`, not `1682.24 万元`).
fn bare_amounts(t: &str) -> usize {
    let tokens: Vec<&str> = t.split_whitespace().collect();
    tokens
        .iter()
        .enumerate()
        .filter(|(i, tok)| {
            let looks = (tok.contains('.') || tok.contains(',')) && amount::is_amount(tok);
            let unit = tokens
                .get(i + 1)
                .is_some_and(|n| n.starts_with(['万', '元', '亿', '千', '%', '％', '人', '个']));
            looks && !unit
        })
        .count()
}

/// Decide the family of a document.
pub fn detect(lines: &[Line], settings: &Settings) -> Family {
    let c = count(lines);
    if c.one_cell + c.multi_cell >= settings.min_tab_lines {
        return if c.one_cell > c.multi_cell {
            Family::CellPerLine
        } else {
            Family::Tsv
        };
    }
    // Before reading order: a pdftotext -layout table also has several bare
    // amounts per line, but its columns line up from line to line.
    if let Some(w) = aligned::detect(lines, settings) {
        return Family::Aligned(w);
    }
    if c.reading_order >= settings.min_reading_order_lines && c.reading_order > c.pipe {
        return Family::ReadingOrder;
    }
    Family::Prose
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::common::split_lines;

    fn family(s: &str) -> Family {
        detect(&split_lines(s), &Settings::default())
    }

    #[test]
    fn families_from_line_kinds() {
        assert_eq!(
            family("标题\n\t序号\n\t收入\n\n\t1\n\t10.00\n"),
            Family::CellPerLine
        );
        assert_eq!(family("项目\t金额\n合计\t1.00\n\t\t\n"), Family::Tsv);
        assert_eq!(
            family("# 说明\n\n- 一、收入 1682.24 万元。\n"),
            Family::Prose
        );
        let ro =
            "一、一般公共预算 2,081.40 一、基本支出 130.84 130.84\n".repeat(3) + "1.00\n2.00\n";
        assert_eq!(family(&ro), Family::ReadingOrder);
    }
}
