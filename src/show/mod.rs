//! Visual evidence: pictures (SVG, drawn by yusuan itself) of what it read
//! on a page — a table with its column keys, rows and cells, and for a
//! failing check the cell most likely wrong in red, the other cells it
//! blames, the figure it compared and the cells a failing sum adds.
//!
//! The pages come from the same run that produced the document
//! ([`crate::pipeline::process_keeping_pages`]: PDF glyphs, OCR words, or
//! a text input on its character grid); [`locate`] finds the canonical rows
//! on them, [`draw`] draws, [`page_html`] writes `yusuan show`'s page.

pub mod draw;
pub mod evidence;
pub mod locate;
pub mod page_html;

use crate::layout::geometric::Settings;
use crate::model::{CanonicalDocument, Check, CheckRow, Page, Row, Table};
use draw::{Mark, Overlay, Panel};
use locate::{Bbox, CellPlace, PageLine, Placement};

/// Characters of a quote that must be found together on one line to mark it.
const MIN_QUOTE_PIECE: usize = 6;
/// Lines below a table's title searched for its figures when none of its
/// rows could be placed (rows without a label).
const UNPLACED_TABLE_LINES: usize = 30;
/// Lines of context shown around a figure in prose.
const PROSE_CONTEXT_LINES: usize = 3;
/// Room above a table's first row for its header, when the title is not
/// found on the page, in points.
const HEADER_ROOM: f32 = 60.0;

/// The pages a document was read from, each with its lines, ready to draw.
#[derive(Debug)]
pub struct Sheets {
    pages: Vec<Page>,
    /// A page's lines, formed the first time the page is drawn: a failing
    /// check draws one or two pages of a document of forty.
    lines: Vec<std::sync::OnceLock<Vec<PageLine>>>,
    settings: Settings,
}

impl Sheets {
    pub fn new(pages: Vec<Page>, s: &Settings) -> Sheets {
        let lines = pages.iter().map(|_| std::sync::OnceLock::new()).collect();
        Sheets {
            pages,
            lines,
            settings: s.clone(),
        }
    }
    fn get(&self, number: u32) -> Option<(&Page, &[PageLine])> {
        let i = self.pages.iter().position(|p| p.number == number)?;
        let page = &self.pages[i];
        let lines = self.lines[i].get_or_init(|| locate::page_lines(page, &self.settings));
        Some((page, lines))
    }
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }
}

/// Where a table's rows are on one page, and the region to draw.
struct TableView<'a> {
    page: &'a Page,
    lines: &'a [PageLine],
    placement: Placement,
    region: Bbox,
}

fn table_view<'a>(sheets: &'a Sheets, t: &Table, page: u32) -> Option<TableView<'a>> {
    let (pg, lines) = sheets.get(page)?;
    let placement = locate::place_table(t, page, lines);
    let mut region: Option<Bbox> = None;
    for r in &placement.rows {
        let b = lines[r.line].bbox;
        region = Some(region.map_or(b, |g| g.union(b)));
    }
    let mut region = match region {
        Some(r) => r,
        // no row placed (rows without labels): the lines under the title
        None => {
            let (li, _) = locate::find_text(lines, t.title.as_deref()?, None)?;
            let hi = (li + UNPLACED_TABLE_LINES).min(lines.len().saturating_sub(1));
            let r = lines[li..=hi].iter().map(|l| l.bbox).reduce(Bbox::union)?;
            return Some(TableView {
                page: pg,
                lines,
                placement,
                region: r,
            });
        }
    };
    // the header above the first row: from the title when it is printed on
    // this page above the rows, else a fixed room
    let title_top = t
        .title
        .as_deref()
        .and_then(|ti| locate::find_text(lines, ti, None))
        .map(|(li, _)| lines[li].bbox.top)
        .filter(|&top| top < region.top && region.top - top < 4.0 * HEADER_ROOM);
    region.top = title_top.unwrap_or((region.top - HEADER_ROOM).max(0.0));
    for l in lines {
        if l.bbox.top >= region.top && l.bbox.bottom <= region.bottom {
            region = region.union(l.bbox);
        }
    }
    Some(TableView {
        page: pg,
        lines,
        placement,
        region,
    })
}

