//! `document.entity`: whether a disclosure is a department's (部门预算,
//! consolidated over its units) or one unit's (单位预算, 本级). The two are
//! published side by side for the same department and year, so without it
//! a dataset cannot tell them apart. Read from the title line of the cover;
//! vocabulary in `data/entity.json`.

use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
struct Vocab {
    titles: Vec<(String, String)>,
    qualifiers: Vec<(String, String)>,
}

fn vocab() -> &'static Vocab {
    static V: OnceLock<Vocab> = OnceLock::new();
    V.get_or_init(|| {
        serde_json::from_str(include_str!("../../data/entity.json"))
            .expect("data/entity.json is valid")
    })
}

/// Longest line read as a title (the longest real cover title seen,
/// `上海市普陀区人民政府万里街道办事处2025年部门预算`, has 26 characters).
const MAX_TITLE_CHARS: usize = 40;

/// `department`, `unit`, or `None` when no cover line names the scope.
/// Sentences are not titles: `…部门预算包括：局机关本级预算。` speaks of
/// the department's make-up, not of the document.
pub fn entity(cover: &[&str]) -> Option<String> {
    let v = vocab();
    for line in cover {
        let line: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if line.chars().count() > MAX_TITLE_CHARS || line.contains('。') || line.contains('：') {
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
    use super::entity;

    #[test]
    fn title_line_decides() {
        let s = |lines: &[&str]| entity(lines);
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
        assert_eq!(s(&["目 录", "收支总表"]), None);
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
