//! The reconcile vocabulary, loaded once from `data/reconcile.json`
//! (compiled in). Which rows are totals, which figures agree across which
//! templates, which facts add up: a new province's wording is a data change.

use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Clone, Deserialize)]
pub struct Vocab {
    pub total_rows: Vec<String>,
    pub sub_item_prefixes: Vec<String>,
    pub children_sum_templates: Vec<String>,
    pub column_total_templates: Vec<String>,
    pub two_sided: TwoSided,
    pub function_class_names: Vec<String>,
    pub scope: ScopeVocab,
    pub cross_table: CrossTable,
    pub fact_sums: Vec<FactSum>,
    pub other_expenditure_kinds: Vec<String>,
    /// First digits of real classification classes (function 2xx, economic
    /// 3xx / 5xx); a code starting otherwise is a misprint.
    #[serde(default)]
    pub class_first_digits: Vec<String>,
    /// Complete ways a relation's part divides into printed columns, used
    /// by `row_identity` when a table prints the part only as its pieces.
    #[serde(default)]
    pub part_decompositions: Vec<Decomposition>,
    /// Words that head a total column (`合计`, `小计`): one run into another
    /// column's name in a header cell marks two columns read as one
    /// (`run_together`).
    #[serde(default)]
    pub total_header_words: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TwoSided {
    pub templates: Vec<String>,
    pub income_total: Vec<String>,
    pub expenditure_total: Vec<String>,
    pub income_current: Vec<String>,
    pub expenditure_current: Vec<String>,
    pub income_carry_prefixes: Vec<String>,
    pub expenditure_carry_prefixes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ScopeVocab {
    /// `[word, scope]`: an income row whose name holds `word` is of `scope`.
    pub income_keywords: Vec<(String, String)>,
    /// `[word, scope]`: a table whose title holds `word` covers `scope`.
    pub title_keywords: Vec<(String, String)>,
    pub template_default: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CrossTable {
    pub figures: Vec<Figure>,
    pub codes: CodeFigures,
    pub at_most: Vec<AtMost>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Figure {
    pub name: String,
    /// The name in English messages.
    #[serde(default)]
    pub name_en: Option<String>,
    pub sources: Vec<Source>,
}

/// Where a figure is printed: a row (by name, or by code) of a template's
/// table, in a column (or, for tables printed with items as columns, in
/// `or_column` of the total row).
#[derive(Debug, Clone, Deserialize)]
pub struct Source {
    pub template: String,
    #[serde(default)]
    pub rows: Vec<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub side: Option<String>,
    pub column: String,
    #[serde(default)]
    pub or_column: Option<String>,
    /// `budget` or `final_accounts`: the source applies to that kind only.
    #[serde(default)]
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CodeFigures {
    pub templates: Vec<String>,
    /// Templates whose expenditure rows name the 类 without a code (the
    /// 收支总表): their codes come from `data/function_classes.json`.
    #[serde(default)]
    pub named_class_templates: Vec<String>,
    pub columns: Vec<String>,
    #[serde(default)]
    pub budget_only_templates: Vec<String>,
    #[serde(default)]
    pub final_accounts_word: String,
    /// Per template, columns that print another measure than their key says:
    /// the `total` of a 基本支出 table is basic expenditure only, so a code's
    /// total there is compared with the `basic` of other tables, never with
    /// their `total` (basic + project).
    #[serde(default)]
    pub measures: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
}

impl CodeFigures {
    /// The column of `t` that prints `measure`, or `None` when `t`'s
    /// columns of that key print another measure.
    pub fn column_for<'a>(&'a self, template: Option<&str>, measure: &'a str) -> Option<&'a str> {
        let Some(map) = template.and_then(|t| self.measures.get(t)) else {
            return Some(measure);
        };
        if let Some((col, _)) = map.iter().find(|(_, m)| m.as_str() == measure) {
            return Some(col.as_str());
        }
        (!map.contains_key(measure)).then_some(measure)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct AtMost {
    pub name: String,
    /// The name in English messages.
    #[serde(default)]
    pub name_en: Option<String>,
    pub lesser: Source,
    pub greater: Source,
}

/// A name of the data in both languages (English missing: the Chinese,
/// which `tests/message_language.rs` reports).
fn named(zh: &str, en: Option<&str>) -> crate::messages::Text {
    crate::messages::Text::new(zh, en.unwrap_or(zh))
}

impl Figure {
    pub fn label(&self) -> crate::messages::Text {
        named(&self.name, self.name_en.as_deref())
    }
}

impl AtMost {
    pub fn label(&self) -> crate::messages::Text {
        named(&self.name, self.name_en.as_deref())
    }
}

impl FactSum {
    pub fn label(&self) -> crate::messages::Text {
        named(&self.what, self.what_en.as_deref())
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct FactSum {
    pub total: String,
    pub parts: Vec<String>,
    pub what: String,
    /// The relation in English messages.
    #[serde(default)]
    pub what_en: Option<String>,
    #[serde(default)]
    pub only_basic_and_project: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Decomposition {
    pub part: String,
    pub parts: Vec<String>,
}

static VOCAB: OnceLock<Vocab> = OnceLock::new();

pub fn vocab() -> &'static Vocab {
    VOCAB.get_or_init(|| {
        serde_json::from_str(include_str!("../../data/reconcile.json"))
            .expect("data/reconcile.json is valid (unit-tested)")
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn vocab_parses() {
        let v = super::vocab();
        assert!(v.total_rows.iter().any(|s| s == "合计"));
        assert!(!v.cross_table.figures.is_empty());
    }
}