fn row_index(t: &Table, r: &CheckRow, page: Option<u32>) -> Option<usize> {
    let hits: Vec<usize> = t
        .rows
        .iter()
        .enumerate()
        .filter(|(_, x)| same_row(x, r) && page.is_none_or(|p| x.page == p))
        .map(|(i, _)| i)
        .collect();
    match hits.as_slice() {
        [i] => Some(*i),
        // a row without label in a one-row table is that row
        [] if r.code.is_none() && r.name.is_none() && t.rows.len() == 1 => Some(0),
        _ => hits.first().copied().filter(|_| r.code.is_some()),
    }
}

/// The rows a cell reference may mean: one, or — when the label is printed
/// on several rows (总计 on both sides of a two-sided table) — those whose
/// cell holds the referenced value, all of them (the reference cannot tell
/// them apart, so each is shown).
fn rows_of(
    t: &Table,
    r: &CheckRow,
    page: Option<u32>,
    column: &str,
    value: Option<&str>,
) -> Vec<usize> {
    let hits: Vec<usize> = t
        .rows
        .iter()
        .enumerate()
        .filter(|(_, x)| same_row(x, r) && page.is_none_or(|p| x.page == p))
        .map(|(i, _)| i)
        .collect();
    if hits.len() <= 1 {
        return row_index(t, r, page).into_iter().collect();
    }
    let want = value.and_then(crate::amount::decimal);
    hits.into_iter()
        .filter(|&i| {
            want.is_none()
                || value_of(t, i, column).and_then(|v| crate::amount::decimal(&v)) == want
        })
        .collect()
}

fn same_row(x: &Row, r: &CheckRow) -> bool {
    (r.code.is_some() || r.name.is_some()) && x.code == r.code && x.name == r.name
}

fn label_of(r: &CheckRow) -> String {
    [r.code.as_deref(), r.name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An overlay for the cell (row, column) of the view, if it was placed.
fn cell_overlay(
    v: &TableView,
    t: &Table,
    row: usize,
    column: &str,
    mark: Mark,
    label: Option<String>,
) -> Option<Overlay> {
    let place = v.placement.cell(row, column)?;
    let (bbox, not_printed) = match place {
        CellPlace::Printed(b) => (*b, false),
        CellPlace::NotOnRow(Some(b)) => (*b, true),
        CellPlace::NotOnRow(None) => return None,
    };
    let r = &t.rows[row];
    let label = label.map(|l| {
        if not_printed {
            format!("{l} (not printed on this row)")
        } else {
            l
        }
    });
    Some(Overlay {
        bbox,
        mark,
        label,
        data: vec![
            (
                "row",
                label_of(&CheckRow {
                    code: r.code.clone(),
                    name: r.name.clone(),
                }),
            ),
            ("column", column.to_string()),
            ("page", r.page.to_string()),
        ],
        not_printed,
    })
}

fn value_of(t: &Table, row: usize, column: &str) -> Option<String> {
    t.rows[row]
        .values
        .iter()
        .find(|(k, _)| k == column)
        .map(|(_, v)| v.clone())
}

fn table_panel<'a>(
    v: &'a TableView,
    t: &Table,
    caption: String,
    overlays: Vec<Overlay>,
) -> Panel<'a> {
    let keys = v.placement.bands.clone();
    let mut all = overlays;
    for r in &v.placement.rows {
        for b in &r.unplaced {
            all.push(Overlay {
                bbox: *b,
                mark: Mark::Unplaced,
                label: None,
                data: vec![("page", v.page.number.to_string())],
                not_printed: false,
            });
        }
        for k in &t.rows[r.row].unread {
            if let Some(o) =
                cell_overlay(v, t, r.row, k, Mark::Unplaced, Some(format!("{k}: unread")))
            {
                all.push(o);
            }
        }
    }
    Panel {
        page: v.page,
        lines: v.lines,
        region: v.region,
        caption,
        keys,
        rows: v
            .placement
            .rows
            .iter()
            .map(|r| v.lines[r.line].bbox)
            .collect(),
        overlays: all,
    }
}

