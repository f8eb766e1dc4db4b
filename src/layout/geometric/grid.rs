//! Ruling lines → grids of cells, pdfplumber style:
//! `rules_to_edges` → `snap_edges` → `join_edges` → `edges_to_components`
//! → `component_to_grid` (atomic cells between every ruling coordinate,
//! merged where the boundary between two of them is not drawn).

use super::settings::Settings;
use crate::model::Rule;

/// A horizontal ruling edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HEdge {
    pub y: f32,
    pub x0: f32,
    pub x1: f32,
}

/// A vertical ruling edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VEdge {
    pub x: f32,
    pub y0: f32,
    pub y1: f32,
}

/// A drawn cell: the atomic rows `r0..r1` and columns `c0..c1` it covers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    pub r0: usize,
    pub r1: usize,
    pub c0: usize,
    pub c1: usize,
}

/// A ruled table: boundaries of the atomic rows and columns, and the drawn
/// (possibly merged) cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Column boundaries, ascending (`xs.len() - 1` atomic columns).
    pub xs: Vec<f32>,
    /// Row boundaries, ascending, top-down.
    pub ys: Vec<f32>,
    pub cells: Vec<Cell>,
    /// Atomic `(r, c)` → index into `cells`, row-major.
    pub cell_of: Vec<usize>,
}

impl Grid {
    pub fn n_rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }
    pub fn n_cols(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }
    pub fn x0(&self) -> f32 {
        self.xs.first().copied().unwrap_or(0.0)
    }
    pub fn x1(&self) -> f32 {
        self.xs.last().copied().unwrap_or(0.0)
    }
    pub fn y0(&self) -> f32 {
        self.ys.first().copied().unwrap_or(0.0)
    }
    pub fn y1(&self) -> f32 {
        self.ys.last().copied().unwrap_or(0.0)
    }
    /// The drawn cell covering atomic `(r, c)`.
    pub fn cell_at(&self, r: usize, c: usize) -> Option<usize> {
        self.cell_of.get(r * self.n_cols() + c).copied()
    }
    /// Is the point inside the grid's outline?
    pub fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.x0() && x <= self.x1() && y >= self.y0() && y <= self.y1()
    }
    /// Atomic `(row, column)` of a point inside the grid.
    pub fn locate(&self, x: f32, y: f32) -> Option<(usize, usize)> {
        if !self.contains(x, y) {
            return None;
        }
        let c = self
            .xs
            .partition_point(|&b| b <= x)
            .saturating_sub(1)
            .min(self.n_cols().checked_sub(1)?);
        let r = self
            .ys
            .partition_point(|&b| b <= y)
            .saturating_sub(1)
            .min(self.n_rows().checked_sub(1)?);
        Some((r, c))
    }
}

/// Find every ruled grid on a page.
pub fn find_grids(rules: &[Rule], s: &Settings) -> Vec<Grid> {
    let (h, v) = rules_to_edges(rules, s);
    let (h, v) = (join_h(snap_h(h, s), s), join_v(snap_v(v, s), s));
    let mut grids: Vec<Grid> = edges_to_components(&h, &v, s)
        .into_iter()
        .filter_map(|(hs, vs)| component_to_grid(&hs, &vs, s))
        .collect();
    grids.sort_by(|a, b| a.y0().total_cmp(&b.y0()).then(a.x0().total_cmp(&b.x0())));
    grids
}

/// Split rules into horizontal and vertical edges, dropping short ones.
pub fn rules_to_edges(rules: &[Rule], s: &Settings) -> (Vec<HEdge>, Vec<VEdge>) {
    let mut h = Vec::new();
    let mut v = Vec::new();
    for r in rules {
        if !(r.x0.is_finite() && r.x1.is_finite() && r.y0.is_finite() && r.y1.is_finite()) {
            continue;
        }
        let (w, ht) = ((r.x1 - r.x0).abs(), (r.y1 - r.y0).abs());
        if ht <= 1.0 && w >= s.min_edge_length {
            h.push(HEdge {
                y: (r.y0 + r.y1) / 2.0,
                x0: r.x0.min(r.x1),
                x1: r.x0.max(r.x1),
            });
        } else if w <= 1.0 && ht >= s.min_edge_length {
            v.push(VEdge {
                x: (r.x0 + r.x1) / 2.0,
                y0: r.y0.min(r.y1),
                y1: r.y0.max(r.y1),
            });
        }
    }
    (h, v)
}

/// Cluster sorted values within `tol` of the previous one; each cluster's
/// members get the cluster mean. Returns the snapped values in input order.
fn snap_values(values: &[f32], tol: f32) -> Vec<f32> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = values.to_vec();
    let mut start = 0;
    for k in 1..=order.len() {
        let brk = k == order.len() || values[order[k]] - values[order[k - 1]] > tol;
        if brk {
            let group = &order[start..k];
            let mean = group.iter().map(|&i| values[i]).sum::<f32>() / group.len() as f32;
            for &i in group {
                out[i] = mean;
            }
            start = k;
        }
    }
    out
}

