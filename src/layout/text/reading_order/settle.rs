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

/// Does the row's 合计/总计 column equal the sum of the amount columns under
/// the same parent (all the leaves it totals)? `None` when the row has no
/// such column or a figure involved is blank or unreadable.
pub fn total_holds(cols: &[Column], cells: &[String], v: &Vocabulary) -> Option<bool> {
    let parent = |name: &str| name.rsplit_once('/').map_or("", |(p, _)| p).to_string();
    let last = |name: &str| name.rsplit('/').next().unwrap_or(name).to_string();
    let (ti, total_col) = cols.iter().enumerate().find(|(_, c)| {
        c.kind == Kind::Amount && Vocabulary::is_in(&v.total_prefixes, &last(&c.name))
    })?;
    let prefix = parent(&total_col.name);
    let under = |name: &str| prefix.is_empty() || name.starts_with(&format!("{prefix}/"));
    let read = |i: usize| -> Option<(Decimal, u32)> {
        let s = amount::normalize(cells.get(i)?)?;
        Some((amount::decimal(&s)?, amount::printed_scale(&s)))
    };
    let (total, mut scale) = read(ti)?;
    let mut sum = Decimal::ZERO;
    let mut parts = 0i64;
    for (i, c) in cols.iter().enumerate() {
        if i == ti || c.kind != Kind::Amount || !under(&c.name) {
            continue;
        }
        let (x, s) = read(i)?;
        sum += x;
        scale = scale.max(s);
        parts += 1;
    }
    if parts == 0 {
        return None;
    }
    let half = Decimal::new(HALF_UNIT.0, scale.saturating_add(HALF_UNIT.1).min(28));
    Some((total - sum).abs() <= half * Decimal::from(parts + 1))
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
