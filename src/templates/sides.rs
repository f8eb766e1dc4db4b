//! Tables printed twice across the page: the two sides of a 收支 table
//! (收入 | 支出) and a table printed side by side (economic classes 301/302
//! left and 303/310 right). Both are the same shape: a new segment starts
//! where a label column follows an amount column. Every segment's columns
//! map to the same keys; each printed line gives one row per segment, and
//! in two-sided templates the segment is the row's side (`income` first,
//! then `expenditure`, unless the headers name them).
//!
//! Packed rows (no column positions) are split the same way: a label that
//! follows an amount starts the next segment; a row with a single label
//! goes to the side whose amount-column count fits its amounts, and a bare
//! label goes to income only when it reads as income (收入, 结转, 上年).

use super::columns::Role;
use std::ops::Range;

/// Raw column ranges: a new range starts at a label column that follows an
/// amount column.
pub fn segments(roles: &[Role]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut seen_amount = false;
    for (i, r) in roles.iter().enumerate() {
        if seen_amount && matches!(r, Role::Name | Role::Code) {
            out.push(start..i);
            start = i;
            seen_amount = false;
        }
        if r.is_amount() {
            seen_amount = true;
        }
    }
    out.push(start..roles.len());
    out
}

/// The side a segment's headers name: `income` when they say 收入 and not
/// 支出, `expenditure` the other way round, else none.
fn printed_side(headers: &[String], seg: &Range<usize>) -> Option<&'static str> {
    let text: String = headers
        .get(seg.clone())
        .map(|h| h.concat())
        .unwrap_or_default();
    match (text.contains("收入"), text.contains("支出")) {
        (true, false) => Some("income"),
        (false, true) => Some("expenditure"),
        _ => None,
    }
}

/// A two-sided table read with a single label column whose header names
/// 收入, and amount columns whose headers name 支出: the 支出 side's own
/// label column was lost (its names ran into the income amounts, a
/// narrow cell padding without ruling). Those amounts have no label of
/// their own; placed on the income rows they would be wrong values. Returns
/// their column indices.
///
/// The same holds when the 支出 names were read as a column of words of
/// their own (`names_expenditure[i]`: cells naming a 支出 line, under an
/// unknown header such as `金额项目一、一般公共服务支`, the income amounts
/// glued in front of them): every amount column after that text column is
/// the 支出 side's, whatever its header says.
pub fn orphaned_side_columns(
    roles: &[Role],
    headers: &[String],
    segs: &[Range<usize>],
    names_expenditure: &[bool],
) -> Vec<usize> {
    let [seg] = segs else {
        return Vec::new();
    };
    let first_label = seg
        .clone()
        .find(|&i| matches!(roles.get(i), Some(Role::Name | Role::Code)));
    let expenditure_names = first_label.and_then(|l| {
        seg.clone().find(|&i| {
            i > l
                && matches!(roles.get(i), Some(Role::Text(_)))
                && names_expenditure.get(i).copied().unwrap_or(false)
        })
    });
    if let Some(t) = expenditure_names {
        return seg
            .clone()
            .filter(|&i| i > t && roles.get(i).is_some_and(Role::is_amount))
            .collect();
    }
    let side = |i: usize| printed_side(headers, &(i..i + 1));
    let labels: Vec<usize> = seg
        .clone()
        .filter(|&i| matches!(roles.get(i), Some(Role::Name | Role::Code)))
        .collect();
    let income_labels = !labels.is_empty() && labels.iter().all(|&i| side(i) == Some("income"));
    if !income_labels {
        return Vec::new();
    }
    seg.clone()
        .filter(|&i| roles.get(i).is_some_and(Role::is_amount) && side(i) == Some("expenditure"))
        .collect()
}

/// The side of each segment of a two-sided table: from the headers when they
/// say 收入/支出, else income then expenditure.
pub fn side_names(headers: &[String], segs: &[Range<usize>]) -> Vec<&'static str> {
    segs.iter()
        .enumerate()
        .map(|(n, seg)| {
            printed_side(headers, seg).unwrap_or(if n == 0 { "income" } else { "expenditure" })
        })
        .collect()
}

