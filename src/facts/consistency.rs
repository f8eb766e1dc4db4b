//! Document-level consistency warnings that are not arithmetic:
//! - a heading or table title that names the document with another year
//!   (`2023年度部门决算情况说明` in the 决算 of 2024);
//! - a `截至…年…月…日` date whose year does not fit the document: a 决算 of Y
//!   closes its books `截至Y年12月31日`; a budget of Y is drawn up before or
//!   early in Y (`截至Y-1年8月31日`);
//! - a placeholder left in a name (`上海市普陀区XX局`).
//!
//! Vocabulary: `data/fact_phrases.json` → `consistency`.

use super::Settings;
use super::compact;
use super::prose_text::ProseText;
use super::vocab::vocab;
use crate::layout::text::common::is_han;
use crate::model::{DocumentMeta, LaidOut};
use regex::Regex;
use std::sync::LazyLock;

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})年度?").expect("static regex"));
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日").expect("static regex")
});

/// Most placeholder warnings per document (one per distinct line).
const MAX_PLACEHOLDER_WARNINGS: usize = 5;

/// A line that can be a heading or a title: short, no sentence marks, no
/// amounts.
fn heading_like(line: &str, settings: &Settings) -> bool {
    let v = &vocab().consistency;
    line.chars().count() <= settings.max_heading_chars
        && !v.sentence_marks.iter().any(|m| line.contains(m.as_str()))
        && !line.contains('元')
}

/// The year a heading names the document with (`2024年度部门决算情况说明`),
/// unless a comparison word precedes it (`比2023年部门预算`).
fn heading_year(line: &str) -> Option<i32> {
    let v = vocab();
    YEAR.captures_iter(line).find_map(|c| {
        let m = c.get(0)?;
        let before = line.get(..m.start()).unwrap_or("");
        if v.comparison
            .compare_markers
            .iter()
            .any(|w| before.ends_with(w.as_str()))
        {
            return None;
        }
        let after = line.get(m.end()..).unwrap_or("");
        v.consistency
            .document_words
            .iter()
            .any(|w| after.contains(w.as_str()))
            .then(|| c.get(1)?.as_str().parse().ok())
            .flatten()
    })
}

pub fn warnings(laid: &LaidOut, meta: &DocumentMeta, settings: &Settings) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(year) = meta.year {
        out.extend(heading_years(laid, year, meta, settings));
        out.extend(as_of_dates(laid, year, meta.kind.as_deref()));
    }
    out.extend(placeholders(laid));
    out
}

fn kind_word(kind: Option<&str>) -> &'static str {
    match kind {
        Some("final_accounts") => "决算",
        Some("budget") => "预算",
        _ => "document",
    }
}

