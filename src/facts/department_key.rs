//! `document.department_key`: a department's printed name normalised so that
//! its documents of several years and kinds link in one batch (the
//! cross-document checks of [`crate::across`], `panel.csv`). The rules and
//! their vocabulary are in `data/department_key.json`.
//!
//! The key errs on the side of two departments: it only removes what does
//! not name the department (spacing, full-width forms, a leading code, the
//! printed coverage 本级/汇总, years, document words) and shortens the
//! forms the data lists. A 简称 without the region (`万里街道` for
//! `上海市普陀区人民政府万里街道办事处`) does not meet the full name: a wrong
//! link would compare two departments' figures.

use regex::Regex;
use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Debug, Deserialize)]
struct Rules {
    qualifiers: Vec<String>,
    trailing: Vec<String>,
    document_words: Vec<String>,
    rewrites: Vec<(String, String)>,
}

static RULES: LazyLock<Rules> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../data/department_key.json"))
        .expect("data/department_key.json is valid")
});

static LEADING_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\[\d+\]|【\d+】|\d+)[-_.、:：\s]*").expect("static regex"));
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:19|20)\d{2}年度?").expect("static regex"));

/// One character in the key's alphabet: full-width ASCII forms become ASCII,
/// brackets become `()`, whitespace and quotes disappear.
fn key_char(c: char) -> Option<char> {
    match c {
        c if c.is_whitespace() => None,
        '\u{3000}' => None,
        '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」' | '『' | '』' | '·' | '•' => {
            None
        }
        '（' | '〔' | '[' => Some('('),
        '）' | '〕' | ']' => Some(')'),
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        c => Some(c),
    }
}

/// The key of a printed department name; `None` when nothing is left.
pub fn department_key(name: &str) -> Option<String> {
    let r = &*RULES;
    let mut s: String = name.chars().filter_map(key_char).collect();
    s = LEADING_CODE.replace(&s, "").into_owned();
    s = YEAR.replace_all(&s, "").into_owned();
    // Document words and qualifiers at the end, in any order and number.
    loop {
        let before = s.len();
        for q in &r.qualifiers {
            s = s.replace(&format!("({q})"), "");
        }
        for w in r.document_words.iter().chain(&r.trailing) {
            if s.len() > w.len()
                && let Some(rest) = s.strip_suffix(w.as_str())
            {
                s = rest.to_string();
            }
        }
        if s.len() == before {
            break;
        }
    }
    for (long, short) in &r.rewrites {
        s = s.replace(long.as_str(), short);
    }
    let s = s.trim_matches(|c: char| c == '-' || c == '_' || c == '、');
    (!s.is_empty()).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::department_key;

    fn key(s: &str) -> String {
        department_key(s).unwrap_or_default()
    }

    #[test]
    fn spacing_full_width_and_coverage_do_not_matter() {
        let k = key("上海市普陀区财政局");
        assert_eq!(key("上海市普陀区 财政局（本级）"), k);
        assert_eq!(key("上海市普陀区财政局(汇总)"), k);
        assert_eq!(key("上海市普陀区财政局本级"), k);
        assert_eq!(key("473 上海市普陀区财政局"), k);
        assert_eq!(key("【473】上海市普陀区财政局"), k);
        assert_eq!(key("上海市普陀区财政局2024年度部门决算"), k);
        assert_eq!(key("上海市普陀区财政局２０２４年部门预算"), k);
    }

    #[test]
    fn long_forms_become_their_short_forms() {
        assert_eq!(
            key("中国共产党上海市普陀区委员会社会工作部"),
            key("中共上海市普陀区委社会工作部")
        );
        assert_eq!(
            key("上海市普陀区人民政府万里街道办事处"),
            key("上海市普陀区政府万里街道")
        );
    }

    #[test]
    fn different_departments_stay_apart() {
        assert_ne!(key("上海市普陀区财政局"), key("上海市财政局"));
        assert_ne!(key("上海市普陀区司法局"), key("上海市普陀区财政局"));
        // A 简称 without the region is another key: no link rather than a
        // wrong one.
        assert_ne!(key("万里街道"), key("上海市普陀区人民政府万里街道办事处"));
        assert_eq!(department_key("  （本级） "), None);
    }
}