fn table_caption(t: &Table, page: u32, v: &TableView) -> String {
    let mut c = format!(
        "{} {} · p. {page} · {} of {} rows placed",
        t.id,
        t.title.as_deref().unwrap_or("(no title)"),
        v.placement.rows.len(),
        v.placement.rows.len() + v.placement.missing.len()
    );
    if let Some(tpl) = &t.template {
        c.push_str(&format!(" · {tpl}"));
    }
    c
}

/// The picture of one table on one page: every cell placed, column keys
/// above the columns, unplaced and unread amounts marked.
pub fn table_svg(sheets: &Sheets, t: &Table, page: u32) -> Option<String> {
    let v = table_view(sheets, t, page)?;
    let cap = table_caption(t, page, &v);
    let p = table_panel(&v, t, cap.clone(), Vec::new());
    Some(draw::svg(&[p], &cap))
}

/// The first «quote» of a message.
fn quote_of(message: &str) -> Option<&str> {
    let a = message.find('«')? + '«'.len_utf8();
    let b = message[a..].find('»')? + a;
    Some(&message[a..b])
}

/// A panel of prose around `needle` (marked `mark`) on `page`.
fn prose_panel<'a>(
    sheets: &'a Sheets,
    page: u32,
    needle: &str,
    near: Option<&str>,
    mark: Mark,
    label: String,
) -> Option<Panel<'a>> {
    let (pg, lines) = sheets.get(page)?;
    let (li, b) = locate::find_text(lines, needle, near)?;
    let lo = li.saturating_sub(PROSE_CONTEXT_LINES);
    let hi = (li + PROSE_CONTEXT_LINES).min(lines.len() - 1);
    let region = lines[lo..=hi]
        .iter()
        .map(|l| l.bbox)
        .reduce(Bbox::union)
        .unwrap_or(b);
    Some(Panel {
        page: pg,
        lines,
        region,
        caption: format!("p. {page} · prose"),
        keys: Vec::new(),
        rows: Vec::new(),
        overlays: vec![Overlay {
            bbox: b,
            mark,
            label: Some(label),
            data: vec![("page", page.to_string())],
            not_printed: false,
        }],
    })
}

/// What a check's picture shows: the SVG and the pages it draws.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckPicture {
    pub svg: String,
    pub pages: Vec<u32>,
    /// The cell most likely wrong (or the printed figure in prose) is marked.
    pub blamed_marked: bool,
}

