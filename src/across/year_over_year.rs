//! The `year_over_year` checks: documents of one department (same
//! `document.department_key` and scope) linked by year and kind.
//!
//! (a) A statement of year N's prose about year N−1 (`比2023年预算减少
//!     876.75万元`, `增长1.40%`, `持平`: [`crate::model::YearChange`]) against
//!     year N−1's figure in the batch: the same fact, or the figure the
//!     other year's prose states under the same label; a budget compared
//!     with 上年预算 takes the other year's budget document, else that year's
//!     决算's 年初预算数.
//! (b) A 决算's 年初预算数 against that year's budget document.
//! (c) A 决算's 年初结转和结余 against the year before's 年末结转和结余.
//!
//! Pure: linked documents in, checks per document out (in the later one).
//! A department whose other years are not in the batch gets nothing, not
//! even a warning. Figures are compared at the precision they are printed
//! in (half a unit of each last digit); one more unit of the change's last
//! digit is `rounding` (a change truncated rather than rounded).

use super::Linked;
use super::messages;
use crate::model::{Check, CheckRow, CheckStatus, YearChange};
use crate::reconcile::tolerance::{Amount, Settings, judge};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;

pub const RULE: &str = "year_over_year";

/// A printed figure in 元 with its rounding allowance.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Figure {
    pub yuan: Decimal,
    pub half: Decimal,
    /// As printed, with its unit.
    pub shown: String,
}

impl Figure {
    /// A printed amount (digits as printed) in `unit`.
    pub fn printed(value: &str, unit: &str) -> Option<Figure> {
        let scale = Decimal::from_str(crate::amount::unit_scale(unit)?).ok()?;
        let a = Amount::parse(value, &Settings::default())?.scaled(scale)?;
        Some(Figure {
            yuan: a.value,
            half: a.slack,
            shown: format!("{value}{unit}"),
        })
    }
}

fn wan(y: Decimal) -> String {
    (y / Decimal::from(10000))
        .round_dp(4)
        .normalize()
        .to_string()
        + "万元"
}

fn check(
    status: CheckStatus,
    subject: &str,
    expected: String,
    actual: String,
    message: crate::messages::Text,
    page: Option<u32>,
) -> Check {
    let mut c = Check {
        rule: RULE.into(),
        table: None,
        template: None,
        row: Some(CheckRow {
            code: None,
            name: Some(subject.to_string()),
        }),
        column: None,
        expected: Some(expected),
        actual: Some(actual),
        status,
        message: String::new(),
        page,
        blame: Vec::new(),
        wording: None,
    };
    c.set_message(message);
    c
}

/// The checks of every document that has some, by document id.
pub fn checks(docs: &[Linked]) -> BTreeMap<String, Vec<Check>> {
    let mut out: BTreeMap<String, Vec<Check>> = BTreeMap::new();
    for group in departments(docs) {
        for doc in group.iter() {
            let v = checks_of(doc, &group);
            if !v.is_empty() {
                out.insert(doc.id.clone(), v);
            }
        }
    }
    out
}

/// `docs` by department (key and scope), each department's documents by
/// id, the order [`checks_of`] expects: which of two disagreeing documents
/// a message names first depends on it.
pub fn departments(docs: &[Linked]) -> Vec<Vec<&Linked>> {
    let mut by_dept: BTreeMap<(&str, Option<&str>), Vec<&Linked>> = BTreeMap::new();
    for d in docs {
        by_dept
            .entry((d.key.as_str(), d.scope.as_deref()))
            .or_default()
            .push(d);
    }
    let mut groups: Vec<Vec<&Linked>> = by_dept.into_values().collect();
    for g in &mut groups {
        g.sort_by(|a, b| a.id.cmp(&b.id));
    }
    groups
}

/// The checks of one document against the other documents of its
/// department (`group`, itself included, in [`departments`] order). One
/// document at a time, so that a caller holds the checks of one document,
/// not of its whole department: a message about disagreeing documents names
/// every one of them, so a department's checks together grow with the
/// square of its documents (a crawl that fetched one file many times).
pub fn checks_of(doc: &Linked, group: &[&Linked]) -> Vec<Check> {
    if group.len() < 2 {
        return Vec::new();
    }
    let mut v = Vec::new();
    for ch in &doc.changes {
        v.extend(change_check(doc, ch, group));
    }
    v.extend(initial_budget_checks(doc, group));
    v.extend(carry_over_checks(doc, group));
    unconfirmed_links_skip(v)
}

