//! A ruled grid plus the glyphs inside it → a draft table:
//! `glyphs_to_cells` → `merge_twin_columns` → `split_header` →
//! `header_pieces` / `body_rows`.

use super::draft::{Draft, DraftRow, is_body_row, is_number, join_continuations};
use super::grid::Grid;
use super::headers::{HeaderPiece, is_column_numbers, join_headers};
use super::lines::{Line, glyphs_to_lines};
use super::settings::Settings;
use super::vocab::vocab;
use super::words::{glyph_text, push_piece};
use crate::model::Glyph;

/// Text of one drawn cell: its visual lines, top to bottom.
#[derive(Debug, Clone, Default)]
struct CellText {
    lines: Vec<(f32, String)>,
}

impl CellText {
    /// All lines joined: a wrapped cell's pieces without separator.
    fn joined(&self) -> String {
        let mut out = String::new();
        for (_, t) in &self.lines {
            push_piece(&mut out, t);
        }
        out
    }
}

/// Where a glyph sits for cell assignment: its horizontal centre and the
/// middle of its body (a little above the baseline).
fn anchor(g: &Glyph) -> (f32, f32) {
    (g.x + g.width / 2.0, g.y - g.size * 0.35)
}

/// Largest gap, in em, between a glyph just outside the grid's left or
/// right edge and the run it continues inside: closer than a word space.
const OVERFLOW_GAP: f32 = 0.15;

/// Glyphs (indices) of the page that fall inside the grid, and the glyphs
/// of a run that overflows its edge (a title or name wider than the table,
/// centred in its cell: `2021年…` with the `2` left of the frame would
/// otherwise lose its first digit).
pub fn glyphs_inside(grid: &Grid, glyphs: &[Glyph], idx: &[usize]) -> Vec<usize> {
    let mut inside: Vec<usize> = Vec::new();
    let mut edge: Vec<usize> = Vec::new();
    for &i in idx {
        let (x, y) = anchor(&glyphs[i]);
        if grid.contains(x, y) {
            inside.push(i);
        } else if y >= grid.y0() && y <= grid.y1() {
            edge.push(i);
        }
    }
    // grow runs outward, one glyph at a time (bounded by the edge glyphs)
    let touches = |a: &Glyph, b: &Glyph| {
        let em = a.size.max(b.size).max(1.0);
        let gap = if a.x <= b.x {
            b.x - (a.x + a.width)
        } else {
            a.x - (b.x + b.width)
        };
        (a.y - b.y).abs() <= 0.3 * em && gap <= OVERFLOW_GAP * em && gap >= -0.5 * em
    };
    // only glyphs at the grid's left or right edge can be continued
    let near_edge = |g: &Glyph| {
        let em = g.size.max(1.0);
        g.x < grid.x0() + em || g.x + g.width > grid.x1() - em
    };
    let mut ends: Vec<usize> = inside
        .iter()
        .copied()
        .filter(|&i| !edge.is_empty() && near_edge(&glyphs[i]))
        .collect();
    let mut added = true;
    while added && !edge.is_empty() {
        added = false;
        let mut k = 0;
        while k < edge.len() {
            let g = &glyphs[edge[k]];
            if ends.iter().any(|&j| touches(&glyphs[j], g)) {
                let i = edge.swap_remove(k);
                ends.push(i);
                inside.push(i);
                added = true;
            } else {
                k += 1;
            }
        }
    }
    inside.sort_unstable();
    inside
}

