//! The cells of one line of space-aligned text, with the characters they
//! hold: runs of text between two or more blanks, and the runs pdftotext
//! squeezed to one blank apart where the two sides cannot be one cell (two
//! figures, an amount and a Chinese name, two Chinese words of a header).

use super::aligned::Widths;
use super::common::is_cjk;
use crate::amount::is_amount;

/// One cell: characters `chars` (indices into the line's chars), columns
/// `a..b` under the width model, its text and whether it is an amount.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub chars: (usize, usize),
    pub a: f32,
    pub b: f32,
    pub text: String,
    pub amount: bool,
}

impl Cell {
    pub fn centre(&self) -> f32 {
        (self.a + self.b) / 2.0
    }
}

/// Characters that follow a figure inside one cell (`2021 年`, `12 个`,
/// `5 %`): a single blank before them is a word space, not a cell break.
fn unit_suffix(c: char) -> bool {
    matches!(
        c,
        '年' | '月'
            | '日'
            | '万'
            | '元'
            | '亿'
            | '千'
            | '个'
            | '人'
            | '%'
            | '％'
            | '项'
            | '次'
            | '辆'
            | '台'
    )
}

/// Is the single blank between word `left` and word `right` (both without
/// blanks) a break between two cells?
pub fn single_blank_breaks(left: &str, right: &str) -> bool {
    let (Some(a), Some(b)) = (left.chars().last(), right.chars().next()) else {
        return false;
    };
    let figure = |c: char| c.is_ascii_digit() || c == '-';
    if figure(a) && figure(b) {
        return true;
    }
    // an amount squeezed against the next cell's name (`10,650,182 一、…`)
    // (`2021 年`, `12 万元` stay whole: a year or count before its unit,
    // or a unit word alone; `25.17 年末结转和结余` splits)
    let unit = unit_suffix(b) && (right.chars().count() <= 2 || !left.contains([',', '.']));
    if is_amount(left) && is_cjk(b) && !unit {
        return true;
    }
    // a name squeezed against its amount (`一般行政管理事务 1,934,762`);
    // only amounts with a separator, so `第 3` and `附件 2` stay whole
    if is_cjk(a) && is_amount(right) && right.contains([',', '.']) {
        return true;
    }
    // two Chinese words of a header (`一般公共预 政府性基金`); a
    // letter-spaced word (`项 目`, `收  入`) has single characters
    let cjk_run = |s: &str| s.chars().count() >= 2 && s.chars().all(is_cjk);
    cjk_run(left) && cjk_run(right)
}

/// The cells of a line under width model `w`.
pub fn cells(text: &str, w: Widths) -> Vec<Cell> {
    // words: maximal runs of non-blanks, with their blank count before
    struct Word {
        chars: (usize, usize),
        a: f32,
        b: f32,
        text: String,
        blanks_before: usize,
    }
    let mut words: Vec<Word> = Vec::new();
    let mut col = 0.0;
    let mut blanks = 0;
    for (i, c) in text.chars().enumerate() {
        if c.is_whitespace() {
            blanks += if c == '\u{3000}' { 2 } else { 1 };
            col += w.of(c).max(1.0);
            continue;
        }
        let width = w.of(c);
        match words.last_mut() {
            Some(last) if blanks == 0 => {
                last.chars.1 = i + 1;
                last.b = col + width;
                last.text.push(c);
            }
            _ => words.push(Word {
                chars: (i, i + 1),
                a: col,
                b: col + width,
                text: c.to_string(),
                blanks_before: blanks,
            }),
        }
        blanks = 0;
        col += width;
    }
    let mut out: Vec<Cell> = Vec::new();
    for (k, word) in words.iter().enumerate() {
        let joins =
            k > 0 && word.blanks_before < 2 && !single_blank_breaks(&words[k - 1].text, &word.text);
        match out.last_mut() {
            Some(last) if joins => {
                last.chars.1 = word.chars.1;
                last.b = word.b;
                last.text.push(' ');
                last.text.push_str(&word.text);
            }
            _ => out.push(Cell {
                chars: word.chars,
                a: word.a,
                b: word.b,
                text: word.text.clone(),
                amount: false,
            }),
        }
    }
    for c in &mut out {
        c.amount = is_amount(&c.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        cells(s, Widths(1.0)).into_iter().map(|c| c.text).collect()
    }

    #[test]
    fn squeezed_cells_split_word_spaces_stay() {
        assert_eq!(
            texts(" 一、一般公共预算     10,650,182 一、一般公共服务支出   7,847,039"),
            [
                "一、一般公共预算",
                "10,650,182",
                "一、一般公共服务支出",
                "7,847,039"
            ]
        );
        assert_eq!(
            texts("合计       一般公共预 政府性基金"),
            ["合计", "一般公共预", "政府性基金"]
        );
        assert_eq!(texts("2021 年部门收支总表"), ["2021 年部门收支总表"]);
        assert_eq!(
            texts("年初结转和结余      25.17 年末结转和结余     64.34"),
            ["年初结转和结余", "25.17", "年末结转和结余", "64.34"]
        );
        assert_eq!(texts("项 目    金额"), ["项 目", "金额"]);
        assert_eq!(texts("1.00 2.00"), ["1.00", "2.00"]);
        assert_eq!(texts("Total cost  3"), ["Total cost", "3"]);
    }

    #[test]
    fn cells_know_their_characters() {
        let c = cells("ab  12", Widths(1.0));
        assert_eq!(c[1].chars, (4, 6));
        assert!(c[1].amount && !c[0].amount);
    }
}
