//! A table read as its header alone while its page prints a row of figures
//! outside every table, or while an untitled table follows it on its page:
//! the reader lost the body (a table ruled on its
//! header only, a row the layout did not join), it did not see an empty
//! table. Such a table's figures are unknown, not the zeros a table printed
//! empty stands for (`facts::from_tables`' blank cells), so the facts stage
//! reads it as not empty: no figure and no check come from it.
//!
//! A table printed empty with no row and no note, on a page that holds
//! nothing else but prose, stays empty: its blank total is zero, and a
//! prose figure against it is a contradiction of the document.

use crate::model::{LaidOut, Table};
use std::borrow::Cow;

/// Fewest bare figures on one prose line for it to be a lost table row
/// (`西安市碑林区交通运输局 49.64 9.72 34.31`): prose sentences state one
/// figure at a time, with its unit.
pub const MIN_ROW_FIGURES: usize = 2;

/// `tables`, with the tables whose body was lost (see the module doc) no
/// longer flagged empty; borrowed when there is none.
pub fn unflag<'t>(laid: &LaidOut, tables: &'t [Table]) -> Cow<'t, [Table]> {
    let lost = |i: usize| {
        let t = &tables[i];
        let header_alone =
            t.empty && t.rows.is_empty() && t.notes.iter().all(|n| n.trim().is_empty());
        header_alone
            && (laid
                .prose
                .iter()
                .any(|l| t.pages.contains(&l.page) && looks_like_a_row(&l.text))
                || tables
                    .get(i + 1)
                    .is_some_and(|next| holds_the_body(t, next)))
    };
    if !(0..tables.len()).any(lost) {
        return Cow::Borrowed(tables);
    }
    Cow::Owned(
        tables
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut t = t.clone();
                if lost(i) {
                    t.empty = false;
                }
                t
            })
            .collect(),
    )
}

/// Is `next` the body of `t`: an untitled table with rows, read right
/// after it on its last page.
fn holds_the_body(t: &Table, next: &Table) -> bool {
    next.template.is_none()
        && !next.rows.is_empty()
        && next
            .pages
            .first()
            .is_some_and(|p| t.pages.last() == Some(p))
}

/// A prose line with at least [`MIN_ROW_FIGURES`] bare amounts among its
/// space-separated words, none followed by a unit word.
fn looks_like_a_row(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let bare = words
        .iter()
        .filter(|w| crate::amount::normalize(w).is_some())
        .count();
    let with_unit = line.contains('元') || line.contains('%');
    bare >= MIN_ROW_FIGURES && !with_unit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProseLine;

    fn header_only(page: u32) -> Table {
        let mut t = crate::facts::from_tables::tests::table(
            "t8",
            "three_public_expenses",
            "万元",
            &["total", "reception"],
            vec![],
        );
        t.empty = true;
        t.pages = vec![page];
        t
    }

    fn laid(page: u32, text: &str) -> LaidOut {
        LaidOut {
            prose: vec![ProseLine {
                page,
                text: text.into(),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_header_over_a_stray_row_of_figures_lost_its_body() {
        let t = [header_only(7)];
        let row = laid(7, "西安市碑林区交通运输局 49.64 9.72 34.31 24.81 9.50 5.61");
        assert!(!unflag(&row, &t)[0].empty);
        // The row on another page, or prose with units: printed empty.
        assert!(unflag(&laid(8, "西安市碑林区交通运输局 49.64 9.72"), &t)[0].empty);
        let prose = laid(
            7,
            "“三公”经费财政拨款支出年初预算为 0.95 万元，支出决算为 0.00 万元",
        );
        assert!(unflag(&prose, &t)[0].empty);
        // Its body read as an untitled table under it on the same page.
        let mut body = header_only(7);
        body.template = None;
        body.empty = false;
        body.rows = vec![crate::facts::from_tables::tests::row(
            None,
            "西安市碑林区交通运输局",
            None,
            &[("c2", "49.64")],
        )];
        let none = laid(9, "");
        assert!(!unflag(&none, &[header_only(7), body.clone()])[0].empty);
        body.pages = vec![8];
        assert!(unflag(&none, &[header_only(7), body])[0].empty);
        // A note under it says what it is.
        let mut noted = header_only(7);
        noted.notes = vec!["本部门无“三公”经费支出，故本表无数据。".into()];
        assert!(unflag(&row, &[noted])[0].empty);
    }
}