fn heading_years(
    laid: &LaidOut,
    year: i32,
    meta: &DocumentMeta,
    settings: &Settings,
) -> Vec<String> {
    let lines =
        laid.prose
            .iter()
            .map(|l| (l.page, compact(&l.text)))
            .chain(laid.tables.iter().filter_map(|t| {
                Some((
                    t.pages.first().copied().unwrap_or(0),
                    compact(t.title.as_deref()?),
                ))
            }));
    let mut out: Vec<String> = Vec::new();
    for (page, line) in lines {
        if !heading_like(&line, settings) {
            continue;
        }
        let Some(y) = heading_year(&line) else {
            continue;
        };
        if y != year {
            let w = format!(
                "year: page {page} «{line}» names {y}, but this is the {year} {}",
                kind_word(meta.kind.as_deref())
            );
            if !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out
}

/// `截至Y年12月31日` in a 决算 of Y; `截至Y-1…` or `截至Y…` in a budget of Y.
fn as_of_dates(laid: &LaidOut, year: i32, kind: Option<&str>) -> Vec<String> {
    let v = &vocab().consistency;
    let prose = ProseText::new(&laid.prose);
    let text = prose.text.as_str();
    let mut out = Vec::new();
    for c in DATE.captures_iter(text) {
        let (Some(m), Some(y), Some(mo), Some(d)) = (c.get(0), c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        let before = text.get(..m.start()).unwrap_or("");
        let Some(word) = v.as_of_words.iter().find(|w| before.ends_with(w.as_str())) else {
            continue;
        };
        let (Ok(y), Ok(mo), Ok(d)) = (
            y.as_str().parse::<i32>(),
            mo.as_str().parse::<u32>(),
            d.as_str().parse::<u32>(),
        ) else {
            continue;
        };
        let wrong = match kind {
            Some("final_accounts") => mo == 12 && d == 31 && y != year,
            Some("budget") => y != year && y != year - 1,
            _ => false,
        };
        if wrong {
            let page = prose
                .page_at(m.start())
                .map(|p| format!("page {p}"))
                .unwrap_or_else(|| "prose".into());
            let expect = match kind {
                Some("final_accounts") => format!("the 决算 of {year} closes on {year}年12月31日"),
                _ => format!("a budget of {year} is drawn up in {} or {year}", year - 1),
            };
            let w = format!("year: {page} «{word}{}» names {y}; {expect}", m.as_str());
            if !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out
}

/// Placeholder names: `XX`, `××`, `＊＊` … next to a Chinese character
/// (`上海市普陀区XX局`; a row of `** ** **` is not a name).
fn placeholders(laid: &LaidOut) -> Vec<String> {
    let v = &vocab().consistency;
    let lines =
        laid.prose
            .iter()
            .map(|l| (l.page, l.text.trim()))
            .chain(laid.tables.iter().flat_map(|t| {
                let page = t.pages.first().copied().unwrap_or(0);
                t.title
                    .iter()
                    .chain(t.caption.iter())
                    .map(move |s| (page, s.trim()))
            }));
    let mut out: Vec<String> = Vec::new();
    for (page, line) in lines {
        let hit = v.placeholders.iter().find(|p| {
            !p.is_empty()
                && line.match_indices(p.as_str()).any(|(i, m)| {
                    let prev = line.get(..i).and_then(|s| s.chars().next_back());
                    let next = line.get(i + m.len()..).and_then(|s| s.chars().next());
                    prev.is_some_and(is_han) || next.is_some_and(is_han)
                })
        });
        if let Some(p) = hit {
            let w = format!("placeholder: page {page} «{line}» holds «{p}» in place of a name");
            if !out.contains(&w) && out.len() < MAX_PLACEHOLDER_WARNINGS {
                out.push(w);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProseLine;

    fn laid(lines: &[(u32, &str)]) -> LaidOut {
        LaidOut {
            prose: lines
                .iter()
                .map(|(p, t)| ProseLine {
                    page: *p,
                    text: t.to_string(),
                })
                .collect(),
            ..Default::default()
        }
    }

    fn meta(year: i32, kind: &str) -> DocumentMeta {
        DocumentMeta {
            year: Some(year),
            kind: Some(kind.into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_heading_with_another_year_warns() {
        let l = laid(&[
            (1, "2024年度部门决算"),
            (2, "第三部分上海市普陀区财政局2024年度部门决算情况说明"),
            (18, "第三部分 上海市普陀区财政局 2023 年度部门决算情况说明"),
            (19, "与2023年度相比，财政拨款收入支出总计减少63.14万元"),
            (20, "比2023年部门预算增加"),
            (21, "2024年度预算绩效管理情况"),
        ]);
        let w = warnings(&l, &meta(2024, "final_accounts"), &Settings::default());
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("page 18") && w[0].contains("2023"), "{w:?}");
    }

    #[test]
    fn as_of_dates_fit_the_kind() {
        let l = laid(&[(22, "截至2023年12月31日，本部门共有车辆0辆。")]);
        let w = warnings(&l, &meta(2024, "final_accounts"), &Settings::default());
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("截至2023年12月31日"), "{w:?}");
        let l = laid(&[(22, "截至2024年12月31日，本部门共有车辆0辆。")]);
        assert!(warnings(&l, &meta(2024, "final_accounts"), &Settings::default()).is_empty());
        // A budget of 2025 reports assets as of 2024.
        let l = laid(&[(9, "截至2024年8月31日，本部门共有车辆2辆。")]);
        assert!(warnings(&l, &meta(2025, "budget"), &Settings::default()).is_empty());
        let w = warnings(&l, &meta(2026, "budget"), &Settings::default());
        assert_eq!(w.len(), 1, "{w:?}");
    }

    #[test]
    fn placeholder_names_warn() {
        let l = laid(&[
            (3, "第二部分 上海市普陀区XX局 2024 年度部门决算表"),
            (9, "** ** ** ** 1 2 3 5"),
            (10, "上海市普陀区财政局"),
        ]);
        let w = warnings(&l, &DocumentMeta::default(), &Settings::default());
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("page 3") && w[0].contains("«XX»"), "{w:?}");
    }
}
