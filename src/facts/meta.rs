//! Document metadata: department, year, kind (预算 / 决算) and main unit.
//!
//! Department candidates come from the cover or title (`株洲市医疗保障局` /
//! `2021 年部门预算`, `上海市普陀区司法局2026年部门预算`), from labelled caption
//! lines (`填报单位：…`, `单位：…（汇总）`, `部门名称：…`) and from caption
//! lines that are a unit code and a name (`473灵寿县医疗保障局`). The longest
//! (most complete) name wins, except that a name which is another candidate
//! plus a sub-unit (`…局` + `…中心`) yields to the shorter one.

use super::prose_text::{TokenKind, tokens};
use super::vocab::vocab;
use crate::model::{DocumentMeta, LaidOut, Table};
use regex::Regex;
use std::sync::LazyLock;

static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(.*?)\s*(20\d{2})\s*年度?\s*(?:区级|市级|县级|省级|本级)?\s*(?:部门|单位)?(?:预算|决算)",
    )
    .expect("static regex")
});
static TITLE_KIND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(20\d{2})\s*年度?\s*(?:区级|市级|县级|省级|本级)?\s*(?:部门|单位)?(预算|决算)")
        .expect("static regex")
});
static BUDGET_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:预算|决算)年度[:：]\s*(20\d{2})").expect("static regex"));
static ANY_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(20\d{2})\s*年").expect("static regex"));
static SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|\d+[.、])")
        .expect("static regex")
});
static CODE_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{3,}\s*(\S+)$").expect("static regex"));

/// How many prose lines count as the cover.
const COVER_LINES: usize = 40;

pub fn document_meta(laid: &LaidOut, tables: &[Table]) -> DocumentMeta {
    let cover: Vec<&str> = laid
        .prose
        .iter()
        .map(|l| l.text.trim())
        .filter(|t| !t.is_empty())
        .take(COVER_LINES)
        .collect();
    let titles: Vec<&str> = laid
        .tables
        .iter()
        .filter_map(|t| t.title.as_deref())
        .chain(tables.iter().filter_map(|t| t.title.as_deref()))
        .collect();
    let captions: Vec<&str> = laid
        .tables
        .iter()
        .flat_map(|t| t.caption.iter().map(|c| c.trim()))
        .collect();

    let (year, kind) = year_and_kind(&cover, &titles, &captions, laid);
    DocumentMeta {
        department: department(&cover, &titles, &captions, laid),
        year,
        kind,
        unit: unit(laid, tables),
        scope: super::scope::scope(&cover),
    }
}

fn clean_name(raw: &str) -> Option<String> {
    let m = &vocab().meta;
    let mut s: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect();
    if let Some(m) = SECTION.find(&s) {
        s = s[m.end()..].to_string();
    }
    for cut in ["单位:", "单位：", "金额单位", "公开日期"] {
        if let Some(i) = s.find(cut).filter(|&i| i > 0) {
            s.truncate(i);
        }
    }
    for strip in &m.department_strip {
        if let Some(r) = s.strip_suffix(strip.as_str()) {
            s = r.to_string();
        }
    }
    let n = s.chars().count();
    let ok = (3..=40).contains(&n)
        && !s
            .chars()
            .any(|c| c.is_ascii_digit() || "，。；：:,、".contains(c))
        && m.department_suffixes
            .iter()
            .any(|x| s.ends_with(x.as_str()))
        && !m.unit_words.contains(&s);
    ok.then_some(s)
}

