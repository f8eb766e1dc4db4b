//! The arithmetic choice among OCR readings. A figure on a scanned page
//! that OCR read badly is either unreadable (`1.951286?`, `1357642.0` on a
//! page printed with cents: left out, `Row::unread`) or readable but
//! contradicted by the table's sums (`10998` for 110998). The table's own
//! arithmetic can settle such a figure: the few readings one slip of the
//! engine away from what it read (the point or a separator misplaced, one
//! digit lost or one too many) are tried in the cell, and a reading is
//! taken when it is the only one that makes every sum the cell is part of
//! hold. Each settled figure is named in a warning. A figure the
//! arithmetic does not settle uniquely stays left out (or as read): a
//! value is never invented.
//!
//! The sums are the table's own: `children_sum`, `column_total` and
//! `row_identity`. A sum that would also add another unread figure
//! neither confirms nor refutes a reading.

use super::cells::{CellKey, Finding};
use super::{Settings, children_sum, column_total, row_identity, touched_by_unread};
use crate::model::{CheckStatus, Row, Table};
use std::collections::BTreeMap;

/// Readings with more digits than this are not amounts of a budget table
/// (and would make too many alternatives).
pub const MAX_READING_DIGITS: usize = 15;

/// Fewest figures a column (or, failing that, its table) prints at one
/// precision before that precision is its usual one: with fewer, the form
/// a misread figure should have is unknown.
pub const USUAL_SCALE_MIN: usize = 3;

/// A readable figure the sums contradict is replaced only when at least
/// this many sums agree on the other reading (a row's columns and its
/// column's 类 total, say): one sum alone cannot tell which of its cells
/// is the misread one.
pub const OVERRIDE_MIN_CONFIRMING: usize = 2;

/// Passes over a table: a settled figure can settle a neighbour whose sums
/// it blocked.
const MAX_PASSES: usize = 3;

/// Settle what OCR read badly on `ocr_pages` in `tables`; the warnings say
/// what was settled, from what reading, by which sums.
pub fn settle(tables: &mut [Table], ocr_pages: &[u32]) -> Vec<String> {
    let mut warnings = Vec::new();
    if ocr_pages.is_empty() {
        return warnings;
    }
    let s = Settings::default();
    let by_unit = document_scales(tables, ocr_pages);
    for t in tables.iter_mut() {
        if !t.rows.iter().any(|r| ocr_pages.contains(&r.page)) {
            continue;
        }
        let doc = t.unit.as_ref().and_then(|u| by_unit.get(u)).copied();
        doubt_off_scale(t, ocr_pages, doc, &mut warnings);
        for _ in 0..MAX_PASSES {
            let settled_unread = settle_unread(t, doc, &s, &mut warnings);
            let settled_wrong = settle_contradicted(t, ocr_pages, doc, &s, &mut warnings);
            if !settled_unread && !settled_wrong {
                break;
            }
        }
    }
    warnings
}

/// The precision `figures` are printed at, if enough of them agree: the
/// most common number of decimals among figures printed with decimals,
/// else whole figures. OCR loses points far more often than it invents
/// the same number of decimals on several figures: on a bad scan of a
/// cents table most figures may be read whole (`179832` for 1,798.32).
fn most_printed<'a>(figures: impl Iterator<Item = &'a str>) -> Option<u32> {
    let mut by: BTreeMap<u32, usize> = BTreeMap::new();
    for v in figures {
        *by.entry(crate::amount::printed_scale(v)).or_default() += 1;
    }
    let enough = |(_, n): &(u32, usize)| *n >= USUAL_SCALE_MIN;
    // Most figures, then fewer decimals: deterministic on ties.
    let with_decimals = by
        .iter()
        .filter(|(scale, _)| **scale > 0)
        .map(|(s, n)| (*s, *n))
        .max_by_key(|(scale, n)| (*n, std::cmp::Reverse(*scale)))
        .filter(enough);
    with_decimals
        .or_else(|| by.get(&0).map(|n| (0, *n)).filter(enough))
        .map(|(scale, _)| scale)
}

