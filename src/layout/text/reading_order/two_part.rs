//! Tables printed in two parts on the same lines: two halves of one table
//! side by side (economic classes 301/302 left, 303/310 right, one header
//! printed twice) and two-sided 收支 tables (income items left, expenditure
//! items right). Each line is split into segments; each part has its own
//! row builder; a segment printed alone is given to the part it continues.

use super::Settings;
use super::header::{self, Column, Header, Kind};
use super::rows::{RowAcc, RowBuilder, Segment, segment_line};
use super::tables::{Parts, place};
use super::two_sided_sums;
use super::vocab::Vocabulary;
use crate::model::{Placement, RawRow};

/// Without a telling header: do enough lines print two labelled parts?
pub(super) fn prints_two_parts(parts: &Parts, title: &str, s: &Settings, v: &Vocabulary) -> bool {
    let n = parts
        .data
        .iter()
        .filter(|(_, ws)| {
            let segs = segment_line(ws, true, v);
            segs.len() == 2
                && segs
                    .iter()
                    .all(|sg| sg.code.is_some() || sg.leads_with_text)
        })
        .count();
    n >= s.min_two_part_lines && (title.contains("收支") || n * 4 >= parts.data.len())
}

/// Which part of a two-part line a lone segment belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

/// Feed every data line's segments to the left or right builder.
fn distribute(
    parts: &Parts,
    s: &Settings,
    v: &Vocabulary,
    mut choose: impl FnMut(&Segment, &RowBuilder, &RowBuilder, Option<Side>) -> Side,
) -> (Vec<RowAcc>, Vec<RowAcc>) {
    let mut left = RowBuilder::default();
    let mut right = RowBuilder::default();
    let mut last: Option<Side> = None;
    let all: Vec<Vec<Segment>> = parts
        .data
        .iter()
        .map(|(_, ws)| segment_line(ws, true, v))
        .collect();
    for (i, ((line, _), segs)) in parts.data.iter().zip(all.iter().cloned()).enumerate() {
        if segs.len() >= 2 {
            let mut it = segs.into_iter();
            if let Some(a) = it.next() {
                left.push(a, i, line.page, s);
            }
            for b in it {
                right.push(b, i, line.page, s);
            }
            last = Some(Side::Right);
            continue;
        }
        for seg in segs {
            let side = if continues_on(&seg, &left, &right, last, s) {
                last.unwrap_or(Side::Left)
            } else if seg.only_amounts() {
                waiting_for_amounts(&left, &right, last)
            } else if seg.amounts.is_empty() && left_label_of_later_line(&all, i, s) {
                Side::Left
            } else {
                choose(&seg, &left, &right, last)
            };
            match side {
                Side::Left => left.push(seg, i, line.page, s),
                Side::Right => right.push(seg, i, line.page, s),
            }
            last = Some(side);
        }
    }
    (left.finish(), right.finish())
}

/// A label printed alone whose amounts open a later two-part line
/// (`其他…利润收` / `入` / `0.00 其他…支出 0.00`) is the left part's.
fn left_label_of_later_line(all: &[Vec<Segment>], i: usize, s: &Settings) -> bool {
    for segs in all.iter().skip(i + 1).take(s.wrap_lookahead) {
        match segs.as_slice() {
            [one] if one.amounts.is_empty() && !one.starts_row && one.code.is_none() => continue,
            [first, _, ..] => return first.only_amounts(),
            _ => return false,
        }
    }
    false
}

/// A lone text piece continuing the wrapped cell of the side printed last.
fn continues_on(
    seg: &Segment,
    l: &RowBuilder,
    r: &RowBuilder,
    last: Option<Side>,
    s: &Settings,
) -> bool {
    match last {
        Some(Side::Left) => l.current().continues(seg, s),
        Some(Side::Right) => r.current().continues(seg, s),
        None => false,
    }
}

/// Amounts on a line of their own belong to the side whose row still
/// lacks them.
fn waiting_for_amounts(l: &RowBuilder, r: &RowBuilder, last: Option<Side>) -> Side {
    let waits = |b: &RowBuilder| !b.current().is_empty() && !b.current().complete();
    match (waits(l), waits(r)) {
        (true, false) => Side::Left,
        (false, true) => Side::Right,
        _ => last.unwrap_or(Side::Left),
    }
}

