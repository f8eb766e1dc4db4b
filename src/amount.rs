//! Printed amounts: `"2,081.40"` → `"2081.40"`, exact decimals for the checks.

use rust_decimal::Decimal;
use std::str::FromStr;

/// Normalise a printed amount cell: strip thousands separators, spaces and
/// full-width forms; `-`, `—`, blank → `None`. Returns the decimal string
/// exactly as printed otherwise (`"0.00"` stays `"0.00"`, `"278"` stays `"278"`).
pub fn normalize(cell: &str) -> Option<String> {
    if decimals_then_more_digits(cell) || zero_then_more_digits(cell) {
        return None;
    }
    let mut s = String::with_capacity(cell.len());
    for c in cell.trim().chars() {
        match c {
            ',' | '，' | ' ' | '\u{3000}' | '\u{a0}' => {}
            '０'..='９' => s.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            '．' => s.push('.'),
            '－' | '−' => s.push('-'),
            _ => s.push(c),
        }
    }
    if s.is_empty() || s.chars().all(|c| c == '-' || c == '—' || c == '–') {
        return None;
    }
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.as_str()),
    };
    let valid = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.chars().filter(|&c| c == '.').count() <= 1
        && !body.starts_with('.')
        && !body.ends_with('.');
    if !valid {
        return None;
    }
    Some(if neg {
        format!("-{body}")
    } else {
        body.to_string()
    })
}

/// Two figures run together in one cell: an amount with its decimals, a
/// space, more digits (`385.51 303`: the amount and the next half's code).
/// A space inside the integer part (`1 234.56`) or right after the point
/// (`12. 50`, an OCR gap) is still one amount.
fn decimals_then_more_digits(cell: &str) -> bool {
    let Some((_, frac)) = cell.trim().split_once(['.', '．']) else {
        return false;
    };
    let digits = frac
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .count();
    let rest = frac.chars().skip(digits);
    let mut rest = rest.peekable();
    let spaced = rest.peek().is_some_and(|c| c.is_whitespace());
    digits >= 2 && spaced && rest.any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

/// A zero figure and the next figure run together in one cell (`0
/// 761,643.00`, `0761,643.00`: pdftotext -layout printed a 0 column and its
/// neighbour one gap apart under a header that spans both). No amount is
/// printed with a leading zero before more integer digits, so joining them
/// would make a wrong figure (`0761643.00`). Only cells that look like a
/// printed amount (a separator, a space or a point) are refused: a bare
/// digit string with leading zeros is a code (`001`), not this.
fn zero_then_more_digits(cell: &str) -> bool {
    let t = cell.trim();
    let t = t.strip_prefix(['-', '－', '−']).unwrap_or(t);
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut chars = t
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{3000}' | '\u{a0}'));
    let leading_zero = matches!(chars.next(), Some('0' | '０')) && chars.next().is_some_and(digit);
    leading_zero && t.contains([',', '，', ' ', '\u{3000}', '\u{a0}', '.', '．'])
}

/// Is this cell an amount (after normalisation)? `-` placeholders are not.
pub fn is_amount(cell: &str) -> bool {
    normalize(cell).is_some()
}

/// Is this cell an empty-amount placeholder (`-`, `—`, blank)?
pub fn is_placeholder(cell: &str) -> bool {
    let t = cell.trim();
    t.is_empty()
        || t.chars()
            .all(|c| matches!(c, '-' | '—' | '–' | '－' | '/' | '\u{3000}'))
}

/// Parse a normalised amount string.
pub fn decimal(s: &str) -> Option<Decimal> {
    Decimal::from_str(s).ok()
}

/// Number of digits after the decimal point as printed.
///
/// At most 27: callers build half a unit of the next digit
/// (`Decimal::new(5, scale + 1)`), and a Decimal holds 28 decimals; a figure
/// printed with more (only a corrupt or hostile input has one; fuzzing found
/// it) is compared at the finest tolerance there is instead of panicking.
pub fn printed_scale(s: &str) -> u32 {
    s.split_once('.')
        .map(|(_, f)| f.len() as u32)
        .unwrap_or(0)
        .min(MAX_PRINTED_SCALE)
}

/// The most decimals [`printed_scale`] reports (see there).
pub const MAX_PRINTED_SCALE: u32 = 27;

/// The largest scale a `rust_decimal::Decimal` holds.
pub const MAX_DECIMAL_SCALE: u32 = MAX_PRINTED_SCALE + 1;

/// Half a unit of the last printed digit of a figure printed with `scale`
/// decimals (0.005 for cents): the rounding one printed figure can carry.
/// Capped at the finest tolerance a Decimal holds.
pub fn half_unit(scale: u32) -> Decimal {
    Decimal::new(5, (scale + 1).min(MAX_DECIMAL_SCALE))
}

/// Units and their factor to 元.
pub fn unit_scale(unit: &str) -> Option<&'static str> {
    match unit {
        "元" => Some("1"),
        "千元" => Some("1000"),
        "万元" => Some("10000"),
        "亿元" => Some("100000000"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_figures_in_one_cell_are_no_amount() {
        assert_eq!(normalize("385.51 303"), None);
        assert_eq!(normalize("14,559,454.00 302"), None);
        assert_eq!(normalize("16.50 15.00"), None);
        // a zero and the next figure (`0` then `761,643.00`)
        assert_eq!(normalize("0 761,643.00"), None);
        assert_eq!(normalize("0761,643.00"), None);
        assert_eq!(normalize("0 5"), None);
        assert_eq!(normalize("0.50").as_deref(), Some("0.50"));
        assert_eq!(normalize("0").as_deref(), Some("0"));
        assert_eq!(normalize("001").as_deref(), Some("001"));
        // a space inside the integer part or after the point stays one amount
        assert_eq!(normalize("1 234.56").as_deref(), Some("1234.56"));
        assert_eq!(normalize("12. 50").as_deref(), Some("12.50"));
        assert_eq!(normalize("2,081.40 ").as_deref(), Some("2081.40"));
    }

    #[test]
    fn normalises_as_printed() {
        assert_eq!(normalize("2,081.40").as_deref(), Some("2081.40"));
        assert_eq!(normalize("0.00").as_deref(), Some("0.00"));
        assert_eq!(normalize("278").as_deref(), Some("278"));
        assert_eq!(normalize("-12.5").as_deref(), Some("-12.5"));
        assert_eq!(normalize("-"), None);
        assert_eq!(normalize(""), None);
        assert_eq!(normalize("行政运行"), None);
        assert_eq!(normalize("12,029,501.8412"), Some("12029501.8412".into()));
        assert_eq!(normalize("1.2.3"), None);
    }
}

/// `value × scale` in 元, exact (`"2081.40"` × `10000` → `"20814000.00"`).
pub fn to_yuan(value: &str, scale: &str) -> Option<String> {
    let v = decimal(value)?;
    let s = decimal(scale)?;
    v.checked_mul(s).map(|y| y.to_string())
}

#[cfg(test)]
mod yuan_tests {
    #[test]
    fn yuan_is_exact() {
        assert_eq!(
            super::to_yuan("2081.40", "10000").as_deref(),
            Some("20814000.00")
        );
        assert_eq!(super::to_yuan("3150.00", "1").as_deref(), Some("3150.00"));
    }
}
