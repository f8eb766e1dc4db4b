//! Printed table numbers (表号): `表一`, `表1-1`, `附表1`, `附件2：`,
//! `公开01表`, `公开表一`, `预算01表`, `预算表12`, `部门公开表3`.
//!
//! Every province numbers its standard tables, in its own way, before the
//! title, after it, on the line above or on a line of its own at the right.
//! The number says nothing about which table it is (预算05表 is the
//! 一般公共预算支出表 in 北京, 公开05表 the 财政拨款支出预算表 in 江苏), so
//! layout keeps a number-only line as a caption and template matching drops
//! the number from a title. Both stages share this one reader.

/// Words a table number may start with (before an optional `表`).
const PREFIXES: [&str; 6] = ["部门公开", "部门预算", "附件", "附表", "公开", "预算"];

/// Chinese numerals a table number may use (`表十二`).
fn is_cn_numeral(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

/// The length in chars of a table number at the start of `chars`, with the
/// punctuation after it (`公开01表：` → 6), or `None` when it does not start
/// with one. Needs digits (or Chinese numerals) and either `表` or a
/// 附件/附表 prefix, so `预算单位` or `一般公共预算` are no numbers.
fn number_at(chars: &[char]) -> Option<usize> {
    let mut i = 0;
    let mut strong = false; // 附件 / 附表 need no 表 of their own
    let mut has_biao = false;
    for p in PREFIXES {
        let n = p.chars().count();
        if chars.len() >= n && chars.iter().zip(p.chars()).all(|(a, b)| *a == b) {
            i = n;
            strong = p.starts_with('附');
            has_biao = p.ends_with('表');
            break;
        }
    }
    let skip_ws = |i: &mut usize| {
        while chars.get(*i).is_some_and(|c| c.is_whitespace()) {
            *i += 1;
        }
    };
    skip_ws(&mut i);
    if chars.get(i) == Some(&'表') {
        i += 1;
        has_biao = true;
    }
    skip_ws(&mut i);
    let digits = |i: &mut usize| {
        let start = *i;
        let ascii = chars.get(*i).is_some_and(|c| c.is_ascii_digit());
        while chars.get(*i).is_some_and(|&c| {
            if ascii {
                c.is_ascii_digit()
            } else {
                is_cn_numeral(c)
            }
        }) {
            *i += 1;
        }
        // a table number has at most three digits: `表2021` is no number
        *i > start && (!ascii || *i - start <= 3)
    };
    if !digits(&mut i) {
        return None;
    }
    // 表1-1, 附表2—3
    if chars
        .get(i)
        .is_some_and(|c| matches!(c, '-' | '—' | '－' | '_'))
        && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())
    {
        i += 1;
        digits(&mut i);
    }
    let before_ws = i;
    skip_ws(&mut i);
    if chars.get(i) == Some(&'表') {
        i += 1;
        has_biao = true;
    } else {
        i = before_ws;
    }
    if !(has_biao || strong) {
        return None;
    }
    while chars
        .get(i)
        .is_some_and(|c| matches!(c, '：' | ':' | '、' | '.' | '．' | ' ' | '\u{3000}'))
    {
        i += 1;
    }
    Some(i)
}

/// Is the whole text a table number (`公开 01 表`, `表一`)?
pub fn is_table_number(text: &str) -> bool {
    let chars: Vec<char> = text.trim().chars().collect();
    !chars.is_empty() && number_at(&chars) == Some(chars.len())
}

/// The text without a table number before or after it
/// (`公开05表：财政拨款支出预算表` → `财政拨款支出预算表`,
/// `收支预算总表公开表一` → `收支预算总表`). Spaces are removed. A text that
/// is only a number comes back unchanged (trimmed).
pub fn strip_table_number(text: &str) -> String {
    let chars: Vec<char> = text.trim().chars().collect();
    if number_at(&chars) == Some(chars.len()) {
        return text.trim().to_string();
    }
    let mut start = 0;
    if let Some(n) = number_at(&chars)
        && n < chars.len()
    {
        start = n;
    }
    let mut end = chars.len();
    // the longest trailing number: try the earliest start first
    // (number_at is tried only where a number can start: at `表` or at the
    // first letter of a prefix, so a long prose line costs one pass)
    let may_start = |c: char| c == '表' || PREFIXES.iter().any(|p| p.starts_with(c));
    for k in start + 1..chars.len() {
        if may_start(chars[k]) && number_at(&chars[k..]) == Some(chars.len() - k) {
            end = k;
            break;
        }
    }
    chars[start..end]
        .iter()
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_every_printed_form() {
        for t in [
            "表一",
            "表1",
            "表 1-1",
            "附表1",
            "附表一：",
            "附件2",
            "公开01表",
            "公开 01 表",
            "公开表一",
            "公开表十二",
            "预算01表",
            "预算表12",
            "部门公开表3",
        ] {
            assert!(is_table_number(t), "{t}");
        }
        for t in [
            "预算单位",
            "一般公共预算",
            "表",
            "公开",
            "2026年",
            "收支总表",
            "1.",
            "一、",
            "表2021",
        ] {
            assert!(!is_table_number(t), "{t}");
        }
    }

    #[test]
    fn numbers_stripped_before_and_after_titles() {
        assert_eq!(
            strip_table_number("公开05表：财政拨款支出预算表"),
            "财政拨款支出预算表"
        );
        assert_eq!(strip_table_number("预算01表 收支总表"), "收支总表");
        assert_eq!(strip_table_number("公开 01 表"), "公开 01 表");
        assert_eq!(
            strip_table_number("预算表12项目支出绩效目标表"),
            "项目支出绩效目标表"
        );
        assert_eq!(strip_table_number("收支预算总表公开表一"), "收支预算总表");
        assert_eq!(strip_table_number("表1-1 部门收支总表"), "部门收支总表");
        assert_eq!(
            strip_table_number("附表3：一般公共预算支出表"),
            "一般公共预算支出表"
        );
        assert_eq!(strip_table_number("部门收支总表 表一"), "部门收支总表");
        assert_eq!(
            strip_table_number("附件3 2026年部门收入总表"),
            "2026年部门收入总表"
        );
        assert_eq!(
            strip_table_number("一般公共预算支出表"),
            "一般公共预算支出表"
        );
        assert_eq!(
            strip_table_number("预算单位财政拨款收支总表"),
            "预算单位财政拨款收支总表"
        );
        assert_eq!(strip_table_number("公开01表"), "公开01表");
    }
}
