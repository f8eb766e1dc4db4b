//! Key figures named in the narrative: `收入总计 2081.4 万元` →
//! (`revenue_total`, 2081.4, 万元).
//!
//! Each number with a unit is attributed to the nearest label that ends
//! before it (labels from `data/fact_phrases.json`), if the words between
//! label and number are few and innocent: no clause break, no other number
//! (a year is fine), no comparison word (`比上年减少 1.24 万元` is a change,
//! not the figure). A nearer blocker label (`基本工资`, `财政拨款收入`) means
//! the number is some other figure.

use super::Settings;
use super::prose_text::{ProseText, Token, TokenKind, tokens};
use super::vocab::{FactPhrases, vocab};
use regex::Regex;
use std::sync::LazyLock;

/// A fact figure found in the prose.
#[derive(Debug, Clone, PartialEq)]
pub struct ProseFigure {
    pub key: String,
    /// The number as printed (separators removed).
    pub value: String,
    /// 万元, 元 … or 人.
    pub unit: String,
    /// Label through unit, from the normalised prose.
    pub quote: String,
    pub page: Option<u32>,
    /// Byte range of the number in the normalised prose.
    pub start: usize,
    pub end: usize,
    /// The fund the sentence names for this figure (`general_budget` …),
    /// for the keys of `prose_scope`; `None`: the document's own figure.
    pub scope: Option<String>,
}

