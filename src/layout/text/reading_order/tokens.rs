//! Words of one printed line and what each looks like: an amount, a piece
//! of a classification code, a unit code, or text.

use regex::Regex;
use std::sync::OnceLock;

/// A printed line split at whitespace. Letters printed spaced out
/// (`本  年  收  入  合  计`) are joined back into one word.
pub fn words(line: &str) -> Vec<String> {
    let raw: Vec<&str> = line.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let flush = |run: &mut Vec<&str>, out: &mut Vec<String>| {
        if !run.is_empty() {
            out.push(run.concat());
            run.clear();
        }
    };
    for w in raw {
        if is_single_cjk(w) {
            run.push(w);
        } else {
            flush(&mut run, &mut out);
            out.push(w.to_string());
        }
    }
    flush(&mut run, &mut out);
    out
}

fn is_single_cjk(w: &str) -> bool {
    let mut cs = w.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if !c.is_ascii())
}

/// Display width: wide (CJK, full-width punctuation) characters count two,
/// ASCII one. Wrapped cells have pieces of equal width.
pub fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn amount_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$").unwrap_or_else(|_| never()))
}

fn enumeration_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[、.．]\D|其中[：:])")
            .unwrap_or_else(|_| never())
    })
}

fn part_heading_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^第[一二三四五六七八九十0-9]+部分").unwrap_or_else(|_| never()))
}

/// A heading of a part of the document (`第三部分 …`): prose resumes.
pub fn is_part_heading(line: &str) -> bool {
    part_heading_re().is_match(line.trim())
}

/// A regex that matches nothing, for the impossible case of a constant
/// pattern failing to compile.
fn never() -> Regex {
    Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!())
}

/// A printed amount (`2,081.40`, `0.00`, `31`, `-12.5`).
pub fn is_amount(w: &str) -> bool {
    amount_re().is_match(w)
}

/// An empty-amount placeholder printed in an amount cell (`-`, `—`).
pub fn is_placeholder(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| matches!(c, '-' | '—' | '–' | '－'))
}

/// An amount with a decimal point or thousands separator: only amounts
/// look like this, never header words, column numbers or codes.
pub fn is_decimal_amount(w: &str) -> bool {
    is_amount(w) && (w.contains('.') || w.contains(','))
}

/// The head of a classification code: 3, 5 or 7 digits, no leading zero.
pub fn is_code_head(w: &str) -> bool {
    matches!(w.len(), 3 | 5 | 7) && w.chars().all(|c| c.is_ascii_digit()) && !w.starts_with('0')
}

/// A later piece of a split code (`36`, `1`, `01`).
pub fn is_code_part(w: &str) -> bool {
    (1..=2).contains(&w.len()) && w.chars().all(|c| c.is_ascii_digit())
}

/// A budget unit's (or project's) own code: six or more digits with a
/// leading zero (`003009`, `0030092101`), or exactly six digits.
pub fn is_unit_code(w: &str) -> bool {
    w.chars().all(|c| c.is_ascii_digit()) && (w.len() == 6 || (w.len() > 6 && w.starts_with('0')))
}

/// Text that opens an enumerated item (`一、`, `（一）`, `1.`, `其中：`).
pub fn is_enumerated(w: &str) -> bool {
    enumeration_re().is_match(w)
}

/// Only digits, stars and the like: a line of column numbers under a header
/// (`1 2 3 4 7 8 9 10`, `** ** 1 2`).
pub fn is_column_number_line(ws: &[String], number_words: &[String]) -> bool {
    !ws.is_empty()
        && ws.iter().all(|w| {
            (w.len() <= 2 && w.chars().all(|c| c.is_ascii_digit()))
                || number_words.iter().any(|n| n == w)
        })
        && ws
            .iter()
            .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
            .count()
            >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_letters_join() {
        assert_eq!(
            words("本  年  收  入  合  计 2,081.40"),
            vec!["本年收入合计", "2,081.40"]
        );
        assert_eq!(words("303 1          离休费"), vec!["303", "1", "离休费"]);
        assert_eq!(words("支   出   总　计 1"), vec!["支出总计", "1"]);
    }

    #[test]
    fn kinds() {
        assert!(is_amount("2,081.40") && is_amount("0") && !is_amount("2,08.1"));
        assert!(is_decimal_amount("0.30") && !is_decimal_amount("31"));
        assert!(is_code_head("201") && is_code_head("2101501") && !is_code_head("003009"));
        assert!(is_unit_code("003009") && is_unit_code("0030092101") && !is_unit_code("2101501"));
        assert!(
            is_enumerated("一、一般公共预算")
                && is_enumerated("（二）公用经费支出")
                && !is_enumerated("行政运行")
        );
        let n = vec!["栏次".to_string()];
        assert!(is_column_number_line(&words("1 2 3 4 7 8 9 10"), &n));
        assert!(!is_column_number_line(&words("合计 1 0 0"), &n));
    }

    #[test]
    fn wide_chars_count_double() {
        assert_eq!(width("定IP及维护"), 2 + 2 + 2 + 2 + 2);
        assert_eq!(width("局"), 2);
    }
}
