//! Canonical rows from raw cells: the code (from the code column pieces, or
//! a code printed at the start of the name cell), the name, the unit code,
//! text cells and amounts.
//!
//! The name is the row label as printed: pieces of a wrapped cell joined and
//! spaces inside Chinese text removed (`本  年  收  入  合  计` →
//! `本年收入合计`). Enumerations (`一、`, `（一）`, `1.`) and `其中：` are kept
//! as printed: they are part of the label a reader searches the PDF for, and
//! fact extraction matches names by content, not by prefix. Amounts go
//! through [`crate::amount::normalize`]: `-`/blank → absent, `0.00` stays.
//!
//! Packed rows (cells in printed order without column positions) only get
//! their labels here ([`assign_labels`]); their amounts are placed by
//! `placement`.

use super::columns::{ColumnPlan, Role};
use crate::codes;
use crate::model::Row;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// Is this character part of Chinese text (CJK or full-width punctuation)?
fn is_wide(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace()
}

/// Join the pieces of a wrapped label and drop whitespace that touches
/// Chinese text; whitespace between ASCII words collapses to one space.
pub fn clean_label(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let prev = out.chars().last();
            let next = chars.get(j).copied();
            let touches_wide = prev.is_some_and(is_wide) || next.is_some_and(is_wide);
            if !touches_wide && prev.is_some() && next.is_some() {
                out.push(' ');
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

fn re_leading_code() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        // A code in brackets (`[201]`, `【20101】`, `［30101］`) or followed by
        // a space, a dash (`201-一般公共服务支出`) or the name itself. Only
        // 3/5/7-digit shapes: a year (4 digits) or an amount never matches.
        Regex::new(
            r"^(?:[\[【［][ \t]*(\d{7}|\d{5}|\d{3})[ \t]*[\]】］][ \t]*(?:[-－—–][ \t]*)?|(\d{7}|\d{5}|\d{3}(?:[ \t]+\d{1,2}){0,2})(?:[ \t]*[-－—–][ \t]*|[ \t]+|([^\d\s.,、．\-－—–])))(.*)$",
        )
            .unwrap_or_else(|_| unreachable!())
    })
}

/// Marks a speck of dust next to a code is read as on a scan.
const CODE_SPECKS: [char; 8] = ['.', '。', ',', '，', '·', ':', '：', '?'];

/// A label whose code a scan framed in specks (`.30106伙食补助费`,
/// `302.,?商品和服务支出`): without them. Marks go only before a leading
/// 3/5/7-digit run and between such a run and a Chinese character; a figure
/// with a point (`2081.40`) or an enumeration (`1.因公出国`) is untouched.
fn without_code_specks(label: &str) -> String {
    let t = label.trim();
    let body = t.trim_start_matches(CODE_SPECKS);
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        return t.to_string();
    }
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    let (code, rest) = body.split_at(digits);
    let after = rest.trim_start_matches(CODE_SPECKS);
    let marks_then_han = after.len() < rest.len() && after.starts_with(is_wide);
    if matches!(digits, 3 | 5 | 7) && marks_then_han {
        format!("{code}{after}")
    } else {
        body.to_string()
    }
}

/// A code printed at the start of a name cell (`2101501 行政运行`,
/// `301 01 基本工资`): the code and the rest of the label.
pub fn split_leading_code(label: &str) -> Option<(String, String)> {
    let label = without_code_specks(label);
    let caps = re_leading_code().captures(&label)?;
    let digits = caps.get(1).or_else(|| caps.get(2))?.as_str();
    let code = codes::parse(digits)?;
    let rest = format!(
        "{}{}",
        caps.get(3).map(|m| m.as_str()).unwrap_or(""),
        caps.get(4).map(|m| m.as_str()).unwrap_or("")
    );
    let rest = clean_label(&rest);
    if rest.is_empty() {
        None
    } else {
        Some((code, rest))
    }
}

