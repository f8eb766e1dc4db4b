//! Place the amounts of packed rows (printed order, no column positions)
//! into amount columns using the table's arithmetic.
//!
//! For a row with k amounts and n amount columns (k < n) every assignment
//! that keeps the printed left-to-right order is enumerated and filtered:
//! the row's total column is filled first (a value equal to the total goes
//! to total), a column empty in the table's 合计 row cannot receive values,
//! and every column relation that applies (the template's relations and the
//! column tree: total = basic + project, basic = wages_welfare + …) must
//! hold within rounding. The sums between rows then narrow the survivors
//! (see `sums`); a value that lands in the same column in all that remain
//! is placed there. A value whose column still varies goes to the nearest
//! common parent key (a project amount that could be any of 运转类 /
//! 专项资金类 / … goes to `project`) with a warning naming the table, the
//! row and the candidate columns; when even the parent is already taken it
//! is dropped with a warning. Finally, a group of sibling columns of which
//! only one ever received packed values is folded into the parent key: the
//! printed order cannot tell which sibling it was.

use super::catalog::{Catalog, Relation};
use super::rows::Draft;
use crate::amount;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// Largest number of order-keeping assignments tried for one row.
pub const MAX_ASSIGNMENTS: usize = 50_000;

/// Warnings about packed amounts kept per table; the rest are counted.
pub const MAX_WARNINGS_PER_TABLE: usize = 12;

/// Per-segment amount column keys in printed order.
pub type SegmentKeys = Vec<Vec<String>>;

/// A relation restricted to the columns a segment prints.
#[derive(Debug, Clone)]
struct Applied {
    total: usize,
    parts: Vec<usize>,
}

/// Strip a `_budget` / `_adjusted` suffix: (`reception`, `_budget`).
fn split_suffix(key: &str) -> (&str, &str) {
    for suf in ["_budget", "_adjusted"] {
        if let Some(base) = key.strip_suffix(suf) {
            return (base, suf);
        }
    }
    (key, "")
}

fn parent_of(key: &str, catalog: &Catalog) -> Option<String> {
    let (base, suf) = split_suffix(key);
    let p = catalog.parent_key(base)?;
    Some(format!("{p}{suf}"))
}

/// `k` is `key` or a further column of the same meaning (`general_budget_2`:
/// the second 一般公共预算 sub-column, 专项收入 after 正常预算拨款收入).
fn is_same_key(k: &str, key: &str) -> bool {
    k == key
        || k.strip_prefix(key)
            .and_then(|rest| rest.strip_prefix('_'))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Expand a key into the segment's columns: itself when printed, else its
/// printed descendants.
fn expand(key: &str, keys: &[String], catalog: &Catalog, out: &mut Vec<usize>, depth: usize) {
    let before = out.len();
    out.extend(
        keys.iter()
            .enumerate()
            .filter(|(_, k)| is_same_key(k, key))
            .map(|(i, _)| i),
    );
    if out.len() > before {
        return;
    }
    if depth > 4 {
        return;
    }
    let (base, suf) = split_suffix(key);
    for c in catalog.child_keys(base) {
        expand(&format!("{c}{suf}"), keys, catalog, out, depth + 1);
    }
}

/// Relations that apply to a segment: the template's, plus the column tree
/// for every printed parent with printed children.
fn applied_relations(keys: &[String], relations: &[Relation], catalog: &Catalog) -> Vec<Applied> {
    let mut out: Vec<Applied> = Vec::new();
    let mut push = |total: &str, parts: &[String]| {
        let Some(t) = keys.iter().position(|k| k == total) else {
            return;
        };
        let mut idx = Vec::new();
        for p in parts {
            expand(p, keys, catalog, &mut idx, 0);
        }
        idx.sort_unstable();
        idx.dedup();
        idx.retain(|&i| i != t);
        if !idx.is_empty() && !out.iter().any(|a| a.total == t && a.parts == idx) {
            out.push(Applied {
                total: t,
                parts: idx,
            });
        }
    };
    for r in relations {
        push(&r.total, &r.parts);
    }
    for k in keys {
        let (base, suf) = split_suffix(k);
        let children: Vec<String> = catalog
            .child_keys(base)
            .iter()
            .map(|c| format!("{c}{suf}"))
            .collect();
        if !children.is_empty() {
            push(k, &children);
        }
    }
    out
}

fn tolerance(values: &[&str]) -> Decimal {
    let digits = values
        .iter()
        .map(|v| amount::printed_scale(v))
        .max()
        .unwrap_or(0);
    let half_unit = Decimal::new(5, digits + 1);
    half_unit * Decimal::from(values.len().max(1) as u64)
}

fn holds(assign: &[Option<usize>], values: &[String], rels: &[Applied]) -> bool {
    // assign[col] = Some(value index)
    for r in rels {
        let Some(Some(tv)) = assign.get(r.total) else {
            continue;
        };
        let parts: Vec<&str> = r
            .parts
            .iter()
            .filter_map(|&p| assign.get(p).copied().flatten())
            .map(|vi| values[vi].as_str())
            .collect();
        if parts.is_empty() {
            continue;
        }
        let (Some(t), Some(sum)) = (
            amount::decimal(&values[*tv]),
            parts
                .iter()
                .map(|p| amount::decimal(p))
                .sum::<Option<Decimal>>(),
        ) else {
            continue;
        };
        let mut all: Vec<&str> = parts.clone();
        all.push(values[*tv].as_str());
        if (t - sum).abs() > tolerance(&all) {
            return false;
        }
    }
    true
}

/// An "of which" amount column (其中：财政拨款) and the column it is a part
/// of (一般公共预算/小计), as amount-column indices of one segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfWhich {
    pub part: usize,
    pub whole: usize,
}

