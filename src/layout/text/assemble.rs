//! From a stream of events (prose lines, blank lines, table rows) to the
//! document: rows that follow each other form a table; the lines just above
//! give its title and captions; note lines just below give its notes;
//! everything else is prose.

use super::common::{Line, Settings, is_caption, is_note, is_title, normalize_label};
use super::grid::{self, GridOptions, GridRow};
use super::prose;
use crate::model::{LaidOut, ProseLine, RawTable};

/// What a layout family's reader sees in the text, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A line outside any table.
    Text(Line),
    /// A blank line (on this page).
    Blank(u32),
    /// A printed row of a table.
    Row(GridRow),
    /// The rows so far are the header (Markdown `|---|`).
    HeaderEnd,
    /// The current table ends here.
    Break,
}

struct Pending {
    title: Option<String>,
    caption: Vec<String>,
    rows: Vec<GridRow>,
    header_rows: Option<usize>,
    gap: bool,
}

/// Put the events of one text together. `aligned`: rows keep empty cells in
/// place (see [`GridOptions`]); then a blank line between two rows also
/// marks the place a row split over two pages continues. Where blank lines
/// separate every row (one cell per line), only a page break does.
pub fn assemble(events: Vec<Event>, aligned: bool, settings: &Settings) -> LaidOut {
    let mut out = LaidOut::default();
    let mut prose_lines: Vec<Line> = Vec::new();
    let mut table: Option<Pending> = None;
    let mut notes_open = false;
    for ev in events {
        match ev {
            Event::Text(line) => {
                if let Some(t) = table.take() {
                    close(t, aligned, settings, &mut out);
                    notes_open = true;
                }
                if notes_open && is_note(&line.text) {
                    if let Some(t) = out.tables.last_mut() {
                        t.notes.push(line.text.trim().to_string());
                        continue;
                    }
                }
                notes_open = false;
                prose_lines.push(line);
            }
            Event::Blank(page) => match table.as_mut() {
                Some(t) => t.gap = true,
                None => prose_lines.push(Line {
                    text: String::new(),
                    page,
                }),
            },
            Event::Row(mut row) => {
                notes_open = false;
                let t = table.get_or_insert_with(|| {
                    let (title, caption) = take_title(&mut prose_lines, settings);
                    out.prose.extend(prose::clean(&prose_lines, settings));
                    prose_lines.clear();
                    Pending {
                        title,
                        caption,
                        rows: Vec::new(),
                        header_rows: None,
                        gap: false,
                    }
                });
                let page_changed = t.rows.last().is_some_and(|r| r.page != row.page);
                row.after_break = (aligned && t.gap) || page_changed;
                t.gap = false;
                t.rows.push(row);
            }
            Event::HeaderEnd => {
                if let Some(t) = table.as_mut() {
                    t.header_rows = Some(t.rows.len());
                }
            }
            Event::Break => {
                if let Some(t) = table.take() {
                    close(t, aligned, settings, &mut out);
                }
            }
        }
    }
    if let Some(t) = table.take() {
        close(t, aligned, settings, &mut out);
    }
    out.prose.extend(prose::clean(&prose_lines, settings));
    out
}

/// Walk back over the lines above a table: caption lines (单位：元, 表 01)
/// are taken, the first other line is the title if it reads like one.
fn take_title(lines: &mut Vec<Line>, settings: &Settings) -> (Option<String>, Vec<String>) {
    let mut caption = Vec::new();
    let mut title = None;
    let mut seen = 0;
    let mut i = lines.len();
    let mut cut = lines.len();
    while i > 0 && seen < settings.caption_lookback {
        i -= 1;
        let Some(line) = lines.get(i) else { break };
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        seen += 1;
        if is_caption(text, settings) {
            caption.insert(0, text.to_string());
            cut = i;
        } else {
            if is_title(text, settings) {
                title = Some(normalize_label(text));
                cut = i;
            }
            break;
        }
    }
    // Keep whatever was not taken (blank lines above the title stay).
    lines.truncate(cut);
    (title, caption)
}

fn close(t: Pending, aligned: bool, settings: &Settings, out: &mut LaidOut) {
    let mut pages: Vec<u32> = t.rows.iter().map(|r| r.page).collect();
    pages.sort_unstable();
    pages.dedup();
    let name = t.title.clone().unwrap_or_else(|| "(untitled)".to_string());
    // A lone cell is a stray line, not a table.
    let cells: Vec<&String> = t
        .rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .filter(|c| !c.trim().is_empty())
        .collect();
    if t.rows.len() <= 1 && cells.len() <= 1 && t.header_rows.is_none() {
        let page = pages.first().copied().unwrap_or(1);
        if let Some(title) = t.title {
            out.prose.push(ProseLine { page, text: title });
        }
        for c in t.caption.iter().chain(cells) {
            out.prose.push(ProseLine {
                page,
                text: c.trim().to_string(),
            });
        }
        return;
    }
    let built = grid::build(
        t.rows,
        GridOptions {
            aligned,
            header_rows: t.header_rows,
        },
        settings,
        &name,
    );
    let mut caption = t.caption;
    caption.extend(built.caption);
    out.warnings.extend(built.warnings);
    out.tables.push(RawTable {
        title: t.title,
        caption,
        columns: built.columns,
        rows: built.rows,
        notes: built.notes,
        pages,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::common::split_lines;
    use crate::layout::text::tsv;

    #[test]
    fn title_caption_table_notes_prose() {
        let text = "说明文字。\n\n2021 年区级部门收支预算总表\n\n表 01\n\n部门名称：区医保分局 单位：元\n\n项目\t预算数\n合计\t10.00\n\n注：示例。\n后记。";
        let laid = assemble(tsv::events(&split_lines(text)), true, &Settings::default());
        assert_eq!(laid.tables.len(), 1);
        let t = &laid.tables[0];
        assert_eq!(t.title.as_deref(), Some("2021年区级部门收支预算总表"));
        assert_eq!(t.caption, vec!["表 01", "部门名称：区医保分局 单位：元"]);
        assert_eq!(t.columns, vec!["项目", "预算数"]);
        assert_eq!(t.notes, vec!["注：示例。"]);
        let prose: Vec<&str> = laid.prose.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(prose, vec!["说明文字。", "后记。"]);
    }
}
