//! `cross_table`: the same figure printed in several tables agrees. Which
//! figures and where they are printed is data (`data/reconcile.json`):
//! 支出总计, 收入总计, 基本支出, 项目支出 … per template, a classification
//! code's amount in every table that lists it, and `at_most` pairs
//! (30217 公务接待费 of the basic table ≤ the “三公” 公务接待费, which may
//! include project money). Figures are compared in 元, each bringing its own
//! rounding allowance × scale, so 元 and 万元 tables compare. Tables of
//! different fund scope are compared only where the document's income makes
//! the scopes coincide; where that is unknown a difference is a `skip`.

use super::cells::{self, CellKey, Finding};
use super::function_classes;
use super::scope::{self, Coincide, DocScope};
use super::tolerance::{Amount, Settings, classify};
use super::vocab::{Source, vocab};
use crate::messages::{Text, checks as msg};
use crate::model::{CheckStatus, Table};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One printing of a figure.
#[derive(Debug, Clone)]
struct Occ {
    ti: usize,
    ri: usize,
    column: String,
    amount: Amount,
    /// Factor to 元 (1 when the table's unit is unknown).
    scale: Option<Decimal>,
    scope: String,
}

pub fn run(tables: &[Table], s: &Settings, out: &mut Vec<Finding>) {
    let doc = scope::doc_scope(tables, s);
    let ct = &vocab().cross_table;
    for fig in &ct.figures {
        let occs: Vec<Occ> = fig
            .sources
            .iter()
            .flat_map(|src| find(tables, src, s))
            .collect();
        compare_all(tables, &fig.label(), &occs, doc, s, out);
    }
    codes(tables, doc, s, out);
    for am in &ct.at_most {
        let lesser = find(tables, &am.lesser, s);
        let greater = find(tables, &am.greater, s);
        for a in &lesser {
            for b in &greater {
                out.extend(at_most(tables, &am.label(), a, b));
            }
        }
    }
}

/// Where `src` is printed: in every table of its template, the one row that
/// matches (by code, or by name and side) and prints the column.
fn find(tables: &[Table], src: &Source, s: &Settings) -> Vec<Occ> {
    let mut out = Vec::new();
    for (ti, t) in tables.iter().enumerate() {
        if t.template.as_deref() != Some(src.template.as_str()) {
            continue;
        }
        // Tables without a known scope still serve `at_most` pairs.
        let sc = scope::table_scope(t).unwrap_or_else(|| "unknown".into());
        if !kind_applies(t, src.kind.as_deref()) {
            continue;
        }
        let on_side = |r: &crate::model::Row| match &src.side {
            Some(side) => r.side.as_deref().is_none_or(|x| x == side),
            None => true,
        };
        // Names in priority order: the first that is printed wins.
        let mut hit = None;
        let names: Vec<Option<&String>> = match &src.code {
            Some(_) => vec![None],
            None => src.rows.iter().map(Some).collect(),
        };
        for name in names {
            let matching: Vec<usize> = (0..t.rows.len())
                .filter(|&i| {
                    let Some(r) = t.rows.get(i) else { return false };
                    on_side(r)
                        && match (&src.code, name) {
                            (Some(c), _) => r.code.as_deref() == Some(c.as_str()),
                            (None, Some(n)) => {
                                r.code.is_none() && cells::name_in(r, std::slice::from_ref(n))
                            }
                            (None, None) => false,
                        }
                })
                .collect();
            hit = pick(t, &matching, &src.column, s);
            if hit.is_some() {
                break;
            }
        }
        if hit.is_none()
            && let Some(alt) = &src.or_column
        {
            // Items printed as columns: the figure sits in the total row
            // (or the only row) under its own column.
            let rows: Vec<usize> = (0..t.rows.len()).collect();
            hit = pick(t, &rows, alt, s);
        }
        if let Some((ri, column, amount)) = hit {
            out.push(Occ {
                ti,
                ri,
                column,
                amount,
                scale: cells::scale(t),
                scope: sc.clone(),
            });
        }
    }
    out
}

/// Does a source limited to budgets (`budget`) or final accounts
/// (`final_accounts`) apply to this table? Told by the title (决算).
fn kind_applies(t: &Table, kind: Option<&str>) -> bool {
    let word = vocab().cross_table.codes.final_accounts_word.as_str();
    let is_final = !word.is_empty() && t.title.as_deref().is_some_and(|x| x.contains(word));
    match kind {
        Some("budget") => !is_final,
        Some("final_accounts") => is_final,
        _ => true,
    }
}