/// The "of which" columns of a segment, from its amount headers as joined
/// parent/child (`2021年/一般公共预算/其中：财政拨款`): each is a part of the
/// nearest column before it under the same parent header that is not itself
/// an "of which" (`…/一般公共预算/小计`). Such a column repeats money its
/// whole already counts, so it sits outside every column relation: the key
/// it gets (`fiscal_appropriation`) means a narrower thing here than in the
/// column tree, where 财政拨款 is the sum of the funds.
pub fn of_which_columns(headers: &[&str], catalog: &Catalog) -> Vec<OfWhich> {
    let split = |h: &str| -> (String, String) {
        match h.rfind('/') {
            Some(i) => (h[..i].to_string(), h[i + 1..].to_string()),
            None => (String::new(), h.to_string()),
        }
    };
    let is_part = |leaf: &str| {
        catalog
            .of_which_words
            .iter()
            .any(|w| !w.is_empty() && leaf.trim_start().starts_with(w.as_str()))
    };
    let split_all: Vec<(String, String)> = headers.iter().map(|h| split(h)).collect();
    let mut out = Vec::new();
    for (i, (parent, leaf)) in split_all.iter().enumerate() {
        if !is_part(leaf) {
            continue;
        }
        let whole = (0..i)
            .rev()
            .find(|&j| split_all[j].0 == *parent && !is_part(&split_all[j].1));
        if let Some(whole) = whole {
            out.push(OfWhich { part: i, whole });
        }
    }
    out
}

/// Relations without the "of which" columns: a relation on one is dropped,
/// one is removed from the parts it was expanded into.
fn without_parts(mut rels: Vec<Applied>, of_which: &[OfWhich]) -> Vec<Applied> {
    let is_part = |c: usize| of_which.iter().any(|o| o.part == c);
    rels.retain(|r| !is_part(r.total));
    for r in &mut rels {
        r.parts.retain(|&p| !is_part(p));
    }
    rels.retain(|r| !r.parts.is_empty());
    rels
}

/// An "of which" value needs its whole printed and no larger than it.
fn parts_within_wholes(assign: &[Option<usize>], values: &[String], of_which: &[OfWhich]) -> bool {
    of_which.iter().all(|o| {
        let Some(Some(pv)) = assign.get(o.part) else {
            return true;
        };
        let Some(part) = amount::decimal(&values[*pv]) else {
            return true;
        };
        match assign.get(o.whole).copied().flatten() {
            None => part.is_zero(),
            Some(wv) => amount::decimal(&values[wv]).is_none_or(|whole| {
                part <= whole + tolerance(&[values[*pv].as_str(), values[wv].as_str()])
            }),
        }
    })
}

/// Visit every increasing choice of `k` columns among `n` (lexicographic).
fn combinations(n: usize, k: usize, limit: usize, mut f: impl FnMut(&[usize])) -> bool {
    if k > n {
        return true;
    }
    let mut idx: Vec<usize> = (0..k).collect();
    let mut count = 0;
    loop {
        count += 1;
        if count > limit {
            return false;
        }
        f(&idx);
        // next combination
        let mut i = k;
        loop {
            if i == 0 {
                return true;
            }
            i -= 1;
            if idx[i] != i + n - k {
                break;
            }
            if i == 0 {
                return true;
            }
        }
        idx[i] += 1;
        for j in i + 1..k {
            idx[j] = idx[j - 1] + 1;
        }
    }
}

/// Where each value of a packed row may go.
#[derive(Debug, Clone, PartialEq)]
pub enum Placed {
    /// Value index → column index, unambiguous.
    Exact(Vec<usize>),
    /// Per value, the candidate columns.
    Ambiguous(Vec<BTreeSet<usize>>),
    /// Nothing fits the arithmetic.
    None,
}