/// Build the draft table of a grid from the glyphs inside it.
pub fn grid_to_draft(
    grid: &Grid,
    glyphs: &[Glyph],
    idx: &[usize],
    page: u32,
    s: &Settings,
) -> Draft {
    let texts = glyphs_to_cells(grid, glyphs, idx, s);
    let logical = merge_twin_columns(grid, &texts);
    let n_cols = logical.iter().copied().max().map_or(0, |m| m + 1);
    let (title, caption, first) = title_rows(grid, &texts, &logical, n_cols);
    let (header_end, has_body) = split_header(grid, &texts, &logical, n_cols, first);
    let mut pieces = header_pieces(grid, &texts, &logical, first, header_end, n_cols);
    // 类 款 项 printed in the first body row belong to the header
    let mut claimed = vec![false; grid.cells.len()];
    for (k, _) in own_cells(grid, header_end, &logical) {
        let (Some(cell), Some(t)) = (grid.cells.get(k), texts.get(k)) else {
            continue;
        };
        let text = t.joined();
        if vocab().is_header_word(&text) {
            let c0 = logical.get(cell.c0).copied().unwrap_or(0);
            let c1 = logical.get(cell.c1.saturating_sub(1)).copied().unwrap_or(0) + 1;
            pieces.push(HeaderPiece {
                row: header_end,
                c0,
                c1,
                text,
            });
            claimed[k] = true;
        }
    }
    // a caption drawn in a header cell (编制单位：… in a spreadsheet export)
    let mut caption = caption;
    pieces.retain(|p| {
        let is_caption = vocab().is_caption(&p.text);
        if is_caption {
            caption.push(p.text.clone());
        }
        !is_caption
    });
    let columns = join_headers(&pieces, n_cols, false);
    let (rows, notes) = body_rows(grid, &texts, &claimed, &logical, header_end, n_cols, s);
    // header only: the same rows read as body, for a continued form
    let header_rows = if has_body {
        Vec::new()
    } else {
        let none = vec![false; grid.cells.len()];
        body_rows(grid, &texts, &none, &logical, first, n_cols, s).0
    };
    let sizes: Vec<f32> = idx
        .iter()
        .filter_map(|&i| glyphs.get(i))
        .map(|g| g.size)
        .collect();
    let size = median(sizes).unwrap_or(10.0);
    // left edge of each logical column, then the right edge
    let mut col_x: Vec<f32> = Vec::with_capacity(n_cols + 1);
    for (c, &l) in logical.iter().enumerate() {
        if col_x.len() == l {
            col_x.push(grid.xs.get(c).copied().unwrap_or(0.0));
        }
    }
    col_x.push(grid.x1());
    Draft {
        col_x,
        title,
        caption,
        page,
        x0: grid.x0(),
        x1: grid.x1(),
        top: grid.y0(),
        bottom: grid.y1(),
        size,
        columns,
        rows: join_continuations(rows, s),
        notes,
        header_rows,
    }
}

pub fn median(mut v: Vec<f32>) -> Option<f32> {
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied()
}

/// Put every glyph in the drawn cell under its anchor, and read each cell's
/// lines.
fn glyphs_to_cells(grid: &Grid, glyphs: &[Glyph], idx: &[usize], s: &Settings) -> Vec<CellText> {
    let mut per_cell: Vec<Vec<usize>> = vec![Vec::new(); grid.cells.len()];
    for &i in idx {
        let (x, y) = anchor(&glyphs[i]);
        // an overflowing glyph (see `glyphs_inside`) goes to the edge cell
        let x = x.clamp(grid.x0(), grid.x1());
        if let Some((r, c)) = grid.locate(x, y)
            && let Some(k) = grid.cell_at(r, c)
        {
            per_cell[k].push(i);
        }
    }
    per_cell
        .into_iter()
        .map(|ids| {
            let lines: Vec<Line> = glyphs_to_lines(glyphs, ids, s);
            CellText {
                lines: lines
                    .iter()
                    .map(|l| (l.y, glyph_text(glyphs, &l.glyphs, s)))
                    .collect(),
            }
        })
        .collect()
}

/// Atomic column → logical column. Two neighbouring atomic columns covered
/// by the same drawn cell in every row are one column (a rule drawn only
/// across part of the table, e.g. under a title band).
fn merge_twin_columns(grid: &Grid, _texts: &[CellText]) -> Vec<usize> {
    let nc = grid.n_cols();
    let mut out = Vec::with_capacity(nc);
    let mut current = 0usize;
    for c in 0..nc {
        if c > 0 {
            let twin = (0..grid.n_rows()).all(|r| grid.cell_at(r, c) == grid.cell_at(r, c - 1));
            if !twin {
                current += 1;
            }
        }
        out.push(current);
    }
    out
}