/// One check with the document it compared against, and whether it saw a
/// non-zero figure of that document agree.
struct Judged<'a> {
    check: Check,
    other: &'a Linked,
    agrees: bool,
}

impl<'a> Judged<'a> {
    fn new(check: Check, other: &'a Linked, figure: Decimal) -> Judged<'a> {
        let agrees =
            matches!(check.status, CheckStatus::Pass | CheckStatus::Rounding) && !figure.is_zero();
        Judged {
            check,
            other,
            agrees,
        }
    }
}

/// A failing comparison with a document of which no other non-zero figure
/// agrees is skipped: two documents link by their department's printed
/// name, year and kind, and a name alone does not make one the other's
/// predecessor (two regions' 水务局 printed without their region, a
/// department re-formed between the years, or a comparison on a restated
/// scope). A real predecessor shares its figures: when one statement
/// disagrees while another agrees, the document contradicts its own
/// predecessor; when every statement disagrees, the link itself is in
/// doubt, and a fail must mean a contradiction for certain. Zeros do not
/// confirm a link (any two departments without 政府性基金 agree on it).
fn unconfirmed_links_skip(v: Vec<Judged>) -> Vec<Check> {
    let confirmed: Vec<&str> = v
        .iter()
        .filter(|j| j.agrees)
        .map(|j| j.other.id.as_str())
        .collect();
    v.into_iter()
        .map(|j| {
            let mut c = j.check;
            if c.status == CheckStatus::Fail && !confirmed.contains(&j.other.id.as_str()) {
                c.status = CheckStatus::Skip;
                c.append_message(&messages::link_unconfirmed(&j.other.file));
            }
            c
        })
        .collect()
}

/// The figure of `ch` in `other`, if `other` prints it.
fn figure_in(ch: &YearChange, other: &Linked, want_kind: &str) -> Option<Figure> {
    if other.kind == want_kind {
        if let Some(f) = ch.fact.as_deref().and_then(|k| other.fact(k)) {
            return Some(f);
        }
        // The other year's prose, under the same label: one figure only.
        let mut found: Vec<&YearChange> = other
            .changes
            .iter()
            .filter(|o| o.subject == ch.subject)
            .collect();
        found.dedup_by(|a, b| a.yuan == b.yuan);
        return match found.as_slice() {
            [one] => Figure::printed(&one.value, &one.unit),
            _ => None,
        };
    }
    // A 决算 prints that year's budget as 年初预算数.
    if want_kind == "budget" && other.kind == "final_accounts" {
        let key = ch.fact.as_deref()?;
        return other.fact(&format!("{key}{}", super::rules().initial_budget_suffix));
    }
    None
}

fn change_check<'a>(doc: &Linked, ch: &YearChange, group: &[&'a Linked]) -> Option<Judged<'a>> {
    if ch.other_year >= doc.year {
        return None;
    }
    let want_kind = ch.other_kind.as_deref().unwrap_or(doc.kind.as_str());
    let of_year: Vec<&&'a Linked> = group
        .iter()
        .filter(|o| o.year == ch.other_year && o.id != doc.id)
        .collect();
    // Documents of the kind compared with first; a 决算 standing in for
    // the budget only when no budget of that year is in the batch.
    let mut found: Vec<(&'a Linked, Figure)> = of_year
        .iter()
        .filter(|o| o.kind == want_kind)
        .filter_map(|o| figure_in(ch, o, want_kind).map(|f| (**o, f)))
        .collect();
    if found.is_empty() {
        found = of_year
            .iter()
            .filter(|o| o.kind != want_kind)
            .filter_map(|o| figure_in(ch, o, want_kind).map(|f| (**o, f)))
            .collect();
    }
    let (other, p) = found.first()?.clone();
    if found.iter().any(|(_, f)| f.yuan != p.yuan) {
        let files: Vec<String> = found.iter().map(|(o, _)| o.file.clone()).collect();
        let figures: Vec<String> = found.iter().map(|(_, f)| f.shown.clone()).collect();
        let c = check(
            CheckStatus::Skip,
            &ch.subject,
            "—".into(),
            "—".into(),
            messages::ambiguous(&ch.quote, ch.page, &files, &figures),
            ch.page,
        );
        return Some(Judged::new(c, other, Decimal::ZERO));
    }
    let c = Figure::printed(&ch.value, &ch.unit)?;
    let delta = c.yuan - p.yuan;
    let sign = Decimal::from(ch.direction);
    let change = match (&ch.change, &ch.change_unit) {
        (Some(x), Some(u)) => Figure::printed(x, u),
        _ => None,
    };
    let (status, expected, actual, message) = if ch.direction == 0 {
        // 持平: the two figures are one at their printed precision.
        let st = judge(c.yuan, p.yuan, c.half + p.half, Decimal::ZERO);
        (
            st,
            wan(delta),
            "0万元".to_string(),
            messages::compared(
                &ch.quote,
                ch.page,
                (&other.file, ch.other_year, &other.kind),
                &p.shown,
                &wan(delta),
                messages::Stated::Unchanged,
            ),
        )
    } else if let Some(x) = change {
        let st = judge(
            x.yuan * sign,
            delta,
            x.half + c.half + p.half,
            Decimal::ZERO,
        );
        let stated = wan(x.yuan * sign);
        (
            st,
            wan(delta),
            stated.clone(),
            messages::compared(
                &ch.quote,
                ch.page,
                (&other.file, ch.other_year, &other.kind),
                &p.shown,
                &wan(delta),
                messages::Stated::Change(&stated),
            ),
        )
    } else {
        let y = ch.rate.as_deref()?;
        let y_val = Decimal::from_str(y).ok()?;
        if p.yuan.is_zero() {
            return None;
        }
        let y_dp = crate::amount::printed_scale(y);
        let y_half = Decimal::new(5, y_dp + 1);
        let y_unit = Decimal::new(1, y_dp);
        let rate = delta / p.yuan * Decimal::from(100);
        let prop = Decimal::from(100)
            * ((c.half + p.half) / p.yuan.abs() + delta.abs() * p.half / (p.yuan * p.yuan));
        let st = judge(y_val * sign, rate, y_half + prop, y_unit);
        let stated = format!("{}{}%", if ch.direction < 0 { "-" } else { "" }, y);
        let computed = format!("{}%", rate.round_dp(2));
        (
            st,
            computed.clone(),
            stated.clone(),
            messages::compared(
                &ch.quote,
                ch.page,
                (&other.file, ch.other_year, &other.kind),
                &p.shown,
                &computed,
                messages::Stated::Rate(&stated),
            ),
        )
    };
    let c = check(status, &ch.subject, expected, actual, message, ch.page);
    Some(Judged::new(c, other, p.yuan))
}