fn department(
    cover: &[&str],
    titles: &[&str],
    captions: &[&str],
    laid: &LaidOut,
) -> Option<String> {
    let m = &vocab().meta;
    let mut cands: Vec<String> = Vec::new();
    let mut push = |c: Option<String>| {
        if let Some(c) = c
            && !cands.contains(&c)
        {
            cands.push(c);
        }
    };
    // Cover and titles: `X 2021 年部门预算`, or X on the line before.
    for (i, line) in cover.iter().enumerate() {
        if let Some(caps) = TITLE.captures(line) {
            let prefix = caps.get(1).map(|m| m.as_str().trim()).unwrap_or("");
            if prefix.is_empty() {
                push(
                    i.checked_sub(1)
                        .and_then(|j| cover.get(j))
                        .and_then(|l| clean_name(l)),
                );
            } else {
                push(clean_name(prefix));
            }
        }
    }
    for t in titles {
        if let Some(p) = TITLE.captures(t).and_then(|c| c.get(1)) {
            push(clean_name(p.as_str()));
        }
    }
    // Labelled lines anywhere in captions or prose.
    let prose_lines = laid.prose.iter().map(|l| l.text.as_str());
    for line in captions.iter().copied().chain(prose_lines) {
        for piece in line
            .split(['\t', ' ', '\u{3000}'])
            .filter(|p| !p.is_empty())
        {
            for p in &m.department_prefixes {
                let rest = piece
                    .strip_prefix(p.as_str())
                    .and_then(|r| r.strip_prefix('：').or_else(|| r.strip_prefix(':')));
                if let Some(rest) = rest {
                    push(clean_name(rest));
                }
            }
        }
        if let Some(c) = CODE_NAME.captures(line.trim()).and_then(|c| c.get(1)) {
            push(clean_name(c.as_str()));
        }
    }
    let mut best: Option<&String> = None;
    for c in &cands {
        best = match best {
            None => Some(c),
            Some(b) if c.chars().count() > b.chars().count() && !c.starts_with(b.as_str()) => {
                Some(c)
            }
            Some(b) if b.starts_with(c.as_str()) && b != c => Some(c),
            keep => keep,
        };
    }
    best.cloned()
}

fn year_and_kind(
    cover: &[&str],
    titles: &[&str],
    captions: &[&str],
    laid: &LaidOut,
) -> (Option<i32>, Option<String>) {
    let kind_of = |w: &str| {
        if w == "决算" {
            "final_accounts"
        } else {
            "budget"
        }
    };
    let mut year = None;
    let mut kind = None;
    for line in cover {
        if let Some(c) = TITLE_KIND.captures(line) {
            year = c.get(1).and_then(|m| m.as_str().parse().ok());
            kind = c.get(2).map(|m| kind_of(m.as_str()).to_string());
            break;
        }
    }
    if year.is_none() {
        year = captions
            .iter()
            .chain(cover.iter())
            .find_map(|l| BUDGET_YEAR.captures(l))
            .and_then(|c| c.get(1))
            .and_then(|m| m.as_str().parse().ok());
    }
    if year.is_none() {
        let mut counts: Vec<(i32, usize)> = Vec::new();
        for t in titles {
            if let Some(y) = ANY_YEAR
                .captures(t)
                .and_then(|c| c.get(1))
                .and_then(|m| m.as_str().parse::<i32>().ok())
            {
                match counts.iter_mut().find(|(k, _)| *k == y) {
                    Some(e) => e.1 += 1,
                    None => counts.push((y, 1)),
                }
            }
        }
        year = counts
            .iter()
            .max_by_key(|(y, n)| (*n, -*y))
            .map(|(y, _)| *y);
    }
    if year.is_none() {
        // A title further in (`新乡市红旗区医疗保障局 2021 年部门预算情况说明`).
        if let Some(c) = laid.prose.iter().find_map(|l| TITLE_KIND.captures(&l.text)) {
            year = c.get(1).and_then(|m| m.as_str().parse().ok());
            if kind.is_none() {
                kind = c.get(2).map(|m| kind_of(m.as_str()).to_string());
            }
        }
    }
    if kind.is_none() {
        let fin = titles.iter().filter(|t| t.contains("决算")).count();
        let bud = titles
            .iter()
            .filter(|t| t.contains("预算") && !t.contains("决算"))
            .count();
        kind = if fin > bud {
            Some("final_accounts".into())
        } else if bud > fin {
            Some("budget".into())
        } else {
            None
        };
    }
    if kind.is_none() {
        // Prose-only: the kind the narrative names most (`部门预算` / `部门决算`).
        let m = &vocab().meta;
        let count = |words: &[String]| {
            laid.prose
                .iter()
                .map(|l| {
                    words
                        .iter()
                        .take(2)
                        .map(|w| l.text.matches(w.as_str()).count())
                        .sum::<usize>()
                })
                .sum::<usize>()
        };
        let (b, f) = (count(&m.budget_words), count(&m.final_words));
        kind = if f > b {
            Some("final_accounts".into())
        } else if b > f {
            Some("budget".into())
        } else {
            None
        };
    }
    (year, kind)
}

