//! `row_identity`: per row, a total column equals the sum of its part
//! columns, from the template's relations in `data/catalog.json`
//! (`total = basic + project + …`, `basic = personnel + public_funds`). Only
//! the parts the table prints as columns are added; a blank part cell in a
//! printed column counts as 0. A relation is used only when the table prints
//! at least two of its parts (a table printing `total` and `basic` alone
//! says nothing of the rest) and no amount column the catalog did not
//! recognise (it could be an unnamed part).

use super::cells::{self, CellKey, Finding};
use super::tolerance::{Settings, sum_status};
use crate::model::Table;
use crate::templates::catalog::catalog;

pub fn run(tables: &[Table], s: &Settings, out: &mut Vec<Finding>) {
    for (ti, t) in tables.iter().enumerate() {
        let Some(tpl) = t.template.as_deref().and_then(|k| catalog().template(k)) else {
            continue;
        };
        if tpl.two_sided || t.rows.iter().any(|r| r.side.is_some()) || has_unrecognised_amounts(t) {
            continue;
        }
        for rel in &tpl.relations {
            let total_key = sum_column(t, rel);
            if !cells::has_column(t, total_key) {
                continue;
            }
            let parts = printed_parts(t, &rel.parts, &tpl.relations);
            if parts.len() < 2 {
                continue;
            }
            for (ri, row) in t.rows.iter().enumerate() {
                if cells::is_artefact(row) {
                    continue;
                }
                let Some(total) = cells::amount(row, total_key, s) else {
                    continue;
                };
                let mut amounts = Vec::new();
                let mut involved = vec![CellKey {
                    table: ti,
                    row: ri,
                    column: total_key.to_string(),
                }];
                for p in &parts {
                    if let Some(a) = cells::amount(row, p, s) {
                        amounts.push(a);
                        involved.push(CellKey {
                            table: ti,
                            row: ri,
                            column: p.to_string(),
                        });
                    }
                }
                if amounts.is_empty() {
                    continue;
                }
                let refs: Vec<_> = amounts.iter().collect();
                let (sum, status) = sum_status(&refs, &total);
                let what = crate::messages::checks::sum_of_columns(&parts);
                out.extend(cells::finding(
                    "row_identity",
                    tables,
                    ti,
                    ri,
                    total_key,
                    sum,
                    &total,
                    status,
                    &what,
                    involved,
                ));
            }
        }
    }
}

/// The column a relation's parts add up to: its total, unless the table
/// also prints, as a column of its own, the part those very pieces make up
/// (`part_decompositions`: 基本支出 = 人员经费 + 公用经费). A 基本支出表
/// read from a page that prints 合计 | 基本支出 (小计 人员经费 公用经费) |
/// 项目支出 has its pieces sum to 基本支出, not to a 合计 that also holds
/// 项目支出.
fn sum_column<'a>(t: &Table, rel: &'a crate::templates::catalog::Relation) -> &'a str {
    let same = |parts: &[String]| {
        parts.len() == rel.parts.len() && parts.iter().all(|p| rel.parts.contains(p))
    };
    super::vocab::vocab()
        .part_decompositions
        .iter()
        .find(|d| d.part != rel.total && same(&d.parts) && cells::has_column(t, &d.part))
        .map_or(rel.total.as_str(), |d| d.part.as_str())
}

/// The parts of a relation as the table prints them. A part the table
/// does not print as a column is replaced by its own parts where the
/// template relates them and the table prints them (湖州's 支出总表 prints
/// 基本支出 only as the merged parent of 人员支出 and 公用经费: `total =
/// personnel + public_funds + project + …`); leaving it out would fail
/// every row that has basic spending.
fn printed_parts<'a>(
    t: &Table,
    parts: &'a [String],
    relations: &'a [crate::templates::catalog::Relation],
) -> Vec<&'a str> {
    let mut out = Vec::new();
    for p in parts {
        out.extend(printed_as(t, p, relations, MAX_EXPANSION_DEPTH));
    }
    out
}

/// How deep a missing part is looked for in its parts (`total` →
/// `current_year` → `fiscal_appropriation` → `general_budget` …).
const MAX_EXPANSION_DEPTH: usize = 3;

/// Column `p` if printed; else the printed columns of a complete
/// decomposition of it (the template's relation for it, or one of
/// `part_decompositions`); else nothing (the part is left out, as the
/// table does not print it).
fn printed_as<'a>(
    t: &Table,
    p: &'a str,
    relations: &'a [crate::templates::catalog::Relation],
    depth: usize,
) -> Vec<&'a str> {
    if cells::has_column(t, p) {
        return vec![p];
    }
    if depth == 0 {
        return Vec::new();
    }
    let subs = relations
        .iter()
        .filter(|r| r.total == p)
        .map(|r| r.parts.as_slice())
        .chain(
            super::vocab::vocab()
                .part_decompositions
                .iter()
                .filter(|d| d.part == p)
                .map(|d| d.parts.as_slice()),
        );
    for sub in subs {
        let pieces: Vec<Vec<&str>> = sub
            .iter()
            .map(|q| printed_as(t, q, relations, depth - 1))
            .collect();
        if pieces.iter().all(|x| !x.is_empty()) {
            return pieces.into_iter().flatten().collect();
        }
    }
    Vec::new()
}

