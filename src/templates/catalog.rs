//! The template catalog, loaded once from `data/catalog.json` (compiled in,
//! so the binary needs no data files at run time). Supporting a new
//! province's titles or headers is a change to that file, not to code.

use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Clone, Deserialize)]
pub struct Catalog {
    pub templates: Vec<Template>,
    pub columns: Vec<ColumnAlias>,
}

/// One standard table.
#[derive(Debug, Clone, Deserialize)]
pub struct Template {
    /// SPEC key (`expenditure_summary`).
    pub key: String,
    /// Printed titles seen in disclosures (without year prefix).
    pub titles: Vec<String>,
    /// Header words typical of this table, for tables whose title is missing.
    #[serde(default)]
    pub header_hints: Vec<String>,
    /// Two-sided (收入 | 支出) table.
    #[serde(default)]
    pub two_sided: bool,
    /// Which classification the row codes follow: `function`, `economic` or `none`.
    #[serde(default = "default_codes")]
    pub codes: String,
    /// Column relations that must hold per row: `total` = Σ `parts`
    /// (over the parts the table prints).
    #[serde(default)]
    pub relations: Vec<Relation>,
}

fn default_codes() -> String {
    "none".into()
}

#[derive(Debug, Clone, Deserialize)]
pub struct Relation {
    pub total: String,
    pub parts: Vec<String>,
}

/// A canonical column key and the headers printed for it.
#[derive(Debug, Clone, Deserialize)]
pub struct ColumnAlias {
    pub key: String,
    pub aliases: Vec<String>,
}

static CATALOG: OnceLock<Catalog> = OnceLock::new();

/// The catalog (parsed on first use; the file is checked by a unit test).
pub fn catalog() -> &'static Catalog {
    CATALOG.get_or_init(|| {
        serde_json::from_str(include_str!("../../data/catalog.json"))
            .expect("data/catalog.json is valid (unit-tested)")
    })
}

impl Catalog {
    pub fn template(&self, key: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.key == key)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn catalog_parses_and_keys_are_unique() {
        let c = super::catalog();
        let mut keys: Vec<&str> = c.templates.iter().map(|t| t.key.as_str()).collect();
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(n, keys.len());
        assert!(c.template("expenditure_summary").is_some());
    }
}
