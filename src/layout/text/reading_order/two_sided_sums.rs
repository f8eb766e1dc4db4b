//! The identities of a two-sided 收支总表 as printed in reading order, used
//! to keep only the figures they confirm: on each side the 合计 row
//! (本年收入合计, 本年支出合计) is the sum of the numbered items above it
//! (一、… 二、…), and the 总计 row is the 合计 plus the rows between them
//! (上年结转, 年末结转和结余 …); the two sides' 总计 are equal. Reading order
//! interleaves the two sides, so a figure may land on the neighbouring
//! row: where an identity fails, the figures it covers are left out with a
//! warning naming the table, page and rows (a wrong value is worse than a
//! missing one).

use super::vocab::Vocabulary;
use crate::amount;
use crate::model::RawRow;
use rust_decimal::Decimal;

/// Rounding allowance: half a printed unit per figure summed.
const HALF_UNIT: (i64, u32) = (5, 1);

/// One side of the table: its label column and its amount columns.
pub struct Side {
    pub label: usize,
    pub amounts: std::ops::Range<usize>,
    pub name: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Item,
    Total,
    Grand,
    Other,
}

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What a side's label says the row is. A label holding both a 合计 and a
/// 总计 (two cells run together) is no row of either kind.
fn role(label: &str, v: &Vocabulary) -> Role {
    let l = norm(label);
    let total = l.ends_with("合计");
    let grand = l.contains("总计");
    match (total, grand) {
        (true, true) => Role::Other,
        (true, false) if l.chars().count() <= 8 => Role::Total,
        (false, true) if l.chars().count() <= 6 => Role::Grand,
        _ if is_numbered(&l) && !Vocabulary::is_in(&v.total_prefixes, &l) => Role::Item,
        _ => Role::Other,
    }
}

/// `一、…`, `十二、…`: a top-level item of a 收支总表 side.
fn is_numbered(l: &str) -> bool {
    let head: String = l
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .collect();
    !head.is_empty() && l[head.len()..].starts_with('、')
}

fn read(s: &str) -> Option<(Decimal, u32)> {
    let n = amount::normalize(s)?;
    Some((amount::decimal(&n)?, amount::printed_scale(&n)))
}

/// `Some(true)` when `total` equals the sum of `parts` within rounding,
/// `None` when the total is blank or a figure unreadable. A part printed
/// blank is nothing: reading order drops a blank cell, so a part whose
/// figure went to a neighbouring row reads blank too, and must not excuse
/// the sum.
fn adds_up(total: &str, parts: &[&str]) -> Option<bool> {
    let (t, mut scale) = read(total)?;
    let mut sum = Decimal::ZERO;
    for p in parts.iter().filter(|p| !p.trim().is_empty()) {
        let (x, s) = read(p)?;
        sum += x;
        scale = scale.max(s);
    }
    let half = Decimal::new(HALF_UNIT.0, scale.saturating_add(HALF_UNIT.1).min(28));
    Some((t - sum).abs() <= half * Decimal::from(parts.len() as i64 + 1))
}

fn cell(rows: &[RawRow], r: usize, c: usize) -> &str {
    rows.get(r)
        .and_then(|row| row.cells.get(c))
        .map_or("", String::as_str)
}

/// Rows of the side by role, in printed order: (row index, role).
/// A row whose label was lost (printed into the caption, run into another
/// cell) but which prints a figure of the side counts as an item.
fn roles(rows: &[RawRow], side: &Side, v: &Vocabulary) -> Vec<(usize, Role)> {
    let figure = |r: usize| side.amounts.clone().any(|c| !cell(rows, r, c).is_empty());
    (0..rows.len())
        .filter_map(|r| {
            let label = cell(rows, r, side.label);
            if !label.trim().is_empty() {
                Some((r, role(label, v)))
            } else {
                figure(r).then_some((r, Role::Item))
            }
        })
        .collect()
}