/// Amount columns keyed `c1`, `c2`, … are columns templates could not name;
/// a key with a numeric suffix (`reception_2`) is a second column templates
/// gave the same name: either way the parts of a relation are uncertain.
fn has_unrecognised_amounts(t: &Table) -> bool {
    t.columns.iter().any(|c| {
        let k = c.key.as_str();
        let unnamed =
            k.len() > 1 && k.starts_with('c') && k[1..].chars().all(|ch| ch.is_ascii_digit());
        let duplicate = k.rsplit_once('_').is_some_and(|(head, n)| {
            !head.is_empty() && !n.is_empty() && n.chars().all(|ch| ch.is_ascii_digit())
        });
        (unnamed || duplicate)
            && t.rows
                .iter()
                .any(|r| r.values.iter().any(|(rk, _)| rk == k))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CheckStatus;
    use crate::reconcile::testutil::table;

    #[test]
    fn a_part_printed_only_as_its_parts_is_expanded() {
        // 基本支出 is the merged parent of 人员支出 / 公用经费, no column of its own.
        let t = table(
            "t5",
            "expenditure_summary",
            "万元",
            &["total", "personnel", "public_funds", "project"],
            &[
                (
                    "208",
                    "社会保障和就业支出",
                    &["22232.40", "22149.74", "67.06", "15.61"],
                ),
                ("206", "科学技术支出", &["1140.61", "", "", "1140.61"]),
                (
                    "210",
                    "卫生健康支出",
                    &["100.00", "50.00", "10.00", "30.00"],
                ),
            ],
        );
        let mut out = Vec::new();
        run(&[t], &Settings::default(), &mut out);
        let st: Vec<CheckStatus> = out.iter().map(|f| f.check.status).collect();
        assert_eq!(
            st,
            vec![CheckStatus::Rounding, CheckStatus::Pass, CheckStatus::Fail],
            "{out:#?}"
        );
    }

    #[test]
    fn total_is_basic_plus_project() {
        let t = table(
            "t1",
            "expenditure_summary",
            "万元",
            &["total", "basic", "project"],
            &[
                ("", "合计", &["2081.40", "130.84", "1950.56"]),
                ("2101501", "行政运行", &["101.74", "101.74", ""]),
                ("2101502", "一般行政管理事务", &["31.00", "", "30.00"]),
            ],
        );
        let mut out = Vec::new();
        run(&[t], &Settings::default(), &mut out);
        let st: Vec<_> = out.iter().map(|f| f.check.status).collect();
        assert_eq!(
            st,
            vec![CheckStatus::Pass, CheckStatus::Pass, CheckStatus::Fail]
        );
        assert_eq!(
            out[2].check.row.as_ref().unwrap().code.as_deref(),
            Some("2101502")
        );
    }

    #[test]
    fn pieces_add_up_to_their_printed_part_not_the_total() {
        // A 基本支出表 printing 合计 | 基本支出 小计 人员经费 公用经费 | 项目支出.
        let t = table(
            "t8",
            "general_budget_basic_expenditure",
            "元",
            &["total", "basic", "personnel", "public_funds", "project"],
            &[("", "总计", &["130.00", "100.00", "70.00", "30.00", "30.00"])],
        );
        let mut out = Vec::new();
        run(&[t.clone()], &Settings::default(), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].check.status, CheckStatus::Pass);
        assert_eq!(out[0].check.column.as_deref(), Some("basic"));
        // The pieces still fail against their part.
        let mut bad = t;
        bad.rows[0].values[1].1 = "101.00".into();
        let mut out = Vec::new();
        run(&[bad], &Settings::default(), &mut out);
        assert_eq!(out[0].check.status, CheckStatus::Fail);
    }

    #[test]
    fn duplicate_keys_make_parts_uncertain() {
        let t = table(
            "t1",
            "expenditure_summary",
            "万元",
            &["total", "basic", "project", "project_2"],
            &[("", "合计", &["5.00", "3.00", "1.00", "1.00"])],
        );
        let mut out = Vec::new();
        run(&[t], &Settings::default(), &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn rows_labelled_by_numbers_are_left_alone() {
        let t = table(
            "t1",
            "expenditure_summary",
            "元",
            &["total", "basic", "project"],
            &[("", "79,189,400.34", &["79189400.34", "0.00", "0.00"])],
        );
        let mut out = Vec::new();
        run(&[t], &Settings::default(), &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn one_part_column_is_not_enough() {
        let t = table(
            "t1",
            "expenditure_summary",
            "万元",
            &["total", "basic"],
            &[("", "合计", &["5.00", "3.00"])],
        );
        let mut out = Vec::new();
        run(&[t], &Settings::default(), &mut out);
        assert!(out.is_empty());
    }
}
