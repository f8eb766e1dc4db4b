//! `text_vs_table`: each figure the prose states for a fact key against the
//! table that prints the same figure, compared in 元 at the prose's
//! precision (`1682.2 万元` matches 16822400 元; `278` matches `278.00`):
//! the two may differ by half a unit of the last digit of each.

use super::from_tables::TableFigure;
use super::prose_figures::ProseFigure;
use crate::amount::{decimal, printed_scale, unit_scale};
use crate::messages::{Text, checks as msg};
use crate::model::{Check, CheckRow, CheckStatus};
use rust_decimal::Decimal;

/// Half a unit of the last printed digit of `value`, in 元.
pub fn half_unit_yuan(value: &str, scale: Decimal) -> Decimal {
    Decimal::new(5, printed_scale(value) + 1) * scale
}

/// The prose figure against the table's: status, both values in 元.
pub fn compare(p: &ProseFigure, t: &TableFigure) -> Option<(CheckStatus, Decimal, Decimal)> {
    let pv = decimal(&p.value)?;
    let ps = unit_scale(&p.unit).and_then(decimal)?;
    let tv = decimal(&t.value)?;
    let ts = t.scale.as_deref().and_then(decimal)?;
    let (py, ty) = (pv.checked_mul(ps)?, tv.checked_mul(ts)?);
    let tol = half_unit_yuan(&p.value, ps) + half_unit_yuan(&t.value, ts);
    let status = if (py - ty).abs() <= tol {
        CheckStatus::Pass
    } else if truncates_to(&p.value, ps, ty) == Some(py) {
        CheckStatus::Rounding
    } else {
        CheckStatus::Fail
    };
    Some((status, py, ty))
}

/// The table's amount `ty` (元) cut, not rounded, to the prose figure's
/// precision (`printed` in the unit of `scale`): prose often truncates
/// (`94386.49 万元` for 943864999.96 元, which rounds to 94386.50). A
/// truncating prose figure is `rounding`, not a contradiction.
fn truncates_to(printed: &str, scale: Decimal, ty: Decimal) -> Option<Decimal> {
    let step = Decimal::new(1, printed_scale(printed).min(20)).checked_mul(scale)?;
    if step.is_zero() {
        return None;
    }
    ty.checked_div(step)?.trunc().checked_mul(step)
}

pub fn check(prose: &[ProseFigure], tables: &[TableFigure]) -> Vec<Check> {
    check_with(prose, |p| tables.iter().find(|t| t.key == p.key).cloned())
}

