//! `fact_sum`: the key figures of the document add up (“三公” = 出国 +
//! 公务用车 + 接待; 公务用车 = 购置 + 运行; 收入总计 = 支出总计; 支出总计 =
//! 基本 + 项目; 基本 = 人员 + 公用), from `data/reconcile.json`. Compared in 元 with each
//! figure's rounding allowance at its printed precision. Checked only when
//! the total and every part are known; 支出总计 = 基本 + 项目 only when the
//! 支出总表 prints no other kind of expenditure (经营支出, 上缴上级 …).

use super::cells::{self, Finding};
use super::scope::{self, Coincide};
use super::tolerance::{Amount, Settings, classify, format_like};
use super::vocab::vocab;
use crate::messages::{Text, checks as msg};
use crate::model::{Check, CheckStatus, Fact, FactSource, Row, Table};
use rust_decimal::Decimal;

/// The rule key of the checks made here.
pub const RULE: &str = "fact_sum";

pub fn run(tables: &[Table], facts: &[Fact], s: &Settings, out: &mut Vec<Finding>) {
    for (n, rel) in vocab().fact_sums.iter().enumerate() {
        let Some(total) = get(facts, &rel.total, s) else {
            continue;
        };
        let parts: Vec<Option<(Amount, &Fact)>> =
            rel.parts.iter().map(|k| get(facts, k, s)).collect();
        if parts.iter().all(Option::is_none) {
            continue;
        }
        let base = Check {
            rule: RULE.into(),
            table: None,
            template: None,
            row: None,
            column: Some(rel.total.clone()),
            expected: None,
            actual: None,
            status: CheckStatus::Skip,
            message: String::new(),
            page: None,
            blame: Vec::new(),
            wording: None,
        };
        let what = rel.label();
        let order = (usize::MAX, n, 0, 6);
        if parts.iter().any(Option::is_none) {
            let missing: Vec<&str> = rel
                .parts
                .iter()
                .zip(&parts)
                .filter(|(_, p)| p.is_none())
                .map(|(k, _)| k.as_str())
                .collect();
            let message = msg::fact_sum_missing(&what, &missing);
            out.push(skipped(message, base, order));
            continue;
        }
        if rel.only_basic_and_project
            && (other_kinds_printed(tables, s)
                || carried_out(tables, s)
                || current_differs(tables, &total.0, s))
        {
            let message = msg::fact_sum_other_kinds(&what);
            out.push(skipped(message, base, order));
            continue;
        }
        let facts_of: Vec<&Fact> = std::iter::once(total.1)
            .chain(parts.iter().flatten().map(|(_, f)| *f))
            .collect();
        let scopes = scopes_agree(tables, &facts_of, s);
        if scopes == Coincide::No {
            let message = msg::fact_sum_scopes_differ(&what, &tables_named(&facts_of));
            out.push(skipped(message, base, order));
            continue;
        }
        let mut sum = Decimal::ZERO;
        let mut tol = total.0.slack;
        for (a, _) in parts.iter().flatten() {
            sum = sum.saturating_add(a.value);
            tol = tol.saturating_add(a.slack);
        }
        let status = classify(sum, total.0.value, tol);
        // Scopes that may or may not coincide: agreeing figures pass, a
        // difference proves nothing.
        if status == CheckStatus::Fail && scopes == Coincide::Unknown {
            let message = msg::fact_sum_scopes_may_differ(&what, &tables_named(&facts_of));
            out.push(skipped(message, base, order));
            continue;
        }
        // Nothing carried out can only be seen on a two-sided table's
        // expenditure side; when none was read (no 收支总表, or one read
        // with its spending figures on the income side), 支出总计 may hold
        // 年末结转和结余: agreeing figures pass, a difference proves nothing.
        if status == CheckStatus::Fail
            && rel.only_basic_and_project
            && !expenditure_side_read(tables, s)
        {
            let message = msg::fact_sum_carry_unknown(&what);
            out.push(skipped(message, base, order));
            continue;
        }
        // Shown in the total's unit.
        let scale = fact_scale(total.1);
        let shown = sum.checked_div(scale).unwrap_or(sum);
        let expected = format_like(shown, &total.1.value);
        let message = msg::fact_sum(
            &what,
            &rel.parts,
            &expected,
            cells::sign(status),
            &total.1.value,
            &total.1.unit,
            status == CheckStatus::Rounding,
        );
        out.push(Finding {
            check: Check {
                expected: Some(expected),
                actual: Some(total.1.value.clone()),
                status,
                message: message.zh.clone(),
                wording: Some(message),
                ..base
            },
            cells: Vec::new(),
            order,
        });
    }
}

/// The table a fact's value comes from, if any.
fn source_table(f: &Fact) -> Option<&str> {
    f.sources.iter().find_map(|src| match src {
        FactSource::Table { table, .. } => Some(table.as_str()),
        FactSource::Text { .. } => None,
    })
}

fn tables_named(facts: &[&Fact]) -> Vec<Text> {
    let mut out: Vec<Text> = Vec::new();
    for f in facts {
        let label = msg::fact_source(&f.key, source_table(f));
        if !out.contains(&label) {
            out.push(label);
        }
    }
    out
}

