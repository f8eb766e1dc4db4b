//! One table block (title line up to the next title) → a [`RawTable`]:
//! caption lines, header lines, data lines and notes, then rows placed in
//! the columns where the text allows it, packed where it does not.

use super::Settings;
use super::header::{self, Column, Header, Kind};
use super::rows::{RowAcc, RowBuilder, segment_line};
use super::settle::{self, settle, total_holds};
use super::tokens::{self, words};
use super::two_part::{prints_two_parts, side_by_side, two_sided};
use super::vocab::{self, Vocabulary};
use crate::model::{Placement, RawRow, RawTable};

/// A non-blank printed line and its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub page: u32,
    pub text: String,
}

/// Lines of a table block sorted into their roles.
#[derive(Debug, Default)]
pub(super) struct Parts<'a> {
    pub caption: Vec<String>,
    pub header: Vec<Vec<String>>,
    pub data: Vec<(&'a Line, Vec<String>)>,
    pub notes: Vec<String>,
    /// Body lines from this index on are prose again (a part heading, or
    /// text after the notes).
    prose_from: Option<usize>,
}

/// Build the table printed under `title` from the lines up to the next
/// title. Also returns how many body lines the table took: the rest is
/// prose printed after it.
pub fn build(
    title: &Line,
    body: &[Line],
    s: &Settings,
    v: &Vocabulary,
) -> (RawTable, Vec<String>, usize, bool) {
    let parts = split_parts(body, s, v);
    let taken = parts.prose_from.unwrap_or(body.len());
    let body = body.get(..taken).unwrap_or(body);
    let header = Header::parse(&parts.header, v);
    let title_text = title.text.trim().to_string();
    let mut warnings = Vec::new();

    let code_columns = header
        .columns
        .iter()
        .filter(|c| c.kind == Kind::Code)
        .count();
    let split = header.side_by_side
        || header.two_sided.is_some()
        || (code_columns <= 1 && prints_two_parts(&parts, &title_text, s, v));
    let (columns, rows) = if !split {
        let mut b = RowBuilder::with_trailing_texts(trailing_text_columns(&header.columns));
        for (i, (line, ws)) in parts.data.iter().enumerate() {
            for seg in segment_line(ws, false, v) {
                b.push(seg, i, line.page, s);
            }
        }
        let mut accs = b.finish();
        let n_amounts = header
            .columns
            .iter()
            .filter(|c| c.kind == Kind::Amount)
            .count();
        give_totals_their_figures(&mut accs, n_amounts, v);
        // A lone total label left without figures places nothing; kept, it
        // would read as a total printed blank.
        accs.retain(|a| !(a.amounts.is_empty() && is_lone_total(a, v)));
        let readings = readings_by_vote(&header, &accs, v);
        let rows: Vec<RawRow> = accs
            .iter()
            .filter_map(|r| place_settled(r, &readings, &title_text, v, &mut warnings))
            .collect();
        let cols = readings.first().copied().unwrap_or(&[]).to_vec();
        if order_contradicted(&cols, &rows, v) {
            warnings.push(format!(
                "表“{title_text}”第{}页：多数行的合计不等于它所合计的各列之和，表头的列序与表内算术矛盾，{}行金额均未填",
                title.page,
                rows.len()
            ));
            let pages = std::iter::once(title.page)
                .chain(body.iter().map(|l| l.page))
                .collect::<std::collections::BTreeSet<u32>>();
            let table = RawTable {
                title: Some(title_text),
                caption: parts.caption,
                columns: Vec::new(),
                rows: Vec::new(),
                notes: parts.notes,
                pages: pages.into_iter().collect(),
            };
            return (table, warnings, taken, true);
        }
        (cols, rows)
    } else if header.two_sided.is_some() || (!header.side_by_side && title_text.contains("收支"))
    {
        two_sided(&parts, &header, s, v, &title_text, &mut warnings)
    } else {
        side_by_side(&parts, &header, s, v)
    };
    let header_unread = (columns.is_empty() && !rows.is_empty()).then(|| {
        format!(
            "表“{title_text}”（第{}页）：未能识别表头，各行按打印顺序排列",
            title.page
        )
    });
    let amount_columns = columns.iter().filter(|c| c.kind == Kind::Amount).count();
    for r in rows
        .iter()
        .filter(|r| r.placement == Placement::Packed && amount_columns > 0)
    {
        let printed = printed_amounts(&r.cells);
        if printed > amount_columns {
            let label: Vec<&str> = r
                .cells
                .iter()
                .take(r.cells.len() - printed)
                .filter(|c| !c.is_empty())
                .map(String::as_str)
                .collect();
            warnings.push(format!(
                "表“{title_text}”第{}页 行“{}”：打印了{printed}个金额，表头只有{amount_columns}个金额列，此行未填",
                r.page,
                label.join(" ")
            ));
        }
    }
    // More figures than amount columns: some belong to another row (a
    // total row whose label is printed after its figures) or to no column
    // the header names; which ones, the text cannot tell. The row is left
    // out whole: a row kept without its figures would read as printed
    // blank (zero) to the checks.
    let mut rows = rows;
    rows.retain(|r| {
        r.placement != Placement::Packed
            || amount_columns == 0
            || printed_amounts(&r.cells) <= amount_columns
    });
    let mut pages: Vec<u32> = std::iter::once(title.page)
        .chain(body.iter().map(|l| l.page))
        .collect();
    pages.sort_unstable();
    pages.dedup();
    // Every warning so far left figures out. When they took every figure
    // the table printed, the table is withheld like one whose column order
    // the arithmetic refutes: kept, it would read as a heading without a
    // table, its lines as prose and its warnings lost.
    let printed_any = parts
        .data
        .iter()
        .any(|(_, ws)| ws.iter().any(|w| tokens::is_amount(w)));
    let kept_any = rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .any(|c| tokens::is_amount(c));
    let withheld = printed_any && !kept_any && !warnings.is_empty();
    warnings.extend(header_unread);
    let table = RawTable {
        title: Some(title_text),
        caption: parts.caption,
        columns: columns.iter().map(|c| c.name.clone()).collect(),
        rows,
        notes: parts.notes,
        pages,
    };
    (table, warnings, taken, withheld)
}

