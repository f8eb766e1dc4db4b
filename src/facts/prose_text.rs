//! The narrative as one normalised string, so that figures broken over lines
//! (`收入总计 2081.4 万` / `元`) read whole and labels match regardless of
//! spacing, quote marks or full-width parentheses.
//!
//! Lines → `ProseText { text, line_starts }` → sentences (split on 。！？) →
//! number tokens (amounts with a money unit, percents, head counts).

use crate::model::ProseLine;
use regex::Regex;
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::LazyLock;

/// The normalised narrative with a map from byte offsets back to pages.
#[derive(Debug, Clone, Default)]
pub struct ProseText {
    pub text: String,
    /// (byte offset where a source line starts, its page), ascending.
    line_starts: Vec<(usize, u32)>,
}

/// Normalise one character: `None` drops it.
fn norm_char(c: char) -> Option<char> {
    match c {
        '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」' | '『' | '』' => None,
        '（' => Some('('),
        '）' => Some(')'),
        '％' => Some('%'),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => Some(c),
    }
}

/// The figure at the end (`tail`) or start of a line: its digits and points,
/// normalised (full-width digits folded), whitespace at that end ignored.
fn edge_figure(text: &str, tail: bool) -> String {
    let chars: Vec<char> = text.chars().filter_map(norm_char).collect();
    let trimmed: Vec<char> = if tail {
        let end = chars
            .iter()
            .rposition(|c| !c.is_whitespace())
            .map_or(0, |i| i + 1);
        let begin = chars[..end]
            .iter()
            .rposition(|c| !(c.is_ascii_digit() || *c == '.'))
            .map_or(0, |i| i + 1);
        chars[begin..end].to_vec()
    } else {
        chars
            .iter()
            .skip_while(|c| c.is_whitespace())
            .take_while(|c| c.is_ascii_digit() || **c == '.')
            .copied()
            .collect()
    };
    trimmed.into_iter().collect()
}

/// Whether the break between `prev` and `line` falls inside one figure of a
/// wrapped sentence (`其中：基本支出 81` / `3.3 万元，占 55.07%`): Chinese
/// prose wraps at any character, so a line ending in digits followed by one
/// starting with digits is one number, unless either line is that number
/// alone (a page number, a figure set on a line of its own), the lines are
/// on different pages (a page number before the next page's text), or the
/// two runs cannot be one number (two decimal points).
fn breaks_a_figure(prev: &ProseLine, line: &ProseLine) -> bool {
    if prev.page != line.page {
        return false;
    }
    let tail = edge_figure(&prev.text, true);
    let head = edge_figure(&line.text, false);
    let starts_digit = |s: &str| s.starts_with(|c: char| c.is_ascii_digit());
    let ends_digit = |s: &str| s.ends_with(|c: char| c.is_ascii_digit());
    if !ends_digit(&tail) || !starts_digit(&head) {
        return false;
    }
    if tail.matches('.').count() + head.matches('.').count() > 1 {
        return false;
    }
    // Something besides the figure on each line: a line of digits alone is
    // a page number or a figure of its own, not the middle of a sentence.
    let others = |text: &str| {
        text.chars()
            .filter_map(norm_char)
            .filter(|c| !c.is_whitespace() && !c.is_ascii_digit() && *c != '.' && *c != ',')
            .count()
    };
    others(&prev.text) > 0 && others(&line.text) > 0
}

impl ProseText {
    /// Join the prose lines. Whitespace is dropped except between two ASCII
    /// alphanumerics (so `2.00 3.00` stays two numbers); a line break between
    /// two digits becomes a space for the same reason, unless the break cuts
    /// one figure of a wrapped sentence ([`breaks_a_figure`]).
    pub fn new(lines: &[ProseLine]) -> ProseText {
        let mut text = String::new();
        let mut line_starts = Vec::new();
        let mut prev_line: Option<&ProseLine> = None;
        for line in lines {
            let start = text.len();
            let mut pending_space = false;
            let mut first = true;
            let joins = prev_line.is_some_and(|p| breaks_a_figure(p, line));
            for c in line.text.chars() {
                if c.is_whitespace() {
                    pending_space = true;
                    continue;
                }
                let Some(n) = norm_char(c) else { continue };
                let prev = text.chars().next_back();
                let prev_alnum = prev.is_some_and(|p| p.is_ascii_alphanumeric());
                if n.is_ascii_alphanumeric()
                    && prev_alnum
                    && (pending_space || (first && !text.is_empty() && !joins))
                {
                    text.push(' ');
                }
                text.push(n);
                pending_space = false;
                first = false;
            }
            if text.len() > start {
                line_starts.push((start, line.page));
                prev_line = Some(line);
            }
        }
        ProseText { text, line_starts }
    }

    /// 1-based page of the byte offset `at`.
    pub fn page_at(&self, at: usize) -> Option<u32> {
        let i = self.line_starts.partition_point(|(s, _)| *s <= at);
        i.checked_sub(1)
            .and_then(|i| self.line_starts.get(i))
            .map(|(_, p)| *p)
    }

    /// The byte range of the source line holding offset `at`.
    pub fn line_at(&self, at: usize) -> Option<(usize, usize)> {
        let i = self.line_starts.partition_point(|(s, _)| *s <= at);
        let start = self.line_starts.get(i.checked_sub(1)?)?.0;
        let end = self.line_starts.get(i).map_or(self.text.len(), |(s, _)| *s);
        Some((start, end))
    }

