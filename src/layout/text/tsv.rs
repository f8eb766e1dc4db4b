//! Tab-separated text: one printed row per line, cells between tabs, empty
//! cells kept. A cell that wrapped (or a row split over two pages) comes
//! back as a line of its own with only the wrapped cells filled; the grid
//! steps join it. Also the cell splitting of Markdown pipe rows.

use super::assemble::Event;
use super::common::{Line, is_integer, is_numeric, is_table_number, is_toc_heading};
use super::grid::GridRow;

/// Events of a tab-separated text. A table of contents (`收支预算总表 \t 公开
/// 01 表`) is prose, not a table.
pub fn events(lines: &[Line]) -> Vec<Event> {
    let mut out = Vec::new();
    let mut in_toc = false;
    let mut last_width: Option<usize> = None;
    for line in lines {
        let text = &line.text;
        if text.trim().is_empty() {
            out.push(Event::Blank(line.page));
            continue;
        }
        if !text.contains('\t') {
            in_toc = is_toc_heading(text);
            last_width = None;
            out.push(Event::Text(line.clone()));
            continue;
        }
        let cells: Vec<String> = text.split('\t').map(|c| c.to_string()).collect();
        let toc = toc_entry(&cells).or_else(|| if in_toc { page_entry(&cells) } else { None });
        if let Some(t) = toc {
            out.push(Event::Text(Line {
                text: t,
                page: line.page,
            }));
            continue;
        }
        in_toc = false;
        // A new width with a header-like row starts a new table even without
        // a title between.
        if last_width.is_some_and(|w| w != cells.len()) && !cells.iter().any(|c| is_numeric(c)) {
            out.push(Event::Break);
        }
        last_width = Some(cells.len());
        out.push(Event::Row(GridRow {
            cells,
            page: line.page,
            after_break: false,
        }));
    }
    out
}

/// A table-of-contents entry: a title and a table number (`公开 01 表`,
/// `表 3`); returned as one prose line.
pub fn toc_entry(cells: &[String]) -> Option<String> {
    let filled: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    match filled.as_slice() {
        [.., last]
            if filled.len() >= 2
                && filled.len() <= 3
                && is_table_number(last)
                && !is_numeric(filled[0]) =>
        {
            Some(filled.join(" "))
        }
        _ => None,
    }
}

/// Under a 目录 heading: a title and its page number.
fn page_entry(cells: &[String]) -> Option<String> {
    let filled: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    match filled.as_slice() {
        [title, page] if is_integer(page) && !is_numeric(title) => Some(filled.join(" ")),
        _ => None,
    }
}

/// The cells of a Markdown pipe row (`| a | b |`), or `None`.
pub fn pipe_cells(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    let inner = t.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    if !t.ends_with('|') && !inner.contains('|') {
        return None;
    }
    Some(inner.split('|').map(|c| c.trim().to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::common::split_lines;

    #[test]
    fn toc_lines_are_prose() {
        let ev = events(&split_lines(
            "目录\n收支预算总表\t公开 01 表\n一般公共预算支出表\t公开 03 表\n\n表一\n项目\t金额\n合计\t1.00",
        ));
        let texts = ev.iter().filter(|e| matches!(e, Event::Text(_))).count();
        let rows = ev.iter().filter(|e| matches!(e, Event::Row(_))).count();
        assert_eq!((texts, rows), (4, 2));
    }

    #[test]
    fn pipe_rows() {
        assert_eq!(
            pipe_cells("| a | b |"),
            Some(vec!["a".to_string(), "b".to_string()])
        );
        assert_eq!(pipe_cells("a | b"), None);
    }
}
