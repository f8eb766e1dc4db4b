//! Document metadata and key figures (SPEC FACT keys), from the tables and
//! from the prose, plus the checks that compare prose with tables.

use crate::model::{Check, DocumentMeta, Fact, LaidOut, Table};

/// Department, year, kind and unit from the title, captions and prose.
pub fn document_meta(_laid: &LaidOut, _tables: &[Table]) -> DocumentMeta {
    DocumentMeta::default()
}

/// Facts from tables and prose, and the `text_vs_table`, `text_comparison`
/// and `empty_note` checks.
pub fn extract(
    _laid: &LaidOut,
    _tables: &[Table],
    _meta: &DocumentMeta,
) -> (Vec<Fact>, Vec<Check>) {
    (Vec::new(), Vec::new())
}
