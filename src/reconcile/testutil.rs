//! Tiny hand-made canonical tables for the rule tests.

use crate::model::{Column, Row, Table};

/// A table of `template` in `unit` with amount columns `cols`; rows are
/// `(code, name, values)` with `""` for a blank cell.
pub fn table(
    id: &str,
    template: &str,
    unit: &str,
    cols: &[&str],
    rows: &[(&str, &str, &[&str])],
) -> Table {
    let scale = crate::amount::unit_scale(unit).map(str::to_string);
    let mut columns = vec![
        Column {
            key: "code".into(),
            header: "科目编码".into(),
        },
        Column {
            key: "name".into(),
            header: "科目名称".into(),
        },
    ];
    columns.extend(cols.iter().map(|c| Column {
        key: c.to_string(),
        header: c.to_string(),
    }));
    Table {
        id: id.into(),
        template: Some(template.into()),
        title: Some(format!("{template}表")),
        match_score: 1.0,
        pages: vec![1],
        unit: Some(unit.into()),
        scale,
        empty: false,
        columns,
        rows: rows
            .iter()
            .map(|(code, name, vals)| Row {
                code: (!code.is_empty()).then(|| code.to_string()),
                name: (!name.is_empty()).then(|| name.to_string()),
                side: None,
                unit_code: None,
                texts: Vec::new(),
                values: cols
                    .iter()
                    .zip(vals.iter())
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                unread: Vec::new(),
                readings: Vec::new(),
                page: 1,
            })
            .collect(),
        notes: Vec::new(),
    }
}

/// A two-sided table: `(side, name, total)` rows.
pub fn two_sided(id: &str, template: &str, unit: &str, rows: &[(&str, &str, &str)]) -> Table {
    let mut t = table(id, template, unit, &["total"], &[]);
    t.rows = rows
        .iter()
        .map(|(side, name, v)| Row {
            code: None,
            name: Some(name.to_string()),
            side: Some(side.to_string()),
            unit_code: None,
            texts: Vec::new(),
            values: if v.is_empty() {
                Vec::new()
            } else {
                vec![("total".into(), v.to_string())]
            },
            unread: Vec::new(),
            readings: Vec::new(),
            page: 1,
        })
        .collect();
    t
}

/// Gives `t` the printed headers `(key, header)` as its columns, for rules
/// that read what a column's header says, not only its key.
pub fn set_headers(t: &mut Table, headers: &[(&str, &str)]) {
    t.columns = headers
        .iter()
        .map(|(k, h)| Column {
            key: k.to_string(),
            header: h.to_string(),
        })
        .collect();
}
