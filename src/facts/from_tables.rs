//! Key figures read from the canonical tables: `revenue_expenditure_summary`
//! row 收入总计 (income side) column `total` → `revenue_total`, and so on, as
//! listed under `table_sources` in `data/fact_phrases.json` (first source
//! that yields a value wins).

use super::vocab::{TableSource, vocab};
use crate::model::{Row, Table};
use rust_decimal::Decimal;

/// A fact figure found in a table.
#[derive(Debug, Clone, PartialEq)]
pub struct TableFigure {
    pub key: String,
    pub value: String,
    pub unit: Option<String>,
    /// Factor to 元 (`"10000"` for 万元).
    pub scale: Option<String>,
    pub table: String,
    pub template: Option<String>,
    pub code: Option<String>,
    pub name: Option<String>,
    pub column: String,
    pub page: u32,
    /// The cell prints nothing (blank or `-`, read as zero), or the table
    /// is printed empty.
    pub blank: bool,
    /// The table prints only a part of the prose's figure (see
    /// `TableSource::part_of_prose`).
    pub part_of_prose: bool,
}

impl TableFigure {
    /// The row label a check or source names: the name, else the code.
    pub fn row_label(&self) -> String {
        self.name
            .clone()
            .or_else(|| self.code.clone())
            .unwrap_or_else(|| "(unnamed)".into())
    }
}

/// Normalise a row name for matching: drop spaces, quotes, enumerations
/// (`一、`, `（一）`, `1.`, `其中：`) and make parentheses ASCII.
pub fn norm_name(name: &str) -> String {
    let mut s: String = name
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '“' | '”' | '"' | '‘' | '’' | '\''))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect();
    loop {
        let before = s.len();
        for p in ["其中:", "其中：", "其中"] {
            if let Some(r) = s.strip_prefix(p) {
                s = r.to_string();
            }
        }
        // 一、 二、 / (一) / 1. 1、
        let t = s
            .trim_start_matches(|c: char| "一二三四五六七八九十".contains(c) || c.is_ascii_digit());
        if t.len() < s.len()
            && let Some(r) = t
                .strip_prefix('、')
                .or_else(|| t.strip_prefix('.'))
                .or_else(|| t.strip_prefix('．'))
        {
            s = r.to_string();
        }
        if let Some(r) = s.strip_prefix('(')
            && let Some(close) = r.find(')')
        {
            let inner = &r[..close];
            if !inner.is_empty()
                && inner
                    .chars()
                    .all(|c| "一二三四五六七八九十".contains(c) || c.is_ascii_digit())
            {
                s = r[close + 1..].to_string();
            }
        }
        if s.len() == before {
            break;
        }
    }
    // A 、 left after the enumeration joins two words of one label
    // (`上年结余、结转` is 上年结余结转, 深圳's 收支总表).
    s.retain(|c| c != '、');
    s
}

fn value_of<'a>(row: &'a Row, columns: &[String]) -> Option<(&'a str, &'a str)> {
    columns.iter().find_map(|c| {
        row.values
            .iter()
            .find(|(k, _)| k == c)
            .map(|(k, v)| (k.as_str(), v.as_str()))
    })
}

fn row_matches(row: &Row, src: &TableSource, wanted: &str) -> bool {
    if let Some(side) = &src.side
        && row.side.as_deref().is_some_and(|s| s != side)
    {
        return false;
    }
    wanted == "*"
        || row
            .name
            .as_deref()
            .map(norm_name)
            .is_some_and(|n| n == wanted)
}

/// A 合计 row whose label was lost: the table's first or last row, with
/// neither code nor name nor side (one-sided tables only), when it is the
/// only such row. Where several rows lost their labels (a table whose code
/// and name cells were not recovered, 北京's `2050803-培训支出` rows), the
/// first row is as likely a 培训支出 as a 合计: no figure is taken.
///
/// Several bare rows: the first or last is the 合计 when its `total` is a
/// grand total the document's two-sided table prints (`anchors`, in 元):
/// 北京's 支出总表 prints its 合计 row without a label.
fn unnamed_total<'a>(table: &'a Table, anchors: &[Decimal]) -> Option<&'a Row> {
    let bare = |r: &&Row| {
        r.code.is_none()
            && r.side.is_none()
            && r.unit_code.is_none()
            && r.name.as_deref().is_none_or(|n| n.trim().is_empty())
    };
    let bare_with_figures = table
        .rows
        .iter()
        .filter(|r| bare(r) && !r.values.is_empty())
        .count();
    if bare_with_figures > 1 {
        let scale = table.scale.as_deref().and_then(crate::amount::decimal)?;
        let anchored = |r: &&Row| {
            r.values
                .iter()
                .find(|(k, _)| k == "total")
                .and_then(|(_, v)| crate::amount::decimal(v))
                .and_then(|v| v.checked_mul(scale))
                .is_some_and(|y| anchors.contains(&y))
        };
        return table
            .rows
            .first()
            .filter(|r| bare(r) && anchored(r))
            .or_else(|| table.rows.last().filter(|r| bare(r) && anchored(r)));
    }
    table
        .rows
        .first()
        .filter(bare)
        .or_else(|| table.rows.last().filter(bare))
}