/// The one printed amount of `key` among `rows`; several different ones are
/// ambiguous (the same table per unit) and give none.
fn pick(t: &Table, rows: &[usize], key: &str, s: &Settings) -> Option<(usize, String, Amount)> {
    let mut found: Option<(usize, String, Amount)> = None;
    for &ri in rows {
        let Some(a) = t.rows.get(ri).and_then(|r| cells::amount(r, key, s)) else {
            continue;
        };
        match &found {
            None => found = Some((ri, key.to_string(), a)),
            Some((_, _, b)) if b.value == a.value => {}
            Some(_) => return None,
        }
    }
    found
}

fn compare_all(
    tables: &[Table],
    name: &Text,
    occs: &[Occ],
    doc: DocScope,
    s: &Settings,
    out: &mut Vec<Finding>,
) {
    for (i, a) in occs.iter().enumerate() {
        for b in occs.iter().skip(i + 1) {
            if a.ti == b.ti {
                continue;
            }
            let co = scope::coincide(&a.scope, &b.scope, doc);
            if co == Coincide::No {
                continue;
            }
            out.extend(compare(tables, name, a, b, co, s));
        }
    }
}

/// `b` (the later printing) against `a`.
fn compare(
    tables: &[Table],
    name: &Text,
    a: &Occ,
    b: &Occ,
    co: Coincide,
    _s: &Settings,
) -> Option<Finding> {
    let (ay, by) = in_yuan(a, b)?;
    let mut status = classify(ay.value, by.value, ay.slack.saturating_add(by.slack));
    let expected = expected_in(&ay, b)?;
    let ta = tables.get(a.ti)?;
    let unknown_scope = status == CheckStatus::Fail && co == Coincide::Unknown;
    if unknown_scope {
        status = CheckStatus::Skip;
    }
    let what = msg::printed_in(
        name,
        &ta.id,
        ta.rows.get(a.ri).map_or(0, |r| r.page),
        &a.amount.printed,
        ta.unit.as_deref().unwrap_or(""),
    );
    let mut f = pair_finding(tables, a, b, expected, status, &what)?;
    if unknown_scope {
        f.check.append_message(&msg::scopes_may_differ());
        f.cells.clear();
    }
    Some(f)
}

/// A cross-table finding on `b`'s cell, pointing at both cells (`b` first).
fn pair_finding(
    tables: &[Table],
    a: &Occ,
    b: &Occ,
    expected: Decimal,
    status: CheckStatus,
    what: &Text,
) -> Option<Finding> {
    let cells_ = vec![
        CellKey {
            table: b.ti,
            row: b.ri,
            column: b.column.clone(),
        },
        CellKey {
            table: a.ti,
            row: a.ri,
            column: a.column.clone(),
        },
    ];
    cells::finding(
        "cross_table",
        tables,
        b.ti,
        b.ri,
        &b.column,
        expected,
        &b.amount,
        status,
        what,
        cells_,
    )
}

/// Both amounts in 元; with an unknown unit on both sides, as printed.
fn in_yuan(a: &Occ, b: &Occ) -> Option<(Amount, Amount)> {
    match (a.scale, b.scale) {
        (Some(x), Some(y)) => Some((a.amount.scaled(x)?, b.amount.scaled(y)?)),
        (None, None) => Some((a.amount.clone(), b.amount.clone())),
        _ => None,
    }
}

/// `a`'s figure (in 元) expressed in `b`'s unit.
fn expected_in(ay: &Amount, b: &Occ) -> Option<Decimal> {
    match b.scale {
        Some(sc) if !sc.is_zero() => ay.value.checked_div(sc),
        _ => Some(ay.value),
    }
}

