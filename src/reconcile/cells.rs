//! What the rules share: cell addresses, row-name normalisation, amount
//! lookup and the wording of check messages.

use super::tolerance::{Amount, Settings, format_like};
use super::vocab::vocab;
use crate::messages::{Text, checks as msg};
use crate::model::{Check, CheckRow, CheckStatus, Row, Table};
use rust_decimal::Decimal;

/// One cell of one table: table index, row index, column key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellKey {
    pub table: usize,
    pub row: usize,
    pub column: String,
}

/// A check and the cells it read; `cells[0]` is the printed figure checked
/// (the "actual"), the rest what it was checked against.
#[derive(Debug, Clone)]
pub struct Finding {
    pub check: Check,
    pub cells: Vec<CellKey>,
    /// Sort key: table index, row index, column index, rule rank.
    pub order: (usize, usize, usize, usize),
}

/// Rule ranks: the order rules appear in within one cell.
pub fn rule_rank(rule: &str) -> usize {
    match rule {
        "children_sum" => 0,
        "column_total" => 1,
        "row_identity" => 2,
        "balance" => 3,
        "cross_table" => 4,
        _ => 5,
    }
}

/// A row label for matching: spaces removed, an enumeration prefix
/// (`一、`, `（一）`, `1.`, `1、`) and `加：`/`减：` stripped.
pub fn norm_name(name: &str) -> String {
    let s: String = name
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    let mut rest = s.as_str();
    for p in ["加：", "减：", "加:", "减:"] {
        if let Some(r) = rest.strip_prefix(p) {
            rest = r;
        }
    }
    strip_enumeration(rest).to_string()
}

/// The level of a label's enumeration: 1 for `一、`, 2 for `（一）`, 3 for
/// `1.` / `1、`, 4 for `（1）`; `None` when not enumerated. Items at the
/// smallest level printed are the top-level items of a list.
pub fn enumeration_level(name: &str) -> Option<u8> {
    let s: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = strip_enumeration(&s);
    if rest.len() == s.len() {
        return None;
    }
    let head = &s[..s.len() - rest.len()];
    let paren = head.starts_with('（') || head.starts_with('(');
    let arabic = head
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    Some(match (paren, arabic) {
        (false, false) => 1,
        (true, false) => 2,
        (false, true) => 3,
        (true, true) => 4,
    })
}

/// Of `items`, those enumerated at the top level printed among them.
pub fn top_enumerated(items: &[usize], name: impl Fn(usize) -> String) -> Vec<usize> {
    let levels: Vec<(usize, Option<u8>)> = items
        .iter()
        .map(|&i| (i, enumeration_level(&name(i))))
        .collect();
    let Some(top) = levels.iter().filter_map(|(_, l)| *l).min() else {
        return Vec::new();
    };
    levels
        .into_iter()
        .filter(|(_, l)| *l == Some(top))
        .map(|(i, _)| i)
        .collect()
}

/// Of `items`, those not under an enumerated item of a higher level: a row
/// enumerated `（一）` after a `一、` row is a child of it, while rows printed
/// without enumeration stay items of their own.
pub fn outside_enumerations(items: &[usize], name: impl Fn(usize) -> String) -> Vec<usize> {
    let mut highest: Option<u8> = None;
    let mut out = Vec::new();
    for &i in items {
        let level = enumeration_level(&name(i));
        let child = matches!((level, highest), (Some(l), Some(h)) if h < l);
        if !child {
            out.push(i);
        }
        if let Some(l) = level {
            highest = Some(highest.map_or(l, |h| h.min(l)));
        }
    }
    out
}

