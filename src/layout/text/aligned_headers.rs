//! Header cells moved over the columns their body lines up in.
//!
//! pdftotext -layout keeps the amounts of a table in line (they are
//! right-aligned, and their digits are as wide as its grid), but a header
//! full of Chinese drifts: each Chinese glyph is wider or narrower than the
//! grid cell it is printed in, so a header cell lands a few columns left or
//! right of the amounts it names, often over the neighbouring column. The
//! columns are therefore taken from the body first: the amounts' right
//! edges (and the left edges of text cells) that line up from row to row;
//! then each header cell is attached to the nearest column span, in order
//! (header cells of one line name distinct columns, left to right), and
//! moved over it, so that the geometric layout sees the header where the
//! page had it.

use super::aligned_cells::Cell;
use crate::amount::is_placeholder;

/// Edges within this many columns line up (pdftotext moves a right edge
/// by one column now and then, e.g. after a thousands separator).
const EDGE_TOLERANCE: f32 = 2.0;
/// A header block is at most this many lines above its first body row.
const MAX_HEADER_LINES: usize = 6;
/// At most this many lines below the header are read for the columns.
const MAX_BODY_LINES: usize = 60;
/// A column is an edge shared by at least this fraction of the body rows
/// read (and by two rows when there are two or more): an indented or
/// wrapped name does not make a column.
const MIN_COLUMN_SUPPORT: f32 = 0.2;
/// Cost (in columns, beyond its own width) of leaving a header cell where
/// it is rather than attaching it to a column: a cell is attached unless
/// every column is farther than its own width and this.
const SKIP_COST: f32 = 2.0;
/// Blank columns kept between moved header cells of one line, so that
/// they stay separate cells.
const MIN_GAP: f32 = 1.0;

/// A body row: two or more cells, one of them an amount.
pub fn is_row(cells: &[Cell]) -> bool {
    cells.len() >= 2 && cells.iter().any(|c| c.amount)
}

/// Where a header cell goes: its new first column and the pitch of its
/// characters (1 = as printed; less when it is squeezed into a narrow
/// column).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    pub a: f32,
    pub pitch: f32,
}

/// For every line of a page (its cells), the new place of each cell that
/// moves: header cells over their columns, and body text cells that
/// pdftotext pushed into an amount column (a name printed one blank after
/// the amount before it, or in the place of a missing one) right of it.
pub fn places(lines: &[Vec<Cell>], unit_line: &[bool]) -> Vec<Vec<Option<Place>>> {
    let mut out: Vec<Vec<Option<Place>>> = lines.iter().map(|l| vec![None; l.len()]).collect();
    let mut covered = vec![false; lines.len()];
    for first in 0..lines.len() {
        if covered[first] || !is_row(&lines[first]) || (first > 0 && is_row(&lines[first - 1])) {
            continue;
        }
        let body = body_lines(lines, first);
        for &j in &body {
            covered[j] = true;
        }
        let amounts = columns_of(lines, &body, true);
        for (j, k, p) in squeezed_codes(lines, &body) {
            out[j][k] = Some(p);
        }
        let mut shifted: Vec<Vec<Cell>> = Vec::new();
        for &j in &body {
            let mut l = lines[j].clone();
            for (k, c) in l.iter_mut().enumerate() {
                if let Some(p) = out[j][k] {
                    c.b = p.a + (c.b - c.a) * p.pitch;
                    c.a = p.a;
                    continue;
                }
                if let Some(p) = out_of_amount_column(c, &amounts) {
                    out[j][k] = Some(p);
                    c.b = p.a + (c.b - c.a) * p.pitch;
                    c.a = p.a;
                }
            }
            shifted.push(l);
        }
        let all: Vec<usize> = (0..shifted.len()).collect();
        let mut columns = columns_of(&shifted, &all, true);
        columns.extend(columns_of(&shifted, &all, false));
        let columns = merged(columns);
        let Some(block) = header_block(lines, unit_line, first) else {
            continue;
        };
        if columns.is_empty() {
            continue;
        }
        let named = named_lines(lines, &block);
        // only a header set over two or more lines is named one to one: a
        // single line keeps the nearest-column placement (one cell per
        // column on one line is as often a caption over a one-column body)
        let moved = (named.len() >= 2)
            .then(|| place_block(lines, &block, &named, &columns))
            .flatten();
        if let Some(moved) = moved {
            for (j, p) in moved {
                out[j] = p;
            }
            continue;
        }
        for &j in &named {
            if let Some(p) = place_line(&lines[j], &columns) {
                out[j] = p;
            }
        }
    }
    out
}