/// A classification code's amount in every table that lists it once.
fn codes(tables: &[Table], doc: DocScope, s: &Settings, out: &mut Vec<Finding>) {
    let cv = &vocab().cross_table.codes;
    let final_accounts = |t: &Table| {
        !cv.final_accounts_word.is_empty()
            && t.title
                .as_deref()
                .is_some_and(|x| x.contains(cv.final_accounts_word.as_str()))
    };
    let named = |t: &Table| cells::template_in(t, &cv.named_class_templates);
    let idx: Vec<usize> = (0..tables.len())
        .filter(|&i| {
            tables.get(i).is_some_and(|t| {
                (cells::template_in(t, &cv.templates) || named(t))
                    && !(cells::template_in(t, &cv.budget_only_templates) && final_accounts(t))
            })
        })
        .collect();
    // code → row, for codes printed exactly once in a table. A table that
    // lists the 类 by name only (the 收支总表's expenditure side) gives its
    // rows the code of their standard name.
    let once = |t: &Table| -> BTreeMap<String, usize> {
        let mut seen: BTreeMap<String, Option<usize>> = BTreeMap::new();
        let by_name = named(t);
        for (ri, r) in t.rows.iter().enumerate() {
            let code = r.code.clone().or_else(|| {
                (by_name && r.side.as_deref() != Some("income"))
                    .then(|| r.name.as_deref().and_then(function_classes::class_code))
                    .flatten()
                    .map(str::to_string)
            });
            if let Some(c) = &code {
                seen.entry(c.clone())
                    .and_modify(|e| *e = None)
                    .or_insert(Some(ri));
            }
        }
        seen.into_iter()
            .filter_map(|(c, r)| Some((c, r?)))
            .collect()
    };
    for (n, &ti) in idx.iter().enumerate() {
        let Some(ta) = tables.get(ti) else { continue };
        let Some(sa) = scope::table_scope(ta) else {
            continue;
        };
        let ma = once(ta);
        for &tj in idx.iter().skip(n + 1) {
            let Some(tb) = tables.get(tj) else { continue };
            let Some(sb) = scope::table_scope(tb) else {
                continue;
            };
            let co = scope::coincide(&sa, &sb, doc);
            if co == Coincide::No {
                continue;
            }
            let mb = once(tb);
            let mut rows: Vec<(usize, usize, String)> = mb
                .iter()
                .filter_map(|(c, &rb)| Some((rb, *ma.get(c)?, c.clone())))
                .collect();
            rows.sort();
            for (rb, ra, code) in rows {
                for key in &cv.columns {
                    let (Some(ka), Some(kb)) = (
                        cv.column_for(ta.template.as_deref(), key),
                        cv.column_for(tb.template.as_deref(), key),
                    ) else {
                        continue;
                    };
                    let (Some(x), Some(y)) = (
                        ta.rows.get(ra).and_then(|r| cells::amount(r, ka, s)),
                        tb.rows.get(rb).and_then(|r| cells::amount(r, kb, s)),
                    ) else {
                        continue;
                    };
                    let a = Occ {
                        ti,
                        ri: ra,
                        column: ka.to_string(),
                        amount: x,
                        scale: cells::scale(ta),
                        scope: sa.clone(),
                    };
                    let b = Occ {
                        ti: tj,
                        ri: rb,
                        column: kb.to_string(),
                        amount: y,
                        scale: cells::scale(tb),
                        scope: sb.clone(),
                    };
                    out.extend(compare(tables, &msg::code_name(&code), &a, &b, co, s));
                }
            }
        }
    }
}