/// Rows that must contradict a column order before the table's figures are
/// left out: one row may be a misprint the checks should report.
const MIN_CONTRADICTING_ROWS: usize = 2;

/// Does the table's own arithmetic refute its column order? More rows whose
/// 合计 column is not the sum of the columns it totals (under every
/// placement, for a row printing fewer figures than columns) than rows
/// where it is, and at least [`MIN_CONTRADICTING_ROWS`]: the header was
/// read in an order the extractor scrambled (a cell printed after the
/// first figures, a parent header taken for a column), and every figure
/// placed under it may sit in the wrong column.
fn order_contradicted(cols: &[Column], rows: &[RawRow], v: &Vocabulary) -> bool {
    let n_amounts = cols.iter().filter(|c| c.kind == Kind::Amount).count();
    let figures: Vec<settle::RowFigures> = rows
        .iter()
        .filter_map(|r| match r.placement {
            Placement::Aligned => Some(settle::RowFigures::Placed(r.cells.clone())),
            Placement::Packed => {
                let k = printed_amounts(&r.cells);
                (k > 0 && k < n_amounts).then(|| {
                    settle::RowFigures::Packed(
                        r.cells.get(r.cells.len() - k..).unwrap_or(&[]).to_vec(),
                    )
                })
            }
        })
        .collect();
    let (holds, fails) = settle::order_votes(cols, &figures, v);
    fails >= MIN_CONTRADICTING_ROWS && fails > holds
}

/// The amounts a packed row ends with (`[code, unit, texts…, amounts…]`).
fn printed_amounts(cells: &[String]) -> usize {
    cells
        .iter()
        .skip(2)
        .rev()
        .take_while(|c| tokens::is_amount(c) || tokens::is_placeholder(c))
        .count()
}

/// Amount columns a header must name (the 合计 and two it totals) before
/// the 合计 identity of one row under one column order decides anything.
const MIN_IDENTITY_COLUMNS: usize = 3;