/// Two tables side by side with one header: all left rows, then all right
/// rows, each placed in the shared columns.
pub(super) fn side_by_side(
    parts: &Parts,
    header: &Header,
    s: &Settings,
    v: &Vocabulary,
) -> (Vec<Column>, Vec<RawRow>) {
    let mut left_classes: Vec<String> = Vec::new();
    let mut right_classes: Vec<String> = Vec::new();
    for (_, ws) in &parts.data {
        let segs = segment_line(ws, true, v);
        if segs.len() >= 2 {
            for (k, sg) in segs.iter().enumerate() {
                if let Some(c) = sg.code.as_deref().and_then(|c| c.get(..3)) {
                    let list = if k == 0 {
                        &mut left_classes
                    } else {
                        &mut right_classes
                    };
                    if !list.iter().any(|x| x == c) {
                        list.push(c.to_string());
                    }
                }
            }
        }
    }
    let (l, r) = distribute(parts, s, v, |seg, _, _, last| {
        match seg.code.as_deref().and_then(|c| c.get(..3)) {
            Some(class)
                if right_classes.iter().any(|x| x == class)
                    && !left_classes.iter().any(|x| x == class) =>
            {
                Side::Right
            }
            Some(_) => Side::Left,
            None => last.unwrap_or(Side::Left),
        }
    });
    let rows = l
        .iter()
        .chain(r.iter())
        .map(|acc| place(acc, &header.columns))
        .collect();
    (header.columns.clone(), rows)
}

/// A two-sided (收入 | 支出) table: one aligned row per printed line, the
/// income item and amounts, then the expenditure item and amounts.
pub(super) fn two_sided(
    parts: &Parts,
    header: &Header,
    s: &Settings,
    v: &Vocabulary,
    title: &str,
    warnings: &mut Vec<String>,
) -> (Vec<Column>, Vec<RawRow>) {
    let (mut lcols, mut rcols) = header.two_sided.clone().unwrap_or_else(|| {
        (
            header::side_columns(Vec::new(), "收入"),
            header::side_columns(Vec::new(), "支出"),
        )
    });
    let l_amounts = lcols.len().saturating_sub(1);
    let r_amounts = rcols.len().saturating_sub(1);
    let (l, r) = distribute(parts, s, v, |seg, _, _, last| {
        let label: String = seg.texts.concat();
        let inc = v.income_markers.iter().any(|m| label.contains(m.as_str()));
        let exp = v
            .expenditure_markers
            .iter()
            .any(|m| label.contains(m.as_str()));
        let n = seg.amounts.len();
        if inc && !exp {
            Side::Left
        } else if exp && !inc {
            Side::Right
        } else if n > 0 && n == l_amounts && n != r_amounts {
            Side::Left
        } else if n > l_amounts {
            Side::Right
        } else {
            last.unwrap_or(Side::Right)
        }
    });
    widen(
        &mut lcols,
        l.iter().map(|a| a.amounts.len()).max().unwrap_or(0),
        "收入",
    );
    widen(
        &mut rcols,
        r.iter().map(|a| a.amounts.len()).max().unwrap_or(0),
        "支出",
    );
    let mut starts: Vec<usize> = l.iter().chain(r.iter()).map(|a| a.line).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut rows = Vec::new();
    for line in starts {
        let lr = l.iter().find(|a| a.line == line);
        let rr = r.iter().find(|a| a.line == line);
        let mut cells = side_cells(lr, lcols.len());
        cells.extend(side_cells(rr, rcols.len()));
        let page = lr.or(rr).map(|a| a.page).unwrap_or(1);
        rows.push(RawRow {
            cells,
            placement: Placement::Aligned,
            page,
        });
    }
    let (ln, rn) = (lcols.len(), rcols.len());
    let sides = [
        two_sided_sums::Side {
            label: 0,
            amounts: 1..ln,
            name: "收入",
        },
        two_sided_sums::Side {
            label: ln,
            amounts: ln + 1..ln + rn,
            name: "支出",
        },
    ];
    warnings.extend(two_sided_sums::keep_confirmed(&mut rows, &sides, title, v));
    lcols.extend(rcols);
    (lcols, rows)
}

/// Add generic amount columns when rows print more amounts than the header
/// named.
fn widen(cols: &mut Vec<Column>, amounts: usize, side: &str) {
    let mut k = cols.len();
    while cols.len() < amounts + 1 {
        cols.push(Column {
            name: format!("{side}/金额{k}"),
            kind: Kind::Amount,
        });
        k += 1;
    }
}

fn side_cells(acc: Option<&RowAcc>, n: usize) -> Vec<String> {
    let mut cells = vec![String::new(); n];
    if let Some(a) = acc {
        let label: String = a
            .code
            .iter()
            .chain(a.unit.iter())
            .chain(a.texts.iter())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(c) = cells.first_mut() {
            *c = label;
        }
        for (k, amt) in a.amounts.iter().enumerate() {
            if let Some(c) = cells.get_mut(k + 1) {
                *c = amt.clone();
            }
        }
    }
    cells
}
