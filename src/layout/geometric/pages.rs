//! Across pages: page furniture (page numbers, running headers/footers),
//! two tables side by side that are one, and tables continued on the next
//! page (with or without a repeated header) that are one.

use super::draft::{Draft, DraftRow, is_number};
use super::settings::Settings;
use super::tables::{PageLayout, Placed};
use super::vocab::{squeeze, vocab};
use super::words::{TextLine, push_piece};
use crate::codes;
use crate::model::{Placement, RawRow, RawTable};
use std::collections::HashMap;

/// `12`, `- 12 -`, `—12—`, `第 12 页`, `第12页 共30页`, `12/30`, `Page 3`.
pub fn is_page_number(text: &str) -> bool {
    let s: String = squeeze(text)
        .chars()
        .filter(|c| !matches!(c, '-' | '—' | '–' | '－' | '·' | '•'))
        .collect();
    if s.is_empty() {
        return false;
    }
    let digits_only = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    if digits_only(&s) && s.len() <= 4 {
        return true;
    }
    if let Some((a, b)) = s.split_once('/') {
        return digits_only(a) && digits_only(b);
    }
    let lower = s.to_lowercase();
    if let Some(rest) = lower.strip_prefix("page") {
        return digits_only(rest);
    }
    if let Some(rest) = s.strip_prefix('第') {
        let (n, tail) = rest.split_once('页').unwrap_or((rest, "x"));
        let tail_ok = tail.is_empty()
            || tail
                .strip_prefix('共')
                .and_then(|t| t.strip_suffix('页'))
                .is_some_and(digits_only);
        return digits_only(n) && tail_ok;
    }
    false
}

/// A line is tucked against another (lines of one wrapped cell) when its
/// left edge is within this many em of the other's and their baselines at
/// most [`WRAP_PITCH_EM`] em apart.
const WRAP_ALIGN_EM: f32 = 0.5;
const WRAP_PITCH_EM: f32 = 1.5;