/// Is the row's 合计 smaller than another amount of the row (an "of which"
/// column aside)? Amounts of these tables are not negative, so such a 合计
/// was read from another line or column.
fn total_below_a_part(cols: &[Column], cells: &[String], v: &Vocabulary) -> bool {
    let value = |c: &String| crate::amount::normalize(c).and_then(|n| crate::amount::decimal(&n));
    let is_total = |c: &Column| {
        let last = c.name.rsplit('/').next().unwrap_or(&c.name);
        Vocabulary::is_in(&v.total_prefixes, last)
    };
    let Some((ti, _)) = cols
        .iter()
        .enumerate()
        .find(|(_, c)| c.kind == Kind::Amount && is_total(c))
    else {
        return false;
    };
    let Some(total) = cells.get(ti).and_then(value) else {
        return false;
    };
    cols.iter().zip(cells).enumerate().any(|(i, (c, x))| {
        i != ti
            && c.kind == Kind::Amount
            && !c.name.contains("其中")
            && value(x).is_some_and(|d| d > total)
    })
}

/// [`place`] the row; when the header fits other column orders too, keep
/// only the amounts every reading the row's arithmetic allows puts in the
/// same column ([`settle`]) and warn about the rest. A packed row stays
/// packed for the templates' placement by the column relations.
fn place_settled(
    acc: &RowAcc,
    readings: &[&[Column]],
    title: &str,
    v: &Vocabulary,
    warnings: &mut Vec<String>,
) -> Option<RawRow> {
    let (Some(first), Some(rest)) = (readings.first(), readings.get(1..)) else {
        return Some(place(acc, &[]));
    };
    let row = place(acc, first);
    let label = || {
        acc.code
            .iter()
            .chain(acc.texts.iter())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    };
    if acc.amounts.is_empty() {
        return Some(row);
    }
    if rest.is_empty() {
        // One column order: a row whose 合计 is not the sum of the columns
        // it totals was read with a figure in the wrong column or from the
        // wrong line (cells interleaved with header text, a figure of the
        // next row); which figure is off, nothing tells. Left out whole.
        // Only where the header names the 合计 and at least two columns it
        // totals: a 合计 beside one column would print that column again, so
        // a header of two amount columns has lost some (printed apart from
        // the header lines) and its identity is unknown. And only where the
        // 合计 is smaller than a column it totals: no misprinted digit
        // makes a sum of amounts smaller than one of them, while a row whose
        // 合计 is merely off (a misprint the checks must report) is kept.
        let amount_columns = first.iter().filter(|c| c.kind == Kind::Amount).count();
        let refuted = row.placement == Placement::Aligned
            && amount_columns >= MIN_IDENTITY_COLUMNS
            && total_holds(first, &row.cells, v) == Some(false)
            && total_below_a_part(first, &row.cells, v);
        if refuted {
            warnings.push(format!(
                "表“{title}”第{}页 行“{}”：合计不等于它所合计的各列之和，金额所在的列不能确定，此行未填",
                acc.page,
                label()
            ));
            return None;
        }
        return Some(row);
    }
    let others: Vec<RawRow> = rest.iter().map(|cols| place(acc, cols)).collect();
    let aligned = row.placement == Placement::Aligned
        && others.iter().all(|r| r.placement == Placement::Aligned);
    if !aligned {
        // Packed: the templates' placement tries the column relations.
        return Some(row);
    }
    let cells: Vec<Vec<String>> = std::iter::once(row.cells.clone())
        .chain(others.into_iter().map(|r| r.cells))
        .collect();
    let settled = settle(readings, &cells, v)?;
    if !settled.withheld.is_empty() {
        warnings.push(format!(
            "表“{title}”第{}页 行“{}”：表头的列序不能确定，算术也不能判定，{}未填",
            acc.page,
            label(),
            settled.withheld.join("、")
        ));
    }
    // No figure left: the row is left out (kept, it would read as printed
    // blank to the checks).
    let any = readings[0]
        .iter()
        .zip(&settled.cells)
        .any(|(c, v)| c.kind == Kind::Amount && !v.is_empty());
    any.then_some(RawRow {
        cells: settled.cells,
        ..row
    })
}

