//! `year_changes`: the prose's statements about a figure against another
//! year's (`财政拨款收入15621.11万元，比2023年预算减少876.75万元`,
//! `机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%`,
//! `公务接待费1.35万元。比2024年预算持平`), recorded in the document's JSON
//! for the cross-document checks ([`crate::across`]). Nothing is checked
//! here: the other year's figure is in another document.
//!
//! A statement is a figure (the amount right before the comparison, at most
//! a comma between), the comparison (`比|较|与|同比` + `上年` or `2023年(度)`,
//! an optional bracketed aside, an optional 预算/决算) and a direction word
//! of `data/fact_phrases.json` `comparison` with its change and/or rate.
//! Comparisons with 执行数 (`比2023年预算执行数增加8.12%`) are left out: the
//! execution figure is not a figure of the other year's document.

use super::prose_text::{ProseText, Token, TokenKind, tokens};
use super::vocab::vocab;
use crate::amount::unit_scale;
use crate::model::{Fact, FactSource, YearChange};
use regex::Regex;
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::LazyLock;

/// Longest label kept for a figure (characters); a longer run before the
/// figure is a clause, not a label.
const MAX_SUBJECT_CHARS: usize = 24;
/// Most characters between the direction word and its change figure.
const MAX_CHANGE_GAP_CHARS: usize = 2;
/// Most characters between a change amount and the rate that follows it
/// (`减少 1.24 万元，下降 3.5%`).
const MAX_RATE_GAP_CHARS: usize = 4;

fn alternation(words: &[&String]) -> String {
    let mut w: Vec<&String> = words.to_vec();
    w.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    w.iter()
        .map(|s| regex::escape(s))
        .collect::<Vec<_>>()
        .join("|")
}

static COMPARISON: LazyLock<Regex> = LazyLock::new(|| {
    let c = &vocab().comparison;
    let prev = alternation(&c.previous_markers.iter().collect::<Vec<_>>());
    let dirs = alternation(
        &c.increase
            .iter()
            .chain(&c.decrease)
            .chain(&c.flat)
            .collect::<Vec<_>>(),
    );
    Regex::new(&format!(
        r"(?:同比|比|较|与)(?:(?P<prev>{prev})|(?P<year>\d{{4}})年度?)(?:\([^)]{{0,16}}\))?(?P<what>预算执行数|执行数|预算数|预算|决算数|决算)?(?:相比|比较)?[，,]?(?P<dir>{dirs})"
    ))
    .expect("comparison regex")
});
static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十\d]+[、.．])?(?:全年|本年|当年)?",
    )
    .expect("static regex")
});
/// A year in a label: the label starts after the last one (a heading run
/// into its first sentence, `…情况说明2024年三公经费预算数为`).
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:19|20)\d{2}年度?").expect("static regex"));

fn direction_of(word: &str) -> i8 {
    let c = &vocab().comparison;
    if c.increase.iter().any(|w| w == word) {
        1
    } else if c.decrease.iter().any(|w| w == word) {
        -1
    } else {
        0
    }
}

fn yuan_of(tok: &Token) -> Option<Decimal> {
    let TokenKind::Amount(u) = &tok.kind else {
        return None;
    };
    Some(tok.value * Decimal::from_str(unit_scale(u)?).ok()?)
}