/// Per unit, the precision most figures on the scanned pages print (for a
/// table too small to say: a 三公 table of five figures).
fn document_scales(tables: &[Table], ocr_pages: &[u32]) -> BTreeMap<String, u32> {
    let mut units: Vec<&String> = tables.iter().filter_map(|t| t.unit.as_ref()).collect();
    units.sort();
    units.dedup();
    units
        .into_iter()
        .filter_map(|u| {
            let figures = tables
                .iter()
                .filter(|t| t.unit.as_ref() == Some(u))
                .flat_map(|t| &t.rows)
                .filter(|r| ocr_pages.contains(&r.page))
                .flat_map(|r| r.values.iter().map(|(_, v)| v.as_str()));
            Some((u.clone(), most_printed(figures)?))
        })
        .collect()
}

/// The number of decimals most figures of column `key` print (the
/// table's when the column prints too few, else `doc`, the document's).
fn usual_scale(t: &Table, key: &str, doc: Option<u32>) -> Option<u32> {
    let column = t
        .rows
        .iter()
        .flat_map(|r| r.values.iter().filter(|(k, _)| k == key))
        .map(|(_, v)| v.as_str());
    let table = t
        .rows
        .iter()
        .flat_map(|r| r.values.iter().map(|(_, v)| v.as_str()));
    most_printed(column).or_else(|| most_printed(table)).or(doc)
}

/// On a scanned page, a figure printed with other decimals than its column
/// (`1357642.0`, `6.54572957`, `79239279` among `1,234.56`s) lost or gained
/// a digit or had its point misplaced: a table prints one precision per
/// column. It becomes unread, its reading kept for [`settle_unread`]. A
/// lone digit stays (`0` may be printed for nothing).
fn doubt_off_scale(t: &mut Table, ocr_pages: &[u32], doc: Option<u32>, warnings: &mut Vec<String>) {
    let keys: Vec<String> = t.columns.iter().map(|c| c.key.clone()).collect();
    let usual: BTreeMap<String, u32> = keys
        .iter()
        .filter_map(|k| Some((k.clone(), usual_scale(t, k, doc)?)))
        .collect();
    let id = t.id.clone();
    for r in t.rows.iter_mut().filter(|r| ocr_pages.contains(&r.page)) {
        let (off, kept): (Vec<_>, Vec<_>) =
            std::mem::take(&mut r.values)
                .into_iter()
                .partition(|(k, v)| {
                    let digits = v.bytes().filter(u8::is_ascii_digit).count();
                    usual.get(k).is_some_and(|&u| {
                        u > 0 && digits >= 2 && crate::amount::printed_scale(v) != u
                    })
                });
        r.values = kept;
        for (k, v) in off {
            warnings.push(format!(
                "table {id}: page {}: row {}: column {k}: «{v}» is not printed like the rest of its column (read by OCR); left out unless the sums settle it",
                r.page,
                crate::templates::rows::label_of(r)
            ));
            r.unread.push(k.clone());
            r.readings.push((k, v));
        }
    }
}

/// Try every reading of every unread cell; take the one the sums settle.
fn settle_unread(
    t: &mut Table,
    doc: Option<u32>,
    s: &Settings,
    warnings: &mut Vec<String>,
) -> bool {
    let mut any = false;
    for ri in 0..t.rows.len() {
        let readings = t.rows[ri].readings.clone();
        for (key, read) in readings {
            let Some(scale) = usual_scale(t, &key, doc) else {
                continue;
            };
            let cell = CellKey {
                table: 0,
                row: ri,
                column: key.clone(),
            };
            let settled: Vec<(String, usize)> = alternatives(&read, scale)
                .into_iter()
                .filter_map(|v| {
                    let trial = with_value(t, &cell, &v);
                    let n = confirming(&trial, &cell, s)?;
                    n.settles().then_some((v, n.sums))
                })
                .collect();
            if let [(v, n)] = settled.as_slice() {
                let row = &mut t.rows[ri];
                warnings.push(format!(
                    "table {}: page {}: row {}: column {key}: OCR read «{read}»; taken as {v}, the only reading of it that makes the table's sums hold (sums confirming: {n})",
                    t.id,
                    row.page,
                    crate::templates::rows::label_of(row)
                ));
                set_value(row, &key, v, &t.columns);
                any = true;
            }
        }
    }
    any
}