/// A table listed by budget unit (`预算单位 | 科目编码 | 科目名称 | …`, 深圳)
/// prints the unit's own row (its name in the unit column, no code) above
/// the unit's classification rows: where it is the only row without a code
/// and the first one, it is the table's 合计. A department listed with its
/// units prints several such rows, and which is the total is not known:
/// none is taken.
fn unit_total(table: &Table) -> Option<&Row> {
    let (first, rest) = table.rows.split_first()?;
    let names_unit = first
        .texts
        .iter()
        .any(|(k, v)| k == "unit_name" && !v.trim().is_empty());
    (first.code.is_none()
        && names_unit
        && !first.values.is_empty()
        && !rest.is_empty()
        && rest.iter().all(|r| r.code.is_some()))
    .then_some(first)
}

/// `0` written with as many decimals as the table's figures have (`0.00`
/// in a table of `1234.50`; `0` in a table of whole 元).
fn zero_at_precision(table: &Table) -> String {
    let places = table
        .rows
        .iter()
        .flat_map(|r| r.values.iter())
        .filter_map(|(_, v)| crate::amount::normalize(v))
        .map(|v| crate::amount::printed_scale(&v))
        .max()
        .unwrap_or(0)
        .min(6);
    match places {
        0 => "0".to_string(),
        n => format!("0.{}", "0".repeat(n as usize)),
    }
}

fn figure_from(
    table: &Table,
    src: &TableSource,
    year: Option<i32>,
    anchors: &[Decimal],
) -> Option<TableFigure> {
    if table.template.as_deref() != Some(src.template.as_str()) {
        return None;
    }
    if let Some(col) = &src.requires_column
        && !table.columns.iter().any(|c| &c.key == col)
    {
        return None;
    }
    let hit = if !src.codes.is_empty() {
        src.codes.iter().find_map(|code| {
            table
                .rows
                .iter()
                .find(|r| r.code.as_deref() == Some(code))
                .and_then(|r| value_of(r, &src.columns).map(|v| (Some(r), v)))
        })
    } else {
        src.rows.iter().find_map(|wanted| {
            table
                .rows
                .iter()
                .filter(|r| row_matches(r, src, wanted))
                .filter(|r| !src.final_total || !carry_follows(table, r))
                .find_map(|r| value_of(r, &src.columns).map(|v| (Some(r), v)))
                .or_else(|| {
                    let r = (wanted == "合计")
                        .then(|| unnamed_total(table, anchors).or_else(|| unit_total(table)))
                        .flatten()?;
                    value_of(r, &src.columns).map(|v| (Some(r), v))
                })
        })
    };
    let zero = zero_at_precision(table);
    let blank = hit.is_none();
    let hit = hit.or_else(|| {
        let (row, column) = blank_cell(table, src)?;
        Some((row, (column, zero.as_str())))
    });
    let (row, (mut column, mut value)) = hit?;
    if !unnamed_amount_columns(table).is_empty() {
        return None;
    }
    if printed_twice(table, column) {
        // A blank cell of one twin says nothing of the other.
        let twin = resolve_twin(table, src, column, year).filter(|_| !blank)?;
        let r = row?;
        let (k, v) = r.values.iter().find(|(k, _)| *k == twin)?;
        column = k.as_str();
        value = v.as_str();
    }
    if mixes_in_other_items(table, src, row, column) {
        return None;
    }
    let value = crate::amount::normalize(value)?;
    let scale = table.scale.clone().or_else(|| {
        table
            .unit
            .as_deref()
            .and_then(crate::amount::unit_scale)
            .map(str::to_string)
    });
    Some(TableFigure {
        key: src.key.clone(),
        value,
        unit: table.unit.clone(),
        scale,
        table: table.id.clone(),
        template: table.template.clone(),
        code: row.and_then(|r| r.code.clone()),
        name: row.and_then(|r| r.name.clone()),
        column: column.to_string(),
        page: row
            .map(|r| r.page)
            .or_else(|| table.pages.first().copied())
            .unwrap_or(0),
        blank,
        part_of_prose: src.part_of_prose,
    })
}

/// The key without the numeric suffix templates give a second column of
/// the same name (`reception_2` → `reception`).
fn base_key(key: &str) -> &str {
    match key.rsplit_once('_') {
        Some((head, n))
            if !head.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            head
        }
        _ => key,
    }
}

/// Does the table print a column of this meaning twice (`reception` and
/// `reception_2`: 西安's “三公” table prints 2021, 2022 and the change side
/// by side; 江苏's prints 合计 over “三公”+会议费+培训费 and the “三公” 小计
/// beside it)? Then which one is the fact's figure is not known: the table
/// gives none, and [`uncertain_warnings`] says so.
fn printed_twice(table: &Table, column: &str) -> bool {
    let base = base_key(column);
    table
        .columns
        .iter()
        .filter(|c| base_key(&c.key) == base)
        .map(|c| c.key.as_str())
        .fold(Vec::new(), |mut seen: Vec<&str>, k| {
            if !seen.contains(&k) {
                seen.push(k);
            }
            seen
        })
        .len()
        > 1
        && table
            .rows
            .iter()
            .flat_map(|r| r.values.iter())
            .any(|(k, _)| k != column && base_key(k) == base)
}