/// As [`check`], the table figure for each prose figure chosen by `pick`
/// (the table of the fund the prose speaks of); `None`: no check.
pub fn check_with(
    prose: &[ProseFigure],
    pick: impl Fn(&ProseFigure) -> Option<TableFigure>,
) -> Vec<Check> {
    let mut out = Vec::new();
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for p in prose {
        if seen.contains(&(p.key.as_str(), p.value.as_str())) {
            continue;
        }
        let Some(t) = pick(p) else {
            continue;
        };
        let t = &t;
        seen.push((p.key.as_str(), p.value.as_str()));
        let Some((mut status, py, ty)) = compare(p, t) else {
            continue;
        };
        // The table's part below the prose's whole: consistent or not,
        // the table cannot tell.
        let part_below = t.part_of_prose && status != CheckStatus::Pass && ty < py;
        if part_below {
            status = CheckStatus::Skip;
        }
        let t_unit = t.unit.clone().unwrap_or_default();
        let row = match (&t.name, &t.code) {
            (None, None) if t.blank => None,
            _ => Some(msg::row_label(t.name.as_deref(), t.code.as_deref())),
        };
        // A blank cell (or a table printed empty) is zero in these tables;
        // say so, or `prints 0` reads as a figure the table does not print.
        let printed = if t.blank {
            msg::table_prints_blank(&t.table, row.as_ref(), &t.column, &t.value, &t_unit)
        } else {
            msg::table_prints(&t.table, row.as_ref(), &t.column, &t.value, &t_unit)
        };
        let mut message = Text::same(format!("{}: ", p.key))
            .then(&msg::prose_says(p.page, &p.quote, &p.value, &p.unit))
            .then(&printed);
        if status == CheckStatus::Fail {
            message.push(&msg::differs_by_yuan(&(py - ty).normalize().to_string()));
        } else if part_below {
            message.push(&msg::basic_part_only());
        }
        out.push(Check {
            rule: "text_vs_table".into(),
            table: Some(t.table.clone()),
            template: t.template.clone(),
            row: Some(CheckRow {
                code: t.code.clone(),
                name: t.name.clone(),
            }),
            column: Some(t.column.clone()),
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

    fn prose(key: &str, value: &str, unit: &str) -> ProseFigure {
        ProseFigure {
            key: key.into(),
            value: value.into(),
            unit: unit.into(),
            quote: format!("q {value}"),
            page: Some(3),
            start: 0,
            end: 0,
            scope: None,
        }
    }

    fn table(key: &str, value: &str, unit: &str, scale: &str) -> TableFigure {
        TableFigure {
            key: key.into(),
            value: value.into(),
            unit: Some(unit.into()),
            scale: Some(scale.into()),
            table: "t1".into(),
            template: Some("revenue_expenditure_summary".into()),
            code: None,
            name: Some("收入总计".into()),
            column: "total".into(),
            page: 5,
            blank: false,
            part_of_prose: false,
        }
    }

    #[test]
    fn compares_at_the_prose_precision() {
        let c = check(
            &[prose("revenue_total", "1682.2", "万元")],
            &[table("revenue_total", "16822400.00", "元", "1")],
        );
        assert_eq!(c[0].status, CheckStatus::Pass);
        let c = check(
            &[prose("project_expenditure", "278", "万元")],
            &[table("project_expenditure", "278.00", "万元", "10000")],
        );
        assert_eq!(c[0].status, CheckStatus::Pass);
        let c = check(
            &[prose("revenue_total", "1682.2", "万元")],
            &[table("revenue_total", "16826000.00", "元", "1")],
        );
        assert_eq!(c[0].status, CheckStatus::Fail);
        assert!(c[0].message.contains("t1"));
    }

    #[test]
    fn a_truncating_prose_figure_is_rounding() {
        let c = check(
            &[prose("revenue_total", "94386.49", "万元")],
            &[table("revenue_total", "943864999.96", "元", "1")],
        );
        assert_eq!(c[0].status, CheckStatus::Rounding, "{}", c[0].message);
        // Cut one digit further it is no truncation: a contradiction.
        let c = check(
            &[prose("revenue_total", "94386.48", "万元")],
            &[table("revenue_total", "943864999.96", "元", "1")],
        );
        assert_eq!(c[0].status, CheckStatus::Fail);
        // A table in 万元 against prose in 元: compared in 元.
        let c = check(
            &[prose("reception", "51300", "元")],
            &[table("reception", "5.13", "万元", "10000")],
        );
        assert_eq!(c[0].status, CheckStatus::Pass);
        // Six decimals of 万元 are exact 元.
        let c = check(
            &[prose("reception", "28813.86", "元")],
            &[table("reception", "2.881386", "万元", "10000")],
        );
        assert_eq!(c[0].status, CheckStatus::Pass);
    }

    #[test]
    fn a_part_below_the_prose_whole_is_skipped_above_it_fails() {
        let mut t = table("training_fees", "7.20", "万元", "10000");
        t.part_of_prose = true;
        let c = check(
            &[prose("training_fees", "57.50", "万元")],
            std::slice::from_ref(&t),
        );
        assert_eq!(c[0].status, CheckStatus::Skip, "{}", c[0].message);
        let c = check(&[prose("training_fees", "5.00", "万元")], &[t]);
        assert_eq!(c[0].status, CheckStatus::Fail);
    }

    #[test]
    fn a_blank_cell_against_a_prose_figure_fails_and_says_blank() {
        let mut t = table("three_public_total_budget", "0", "万元", "10000");
        t.blank = true;
        t.name = None;
        t.column = "total_budget".into();
        let mut c = check(&[prose("three_public_total_budget", "0.95", "万元")], &[t]);
        assert_eq!(c[0].status, CheckStatus::Fail);
        assert!(c[0].message.contains("未印数字"), "{}", c[0].message);
        c[0].localise(crate::messages::Lang::En);
        assert!(
            c[0].message.contains("prints no figure"),
            "{}",
            c[0].message
        );
        assert!(!c[0].message.contains("(unnamed)"), "{}", c[0].message);
        assert_eq!(c[0].expected.as_deref(), Some("0"));
        assert_eq!(c[0].actual.as_deref(), Some("0.95"));
    }

    #[test]
    fn one_check_per_distinct_prose_value() {
        let c = check(
            &[
                prose("basic_expenditure", "1404.24", "万元"),
                prose("basic_expenditure", "1404.24", "万元"),
                prose("basic_expenditure", "1400", "万元"),
            ],
            &[table("basic_expenditure", "1404.24", "万元", "10000")],
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[1].status, CheckStatus::Fail);
    }
}
