//! Narrow the candidate placements of packed rows with the sums between
//! rows: a class row equals the sum of its sub-codes column by column, and
//! the 合计 row equals the sum of the top-level rows.
//!
//! A row alone often cannot say where its amounts go (`0.30 0.30`: a wage or
//! a project amount?), but the columns must add up: if the 合计 row puts
//! 115.99 under 工资福利支出 and 行政运行 already gives 86.89 of it, only the
//! row printing 29.10 can fill the rest, so `0.30` is a project amount.
//!
//! Steps: (1) bottom-up, a row's candidates are kept only if its children
//! can be placed to add up to it; (2) the 合计 row keeps its only feasible
//! candidate, or, for templates with known relations, its first one in
//! printed-order (lexicographic) order (a warning says so) — the reading that fills
//! the left columns of each group first, which is how these tables are
//! printed when the arithmetic cannot tell; (3) top-down, every row whose
//! placement is fixed narrows its children to the candidates used by some
//! solution. Nothing is narrowed when the rows do not add up (a missing
//! row, a misprint): the caller then decides row by row.

use super::rows::Draft;
use crate::amount;
use rust_decimal::Decimal;
use std::cell::Cell;
use std::collections::BTreeSet;

/// Search steps allowed for one parent's children.
pub const MAX_STEPS: usize = 300_000;

/// Search steps allowed for all the sums of one segment of a table. Each
/// parent row tries every candidate of its own against its children, so
/// without a shared budget a reading-order table of packed rows (56
/// placements a row, a dozen rows) ran for minutes; past the budget nothing
/// more is narrowed and the rows are decided alone (about a second of work
/// at most).
pub const MAX_STEPS_PER_SEGMENT: usize = 2_000_000;

/// Amounts the column vectors of one segment's candidates may hold (16
/// bytes each: 16 MB). A segment of rows with tens of thousands of
/// placements each held 250 MB of vectors, and a search that large cannot
/// finish within [`MAX_STEPS_PER_SEGMENT`] anyway: such rows are decided
/// alone.
pub const MAX_VECTOR_AMOUNTS: usize = 1_000_000;

type Cands = Vec<Option<Vec<Vec<usize>>>>;

enum Solved {
    /// Per child, the candidate indices used by at least one solution.
    Some(Vec<BTreeSet<usize>>),
    NoSolution,
    /// Some child has unknown candidates, or the search ran out of steps.
    Unknown,
}

/// The amounts of a draft in the order its candidates list columns.
fn amounts(d: &Draft, keys: &[String]) -> Vec<Decimal> {
    match &d.packed {
        // `""` holds a column's place (a printed `-`): zero.
        Some(v) => v
            .iter()
            .map(|x| amount::decimal(x).unwrap_or(Decimal::ZERO))
            .collect(),
        None => keys
            .iter()
            .filter_map(|k| d.row.values.iter().find(|(kk, _)| kk == k))
            .filter_map(|(_, v)| amount::decimal(v))
            .collect(),
    }
}

fn column_vector(cols: &[usize], vals: &[Decimal], n: usize) -> Vec<Decimal> {
    let mut v = vec![Decimal::ZERO; n];
    for (vi, &c) in cols.iter().enumerate() {
        if let (Some(slot), Some(x)) = (v.get_mut(c), vals.get(vi)) {
            *slot += *x;
        }
    }
    v
}

struct Ctx<'a> {
    /// Per row, per candidate: the column vector (borrowed: copying it per
    /// parent row made narrowing quadratic in the rows).
    vecs: &'a [Vec<Vec<Decimal>>],
    tol_unit: Decimal,
    nonneg: bool,
    cands: &'a Cands,
    /// Steps left of the segment's [`MAX_STEPS_PER_SEGMENT`].
    left: &'a Cell<usize>,
}

