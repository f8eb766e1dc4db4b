//! From rows of cells to a table: a chain of named steps shared by every
//! text layout that knows its cells (tab-separated, one cell per line, pipe
//! tables).
//!
//! `take_caption_rows` → `split_header` (drops the 栏次 row) →
//! `align_parents` (one-cell-per-line headers only) → `header_columns` →
//! `join_continuations` → `drop_row_number_column` → `take_note_rows` →
//! `normalize_cells`.

use super::common::{
    Settings, is_caption_cell, is_integer, is_note, is_numeric, is_total_label, join_pieces,
    normalize_label, starts_enumeration, words,
};
use crate::model::{Placement, RawRow};

/// One printed row before the table is known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GridRow {
    pub cells: Vec<String>,
    pub page: u32,
    /// A blank line or a page break separates this row from the one above:
    /// the place where a row split over two pages continues.
    pub after_break: bool,
}

/// How the rows were printed.
#[derive(Debug, Clone, Copy, Default)]
pub struct GridOptions {
    /// Every row has its cells in the columns they belong to (tab-separated
    /// text keeps empty cells). False for one-cell-per-line text, where a
    /// merged header cell is printed once and the header rows are shorter.
    pub aligned: bool,
    /// Header rows marked by the input itself (a Markdown `|---|` line).
    pub header_rows: Option<usize>,
}

/// A table's body as recovered from its rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Built {
    pub caption: Vec<String>,
    pub columns: Vec<String>,
    pub rows: Vec<RawRow>,
    pub notes: Vec<String>,
    pub warnings: Vec<String>,
}