/// A readable figure on a scanned page that a sum contradicts, when one
/// other reading of exactly one of the sum's figures makes it and every
/// other sum of that figure hold, and at least [`OVERRIDE_MIN_CONFIRMING`]
/// sums confirm it.
fn settle_contradicted(
    t: &mut Table,
    ocr_pages: &[u32],
    doc: Option<u32>,
    s: &Settings,
    warnings: &mut Vec<String>,
) -> bool {
    let failing: Vec<Finding> = table_findings(t, s)
        .into_iter()
        .filter(|f| f.check.status == CheckStatus::Fail)
        .filter(|f| {
            f.cells
                .first()
                .is_some_and(|c| touched_by_unread(t, c).is_none())
        })
        .collect();
    // Per cell, the readings some failing sum points to.
    let mut fixes: BTreeMap<CellKey, Vec<String>> = BTreeMap::new();
    for f in &failing {
        let mut found: Vec<(CellKey, String)> = Vec::new();
        for cell in &f.cells {
            let Some(row) = t.rows.get(cell.row) else {
                continue;
            };
            if !ocr_pages.contains(&row.page) {
                continue;
            }
            let Some(read) = value(row, &cell.column) else {
                continue;
            };
            let Some(scale) = usual_scale(t, &cell.column, doc) else {
                continue;
            };
            for v in alternatives(read, scale) {
                if v == read {
                    continue;
                }
                let trial = with_value(t, cell, &v);
                if confirming(&trial, cell, s).is_some_and(Confirmed::overrides) {
                    found.push((cell.clone(), v));
                }
            }
        }
        // Which figure of the sum is the misread one must be unique.
        if let [(cell, v)] = found.as_slice() {
            fixes.entry(cell.clone()).or_default().push(v.clone());
        }
    }
    let mut any = false;
    for (cell, mut vs) in fixes {
        vs.dedup();
        let [v] = vs.as_slice() else { continue };
        let row = &mut t.rows[cell.row];
        let read = value(row, &cell.column).unwrap_or_default().to_string();
        warnings.push(format!(
            "table {}: page {}: row {}: column {}: OCR read «{read}», which the table's sums contradict; taken as {v}, the only reading of it that makes them hold",
            t.id,
            row.page,
            crate::templates::rows::label_of(row),
            cell.column
        ));
        set_value(row, &cell.column, v, &t.columns);
        any = true;
    }
    any
}

/// The table's own sums (no other table, no facts).
fn table_findings(t: &Table, s: &Settings) -> Vec<Finding> {
    let one = std::slice::from_ref(t);
    let mut out = Vec::new();
    children_sum::run(one, s, &mut out);
    column_total::run(one, s, &mut out);
    row_identity::run(one, s, &mut out);
    out
}

/// The sums that read a cell and hold exactly: how many, and how many of
/// them add two figures or more.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Confirmed {
    sums: usize,
    of_several: usize,
}

impl Confirmed {
    /// Enough to take an unread figure: a sum of several figures, or two
    /// sums. A sum of one figure alone (a 类 and its only 款, a total and
    /// its one printed part) compares two printings of one number, which
    /// the engine can misread alike (both cut at the same column edge).
    fn settles(self) -> bool {
        self.of_several >= 1 || self.sums >= 2
    }

