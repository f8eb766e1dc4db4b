//! `column_total`: the 合计 / 总计 row equals, per column, the sum of the
//! top-level rows it covers (coded rows whose parent code is not printed in
//! the table: the 类 rows, or the budget units when rows are units). A table
//! that prints several 合计 rows (the same table per unit, one after another)
//! is cut into one section per 合计. In two-sided tables each side's
//! 本年收入合计 / 本年支出合计 equals the items above it; since such a side
//! may list sub-items under their class without codes, several readings of
//! the hierarchy are tried (enumerated items, 类 names, all items) and the
//! check passes when one of them adds up.

use super::cells::{self, CellKey, Finding};
use super::tolerance::{Amount, Settings, sum_status};
use super::vocab::vocab;
use crate::messages::Text;
use crate::model::{CheckStatus, Table};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

pub fn run(tables: &[Table], s: &Settings, out: &mut Vec<Finding>) {
    for (ti, t) in tables.iter().enumerate() {
        if cells::is_two_sided(t, &vocab().two_sided.templates) {
            two_sided(tables, ti, s, out);
        } else if cells::template_in(t, &vocab().column_total_templates) {
            one_sided(tables, ti, s, out);
        }
    }
}

fn one_sided(tables: &[Table], ti: usize, s: &Settings, out: &mut Vec<Finding>) {
    let Some(t) = tables.get(ti) else { return };
    let totals: Vec<usize> = (0..t.rows.len())
        .filter(|&i| t.rows.get(i).is_some_and(is_grand_total))
        .collect();
    let Some(&first_total) = totals.first() else {
        return;
    };
    let first_data = t
        .rows
        .iter()
        .position(|r| r.code.is_some() || r.unit_code.is_some());
    let totals_on_top = first_data.is_none_or(|d| first_total < d);
    let continuation = starts_inside_a_class(t);
    for (n, &tr) in totals.iter().enumerate() {
        // The rows this total covers: below it up to the next total when
        // totals are printed on top, above it back to the previous otherwise.
        // One grand total covers the whole table (halves printed side by
        // side may put it between their rows).
        let range = range_of(totals_on_top, &totals, n, t.rows.len());
        let top = top_level(t, range.clone());
        if top.is_empty() {
            continue;
        }
        // A longer code without any ancestor printed beside 类 rows is
        // likely a misprint (`7 11 02` for `210 11 02`) already counted in
        // its class: also try without such rows.
        let shortest = top
            .iter()
            .filter_map(|&i| t.rows.get(i)?.code.as_ref().map(String::len))
            .min();
        let mut readings = vec![top.clone()];
        if let Some(m) = shortest {
            let strict: Vec<usize> = top
                .iter()
                .copied()
                .filter(|&i| {
                    t.rows
                        .get(i)
                        .is_none_or(|r| r.code.as_ref().is_none_or(|c| c.len() == m))
                })
                .collect();
            if strict.len() != top.len() {
                readings.push(strict);
            }
        }
        // A 类 is known by its code or by its name: when the codes of some
        // 类 were not read (split codes lost beside their names), the coded
        // rows without an ancestor are 款 and 类 mixed, and the 类 named
        // by the 功能分类 vocabulary are the items.
        let classes = named_classes(t, range);
        if !classes.is_empty() && !readings.contains(&classes) {
            readings.push(classes);
        }
        let Some(row) = t.rows.get(tr) else { continue };
        for (key, _) in &row.values {
            let Some(total) = cells::amount(row, key, s) else {
                continue;
            };
            let skip = |why: Text| cells::skip("column_total", tables, ti, tr, Some(key), &why);
            let (amounts, _) = cells::printed_cells(t, ti, &top, key, s);
            if amounts.is_empty() {
                if !total.value.is_zero() {
                    out.extend(skip(crate::messages::checks::items_not_printed()));
                }
                continue;
            }
            let found = best_reading(
                "column_total",
                crate::messages::checks::sum_of_top_items,
                tables,
                ti,
                tr,
                key,
                &total,
                &readings,
                s,
            );
            if continuation
                && found
                    .as_ref()
                    .is_some_and(|f| f.check.status == CheckStatus::Fail)
            {
                out.extend(skip(crate::messages::checks::total_of_a_continuation()));
                continue;
            }
            out.extend(found);
        }
    }
}