/// The lines of header `block` whose cells name columns one each: all but
/// the top ones that are no such line. A top line with fewer cells than
/// the block's fullest is a group header (`收入 … 支出`, `本年收入`)
/// spanning several columns, or the wrapped end of the title (`元）`), and
/// so is a lone cell right under it, above the fullest line (`本年收入`
/// under `元）`): they stay centred where they were printed.
fn named_lines(lines: &[Vec<Cell>], block: &[usize]) -> Vec<usize> {
    let widest = block.iter().map(|&j| lines[j].len()).max().unwrap_or(0);
    let mut top = 0;
    while top < block.len()
        && block.len() > 1
        && lines[block[top]].len() < widest
        && (top == 0 || lines[block[top]].len() == 1)
    {
        top += 1;
    }
    block[top..].to_vec()
}

/// The lines of the body that starts at row `first`: rows, and the
/// wrapped parts of names between them, up to a new header (a line of
/// several cells without an amount) or [`MAX_BODY_LINES`].
fn body_lines(lines: &[Vec<Cell>], first: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for (j, l) in lines.iter().enumerate().skip(first).take(MAX_BODY_LINES) {
        if !is_row(l) && l.len() >= 2 {
            break;
        }
        out.push(j);
    }
    out
}

/// A body text cell that starts inside an amount column (or one blank
/// after it) was pushed there
/// by pdftotext (its own place was taken by the amount before it, or the
/// amount is missing on its line): it goes right after that column, at a
/// cell gap, squeezed if the next column is near.
fn out_of_amount_column(c: &Cell, amounts: &[Column]) -> Option<Place> {
    if c.amount || is_placeholder(&c.text) {
        return None;
    }
    // it runs on past the column's end: a label that fits inside the
    // column (`类` over the class codes) is that column's own text
    let k = amounts
        .iter()
        .position(|col| col.a <= c.a && c.a < col.b + CELL_GAP && c.b > col.b)?;
    let a = amounts[k].b + CELL_GAP;
    let width = c.b - c.a;
    let room = amounts
        .get(k + 1)
        .map_or(f32::INFINITY, |n| n.a - CELL_GAP - a);
    if room <= 0.0 {
        return None;
    }
    let pitch = if width > room { room / width } else { 1.0 };
    Some(Place { a, pitch })
}

/// Blank columns between a moved body cell and the amounts beside it: two,
/// a cell break in any text.
const CELL_GAP: f32 = 2.0;

/// Rows of a body that must show a code squeezed against the amount before
/// it before that code column is moved: one such row may be chance.
const MIN_SQUEEZED_ROWS: usize = 2;

/// A classification code (`302`, `30201`, `2080505`): digits only, without
/// separators or decimals.
fn is_code(text: &str) -> bool {
    (3..=7).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

/// The code column of a table's right half that pdftotext printed one
/// blank after the left half's amounts (`2,784.61 302`, `566.82 30201`):
/// the codes touch the amounts above and below them, so no gap separates
/// the two columns and the geometric layout reads them as one. When two or
/// more rows show a code one blank after an amount with decimals or
/// thousands separators (a code is no such amount's neighbour in one
/// column), every code after an amount
/// and starting where those codes start goes right of all those amounts,
/// at a cell gap, left-aligned as codes are, squeezed if the cell after it
/// is near.
fn squeezed_codes(lines: &[Vec<Cell>], body: &[usize]) -> Vec<(usize, usize, Place)> {
    // (line, cell) of every code right after an amount
    let mut after_amount: Vec<(usize, usize)> = Vec::new();
    let mut squeezed: Vec<f32> = Vec::new();
    for &j in body {
        let l = &lines[j];
        for k in 1..l.len() {
            let (p, c) = (&l[k - 1], &l[k]);
            if !(is_code(&c.text) && p.amount) {
                continue;
            }
            after_amount.push((j, k));
            if p.text.contains(['.', ',']) && c.a - p.b <= 1.0 {
                squeezed.push(c.a);
            }
        }
    }
    if squeezed.len() < MIN_SQUEEZED_ROWS {
        return Vec::new();
    }
    let lo = squeezed.iter().copied().fold(f32::INFINITY, f32::min) - EDGE_TOLERANCE;
    let hi = squeezed.iter().copied().fold(f32::NEG_INFINITY, f32::max) + EDGE_TOLERANCE;
    let column: Vec<(usize, usize)> = after_amount
        .into_iter()
        .filter(|&(j, k)| (lo..=hi).contains(&lines[j][k].a))
        .collect();
    let a = column
        .iter()
        .map(|&(j, k)| lines[j][k - 1].b)
        .fold(f32::NEG_INFINITY, f32::max)
        + CELL_GAP;
    let mut out = Vec::new();
    for (j, k) in column {
        let l = &lines[j];
        let c = &l[k];
        if c.a >= a {
            continue;
        }
        let width = c.b - c.a;
        let room = l.get(k + 1).map_or(f32::INFINITY, |n| n.a - CELL_GAP - a);
        if room <= 0.0 {
            continue;
        }
        let pitch = if width > room { room / width } else { 1.0 };
        out.push((j, k, Place { a, pitch }));
    }
    out
}

/// The header lines above body row `first`: the non-blank lines without
/// amounts right above it, up to a blank line, the unit line or the top of
/// the page. None when a body row comes first (the lines are wrapped
/// parts of names between rows, not a header).
fn header_block(lines: &[Vec<Cell>], unit_line: &[bool], first: usize) -> Option<Vec<usize>> {
    let mut block = Vec::new();
    let mut j = first;
    while j > 0 {
        j -= 1;
        let l = &lines[j];
        if l.is_empty() || unit_line[j] {
            break;
        }
        if is_row(l) || l.iter().any(|c| c.amount) || block.len() == MAX_HEADER_LINES {
            return None;
        }
        block.push(j);
    }
    block.reverse();
    (!block.is_empty()).then_some(block)
}

/// A column of the body: its span.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Column {
    a: f32,
    b: f32,
}