/// A 款 code followed by a name that starts with the 项 piece
/// (`20406` + `01行政运行` → `2040601` + `行政运行`): exactly two digits, then
/// a Chinese character. Pieces are printed zero-padded (`01`, `10`); a name
/// never starts with two bare digits glued to Chinese text, while a count
/// (`1号线`) or a year (`2026年`) has another shape and stays. Only after a
/// 款: after a bare 类 the piece could be a 项 whose 款 was lost, and a
/// wrong code is a wrong row.
pub fn absorb_code_piece(code: &str, name: &str) -> Option<(String, String)> {
    if code.len() != 5 {
        return None;
    }
    let name = name.trim();
    let mut chars = name.chars();
    let (d1, d2, next) = (chars.next()?, chars.next()?, chars.next()?);
    if !(d1.is_ascii_digit() && d2.is_ascii_digit() && is_wide(next)) {
        return None;
    }
    let joined = codes::join_parts(&[code, &name[..2]])?;
    Some((joined, clean_label(&name[2..])))
}

/// Does a cell look like a code piece or a unit code rather than an amount
/// (an integer without separators: `201`, `36`, `003009`, `210 15 01`)?
pub fn is_code_like(cell: &str) -> bool {
    let t = cell.trim();
    !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || c == ' ')
        && t.chars().any(|c| c.is_ascii_digit())
}

/// Marks printed in the label cells of a column-number row: `**` (湖州),
/// `栏次` / `行次` and the 甲 乙 丙 丁 that number the label columns of 决算
/// tables.
const COLUMN_NUMBER_MARKS: [&str; 6] = ["栏次", "行次", "甲", "乙", "丙", "丁"];

/// Is this raw row the row that numbers the columns (`** ** 1 2 3 4 5`,
/// `栏次 1 2 3`, `甲 乙 1 2=3+4`) rather than a data row? Its label cells
/// are blank or column marks and its other cells count up by one (at least
/// three numbers, or two beside a mark); a number may carry its column's
/// formula (`3=4+5`). Such a row belongs to the header: read as data it
/// gives every relation of the table a false failure (`1 ≠ 2 + 3`).
pub fn is_column_number_row(cells: &[String]) -> bool {
    let mut numbers: Vec<u32> = Vec::new();
    let mut marked = false;
    for c in cells {
        let t: String = c.chars().filter(|ch| !ch.is_whitespace()).collect();
        if t.is_empty() {
            continue;
        }
        if t.chars().all(|ch| ch == '*' || ch == '＊') || COLUMN_NUMBER_MARKS.contains(&t.as_str())
        {
            marked = true;
            continue;
        }
        let head = t.split('=').next().unwrap_or("");
        let formula_ok = t.split('=').skip(1).all(|f| {
            !f.is_empty()
                && f.chars()
                    .all(|ch| ch.is_ascii_digit() || matches!(ch, '+' | '-' | '－' | '×'))
        });
        match head.parse::<u32>() {
            Ok(n) if head.len() <= 3 && formula_ok => numbers.push(n),
            _ => return false,
        }
    }
    let counting = numbers.windows(2).all(|w| w[1] == w[0] + 1);
    // `** ** 1` numbers the one amount column of a table.
    counting && (numbers.len() >= 3 || (marked && !numbers.is_empty()))
}

/// A row under construction: labels set, amounts either set (aligned) or
/// waiting for placement (packed).
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub row: Row,
    /// Index of the segment (side) the row came from.
    pub segment: usize,
    /// Packed amounts in printed order, not yet placed.
    pub packed: Option<Vec<String>>,
}

/// Text keys of a code printed beside the row's own (`gov_economic_code`)
/// and of its name (`gov_economic_name`).
const CODE_SUFFIX: &str = "_code";
const NAME_SUFFIX: &str = "_name";

/// Text keys naming the budget unit or department a row belongs to.
const UNIT_LABEL_KEYS: [&str; 2] = ["unit_name", "department_name"];