/// (b) A 决算's 年初预算数 against the budget document of its year.
fn initial_budget_checks<'a>(doc: &Linked, group: &[&'a Linked]) -> Vec<Judged<'a>> {
    let suffix = super::rules().initial_budget_suffix.as_str();
    let mut out = Vec::new();
    if doc.kind != "final_accounts" {
        return out;
    }
    let budgets: Vec<&&'a Linked> = group
        .iter()
        .filter(|o| o.kind == "budget" && o.year == doc.year)
        .collect();
    for (key, value, unit) in &doc.facts {
        let Some(base) = key.strip_suffix(suffix) else {
            continue;
        };
        let Some(printed) = Figure::printed(value, unit) else {
            continue;
        };
        let found: Vec<(&'a Linked, Figure)> = budgets
            .iter()
            .filter_map(|b| b.fact(base).map(|f| (**b, f)))
            .collect();
        let Some((b, f)) = found.first() else {
            continue;
        };
        let message = messages::initial_budget(key, &printed.shown, &b.file, &f.shown);
        let status = if found.iter().any(|(_, g)| g.yuan != f.yuan) {
            CheckStatus::Skip
        } else {
            judge(printed.yuan, f.yuan, printed.half + f.half, Decimal::ZERO)
        };
        let c = check(
            status,
            key,
            f.shown.clone(),
            printed.shown.clone(),
            message,
            None,
        );
        out.push(Judged::new(c, b, f.yuan));
    }
    out
}