/// An untitled table whose first coded row is a 款 or 项 with no 类 printed
/// above it starts inside a 类: a page of a longer table not joined to it,
/// whose grand total covers the rows of the earlier pages too.
fn starts_inside_a_class(t: &Table) -> bool {
    if t.title.as_deref().is_some_and(|x| !x.trim().is_empty()) {
        return false;
    }
    t.rows
        .iter()
        .find_map(|r| r.code.as_deref())
        .is_some_and(|c| c.len() > 3)
}

/// The rows a total covers (see `one_sided`).
fn range_of(totals_on_top: bool, totals: &[usize], n: usize, len: usize) -> std::ops::Range<usize> {
    let Some(&tr) = totals.get(n) else {
        return 0..0;
    };
    if totals.len() == 1 {
        0..len
    } else if totals_on_top {
        tr + 1..totals.get(n + 1).copied().unwrap_or(len)
    } else {
        n.checked_sub(1)
            .and_then(|p| totals.get(p))
            .map_or(0, |&p| p + 1)..tr
    }
}

/// Rows of a range that are 类 of the 功能分类 by their 3-digit code or,
/// uncoded, by their name.
fn named_classes(t: &Table, range: std::ops::Range<usize>) -> Vec<usize> {
    range
        .filter(|&i| {
            t.rows.get(i).is_some_and(|r| {
                !cells::is_sub_item(r)
                    && !cells::is_total_row(r)
                    && match r.code.as_deref() {
                        Some(c) => c.len() == 3,
                        None => r.name.as_deref().is_some_and(|n| {
                            vocab().function_class_names.contains(&cells::norm_name(n))
                        }),
                    }
            })
        })
        .collect()
}

/// A grand total row (合计 / 总计 without a code; 小计 rows are group totals).
fn is_grand_total(r: &crate::model::Row) -> bool {
    cells::is_total_row(r)
        && r.name
            .as_deref()
            .is_some_and(|n| !cells::norm_name(n).contains("小计"))
}

/// Top-level rows of a section: coded rows none of whose ancestor codes is printed
/// in it; when no row has a code, the rows of budget units.
fn top_level(t: &Table, range: std::ops::Range<usize>) -> Vec<usize> {
    let rows: Vec<usize> = range
        .filter(|&i| t.rows.get(i).is_some_and(|r| !cells::is_sub_item(r)))
        .collect();
    let codes: BTreeSet<&str> = rows
        .iter()
        .filter_map(|&i| t.rows.get(i)?.code.as_deref())
        .collect();
    let coded: Vec<usize> = rows
        .iter()
        .copied()
        .filter(|&i| {
            t.rows
                .get(i)
                .and_then(|r| r.code.as_deref())
                .is_some_and(|c| !ancestors(c).any(|p| codes.contains(p)))
        })
        .collect();
    if !coded.is_empty() {
        return coded;
    }
    let units: Vec<usize> = rows
        .into_iter()
        .filter(|&i| {
            t.rows
                .get(i)
                .is_some_and(|r| r.unit_code.is_some() && !cells::is_total_row(r))
        })
        .collect();
    // A unit whose code extends another unit's printed above it is that
    // unit's sub-unit (部门 `204` 西安市科学技术局 over 单位 `204001` …):
    // adding both counts it twice.
    let unit_codes: Vec<&str> = units
        .iter()
        .filter_map(|&i| t.rows.get(i)?.unit_code.as_deref())
        .collect();
    units
        .into_iter()
        .filter(|&i| {
            t.rows
                .get(i)
                .and_then(|r| r.unit_code.as_deref())
                .is_some_and(|c| {
                    !unit_codes
                        .iter()
                        .any(|p| p.len() < c.len() && c.starts_with(p))
                })
        })
        .collect()
}