/// Fill code, name, unit code and texts of `row` from `(role, cell)` pairs.
fn fill_labels(row: &mut Row, pairs: &[(&Role, &str)]) {
    let mut code_parts: Vec<String> = Vec::new();
    let mut name_parts: Vec<String> = Vec::new();
    for (role, cell) in pairs {
        let cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        match role {
            // A code column that prints code and name in one cell
            // (`30101-基本工资`, 北京 基本支出表): the code, and the name.
            Role::Code if !is_code_like(cell) => match split_leading_code(cell) {
                Some((code, rest)) => {
                    code_parts.push(code);
                    name_parts.push(rest);
                }
                // A label printed across the code column (`合计`).
                None if !cell.chars().any(|c| c.is_ascii_digit()) => {
                    name_parts.push(clean_label(cell))
                }
                None => code_parts.push(cell.to_string()),
            },
            // a code wrapped in its narrow cell (`3010` over `1`) is one piece
            Role::Code => code_parts.push(codes::unwrap(cell).unwrap_or_else(|| cell.to_string())),
            Role::Name => name_parts.push(clean_label(cell)),
            // A unit code has digits; a label printed across the unit-code
            // column (`总计` spanning 单位编码 and 项目名称) is the row's name.
            Role::UnitCode if !cell.chars().any(|c| c.is_ascii_digit()) => {
                name_parts.push(clean_label(cell))
            }
            Role::UnitCode => {
                row.unit_code = Some(cell.chars().filter(|c| !c.is_whitespace()).collect())
            }
            // A second classification printed as code and name in one cell
            // (`50101-工资奖金津补贴` under 政府支出经济分类科目): its code
            // under the `_code` key, its name under the matching `_name`.
            Role::Text(k) if k.ends_with(CODE_SUFFIX) && !is_code_like(cell) => {
                match split_leading_code(cell) {
                    Some((code, rest)) => {
                        let stem = &k[..k.len() - CODE_SUFFIX.len()];
                        row.texts.push((k.clone(), code));
                        row.texts.push((format!("{stem}{NAME_SUFFIX}"), rest));
                    }
                    None => row.texts.push((k.clone(), clean_label(cell))),
                }
            }
            Role::Text(k) => row.texts.push((k.clone(), clean_label(cell))),
            Role::Amount(_) | Role::Ignore => {}
        }
    }
    if !code_parts.is_empty() {
        let refs: Vec<&str> = code_parts
            .iter()
            .flat_map(|p| p.split_whitespace())
            .collect();
        row.code = codes::join_parts(&refs);
    }
    let name = clean_label(&name_parts.join(""));
    row.name = if name.is_empty() { None } else { Some(name) };
    if row.code.is_none()
        && let Some((code, rest)) = row.name.as_deref().and_then(split_leading_code)
    {
        row.code = Some(code);
        row.name = Some(rest);
    }
    // A split code's last piece read into the name cell (`20406` | `01行政运行`):
    // on a scan the piece sits as close to the name as to the code column.
    if let Some((code, rest)) = row
        .code
        .as_deref()
        .zip(row.name.as_deref())
        .and_then(|(c, n)| absorb_code_piece(c, n))
    {
        row.code = Some(code);
        row.name = Some(rest);
    }
    // A by-unit listing's unit line (`深圳市财政局（本级）` under 预算单位,
    // code and name blank): the unit is the row's label.
    if row.code.is_none()
        && row.name.is_none()
        && let Some((_, unit)) = row
            .texts
            .iter()
            .find(|(k, _)| UNIT_LABEL_KEYS.contains(&k.as_str()))
    {
        row.name = Some(unit.clone());
    }
    // A name column holding only a code (`208` printed in the label column).
    if row.code.is_none()
        && let Some(code) = row
            .name
            .as_deref()
            .filter(|n| is_code_like(n))
            .and_then(codes::parse)
    {
        row.code = Some(code);
        row.name = None;
    }
}

fn empty_row(page: u32, side: Option<&str>) -> Row {
    Row {
        code: None,
        name: None,
        side: side.map(str::to_string),
        unit_code: None,
        texts: Vec::new(),
        values: Vec::new(),
        unread: Vec::new(),
        readings: Vec::new(),
        page,
    }
}

