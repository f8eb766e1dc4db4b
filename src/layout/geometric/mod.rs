//! Tables from positioned glyphs and ruling lines, as a chain of named
//! steps (pdfplumber `table.py` style), each in its own file and testable on
//! a tiny hand-made page:
//!
//! 1. [`grid`]: ruling lines → grids of drawn cells; [`ruled`]: the glyphs
//!    inside each grid → header per column + body rows.
//! 2. [`lines`] / [`words`]: the remaining glyphs → lines → chunks.
//! 3. [`pages::furniture`]: page numbers and running headers/footers dropped.
//! 4. [`columns`]: tables without ruling, from column alignment.
//! 5. [`tables`]: titles, captions and notes around each table; the rest is
//!    prose.
//! 6. [`pages`]: side-by-side halves and page continuations joined;
//!    [`code_columns`]: split 类/款/项 columns joined into one code column.
//!
//! Every tolerance is a named field of [`Settings`].

pub mod blank_columns;
pub mod code_columns;
pub mod columns;
pub mod draft;
pub mod grid;
pub mod headers;
pub mod lines;
pub mod pages;
pub mod ruled;
pub mod settings;
pub mod tables;
pub mod vocab;
pub mod words;

pub use settings::Settings;

use crate::model::{LaidOut, Page, ProseLine};
use draft::Draft;
use words::TextLine;

/// Recover prose and tables from a document's pages with default settings.
pub fn recover(pages: &[Page]) -> LaidOut {
    recover_with(pages, &Settings::default())
}

/// One page after grid recovery: its ruled drafts and its free lines.
struct PageParts {
    number: u32,
    height: f32,
    drafts: Vec<Draft>,
    lines: Vec<TextLine>,
}

/// Find the ruled grids of a page, read their cells, and turn the glyphs
/// outside them into lines.
fn page_parts(page: &Page, s: &Settings) -> PageParts {
    let glyphs = &page.glyphs;
    let grids = grid::find_grids(&page.rules, s);
    let mut free: Vec<usize> = (0..glyphs.len()).collect();
    let mut drafts = Vec::new();
    for g in &grids {
        let inside = ruled::glyphs_inside(g, glyphs, &free);
        if inside.is_empty() {
            continue;
        }
        let d = ruled::grid_to_draft(g, glyphs, &inside, page.number, s);
        if d.rows.is_empty() && d.columns.iter().all(|c| c.is_empty()) {
            continue;
        }
        let mut taken = inside;
        taken.sort_unstable();
        free.retain(|i| taken.binary_search(i).is_err());
        drafts.push(d);
    }
    let lines = lines::glyphs_to_lines(glyphs, free, s)
        .iter()
        .map(|l| TextLine::from_line(l, glyphs, s))
        .collect();
    PageParts {
        number: page.number,
        height: page.height,
        drafts,
        lines,
    }
}

/// How far under a header ruled on its own the unruled body may begin,
/// in em of the body's type (a wrapped first name may sit between).
const RULED_HEADER_GAP: f32 = 3.5;

/// The grid with a header and no body rows printed right above a block of
/// unruled lines (a table ruled on its header only), covering the block's
/// width: the body's columns are the header's (its inner boundaries,
/// [`inner_bounds`]).
fn ruled_header_above(
    drafts: &[Draft],
    head: &[TextLine],
    body: &[TextLine],
    s: &Settings,
) -> Option<usize> {
    let first = head.first().or(body.first())?;
    let size = body.first().map_or(first.size, |l| l.size).max(1.0);
    let x0 = head
        .iter()
        .chain(body)
        .map(|l| l.x0)
        .fold(f32::INFINITY, f32::min);
    let x1 = head
        .iter()
        .chain(body)
        .map(|l| l.x1)
        .fold(f32::NEG_INFINITY, f32::max);
    let tol = s.snap_tolerance;
    drafts.iter().position(|d| {
        d.rows.is_empty()
            && d.col_x.len() >= 3
            && d.columns.iter().filter(|c| !c.is_empty()).count() * 2 > d.columns.len()
            && first.top() >= d.bottom - 0.5 * size
            && first.top() - d.bottom <= RULED_HEADER_GAP * size
            && d.x0 <= x0 + tol
            && d.x1 >= x1 - tol
    })
}

