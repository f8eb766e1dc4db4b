//! Document metadata and key figures (SPEC FACT keys), from the tables and
//! from the prose, plus the checks that compare prose with tables.
//!
//! Steps: [`meta`] (department, year, kind, unit) → [`prose_text`] (the
//! narrative as one normalised string) → [`prose_figures`] and
//! [`from_tables`] (figures per fact key) → facts (the table's value wins) →
//! checks: [`text_vs_table`], [`text_comparison`], [`empty_note`],
//! [`contents`] (the 目录 against the tables printed). Document-level
//! warnings ([`warnings`]): an excerpt's 目录, [`consistency`] (years of
//! headings and 截至 dates, placeholder names).
//! Vocabulary lives in `data/fact_phrases.json` ([`vocab`]).

pub mod consistency;
pub mod contents;
pub mod department_key;
pub mod doc_scope;
pub mod empty_note;
pub mod from_tables;
pub mod lost_body;
pub mod meta;
pub mod named_items;
pub mod prose_figures;
pub mod prose_text;
pub mod text_comparison;
pub mod text_vs_table;
pub mod vocab;
pub mod year_changes;

use crate::amount;
use crate::model::{Check, DocumentMeta, Fact, FactSource, LaidOut, Table};
use prose_text::ProseText;
use std::borrow::Cow;

/// A line without its whitespace (headings and 目录 lines are spaced out).
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

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
    /// A 目录 runs over at most this many pages after its heading's.
    pub max_contents_pages: u32,
    /// An input holding fewer than this share of the tables its 目录 lists
    /// is an excerpt: warned about, not checked table by table.
    pub min_contents_found_ratio: f64,
    /// A line longer than this (characters, spaces removed) is not a heading.
    pub max_heading_chars: usize,
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
            max_contents_pages: 2,
            min_contents_found_ratio: 0.75,
            max_heading_chars: 48,
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
    let prose_figs = prose_figures::find(
        &prose,
        meta.kind.as_deref(),
        meta.department.as_deref(),
        &settings,
    );
    // Figures and their checks read a header whose body was lost as unknown.
    let unflagged = lost_body::unflag(laid, tables);
    // Nor a figure of a table whose reader merged two columns.
    let withheld = withhold_run_together(unflagged);
    let tables = &*withheld;
    let mut table_figs = from_tables::find(tables, meta.year);
    infer_missing_units(&mut table_figs, &prose_figs, tables, meta);
    let facts = build_facts(&prose_figs, &table_figs, meta, &settings);
    let mut checks = text_vs_table::check_with(&prose_figs, |p| {
        scoped_figure(p, &table_figs, tables, meta.year)
    });
    let budget_of = |at: usize| {
        let key = prose_figs.iter().find(|p| p.start == at)?.key.as_str();
        let t = from_tables::find_budget(tables, key)?;
        let scale = amount::decimal(t.scale.as_deref()?)?;
        let value = amount::decimal(&t.value)?;
        let shown = format!("{}{}", t.value, t.unit.clone().unwrap_or_default());
        Some((
            value * scale,
            text_vs_table::half_unit_yuan(&t.value, scale),
            shown,
        ))
    };
    let corrected = |at: usize| {
        let p = prose_figs.iter().find(|p| p.start == at)?;
        let t = table_figs.iter().find(|t| t.key == p.key)?;
        match text_vs_table::compare(p, t)? {
            (crate::model::CheckStatus::Fail, _, table_yuan) => Some(table_yuan),
            _ => None,
        }
    };
    checks.extend(text_comparison::check(
        &prose, &settings, &budget_of, &corrected,
    ));
    checks.extend(named_items::check(&prose, tables, settings.max_quote_chars));
    checks.extend(empty_note::check(laid, tables, &prose, &settings));
    let listed = contents::analyse(laid, tables, meta.department.as_deref(), &settings);
    checks.extend(contents::check(&listed));
    (facts, checks)
}