/// The picture of a failing check: its table with the blamed cells, the
/// cell it checked and the cells a sum adds; the prose it quotes, with the
/// printed figure marked. `None` when nothing of it can be placed.
pub fn check_svg(doc: &CanonicalDocument, sheets: &Sheets, c: &Check) -> Option<CheckPicture> {
    let mut panels: Vec<Panel> = Vec::new();
    let mut blamed_marked = false;
    let table_id = c
        .blame
        .first()
        .map(|b| b.table.as_str())
        .or(c.table.as_deref());
    let table = table_id.and_then(|id| doc.tables.iter().find(|t| t.id == id));
    let mut views: Vec<(TableView, Vec<Overlay>, &Table)> = Vec::new();
    if let Some(t) = table {
        // the blamed cell's page, else the checked row's, else the table's first
        let checked_row = c.row.as_ref().and_then(|r| row_index(t, r, None));
        let page = c
            .blame
            .first()
            .and_then(|b| b.page)
            .or_else(|| checked_row.map(|i| t.rows[i].page))
            .or_else(|| t.pages.first().copied());
        if let Some(v) = page.and_then(|p| table_view(sheets, t, p)) {
            let mut ov: Vec<Overlay> = Vec::new();
            let mut marked: Vec<(usize, String)> = Vec::new();
            for (k, b) in c.blame.iter().enumerate().filter(|(_, b)| b.table == t.id) {
                for ri in rows_of(t, &b.row, b.page, &b.column, b.value.as_deref()) {
                    let mark = if k == 0 { Mark::Blamed } else { Mark::Suspect };
                    let label = (k == 0)
                        .then(|| format!("{} = {}", b.column, b.value.clone().unwrap_or_default()));
                    if let Some(o) = cell_overlay(&v, t, ri, &b.column, mark, label) {
                        blamed_marked |= k == 0;
                        ov.push(o);
                        marked.push((ri, b.column.clone()));
                    }
                }
            }
            // the checked cell (a printed total, or the cell prose is compared with)
            if let (Some(ri), Some(col)) = (checked_row, c.column.as_deref())
                && !marked.iter().any(|(r, k)| *r == ri && k == col)
            {
                let mark = if c.blame.is_empty() {
                    Mark::Blamed
                } else {
                    Mark::Checked
                };
                let label = Some(format!(
                    "{col} = {}",
                    value_of(t, ri, col).unwrap_or_else(|| "(blank)".into())
                ));
                if let Some(o) = cell_overlay(&v, t, ri, col, mark, label) {
                    blamed_marked |= mark == Mark::Blamed;
                    ov.push(o);
                    marked.push((ri, col.to_string()));
                }
            }
            // the cells a failing sum of children adds
            if c.rule == "children_sum"
                && let (Some(ri), Some(col)) = (checked_row, c.column.as_deref())
            {
                for ci in children(t, ri) {
                    if marked.iter().any(|(r, k)| *r == ci && k == col) {
                        continue;
                    }
                    if let Some(o) = cell_overlay(&v, t, ci, col, Mark::Component, None) {
                        ov.push(o);
                    }
                }
            }
            // a cell-level check whose row has no label: the printed figure
            if !blamed_marked
                && c.blame.is_empty()
                && let Some(a) = c.actual.as_deref()
                && locate::amount_of(a).is_some_and(|x| !x.is_zero())
            {
                let inside: Vec<PageLine> = v
                    .lines
                    .iter()
                    .filter(|l| l.bbox.top >= v.region.top && l.bbox.bottom <= v.region.bottom)
                    .cloned()
                    .collect();
                let hits: Vec<Bbox> = inside
                    .iter()
                    .flat_map(|l| l.words.iter())
                    .filter(|w| locate::amount_of(&w.text) == locate::amount_of(a))
                    .map(|w| w.bbox)
                    .collect();
                if let [b] = hits.as_slice() {
                    ov.push(Overlay {
                        bbox: *b,
                        mark: Mark::Blamed,
                        label: Some(format!("{} = {a}", c.column.clone().unwrap_or_default())),
                        data: vec![
                            ("column", c.column.clone().unwrap_or_default()),
                            ("page", v.page.number.to_string()),
                        ],
                        not_printed: false,
                    });
                    blamed_marked = true;
                }
            }
            views.push((v, ov, t));
        }
    }
    // the prose a check quotes, on the check's page when it is not the table's
    let table_pages: Vec<u32> = views.iter().map(|(v, _, _)| v.page.number).collect();
    let mut prose: Option<Panel> = None;
    if let (Some(p), Some(q)) = (c.page, quote_of(&c.message))
        && !table_pages.contains(&p)
    {
        // the prose is what is shown as wrong when no cell of the table
        // could be marked (a note naming another table, a blank cell)
        let mark = if table.is_none() || !blamed_marked {
            Mark::Blamed
        } else {
            Mark::Checked
        };
        // the printed figure inside the quote, else the quote itself
        // (a signed change is printed as 减少1.10%: the figure without its sign)
        let figure = c
            .actual
            .as_deref()
            .into_iter()
            .flat_map(|a| [a, a.trim_start_matches(['+', '-', '−'])])
            .find(|a| mark == Mark::Blamed && !a.is_empty() && q.contains(*a));
        prose = match figure {
            Some(f) => prose_panel(sheets, p, f, Some(q), mark, format!("printed {f}")),
            None => None,
        }
        .or_else(|| {
            // the quote may wrap over lines: its longest piece found
            locate::excerpt_pieces(q)
                .into_iter()
                .filter(|x| x.chars().count() >= MIN_QUOTE_PIECE)
                .find_map(|x| prose_panel(sheets, p, &x, None, mark, "quoted".into()))
        });
        if prose.is_some() && mark == Mark::Blamed {
            blamed_marked = true;
        }
    }
    for (v, ov, t) in &views {
        let cap = format!("{} · {}", table_caption(t, v.page.number, v), c.rule);
        panels.push(table_panel(v, t, cap, ov.clone()));
    }
    panels.extend(prose);
    if panels.is_empty() {
        return None;
    }
    let pages = panels.iter().map(|p| p.page.number).collect();
    let title = format!("{}: {}", c.rule, c.message);
    Some(CheckPicture {
        svg: draw::svg(&panels, &title),
        pages,
        blamed_marked,
    })
}