impl Column {
    fn centre(&self) -> f32 {
        (self.a + self.b) / 2.0
    }
}

/// The columns rows `body` of `lines` line up in, of amounts (right edges
/// of amounts and placeholders) or of text (left edges of other cells),
/// each edge shared by enough rows.
fn columns_of(lines: &[Vec<Cell>], body: &[usize], amounts: bool) -> Vec<Column> {
    let mut rows = 0usize;
    // (edge, span)
    let mut edges: Vec<(f32, f32, f32)> = Vec::new();
    for &j in body {
        let l = &lines[j];
        if !is_row(l) {
            continue;
        }
        rows += 1;
        for c in l {
            let right = c.amount || is_placeholder(&c.text);
            if right == amounts {
                edges.push((if right { c.b } else { c.a }, c.a, c.b));
            }
        }
    }
    let need = ((rows as f32 * MIN_COLUMN_SUPPORT).ceil() as usize).max(rows.min(2));
    edges.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut columns = Vec::new();
    let mut i = 0;
    while i < edges.len() {
        let mut j = i + 1;
        while j < edges.len() && edges[j].0 - edges[j - 1].0 <= EDGE_TOLERANCE {
            j += 1;
        }
        if j - i >= need {
            let a = edges[i..j]
                .iter()
                .map(|x| x.1)
                .fold(f32::INFINITY, f32::min);
            let b = edges[i..j]
                .iter()
                .map(|x| x.2)
                .fold(f32::NEG_INFINITY, f32::max);
            columns.push(Column { a, b });
        }
        i = j;
    }
    merged(columns)
}

/// Columns in order, overlapping spans joined.
fn merged(mut columns: Vec<Column>) -> Vec<Column> {
    columns.sort_by(|x, y| x.a.total_cmp(&y.a));
    let mut out: Vec<Column> = Vec::new();
    for c in columns {
        match out.last_mut() {
            Some(m) if c.a < m.b => m.b = m.b.max(c.b),
            _ => out.push(c),
        }
    }
    out
}