/// A grid's inner column boundaries.
fn inner_bounds(d: &Draft) -> Vec<f32> {
    d.col_x[1..d.col_x.len() - 1].to_vec()
}

/// Most header cells the unruled body's own reading may carry and still be
/// the first row's name wrapped above its amounts (`社会保障和就业支` over
/// `208 出 …`) rather than a header of its own (as layout/header_grid.rs).
const MAX_WRAPPED_HEADER_CELLS: usize = 2;

/// The unruled body read under a header ruled on its own becomes that
/// grid's rows: one table, whose title, notes and page continuation are
/// found as for any other. Kept apart (false) when the body's reading has
/// other columns or a header of its own. Read apart, the header grid stood
/// as a table without rows and the body as an untitled one; nothing joined
/// them when the title went unrecognised, and on a continuation page (its
/// header repeated) only the header grid continued the table.
fn join_body_to_header(grid: &mut Draft, body: &Draft) -> bool {
    let filled = body.columns.iter().filter(|c| !c.trim().is_empty()).count();
    if body.columns.len() != grid.columns.len()
        || body.rows.is_empty()
        || filled > MAX_WRAPPED_HEADER_CELLS
        || filled * 2 > body.columns.len()
    {
        return false;
    }
    let mut rows = body.rows.clone();
    // the body's "header" cells are the first row's label wrapped above
    // its amounts: put them back in front of the first row's cell
    if let Some(first) = rows.first_mut() {
        for (cell, head) in first.cells.iter_mut().zip(&body.columns) {
            let head: String = head.split('/').collect();
            if !head.trim().is_empty() && !crate::amount::is_amount(cell) {
                *cell = format!("{}{}", head.trim(), cell.trim());
            }
        }
    }
    grid.rows = rows;
    grid.header_rows.clear();
    grid.notes.extend(body.notes.iter().cloned());
    grid.bottom = grid.bottom.max(body.bottom);
    grid.x0 = grid.x0.min(body.x0);
    grid.x1 = grid.x1.max(body.x1);
    true
}