/// Whether the headers themselves print a 收入 side and a 支出 side: two or
/// more segments, each naming exactly one of them, both named. A table the
/// catalog does not mark two-sided (国有资本经营收支预算表 is usually a
/// 支出表) is still read as printed.
pub fn headers_name_both_sides(headers: &[String], segs: &[Range<usize>]) -> bool {
    let names: Vec<Option<&str>> = segs.iter().map(|s| printed_side(headers, s)).collect();
    segs.len() >= 2
        && names.iter().all(Option::is_some)
        && names.contains(&Some("income"))
        && names.contains(&Some("expenditure"))
}

/// A two-sided table printed with its sides one under the other (one label
/// column): rows are income until the first row that names an expenditure
/// (支出 without 收入), expenditure from there on.
pub fn sides_in_one_column(drafts: &mut [super::rows::Draft]) {
    let mut side = "income";
    for d in drafts.iter_mut() {
        if let Some(n) = d.row.name.as_deref()
            && n.contains("支出")
            && !n.contains("收入")
        {
            side = "expenditure";
        }
        d.row.side = Some(side.to_string());
    }
}

/// One printed line of a table whose side prints more than one listing
/// (江苏 收支预算总表: 支出 by 功能分类 and by 支出用途, two listings of the
/// same total): the side's total label (当年支出小计, 支出合计) sits in the
/// first listing's label column and its figure in the last listing's amount
/// column. A row of the line that has a label and no figure, followed by a
/// row of the next segment on the same side with a figure and no label, is
/// one row: the label takes the figures. It stays in the label's segment,
/// so it follows that listing's items (their sum is checked against it).
///
/// One-sided tables printed side by side do the same with a total label
/// (中央 公开06表 基本支出决算表: `公用经费合计` under the second listing's
/// 科目名称, its figure in the third listing's 决算数 column, both listings
/// under one 公用经费 head). Only a total: any other label without figures
/// beside a bare figure is no evidence that they are one row.
pub fn join_spanning_labels(line: &mut Vec<super::rows::Draft>) {
    let mut i = 0;
    while i + 1 < line.len() {
        let (a, b) = (&line[i].row, &line[i + 1].row);
        let same_side = match (&a.side, &b.side) {
            (Some(x), Some(y)) => x == y,
            (None, None) => super::placement::is_total_name(a.name.as_deref()),
            _ => false,
        };
        let joins = same_side
            && line[i].segment + 1 == line[i + 1].segment
            && a.name.is_some()
            && a.code.is_none()
            && a.values.is_empty()
            && a.unread.is_empty()
            && b.name.is_none()
            && b.code.is_none()
            && b.unit_code.is_none()
            && b.texts.is_empty()
            && !b.values.is_empty();
        if joins {
            let b = line.remove(i + 1);
            line[i].row.values = b.row.values;
            line[i].row.unread = b.row.unread;
            line[i].row.readings = b.row.readings;
        }
        i += 1;
    }
}

