//! A row's amounts when the header fits more than one column order (see
//! `Header::alternatives`): the row is placed under every reading, the
//! readings its own arithmetic contradicts are dropped (the 合计 column must
//! equal the sum of the amount columns it totals), and an amount is kept
//! only in a column where all remaining readings put the same value. The
//! others are left out, and the caller warns naming the table and the row:
//! a value placed in the wrong column is worse than a missing one.

use super::header::{Column, Kind};
use super::vocab::Vocabulary;
use crate::amount;
use rust_decimal::Decimal;

/// What is left of a row read under several column orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    /// Cells in the order of the first reading, unsettled amounts blanked.
    pub cells: Vec<String>,
    /// Names of the amount columns whose value was left out.
    pub withheld: Vec<String>,
}

/// `rows[i]` is the row's cells placed under `readings[i]` (each cell in
/// the column of the same index). The readings hold the same columns in
/// different orders; `rows[0]` / `readings[0]` is the printed order.
pub fn settle(readings: &[&[Column]], rows: &[Vec<String>], v: &Vocabulary) -> Option<Settled> {
    let (first_cols, first_row) = (readings.first()?, rows.first()?);
    if readings.len() != rows.len() {
        return None;
    }
    let value = |r: usize, name: &str| -> Option<&str> {
        let cols = readings.get(r)?;
        let i = cols.iter().position(|c| c.name == name)?;
        rows.get(r)?.get(i).map(String::as_str)
    };
    let contradicted: Vec<bool> = (0..readings.len())
        .map(|r| {
            let cells = rows.get(r).map(Vec::as_slice).unwrap_or(&[]);
            total_holds(readings.get(r).copied().unwrap_or(&[]), cells, v) == Some(false)
        })
        .collect();
    let mut alive: Vec<usize> = (0..readings.len()).filter(|&r| !contradicted[r]).collect();
    if alive.is_empty() {
        // The identity holds under no reading: it is no identity of this
        // table (a `其中` column); it tells nothing.
        alive = (0..readings.len()).collect();
    }
    let mut cells = first_row.clone();
    let mut withheld = Vec::new();
    for (i, col) in first_cols.iter().enumerate() {
        if col.kind != Kind::Amount {
            continue;
        }
        let agreed = alive
            .iter()
            .map(|&r| value(r, &col.name))
            .collect::<Option<Vec<&str>>>()
            .filter(|vs| vs.windows(2).all(|w| w[0] == w[1]))
            .and_then(|vs| vs.first().map(|s| s.to_string()));
        match agreed {
            Some(v) => {
                if let Some(c) = cells.get_mut(i) {
                    *c = v;
                }
            }
            None => {
                if let Some(c) = cells.get_mut(i).filter(|c| !c.is_empty()) {
                    c.clear();
                    withheld.push(col.name.clone());
                }
            }
        }
    }
    Some(Settled { cells, withheld })
}

/// Rounding allowance of a sum of printed amounts: half a printed unit for
/// each part and for the total.
const HALF_UNIT: (i64, u32) = (5, 1);

/// Does the row's 合计/总计 column equal the sum of what it totals, the
/// other columns under the same parent? A sibling that is itself a group
/// (`基本支出` over `小计`, `人员经费`, `公用经费`) counts once: by its own
/// 小计/合计 column when it prints one, else by the sum of its columns.
/// `None` when the row has no such column or a figure involved is blank or
/// unreadable.
pub fn total_holds(cols: &[Column], cells: &[String], v: &Vocabulary) -> Option<bool> {
    let parent = |name: &str| name.rsplit_once('/').map_or("", |(p, _)| p).to_string();
    let (ti, total_col) = cols.iter().enumerate().find(|(_, c)| {
        c.kind == Kind::Amount && Vocabulary::is_in(&v.total_prefixes, last(&c.name))
    })?;
    let amounts: Vec<(&str, &str)> = cols
        .iter()
        .zip(
            cells
                .iter()
                .map(String::as_str)
                .chain(std::iter::repeat("")),
        )
        .enumerate()
        .filter(|(i, (c, _))| *i != ti && c.kind == Kind::Amount)
        .map(|(_, (c, x))| (c.name.as_str(), x))
        .collect();
    let (total, scale) = read(cells.get(ti)?)?;
    let mut acc = Sum::default();
    add_group(&parent(&total_col.name), &amounts, v, &mut acc, 0)?;
    if acc.parts == 0 {
        return None;
    }
    let scale = scale.max(acc.scale);
    let half = Decimal::new(HALF_UNIT.0, scale.saturating_add(HALF_UNIT.1).min(28));
    Some((total - acc.sum).abs() <= half * Decimal::from(acc.parts + 1))
}

/// How an "of which" column's name starts.
const OF_WHICH: &str = "其中";

/// A group nested deeper than this is no header.
const MAX_HEADER_DEPTH: usize = 8;

#[derive(Default)]
struct Sum {
    sum: Decimal,
    scale: u32,
    parts: i64,
}

