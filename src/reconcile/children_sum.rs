//! `children_sum`: a function 类 (3 digits) equals the sum of its 款 (5), a
//! 款 the sum of its 项 (7); an economic class (301) the sum of its items
//! (301xx). Children are the rows printed under the parent (up to the next
//! row at the parent's level or above), so a table repeated per budget unit
//! is checked block by block. A parent printed without children is not
//! checked. A child printed under a parent whose code it does not extend is
//! a likely misprint: it is still added (it sits there) and reported as a
//! `skip` check so a person can look.

use super::cells::{self, Finding};
use super::column_total::best_reading;
use super::tolerance::Settings;
use super::vocab::vocab;
use crate::model::{CheckStatus, Table};
use std::collections::BTreeSet;

pub fn run(tables: &[Table], s: &Settings, out: &mut Vec<Finding>) {
    for (ti, t) in tables.iter().enumerate() {
        if !cells::template_in(t, &vocab().children_sum_templates) {
            continue;
        }
        for (ri, row) in t.rows.iter().enumerate() {
            let Some(code) = row.code.as_deref() else {
                continue;
            };
            if !matches!(code.len(), 3 | 5) {
                continue;
            }
            let (kids, misprints) = children(t, ri, code);
            if kids.is_empty() || deeper_siblings_only(t, code, &kids, &misprints) {
                continue;
            }
            for &k in &misprints {
                let kc = t.rows.get(k).and_then(|r| r.code.as_deref()).unwrap_or("");
                let why = crate::messages::checks::misprinted_child_code(kc, code);
                out.extend(cells::skip("children_sum", tables, ti, k, None, &why));
            }
            // With misprints, also the reading without them (a misprinted
            // 项 printed one level up would otherwise count twice).
            let mut readings = vec![kids.clone()];
            if !misprints.is_empty() {
                readings.push(
                    kids.iter()
                        .copied()
                        .filter(|k| !misprints.contains(k))
                        .collect(),
                );
            }
            for (key, _) in &row.values {
                let Some(parent) = cells::amount(row, key, s) else {
                    continue;
                };
                let (amounts, _) = cells::printed_cells(t, ti, &kids, key, s);
                if amounts.is_empty() && !parent.value.is_zero() {
                    let why = crate::messages::checks::children_not_printed();
                    out.extend(cells::skip("children_sum", tables, ti, ri, Some(key), &why));
                    continue;
                }
                let found = best_reading(
                    "children_sum",
                    crate::messages::checks::sum_of_children,
                    tables,
                    ti,
                    ri,
                    key,
                    &parent,
                    &readings,
                    s,
                );
                if found
                    .as_ref()
                    .is_some_and(|f| f.check.status == CheckStatus::Fail)
                    && let Some(other) = children_elsewhere(tables, ti, code)
                {
                    let why = crate::messages::checks::children_in_another_table(&other.id);
                    out.extend(cells::skip("children_sum", tables, ti, ri, Some(key), &why));
                    continue;
                }
                if found
                    .as_ref()
                    .is_some_and(|f| f.check.status == CheckStatus::Fail)
                    && unnamed_figure_in_group(t, ri, code, key)
                {
                    let why = crate::messages::checks::unnamed_row_in_group();
                    out.extend(cells::skip("children_sum", tables, ti, ri, Some(key), &why));
                    continue;
                }
                out.extend(found);
            }
        }
    }
}

/// An untitled table on the page after this table's last one printing
/// children of `code` (`30229 福利费` under 302): the rest of this table,
/// its page not joined to it. The group's children are not all in it.
fn children_elsewhere<'a>(tables: &'a [Table], ti: usize, code: &str) -> Option<&'a Table> {
    let t = tables.get(ti)?;
    let last = t.pages.iter().max()?;
    tables.iter().enumerate().find_map(|(i, o)| {
        (i != ti
            && o.title.as_deref().is_none_or(|x| x.trim().is_empty())
            && o.pages.iter().any(|p| *p == last + 1)
            && o.rows.iter().any(|r| {
                r.code
                    .as_deref()
                    .is_some_and(|c| c.len() > code.len() && c.starts_with(code))
            }))
        .then_some(o)
    })
}

