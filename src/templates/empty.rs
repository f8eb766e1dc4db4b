//! Is a table printed empty? Yes when none of its amounts is non-zero (a
//! table of zeros is empty; its zero rows are still kept as printed), or, for
//! a table without amount columns, when it has no row with text. A note
//! saying the table is empty (此表为空表, 本表无数据 …, vocabulary in the
//! catalog) against a table that prints non-zero figures does not make it
//! empty: the figures win and a warning says so (the `empty_note` check in
//! reconcile reports it too).

use crate::model::Row;

/// Whether a note says "this table is empty".
pub fn note_says_empty(notes: &[String], phrases: &[String]) -> bool {
    notes.iter().any(|n| {
        let n: String = n.chars().filter(|c| !c.is_whitespace()).collect();
        phrases.iter().any(|p| n.contains(p.as_str()))
            || (n.contains("本部门无") || n.contains("本单位无")) && n.contains("预算")
    })
}

/// Whether any amount of the rows is non-zero.
pub fn has_nonzero(rows: &[Row]) -> bool {
    rows.iter().any(|r| {
        r.values
            .iter()
            .any(|(_, v)| crate::amount::decimal(v).is_some_and(|d| !d.is_zero()))
    })
}

/// `empty` for a table: see the module doc.
pub fn is_empty(rows: &[Row], has_amount_columns: bool) -> bool {
    if has_amount_columns {
        !has_nonzero(rows)
    } else {
        !rows.iter().any(|r| !r.texts.is_empty() || r.name.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(v: &[(&str, &str)]) -> Row {
        Row {
            code: None,
            name: Some("合计".into()),
            side: None,
            unit_code: None,
            texts: vec![],
            values: v
                .iter()
                .map(|(k, x)| (k.to_string(), x.to_string()))
                .collect(),
            unread: Vec::new(),
            readings: Vec::new(),
            page: 1,
        }
    }

    #[test]
    fn zeros_are_empty_figures_are_not() {
        assert!(is_empty(&[row(&[("total", "0.00")]), row(&[])], true));
        assert!(is_empty(&[], true));
        assert!(!is_empty(
            &[row(&[("total", "0.00")]), row(&[("basic", "3.10")])],
            true
        ));
        let phrases = vec!["此表为空表".to_string(), "无数据".to_string()];
        assert!(note_says_empty(&["备注：此表为空表".into()], &phrases));
        assert!(note_says_empty(
            &["注：本部门无政府性基金预算财政拨款预算".into()],
            &phrases
        ));
        assert!(!note_says_empty(&["注：本表反映部门收支".into()], &phrases));
    }
}