/// For each page, which of its lines are furniture: a page number in the
/// top or bottom margin band, or a margin line that (digits aside) repeats
/// on many pages. A caption (`编制部门：… 单位：元`) or title printed in
/// the band above every table repeats too, but belongs to its table.
pub fn furniture(pages: &[(f32, Vec<TextLine>)], s: &Settings) -> Vec<Vec<bool>> {
    let v = vocab();
    let in_band = |h: f32, l: &TextLine| {
        (l.y < h * s.margin_band || l.y > h * (1.0 - s.margin_band))
            && !v.is_caption(&l.text)
            && !v.is_title(&l.text)
    };
    let key = |l: &TextLine| -> String {
        squeeze(&l.text)
            .chars()
            .filter(|c| !c.is_ascii_digit())
            .collect()
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (h, lines) in pages {
        let mut seen: Vec<String> = lines.iter().filter(|l| in_band(*h, l)).map(key).collect();
        seen.sort();
        seen.dedup();
        for k in seen {
            *counts.entry(k).or_default() += 1;
        }
    }
    let min_repeat = ((pages.len() as f32 * s.running_repeat_ratio).ceil() as usize).max(3);
    // digits set tight over or under another line and aligned with its
    // left edge are a line of a code wrapped in a table's narrow column
    // (`3020` over `7` at the foot of the page), not a page number: a page
    // number stands apart from the body
    let tucked = |lines: &[TextLine], l: &TextLine| {
        let em = l.size.max(1.0);
        lines.iter().any(|o| {
            !std::ptr::eq(o, l)
                && (o.x0 - l.x0).abs() <= WRAP_ALIGN_EM * em
                && (l.y - o.y).abs() <= WRAP_PITCH_EM * em
        })
    };
    pages
        .iter()
        .map(|(h, lines)| {
            lines
                .iter()
                .map(|l| {
                    in_band(*h, l)
                        && ((is_page_number(&l.text) && !tucked(lines, l))
                            || counts
                                .get(&key(l))
                                .is_some_and(|&n| n >= min_repeat && !key(l).is_empty()))
                })
                .collect()
        })
        .collect()
}

/// Two tables side by side on one page (their vertical extents overlap),
/// the right one without a title of its own, with the same number of
/// columns: one table, left rows first.
pub fn join_side_by_side(tables: Vec<Placed>) -> Vec<Placed> {
    let mut out: Vec<Placed> = Vec::with_capacity(tables.len());
    for t in tables {
        if let Some(prev) = out.iter_mut().rev().find(|p| {
            p.draft.x1 <= t.draft.x0 + 1.0
                && p.draft.top < t.draft.bottom
                && t.draft.top < p.draft.bottom
                && p.draft.columns.len() == t.draft.columns.len()
        }) && t.title.is_none()
        {
            prev.draft.rows.extend(t.draft.rows);
            prev.notes.extend(t.notes);
            prev.draft.bottom = prev.draft.bottom.max(t.draft.bottom);
            prev.draft.x1 = t.draft.x1;
            continue;
        }
        out.push(t);
    }
    out
}

/// One drawn table whose header repeats the same columns twice (economic
/// classes 301/302 left, 303/310 right): on each page, the rows of the left
/// half, then those of the right half, under the left half's header (its
/// leaves when the halves have different parents, 人员经费 | 公用经费). Needs
/// a code in each half so that a two-sided 收支总表 (项目 预算数 项目 预算数)
/// is not folded: templates tell its sides apart. Runs after stitching, so
/// continuation pages without a header fold too.
pub fn fold_halves(mut t: RawTable) -> RawTable {
    let n = t.columns.len();
    if n < 4 || !n.is_multiple_of(2) {
        return t;
    }
    let half = n / 2;
    let cols = &t.columns;
    let leaf = |c: &String| c.rsplit('/').next().unwrap_or("").to_string();
    let leaves: Vec<String> = cols.iter().map(leaf).collect();
    if leaves[..half] != leaves[half..] || leaves[..half].iter().all(|c| c.is_empty()) {
        return t;
    }
    // halves under different parents (人员经费 | 公用经费) keep the leaves
    let folded: Vec<String> = if cols[..half] == cols[half..] {
        cols[..half].to_vec()
    } else {
        leaves[..half].to_vec()
    };
    // a code in the half's first column (an amount column of a two-sided
    // table may hold a 6-digit figure: that is no code)
    let has_code = |r: &RawRow, off: usize| {
        r.cells.get(off).is_some_and(|c| {
            let c = c.trim();
            (3..=7).contains(&c.len()) && c.chars().all(|ch| ch.is_ascii_digit()) && is_number(c)
        })
    };
    // and a name beside it: a row of whole-元 amounts only (the 预算数 |
    // 决算数 halves of a 决算's “三公” table, `371000 … 340200 …`) starts
    // each half with a 6-digit figure, but a half of economic classes names
    // its class
    let has_name = |r: &RawRow, off: usize| {
        r.cells
            .iter()
            .skip(off)
            .take(half)
            .any(|c| !c.trim().is_empty() && !is_number(c.trim()))
    };
    let coded = |off: usize| t.rows.iter().any(|r| has_code(r, off) && has_name(r, off));
    if !(coded(0) && coded(half)) {
        return t;
    }
    let mut out = Vec::with_capacity(t.rows.len() * 2);
    let mut right = Vec::new();
    let mut page = t.rows.first().map_or(0, |r| r.page);
    for r in t.rows.drain(..) {
        if r.page != page {
            out.append(&mut right);
            page = r.page;
        }
        let (a, b) = r.cells.split_at(half.min(r.cells.len()));
        if a.iter().any(|c| !c.trim().is_empty()) {
            out.push(RawRow {
                cells: a.to_vec(),
                ..r.clone()
            });
        }
        if b.iter().any(|c| !c.trim().is_empty()) {
            right.push(RawRow {
                cells: b.to_vec(),
                ..r.clone()
            });
        }
    }
    out.append(&mut right);
    t.rows = out;
    t.columns = folded;
    t
}

/// Map the columns of a continuation drawn with fewer columns (its last
/// row's 合计 cell spans the code columns) onto the table's columns by
/// position: each goes to the first table column it overlaps. `None` when
/// the outlines differ.
fn remap_columns(table_xs: &[f32], cont_xs: &[f32], n: usize) -> Option<Vec<usize>> {
    const TOL: f32 = 3.0;
    if table_xs.len() != n + 1 || cont_xs.len() < 2 {
        return None;
    }
    let (a0, a1) = (*table_xs.first()?, *table_xs.last()?);
    let (b0, b1) = (*cont_xs.first()?, *cont_xs.last()?);
    let same_outline = (a0 - b0).abs() <= TOL && (a1 - b1).abs() <= TOL;
    // a page whose blank edge column is not drawn: every boundary it
    // draws is one of the table's
    let inside = cont_xs
        .iter()
        .all(|x| table_xs.iter().any(|t| (t - x).abs() <= TOL));
    if !same_outline && !inside {
        return None;
    }
    cont_xs
        .windows(2)
        .map(|w| {
            table_xs
                .windows(2)
                .position(|t| t[1] > w[0] + TOL && t[0] < w[1] - TOL)
        })
        .collect()
}

/// Do two headers name the same columns? Compared leaf by leaf without
/// spaces, so a repeated header whose parents wrap differently still
/// matches, and at least half the named columns must agree. A table
/// without header matches any, and so does a header leaving columns
/// unnamed: body lines without amounts read as header (`使用非财政拨款结余`
/// at the top of a continuation page), not another table's header.
fn same_header(a: &[String], b: &[String]) -> bool {
    if a.iter().all(|c| c.trim().is_empty()) {
        return true;
    }
    if a.len() == b.len() && b.iter().any(|c| c.trim().is_empty()) {
        return true;
    }
    if a.len() != b.len() {
        return false;
    }
    let leaf = |c: &String| squeeze(c.rsplit('/').next().unwrap_or(""));
    let named = a.iter().filter(|c| !leaf(c).is_empty()).count();
    let agree = a
        .iter()
        .zip(b)
        .filter(|(x, y)| !leaf(x).is_empty() && leaf(x) == leaf(y))
        .count();
    2 * agree >= named
}

/// Do two tables print the same captions (or one of them none)? Compared
/// without spaces, digits and table numbers, so `第2页`, a page's own date or
/// a 表号 printed on the first page only (`表5` above the title, nothing on
/// the next) do not count.
fn same_caption(a: &[String], b: &[String]) -> bool {
    let key = |c: &[String]| -> String {
        c.iter()
            .filter(|l| !crate::table_number::is_table_number(&squeeze(l)))
            .map(|l| crate::table_number::strip_table_number(&squeeze(l)))
            .flat_map(|l| l.chars().collect::<Vec<_>>())
            .filter(|ch| !ch.is_ascii_digit())
            .collect()
    };
    a.is_empty() || b.is_empty() || key(a) == key(b)
}

/// The same header cell for cell (spaces aside).
fn identical_header(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| squeeze(x) == squeeze(y))
}