/// Check the identities and blank the figures they refute; returns the
/// warnings. `sides` are the income side then the expenditure side.
pub fn keep_confirmed(
    rows: &mut Vec<RawRow>,
    sides: &[Side; 2],
    title: &str,
    v: &Vocabulary,
) -> Vec<String> {
    let mut warnings = Vec::new();
    // (row, column) cells to blank.
    let mut withhold: Vec<(usize, usize)> = Vec::new();
    let mut grand: [Option<(usize, usize)>; 2] = [None, None];
    for (k, side) in sides.iter().enumerate() {
        let rs = roles(rows, side, v);
        let total = rs.iter().position(|&(_, r)| r == Role::Total);
        let grand_at = rs.iter().position(|&(_, r)| r == Role::Grand);
        let first_amount = side.amounts.start;
        if let Some(g) = grand_at {
            grand[k] = Some((rs[g].0, first_amount));
        }
        for col in side.amounts.clone() {
            let value = |r: usize| cell(rows, r, col);
            // 合计 = Σ numbered items above it.
            if let Some(t) = total {
                let items: Vec<usize> = rs[..t]
                    .iter()
                    .filter(|&&(_, r)| r == Role::Item)
                    .map(|&(i, _)| i)
                    .collect();
                let parts: Vec<&str> = items.iter().map(|&i| value(i)).collect();
                let total_row = rs[t].0;
                let verdict = if items.is_empty() {
                    None
                } else {
                    adds_up(value(total_row), &parts)
                };
                if verdict == Some(false) {
                    warnings.push(format!(
                        "表“{title}”第{}页 {}方“{}”：不等于其上各项之和，该方各行金额未填",
                        rows[total_row].page,
                        side.name,
                        norm(cell(rows, total_row, side.label))
                    ));
                    withhold.extend(rs.iter().map(|&(i, _)| (i, col)));
                    continue;
                }
                // 总计 = 合计 + the rows between them.
                if let Some(g) = grand_at.filter(|&g| g > t) {
                    let between: Vec<&str> = rs[t + 1..g].iter().map(|&(i, _)| value(i)).collect();
                    let mut parts = vec![value(total_row)];
                    parts.extend(between.iter().copied());
                    let verdict = adds_up(value(rs[g].0), &parts);
                    if verdict == Some(false) {
                        warnings.push(format!(
                            "表“{title}”第{}页 {}方“{}”：不等于{}加其间各行，其间各行与总计金额未填",
                            rows[rs[g].0].page,
                            side.name,
                            norm(cell(rows, rs[g].0, side.label)),
                            norm(cell(rows, total_row, side.label))
                        ));
                        withhold.extend(rs[t + 1..=g].iter().map(|&(i, _)| (i, col)));
                    }
                }
            }
        }
    }
    // Both sides' 总计 are one figure.
    if let [Some((ri, ci)), Some((re, ce))] = grand {
        let (a, b) = (cell(rows, ri, ci), cell(rows, re, ce));
        if let (Some((x, _)), Some((y, _))) = (read(a), read(b))
            && x != y
        {
            warnings.push(format!(
                "表“{title}”第{}页：收入方总计{a}与支出方总计{b}不等，两方总计未填",
                rows[ri].page
            ));
            withhold.push((ri, ci));
            withhold.push((re, ce));
        }
    }
    if withhold.is_empty() {
        return warnings;
    }
    for &(r, c) in &withhold {
        if let Some(x) = rows.get_mut(r).and_then(|row| row.cells.get_mut(c)) {
            x.clear();
        }
    }
    // A side left without figures is no row of that side: kept, its label
    // would read as a row printed blank.
    for &(r, _) in &withhold {
        for side in sides {
            let Some(row) = rows.get_mut(r) else { continue };
            let empty = side
                .amounts
                .clone()
                .all(|c| row.cells.get(c).is_none_or(|x| x.is_empty()));
            if empty && let Some(l) = row.cells.get_mut(side.label) {
                l.clear();
            }
        }
    }
    rows.retain(|r| r.cells.iter().any(|c| !c.is_empty()));
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::reading_order::vocab;
    use crate::model::Placement;

    fn row(cells: &[&str]) -> RawRow {
        RawRow {
            cells: cells.iter().map(|s| s.to_string()).collect(),
            placement: Placement::Aligned,
            page: 1,
        }
    }

    fn sides() -> [Side; 2] {
        [
            Side {
                label: 0,
                amounts: 1..2,
                name: "收入",
            },
            Side {
                label: 2,
                amounts: 3..4,
                name: "支出",
            },
        ]
    }

    #[test]
    fn figures_the_identities_confirm_are_kept() {
        let mut rows = vec![
            row(&[
                "一、财政拨款收入",
                "100.00",
                "一、社会保障和就业支出",
                "60.00",
            ]),
            row(&["二、事业收入", "20.00", "二、卫生健康支出", "60.00"]),
            row(&["本年收入合计", "120.00", "本年支出合计", "120.00"]),
            row(&["上年结转", "5.00", "年末结转和结余", "5.00"]),
            row(&["总计", "125.00", "总计", "125.00"]),
        ];
        let before = rows.clone();
        let w = keep_confirmed(&mut rows, &sides(), "T", vocab::get());
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(rows, before);
    }

    #[test]
    fn a_figure_on_the_neighbouring_row_is_left_out() {
        // The expenditure figures moved one row up: 本年支出合计 no longer
        // adds up, so the expenditure side is left out; the income side,
        // whose identities hold, stays.
        let mut rows = vec![
            row(&[
                "一、财政拨款收入",
                "100.00",
                "一、社会保障和就业支出",
                "60.00",
            ]),
            row(&["二、事业收入", "20.00", "二、卫生健康支出", "120.00"]),
            row(&["本年收入合计", "120.00", "本年支出合计", "5.00"]),
            row(&["上年结转", "5.00", "年末结转和结余", "125.00"]),
            row(&["总计", "125.00", "总计", ""]),
        ];
        let w = keep_confirmed(&mut rows, &sides(), "T", vocab::get());
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            rows.iter()
                .all(|r| r.cells[3].is_empty() && r.cells[2].is_empty())
        );
        assert_eq!(rows[1].cells[1], "20.00");
        assert_eq!(rows[4].cells[1], "125.00");
    }

    #[test]
    fn unequal_grand_totals_are_left_out() {
        let mut rows = vec![
            row(&[
                "一、财政拨款收入",
                "100.00",
                "一、社会保障和就业支出",
                "100.00",
            ]),
            row(&["本年收入合计", "100.00", "本年支出合计", "100.00"]),
            row(&["总计", "100.00", "总计", "90.00"]),
        ];
        keep_confirmed(&mut rows, &sides(), "T", vocab::get());
        assert_eq!(rows.len(), 2);
    }
}