/// A row from aligned cells (`cells[i]` under `plan.roles[i]`), restricted to
/// one segment. `None` when the segment of this line is blank.
pub fn build_aligned(
    cells: &[String],
    plan: &ColumnPlan,
    seg: &Range<usize>,
    page: u32,
    side: Option<&str>,
) -> Option<Row> {
    let mut row = empty_row(page, side);
    let pairs: Vec<(&Role, &str)> = seg
        .clone()
        .filter_map(|j| {
            Some((
                plan.roles.get(j)?,
                cells.get(j).map(String::as_str).unwrap_or(""),
            ))
        })
        .collect();
    fill_labels(&mut row, &pairs);
    for (role, cell) in &pairs {
        let Role::Amount(k) = role else { continue };
        match crate::amount::normalize(cell) {
            Some(v) if !row.values.iter().any(|(key, _)| key == k) => {
                row.values.push((k.clone(), v));
            }
            Some(_) => {}
            // Digits that are no amount (a misread figure, `1,0709.32?`
            // from OCR): unknown, not blank.
            None if cell.chars().any(|c| c.is_ascii_digit()) => {
                row.unread.push(k.clone());
                row.readings.push((k.clone(), cell.trim().to_string()));
            }
            None => {}
        }
    }
    if row.code.is_none()
        && row.name.is_none()
        && row.unit_code.is_none()
        && row.texts.is_empty()
        && row.values.is_empty()
    {
        return None;
    }
    Some(row)
}

/// The cell printed under amount column `key` in segment `seg`.
pub fn amount_cell<'a>(
    cells: &'a [String],
    plan: &ColumnPlan,
    seg: &Range<usize>,
    key: &str,
) -> &'a str {
    seg.clone()
        .find(|&j| matches!(plan.roles.get(j), Some(Role::Amount(k)) if k == key))
        .and_then(|j| cells.get(j))
        .map_or("", |c| c.trim())
}

/// A row as a person finds it: code and name.
pub fn label_of(row: &Row) -> String {
    match (&row.code, &row.name) {
        (Some(c), Some(n)) => format!("{c} {n}"),
        (Some(c), None) => c.clone(),
        (None, Some(n)) => n.clone(),
        (None, None) => "(unnamed row)".into(),
    }
}

/// Split a packed row's cells into labels and amounts.
///
/// Layout's convention (`/work/notes/packed_rows.md`): `[code, unit_code,
/// text…, amount…]`, the amounts being the trailing cells from the first
/// amount or `-` placeholder on. Without that shape, amounts are the
/// trailing run of amount cells, leading integers that read as code pieces
/// staying labels when the table has code columns. When the amounts with
/// their placeholders are exactly `n_amount_columns`, placeholders are kept
/// as `""` (they hold a column's place); otherwise they are dropped.
pub fn split_packed_cells(
    cells: &[String],
    has_code_columns: bool,
    n_amount_columns: usize,
) -> (Vec<String>, Vec<String>) {
    let cells: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
    let is_amount = |c: &str| crate::amount::normalize(c).is_some();
    let is_slot = |c: &str| is_amount(c) || (!c.is_empty() && crate::amount::is_placeholder(c));
    let conventional = cells.len() >= 2
        && cells
            .iter()
            .take(2)
            .all(|c| c.is_empty() || is_code_like(c))
        && (cells.iter().take(2).any(|c| c.is_empty())
            || cells.get(2).is_some_and(|c| !is_code_like(c)));
    let start = if conventional {
        // Amounts are the trailing run after the last text cell (a digit
        // label such as a second classification code may sit among texts).
        let last_text = cells.iter().rposition(|c| !c.is_empty() && !is_slot(c));
        last_text.map_or(2, |i| (i + 1).max(2))
    } else {
        let mut start = cells.len();
        while start > 0 && (is_slot(&cells[start - 1]) || cells[start - 1].is_empty()) {
            start -= 1;
        }
        if has_code_columns {
            while start < cells.len()
                && (is_code_like(&cells[start]) || cells[start].is_empty())
                && !cells[start].contains('.')
            {
                start += 1;
            }
            // All integers: the last one at least is an amount.
            if start == cells.len()
                && start > 0
                && !cells.iter().any(|c| !c.is_empty() && !is_code_like(c))
            {
                start = cells.len() - 1;
            }
        }
        start
    };
    let start = start.min(cells.len());
    let labels: Vec<String> = cells[..start]
        .iter()
        .filter(|c| !c.is_empty())
        .cloned()
        .collect();
    let slots: Vec<&String> = cells[start..].iter().filter(|c| !c.is_empty()).collect();
    let amounts = if slots.len() == n_amount_columns && slots.iter().any(|c| !is_amount(c)) {
        slots
            .iter()
            .map(|c| crate::amount::normalize(c).unwrap_or_default())
            .collect()
    } else {
        slots
            .iter()
            .filter_map(|c| crate::amount::normalize(c))
            .collect()
    };
    (labels, amounts)
}