/// `a` ≤ `b` (in 元, with both allowances): pass when it holds, else fail.
fn at_most(tables: &[Table], name: &Text, a: &Occ, b: &Occ) -> Option<Finding> {
    let (ay, by) = in_yuan(a, b)?;
    let status = if ay.value <= by.value.saturating_add(ay.slack).saturating_add(by.slack) {
        CheckStatus::Pass
    } else {
        CheckStatus::Fail
    };
    let expected = expected_in(&ay, b)?;
    let ta = tables.get(a.ti)?;
    // The message is written below; the finding's own wording is not used.
    let mut f = pair_finding(tables, a, b, expected, status, &Text::default())?;
    let tb = tables.get(b.ti)?;
    let rb = tb.rows.get(b.ri)?;
    let sign = if status == CheckStatus::Pass {
        "≥"
    } else {
        "<"
    };
    f.check.set_message(msg::at(
        &cells::location(tb, rb, Some(&b.column)),
        &msg::at_least_economic(
            name,
            &b.amount.printed,
            sign,
            &ta.id,
            ta.rows.get(a.ri).map_or(0, |r| r.page),
            &a.amount.printed,
            ta.unit.as_deref().unwrap_or(""),
        ),
    ));
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::testutil::{table, two_sided};

    fn run_all(ts: &[Table]) -> Vec<Finding> {
        let mut out = Vec::new();
        run(ts, &Settings::default(), &mut out);
        out
    }

    fn summary(v: &str) -> Table {
        two_sided(
            "t1",
            "revenue_expenditure_summary",
            "元",
            &[
                ("income", "一、一般公共预算拨款收入", v),
                ("income", "本年收入合计", v),
                ("income", "收入总计", v),
                ("expenditure", "支出总计", v),
            ],
        )
    }

    #[test]
    fn totals_agree_across_units() {
        let t1 = summary("20814030.00");
        let t2 = table(
            "t2",
            "expenditure_summary",
            "万元",
            &["total"],
            &[("", "合计", &["2081.40"])],
        );
        let t3 = table(
            "t3",
            "general_budget_expenditure",
            "万元",
            &["total"],
            &[("", "合计", &["2081.40"])],
        );
        let f = run_all(&[t1, t2, t3]);
        let st: Vec<_> = f
            .iter()
            .map(|f| (f.check.table.clone().unwrap(), f.check.status))
            .collect();
        assert_eq!(
            st,
            vec![
                // 元 vs 万元: the 万元 table's half unit is 50 元.
                ("t2".to_string(), CheckStatus::Rounding),
                ("t3".to_string(), CheckStatus::Rounding),
                ("t3".to_string(), CheckStatus::Pass),
            ]
        );
    }

    #[test]
    fn scope_unknown_gives_skip_not_fail() {
        // No 收支总表: whether all is 一般公共预算 is unknown.
        let t2 = table(
            "t2",
            "expenditure_summary",
            "万元",
            &["total"],
            &[("", "合计", &["2081.40"])],
        );
        let t3 = table(
            "t3",
            "general_budget_expenditure",
            "万元",
            &["total"],
            &[("", "合计", &["2000.00"])],
        );
        let f = run_all(&[t2, t3]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].check.status, CheckStatus::Skip);
    }

    #[test]
    fn codes_and_reception() {
        let t1 = summary("100.00");
        let t2 = table(
            "t2",
            "expenditure_summary",
            "元",
            &["total"],
            &[("2101501", "行政运行", &["60.00"])],
        );
        let t3 = table(
            "t3",
            "general_budget_expenditure",
            "元",
            &["total"],
            &[("2101501", "行政运行", &["61.00"])],
        );
        let t4 = table(
            "t4",
            "general_budget_basic_expenditure",
            "元",
            &["total"],
            &[("30217", "公务接待费", &["3150.00"])],
        );
        let t5 = table(
            "t5",
            "three_public_expenses",
            "万元",
            &["total"],
            &[("", "公务接待费", &["0.30"])],
        );
        let f = run_all(&[t1, t2, t3, t4, t5]);
        let code = f
            .iter()
            .find(|f| f.check.table.as_deref() == Some("t3"))
            .unwrap();
        assert_eq!(code.check.status, CheckStatus::Fail);
        let rec = f
            .iter()
            .find(|f| f.check.table.as_deref() == Some("t5"))
            .unwrap();
        assert_eq!(rec.check.status, CheckStatus::Fail, "{}", rec.check.message);
    }
    #[test]
    fn a_basic_tables_total_is_compared_with_basic_not_total() {
        let t1 = summary("100.00");
        // 支出明细表: 合计 = 人员 + 公用 + 专项业务 (no basic column)
        let t2 = table(
            "t2",
            "general_budget_expenditure",
            "元",
            &["total", "personnel", "public_funds"],
            &[("205", "教育支出", &["294400", "0", "214400"])],
        );
        // 基本支出明细表 by function: its 合计 is 人员 + 公用 only
        let t3 = table(
            "t3",
            "general_budget_basic_expenditure",
            "元",
            &["total", "personnel", "public_funds"],
            &[("205", "教育支出", &["214400", "0", "214400"])],
        );
        let f = run_all(&[t1.clone(), t2.clone(), t3.clone()]);
        let on_205: Vec<_> = f
            .iter()
            .filter(|f| f.check.message.contains("科目 205"))
            .map(|f| (f.check.column.clone().unwrap_or_default(), f.check.status))
            .collect();
        assert_eq!(
            on_205,
            vec![
                ("personnel".to_string(), CheckStatus::Pass),
                ("public_funds".to_string(), CheckStatus::Pass),
            ]
        );
        // with a basic column in the other table, the basic total meets it
        let t4 = table(
            "t4",
            "general_budget_expenditure",
            "元",
            &["total", "basic"],
            &[("205", "教育支出", &["294400", "214500"])],
        );
        let f = run_all(&[t1, t4, t3]);
        assert!(
            f.iter().any(
                |f| f.check.message.contains("科目 205") && f.check.status == CheckStatus::Fail
            ),
            "{f:?}"
        );
    }
}