fn rows_of(p: &Placed) -> Vec<RawRow> {
    raw_rows(&p.draft.rows, p.draft.page)
}

fn raw_rows(rows: &[DraftRow], page: u32) -> Vec<RawRow> {
    rows.iter()
        .map(|r| RawRow {
            cells: r.cells.clone(),
            placement: Placement::Aligned,
            page,
        })
        .collect()
}

/// Is there prose above the page's first table? A line repeating that
/// table's own title (printed above a form's grid and again inside it)
/// is not prose between two tables.
fn prose_before_first_table(page: &PageLayout) -> bool {
    let Some(t) = page.tables.first() else {
        return page.prose_before_first_table();
    };
    let title = t.title.as_deref().map(squeeze).unwrap_or_default();
    page.prose.iter().any(|(y, l)| {
        let l = squeeze(l);
        *y < t.draft.top && !(l.chars().count() >= MIN_TITLE_CHARS && title.contains(&l))
    })
}

/// A line shorter than this is no title repeat (a stray `表` or digit).
const MIN_TITLE_CHARS: usize = 4;

/// Does a header-only grid (`draft`, its columns mapped onto `prev`'s by
/// `map`) carry the next rows of the form `prev`? It must repeat none of
/// `prev`'s header cells (a new form of the same kind repeats its labels:
/// 项目名称, 主管部门及代码), and its first printed cell must be a row label
/// `prev` already prints in that column (`绩效指标`): a continued form
/// goes on with the same row labels.
fn continues_form(prev: &RawTable, draft: &Draft, map: &[usize]) -> bool {
    let leaves = |cols: &[String]| -> Vec<String> {
        cols.iter()
            .flat_map(|c| c.split('/').map(squeeze).collect::<Vec<_>>())
            .filter(|l| !l.is_empty())
            .collect()
    };
    let own = leaves(&prev.columns);
    if leaves(&draft.columns).iter().any(|l| own.contains(l)) {
        return false;
    }
    let Some(first) = draft.header_rows.first() else {
        return false;
    };
    let Some((c, label)) = first
        .cells
        .iter()
        .enumerate()
        .find(|(_, t)| !t.trim().is_empty())
    else {
        return false;
    };
    let (label, Some(&j)) = (squeeze(label), map.get(c)) else {
        return false;
    };
    prev.rows
        .iter()
        .any(|r| r.cells.get(j).is_some_and(|x| squeeze(x) == label))
}