impl Ctx<'_> {
    fn solve(&self, target: &[Decimal], children: &[usize]) -> Solved {
        if children.is_empty() {
            return Solved::NoSolution;
        }
        if children
            .iter()
            .any(|&c| self.cands.get(c).is_none_or(|x| x.is_none()))
        {
            return Solved::Unknown;
        }
        let tol = self.tol_unit * Decimal::from(children.len() as u64 + 1);
        let mut used: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); children.len()];
        let mut partial = vec![Decimal::ZERO; target.len()];
        let mut stack: Vec<usize> = Vec::new();
        let mut steps = 0usize;
        let mut found = false;
        let ok = self.walk(
            target,
            children,
            0,
            &mut partial,
            &mut stack,
            &mut used,
            &mut found,
            &mut steps,
            tol,
        );
        if !ok {
            return Solved::Unknown;
        }
        if found {
            Solved::Some(used)
        } else {
            Solved::NoSolution
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        target: &[Decimal],
        children: &[usize],
        i: usize,
        partial: &mut Vec<Decimal>,
        stack: &mut Vec<usize>,
        used: &mut Vec<BTreeSet<usize>>,
        found: &mut bool,
        steps: &mut usize,
        tol: Decimal,
    ) -> bool {
        *steps += 1;
        if *steps > MAX_STEPS || self.left.get() == 0 {
            return false;
        }
        self.left.set(self.left.get() - 1);
        let Some(&row) = children.get(i) else {
            if partial
                .iter()
                .zip(target)
                .all(|(p, t)| (*p - *t).abs() <= tol)
            {
                *found = true;
                for (ci, &cand) in stack.iter().enumerate() {
                    used[ci].insert(cand);
                }
            }
            return true;
        };
        let Some(vecs) = self.vecs.get(row) else {
            return true;
        };
        for (j, v) in vecs.iter().enumerate() {
            // Skip a candidate every solution already uses for this child.
            for (p, x) in partial.iter_mut().zip(v) {
                *p += *x;
            }
            let over = self.nonneg && partial.iter().zip(target).any(|(p, t)| *p > *t + tol);
            if !over {
                stack.push(j);
                if !self.walk(
                    target,
                    children,
                    i + 1,
                    partial,
                    stack,
                    used,
                    found,
                    steps,
                    tol,
                ) {
                    return false;
                }
                stack.pop();
            }
            for (p, x) in partial.iter_mut().zip(v) {
                *p -= *x;
            }
        }
        true
    }
}