/// A total row whose label is printed after its figures (`… 173.15 0.00
/// 3,166.43 3,154.14 合计`): the row above ends with the total's figures as
/// well, twice as many as the header has amount columns. They are given to
/// the total row only when they are the sums of the table's top-level rows
/// (three-digit codes), column by column; otherwise the row keeps them all
/// and they are left out as too many.
fn give_totals_their_figures(accs: &mut [RowAcc], n: usize, v: &Vocabulary) {
    if n == 0 {
        return;
    }
    for k in 1..accs.len() {
        let (Some(prev), Some(total)) = (accs.get(k - 1), accs.get(k)) else {
            continue;
        };
        let is_total = total.amounts.is_empty() && is_lone_total(total, v);
        if !is_total || prev.amounts.len() != 2 * n {
            continue;
        }
        let figures = prev.amounts.get(n..).unwrap_or(&[]).to_vec();
        let own = prev.amounts.get(..n).unwrap_or(&[]).to_vec();
        let top = |a: &RowAcc| a.code.as_ref().is_some_and(|c| c.chars().count() == 3);
        let mut items: Vec<&[String]> = accs
            .iter()
            .take(k - 1)
            .filter(|a| top(a))
            .map(|a| a.amounts.as_slice())
            .collect();
        if top(prev) {
            items.push(&own);
        }
        if items.iter().any(|a| a.len() != n) {
            continue;
        }
        if settle::sums_match(&items, &figures) != Some(true) {
            continue;
        }
        if let Some(p) = accs.get_mut(k - 1) {
            p.amounts.truncate(n);
        }
        if let Some(t) = accs.get_mut(k) {
            t.amounts = figures;
        }
    }
}

/// A row that is only a total word (`合计`, `总计`): no code, one text.
fn is_lone_total(a: &RowAcc, v: &Vocabulary) -> bool {
    a.code.is_none()
        && a.unit.is_none()
        && a.texts.len() == 1
        && a.texts.first().is_some_and(|t| {
            let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            Vocabulary::is_in(&v.total_prefixes, &t)
        })
}

/// The header's column orders, the one most rows' arithmetic agrees with
/// first (the printed order on a tie): the table's columns are given in
/// that order, each row's settled amounts by column name.
fn readings_by_vote<'h>(header: &'h Header, accs: &[RowAcc], v: &Vocabulary) -> Vec<&'h [Column]> {
    let mut readings: Vec<&[Column]> = std::iter::once(header.columns.as_slice())
        .chain(header.alternatives.iter().map(Vec::as_slice))
        .collect();
    if readings.len() < 2 {
        return readings;
    }
    let score = |cols: &[Column]| -> i64 {
        accs.iter()
            .map(|a| place(a, cols))
            .filter(|r| r.placement == Placement::Aligned)
            .map(|r| match total_holds(cols, &r.cells, v) {
                Some(true) => 1,
                Some(false) => -1,
                None => 0,
            })
            .sum()
    };
    let scores: Vec<i64> = readings.iter().map(|c| score(c)).collect();
    if let Some(best) = (0..readings.len()).max_by_key(|&i| (scores[i], std::cmp::Reverse(i))) {
        let chosen = readings.remove(best);
        readings.insert(0, chosen);
    }
    readings
}

/// How many text columns the header prints right of its first amount
/// column.
fn trailing_text_columns(columns: &[Column]) -> usize {
    columns
        .iter()
        .skip_while(|c| c.kind != Kind::Amount)
        .filter(|c| c.kind == Kind::Text)
        .count()
}

/// Caption lines right under the title, then header lines up to the first
/// data line, then data; notes wherever they start. A part heading
/// (`第三部分`), or a line after the notes that is no note, ends the table.
fn split_parts<'a>(body: &'a [Line], s: &Settings, v: &Vocabulary) -> Parts<'a> {
    let mut p = Parts::default();
    let mut stage = 0; // 0 caption, 1 header, 2 data, 3 notes
    let mut numbers: Vec<Vec<String>> = Vec::new();
    for (i, line) in body.iter().enumerate() {
        let t = line.text.trim();
        let note = is_note(t, v);
        if tokens::is_part_heading(t) || (stage == 3 && !note) {
            p.prose_from = Some(i);
            break;
        }
        if note && stage < 2 {
            // A note above the data (`注：…` under the caption) or under an
            // empty table: the table may go on.
            p.notes.push(collapse_spaces(t));
            continue;
        }
        if note {
            stage = 3;
        }
        if stage == 0 {
            if is_caption(t, v) {
                p.caption.push(collapse_spaces(t));
                continue;
            }
            stage = 1;
        }
        let ws = words(t);
        if stage == 1 {
            if is_caption(t, v) {
                // `单位：元` printed after the first header cells.
                p.caption.push(collapse_spaces(t));
                continue;
            }
            if header::is_column_numbers(&ws, v) {
                numbers.push(ws);
                continue;
            }
            if is_data_line(&ws, s, v) || p.header.len() >= s.max_header_lines {
                stage = 2;
            } else {
                p.header.push(ws);
                continue;
            }
        }
        // A lone `合计` may be a header cell printed again, or the label of
        // a total row printed after its figures: it stays a data line (a
        // label without figures places nothing).
        let lone_total = ws.len() == 1
            && ws
                .first()
                .is_some_and(|w| Vocabulary::is_in(&v.total_prefixes, w));
        if stage == 2 && !lone_total && is_repeated_header(&ws, &p.header, &numbers) {
            continue;
        }
        if stage == 2 {
            // A code printed one piece per line (`201` / `03` / `50`) is
            // put back on one line with what follows it.
            let lone_part = ws.len() == 1 && ws.first().is_some_and(|w| tokens::is_code_part(w));
            let after_code = p.data.last().is_some_and(|(_, prev)| is_code_pieces(prev));
            match p.data.last_mut() {
                Some((_, prev)) if after_code && (lone_part || starts_with_text(&ws)) => {
                    prev.extend(ws)
                }
                _ => p.data.push((line, ws)),
            }
        } else {
            p.notes.push(collapse_spaces(t));
        }
    }
    p
}