/// The figure's label: the text since the last clause break, without an
/// enumeration, a year, `其中`, the department's name or a trailing `为`.
fn subject(text: &str, start: usize, end: usize, department: Option<&str>) -> Option<String> {
    let before = text.get(start..end)?;
    let cut = before
        .rfind(['，', ',', '；', ';', '：', ':', '。', '、'])
        .map(|k| k + before[k..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let mut s = &before[cut..];
    if let Some(m) = YEAR.find_iter(s).last() {
        s = &s[m.end()..];
    }
    s = s.strip_prefix("其中").unwrap_or(s);
    s = LEAD.find(s).map_or(s, |m| &s[m.end()..]);
    s = s.strip_prefix("其中").unwrap_or(s);
    if let Some(d) = department {
        s = s.strip_prefix(d).unwrap_or(s);
    }
    let s = s.trim_end_matches(['为', '是', '约', '共', '计', '达']);
    let n = s.chars().count();
    (n >= 2 && n <= MAX_SUBJECT_CHARS && !s.chars().any(|c| c.is_ascii_digit()))
        .then(|| s.to_string())
}

/// The fact whose prose source ends exactly at the figure.
fn fact_at(text: &str, end: usize, yuan: Decimal, facts: &[Fact]) -> Option<String> {
    facts
        .iter()
        .find(|f| {
            f.yuan
                .as_deref()
                .and_then(|y| Decimal::from_str(y).ok())
                .is_some_and(|y| y == yuan)
                && f.sources.iter().any(|s| match s {
                    FactSource::Text { quote, .. } => {
                        !quote.ends_with('…')
                            && end >= quote.len()
                            && text.get(end - quote.len()..end) == Some(quote.as_str())
                    }
                    _ => false,
                })
        })
        .map(|f| f.key.clone())
}

/// Every statement of the prose about a figure against another year.
pub fn find(
    prose: &ProseText,
    year: Option<i32>,
    department: Option<&str>,
    facts: &[Fact],
    max_quote_chars: usize,
) -> Vec<YearChange> {
    let text = prose.text.as_str();
    let mut out = Vec::new();
    let mut prev: Option<(usize, Vec<Token>)> = None;
    for (s, e) in prose.sentences() {
        let toks = tokens(text, s, e);
        for m in COMPARISON.captures_iter(text.get(s..e).unwrap_or("")) {
            let (Some(all), Some(dir)) = (m.get(0), m.name("dir")) else {
                continue;
            };
            let what = m.name("what").map(|w| w.as_str()).unwrap_or("");
            if what.contains("执行") {
                continue;
            }
            let other_year = match (m.name("year"), year) {
                (Some(y), _) => y.as_str().parse::<i32>().ok(),
                (None, Some(y)) => Some(y - 1),
                (None, None) => None,
            };
            let Some(other_year) = other_year else {
                continue;
            };
            let at = s + all.start();
            let dir_end = s + dir.end();
            // The figure: the amount right before the comparison, or the
            // previous sentence's only amount when this one opens with the
            // comparison (`公务接待费1.35万元。比2023年预算持平`; after a
            // sentence of several figures the comparison may be about all).
            let figure = toks
                .iter()
                .rfind(|t| t.end <= at)
                .filter(|t| {
                    text.get(t.end..at)
                        .is_some_and(|g| g.chars().all(|c| matches!(c, '，' | ',')))
                        && g_len(text, t.end, at) <= 1
                })
                .map(|t| (t.clone(), s))
                .or_else(|| {
                    let (ps, pt) = prev.as_ref()?;
                    let [last] = pt.as_slice() else { return None };
                    (text.get(s..at)?.is_empty()
                        && text.get(last.end..s).is_some_and(|g| g == "。"))
                    .then(|| (last.clone(), *ps))
                });
            let Some((c, c_sentence)) = figure else {
                continue;
            };
            let Some(yuan) = yuan_of(&c) else { continue };
            let TokenKind::Amount(unit) = &c.kind else {
                continue;
            };
            // The change and the rate after the direction word.
            let direction = direction_of(dir.as_str());
            let mut change: Option<&Token> = None;
            let mut rate: Option<&Token> = None;
            if direction != 0 {
                let next = toks.iter().find(|t| t.start >= dir_end);
                if let Some(n) = next.filter(|n| {
                    let gap = text.get(dir_end..n.start).unwrap_or("");
                    gap.chars().count() <= MAX_CHANGE_GAP_CHARS
                        && gap
                            .chars()
                            .all(|c| matches!(c, '了' | '约' | '为' | ':' | '：'))
                }) {
                    match n.kind {
                        TokenKind::Amount(_) => change = Some(n),
                        TokenKind::Percent => rate = Some(n),
                        TokenKind::Count => {}
                    }
                }
                if let Some(x) = change
                    && let Some(y) = toks.iter().find(|t| t.start >= x.end)
                    && y.kind == TokenKind::Percent
                {
                    let gap = text.get(x.end..y.start).unwrap_or("");
                    let c = &vocab().comparison;
                    let same_way = if direction > 0 {
                        &c.increase
                    } else {
                        &c.decrease
                    };
                    let word = gap.trim_start_matches(['，', ',']);
                    let word = word.trim_end_matches(['了', '约', '为']);
                    if gap.chars().count() <= MAX_RATE_GAP_CHARS
                        && same_way.iter().any(|w| w == word)
                    {
                        rate = Some(y);
                    }
                }
                if change.is_none() && rate.is_none() {
                    continue;
                }
            }
            let Some(subject) = subject(text, c_sentence, c.start, department) else {
                continue;
            };
            let end = rate
                .map(|r| r.end)
                .or(change.map(|x| x.end))
                .unwrap_or(dir_end);
            out.push(YearChange {
                fact: fact_at(text, c.end, yuan, facts),
                subject,
                value: c.text.clone(),
                unit: unit.clone(),
                yuan: yuan.to_string(),
                other_year,
                other_kind: if what.contains("预算") {
                    Some("budget".into())
                } else if what.contains("决算") {
                    Some("final_accounts".into())
                } else {
                    None
                },
                direction,
                change: change.map(|x| x.text.clone()),
                change_unit: change.and_then(|x| match &x.kind {
                    TokenKind::Amount(u) => Some(u.clone()),
                    _ => None,
                }),
                rate: rate.map(|y| y.text.clone()),
                quote: prose.quote(c.start, end, max_quote_chars),
                page: prose.page_at(at),
            });
        }
        prev = Some((s, toks));
    }
    out
}

fn g_len(text: &str, a: usize, b: usize) -> usize {
    text.get(a..b).map_or(usize::MAX, |g| g.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProseLine;

    fn read(lines: &[&str], year: i32) -> Vec<YearChange> {
        let prose = ProseText::new(
            &lines
                .iter()
                .map(|t| ProseLine {
                    page: 3,
                    text: t.to_string(),
                })
                .collect::<Vec<_>>(),
        );
        find(&prose, Some(year), Some("某某街道办事处"), &[], 80)
    }

    #[test]
    fn reads_change_statements_against_last_year() {
        let v = read(
            &[
                "2024年，某某街道办事处收入预算15621.11万元，其中：财政拨款收入15621.11万元，比2023年预算减少",
                "876.75万元；事业收入0.00万元。政府性基金拨款支出预算0.00万元，比2023年预算持平。",
                "机关运行经费支出184.65万元，比上年度增加2.55万元，增长1.40%。",
                "（三）公务接待费1.35万元。比2023年预算持平，主要原因是保持不变。",
                "其中因公出国（境）费0万元；公务接待费0万元。与2020年相比持平。",
            ],
            2024,
        );
        let got: Vec<(
            &str,
            &str,
            i32,
            Option<&str>,
            i8,
            Option<&str>,
            Option<&str>,
        )> = v
            .iter()
            .map(|c| {
                (
                    c.subject.as_str(),
                    c.value.as_str(),
                    c.other_year,
                    c.other_kind.as_deref(),
                    c.direction,
                    c.change.as_deref(),
                    c.rate.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "财政拨款收入",
                    "15621.11",
                    2023,
                    Some("budget"),
                    -1,
                    Some("876.75"),
                    None
                ),
                (
                    "政府性基金拨款支出预算",
                    "0.00",
                    2023,
                    Some("budget"),
                    0,
                    None,
                    None
                ),
                (
                    "机关运行经费支出",
                    "184.65",
                    2023,
                    None,
                    1,
                    Some("2.55"),
                    Some("1.40")
                ),
                ("公务接待费", "1.35", 2023, Some("budget"), 0, None, None),
            ]
        );
        assert_eq!(v[0].yuan, "156211100.00");
    }

    #[test]
    fn execution_figures_are_not_another_document() {
        let v = read(
            &[
                "2023年当年预算执行数为389.59万元，2024年预算安排421.23万元，比2023年预算执行数增加8.12%。",
            ],
            2024,
        );
        assert!(v.is_empty(), "{v:?}");
    }

    #[test]
    fn a_change_without_its_figure_is_not_read() {
        let v = read(&["比上年增加12万元，主要是人员增加。"], 2024);
        assert!(v.is_empty(), "{v:?}");
    }
}