/// Recover prose and tables with the given settings.
pub fn recover_with(pages: &[Page], s: &Settings) -> LaidOut {
    let parts: Vec<PageParts> = pages.iter().map(|p| page_parts(p, s)).collect();
    let margins: Vec<(f32, Vec<TextLine>)> =
        parts.iter().map(|p| (p.height, p.lines.clone())).collect();
    let furniture = pages::furniture(&margins, s);
    let mut layouts = Vec::with_capacity(parts.len());
    for (part, drop) in parts.into_iter().zip(furniture) {
        let lines: Vec<TextLine> = part
            .lines
            .into_iter()
            .zip(drop)
            .filter(|(_, d)| !*d)
            .map(|(l, _)| l)
            .collect();
        // tables without ruling among the free lines
        let mut drafts = part.drafts;
        let mut in_block = vec![false; lines.len()];
        let under =
            |l: &TextLine| ruled_header_above(&drafts, &[], std::slice::from_ref(l), s).is_some();
        for (h, b) in columns::lines_to_blocks_under(&lines, s, under) {
            let (Some(head), Some(body)) = (lines.get(h.clone()), lines.get(b.clone())) else {
                continue;
            };
            let grid = ruled_header_above(&drafts, head, body, s);
            let seps = grid.map(|k| inner_bounds(&drafts[k]));
            let draft = columns::block_to_draft_with(head, body, part.number, s, seps.as_deref());
            let joined = grid
                .and_then(|k| drafts.get_mut(k))
                .is_some_and(|g| join_body_to_header(g, &draft));
            if !joined {
                drafts.push(draft);
            }
            for i in h.start..b.end {
                if let Some(f) = in_block.get_mut(i) {
                    *f = true;
                }
            }
        }
        let free: Vec<TextLine> = lines
            .into_iter()
            .zip(in_block)
            .filter(|(_, b)| !*b)
            .map(|(l, _)| l)
            .collect();
        let mut layout = tables::assemble(part.number, &free, drafts, s);
        layout.tables = pages::join_side_by_side(std::mem::take(&mut layout.tables));
        layouts.push(layout);
    }
    let mut prose = Vec::new();
    for l in &layouts {
        for (_, text) in &l.prose {
            prose.push(ProseLine {
                page: l.page,
                text: text.clone(),
            });
        }
    }
    let pages::Stitched {
        tables,
        unclaimed,
        mut warnings,
    } = pages::stitch(layouts);
    let tables: Vec<_> = tables
        .into_iter()
        .map(pages::fold_halves)
        .map(code_columns::join_code_columns)
        .collect();
    for (page, text) in unclaimed {
        // a title nobody took stays prose, at the end of its page
        let at = prose
            .iter()
            .rposition(|p: &ProseLine| p.page <= page)
            .map_or(0, |i| i + 1);
        prose.insert(at, ProseLine { page, text });
    }
    for t in tables.iter().filter(|t| t.title.is_none()) {
        warnings.push(format!(
            "第{}页：表格没有找到标题（{}列，{}行）",
            t.pages.first().copied().unwrap_or(0),
            t.columns.len(),
            t.rows.len()
        ));
    }
    LaidOut {
        prose,
        tables,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::grid::tests::{hr, vr};
    use super::lines::tests::run;
    use super::*;
    use crate::model::{Glyph, Rule};

    /// A ruled table of `rows` body rows under a two-row header, at `top`.
    fn ruled_table(top: f32, body: &[(&str, &str, &str)], header: bool) -> (Vec<Rule>, Vec<Glyph>) {
        let xs = [50.0, 110.0, 300.0, 420.0];
        let mut rules = Vec::new();
        let mut glyphs = Vec::new();
        let mut y = top;
        let mut ys = vec![y];
        if header {
            glyphs.extend(run("科目编码", 55.0, y + 14.0, 10.0));
            glyphs.extend(run("科目名称", 115.0, y + 14.0, 10.0));
            glyphs.extend(run("一般公共预", 305.0, y + 12.0, 10.0));
            glyphs.extend(run("算", 305.0, y + 24.0, 10.0));
            y += 30.0;
            ys.push(y);
        }
        for (code, name, amount) in body {
            glyphs.extend(run(code, 55.0, y + 14.0, 10.0));
            glyphs.extend(run(name, 115.0, y + 14.0, 10.0));
            glyphs.extend(run(amount, 360.0, y + 14.0, 10.0));
            y += 20.0;
            ys.push(y);
        }
        for y in &ys {
            rules.push(hr(*y, xs[0], xs[3]));
        }
        for x in xs {
            rules.push(vr(x, top, y));
        }
        (rules, glyphs)
    }

    fn page(number: u32, parts: Vec<(Vec<Rule>, Vec<Glyph>)>) -> Page {
        let mut p = Page {
            number,
            width: 500.0,
            height: 700.0,
            ..Page::default()
        };
        for (r, g) in parts {
            p.rules.extend(r);
            p.glyphs.extend(g);
        }
        p
    }

    #[test]
    fn whole_document_title_caption_rows_notes_continuation_furniture() {
        let p1 = page(
            1,
            vec![
                (vec![], run("一、部门概况", 50.0, 40.0, 12.0)),
                (vec![], run("2026年部门支出预算总表", 120.0, 300.0, 16.0)),
                (vec![], run("单位：元", 380.0, 330.0, 10.0)),
                ruled_table(
                    340.0,
                    &[
                        ("201", "一般公共服务支出", "1,000.00"),
                        ("20101", "人大事务", "1,000.00"),
                    ],
                    true,
                ),
                (vec![], run("- 1 -", 240.0, 680.0, 10.0)),
            ],
        );
        let p2 = page(
            2,
            vec![
                ruled_table(60.0, &[("205", "教育支出", "5.00")], true),
                (vec![], run("注：此表不含上年结转。", 50.0, 140.0, 10.0)),
                (vec![], run("二、其他说明", 50.0, 200.0, 12.0)),
                (vec![], run("- 2 -", 240.0, 680.0, 10.0)),
            ],
        );
        let out = recover(&[p1, p2]);
        assert_eq!(out.tables.len(), 1, "{:#?}", out.tables);
        let t = &out.tables[0];
        assert_eq!(t.title.as_deref(), Some("2026年部门支出预算总表"));
        assert_eq!(t.caption, vec!["单位：元"]);
        assert_eq!(t.columns, vec!["科目编码", "科目名称", "一般公共预算"]);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[1].cells, vec!["20101", "人大事务", "1,000.00"]);
        assert_eq!(t.rows[2].page, 2);
        assert_eq!(t.pages, vec![1, 2]);
        assert_eq!(t.notes, vec!["注：此表不含上年结转。"]);
        let prose: Vec<(u32, &str)> = out
            .prose
            .iter()
            .map(|p| (p.page, p.text.as_str()))
            .collect();
        assert_eq!(prose, vec![(1, "一、部门概况"), (2, "二、其他说明")]);
    }

    /// A table ruled on its header only: grid lines around a one-row
    /// header at `top`, the body rows printed below without any rule.
    fn header_ruled_table(top: f32, body: &[(&str, &str, &str)]) -> (Vec<Rule>, Vec<Glyph>) {
        let xs = [50.0, 110.0, 300.0, 420.0];
        let mut glyphs = Vec::new();
        glyphs.extend(run("科目编码", 55.0, top + 14.0, 10.0));
        glyphs.extend(run("科目名称", 115.0, top + 14.0, 10.0));
        glyphs.extend(run("合计", 305.0, top + 14.0, 10.0));
        let mut rules = vec![hr(top, xs[0], xs[3]), hr(top + 20.0, xs[0], xs[3])];
        rules.extend(xs.iter().map(|&x| vr(x, top, top + 20.0)));
        let mut y = top + 20.0;
        for (code, name, amount) in body {
            glyphs.extend(run(code, 55.0, y + 14.0, 10.0));
            glyphs.extend(run(name, 115.0, y + 14.0, 10.0));
            glyphs.extend(run(amount, 360.0, y + 14.0, 10.0));
            y += 20.0;
        }
        (rules, glyphs)
    }

    #[test]
    fn a_body_under_a_header_ruled_on_its_own_is_that_tables_rows() {
        // the title is clipped (no table vocabulary): nothing else could
        // tell that the header grid and the body are one table
        let p1 = page(
            1,
            vec![
                (
                    vec![],
                    run("某局2026年部门一般公共预算基本支", 80.0, 60.0, 16.0),
                ),
                header_ruled_table(
                    100.0,
                    &[
                        ("301", "工资福利支出", "5.00"),
                        ("30101", "基本工资", "5.00"),
                    ],
                ),
            ],
        );
        let out = recover(&[p1]);
        assert_eq!(out.tables.len(), 1, "{:#?}", out.tables);
        let t = &out.tables[0];
        assert_eq!(t.columns, vec!["科目编码", "科目名称", "合计"]);
        let codes: Vec<&str> = t.rows.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(codes, vec!["301", "30101"]);
        assert_eq!(t.rows[1].cells, vec!["30101", "基本工资", "5.00"]);
    }

    #[test]
    fn a_continuation_page_repeating_a_header_ruled_on_its_own_continues_the_table() {
        let p1 = page(
            1,
            vec![
                (vec![], run("2026年部门支出预算总表", 120.0, 60.0, 16.0)),
                header_ruled_table(
                    100.0,
                    &[
                        ("201", "一般公共服务支出", "5.00"),
                        ("20101", "人大事务", "5.00"),
                    ],
                ),
            ],
        );
        let p2 = page(
            2,
            vec![header_ruled_table(
                60.0,
                &[
                    ("205", "教育支出", "1.00"),
                    ("20501", "教育管理事务", "1.00"),
                ],
            )],
        );
        let out = recover(&[p1, p2]);
        assert_eq!(out.tables.len(), 1, "{:#?}", out.tables);
        let t = &out.tables[0];
        assert_eq!(t.title.as_deref(), Some("2026年部门支出预算总表"));
        let codes: Vec<&str> = t.rows.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(codes, vec!["201", "20101", "205", "20501"]);
        assert_eq!(t.pages, vec![1, 2]);
    }

    #[test]
    fn two_grids_side_by_side_are_one_table() {
        let (mut r1, g1) = ruled_table(100.0, &[("301", "工资福利支出", "5.00")], true);
        // the same table again to the right: shift it by 420pt
        let (r2, g2) = ruled_table(100.0, &[("302", "商品和服务支出", "1.00")], true);
        r1.extend(r2.into_iter().map(|r| Rule {
            x0: r.x0 + 420.0,
            x1: r.x1 + 420.0,
            ..r
        }));
        let mut glyphs = g1;
        glyphs.extend(g2.into_iter().map(|g| Glyph {
            x: g.x + 420.0,
            ..g
        }));
        glyphs.extend(run("2024年基本支出表", 300.0, 60.0, 16.0));
        let p = Page {
            number: 1,
            width: 900.0,
            height: 600.0,
            glyphs,
            rules: r1,
            scan: None,
        };
        let out = recover(&[p]);
        assert_eq!(out.tables.len(), 1, "{:#?}", out.tables);
        let codes: Vec<&str> = out.tables[0]
            .rows
            .iter()
            .map(|r| r.cells[0].as_str())
            .collect();
        assert_eq!(codes, vec!["301", "302"]);
    }

    #[test]
    fn never_panics_on_odd_pages() {
        // a deterministic jumble of glyphs and rules, including zero sizes,
        // negative and non-finite coordinates
        let mut seed = 7u32;
        let mut next = move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 8) as f32 / 65_536.0
        };
        let chars = [
            '合', '计', '1', '.', '0', ',', '表', '注', '：', '类', '项', ' ',
        ];
        let mut pages = Vec::new();
        for n in 1..=4 {
            let mut p = Page {
                number: n,
                width: 600.0,
                height: 800.0,
                ..Page::default()
            };
            for k in 0..400 {
                let ch = chars[k % chars.len()];
                let x = if k % 97 == 0 {
                    f32::NAN
                } else {
                    next() * 700.0 - 50.0
                };
                let y = next() * 850.0 - 20.0;
                let size = if k % 53 == 0 {
                    0.0
                } else {
                    4.0 + next() * 12.0
                };
                p.glyphs.push(Glyph {
                    ch,
                    x,
                    y,
                    width: size * 0.6,
                    size,
                    font: 0,
                });
            }
            for k in 0..60 {
                let (a, b) = (next() * 600.0, next() * 800.0);
                let len = next() * 300.0;
                let r = if k % 2 == 0 {
                    Rule {
                        x0: a,
                        y0: b,
                        x1: a + len,
                        y1: b,
                    }
                } else {
                    Rule {
                        x0: a,
                        y0: b,
                        x1: a,
                        y1: b + len,
                    }
                };
                p.rules.push(r);
            }
            p.rules.push(Rule {
                x0: f32::INFINITY,
                y0: 0.0,
                x1: f32::NAN,
                y1: 0.0,
            });
            pages.push(p);
        }
        let a = recover(&pages);
        let b = recover(&pages);
        assert_eq!(a, b, "deterministic");
        for t in &a.tables {
            for r in &t.rows {
                assert_eq!(r.cells.len(), t.columns.len());
            }
        }
    }
}