/// (c) A 决算's opening balance against last year's 决算's closing balance.
fn carry_over_checks<'a>(doc: &Linked, group: &[&'a Linked]) -> Vec<Judged<'a>> {
    let r = super::rules();
    if !r.carry_over_kinds.contains(&doc.kind) {
        return Vec::new();
    }
    let Some(opening) = doc.fact(&r.opening_fact) else {
        return Vec::new();
    };
    let found: Vec<(&'a Linked, &'a Figure)> = group
        .iter()
        .filter(|o| o.year == doc.year - 1 && r.carry_over_kinds.contains(&o.kind))
        .filter_map(|o| o.closing.as_ref().map(|f| (*o, f)))
        .collect();
    let Some((other, closing)) = found.first() else {
        return Vec::new();
    };
    let status = if found.iter().any(|(_, g)| g.yuan != closing.yuan) {
        CheckStatus::Skip
    } else {
        judge(
            opening.yuan,
            closing.yuan,
            opening.half + closing.half,
            Decimal::ZERO,
        )
    };
    let c = check(
        status,
        &r.opening_fact,
        closing.shown.clone(),
        opening.shown.clone(),
        messages::carry_over(&opening.shown, &other.file, other.year, &closing.shown),
        None,
    );
    vec![Judged::new(c, other, closing.yuan)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, year: i32, kind: &str, facts: &[(&str, &str, &str)]) -> Linked {
        Linked {
            id: id.into(),
            file: format!("{id}.pdf"),
            key: "某局".into(),
            year,
            kind: kind.into(),
            scope: Some("department".into()),
            facts: facts
                .iter()
                .map(|(k, v, u)| (k.to_string(), v.to_string(), u.to_string()))
                .collect(),
            changes: Vec::new(),
            closing: None,
            existing: None,
        }
    }

    fn change(fact: &str, value: &str, year: i32, dir: i8, x: Option<&str>) -> YearChange {
        YearChange {
            subject: "三公经费预算数".into(),
            fact: Some(fact.into()),
            value: value.into(),
            unit: "万元".into(),
            yuan: String::new(),
            other_year: year,
            other_kind: Some("budget".into()),
            direction: dir,
            change: x.map(str::to_string),
            change_unit: x.map(|_| "万元".to_string()),
            rate: None,
            quote: "…".into(),
            page: Some(3),
        }
    }

    fn statuses(v: &BTreeMap<String, Vec<Check>>, id: &str) -> Vec<CheckStatus> {
        v.get(id)
            .map(|c| c.iter().map(|c| c.status).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_change_is_checked_against_last_years_budget() {
        let a = doc(
            "a",
            2023,
            "budget",
            &[("three_public_total", "229100", "元")],
        );
        let mut b = doc("b", 2024, "budget", &[]);
        b.changes = vec![
            change("three_public_total", "47.91", 2023, 1, Some("25")),
            change("three_public_total", "47.91", 2023, 1, Some("26")),
            change("three_public_total", "47.91", 2022, 1, Some("25")),
        ];
        let v = checks(&[a, b]);
        // 2022 is not in the batch: no check.
        assert_eq!(
            statuses(&v, "b"),
            vec![CheckStatus::Pass, CheckStatus::Fail]
        );
        assert!(!v.contains_key("a"));
    }

    #[test]
    fn other_departments_and_scopes_do_not_link() {
        let a = doc(
            "a",
            2023,
            "budget",
            &[("three_public_total", "229100", "元")],
        );
        let mut other = a.clone();
        other.id = "c".into();
        other.key = "另一局".into();
        let mut unit = a.clone();
        unit.id = "u".into();
        unit.scope = Some("unit".into());
        let mut b = doc("b", 2024, "budget", &[]);
        b.changes = vec![change("three_public_total", "47.91", 2023, 1, Some("26"))];
        assert!(checks(&[other.clone(), unit.clone(), b.clone()]).is_empty());
        // Two documents of 2023 that disagree: skipped, not failed.
        let mut a2 = a.clone();
        a2.id = "a2".into();
        a2.facts = vec![("three_public_total".into(), "0".into(), "元".into())];
        assert_eq!(statuses(&checks(&[a, a2, b]), "b"), vec![CheckStatus::Skip]);
    }

    #[test]
    fn a_final_stands_for_its_years_budget_by_its_initial_budget() {
        let f = doc(
            "f",
            2024,
            "final_accounts",
            &[("three_public_total_budget", "0.95", "万元")],
        );
        let mut b = doc("b", 2025, "budget", &[]);
        b.changes = vec![change("three_public_total", "0.95", 2024, 0, None)];
        assert_eq!(statuses(&checks(&[f, b]), "b"), vec![CheckStatus::Pass]);
    }

    #[test]
    fn a_finals_initial_budget_meets_the_budget_document() {
        let b = doc(
            "b",
            2024,
            "budget",
            &[
                ("three_public_total", "9500", "元"),
                ("reception", "9500", "元"),
            ],
        );
        let f = doc(
            "f",
            2024,
            "final_accounts",
            &[
                ("three_public_total_budget", "0.95", "万元"),
                ("reception_budget", "0.95", "万元"),
            ],
        );
        let g = doc(
            "g",
            2024,
            "final_accounts",
            &[
                ("three_public_total_budget", "0.96", "万元"),
                ("reception_budget", "0.95", "万元"),
            ],
        );
        assert_eq!(
            statuses(&checks(&[b.clone(), f]), "f"),
            vec![CheckStatus::Pass, CheckStatus::Pass]
        );
        // 接待费 agrees: g is that budget's 决算, and its 三公 contradicts it
        assert_eq!(
            statuses(&checks(&[b.clone(), g.clone()]), "g"),
            vec![CheckStatus::Fail, CheckStatus::Pass]
        );
        // Nothing else agrees: the two may only share a name.
        let mut h = g;
        h.facts.truncate(1);
        let v = checks(&[b, h]);
        assert_eq!(statuses(&v, "g"), vec![CheckStatus::Skip]);
        assert!(v["g"][0].message.contains("b.pdf 无其他非零数与本文件相符"));
    }

    #[test]
    fn a_link_no_non_zero_figure_confirms_does_not_fail() {
        // Two documents sharing a department name whose every statement
        // disagrees (unrelated departments, or one re-formed): skipped.
        let a = doc(
            "a",
            2023,
            "budget",
            &[
                ("three_public_total", "229100", "元"),
                ("gov_fund", "0", "元"),
            ],
        );
        let mut b = doc("b", 2024, "budget", &[]);
        b.changes = vec![
            change("three_public_total", "47.91", 2023, 1, Some("26")),
            change("three_public_total", "47.91", 2023, 1, Some("27")),
        ];
        assert_eq!(
            statuses(&checks(&[a.clone(), b.clone()]), "b"),
            vec![CheckStatus::Skip, CheckStatus::Skip]
        );
        // A zero that agrees (no 政府性基金 in either year) confirms nothing.
        let mut zero = change("gov_fund", "0", 2023, 0, None);
        zero.subject = "政府性基金".into();
        b.changes.push(zero);
        assert_eq!(
            statuses(&checks(&[a.clone(), b.clone()]), "b"),
            vec![CheckStatus::Skip, CheckStatus::Skip, CheckStatus::Pass]
        );
        // One non-zero figure that agrees confirms the link: the others fail.
        b.changes
            .push(change("three_public_total", "47.91", 2023, 1, Some("25")));
        assert_eq!(
            statuses(&checks(&[a, b]), "b"),
            vec![
                CheckStatus::Fail,
                CheckStatus::Fail,
                CheckStatus::Pass,
                CheckStatus::Pass
            ]
        );
    }

    #[test]
    fn opening_balance_meets_last_years_closing_balance() {
        let mut a = doc("a", 2023, "final_accounts", &[]);
        a.closing = Figure::printed("49.14", "万元");
        let b = doc(
            "b",
            2024,
            "final_accounts",
            &[("carryover", "491400.00", "元")],
        );
        let mut c = doc(
            "c",
            2024,
            "final_accounts",
            &[("carryover", "55.34", "万元")],
        );
        assert_eq!(
            statuses(&checks(&[a.clone(), b]), "b"),
            vec![CheckStatus::Pass]
        );
        // Nothing else of a agrees with c: not judged.
        assert_eq!(
            statuses(&checks(&[a.clone(), c.clone()]), "c"),
            vec![CheckStatus::Skip]
        );
        // c's 三公 change agrees with a's 决算数: a is c's predecessor.
        a.facts = vec![("three_public_total".into(), "229100".into(), "元".into())];
        let mut ch = change("three_public_total", "47.91", 2023, 1, Some("25"));
        ch.other_kind = Some("final_accounts".into());
        c.changes = vec![ch];
        assert_eq!(
            statuses(&checks(&[a.clone(), c]), "c"),
            vec![CheckStatus::Pass, CheckStatus::Fail]
        );
        // A budget's 上年结转 is an estimate: not compared.
        let d = doc("d", 2024, "budget", &[("carryover", "55.34", "万元")]);
        assert!(checks(&[a, d]).is_empty());
    }
}
