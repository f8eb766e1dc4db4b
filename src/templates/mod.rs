//! Template matching: which standard table each [`RawTable`] is, what each
//! column means, and the canonical rows (codes, names, sides, amounts).
//! The catalog is data (`data/catalog.json`), loaded once.

use crate::model::{LaidOut, Table};

/// Canonical tables (ids `t1`, `t2`, … in document order) and warnings.
pub mod catalog;

pub fn canonicalize(_laid: &LaidOut) -> (Vec<Table>, Vec<String>) {
    (Vec::new(), Vec::new())
}