/// Snap horizontal edges with nearly equal y to one y.
pub fn snap_h(mut h: Vec<HEdge>, s: &Settings) -> Vec<HEdge> {
    let ys: Vec<f32> = h.iter().map(|e| e.y).collect();
    for (e, y) in h.iter_mut().zip(snap_values(&ys, s.snap_tolerance)) {
        e.y = y;
    }
    h
}

/// Snap vertical edges with nearly equal x to one x.
pub fn snap_v(mut v: Vec<VEdge>, s: &Settings) -> Vec<VEdge> {
    let xs: Vec<f32> = v.iter().map(|e| e.x).collect();
    for (e, x) in v.iter_mut().zip(snap_values(&xs, s.snap_tolerance)) {
        e.x = x;
    }
    v
}

/// Join collinear horizontal edges that overlap or nearly touch.
pub fn join_h(mut h: Vec<HEdge>, s: &Settings) -> Vec<HEdge> {
    h.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<HEdge> = Vec::with_capacity(h.len());
    for e in h {
        match out.last_mut() {
            Some(l) if l.y == e.y && e.x0 <= l.x1 + s.join_tolerance => l.x1 = l.x1.max(e.x1),
            _ => out.push(e),
        }
    }
    out
}

/// Join collinear vertical edges that overlap or nearly touch.
pub fn join_v(mut v: Vec<VEdge>, s: &Settings) -> Vec<VEdge> {
    v.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y0.total_cmp(&b.y0)));
    let mut out: Vec<VEdge> = Vec::with_capacity(v.len());
    for e in v {
        match out.last_mut() {
            Some(l) if l.x == e.x && e.y0 <= l.y1 + s.join_tolerance => l.y1 = l.y1.max(e.y1),
            _ => out.push(e),
        }
    }
    out
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Group edges that touch (a horizontal meets a vertical) into components:
/// each component is one drawn table. Edge counts are small (tens per
/// page after joining), so the pairwise test is cheap.
pub fn edges_to_components(
    h: &[HEdge],
    v: &[VEdge],
    s: &Settings,
) -> Vec<(Vec<HEdge>, Vec<VEdge>)> {
    let t = s.intersection_tolerance;
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, a) in h.iter().enumerate() {
        for (j, b) in v.iter().enumerate() {
            let meets = b.x >= a.x0 - t && b.x <= a.x1 + t && a.y >= b.y0 - t && a.y <= b.y1 + t;
            if meets {
                let (ra, rb) = (find(&mut parent, i), find(&mut parent, h.len() + j));
                if ra != rb {
                    parent[ra] = rb;
                }
            }
        }
    }
    let mut groups: Vec<(usize, Vec<HEdge>, Vec<VEdge>)> = Vec::new();
    for i in 0..n {
        let root = find(&mut parent, i);
        let slot = match groups.iter().position(|g| g.0 == root) {
            Some(p) => p,
            None => {
                groups.push((root, Vec::new(), Vec::new()));
                groups.len() - 1
            }
        };
        if i < h.len() {
            groups[slot].1.push(h[i]);
        } else {
            groups[slot].2.push(v[i - h.len()]);
        }
    }
    groups.into_iter().map(|(_, a, b)| (a, b)).collect()
}

/// Sorted distinct values (within `tol`).
fn distinct(mut values: Vec<f32>, tol: f32) -> Vec<f32> {
    values.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for v in values {
        match out.last() {
            Some(&l) if v - l <= tol => {}
            _ => out.push(v),
        }
    }
    out
}

