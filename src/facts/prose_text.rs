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

impl ProseText {
    /// Join the prose lines. Whitespace is dropped except between two ASCII
    /// alphanumerics (so `2.00 3.00` stays two numbers); a line break between
    /// two digits becomes a space for the same reason.
    pub fn new(lines: &[ProseLine]) -> ProseText {
        let mut text = String::new();
        let mut line_starts = Vec::new();
        for line in lines {
            let start = text.len();
            let mut pending_space = false;
            let mut first = true;
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
                    && (pending_space || (first && !text.is_empty()))
                {
                    text.push(' ');
                }
                text.push(n);
                pending_space = false;
                first = false;
            }
            if text.len() > start {
                line_starts.push((start, line.page));
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