/// Do the tables the facts come from cover the same money? 支出总计 of the
/// 收支总表 (all funds) is 基本 + 项目 of the same scope, not the 基本支出 of
/// the 一般公共预算支出表 (湖州 prints 基本支出 only there). Facts read from
/// the prose carry no scope and agree with any.
fn scopes_agree(tables: &[Table], facts: &[&Fact], s: &Settings) -> Coincide {
    let doc = scope::doc_scope(tables, s);
    let scopes: Vec<String> = facts
        .iter()
        .filter_map(|f| source_table(f))
        .filter_map(|id| tables.iter().find(|t| t.id == id))
        .filter_map(scope::table_scope)
        .collect();
    let mut worst = Coincide::Yes;
    // A figure of a fund-scoped key read from the prose alone may be the
    // prose's 财政拨款基本支出 (国家信访局): its fund is not known here.
    let scoped_keys = &crate::facts::vocab::vocab().prose_scope.keys;
    let from_tables = facts.iter().any(|f| source_table(f).is_some());
    if from_tables
        && facts
            .iter()
            .any(|f| source_table(f).is_none() && scoped_keys.contains(&f.key))
    {
        worst = Coincide::Unknown;
    }
    for (i, a) in scopes.iter().enumerate() {
        for b in &scopes[i + 1..] {
            match scope::coincide(a, b, doc) {
                Coincide::No => return Coincide::No,
                Coincide::Unknown => worst = Coincide::Unknown,
                Coincide::Yes => {}
            }
        }
    }
    worst
}

/// The fact's amount in 元 with its allowance at the printed precision.
fn get<'a>(facts: &'a [Fact], key: &str, s: &Settings) -> Option<(Amount, &'a Fact)> {
    let f = facts.iter().find(|f| f.key == key)?;
    f.yuan.as_ref()?;
    let a = Amount::parse(&f.value, s)?.scaled(fact_scale(f))?;
    Some((a, f))
}

fn fact_scale(f: &Fact) -> Decimal {
    crate::amount::unit_scale(&f.unit)
        .and_then(crate::amount::decimal)
        .unwrap_or(Decimal::ONE)
}

/// The rows of two-sided tables that are not on the income side.
fn expenditure_side_rows(tables: &[Table]) -> impl Iterator<Item = &Row> {
    let v = &vocab().two_sided;
    tables
        .iter()
        .filter(|t| cells::template_in(t, &v.templates))
        .flat_map(|t| t.rows.iter())
        .filter(|r| r.side.as_deref() != Some("income"))
}

/// Does a two-sided table carry money out (结转下年, 年末结转和结余 …)? Then
/// 支出总计 is more than this year's 基本 + 项目.
fn carried_out(tables: &[Table], s: &Settings) -> bool {
    let prefixes = &vocab().two_sided.expenditure_carry_prefixes;
    expenditure_side_rows(tables).any(|r| {
        let n = r.name.as_deref().map(cells::norm_name).unwrap_or_default();
        prefixes.iter().any(|p| n.starts_with(p.as_str()))
            && r.values
                .iter()
                .any(|(k, _)| cells::amount(r, k, s).is_some_and(|a| !a.value.is_zero()))
    })
}

/// Was the expenditure side of a two-sided table read: a row not on the
/// income side with an amount?
fn expenditure_side_read(tables: &[Table], s: &Settings) -> bool {
    expenditure_side_rows(tables).any(|r| {
        r.values
            .iter()
            .any(|(k, _)| cells::amount(r, k, s).is_some())
    })
}

/// Does a two-sided table print a 本年支出合计 other than 支出总计? Then the
/// total holds more than this year's spending (结转结余), even when the rows
/// that say so were not found (a continuation page read as its own table).
fn current_differs(tables: &[Table], total: &Amount, s: &Settings) -> bool {
    let v = &vocab().two_sided;
    tables
        .iter()
        .filter(|t| cells::template_in(t, &v.templates))
        .flat_map(|t| {
            let scale = cells::scale(t);
            t.rows
                .iter()
                .filter(|r| r.side.as_deref() != Some("income"))
                .filter(|r| cells::name_in(r, &v.expenditure_current))
                .filter_map(move |r| {
                    let a = cells::amount(r, "total", s)?;
                    a.value.checked_mul(scale?)
                })
        })
        .any(|current| current != total.value)
}

/// Does an expenditure summary print a non-zero amount of another kind?
fn other_kinds_printed(tables: &[Table], s: &Settings) -> bool {
    tables
        .iter()
        .filter(|t| t.template.as_deref() == Some("expenditure_summary"))
        .any(|t| {
            t.rows.iter().any(|r| {
                vocab()
                    .other_expenditure_kinds
                    .iter()
                    .any(|k| cells::amount(r, k, s).is_some_and(|a| !a.value.is_zero()))
            })
        })
}

