//! The shape every table finder (ruled grid or column alignment) produces
//! for one page, before titles, notes and page continuation are attached;
//! and the row steps both share: which rows are body, and joining a
//! label-only line to the row whose name it continues.

use super::headers::HeaderPiece;
use super::settings::Settings;
use super::vocab::vocab;
use super::words::push_piece;
use crate::amount;
use crate::codes;

/// One body row of a draft table, with the baseline it was printed at.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DraftRow {
    pub cells: Vec<String>,
    pub y: f32,
}

/// A table found on one page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft {
    pub page: u32,
    pub x0: f32,
    pub x1: f32,
    pub top: f32,
    pub bottom: f32,
    /// Typical font size of the table text.
    pub size: f32,
    pub columns: Vec<String>,
    pub rows: Vec<DraftRow>,
    /// Notes printed inside the table outline (a full-width `此表为空表` row).
    pub notes: Vec<String>,
    /// Column boundaries (`columns.len() + 1`, left to right), for
    /// matching a continuation drawn with fewer columns.
    pub col_x: Vec<f32>,
    /// A title printed inside the table outline (forms), and captions.
    pub title: Option<String>,
    pub caption: Vec<String>,
    /// A ruled grid without any body row (no amount, no 合计) is read as
    /// header only; its printed rows are kept here as cells too, so a
    /// page continuing a form (绩效目标表: indicator rows, no amounts)
    /// can give them to the table it continues. Empty otherwise.
    pub header_rows: Vec<DraftRow>,
}

/// Does this cell hold a code or an amount (`204`, `2,081.40`, `0.00`)?
pub fn is_number(cell: &str) -> bool {
    let t = cell.trim();
    t.chars().any(|c| c.is_ascii_digit()) && amount::is_amount(t)
}

/// Does a row (its cells in column order) start the body: it holds a number
/// and is not a column-numbering row, or its first filled cell is a body
/// marker (`合计`, `无`) with nothing but blanks after it. `marker_ok(c)` is
/// false when the cell in column `c` is drawn over several rows: then it is
/// a header cell (`合计` over `小计 购置费 …`).
pub fn is_body_row(cells: &[&str], marker_ok: impl Fn(usize) -> bool) -> bool {
    if super::headers::is_column_numbers(cells) {
        return false;
    }
    if cells.iter().any(|c| is_number(c)) {
        return true;
    }
    let Some(first) = cells.iter().position(|c| !c.trim().is_empty()) else {
        return false;
    };
    let rest_plain = cells
        .iter()
        .skip(first + 1)
        .all(|c| crate::amount::is_placeholder(c));
    rest_plain && marker_ok(first) && vocab().is_body_marker(cells[first])
}

/// Header pieces from rows of cells (each cell spanning one column).
pub fn pieces_from_rows(rows: &[Vec<String>]) -> Vec<HeaderPiece> {
    let mut out = Vec::new();
    for (r, cells) in rows.iter().enumerate() {
        let refs: Vec<&str> = cells.iter().map(|c| c.as_str()).collect();
        if super::headers::is_column_numbers(&refs) {
            continue;
        }
        for (c, t) in cells.iter().enumerate() {
            if !t.trim().is_empty() {
                out.push(HeaderPiece {
                    row: r,
                    c0: c,
                    c1: c + 1,
                    text: t.clone(),
                });
            }
        }
    }
    out
}

/// Does a row hold only label text (no number in any cell)?
fn label_only(row: &DraftRow) -> Option<usize> {
    let filled: Vec<usize> = (0..row.cells.len())
        .filter(|&c| !row.cells[c].trim().is_empty())
        .collect();
    if filled.len() != 1 || row.cells.iter().any(|c| is_number(c)) {
        return None;
    }
    let text = row.cells[filled[0]].trim();
    if starts_enumeration(text) || vocab().is_body_marker(text) {
        return None;
    }
    Some(filled[0])
}