/// The unit most tables declare; for a document without tables, the unit of
/// most amounts in its prose.
fn unit(laid: &LaidOut, tables: &[Table]) -> Option<String> {
    fn add(counts: &mut Vec<(String, usize)>, u: &str) {
        match counts.iter_mut().find(|(k, _)| k == u) {
            Some(e) => e.1 += 1,
            None => counts.push((u.to_string(), 1)),
        }
    }
    let mut counts: Vec<(String, usize)> = Vec::new();
    for t in tables {
        if let Some(u) = &t.unit {
            add(&mut counts, u);
        }
    }
    if counts.is_empty() {
        let p = super::prose_text::ProseText::new(&laid.prose);
        for tok in tokens(&p.text, 0, p.text.len()) {
            if let TokenKind::Amount(u) = tok.kind {
                add(&mut counts, &u);
            }
        }
    }
    // Most frequent; ties go to the first seen.
    let max = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == max).map(|(u, _)| u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ProseLine, RawTable};

    fn prose(lines: &[&str]) -> Vec<ProseLine> {
        lines
            .iter()
            .map(|t| ProseLine {
                page: 1,
                text: t.to_string(),
            })
            .collect()
    }

    #[test]
    fn cover_name_year_kind() {
        let laid = LaidOut {
            prose: prose(&[
                "",
                "株洲市医疗保障局",
                "2021 年部门预算",
                "收入 1682.24 万元",
            ]),
            ..Default::default()
        };
        let m = document_meta(&laid, &[]);
        assert_eq!(m.department.as_deref(), Some("株洲市医疗保障局"));
        assert_eq!(m.year, Some(2021));
        assert_eq!(m.kind.as_deref(), Some("budget"));
        assert_eq!(m.unit.as_deref(), Some("万元"));
    }

    #[test]
    fn full_name_beats_short_name() {
        let laid = LaidOut {
            prose: prose(&[
                "2021 年度部门预算报表",
                "单位：绍兴市医疗保障局越城分局（汇总）",
            ]),
            tables: vec![RawTable {
                title: Some("2021 年区级部门收支预算总表".into()),
                caption: vec!["部门名称：区医保分局 单位：元".into()],
                ..Default::default()
            }],
            ..Default::default()
        };
        let m = document_meta(&laid, &[]);
        assert_eq!(m.department.as_deref(), Some("绍兴市医疗保障局越城分局"));
        assert_eq!(m.year, Some(2021));
    }

    #[test]
    fn code_prefixed_caption_and_budget_year() {
        let laid = LaidOut {
            tables: vec![RawTable {
                title: Some("部门预算收支总表".into()),
                caption: vec![
                    "473灵寿县医疗保障局".into(),
                    "预算年度：2021".into(),
                    "单位：万元".into(),
                ],
                ..Default::default()
            }],
            ..Default::default()
        };
        let m = document_meta(&laid, &[]);
        assert_eq!(m.department.as_deref(), Some("灵寿县医疗保障局"));
        assert_eq!(m.year, Some(2021));
        assert_eq!(m.kind.as_deref(), Some("budget"));
    }

    #[test]
    fn title_with_name_glued_to_year() {
        let laid = LaidOut {
            prose: prose(&[
                "上海市普陀区司法局2026年部门预算",
                "编制部门：上海市普陀区司法局",
            ]),
            ..Default::default()
        };
        let m = document_meta(&laid, &[]);
        assert_eq!(m.department.as_deref(), Some("上海市普陀区司法局"));
        assert_eq!(m.year, Some(2026));
        let laid = LaidOut {
            prose: prose(&["上海市普陀区财政局2024年度部门决算"]),
            ..Default::default()
        };
        assert_eq!(
            document_meta(&laid, &[]).kind.as_deref(),
            Some("final_accounts")
        );
    }
}