/// A relation that cannot be checked: a `skip` saying why.
fn skipped(message: Text, base: Check, order: (usize, usize, usize, usize)) -> Finding {
    Finding {
        check: Check {
            message: message.zh.clone(),
            wording: Some(message),
            ..base
        },
        cells: Vec::new(),
        order,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(key: &str, value: &str, unit: &str) -> Fact {
        let scale = crate::amount::unit_scale(unit).unwrap_or("1");
        Fact {
            key: key.into(),
            value: value.into(),
            unit: unit.into(),
            yuan: crate::amount::to_yuan(value, scale),
            sources: Vec::new(),
        }
    }

    #[test]
    fn three_public_adds_up() {
        let facts = vec![
            fact("three_public_total", "48", "万元"),
            fact("overseas_travel", "10", "万元"),
            fact("vehicle_total", "13", "万元"),
            fact("vehicle_purchase", "0", "万元"),
            fact("vehicle_operation", "13", "万元"),
            fact("reception", "25", "万元"),
            fact("basic_expenditure", "1404.24", "万元"),
            fact("personnel_expenditure", "960.99", "万元"),
            fact("public_funds_expenditure", "4432500", "元"),
        ];
        let mut out = Vec::new();
        run(&[], &facts, &Settings::default(), &mut out);
        let st: Vec<_> = out
            .iter()
            .map(|f| (f.check.column.clone().unwrap(), f.check.status))
            .collect();
        assert_eq!(
            st,
            vec![
                ("three_public_total".into(), CheckStatus::Pass),
                ("vehicle_total".into(), CheckStatus::Pass),
                ("basic_expenditure".into(), CheckStatus::Pass),
            ]
        );
        let bad = vec![
            fact("three_public_total", "52", "万元"),
            fact("overseas_travel", "10", "万元"),
            fact("vehicle_total", "13", "万元"),
            fact("reception", "25", "万元"),
        ];
        let mut out = Vec::new();
        run(&[], &bad, &Settings::default(), &mut out);
        assert_eq!(out[0].check.status, CheckStatus::Fail);
    }

    #[test]
    fn facts_of_different_fund_scope_are_not_summed() {
        use crate::reconcile::testutil::table;
        let from = |mut f: Fact, t: &str| {
            f.sources = vec![FactSource::Table {
                table: t.into(),
                row: "合计".into(),
                column: "total".into(),
            }];
            f
        };
        // 收支总表 income: 一般公共预算 and 政府性基金 (not general budget only).
        let mut t1 = table(
            "t1",
            "revenue_expenditure_summary",
            "万元",
            &["total"],
            &[
                ("", "一般公共预算", &["37018.75"]),
                ("", "政府性基金预算", &["27600.00"]),
                ("", "收入总计", &["64618.75"]),
            ],
        );
        for r in &mut t1.rows {
            r.side = Some("income".into());
        }
        let t5 = table("t5", "expenditure_summary", "万元", &["total"], &[]);
        let t10 = table("t10", "general_budget_expenditure", "万元", &["basic"], &[]);
        let facts = vec![
            from(fact("expenditure_total", "515313.35", "万元"), "t1"),
            from(fact("basic_expenditure", "21160.29", "万元"), "t10"),
            from(fact("project_expenditure", "51856.41", "万元"), "t5"),
        ];
        let mut out = Vec::new();
        run(&[t1, t5, t10], &facts, &Settings::default(), &mut out);
        let sum = out
            .iter()
            .find(|f| f.check.message.starts_with("支出总计 = 基本支出"))
            .expect("the 支出总计 relation");
        assert_eq!(sum.check.status, CheckStatus::Skip, "{}", sum.check.message);
    }

    /// 支出总计 = 基本 + 项目 is judged only when a 收支总表's expenditure
    /// side was read (its 年末结转和结余 would show there): a 决算 whose
    /// 收支总表 was read with every figure on the income side is skipped.
    #[test]
    fn basic_plus_project_needs_the_expenditure_side() {
        use crate::reconcile::testutil::table;
        let facts = vec![
            fact("expenditure_total", "1871.4", "万元"),
            fact("basic_expenditure", "1644.8", "万元"),
            fact("project_expenditure", "189.4", "万元"),
        ];
        let summary = |side: &str| {
            let mut t = table(
                "t1",
                "revenue_expenditure_summary",
                "万元",
                &["total"],
                &[("", "本年收入合计", &["1834.2"]), ("", "总计", &["1871.4"])],
            );
            for r in &mut t.rows {
                r.side = Some(side.into());
            }
            t
        };
        let status = |tables: &[Table]| {
            let mut out = Vec::new();
            run(tables, &facts, &Settings::default(), &mut out);
            out.iter()
                .find(|f| f.check.message.starts_with("支出总计 = 基本支出"))
                .map(|f| f.check.status)
        };
        assert_eq!(status(&[summary("income")]), Some(CheckStatus::Skip));
        assert_eq!(status(&[]), Some(CheckStatus::Skip));
        // The expenditure side read, nothing carried out: the gap is judged.
        assert_eq!(status(&[summary("expenditure")]), Some(CheckStatus::Fail));
    }
}