fn last(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

fn read(s: &str) -> Option<(Decimal, u32)> {
    let n = amount::normalize(s)?;
    Some((amount::decimal(&n)?, amount::printed_scale(&n)))
}

/// Add the direct children of `prefix` (`""`: the top level) among the
/// amount columns: a leaf by its figure, a group by its 小计/合计 column or
/// else its own children. `None` when a figure needed is blank.
fn add_group(
    prefix: &str,
    amounts: &[(&str, &str)],
    v: &Vocabulary,
    acc: &mut Sum,
    depth: usize,
) -> Option<()> {
    if depth > MAX_HEADER_DEPTH {
        return None;
    }
    let rest = |name: &'_ str| -> Option<String> {
        if prefix.is_empty() {
            Some(name.to_string())
        } else {
            name.strip_prefix(prefix)?
                .strip_prefix('/')
                .map(str::to_string)
        }
    };
    let mut children: Vec<String> = Vec::new();
    for (name, _) in amounts {
        if let Some(r) = rest(name) {
            let first = r.split('/').next().unwrap_or("").to_string();
            // An "of which" column (`其中：财政拨款`) repeats money another
            // column already counts.
            if first.starts_with(OF_WHICH) {
                continue;
            }
            if !children.contains(&first) {
                children.push(first);
            }
        }
    }
    let join = |c: &str| {
        if prefix.is_empty() {
            c.to_string()
        } else {
            format!("{prefix}/{c}")
        }
    };
    for child in children {
        let path = join(&child);
        let figure = |name: &str| amounts.iter().find(|(n, _)| *n == name).map(|(_, x)| *x);
        let own_total = amounts
            .iter()
            .find(|(n, _)| parent_is(n, &path) && Vocabulary::is_in(&v.total_prefixes, last(n)))
            .map(|(_, x)| *x);
        match figure(&path).or(own_total) {
            Some(x) => {
                let (d, s) = read(x)?;
                acc.sum += d;
                acc.scale = acc.scale.max(s);
                acc.parts += 1;
            }
            None => add_group(&path, amounts, v, acc, depth + 1)?,
        }
    }
    Some(())
}

fn parent_is(name: &str, parent: &str) -> bool {
    name.rsplit_once('/').is_some_and(|(p, _)| p == parent)
}

/// Most order-keeping placements tried for one packed row (fewer figures
/// than amount columns) before it is counted as telling nothing.
const MAX_PACKED_PLACEMENTS: usize = 4096;

/// What a table's rows say about its column order: how many rows' 合计
/// column equals the sum of the columns it totals under that order, and
/// how many contradict it. `rows[i]` is `Some(cells)` for a row placed
/// under `cols` (cell `j` in column `j`), or `None` with the `amounts` of a
/// row whose columns are unknown: such a row contradicts the order only
/// when every order-keeping placement of its figures does.
pub fn order_votes(cols: &[Column], rows: &[RowFigures], v: &Vocabulary) -> (usize, usize) {
    let amount_cols: Vec<usize> = cols
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == Kind::Amount)
        .map(|(i, _)| i)
        .collect();
    let (mut holds, mut fails) = (0, 0);
    for r in rows {
        let verdict = match r {
            RowFigures::Placed(cells) => total_holds(cols, cells, v),
            RowFigures::Packed(amounts) => packed_verdict(cols, &amount_cols, amounts, v),
        };
        match verdict {
            Some(true) => holds += 1,
            Some(false) => fails += 1,
            None => {}
        }
    }
    (holds, fails)
}

/// A row as [`order_votes`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowFigures {
    /// Cells placed in the columns.
    Placed(Vec<String>),
    /// Figures in printed order, columns unknown (fewer than the columns).
    Packed(Vec<String>),
}

/// `Some(false)` when no order-keeping placement of the figures in the
/// amount columns keeps the 合计 identity; `None` otherwise (a placement
/// that holds does not tell it is the right one).
fn packed_verdict(
    cols: &[Column],
    amount_cols: &[usize],
    amounts: &[String],
    v: &Vocabulary,
) -> Option<bool> {
    let (n, k) = (amount_cols.len(), amounts.len());
    if k == 0 || k >= n {
        return None;
    }
    let last = |name: &str| name.rsplit('/').next().unwrap_or(name).to_string();
    let total = amount_cols.iter().position(|&i| {
        cols.get(i)
            .is_some_and(|c| Vocabulary::is_in(&v.total_prefixes, &last(&c.name)))
    })?;
    let mut pick: Vec<usize> = (0..k).collect();
    for _ in 0..MAX_PACKED_PLACEMENTS {
        // A column the placement leaves without a figure was printed
        // blank: nothing (zero). A placement leaving the total blank is
        // not refuted by it.
        if !pick.contains(&total) {
            return None;
        }
        let mut cells = vec![String::new(); cols.len()];
        for &i in amount_cols {
            if let Some(c) = cells.get_mut(i) {
                *c = "0".to_string();
            }
        }
        for (a, &p) in amounts.iter().zip(&pick) {
            if let Some(c) = amount_cols.get(p).and_then(|&i| cells.get_mut(i)) {
                *c = a.clone();
            }
        }
        match total_holds(cols, &cells, v) {
            Some(false) => {}
            _ => return None,
        }
        // Next increasing choice of k among n.
        let Some(i) = (0..k).rev().find(|&i| pick[i] < n - k + i) else {
            // Every placement refuted.
            return Some(false);
        };
        pick[i] += 1;
        for j in i + 1..k {
            pick[j] = pick[j - 1] + 1;
        }
    }
    None
}