/// Narrow `cands` of the drafts of segment `seg` using the row sums.
///
/// `prefer_leftmost`: when the 合计 row fits several placements, read it as
/// the leftmost one (only for templates whose column relations are known;
/// otherwise it stays open and its values are reported as ambiguous).
/// Returns whether that preference decided between several placements.
pub fn narrow(
    drafts: &[Draft],
    cands: &mut Cands,
    seg: usize,
    keys: &[String],
    prefer_leftmost: bool,
) -> bool {
    let mut chose = false;
    let n = keys.len();
    let idx: Vec<usize> = (0..drafts.len())
        .filter(|&i| drafts[i].segment == seg)
        .collect();
    if idx.is_empty() || n == 0 {
        return false;
    }
    let root = idx
        .iter()
        .copied()
        .find(|&i| super::placement::is_total_name(drafts[i].row.name.as_deref()));
    let (mut parent, mut top) = hierarchy(drafts, &idx);
    // The 合计 row sums the top-level rows: it is no one's child, even when
    // reading order gave it a code that nests under another row (a cycle
    // 合计 → top row → 合计 kept the top-down pass below running forever).
    if let Some(r) = root {
        parent[r] = None;
        top.retain(|&i| i != r);
    }
    let children = |node: usize| -> Vec<usize> {
        idx.iter()
            .copied()
            .filter(|&i| parent[i] == Some(node))
            .collect()
    };
    let placements: usize = idx
        .iter()
        .filter_map(|&i| cands.get(i).and_then(Option::as_ref).map(Vec::len))
        .sum();
    if placements.saturating_mul(n) > MAX_VECTOR_AMOUNTS {
        return false;
    }
    let mut digits = 0;
    let mut nonneg = true;
    let mut vecs: Vec<Vec<Vec<Decimal>>> = vec![Vec::new(); drafts.len()];
    for &i in &idx {
        let vals = amounts(&drafts[i], keys);
        for v in &vals {
            digits = digits.max(v.scale());
            nonneg &= !v.is_sign_negative();
        }
        if let Some(Some(c)) = cands.get(i) {
            vecs[i] = c.iter().map(|cols| column_vector(cols, &vals, n)).collect();
        }
    }
    // Half a unit of the finest printed digit; a figure printed with 28
    // decimals (the most a Decimal holds) gets the finest tolerance there
    // is rather than a scale Decimal cannot hold (found by fuzzing).
    let tol_unit = amount::half_unit(digits);
    let left = Cell::new(MAX_STEPS_PER_SEGMENT);

    // (1) Bottom-up: deepest codes first (of two equal unit codes, the
    // later printing is the child, so later rows first).
    let key_len = |i: usize| {
        let r = &drafts[i].row;
        r.code
            .as_deref()
            .or(r.unit_code.as_deref())
            .map_or(0, str::len)
    };
    let mut coded: Vec<usize> = idx
        .iter()
        .copied()
        .filter(|&i| parent.contains(&Some(i)))
        .collect();
    coded.sort_by_key(|&i| (std::cmp::Reverse(key_len(i)), std::cmp::Reverse(i)));
    for &r in &coded {
        let kids = children(r);
        if kids.is_empty() {
            continue;
        }
        filter_feasible(r, &kids, cands, &mut vecs, tol_unit, nonneg, &left);
    }
    // (2) The 合计 row: its first feasible candidate.
    let mut fixed_roots: Vec<usize> = Vec::new();
    if let Some(r) = root
        && filter_feasible(r, &top, cands, &mut vecs, tol_unit, nonneg, &left)
    {
        let n_feasible = vecs.get(r).map(Vec::len).unwrap_or(0);
        if n_feasible == 1 || prefer_leftmost {
            chose = n_feasible > 1;
            if let Some(Some(c)) = cands.get_mut(r) {
                c.truncate(1);
                vecs[r].truncate(1);
            }
            fixed_roots.push(r);
        }
    }
    // (3) Top-down from every fixed row.
    let mut queue = fixed_roots;
    // Each row narrows its children once: the hierarchy is a forest, and
    // this keeps the pass finite whatever the codes say.
    let mut expanded: BTreeSet<usize> = BTreeSet::new();
    while let Some(node) = queue.pop() {
        if !expanded.insert(node) {
            continue;
        }
        let kids = if Some(node) == root {
            top.clone()
        } else {
            children(node)
        };
        if kids.is_empty() {
            continue;
        }
        let Some(target) = vecs.get(node).and_then(|v| v.first()).cloned() else {
            continue;
        };
        if vecs.get(node).map(Vec::len) != Some(1) {
            continue;
        }
        let ctx = Ctx {
            vecs: &vecs,
            tol_unit,
            nonneg,
            cands: &*cands,
            left: &left,
        };
        if let Solved::Some(used) = ctx.solve(&target, &kids) {
            for (ci, &k) in kids.iter().enumerate() {
                let keep = &used[ci];
                if let Some(Some(c)) = cands.get_mut(k) {
                    let mut j = 0;
                    c.retain(|_| {
                        j += 1;
                        keep.contains(&(j - 1))
                    });
                    let mut j = 0;
                    vecs[k].retain(|_| {
                        j += 1;
                        keep.contains(&(j - 1))
                    });
                }
                if vecs[k].len() == 1 {
                    queue.push(k);
                }
            }
        }
    }
    chose
}