/// Cells that start in atomic row `r`, as (cell index, first logical column).
fn own_cells(grid: &Grid, r: usize, logical: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for c in 0..grid.n_cols() {
        if let Some(k) = grid.cell_at(r, c)
            && grid
                .cells
                .get(k)
                .is_some_and(|cell| cell.r0 == r && cell.c0 == c)
        {
            out.push((k, logical.get(c).copied().unwrap_or(0)));
        }
    }
    out
}

/// Row `r` as text per logical column (cells that start in it only).
fn row_cells(
    grid: &Grid,
    texts: &[CellText],
    logical: &[usize],
    r: usize,
    n_cols: usize,
) -> Vec<String> {
    let mut cells = vec![String::new(); n_cols];
    for (k, lc) in own_cells(grid, r, logical) {
        if let (Some(slot), Some(t)) = (cells.get_mut(lc), texts.get(k)) {
            push_piece(slot, &t.joined());
        }
    }
    cells
}

/// Forms (绩效目标表) print their title inside the grid: leading rows made
/// of one cell across the whole table. The first title-like one is the
/// title, the others captions (`（2023年度）`). Returns the first row after.
fn title_rows(
    grid: &Grid,
    texts: &[CellText],
    logical: &[usize],
    n_cols: usize,
) -> (Option<String>, Vec<String>, usize) {
    let mut title = None;
    let mut caption = Vec::new();
    if n_cols < 2 {
        return (title, caption, 0);
    }
    // atomic columns holding any text: a sheet's empty margin columns
    // (drawn left and right of the table) do not make a title cell narrow
    let mut used_cols = vec![false; grid.n_cols()];
    for (k, cell) in grid.cells.iter().enumerate() {
        if texts.get(k).is_some_and(|t| !t.joined().trim().is_empty()) {
            for u in used_cols.iter_mut().take(cell.c1).skip(cell.c0) {
                *u = true;
            }
        }
    }
    let span_used = |c: &super::grid::Cell| {
        let inside = used_cols[c.c0.min(c.c1)..c.c1.min(used_cols.len())]
            .iter()
            .filter(|u| **u)
            .count();
        let all = used_cols.iter().filter(|u| **u).count();
        2 * inside > all && inside >= 2
    };
    for r in 0..grid.n_rows() {
        let own = own_cells(grid, r, logical);
        let filled: Vec<String> = own
            .iter()
            .filter_map(|(k, _)| texts.get(*k))
            .map(|t| t.joined())
            .filter(|t| !t.trim().is_empty())
            .collect();
        // spreadsheet exports draw the whole sheet: empty rows above the
        // title, a caption row of two cells (编制单位 … | 单位：元)
        let single_row = own
            .iter()
            .all(|(k, _)| grid.cells.get(*k).is_some_and(|c| c.r1 == r + 1));
        if filled.is_empty() && single_row && title.is_none() && caption.is_empty() {
            continue;
        }
        // one filled cell across most of the table (a sheet may draw the
        // title cell short of the last column, beside an empty cell)
        let wide = |c: &super::grid::Cell| {
            (2 * (c.c1 - c.c0) > grid.n_cols() || span_used(c)) && c.r1 == r + 1
        };
        let with_text: Vec<&(usize, usize)> = own
            .iter()
            .filter(|(k, _)| texts.get(*k).is_some_and(|t| !t.joined().trim().is_empty()))
            .collect();
        let full = with_text.len() == 1
            && with_text
                .first()
                .and_then(|(k, _)| grid.cells.get(*k))
                .is_some_and(wide);
        let all_captions = !filled.is_empty() && filled.iter().all(|t| vocab().is_caption(t));
        // one wide cell holding the title, the table number and the
        // caption on lines of their own (收支预算总表 / 公开表一 / 部门：… 单位：万元)
        let block = if full && title.is_none() {
            with_text
                .first()
                .and_then(|(k, _)| texts.get(*k))
                .and_then(|t| split_title_block(&t.lines))
        } else {
            None
        };
        match filled.as_slice() {
            [text] if full && title.is_none() && vocab().is_title(text) => {
                title = Some(text.clone())
            }
            [_] if block.is_some() => {
                if let Some((t, c)) = block {
                    title = Some(t);
                    caption.extend(c);
                }
            }
            _ if all_captions => caption.extend(filled),
            [text] if full && title.is_some() => caption.push(text.clone()),
            _ => return (title, caption, r),
        }
    }
    (title, caption, grid.n_rows())
}