/// Every order-keeping assignment of `values` to columns (as the chosen
/// column per value, lexicographic order) that fills the total first, uses
/// only allowed columns and keeps every applicable relation. `None` when
/// there are more than [`MAX_ASSIGNMENTS`] to try.
pub fn enumerate(
    values: &[String],
    keys: &[String],
    allowed: &[bool],
    rels_in: &[Relation],
    of_which: &[OfWhich],
    catalog: &Catalog,
) -> Option<Vec<Vec<usize>>> {
    let n = keys.len();
    let k = values.len();
    if k == 0 {
        return Some(vec![Vec::new()]);
    }
    if k >= n {
        return Some(vec![(0..n).collect()]);
    }
    let rels = without_parts(applied_relations(keys, rels_in, catalog), of_which);
    let total_col = keys.iter().position(|c| c == "total");
    let mut out = Vec::new();
    let complete = combinations(n, k, MAX_ASSIGNMENTS, |cols| {
        if total_col == Some(0) && cols.first() != Some(&0) {
            return;
        }
        if cols
            .iter()
            .any(|&c| !allowed.get(c).copied().unwrap_or(true))
        {
            return;
        }
        let mut assign: Vec<Option<usize>> = vec![None; n];
        for (vi, &c) in cols.iter().enumerate() {
            assign[c] = Some(vi);
        }
        if holds(&assign, values, &rels) && parts_within_wholes(&assign, values, of_which) {
            out.push(cols.to_vec());
        }
    });
    complete.then_some(out)
}

/// Decide among assignments: a value whose column is the same in all of
/// them is exact; otherwise each value keeps its candidate columns.
pub fn decide(choices: &[Vec<usize>]) -> Placed {
    let Some(first) = choices.first() else {
        return Placed::None;
    };
    let mut sets: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); first.len()];
    for c in choices {
        for (vi, &col) in c.iter().enumerate() {
            if let Some(s) = sets.get_mut(vi) {
                s.insert(col);
            }
        }
    }
    if sets.iter().all(|s| s.len() == 1) {
        Placed::Exact(
            sets.iter()
                .filter_map(|s| s.iter().next().copied())
                .collect(),
        )
    } else {
        Placed::Ambiguous(sets)
    }
}

/// Candidate placements of one packed row taken alone.
pub fn candidates(
    values: &[String],
    keys: &[String],
    allowed: &[bool],
    rels_in: &[Relation],
    of_which: &[OfWhich],
    catalog: &Catalog,
) -> Placed {
    match enumerate(values, keys, allowed, rels_in, of_which, catalog) {
        Some(c) if !c.is_empty() => decide(&c),
        _ => Placed::None,
    }
}

/// The nearest key that is an ancestor (or self) of every candidate key.
fn common_ancestor(cands: &[&str], catalog: &Catalog) -> Option<String> {
    let chain = |k: &str| {
        let mut v = vec![k.to_string()];
        let mut cur = k.to_string();
        while let Some(p) = parent_of(&cur, catalog) {
            if v.contains(&p) {
                break;
            }
            v.push(p.clone());
            cur = p;
        }
        v
    };
    let first = chain(cands.first()?);
    first
        .into_iter()
        .find(|a| cands.iter().all(|c| chain(c).contains(a)))
}

fn row_label(d: &Draft) -> String {
    super::rows::label_of(&d.row)
}

pub(super) fn is_total_name(name: Option<&str>) -> bool {
    name.is_some_and(|n| {
        let n: String = n.chars().filter(|c| !c.is_whitespace()).collect();
        matches!(n.as_str(), "合计" | "总计" | "支出合计" | "收入合计")
            || (n.ends_with("合计") && n.chars().count() <= 6)
    })
}