/// Parent of every row of a segment and the top-level rows (whose sum is
/// the 合计 row). Function or economic codes when the table prints them:
/// the nearest ancestor code printed (`2080501` → `20805` → `208`). A table
/// keyed by unit (收入总体情况表 by 单位编码, no subject code) nests units
/// by prefix instead (`003` → `003009`), and a unit code printed again
/// (the department, then its 机关 with the same code) is a child of its
/// first printing.
fn hierarchy(drafts: &[Draft], idx: &[usize]) -> (Vec<Option<usize>>, Vec<usize>) {
    let mut parent: Vec<Option<usize>> = vec![None; drafts.len()];
    let mut top: Vec<usize> = Vec::new();
    let coded = idx.iter().any(|&i| drafts[i].row.code.is_some());
    for (pos, &i) in idx.iter().enumerate() {
        let found = if coded {
            let Some(code) = drafts[i].row.code.as_deref() else {
                continue;
            };
            let mut p = crate::codes::parent(code);
            let mut found = None;
            while let Some(pc) = p {
                found = idx
                    .iter()
                    .copied()
                    .find(|&j| j != i && drafts[j].row.code.as_deref() == Some(pc));
                if found.is_some() {
                    break;
                }
                p = crate::codes::parent(pc);
            }
            found
        } else {
            let Some(unit) = drafts[i].row.unit_code.as_deref() else {
                continue;
            };
            if super::placement::is_total_name(drafts[i].row.name.as_deref()) {
                continue;
            }
            let earlier_same = idx[..pos]
                .iter()
                .copied()
                .find(|&j| drafts[j].row.unit_code.as_deref() == Some(unit));
            earlier_same.or_else(|| {
                idx.iter()
                    .copied()
                    .filter_map(|j| {
                        let u = drafts[j].row.unit_code.as_deref()?;
                        (u.len() < unit.len() && unit.starts_with(u)).then_some((u.len(), j))
                    })
                    .max()
                    .map(|(_, j)| j)
            })
        };
        match found {
            Some(f) => parent[i] = Some(f),
            None => top.push(i),
        }
    }
    (parent, top)
}

/// Keep the candidates of row `r` whose children can add up to them.
/// Returns whether at least one is feasible (nothing is removed otherwise).
fn filter_feasible(
    r: usize,
    kids: &[usize],
    cands: &mut Cands,
    vecs: &mut [Vec<Vec<Decimal>>],
    tol_unit: Decimal,
    nonneg: bool,
    left: &Cell<usize>,
) -> bool {
    let Some(Some(_)) = cands.get(r) else {
        return false;
    };
    let ctx = Ctx {
        vecs: &*vecs,
        tol_unit,
        nonneg,
        cands: &*cands,
        left,
    };
    let own: &[Vec<Decimal>] = vecs.get(r).map(Vec::as_slice).unwrap_or(&[]);
    // One unknown candidate leaves the row as it is: stop there rather
    // than spend the segment's budget on the others.
    let keep: Option<Vec<bool>> = own
        .iter()
        .map(|v| match ctx.solve(v, kids) {
            Solved::Some(_) => Some(true),
            Solved::NoSolution => Some(false),
            Solved::Unknown => None,
        })
        .collect();
    let Some(keep) = keep.filter(|k| k.contains(&true)) else {
        return false;
    };
    if let Some(Some(c)) = cands.get_mut(r) {
        let mut j = 0;
        c.retain(|_| {
            j += 1;
            keep[j - 1]
        });
    }
    if let Some(v) = vecs.get_mut(r) {
        let mut j = 0;
        v.retain(|_| {
            j += 1;
            keep[j - 1]
        });
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::placement::tests::draft;

    /// Reading-order text can give the 合计 row a code that nests under a
    /// top-level row (the next row's code printed before it): 合计 → 201 →
    /// 合计 … The top-down pass ran forever on such a table (a held-out
    /// reading-order document grew to 16 GB); it must end and keep the
    /// placements the sums settle.
    #[test]
    fn a_total_row_with_a_nested_code_makes_no_cycle() {
        let drafts = vec![
            draft("一般公共服务支出", Some("201"), &["10"]),
            draft("合计", Some("20101"), &["10"]),
        ];
        let keys: Vec<String> = vec!["total".into(), "other".into()];
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut cands: Cands = vec![Some(vec![vec![0]]), Some(vec![vec![0]])];
            narrow(&drafts, &mut cands, 0, &keys, true);
            let _ = tx.send(cands);
        });
        let cands = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("narrow did not end");
        assert_eq!(cands, vec![Some(vec![vec![0]]), Some(vec![vec![0]])]);
    }
}