/// `一、`, `（一）`, `1.`, `1、`, `其中：` start a row of their own.
fn starts_enumeration(text: &str) -> bool {
    let mut it = text.chars();
    let Some(first) = it.next() else { return false };
    let second = it.next();
    let numeral = |c: char| "一二三四五六七八九十".contains(c) || c.is_ascii_digit();
    (first == '（' || first == '(')
        || (numeral(first) && matches!(second, Some('、') | Some('.') | Some('．')))
        || text.starts_with("其中")
}

/// Does the row print a line of a code wrapped in its column `c`: a few
/// digits there and no amount elsewhere (the line may hold a line of the
/// row's wrapped name too: `3010  机关事业单位基本养老保险缴`)?
fn code_fragment(row: &DraftRow, c: usize) -> bool {
    let t = row.cells.get(c).map_or("", |x| x.trim());
    !t.is_empty()
        && t.len() <= 7
        && t.chars().all(|ch| ch.is_ascii_digit())
        && row
            .cells
            .iter()
            .enumerate()
            .all(|(k, x)| k == c || !is_number(x))
}

/// Does the row print an amount outside column `c`?
fn has_amount(row: &DraftRow, c: usize) -> bool {
    row.cells
        .iter()
        .enumerate()
        .any(|(k, x)| k != c && is_number(x))
}

/// Digits of a 类 (the first column of split 类/款/项 codes).
const CLASS_DIGITS: usize = 3;

/// The median gap between consecutive baselines of the rows `keep` says
/// are rows of their own.
fn median_pitch(rows: &[DraftRow], keep: impl Fn(&DraftRow) -> bool) -> Option<f32> {
    let ys: Vec<f32> = rows.iter().filter(|r| keep(r)).map(|r| r.y).collect();
    let mut pitches: Vec<f32> = ys
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|d| *d > 0.0)
        .collect();
    pitches.sort_by(f32::total_cmp);
    pitches.get(pitches.len() / 2).copied()
}

