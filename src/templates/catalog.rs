//! The template catalog, loaded once from `data/catalog.json` (compiled in,
//! so the binary needs no data files at run time). Supporting a new
//! province's titles or headers is a change to that file, not to code.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Deserialize)]
pub struct Catalog {
    pub templates: Vec<Template>,
    pub columns: Vec<ColumnAlias>,
    /// Words removed from titles before comparing (部门, 单位, 预算 …).
    #[serde(default)]
    pub title_noise: Vec<String>,
    /// Words of a title's subject (收入, 支出, 预算, 表 …): a text before the
    /// year holding none of them is the department's name, not the title's.
    #[serde(default)]
    pub title_subject_words: Vec<String>,
    /// Headers that say "the sum" without naming what (合计, 小计): under a
    /// named parent the parent decides the key.
    #[serde(default)]
    pub generic_headers: Vec<String>,
    /// Header prefixes of an "of which" column (其中：财政拨款 beside 小计):
    /// a part of the column before it, outside the column relations.
    #[serde(default)]
    pub of_which_words: Vec<String>,
    /// 预算数 / 决算数 / 调整预算数 header words and what they qualify.
    #[serde(default)]
    pub qualifiers: Vec<Qualifier>,
    /// Notes that say a table is printed empty.
    #[serde(default)]
    pub empty_phrases: Vec<String>,
    /// Which amount column sums which (total → basic, project; basic →
    /// wages_welfare …): expands relations and names the nearest parent of
    /// an ambiguous packed amount.
    #[serde(default)]
    pub column_tree: Vec<ColumnParent>,
    /// Words of a title's trailing qualifier that name the classification
    /// its rows follow (`经济分类` → `economic`), see `Template::by_class`.
    #[serde(default)]
    pub class_words: BTreeMap<String, Vec<String>>,
    /// Normalised forms of the words above, computed on first use: doing it
    /// per table was a third of the run time (see BENCHMARKS.md).
    #[serde(skip)]
    pub(crate) prepared: Prepared,
}

/// Lazily computed normalised catalog words (each its own cell: the title
/// cell is computed with the noise cell).
#[derive(Debug, Clone, Default)]
pub(crate) struct Prepared {
    pub(crate) folded_noise: OnceLock<Vec<String>>,
    pub(crate) titles: OnceLock<Vec<Vec<String>>>,
    pub(crate) aliases: OnceLock<Vec<(String, usize)>>,
    pub(crate) generic: OnceLock<Vec<String>>,
    pub(crate) qualifiers: OnceLock<Vec<String>>,
}

/// A header word that qualifies an amount column (预算数 / 决算数).
#[derive(Debug, Clone, Deserialize)]
pub struct Qualifier {
    pub word: String,
    /// `final` (决算数: the plain key), `budget` (`_budget` suffix / `budget`),
    /// `adjusted` (`_adjusted` suffix / `adjusted`).
    pub kind: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ColumnParent {
    pub parent: String,
    pub children: Vec<String>,
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
    /// The template a title of this one means when its trailing qualifier
    /// names another classification (`一般公共预算支出表（按经济分类）` is
    /// the economic listing): classification (`economic`) → template key.
    #[serde(default)]
    pub by_class: BTreeMap<String, String>,
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
    /// `amount` (default), `code`, `name`, `unit_code`, `text` or `ignore`.
    #[serde(default = "default_role")]
    pub role: String,
}

fn default_role() -> String {
    "amount".into()
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

    /// The parent of an amount key in the column tree (`wages_welfare` → `basic`).
    pub fn parent_key(&self, key: &str) -> Option<&str> {
        self.column_tree
            .iter()
            .find(|p| p.children.iter().any(|c| c == key))
            .map(|p| p.parent.as_str())
    }

    /// The children of an amount key in the column tree (over every entry
    /// naming it: `total` splits into basic/project and into the “三公” items).
    pub fn child_keys(&self, key: &str) -> Vec<String> {
        self.column_tree
            .iter()
            .filter(|p| p.parent == key)
            .flat_map(|p| p.children.iter().cloned())
            .collect()
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
