//! A table ruled on its header only: the ruled header grid is read as a
//! table of its own (title, header, no rows) and the whole table, header
//! and unruled body, once more right under it without a title. The second
//! is the table; it takes the first's title, caption and pages, and the
//! header-only copy is dropped — else the first reads as a table printed
//! empty (a wrong claim) and the second as an untitled one.

use crate::model::RawTable;

/// Share of columns whose headers must be the same in both readings.
const SAME_HEADER_SHARE: f64 = 0.8;

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn same_header(a: &[String], b: &[String]) -> bool {
    if a.is_empty() || a.len() != b.len() {
        return false;
    }
    let same = a.iter().zip(b).filter(|(x, y)| norm(x) == norm(y)).count();
    same as f64 >= SAME_HEADER_SHARE * a.len() as f64
}

/// Most header cells a body reading may carry and still be the first row's
/// wrapped name rather than a header of its own.
const MAX_WRAPPED_HEADER_CELLS: usize = 2;

/// The body reading's "header" cells are the first row's label wrapped
/// above its amounts: put them back in front of the first row's cell.
fn give_back_wrapped_name(b: &mut RawTable) {
    let Some(first) = b.rows.first_mut() else {
        return;
    };
    for (j, head) in b.columns.iter().enumerate() {
        let head: String = head.split('/').collect();
        if head.trim().is_empty() {
            continue;
        }
        if let Some(cell) = first.cells.get_mut(j)
            && !crate::amount::is_amount(cell)
        {
            *cell = format!("{}{}", head.trim(), cell.trim());
        }
    }
}

/// The 类/款/项 pieces' header words (`code_part_headers` of
/// data/header_vocabulary.json), in order.
fn code_part_headers() -> &'static [String] {
    static WORDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        #[derive(serde::Deserialize)]
        struct V {
            #[serde(default)]
            code_part_headers: Vec<String>,
        }
        serde_json::from_str::<V>(include_str!("../../data/header_vocabulary.json"))
            .map(|v| v.code_part_headers)
            .unwrap_or_default()
    })
}

/// Is every filled cell of column `j` a run of `digits` digits (a 类 code
/// has 3, a 款 or 项 piece 2)? At least one must be filled.
fn holds_code_pieces(b: &RawTable, j: usize, digits: usize) -> bool {
    let cells: Vec<&str> = b
        .rows
        .iter()
        .filter_map(|r| r.cells.get(j).map(|c| c.trim()))
        .filter(|c| !c.is_empty())
        .collect();
    !cells.is_empty()
        && cells
            .iter()
            .all(|c| c.chars().count() == digits && c.chars().all(|ch| ch.is_ascii_digit()))
}

/// A ruled header whose code cell (`科目编码` over 类|款|项) was read as one
/// column, over a body read with the code split in its pieces: the body is
/// wider by one or two columns, its first column holds 3-digit 类 codes and
/// the next ones 2-digit 款/项 pieces. Returns the header for the body's
/// columns (`科目编码/类`, `科目编码/款`, … then the rest), else none.
fn header_with_split_code(a: &RawTable, b: &RawTable) -> Option<Vec<String>> {
    let extra = b.columns.len().checked_sub(a.columns.len())?;
    let parts = code_part_headers();
    if !(1..=2).contains(&extra) || parts.len() <= extra {
        return None;
    }
    let pieces = holds_code_pieces(b, 0, 3) && (1..=extra).all(|j| holds_code_pieces(b, j, 2));
    if !pieces {
        return None;
    }
    let (code, rest) = a.columns.split_first()?;
    let mut out: Vec<String> = parts[..=extra]
        .iter()
        .map(|p| format!("{}/{p}", code.trim()))
        .collect();
    out.extend(rest.iter().cloned());
    Some(out)
}

