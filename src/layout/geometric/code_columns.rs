//! Split code columns (`类 款 项`, `类 款`) → one code column, as the text
//! layout emits them: the header is their parent (`项目/功能分类科目编码`, or
//! `科目编码` when none is printed) and each cell the joined code
//! (`204 06 01` → `2040601`). A label printed across the code columns
//! (`合计`) moves to the name column after them when that is empty.

use super::vocab::vocab;
use crate::codes;
use crate::model::RawTable;

/// The last `/`-separated piece of a header.
fn leaf(header: &str) -> &str {
    header.rsplit('/').next().unwrap_or(header)
}

/// The header without its last piece.
fn parent(header: &str) -> &str {
    header.rsplit_once('/').map_or("", |(p, _)| p)
}

/// Runs (start, end) of at least two adjacent columns headed 类/款/项.
fn code_runs(columns: &[String]) -> Vec<(usize, usize)> {
    let v = vocab();
    let mut runs = Vec::new();
    let mut c = 0;
    while c < columns.len() {
        if !v.is_header_word(leaf(&columns[c])) {
            c += 1;
            continue;
        }
        let start = c;
        while c < columns.len()
            && v.is_header_word(leaf(&columns[c]))
            && parent(&columns[c]) == parent(&columns[start])
        {
            c += 1;
        }
        if c - start >= 2 {
            runs.push((start, c));
        }
    }
    runs
}

/// Join every run of split code columns of the table into one column.
pub fn join_code_columns(mut t: RawTable) -> RawTable {
    // right to left, so that earlier indices stay valid
    for (start, end) in code_runs(&t.columns).into_iter().rev() {
        let p = parent(&t.columns[start]);
        let header = if p.is_empty() {
            "科目编码".to_string()
        } else {
            p.to_string()
        };
        t.columns.splice(start..end, std::iter::once(header));
        for row in &mut t.rows {
            if row.cells.len() < end {
                continue;
            }
            let parts: Vec<String> = row.cells.drain(start..end).collect();
            let refs: Vec<&str> = parts.iter().map(|s| s.as_str()).collect();
            let filled: Vec<&str> = refs
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect();
            // pieces that do not form a code (a misprinted `7 11 02`) keep
            // their printed text, spaced, so that templates see no code and
            // can warn; concatenated they could pass for another code
            let code = codes::join_parts(&refs);
            let is_code = code.is_some() || filled.is_empty();
            let joined = code.unwrap_or_else(|| filled.join(" "));
            let is_label = !joined.chars().any(|c| c.is_ascii_digit());
            // a label across the code columns goes to the empty name column
            match row.cells.get_mut(start) {
                Some(name) if !is_code && is_label && name.trim().is_empty() => {
                    *name = joined;
                    row.cells.insert(start, String::new());
                }
                _ => row.cells.insert(start, joined),
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Placement, RawRow};

    #[test]
    fn split_codes_become_one_column() {
        let row = |cells: &[&str]| RawRow {
            cells: cells.iter().map(|c| c.to_string()).collect(),
            placement: Placement::Aligned,
            page: 1,
        };
        let t = RawTable {
            columns: [
                "项目/科目编码/类",
                "项目/科目编码/款",
                "项目/科目编码/项",
                "项目/科目名称",
                "合计",
            ]
            .iter()
            .map(|c| c.to_string())
            .collect(),
            rows: vec![
                row(&["204", "", "", "公共安全支出", "5.00"]),
                row(&["204", "06", "01", "行政运行", "5.00"]),
                row(&["301", "1", "", "基本工资", "1.00"]),
                row(&["合计", "", "", "", "5.00"]),
                // 210 misprinted as 7: no code, the printed text stays
                row(&["7", "11", "02", "行政单位医疗", "1.00"]),
                row(&["7", "11", "02", "", "1.00"]),
            ],
            ..RawTable::default()
        };
        let t = join_code_columns(t);
        assert_eq!(t.columns, vec!["项目/科目编码", "项目/科目名称", "合计"]);
        let cells: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.as_str()).collect())
            .collect();
        assert_eq!(cells[0], vec!["204", "公共安全支出", "5.00"]);
        assert_eq!(cells[1], vec!["2040601", "行政运行", "5.00"]);
        assert_eq!(cells[2], vec!["30101", "基本工资", "1.00"]);
        assert_eq!(cells[3], vec!["", "合计", "5.00"]);
        assert_eq!(cells[4], vec!["7 11 02", "行政单位医疗", "1.00"]);
        assert_eq!(cells[5], vec!["7 11 02", "", "1.00"]);
        assert_eq!(codes::parse(cells[4][0]), None);
    }

    #[test]
    fn lone_or_unheaded_columns_stay() {
        let t = RawTable {
            columns: vec!["科目编码".into(), "科目名称".into()],
            ..RawTable::default()
        };
        assert_eq!(join_code_columns(t.clone()), t);
    }
}