/// Give the labels of a packed row to the segment's label columns, in order:
/// integer labels go to code pieces then the unit code, text labels to the
/// text and name columns. A single text label is the name.
pub fn assign_labels(
    labels: &[String],
    plan: &ColumnPlan,
    seg: &Range<usize>,
    page: u32,
    side: Option<&str>,
) -> Row {
    let cols: Vec<&Role> = seg
        .clone()
        .filter_map(|j| plan.roles.get(j))
        .filter(|r| r.is_label())
        .collect();
    let texts: Vec<&String> = labels.iter().filter(|l| !is_code_like(l)).collect();
    let mut pairs: Vec<(&Role, &str)> = Vec::new();
    let mut pos = 0usize;
    let code_cols = cols.iter().filter(|r| matches!(r, Role::Code)).count();
    let mut code_used = 0usize;
    for l in labels {
        if is_code_like(l) {
            let pieces = l.split_whitespace().count();
            if code_used < code_cols && (code_used + pieces <= code_cols || code_used == 0) {
                code_used += pieces;
                pairs.push((&Role::Code, l));
                continue;
            }
            if cols.iter().any(|r| matches!(r, Role::UnitCode))
                && !pairs.iter().any(|(r, _)| matches!(r, Role::UnitCode))
            {
                pairs.push((&Role::UnitCode, l));
                continue;
            }
            if code_cols == 0 && pairs.is_empty() && codes::parse(l).is_some() {
                pairs.push((&Role::Code, l));
                continue;
            }
            // A second code printed among the texts (政府预算经济分类 beside
            // 部门预算经济分类): the next text column.
            if let Some(off) = cols
                .iter()
                .skip(pos)
                .position(|r| matches!(r, Role::Text(_)))
            {
                pairs.push((cols[pos + off], l));
                pos += off + 1;
            }
            continue;
        }
        if texts.len() == 1 || !cols.iter().any(|r| matches!(r, Role::Text(_))) {
            pairs.push((&Role::Name, l));
            continue;
        }
        // Next text-kind column after the last one used.
        while pos < cols.len() && !matches!(cols[pos], Role::Text(_) | Role::Name) {
            pos += 1;
        }
        match cols.get(pos) {
            Some(r) => {
                pairs.push((*r, l));
                pos += 1;
            }
            None => pairs.push((&Role::Name, l)),
        }
    }
    let mut row = empty_row(page, side);
    fill_labels(&mut row, &pairs);
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::catalog::catalog;
    use crate::templates::columns::plan;

    #[test]
    fn column_number_rows_are_not_data() {
        let v = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert!(is_column_number_row(&v(&[
            "**", "**", "1", "2", "3", "4", "5"
        ])));
        assert!(is_column_number_row(&v(&["栏次", "", "1", "2", "3"])));
        assert!(is_column_number_row(&v(&["甲", "乙", "1", "2=3+4"])));
        assert!(is_column_number_row(&v(&["", "", "4", "5", "6", "7"])));
        assert!(is_column_number_row(&v(&["**", "**", "1"])));
        // Data rows: a label, or figures that do not count up.
        assert!(!is_column_number_row(&v(&["合计", "1", "2", "3"])));
        assert!(!is_column_number_row(&v(&[
            "201",
            "一般公共服务支出",
            "5",
            "5",
            "0"
        ])));
        assert!(!is_column_number_row(&v(&["", "60", "60", "71"])));
        assert!(!is_column_number_row(&v(&["1", "2"])));
        assert!(!is_column_number_row(&v(&["1.00", "2.00", "3.00"])));
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn labels_are_cleaned() {
        assert_eq!(clean_label("本  年  收  入  合  计"), "本年收入合计");
        assert_eq!(clean_label("一般公共预\n算"), "一般公共预算");
        assert_eq!(clean_label("其他 IT 服务 支出"), "其他IT服务支出");
        assert_eq!(clean_label("Wi Fi  设备"), "Wi Fi设备");
        assert_eq!(clean_label(" 1. 因公出国（境）费"), "1.因公出国（境）费");
    }

    #[test]
    fn leading_codes() {
        assert_eq!(
            split_leading_code("2101501 行政运行"),
            Some(("2101501".into(), "行政运行".into()))
        );
        assert_eq!(
            split_leading_code("301 1 基本工资"),
            Some(("30101".into(), "基本工资".into()))
        );
        assert_eq!(
            split_leading_code("208社会保障和就业支出"),
            Some(("208".into(), "社会保障和就业支出".into()))
        );
        assert_eq!(split_leading_code("2021年预算"), None);
        // Bracketed and dashed codes (广州 prints `[201]一般公共服务支出`).
        assert_eq!(
            split_leading_code("[201]一般公共服务支出"),
            Some(("201".into(), "一般公共服务支出".into()))
        );
        assert_eq!(
            split_leading_code("  [2210201]住房公积金"),
            Some(("2210201".into(), "住房公积金".into()))
        );
        assert_eq!(
            split_leading_code("【30101】基本工资"),
            Some(("30101".into(), "基本工资".into()))
        );
        assert_eq!(
            split_leading_code("201-一般公共服务支出"),
            Some(("201".into(), "一般公共服务支出".into()))
        );
        assert_eq!(
            split_leading_code("20101 - 人大事务"),
            Some(("20101".into(), "人大事务".into()))
        );
        // Neither a bracketed year nor a four-digit figure is a code.
        assert_eq!(split_leading_code("[2026]预算"), None);
        assert_eq!(split_leading_code("2026-2027年"), None);
        assert_eq!(split_leading_code("[2010]"), None);
        assert_eq!(split_leading_code("1. 因公出国（境）费"), None);
    }

    /// Specks a scan reads around a code (`.30106伙食补助费`).
    #[test]
    fn specks_around_a_leading_code() {
        assert_eq!(
            split_leading_code(".30106伙食补助费"),
            Some(("30106".into(), "伙食补助费".into()))
        );
        assert_eq!(
            split_leading_code("302.,?商品和服务支出"),
            Some(("302".into(), "商品和服务支出".into()))
        );
        assert_eq!(split_leading_code("2081.40"), None);
        assert_eq!(split_leading_code(".2081.40万元"), None);
        assert_eq!(split_leading_code("1.因公出国（境）费"), None);
        assert_eq!(split_leading_code("2026.年"), None);
    }

    #[test]
    fn a_code_piece_read_into_the_name_joins_the_code() {
        assert_eq!(
            absorb_code_piece("20406", "01行政运行"),
            Some(("2040601".into(), "行政运行".into()))
        );
        assert_eq!(absorb_code_piece("208", "05行政事业单位养老支出"), None);
        // A whole code, a year, a count, one digit: not a piece.
        assert_eq!(absorb_code_piece("2040601", "01行政运行"), None);
        assert_eq!(absorb_code_piece("201", "2026年预算"), None);
        assert_eq!(absorb_code_piece("201", "1号线"), None);
        assert_eq!(absorb_code_piece("201", "一般公共服务支出"), None);
    }

    /// 北京 基本支出表: 政府支出经济分类科目 | 部门支出经济分类科目, each
    /// cell `code-name`; the second is the row's code and name.
    #[test]
    fn two_code_name_columns() {
        let headers = s(&[
            "政府支出经济分类科目",
            "部门支出经济分类科目",
            "预算数/合计",
            "预算数/人员经费",
            "预算数/公用经费",
        ]);
        let p = plan(&headers, &[], catalog(), false);
        assert_eq!(p.roles[0], Role::Text("gov_economic_code".into()));
        assert_eq!(p.roles[1], Role::Code);
        let seg = p.segments[p.segments.len() - 1].clone();
        let r = build_aligned(
            &s(&[
                "50101-工资奖金津补贴",
                "30101-基本工资",
                "1,431.043200",
                "1,431.043200",
                "",
            ]),
            &p,
            &seg,
            9,
            None,
        )
        .unwrap_or_else(|| panic!("row"));
        assert_eq!(r.code.as_deref(), Some("30101"));
        assert_eq!(r.name.as_deref(), Some("基本工资"));
        assert!(
            r.texts
                .contains(&("gov_economic_code".into(), "50101".into()))
        );
        assert!(
            r.texts
                .contains(&("gov_economic_name".into(), "工资奖金津补贴".into()))
        );
        // The total row prints 合计 in the code column.
        let t = build_aligned(
            &s(&["", "合计", "10,792.45", "9,883.03", "909.42"]),
            &p,
            &seg,
            10,
            None,
        )
        .unwrap_or_else(|| panic!("row"));
        assert_eq!((t.code.as_deref(), t.name.as_deref()), (None, Some("合计")));
    }

    /// 深圳 by-unit listing: the unit's line has only 预算单位 filled.
    #[test]
    fn unit_line_takes_the_unit_as_label() {
        let p = plan(
            &s(&["预算单位", "科目编码", "科目名称", "支出总计"]),
            &[],
            catalog(),
            false,
        );
        let r = build_aligned(
            &s(&["深圳市财政局（本级）", "", "", "37,385.88"]),
            &p,
            &(0..4),
            31,
            None,
        )
        .unwrap_or_else(|| panic!("row"));
        assert_eq!(r.name.as_deref(), Some("深圳市财政局（本级）"));
    }

    #[test]
    fn aligned_rows() {
        let p = plan(
            &s(&[
                "科目代码",
                "科目名称",
                "合计",
                "基本支出",
                "项目支出",
                "备注",
            ]),
            &[],
            catalog(),
            false,
        );
        let seg = 0..6;
        let r = build_aligned(
            &s(&["2101501", "行政运行", "4237728.41", "4,237,728.41", "-", ""]),
            &p,
            &seg,
            3,
            None,
        );
        let r = r.unwrap_or_else(|| panic!("row"));
        assert_eq!(r.code.as_deref(), Some("2101501"));
        assert_eq!(
            r.values,
            vec![
                ("total".to_string(), "4237728.41".to_string()),
                ("basic".into(), "4237728.41".into())
            ]
        );
        let p = plan(
            &s(&[
                "科目编码/类",
                "科目编码/款",
                "科目编码/项",
                "科目名称",
                "合计",
            ]),
            &[],
            catalog(),
            false,
        );
        let r = build_aligned(
            &s(&["210", "15", "01", "行政  运行", "0.00"]),
            &p,
            &(0..5),
            1,
            None,
        )
        .unwrap_or_else(|| panic!());
        assert_eq!(
            (r.code.as_deref(), r.name.as_deref()),
            (Some("2101501"), Some("行政运行"))
        );
        assert_eq!(r.values, vec![("total".to_string(), "0.00".to_string())]);
        assert!(build_aligned(&s(&["", "", "", "", "-"]), &p, &(0..5), 1, None).is_none());
    }

    #[test]
    fn packed_labels() {
        let p = plan(
            &s(&[
                "科目编码/类",
                "科目编码/款",
                "科目编码/项",
                "部门代码",
                "部门名称",
                "科目名称",
                "总计",
                "基本支出/工资福利支出",
            ]),
            &[],
            catalog(),
            false,
        );
        let (labels, amounts) = split_packed_cells(
            &s(&[
                "201 36 99",
                "003009",
                "新乡市红旗区医疗保障局",
                "其他共产党事务支出",
                "0.30",
                "0.30",
            ]),
            true,
            2,
        );
        assert_eq!(amounts, s(&["0.30", "0.30"]));
        let r = assign_labels(&labels, &p, &(0..8), 5, None);
        assert_eq!(r.code.as_deref(), Some("2013699"));
        assert_eq!(r.unit_code.as_deref(), Some("003009"));
        assert_eq!(r.name.as_deref(), Some("其他共产党事务支出"));
        assert_eq!(
            r.texts,
            vec![(
                "department_name".to_string(),
                "新乡市红旗区医疗保障局".to_string()
            )]
        );
        let (labels, amounts) =
            split_packed_cells(&s(&["", "", "合计", "2,081.40", "115.99"]), true, 2);
        assert_eq!(
            assign_labels(&labels, &p, &(0..8), 5, None).name.as_deref(),
            Some("合计")
        );
        assert_eq!(amounts.len(), 2);
        let (labels, amounts) = split_packed_cells(
            &s(&["201", "36", "99", "003009", "局", "其他", "0.30"]),
            true,
            2,
        );
        assert_eq!(amounts, s(&["0.30"]));
        assert_eq!(
            assign_labels(&labels, &p, &(0..8), 5, None).code.as_deref(),
            Some("2013699")
        );
        // Placeholders hold a column's place when they complete the row.
        let (_, amounts) = split_packed_cells(
            &s(&["2101501", "", "行政运行", "5.00", "-", "5.00"]),
            true,
            3,
        );
        assert_eq!(amounts, s(&["5.00", "", "5.00"]));
        let (_, amounts) = split_packed_cells(
            &s(&["2101501", "", "行政运行", "5.00", "-", "5.00"]),
            true,
            4,
        );
        assert_eq!(amounts, s(&["5.00", "5.00"]));
        // A second classification code among the texts is a label.
        let p = plan(
            &s(&[
                "部门预算经济分类",
                "部门预算经济分类/科目名称",
                "政府预算经济分类",
                "政府预算经济分类/科目名称",
                "总计",
            ]),
            &[],
            catalog(),
            false,
        );
        let (labels, amounts) = split_packed_cells(
            &s(&["30101", "", "基本工资", "50501", "工资福利支出", "36.46"]),
            true,
            1,
        );
        assert_eq!(amounts, s(&["36.46"]));
        let r = assign_labels(&labels, &p, &(0..5), 1, None);
        assert_eq!(
            (r.code.as_deref(), r.name.as_deref()),
            (Some("30101"), Some("基本工资"))
        );
        assert_eq!(
            r.texts,
            vec![
                ("gov_economic_code".to_string(), "50501".to_string()),
                ("gov_economic_name".into(), "工资福利支出".into())
            ]
        );
    }

    #[test]
    fn a_label_in_the_unit_code_column_is_the_name() {
        let p = plan(&s(&["单位编码", "项目名称", "合计"]), &[], catalog(), false);
        let r = build_aligned(&s(&["总计", "", "24471000.00"]), &p, &(0..3), 1, None)
            .unwrap_or_else(|| panic!());
        assert_eq!(
            (r.unit_code.as_deref(), r.name.as_deref()),
            (None, Some("总计"))
        );
        let r = build_aligned(
            &s(&["152001", "窗口补贴", "72000.00"]),
            &p,
            &(0..3),
            1,
            None,
        )
        .unwrap_or_else(|| panic!());
        assert_eq!(
            (r.unit_code.as_deref(), r.name.as_deref()),
            (Some("152001"), Some("窗口补贴"))
        );
    }
}
