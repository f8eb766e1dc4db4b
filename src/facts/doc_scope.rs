//! `document.scope`: whether a disclosure is a department's (部门预算,
//! consolidated over its units) or one unit's (单位预算, 本级). The two are
//! published side by side for the same department and year, so without it
//! a dataset cannot tell them apart. Read from the title line of the cover;
//! when no cover line decides, from the coverage printed after the name
//! (`document.coverage`: 本级 → unit, 汇总 → department). Vocabulary in
//! `data/scope.json`.

use regex::Regex;
use serde::Deserialize;
use std::sync::{LazyLock, OnceLock};

/// A section heading: `第二部分`, `一、`, `（一）`, `1.`.
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、])")
        .expect("static regex")
});

#[derive(Debug, Deserialize)]
struct Vocab {
    titles: Vec<(String, String)>,
    qualifiers: Vec<(String, String)>,
}

fn vocab() -> &'static Vocab {
    static V: OnceLock<Vocab> = OnceLock::new();
    V.get_or_init(|| {
        serde_json::from_str(include_str!("../../data/scope.json"))
            .expect("data/scope.json is valid")
    })
}

/// Longest line read as a title (the longest real cover title seen,
/// `上海市普陀区人民政府万里街道办事处2025年部门预算`, has 26 characters).
const MAX_TITLE_CHARS: usize = 40;

/// `department`, `unit`, or `None` when neither a cover line nor the
/// printed coverage (`本级`/`汇总` after the name, found wherever the name
/// is printed) names the scope.
pub fn scope(cover: &[&str], coverage: Option<&str>) -> Option<String> {
    from_title(cover).or_else(|| {
        let c = coverage?;
        let v = vocab();
        v.qualifiers
            .iter()
            .find(|(w, _)| w == c)
            .map(|(_, s)| s.clone())
    })
}

/// The scope a cover's title line names. Sentences are not titles:
/// `…部门预算包括：局机关本级预算。` speaks of the department's make-up,
/// not of the document.
///
/// The cover ends where the contents begin (a `目录` line): `第二部分 部门预算
/// 收支总体情况` there is a heading of the 深圳市财政局（本级） budget, not its
/// title; a heading elsewhere (`一、部门预算…`) is no title either.
fn from_title(cover: &[&str]) -> Option<String> {
    let v = vocab();
    for line in cover {
        let line: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if line == "目录" {
            break;
        }
        if line.chars().count() > MAX_TITLE_CHARS
            || line.contains('。')
            || line.contains('：')
            || HEADING.is_match(&line)
        {
            continue;
        }
        let first = v
            .titles
            .iter()
            .filter_map(|(w, s)| line.find(w.as_str()).map(|at| (at, s)))
            .min_by_key(|(at, _)| *at);
        let Some((_, title_scope)) = first else {
            continue;
        };
        let qualified = v
            .qualifiers
            .iter()
            .find(|(w, _)| line.contains(w.as_str()))
            .map(|(_, s)| s);
        return Some(qualified.unwrap_or(title_scope).clone());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::scope;

    #[test]
    fn title_line_decides() {
        let s = |lines: &[&str]| scope(lines, None);
        assert_eq!(
            s(&["上海市普陀区2026年区级部门预算", "预算主管部门：X"]).as_deref(),
            Some("department")
        );
        assert_eq!(
            s(&["上海市普陀区2026年区级单位预算", "一、部门主要职能"]).as_deref(),
            Some("unit")
        );
        assert_eq!(s(&["X局（本级）2021 年部门预算"]).as_deref(), Some("unit"));
        assert_eq!(
            s(&["X局2021年部门预算（汇总）"]).as_deref(),
            Some("department")
        );
        assert_eq!(s(&["2024年度部门决算"]).as_deref(), Some("department"));
        assert_eq!(
            s(&["西安市科学技术局 2022 年部门综合预算"]).as_deref(),
            Some("department")
        );
        assert_eq!(s(&["目 录", "收支总表"]), None);
        // Contents lines and headings are not the title.
        assert_eq!(
            s(&[
                "2026 年X局（本级）部门预",
                "算",
                "目   录",
                "第二部分   部门预算收支总体情况"
            ]),
            None
        );
        assert_eq!(s(&["一、部门预算编制说明"]), None);
        assert_eq!(
            s(&[
                "新乡市红旗区医疗保障局部门预算包括：局机关本级预算。",
                "新乡市红旗区医疗保障局 2021 年部门预算情况说明"
            ])
            .as_deref(),
            Some("department")
        );
    }
}

#[cfg(test)]
mod coverage_tests {
    use super::scope;

    #[test]
    fn printed_coverage_decides_when_no_title_does() {
        // 深圳市财政局（本级） in a table title, the cover naming no 预算 kind.
        assert_eq!(scope(&["目 录"], Some("本级")).as_deref(), Some("unit"));
        assert_eq!(
            scope(&["目 录"], Some("汇总")).as_deref(),
            Some("department")
        );
        assert_eq!(scope(&["目 录"], None), None);
        // A title broken over two lines leaves the printed coverage to decide.
        assert_eq!(
            scope(&["2026 年X局（本级）部门预", "算", "目   录"], Some("本级")).as_deref(),
            Some("unit")
        );
        // A title line decides over a coverage read elsewhere.
        assert_eq!(
            scope(&["上海市普陀区2026年区级单位预算"], Some("汇总")).as_deref(),
            Some("unit")
        );
    }
}
