//! When two figures agree. A printed amount is a rounded value: it may be off
//! by half a unit of its last printed digit. A sum of `n` printed addends
//! against a printed total may therefore be off by the sum of their half
//! units, and no more. Between tables in different units (元 vs 万元) the
//! comparison is made in 元 and each side brings its own half unit × scale.

use crate::amount;
use crate::model::CheckStatus;
use rust_decimal::Decimal;

/// Named tolerances of the reconcile stage.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Fraction of a unit of the last printed digit a printed figure may be
    /// off by (0.5: rounding to nearest).
    pub half_unit: Decimal,
    /// A printed zero (`0.00`) is taken as exactly zero: it brings no
    /// rounding allowance. Documents print 0.00 for "nothing", not for 0.004.
    pub zero_is_exact: bool,
    /// How many candidate cells a failing check names as blame.
    pub max_blame: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            half_unit: Decimal::new(5, 1),
            zero_is_exact: true,
            max_blame: 3,
        }
    }
}

/// A printed amount with its rounding allowance, both in the table's unit.
#[derive(Debug, Clone)]
pub struct Amount {
    pub printed: String,
    pub value: Decimal,
    /// Half a unit of the last printed digit (0 for an exact zero).
    pub slack: Decimal,
}

impl Amount {
    /// Parse a normalised amount string as printed.
    pub fn parse(printed: &str, s: &Settings) -> Option<Amount> {
        let value = amount::decimal(printed)?;
        let slack = if s.zero_is_exact && value.is_zero() {
            Decimal::ZERO
        } else {
            let dp = amount::printed_scale(printed).min(20);
            s.half_unit * Decimal::new(1, dp)
        };
        Some(Amount {
            printed: printed.to_string(),
            value,
            slack,
        })
    }

    /// The same amount in 元 (value and slack times `scale`).
    pub fn scaled(&self, scale: Decimal) -> Option<Amount> {
        Some(Amount {
            printed: self.printed.clone(),
            value: self.value.checked_mul(scale)?,
            slack: self.slack.checked_mul(scale)?,
        })
    }
}

/// Status of `expected` (computed) against `actual` (printed) given the
/// total allowance `tol`: exact → pass, within → rounding, else fail.
/// Status of a printed figure against the one computed from others: `pass`
/// within `tol` (the figures' rounding allowances), `rounding` within one
/// more `extra` (a figure truncated rather than rounded), else `fail`.
/// Shared by the prose checks within a document and across documents.
pub fn judge(printed: Decimal, computed: Decimal, tol: Decimal, extra: Decimal) -> CheckStatus {
    let d = (printed - computed).abs();
    if d <= tol {
        CheckStatus::Pass
    } else if d <= tol + extra {
        CheckStatus::Rounding
    } else {
        CheckStatus::Fail
    }
}

pub fn classify(expected: Decimal, actual: Decimal, tol: Decimal) -> CheckStatus {
    // Amounts beyond Decimal's range are not figures of a budget.
    let Some(diff) = expected.checked_sub(actual).map(|d| d.abs()) else {
        return CheckStatus::Skip;
    };
    if diff.is_zero() {
        CheckStatus::Pass
    } else if diff <= tol {
        CheckStatus::Rounding
    } else {
        CheckStatus::Fail
    }
}

/// Σ addends against a printed total: (sum, status).
pub fn sum_status(addends: &[&Amount], total: &Amount) -> (Decimal, CheckStatus) {
    let mut sum = Decimal::ZERO;
    let mut tol = total.slack;
    for a in addends {
        match (sum.checked_add(a.value), tol.checked_add(a.slack)) {
            (Some(x), Some(y)) => (sum, tol) = (x, y),
            _ => return (sum, CheckStatus::Skip),
        }
    }
    if let [one] = addends {
        tol = pair_slack(one, total);
    }
    (sum, classify(sum, total.value, tol))
}

/// The allowance between a 类 and its only 款 (or a row and its one
/// printed part). Printed at the same precision in the same unit in one
/// table they are one exact figure rounded twice the same way, so they
/// print alike: no allowance (a 类 one unit above its only 款 contradicts
/// the document). At different precisions each brings its half unit.
/// Not used between tables: 上海's 支出决算表 and its 收入支出决算总表 print
/// one 类 0.01 apart (each table rounds its own sums; real_pdfs keeps those
/// as rounding).
pub fn pair_slack(a: &Amount, b: &Amount) -> Decimal {
    if a.slack == b.slack {
        Decimal::ZERO
    } else {
        a.slack.saturating_add(b.slack)
    }
}

/// A computed figure as a string in the style of the printed one: at least
/// as many decimals as `like` prints (`0.99`, `1211.10`).
pub fn format_like(value: Decimal, like: &str) -> String {
    let dp = amount::printed_scale(like).min(20);
    let mut v = value.normalize();
    if v.scale() < dp {
        v.rescale(dp);
    }
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> Amount {
        Amount::parse(s, &Settings::default()).unwrap()
    }

    #[test]
    fn thirds_round_to_one() {
        let kids = [a("0.33"), a("0.33"), a("0.33")];
        let refs: Vec<&Amount> = kids.iter().collect();
        assert_eq!(sum_status(&refs, &a("1.00")).1, CheckStatus::Rounding);
        assert_eq!(sum_status(&refs, &a("0.99")).1, CheckStatus::Pass);
        assert_eq!(sum_status(&refs, &a("1.02")).1, CheckStatus::Fail);
    }

    #[test]
    fn one_figure_printed_twice_at_one_precision_prints_alike() {
        assert_eq!(sum_status(&[&a("12")], &a("13")).1, CheckStatus::Fail);
        assert_eq!(sum_status(&[&a("12")], &a("12")).1, CheckStatus::Pass);
        // 元 against 万元 with fewer decimals: each rounds its own way.
        let yuan = a("123456").scaled(Decimal::ONE).unwrap();
        let wan = a("12.35").scaled(Decimal::new(10000, 0)).unwrap();
        assert_eq!(pair_slack(&yuan, &wan), Decimal::new(505, 1));
        // Two 款 may each round down while the 类 rounds up.
        let kids = [a("1"), a("1")];
        let refs: Vec<&Amount> = kids.iter().collect();
        assert_eq!(sum_status(&refs, &a("3")).1, CheckStatus::Rounding);
    }

    #[test]
    fn zeros_bring_no_slack() {
        let kids = [a("0.00"), a("5.00")];
        let refs: Vec<&Amount> = kids.iter().collect();
        // slack 0.005 + 0.005 = 0.01
        assert_eq!(sum_status(&refs, &a("5.01")).1, CheckStatus::Rounding);
        assert_eq!(sum_status(&refs, &a("5.02")).1, CheckStatus::Fail);
    }

    #[test]
    fn out_of_range_is_skipped_not_panicked() {
        let big = a("79228162514264337593543950335");
        assert_eq!(sum_status(&[&big, &big], &a("1")).1, CheckStatus::Skip);
        assert_eq!(
            classify(Decimal::MAX, Decimal::MIN, Decimal::ZERO),
            CheckStatus::Skip
        );
    }

    #[test]
    fn formats_like_printed() {
        assert_eq!(format_like(Decimal::new(99, 2), "1.00"), "0.99");
        assert_eq!(format_like(Decimal::new(12111, 1), "1211.11"), "1211.10");
        assert_eq!(format_like(Decimal::new(315, 2), "3150"), "3.15");
    }
}