/// The places of the cells of header lines `block` when, stacked across
/// the lines, they name the body's columns one to one: a stack is the
/// cells of different lines that overlap (a header wrapped over lines,
/// `政府性基金预算拨` / `款`), and when there are exactly as many stacks
/// as columns, the k-th stack from the left names the k-th column. Per
/// line, the nearest column is not enough: a long cell drifted over its
/// left neighbour's column (`一般公共预算拨款` over the 上年结转 figures)
/// is already over a column, and two lines' cells then name one column
/// while the next has none, so that every figure after it is read one
/// column off. None (each line placed on its own) when a cell overlaps
/// two of another line (a group header: it names several columns), when
/// the counts differ (a column printed empty in every row, a header cell
/// over none), when a stack lies nearer another column than the
/// neighbours of its own ([`drifted_too_far`]: the counts agree by
/// chance, e.g. 类/款/项 code pieces against one `科目编码`), or when two
/// moved cells of a line would touch, or when a line of the `whole`
/// header block (its top group line included) holds a group cell
/// ([`has_group`]). Only cells whose centre lies outside their column's
/// share of the line move.
fn place_block(
    lines: &[Vec<Cell>],
    whole: &[usize],
    block: &[usize],
    columns: &[Column],
) -> Option<Vec<(usize, Vec<Option<Place>>)>> {
    // every cell of the block: (line, cell)
    let cells: Vec<(usize, usize)> = block
        .iter()
        .flat_map(|&j| (0..lines[j].len()).map(move |k| (j, k)))
        .collect();
    let cell = |i: usize| &lines[cells[i].0][cells[i].1];
    // stacks: cells of different lines joined by overlap (union-find)
    let mut parent: Vec<usize> = (0..cells.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for x in 0..cells.len() {
        for y in x + 1..cells.len() {
            let (p, q) = (cell(x), cell(y));
            if cells[x].0 != cells[y].0 && p.a < q.b && q.a < p.b {
                let (rx, ry) = (root(&mut parent, x), root(&mut parent, y));
                parent[rx] = ry;
            }
        }
    }
    let mut stacks: Vec<Vec<usize>> = Vec::new();
    let mut index: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for x in 0..cells.len() {
        let r = root(&mut parent, x);
        let s = *index.entry(r).or_insert_with(|| {
            stacks.push(Vec::new());
            stacks.len() - 1
        });
        stacks[s].push(x);
    }
    if stacks.len() != columns.len() || whole.iter().any(|&j| has_group(lines, whole, j)) {
        return None;
    }
    // a stack holding two cells of one line: a cell over both (a group)
    for s in &stacks {
        let mut seen: Vec<usize> = s.iter().map(|&x| cells[x].0).collect();
        seen.sort_unstable();
        if seen.windows(2).any(|w| w[0] == w[1]) {
            return None;
        }
    }
    let extent = |s: &[usize]| {
        s.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |e, &x| {
            (e.0.min(cell(x).a), e.1.max(cell(x).b))
        })
    };
    stacks.sort_by(|p, q| {
        let (e, f) = (extent(p), extent(q));
        (e.0 + e.1).total_cmp(&(f.0 + f.1))
    });
    let centres: Vec<f32> = stacks
        .iter()
        .map(|s| {
            let e = extent(s);
            (e.0 + e.1) / 2.0
        })
        .collect();
    if drifted_too_far(&centres, columns) {
        return None;
    }
    let mut out: std::collections::BTreeMap<usize, Vec<Option<Place>>> = block
        .iter()
        .map(|&j| (j, vec![None; lines[j].len()]))
        .collect();
    for (k, (s, col)) in stacks.iter().zip(columns).enumerate() {
        // the column's share of the line: halfway to its neighbours, as
        // the geometric layout's separators split the gaps
        let lo = k
            .checked_sub(1)
            .map_or(f32::NEG_INFINITY, |p| (columns[p].b + col.a) / 2.0);
        let hi = columns
            .get(k + 1)
            .map_or(f32::INFINITY, |n| (col.b + n.a) / 2.0);
        for &x in s {
            let c = cell(x);
            // a cell centred in its own column's share stays as printed:
            // the layout already reads it there, and a group header above
            // it (which stays) is still centred over its children as
            // printed
            if lo < c.centre() && c.centre() < hi {
                continue;
            }
            let width = c.b - c.a;
            let room = col.b - col.a + MIN_GAP;
            let pitch = if width > room { room / width } else { 1.0 };
            out.get_mut(&cells[x].0)?[cells[x].1] = Some(Place {
                a: col.centre() - width * pitch / 2.0,
                pitch,
            });
        }
    }
    // the moved cells of a line stay apart and in order
    for (&j, places) in &out {
        let mut last: Option<f32> = None;
        for (c, p) in lines[j].iter().zip(places) {
            let span = match p {
                Some(p) => (p.a, p.a + (c.b - c.a) * p.pitch),
                None => (c.a, c.b),
            };
            if last.is_some_and(|l| span.0 < l + MIN_GAP) {
                return None;
            }
            last = Some(span.1);
        }
    }
    Some(
        out.into_iter()
            .filter(|(_, p)| p.iter().any(|x| x.is_some()))
            .collect(),
    )
}

/// Does header line `j` of `block` hold a group cell: one that overlaps a
/// single cell of a line below whose neighbours on both sides overlap
/// nothing on line `j` (`公务用车购置及运行费` over `小计 购置费 运行费`:
/// it overlaps only its middle child, the others sit under the gaps beside
/// it)? Such a block's stacks can match the columns in number while the
/// group names several of them. A wrapped cell's tail (`款` under
/// `政府性基金预算拨`) has no such neighbours.
fn has_group(lines: &[Vec<Cell>], block: &[usize], j: usize) -> bool {
    let overlaps = |p: &Cell, q: &Cell| p.a < q.b && q.a < p.b;
    let under_a_gap = |n: &Cell| !lines[j].iter().any(|c| overlaps(c, n));
    lines[j].iter().any(|x| {
        block.iter().filter(|&&i| i > j).any(|&i| {
            let below = &lines[i];
            let hit: Vec<usize> = (0..below.len())
                .filter(|&k| overlaps(x, &below[k]))
                .collect();
            match hit.as_slice() {
                [y] if *y > 0 && y + 1 < below.len() => {
                    under_a_gap(&below[y - 1]) && under_a_gap(&below[y + 1])
                }
                _ => false,
            }
        })
    })
}