/// Place the packed amounts of every draft of a table. `seg_keys[s]` are
/// the amount keys of segment `s` in printed order, `of_which[s]` its
/// "of which" columns.
pub fn place(
    drafts: &mut [Draft],
    seg_keys: &SegmentKeys,
    of_which: &[Vec<OfWhich>],
    relations: &[Relation],
    catalog: &Catalog,
    title: &str,
    warnings: &mut Vec<String>,
) {
    let start = warnings.len();
    // Columns allowed per segment: those filled in an aligned or
    // fully-printed 合计 row (a sub-column empty there has nothing below).
    let mut allowed: Vec<Vec<bool>> = seg_keys.iter().map(|k| vec![true; k.len()]).collect();
    for d in drafts.iter() {
        if !is_total_name(d.row.name.as_deref()) {
            continue;
        }
        let Some(keys) = seg_keys.get(d.segment) else {
            continue;
        };
        let filled: Option<Vec<bool>> = match &d.packed {
            None => Some(
                keys.iter()
                    .map(|k| d.row.values.iter().any(|(kk, _)| kk == k))
                    .collect(),
            ),
            Some(v) if v.len() == keys.len() => Some(vec![true; keys.len()]),
            _ => None,
        };
        if let (Some(f), Some(a)) = (filled, allowed.get_mut(d.segment))
            && f.iter().any(|x| *x)
        {
            *a = f;
        }
    }
    // Candidate assignments of every row (aligned rows: the one printed).
    let mut cands: Vec<Option<Vec<Vec<usize>>>> = Vec::with_capacity(drafts.len());
    for d in drafts.iter() {
        let Some(keys) = seg_keys.get(d.segment) else {
            cands.push(None);
            continue;
        };
        let c = match &d.packed {
            None => Some(vec![
                keys.iter()
                    .enumerate()
                    .filter(|(_, k)| d.row.values.iter().any(|(kk, _)| kk == *k))
                    .map(|(i, _)| i)
                    .collect(),
            ]),
            Some(values) => {
                let allow = allowed.get(d.segment).cloned().unwrap_or_default();
                let parts = of_which.get(d.segment).map(Vec::as_slice).unwrap_or(&[]);
                let mut c = enumerate(values, keys, &allow, relations, parts, catalog);
                if c.as_ref().is_some_and(|c| c.is_empty()) && allow.iter().any(|a| !a) {
                    let all = vec![true; keys.len()];
                    c = enumerate(values, keys, &all, relations, parts, catalog);
                }
                c.filter(|c| !c.is_empty())
            }
        };
        cands.push(c);
    }
    for (s, keys) in seg_keys.iter().enumerate() {
        if super::sums::narrow(drafts, &mut cands, s, keys, !relations.is_empty()) {
            warnings.push(format!(
                "table {title}: the 合计 row's amounts add up under several column readings; read left to right ({})",
                keys.join(", ")
            ));
        }
    }
    // A row that prints the same amounts as a row whose placement is known
    // (单位小计 under 合计) takes that placement.
    for i in 0..drafts.len() {
        if cands
            .get(i)
            .and_then(|c| c.as_ref())
            .is_some_and(|c| c.len() == 1)
        {
            continue;
        }
        let Some(values) = drafts[i].packed.as_ref() else {
            continue;
        };
        let twin = (0..drafts.len()).find(|&j| {
            j != i
                && drafts[j].segment == drafts[i].segment
                && drafts[j].packed.as_ref() == Some(values)
                && cands
                    .get(j)
                    .and_then(|c| c.as_ref())
                    .is_some_and(|c| c.len() == 1)
        });
        if let Some(j) = twin {
            let c = cands.get(j).cloned().flatten();
            if let Some(slot) = cands.get_mut(i) {
                *slot = c;
            }
        }
    }
    // Columns that received a value chosen among several: (segment, column, row).
    let mut guessed: Vec<(usize, usize, usize)> = Vec::new();
    let mut lone: Vec<Lone> = Vec::new();
    for (ri, d) in drafts.iter_mut().enumerate() {
        let Some(values) = d.packed.take() else {
            continue;
        };
        let Some(keys) = seg_keys.get(d.segment) else {
            continue;
        };
        // More figures than columns: nothing tells which of them are the
        // extra ones (a code of the next row read as a figure, a column the
        // header lost), so none is placed.
        if values.len() > keys.len() {
            warnings.push(format!(
                "table {title}: page {}: row {}: {} amounts printed for {} amount columns; which ones belong to which column is not settled, the row's amounts are left out ({})",
                d.row.page,
                row_label(d),
                values.len(),
                keys.len(),
                values.join(" ")
            ));
            continue;
        }
        let placed = match cands.get(ri).and_then(|c| c.as_ref()) {
            Some(c) => decide(c),
            None => Placed::None,
        };
        let mut row_vals: Vec<(usize, String)> = Vec::new();
        match placed {
            // One figure for several columns, put in the total column only
            // because the total is filled first: no relation of the row can
            // check it (a code piece of the next row reads as a figure), so
            // it waits for the table's sums between rows to settle it.
            Placed::Exact(cols)
                if values.len() == 1
                    && keys.len() > 1
                    && cols == [0]
                    && keys.first().is_some_and(|k| k == "total") =>
            {
                if let (Some(key), Some(value)) = (keys.first(), values.first())
                    && !value.is_empty()
                {
                    lone.push(Lone {
                        row: ri,
                        key: key.clone(),
                        value: value.clone(),
                    });
                }
            }
            Placed::Exact(cols) => {
                for (vi, c) in cols.into_iter().enumerate() {
                    if let Some(v) = values.get(vi) {
                        row_vals.push((c, v.clone()));
                    }
                }
                if values.len() < keys.len() {
                    for (c, _) in &row_vals {
                        guessed.push((d.segment, *c, ri));
                    }
                }
                for (c, v) in row_vals {
                    if let Some(k) = keys.get(c).filter(|_| !v.is_empty()) {
                        d.row.values.push((k.clone(), v));
                    }
                }
            }
            Placed::Ambiguous(sets) => {
                let mut taken: BTreeSet<String> = BTreeSet::new();
                for s in &sets {
                    if s.len() == 1
                        && let Some(k) = s.iter().next().and_then(|&c| keys.get(c))
                    {
                        taken.insert(k.clone());
                    }
                }
                for (vi, s) in sets.iter().enumerate() {
                    let Some(v) = values.get(vi) else { continue };
                    let cand: Vec<&str> = s
                        .iter()
                        .filter_map(|&c| keys.get(c).map(String::as_str))
                        .collect();
                    if let [only] = cand.as_slice() {
                        d.row.values.push((only.to_string(), v.clone()));
                        continue;
                    }
                    let anc = common_ancestor(&cand, catalog)
                        .filter(|a| !taken.contains(a) && !keys.iter().any(|k| k == a));
                    match anc {
                        Some(a) => {
                            warnings.push(format!(
                                "table {title}: row {}: amount {v} could be any of {}; placed under {a}",
                                row_label(d),
                                cand.join(", ")
                            ));
                            taken.insert(a.clone());
                            d.row.values.push((a, v.clone()));
                        }
                        None => warnings.push(format!(
                            "table {title}: row {}: amount {v} could be any of {}; left out",
                            row_label(d),
                            cand.join(", ")
                        )),
                    }
                }
            }
            // No order-keeping assignment keeps the arithmetic: nothing
            // settles a column for any figure, so none is placed (reading
            // left to right would put figures where nothing says they go).
            Placed::None => {
                warnings.push(format!(
                    "table {title}: page {}: row {}: amounts {} fit no column assignment the table's arithmetic allows; left out",
                    d.row.page,
                    row_label(d),
                    values.join(" ")
                ));
            }
        }
    }
    settle_lone_figures(drafts, lone, title, warnings);
    fold_lone_siblings(
        drafts, seg_keys, of_which, catalog, &guessed, title, warnings,
    );
    // One warning per ambiguous amount, but not hundreds for one table.
    let mine: Vec<usize> = (start..warnings.len()).collect();
    if mine.len() > MAX_WARNINGS_PER_TABLE {
        let extra = mine.len() - MAX_WARNINGS_PER_TABLE;
        warnings.truncate(start + MAX_WARNINGS_PER_TABLE);
        warnings.push(format!(
            "table {title}: {extra} more amounts could not be placed with certainty"
        ));
    }
    // Keep values in column order.
    for d in drafts.iter_mut() {
        if let Some(keys) = seg_keys.get(d.segment) {
            d.row
                .values
                .sort_by_key(|(k, _)| keys.iter().position(|x| x == k).unwrap_or(usize::MAX));
        }
    }
}

