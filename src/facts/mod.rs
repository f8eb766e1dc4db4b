//! Document metadata and key figures (SPEC FACT keys), from the tables and
//! from the prose, plus the checks that compare prose with tables.
//!
//! Steps: [`meta`] (department, year, kind, unit) → [`prose_text`] (the
//! narrative as one normalised string) → [`prose_figures`] and
//! [`from_tables`] (figures per fact key) → facts (the table's value wins) →
//! checks: [`text_vs_table`], [`text_comparison`], [`empty_note`].
//! Vocabulary lives in `data/fact_phrases.json` ([`vocab`]).

pub mod empty_note;
pub mod from_tables;
pub mod meta;
pub mod prose_figures;
pub mod prose_text;
pub mod text_comparison;
pub mod text_vs_table;
pub mod vocab;

use crate::model::{Check, DocumentMeta, Fact, FactSource, LaidOut, Table};
use prose_text::ProseText;

/// Tolerances and limits of the facts stage, in one place.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Most characters between a label and its figure
    /// (`收入预算：2021 年年初预算数 1682.24 万元` has 14).
    pub max_label_gap_chars: usize,
    /// Longest quote kept in a source or message.
    pub max_quote_chars: usize,
    /// Most characters between a figure and the change statement about it
    /// (`1682.24 万元，比上年减少 1.24 万元`).
    pub max_compare_gap_chars: usize,
    /// Percentages are often truncated rather than rounded; a printed
    /// percentage off by up to this many units of its last digit is
    /// `rounding`, not `fail`.
    pub percent_truncation_units: u32,
    /// `决算数与预算数基本持平` holds when the two differ by at most this
    /// fraction of the budget.
    pub about_equal_ratio: rust_decimal::Decimal,
    /// Most sources of one fact kept (table first, then prose quotes).
    pub max_sources: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_label_gap_chars: 24,
            max_quote_chars: 80,
            max_compare_gap_chars: 40,
            percent_truncation_units: 1,
            about_equal_ratio: rust_decimal::Decimal::new(1, 2),
            max_sources: 4,
        }
    }
}

/// Department, year, kind and unit from the title, captions and prose.
pub fn document_meta(laid: &LaidOut, tables: &[Table]) -> DocumentMeta {
    meta::document_meta(laid, tables)
}

/// Facts from tables and prose, and the `text_vs_table`, `text_comparison`
/// and `empty_note` checks.
pub fn extract(laid: &LaidOut, tables: &[Table], meta: &DocumentMeta) -> (Vec<Fact>, Vec<Check>) {
    let settings = Settings::default();
    let prose = ProseText::new(&laid.prose);
    let prose_figs = prose_figures::find(&prose, meta.kind.as_deref(), &settings);
    let table_figs = from_tables::find(tables);
    let facts = build_facts(&prose_figs, &table_figs, meta, &settings);
    let mut checks = text_vs_table::check(&prose_figs, &table_figs);
    checks.extend(text_comparison::check(&prose, &settings));
    checks.extend(empty_note::check(laid, tables, &prose, &settings));
    (facts, checks)
}

/// One fact per key, in the vocabulary's key order: the table's value when
/// a table prints it, else the first prose figure.
fn build_facts(
    prose: &[prose_figures::ProseFigure],
    tables: &[from_tables::TableFigure],
    meta: &DocumentMeta,
    settings: &Settings,
) -> Vec<Fact> {
    let mut facts = Vec::new();
    for key in vocab::vocab().facts.iter().map(|f| f.key.as_str()) {
        let quotes: Vec<&prose_figures::ProseFigure> =
            prose.iter().filter(|p| p.key == key).collect();
        let mut sources = Vec::new();
        let (value, unit, yuan) = if let Some(t) = tables.iter().find(|t| t.key == key) {
            sources.push(FactSource::Table {
                table: t.table.clone(),
                row: t.row_label(),
                column: t.column.clone(),
            });
            let unit = t
                .unit
                .clone()
                .or_else(|| meta.unit.clone())
                .unwrap_or_default();
            let scale = t
                .scale
                .clone()
                .or_else(|| crate::amount::unit_scale(&unit).map(str::to_string));
            let yuan = scale.and_then(|s| crate::amount::to_yuan(&t.value, &s));
            (t.value.clone(), unit, yuan)
        } else if let Some(p) = quotes.first() {
            let yuan = if p.unit == "人" {
                None
            } else {
                crate::amount::unit_scale(&p.unit).and_then(|s| crate::amount::to_yuan(&p.value, s))
            };
            (p.value.clone(), p.unit.clone(), yuan)
        } else {
            continue;
        };
        let mut seen: Vec<&str> = Vec::new();
        for q in quotes {
            if sources.len() >= settings.max_sources || seen.contains(&q.quote.as_str()) {
                continue;
            }
            seen.push(q.quote.as_str());
            sources.push(FactSource::Text {
                quote: q.quote.clone(),
                page: q.page,
            });
        }
        facts.push(Fact {
            key: key.to_string(),
            value,
            unit,
            yuan,
            sources,
        });
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProseLine;

    /// The 001 seed (prose only): its lines as the text layout gives them,
    /// one ProseLine per line (blank lines included; a figure broken over a
    /// blank line — `1682.24` / `` / `万元` — is joined by the prose text).
    fn zhuzhou() -> LaidOut {
        let text = include_str!("../../corpus/text/zhuzhou_ybj_2021_budget_prose.md");
        LaidOut {
            prose: text
                .lines()
                .map(|l| ProseLine {
                    page: 1,
                    text: l.to_string(),
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn seed_001_prose_facts() {
        let laid = zhuzhou();
        let meta = document_meta(&laid, &[]);
        assert_eq!(meta.department.as_deref(), Some("株洲市医疗保障局"));
        assert_eq!(meta.year, Some(2021));
        assert_eq!(meta.kind.as_deref(), Some("budget"));
        assert_eq!(meta.unit.as_deref(), Some("万元"));
        let (facts, checks) = extract(&laid, &[], &meta);
        let get = |k: &str| facts.iter().find(|f| f.key == k).map(|f| f.value.as_str());
        for (k, v) in [
            ("revenue_total", "1682.24"),
            ("expenditure_total", "1682.24"),
            ("general_budget_revenue", "1682.24"),
            ("carryover", "0"),
            ("basic_expenditure", "1404.24"),
            ("project_expenditure", "278"),
            ("personnel_expenditure", "960.99"),
            ("public_funds_expenditure", "443.25"),
            ("three_public_total", "48"),
            ("reception", "25"),
            ("vehicle_purchase", "0"),
            ("vehicle_operation", "13"),
            ("overseas_travel", "10"),
            ("meeting_fees", "30"),
            ("training_fees", "12"),
            ("procurement_total", "140.2"),
            ("agency_operating_costs", "443.25"),
            ("staff_authorized", "72"),
            ("staff_actual", "62"),
        ] {
            assert_eq!(get(k), Some(v), "{k}: {facts:#?}");
        }
        let revenue = facts
            .iter()
            .find(|f| f.key == "revenue_total")
            .expect("revenue_total");
        assert_eq!(revenue.unit, "万元");
        assert_eq!(revenue.yuan.as_deref(), Some("16822400.00"));
        let staff = facts
            .iter()
            .find(|f| f.key == "staff_actual")
            .expect("staff_actual");
        assert_eq!(staff.unit, "人");
        assert_eq!(staff.yuan, None);
        // No table: nothing to fail against.
        assert!(
            checks
                .iter()
                .all(|c| c.status != crate::model::CheckStatus::Fail),
            "{checks:#?}"
        );
    }
}