    /// Enough to replace a readable figure (see [`OVERRIDE_MIN_CONFIRMING`]).
    fn overrides(self) -> bool {
        self.of_several >= 1 && self.sums >= OVERRIDE_MIN_CONFIRMING
    }
}

/// The sums that read `cell` and hold exactly in `t`, or `None` when one
/// of them does not. A sum that would add another unread figure, or that
/// is skipped, counts neither way.
fn confirming(t: &Table, cell: &CellKey, s: &Settings) -> Option<Confirmed> {
    let mut n = Confirmed {
        sums: 0,
        of_several: 0,
    };
    for f in table_findings(t, s) {
        if !f.cells.contains(cell) {
            continue;
        }
        if f.cells
            .first()
            .is_some_and(|c| touched_by_unread(t, c).is_some())
        {
            continue;
        }
        match f.check.status {
            CheckStatus::Pass => {
                n.sums += 1;
                // The checked figure and at least two addends.
                if f.cells.len() >= 3 {
                    n.of_several += 1;
                }
            }
            CheckStatus::Skip => {}
            CheckStatus::Fail | CheckStatus::Rounding => return None,
        }
    }
    Some(n)
}

fn value<'a>(row: &'a Row, key: &str) -> Option<&'a str> {
    row.values
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// `t` with `cell` holding `v` (no longer unread).
fn with_value(t: &Table, cell: &CellKey, v: &str) -> Table {
    let mut trial = t.clone();
    if let Some(row) = trial.rows.get_mut(cell.row) {
        set_value(row, &cell.column, v, &t.columns);
    }
    trial
}

/// Put `v` in column `key` of `row`, in column order; the cell is read.
fn set_value(row: &mut Row, key: &str, v: &str, columns: &[crate::model::Column]) {
    row.unread.retain(|k| k != key);
    row.readings.retain(|(k, _)| k != key);
    row.values.retain(|(k, _)| k != key);
    let rank = |k: &str| {
        columns
            .iter()
            .position(|c| c.key == k)
            .unwrap_or(usize::MAX)
    };
    let at = row
        .values
        .iter()
        .position(|(k, _)| rank(k) > rank(key))
        .unwrap_or(row.values.len());
    row.values.insert(at, (key.to_string(), v.to_string()));
}