/// The year a column header names (`2022年/合计` → 2022), if any.
fn header_years(header: &str) -> Vec<i32> {
    let b = header.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= b.len() {
        let four = &b[i..i + 4];
        let digit_before = i > 0 && b[i - 1].is_ascii_digit();
        let digit_after = b.get(i + 4).is_some_and(|c| c.is_ascii_digit());
        if four.iter().all(u8::is_ascii_digit) && !digit_before && !digit_after {
            if let Some(y) = std::str::from_utf8(four).ok().and_then(|t| t.parse().ok())
                && (1990..=2100).contains(&y)
            {
                out.push(y);
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    out
}

/// Which of the columns of a key printed more than once holds the fact's
/// figure, from the headers alone: where headers name years, the twin of
/// the document's year and no other (西安 and 重庆 print 2021 | 2022 | 增减
/// side by side); then, of several, the one whose header holds a word of
/// the source's `prefer_header` (the “三公” 小计 beside a 合计 that adds
/// 会议费 and 培训费). One twin left: its key; else none. The same key given
/// to two columns (a 收支总表's income and expenditure 预算数) is never
/// resolved: a row's figure under it could be either's.
pub(crate) fn resolve_twin<'a>(
    table: &'a Table,
    src: &TableSource,
    column: &str,
    year: Option<i32>,
) -> Option<&'a str> {
    let base = base_key(column);
    let twins: Vec<&crate::model::Column> = table
        .columns
        .iter()
        .filter(|c| base_key(&c.key) == base)
        .collect();
    let keys_unique = twins
        .iter()
        .enumerate()
        .all(|(i, a)| twins[..i].iter().all(|b| b.key != a.key));
    if !keys_unique {
        return None;
    }
    let mut left = twins.clone();
    if left.iter().any(|c| !header_years(&c.header).is_empty()) {
        let y = year?;
        left.retain(|c| header_years(&c.header) == [y]);
    }
    if left.len() > 1 && !src.prefer_header.is_empty() {
        left.retain(|c| {
            src.prefer_header
                .iter()
                .any(|w| c.header.contains(w.as_str()))
        });
    }
    match left.as_slice() {
        [one] => Some(one.key.as_str()),
        _ => None,
    }
}

/// A total that may add in what the source's `mixed_with` names: the table
/// prints such a column (or row), and the figure is a 合计 row's or a
/// column whose header does not name the fact (`prefer_header`): 江苏's
/// 合计 over “三公”+会议费+培训费 is not the “三公” total.
fn mixes_in_other_items(table: &Table, src: &TableSource, row: Option<&Row>, column: &str) -> bool {
    if src.mixed_with.is_empty() {
        return false;
    }
    let has_column = table.columns.iter().any(|c| {
        src.mixed_with
            .iter()
            .any(|m| base_key(&c.key) == m.as_str())
    });
    let has_row = table.rows.iter().any(|r| {
        r.name
            .as_deref()
            .map(norm_name)
            .is_some_and(|n| src.mixed_with.iter().any(|m| n.starts_with(m.as_str())))
    });
    let header_names_fact = table
        .columns
        .iter()
        .find(|c| c.key == column)
        .is_some_and(|c| {
            src.prefer_header
                .iter()
                .any(|w| c.header.contains(w.as_str()))
        });
    let total_row = row
        .and_then(|r| r.name.as_deref())
        .map(norm_name)
        .is_none_or(|n| n == "合计" || n == "总计");
    (has_column && !header_names_fact) || (has_row && total_row && !header_names_fact)
}

/// The 合计 / 总计 figures of the 收支总表 in 元: what a total row of another
/// table that lost its label may be recognised by.
fn grand_totals(tables: &[Table]) -> Vec<Decimal> {
    tables
        .iter()
        .filter(|t| t.template.as_deref() == Some("revenue_expenditure_summary"))
        .flat_map(|t| {
            let scale = t.scale.as_deref().and_then(crate::amount::decimal);
            t.rows.iter().filter_map(move |r| {
                let n = norm_name(r.name.as_deref()?);
                if !(n.contains("合计") || n.contains("总计")) {
                    return None;
                }
                let (_, v) = r.values.iter().find(|(k, _)| k == "total")?;
                crate::amount::decimal(v)?.checked_mul(scale?)
            })
        })
        .filter(|d| !d.is_zero())
        .collect()
}

/// Does a carry-over row with a non-zero figure follow `row` on its side?
/// Then `row` (`收入合计`) is the current year's total, not the grand total.
fn carry_follows(table: &Table, row: &Row) -> bool {
    let Some(at) = table.rows.iter().position(|r| std::ptr::eq(r, row)) else {
        return true;
    };
    table.rows[at + 1..]
        .iter()
        .filter(|r| r.side == row.side)
        .filter(|r| {
            r.name
                .as_deref()
                .map(norm_name)
                .is_some_and(|n| vocab().carry_rows.iter().any(|c| n.starts_with(c.as_str())))
        })
        .any(|r| {
            r.values
                .iter()
                .any(|(_, v)| crate::amount::decimal(v).is_some_and(|d| !d.is_zero()))
        })
}

/// Amount columns of a recognised table that templates could not name
/// (`c2`, `c8`) and that print figures. Such a table is not the standard
/// table its header made it (西安's prose table comparing 2022 with 2021,
/// its 年度 column read as amounts; a 政府采购 table whose 预算金额 column
/// was not named): which of its columns holds the fact's figure is not
/// known, so it gives none.
fn unnamed_amount_columns(table: &Table) -> Vec<&str> {
    if table.template.is_none() {
        return Vec::new();
    }
    table
        .columns
        .iter()
        .map(|c| c.key.as_str())
        .filter(|k| k.len() > 1 && k.starts_with('c') && k[1..].bytes().all(|b| b.is_ascii_digit()))
        .filter(|k| {
            table
                .rows
                .iter()
                .any(|r| r.values.iter().any(|(rk, _)| rk == k))
        })
        .collect()
}

/// Warnings for the fact columns a table prints twice (see
/// [`printed_twice`]): which table, which columns, which facts go without
/// the table's figure.
pub fn uncertain_warnings(tables: &[Table], year: Option<i32>) -> Vec<String> {
    let mut out = Vec::new();
    for t in tables {
        let unnamed = unnamed_amount_columns(t);
        let keys: Vec<&str> = vocab()
            .table_sources
            .iter()
            .filter(|s| t.template.as_deref() == Some(s.template.as_str()))
            .map(|s| s.key.as_str())
            .fold(Vec::new(), |mut v, k| {
                if !v.contains(&k) {
                    v.push(k);
                }
                v
            });
        if !unnamed.is_empty() && !keys.is_empty() {
            out.push(format!(
                "table {} ({}, page {}): amount columns {} have no recognised header; the table gives no figure for {} (check the table)",
                t.id,
                t.title.as_deref().unwrap_or("untitled"),
                t.pages.first().copied().unwrap_or(0),
                unnamed.join(", "),
                keys.join(", ")
            ));
            continue;
        }
        // Keys the table gives a figure for all the same (a twin resolved).
        let taken = find(std::slice::from_ref(t), year);
        let mut columns: Vec<(&str, Vec<&str>)> = Vec::new();
        for src in vocab()
            .table_sources
            .iter()
            .filter(|s| t.template.as_deref() == Some(s.template.as_str()))
        {
            for c in &src.columns {
                if t.columns.iter().any(|k| &k.key == c)
                    && printed_twice(t, c)
                    && resolve_twin(t, src, c, year).is_none()
                    && !taken.iter().any(|f| f.key == src.key)
                {
                    match columns.iter_mut().find(|(k, _)| k == c) {
                        Some((_, keys)) if !keys.contains(&src.key.as_str()) => keys.push(&src.key),
                        Some(_) => {}
                        None => columns.push((c, vec![&src.key])),
                    }
                }
            }
        }
        for (c, keys) in columns {
            let twins: Vec<&str> = t
                .columns
                .iter()
                .map(|k| k.key.as_str())
                .filter(|k| base_key(k) == base_key(c))
                .collect();
            out.push(format!(
                "table {} ({}, page {}): column {c} is printed more than once ({}); its figures are not taken for {} (check the table)",
                t.id,
                t.title.as_deref().unwrap_or("untitled"),
                t.pages.first().copied().unwrap_or(0),
                twins.join(", "),
                keys.join(", ")
            ));
        }
    }
    out
}

/// The cell a source names when it prints nothing (`-` or blank), which in
/// these tables is zero: a named row's blank cell; in a table printed with
/// its items as columns (`*`), the blank column of its figures' row; in a
/// table printed empty (`本年度没有“三公”经费支出，故本表无数据`), its total
/// or item columns.
/// The column must be one the table has.
fn blank_cell<'a>(table: &'a Table, src: &'a TableSource) -> Option<(Option<&'a Row>, &'a str)> {
    if !src.codes.is_empty() {
        return None;
    }
    let column = src
        .columns
        .iter()
        .find(|c| table.columns.iter().any(|k| &k.key == *c))?;
    let named = src
        .rows
        .iter()
        .filter(|w| *w != "*")
        .find_map(|w| table.rows.iter().find(|r| row_matches(r, src, w)));
    let starred = || {
        src.rows
            .iter()
            .any(|w| w == "*")
            .then(|| table.rows.iter().find(|r| !r.values.is_empty()))
            .flatten()
    };
    let is_total = |r: &Row| {
        r.name
            .as_deref()
            .map(norm_name)
            .is_none_or(|n| n.contains("合计") || n.contains("总计"))
    };
    // A total printing nothing over items that print figures is not zero:
    // its figure went elsewhere (西安's 政府采购 合计, printed in a column the
    // layout did not key).
    let figures_elsewhere = |row: &Row| {
        table.rows.iter().any(|r| {
            !std::ptr::eq(r, row)
                && r.values.iter().any(|(k, v)| {
                    k == column && crate::amount::decimal(v).is_some_and(|d| !d.is_zero())
                })
        })
    };
    // A side of a two-sided table with no figure on any of its rows, while
    // the other side prints figures, was not read (its figures were run
    // into the other side's names, `24,631,467一、一般公共服务支出`): its
    // blanks are unknown, not zero. A real 收支总表 prints at least its
    // totals on both sides.
    let side_unread = |row: &Row| {
        let Some(side) = row.side.as_deref() else {
            return false;
        };
        let has_figure = |r: &Row| {
            r.values
                .iter()
                .any(|(_, v)| crate::amount::decimal(v).is_some_and(|d| !d.is_zero()))
        };
        !table
            .rows
            .iter()
            .filter(|r| r.side.as_deref() == Some(side))
            .any(|r| has_figure(r))
            && table
                .rows
                .iter()
                .filter(|r| r.side.as_deref().is_some_and(|x| x != side))
                .any(|r| has_figure(r))
    };
    match named.or_else(starred) {
        // A cell OCR could not read is unknown, not blank.
        Some(r) if r.unread.contains(column) => None,
        Some(r) if is_total(r) && figures_elsewhere(r) => None,
        Some(r) if side_unread(r) => None,
        Some(r) => Some((Some(r), column.as_str())),
        // Only the table's own total or item columns: `机关运行经费` is not
        // an item of every “三公” table.
        None if table.empty && src.rows.iter().any(|w| w == "*" || w == "合计") => {
            Some((None, column.as_str()))
        }
        None => None,
    }
}