/// `tables` with the rows of every table whose header holds two columns'
/// names ([`crate::reconcile::run_together`]) withheld: which figure lies
/// under which key is unknown there, so none becomes a fact or is compared
/// with the prose (its table checks are skipped with the reason).
fn withhold_run_together(tables: Cow<'_, [Table]>) -> Cow<'_, [Table]> {
    use crate::reconcile::run_together::run_together_column;
    if !tables.iter().any(|t| run_together_column(t).is_some()) {
        return tables;
    }
    Cow::Owned(
        tables
            .iter()
            .map(|t| {
                let mut t = t.clone();
                if run_together_column(&t).is_some() {
                    t.rows.clear();
                    t.empty = false;
                }
                t
            })
            .collect(),
    )
}

/// The prose's statements about figures of another year (for the
/// cross-document checks, [`crate::across`]).
pub fn year_changes(
    laid: &LaidOut,
    meta: &DocumentMeta,
    facts: &[Fact],
) -> Vec<crate::model::YearChange> {
    let prose = ProseText::new(&laid.prose);
    year_changes::find(
        &prose,
        meta.year,
        meta.department.as_deref(),
        facts,
        Settings::default().max_quote_chars,
    )
}

/// Document-level warnings of the facts stage: a 目录 whose tables the input
/// mostly lacks (an excerpt), headings and 截至 dates whose year is not the
/// document's, placeholder names (`上海市普陀区XX局`).
pub fn warnings(laid: &LaidOut, tables: &[Table], meta: &DocumentMeta) -> Vec<String> {
    let settings = Settings::default();
    let listed = contents::analyse(laid, tables, meta.department.as_deref(), &settings);
    let mut out = contents::warnings(&listed);
    out.extend(consistency::warnings(laid, meta, &settings));
    out.extend(meta::warnings(meta));
    out.extend(from_tables::uncertain_warnings(tables, meta.year));
    out
}

/// The table figure a prose figure is compared with. A figure the prose
/// states for one fund (`一般公共预算财政拨款支出…其中：基本支出…`) is
/// compared with the first table of a scope that coincides with that fund in
/// this document (the 一般公共预算支出表, or the 支出总表 of a department
/// funded by the general budget alone); with none, not at all.
fn scoped_figure(
    p: &prose_figures::ProseFigure,
    table_figs: &[from_tables::TableFigure],
    tables: &[Table],
    year: Option<i32>,
) -> Option<from_tables::TableFigure> {
    use crate::reconcile::scope::{self, Coincide};
    let default = table_figs.iter().find(|t| t.key == p.key).cloned();
    let Some(wanted) = p.scope.as_deref() else {
        return default;
    };
    let doc = scope::doc_scope(tables, &crate::reconcile::Settings::default());
    let fits = |t: &Table| {
        scope::table_scope(t).is_some_and(|sc| scope::coincide(&sc, wanted, doc) == Coincide::Yes)
    };
    let default_table = default
        .as_ref()
        .and_then(|f| tables.iter().find(|t| t.id == f.table));
    if default_table.is_some_and(fits) {
        return default;
    }
    from_tables::find_all(tables, &p.key, year)
        .into_iter()
        .find(|(_, t)| fits(t))
        .map(|(f, _)| f)
}

/// A table whose unit line was not recovered: the unit under which the
/// prose's figure for the same key agrees with it (prose names its unit),
/// else the document's unit when other tables declare theirs; else unknown
/// (no `text_vs_table` check, no 元 value).
fn infer_missing_units(
    table_figs: &mut [from_tables::TableFigure],
    prose_figs: &[prose_figures::ProseFigure],
    tables: &[Table],
    meta: &DocumentMeta,
) {
    let declared = tables.iter().any(|t| t.unit.is_some());
    // Zero is zero in every unit: it tells nothing about the table's unit.
    let agreeing_unit = |f: &from_tables::TableFigure| {
        if amount::decimal(&f.value).is_none_or(|d| d.is_zero()) {
            return None;
        }
        prose_figs.iter().filter(|p| p.key == f.key).find_map(|p| {
            ["元", "千元", "万元", "亿元"].into_iter().find(|u| {
                let mut g = f.clone();
                g.unit = Some(u.to_string());
                g.scale = amount::unit_scale(u).map(str::to_string);
                matches!(
                    text_vs_table::compare(p, &g),
                    Some((crate::model::CheckStatus::Pass, _, _))
                )
            })
        })
    };
    // The unit most unit-less figures agree with the prose under: the
    // tables without a unit line share it (a wrong prose figure then fails).
    let mut votes: Vec<(&str, usize)> = Vec::new();
    for f in table_figs.iter().filter(|f| f.scale.is_none()) {
        if let Some(u) = agreeing_unit(f) {
            match votes.iter_mut().find(|(k, _)| *k == u) {
                Some(v) => v.1 += 1,
                None => votes.push((u, 1)),
            }
        }
    }
    let voted = votes
        .iter()
        .max_by_key(|(_, n)| *n)
        .map(|(u, _)| u.to_string());
    for f in table_figs.iter_mut().filter(|f| f.scale.is_none()) {
        let unit = agreeing_unit(f)
            .map(str::to_string)
            .or_else(|| voted.clone())
            .or_else(|| declared.then(|| meta.unit.clone()).flatten());
        f.scale = unit
            .as_deref()
            .and_then(amount::unit_scale)
            .map(str::to_string);
        f.unit = unit;
    }
}

/// The exact amount in 元, to the 分 at least (`0` 万元 → `0.00`;
/// `1.23456` 万元 → `12345.60`).
fn yuan_of(value: &str, scale: &str) -> Option<String> {
    let mut y = amount::decimal(value)?
        .checked_mul(amount::decimal(scale)?)?
        .normalize();
    if y.scale() < 2 {
        y.rescale(2);
    }
    Some(y.to_string())
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
            let yuan = scale.and_then(|s| yuan_of(&t.value, &s));
            (t.value.clone(), unit, yuan)
        } else if let Some(p) = quotes.first() {
            let yuan = if p.unit == "人" {
                None
            } else {
                crate::amount::unit_scale(&p.unit).and_then(|s| yuan_of(&p.value, s))
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

    #[test]
    fn prose_against_tables_keeps_the_table_value() {
        use crate::facts::from_tables::tests::{row, table};
        use crate::model::CheckStatus;
        let t = table(
            "t3",
            "expenditure_summary",
            "万元",
            &["total", "basic", "project"],
            vec![row(
                None,
                "合计",
                None,
                &[
                    ("total", "1114.52"),
                    ("basic", "970.60"),
                    ("project", "143.92"),
                ],
            )],
        );
        let laid = LaidOut {
            prose: vec![ProseLine {
                page: 1,
                text: "支出合计 1114.52 万元，其中：基本支出 980.60 万元，占 87.09%；项目支出 143.9 万元，占 12.91%。".into(),
            }],
            ..Default::default()
        };
        let meta = document_meta(&laid, std::slice::from_ref(&t));
        let (facts, checks) = extract(&laid, &[t], &meta);
        let basic = facts
            .iter()
            .find(|f| f.key == "basic_expenditure")
            .expect("basic");
        assert_eq!(basic.value, "970.60");
        assert_eq!(basic.yuan.as_deref(), Some("9706000.00"));
        assert_eq!(basic.sources.len(), 2);
        let tvt: Vec<_> = checks
            .iter()
            .filter(|c| c.rule == "text_vs_table")
            .collect();
        assert_eq!(tvt.len(), 2, "{checks:#?}");
        assert_eq!(tvt[0].status, CheckStatus::Fail);
        assert_eq!(tvt[0].table.as_deref(), Some("t3"));
        assert_eq!(
            tvt[1].status,
            CheckStatus::Pass,
            "143.9 is 143.92 at the prose's precision"
        );
        // The share printed with the wrong figure is explained by it: not reported twice.
        assert!(
            checks
                .iter()
                .all(|c| c.rule != "text_comparison" || c.status != CheckStatus::Fail),
            "{checks:#?}"
        );
    }

    #[test]
    fn a_budget_stated_in_a_final_against_an_emptied_three_public_table() {
        use crate::facts::from_tables::tests::{row, table};
        use crate::model::CheckStatus;
        let cols = ["total_budget", "total", "reception_budget", "reception"];
        let mut emptied = table("t7", "three_public_expenses", "万元", &cols, vec![]);
        emptied.empty = true;
        let printed = table(
            "t7",
            "three_public_expenses",
            "万元",
            &cols,
            vec![row(
                None,
                "合计",
                None,
                &[("total_budget", "0.95"), ("reception_budget", "0.95")],
            )],
        );
        let fiscal = table(
            "t4",
            "fiscal_appropriation_summary",
            "万元",
            &["total"],
            vec![
                row(None, "总计", Some("income"), &[("total", "2961.68")]),
                row(None, "总计", Some("expenditure"), &[("total", "2961.68")]),
            ],
        );
        let laid = LaidOut {
            prose: vec![ProseLine {
                page: 22,
                text: "“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元。财政拨款收入支出总计0.3万元。".into(),
            }],
            ..Default::default()
        };
        let meta = DocumentMeta {
            kind: Some("final_accounts".into()),
            unit: Some("万元".into()),
            ..Default::default()
        };
        let fails = |tables: Vec<Table>| {
            let (facts, checks) = extract(&laid, &tables, &meta);
            let f: Vec<(String, String, String)> = checks
                .into_iter()
                .filter(|c| c.rule == "text_vs_table" && c.status == CheckStatus::Fail)
                .map(|mut c| {
                    c.localise(crate::messages::Lang::En);
                    (
                        c.column.unwrap_or_default(),
                        c.actual.unwrap_or_default(),
                        c.message,
                    )
                })
                .collect();
            (facts, f)
        };
        let (facts, f) = fails(vec![emptied, fiscal.clone()]);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!((f[0].0.as_str(), f[0].1.as_str()), ("total_budget", "0.95"));
        assert!(f[0].2.contains("prints no figure"), "{}", f[0].2);
        assert_eq!((f[1].0.as_str(), f[1].1.as_str()), ("total", "0.3"));
        let budget = facts
            .iter()
            .find(|f| f.key == "three_public_total_budget")
            .expect("budget fact");
        assert_eq!(budget.value, "0", "the table's (blank) value wins");
        // The table as printed: the budget agrees; the reception budget is a
        // fact from the table alone.
        let (facts, f) = fails(vec![printed, fiscal]);
        assert_eq!(f.len(), 1, "{f:#?}");
        let get = |k: &str| facts.iter().find(|f| f.key == k).map(|f| f.value.clone());
        assert_eq!(get("reception_budget").as_deref(), Some("0.95"));
        assert_eq!(
            get("fiscal_appropriation_total").as_deref(),
            Some("2961.68")
        );
    }

    #[test]
    fn zero_does_not_choose_a_unit_and_yuan_is_to_the_fen() {
        use crate::facts::from_tables::tests::{row, table};
        let mut t1 = table(
            "t1",
            "revenue_expenditure_summary",
            "万元",
            &["total"],
            vec![
                row(None, "收入总计", Some("income"), &[("total", "3550.67")]),
                row(None, "上年结转", Some("income"), &[]),
            ],
        );
        let mut t9 = table(
            "t9",
            "three_public_expenses",
            "万元",
            &["total"],
            vec![row(None, "1.因公出国（境）费", None, &[("total", "0.00")])],
        );
        // Neither table's unit line was recovered.
        for t in [&mut t1, &mut t9] {
            t.unit = None;
            t.scale = None;
        }
        let laid = LaidOut {
            prose: vec![ProseLine {
                page: 1,
                text: "收入总计3,550.67万元。因公出国（境）费0.00万元。".into(),
            }],
            ..Default::default()
        };
        let meta = DocumentMeta {
            unit: Some("万元".into()),
            kind: Some("budget".into()),
            ..Default::default()
        };
        let (facts, _) = extract(&laid, &[t1, t9], &meta);
        let get = |k: &str| facts.iter().find(|f| f.key == k).expect(k);
        // 3550.67 agrees with the prose only in 万元; the zero figures
        // follow the unit the others agreed on (zero agrees with any).
        assert_eq!(get("revenue_total").unit, "万元");
        assert_eq!(get("revenue_total").yuan.as_deref(), Some("35506700.00"));
        assert_eq!(get("overseas_travel").unit, "万元");
        assert_eq!(get("overseas_travel").yuan.as_deref(), Some("0.00"));
        assert_eq!(get("carryover").value, "0.00", "at the table's precision");
        assert_eq!(get("carryover").yuan.as_deref(), Some("0.00"));
        assert_eq!(yuan_of("369.6", "10000").as_deref(), Some("3696000.00"));
        assert_eq!(yuan_of("1.23456", "10000").as_deref(), Some("12345.60"));
    }
}