/// A row broken by the page break: the first row of the continuation
/// prints no amount and, in the first column, the rest of the code the
/// last row began (`3021` at the foot of the page, `6` at the top of the
/// next, see [`codes::wrapped`]). Its cells go into that row (`出` after
/// `机关事业单位职业年金缴费支`); true when they did.
fn finish_split_row(last: &mut RawRow, cells: &[String]) -> bool {
    let (Some(head), Some(tail)) = (last.cells.first(), cells.first()) else {
        return false;
    };
    let amounts = cells.iter().skip(1).any(|c| is_number(c));
    let Some(code) = codes::wrapped(&[head.trim(), tail.trim()]).filter(|_| !amounts) else {
        return false;
    };
    last.cells[0] = code;
    for (slot, c) in last.cells.iter_mut().zip(cells).skip(1) {
        push_piece(slot, c.trim());
    }
    true
}

fn new_table(p: Placed) -> RawTable {
    RawTable {
        rows: rows_of(&p),
        title: p.title,
        caption: p.caption,
        columns: p.draft.columns,
        notes: p.notes,
        pages: vec![p.draft.page],
    }
}

/// What [`stitch`] gives back.
#[derive(Debug, Default)]
pub struct Stitched {
    pub tables: Vec<RawTable>,
    /// Dangling titles no table took (page, line): prose after all.
    pub unclaimed: Vec<(u32, String)>,
    pub warnings: Vec<String>,
}

