//! One cell per line: every cell on a tab-indented line of its own (an
//! empty cell is a bare tab), rows separated by blank lines, prose and
//! titles on lines without the tab. A merged header cell is printed once, so
//! header rows are shorter than the table; the grid steps place them.

use super::assemble::Event;
use super::common::{Line, Settings, is_note, is_numeric, is_title, join_pieces};
use super::grid::GridRow;

/// Events of a one-cell-per-line text.
pub fn events(lines: &[Line], settings: &Settings) -> Vec<Event> {
    let mut out = Vec::new();
    let mut row: Option<GridRow> = None;
    for line in lines {
        let text = &line.text;
        if let Some(cell) = text.strip_prefix('\t') {
            let cell = cell.replace('\t', " ");
            match row.as_mut() {
                Some(r) => r.cells.push(cell),
                None => {
                    row = Some(GridRow {
                        cells: vec![cell],
                        page: line.page,
                        after_break: false,
                    })
                }
            }
            continue;
        }
        if text.trim().is_empty() {
            if let Some(r) = row.take() {
                out.push(Event::Row(r));
            }
            out.push(Event::Blank(line.page));
            continue;
        }
        // A line without the tab right after a cell continues that cell
        // (a cell printed over several lines), unless it is a note or a
        // title of its own.
        if let Some(r) = row.as_mut() {
            let last = r.cells.last_mut();
            if let Some(cell) = last {
                if !cell.trim().is_empty()
                    && !is_numeric(cell)
                    && !is_note(text)
                    && !is_title(text, settings)
                {
                    *cell = join_pieces(cell, text.trim());
                    continue;
                }
            }
        }
        if let Some(r) = row.take() {
            out.push(Event::Row(r));
        }
        out.push(Event::Text(line.clone()));
    }
    if let Some(r) = row.take() {
        out.push(Event::Row(r));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::common::split_lines;

    #[test]
    fn cells_rows_and_multi_line_cells() {
        let text = "标题表\n\t绩效目标\n\t1.对特困人员资助。\n2.减轻负担。\n\n\t一级指标\n\t\n\t指标值\n\n注：说明";
        let ev = events(&split_lines(text), &Settings::default());
        let rows: Vec<&GridRow> = ev
            .iter()
            .filter_map(|e| if let Event::Row(r) = e { Some(r) } else { None })
            .collect();
        assert_eq!(
            rows[0].cells,
            vec!["绩效目标", "1.对特困人员资助。2.减轻负担。"]
        );
        assert_eq!(rows[1].cells, vec!["一级指标", "", "指标值"]);
        assert!(matches!(ev.last(), Some(Event::Text(l)) if l.text == "注：说明"));
    }
}
