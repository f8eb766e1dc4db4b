//! Header rows → one header per column. A parent printed over several
//! columns is joined to each child with `/` (`基本支出/工资福利支出`); a
//! header wrapped over several lines in one cell is joined without separator
//! (`一般公共预` + `算`).

use super::vocab::vocab;
use super::words::push_piece;

/// A piece of header text spanning the columns `c0..c1`, printed in header
/// row `row` (0 = top).
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderPiece {
    pub row: usize,
    pub c0: usize,
    pub c1: usize,
    pub text: String,
}

/// Is this header row a column-numbering row (`栏次 1 2 3 …`)? Its cells
/// are not names. A row labelled `栏次`/`行次` numbers the columns only when
/// its other cells are numbers (`1`, `2`) or ordinals (`甲`, `乙`): `行次`
/// is also the header of a row-number column, printed beside `项目` and
/// `金额` in a 决算 header row, which must stay.
pub fn is_column_numbers(cells: &[&str]) -> bool {
    let filled: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    if filled.is_empty() {
        return false;
    }
    let small_int = |c: &str| c.len() <= 2 && c.chars().all(|ch| ch.is_ascii_digit());
    let ordinal = |c: &str| {
        let mut it = c.chars();
        matches!((it.next(), it.next()), (Some(ch), None) if "甲乙丙丁戊己庚辛".contains(ch))
    };
    let labels = filled
        .iter()
        .filter(|c| vocab().is_column_numbers(c))
        .count();
    let small_ints = filled.iter().filter(|c| small_int(c)).count();
    let others = filled.len() - labels - small_ints;
    if labels > 0 {
        return filled
            .iter()
            .all(|c| vocab().is_column_numbers(c) || small_int(c) || ordinal(c))
            || (others <= 1 && small_ints >= 2);
    }
    small_ints >= 2 && small_ints == filled.len()
}

/// Join header pieces into one header per column. `wrap_same_span`: two
/// stacked pieces with the same span are one wrapped cell (tables without
/// ruling, where a wrap and a child cannot be told apart otherwise); with
/// ruling, the caller already joined each drawn cell's lines.
pub fn join_headers(pieces: &[HeaderPiece], n_cols: usize, wrap_same_span: bool) -> Vec<String> {
    let mut sorted: Vec<&HeaderPiece> = pieces
        .iter()
        .filter(|p| !p.text.trim().is_empty())
        .collect();
    sorted.sort_by_key(|p| (p.row, p.c0));
    (0..n_cols)
        .map(|c| {
            let mut out = String::new();
            let mut prev_span: Option<(usize, usize)> = None;
            let mut prev_text = String::new();
            for p in sorted.iter().filter(|p| p.c0 <= c && c < p.c1) {
                let text = p.text.trim();
                if prev_span == Some((p.c0, p.c1)) && wrap_same_span {
                    push_piece(&mut out, text);
                } else if text != prev_text {
                    if !out.is_empty() {
                        out.push('/');
                    }
                    out.push_str(text);
                }
                prev_span = Some((p.c0, p.c1));
                prev_text = text.to_string();
            }
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(row: usize, c0: usize, c1: usize, text: &str) -> HeaderPiece {
        HeaderPiece {
            row,
            c0,
            c1,
            text: text.into(),
        }
    }

    #[test]
    fn parents_join_with_slash_wraps_without() {
        let pieces = vec![
            p(0, 0, 1, "科目名称"),
            p(0, 1, 3, "基本支出"),
            p(1, 1, 2, "工资福利"),
            p(2, 1, 2, "支出"),
            p(1, 2, 3, "商品和服务支出"),
        ];
        let h = join_headers(&pieces, 3, true);
        assert_eq!(
            h,
            vec![
                "科目名称",
                "基本支出/工资福利支出",
                "基本支出/商品和服务支出"
            ]
        );
        let h = join_headers(&pieces, 3, false);
        assert_eq!(h[1], "基本支出/工资福利/支出");
    }

    #[test]
    fn column_number_rows() {
        assert!(is_column_numbers(&["栏次", "", "1", "2"]));
        assert!(is_column_numbers(&["1", "2", "3"]));
        assert!(!is_column_numbers(&["合计", "12.00"]));
        assert!(is_column_numbers(&["栏次", "", "1", "栏次", "", "2"]));
        assert!(is_column_numbers(&["栏次", "甲", "1", "2"]));
        assert!(is_column_numbers(&["行次"]));
        // a 决算 header row with a row-number column (行次) is a header
        assert!(!is_column_numbers(&[
            "项目", "行次", "金额", "项目", "行次", "金额"
        ]));
    }
}