/// Join each header-only reading to the full reading that follows it.
pub fn join(tables: &mut Vec<RawTable>) {
    let mut i = 0;
    while i + 1 < tables.len() {
        let (a, b) = (&tables[i], &tables[i + 1]);
        let header_only = a.title.is_some()
            && a.notes.is_empty()
            && a.rows
                .iter()
                .all(|r| r.cells.iter().all(|c| c.trim().is_empty()));
        let follows = b.title.is_none()
            && !b.rows.is_empty()
            && a.pages.last().is_some_and(|p| b.pages.first() == Some(p));
        // The second reading has the same header, or none at all (its body
        // only, the header having gone to the first).
        let no_header = b.columns.iter().all(|c| c.trim().is_empty());
        // or a "header" that is the first row's name wrapped above its
        // amounts (`社会保障和就业支` over `208 出 5255629.00 …`): a cell or
        // two where the ruled header fills most columns
        let filled = |cols: &[String]| cols.iter().filter(|c| !c.trim().is_empty()).count();
        let wrapped_name = !no_header
            && filled(&b.columns) <= MAX_WRAPPED_HEADER_CELLS
            && filled(&b.columns) * 2 <= b.columns.len()
            && filled(&a.columns) * 2 > a.columns.len();
        let same_width = a.columns.len() == b.columns.len();
        let split_code = if no_header && !same_width {
            header_with_split_code(a, b)
        } else {
            None
        };
        let joins = (same_width && (no_header || wrapped_name))
            || split_code.is_some()
            || same_header(&a.columns, &b.columns);
        if header_only && follows && joins {
            let a = tables.remove(i);
            let b = &mut tables[i];
            if let Some(cols) = split_code {
                b.columns = cols;
            }
            if same_width && wrapped_name {
                give_back_wrapped_name(b);
            }
            if same_width && (no_header || wrapped_name) {
                b.columns = a.columns.clone();
            }
            b.title = a.title;
            if b.caption.is_empty() {
                b.caption = a.caption;
            }
            for p in a.pages {
                if !b.pages.contains(&p) {
                    b.pages.push(p);
                }
            }
            b.pages.sort_unstable();
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RawRow;

    fn raw(title: Option<&str>, cols: &[&str], rows: usize, page: u32) -> RawTable {
        RawTable {
            title: title.map(String::from),
            columns: cols.iter().map(|c| c.to_string()).collect(),
            rows: (0..rows)
                .map(|_| RawRow {
                    cells: vec!["301".into(), "1.00".into()],
                    page,
                    ..Default::default()
                })
                .collect(),
            pages: vec![page],
            ..Default::default()
        }
    }

    #[test]
    fn header_only_grid_joins_the_table_under_it() {
        let mut t = vec![
            raw(Some("基本支出表"), &["科目编码", "合计"], 0, 3),
            raw(None, &["科目编码", "合 计"], 5, 3),
        ];
        join(&mut t);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].title.as_deref(), Some("基本支出表"));
        assert_eq!(t[0].rows.len(), 5);
    }

    #[test]
    fn a_wrapped_first_name_is_no_header() {
        let mut body = raw(None, &["", "社会保障和就业支", "", ""], 2, 4);
        body.rows[0].cells = vec!["208".into(), "出".into(), "5.00".into(), "5.00".into()];
        let mut t = vec![
            raw(
                Some("支出预算总表"),
                &["科目编码", "科目名称", "合计", "基本支出"],
                0,
                4,
            ),
            body,
        ];
        join(&mut t);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].columns, ["科目编码", "科目名称", "合计", "基本支出"]);
        assert_eq!(t[0].rows[0].cells[1], "社会保障和就业支出");
    }

    /// `科目编码` read as one header column over a body read as 类|款|项:
    /// the body takes the ruled header with the code split in its pieces;
    /// a first column that is no 3-digit 类 code joins nothing.
    #[test]
    fn a_code_header_over_split_code_pieces_joins() {
        let head = || {
            raw(
                Some("一般公共预算支出表"),
                &["科目编码", "科目名称", "合计"],
                0,
                9,
            )
        };
        let rows = [
            ["201", "", "", "一般公共服务支出", "1972.99"],
            ["201", "03", "01", "行政运行", "1062.92"],
        ];
        let mut body = raw(None, &["", "", "", "", ""], 2, 9);
        for (r, cells) in body.rows.iter_mut().zip(rows) {
            r.cells = cells.iter().map(|c| c.to_string()).collect();
        }
        let mut t = vec![head(), body.clone()];
        join(&mut t);
        assert_eq!(t.len(), 1);
        assert_eq!(
            t[0].columns,
            [
                "科目编码/类",
                "科目编码/款",
                "科目编码/项",
                "科目名称",
                "合计"
            ]
        );
        body.rows[0].cells[0] = "2010".into();
        let mut t = vec![head(), body];
        join(&mut t);
        assert_eq!(t.len(), 2, "no 类 code in the first column");
    }

    #[test]
    fn an_empty_table_and_a_different_table_stay_apart() {
        let mut t = vec![
            raw(Some("政府性基金预算支出表"), &["科目编码", "合计"], 0, 3),
            raw(None, &["项目", "金额"], 5, 3),
        ];
        join(&mut t);
        assert_eq!(t.len(), 2);
        let mut t = vec![
            raw(Some("A"), &["科目编码", "合计"], 0, 3),
            raw(None, &["科目编码", "合计"], 5, 4),
        ];
        join(&mut t);
        assert_eq!(t.len(), 2, "not on the same page");
    }
}