/// The lines of one cell as a title and its captions: exactly one line
/// reads as a title and every other as a caption or table number. `None`
/// otherwise (a header cell, a form's text).
fn split_title_block(lines: &[(f32, String)]) -> Option<(String, Vec<String>)> {
    if lines.len() < 2 {
        return None;
    }
    let v = vocab();
    let mut title = None;
    let mut caption = Vec::new();
    for (_, l) in lines {
        if l.trim().is_empty() {
            continue;
        }
        if v.is_caption(l) {
            caption.push(l.clone());
        } else if title.is_none() && v.is_title(l) {
            title = Some(l.clone());
        } else {
            return None;
        }
    }
    title.map(|t| (t, caption))
}

/// Index of the first body row (rows before it are the header).
fn split_header(
    grid: &Grid,
    texts: &[CellText],
    logical: &[usize],
    n_cols: usize,
    first: usize,
) -> (usize, bool) {
    for r in first..grid.n_rows() {
        let cells = row_cells(grid, texts, logical, r, n_cols);
        let refs: Vec<&str> = cells.iter().map(|c| c.as_str()).collect();
        // the drawn cell under a logical column is one row high
        let single = |lc: usize| {
            let c = logical.iter().position(|&l| l == lc).unwrap_or(0);
            grid.cell_at(r, c)
                .and_then(|k| grid.cells.get(k))
                .is_some_and(|c| c.r1 == c.r0 + 1)
        };
        if is_body_row(&refs, single) {
            return (r, true);
        }
    }
    // No body row: a table printed empty, header only (its empty body rows
    // carry no text). Every row with text is header.
    let end = (0..grid.n_rows())
        .rev()
        .find(|&r| {
            row_cells(grid, texts, logical, r, n_cols)
                .iter()
                .any(|c| !c.trim().is_empty())
        })
        .map_or(0, |r| r + 1);
    (end, false)
}

fn header_pieces(
    grid: &Grid,
    texts: &[CellText],
    logical: &[usize],
    first: usize,
    header_end: usize,
    n_cols: usize,
) -> Vec<HeaderPiece> {
    let mut out = Vec::new();
    for r in first..header_end {
        let cells = row_cells(grid, texts, logical, r, n_cols);
        let refs: Vec<&str> = cells.iter().map(|c| c.as_str()).collect();
        if is_column_numbers(&refs) {
            continue;
        }
        for (k, _) in own_cells(grid, r, logical) {
            let (Some(cell), Some(t)) = (grid.cells.get(k), texts.get(k)) else {
                continue;
            };
            let c0 = logical.get(cell.c0).copied().unwrap_or(0);
            let c1 = logical.get(cell.c1.saturating_sub(1)).copied().unwrap_or(0) + 1;
            out.push(HeaderPiece {
                row: r,
                c0,
                c1,
                text: t.joined(),
            });
        }
    }
    out
}

