//! Numeric reconciliation over the canonical tables: `children_sum`,
//! `column_total`, `row_identity`, `balance`, `cross_table`, `fact_sum`, with
//! SPEC's rounding tolerance, and blame for failing checks.
//!
//! Every rule is a function from the tables (or facts) to [`Finding`]s: a
//! [`Check`] plus the cells it read. [`check`] keeps the checks;
//! [`assign_blame`] recomputes the findings to know which cells each check
//! involved, and points every failing check at the cell the other checks
//! trust least. Rules never fail on what they cannot decide: an ambiguous
//! hierarchy or a different fund scope gives `skip` or no check at all,
//! because a false alarm on a consistent document costs more than a miss.

mod balance;
mod blame;
mod cells;
mod children_sum;
mod code_warnings;
mod column_total;
mod cross_table;
mod cut_tables;
mod fact_sum;
pub(crate) mod function_classes;
pub(crate) mod readings;
mod row_identity;
pub(crate) mod run_together;
pub(crate) mod scope;
pub mod tolerance;
mod vocab;

#[cfg(test)]
pub(crate) mod testutil;
#[cfg(test)]
mod truth_tests;

pub use tolerance::Settings;

use crate::model::{Check, CheckStatus, Fact, Table};
use cells::Finding;

/// All table checks of one document, in a deterministic order (by table,
/// then row, then column; document-wide fact checks last).
pub fn check(tables: &[Table], facts: &[Fact]) -> Vec<Check> {
    findings(tables, facts, &Settings::default())
        .into_iter()
        .map(|f| f.check)
        .collect()
}

/// The checks of [`check`] appended to `checks` (the facts stage's), then
/// every failing one pointed at its cell as [`assign_blame`] does, from one
/// computation of the findings: blame needs the table findings, which are
/// the findings of `check` without the fact sums (they name no cell).
pub fn check_and_blame(checks: &mut Vec<Check>, tables: &[Table], facts: &[Fact]) {
    let settings = Settings::default();
    let found = findings(tables, facts, &settings);
    checks.extend(found.iter().map(|f| f.check.clone()));
    let table_found: Vec<Finding> = found
        .into_iter()
        .filter(|f| f.check.rule != fact_sum::RULE)
        .collect();
    blame::assign(checks, tables, &table_found, &settings);
}

/// Warnings that are not checks: classification codes that look
/// misprinted (a child code that does not start with its parent's).
pub fn warnings(tables: &[Table]) -> Vec<String> {
    code_warnings::run(tables)
}

/// Point each failing check at the cell most likely wrong, using the other
/// checks of the document.
pub fn assign_blame(checks: &mut [Check], tables: &[Table]) {
    let settings = Settings::default();
    let found = findings(tables, &[], &settings);
    blame::assign(checks, tables, &found, &settings);
}

fn findings(tables: &[Table], facts: &[Fact], s: &Settings) -> Vec<Finding> {
    let mut out = Vec::new();
    children_sum::run(tables, s, &mut out);
    column_total::run(tables, s, &mut out);
    row_identity::run(tables, s, &mut out);
    balance::run(tables, s, &mut out);
    cross_table::run(tables, s, &mut out);
    fact_sum::run(tables, facts, s, &mut out);
    skip_unread(tables, &mut out);
    skip_run_together(tables, &mut out);
    cut_tables::skip_cut(tables, &mut out);
    // Stable: rules emitted in a fixed order keep it within one cell.
    out.sort_by_key(|f| f.order);
    out
}

/// A sum that fails where a figure could not be read (a row's `unread`
/// cells) proves nothing: the missing figure is unknown, not blank. A
/// failing check is skipped when a figure it would have added is unread:
/// one of the checked row's own cells (its columns' relation), or, in the
/// checked column, a direct sub-code of the checked row (类 = Σ款) or, for
/// a row without a code (合计), a top-level row.
fn skip_unread(tables: &[Table], out: &mut [Finding]) {
    for f in out.iter_mut() {
        if !matches!(f.check.status, CheckStatus::Fail | CheckStatus::Rounding) {
            continue;
        }
        let Some(checked) = f.cells.first() else {
            continue;
        };
        let Some(t) = tables.get(checked.table) else {
            continue;
        };
        if let Some(key) = touched_by_unread(t, checked) {
            f.check.status = CheckStatus::Skip;
            f.check.blame.clear();
            f.check
                .append_message(&crate::messages::checks::unread_figure(&t.id, &key));
        }
    }
}

/// The column of an unread figure the check of `checked` would have added
/// ([`skip_unread`] says which), if any.
fn touched_by_unread(t: &Table, checked: &cells::CellKey) -> Option<String> {
    let row = t.rows.get(checked.row)?;
    let code_in_table = |c: &str| t.rows.iter().any(|r| r.code.as_deref() == Some(c));
    let top_level = |code: &str| {
        let mut p = crate::codes::parent(code);
        while let Some(pc) = p {
            if code_in_table(pc) {
                return false;
            }
            p = crate::codes::parent(pc);
        }
        true
    };
    let under = |r: &crate::model::Row| match (&row.code, &r.code) {
        (Some(parent), Some(child)) => crate::codes::parent(child) == Some(parent.as_str()),
        (None, Some(child)) => top_level(child),
        _ => false,
    };
    row.unread
        .first()
        .cloned()
        .or_else(|| {
            t.rows
                .iter()
                .any(|r| r.unread.contains(&checked.column) && under(r))
                .then(|| checked.column.clone())
        })
        .or_else(|| glued_figure(t))
}

