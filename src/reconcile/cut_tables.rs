//! A table the reader cut in two: its body goes on in the table read right
//! after it, an untitled fragment (no template: a name wrapped over four
//! lines, a page break without a repeated header) or a table of the same
//! template that was not joined to it (a different column count). Rows the
//! reader put in that next table are missing from this one, so a sum over
//! the rows at its end comes out short by figures that are printed, only
//! elsewhere. Such a short sum proves nothing and is skipped; a sum above
//! its printed total is not explained by missing rows and still fails.

use super::cells::Finding;
use crate::amount::decimal;
use crate::model::{CheckStatus, Table};
use rust_decimal::Decimal;

/// Skip the short `children_sum` / `column_total` failures of a cut table
/// (see the module doc): a `column_total` (its top-level rows may go on in
/// the next table, or be those of the table before it when this one is that
/// table's unjoined rest), a `children_sum` whose parent's rows run to the
/// table's last coded row (its last children may go on in the next table).
/// The shortfall must not exceed what the other table prints in one
/// column: missing rows cannot add up to more than that.
pub fn skip_cut(tables: &[Table], out: &mut [Finding]) {
    for f in out.iter_mut() {
        if f.check.status != CheckStatus::Fail
            || !matches!(f.check.rule.as_str(), "children_sum" | "column_total")
        {
            continue;
        }
        let Some(checked) = f.cells.first() else {
            continue;
        };
        let Some(t) = tables.get(checked.table) else {
            continue;
        };
        let (Some(sum), Some(printed)) = (
            f.check.expected.as_deref().and_then(decimal),
            f.check.actual.as_deref().and_then(decimal),
        ) else {
            continue;
        };
        let shortfall = printed - sum;
        if shortfall <= Decimal::ZERO {
            continue;
        }
        let holds =
            |other: &Table| unread_fragment(other) || shortfall <= largest_column_sum(other);
        let next = tables
            .get(checked.table + 1)
            .filter(|n| continues(t, n) && holds(n))
            .filter(|_| f.check.rule == "column_total" || runs_to_the_end(t, checked.row));
        // The table itself the unjoined rest of the one before it: its
        // total's first rows went there.
        let before = (f.check.rule == "column_total")
            .then(|| checked.table.checked_sub(1).and_then(|i| tables.get(i)))
            .flatten()
            .filter(|p| continues(p, t) && holds(p));
        let Some(next) = next.or(before) else {
            continue;
        };
        f.check.status = CheckStatus::Skip;
        f.check.blame.clear();
        f.check
            .append_message(&crate::messages::checks::cut_table(&t.id, &next.id));
    }
}

/// Could `next` hold the rest of `t`'s body: untitled or of the same
/// template, starting on `t`'s last page or the page after.
fn continues(t: &Table, next: &Table) -> bool {
    let same_kind = next.template.is_none() || next.template == t.template;
    let (Some(&last), Some(&first)) = (t.pages.last(), next.pages.first()) else {
        return false;
    };
    same_kind && t.template.is_some() && (first == last || first == last + 1)
}

/// Does every coded row after `row` belong to `row`'s code (its children
/// run to the table's end)? A row without a code does not qualify.
fn runs_to_the_end(t: &Table, row: usize) -> bool {
    let Some(code) = t.rows.get(row).and_then(|r| r.code.as_deref()) else {
        return false;
    };
    t.rows
        .iter()
        .skip(row + 1)
        .filter_map(|r| r.code.as_deref())
        .all(|c| c.starts_with(code))
}

/// An untitled fragment whose columns were thrown off: a 科目 code read as
/// a text cell (`2080506` under a name header), and at least half its rows
/// showing no code, no name and no figure but zeros. A printed table line
/// is never blank, so its figures were printed and lost (a name wrapped
/// over four lines shifted the fragment's columns), and what it holds is
/// unknown: no bound on the rows missing from the table before it.
fn unread_fragment(t: &Table) -> bool {
    let blank = |r: &crate::model::Row| {
        r.code.is_none()
            && r.name.as_deref().is_none_or(|n| n.trim().is_empty())
            && r.values
                .iter()
                .all(|(_, v)| decimal(v).is_some_and(|d| d.is_zero()))
    };
    let code_as_text = t
        .rows
        .iter()
        .flat_map(|r| r.texts.iter())
        .any(|(_, v)| v.len() >= MIN_CODE_DIGITS && v.chars().all(|c| c.is_ascii_digit()));
    let blanks = t.rows.iter().filter(|r| blank(r)).count();
    t.template.is_none() && code_as_text && blanks * 2 >= t.rows.len()
}

/// The shortest 科目 code (a 类: `208`).
const MIN_CODE_DIGITS: usize = 3;