    /// Sentences as byte ranges (ending after 。！？ or at the end).
    pub fn sentences(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in self.text.char_indices() {
            if matches!(c, '。' | '！' | '？' | '!' | '?') {
                let end = i + c.len_utf8();
                out.push((start, end));
                start = end;
            }
        }
        if start < self.text.len() {
            out.push((start, self.text.len()));
        }
        out
    }

    /// A quote of at most `max_chars` characters around `start..end`,
    /// widened to the whole range when short enough.
    pub fn quote(&self, start: usize, end: usize, max_chars: usize) -> String {
        let s = self.text.get(start..end).unwrap_or("");
        if s.chars().count() <= max_chars {
            return s.to_string();
        }
        let mut q: String = s.chars().take(max_chars).collect();
        q.push('…');
        q
    }
}

/// What a number in the prose is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenKind {
    /// A money amount, with its unit (万元, 元 …).
    Amount(String),
    Percent,
    /// A head count (人).
    Count,
}

/// A number in the prose.
#[derive(Debug, Clone)]
pub struct Token {
    pub kind: TokenKind,
    /// The digits as printed (separators removed).
    pub text: String,
    pub value: Decimal,
    /// Byte range of the number and its unit.
    pub start: usize,
    pub end: usize,
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"-?\d+(?:,\d{3})*(?:\.\d+)?\s*(亿元|万元|千元|元|%|人)?").expect("static regex")
});

/// Numbers with a unit in `text[start..end]`, in order. A count is a number
/// followed by 人 but not 人次.
pub fn tokens(text: &str, start: usize, end: usize) -> Vec<Token> {
    let Some(s) = text.get(start..end) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for caps in NUMBER.captures_iter(s) {
        let (Some(whole), Some(unit)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        // A number glued to a preceding digit or dot is a fragment.
        if s[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit() || c == '.')
        {
            continue;
        }
        let digits: String = whole.as_str()[..unit.start() - whole.start()]
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
            .collect();
        let Ok(value) = Decimal::from_str(&digits) else {
            continue;
        };
        let kind = match unit.as_str() {
            "%" => TokenKind::Percent,
            "人" => {
                if s[unit.end()..].starts_with('次') {
                    continue;
                }
                TokenKind::Count
            }
            u => TokenKind::Amount(u.to_string()),
        };
        out.push(Token {
            kind,
            text: digits,
            value,
            start: start + whole.start(),
            end: start + whole.end(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &[&str]) -> Vec<ProseLine> {
        v.iter()
            .map(|t| ProseLine {
                page: 1,
                text: t.to_string(),
            })
            .collect()
    }

    #[test]
    fn joins_a_figure_broken_over_lines() {
        let p = ProseText::new(&lines(&[
            "收入总计 2081.4 万",
            "",
            "元，支出总计“2081.4”万元",
        ]));
        assert_eq!(p.text, "收入总计2081.4万元，支出总计2081.4万元");
        let t = tokens(&p.text, 0, p.text.len());
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].text, "2081.4");
        assert_eq!(t[0].kind, TokenKind::Amount("万元".into()));
    }

    #[test]
    fn keeps_numbers_apart_and_counts_people() {
        let p = ProseText::new(&lines(&[
            "2.00 3.00 编制人数 72 人，培训 300 人次",
            "5",
            "6万元",
        ]));
        assert!(p.text.contains("2.00 3.00"));
        let t = tokens(&p.text, 0, p.text.len());
        assert_eq!(t.iter().filter(|t| t.kind == TokenKind::Count).count(), 1);
        assert!(
            t.iter()
                .any(|t| t.text == "6" && matches!(t.kind, TokenKind::Amount(_)))
        );
    }

    #[test]
    fn joins_a_figure_whose_digits_wrap() {
        // `基本支出 813.3 万元` wrapped after `81`: one figure.
        let p = ProseText::new(&lines(&[
            "支出总计 1476.8 万元，其中：基本支出 81",
            "3.3 万元，占 55.07%；项目支出 663.5 万元。",
        ]));
        let t = tokens(&p.text, 0, p.text.len());
        assert!(t.iter().any(|t| t.text == "813.3"), "{:?}", p.text);
        assert!(!t.iter().any(|t| t.text == "3.3"));
        // Two decimal points cannot be one figure; other pages stay apart.
        let q = ProseText::new(&lines(&["合计 1.5", "2.5 万元，其中"]));
        assert!(
            tokens(&q.text, 0, q.text.len())
                .iter()
                .any(|t| t.text == "2.5")
        );
        let r = ProseText::new(&[
            ProseLine {
                page: 1,
                text: "基本支出 81".into(),
            },
            ProseLine {
                page: 2,
                text: "3.3 万元".into(),
            },
        ]);
        assert!(
            tokens(&r.text, 0, r.text.len())
                .iter()
                .any(|t| t.text == "3.3")
        );
    }

    #[test]
    fn pages_follow_lines() {
        let p = ProseText::new(&[
            ProseLine {
                page: 1,
                text: "甲".into(),
            },
            ProseLine {
                page: 3,
                text: "乙".into(),
            },
        ]);
        assert_eq!(p.page_at(0), Some(1));
        assert_eq!(p.page_at(3), Some(3));
    }
}