/// Split the cells of a packed row into per-segment groups. `label` says
/// whether a cell is a label (not an amount). Returns, for each segment,
/// the cells that belong to it (possibly empty).
pub fn split_packed(
    cells: &[String],
    label: impl Fn(&str) -> bool,
    seg_amounts: &[usize],
    income_words: &[&str],
) -> Vec<Vec<String>> {
    let n = seg_amounts.len().max(1);
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    let mut seen_amount = false;
    for c in cells {
        let is_label = label(c);
        if is_label && seen_amount {
            groups.push(std::mem::take(&mut cur));
            seen_amount = false;
        }
        if !is_label {
            seen_amount = true;
        }
        cur.push(c.clone());
    }
    if !cur.is_empty() {
        groups.push(cur);
    }
    let mut out: Vec<Vec<String>> = vec![Vec::new(); n];
    if groups.len() >= n {
        // One group per segment; extra groups (misread) join the last.
        for (i, g) in groups.into_iter().enumerate() {
            out[i.min(n - 1)].extend(g);
        }
        return out;
    }
    if n == 2 && groups.len() == 1 {
        let g = groups.remove(0);
        let amounts = g.iter().filter(|c| !label(c)).count();
        let first_label = g.iter().find(|c| label(c)).cloned().unwrap_or_default();
        let left_cap = seg_amounts.first().copied().unwrap_or(0);
        let side = if amounts > left_cap {
            1
        } else if amounts > 0 {
            // Amounts fit the left side: income unless the label reads as
            // expenditure.
            if first_label.contains("支出") && !first_label.contains("收入") {
                1
            } else {
                0
            }
        } else if income_words.iter().any(|w| first_label.contains(w))
            && !first_label.contains("支出")
        {
            0
        } else {
            1
        };
        out[side] = g;
        return out;
    }
    for (i, g) in groups.into_iter().enumerate() {
        out[i.min(n - 1)].extend(g);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Row;
    use crate::templates::rows::Draft;

    fn draft(segment: usize, side: &str, name: Option<&str>, total: Option<&str>) -> Draft {
        Draft {
            row: Row {
                code: None,
                name: name.map(String::from),
                side: Some(side.into()),
                unit_code: None,
                texts: Vec::new(),
                values: total
                    .map(|v| vec![("total".to_string(), v.to_string())])
                    .unwrap_or_default(),
                unread: Vec::new(),
                readings: Vec::new(),
                page: 1,
            },
            segment,
            packed: None,
        }
    }

    #[test]
    fn expenditure_columns_without_their_label_column_are_orphans() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let roles = vec![
            Role::Name,
            Role::Text("c2".into()),
            Role::Amount("total".into()),
            Role::Amount("general_budget".into()),
        ];
        let headers = h(&[
            "收入/项目",
            "支出/金额项目",
            "支出/合计",
            "支出/一般公共预算",
        ]);
        assert_eq!(
            orphaned_side_columns(&roles, &headers, &[0..4], &[]),
            vec![2, 3]
        );
        // both label columns read: two segments, nothing orphaned
        let roles2 = vec![
            Role::Name,
            Role::Amount("total".into()),
            Role::Name,
            Role::Amount("total".into()),
        ];
        let headers2 = h(&["收入/项目", "收入/金额", "支出/项目", "支出/合计"]);
        assert!(orphaned_side_columns(&roles2, &headers2, &[0..2, 2..4], &[]).is_empty());
        // sides stacked in one label column (`项目 | 金额`): nothing orphaned
        let headers3 = h(&["项目", "金额", "合计", "一般公共预算"]);
        assert!(orphaned_side_columns(&roles, &headers3, &[0..4], &[]).is_empty());
        // the 支出 names read as a text column under a header that names
        // neither side (`金额项目一、一般公共服务支`), amounts under 合计 …
        let headers4 = h(&[
            "收入项目",
            "金额项目一、一般公共服务支",
            "合计",
            "一般公共预算",
        ]);
        let names = [false, true, false, false];
        assert_eq!(
            orphaned_side_columns(&roles, &headers4, &[0..4], &names),
            vec![2, 3]
        );
        // … but a text column naming no 支出 line orphans nothing
        assert!(orphaned_side_columns(&roles, &headers4, &[0..4], &[false; 4]).is_empty());
    }

    #[test]
    fn side_total_label_takes_the_next_listings_figure() {
        // 江苏 收支预算总表: `当年支出小计` under 功能分类, its figure under
        // 支出用途 on the same line.
        let mut line = vec![
            draft(0, "income", Some("当年收入小计"), Some("18330.37")),
            draft(1, "expenditure", Some("当年支出小计"), None),
            draft(2, "expenditure", None, Some("18330.37")),
        ];
        join_spanning_labels(&mut line);
        assert_eq!(line.len(), 2);
        assert_eq!(line[1].row.name.as_deref(), Some("当年支出小计"));
        assert_eq!(line[1].segment, 1);
        assert_eq!(
            line[1].row.values,
            vec![("total".into(), "18330.37".into())]
        );
        // Two named rows of the two listings stay two rows; income never
        // takes an expenditure figure.
        let mut line = vec![
            draft(0, "income", Some("上年结转"), None),
            draft(1, "expenditure", None, Some("5.00")),
        ];
        join_spanning_labels(&mut line);
        assert_eq!(line.len(), 2);
        let mut line = vec![
            draft(1, "expenditure", Some("二、外交支出"), None),
            draft(2, "expenditure", Some("二、项目支出"), Some("6459.58")),
        ];
        join_spanning_labels(&mut line);
        assert_eq!(line.len(), 2);
    }

    #[test]
    fn a_total_label_of_a_one_sided_table_takes_the_next_listings_figure() {
        let one_sided = |seg: usize, name: Option<&str>, v: Option<&str>| {
            let mut d = draft(seg, "x", name, v);
            d.row.side = None;
            d
        };
        let mut line = vec![
            one_sided(0, Some("人员经费合计"), Some("7967.72")),
            one_sided(1, Some("公用经费合计"), None),
            one_sided(2, None, Some("2266.65")),
        ];
        join_spanning_labels(&mut line);
        assert_eq!(line.len(), 2);
        assert_eq!(line[1].row.name.as_deref(), Some("公用经费合计"));
        assert_eq!(line[1].row.values, vec![("total".into(), "2266.65".into())]);
        // An item without figures beside a bare figure stays apart.
        let mut line = vec![
            one_sided(1, Some("伙食补助费"), None),
            one_sided(2, None, Some("27.24")),
        ];
        join_spanning_labels(&mut line);
        assert_eq!(line.len(), 2);
    }

    #[test]
    fn headers_that_name_both_sides() {
        let h = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let two = h(&[
            "收入预算/项目",
            "收入预算/数",
            "支出预算/项目",
            "支出预算/数",
        ]);
        assert!(headers_name_both_sides(&two, &[0..2, 2..4]));
        // One segment, or halves that both say 支出 (301/302 beside 303/310).
        let whole = std::slice::from_ref(&(0..4));
        assert!(!headers_name_both_sides(&two, whole));
        let halves = h(&["科目名称", "支出决算数", "科目名称", "支出决算数"]);
        assert!(!headers_name_both_sides(&halves, &[0..2, 2..4]));
        let unnamed = h(&["项目", "金额", "项目", "金额"]);
        assert!(!headers_name_both_sides(&unnamed, &[0..2, 2..4]));
    }

    #[test]
    fn two_sides_and_side_by_side() {
        let r = |k: &str| Role::Amount(k.into());
        let roles = vec![
            Role::Name,
            r("total"),
            Role::Name,
            r("total"),
            r("general_budget"),
        ];
        assert_eq!(segments(&roles), vec![0..2, 2..5]);
        let roles = vec![
            Role::Code,
            Role::Code,
            Role::Name,
            r("total"),
            Role::Code,
            Role::Code,
            Role::Name,
            r("total"),
        ];
        assert_eq!(segments(&roles), vec![0..4, 4..8]);
        let roles = vec![Role::Code, Role::Name, r("total"), r("basic")];
        assert_eq!(segments(&roles), vec![0..4]);
        let h: Vec<String> = [
            "本年收入/项目",
            "本年收入/预算数",
            "本年支出/项目",
            "本年支出/预算数",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(side_names(&h, &[0..2, 2..4]), ["income", "expenditure"]);
    }

    #[test]
    fn sides_one_under_the_other() {
        use crate::model::Row;
        let d = |n: &str| super::super::rows::Draft {
            row: Row {
                code: None,
                name: Some(n.into()),
                side: None,
                unit_code: None,
                texts: vec![],
                values: vec![],
                unread: Vec::new(),
                readings: Vec::new(),
                page: 1,
            },
            segment: 0,
            packed: None,
        };
        let mut v = vec![
            d("一、一般公共预算拨款收入"),
            d("上年结转"),
            d("收入总计"),
            d("一、社会保障和就业支出"),
            d("结转下年"),
            d("支出总计"),
        ];
        sides_in_one_column(&mut v);
        let s: Vec<&str> = v.iter().filter_map(|d| d.row.side.as_deref()).collect();
        assert_eq!(
            s,
            [
                "income",
                "income",
                "income",
                "expenditure",
                "expenditure",
                "expenditure"
            ]
        );
    }

    #[test]
    fn packed_two_sided_rows() {
        let is_label = |c: &str| crate::amount::normalize(c).is_none();
        let cells = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let inc = ["收入", "结转", "结余", "上年"];
        let out = split_packed(
            &cells(&[
                "一、一般公共预算",
                "2,081.40",
                "一、基本支出",
                "130.84",
                "130.84",
            ]),
            is_label,
            &[1, 2],
            &inc,
        );
        assert_eq!(
            out,
            vec![
                cells(&["一、一般公共预算", "2,081.40"]),
                cells(&["一、基本支出", "130.84", "130.84"])
            ]
        );
        let out = split_packed(
            &cells(&["二、项目支出", "1,950.56", "1,950.56"]),
            is_label,
            &[1, 2],
            &inc,
        );
        assert!(out[0].is_empty());
        let out = split_packed(&cells(&["加：上年结余", "0.00"]), is_label, &[1, 2], &inc);
        assert_eq!(out[0].len(), 2);
        let out = split_packed(&cells(&["三、国防"]), is_label, &[1, 2], &inc);
        assert_eq!(out[1].len(), 1);
    }
}