/// Rows printed under `parent` whose code extends its code (its children
/// and their children), in order, up to the next row that does not.
fn children(t: &Table, parent: usize) -> Vec<usize> {
    let Some(code) = t.rows[parent].code.as_deref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut shortest: Option<usize> = None;
    for (i, r) in t.rows.iter().enumerate().skip(parent + 1) {
        let Some(rc) = r.code.as_deref() else { break };
        if !(rc.starts_with(code) && rc.len() > code.len()) {
            break;
        }
        // direct children: the shortest codes under the parent
        if shortest.is_none_or(|s| rc.len() < s) {
            shortest = Some(rc.len());
            out.clear();
        }
        if Some(rc.len()) == shortest {
            out.push(i);
        }
    }
    out
}

/// A link from a file in `from_dir` to `target` (both taken from the
/// current folder when relative): a relative path when they share a root,
/// else an absolute `file://` URL. Characters a URL cannot hold are escaped.
pub fn relative_href(from_dir: &std::path::Path, target: &std::path::Path) -> String {
    use std::path::{Component, Path, PathBuf};
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // lexical normalisation (`a/../b` → `b`), without touching the disk
        let mut out = PathBuf::new();
        for c in p.components() {
            match c {
                Component::ParentDir => {
                    out.pop();
                }
                Component::CurDir => {}
                c => out.push(c.as_os_str()),
            }
        }
        out
    };
    let (from, to) = (abs(from_dir), abs(target));
    let fc: Vec<_> = from.components().collect();
    let tc: Vec<_> = to.components().collect();
    let common = fc.iter().zip(&tc).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = Vec::new();
    if common == 0 {
        return format!("file://{}", url_escape(&to.to_string_lossy()));
    }
    for _ in common..fc.len() {
        parts.push("..".into());
    }
    for c in &tc[common..] {
        parts.push(c.as_os_str().to_string_lossy().into_owned());
    }
    url_escape(&parts.join("/"))
}

/// Percent-escape what cannot stand in a URL path (spaces, `#`, `%`, `?`,
/// quotes); Chinese letters stay as they are (browsers take UTF-8 paths).
fn url_escape(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars() {
        match c {
            ' ' | '#' | '%' | '?' | '"' | '<' | '>' | '\\' => {
                let mut b = [0u8; 4];
                for x in c.encode_utf8(&mut b).bytes() {
                    o.push_str(&format!("%{x:02X}"));
                }
            }
            c => o.push(c),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn links_are_relative_to_the_report_folder() {
        assert_eq!(
            relative_href(Path::new("/a/out"), Path::new("/a/real/x y.pdf")),
            "../real/x%20y.pdf"
        );
        assert_eq!(
            relative_href(Path::new("/a/out/"), Path::new("/a/out/../b.pdf")),
            "../b.pdf"
        );
    }
}
