//! Two columns read as one. A header cell that holds a total word run into
//! another column's name (`合计因公出国(境)费`, `小计购置费`, the wrapped
//! `因公出国(境合计)费`) is the header cells of two neighbouring columns
//! joined by the reader: a 三公 table ruled on its header only, with the
//! 合计 and 因公出国(境)费 cells side by side. The figures below were then
//! placed by the columns left, so the 合计 is read as 因公出国(境)费, the
//! 小计 as 购置费, and the 栏次 row `1 2 3 4` as figures `12 34`. No figure
//! of such a table is placed with confidence: its checks are skipped with
//! the reason and the facts stage takes no figure from it, because every
//! relation would fail on the document's own consistent figures.
//!
//! Only when the table has no column headed by the total word alone: a
//! table that prints both 合计 and 基本支出合计 has its total column, and its
//! `基本支出合计` is one column's own name.

use crate::model::Table;
use regex::Regex;
use std::sync::OnceLock;

/// A unit in brackets anywhere in a header piece (`因公出国(境合计(万元))费`:
/// the wrapped cells put it inside).
fn re_unit() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\((千|万)?元\)").expect("unit regex"))
}

fn piece(seg: &str) -> String {
    let s = crate::templates::columns::normalize_segment(seg);
    re_unit().replace_all(&s, "").into_owned()
}

/// The key of the first column whose header holds a total word run into
/// another amount column's name, when no column of `t` is headed by the
/// total word alone; `None` otherwise.
pub(crate) fn run_together_column(t: &Table) -> Option<&str> {
    let words = &super::vocab::vocab().total_header_words;
    let last_pieces: Vec<String> = t
        .columns
        .iter()
        .filter_map(|c| c.header.split('/').next_back().map(piece))
        .collect();
    if last_pieces.iter().any(|p| words.contains(p)) {
        return None;
    }
    let catalog = crate::templates::catalog::catalog();
    let alias_of = |name: &str, total_too: bool| {
        catalog.columns.iter().any(|c| {
            c.role == "amount"
                && (total_too || c.key != "total")
                && c.aliases
                    .iter()
                    .any(|a| crate::templates::columns::normalize_segment(a) == name)
        })
    };
    let names_a_column = |rest: &str| alias_of(rest, false);
    // A piece that is itself a column's printed name (`本年收入合计`, the
    // 收入总表's total) is one column, though it holds a total word after
    // another column's name (`本年收入`).
    let one_columns_name = |piece: &str| alias_of(piece, true);
    t.columns.iter().find_map(|c| {
        let joined = c.header.split('/').map(piece).any(|p| {
            words.iter().any(|w| {
                p != *w
                    && p.contains(w.as_str())
                    && !one_columns_name(&p)
                    && names_a_column(&p.replacen(w.as_str(), "", 1))
            })
        });
        joined.then_some(c.key.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::testutil::{set_headers, table};

    fn with_headers(headers: &[(&str, &str)]) -> Table {
        let mut t = table("t8", "three_public_expenses", "万元", &[], &[]);
        set_headers(&mut t, headers);
        t
    }

    #[test]
    fn a_total_run_into_an_item_is_two_columns_read_as_one() {
        // 合计 | 因公出国(境)费 | 小计 | 购置费 | 运行费 | 公务接待费, read as
        // four columns.
        let t = with_headers(&[
            ("overseas_travel", "合计（万元）因公出国（境）费"),
            ("vehicle_purchase", "公务用车购置及运行费/小计购置费"),
            ("vehicle_operation", "公务用车购置及运行费/运行费"),
            ("reception", "公务接待费"),
        ]);
        assert_eq!(run_together_column(&t), Some("overseas_travel"));
        // The wrapped cells interleaved line by line.
        let t = with_headers(&[
            ("budget", "预算数/因公出国（境合计（万元））费"),
            ("reception_budget", "预算数/公务接待费"),
        ]);
        assert_eq!(run_together_column(&t), Some("budget"));
    }

    #[test]
    fn a_table_with_its_own_total_column_is_read_as_printed() {
        let t = with_headers(&[
            ("total", "合计"),
            ("overseas_travel", "因公出国（境）费"),
            ("vehicle_total", "公务用车购置及运行费/小计"),
            ("vehicle_purchase", "公务用车购置及运行费/购置费"),
        ]);
        assert_eq!(run_together_column(&t), None);
        // A name that merely ends in a total word names no second column.
        let t = with_headers(&[("total", "本年支出合计"), ("basic", "基本支出")]);
        assert_eq!(run_together_column(&t), None);
        // A total column's own printed name that holds another column's
        // name before its total word (本年收入 + 合计) is one column.
        let t = with_headers(&[
            ("total", "本年收入合计（万元）"),
            ("general_budget", "一般公共预算拨款"),
        ]);
        assert_eq!(run_together_column(&t), None);
    }
}