/// Rejoin the codes wrapped in a narrow code column (the table's first
/// column, every cell of it digits or a label): a code too wide for the
/// column goes on over the next line (`3010` / `1`), and one whose row is
/// vertically centred starts above the row's baseline (`201030` /
/// `行政运行 982.84` / `1`), so its lines come as rows printing no amount.
/// A line of digits set closer than a row pitch under the row whose code it
/// completes ([`codes::wrapped`]) joins that code; a line that is no code
/// on its own, set closer than a row pitch above a row printing amounts and
/// no code, starts that row's code. What else such a line prints (a line
/// of the wrapped name) stays, for [`join_continuations`]. The pitch is
/// measured between rows printing amounts, not the wrapped lines. Of split
/// 类/款/项 columns only a 类 wraps (`20` / `06 01 行政运行 …` / `1`): it is
/// rejoined when the first column holds nothing but 类 on the rows, and
/// the whole is a 类 (3 digits); the 款 and 项 columns are left alone.
fn join_wrapped_codes(rows: Vec<DraftRow>, s: &Settings) -> Vec<DraftRow> {
    let Some(c) = rows
        .iter()
        .filter_map(|r| r.cells.iter().position(|x| !x.trim().is_empty()))
        .min()
    else {
        return rows;
    };
    let code_column = rows.iter().all(|r| {
        r.cells.get(c).is_none_or(|x| {
            let t = x.trim();
            t.chars().all(|ch| ch.is_ascii_digit()) || !t.chars().any(|ch| ch.is_ascii_digit())
        })
    });
    // split 类/款/项 columns (`20` over `06 01 行政运行`, then `1`): the next
    // columns print the 款/项 pieces, and a code wrapped in the first
    // column is a whole 类
    let split = rows.iter().any(|r| {
        r.cells.get(c + 1).is_some_and(|x| {
            let t = x.trim();
            !t.is_empty() && t.len() <= 2 && t.chars().all(|ch| ch.is_ascii_digit())
        })
    });
    if !code_column || !rows.iter().any(|r| code_fragment(r, c)) {
        return rows;
    }
    let whole_ok = |code: &str| !split || code.len() == CLASS_DIGITS;
    let Some(pitch) = median_pitch(&rows, |r| has_amount(r, c)) else {
        return rows;
    };
    let limit = pitch * s.continuation_pitch_ratio;
    let mut rows = rows;
    let mut out: Vec<DraftRow> = Vec::with_capacity(rows.len());
    for i in 0..rows.len() {
        let mut row = std::mem::take(&mut rows[i]);
        if code_fragment(&row, c) {
            let frag = row.cells[c].trim().to_string();
            let up = out
                .iter()
                .rev()
                .find(|p| has_amount(p, c))
                .map_or(f32::INFINITY, |p| row.y - p.y);
            // the code the line completes, with the row it belongs to; not
            // when a line of digits left unjoined starts right above that
            // row: its code was wrapped around it (first line above), and
            // what the row prints in the column is another code's piece
            // (a 款 fallen into the 类 column: `20` / `11 …` / `0` is no
            // `110`)
            let p_at = out.iter().rposition(|p| has_amount(p, c));
            let head_above = p_at.is_some_and(|j| {
                j > 0 && code_fragment(&out[j - 1], c) && out[j].y - out[j - 1].y < limit
            });
            // and set closer to that row than to the next row of amounts
            let down = rows[i + 1..]
                .iter()
                .find(|n| has_amount(n, c))
                .map_or(f32::INFINITY, |n| n.y - row.y);
            let below = p_at
                .filter(|_| !head_above)
                .map(|j| &mut out[j])
                .filter(|p| row.y - p.y < limit && row.y - p.y <= down)
                .and_then(|p| {
                    let whole = codes::wrapped(&[p.cells.get(c)?.trim(), &frag])?;
                    whole_ok(&whole).then_some((p, whole))
                });
            // a line closer to the row above is that row's (its code's tail)
            let above = rows.get_mut(i + 1).filter(|n| {
                codes::parse(&frag).is_none()
                    && n.y - row.y < limit
                    && n.y - row.y < up
                    && has_amount(n, c)
                    && n.cells.get(c).is_some_and(|x| x.trim().is_empty())
            });
            let joined = if let Some((p, whole)) = below {
                p.cells[c] = whole;
                true
            } else if let Some(n) = above {
                n.cells[c] = frag;
                true
            } else {
                false
            };
            if joined {
                row.cells[c].clear();
                if row.cells.iter().all(|x| x.trim().is_empty()) {
                    continue;
                }
            }
        }
        out.push(row);
    }
    out
}

