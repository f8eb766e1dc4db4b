//! Prose figures of named classification items against the tables:
//! `“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”887.36万元`
//! names function code 2080505 by its 类/款/项 names; the figure is checked
//! (rule `text_vs_table`) against that code's `total` in the tables that
//! list it, in 元 at the prose's precision (a truncating prose figure is
//! `rounding`).
//!
//! Steps: [`statements`] (chains of `name（level）` followed directly by a
//! figure) → [`resolve`] (the chain's names to one code through the
//! tables' own rows, each level under the previous) → [`candidates`] (that
//! code's printings) → [`check`]. Nothing is checked when a name is not
//! printed exactly once under its parent (ambiguous), or when the tables
//! print different figures for the code and the prose matches none of them
//! (which fund it speaks of is unknown).

use super::from_tables::{TableFigure, norm_name};
use super::prose_figures::ProseFigure;
use super::prose_text::{ProseText, TokenKind, tokens};
use super::text_vs_table;
use crate::messages::checks as msg;
use crate::model::{Check, CheckStatus, Table};
use crate::reconcile::function_classes;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
struct Vocab {
    levels: Vec<Level>,
    name_stops: String,
    gap_chars: String,
    gap_words: Vec<String>,
    aliases: Vec<(String, String)>,
}

#[derive(Debug, Deserialize)]
struct Level {
    marker: String,
    code_len: usize,
}

fn vocab() -> &'static Vocab {
    static V: OnceLock<Vocab> = OnceLock::new();
    V.get_or_init(|| {
        serde_json::from_str(include_str!("../../data/named_items.json")).unwrap_or(Vocab {
            levels: Vec::new(),
            name_stops: String::new(),
            gap_chars: String::new(),
            gap_words: Vec::new(),
            aliases: Vec::new(),
        })
    })
}

/// Templates whose `total` column prints a function code's whole amount
/// (a 基本支出 table's total is its basic part only: not listed).
const CODED_TEMPLATES: &[&str] = &[
    "expenditure_summary",
    "general_budget_expenditure",
    "gov_fund_expenditure",
    "state_capital_expenditure",
];
/// Templates that list the 类 by name on their expenditure side.
const NAMED_CLASS_TEMPLATES: &[&str] = &[
    "revenue_expenditure_summary",
    "fiscal_appropriation_summary",
];

fn key(name: &str) -> String {
    let mut s = norm_name(name);
    for (from, to) in &vocab().aliases {
        s = s.replace(from.as_str(), to);
    }
    s
}

/// One prose statement: the names with their code lengths, the figure.
#[derive(Debug, Clone, PartialEq)]
struct Statement {
    names: Vec<(String, usize)>,
    value: String,
    unit: String,
    /// Where the last name begins (the quote starts there).
    quote_from: usize,
    start: usize,
    end: usize,
}

/// Chains `name（类）name（款）name（项）` directly followed by an amount.
fn statements(text: &str) -> Vec<Statement> {
    let v = vocab();
    // Every marker occurrence, in order.
    let mut marks: Vec<(usize, usize, usize)> = Vec::new(); // start, end, code_len
    for l in &v.levels {
        // The prose text makes parentheses ASCII; so must the marker.
        let marker = l.marker.replace('（', "(").replace('）', ")");
        for (at, m) in text.match_indices(marker.as_str()) {
            marks.push((at, at + m.len(), l.code_len));
        }
    }
    marks.sort();
    let mut out = Vec::new();
    let mut chain: Vec<(String, usize)> = Vec::new();
    let mut prev_end: Option<usize> = None;
    for &(start, end, len) in &marks {
        // The name: back from the marker to a stop character, or to the
        // previous marker when it ends right where this name begins.
        let from = match prev_end {
            Some(p) if p <= start && !text[p..start].chars().any(|c| v.name_stops.contains(c)) => p,
            _ => {
                chain.clear();
                text[..start]
                    .char_indices()
                    .rev()
                    .find(|(_, c)| v.name_stops.contains(*c))
                    .map_or(0, |(i, c)| i + c.len_utf8())
            }
        };
        let name = text[from..start].trim().to_string();
        if name.is_empty() || chain.last().is_some_and(|(_, l)| *l >= len) {
            chain.clear();
            prev_end = None;
            continue;
        }
        let name_at = from + (text[from..start].len() - text[from..start].trim_start().len());
        chain.push((name, len));
        prev_end = Some(end);
        if let Some(fig) = figure_after(text, end) {
            out.push(Statement {
                names: chain.clone(),
                value: fig.0,
                unit: fig.1,
                quote_from: name_at,
                start: fig.2,
                end: fig.3,
            });
        }
    }
    out
}