/// A header line (or line of column numbers) printed again on a
/// continuation page.
fn is_repeated_header(ws: &[String], header: &[Vec<String>], numbers: &[Vec<String>]) -> bool {
    !ws.iter().any(|w| tokens::is_decimal_amount(w))
        && (header.iter().any(|h| h.as_slice() == ws) || numbers.iter().any(|n| n.as_slice() == ws))
}

/// Only the pieces of a code (`201`, `201 03`, `201 03 50`).
fn is_code_pieces(ws: &[String]) -> bool {
    match ws.split_first() {
        Some((head, parts)) => {
            tokens::is_code_head(head)
                && parts.len() <= 2
                && parts.iter().all(|w| tokens::is_code_part(w))
        }
        None => false,
    }
}

fn starts_with_text(ws: &[String]) -> bool {
    ws.first()
        .is_some_and(|w| !tokens::is_amount(w) && !tokens::is_placeholder(w))
}

pub fn is_caption(t: &str, v: &Vocabulary) -> bool {
    v.caption_prefixes.iter().any(|p| {
        let n = p.chars().count();
        let head: String = t.chars().take(n).collect();
        vocab::term_matches(p, &head)
    })
}

fn is_note(t: &str, v: &Vocabulary) -> bool {
    v.note_prefixes.iter().any(|p| t.starts_with(p.as_str()))
        || v.note_phrases.iter().any(|p| t.contains(p.as_str()))
}

/// The first line of the table body: it prints an amount, opens with a code
/// or a total followed by figures, or holds text too long for a header.
fn is_data_line(ws: &[String], s: &Settings, v: &Vocabulary) -> bool {
    let Some(first) = ws.first() else {
        return false;
    };
    if ws.iter().any(|w| tokens::is_decimal_amount(w)) {
        return true;
    }
    let has_number = ws.iter().skip(1).any(|w| tokens::is_amount(w));
    if v.total_prefixes
        .iter()
        .any(|p| first.starts_with(p.as_str()))
        && has_number
    {
        return true;
    }
    if tokens::is_unit_code(first) {
        return true;
    }
    // A code opens a row (a code alone on its line: one cell per line).
    if tokens::is_code_head(first)
        && ws
            .get(1)
            .is_none_or(|n| tokens::is_code_part(n) || !tokens::is_amount(n))
    {
        return true;
    }
    ws.iter()
        .any(|w| tokens::width(w) > s.max_header_word_width || w.contains('，') || w.contains('。'))
}