/// A label occurrence in the prose.
#[derive(Debug, Clone)]
struct Occurrence {
    start: usize,
    end: usize,
    /// Indices into `vocab().facts`; empty for a blocker.
    keys: Vec<usize>,
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d{4}年度?").expect("static regex"));

/// Every fact figure of the prose, in reading order. `kind` is the
/// document's kind (`budget`, `final_accounts`), which decides whether a
/// 预算 or a 决算 figure is the document's own. `department` is the
/// document's department: a figure labelled after another unit's name is
/// that unit's and left out (see [`names_other_unit`]).
pub fn find(
    prose: &ProseText,
    kind: Option<&str>,
    department: Option<&str>,
    settings: &Settings,
) -> Vec<ProseFigure> {
    let v = vocab();
    let text = prose.text.as_str();
    let occurrences = label_occurrences(text, &v.facts, &v.blockers);
    let sentences = prose.sentences();
    let mut out = Vec::new();
    for token in tokens(text, 0, text.len()) {
        let unit = match &token.kind {
            TokenKind::Amount(u) => u.clone(),
            TokenKind::Count => "人".to_string(),
            TokenKind::Percent => continue,
        };
        let Some(mut occ) = nearest_label(text, &occurrences, token.start) else {
            continue;
        };
        // `机关运行经费支出预算 16.96 万元`: a term right before the nearest
        // label is the subject; the nearer one is a generic word. A blocker
        // there (`政府性基金预算收入`) makes the figure some other one.
        if let Some(subject) = occurrences
            .iter()
            .filter(|o| o.end == occ.start)
            .min_by_key(|o| o.start)
            && !occ.keys.is_empty()
        {
            occ = subject;
        }
        if occ.keys.is_empty() {
            continue;
        }
        if names_other_unit(text.get(..occ.start).unwrap_or(""), department)
            || subject_is_other(text, &sentences, &occurrences, occ.start, department)
        {
            continue;
        }
        let Some(gap) = text.get(occ.end..token.start) else {
            continue;
        };
        let own = gap_is_innocent(gap, kind, settings);
        let budget = budget_gap_is_innocent(gap, kind, settings);
        if !own && !budget {
            continue;
        }
        for &i in &occ.keys {
            let Some(fact) = v.facts.get(i) else { continue };
            let gap_ok = if fact.is_budget_of_final() {
                budget
            } else {
                own
            };
            if !gap_ok
                || !kind_matches(fact, &token)
                || fact.gap_forbid.iter().any(|w| gap.contains(w.as_str()))
            {
                continue;
            }
            let before = text.get(..occ.start).unwrap_or("");
            if fact.not_after.iter().any(|w| before.ends_with(w.as_str())) {
                continue;
            }
            out.push(ProseFigure {
                key: fact.key.clone(),
                value: token.text.clone(),
                unit: unit.clone(),
                quote: prose.quote(occ.start, token.end, settings.max_quote_chars),
                page: prose.page_at(token.start),
                start: token.start,
                end: token.end,
                scope: v
                    .prose_scope
                    .keys
                    .contains(&fact.key)
                    .then(|| scope_before(prose, occ.start))
                    .flatten(),
            });
        }
    }
    out
}

/// Whether the text right before a label (`before`) ends with the name of
/// a unit other than the document's department: `西安市社会科学院日常公用
/// 经费65.56万元` in the 科学技术局's budget is the academy's figure. A year
/// between name and label is skipped; `本中心`, `全院` and the department's
/// own name are the document's own.
fn names_other_unit(before: &str, department: Option<&str>) -> bool {
    unit_named_before(before, department) == Some(true)
}

/// The unit named right before a label: `Some(true)` another unit's name,
/// `Some(false)` the department's own (its name, `本中心`), `None` no name.
fn unit_named_before(before: &str, department: Option<&str>) -> Option<bool> {
    let v = &vocab().sub_units;
    let mut name = before.trim_end();
    // `before` is all the prose up to the label: only its tail is read, so
    // that a long document does not cost a scan of its whole prose per
    // label (it did: a quarter of the facts stage on 40-page documents).
    if let Some(m) = YEAR_AT_END.find(tail(name, YEAR_TAIL_BYTES)) {
        name = name[..name.len() - m.len()].trim_end();
    }
    if !v.suffixes.iter().any(|s| name.ends_with(s.as_str())) {
        return None;
    }
    let from = last_clause_break(name, &v.clause_breaks);
    let name = name[from..].trim();
    if name.is_empty() {
        return None;
    }
    if v.own_prefixes.iter().any(|p| name.starts_with(p.as_str())) {
        return Some(false);
    }
    let own = department
        .map(|d| d.trim())
        .filter(|d| !d.is_empty())
        .is_some_and(|d| d.contains(name) || name.contains(d));
    Some(!own)
}

/// Bytes of the text before a label in which a year (`2024年度`, 10 bytes)
/// right before the label is looked for.
const YEAR_TAIL_BYTES: usize = 16;

static YEAR_AT_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{4}年度?$").expect("static regex"));

/// The last `max_bytes` of `s` (fewer, to start on a character).
fn tail(s: &str, max_bytes: usize) -> &str {
    let mut at = s.len().saturating_sub(max_bytes);
    while !s.is_char_boundary(at) {
        at += 1;
    }
    &s[at..]
}

/// The offset right after the last clause break in `name` (0 if none): one
/// backward scan for the one-character breaks, `rfind` for any longer one.
fn last_clause_break(name: &str, breaks: &[String]) -> usize {
    let single: Vec<char> = breaks
        .iter()
        .filter_map(|b| {
            let mut cs = b.chars();
            let c = cs.next()?;
            cs.next().is_none().then_some(c)
        })
        .collect();
    let by_char = name
        .char_indices()
        .rev()
        .find(|(_, c)| single.contains(c))
        .map(|(i, c)| i + c.len_utf8());
    breaks
        .iter()
        .filter(|b| b.chars().nth(1).is_some())
        .filter_map(|b| name.rfind(b.as_str()).map(|i| i + b.len()))
        .chain(by_char)
        .max()
        .unwrap_or(0)
}

/// Whether a figure whose label follows no name belongs to someone else by
/// the sentence's subject, which carries over to later clauses and to the
/// next sentence until a new subject: a project word before the label in
/// its sentence (`该项目批复的年初预算数…其中…上年结转120.00万元`); else
/// the unit named before the nearest earlier label of this sentence or the
/// previous one (`…局机关日常公用经费87.36万元。2022年…日常公用经费109.15
/// 万元` is still 局机关's). Labels that follow no name pass the subject on.
fn subject_is_other(
    text: &str,
    sentences: &[(usize, usize)],
    occurrences: &[Occurrence],
    label_start: usize,
    department: Option<&str>,
) -> bool {
    let Some(i) = sentences
        .iter()
        .position(|(s, e)| *s <= label_start && label_start < *e)
    else {
        return false;
    };
    // The label's own name decides first (`本中心公用经费`).
    if let Some(other) = unit_named_before(text.get(..label_start).unwrap_or(""), department) {
        return other;
    }
    let v = &vocab().sub_units;
    let from = sentences[i].0;
    let before = text.get(from..label_start).unwrap_or("");
    if v.other_subjects.iter().any(|w| before.contains(w.as_str())) {
        return true;
    }
    // The department named as the subject (`本部门…`, its name) since the
    // sentence began: a new subject, its own.
    let own_at = v
        .own_subjects
        .iter()
        .map(String::as_str)
        .chain(department.map(str::trim).filter(|d| !d.is_empty()))
        .filter_map(|w| before.rfind(w).map(|p| from + p))
        .max();
    let reach = i
        .checked_sub(1)
        .and_then(|k| sentences.get(k))
        .map_or(from, |p| p.0);
    let mut earlier: Vec<&Occurrence> = occurrences
        .iter()
        .filter(|o| o.start >= reach && o.end <= label_start)
        .collect();
    earlier.sort_by_key(|o| std::cmp::Reverse(o.start));
    for o in earlier {
        if own_at.is_some_and(|at| at >= o.start) {
            return false;
        }
        match unit_named_before(text.get(..o.start).unwrap_or(""), department) {
            Some(other) => return other,
            None => continue,
        }
    }
    false
}

/// The fund named before offset `at` in its sentence, or in the sentence
/// before when this one starts with a continuation (`其中`): the nearest
/// fund word, a 财政拨款 right after another fund word being that fund's.
fn scope_before(prose: &ProseText, at: usize) -> Option<String> {
    let v = &vocab().prose_scope;
    let text = prose.text.as_str();
    let sentences = prose.sentences();
    let i = sentences.iter().position(|(s, e)| *s <= at && at < *e)?;
    let (mut from, _) = sentences[i];
    let starts_continuing = |s: usize| {
        let rest = text.get(s..).unwrap_or("");
        v.continuations.iter().any(|c| rest.starts_with(c.as_str()))
    };
    if starts_continuing(from)
        && let Some(prev) = i.checked_sub(1).and_then(|k| sentences.get(k))
    {
        from = prev.0;
    }
    let clause = text.get(from..at)?;
    let mut best: Option<(usize, &str)> = None;
    for (word, scope) in &v.words {
        for (pos, _) in clause.match_indices(word.as_str()) {
            let end = pos + word.len();
            // 一般公共预算财政拨款: the fund word before 财政拨款 decides.
            let after_fund = v
                .words
                .iter()
                .any(|(w, _)| w != word && clause[..pos].ends_with(w.as_str()));
            if after_fund {
                continue;
            }
            if best.is_none_or(|(e, _)| end > e) {
                best = Some((end, scope.as_str()));
            }
        }
    }
    best.map(|(_, s)| s.to_string())
}

fn kind_matches(fact: &FactPhrases, token: &Token) -> bool {
    match token.kind {
        TokenKind::Amount(_) => fact.kind == "amount",
        TokenKind::Count => fact.kind == "count",
        TokenKind::Percent => false,
    }
}

/// All label and blocker occurrences, sorted by end offset.
fn label_occurrences(text: &str, facts: &[FactPhrases], blockers: &[String]) -> Vec<Occurrence> {
    let mut occ: Vec<Occurrence> = Vec::new();
    let mut add = |label: &str, key: Option<usize>| {
        if label.is_empty() {
            return;
        }
        for (s, m) in text.match_indices(label) {
            let e = s + m.len();
            match occ.iter_mut().find(|o| o.start == s && o.end == e) {
                Some(o) => {
                    if let Some(k) = key
                        && !o.keys.contains(&k)
                    {
                        o.keys.push(k);
                    }
                }
                None => occ.push(Occurrence {
                    start: s,
                    end: e,
                    keys: key.into_iter().collect(),
                }),
            }
        }
    };
    for (i, f) in facts.iter().enumerate() {
        for l in &f.labels {
            add(l, Some(i));
        }
    }
    for b in blockers {
        add(b, None);
    }
    // A blocker spelled exactly like a label (same range) still blocks.
    for o in occ.iter_mut() {
        let s = text.get(o.start..o.end).unwrap_or("");
        if blockers.iter().any(|b| b == s) {
            o.keys.clear();
        }
    }
    // Longest term wins: a label that starts inside another term is part of
    // it (`一般公共预算收入` holds `预算收入`, `事业收入预算` holds `收入预算`,
    // `政府采购支出预算` holds `支出预算`).
    let inner: Vec<bool> = occ
        .iter()
        .map(|a| occ.iter().any(|b| b.start < a.start && a.start < b.end))
        .collect();
    let mut occ: Vec<Occurrence> = occ
        .into_iter()
        .zip(inner)
        .filter_map(|(o, inside)| (!inside).then_some(o))
        .collect();
    occ.sort_by_key(|o| (o.end, std::cmp::Reverse(o.end - o.start)));
    occ
}

/// The label ending nearest before `at`; among labels ending at the same
/// place, the longest. Labels inside a parenthesis that closes before `at`
/// are an aside (`机关运行经费(商品和服务支出+业务性专项)共安排 443.25 万元`).
fn nearest_label<'a>(text: &str, occ: &'a [Occurrence], at: usize) -> Option<&'a Occurrence> {
    let mut i = occ.partition_point(|o| o.end <= at);
    while let Some(k) = i.checked_sub(1) {
        let last = occ.get(k)?;
        let after = text.get(last.end..at).unwrap_or("");
        if after.matches(')').count() > after.matches('(').count() {
            i = k;
            continue;
        }
        return occ
            .iter()
            .filter(|o| o.end == last.end)
            .min_by_key(|o| o.start);
    }
    None
}