/// The 预算数 of a 决算 table for a fact key: the same cell as the fact's,
/// in the `_budget` column (`total` → `total_budget` or `budget`).
pub fn find_budget(tables: &[Table], key: &str) -> Option<TableFigure> {
    for src in vocab().table_sources.iter().filter(|s| s.key == key) {
        let columns: Vec<String> = src
            .columns
            .iter()
            .flat_map(|c| {
                if c == "total" {
                    vec!["total_budget".to_string(), "budget".to_string()]
                } else {
                    vec![format!("{c}_budget")]
                }
            })
            .collect();
        let budget_src = TableSource {
            key: src.key.clone(),
            template: src.template.clone(),
            side: src.side.clone(),
            rows: src.rows.clone(),
            codes: src.codes.clone(),
            columns,
            requires_column: None,
            part_of_prose: src.part_of_prose,
            prefer_header: src.prefer_header.clone(),
            final_total: src.final_total,
            mixed_with: src.mixed_with.clone(),
        };
        if let Some(f) = tables
            .iter()
            .find_map(|t| figure_from(t, &budget_src, None, &[]))
        {
            return Some(f);
        }
    }
    None
}

/// Every table figure for `key`, in `table_sources` order (one per source
/// and table).
pub fn find_all<'a>(
    tables: &'a [Table],
    key: &str,
    year: Option<i32>,
) -> Vec<(TableFigure, &'a Table)> {
    vocab()
        .table_sources
        .iter()
        .filter(|s| s.key == key)
        .flat_map(|src| {
            tables
                .iter()
                .filter_map(move |t| figure_from(t, src, year, &[]).map(|f| (f, t)))
        })
        .collect()
}