/// `2101501` → `21015`, `210`: every shorter level, so a table that skips
/// the 款 level still knows 2101501 sits under 210.
fn ancestors(code: &str) -> impl Iterator<Item = &str> {
    [3usize, 5]
        .into_iter()
        .filter(move |&n| n < code.len())
        .filter_map(move |n| code.get(..n))
}

fn two_sided(tables: &[Table], ti: usize, s: &Settings, out: &mut Vec<Finding>) {
    let Some(t) = tables.get(ti) else { return };
    let v = &vocab().two_sided;
    for (side, current_names) in [
        ("income", &v.income_current),
        ("expenditure", &v.expenditure_current),
    ] {
        let side_rows: Vec<usize> = (0..t.rows.len())
            .filter(|&i| {
                t.rows
                    .get(i)
                    .is_some_and(|r| r.side.as_deref() == Some(side))
            })
            .collect();
        let Some(pos) = side_rows.iter().position(|&i| {
            t.rows
                .get(i)
                .is_some_and(|r| cells::name_in(r, current_names))
        }) else {
            continue;
        };
        let Some(&cur) = side_rows.get(pos) else {
            continue;
        };
        let items: Vec<usize> = side_rows
            .iter()
            .take(pos)
            .copied()
            .filter(|&i| {
                t.rows
                    .get(i)
                    .is_some_and(|r| !cells::is_sub_item(r) && !cells::is_total_row(r))
            })
            .collect();
        let Some(row) = t.rows.get(cur) else { continue };
        for (key, _) in &row.values {
            let Some(total) = cells::amount(row, key, s) else {
                continue;
            };
            let readings = readings(t, &items);
            let Some(f) = best_reading(
                "column_total",
                crate::messages::checks::sum_of_lines,
                tables,
                ti,
                cur,
                key,
                &total,
                &readings,
                s,
            ) else {
                continue;
            };
            // Only the flat reading, and it adds up to more than the total:
            // sub-items are probably listed under their class unmarked.
            let over = f
                .check
                .expected
                .as_deref()
                .and_then(crate::amount::decimal)
                .is_some_and(|e| e > total.value);
            if f.check.status == CheckStatus::Fail && readings.len() == 1 && over {
                let why = crate::messages::checks::unclear_hierarchy(
                    f.check.expected.as_deref().unwrap_or(""),
                );
                out.extend(cells::skip(
                    "column_total",
                    tables,
                    ti,
                    cur,
                    Some(key),
                    &why,
                ));
            } else {
                out.push(f);
            }
        }
    }
}

/// Candidate sets of top-level items of one side, most specific first.
pub fn readings(t: &Table, items: &[usize]) -> Vec<Vec<usize>> {
    let name = |i: usize| t.rows.get(i).and_then(|r| r.name.as_deref()).unwrap_or("");
    let mut out = Vec::new();
    let enumerated = cells::top_enumerated(items, |i| name(i).to_string());
    if !enumerated.is_empty() {
        out.push(enumerated);
        out.push(cells::outside_enumerations(items, |i| name(i).to_string()));
    }
    let classes: Vec<usize> = items
        .iter()
        .copied()
        .filter(|&i| {
            let n = cells::norm_name(name(i));
            vocab().function_class_names.contains(&n)
                || t.rows
                    .get(i)
                    .and_then(|r| r.code.as_deref())
                    .is_some_and(|c| c.len() == 3)
        })
        .collect();
    if !classes.is_empty() {
        out.push(classes);
    }
    out.push(items.to_vec());
    out.dedup();
    out
}

