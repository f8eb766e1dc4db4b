//! Warnings for misprinted classification codes: a child code that does not
//! start with its parent's (`7 11 02` printed for `210 11 02`). Not a check:
//! the amounts may still add up, but a reader of the data should know the
//! code as printed is not a real one.

use super::cells;
use super::vocab::vocab;
use crate::model::{Row, Table};
use std::collections::BTreeSet;

/// One warning per misprinted code, naming table, page and row.
pub fn run(tables: &[Table]) -> Vec<String> {
    let mut out = Vec::new();
    for t in tables {
        let printed: BTreeSet<&str> = t.rows.iter().filter_map(|r| r.code.as_deref()).collect();
        // The nearest coded row above, per code length: the parent candidate.
        let mut above: Vec<&str> = Vec::new();
        for (i, row) in t.rows.iter().enumerate() {
            let Some(code) = row.code.as_deref() else {
                if uncoded_in_hierarchy(t, i) {
                    out.push(format!(
                        "{}: 编码表中此行无有效科目编码（印刷的编码无法识别，如 `7 11 02`），疑为印刷错误",
                        place(t, row)
                    ));
                }
                continue;
            };
            if let Some(why) = misprint(code, &above, &printed) {
                out.push(format!("{}: {why}", place(t, row)));
            }
            above.retain(|p| p.len() < code.len());
            above.push(code);
        }
    }
    out
}

/// Why `code` looks misprinted, given the coded rows above it that are
/// shorter (its possible parents, nearest last) and every code of the table.
fn misprint(code: &str, above: &[&str], printed: &BTreeSet<&str>) -> Option<String> {
    if !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let first = code.get(..1)?;
    let classes = &vocab().class_first_digits;
    if !classes.is_empty() && !classes.iter().any(|d| d == first) {
        let parent = above.iter().rev().find(|p| p.len() < code.len());
        return Some(match parent {
            Some(p) => {
                format!("编码 {code} 不是有效的科目编码，且不以其上级 {p} 开头，疑为印刷错误")
            }
            None => format!("编码 {code} 不是有效的科目编码（类不存在），疑为印刷错误"),
        });
    }
    // A 款/项 under a printed class it does not belong to, while its own
    // class is printed nowhere in the table.
    let parent = above.iter().rev().find(|p| p.len() < code.len())?;
    let own_class = code.get(..3)?;
    if code.len() > 3 && !code.starts_with(parent) && !printed.contains(own_class) {
        let same_class = parent.get(..3).is_some_and(|c| c == own_class);
        if !same_class {
            return Some(format!(
                "编码 {code} 不以其上级 {parent} 开头，其所属类 {own_class} 未印，疑为印刷错误"
            ));
        }
    }
    None
}

/// A named row with amounts but no code inside the code hierarchy: layout
/// keeps a code that is no code (`7 11 02`) out of `code`, so the row is all
/// that is left of the misprint. Inside means: right under a parent code
/// none of whose children is printed, or between siblings of one class.
fn uncoded_in_hierarchy(t: &Table, i: usize) -> bool {
    let Some(row) = t.rows.get(i) else {
        return false;
    };
    let name = row
        .name
        .as_deref()
        .map(cells::norm_name)
        .unwrap_or_default();
    if row.code.is_some()
        || row.unit_code.is_some()
        || row.values.is_empty()
        || name.is_empty()
        || vocab().total_rows.iter().any(|w| name.contains(w.as_str()))
        || cells::is_sub_item(row)
        || cells::is_artefact(row)
    {
        return false;
    }
    let longest = t
        .rows
        .iter()
        .filter_map(|r| r.code.as_deref().map(str::len))
        .max()
        .unwrap_or(0);
    let prev = i
        .checked_sub(1)
        .and_then(|p| t.rows.get(p))
        .and_then(|r| r.code.as_deref());
    let next = t
        .rows
        .get(i + 1..)
        .and_then(|rs| rs.iter().find_map(|r| r.code.as_deref()));
    // Right under a parent (a code shorter than the table's deepest) whose
    // children are not printed: the uncoded row is its child.
    let orphan_parent = prev.is_some_and(|p| {
        p.len() > 3 && p.len() < longest && next.is_none_or(|n| !n.starts_with(p))
    });
    // Between two children of one class.
    let before = t
        .rows
        .get(..i)
        .and_then(|rs| rs.iter().rev().find_map(|r| r.code.as_deref()));
    let siblings = match (before, next) {
        (Some(b), Some(n)) => b.len() > 3 && n.len() > 3 && b.get(..3) == n.get(..3),
        _ => false,
    };
    orphan_parent || siblings
}

fn place(t: &Table, row: &Row) -> String {
    let title = t.title.as_deref().unwrap_or("（无标题）");
    let mut s = format!("表 {} “{}” 第{}页 行", t.id, title, row.page);
    for part in [row.code.as_deref(), row.name.as_deref()]
        .into_iter()
        .flatten()
    {
        s.push(' ');
        s.push_str(part);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::testutil::table;

    #[test]
    fn misprinted_child_code_warns() {
        let t = table(
            "t1",
            "general_budget_expenditure",
            "万元",
            &["total"],
            &[
                ("210", "卫生健康支出", &["3.00"]),
                ("21011", "行政事业单位医疗", &["3.00"]),
                ("2101101", "行政单位医疗", &["2.00"]),
                ("71102", "事业单位医疗", &["1.00"]),
            ],
        );
        let w = run(&[t]);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].contains("71102") && w[0].contains("上级 210 "),
            "{w:?}"
        );
    }

    #[test]
    fn uncoded_row_inside_a_class_warns() {
        let t = table(
            "t1",
            "general_budget_expenditure",
            "元",
            &["total"],
            &[
                ("210", "卫生健康支出", &["3"]),
                ("21011", "行政事业单位医疗", &["3"]),
                ("2101101", "行政单位医疗", &["2"]),
                ("", "事业单位医疗", &["1"]),
                ("2101199", "其他行政事业单位医疗支出", &["0"]),
                ("221", "住房保障支出", &["1"]),
                ("22102", "住房改革支出", &["1"]),
                ("", "购房补贴", &["1"]),
                ("229", "其他支出", &["1"]),
                ("", "人员经费合计", &["3"]),
                ("", "合计", &["3"]),
            ],
        );
        let w = run(&[t]);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].contains("事业单位医疗"), "{w:?}");
        assert!(w[1].contains("购房补贴"), "{w:?}");
    }

    #[test]
    fn consistent_codes_and_skipped_levels_do_not_warn() {
        let t = table(
            "t1",
            "general_budget_expenditure",
            "元",
            &["total"],
            &[
                ("201", "一般公共服务支出", &["1"]),
                ("2010101", "行政运行", &["1"]),
                ("208", "社会保障和就业支出", &["2"]),
                ("20805", "行政事业单位养老支出", &["2"]),
                ("2080505", "机关事业单位基本养老保险缴费支出", &["2"]),
                ("301", "工资福利支出", &["2"]),
                ("30101", "基本工资", &["2"]),
            ],
        );
        assert!(run(&[t]).is_empty());
    }

    #[test]
    fn wrong_class_under_another_warns_only_when_own_class_missing() {
        let t = table(
            "t1",
            "general_budget_expenditure",
            "元",
            &["total"],
            &[
                ("208", "社会保障和就业支出", &["2"]),
                ("2101101", "行政单位医疗", &["2"]),
            ],
        );
        assert_eq!(run(&[t]).len(), 1);
    }
}
