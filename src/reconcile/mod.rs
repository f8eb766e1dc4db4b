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
mod fact_sum;
mod row_identity;
mod scope;
mod tolerance;
mod vocab;

#[cfg(test)]
mod testutil;
#[cfg(test)]
mod truth_tests;

pub use tolerance::Settings;

use crate::model::{Check, Fact, Table};
use cells::Finding;

/// All table checks of one document, in a deterministic order (by table,
/// then row, then column; document-wide fact checks last).
pub fn check(tables: &[Table], facts: &[Fact]) -> Vec<Check> {
    findings(tables, facts, &Settings::default())
        .into_iter()
        .map(|f| f.check)
        .collect()
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
    // Stable: rules emitted in a fixed order keep it within one cell.
    out.sort_by_key(|f| f.order);
    out
}
