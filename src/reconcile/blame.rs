//! Blame: which printed figure a failing check most likely got wrong. Every
//! check reads some cells; a cell that other checks confirm (a parent that
//! agrees with the same figure in two other tables) is probably right, a
//! cell that several checks reject is probably the misprint. Candidates of a
//! failing check are ranked by the number of failing checks they are in
//! (most first), then by the number of passing checks (fewest first), then
//! by their place in the check (the printed figure checked first).

use super::cells::{self, CellKey, Finding};
use super::tolerance::Settings;
use crate::model::{CellRef, Check, CheckStatus, Table};
use std::collections::BTreeMap;

type Identity = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn identity(c: &Check) -> Identity {
    (
        c.rule.clone(),
        c.table.clone(),
        c.row.as_ref().and_then(|r| r.code.clone()),
        c.row.as_ref().and_then(|r| r.name.clone()),
        c.column.clone(),
        c.expected.clone(),
        c.actual.clone(),
    )
}

pub fn assign(checks: &mut [Check], tables: &[Table], found: &[Finding], s: &Settings) {
    let mut by_id: BTreeMap<Identity, Vec<CellKey>> = BTreeMap::new();
    for f in found {
        let e = by_id.entry(identity(&f.check)).or_default();
        for c in &f.cells {
            if !e.contains(c) {
                e.push(c.clone());
            }
        }
    }
    // The cells of every check: recomputed, or the one cell a check from
    // another stage (text_vs_table) names.
    let involved: Vec<Vec<CellKey>> = checks
        .iter()
        .map(|c| {
            if c.status == CheckStatus::Skip {
                return Vec::new();
            }
            by_id
                .get(&identity(c))
                .cloned()
                .unwrap_or_else(|| named_cell(c, tables).into_iter().collect())
        })
        .collect();
    let mut fails: BTreeMap<&CellKey, usize> = BTreeMap::new();
    let mut confirms: BTreeMap<&CellKey, usize> = BTreeMap::new();
    for (c, cells_) in checks.iter().zip(&involved) {
        let tally = match c.status {
            CheckStatus::Fail => &mut fails,
            CheckStatus::Pass | CheckStatus::Rounding => &mut confirms,
            CheckStatus::Skip => continue,
        };
        for k in cells_ {
            *tally.entry(k).or_default() += 1;
        }
    }
    for (c, cells_) in checks.iter_mut().zip(&involved) {
        if c.status != CheckStatus::Fail {
            continue;
        }
        let mut ranked: Vec<(usize, &CellKey)> = cells_.iter().enumerate().collect();
        ranked.sort_by_key(|(pos, k)| {
            (
                std::cmp::Reverse(fails.get(k).copied().unwrap_or(0)),
                confirms.get(k).copied().unwrap_or(0),
                *pos,
            )
        });
        c.blame = ranked
            .into_iter()
            .take(s.max_blame)
            .filter_map(|(_, k)| cell_ref(k, tables))
            .collect();
    }
}

fn cell_ref(k: &CellKey, tables: &[Table]) -> Option<CellRef> {
    let t = tables.get(k.table)?;
    let r = t.rows.get(k.row)?;
    Some(CellRef {
        table: t.id.clone(),
        row: cells::check_row(r),
        column: k.column.clone(),
        page: Some(r.page),
        value: r
            .values
            .iter()
            .find(|(key, _)| *key == k.column)
            .map(|(_, v)| v.clone()),
    })
}

/// The cell a check names by table id, row (code, else name) and column.
fn named_cell(c: &Check, tables: &[Table]) -> Option<CellKey> {
    let ti = tables
        .iter()
        .position(|t| Some(&t.id) == c.table.as_ref())?;
    let t = tables.get(ti)?;
    let column = c.column.clone()?;
    let row = c.row.as_ref()?;
    let ri = t.rows.iter().position(|r| match (&row.code, &r.code) {
        (Some(a), Some(b)) => a == b,
        (None, None) => row.name.is_some() && r.name == row.name,
        _ => false,
    })?;
    Some(CellKey {
        table: ti,
        row: ri,
        column,
    })
}

#[cfg(test)]
mod tests {
    use crate::model::CheckStatus;
    use crate::reconcile::testutil::{table, two_sided};
    use crate::reconcile::{assign_blame, check};

    /// 2101501 is misprinted in the 一般公共预算支出表 (40.00 for 30.00): its
    /// parent 21015 there fails children_sum, but 21015 agrees with the
    /// 支出总表 and the 收支总表 agrees with both totals, so the child is blamed.
    #[test]
    fn planted_child_is_blamed() {
        let summary = two_sided(
            "t1",
            "revenue_expenditure_summary",
            "万元",
            &[
                ("income", "一、一般公共预算拨款收入", "100.00"),
                ("income", "本年收入合计", "100.00"),
                ("income", "收入总计", "100.00"),
                ("expenditure", "本年支出合计", "100.00"),
                ("expenditure", "支出总计", "100.00"),
            ],
        );
        let rows =
            |child: &'static str| -> Vec<(&'static str, &'static str, &'static [&'static str])> {
                let child_row: &'static [&'static str] = Box::leak(Box::new([child]));
                vec![
                    ("", "合计", &["100.00"]),
                    ("210", "卫生健康支出", &["100.00"]),
                    ("21015", "医疗保障管理事务", &["100.00"]),
                    ("2101501", "行政运行", child_row),
                    ("2101502", "一般行政管理事务", &["70.00"]),
                ]
            };
        let t2 = table(
            "t2",
            "expenditure_summary",
            "万元",
            &["total"],
            &rows("30.00"),
        );
        let t3 = table(
            "t3",
            "general_budget_expenditure",
            "万元",
            &["total"],
            &rows("40.00"),
        );
        let tables = vec![summary, t2, t3];
        let mut checks = check(&tables, &[]);
        assign_blame(&mut checks, &tables);
        let fails: Vec<_> = checks
            .iter()
            .filter(|c| c.status == CheckStatus::Fail)
            .collect();
        assert!(!fails.is_empty());
        let cs = fails
            .iter()
            .find(|c| c.rule == "children_sum")
            .expect("children_sum fails");
        assert_eq!(cs.table.as_deref(), Some("t3"));
        assert_eq!(cs.row.as_ref().unwrap().code.as_deref(), Some("21015"));
        let top = &cs.blame[0];
        assert_eq!(
            (
                top.table.as_str(),
                top.row.code.as_deref(),
                top.value.as_deref()
            ),
            ("t3", Some("2101501"), Some("40.00"))
        );
        // The cross-table failure on 2101501 blames the same cell first.
        let ct = fails
            .iter()
            .find(|c| c.rule == "cross_table")
            .expect("cross_table fails");
        assert_eq!(ct.blame[0].value.as_deref(), Some("40.00"));
        // Nothing else fails.
        assert_eq!(fails.len(), 2, "{fails:#?}");
    }
}