/// Body rows. A drawn row usually holds one printed row; when a producer
/// leaves out the rules between rows, one drawn row holds several lines
/// with amounts, and is split at its baselines.
fn body_rows(
    grid: &Grid,
    texts: &[CellText],
    claimed: &[bool],
    logical: &[usize],
    header_end: usize,
    n_cols: usize,
    s: &Settings,
) -> (Vec<DraftRow>, Vec<String>) {
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for r in header_end..grid.n_rows() {
        let own: Vec<(usize, usize)> = own_cells(grid, r, logical)
            .into_iter()
            .filter(|(k, _)| !claimed.get(*k).copied().unwrap_or(false))
            .collect();
        let y = grid.ys.get(r).copied().unwrap_or(0.0);
        // a single cell across the whole table: a note or a section label
        if own.len() == 1 && n_cols > 1 {
            let t = texts.get(own[0].0).map(|t| t.joined()).unwrap_or_default();
            if vocab().is_note(&t) {
                notes.push(t);
                continue;
            }
        }
        // several printed rows in one drawn row: some cell holds amounts
        // on two or more lines
        let stacked = own.iter().filter_map(|(k, _)| texts.get(*k)).any(|t| {
            t.lines
                .iter()
                .filter(|(_, l)| is_number(l) && l.contains('.'))
                .count()
                >= 2
        });
        if stacked {
            // split: every line of every cell goes to its own baseline row
            let mut all: Vec<(f32, usize, String)> = Vec::new();
            for (k, lc) in &own {
                if let Some(t) = texts.get(*k) {
                    for (ly, l) in &t.lines {
                        all.push((*ly, *lc, l.clone()));
                    }
                }
            }
            all.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut sub: Vec<DraftRow> = Vec::new();
            for (ly, lc, l) in all {
                let tol = s.line_baseline_tolerance * 10.0;
                if !sub.last().is_some_and(|row| (ly - row.y).abs() <= tol) {
                    sub.push(DraftRow {
                        cells: vec![String::new(); n_cols],
                        y: ly,
                    });
                }
                if let Some(slot) = sub.last_mut().and_then(|row| row.cells.get_mut(lc)) {
                    push_piece(slot, &l);
                }
            }
            rows.extend(sub);
            continue;
        }
        let mut cells = vec![String::new(); n_cols];
        for (k, lc) in &own {
            if let (Some(slot), Some(t)) = (cells.get_mut(*lc), texts.get(*k)) {
                push_piece(slot, &t.joined());
            }
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push(DraftRow { cells, y });
    }
    (rows, notes)
}

#[cfg(test)]
mod tests {
    use super::super::grid::find_grids;
    use super::super::grid::tests::{hr, vr};
    use super::super::lines::tests::run;
    use super::*;

    /// A 4-column ruled table: 科目名称 | 一般公共预算支出 (合计, 基本支出 wrapped, 项目支出),
    /// three header rows, two body rows.
    pub fn small_ruled() -> (Vec<crate::model::Rule>, Vec<Glyph>) {
        let xs = [0.0, 100.0, 200.0, 300.0, 400.0];
        let mut rules = vec![];
        for y in [0.0, 20.0, 60.0, 80.0, 100.0] {
            rules.push(hr(y, 0.0, 400.0));
        }
        // the 20.0 rule is only drawn over the parent span
        rules.remove(1);
        rules.push(hr(20.0, 100.0, 400.0));
        for (i, x) in xs.iter().enumerate() {
            let top = if i == 2 || i == 3 { 20.0 } else { 0.0 };
            rules.push(vr(*x, top, 100.0));
        }
        let mut g = run("科目名称", 10.0, 45.0, 10.0);
        g.extend(run("一般公共预算支出", 180.0, 14.0, 10.0));
        g.extend(run("合计", 110.0, 45.0, 10.0));
        g.extend(run("基本支", 210.0, 38.0, 10.0));
        g.extend(run("出", 210.0, 52.0, 10.0));
        g.extend(run("项目支出", 310.0, 45.0, 10.0));
        g.extend(run("行政运行", 10.0, 75.0, 10.0));
        g.extend(run("16726725.44", 130.0, 75.0, 10.0));
        g.extend(run("16726725.44", 230.0, 75.0, 10.0));
        g.extend(run("0.00", 370.0, 75.0, 10.0));
        g.extend(run("合计", 10.0, 95.0, 10.0));
        g.extend(run("1,726.00", 150.0, 95.0, 10.0));
        (rules, g)
    }

    #[test]
    fn ruled_table_headers_and_rows() {
        let s = Settings::default();
        let (rules, g) = small_ruled();
        let grids = find_grids(&rules, &s);
        assert_eq!(grids.len(), 1);
        let idx: Vec<usize> = (0..g.len()).collect();
        let inside = glyphs_inside(&grids[0], &g, &idx);
        let d = grid_to_draft(&grids[0], &g, &inside, 3, &s);
        assert_eq!(
            d.columns,
            vec![
                "科目名称",
                "一般公共预算支出/合计",
                "一般公共预算支出/基本支出",
                "一般公共预算支出/项目支出"
            ]
        );
        assert_eq!(d.rows.len(), 2);
        assert_eq!(
            d.rows[0].cells,
            vec!["行政运行", "16726725.44", "16726725.44", "0.00"]
        );
        assert_eq!(d.rows[1].cells, vec!["合计", "1,726.00", "", ""]);
    }
}

#[cfg(test)]
mod form_tests {
    use super::super::grid::find_grids;
    use super::super::grid::tests::{hr, vr};
    use super::super::lines::tests::run;
    use super::*;

    #[test]
    fn title_printed_inside_the_grid() {
        let mut rules = vec![];
        for y in [0.0, 20.0, 40.0, 60.0] {
            rules.push(hr(y, 0.0, 300.0));
        }
        rules.push(vr(0.0, 0.0, 60.0));
        rules.push(vr(300.0, 0.0, 60.0));
        rules.push(vr(150.0, 40.0, 60.0));
        rules.push(vr(150.0, 20.0, 40.0));
        let mut g = run("项目支出绩效目标表", 80.0, 15.0, 10.0);
        g.extend(run("项目名称", 10.0, 35.0, 10.0));
        g.extend(run("信息化建设", 160.0, 35.0, 10.0));
        g.extend(run("项目资金", 10.0, 55.0, 10.0));
        g.extend(run("4,100,000.00", 160.0, 55.0, 10.0));
        let s = Settings::default();
        let grids = find_grids(&rules, &s);
        let idx: Vec<usize> = (0..g.len()).collect();
        let d = grid_to_draft(&grids[0], &g, &glyphs_inside(&grids[0], &g, &idx), 1, &s);
        assert_eq!(d.title.as_deref(), Some("项目支出绩效目标表"));
        assert_eq!(d.columns, vec!["项目名称", "信息化建设"]);
        assert_eq!(d.rows[0].cells, vec!["项目资金", "4,100,000.00"]);
    }

    #[test]
    fn sheet_title_cell_short_of_the_last_column() {
        // a spreadsheet sheet: the title cell spans columns 0..2 of 3, an
        // empty cell beside it
        let mut rules = vec![];
        for y in [0.0, 20.0, 40.0, 60.0] {
            rules.push(hr(y, 0.0, 300.0));
        }
        for x in [0.0, 200.0, 300.0] {
            rules.push(vr(x, 0.0, 60.0));
        }
        rules.push(vr(100.0, 20.0, 60.0));
        let mut g = run("2025年财政拨款收支预算总表", 20.0, 15.0, 10.0);
        g.extend(run("项目", 10.0, 35.0, 10.0));
        g.extend(run("预算数", 110.0, 35.0, 10.0));
        g.extend(run("合计", 210.0, 35.0, 10.0));
        g.extend(run("一、一般公共预算", 10.0, 55.0, 8.0));
        g.extend(run("5.00", 110.0, 55.0, 10.0));
        g.extend(run("5.00", 210.0, 55.0, 10.0));
        let s = Settings::default();
        let grids = find_grids(&rules, &s);
        let idx: Vec<usize> = (0..g.len()).collect();
        let d = grid_to_draft(&grids[0], &g, &glyphs_inside(&grids[0], &g, &idx), 1, &s);
        assert_eq!(d.title.as_deref(), Some("2025年财政拨款收支预算总表"));
        assert_eq!(d.columns, vec!["项目", "预算数", "合计"]);
        assert_eq!(d.rows.len(), 1);
    }
}