/// Do the printed `total` figures equal, column by column, the sums of the
/// `items` (the table's top-level rows, each as many figures as `total`)?
/// `None` when there is no item or a figure is blank or unreadable.
pub fn sums_match(items: &[&[String]], total: &[String]) -> Option<bool> {
    if items.is_empty() || total.is_empty() {
        return None;
    }
    let read = |s: &str| -> Option<(Decimal, u32)> {
        let n = amount::normalize(s)?;
        Some((amount::decimal(&n)?, amount::printed_scale(&n)))
    };
    for (j, t) in total.iter().enumerate() {
        let (want, mut scale) = read(t)?;
        let mut sum = Decimal::ZERO;
        for it in items {
            let (x, s) = read(it.get(j)?)?;
            sum += x;
            scale = scale.max(s);
        }
        let half = Decimal::new(HALF_UNIT.0, scale.saturating_add(HALF_UNIT.1).min(28));
        if (want - sum).abs() > half * Decimal::from(items.len() as i64 + 1) {
            return Some(false);
        }
    }
    Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::reading_order::vocab;

    fn cols(names: &[&str]) -> Vec<Column> {
        names
            .iter()
            .map(|n| Column {
                name: n.to_string(),
                kind: if n.ends_with("名称") {
                    Kind::Text
                } else {
                    Kind::Amount
                },
            })
            .collect()
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn arithmetic_picks_the_reading() {
        // The group printed first: read left of 合计 the row's total would
        // be 0.00, which is not the sum of the rest.
        let a = cols(&[
            "科目名称",
            "本年收入/一般",
            "本年收入/基金",
            "合计",
            "上年结转",
        ]);
        let b = cols(&[
            "科目名称",
            "合计",
            "上年结转",
            "本年收入/一般",
            "本年收入/基金",
        ]);
        // Printed 10.00 0.00 9.00 1.00: read as `a`, 合计 9.00 ≠ 10.00 + 0.00 + 1.00.
        let cells = row(&["行政运行", "10.00", "0.00", "9.00", "1.00"]);
        let s = settle(&[&a, &b], &[cells.clone(), cells], vocab::get()).unwrap();
        assert!(s.withheld.is_empty());
        // Cells in the first reading's order, values as the second reads them.
        assert_eq!(s.cells, row(&["行政运行", "9.00", "1.00", "10.00", "0.00"]));
    }

    #[test]
    fn what_the_arithmetic_cannot_tell_is_left_out() {
        let a = cols(&[
            "科目名称",
            "合计",
            "本年收入/一般",
            "本年收入/基金",
            "上年结转",
        ]);
        let b = cols(&[
            "科目名称",
            "合计",
            "上年结转",
            "本年收入/一般",
            "本年收入/基金",
        ]);
        let cells = row(&["行政运行", "10.00", "9.00", "1.00", "0.00"]);
        let s = settle(&[&a, &b], &[cells.clone(), cells], vocab::get()).unwrap();
        assert_eq!(s.cells, row(&["行政运行", "10.00", "", "", ""]));
        assert_eq!(s.withheld.len(), 3);
        // Equal values land the same under both readings and stay.
        let cells = row(&["行政运行", "0.00", "0.00", "0.00", "0.00"]);
        let s = settle(&[&a, &b], &[cells.clone(), cells], vocab::get()).unwrap();
        assert!(s.withheld.is_empty());
    }

    #[test]
    fn total_row_sums() {
        let a = row(&["1.00", "2.00"]);
        let b = row(&["3.00", "4.00"]);
        let items = [a.as_slice(), b.as_slice()];
        assert_eq!(sums_match(&items, &row(&["4.00", "6.00"])), Some(true));
        assert_eq!(sums_match(&items, &row(&["4.00", "7.00"])), Some(false));
        assert_eq!(sums_match(&items, &row(&["4.00", "-"])), None);
        assert_eq!(sums_match(&[], &row(&["4.00"])), None);
    }

    #[test]
    fn total_identity() {
        let c = cols(&["合计", "基本支出", "项目支出"]);
        assert_eq!(
            total_holds(&c, &row(&["3.00", "1.00", "2.00"]), vocab::get()),
            Some(true)
        );
        assert_eq!(
            total_holds(&c, &row(&["3.00", "1.00", "1.00"]), vocab::get()),
            Some(false)
        );
        assert_eq!(
            total_holds(&c, &row(&["3.00", "", "2.00"]), vocab::get()),
            None
        );
        let c = cols(&["基本支出", "项目支出"]);
        assert_eq!(total_holds(&c, &row(&["1.00", "2.00"]), vocab::get()), None);
    }
}