/// Check `total` (cell `ri`, `key`) against each reading; the first that adds
/// up wins, else the first reading's failure is reported.
#[allow(clippy::too_many_arguments)]
pub fn best_reading(
    rule: &str,
    what: fn(usize) -> crate::messages::Text,
    tables: &[Table],
    ti: usize,
    ri: usize,
    key: &str,
    total: &Amount,
    readings: &[Vec<usize>],
    s: &Settings,
) -> Option<Finding> {
    let t = tables.get(ti)?;
    let mut first: Option<Finding> = None;
    for rows in readings {
        let (amounts, mut keys) = cells::printed_cells(t, ti, rows, key, s);
        if amounts.is_empty() && !total.value.is_zero() {
            continue;
        }
        let refs: Vec<_> = amounts.iter().collect();
        let (sum, status): (Decimal, CheckStatus) = sum_status(&refs, total);
        let mut involved = vec![CellKey {
            table: ti,
            row: ri,
            column: key.to_string(),
        }];
        involved.append(&mut keys);
        let what = what(amounts.len());
        let f = cells::finding(
            rule, tables, ti, ri, key, sum, total, status, &what, involved,
        )?;
        if status != CheckStatus::Fail {
            return Some(f);
        }
        first.get_or_insert(f);
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::testutil::{table, two_sided as ts};

    fn run_all(ts: &[Table]) -> Vec<Finding> {
        let mut out = Vec::new();
        run(ts, &Settings::default(), &mut out);
        out
    }

    #[test]
    fn total_is_sum_of_classes() {
        let t = table(
            "t1",
            "general_budget_expenditure",
            "元",
            &["total", "basic", "project"],
            &[
                ("", "合计", &["29756547.77", "5285547.77", "24471000.00"]),
                ("208", "社会保障和就业支出", &["398188.56", "398188.56", ""]),
                (
                    "20805",
                    "行政事业单位养老支出",
                    &["398188.56", "398188.56", ""],
                ),
                (
                    "210",
                    "卫生健康支出",
                    &["28708728.41", "4237728.41", "24471000.00"],
                ),
                ("221", "住房保障支出", &["649630.80", "649630.80", ""]),
            ],
        );
        let f = run_all(&[t]);
        assert_eq!(f.len(), 3);
        assert!(
            f.iter().all(|f| f.check.status == CheckStatus::Pass),
            "{f:#?}"
        );
    }

    /// Split codes lost beside their 类 names (`社会保障和就业支出` with no
    /// code, its 款 and 项 uncoded too): the coded rows without an ancestor
    /// are the other 类's 款; the 类 known by name add up to the total.
    #[test]
    fn classes_known_by_name_when_their_codes_were_lost() {
        let rows: &[(&str, &str, &[&str])] = &[
            ("", "社会保障和就业支出", &["2329.17"]),
            ("", "行政事业单位养老支出", &["2329.17"]),
            ("", "卫生健康支出", &["570.57"]),
            ("21011", "行政事业单位医疗", &["570.57"]),
            ("", "农林水支出", &["10700.27"]),
            ("21303", "水利", &["10700.27"]),
            ("", "合计", &["13600.01"]),
        ];
        let f = run_all(&[table("t2", "expenditure_summary", "万元", &["total"], rows)]);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].check.status, CheckStatus::Pass, "{f:#?}");
        // A wrong total still fails on every reading.
        let mut wrong = rows.to_vec();
        wrong[6] = ("", "合计", &["13600.11"]);
        let f = run_all(&[table(
            "t2",
            "expenditure_summary",
            "万元",
            &["total"],
            &wrong,
        )]);
        assert_eq!(f[0].check.status, CheckStatus::Fail, "{f:#?}");
    }

    /// A page of a 收入总表 not joined to its first pages: untitled, it
    /// starts inside 212 at 21203; its 合计 covers the earlier pages' rows.
    #[test]
    fn the_total_of_a_continuation_page_is_not_judged() {
        let rows: &[(&str, &str, &[&str])] = &[
            ("21203", "城乡社区公共设施", &["1138665"]),
            ("2120399", "其他城乡社区公共设施支出", &["1138665"]),
            ("213", "农林水支出", &["622366"]),
            ("21301", "农业农村", &["622366"]),
            ("", "合计", &["36527381"]),
        ];
        let mut t = table("t5", "revenue_summary", "元", &["total"], rows);
        t.title = None;
        let f = run_all(&[t.clone()]);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].check.status, CheckStatus::Skip, "{f:#?}");
        // Titled, the table is whole: the gap is a contradiction.
        t.title = Some("2020年部门收入总表".into());
        let f = run_all(&[t]);
        assert_eq!(f[0].check.status, CheckStatus::Fail, "{f:#?}");
    }

    #[test]
    fn sub_units_under_their_unit_are_not_added_twice() {
        let mut t = table(
            "t8",
            "revenue_summary",
            "元",
            &["total"],
            &[
                ("", "合计", &["943865000"]),
                ("", "西安市科学技术局", &["943865000"]),
                ("", "西安市科学技术局", &["905922346.9"]),
                ("", "西安市社会科学院", &["37942653.1"]),
            ],
        );
        for (r, u) in t.rows.iter_mut().skip(1).zip(["204", "204001", "204004"]) {
            r.unit_code = Some(u.into());
        }
        let f = run_all(&[t]);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].check.status, CheckStatus::Pass, "{f:#?}");
    }

    #[test]
    fn wrong_total_fails() {
        let t = table(
            "t1",
            "expenditure_summary",
            "万元",
            &["total"],
            &[
                ("208", "a", &["1.00"]),
                ("210", "b", &["2.00"]),
                ("", "合  计", &["3.05"]),
            ],
        );
        let f = run_all(&[t]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].check.status, CheckStatus::Fail);
        assert_eq!(
            f[0].check.row.as_ref().unwrap().name.as_deref(),
            Some("合  计")
        );
    }

    #[test]
    fn enumeration_levels() {
        let t = ts(
            "t1",
            "revenue_expenditure_summary",
            "万元",
            &[
                ("expenditure", "一、基本支出", "130.84"),
                ("expenditure", "（一）工资福利支出", "115.99"),
                ("expenditure", "（二）公用经费支出", "10.81"),
                ("expenditure", "（三）对个人和家庭的补助", "4.04"),
                ("expenditure", "二、项目支出", "1950.56"),
                ("expenditure", "本年支出合计", "2081.40"),
            ],
        );
        let f = run_all(&[t]);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].check.status,
            CheckStatus::Pass,
            "{}",
            f[0].check.message
        );
    }

    #[test]
    fn enumerated_children_with_unnumbered_items() {
        // （一）…（三） sit under 一、; the unnumbered item is its own.
        let t = ts(
            "t1",
            "revenue_expenditure_summary",
            "万元",
            &[
                ("expenditure", "一、基本支出", "130.84"),
                ("expenditure", "（一）工资福利支出", "115.99"),
                ("expenditure", "（二）公用经费支出", "10.81"),
                ("expenditure", "（三）对个人和家庭的补助", "4.04"),
                ("expenditure", "二、项目支出", "1950.56"),
                ("expenditure", "事业单位经营支出", "10.00"),
                ("expenditure", "本年支出合计", "2091.40"),
            ],
        );
        let f = run_all(&[t]);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].check.status,
            CheckStatus::Pass,
            "{}",
            f[0].check.message
        );
        assert!(f[0].check.message.contains(" 3 "), "{}", f[0].check.message);
    }

    #[test]
    fn two_sided_sides_with_unmarked_hierarchy() {
        let t = ts(
            "t1",
            "revenue_expenditure_summary",
            "元",
            &[
                ("income", "一、公共财政预算拨款收入", "300"),
                ("income", "二、事业收入", ""),
                ("expenditure", "社会保障和就业支出", "100"),
                ("expenditure", "行政事业单位养老支出", "100"),
                ("expenditure", "卫生健康支出", "200"),
                ("expenditure", "医疗救助", "200"),
                ("income", "本年收入合计", "300"),
                ("expenditure", "本年支出合计", "300"),
                ("income", "收入总计", "300"),
                ("expenditure", "支出总计", "300"),
            ],
        );
        let f = run_all(&[t]);
        assert_eq!(f.len(), 2);
        assert!(
            f.iter().all(|f| f.check.status == CheckStatus::Pass),
            "{f:#?}"
        );
    }
}