/// The one figure of a packed row waiting for the table's sums to settle
/// it as the row's `key` (its total).
struct Lone {
    row: usize,
    key: String,
    value: String,
}

/// Keep a lone figure only where a sum between rows holds with it: it is
/// the sum of its child rows, or with its siblings it makes up its parent
/// row (an only child equals its parent), or it is the 合计 row and the
/// top-level rows add up to it, or it is a top-level row and completes the
/// 合计. Figures settled this way count for the others (repeated until no
/// more settle); the rest are left out with a warning naming the row.
fn settle_lone_figures(
    drafts: &mut [Draft],
    mut open: Vec<Lone>,
    title: &str,
    warnings: &mut Vec<String>,
) {
    loop {
        let before = open.len();
        let settled: Vec<bool> = open
            .iter()
            .map(|l| lone_settled(drafts, l, &open))
            .collect();
        let mut rest = Vec::new();
        for (l, ok) in open.into_iter().zip(settled) {
            if ok {
                if let Some(d) = drafts.get_mut(l.row) {
                    d.row.values.push((l.key, l.value));
                }
            } else {
                rest.push(l);
            }
        }
        open = rest;
        if open.is_empty() || open.len() == before {
            break;
        }
    }
    for l in open {
        let Some(d) = drafts.get(l.row) else { continue };
        warnings.push(format!(
            "表“{title}”第{}页 行“{}”：只印了一个金额{}，表的加总关系定不了它所在的列，未填 / table {title}: page {}: row {}: one amount {} printed for several columns and no sum of the table settles its column; left out",
            d.row.page,
            row_label(d),
            l.value,
            d.row.page,
            row_label(d),
            l.value
        ));
    }
}

/// Whether a sum between rows settles `l`. The other lone figures of the
/// table (`open`) count as tentative members of a sum: a parent and its
/// children all printed alone settle together when they add up, but two
/// tentative figures alone (an only child equal to its parent) do not, as
/// a code printed twice (`221` `221`) would read as two equal figures.
fn lone_settled(drafts: &[Draft], l: &Lone, open: &[Lone]) -> bool {
    let Some(me) = drafts.get(l.row) else {
        return false;
    };
    let Some(v) = amount::decimal(&l.value) else {
        return false;
    };
    let idx: Vec<usize> = (0..drafts.len())
        .filter(|&j| drafts[j].segment == me.segment)
        .collect();
    // A table without codes has no sums between rows to check a figure
    // with (三公 items printed one per line): the row's total-first
    // reading stands there, as before.
    if !idx.iter().any(|&j| drafts[j].row.code.is_some()) {
        return true;
    }
    let tentative = |j: usize| open.iter().find(|o| o.row == j && o.key == l.key);
    let value = |j: usize| -> Option<Decimal> {
        if j == l.row {
            return Some(v);
        }
        if let Some(o) = tentative(j) {
            return amount::decimal(&o.value);
        }
        drafts[j]
            .row
            .values
            .iter()
            .find(|(k, _)| *k == l.key)
            .and_then(|(_, x)| amount::decimal(x))
    };
    let code = |j: usize| drafts[j].row.code.as_deref();
    let is_total = |j: usize| is_total_name(drafts[j].row.name.as_deref());
    // Σ parts == whole within half a printed unit per figure.
    let adds_up = |whole_row: Option<usize>, parts: &[usize]| -> bool {
        let Some(w) = whole_row.and_then(value) else {
            return false;
        };
        if parts.is_empty() {
            return false;
        }
        // Two figures, both lone: no sum settles them.
        let members = parts.iter().copied().chain(whole_row);
        let firm = members
            .filter(|&j| j != l.row && tentative(j).is_none())
            .count();
        if parts.len() < 2 && firm == 0 {
            return false;
        }
        let Some(sum) = parts.iter().map(|&j| value(j)).sum::<Option<Decimal>>() else {
            return false;
        };
        let scale = parts
            .iter()
            .filter_map(|&j| value(j))
            .chain([w])
            .map(|x| x.scale())
            .max()
            .unwrap_or(0);
        let tol = amount::half_unit(scale) * Decimal::from(parts.len() as u64 + 1);
        (w - sum).abs() <= tol
    };
    let children_of = |c: &str| -> Vec<usize> {
        idx.iter()
            .copied()
            .filter(|&j| code(j).and_then(crate::codes::parent) == Some(c))
            .collect()
    };
    let has_row = |c: &str| idx.iter().any(|&j| code(j) == Some(c));
    let tops: Vec<usize> = idx
        .iter()
        .copied()
        .filter(|&j| !is_total(j))
        .filter(|&j| code(j).is_some_and(|c| crate::codes::parent(c).is_none_or(|p| !has_row(p))))
        .collect();
    if is_total(l.row) {
        return adds_up(Some(l.row), &tops);
    }
    let Some(c) = code(l.row) else {
        return false;
    };
    if adds_up(Some(l.row), &children_of(c)) {
        return true;
    }
    if let Some(p) = crate::codes::parent(c)
        && let Some(pj) = idx.iter().copied().find(|&j| code(j) == Some(p))
    {
        return adds_up(Some(pj), &children_of(p));
    }
    tops.contains(&l.row) && adds_up(idx.iter().copied().find(|&j| is_total(j)), &tops)
}