/// Does a header stack centred at `centres[k]` (one per column, in order)
/// lie outside the centres of its column's neighbours? pdftotext's drift
/// moves a header by less than one column; a stack beyond a neighbour's
/// centre is named by that neighbour's header, not by its own.
fn drifted_too_far(centres: &[f32], columns: &[Column]) -> bool {
    centres.iter().enumerate().any(|(k, &x)| {
        let lo = k
            .checked_sub(1)
            .map_or(f32::NEG_INFINITY, |p| columns[p].centre());
        let hi = columns.get(k + 1).map_or(f32::INFINITY, |n| n.centre());
        x <= lo || x >= hi
    })
}

/// The places of one header line's cells: an order-keeping assignment of
/// cells to columns of least total distance between centres (a cell may be
/// left where it is at [`SKIP_COST`] beyond its width; one printed over
/// two columns is). None when nothing
/// moves or the moved cells would touch.
fn place_line(cells: &[Cell], columns: &[Column]) -> Option<Vec<Option<Place>>> {
    let (m, n) = (cells.len(), columns.len());
    // a cell printed over two or more columns spans them (`功能分类科目编码`
    // over 类 款 项): it stays where it is
    let spanning: Vec<bool> = cells
        .iter()
        .map(|c| columns.iter().filter(|k| k.a < c.b && c.a < k.b).count() >= 2)
        .collect();
    // cost[i][j]: best cost of cells[..i] over columns[..j]
    let mut cost = vec![vec![f32::INFINITY; n + 1]; m + 1];
    let mut back = vec![vec![0u8; n + 1]; m + 1];
    for j in 0..=n {
        cost[0][j] = 0.0;
    }
    for i in 1..=m {
        let skip = SKIP_COST + (cells[i - 1].b - cells[i - 1].a);
        cost[i][0] = cost[i - 1][0] + skip;
        back[i][0] = 1;
        for j in 1..=n {
            let d = if spanning[i - 1] {
                f32::INFINITY
            } else {
                (cells[i - 1].centre() - columns[j - 1].centre()).abs()
            };
            let options = [
                (cost[i - 1][j - 1] + d, 0u8),
                (cost[i - 1][j] + skip, 1u8),
                (cost[i][j - 1], 2u8),
            ];
            let best = options
                .iter()
                .copied()
                .fold((f32::INFINITY, 0u8), |x, y| if y.0 < x.0 { y } else { x });
            cost[i][j] = best.0;
            back[i][j] = best.1;
        }
    }
    let mut to: Vec<Option<usize>> = vec![None; m];
    let (mut i, mut j) = (m, n);
    while i > 0 {
        match back[i][j] {
            0 => {
                to[i - 1] = Some(j - 1);
                i -= 1;
                j -= 1;
            }
            1 => i -= 1,
            _ => j -= 1,
        }
    }
    let mut out = vec![None; m];
    let mut spans: Vec<(f32, f32)> = Vec::new();
    for (k, c) in cells.iter().enumerate() {
        let width = c.b - c.a;
        // a cell already over its column, and over no other, stays as
        // printed: only cells the drift put elsewhere move
        let over = |k: &Column| k.a < c.b && c.a < k.b;
        let target = to[k].filter(|&col| {
            !(over(&columns[col]) && columns.iter().filter(|k| over(k)).count() == 1)
        });
        let place = target.map(|col| {
            let col = columns[col];
            let room = col.b - col.a + MIN_GAP;
            let pitch = if width > room { room / width } else { 1.0 };
            Place {
                a: col.centre() - width * pitch / 2.0,
                pitch,
            }
        });
        let span = match place {
            Some(p) => (p.a, p.a + width * p.pitch),
            None => (c.a, c.b),
        };
        if spans.last().is_some_and(|l| span.0 < l.1 + MIN_GAP) {
            return None;
        }
        spans.push(span);
        out[k] = place;
    }
    out.iter().any(|p| p.is_some()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::aligned::Widths;
    use crate::layout::text::aligned_cells::cells;

    /// The header of a 部门收入总表 as pdftotext printed it: the Chinese
    /// header cells sit left of their amounts, `政府性基金` over the
    /// `一般公共预算` amounts.
    const TABLE: [&str; 6] = [
        "                                                            本年收入",
        " 科目编码             科目名称       合计        上年结转     一般公共预 政府性基金",
        "                                                                   事业收入     其他收入",
        "                                                 算拨款   预算拨款",
        "208       社会保障和就业支出          201.11      0.00     201.11    0.00     0.00      0.00",
        "                  合计       1,065.72     0.00    1,065.72   0.00     0.00      0.00",
    ];

    #[test]
    fn header_cells_go_over_the_amounts_they_name() {
        let lines: Vec<Vec<Cell>> = TABLE.iter().map(|t| cells(t, Widths(1.0))).collect();
        let p = places(&lines, &[false; 6]);
        // the group header stays
        assert!(p[0].iter().all(|x| x.is_none()));
        let mut cols = columns_of(&lines, &[4, 5], true);
        cols.extend(columns_of(&lines, &[4, 5], false));
        let cols = merged(cols);
        let centre_of = |line: usize, cell: usize| {
            let c = &lines[line][cell];
            match p[line][cell] {
                Some(pl) => pl.a + (c.b - c.a) * pl.pitch / 2.0,
                None => c.centre(),
            }
        };
        let col_of = |x: f32| cols.iter().position(|c| c.a <= x && x <= c.b);
        // 一般公共预 over the 201.11 column, 政府性基金 over the next
        assert_eq!(col_of(centre_of(1, 4)), col_of(53.0));
        assert_eq!(col_of(centre_of(1, 5)), col_of(62.0));
        assert_eq!(col_of(centre_of(3, 1)), col_of(62.0));
        assert_eq!(col_of(centre_of(2, 0)), col_of(71.0));
        // cells already over their own column stay as printed
        assert!(p[1][4].is_none() && p[2][0].is_none());
        assert!(p[1][5].is_some() && p[3][1].is_some());
    }

    /// A 部门收入总表 header from a drawn (calc) document's -layout text:
    /// `一般公共预算拨款` drifted left over the 上年结转 figures and
    /// `政府性基金预算拨` / `款` over the 一般公共预算拨款 ones, so that,
    /// line by line, two cells named one column and every figure after it
    /// was read one column off.
    const DRIFTED: [&str; 7] = [
        "                                                                      本年收入",
        "科目编码           科目名称       合计            上年结转                    政府性基金预算拨",
        "                                                 一般公共预算拨款                  事业收入       其他收入",
        "                                                                    款",
        "20807     就业补助              53.309515          0      53.309515         0         0            0",
        "2080705   公益性岗位补贴           53.309515          0      53.309515         0         0            0",
        "20808     抚恤                21.792031          0      21.792031         0         0            0",
    ];

    #[test]
    fn a_header_block_naming_every_column_names_them_one_to_one() {
        let lines: Vec<Vec<Cell>> = DRIFTED.iter().map(|t| cells(t, Widths(1.0))).collect();
        let p = places(&lines, &[false; 7]);
        let body = [4, 5, 6];
        let mut cols = columns_of(&lines, &body, true);
        cols.extend(columns_of(&lines, &body, false));
        let cols = merged(cols);
        assert_eq!(cols.len(), 8, "{cols:?}");
        let centre_of = |line: usize, cell: usize| {
            let c = &lines[line][cell];
            match p[line][cell] {
                Some(pl) => pl.a + (c.b - c.a) * pl.pitch / 2.0,
                None => c.centre(),
            }
        };
        // the column whose share (halfway to the neighbours) holds x
        let col_of = |x: f32| {
            (0..cols.len())
                .find(|&k| cols.get(k + 1).is_none_or(|n| x < (cols[k].b + n.a) / 2.0))
                .unwrap()
        };
        // 上年结转 3, 一般公共预算拨款 4, 政府性基金预算拨 + 款 5, 事业收入 6, 其他收入 7
        assert_eq!(col_of(centre_of(1, 3)), 3);
        assert_eq!(col_of(centre_of(2, 0)), 4);
        assert_eq!(col_of(centre_of(1, 4)), 5);
        assert_eq!(col_of(centre_of(3, 0)), 5);
        assert_eq!(col_of(centre_of(2, 1)), 6);
        assert_eq!(col_of(centre_of(2, 2)), 7);
        // the group header stays as printed
        assert!(p[0].iter().all(|x| x.is_none()));
    }

    /// `公务用车购置及运行费` over `小计 购置费 运行费` (a 三公 table read
    /// from a drawn writer document): the group overlaps only its middle
    /// child, so the stacks are as many as the columns; the block is not
    /// named one to one (the group would end over one column) and each line
    /// is placed on its own.
    #[test]
    fn a_group_over_its_middle_child_is_no_one_to_one_block() {
        let t = [
            "                            预算数                                                          决算数",
            "             因公出国           公务用车购置及运行费                                    因公出国           公务用车购置及运行费",
            "   合计                                                 公务接待费      合计                                                公务接待费",
            "             （境）费      小计         购置费       运行费                           （境）费      小计         购置费       运行费",
            "     59.44      0.00    46.04       29.67     16.37      13.40    52.55      0.00    41.10       25.80     15.30      11.45",
        ];
        let lines: Vec<Vec<Cell>> = t.iter().map(|t| cells(t, Widths(1.0))).collect();
        assert!(has_group(&lines, &[1, 2, 3], 1));
        let p = places(&lines, &[false; 5]);
        // the group and the children under it keep their columns
        let moved = |line: usize, cell: usize| {
            p[line][cell].map_or(lines[line][cell].centre(), |pl| {
                pl.a + (lines[line][cell].b - lines[line][cell].a) * pl.pitch / 2.0
            })
        };
        assert!((moved(1, 1) - lines[1][1].centre()).abs() < 3.0, "{p:?}");
        assert!((moved(3, 1) - lines[4][2].centre()).abs() < 4.0, "{p:?}");
    }

    /// A 部门收入总表 whose title wrapped (`元）` on a line of its own
    /// right above the header) and whose header numbers its columns
    /// (`栏次 1 2 …`): the title's end and the group header `本年收入`
    /// above the header's fullest line both stay, and the header is still
    /// named one to one (`政府性基金预算` over the 4th amount column).
    #[test]
    fn lines_above_the_fullest_header_line_stay() {
        let t = [
            "                    元）",
            "                                                                  本年收入",
            "  科目编码       科目名称      合计           上年结转       一般公共预算拨 政府性基金预算",
            "                                                                       事业收入       其他收入",
            "                                                  款       拨款",
            "                 栏次      1           2             3          4          5         6",
            "                 合计    31,008,944          0     31,008,944        0          0          0",
            "201       一般公共服务支出     21,429,705          0     21,429,705        0          0          0",
            "20101     人大事务         21,429,705          0     21,429,705        0          0          0",
        ];
        let lines: Vec<Vec<Cell>> = t.iter().map(|t| cells(t, Widths(1.0))).collect();
        let p = places(&lines, &[false; 9]);
        assert!(p[0].iter().chain(&p[1]).all(|x| x.is_none()), "{p:?}");
        let g = &lines[2][5];
        assert_eq!(g.text, "政府性基金预算");
        let moved = p[2][5].expect("moved");
        let centre = moved.a + (g.b - g.a) * moved.pitch / 2.0;
        // the 4th amount column: the `0` figures at 67..68
        assert!((centre - 67.5).abs() <= 1.0, "{moved:?}");
    }

    /// A 财政拨款收支总表 header set over three lines, its amount
    /// headers starting on a line above the fullest one: that line names
    /// columns, it is no group header; and the 部门收入总表 header above
    /// (title end and `本年收入` over the fullest line) without them.
    #[test]
    fn lines_naming_columns_start_below_the_group_lines() {
        let t = [
            "         收入                             支出",
            "                                         一般公共预 政府性基金 国有资本经",
            "    项目        金额       项目        合计",
            "                                           算      预算   营预算",
        ];
        let lines: Vec<Vec<Cell>> = t.iter().map(|t| cells(t, Widths(1.0))).collect();
        assert_eq!(named_lines(&lines, &[0, 1, 2, 3]), vec![1, 2, 3]);
        let t = [
            "                    元）",
            "                                                                  本年收入",
            "  科目编码       科目名称      合计           上年结转       一般公共预算拨 政府性基金预算",
            "                                                                       事业收入       其他收入",
            "                                                  款       拨款",
        ];
        let lines: Vec<Vec<Cell>> = t.iter().map(|t| cells(t, Widths(1.0))).collect();
        assert_eq!(named_lines(&lines, &[0, 1, 2, 3, 4]), vec![2, 3, 4]);
        assert_eq!(named_lines(&lines, &[2, 3, 4]), vec![2, 3, 4]);
    }

    #[test]
    fn wrapped_names_between_rows_are_no_header() {
        let t = [
            "2080501   行政单位离退休             77.61      0.00",
            "          机关事业单位基本养老保险缴费支",
            "2080505                       98.71      0.00",
        ];
        let lines: Vec<Vec<Cell>> = t.iter().map(|t| cells(t, Widths(1.0))).collect();
        let p = places(&lines, &[false; 3]);
        assert!(p.iter().flatten().all(|x| x.is_none()));
    }
}

#[cfg(test)]
mod body_tests {
    use super::*;
    use crate::layout::text::aligned::Widths;
    use crate::layout::text::aligned_cells::cells;

    /// The two halves of a 基本支出 table from a drawn document's -layout
    /// text: the right half's codes are printed one blank after the left
    /// half's amounts, so the two columns touched and were read as one.
    #[test]
    fn codes_squeezed_after_the_amounts_move_right_of_them() {
        let t = [
            " 301     工资福利支出          2,784.61 302       商品和服务支出         393.64",
            " 30101   基本工资             566.82 30201      办公费              28.68",
            " 30102   津贴补贴             756.89 30202      印刷费                 5.92",
            " 30103   奖金               114.12 30205      水费                  5.23",
            " 30305   生活补助                 5.70 30228    工会经费             17.18",
            // rows of the right half only, and the totals, whose edges
            // chain the amount and code columns into one span
            "                                    30231   公务用车运行维护费        13.04",
            "              人员经费合计     3,016.64                公用经费合计     398.22",
            "                合计       3,414.86",
        ];
        let lines: Vec<Vec<Cell>> = t.iter().map(|t| cells(t, Widths(1.0))).collect();
        let p = places(&lines, &[false; 8]);
        let amounts_end = (0..5).map(|j| lines[j][2].b).fold(0.0, f32::max);
        let mut starts = Vec::new();
        for (j, l) in lines.iter().enumerate().take(5) {
            assert!(is_code(&l[3].text), "{:?}", l[3]);
            let moved = p[j][3].expect("code moved");
            assert!(moved.a >= amounts_end + CELL_GAP, "{j}: {moved:?}");
            // it stays left of the name after it
            assert!(moved.a + (l[3].b - l[3].a) * moved.pitch < l[4].a, "{j}");
            starts.push(moved.a);
            // the amounts and the left half's codes stay
            assert!(p[j][0].is_none() && p[j][2].is_none());
        }
        // left-aligned, as codes are, and with the right half's own rows
        assert!(starts.iter().all(|&a| a == starts[0]), "{starts:?}");
        assert!((starts[0] - lines[5][0].a).abs() <= 1.0, "{starts:?}");
        assert!(p[5..].iter().flatten().all(|x| x.is_none()), "{p:?}");
    }

    /// The same in whole 元 (`29,284,607 302`, from a drawn document).
    #[test]
    fn codes_squeezed_after_whole_amounts_move_too() {
        let t = [
            "301     工资福利支出           14,064,672 302       商品和服务支出           2,221,195",
            "30101   基本工资              2,837,585 30201     办公费                   175,094",
            "30102   津贴补贴              3,793,680 30205     水费                     22,076",
        ];
        let lines: Vec<Vec<Cell>> = t.iter().map(|t| cells(t, Widths(1.0))).collect();
        let p = places(&lines, &[false; 3]);
        for (j, l) in lines.iter().enumerate() {
            let moved = p[j][3].expect("code moved");
            assert!(moved.a >= l[2].b + CELL_GAP, "{j}: {moved:?}");
        }
    }

    #[test]
    fn a_lone_code_after_an_amount_stays() {
        let t = [
            " 301     工资福利支出          2,784.61 302       商品和服务支出         393.64",
            " 30101   基本工资             566.82   30201    办公费              28.68",
            " 30102   津贴补贴             756.89   30202    印刷费                 5.92",
        ];
        let lines: Vec<Vec<Cell>> = t.iter().map(|t| cells(t, Widths(1.0))).collect();
        let p = places(&lines, &[false; 3]);
        assert!(p.iter().flatten().all(|x| x.is_none()), "{p:?}");
    }

    #[test]
    fn names_pushed_into_the_amount_column_move_out() {
        let t = [
            " 一、一般公共预算            10,650,182 一、一般公共服务支出          7,847,039         7,847,039             0           0",
            " 二、政府性基金预算                  0 二、社会保障和就业支出           1,817,924         1,817,924             0           0",
            " 三、国有资本经营预算                 0 三、卫生健康支出               422,237           422,237              0           0",
            "                             四、住房保障支出                562,982           562,982              0           0",
            " 收入总计                10,650,182 支出总计               10,650,182        10,650,182             0           0",
        ];
        let lines: Vec<Vec<Cell>> = t.iter().map(|t| cells(t, Widths(1.0))).collect();
        let p = places(&lines, &[false; 5]);
        let income_end = lines[0][1].b.max(lines[4][1].b);
        for (line, cell) in [(0, 2), (1, 2), (2, 2), (3, 0), (4, 2)] {
            let moved = p[line][cell].expect("moved");
            assert!(moved.a >= income_end + 1.0, "{line}: {moved:?}");
        }
        // the amounts stay
        assert!(p[0][1].is_none() && p[0][3].is_none());
    }

    #[test]
    fn labels_inside_a_code_column_stay() {
        let t = [
            "类     款    项              合计         2,946.25     2,940.05",
            "201             一般公共服务支出             2,112.86     2,106.66",
            "201   06        财政事务                 2,112.86     2,106.66",
            "201   06   01   行政运行                 1,511.90     1,511.89",
        ];
        let lines: Vec<Vec<Cell>> = t.iter().map(|t| cells(t, Widths(1.0))).collect();
        let p = places(&lines, &[false; 4]);
        assert!(p.iter().flatten().all(|x| x.is_none()), "{p:?}");
    }
}