/// The readings of `read` one slip of the engine away, printed with
/// `scale` decimals, normalised like a printed amount: the digits as read
/// (its separators and point misplaced: `1.234.567`, `6.54572957`), with
/// one digit lost (any digit put back anywhere), with one digit too many
/// (any one dropped), and with the decimals beyond `scale` cut (a speck
/// or the next cell read onto the figure). Sorted, without repeats.
pub fn alternatives(read: &str, scale: u32) -> Vec<String> {
    let t = read.trim().trim_end_matches('?');
    // Letters or other marks read into the figure (`4 oo`, `0o0`): what
    // the digits were is not known.
    if !t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '?'))
    {
        return Vec::new();
    }
    let negative = t.starts_with('-');
    let digits: Vec<u8> = t.bytes().filter(u8::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > MAX_READING_DIGITS {
        return Vec::new();
    }
    let mut forms: Vec<Vec<u8>> = vec![digits.clone()];
    for i in 0..digits.len() {
        let mut fewer = digits.clone();
        fewer.remove(i);
        forms.push(fewer);
    }
    for i in 0..=digits.len() {
        for d in b'0'..=b'9' {
            let mut more = digits.clone();
            more.insert(i, d);
            forms.push(more);
        }
    }
    if let Some((int, frac)) = t.rsplit_once('.') {
        let frac: Vec<u8> = frac.bytes().filter(u8::is_ascii_digit).collect();
        if frac.len() > scale as usize {
            let mut cut: Vec<u8> = int.bytes().filter(u8::is_ascii_digit).collect();
            cut.extend_from_slice(&frac[..scale as usize]);
            forms.push(cut);
        }
    }
    let mut out: Vec<String> = forms
        .into_iter()
        .filter_map(|f| printed_with(&f, scale, negative))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Digits as an amount with `scale` decimals (`0.00`, `1234.56`); `None`
/// for a leading zero before more integer digits (no amount prints so) or
/// too few digits for the decimals.
fn printed_with(digits: &[u8], scale: u32, negative: bool) -> Option<String> {
    let scale = scale as usize;
    if digits.len() <= scale {
        return None;
    }
    let (int, frac) = digits.split_at(digits.len() - scale);
    if int.len() > 1 && int[0] == b'0' {
        return None;
    }
    let mut s = String::new();
    // `-0.00` is a speck before a zero, not a figure.
    if negative && digits.iter().any(|&d| d != b'0') {
        s.push('-');
    }
    s.push_str(std::str::from_utf8(int).ok()?);
    if scale > 0 {
        s.push('.');
        s.push_str(std::str::from_utf8(frac).ok()?);
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::testutil::table;

    #[test]
    fn alternatives_are_one_slip_away() {
        let a = alternatives("1.341.509?", 0);
        assert!(a.contains(&"1341509".to_string()));
        assert!(a.contains(&"134159".to_string()), "a digit too many");
        assert!(a.contains(&"13415009".to_string()), "a digit lost");
        assert!(!a.iter().any(|v| v.starts_with('0')));
        let c = alternatives("6.54572957", 2);
        assert!(c.contains(&"6545729.57".to_string()));
        let cut = alternatives("5958726.6530", 2);
        assert!(cut.contains(&"5958726.65".to_string()));
        assert_eq!(alternatives("000", 2)[0], "0.00");
        assert!(alternatives("-0.00", 2).contains(&"0.00".to_string()));
        assert!(alternatives("-12.50", 2).contains(&"-12.50".to_string()));
        assert!(alternatives("", 2).is_empty());
        assert!(alternatives("4 oo", 2).is_empty());
        assert!(alternatives("0o0", 0).is_empty());
        assert!(alternatives("1234567890123456", 0).is_empty());
    }

    fn unread(t: &mut Table, row: usize, key: &str, read: &str) {
        let r = &mut t.rows[row];
        r.values.retain(|(k, _)| k != key);
        r.unread.push(key.into());
        r.readings.push((key.into(), read.into()));
    }

    fn cents_table() -> Table {
        table(
            "t3",
            "expenditure_summary",
            "元",
            &["total", "basic", "project"],
            &[
                (
                    "208",
                    "社会保障和就业支出",
                    &["3000.50", "2000.25", "1000.25"],
                ),
                ("20801", "人力资源", &["1000.25", "1000.25", "0.00"]),
                ("20805", "养老", &["2000.25", "1000.00", "1000.25"]),
                ("", "合计", &["3000.50", "2000.25", "1000.25"]),
            ],
        )
    }

    #[test]
    fn the_sums_settle_an_unread_figure_uniquely() {
        let mut t = cents_table();
        // Read with its point lost and a digit short: only 2000.25 makes
        // the 类 total and the row hold.
        unread(&mut t, 2, "total", "200025");
        let w = settle(std::slice::from_mut(&mut t), &[1]);
        assert_eq!(value(&t.rows[2], "total"), Some("2000.25"), "{w:?}");
        assert!(t.rows[2].unread.is_empty());
        assert_eq!(w.len(), 1);
        assert!(
            w[0].contains("«200025»") && w[0].contains("2000.25"),
            "{w:?}"
        );
        // Column order kept.
        assert_eq!(t.rows[2].values[0].0, "total");
    }

    #[test]
    fn a_reading_no_sum_confirms_stays_out() {
        let mut t = cents_table();
        // Two slips away from 2000.25: no alternative makes the sums hold.
        unread(&mut t, 2, "total", "2100.2");
        settle(std::slice::from_mut(&mut t), &[1]);
        assert_eq!(value(&t.rows[2], "total"), None);
        assert_eq!(t.rows[2].unread, ["total"]);
        // Not a scanned page: nothing is tried.
        let mut t = cents_table();
        unread(&mut t, 2, "total", "200025");
        assert!(settle(std::slice::from_mut(&mut t), &[2]).is_empty());
        assert_eq!(value(&t.rows[2], "total"), None);
    }

    #[test]
    fn a_figure_off_its_columns_precision_is_doubted_then_settled() {
        let mut t = cents_table();
        t.rows[1].values[0].1 = "100025".into();
        let w = settle(std::slice::from_mut(&mut t), &[1]);
        assert_eq!(value(&t.rows[1], "total"), Some("1000.25"), "{w:?}");
        // Off precision and unsettled: left out, not kept as read.
        let mut t = cents_table();
        t.rows[1].values[0].1 = "1001.2".into();
        t.rows[1].values[2].1 = "0.0".into();
        settle(std::slice::from_mut(&mut t), &[1]);
        assert_eq!(value(&t.rows[1], "total"), None);
        assert_eq!(t.rows[1].unread, ["total"]);
        // Its neighbour one slip away is settled by the 类 sum.
        assert_eq!(value(&t.rows[1], "project"), Some("0.00"));
    }

    #[test]
    fn a_sum_of_one_figure_alone_settles_nothing() {
        // 21011 has one 项: the pair compares two printings of one figure,
        // which OCR can misread alike (both cut at the same column edge).
        // Nothing else reads 2101101, so its reading stays out.
        let mut t = table(
            "t3",
            "expenditure_summary",
            "元",
            &["total"],
            &[
                ("208", "社会保障和就业支出", &["10.00"]),
                ("20801", "人力资源", &["10.00"]),
                ("21011", "行政事业单位医疗", &["7616.47"]),
                ("2101101", "行政单位医疗", &[""]),
            ],
        );
        unread(&mut t, 3, "total", "761647?");
        let w = settle(std::slice::from_mut(&mut t), &[1]);
        assert_eq!(value(&t.rows[3], "total"), None, "{w:?}");
        // With a sibling the same reading is a sum of several figures.
        t.rows[2].values[0].1 = "7626.47".into();
        t.rows.push(t.rows[1].clone());
        t.rows[4].code = Some("2101102".into());
        let w = settle(std::slice::from_mut(&mut t), &[1]);
        assert_eq!(value(&t.rows[3], "total"), Some("7616.47"), "{w:?}");
    }

    fn yuan_table() -> Table {
        table(
            "t5",
            "general_budget_basic_expenditure",
            "元",
            &["total", "personnel", "public_funds"],
            &[
                ("302", "商品和服务支出", &["215998", "0", "215998"]),
                ("30216", "培训费", &["105000", "0", "105000"]),
                ("30228", "工会经费", &["110998", "0", "110998"]),
                ("", "合计", &["215998", "0", "215998"]),
            ],
        )
    }

    #[test]
    fn a_lost_digit_two_sums_agree_on_is_put_back() {
        let mut t = yuan_table();
        t.rows[2].values[2].1 = "10998".into();
        let w = settle(std::slice::from_mut(&mut t), &[1]);
        assert_eq!(value(&t.rows[2], "public_funds"), Some("110998"), "{w:?}");
        assert!(w[0].contains("«10998»"), "{w:?}");
    }

    #[test]
    fn a_contradiction_one_sum_sees_is_left_as_read() {
        // Only the 类 sum reads 30228's public funds (the row prints no
        // other part): it cannot tell which of its figures is misread.
        let mut t = table(
            "t5",
            "general_budget_basic_expenditure",
            "元",
            &["public_funds"],
            &[
                ("302", "商品和服务支出", &["215998"]),
                ("30216", "培训费", &["105000"]),
                ("30228", "工会经费", &["10998"]),
                ("", "合计", &["215998"]),
            ],
        );
        let w = settle(std::slice::from_mut(&mut t), &[1]);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(value(&t.rows[2], "public_funds"), Some("10998"));
    }
}