/// Place a row's cells in the columns when the text tells where each one
/// goes (as many amounts as amount columns, or none); otherwise pack them:
/// `[code or "", unit code or "", texts…, amounts…]`.
pub fn place(acc: &RowAcc, columns: &[Column]) -> RawRow {
    let idx = |k: Kind| {
        columns
            .iter()
            .enumerate()
            .filter(move |(_, c)| c.kind == k)
            .map(|(i, _)| i)
    };
    let code_col = idx(Kind::Code).next();
    let unit_col = idx(Kind::UnitCode).next();
    let text_cols: Vec<usize> = idx(Kind::Text).collect();
    let amount_cols: Vec<usize> = idx(Kind::Amount).collect();
    // More figures than amount columns, the extra ones plain integers and
    // text columns to spare (`合计 1 0 0 …` under `项目 行次 …`): the leading
    // integers are labels (a 行次 column).
    let extra = acc.amounts.len().saturating_sub(amount_cols.len());
    let numbered = extra > 0
        && !amount_cols.is_empty()
        && acc.texts.len() + extra <= text_cols.len()
        && acc
            .amounts
            .iter()
            .take(extra)
            .all(|a| a.chars().all(|c| c.is_ascii_digit()));
    let relabelled;
    let acc = if numbered {
        let mut a = acc.clone();
        let rest = a.amounts.split_off(extra);
        a.texts.extend(std::mem::replace(&mut a.amounts, rest));
        relabelled = a;
        &relabelled
    } else {
        acc
    };
    let amounts_fit = acc.amounts.is_empty() || acc.amounts.len() == amount_cols.len();
    let labels_fit = (acc.code.is_none() || code_col.is_some())
        && (acc.unit.is_none() || unit_col.is_some())
        && acc.texts.len() <= text_cols.len();
    if !columns.is_empty() && amounts_fit && labels_fit {
        let mut cells = vec![String::new(); columns.len()];
        let mut put = |i: Option<usize>, v: &str| {
            if let Some(c) = i.and_then(|i| cells.get_mut(i)) {
                *c = v.to_string();
            }
        };
        if let Some(c) = &acc.code {
            put(code_col, c);
        }
        if let Some(u) = &acc.unit {
            put(unit_col, u);
        }
        let label_col = label_column(columns, &text_cols, amount_cols.first().copied());
        for (t, col) in acc
            .texts
            .iter()
            .zip(text_slots(acc, &text_cols, unit_col, label_col))
        {
            put(Some(col), t);
        }
        for (a, &col) in acc.amounts.iter().zip(amount_cols.iter()) {
            put(Some(col), a);
        }
        return RawRow {
            cells,
            placement: Placement::Aligned,
            page: acc.page,
        };
    }
    pack(acc)
}

/// The text columns a row's texts go to. Texts printed before the unit code
/// fill the text columns left of the unit code column, those after it the
/// ones right of it; without a unit code a lone text (合计, an item name) goes
/// to the label column (see `label_column`), several fill from the left.
fn text_slots(
    acc: &RowAcc,
    text_cols: &[usize],
    unit_col: Option<usize>,
    label_col: Option<usize>,
) -> Vec<usize> {
    let n = acc.texts.len();
    if n == text_cols.len() {
        return text_cols.to_vec();
    }
    if let (Some(u), Some(_)) = (unit_col, acc.unit.as_ref()) {
        let before: Vec<usize> = text_cols.iter().copied().filter(|&c| c < u).collect();
        let after: Vec<usize> = text_cols.iter().copied().filter(|&c| c > u).collect();
        let k = acc.texts_before_unit.min(n);
        if k <= before.len() && n - k <= after.len() {
            let mut out: Vec<usize> = before.get(before.len() - k..).unwrap_or(&[]).to_vec();
            out.extend(after.iter().take(n - k));
            return out;
        }
    }
    if n == 1 {
        return label_col.into_iter().collect();
    }
    text_cols.iter().copied().take(n).collect()
}

/// The row-label column: the last text column left of the amounts that is
/// not a describing column (`non_label_headers`: 拟采购方式, 项目内容…), else
/// the last text column. Text columns right of the amounts (采购项目类别) are
/// never labels.
fn label_column(
    columns: &[Column],
    text_cols: &[usize],
    first_amount: Option<usize>,
) -> Option<usize> {
    let skip = &vocab::get().non_label_headers;
    text_cols
        .iter()
        .copied()
        .filter(|&c| first_amount.is_none_or(|a| c < a))
        .rfind(|&c| columns.get(c).is_some_and(|col| !skip.contains(&col.name)))
        .or(text_cols.last().copied())
}

/// `[code or "", unit code or "", texts…, amounts…]`.
fn pack(acc: &RowAcc) -> RawRow {
    let mut cells = vec![
        acc.code.clone().unwrap_or_default(),
        acc.unit.clone().unwrap_or_default(),
    ];
    cells.extend(acc.texts.iter().cloned());
    cells.extend(acc.amounts.iter().cloned());
    RawRow {
        cells,
        placement: Placement::Packed,
        page: acc.page,
    }
}

/// Runs of spaces (ideographic ones too) as one space.
fn collapse_spaces(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}