/// Is a row printed under `ri` (before the next row at `code`'s level or
/// above) one whose figure in `key` was misplaced? Either a row with a
/// non-zero figure in `key` but no code and no name (its code was lost:
/// `30299 其他商品和服务支出 77,517` read as a bare `2`), or a row without a
/// figure in `key` whose name ends in an amount (`生活补助8.01`: the figure
/// glued to the name, its column unknown). The children as read may lack
/// one: a failing sum proves nothing.
fn unnamed_figure_in_group(t: &Table, ri: usize, code: &str, key: &str) -> bool {
    let figure_in_key = |r: &crate::model::Row| {
        r.values
            .iter()
            .any(|(k, v)| k == key && crate::amount::decimal(v).is_some_and(|d| !d.is_zero()))
    };
    t.rows
        .iter()
        .skip(ri + 1)
        .take_while(|r| r.code.as_deref().is_none_or(|c| c.len() > code.len()))
        .any(|r| {
            let name = r.name.as_deref().unwrap_or("").trim();
            let lost_code =
                r.code.is_none() && r.unit_code.is_none() && name.is_empty() && figure_in_key(r);
            let glued_figure = !r.values.iter().any(|(k, _)| k == key) && ends_in_amount(name);
            lost_code || glued_figure
        })
}

/// Does a name end in a decimal amount glued to it (`生活补助8.01`)?
fn ends_in_amount(name: &str) -> bool {
    let head = name.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ','));
    let tail = &name[head.len()..];
    !head.is_empty() && tail.contains('.') && crate::amount::is_amount(tail)
}

/// Are all the "children" of `code` orphans of its own class, one level
/// deeper (`3021101 差旅费` printed after `30207 邮电费`, its 款 `30211`
/// not printed: 北京 基本支出表 list items at mixed depths)? Then the row
/// is an item beside them, not their parent: nothing to check. A misprint
/// changes a code's class as well (`31102` under `301`), and a parent with
/// one real child keeps its orphans as misprints.
fn deeper_siblings_only(t: &Table, code: &str, kids: &[usize], misprints: &[usize]) -> bool {
    let Some(class) = crate::codes::parent(code) else {
        return false;
    };
    kids.iter().all(|k| {
        misprints.contains(k)
            && t.rows
                .get(*k)
                .and_then(|r| r.code.as_deref())
                .is_some_and(|c| c.starts_with(class))
    })
}