/// Run the chain of steps on the rows of one table. `title` only names the
/// table in warnings.
pub fn build(rows: Vec<GridRow>, opts: GridOptions, settings: &Settings, title: &str) -> Built {
    let mut built = Built::default();
    let mut rows: Vec<GridRow> = rows
        .into_iter()
        .filter(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
        .collect();
    if opts.header_rows.is_none() {
        built.caption = take_caption_rows(&mut rows, settings);
    }
    let (mut header, mut data) = split_header(rows, opts.header_rows, opts.aligned, settings);
    let width = header
        .iter()
        .chain(data.iter())
        .map(|r| r.cells.len())
        .max()
        .unwrap_or(0);
    if !opts.aligned && header.len() >= 2 {
        align_parents(&mut header, width, title, &mut built.warnings);
    }
    // Rows that stop early left their trailing cells out.
    for r in header.iter_mut().chain(data.iter_mut()) {
        r.cells.resize(width, String::new());
    }
    built.columns = header_columns(&header);
    join_continuations(&mut data);
    drop_row_number_column(&mut built.columns, &mut data);
    built.notes = take_note_rows(&mut data);
    built.rows = data
        .into_iter()
        .map(|r| RawRow {
            cells: r.cells.iter().map(|c| normalize_cell(c)).collect(),
            placement: Placement::Aligned,
            page: r.page,
        })
        .collect();
    built
}

/// Leading rows that are not part of the grid: caption rows (`473灵寿县医疗
/// 保障局 | 预算年度：2021 | 单位：万元`, every cell a caption) become one
/// caption line per cell; a statement row (`绩效目标 | 1.对…。`) whose text is
/// a sentence becomes one caption line.
pub fn take_caption_rows(rows: &mut Vec<GridRow>, settings: &Settings) -> Vec<String> {
    let mut caption = Vec::new();
    while rows.len() > 1 {
        let Some(first) = rows.first() else { break };
        let cells: Vec<&str> = first
            .cells
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        let captions = cells
            .iter()
            .filter(|c| is_caption_cell(c, settings))
            .count();
        let sentence = cells.len() <= 2
            && cells
                .iter()
                .any(|c| c.contains('。') || c.chars().count() > settings.max_header_cell_chars);
        if !cells.is_empty()
            && captions * 2 >= cells.len()
            && captions > 0
            && !cells.iter().any(|c| is_numeric(c))
        {
            caption.extend(cells.iter().map(|c| c.to_string()));
        } else if sentence {
            caption.push(cells.join(" "));
        } else {
            break;
        }
        rows.remove(0);
    }
    caption
}

/// Is this the column-number row (`栏次 | 1 | 2 | 3`)?
pub fn is_column_number_row(cells: &[String]) -> bool {
    let filled: Vec<String> = cells
        .iter()
        .map(|c| normalize_label(c))
        .filter(|c| !c.is_empty())
        .collect();
    let Some(first) = filled.first() else {
        return false;
    };
    let labelled = words().column_number_labels.iter().any(|w| w == first);
    if labelled {
        return filled.len() > 1 && filled[1..].iter().all(|c| is_integer(c));
    }
    // Unlabelled: 1 2 3 … in order, at least three of them.
    filled.len() >= 3
        && filled
            .iter()
            .enumerate()
            .all(|(i, c)| c.parse::<usize>().ok() == Some(i + 1))
}

/// A row that reads like a header: some text, no printed number, no cell a
/// sentence.
fn is_header_like(cells: &[String], settings: &Settings) -> bool {
    let filled: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    !filled.is_empty()
        && filled.iter().all(|c| {
            !is_numeric(c)
                && c.chars().count() <= settings.max_header_cell_chars
                && !c.contains('。')
        })
        && !is_column_number_row(cells)
}

/// Does `row` sit under `parent` as a second header row: in aligned rows
/// it fills a column the parent left empty (the parent spans it); in
/// one-cell-per-line rows it has more cells than the parent.
fn spans(parent: &GridRow, row: &GridRow, aligned: bool) -> bool {
    if aligned {
        row.cells.iter().enumerate().any(|(i, c)| {
            !c.trim().is_empty() && parent.cells.get(i).is_none_or(|p| p.trim().is_empty())
        })
    } else {
        parent.cells.len() < row.cells.len()
    }
}

/// Split header rows from data rows and drop the 栏次 row. Header rows end at
/// the 栏次 row when one is printed, else they are the leading header-like
/// rows, each further one sitting under the one above.
pub fn split_header(
    mut rows: Vec<GridRow>,
    marked: Option<usize>,
    aligned: bool,
    settings: &Settings,
) -> (Vec<GridRow>, Vec<GridRow>) {
    let n = match marked {
        Some(n) => n.min(rows.len()),
        None => {
            let limit = rows.len().min(settings.max_header_rows + 1);
            if let Some(i) = rows[..limit]
                .iter()
                .position(|r| is_column_number_row(&r.cells))
            {
                i
            } else {
                let mut n = 0;
                while n < rows.len().min(settings.max_header_rows)
                    && is_header_like(&rows[n].cells, settings)
                {
                    if n > 0
                        && !spans(
                            &rows[n - 1],
                            &rows[n],
                            aligned || rows[n - 1].cells.len() == rows[n].cells.len(),
                        )
                    {
                        break;
                    }
                    n += 1;
                }
                n
            }
        }
    };
    let data = rows.split_off(n);
    let mut data = data;
    if data.first().is_some_and(|r| is_column_number_row(&r.cells)) {
        data.remove(0);
    }
    (rows, data)
}

/// One-cell-per-line headers print a merged parent once: `序号 | 收入 | 支出`
/// over `(empty) | 项目 | 预算数 | 项目 | 预算数`. Give each parent its columns:
/// an empty child is a parent merged downwards (one column), a run of
/// filled children sits under one or more parents (split where the run's
/// first header repeats, else evenly). The parent row is rewritten aligned,
/// each parent in the first column it spans.
pub fn align_parents(
    header: &mut [GridRow],
    width: usize,
    title: &str,
    warnings: &mut Vec<String>,
) {
    for level in (0..header.len().saturating_sub(1)).rev() {
        let mut child = header[level + 1].cells.clone();
        child.resize(width, String::new());
        let parents: Vec<String> = header[level].cells.clone();
        if parents.len() >= width {
            continue;
        }
        match assign_parents(&parents, &child) {
            Some(aligned) => header[level].cells = aligned,
            None => {
                warnings.push(format!(
                    "表「{title}」: header row {} has {} cells over {} columns; parents placed left to right",
                    level + 1,
                    parents.len(),
                    width
                ));
            }
        }
    }
}

fn assign_parents(parents: &[String], child: &[String]) -> Option<Vec<String>> {
    // Segments of the child row: (start, len, empty).
    let mut segs: Vec<(usize, usize, bool)> = Vec::new();
    for (i, c) in child.iter().enumerate() {
        let empty = c.trim().is_empty();
        match segs.last_mut() {
            Some((_, len, false)) if !empty => *len += 1,
            _ => segs.push((i, 1, empty)),
        }
    }
    if parents.len() < segs.len() {
        return None;
    }
    let mut extra = parents.len() - segs.len();
    let mut parts: Vec<usize> = vec![1; segs.len()];
    while extra > 0 {
        // Give the next parent to the run with most children per parent.
        let best = segs
            .iter()
            .enumerate()
            .filter(|(i, s)| !s.2 && s.1 > parts[*i])
            .max_by_key(|(i, s)| (s.1 * 1000 / parts[*i], usize::MAX - *i))
            .map(|(i, _)| i)?;
        parts[best] += 1;
        extra -= 1;
    }
    let mut out = vec![String::new(); child.len()];
    let mut next = parents.iter();
    for (seg, &m) in segs.iter().zip(&parts) {
        for start in split_run(child, seg.0, seg.1, m) {
            if let Some(p) = next.next() {
                out[start] = p.clone();
            }
        }
    }
    Some(out)
}

/// Starts of `m` groups splitting `child[start..start+len]`: at the places
/// where the first header of the run repeats (`项目 预算数 | 项目 预算数`),
/// else evenly.
fn split_run(child: &[String], start: usize, len: usize, m: usize) -> Vec<usize> {
    if m <= 1 {
        return vec![start];
    }
    let first = normalize_label(&child[start]);
    let repeats: Vec<usize> = (start + 1..start + len)
        .filter(|&i| normalize_label(&child[i]) == first)
        .collect();
    if repeats.len() == m - 1 {
        let mut v = vec![start];
        v.extend(repeats);
        return v;
    }
    let size = len / m;
    (0..m)
        .map(|k| start + k * size.max(1))
        .filter(|&i| i < start + len)
        .collect()
}

/// One header per column: the pieces of every header row over the column,
/// joined with `/`. A filled cell spans to the right over empty cells as long
/// as a lower row has a header there (`资金安排` over `公共预算 | 政府性基金`).
pub fn header_columns(header: &[GridRow]) -> Vec<String> {
    let width = header.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let cell = |h: usize, c: usize| {
        header
            .get(h)
            .and_then(|r| r.cells.get(c))
            .map(|s| normalize_label(s))
            .unwrap_or_default()
    };
    let has_child = |h: usize, c: usize| (h + 1..header.len()).any(|g| !cell(g, c).is_empty());
    let mut owners: Vec<Vec<String>> = vec![Vec::new(); width];
    for h in 0..header.len() {
        let mut current: Option<String> = None;
        for (c, owner) in owners.iter_mut().enumerate() {
            let text = cell(h, c);
            if !text.is_empty() {
                current = has_child(h, c).then(|| text.clone());
                owner.push(text);
            } else if has_child(h, c) {
                if let Some(p) = &current {
                    owner.push(p.clone());
                }
            } else {
                current = None;
            }
        }
    }
    owners
        .into_iter()
        .map(|mut parts| {
            parts.dedup();
            parts.join("/")
        })
        .collect()
}

/// The column most rows label themselves in (项目名称, 科目名称).
fn label_column(data: &[GridRow]) -> Option<usize> {
    let width = data.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    (0..width).find(|&c| {
        let texts = data
            .iter()
            .filter(|r| {
                r.cells
                    .get(c)
                    .is_some_and(|s| !s.trim().is_empty() && !is_numeric(s))
            })
            .count();
        texts * 2 > data.len()
    })
}

/// A row that only continues cells of the row above (a cell wrapped onto the
/// next line or the next page): no number, fewer cells than the row above,
/// every filled cell under a filled text cell above, not starting a row of its own (一、, 合计, 其中), and
/// either after a page break or with the row label left empty.
fn is_continuation(above: &GridRow, row: &GridRow, label: Option<usize>) -> bool {
    let filled: Vec<usize> = (0..row.cells.len())
        .filter(|&i| !row.cells[i].trim().is_empty())
        .collect();
    let Some(&first) = filled.first() else {
        return false;
    };
    if filled.iter().any(|&i| is_numeric(&row.cells[i])) {
        return false;
    }
    let above_filled = above.cells.iter().filter(|c| !c.trim().is_empty()).count();
    if filled.len() >= above_filled {
        return false;
    }
    let under_text = filled.iter().all(|&i| {
        above
            .cells
            .get(i)
            .is_some_and(|a| !a.trim().is_empty() && !is_numeric(a))
    });
    let own_row = starts_enumeration(&row.cells[first]) || is_total_label(&row.cells[first]);
    let label_empty = label.is_none_or(|l| row.cells.get(l).is_none_or(|c| c.trim().is_empty()));
    under_text && !own_row && (row.after_break || label_empty)
}

/// Join continuation rows into the row above (`举报奖` + `励`).
pub fn join_continuations(data: &mut Vec<GridRow>) {
    let label = label_column(data);
    let mut out: Vec<GridRow> = Vec::with_capacity(data.len());
    for row in data.drain(..) {
        if let Some(above) = out.last_mut() {
            if is_continuation(above, &row, label) {
                for (i, piece) in row.cells.iter().enumerate() {
                    if let Some(cell) = above.cells.get_mut(i) {
                        if !piece.trim().is_empty() {
                            *cell = join_pieces(cell, piece);
                        }
                    }
                }
                continue;
            }
        }
        out.push(row);
    }
    *data = out;
}

/// Drop a 序号 column: its header is a row-number word and its cells are
/// row numbers or empty.
pub fn drop_row_number_column(columns: &mut Vec<String>, data: &mut [GridRow]) {
    let is_number_header = |h: &str| words().row_number_headers.iter().any(|w| w == h);
    let Some(col) = columns.iter().position(|h| is_number_header(h)) else {
        return;
    };
    let numbers_only = data.iter().all(|r| {
        r.cells
            .get(col)
            .is_none_or(|c| c.trim().is_empty() || is_integer(c))
    });
    if !numbers_only {
        return;
    }
    columns.remove(col);
    for r in data.iter_mut() {
        if col < r.cells.len() {
            r.cells.remove(col);
        }
    }
}

/// Trailing rows whose only text is a note (`注：…`) become notes.
pub fn take_note_rows(data: &mut Vec<GridRow>) -> Vec<String> {
    let mut notes = Vec::new();
    while let Some(last) = data.last() {
        let filled: Vec<&str> = last
            .cells
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        if filled.len() == 1 && is_note(filled[0]) {
            notes.insert(0, filled[0].to_string());
            data.pop();
        } else {
            break;
        }
    }
    notes
}

/// Amounts as printed (trimmed); text cells lose the spaces wrapping left
/// inside Chinese.
pub fn normalize_cell(c: &str) -> String {
    if is_numeric(c) {
        c.trim().to_string()
    } else {
        normalize_label(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&[&str]]) -> Vec<GridRow> {
        lines
            .iter()
            .map(|cells| GridRow {
                cells: cells.iter().map(|c| c.to_string()).collect(),
                page: 1,
                after_break: false,
            })
            .collect()
    }

    fn cells(b: &Built) -> Vec<Vec<&str>> {
        b.rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.as_str()).collect())
            .collect()
    }

    #[test]
    fn two_sided_header_over_aligned_rows() {
        let g = rows(&[
            &["收入", "", "支出", ""],
            &["项目", "预算数", "项目", "预算数"],
            &[
                "一、公共财政预算拨款收入",
                "100.00",
                "社会保障和就业支出",
                "100.00",
            ],
        ]);
        let b = build(
            g,
            GridOptions {
                aligned: true,
                header_rows: None,
            },
            &Settings::default(),
            "t",
        );
        assert_eq!(
            b.columns,
            vec!["收入/项目", "收入/预算数", "支出/项目", "支出/预算数"]
        );
        assert_eq!(b.rows.len(), 1);
    }

    #[test]
    fn parent_spanning_several_columns_and_vertical_merges() {
        let g = rows(&[
            &[
                "单位编 码",
                "项目名称",
                "合计",
                "资金安排",
                "",
                "",
                "一级指标",
            ],
            &["", "", "", "公共预算", "政府性基金", "专户资金", ""],
            &["152001", "印刷费", "10.00", "10.00", "", "", "产出目标"],
        ]);
        let b = build(
            g,
            GridOptions {
                aligned: true,
                header_rows: None,
            },
            &Settings::default(),
            "t",
        );
        assert_eq!(
            b.columns,
            vec![
                "单位编码",
                "项目名称",
                "合计",
                "资金安排/公共预算",
                "资金安排/政府性基金",
                "资金安排/专户资金",
                "一级指标"
            ]
        );
    }

    #[test]
    fn one_cell_per_line_header_with_row_and_column_numbers() {
        let g = rows(&[
            &["序号", "收入", "支出"],
            &["", "项  目", "预算数", "项  目", "预算数"],
            &["栏次", "1", "2", "3", "4"],
            &[
                "1",
                "一、一般公共预算拨款收入",
                "3232.07",
                "一、一般公共服务支出",
                "",
            ],
            &["2", "", "", "二、外交支出", ""],
        ]);
        let b = build(
            g,
            GridOptions {
                aligned: false,
                header_rows: None,
            },
            &Settings::default(),
            "t",
        );
        assert_eq!(
            b.columns,
            vec!["收入/项目", "收入/预算数", "支出/项目", "支出/预算数"]
        );
        assert_eq!(
            cells(&b),
            vec![
                vec![
                    "一、一般公共预算拨款收入",
                    "3232.07",
                    "一、一般公共服务支出",
                    ""
                ],
                vec!["", "", "二、外交支出", ""]
            ]
        );
    }

    #[test]
    fn one_cell_per_line_parent_over_code_and_name() {
        let g = rows(&[
            &["序号", "功能分类科目", "合计", "本年收入", "上年结转"],
            &[
                "",
                "科目  编码",
                "科目名称",
                "",
                "小计",
                "财政拨款 收入",
                "事业收入",
                "",
            ],
            &["栏次", "1", "2", "3", "4", "5", "6", "7"],
            &[
                "1",
                "2101501",
                "行政运行",
                "95.46",
                "95.46",
                "95.46",
                "",
                "",
            ],
        ]);
        let b = build(
            g,
            GridOptions {
                aligned: false,
                header_rows: None,
            },
            &Settings::default(),
            "t",
        );
        assert_eq!(
            b.columns,
            vec![
                "功能分类科目/科目编码",
                "功能分类科目/科目名称",
                "合计",
                "本年收入/小计",
                "本年收入/财政拨款收入",
                "本年收入/事业收入",
                "上年结转"
            ]
        );
        assert_eq!(cells(&b)[0][..3], ["2101501", "行政运行", "95.46"]);
    }

    #[test]
    fn uneven_sides_split_where_the_first_header_repeats() {
        let g = rows(&[
            &["序号", "收入", "支出"],
            &[
                "",
                "项目",
                "金额",
                "项目",
                "合计",
                "一般公共预算",
                "政府性基金",
            ],
            &[
                "1",
                "一、一般公共预算拨款",
                "10.00",
                "一、一般公共服务支出",
                "",
                "",
                "",
            ],
        ]);
        let b = build(
            g,
            GridOptions {
                aligned: false,
                header_rows: None,
            },
            &Settings::default(),
            "t",
        );
        assert_eq!(
            b.columns,
            vec![
                "收入/项目",
                "收入/金额",
                "支出/项目",
                "支出/合计",
                "支出/一般公共预算",
                "支出/政府性基金"
            ]
        );
    }

    #[test]
    fn wrapped_cell_after_page_break_joins_the_row_above() {
        let mut g = rows(&[
            &["项目名称", "合计", "描述"],
            &["印刷费", "214000.00", "根据宣传对"],
            &["", "", "象编印宣传折页等"],
            &["越城区举报奖", "5000.00", "下降 10%"],
            &["励", "", ""],
            &["合计", "219000.00", ""],
        ]);
        g[2].after_break = true;
        g[4].after_break = true;
        let b = build(
            g,
            GridOptions {
                aligned: true,
                header_rows: None,
            },
            &Settings::default(),
            "t",
        );
        assert_eq!(
            cells(&b),
            vec![
                vec!["印刷费", "214000.00", "根据宣传对象编印宣传折页等"],
                vec!["越城区举报奖励", "5000.00", "下降10%"],
                vec!["合计", "219000.00", ""]
            ]
        );
    }

    #[test]
    fn label_only_rows_are_rows_of_their_own() {
        let g = rows(&[
            &["项目", "预算数"],
            &["本年收入合计", "10.00"],
            &["十、上年结转", ""],
            &["基本支出结余、结转", ""],
            &["其中：公务用车购置费", "0.00"],
            &["公务用车运行维护费", ""],
        ]);
        let b = build(
            g,
            GridOptions {
                aligned: true,
                header_rows: None,
            },
            &Settings::default(),
            "t",
        );
        assert_eq!(b.rows.len(), 5);
    }

    #[test]
    fn caption_and_statement_rows_leave_the_grid() {
        let g = rows(&[
            &["473灵寿县医疗保障局", "预算年度：2021", "单位：万元"],
            &[
                "绩效目标",
                "1.对特困供养人员给予全额资助。2.减轻困难群众医疗费用负担。",
            ],
            &["一级指标", "二级指标", "指标值"],
            &["产出指标", "数量指标", "≥34475人"],
            &["注：本表为示例。"],
        ]);
        let b = build(
            g,
            GridOptions {
                aligned: false,
                header_rows: None,
            },
            &Settings::default(),
            "t",
        );
        assert_eq!(
            b.caption[..3],
            ["473灵寿县医疗保障局", "预算年度：2021", "单位：万元"]
        );
        assert!(b.caption[3].starts_with("绩效目标 1.对特困"));
        assert_eq!(b.columns, vec!["一级指标", "二级指标", "指标值"]);
        assert_eq!(b.rows.len(), 1);
        assert_eq!(b.notes, vec!["注：本表为示例。"]);
    }

    #[test]
    fn empty_table_keeps_its_header() {
        let g = rows(&[
            &["序号", "功能分类科目", "合计"],
            &["", "科目编码", "科目名称", ""],
            &["栏次", "1", "2", "3"],
            &["", "", "", ""],
        ]);
        let b = build(
            g,
            GridOptions {
                aligned: false,
                header_rows: None,
            },
            &Settings::default(),
            "t",
        );
        assert_eq!(
            b.columns,
            vec!["功能分类科目/科目编码", "功能分类科目/科目名称", "合计"]
        );
        assert!(b.rows.is_empty());
    }
}
