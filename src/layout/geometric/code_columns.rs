//! Split code columns (`类 款 项`, `类 款`) → one code column, as the text
//! layout emits them: the header is their parent (`项目/功能分类科目编码`, or
//! `科目编码` when none is printed) and each cell the joined code
//! (`204 06 01` → `2040601`). A label printed across the code columns
//! (`合计`) moves to the name column after them when that is empty.
//!
//! Many producers print each level only where it changes: `201` on the
//! 类 row, then `06` alone in 款, then `01` alone in 项. A row whose
//! leading pieces are blank takes them from the nearest rows above that
//! printed them (`06` under `201` → `20106`, `01` under it → `2010601`).
//!
//! The same holds for a single code column: `合计` printed in the 科目编码
//! cell of a drawn row whose name cell is empty is the row's name.

use super::draft::is_number;
use super::vocab::vocab;
use crate::codes;
use crate::model::{Placement, RawTable};

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

/// Join every run of split code columns of the table into one column, and
/// move labels printed in a code column to the empty name beside them.
pub fn join_code_columns(t: RawTable) -> RawTable {
    labels_out_of_code_columns(join_runs(t))
}

/// A column of codes: at least two of its cells are codes and every
/// filled one is a code or a label without digits (`合计`).
fn is_code_column(t: &RawTable, c: usize) -> bool {
    let mut codes_seen = 0;
    for r in t.rows.iter().filter(|r| r.placement == Placement::Aligned) {
        let cell = r.cells.get(c).map_or("", |s| s.trim());
        if cell.is_empty() {
            continue;
        }
        if codes::parse(cell).is_some() {
            codes_seen += 1;
        } else if cell.chars().any(|ch| ch.is_ascii_digit()) {
            return false;
        }
    }
    codes_seen >= 2
}

/// A column of names: some cell filled, none an amount or a code.
fn is_name_column(t: &RawTable, c: usize) -> bool {
    let mut filled = false;
    for r in t.rows.iter().filter(|r| r.placement == Placement::Aligned) {
        let cell = r.cells.get(c).map_or("", |s| s.trim());
        if cell.is_empty() {
            continue;
        }
        if is_number(cell) || codes::parse(cell).is_some() {
            return false;
        }
        filled = true;
    }
    filled
}

/// In a code column followed by a column of names, a label (no digit)
/// whose name cell is empty moves there: `合计 | | 9.00` → ` | 合计 | 9.00`.
fn labels_out_of_code_columns(mut t: RawTable) -> RawTable {
    let n = t.columns.len();
    let code_cols: Vec<usize> = (0..n).filter(|&c| is_code_column(&t, c)).collect();
    for &c in &code_cols {
        if c + 1 >= n || !is_name_column(&t, c + 1) {
            continue;
        }
        // the figures of this code column's group: up to the next one
        let group_end = code_cols.iter().copied().find(|&k| k > c).unwrap_or(n);
        for r in t
            .rows
            .iter_mut()
            .filter(|r| r.placement == Placement::Aligned)
        {
            let (Some(label), Some(next)) = (r.cells.get(c), r.cells.get(c + 1)) else {
                continue;
            };
            let label = label.trim();
            // only a row that prints a figure: a label whose figure sits in
            // a cell spanning into another half (公用经费合计 | … | 2,266.65)
            // must not become a named row with a blank total
            let has_figure = r
                .cells
                .iter()
                .take(group_end)
                .skip(c + 2)
                .any(|x| is_number(x.trim()));
            if !label.is_empty()
                && !label.chars().any(|ch| ch.is_ascii_digit())
                && next.trim().is_empty()
                && has_figure
            {
                r.cells[c + 1] = std::mem::take(&mut r.cells[c]).trim().to_string();
            }
        }
    }
    t
}

