//! `balance`: two-sided tables (收支总表, 财政拨款收支总表) balance.
//! 收入总计 = 支出总计; 收入总计 = 本年收入合计 + the carried-in items printed
//! between them (上年结转, 年初结转和结余, 使用非财政拨款结余 …);
//! 支出总计 = 本年支出合计 + the carried-out items (结转下年, 结余分配,
//! 年末结转和结余 …). Rows are matched by name with spaces and enumeration
//! removed (`收　入　总　计`, `十、上年结转`). Which rows between the two
//! totals are top-level is not always marked, so several readings are tried
//! (carry words, enumerated items, all items) and the first that adds up is
//! kept.

use super::cells::{self, CellKey, Finding};
use super::column_total::best_reading;
use super::tolerance::{Settings, classify};
use super::vocab::vocab;
use crate::model::{Row, Table};

pub fn run(tables: &[Table], s: &Settings, out: &mut Vec<Finding>) {
    let v = &vocab().two_sided;
    for (ti, t) in tables.iter().enumerate() {
        if !cells::is_two_sided(t, &v.templates) {
            continue;
        }
        let income = side_rows(t, "income", &v.income_total);
        let expend = side_rows(t, "expenditure", &v.expenditure_total);
        // 收入总计 = 支出总计, per column both print.
        if let (Some(&it), Some(&et)) = (income.last(), expend.last())
            && let (Some(ir), Some(er)) = (t.rows.get(it), t.rows.get(et))
            && cells::name_in(ir, &v.income_total)
            && cells::name_in(er, &v.expenditure_total)
        {
            for (key, _) in &er.values {
                let (Some(a), Some(b)) = (cells::amount(ir, key, s), cells::amount(er, key, s))
                else {
                    continue;
                };
                let status = classify(a.value, b.value, a.slack.saturating_add(b.slack));
                let cells_ = vec![
                    CellKey {
                        table: ti,
                        row: et,
                        column: key.clone(),
                    },
                    CellKey {
                        table: ti,
                        row: it,
                        column: key.clone(),
                    },
                ];
                out.extend(cells::finding(
                    "balance",
                    tables,
                    ti,
                    et,
                    key,
                    a.value,
                    &b,
                    status,
                    &crate::messages::checks::revenue_side_total(),
                    cells_,
                ));
            }
        }
        for (rows, current, carry, grand) in [
            (
                &income,
                &v.income_current,
                &v.income_carry_prefixes,
                &v.income_total,
            ),
            (
                &expend,
                &v.expenditure_current,
                &v.expenditure_carry_prefixes,
                &v.expenditure_total,
            ),
        ] {
            let Some(&gt) = rows.last() else { continue };
            let Some(grow) = t.rows.get(gt) else { continue };
            if !cells::name_in(grow, grand) {
                continue;
            }
            let Some(cpos) = rows
                .iter()
                .position(|&i| t.rows.get(i).is_some_and(|r| cells::name_in(r, current)))
            else {
                continue;
            };
            let Some(&cur) = rows.get(cpos) else { continue };
            let between: Vec<usize> = rows
                .get(cpos + 1..rows.len().saturating_sub(1))
                .unwrap_or(&[])
                .iter()
                .copied()
                .filter(|&i| t.rows.get(i).is_some_and(|r| !cells::is_sub_item(r)))
                .collect();
            let carried: Vec<usize> = between
                .iter()
                .copied()
                .filter(|&i| t.rows.get(i).is_some_and(|r| starts_with_any(r, carry)))
                .collect();
            let enumerated = cells::top_enumerated(&between, |i| {
                t.rows
                    .get(i)
                    .and_then(|r| r.name.clone())
                    .unwrap_or_default()
            });
            let mut readings = Vec::new();
            for set in [carried, enumerated, between] {
                let mut r = vec![cur];
                r.extend(set);
                if !readings.contains(&r) {
                    readings.push(r);
                }
            }
            for (key, _) in &grow.values {
                let Some(total) = cells::amount(grow, key, s) else {
                    continue;
                };
                if let Some(mut f) = best_reading(
                    "balance",
                    crate::messages::checks::sum_of_lines_with_carryover,
                    tables,
                    ti,
                    gt,
                    key,
                    &total,
                    &readings,
                    s,
                ) {
                    f.check.rule = "balance".into();
                    f.order.3 = cells::rule_rank("balance");
                    out.push(f);
                }
            }
        }
    }
}

/// Rows of one side, in order, up to and including its grand total. Rows
/// without a side are given one by their name (收入… / 支出…).
fn side_rows(t: &Table, side: &str, grand: &[String]) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, r) in t.rows.iter().enumerate() {
        if row_side(r).as_deref() == Some(side) {
            out.push(i);
            if cells::name_in(r, grand) {
                break;
            }
        }
    }
    out
}

fn row_side(r: &Row) -> Option<String> {
    if let Some(s) = &r.side {
        return Some(s.clone());
    }
    let n = cells::norm_name(r.name.as_deref()?);
    if n.starts_with("收入") || n.starts_with("本年收入") {
        Some("income".into())
    } else if n.starts_with("支出") || n.starts_with("本年支出") {
        Some("expenditure".into())
    } else {
        None
    }
}

fn starts_with_any(r: &Row, prefixes: &[String]) -> bool {
    r.name.as_deref().is_some_and(|n| {
        let n = cells::norm_name(n);
        prefixes.iter().any(|p| n.starts_with(p.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CheckStatus;
    use crate::reconcile::testutil::two_sided;

    fn run1(t: Table) -> Vec<Finding> {
        let mut out = Vec::new();
        run(&[t], &Settings::default(), &mut out);
        out
    }

    #[test]
    fn budget_balances() {
        let t = two_sided(
            "t1",
            "revenue_expenditure_summary",
            "万元",
            &[
                ("income", "一、一般公共预算拨款", "2081.40"),
                ("expenditure", "卫生健康支出", "2081.40"),
                ("income", "本年收入合计", "2081.40"),
                ("expenditure", "本年支出合计", "2081.40"),
                ("income", "十、上年结转", ""),
                ("income", "基本支出结余、结转", "0.00"),
                ("expenditure", "结转下年", ""),
                ("income", "收　入　总　计", "2081.40"),
                ("expenditure", "支 出 总 计", "2081.40"),
            ],
        );
        let f = run1(t);
        assert_eq!(f.len(), 3, "{f:#?}");
        assert!(
            f.iter().all(|f| f.check.status == CheckStatus::Pass),
            "{f:#?}"
        );
    }

    #[test]
    fn final_accounts_balance_and_failure() {
        let t = two_sided(
            "t1",
            "revenue_expenditure_summary",
            "万元",
            &[
                ("income", "本年收入合计", "100.00"),
                ("expenditure", "本年支出合计", "90.00"),
                ("income", "使用非财政拨款结余", "1.00"),
                ("expenditure", "结余分配", "2.00"),
                ("income", "年初结转和结余", "9.00"),
                ("expenditure", "年末结转和结余", "18.00"),
                ("income", "收入总计", "110.00"),
                ("expenditure", "支出总计", "111.00"),
            ],
        );
        let f = run1(t);
        let st: Vec<_> = f
            .iter()
            .map(|f| (f.check.message.clone(), f.check.status))
            .collect();
        assert_eq!(
            f.iter()
                .filter(|f| f.check.status == CheckStatus::Fail)
                .count(),
            2,
            "{st:#?}"
        );
        assert_eq!(
            f.iter()
                .filter(|f| f.check.status == CheckStatus::Pass)
                .count(),
            1,
            "{st:#?}"
        );
    }
}