/// The largest sum of one column's figures in `t` (raw, in its printed
/// unit: a continuation prints in the unit of the table it continues).
fn largest_column_sum(t: &Table) -> Decimal {
    let mut sums: Vec<(&str, Decimal)> = Vec::new();
    for r in &t.rows {
        for (k, v) in &r.values {
            let Some(d) = decimal(v) else { continue };
            match sums.iter_mut().find(|(key, _)| *key == k.as_str()) {
                Some((_, s)) => *s += d.abs(),
                None => sums.push((k.as_str(), d.abs())),
            }
        }
    }
    sums.into_iter()
        .map(|(_, s)| s)
        .max()
        .unwrap_or(Decimal::ZERO)
}

#[cfg(test)]
mod tests {
    use crate::model::{CheckStatus, Table};
    use crate::reconcile::check;
    use crate::reconcile::testutil::table;

    fn status_of(tables: &[Table], code: &str) -> Option<CheckStatus> {
        check(tables, &[])
            .into_iter()
            .find(|c| {
                c.rule == "children_sum"
                    && c.row.as_ref().and_then(|r| r.code.as_deref()) == Some(code)
            })
            .map(|c| c.status)
    }

    fn cut() -> Table {
        // 2080506 went into the fragment read after the table.
        table(
            "t2",
            "expenditure_summary",
            "元",
            &["total"],
            &[
                ("204", "公共安全支出", &["100"]),
                ("20406", "司法", &["100"]),
                ("208", "社会保障和就业支出", &["60"]),
                ("20805", "行政事业单位养老支出", &["60"]),
                ("2080501", "行政单位离退休", &["25"]),
                ("2080505", "机关事业单位基本养老保险缴费支出", &["20"]),
            ],
        )
    }

    fn fragment(page: u32, figure: &str) -> Table {
        let mut f = table(
            "t3",
            "expenditure_summary",
            "元",
            &["c5"],
            &[("", "", &[figure])],
        );
        f.template = None;
        f.pages = vec![page];
        f
    }

    #[test]
    fn a_short_sum_at_the_end_of_a_cut_table_is_skipped() {
        let alone = [cut()];
        assert_eq!(status_of(&alone, "20805"), Some(CheckStatus::Fail));
        let with_rest = [cut(), fragment(1, "15")];
        assert_eq!(status_of(&with_rest, "20805"), Some(CheckStatus::Skip));
        // A parent whose rows end before the table does is checked.
        let mut early = cut();
        early.rows[1].values = vec![("total".into(), "90".into())];
        let t = [early, fragment(1, "15")];
        assert_eq!(status_of(&t, "204"), Some(CheckStatus::Fail));
    }

    #[test]
    fn a_total_whose_first_rows_went_to_the_table_before_is_skipped() {
        // The 合计 closes the rest of a table the reader did not join to it.
        let head = table(
            "t8",
            "general_budget_basic_expenditure",
            "元",
            &["total"],
            &[
                ("301", "工资福利支出", &["70"]),
                ("30101", "基本工资", &["70"]),
            ],
        );
        let mut rest = table(
            "t9",
            "general_budget_basic_expenditure",
            "元",
            &["total"],
            &[
                ("302", "商品和服务支出", &["30"]),
                ("30201", "办公费", &["30"]),
                ("", "合计", &["100"]),
            ],
        );
        rest.pages = vec![2];
        let total = |ts: &[Table]| {
            check(ts, &[])
                .into_iter()
                .find(|c| c.rule == "column_total")
                .map(|c| c.status)
        };
        assert_eq!(total(std::slice::from_ref(&rest)), Some(CheckStatus::Fail));
        assert_eq!(total(&[head, rest]), Some(CheckStatus::Skip));
    }

    #[test]
    fn what_the_next_table_cannot_hold_still_fails() {
        // Pages apart, or printing less than the shortfall, or a sum above
        // its total: no continuation explains it.
        assert_eq!(
            status_of(&[cut(), fragment(3, "15")], "20805"),
            Some(CheckStatus::Fail)
        );
        assert_eq!(
            status_of(&[cut(), fragment(1, "5")], "20805"),
            Some(CheckStatus::Fail)
        );
        // A fragment whose lines were read blank (figures lost) bounds
        // nothing: the shortfall is skipped, whatever it is.
        let mut lost = fragment(1, "0");
        lost.rows.push(lost.rows[0].clone());
        lost.rows[0].values.clear();
        assert_eq!(
            status_of(&[cut(), lost.clone()], "20805"),
            Some(CheckStatus::Fail),
            "blank rows alone show no lost figures"
        );
        lost.rows[0].texts = vec![("c1".into(), "2080506".into())];
        assert_eq!(
            status_of(&[cut(), lost.clone()], "20805"),
            Some(CheckStatus::Skip)
        );
        lost.pages = vec![3];
        assert_eq!(status_of(&[cut(), lost], "20805"), Some(CheckStatus::Fail));
        let mut over = cut();
        over.rows[5].values = vec![("total".into(), "40".into())];
        assert_eq!(
            status_of(&[over, fragment(1, "15")], "20805"),
            Some(CheckStatus::Fail)
        );
    }
}