/// The amount right after `at` (only gap characters and words between).
fn figure_after(text: &str, at: usize) -> Option<(String, String, usize, usize)> {
    let v = vocab();
    let mut i = at;
    loop {
        let rest = text.get(i..)?;
        if let Some(c) = rest.chars().next().filter(|c| v.gap_chars.contains(*c)) {
            i += c.len_utf8();
        } else if let Some(w) = v.gap_words.iter().find(|w| rest.starts_with(w.as_str())) {
            i += w.len();
        } else {
            break;
        }
    }
    let end = text.len().min(i + 40);
    let end = (end..=text.len()).find(|&e| text.is_char_boundary(e))?;
    let t = tokens(text, i, end).into_iter().next()?;
    if t.start != i {
        return None;
    }
    match t.kind {
        TokenKind::Amount(u) => Some((t.text, u, t.start, t.end)),
        _ => None,
    }
}

/// The one code the chain names: its first name is a 类, each further name
/// is printed (in some table) for exactly one code under the previous.
fn resolve(names: &[(String, usize)], tables: &[Table]) -> Option<String> {
    let (first, len) = names.first()?;
    if *len != 3 {
        return None;
    }
    let mut code: Option<String> = None;
    for (name, len) in names {
        let want = key(name);
        let mut found: BTreeSet<String> = tables
            .iter()
            .filter(|t| {
                t.template
                    .as_deref()
                    .is_some_and(|x| CODED_TEMPLATES.contains(&x))
            })
            .flat_map(|t| t.rows.iter())
            .filter_map(|r| {
                let c = r.code.as_deref()?;
                let under = code.as_deref().is_none_or(|p| c.starts_with(p));
                (c.len() == *len && under && r.name.as_deref().is_some_and(|n| key(n) == want))
                    .then(|| c.to_string())
            })
            .collect();
        if code.is_none() && found.is_empty() {
            found.extend(function_classes::class_code(first).map(str::to_string));
        }
        if found.len() != 1 {
            return None;
        }
        code = found.into_iter().next();
    }
    code
}

/// The code's `total` in every table that prints it (the 类 also in the
/// tables that list classes by name).
fn candidates(code: &str, tables: &[Table]) -> Vec<TableFigure> {
    let mut out = Vec::new();
    for t in tables {
        let Some(tpl) = t.template.as_deref() else {
            continue;
        };
        let by_code = CODED_TEMPLATES.contains(&tpl);
        let by_name = code.len() == 3 && NAMED_CLASS_TEMPLATES.contains(&tpl);
        if !(by_code || by_name) {
            continue;
        }
        let Some(scale) = t.scale.clone() else {
            continue;
        };
        let rows: Vec<_> = t
            .rows
            .iter()
            .filter(|r| {
                if by_code {
                    r.code.as_deref() == Some(code)
                } else {
                    r.code.is_none()
                        && r.side.as_deref() != Some("income")
                        && r.name.as_deref().and_then(function_classes::class_code) == Some(code)
                }
            })
            .collect();
        let [r] = rows.as_slice() else { continue };
        let Some((_, value)) = r.values.iter().find(|(k, _)| k == "total") else {
            continue;
        };
        out.push(TableFigure {
            key: "named_item".into(),
            value: value.clone(),
            unit: t.unit.clone(),
            scale: Some(scale),
            table: t.id.clone(),
            template: t.template.clone(),
            code: r.code.clone().or_else(|| Some(code.to_string())),
            name: r.name.clone(),
            column: "total".into(),
            page: r.page,
            blank: false,
            part_of_prose: false,
        });
    }
    out
}