fn strip_enumeration(s: &str) -> &str {
    const NUMERALS: &str = "一二三四五六七八九十零〇0123456789０１２３４５６７８９";
    // （一） / (1)
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(r) = s.strip_prefix(open)
            && let Some(end) = r.find(close)
        {
            let inner = &r[..end];
            if !inner.is_empty() && inner.chars().all(|c| NUMERALS.contains(c)) {
                return &r[end + close.len_utf8()..];
            }
        }
    }
    // 一、 / 1. / 1、 / 1．
    let head: usize = s
        .chars()
        .take_while(|c| NUMERALS.contains(*c))
        .map(char::len_utf8)
        .sum();
    if head > 0 {
        let r = &s[head..];
        for sep in ['、', '.', '．', ' '] {
            if let Some(r2) = r.strip_prefix(sep) {
                return r2;
            }
        }
    }
    s
}

/// A `其中：…` row: a sub-item of the row above, never added to a total.
pub fn is_sub_item(row: &Row) -> bool {
    let Some(name) = row.name.as_deref() else {
        return false;
    };
    let s: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    vocab()
        .sub_item_prefixes
        .iter()
        .any(|p| s.starts_with(p.as_str()))
}

/// A row labelled by a number and nothing else: an amount layout took for a
/// label (a neighbouring table's column run into this one). Not a row of
/// the table; rules leave it alone.
pub fn is_artefact(row: &Row) -> bool {
    row.code.is_none()
        && row.unit_code.is_none()
        && row.name.as_deref().is_some_and(crate::amount::is_amount)
}

/// A 合计 / 总计 / 小计 row without a code.
pub fn is_total_row(row: &Row) -> bool {
    row.code.is_none()
        && row
            .name
            .as_deref()
            .is_some_and(|n| is_total_name(&norm_name(n)))
}

pub fn is_total_name(n: &str) -> bool {
    vocab().total_rows.iter().any(|t| t == n)
}

/// The row's name matches one of `names` (normalised, exact).
pub fn name_in(row: &Row, names: &[String]) -> bool {
    row.name.as_deref().is_some_and(|n| {
        let n = norm_name(n);
        names.contains(&n)
    })
}

/// The printed amount in column `key` of `row`, if any.
pub fn amount(row: &Row, key: &str, s: &Settings) -> Option<Amount> {
    row.values
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| Amount::parse(v, s))
}

/// Is `key` one of the table's columns?
pub fn has_column(t: &Table, key: &str) -> bool {
    t.columns.iter().any(|c| c.key == key)
}

pub fn column_index(t: &Table, key: &str) -> usize {
    t.columns
        .iter()
        .position(|c| c.key == key)
        .unwrap_or(usize::MAX / 2)
}

/// The table's factor to 元, when known.
pub fn scale(t: &Table) -> Option<Decimal> {
    t.scale
        .as_deref()
        .and_then(crate::amount::decimal)
        .or_else(|| {
            t.unit
                .as_deref()
                .and_then(crate::amount::unit_scale)
                .and_then(crate::amount::decimal)
        })
}

/// `表 t3 “2021年部门支出总体情况表” 第7页 行 210 卫生健康支出 列 total`.
pub fn location(t: &Table, row: &Row, column: Option<&str>) -> Text {
    msg::location(
        &t.id,
        t.title.as_deref(),
        row.page,
        row.code.as_deref(),
        row.name.as_deref(),
        column,
    )
}

pub fn check_row(row: &Row) -> CheckRow {
    CheckRow {
        code: row.code.clone(),
        name: row.name.clone(),
    }
}

/// The relation sign a message shows for a status.
pub fn sign(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "=",
        CheckStatus::Rounding => "≈",
        CheckStatus::Fail => "≠",
        CheckStatus::Skip => "?",
    }
}