/// A sibling group of which exactly one column received values, all of them
/// placed by enumeration among fewer amounts than columns: the printed order
/// cannot tell which sibling it was, so the values go to the parent key.
/// An "of which" column is never folded: its whole pins it down.
fn fold_lone_siblings(
    drafts: &mut [Draft],
    seg_keys: &SegmentKeys,
    of_which: &[Vec<OfWhich>],
    catalog: &Catalog,
    guessed: &[(usize, usize, usize)],
    title: &str,
    warnings: &mut Vec<String>,
) {
    for (s, keys) in seg_keys.iter().enumerate() {
        let parents: Vec<Option<String>> = keys.iter().map(|k| parent_of(k, catalog)).collect();
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        for (c, p) in parents.iter().enumerate() {
            if let Some(p) = p {
                match groups.iter_mut().find(|(gp, _)| gp == p) {
                    Some((_, v)) => v.push(c),
                    None => groups.push((p.clone(), vec![c])),
                }
            }
        }
        for (parent, cols) in groups {
            if cols.len() < 2 || keys.contains(&parent) {
                continue;
            }
            let used: Vec<usize> = cols
                .iter()
                .copied()
                .filter(|&c| {
                    let k = &keys[c];
                    drafts
                        .iter()
                        .any(|d| d.segment == s && d.row.values.iter().any(|(kk, _)| kk == k))
                })
                .collect();
            let [only] = used.as_slice() else { continue };
            if of_which
                .get(s)
                .is_some_and(|o| o.iter().any(|o| o.part == *only))
            {
                continue;
            }
            let key = keys[*only].clone();
            let all_guessed = drafts
                .iter()
                .enumerate()
                .filter(|(_, d)| d.segment == s)
                .all(|(ri, d)| {
                    !d.row.values.iter().any(|(kk, _)| *kk == key)
                        || guessed
                            .iter()
                            .any(|&(gs, gc, gr)| gs == s && gc == *only && gr == ri)
                });
            if !all_guessed {
                continue;
            }
            let names: Vec<String> = cols.iter().map(|&c| keys[c].clone()).collect();
            for d in drafts.iter_mut().filter(|d| d.segment == s) {
                let label = row_label(d);
                let mut moved = None;
                for (k, v) in d.row.values.iter_mut() {
                    if *k == key {
                        *k = parent.clone();
                        moved = Some(v.clone());
                    }
                }
                if let Some(v) = moved {
                    warnings.push(format!(
                        "table {title}: row {label}: amount {v} could be any of {}; placed under {parent}",
                        names.join(", ")
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::Row;
    use crate::templates::catalog::catalog;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    /// A packed draft row (also used by the tests of `sums`).
    pub(crate) fn draft(name: &str, code: Option<&str>, packed: &[&str]) -> Draft {
        Draft {
            row: Row {
                code: code.map(str::to_string),
                name: Some(name.into()),
                side: None,
                unit_code: None,
                texts: vec![],
                values: vec![],
                unread: Vec::new(),
                readings: Vec::new(),
                page: 1,
            },
            segment: 0,
            packed: Some(s(packed)),
        }
    }

    fn keys_004() -> Vec<String> {
        s(&[
            "total",
            "wages_welfare",
            "public_funds",
            "household_subsidies",
            "project_operation",
            "project_special",
            "project_investment",
            "project_other",
        ])
    }

    /// `place` over `drafts` with the column relations of `template` in
    /// the catalog: the warnings it gave.
    fn place_in(template: &str, keys: &[String], drafts: &mut [Draft], title: &str) -> Vec<String> {
        let rels = catalog()
            .template(template)
            .map(|t| t.relations.clone())
            .unwrap_or_default();
        let mut w = Vec::new();
        place(
            drafts,
            &vec![keys.to_vec()],
            &[],
            &rels,
            catalog(),
            title,
            &mut w,
        );
        w
    }

    fn vals(d: &Draft) -> Vec<(String, String)> {
        d.row.values.clone()
    }

    #[test]
    fn combinations_enumerate_in_order() {
        let mut all = Vec::new();
        combinations(4, 2, 100, |c| all.push(c.to_vec()));
        assert_eq!(
            all,
            vec![
                vec![0, 1],
                vec![0, 2],
                vec![0, 3],
                vec![1, 2],
                vec![1, 3],
                vec![2, 3]
            ]
        );
        let mut n = 0;
        assert!(!combinations(30, 10, 1000, |_| n += 1));
    }

    #[test]
    fn packed_expenditure_table_004() {
        let keys = keys_004();
        let mut drafts = vec![
            draft(
                "合计",
                None,
                &["2081.40", "115.99", "10.81", "4.04", "1950.56"],
            ),
            draft(
                "单位小计",
                None,
                &["2081.40", "115.99", "10.81", "4.04", "1950.56"],
            ),
            draft("其他共产党事务支出", Some("2013699"), &["0.30", "0.30"]),
            draft(
                "其他一般公共服务支出",
                Some("2019999"),
                &["438.00", "438.00"],
            ),
            draft("其他教育支出", Some("2059999"), &["432.00", "432.00"]),
            draft(
                "财政对城乡居民基本医疗保险基金的补助",
                Some("2101202"),
                &["994.00", "994.00"],
            ),
            draft("城乡医疗救助", Some("2101301"), &["31.70", "31.70"]),
            draft("其他医疗救助支出", Some("2101399"), &["19.70", "19.70"]),
            draft(
                "行政运行",
                Some("2101501"),
                &["101.74", "86.89", "10.81", "4.04"],
            ),
            draft("事业运行", Some("2101550"), &["29.10", "29.10"]),
            draft(
                "其他医疗保障管理事务支出",
                Some("2101599"),
                &["34.86", "34.86"],
            ),
        ];
        let w = place_in(
            "expenditure_summary",
            &keys,
            &mut drafts,
            "部门支出总体情况表",
        );
        assert_eq!(
            vals(&drafts[0]),
            vec![
                ("total".to_string(), "2081.40".to_string()),
                ("wages_welfare".into(), "115.99".into()),
                ("public_funds".into(), "10.81".into()),
                ("household_subsidies".into(), "4.04".into()),
                ("project".into(), "1950.56".into())
            ]
        );
        assert_eq!(vals(&drafts[1]), vals(&drafts[0]));
        drafts.remove(1);
        assert_eq!(
            vals(&drafts[7]),
            vec![
                ("total".to_string(), "101.74".to_string()),
                ("wages_welfare".into(), "86.89".into()),
                ("public_funds".into(), "10.81".into()),
                ("household_subsidies".into(), "4.04".into())
            ]
        );
        // The column sums say 0.30 is a project amount and 29.10 a wage.
        assert_eq!(
            vals(&drafts[1]),
            vec![
                ("total".to_string(), "0.30".to_string()),
                ("project".into(), "0.30".into())
            ]
        );
        assert_eq!(
            vals(&drafts[8]),
            vec![
                ("total".to_string(), "29.10".to_string()),
                ("wages_welfare".into(), "29.10".into())
            ]
        );
        assert!(
            w.iter().any(|m| m.contains("部门支出总体情况表")
                && m.contains("2013699")
                && m.contains("project_operation, project_special")),
            "{w:?}"
        );
    }

    #[test]
    fn rows_that_do_not_add_up_are_decided_alone() {
        let keys = keys_004();
        let mut drafts = vec![draft(
            "其他一般公共服务支出",
            Some("2019999"),
            &["438.00", "438.00"],
        )];
        let w = place_in(
            "expenditure_summary",
            &keys,
            &mut drafts,
            "部门支出总体情况表",
        );
        // A wage or a project amount: the order cannot say; total kept.
        assert_eq!(
            vals(&drafts[0]),
            vec![("total".to_string(), "438.00".to_string())]
        );
        assert!(
            w.iter()
                .any(|m| m.contains("2019999") && m.contains("left out")),
            "{w:?}"
        );
    }

    /// More figures than columns (the next row's code read as a figure)
    /// and figures that fit no assignment the arithmetic allows: nothing
    /// settles a column, so the row's amounts are left out with a warning
    /// naming the page and row (they were placed left to right).
    #[test]
    fn unsettled_rows_are_left_out() {
        let keys = s(&["total", "basic", "project"]);
        let mut drafts = vec![
            draft("行政运行", Some("2010101"), &["5", "3", "2", "2010102"]),
            // 合计 = 基本 + 项目 fails for every order-keeping placement
            draft("一般行政管理事务", Some("2010102"), &["9", "3"]),
        ];
        let w = place_in(
            "expenditure_summary",
            &keys,
            &mut drafts,
            "部门支出总体情况表",
        );
        assert!(vals(&drafts[0]).is_empty(), "{:?}", vals(&drafts[0]));
        assert!(vals(&drafts[1]).is_empty(), "{:?}", vals(&drafts[1]));
        for code in ["2010101", "2010102"] {
            assert!(
                w.iter()
                    .any(|m| m.contains(code) && m.contains("page 1") && m.contains("left out")),
                "{w:?}"
            );
        }
    }

    /// A row printing one figure for several columns gets it in its total
    /// column only where a sum between rows holds with it: a class whose
    /// items add up to it, an item completing its class, the 合计 of the
    /// classes. A code piece of the next row read as the row's only figure
    /// (`221` under `2101103`) adds up to nothing and is left out, named.
    #[test]
    fn lone_figures_wait_for_the_sums_between_rows() {
        let keys = s(&["total", "basic", "project"]);
        let mut drafts = vec![
            draft("合计", None, &["30.00"]),
            draft("卫生健康支出", Some("210"), &["30.00"]),
            draft("行政事业单位医疗", Some("21011"), &["30.00", "30.00"]),
            draft("行政单位医疗", Some("2101101"), &["20.00"]),
            draft("公务员医疗补助", Some("2101103"), &["10.00", "10.00"]),
        ];
        let w = place_in(
            "expenditure_summary",
            &keys,
            &mut drafts,
            "部门支出总体情况表",
        );
        let total = |d: &Draft| {
            vals(d)
                .into_iter()
                .find(|(k, _)| k == "total")
                .map(|(_, v)| v)
        };
        // 2101101 completes 21011 with 2101103; 210 is the sum of its only
        // item 21011 (firm); 合计 sums the classes.
        assert_eq!(total(&drafts[3]).as_deref(), Some("20.00"), "{w:?}");
        assert_eq!(total(&drafts[1]).as_deref(), Some("30.00"), "{w:?}");
        assert_eq!(total(&drafts[0]).as_deref(), Some("30.00"), "{w:?}");
        // Two lone figures alone (an only child and its parent, both
        // printed alone) settle nothing: a code printed twice reads so.
        let mut drafts = vec![
            draft("住房保障支出", Some("221"), &["221"]),
            draft("住房改革支出", Some("22102"), &["221"]),
        ];
        let w = place_in("expenditure_summary", &keys, &mut drafts, "T");
        assert!(drafts.iter().all(|d| vals(d).is_empty()), "{w:?}");
        for code in ["221", "22102"] {
            assert!(
                w.iter().any(|m| m.contains(&format!("row {code}"))
                    && m.contains("left out")
                    && m.contains("未填")),
                "{w:?}"
            );
        }
    }

    #[test]
    fn relation_decides_between_basic_and_project() {
        let keys = s(&["total", "basic", "project"]);
        let rels = catalog()
            .template("general_budget_expenditure")
            .map(|t| t.relations.clone())
            .unwrap_or_default();
        // 1,511.89 = 1,503.52 + 8.37: both filled.
        let p = candidates(
            &s(&["1511.89", "1503.52", "8.37"]),
            &keys,
            &[true; 3],
            &rels,
            &[],
            catalog(),
        );
        assert_eq!(p, Placed::Exact(vec![0, 1, 2]));
        // A single part equal to the total: basic or project, the order
        // cannot say.
        let p = candidates(
            &s(&["10.00", "10.00"]),
            &keys,
            &[true; 3],
            &rels,
            &[],
            catalog(),
        );
        assert!(matches!(p, Placed::Ambiguous(_)), "{p:?}");
        // Not the total first: nothing fits.
        let p = candidates(
            &s(&["5.00", "10.00"]),
            &keys,
            &[true; 3],
            &rels,
            &[],
            catalog(),
        );
        assert_eq!(p, Placed::None);
    }

    #[test]
    fn empty_total_columns_receive_nothing() {
        let keys = s(&["total", "basic", "project"]);
        let mut drafts = vec![
            Draft {
                row: Row {
                    code: None,
                    name: Some("合计".into()),
                    side: None,
                    unit_code: None,
                    texts: vec![],
                    values: vec![
                        ("total".into(), "20.00".into()),
                        ("project".into(), "20.00".into()),
                    ],
                    unread: Vec::new(),
                    readings: Vec::new(),
                    page: 1,
                },
                segment: 0,
                packed: None,
            },
            draft("一般行政管理事务", Some("2010602"), &["10.00", "10.00"]),
        ];
        let mut w = Vec::new();
        place(&mut drafts, &vec![keys], &[], &[], catalog(), "t", &mut w);
        assert_eq!(
            vals(&drafts[1]),
            vec![
                ("total".to_string(), "10.00".to_string()),
                ("project".into(), "10.00".into())
            ]
        );
    }
}