/// A failing check of a table whose header holds two columns' names
/// ([`run_together::run_together_column`]) is skipped: its figures were
/// placed by columns the reader merged.
fn skip_run_together(tables: &[Table], out: &mut [Finding]) {
    for f in out.iter_mut() {
        if !matches!(f.check.status, CheckStatus::Fail | CheckStatus::Rounding) {
            continue;
        }
        let Some(t) = f.cells.first().and_then(|c| tables.get(c.table)) else {
            continue;
        };
        if let Some(key) = run_together::run_together_column(t) {
            f.check.status = CheckStatus::Skip;
            f.check.blame.clear();
            f.check
                .append_message(&crate::messages::checks::run_together(&t.id, key));
        }
    }
}

/// Fewest figures at the table's usual precision before a figure with more
/// decimals counts as misread: with fewer, the usual precision is unknown.
const GLUED_MIN_USUAL: usize = 3;

/// The column of a figure printed with more decimals than the table's
/// usual precision (`6771057.13303` among `2,209.42`s): no table prints so,
/// the reader ran a cell into its neighbour (an economic code of the other
/// half, `303`, glued to the figure before it). The column boundaries of
/// the table are then wrong, so none of its sums proves anything.
fn glued_figure(t: &Table) -> Option<String> {
    let mut by_scale: std::collections::BTreeMap<u32, usize> = Default::default();
    for r in &t.rows {
        for (_, v) in &r.values {
            if v.contains('.') {
                *by_scale.entry(crate::amount::printed_scale(v)).or_default() += 1;
            }
        }
    }
    // Most figures, then fewer decimals: deterministic on ties.
    let (&usual, &n) = by_scale
        .iter()
        .max_by_key(|(scale, n)| (**n, std::cmp::Reverse(**scale)))?;
    if n < GLUED_MIN_USUAL {
        return None;
    }
    t.rows.iter().find_map(|r| {
        r.values
            .iter()
            .find(|(_, v)| crate::amount::printed_scale(v) > usual)
            .map(|(k, _)| k.clone())
    })
}

#[cfg(test)]
mod unread_tests {
    use super::*;
    use crate::model::CheckStatus;
    use crate::reconcile::testutil::table;

    fn statuses(t: &Table) -> Vec<(String, CheckStatus)> {
        check(std::slice::from_ref(t), &[])
            .into_iter()
            .map(|c| {
                (
                    c.row.and_then(|r| r.code.or(r.name)).unwrap_or_default(),
                    c.status,
                )
            })
            .collect()
    }

    #[test]
    fn sums_missing_an_unread_figure_are_skipped_not_failed() {
        let mut t = table(
            "t3",
            "expenditure_summary",
            "元",
            &["total", "basic", "project"],
            &[
                ("208", "社会保障和就业支出", &["30", "30", "0"]),
                ("20801", "人力资源", &["10", "10", "0"]),
                ("20805", "养老", &["", "20", "0"]),
                ("", "合计", &["30", "30", "0"]),
            ],
        );
        // 20805's total was printed but misread: the 类 total cannot be
        // proved, and 20805's own relation neither; the 合计 still can.
        let before = statuses(&t);
        assert!(
            before.contains(&("208".into(), CheckStatus::Fail)),
            "{before:?}"
        );
        t.rows[2].unread = vec!["total".into()];
        let after = statuses(&t);
        assert!(
            !after.iter().any(|(_, s)| *s == CheckStatus::Fail),
            "{after:?}"
        );
        assert!(
            after.contains(&("208".into(), CheckStatus::Skip)),
            "{after:?}"
        );
        assert!(
            after.contains(&("合计".into(), CheckStatus::Pass)),
            "{after:?}"
        );
    }

    #[test]
    fn a_figure_glued_to_its_neighbour_makes_the_tables_sums_unsure() {
        // 30101's figure ran into the code of the other half (`303`): the
        // 类 total and the 合计 cannot be proved.
        let mut t = table(
            "t5",
            "general_budget_basic_expenditure",
            "元",
            &["total"],
            &[
                ("301", "工资福利支出", &["30.50"]),
                ("30101", "基本工资", &["10.25"]),
                ("30102", "津贴补贴", &["20.25"]),
                ("302", "商品和服务支出", &["5.00"]),
                ("30201", "办公费", &["5.00"]),
                ("", "合计", &["35.50"]),
            ],
        );
        assert!(statuses(&t).iter().all(|(_, s)| *s == CheckStatus::Pass));
        t.rows[1].values = vec![("total".into(), "10.20303".into())];
        let after = statuses(&t);
        assert!(
            !after.iter().any(|(_, s)| *s == CheckStatus::Fail),
            "{after:?}"
        );
        assert!(
            after.contains(&("301".into(), CheckStatus::Skip)),
            "{after:?}"
        );
        // The same figure at the table's precision is a contradiction.
        t.rows[1].values = vec![("total".into(), "10.20".into())];
        assert!(
            statuses(&t).contains(&("301".into(), CheckStatus::Fail)),
            "{:?}",
            statuses(&t)
        );
    }
}