/// Build the finding of a sum-like rule about cell `at` (the printed figure
/// `actual`) of table `ti`: `what` names the computed side (子项之和 …).
#[allow(clippy::too_many_arguments)]
pub fn finding(
    rule: &str,
    tables: &[Table],
    ti: usize,
    ri: usize,
    column: &str,
    expected: Decimal,
    actual: &Amount,
    status: CheckStatus,
    what: &Text,
    cells: Vec<CellKey>,
) -> Option<Finding> {
    let t = tables.get(ti)?;
    let row = t.rows.get(ri)?;
    let exp = format_like(expected, &actual.printed);
    let message = msg::at(
        &location(t, row, Some(column)),
        &msg::against_printed(
            what,
            &exp,
            sign(status),
            &actual.printed,
            status == CheckStatus::Rounding,
        ),
    );
    Some(Finding {
        check: Check {
            rule: rule.to_string(),
            table: Some(t.id.clone()),
            template: t.template.clone(),
            row: Some(check_row(row)),
            column: Some(column.to_string()),
            expected: Some(exp),
            actual: Some(actual.printed.clone()),
            status,
            message: message.zh.clone(),
            page: Some(row.page),
            blame: Vec::new(),
            wording: Some(message),
        },
        cells,
        order: (ti, ri, column_index(t, column), rule_rank(rule)),
    })
}

/// A `skip` finding about a row: `message` says why nothing was decided.
pub fn skip(
    rule: &str,
    tables: &[Table],
    ti: usize,
    ri: usize,
    column: Option<&str>,
    why: &Text,
) -> Option<Finding> {
    let t = tables.get(ti)?;
    let row = t.rows.get(ri)?;
    let message = msg::at(&location(t, row, column), why);
    Some(Finding {
        check: Check {
            rule: rule.to_string(),
            table: Some(t.id.clone()),
            template: t.template.clone(),
            row: Some(check_row(row)),
            column: column.map(str::to_string),
            expected: None,
            actual: None,
            status: CheckStatus::Skip,
            message: message.zh.clone(),
            page: Some(row.page),
            blame: Vec::new(),
            wording: Some(message),
        },
        cells: Vec::new(),
        order: (
            ti,
            ri,
            column.map(|c| column_index(t, c)).unwrap_or(0),
            rule_rank(rule),
        ),
    })
}

/// Sum the cells `(row, key)` of `rows` that print an amount: the amounts and
/// their cell keys. Cells left blank count as 0 and are not listed.
pub fn printed_cells(
    t: &Table,
    ti: usize,
    rows: &[usize],
    key: &str,
    s: &Settings,
) -> (Vec<Amount>, Vec<CellKey>) {
    let mut amounts = Vec::new();
    let mut keys = Vec::new();
    for &ri in rows {
        if let Some(a) = t.rows.get(ri).and_then(|r| amount(r, key, s)) {
            amounts.push(a);
            keys.push(CellKey {
                table: ti,
                row: ri,
                column: key.to_string(),
            });
        }
    }
    (amounts, keys)
}

/// The template's key of a table in the vocabulary lists.
pub fn template_in(t: &Table, list: &[String]) -> bool {
    t.template
        .as_deref()
        .is_some_and(|k| list.iter().any(|x| x == k))
}

/// A 收入 | 支出 table: a template listed as two-sided, or any table whose
/// rows carry both sides (the templates stage gives sides to a table whose
/// headers print 收入 and 支出 side by side, whatever its template).
pub fn is_two_sided(t: &Table, templates: &[String]) -> bool {
    template_in(t, templates)
        || (t.rows.iter().any(|r| r.side.as_deref() == Some("income"))
            && t.rows
                .iter()
                .any(|r| r.side.as_deref() == Some("expenditure")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise() {
        assert_eq!(norm_name("收　入　总　计"), "收入总计");
        assert_eq!(norm_name("十、上年结转"), "上年结转");
        assert_eq!(norm_name("（一）基本支出"), "基本支出");
        assert_eq!(norm_name("加：上年结余"), "上年结余");
        assert_eq!(norm_name("1.因公出国（境）费"), "因公出国（境）费");
        assert_eq!(norm_name("2021年预算"), "2021年预算");
        assert!(enumeration_level("一、公共财政预算拨款收入").is_some());
        assert!(enumeration_level("卫生健康支出").is_none());
        assert_eq!(enumeration_level("一、基本支出"), Some(1));
        assert_eq!(enumeration_level("（一）工资福利支出"), Some(2));
        assert_eq!(enumeration_level("1.因公出国（境）费"), Some(3));
        assert_eq!(enumeration_level("其中：（1）公务用车购置费"), None);
    }
}