/// May these words sit between a label and the 预算数 a 决算 states for it
/// (`“三公”经费财政拨款支出年初预算为0.95万元`)? Only in a 决算, and the
/// words name the budget (a marker) and not the 决算 figure; otherwise as
/// innocent as a budget document's gap.
fn budget_gap_is_innocent(gap: &str, kind: Option<&str>, settings: &Settings) -> bool {
    let v = vocab();
    kind == Some("final_accounts")
        && v.gap
            .budget_markers
            .iter()
            .any(|m| gap.contains(m.as_str()))
        && gap_is_innocent(gap, Some("budget"), settings)
}

/// May these words sit between a label and its figure?
fn gap_is_innocent(gap: &str, kind: Option<&str>, settings: &Settings) -> bool {
    let v = vocab();
    if gap.chars().count() > settings.max_label_gap_chars {
        return false;
    }
    if v.gap.stops.iter().any(|s| gap.contains(s.as_str()))
        || v.gap.forbid.iter().any(|w| gap.contains(w.as_str()))
    {
        return false;
    }
    let by_kind = match kind {
        Some("final_accounts") => &v.gap.forbid_final_accounts,
        Some("budget") => &v.gap.forbid_budget,
        _ => {
            return !YEAR
                .replace_all(gap, "")
                .chars()
                .any(|c| c.is_ascii_digit());
        }
    };
    if by_kind.iter().any(|w| gap.contains(w.as_str())) {
        return false;
    }
    !YEAR
        .replace_all(gap, "")
        .chars()
        .any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProseLine;

    fn figures(lines: &[&str], kind: Option<&str>) -> Vec<(String, String)> {
        let l: Vec<ProseLine> = lines
            .iter()
            .map(|t| ProseLine {
                page: 1,
                text: t.to_string(),
            })
            .collect();
        let p = ProseText::new(&l);
        find(&p, kind, Some("西安市科学技术局"), &Settings::default())
            .into_iter()
            .map(|f| (f.key, f.value))
            .collect()
    }

    fn has(f: &[(String, String)], k: &str, v: &str) -> bool {
        f.iter().any(|(a, b)| a == k && b == v)
    }

    #[test]
    fn a_figure_stated_for_one_fund_carries_its_scope() {
        let lines = vec![ProseLine {
            page: 4,
            text: "2026年一般公共预算财政拨款收入227,955.11万元，一般公共预算财政拨款支出227,955.11万元。其中：基本支出113,007.22万元，主要用于工资；项目支出114,947.89万元。部门基本支出148,002.77万元。".into(),
        }];
        let f = find(
            &ProseText::new(&lines),
            Some("budget"),
            None,
            &Settings::default(),
        );
        let scope = |k: &str, v: &str| {
            f.iter()
                .find(|x| x.key == k && x.value == v)
                .map(|x| x.scope.clone())
        };
        assert_eq!(
            scope("basic_expenditure", "113007.22"),
            Some(Some("general_budget".into()))
        );
        assert_eq!(
            scope("project_expenditure", "114947.89"),
            Some(Some("general_budget".into()))
        );
        assert_eq!(scope("basic_expenditure", "148002.77"), Some(None));
    }

    #[test]
    fn what_general_budget_money_pays_for_is_not_its_income() {
        let f = figures(
            &[
                "2026年一般公共预算财政拨款运行经费5,590.43万元。",
                "其中一般公共预算拨款政府采购50,106.43万元。",
                "绩效目标管理，涉及一般公共预算财政拨款114,947.89万元。",
                "一般公共预算拨款收入227,955.11万元。",
            ],
            Some("budget"),
        );
        let general: Vec<&str> = f
            .iter()
            .filter(|(k, _)| k == "general_budget_revenue")
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(general, vec!["227955.11"], "{f:?}");
    }

    #[test]
    fn operating_costs_named_by_their_funding() {
        // 重庆: the heading names 机关运行经费, the sentence 财政拨款运行经费.
        let f = figures(
            &[
                "（一）机关运行经费。2026 年一般公共预算财政拨款运行经费 5,590.43 万元，比 2025 年减少 919.7 万元。",
            ],
            Some("budget"),
        );
        assert!(has(&f, "agency_operating_costs", "5590.43"), "{f:?}");
        assert!(!f.iter().any(|(_, v)| v == "919.7"));
    }

    #[test]
    fn label_then_figure_with_year_between() {
        let f = figures(
            &["（一）收入预算：2021 年年初预算数 1682.24 万元，比上年减少 1.24 万元。"],
            Some("budget"),
        );
        assert!(has(&f, "revenue_total", "1682.24"));
        assert!(!f.iter().any(|(_, v)| v == "1.24"));
    }

    #[test]
    fn details_are_not_the_total() {
        let f = figures(
            &[
                "1.基本支出：2021 年年初预算数为 1404.24 万元，是指……。其中包括基本工资 282.27 万元、公用经费 443.25 万元。",
            ],
            Some("budget"),
        );
        assert!(has(&f, "basic_expenditure", "1404.24"));
        assert!(has(&f, "public_funds_expenditure", "443.25"));
        assert!(!f.iter().any(|(_, v)| v == "282.27"));
    }

    #[test]
    fn narrower_figures_are_blocked() {
        let f = figures(
            &[
                "支出预算9628.22万元，其中：财政拨款支出预算9628.22万元，一般公共预算拨款支出 100 万元。",
            ],
            Some("budget"),
        );
        assert_eq!(
            f.iter().filter(|(k, _)| k == "expenditure_total").count(),
            1
        );
        assert!(!f.iter().any(|(k, _)| k == "general_budget_revenue"));
    }

    #[test]
    fn three_public_parts_and_head_counts() {
        let f = figures(
            &[
                "2021 年“三公”经费预算数 48 万元，其中：公务接待费 25 万元、公务用车购置费 0 万元，公务用车运行费 13 万元、因公出国（境）费 10 万元。本部门共有编制人数 72 人，实有人数 62 人。",
            ],
            Some("budget"),
        );
        for (k, v) in [
            ("three_public_total", "48"),
            ("reception", "25"),
            ("vehicle_purchase", "0"),
            ("vehicle_operation", "13"),
            ("overseas_travel", "10"),
            ("staff_authorized", "72"),
            ("staff_actual", "62"),
        ] {
            assert!(has(&f, k, v), "{k} {v} in {f:?}");
        }
    }

    #[test]
    fn the_subject_label_wins_over_a_generic_one() {
        let f = figures(
            &[
                "我单位2021年机关运行经费支出预算16.96万元，其中：一般公共预算收入3232.07万元，基金预算收入0万元。",
            ],
            Some("budget"),
        );
        assert!(has(&f, "agency_operating_costs", "16.96"), "{f:?}");
        assert!(
            !f.iter()
                .any(|(k, _)| k == "expenditure_total" || k == "revenue_total"),
            "{f:?}"
        );
    }

    #[test]
    fn a_label_inside_a_longer_term_is_not_that_label() {
        let f = figures(
            &[
                "2021年预算收入3232.07万元，其中：一般公共预算收入3232.07万元，政府性基金预算收入0万元，国有资本经营预算收入5万元，事业收入预算6万元。政府采购支出预算7万元。",
            ],
            Some("budget"),
        );
        let totals: Vec<&str> = f
            .iter()
            .filter(|(k, _)| k == "revenue_total" || k == "expenditure_total")
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(totals, vec!["3232.07"], "{f:?}");
        assert!(has(&f, "general_budget_revenue", "3232.07"));
        assert!(has(&f, "procurement_total", "7"), "{f:?}");
    }

    #[test]
    fn asides_in_parentheses_are_skipped() {
        let f = figures(
            &["本部门 2021 年年初预算机关运行经费(商品和服务支出+业务性专项)共安排 443.25 万元。"],
            Some("budget"),
        );
        assert!(has(&f, "agency_operating_costs", "443.25"));
    }

    #[test]
    fn final_accounts_take_the_final_figure() {
        let f = figures(
            &[
                "“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元。因公出国（境）费决算为0.00万元。",
            ],
            Some("final_accounts"),
        );
        assert!(
            !f.iter()
                .any(|(k, v)| v == "0.95" && k != "three_public_total_budget"),
            "{f:?}"
        );
        assert!(has(&f, "overseas_travel", "0.00"));
    }

    #[test]
    fn final_accounts_state_the_budget_beside_the_final_figure() {
        let f = figures(
            &[
                "“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元。公务接待费年初预算为0.95万元，决算为0.00万元。公务用车运行费支出决算为1.00万元，比年初预算减少0.20万元。",
            ],
            Some("final_accounts"),
        );
        assert!(has(&f, "three_public_total_budget", "0.95"), "{f:?}");
        assert!(has(&f, "reception_budget", "0.95"), "{f:?}");
        assert!(has(&f, "vehicle_operation", "1.00"), "{f:?}");
        // The budget figure is never the 决算's own, nor a change.
        assert!(!has(&f, "three_public_total", "0.95"), "{f:?}");
        assert!(!has(&f, "reception_budget", "0.00"), "{f:?}");
        assert!(!f.iter().any(|(_, v)| v == "0.20"), "{f:?}");
        // A budget document's own figure is not a 决算's 预算数.
        let b = figures(&["“三公”经费预算为48万元。"], Some("budget"));
        assert!(has(&b, "three_public_total", "48"), "{b:?}");
        assert!(!b.iter().any(|(k, _)| k.ends_with("_budget")), "{b:?}");
    }

    #[test]
    fn fiscal_appropriation_total_is_not_the_document_total() {
        let f = figures(
            &[
                "2024年度财政拨款收入支出总计2961.68万元。与2023年度相比，财政拨款收入支出总计减少63.14万元。收入支出总计2995.39万元。",
            ],
            Some("final_accounts"),
        );
        assert!(has(&f, "fiscal_appropriation_total", "2961.68"), "{f:?}");
        assert!(!has(&f, "revenue_total", "2961.68"), "{f:?}");
        assert!(has(&f, "revenue_total", "2995.39"), "{f:?}");
        assert!(!f.iter().any(|(_, v)| v == "63.14"), "{f:?}");
    }

    #[test]
    fn a_named_units_figure_is_not_the_departments() {
        let f = figures(
            &[
                "西安市社会科学院日常公用经费65.56万元，局机关日常公用经费87.36万元。",
                "西安地区科技交流中心2022年公用经费预算54.76万元。",
                "本中心公用经费预算11.11万元。",
                "西安市科学技术局2022年日常公用经费22.22万元。",
                "本部门日常公用经费33.33万元。",
            ],
            Some("budget"),
        );
        let pf = |v: &str| has(&f, "public_funds_expenditure", v);
        assert!(!pf("65.56") && !pf("87.36") && !pf("54.76"), "{f:?}");
        assert!(pf("11.11") && pf("22.22") && pf("33.33"), "{f:?}");
    }

    #[test]
    fn a_subject_carries_over_until_a_new_one() {
        let f = figures(
            &[
                "西安市社会科学院日常公用经费65.56万元，局机关日常公用经费87.36万元。",
                "2022年专项业务费806.10万元，交通补贴81.08万元，日常公用经费109.15万元。",
                "西安地区科技交流中心日常公用经费54.76万元，人员经费20.00万元。",
                "本部门日常公用经费33.33万元，人员经费44.44万元。",
            ],
            Some("budget"),
        );
        let pf = |v: &str| has(&f, "public_funds_expenditure", v);
        assert!(!pf("109.15"), "the previous sentence's 局机关: {f:?}");
        assert!(!has(&f, "personnel_expenditure", "20.00"), "{f:?}");
        assert!(
            pf("33.33") && has(&f, "personnel_expenditure", "44.44"),
            "{f:?}"
        );
    }

    #[test]
    fn a_projects_or_a_classs_figures_are_not_the_departments() {
        let f = figures(
            &[
                "2024年，该项目批复的年初预算数为1018.00万元，其中当年财政拨款898.00万元，上年结转120.00万元。",
                "上年结转1615.24万元。",
            ],
            Some("budget"),
        );
        assert!(!has(&f, "carryover", "120.00"), "{f:?}");
        assert!(has(&f, "carryover", "1615.24"), "{f:?}");
        let b = figures(
            &[
                "检察(款):2018年预算支出合计16,444.36万元。其中:",
                "支出合计21,955.35万元。",
                "其他资金收入预算总计14.39万元。",
            ],
            Some("budget"),
        );
        assert!(!has(&b, "expenditure_total", "16444.36"), "{b:?}");
        assert!(has(&b, "expenditure_total", "21955.35"), "{b:?}");
        assert!(!has(&b, "revenue_total", "14.39"), "{b:?}");
    }

    #[test]
    fn the_departments_own_unit_name_is_its_own() {
        assert!(!names_other_unit(
            "经研究，西安市社会科学院",
            Some("西安市社会科学院")
        ));
        assert!(!names_other_unit("全院2022年", None));
        assert!(names_other_unit(
            "其中：西安生产力促进中心",
            Some("西安市科学技术局")
        ));
    }
}