fn join_runs(mut t: RawTable) -> RawTable {
    // right to left, so that earlier indices stay valid
    for (start, end) in code_runs(&t.columns).into_iter().rev() {
        let p = parent(&t.columns[start]);
        let header = if p.is_empty() {
            "科目编码".to_string()
        } else {
            p.to_string()
        };
        t.columns.splice(start..end, std::iter::once(header));
        // the last piece printed at each level, for rows that print only
        // their own level
        let mut above: Vec<Option<String>> = vec![None; end - start];
        for row in &mut t.rows {
            if row.cells.len() < end {
                continue;
            }
            // a piece wrapped in its narrow column (`20` over `1`) is one
            let mut parts: Vec<String> = row
                .cells
                .drain(start..end)
                .map(|p| codes::unwrap(&p).unwrap_or(p))
                .collect();
            if row.placement == Placement::Aligned {
                inherit_levels(&mut parts, &mut above);
            }
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

/// Fill the blank leading pieces of a row's code from `above` (the last
/// piece printed at each level), when they are all known and the result is
/// a code; then remember this row's pieces. A printed higher level forgets
/// the lower ones under the previous one; a row that prints no digits
/// (a label, a 合计) forgets everything.
fn inherit_levels(parts: &mut [String], above: &mut [Option<String>]) {
    let is_piece = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    let Some(first) = parts.iter().position(|p| !p.trim().is_empty()) else {
        return;
    };
    if !parts
        .iter()
        .all(|p| p.trim().is_empty() || is_piece(p.trim()))
    {
        above.iter_mut().for_each(|a| *a = None);
        return;
    }
    if first > 0 && above.iter().take(first).all(|a| a.is_some()) {
        let mut filled: Vec<String> = above.iter().take(first).flatten().cloned().collect();
        filled.extend(parts.iter().skip(first).cloned());
        let refs: Vec<&str> = filled.iter().map(|s| s.as_str()).collect();
        if codes::join_parts(&refs).is_some() {
            for (p, a) in parts.iter_mut().zip(above.iter()).take(first) {
                if let Some(a) = a {
                    *p = a.clone();
                }
            }
        }
    }
    for (i, p) in parts.iter().enumerate() {
        let p = p.trim();
        if !p.is_empty() {
            above[i] = Some(p.to_string());
            above.iter_mut().skip(i + 1).for_each(|a| *a = None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RawRow;

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
    fn levels_printed_only_where_they_change_are_inherited() {
        let row = |cells: &[&str]| RawRow {
            cells: cells.iter().map(|c| c.to_string()).collect(),
            placement: Placement::Aligned,
            page: 1,
        };
        let t = RawTable {
            columns: [
                "科目编码/类",
                "科目编码/款",
                "科目编码/项",
                "科目名称",
                "合计",
            ]
            .iter()
            .map(|c| c.to_string())
            .collect(),
            rows: vec![
                row(&["", "", "", "合计", "9.00"]),
                // a 款 before any 类: nothing to inherit
                row(&["", "03", "", "财政事务", "1.00"]),
                row(&["201", "", "", "一般公共服务支出", "8.00"]),
                row(&["", "06", "", "财政事务", "7.00"]),
                row(&["", "", "01", "行政运行", "3.00"]),
                row(&["", "", "50", "事业运行", "4.00"]),
                row(&["208", "", "", "社会保障和就业支出", "1.00"]),
                // the 款 of 201 is forgotten under 208: a 项 has no parent
                row(&["", "", "02", "事业单位离退休", "1.00"]),
                row(&["", "05", "", "行政事业单位养老支出", "1.00"]),
                row(&["", "", "02", "事业单位离退休", "1.00"]),
            ],
            ..RawTable::default()
        };
        let t = join_code_columns(t);
        let codes: Vec<&str> = t.rows.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(
            codes,
            vec![
                "", "03", "201", "20106", "2010601", "2010650", "208", "02", "20805", "2080502"
            ]
        );
    }

    #[test]
    fn a_label_in_a_single_code_column_moves_to_the_name() {
        let row = |cells: &[&str]| RawRow {
            cells: cells.iter().map(|c| c.to_string()).collect(),
            placement: Placement::Aligned,
            page: 1,
        };
        let table = |rows: Vec<RawRow>| RawTable {
            columns: vec!["科目编码".into(), "科目名称".into(), "合计".into()],
            rows,
            ..RawTable::default()
        };
        let t = join_code_columns(table(vec![
            row(&["合计", "", "9.00"]),
            row(&["208", "社会保障和就业支出", "9.00"]),
            row(&["20805", "行政事业单位养老支出", "9.00"]),
            row(&["其中", "小计", "1.00"]),
        ]));
        let cells: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.as_str()).collect())
            .collect();
        assert_eq!(cells[0], vec!["", "合计", "9.00"]);
        // a name already printed stays where it is
        assert_eq!(cells[3], vec!["其中", "小计", "1.00"]);
        // a label without a figure in its row stays (its figure is printed
        // in a cell spanning into the next half)
        let t = join_code_columns(table(vec![
            row(&["公用经费合计", "", ""]),
            row(&["208", "社会保障和就业支出", "9.00"]),
            row(&["20805", "行政事业单位养老支出", "9.00"]),
        ]));
        assert_eq!(t.rows[0].cells[0], "公用经费合计");
        // side-by-side groups: a figure in the next group is not this label's
        let t = join_code_columns(RawTable {
            columns: [
                "科目编码",
                "科目名称",
                "决算数",
                "科目编码",
                "科目名称",
                "决算数",
            ]
            .iter()
            .map(|c| c.to_string())
            .collect(),
            rows: vec![
                row(&[
                    "301",
                    "工资福利支出",
                    "5.00",
                    "302",
                    "商品和服务支出",
                    "1.00",
                ]),
                row(&["30101", "基本工资", "5.00", "30201", "办公费", "1.00"]),
                row(&["人员经费合计", "", "5.00", "公用经费合计", "", ""]),
            ],
            ..RawTable::default()
        });
        assert_eq!(
            t.rows[2].cells,
            vec!["", "人员经费合计", "5.00", "公用经费合计", "", ""]
        );
        // a column with a digit-bearing label is no code column, and
        // a label never moves into a column of amounts
        let t = join_code_columns(table(vec![
            row(&["合计", "", "9.00"]),
            row(&["208", "教育支出", "9.00"]),
            row(&["2024年", "", "9.00"]),
        ]));
        assert_eq!(t.rows[0].cells[0], "合计");
        let t = join_code_columns(table(vec![
            row(&["合计", "", "9.00"]),
            row(&["208", "9.00", "9.00"]),
            row(&["20805", "9.00", "9.00"]),
        ]));
        assert_eq!(t.rows[0].cells[0], "合计");
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