/// Walk the pages in order and merge each page's first table into the
/// previous page's last table when it continues it: nothing else printed
/// between them, no new title (or the same title marked 续), same number
/// of columns. A title left dangling at a page foot goes to the next
/// page's first table.
pub fn stitch(pages: Vec<PageLayout>) -> Stitched {
    let v = vocab();
    let mut out: Vec<RawTable> = Vec::new();
    let mut open = false; // the last table of `out` ended its page
    let mut pending_title: Option<(String, Vec<String>)> = None;
    let mut last_page = 0u32;
    let mut unclaimed: Vec<(u32, String)> = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    let mut last_xs: Vec<f32> = Vec::new(); // column boundaries of out.last()
    for page in pages {
        let lead_prose = prose_before_first_table(&page);
        let trail = page.prose_after_last_table();
        let consecutive = page.page == last_page + 1;
        let dangling = page.dangling.clone();
        for (k, mut t) in page.tables.into_iter().enumerate() {
            let first = k == 0 && !lead_prose;
            if first
                && t.title.is_none()
                && consecutive
                && let Some((title, caption)) = pending_title.take()
            {
                t.title = Some(title);
                t.caption = caption;
                last_xs = t.draft.col_x.clone();
                out.push(new_table(t));
                continue;
            }
            // a continuation page repeats the title with or without 续; the
            // same title over another caption (the same table for the next
            // unit, 单位名称：…) is a table of its own
            let same_title = match (&t.title, out.last()) {
                (None, _) => true,
                (Some(a), Some(prev)) => prev.title.as_ref().is_some_and(|b| {
                    v.strip_continued(&squeeze(a)) == v.strip_continued(&squeeze(b))
                        && (v.is_continued(a) || same_caption(&t.caption, &prev.caption))
                }),
                _ => false,
            };
            let continues = first && open && consecutive && same_title;
            // a page printing a header of its own continues only a table
            // with that header: rows never come from a grid of another
            // structure
            let headed = t.draft.columns.iter().any(|c| !c.trim().is_empty());
            // a title repeated without 续 over a header of its own continues
            // only the very same header: forms printed one per project
            // repeat the title over their own project's header
            let repeated = t.title.as_ref().is_some_and(|a| !v.is_continued(a));
            // a page continuing a form without amounts (绩效目标表) has no
            // body row, so its rows were read as a header of its own
            let form_map = match out.last() {
                Some(p) if continues && t.draft.rows.is_empty() => {
                    remap_columns(&last_xs, &t.draft.col_x, p.columns.len())
                        .filter(|map| continues_form(p, &t.draft, map))
                }
                _ => None,
            };
            let mapping = match out.last() {
                _ if form_map.is_some() => form_map.clone(),
                Some(p) if continues && headed && !same_header(&p.columns, &t.draft.columns) => {
                    None
                }
                Some(p)
                    if continues
                        && headed
                        && repeated
                        && !identical_header(&p.columns, &t.draft.columns) =>
                {
                    None
                }
                Some(p) if continues && p.columns.len() == t.draft.columns.len() => {
                    Some((0..p.columns.len()).collect())
                }
                Some(p) if continues && !headed => {
                    remap_columns(&last_xs, &t.draft.col_x, p.columns.len())
                }
                _ => None,
            };
            if let (Some(prev), Some(map)) = (out.last_mut(), mapping) {
                let rows = if form_map.is_some() {
                    raw_rows(&t.draft.header_rows, t.draft.page)
                } else {
                    rows_of(&t)
                };
                for (n, mut row) in rows.into_iter().enumerate() {
                    let mut cells = vec![String::new(); prev.columns.len()];
                    for (i, c) in row.cells.drain(..).enumerate() {
                        if let Some(slot) = map.get(i).and_then(|&j| cells.get_mut(j)) {
                            push_piece(slot, &c);
                        }
                    }
                    if n == 0
                        && let Some(last) = prev.rows.last_mut()
                        && finish_split_row(last, &cells)
                    {
                        continue;
                    }
                    row.cells = cells;
                    prev.rows.push(row);
                }
                prev.notes.extend(t.notes);
                if !prev.pages.contains(&t.draft.page) {
                    prev.pages.push(t.draft.page);
                }
                if prev.columns.iter().all(|c| c.is_empty()) {
                    prev.columns = t.draft.columns;
                }
                continue;
            }
            if continues
                && t.title.is_none()
                && let Some(prev) = out.last()
            {
                warnings.push(format!(
                    "第{}页：表格紧接上页的“{}”，但列数不同（{}列/{}列），按新表处理",
                    t.draft.page,
                    prev.title.as_deref().unwrap_or("无标题表格"),
                    prev.columns.len(),
                    t.draft.columns.len()
                ));
            }
            last_xs = t.draft.col_x.clone();
            out.push(new_table(t));
        }
        if let Some((title, caption)) = pending_title.take() {
            unclaimed.push((last_page, title));
            unclaimed.extend(caption.into_iter().map(|c| (last_page, c)));
        }
        pending_title = dangling;
        open = !trail
            && out
                .last()
                .is_some_and(|t| t.pages.last() == Some(&page.page));
        last_page = page.page;
    }
    if let Some((title, caption)) = pending_title {
        unclaimed.push((last_page, title));
        unclaimed.extend(caption.into_iter().map(|c| (last_page, c)));
    }
    Stitched {
        tables: out,
        unclaimed,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::super::draft::{Draft, DraftRow};
    use super::*;

    #[test]
    fn page_numbers() {
        for t in ["12", "- 12 -", "—3—", "第 12 页", "第12页共30页", "3/21"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["2026", "一、部门概况", "12.00", "合计"] {
            assert!(!is_page_number(t) || t == "2026", "{t}");
        }
    }

    fn placed(page: u32, title: Option<&str>, cols: &[&str], rows: &[&[&str]]) -> Placed {
        Placed {
            draft: Draft {
                page,
                x0: 0.0,
                x1: 500.0,
                top: 100.0,
                bottom: 500.0,
                size: 10.0,
                columns: cols.iter().map(|c| c.to_string()).collect(),
                rows: rows
                    .iter()
                    .enumerate()
                    .map(|(i, r)| DraftRow {
                        cells: r.iter().map(|c| c.to_string()).collect(),
                        y: i as f32,
                    })
                    .collect(),
                notes: vec![],
                ..Draft::default()
            },
            title: title.map(String::from),
            ..Placed::default()
        }
    }

    #[test]
    fn continuation_over_pages_and_new_titles() {
        let p1 = PageLayout {
            page: 5,
            tables: vec![placed(
                5,
                Some("收入预算总表"),
                &["科目", "合计"],
                &[&["201", "1.00"]],
            )],
            ..PageLayout::default()
        };
        let p2 = PageLayout {
            page: 6,
            tables: vec![
                placed(6, None, &["科目", "合计"], &[&["205", "2.00"]]),
                placed(
                    6,
                    Some("支出预算总表"),
                    &["科目", "合计"],
                    &[&["201", "1.00"]],
                ),
            ],
            dangling: Some(("基本支出表".into(), vec!["单位：元".into()])),
            ..PageLayout::default()
        };
        let p3 = PageLayout {
            page: 7,
            tables: vec![placed(
                7,
                None,
                &["科目", "人员", "公用"],
                &[&["301", "1.00", ""]],
            )],
            ..PageLayout::default()
        };
        let Stitched {
            tables: t,
            unclaimed: rest,
            ..
        } = stitch(vec![p1, p2, p3]);
        assert!(rest.is_empty());
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(t[0].pages, vec![5, 6]);
        assert_eq!(t[2].title.as_deref(), Some("基本支出表"));
        assert_eq!(t[2].caption, vec!["单位：元"]);
    }

    #[test]
    fn a_row_broken_by_the_page_break_is_one_row() {
        let cols = ["科目编码", "科目名称", "合计"];
        let page = |n: u32, title: Option<&str>, rows: &[&[&str]]| PageLayout {
            page: n,
            tables: vec![placed(n, title, &cols, rows)],
            ..PageLayout::default()
        };
        // `3021` 培训费 at the foot of page 8, its code's `6` and the
        // name's last line at the top of page 9
        let t = stitch(vec![
            page(
                8,
                Some("基本支出表"),
                &[
                    &["30215", "会议费", "27.62"],
                    &["3021", "培训费（含", "28.45"],
                ],
            ),
            page(
                9,
                None,
                &[&["6", "师资）", ""], &["30217", "公务接待费", "4.76"]],
            ),
        ])
        .tables;
        assert_eq!(t.len(), 1);
        let rows: Vec<Vec<&str>> = t[0]
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.as_str()).collect())
            .collect();
        assert_eq!(
            rows,
            vec![
                vec!["30215", "会议费", "27.62"],
                vec!["30216", "培训费（含师资）", "28.45"],
                vec!["30217", "公务接待费", "4.76"],
            ]
        );
        // a first row printing amounts, or digits that complete no code,
        // is a row of its own
        for first in [&["6", "师资）", "1.00"][..], &["61", "其他", ""][..]] {
            let t = stitch(vec![
                page(8, Some("基本支出表"), &[&["3021", "培训费", "28.45"]]),
                page(9, None, &[first]),
            ])
            .tables;
            assert_eq!(t[0].rows.len(), 2, "{first:?}");
        }
    }

    #[test]
    fn a_title_repeated_on_each_page_is_one_table() {
        let cols = ["科目编码", "科目名称", "合计"];
        let page = |n: u32, title: &str, caption: &str, cols: &[&str], code: &str| PageLayout {
            page: n,
            tables: vec![Placed {
                caption: vec![caption.into()],
                ..placed(n, Some(title), cols, &[&[code, "x", "1.00"]])
            }],
            ..PageLayout::default()
        };
        // the same title and caption on three pages, without 续: one table
        let t = stitch(vec![
            page(29, "2026年部门支出预算总表", "单位：万元", &cols, "201"),
            page(30, "2026年部门支出预算总表", "单位：万元", &cols, "205"),
            page(
                31,
                "2026年部门支出预算总表（续）",
                "单位：万元",
                &cols,
                "208",
            ),
        ])
        .tables;
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].pages, vec![29, 30, 31]);
        assert_eq!(t[0].rows.len(), 3);
        // the same table for the next unit (another caption) is its own
        let t = stitch(vec![
            page(5, "“三公”经费支出表", "单位名称：甲局", &cols, "1"),
            page(6, "“三公”经费支出表", "单位名称：乙中心", &cols, "2"),
        ])
        .tables;
        assert_eq!(t.len(), 2);
        // a table number printed above the title on the first page only
        // (`表5`, nothing on the next) is no other caption: one table
        let numbered = |n: u32, caption: &[&str], code: &str| PageLayout {
            page: n,
            tables: vec![Placed {
                caption: caption.iter().map(|c| c.to_string()).collect(),
                ..placed(
                    n,
                    Some("一般公共预算支出明细表"),
                    &cols,
                    &[&[code, "x", "1.00"]],
                )
            }],
            ..PageLayout::default()
        };
        let t = stitch(vec![
            numbered(46, &["表5", "金额单位：元"], "205"),
            numbered(47, &["金额单位：元"], "208"),
        ])
        .tables;
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].pages, vec![46, 47]);
        // a form printed once per project repeats the title over its own
        // project's header: a table per page
        let t = stitch(vec![
            page(
                62,
                "项目绩效目标表",
                "",
                &["项目名称/主管部门", "甲项目/某局"],
                "1",
            ),
            page(
                63,
                "项目绩效目标表",
                "",
                &["项目名称/主管部门", "乙项目/某局"],
                "2",
            ),
        ])
        .tables;
        assert_eq!(t.len(), 2);
    }

    #[test]
    fn a_form_continued_without_amounts_joins_its_table() {
        // a 绩效目标表 form: its title above the grid and again inside it,
        // a header, indicator rows; the next page repeats both titles and
        // goes on with indicator rows only (no amount: read as header)
        let xs = vec![0.0, 100.0, 200.0, 300.0, 400.0];
        let title = "(2026年度)项目绩效目标表";
        let form = |n: u32, cols: &[&str], rows: &[&[&str]], header_rows: &[&[&str]]| {
            let mut p = placed(n, Some(title), cols, rows);
            p.draft.col_x = xs.clone();
            p.draft.header_rows = header_rows
                .iter()
                .map(|r| DraftRow {
                    cells: r.iter().map(|c| c.to_string()).collect(),
                    y: 0.0,
                })
                .collect();
            PageLayout {
                page: n,
                prose: vec![(10.0, "项目绩效目标表".into())],
                tables: vec![p],
                ..PageLayout::default()
            }
        };
        let first = form(
            33,
            &[
                "项目名称",
                "甲项目/主管部门",
                "甲项目/实施单位",
                "甲项目/某局",
            ],
            &[
                &["项目资金", "", "年度预算资金总额：", "315.00"],
                &["绩效指标", "产出指标", "会议次数", "≥10次"],
            ],
            &[],
        );
        let more = &[
            &["绩效指标", "满意度指标", "职工满意度", "=100%"][..],
            &["", "", "服务对象满意度", "≥95%"][..],
        ];
        let cont = form(
            34,
            &[
                "绩效指标",
                "满意度指标",
                "职工满意度/服务对象满意度",
                "=100%/≥95%",
            ],
            &[],
            more,
        );
        let t = stitch(vec![first.clone(), cont]).tables;
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].pages, vec![33, 34]);
        assert_eq!(t[0].rows.len(), 4);
        assert_eq!(t[0].rows[3].cells[2], "服务对象满意度");
        // the next project's form (its own labels, amounts or not) is its own
        let next = form(
            34,
            &[
                "项目名称",
                "乙项目/主管部门",
                "乙项目/实施单位",
                "乙项目/某局",
            ],
            &[],
            &[&["项目资金", "", "年度预算资金总额：", "0.00"]],
        );
        assert_eq!(stitch(vec![first.clone(), next]).tables.len(), 2);
        // rows that open with labels the form never printed are no part of it
        let other = form(
            34,
            &["说明", "", "", ""],
            &[],
            &[&["说明", "另一张表", "", ""]],
        );
        assert_eq!(stitch(vec![first, other]).tables.len(), 2);
    }

    #[test]
    fn a_grid_of_another_header_is_no_continuation() {
        let p1 = PageLayout {
            page: 12,
            tables: vec![placed(
                12,
                Some("支出预算总表"),
                &["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                &[&["204", "公共安全支出", "1.00", "1.00", ""]],
            )],
            ..PageLayout::default()
        };
        // the next page: a grid with its own header of other columns, its
        // title not found
        let p2 = PageLayout {
            page: 13,
            tables: vec![placed(
                13,
                None,
                &[
                    "收入/项目",
                    "收入/预算数",
                    "支出/项目",
                    "支出/合计",
                    "支出/一般公共预算",
                ],
                &[&[
                    "一、一般公共预算",
                    "1.00",
                    "一、公共安全支出",
                    "1.00",
                    "1.00",
                ]],
            )],
            ..PageLayout::default()
        };
        // and a page repeating the first header continues it
        let p3 = PageLayout {
            page: 13,
            tables: vec![placed(
                13,
                None,
                &[
                    "项目/科目编码",
                    "项目/科目名称",
                    "合计",
                    "基本支出",
                    "项目支出",
                ],
                &[&["205", "教育支出", "2.00", "2.00", ""]],
            )],
            ..PageLayout::default()
        };
        let t = stitch(vec![p1.clone(), p2]).tables;
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].rows.len(), 1);
        let t = stitch(vec![p1, p3]).tables;
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows.len(), 2);
    }

    #[test]
    fn halves_fold_into_one_table_page_by_page() {
        let row = |page: u32, cells: &[&str]| RawRow {
            cells: cells.iter().map(|c| c.to_string()).collect(),
            placement: Placement::Aligned,
            page,
        };
        let t = RawTable {
            columns: ["编码", "名称", "金额", "编码", "名称", "金额"]
                .iter()
                .map(|c| c.to_string())
                .collect(),
            rows: vec![
                row(
                    1,
                    &[
                        "301",
                        "工资福利支出",
                        "5.00",
                        "302",
                        "商品和服务支出",
                        "1.00",
                    ],
                ),
                row(1, &["30101", "基本工资", "5.00", "", "", ""]),
                row(
                    2,
                    &[
                        "303",
                        "对个人和家庭的补助",
                        "1.00",
                        "310",
                        "资本性支出",
                        "2.00",
                    ],
                ),
            ],
            ..RawTable::default()
        };
        let t = fold_halves(t);
        assert_eq!(t.columns.len(), 3);
        let codes: Vec<&str> = t.rows.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(codes, vec!["301", "30101", "302", "303", "310"]);
    }

    #[test]
    fn two_sided_summary_is_not_folded() {
        let row = |cells: &[&str]| RawRow {
            cells: cells.iter().map(|c| c.to_string()).collect(),
            placement: Placement::Aligned,
            page: 2,
        };
        let t = RawTable {
            columns: ["收入/项目", "收入/预算数", "支出/项目", "支出/预算数"]
                .iter()
                .map(|c| c.to_string())
                .collect(),
            rows: vec![
                row(&["上年结转", "749468", "结转下年", "0"]),
                row(&["收入总计", "19422996", "支出总计", "19422996"]),
            ],
            ..RawTable::default()
        };
        assert_eq!(fold_halves(t.clone()), t);
    }

    #[test]
    fn halves_of_amounts_only_are_not_folded() {
        // a 决算's “三公” table: 预算数 and 决算数 groups with the same
        // leaves, one row of whole-元 amounts (6 digits, like a code)
        let leaves = [
            "合计",
            "因公出国（境）费",
            "小计",
            "购置费",
            "运行费",
            "公务接待费",
        ];
        let columns: Vec<String> = ["预算数", "决算数"]
            .iter()
            .flat_map(|p| leaves.iter().map(move |l| format!("{p}/{l}")))
            .collect();
        let cells = [
            "371000", "0", "317600", "216100", "101500", "53400", "340200", "0", "296800",
            "207800", "89000", "43400",
        ];
        let t = RawTable {
            columns,
            rows: vec![RawRow {
                cells: cells.iter().map(|c| c.to_string()).collect(),
                placement: Placement::Aligned,
                page: 9,
            }],
            ..RawTable::default()
        };
        assert_eq!(fold_halves(t.clone()), t);
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn continuation_drawn_with_fewer_columns_maps_by_position() {
        // table columns: 类 | 款 | 名称 | 合计 ; the last page draws 合计 across 类..名称
        let table = [0.0, 30.0, 60.0, 200.0, 300.0];
        let cont = [0.0, 200.0, 300.0];
        assert_eq!(remap_columns(&table, &cont, 4), Some(vec![0, 3]));
        // a different outline is not a continuation
        assert_eq!(remap_columns(&table, &[50.0, 200.0, 300.0], 4), None);
        // a blank first column left undrawn: the boundaries drawn are the
        // table's own
        assert_eq!(
            remap_columns(&table, &[30.0, 60.0, 200.0, 300.0], 4),
            Some(vec![1, 2, 3])
        );
    }

    #[test]
    fn running_headers_and_page_numbers_are_furniture() {
        let line = |y: f32, text: &str| TextLine {
            y,
            size: 10.0,
            x0: 0.0,
            x1: 100.0,
            text: text.into(),
            chunks: vec![],
        };
        let pages: Vec<(f32, Vec<TextLine>)> = (1..=4)
            .map(|n| {
                (
                    800.0,
                    vec![
                        line(20.0, "某局2024年部门预算"),
                        line(60.0, "编制部门：某局 单位：元"),
                        line(400.0, "正文"),
                        line(780.0, &format!("第 {n} 页")),
                    ],
                )
            })
            .collect();
        let f = furniture(&pages, &Settings::default());
        assert!(f.iter().all(|p| p == &vec![true, false, false, true]));
        // the last line of a code wrapped in a table's first column, set
        // tight under the code's first line in the bottom band: no page number
        let mut page = pages[0].clone();
        let code = |y: f32, text: &str| TextLine {
            x0: 50.0,
            ..line(y, text)
        };
        page.1.insert(3, code(765.0, "3020"));
        page.1.insert(4, code(778.0, "7"));
        let mut all = pages.clone();
        all[0] = page;
        let f = furniture(&all, &Settings::default());
        assert_eq!(f[0], vec![true, false, false, false, false, true]);
    }
}