/// `text_vs_table` checks of the named items the prose states figures for.
pub fn check(prose: &ProseText, tables: &[Table], max_quote: usize) -> Vec<Check> {
    let mut out = Vec::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for s in statements(&prose.text) {
        let Some(code) = resolve(&s.names, tables) else {
            continue;
        };
        if !seen.insert((code.clone(), s.value.clone())) {
            continue;
        }
        let p = ProseFigure {
            key: "named_item".into(),
            value: s.value.clone(),
            unit: s.unit.clone(),
            quote: prose.quote(s.quote_from, s.end, max_quote),
            page: prose.page_at(s.start),
            start: s.start,
            end: s.end,
            scope: None,
        };
        let cands = candidates(&code, tables);
        let compared: Vec<_> = cands
            .iter()
            .filter_map(|t| Some((t, text_vs_table::compare(&p, t)?)))
            .collect();
        let Some((first, _)) = compared.first() else {
            continue;
        };
        // Do the tables agree among themselves (each against the first)?
        let agree = compared.iter().all(|(t, _)| {
            let as_prose = ProseFigure {
                value: t.value.clone(),
                unit: t.unit.clone().unwrap_or_default(),
                ..p.clone()
            };
            matches!(
                text_vs_table::compare(&as_prose, first),
                Some((CheckStatus::Pass | CheckStatus::Rounding, _, _))
            )
        });
        let hit = compared
            .iter()
            .find(|(_, (st, _, _))| *st == CheckStatus::Pass)
            .or_else(|| {
                compared
                    .iter()
                    .find(|(_, (st, _, _))| *st == CheckStatus::Rounding)
            });
        let (t, status, differs) = match (agree, hit) {
            (_, Some((t, (st, _, _)))) => (*t, *st, None),
            (true, None) => {
                let (t, (st, py, ty)) = &compared[0];
                (*t, *st, Some((*py - *ty).normalize()))
            }
            (false, None) => {
                let (t, _) = &compared[0];
                (*t, CheckStatus::Skip, None)
            }
        };
        let path: Vec<&str> = s.names.iter().map(|(n, _)| n.as_str()).collect();
        let row = msg::row_label(t.name.as_deref(), t.code.as_deref());
        let mut message = msg::named_code(&code, &path.join("/"))
            .then(&msg::prose_says(p.page, &p.quote, &p.value, &p.unit))
            .then(&msg::table_prints(
                &t.table,
                Some(&row),
                "total",
                &t.value,
                &t.unit.clone().unwrap_or_default(),
            ));
        if let Some(d) = differs {
            message.push(&msg::differs_by_yuan(&d.to_string()));
        }
        if status == CheckStatus::Skip {
            message.push(&msg::fund_unknown());
        }
        out.push(Check {
            rule: "text_vs_table".into(),
            table: Some(t.table.clone()),
            template: t.template.clone(),
            row: Some(crate::model::CheckRow {
                code: Some(code.clone()),
                name: t.name.clone(),
            }),
            column: Some("total".into()),
            expected: Some(t.value.clone()),
            actual: Some(p.value.clone()),
            status,
            message: message.zh.clone(),
            page: p.page.or(Some(t.page)),
            blame: Vec::new(),
            wording: Some(message),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProseLine;
    use crate::reconcile::testutil::table;

    fn prose(lines: &[&str]) -> ProseText {
        ProseText::new(
            &lines
                .iter()
                .map(|t| ProseLine {
                    page: 4,
                    text: t.to_string(),
                })
                .collect::<Vec<_>>(),
        )
    }

    fn tables(v: &str) -> Vec<Table> {
        let rows: &[(&str, &str, &[&str])] = &[
            ("208", "社会保障和就业支出", &["2000000"]),
            ("20805", "行政事业单位养老支出", &["2000000"]),
            ("2080505", "机关事业单位基本养老保险缴费支出", &["1126383"]),
            ("2080506", "机关事业单位职业年金缴费支出", &["873617"]),
            ("2080599", "其他行政事业单位养老支出", &["9600"]),
        ];
        let mut b = rows.to_vec();
        b[3].2 = &["873617"];
        let t1 = table("t3", "expenditure_summary", "元", &["total"], &b);
        let mut t2 = table("t5", "general_budget_expenditure", "元", &["total"], rows);
        if let Some(r) = t2.rows.get_mut(3) {
            r.values = vec![("total".into(), v.into())];
        }
        vec![t1, t2]
    }

    fn run(text: &[&str], v: &str) -> Vec<(Option<String>, String, CheckStatus)> {
        check(&prose(text), &tables(v), 80)
            .into_iter()
            .map(|c| {
                (
                    c.row.and_then(|r| r.code),
                    c.actual.unwrap_or_default(),
                    c.status,
                )
            })
            .collect()
    }

    #[test]
    fn a_chain_of_names_is_one_code_and_its_figure_is_checked() {
        let text = &[
            "7.“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”887.36万",
            "元，主要用于缴纳职业年金支出。8.“社会保障和就业支出（类）行政事业单位养老支出（款）其它行政事业单位养老支出（项）”0.96万元。",
        ];
        assert_eq!(
            run(text, "873617"),
            vec![
                (Some("2080506".into()), "887.36".into(), CheckStatus::Fail),
                // 其它 is an alias of 其他
                (Some("2080599".into()), "0.96".into(), CheckStatus::Pass),
            ]
        );
        let ok = &[
            "“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”87.36万元",
        ];
        assert_eq!(run(ok, "873617")[0].2, CheckStatus::Pass);
        // Tables disagree and the prose matches neither: not checked.
        assert_eq!(run(text, "900000")[0].2, CheckStatus::Skip);
        // Tables disagree, the prose matches one: that one.
        assert_eq!(run(ok, "900000")[0].2, CheckStatus::Pass);
    }

    #[test]
    fn no_check_without_the_class_or_with_text_between() {
        // A 款/项 without its 类 may be any class's.
        assert!(
            run(
                &["行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）887.36万元"],
                "873617"
            )
            .is_empty()
        );
        // A 决算's budget figure stands after words the tables do not print.
        assert!(run(&["社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）。年初预算为887.36万元"], "873617").is_empty());
        // An unknown name.
        assert!(
            run(
                &["社会保障和就业支出（类）行政事业单位养老支出（款）职业年金（项）887.36万元"],
                "873617"
            )
            .is_empty()
        );
    }
}