/// Join label-only rows (a wrapped name's other lines) into the neighbour
/// they are set closer to than a normal row pitch: appended to the row
/// above, or prepended to the row below. Codes wrapped in their column are
/// rejoined first ([`join_wrapped_codes`]).
pub fn join_continuations(rows: Vec<DraftRow>, s: &Settings) -> Vec<DraftRow> {
    let rows = join_wrapped_codes(rows, s);
    if rows.len() < 2 {
        return rows;
    }
    let mut pitches: Vec<f32> = rows
        .windows(2)
        .map(|w| w[1].y - w[0].y)
        .filter(|d| *d > 0.0)
        .collect();
    pitches.sort_by(f32::total_cmp);
    let Some(&pitch) = pitches.get(pitches.len() / 2) else {
        return rows;
    };
    let limit = pitch * s.continuation_pitch_ratio;
    let ys: Vec<f32> = rows.iter().map(|r| r.y).collect();
    let kinds: Vec<Option<usize>> = rows.iter().map(label_only).collect();
    let mut out: Vec<DraftRow> = Vec::with_capacity(rows.len());
    let mut pending: Vec<(usize, String)> = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        if let Some(col) = kinds[i] {
            let up = if i > 0 {
                ys[i] - ys[i - 1]
            } else {
                f32::INFINITY
            };
            let down = ys.get(i + 1).map_or(f32::INFINITY, |y| y - ys[i]);
            let next_is_row = kinds.get(i + 1).is_some_and(|k| k.is_none());
            if up <= down
                && up < limit
                && (!out.is_empty() || !pending.is_empty())
                && pending.is_empty()
            {
                if let Some(prev) = out.last_mut()
                    && let Some(cell) = prev.cells.get_mut(col)
                {
                    push_piece(cell, row.cells[col].trim());
                    continue;
                }
            } else if down < limit && (next_is_row || kinds.get(i + 1).is_some_and(|k| k.is_some()))
            {
                pending.push((col, row.cells[col].trim().to_string()));
                continue;
            }
        }
        let mut row = row;
        if !pending.is_empty() && kinds[i].is_none() {
            for (col, text) in pending.drain(..).rev() {
                if let Some(cell) = row.cells.get_mut(col) {
                    let mut joined = text;
                    push_piece(&mut joined, cell.trim());
                    *cell = joined;
                }
            }
        } else if !pending.is_empty() {
            // a chain of label-only lines: keep collecting until a real row
            if let Some(col) = kinds[i] {
                pending.push((col, row.cells[col].trim().to_string()));
                continue;
            }
        }
        out.push(row);
    }
    // Label lines left pending at the end become rows of their own.
    for (col, text) in pending {
        let n = out.last().map_or(col + 1, |r| r.cells.len());
        let mut cells = vec![String::new(); n.max(col + 1)];
        cells[col] = text;
        out.push(DraftRow {
            cells,
            y: f32::INFINITY,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(y: f32, cells: &[&str]) -> DraftRow {
        DraftRow {
            cells: cells.iter().map(|c| c.to_string()).collect(),
            y,
        }
    }

    #[test]
    fn body_rows() {
        let yes = |_| true;
        assert!(is_body_row(
            &["204", "", "公共安全支出", "87267272.44"],
            yes
        ));
        assert!(is_body_row(&["合计", "", ""], yes));
        assert!(is_body_row(&["", "合计", ""], yes));
        assert!(!is_body_row(&["合计", "", ""], |_| false));
        assert!(!is_body_row(&["类", "款", "项", "合计"], yes));
        assert!(!is_body_row(&["栏次", "1", "2"], yes));
        assert!(!is_body_row(&["合计", "", "因公出国（境）费"], yes));
    }

    #[test]
    fn wrapped_name_joins_previous_or_next() {
        let rows = vec![
            row(100.0, &["30101", "基本工资", "1.00"]),
            row(120.0, &["30108", "机关事业单位基本养老保", "2.00"]),
            row(130.0, &["", "险缴费", ""]),
            row(150.0, &["", "其他社会保障", ""]),
            row(160.0, &["30112", "缴费", "3.00"]),
            row(180.0, &["30113", "住房公积金", "4.00"]),
        ];
        let out = join_continuations(rows, &Settings::default());
        let names: Vec<&str> = out.iter().map(|r| r.cells[1].as_str()).collect();
        assert_eq!(
            names,
            vec![
                "基本工资",
                "机关事业单位基本养老保险缴费",
                "其他社会保障缴费",
                "住房公积金"
            ]
        );
    }

    #[test]
    fn codes_wrapped_in_their_column_are_rejoined() {
        let rows = vec![
            row(100.0, &["301", "工资福利支出", "1,012.84"]),
            // `3010` over the row, `1` under it
            row(120.0, &["3010", "", ""]),
            row(126.0, &["", "基本工资", "190.19"]),
            row(132.0, &["1", "", ""]),
            // the code's lines beside the name's
            row(150.0, &["3010", "机关事业单位基本养老保险缴", ""]),
            row(156.0, &["", "", "108.21"]),
            row(162.0, &["8", "费", ""]),
            // a code wrapped after its row's baseline line
            row(180.0, &["3011", "住房公积金", "81.15"]),
            row(186.0, &["3", "", ""]),
            // a row printing no amount (zeros blank) is no wrapped line
            row(206.0, &["30199", "其他工资福利支出", ""]),
        ];
        let out = join_continuations(rows, &Settings::default());
        let cells: Vec<(&str, &str)> = out
            .iter()
            .map(|r| (r.cells[0].as_str(), r.cells[1].as_str()))
            .collect();
        assert_eq!(
            cells,
            vec![
                ("301", "工资福利支出"),
                ("30101", "基本工资"),
                ("30108", "机关事业单位基本养老保险缴费"),
                ("30113", "住房公积金"),
                ("30199", "其他工资福利支出"),
            ]
        );
        // digits in a column of amounts are never joined
        let rows = vec![
            row(100.0, &["工资福利支出", "20", ""]),
            row(106.0, &["", "1", ""]),
            row(130.0, &["基本工资", "30", ""]),
        ];
        let out = join_continuations(rows.clone(), &Settings::default());
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn a_wrapped_class_of_split_codes_is_rejoined() {
        let rows = vec![
            row(100.0, &["20", "", "", ""]),
            row(106.0, &["", "", "一般公共服务支出", "9.00"]),
            row(112.0, &["1", "", "", ""]),
            row(140.0, &["20", "", "", ""]),
            row(146.0, &["", "06", "财政事务", "9.00"]),
            row(152.0, &["1", "", "", ""]),
            // the 类 printed with the row, its last digit under it
            row(180.0, &["20", "06", "行政运行", "9.00"]),
            row(186.0, &["1", "", "", ""]),
        ];
        let out = join_continuations(rows, &Settings::default());
        let cells: Vec<(&str, &str)> = out
            .iter()
            .map(|r| (r.cells[0].as_str(), r.cells[1].as_str()))
            .collect();
        assert_eq!(cells, vec![("201", ""), ("201", "06"), ("201", "06")]);
        // 类 and 款 fallen into one column, the 类 wrapped around its rows:
        // the 类 row's code is rejoined; a 款 row's is not (`11` over `0`
        // is no 类 `110`: the `21` printed above it is left unjoined), and
        // the `21` is no tail of the row above (`210` + `21`)
        let rows = vec![
            row(140.0, &["21", "", "", ""]),
            row(146.0, &["", "", "卫生健康支出", "9.00"]),
            row(152.0, &["0", "", "", ""]),
            row(180.0, &["21", "", "", ""]),
            row(186.0, &["11", "", "行政事业单位医疗", "9.00"]),
            row(192.0, &["0", "", "", ""]),
            row(220.0, &["21", "", "", ""]),
            row(226.0, &["11", "01", "行政单位医疗", "9.00"]),
            row(232.0, &["0", "", "", ""]),
        ];
        let out = join_continuations(rows, &Settings::default());
        let firsts: Vec<&str> = out.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(firsts, vec!["210", "21", "11", "0", "21", "11", "0"]);
        // the first line of the next row's code is no tail of the row
        // above, however close: it is closer to its own row (`201` + `20`
        // is no `20120`)
        let rows = vec![
            row(100.0, &["201", "一般公共服务支出", "9.00"]),
            row(134.0, &["20", "", ""]),
            row(140.0, &["", "社会保障和就业支出", "9.00"]),
            row(146.0, &["8", "", ""]),
        ];
        let out = join_continuations(rows, &Settings::default());
        let firsts: Vec<&str> = out.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(firsts, vec!["201", "208"]);
    }

    #[test]
    fn three_line_name_and_section_rows_stay() {
        let rows = vec![
            row(100.0, &["一、财政拨款收入", "5.00"]),
            row(120.0, &["其中：一般公共预算", "5.00"]),
            row(140.0, &["很长很长的", "7.00"]),
            row(150.0, &["项目名称分成", ""]),
            row(160.0, &["三行", ""]),
            row(180.0, &["二、事业收入", ""]),
        ];
        let out = join_continuations(rows, &Settings::default());
        assert_eq!(out.len(), 4);
        assert_eq!(out[2].cells[0], "很长很长的项目名称分成三行");
        assert_eq!(out[3].cells[0], "二、事业收入");
    }
}