/// Build the grid of one component: atomic cells between all ruling
/// coordinates (the outline counts even when a side is not drawn), merged
/// across every internal boundary that is not drawn.
pub fn component_to_grid(h: &[HEdge], v: &[VEdge], s: &Settings) -> Option<Grid> {
    let t = s.snap_tolerance;
    if h.is_empty() || v.is_empty() {
        return None;
    }
    let mut xv: Vec<f32> = v.iter().map(|e| e.x).collect();
    xv.push(h.iter().map(|e| e.x0).fold(f32::INFINITY, f32::min));
    xv.push(h.iter().map(|e| e.x1).fold(f32::NEG_INFINITY, f32::max));
    let mut yv: Vec<f32> = h.iter().map(|e| e.y).collect();
    yv.push(v.iter().map(|e| e.y0).fold(f32::INFINITY, f32::min));
    yv.push(v.iter().map(|e| e.y1).fold(f32::NEG_INFINITY, f32::max));
    let xs = distinct(xv, t);
    let ys = distinct(yv, t);
    let (nr, nc) = (ys.len().checked_sub(1)?, xs.len().checked_sub(1)?);
    // one row of several cells is a table (the last row of a table that
    // ran over the page); a single column of boxes is a text frame.
    if nr < 1 || nc < 2 {
        return None;
    }
    let v_drawn = |x: f32, ya: f32, yb: f32| {
        let mid = (ya + yb) / 2.0;
        v.iter()
            .any(|e| (e.x - x).abs() <= t && e.y0 - t <= mid && e.y1 + t >= mid)
    };
    let h_drawn = |y: f32, xa: f32, xb: f32| {
        let mid = (xa + xb) / 2.0;
        h.iter()
            .any(|e| (e.y - y).abs() <= t && e.x0 - t <= mid && e.x1 + t >= mid)
    };
    let mut parent: Vec<usize> = (0..nr * nc).collect();
    let union = |parent: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (find(parent, a), find(parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    };
    for r in 0..nr {
        for c in 0..nc {
            if c + 1 < nc && !v_drawn(xs[c + 1], ys[r], ys[r + 1]) {
                union(&mut parent, r * nc + c, r * nc + c + 1);
            }
            if r + 1 < nr && !h_drawn(ys[r + 1], xs[c], xs[c + 1]) {
                union(&mut parent, r * nc + c, (r + 1) * nc + c);
            }
        }
    }
    // Each root becomes a cell spanning the bounding box of its members.
    let mut cells: Vec<Cell> = Vec::new();
    let mut index_of_root: Vec<Option<usize>> = vec![None; nr * nc];
    let mut cell_of = vec![0usize; nr * nc];
    for r in 0..nr {
        for c in 0..nc {
            let root = find(&mut parent, r * nc + c);
            let k = match index_of_root[root] {
                Some(k) => k,
                None => {
                    cells.push(Cell {
                        r0: r,
                        r1: r + 1,
                        c0: c,
                        c1: c + 1,
                    });
                    index_of_root[root] = Some(cells.len() - 1);
                    cells.len() - 1
                }
            };
            let cell = &mut cells[k];
            cell.r1 = cell.r1.max(r + 1);
            cell.c0 = cell.c0.min(c);
            cell.c1 = cell.c1.max(c + 1);
            cell_of[r * nc + c] = k;
        }
    }
    Some(Grid {
        xs,
        ys,
        cells,
        cell_of,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn hr(y: f32, x0: f32, x1: f32) -> Rule {
        Rule {
            x0,
            y0: y,
            x1,
            y1: y,
        }
    }
    pub fn vr(x: f32, y0: f32, y1: f32) -> Rule {
        Rule {
            x0: x,
            y0,
            x1: x,
            y1,
        }
    }

    #[test]
    fn full_grid_with_merged_header() {
        // 3 columns, 3 rows; the top row's first boundary is not drawn, so
        // its first two atomic cells are one merged cell.
        let mut rules = vec![
            hr(0.0, 0.0, 300.0),
            hr(20.0, 0.0, 300.0),
            hr(40.0, 0.0, 300.0),
            hr(60.5, 0.0, 300.0),
        ];
        rules.push(vr(0.0, 0.0, 60.0));
        rules.push(vr(100.0, 20.0, 60.0));
        rules.push(vr(201.0, 0.0, 30.0));
        rules.push(vr(199.5, 29.0, 60.0)); // broken and jittered: snapped, joined
        rules.push(vr(300.0, 0.0, 60.0));
        let g = find_grids(&rules, &Settings::default());
        assert_eq!(g.len(), 1);
        let g = &g[0];
        assert_eq!((g.n_rows(), g.n_cols()), (3, 3));
        let top = g.cell_at(0, 0).unwrap();
        assert_eq!(g.cell_at(0, 1), Some(top));
        assert_ne!(g.cell_at(0, 2), Some(top));
        assert_ne!(g.cell_at(1, 0), g.cell_at(1, 1));
        assert_eq!(
            g.cells[top],
            Cell {
                r0: 0,
                r1: 1,
                c0: 0,
                c1: 2
            }
        );
        assert_eq!(g.locate(150.0, 50.0), Some((2, 1)));
    }

    #[test]
    fn separate_tables_and_lone_boxes() {
        let mut rules = vec![];
        for y in [0.0, 20.0, 40.0] {
            rules.push(hr(y, 0.0, 100.0));
        }
        for x in [0.0, 50.0, 100.0] {
            rules.push(vr(x, 0.0, 40.0));
        }
        // a second table to the right, separated by a gap
        for y in [0.0, 20.0, 40.0] {
            rules.push(hr(y, 150.0, 250.0));
        }
        for x in [150.0, 200.0, 250.0] {
            rules.push(vr(x, 0.0, 40.0));
        }
        // a single box (one cell) is not a table
        rules.extend([
            hr(100.0, 0.0, 50.0),
            hr(120.0, 0.0, 50.0),
            vr(0.0, 100.0, 120.0),
            vr(50.0, 100.0, 120.0),
        ]);
        let g = find_grids(&rules, &Settings::default());
        assert_eq!(g.len(), 2);
        assert!(g[0].x1() < g[1].x0());
    }
}