/// One figure per key found in the tables, in `table_sources` order of keys.
/// `year` is the document's (which of a table's year columns is its own).
///
/// A key's first source says what money the fact covers (基本支出 of the
/// 支出总表: every fund). A later source from a table of narrower scope (the
/// 一般公共预算支出表) stands in only where the document's income shows the
/// two coincide (a department funded by the general budget alone); else its
/// figure is another one (北京's 国资委: 10792.45 of general budget against
/// 10792.95 in all) and the fact goes without a table figure.
pub fn find(tables: &[Table], year: Option<i32>) -> Vec<TableFigure> {
    use crate::reconcile::scope::{self, Coincide};
    let doc = scope::doc_scope(tables, &crate::reconcile::Settings::default());
    let anchors = grand_totals(tables);
    let mut out: Vec<TableFigure> = Vec::new();
    for src in &vocab().table_sources {
        if out.iter().any(|f| f.key == src.key) {
            continue;
        }
        let first = vocab()
            .table_sources
            .iter()
            .find(|s| s.key == src.key)
            .map(|s| s.template.as_str())
            .unwrap_or(src.template.as_str());
        let wanted = scope::template_scope(first);
        let fits = |t: &Table| match (&wanted, scope::table_scope(t)) {
            (Some(w), Some(have)) => scope::coincide(w, &have, doc) == Coincide::Yes,
            // Templates without a fund scope (三公, 政府采购): as before.
            _ => true,
        };
        if let Some(f) = tables
            .iter()
            .filter(|t| fits(t))
            .find_map(|t| figure_from(t, src, year, &anchors))
        {
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::Column;

    pub fn row(code: Option<&str>, name: &str, side: Option<&str>, values: &[(&str, &str)]) -> Row {
        Row {
            code: code.map(str::to_string),
            name: Some(name.to_string()),
            side: side.map(str::to_string),
            unit_code: None,
            texts: Vec::new(),
            values: values
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            unread: Vec::new(),
            readings: Vec::new(),
            page: 2,
        }
    }

    pub fn table(id: &str, template: &str, unit: &str, columns: &[&str], rows: Vec<Row>) -> Table {
        Table {
            id: id.to_string(),
            template: Some(template.to_string()),
            title: Some(format!("{template} title")),
            match_score: 1.0,
            pages: vec![2],
            unit: Some(unit.to_string()),
            scale: crate::amount::unit_scale(unit).map(str::to_string),
            empty: false,
            columns: columns
                .iter()
                .map(|c| Column {
                    key: c.to_string(),
                    header: c.to_string(),
                })
                .collect(),
            rows,
            notes: Vec::new(),
        }
    }

    #[test]
    fn names_lose_enumerations() {
        assert_eq!(
            norm_name("一、一般公共预算拨款收入"),
            "一般公共预算拨款收入"
        );
        assert_eq!(norm_name("（一）因公出国（境）费"), "因公出国(境)费");
        assert_eq!(norm_name("收 入 总 计"), "收入总计");
        assert_eq!(norm_name("其中：公务用车购置费"), "公务用车购置费");
        assert_eq!(norm_name("上年结余、结转"), "上年结余结转");
        assert_eq!(norm_name("1.财政拨款结余、结转"), "财政拨款结余结转");
    }

    #[test]
    fn the_single_unit_row_of_a_table_by_unit_is_its_total() {
        let unit_row = |name: &str, total: &str| {
            let mut r = row(None, name, None, &[("total", total), ("basic", "60.00")]);
            r.texts = vec![("unit_name".to_string(), name.to_string())];
            r
        };
        let coded = |code: &str| row(Some(code), "行政运行", None, &[("basic", "60.00")]);
        let cols = &["unit_name", "code", "name", "total", "basic"];
        let one = table(
            "t7",
            "general_budget_expenditure",
            "万元",
            cols,
            vec![
                unit_row("某局（本级）", "100.00"),
                coded("201"),
                coded("2010601"),
            ],
        );
        let total = unit_total(&one);
        assert_eq!(total.and_then(|r| r.name.as_deref()), Some("某局（本级）"));
        // A department and its units: which row is the total is not known.
        let two = table(
            "t7",
            "general_budget_expenditure",
            "万元",
            cols,
            vec![
                unit_row("某局", "100.00"),
                coded("201"),
                unit_row("某局（本级）", "80.00"),
                coded("201"),
            ],
        );
        assert!(unit_total(&two).is_none());
        // A unit row under classification rows is no total either.
        let late = table(
            "t7",
            "general_budget_expenditure",
            "万元",
            cols,
            vec![coded("201"), unit_row("某局（本级）", "100.00")],
        );
        assert!(unit_total(&late).is_none());
    }

    #[test]
    fn reads_totals_and_parts() {
        let t1 = table(
            "t1",
            "revenue_expenditure_summary",
            "万元",
            &["total"],
            vec![
                row(
                    None,
                    "一、一般公共预算拨款收入",
                    Some("income"),
                    &[("total", "2,081.40")],
                ),
                row(None, "收入总计", Some("income"), &[("total", "2,081.40")]),
                row(
                    None,
                    "支出总计",
                    Some("expenditure"),
                    &[("total", "2081.40")],
                ),
            ],
        );
        let t2 = table(
            "t2",
            "expenditure_summary",
            "万元",
            &["total", "basic", "project"],
            vec![row(
                None,
                "合计",
                None,
                &[
                    ("total", "2081.40"),
                    ("basic", "130.84"),
                    ("project", "1950.56"),
                ],
            )],
        );
        let t3 = table(
            "t3",
            "three_public_expenses",
            "万元",
            &[
                "total",
                "overseas_travel",
                "vehicle_total",
                "vehicle_purchase",
                "vehicle_operation",
                "reception",
            ],
            vec![row(
                None,
                "合计",
                None,
                &[
                    ("total", "3"),
                    ("overseas_travel", "0"),
                    ("vehicle_total", "3"),
                    ("vehicle_purchase", "0"),
                    ("vehicle_operation", "3"),
                    ("reception", "0"),
                ],
            )],
        );
        let f = find(&[t1, t2, t3], None);
        let get = |k: &str| f.iter().find(|x| x.key == k).map(|x| x.value.clone());
        assert_eq!(get("revenue_total").as_deref(), Some("2081.40"));
        assert_eq!(get("expenditure_total").as_deref(), Some("2081.40"));
        assert_eq!(get("general_budget_revenue").as_deref(), Some("2081.40"));
        assert_eq!(get("basic_expenditure").as_deref(), Some("130.84"));
        assert_eq!(get("project_expenditure").as_deref(), Some("1950.56"));
        assert_eq!(get("three_public_total").as_deref(), Some("3"));
        assert_eq!(get("vehicle_operation").as_deref(), Some("3"));
        assert_eq!(get("reception").as_deref(), Some("0"));
    }
}

#[cfg(test)]
mod blank_tests {
    use super::tests::{row, table};
    use super::*;

    #[test]
    fn a_blank_cell_the_fact_names_is_zero_at_the_tables_precision() {
        // Row layout: `1.因公出国（境）费  -`.
        let t = table(
            "t9",
            "three_public_expenses",
            "元",
            &["total"],
            vec![
                row(None, "合计", None, &[("total", "122100.00")]),
                row(None, "1.因公出国（境）费", None, &[]),
            ],
        );
        let f = find(std::slice::from_ref(&t), None);
        let o = f.iter().find(|x| x.key == "overseas_travel").expect("zero");
        assert_eq!(o.value, "0.00");
        assert_eq!(o.name.as_deref(), Some("1.因公出国（境）费"));
        // Not every key of the table: 机关运行经费 is no row of it.
        assert!(!f.iter().any(|x| x.key == "agency_operating_costs"));
        // A cell OCR could not read is no zero: no figure at all.
        let mut unread = t.clone();
        unread.rows[1].unread = vec!["total".into()];
        let f = find(std::slice::from_ref(&unread), None);
        assert!(!f.iter().any(|x| x.key == "overseas_travel"));
        // Items as columns, one row of figures with blank items.
        let t = table(
            "t9",
            "three_public_expenses",
            "万元",
            &["total", "overseas_travel", "vehicle_total", "reception"],
            vec![row(
                None,
                "",
                None,
                &[("total", "0.95"), ("reception", "0.95")],
            )],
        );
        let f = find(&[t], None);
        let get = |k: &str| f.iter().find(|x| x.key == k).map(|x| x.value.as_str());
        assert_eq!(get("vehicle_total"), Some("0.00"));
        assert_eq!(get("overseas_travel"), Some("0.00"));
        assert_eq!(get("reception"), Some("0.95"));
    }

    /// A 收支总表 whose income figures were run into the expenditure names
    /// prints nothing on its income side: those blanks are no zeros.
    #[test]
    fn a_side_printing_nothing_while_the_other_prints_is_not_zero() {
        let summary = |income: &[(&str, &str)]| {
            table(
                "t1",
                "revenue_expenditure_summary",
                "元",
                &["total"],
                vec![
                    row(None, "一、一般公共预算拨款收入", Some("income"), income),
                    row(None, "收入总计", Some("income"), income),
                    row(
                        None,
                        "24,631,467一、一般公共服务支出",
                        Some("expenditure"),
                        &[("total", "17590630")],
                    ),
                    row(
                        None,
                        "支出总计",
                        Some("expenditure"),
                        &[("total", "24745303")],
                    ),
                ],
            )
        };
        let f = find(&[summary(&[])], None);
        assert!(
            !f.iter().any(|x| x.key == "general_budget_revenue"),
            "{f:?}"
        );
        // The same side read: its figure is taken.
        let f = find(&[summary(&[("total", "24631467")])], None);
        let g = f.iter().find(|x| x.key == "general_budget_revenue");
        assert_eq!(g.map(|x| x.value.as_str()), Some("24631467"));
    }

    #[test]
    fn a_total_row_without_its_label_is_the_total() {
        let mut total = row(
            None,
            "",
            None,
            &[("basic", "5364.75"), ("project", "4381.74")],
        );
        total.name = None;
        let t = table(
            "t6",
            "expenditure_summary",
            "万元",
            &["total", "basic", "project"],
            vec![
                row(
                    Some("208"),
                    "社会保障和就业支出",
                    None,
                    &[("basic", "754.75")],
                ),
                total,
            ],
        );
        let f = find(&[t], None);
        let get = |k: &str| f.iter().find(|x| x.key == k).map(|x| x.value.as_str());
        assert_eq!(get("basic_expenditure"), Some("5364.75"));
        assert_eq!(get("project_expenditure"), Some("4381.74"));
    }

    #[test]
    fn a_column_printed_twice_gives_no_figure() {
        // 2021 and 2022 side by side: `reception` is the first year's.
        let t = table(
            "t26",
            "three_public_expenses",
            "元",
            &["total", "reception", "total_2", "reception_2"],
            vec![row(
                None,
                "合计",
                None,
                &[
                    ("total", "746130"),
                    ("reception", "104390"),
                    ("total_2", "1005250"),
                    ("reception_2", "51300"),
                ],
            )],
        );
        let f = find(std::slice::from_ref(&t), None);
        assert!(
            f.iter()
                .all(|x| x.key != "reception" && x.key != "three_public_total"),
            "{f:#?}"
        );
        let w = uncertain_warnings(&[t], None);
        assert!(
            w.iter()
                .any(|w| w.contains("t26") && w.contains("reception, reception_2")),
            "{w:#?}"
        );
    }

    #[test]
    fn a_table_with_unnamed_amount_columns_gives_no_figure() {
        // A prose table of 年度 2022 / 2021 rows: its 年度 column read as an amount.
        let t = table(
            "t3",
            "general_budget_basic_expenditure",
            "万元",
            &["c2", "total", "personnel", "public_funds"],
            vec![row(
                None,
                "合计",
                None,
                &[
                    ("c2", "2022"),
                    ("total", "1187.6"),
                    ("public_funds", "360.1"),
                ],
            )],
        );
        assert!(find(std::slice::from_ref(&t), None).is_empty());
        let w = uncertain_warnings(&[t], None);
        assert!(
            w.iter().any(|w| w.contains("t3") && w.contains("c2")),
            "{w:#?}"
        );
    }

    #[test]
    fn rows_that_all_lost_their_labels_give_no_total() {
        let bare = |basic: &str| {
            let mut r = row(None, "", None, &[("basic", basic)]);
            r.name = None;
            r
        };
        let t = table(
            "t3",
            "expenditure_summary",
            "万元",
            &["total", "basic", "project"],
            vec![bare("20.357443"), bare("753.844740"), bare("10792.950131")],
        );
        let f = find(&[t], None);
        assert!(f.iter().all(|x| x.key != "basic_expenditure"), "{f:#?}");
    }

    #[test]
    fn a_table_printed_empty_gives_zero_for_its_own_columns() {
        let mut t = table(
            "t8",
            "three_public_expenses",
            "万元",
            &["total_budget", "total", "overseas_travel", "reception"],
            vec![],
        );
        t.empty = true;
        let f = find(&[t], None);
        let get = |k: &str| f.iter().find(|x| x.key == k).map(|x| x.value.as_str());
        assert_eq!(get("three_public_total"), Some("0"));
        assert_eq!(get("reception"), Some("0"));
        assert_eq!(get("agency_operating_costs"), None);
        // Without the empty flag, no row: nothing.
        let t = table("t8", "three_public_expenses", "万元", &["total"], vec![]);
        assert!(find(&[t], None).is_empty());
    }
}

#[cfg(test)]
mod twin_tests {
    use super::tests::{row, table};
    use super::*;
    use crate::reconcile::testutil::set_headers;

    fn get<'a>(f: &'a [TableFigure], key: &str) -> Option<&'a str> {
        f.iter().find(|x| x.key == key).map(|x| x.value.as_str())
    }

    #[test]
    fn the_documents_year_and_the_three_public_subtotal() {
        // 西安's 表13: 2021 | 2022 | 增减, each 合计 (with 会议费 and 培训费)
        // beside the “三公” 小计.
        let mut t = table(
            "t19",
            "three_public_expenses",
            "元",
            &[],
            vec![row(
                None,
                "合计",
                None,
                &[
                    ("total", "746130"),
                    ("total_2", "119390"),
                    ("meeting_fees", "306185"),
                    ("total_3", "1005250"),
                    ("total_4", "126300"),
                    ("meeting_fees_2", "584550"),
                    ("total_5", "259120"),
                    ("total_6", "6910"),
                    ("meeting_fees_3", "278365"),
                ],
            )],
        );
        set_headers(
            &mut t,
            &[
                ("total", "2021年/合计"),
                ("total_2", "2021年/“三公”经费预算/小计"),
                ("meeting_fees", "2021年/会议费"),
                ("total_3", "2022年/合计"),
                ("total_4", "2022年/“三公”经费预算/小计"),
                ("meeting_fees_2", "2022年/会议费"),
                ("total_5", "增减变化情况/合计"),
                ("total_6", "增减变化情况/“三公”经费预算/小计"),
                ("meeting_fees_3", "增减变化情况/会议费"),
            ],
        );
        let f = find(std::slice::from_ref(&t), Some(2022));
        assert_eq!(get(&f, "three_public_total"), Some("126300"));
        assert_eq!(get(&f, "meeting_fees"), Some("584550"));
        // No year known: which group is the document's cannot be told.
        let f = find(std::slice::from_ref(&t), None);
        assert_eq!(get(&f, "three_public_total"), None);
        assert_eq!(get(&f, "meeting_fees"), None);
        assert!(
            !uncertain_warnings(std::slice::from_ref(&t), Some(2022))
                .iter()
                .any(|w| w.contains("three_public_total") || w.contains("meeting_fees"))
        );
    }

    #[test]
    fn a_total_over_meeting_and_training_fees_is_not_the_three_public_total() {
        let mut t = table(
            "t9",
            "three_public_expenses",
            "万元",
            &[],
            vec![row(
                None,
                "",
                None,
                &[
                    ("total", "1384.74"),
                    ("total_2", "484.30"),
                    ("overseas_travel", "100.00"),
                    ("meeting_fees", "200.44"),
                ],
            )],
        );
        set_headers(
            &mut t,
            &[
                ("total", "合计"),
                ("total_2", "“三公”经费/小计"),
                ("overseas_travel", "“三公”经费/因公出国（境）费"),
                ("meeting_fees", "会议费"),
            ],
        );
        let f = find(std::slice::from_ref(&t), Some(2018));
        assert_eq!(get(&f, "three_public_total"), Some("484.30"));
        assert_eq!(get(&f, "meeting_fees"), Some("200.44"));
        // Without the 小计: the 合计 adds 会议费, no “三公” total.
        t.columns.remove(1);
        t.rows[0].values.remove(1);
        let f = find(std::slice::from_ref(&t), Some(2018));
        assert_eq!(get(&f, "three_public_total"), None);
        assert_eq!(get(&f, "overseas_travel"), Some("100.00"));
    }

    #[test]
    fn a_narrower_table_stands_in_only_where_the_funds_coincide() {
        let summary = |state_capital: &str| {
            table(
                "t1",
                "revenue_expenditure_summary",
                "万元",
                &["total"],
                vec![
                    row(
                        None,
                        "一般公共预算拨款收入",
                        Some("income"),
                        &[("total", "100.00")],
                    ),
                    row(
                        None,
                        "国有资本经营预算拨款收入",
                        Some("income"),
                        &[("total", state_capital)],
                    ),
                    row(None, "本年收入合计", Some("income"), &[("total", "100.00")]),
                ],
            )
        };
        let general = table(
            "t5",
            "general_budget_expenditure",
            "万元",
            &["total", "basic", "project"],
            vec![row(
                None,
                "合计",
                None,
                &[
                    ("total", "100.00"),
                    ("basic", "60.00"),
                    ("project", "40.00"),
                ],
            )],
        );
        let f = find(&[summary("50.00"), general.clone()], None);
        assert_eq!(get(&f, "basic_expenditure"), None, "other money: {f:?}");
        let f = find(&[summary("0"), general], None);
        assert_eq!(get(&f, "basic_expenditure"), Some("60.00"), "{f:?}");
    }

    #[test]
    fn totals_lost_misplaced_or_before_the_carry_over() {
        // A 合计 printing nothing over items that print: not zero.
        let t = table(
            "t18",
            "procurement",
            "元",
            &["total"],
            vec![
                row(None, "合计", None, &[]),
                row(None, "全额", None, &[("total", "700000")]),
            ],
        );
        assert_eq!(
            get(&find(std::slice::from_ref(&t), None), "procurement_total"),
            None
        );
        // 收入合计 after an empty 上年结转 is the grand total; before a
        // printed one, it is not.
        let side = |carry: &[(&str, &str)]| {
            table(
                "t4",
                "fiscal_appropriation_summary",
                "万元",
                &["total"],
                vec![
                    row(
                        None,
                        "一、一般公共预算",
                        Some("income"),
                        &[("total", "21940.96")],
                    ),
                    row(None, "收入合计", Some("income"), &[("total", "21940.96")]),
                    row(None, "上年结转", Some("income"), carry),
                ],
            )
        };
        let f = find(&[side(&[])], None);
        assert_eq!(get(&f, "fiscal_appropriation_total"), Some("21940.96"));
        let f = find(&[side(&[("total", "5.00")])], None);
        assert_eq!(get(&f, "fiscal_appropriation_total"), None);
        // Bare rows only: the last is the 合计 when the 收支总表 prints its total.
        let bare = |v: &[(&str, &str)]| {
            let mut r = row(None, "", None, v);
            r.name = None;
            r
        };
        let expenditure = table(
            "t3",
            "expenditure_summary",
            "万元",
            &["total", "basic"],
            vec![
                bare(&[("total", "20.00"), ("basic", "20.00")]),
                bare(&[("total", "30.00"), ("basic", "10.00")]),
                bare(&[("total", "50.00"), ("basic", "30.00")]),
            ],
        );
        let two_sided = |total: &str| {
            table(
                "t1",
                "revenue_expenditure_summary",
                "万元",
                &["total"],
                vec![row(
                    None,
                    "支出总计",
                    Some("expenditure"),
                    &[("total", total)],
                )],
            )
        };
        let f = find(&[two_sided("50.00"), expenditure.clone()], None);
        assert_eq!(get(&f, "basic_expenditure"), Some("30.00"));
        let f = find(&[two_sided("60.00"), expenditure], None);
        assert_eq!(get(&f, "basic_expenditure"), None);
    }
}