/// The children of row `ri` (code `code`), and those among them whose code
/// does not extend the parent's (likely misprints).
///
/// A parent printed once in the table takes every row one level down whose
/// code extends its own, wherever printed (halves printed side by side may
/// be interleaved). A parent printed several times (the same table per
/// unit) takes the rows printed under it, up to the next row at its level.
/// Either way, a row printed under it one level down whose code has no
/// parent in the table (an orphan: `21102` under `210` with no `211`) is
/// taken as a misprinted child.
fn children(t: &Table, ri: usize, code: &str) -> (Vec<usize>, Vec<usize>) {
    let child_len = code.len() + 2;
    let codes: BTreeSet<&str> = t.rows.iter().filter_map(|r| r.code.as_deref()).collect();
    let unique = t
        .rows
        .iter()
        .filter(|r| r.code.as_deref() == Some(code))
        .count()
        == 1;
    let mut kids = Vec::new();
    let mut misprints = Vec::new();
    for (j, r) in t.rows.iter().enumerate().skip(ri + 1) {
        match r.code.as_deref() {
            Some(c) if c.len() <= code.len() => break,
            Some(c) if c.len() == child_len => {
                if c.starts_with(code) {
                    kids.push(j);
                } else if crate::codes::parent(c).is_some_and(|p| !codes.contains(p)) {
                    kids.push(j);
                    misprints.push(j);
                }
            }
            Some(_) => {}
            None if cells::is_total_row(r) => break,
            None => {}
        }
    }
    if unique {
        for (j, r) in t.rows.iter().enumerate() {
            if r.code
                .as_deref()
                .is_some_and(|c| c.len() == child_len && c.starts_with(code))
                && !kids.contains(&j)
            {
                kids.push(j);
            }
        }
        kids.sort_unstable();
    }
    (kids, misprints)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::testutil::table;

    fn run1(t: crate::model::Table) -> Vec<Finding> {
        let mut out = Vec::new();
        run(&[t], &Settings::default(), &mut out);
        out
    }

    #[test]
    fn class_equals_its_items() {
        let t = table(
            "t1",
            "expenditure_summary",
            "万元",
            &["total", "basic"],
            &[
                ("210", "卫生健康支出", &["1211.10", "100.00"]),
                ("21015", "医疗保障管理事务", &["1211.10", "100.00"]),
                ("2101501", "行政运行", &["1000.00", "100.00"]),
                ("2101502", "一般行政管理事务", &["211.10", ""]),
                ("221", "住房保障支出", &["5.00", "5.00"]),
            ],
        );
        let f = run1(t);
        // 210 total/basic, 21015 total/basic; 221 has no children.
        assert_eq!(f.len(), 4);
        assert!(
            f.iter().all(|f| f.check.status == CheckStatus::Pass),
            "{f:#?}"
        );
    }

    #[test]
    fn a_row_whose_code_was_lost_leaves_the_group_unjudged() {
        let rows: Vec<(&str, &str, &[&str])> = vec![
            ("302", "商品和服务支出", &["300"]),
            ("30201", "办公费", &["100"]),
            ("30202", "印刷费", &["100"]),
            ("", "", &["2"]),
            ("303", "对个人和家庭的补助", &["10"]),
            ("30302", "退休费", &["10"]),
        ];
        let st = |rows: &[(&str, &str, &[&str])]| {
            run1(table(
                "t7",
                "general_budget_basic_expenditure",
                "元",
                &["total"],
                rows,
            ))
            .into_iter()
            .find(|f| f.check.row.as_ref().and_then(|r| r.code.as_deref()) == Some("302"))
            .map(|f| f.check.status)
        };
        assert_eq!(st(&rows), Some(CheckStatus::Skip));
        // Without the bare figure the short sum fails; a bare figure under
        // another group does not excuse this one.
        let mut without = rows.clone();
        without.remove(3);
        assert_eq!(st(&without), Some(CheckStatus::Fail));
        let mut elsewhere = without.clone();
        elsewhere.push(("", "", &["2"]));
        assert_eq!(st(&elsewhere), Some(CheckStatus::Fail));
        // A child whose figure was glued to its name (`生活补助8.01`).
        let mut glued = without.clone();
        glued.insert(3, ("30305", "生活补助8.01", &[""]));
        assert_eq!(st(&glued), Some(CheckStatus::Skip));
    }

    /// 302's last items printed on the next page, read as an untitled table
    /// of their own: the group is not judged; without that table it fails.
    #[test]
    fn children_on_an_unjoined_next_page_are_not_judged() {
        let mut t = table(
            "t6",
            "general_budget_basic_expenditure",
            "元",
            &["total"],
            &[
                ("302", "商品和服务支出", &["744813.00"]),
                ("30201", "办公费", &["47014.00"]),
                ("30228", "工会经费", &["33111.00"]),
            ],
        );
        t.pages = vec![8];
        let mut rest = table(
            "t7",
            "general_budget_basic_expenditure",
            "元",
            &["total"],
            &[
                ("30229", "福利费", &["40458.00"]),
                ("", "合计", &["5664050.00"]),
            ],
        );
        rest.template = None;
        rest.title = None;
        rest.pages = vec![9];
        let mut out = Vec::new();
        run(&[t.clone(), rest.clone()], &Settings::default(), &mut out);
        assert_eq!(out.len(), 1, "{out:#?}");
        assert_eq!(out[0].check.status, CheckStatus::Skip, "{out:#?}");
        // The next page's table is another (titled) table: the gap fails.
        rest.title = Some("2024年政府性基金预算支出表".into());
        let mut out = Vec::new();
        run(&[t, rest], &Settings::default(), &mut out);
        assert_eq!(out[0].check.status, CheckStatus::Fail, "{out:#?}");
    }

    #[test]
    fn rounding_and_fail() {
        let mk = |parent: &str| {
            table(
                "t1",
                "general_budget_expenditure",
                "万元",
                &["total"],
                &[
                    ("21015", "医疗保障管理事务", &[parent]),
                    ("2101501", "a", &["0.33"]),
                    ("2101502", "b", &["0.33"]),
                    ("2101503", "c", &["0.33"]),
                ],
            )
        };
        assert_eq!(run1(mk("1.00"))[0].check.status, CheckStatus::Rounding);
        let f = run1(mk("1.02"));
        assert_eq!(f[0].check.status, CheckStatus::Fail);
        assert_eq!(
            f[0].check.row.as_ref().unwrap().code.as_deref(),
            Some("21015")
        );
        assert_eq!(f[0].check.column.as_deref(), Some("total"));
        assert_eq!(f[0].check.expected.as_deref(), Some("0.99"));
        assert_eq!(f[0].check.actual.as_deref(), Some("1.02"));
        assert!(f[0].check.message.contains("≠"), "{}", f[0].check.message);
    }

    /// `7 11 02` printed for `210 11 02` (seen in a 上海 budget): the
    /// misprinted 项 sits under 210 as if a 款; no false alarm.
    #[test]
    fn misprinted_item_is_not_counted_twice() {
        let t = table(
            "t1",
            "expenditure_summary",
            "元",
            &["total"],
            &[
                ("", "合计", &["600"]),
                ("208", "社会保障和就业支出", &["100"]),
                ("20805", "行政事业单位养老支出", &["100"]),
                ("210", "卫生健康支出", &["500"]),
                ("21011", "行政事业单位医疗", &["500"]),
                ("71102", "事业单位医疗", &["500"]),
            ],
        );
        let tables = [t];
        let mut out = Vec::new();
        run(&tables, &Settings::default(), &mut out);
        crate::reconcile::column_total::run(&tables, &Settings::default(), &mut out);
        assert!(
            out.iter().all(|f| f.check.status != CheckStatus::Fail),
            "{out:#?}"
        );
        assert!(
            out.iter()
                .any(|f| f.check.status == CheckStatus::Skip && f.check.message.contains("71102"))
        );
    }

    /// 北京 基本支出表 lists items at mixed depths: `3021101 差旅费` after
    /// `30207 邮电费`, its 款 30211 not printed. 30207 is not its parent.
    #[test]
    fn deeper_items_of_the_class_are_siblings() {
        let t = table(
            "t1",
            "general_budget_basic_expenditure",
            "万元",
            &["total"],
            &[
                ("30201", "办公费", &["69.30"]),
                ("30207", "邮电费", &["2.77"]),
                ("3021101", "差旅费", &["50.16"]),
                ("30228", "工会经费", &["125.20"]),
            ],
        );
        let f = run1(t);
        assert!(
            f.iter().all(|f| f.check.status != CheckStatus::Fail),
            "{f:#?}"
        );
    }

    #[test]
    fn blocks_per_unit_and_misprints() {
        let t = table(
            "t1",
            "general_budget_basic_expenditure",
            "元",
            &["total"],
            &[
                ("301", "工资福利支出", &["30"]),
                ("30101", "基本工资", &["10"]),
                ("30102", "津贴补贴", &["20"]),
                ("302", "商品和服务支出", &["7"]),
                ("30201", "办公费", &["7"]),
                ("", "单位二", &[""]),
                ("301", "工资福利支出", &["5"]),
                ("31102", "基本工资", &["5"]),
                ("302", "商品和服务支出", &["2"]),
                ("30201", "办公费", &["2"]),
            ],
        );
        let f = run1(t);
        let fails: Vec<_> = f
            .iter()
            .filter(|f| f.check.status == CheckStatus::Fail)
            .collect();
        assert!(fails.is_empty(), "{fails:#?}");
        assert_eq!(
            f.iter()
                .filter(|f| f.check.status == CheckStatus::Pass)
                .count(),
            4
        );
        assert!(
            f.iter()
                .any(|f| f.check.status == CheckStatus::Skip && f.check.message.contains("31102"))
        );
    }
}
