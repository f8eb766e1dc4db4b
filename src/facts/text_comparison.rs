//! `text_comparison`: what the prose says about its own figures, checked
//! against those figures.
//!
//! - Change statements: `1682.24 万元，比上年减少 1.24 万元`,
//!   `与 2020 年 1934.15 万元相比，收入增加 147.25 万元，增加 7.61%`,
//!   `2025年预算执行数为 P 万元，2026年预算安排 C 万元，比2025年预算执行数增加 Y%`.
//!   With the current figure C, the change X, the rate Y and, when printed,
//!   last year's P: X = C − P, Y = X / P; without P, P = C − X must not be
//!   negative and Y = X / P.
//! - 决算 against 预算: `年初预算为 A 万元，支出决算为 B 万元，完成年初预算的 Z%`
//!   and `决算数小于预算数` (Z = B / A; the relation holds).
//! - Shares: `支出合计 2081.4 万元，其中：基本支出 130.84 万元，占 6.29%`.
//!
//! Percentages are compared at their printed precision; a percentage off by
//! one unit of its last digit (truncated rather than rounded) is `rounding`.

use super::Settings;
use super::prose_text::{ProseText, Token, TokenKind, tokens};
use super::vocab::vocab;
use crate::amount::{printed_scale, unit_scale};
use crate::messages::{Text, checks as msg};
use crate::model::{Check, CheckStatus};
use crate::reconcile::tolerance::judge;
use regex::Regex;
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::LazyLock;

/// The role a number plays in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Plain,
    /// A change: +1 increase, −1 decrease.
    Change(i8),
    Share,
    Completion,
}

#[derive(Debug, Clone)]
struct Num {
    tok: Token,
    role: Role,
    /// Value in 元 for amounts, the percentage for percents.
    base: Decimal,
    /// Half a unit of the last printed digit, in the same measure as `base`.
    half: Decimal,
}

impl Num {
    fn is_amount(&self) -> bool {
        matches!(self.tok.kind, TokenKind::Amount(_))
    }
    fn shown(&self) -> String {
        match &self.tok.kind {
            TokenKind::Amount(u) => format!("{}{}", self.tok.text, u),
            TokenKind::Percent => format!("{}%", self.tok.text),
            TokenKind::Count => format!("{}人", self.tok.text),
        }
    }
}

static COMPARE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:比|较|与|同比)(\d{4})年").expect("static regex"));
static HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[一二三四五六七八九十]+、").expect("static regex"));

fn ends_with_any(s: &str, words: &[String]) -> bool {
    words.iter().any(|w| s.ends_with(w.as_str()))
}

/// Classify the numbers of `text[start..end]`.
fn numbers(text: &str, start: usize, end: usize) -> Vec<Num> {
    let v = vocab();
    let mut out = Vec::new();
    for tok in tokens(text, start, end) {
        let before = text.get(..tok.start).unwrap_or("");
        let before = before.trim_end_matches(['了', '约', '为', ':', '：']);
        let role = if ends_with_any(before, &v.comparison.increase) {
            Role::Change(1)
        } else if ends_with_any(before, &v.comparison.decrease) {
            Role::Change(-1)
        } else if tok.kind == TokenKind::Percent
            && (before.ends_with(v.shares.share_word.as_str()) || before.ends_with("占比"))
        {
            Role::Share
        } else if tok.kind == TokenKind::Percent
            && ends_with_any(before, &v.final_vs_budget.completion)
        {
            Role::Completion
        } else {
            Role::Plain
        };
        let (base, half) = match &tok.kind {
            TokenKind::Amount(u) => {
                let Some(scale) = unit_scale(u).and_then(|s| Decimal::from_str(s).ok()) else {
                    continue;
                };
                (
                    tok.value * scale,
                    Decimal::new(5, printed_scale(&tok.text) + 1) * scale,
                )
            }
            TokenKind::Percent => (tok.value, Decimal::new(5, printed_scale(&tok.text) + 1)),
            TokenKind::Count => continue,
        };
        out.push(Num {
            tok,
            role,
            base,
            half,
        });
    }
    out
}

fn pct_unit(tok: &Token, settings: &Settings) -> Decimal {
    Decimal::new(1, printed_scale(&tok.text)) * Decimal::from(settings.percent_truncation_units)
}

fn wan(y: Decimal) -> String {
    (y / Decimal::from(10000))
        .round_dp(4)
        .normalize()
        .to_string()
}

fn make(
    status: CheckStatus,
    expected: String,
    actual: String,
    message: Text,
    page: Option<u32>,
) -> Check {
    Check {
        rule: "text_comparison".into(),
        table: None,
        template: None,
        row: None,
        column: None,
        expected: Some(expected),
        actual: Some(actual),
        status,
        message: message.zh.clone(),
        page,
        blame: Vec::new(),
        wording: Some(message),
    }
}

/// The 预算数 a table prints for the prose figure at a byte offset (for
/// `决算数 X 万元，完成预算的 Z%` without the 预算数 in the prose): value in 元,
/// half a unit of its last digit in 元, and the value as shown.
pub type BudgetOf<'a> = dyn Fn(usize) -> Option<(Decimal, Decimal, String)> + 'a;

/// All `text_comparison` checks of the prose.
/// `corrected(at)`: for a prose figure at byte offset `at` that already
/// fails `text_vs_table`, the table's value in 元. A share computed from
/// such a figure is not reported again when the table's value explains it.
pub fn check(
    prose: &ProseText,
    settings: &Settings,
    budget_of: &BudgetOf,
    corrected: &dyn Fn(usize) -> Option<Decimal>,
) -> Vec<Check> {
    let text = prose.text.as_str();
    let sentences = prose.sentences();
    let mut out = Vec::new();
    let mut prev_nums: Vec<Num> = Vec::new();
    for &(s, e) in &sentences {
        let nums = numbers(text, s, e);
        changes(prose, s, &nums, &prev_nums, settings, &mut out);
        shares(prose, s, &nums, &prev_nums, settings, corrected, &mut out);
        prev_nums = nums;
    }
    let budget_num = |at: usize| {
        budget_of(at).map(|(base, half, shown)| Num {
            tok: Token {
                kind: TokenKind::Amount(String::new()),
                text: shown,
                value: base,
                start: 0,
                end: 0,
            },
            role: Role::Plain,
            base,
            half,
        })
    };
    final_vs_budget(prose, settings, &budget_num, &mut out);
    out
}

/// Change statements of one sentence starting at `s`.
fn changes(
    prose: &ProseText,
    s: usize,
    nums: &[Num],
    prev_sentence: &[Num],
    settings: &Settings,
    out: &mut Vec<Check>,
) {
    let text = prose.text.as_str();
    let mut i = 0;
    while i < nums.len() {
        let Role::Change(dir) = nums[i].role else {
            i += 1;
            continue;
        };
        // The change group: an amount and/or a rate, joined by a comma.
        let mut x: Option<&Num> = None;
        let mut y: Option<&Num> = None;
        let first = &nums[i];
        if first.is_amount() {
            x = Some(first)
        } else {
            y = Some(first)
        }
        let mut j = i + 1;
        if let Some(next) = nums.get(j) {
            let between = text.get(first.tok.end..next.tok.start).unwrap_or("");
            if matches!(next.role, Role::Change(d) if d == dir)
                && next.is_amount() != first.is_amount()
                && between.chars().count() <= 4
                && !between.contains('。')
            {
                if next.is_amount() {
                    x = Some(next)
                } else {
                    y = Some(next)
                }
                j += 1;
            }
        }
        let group_start = first.tok.start;
        let group_end = nums.get(j - 1).map(|n| n.tok.end).unwrap_or(first.tok.end);
        i = j;
        let before = text.get(s..group_start).unwrap_or("");
        let compare_year = COMPARE_YEAR
            .captures_iter(before)
            .last()
            .and_then(|c| c.get(1))
            .map(|m| format!("{}年", m.as_str()));
        // Last year's figure, when printed (`与 2020 年 1934.15 万元相比`).
        let earlier: Vec<&Num> = nums.iter().filter(|n| n.tok.end <= group_start).collect();
        let p = compare_year.as_ref().and_then(|yc| {
            earlier.iter().rev().copied().find(|n| {
                n.role == Role::Plain && n.is_amount() && {
                    let lead = text.get(s..n.tok.start).unwrap_or("");
                    let lead: String = lead
                        .chars()
                        .rev()
                        .take(15)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    lead.contains(yc.as_str())
                        && lead.rfind(yc.as_str()).is_some_and(|k| {
                            !COMPARE_YEAR.is_match(&lead[k..])
                                && !lead[k + yc.len()..].chars().any(|c| c.is_ascii_digit())
                        })
                }
            })
        });
        // The current figure: the plain amount right before the statement.
        let mut c: Option<&Num> = None;
        for n in earlier.iter().rev().copied() {
            if p.is_some_and(|p| std::ptr::eq(p, n)) {
                continue;
            }
            if n.role == Role::Plain && n.is_amount() {
                let between = text.get(n.tok.end..group_start).unwrap_or("");
                let marker = vocab()
                    .comparison
                    .compare_markers
                    .iter()
                    .any(|m| between.contains(m.as_str()));
                if marker
                    && between.chars().count() <= settings.max_compare_gap_chars
                    && !between.contains("其中")
                    && !between.contains('；')
                {
                    c = Some(n);
                }
            }
            break;
        }
        // Clauses about one comparison (`与 2020 年 1934.15 万元相比，收入增加
        // 147.25 万元…；支出增加 147.25 万元`): a clause's subject (`支出`)
        // names its current figure (`支出总计 2081.4 万元`).
        if let Some(p) = p {
            let clause = before
                .rfind(['，', '；', '。', '：'])
                .and_then(|k| before.get(k..))
                .unwrap_or(before);
            let subject: String = clause
                .chars()
                .filter(|ch| !matches!(ch, '，' | '；' | '。' | '：'))
                .collect();
            let mut subject = subject.trim_end_matches(['了', '约', '为']);
            for w in vocab()
                .comparison
                .increase
                .iter()
                .chain(&vocab().comparison.decrease)
            {
                subject = subject.strip_suffix(w.as_str()).unwrap_or(subject);
            }
            if subject.chars().count() >= 2 && subject.chars().count() <= 6 {
                let named = earlier.iter().copied().find(|n| {
                    n.role == Role::Plain
                        && n.is_amount()
                        && !std::ptr::eq(*n, p)
                        && text
                            .get(s..n.tok.start)
                            .map(|lead| {
                                lead.char_indices()
                                    .rev()
                                    .nth(7)
                                    .and_then(|(k, _)| lead.get(k..))
                                    .unwrap_or(lead)
                            })
                            .is_some_and(|lead| lead.contains(subject))
                });
                c = named.or(c);
            }
        }
        if c.is_none() && earlier.is_empty() {
            let lead =
                before.trim_start_matches(|ch: char| !ch.is_alphanumeric() || ch.is_ascii_digit());
            if lead.starts_with('与') && lead.contains("相比") {
                c = prev_sentence
                    .iter()
                    .rev()
                    .find(|n| n.role == Role::Plain && n.is_amount());
            }
        }
        let Some(c) = c else { continue };
        let quote_start = [Some(c.tok.start), p.map(|p| p.tok.start)]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(c.tok.start);
        let quote = prose.quote(
            quote_start.min(group_start),
            group_end,
            settings.max_quote_chars,
        );
        let page = prose.page_at(group_start);
        let sign = Decimal::from(dir);
        match p {
            Some(p) => {
                let delta = c.base - p.base;
                if let Some(x) = x {
                    let tol = x.half + c.half + p.half;
                    let st = judge(x.base * sign, delta, tol, Decimal::ZERO);
                    out.push(make(
                        st,
                        wan(delta),
                        wan(x.base * sign),
                        msg::quoted_at(&quote, page.unwrap_or(0)).then(&msg::change_amount(
                            &p.shown(),
                            &c.shown(),
                            &wan(delta),
                            &format!("{}{}", if dir > 0 { "+" } else { "-" }, x.shown()),
                        )),
                        page,
                    ));
                }
                if let Some(y) = y {
                    if p.base.is_zero() {
                        continue;
                    }
                    let rate = delta / p.base * Decimal::from(100);
                    let prop = Decimal::from(100)
                        * ((c.half + p.half) / p.base.abs()
                            + delta.abs() * p.half / (p.base * p.base));
                    let st = judge(
                        y.base * sign,
                        rate,
                        y.half + prop,
                        pct_unit(&y.tok, settings),
                    );
                    out.push(make(
                        st,
                        format!("{}%", rate.round_dp(2)),
                        format!("{}{}%", if dir > 0 { "" } else { "-" }, y.tok.text),
                        msg::quoted_at(&quote, page.unwrap_or(0)).then(&msg::change_rate(
                            &p.shown(),
                            &c.shown(),
                            &rate.round_dp(2).to_string(),
                            &format!("{}{}", if dir > 0 { "+" } else { "-" }, y.shown()),
                        )),
                        page,
                    ));
                }
            }
            None => {
                let Some(x) = x else { continue };
                let prev = c.base - x.base * sign;
                if prev < -(c.half + x.half) {
                    out.push(make(
                        CheckStatus::Fail,
                        format!(">= -{}", wan(x.base * sign)),
                        wan(x.base * sign),
                        msg::quoted_at(&quote, page.unwrap_or(0)).then(&msg::negative_last_year(
                            &x.shown(),
                            &c.shown(),
                            &wan(prev),
                        )),
                        page,
                    ));
                    continue;
                }
                let Some(y) = y else { continue };
                if prev.abs() <= c.half + x.half {
                    // `增长100%` from nothing is how a new item is written.
                    if !y.base.is_zero() && y.base != Decimal::from(100) {
                        out.push(make(
                            CheckStatus::Fail,
                            "undefined".into(),
                            format!("{}%", y.tok.text),
                            msg::quoted_at(&quote, page.unwrap_or(0)).then(&msg::rate_from_zero(
                                &x.shown(),
                                &c.shown(),
                                &y.shown(),
                            )),
                            page,
                        ));
                    }
                    continue;
                }
                let rate = x.base / prev * Decimal::from(100);
                let prop = Decimal::from(100)
                    * (x.half / prev.abs() + x.base * (c.half + x.half) / (prev * prev));
                let st = judge(y.base, rate, y.half + prop, pct_unit(&y.tok, settings));
                out.push(make(
                    st,
                    format!("{}%", rate.round_dp(2)),
                    format!("{}%", y.tok.text),
                    msg::quoted_at(&quote, page.unwrap_or(0)).then(&msg::rate_on_derived(
                        &x.shown(),
                        &wan(prev),
                        &c.shown(),
                        &rate.round_dp(2).to_string(),
                        &y.shown(),
                    )),
                    page,
                ));
            }
        }
    }
}

/// `W 万元，其中：A 万元，占 Z%` of one sentence starting at `s`.
fn shares(
    prose: &ProseText,
    s: usize,
    nums: &[Num],
    prev_sentence: &[Num],
    settings: &Settings,
    corrected: &dyn Fn(usize) -> Option<Decimal>,
    out: &mut Vec<Check>,
) {
    let text = prose.text.as_str();
    let v = vocab();
    let mut running: Option<(usize, Decimal)> = None; // (whole's start, sum of shares)
    let mut entries: Vec<(&Num, &Num, &Num)> = Vec::new(); // (part, share, whole)
    for (k, share) in nums.iter().enumerate() {
        if share.role != Role::Share || k == 0 {
            continue;
        }
        let Some(part) = nums.get(k - 1) else {
            continue;
        };
        let gap = text.get(part.tok.end..share.tok.start).unwrap_or("");
        if part.role != Role::Plain || !part.is_amount() || gap.chars().count() > 3 {
            continue;
        }
        let before = text.get(s..part.tok.start).unwrap_or("");
        let marker = v
            .shares
            .whole_markers
            .iter()
            .filter_map(|m| before.rfind(m.as_str()).map(|i| (s + i, m.len())))
            .max_by_key(|(i, _)| *i);
        let whole = match marker {
            Some((mi, _)) => nums
                .iter()
                .rfind(|n| n.tok.end <= mi && n.role == Role::Plain && n.is_amount())
                .filter(|n| {
                    text.get(n.tok.end..mi)
                        .is_some_and(|g| g.chars().count() <= 4)
                }),
            None => None,
        };
        let whole = match (whole, marker) {
            (Some(w), _) => Some(w),
            (None, Some((mi, _))) if text.get(s..mi).is_some_and(|g| g.chars().count() <= 2) => {
                prev_sentence
                    .iter()
                    .rev()
                    .find(|n| n.role == Role::Plain && n.is_amount())
            }
            _ => None,
        };
        let Some(whole) = whole else { continue };
        if whole.base.is_zero() {
            continue;
        }
        if text
            .get(whole.tok.end.max(s)..part.tok.start)
            .is_some_and(|g| HEADING.is_match(g))
        {
            continue;
        }
        let sum = match running {
            Some((ws, sum)) if ws == whole.tok.start => sum + share.base,
            _ => share.base,
        };
        running = Some((whole.tok.start, sum));
        if sum > Decimal::from(100) + Decimal::ONE {
            // The parts add up to more than the whole: the reading order
            // is broken, not the document.
            continue;
        }
        entries.push((part, share, whole));
    }
    // The parts listed under one whole, summed: 决算 prose states shares of
    // 本年支出合计 right after 支出总计 (`支出总计 3191.60，其中：基本支出
    // 2638.62，占 84.37%；项目支出 488.64，占 15.63%`), so the listed parts'
    // sum is the other base a share may be of.
    for &(part, share, whole) in &entries {
        let listed: Vec<&Num> = entries
            .iter()
            .filter(|(_, _, w)| std::ptr::eq(*w, whole))
            .map(|(p, _, _)| *p)
            .collect();
        let sum = Num {
            tok: whole.tok.clone(),
            role: Role::Plain,
            base: listed.iter().map(|p| p.base).sum(),
            half: listed.iter().map(|p| p.half).sum(),
        };
        let judged = |w: &Num| {
            if w.base.is_zero() {
                return (CheckStatus::Skip, Decimal::ZERO);
            }
            let rate = part.base / w.base * Decimal::from(100);
            let prop = Decimal::from(100)
                * (part.half / w.base.abs() + part.base * w.half / (w.base * w.base));
            (
                judge(
                    share.base,
                    rate,
                    share.half + prop,
                    pct_unit(&share.tok, settings),
                ),
                rate,
            )
        };
        let (mut st, mut rate) = judged(whole);
        let mut of = Text::same(whole.shown());
        if st != CheckStatus::Pass && listed.len() >= 2 {
            let (st2, rate2) = judged(&sum);
            if st2 < st {
                (st, rate) = (st2, rate2);
                of = msg::listed_parts_sum(&wan(sum.base));
            }
        }
        if st == CheckStatus::Skip {
            continue;
        }
        if st == CheckStatus::Fail
            && !whole.base.is_zero()
            && let Some(table_value) = corrected(part.tok.start)
        {
            let rate = table_value / whole.base * Decimal::from(100);
            let tol = share.half
                + pct_unit(&share.tok, settings)
                + part.half * Decimal::from(100) / whole.base.abs();
            if (rate - share.base).abs() <= tol {
                continue;
            }
        }

        let page = prose.page_at(share.tok.start);
        let quote = prose.quote(part.tok.start, share.tok.end, settings.max_quote_chars);
        out.push(make(
            st,
            format!("{}%", rate.round_dp(2)),
            format!("{}%", share.tok.text),
            msg::quoted_at(&quote, page.unwrap_or(0)).then(&msg::share(
                &part.shown(),
                &of,
                &rate.round_dp(2).to_string(),
                &share.shown(),
            )),
            page,
        ));
    }
}

/// `年初预算为 A，支出决算为 B，完成年初预算的 Z%` and `决算数小于预算数`.
fn final_vs_budget(
    prose: &ProseText,
    settings: &Settings,
    budget_of: &dyn Fn(usize) -> Option<Num>,
    out: &mut Vec<Check>,
) {
    let text = prose.text.as_str();
    let f = &vocab().final_vs_budget;
    let all = numbers(text, 0, text.len());
    // (budget figure, index of its first token or of the 决算 figure, index of the 决算 figure)
    let mut pairs: Vec<(Num, usize, usize)> = Vec::new();
    for k in 0..all.len().saturating_sub(1) {
        let (a, b) = (&all[k], &all[k + 1]);
        if !a.is_amount() || !b.is_amount() {
            continue;
        }
        let lead_a = text.get(..a.tok.start).unwrap_or("");
        let lead_b = text.get(a.tok.end..b.tok.start).unwrap_or("");
        if ends_with_any(lead_a, &f.budget_labels)
            && f.final_labels.iter().any(|l| lead_b.ends_with(l.as_str()))
            && lead_b.chars().count() <= 10
        {
            pairs.push((a.clone(), k, k + 1));
        }
    }
    // `“三公”经费 20.62 万元，完成预算的 85.49%`: the 预算数 is in the table.
    for k in 1..all.len() {
        let (b, z) = (&all[k - 1], &all[k]);
        if z.role != Role::Completion
            || b.role != Role::Plain
            || !b.is_amount()
            || pairs.iter().any(|(_, _, kb)| *kb == k - 1)
            || text
                .get(b.tok.end..z.tok.start)
                .is_none_or(|g| g.chars().count() > 12)
        {
            continue;
        }
        if let Some(a) = budget_of(b.tok.start) {
            pairs.push((a, k - 1, k - 1));
        }
    }
    pairs.sort_by_key(|(_, first, _)| *first);
    for (n, (a, _, kb)) in pairs.iter().enumerate() {
        let (a, kb) = (a, *kb);
        let b = &all[kb];
        let page = prose.page_at(b.tok.start);
        let limit = pairs
            .get(n + 1)
            .map(|(_, first, _)| all[*first].tok.start)
            .unwrap_or(text.len())
            .min(b.tok.end + 600);
        let quote_start = if a.tok.end > 0 {
            a.tok.start
        } else {
            b.tok.start
        };
        let mut quote_end = b.tok.end;
        // Completion rate right after the pair.
        if let Some(z) = all
            .get(kb + 1)
            .filter(|z| z.role == Role::Completion && z.tok.start < limit)
        {
            quote_end = z.tok.end;
            if !a.base.is_zero() {
                let rate = b.base / a.base * Decimal::from(100);
                let prop =
                    Decimal::from(100) * (b.half / a.base + b.base * a.half / (a.base * a.base));
                let st = judge(z.base, rate, z.half + prop, pct_unit(&z.tok, settings));
                let quote = prose.quote(quote_start, quote_end, settings.max_quote_chars);
                out.push(make(
                    st,
                    format!("{}%", rate.round_dp(2)),
                    format!("{}%", z.tok.text),
                    msg::quoted_at(&quote, page.unwrap_or(0)).then(&msg::completion(
                        &b.shown(),
                        &a.shown(),
                        &rate.round_dp(2).to_string(),
                        &z.shown(),
                    )),
                    page,
                ));
            }
        }
        // The stated relation, before the next pair.
        let window = text.get(b.tok.end..limit).unwrap_or("");
        let found = |words: &[String]| {
            words
                .iter()
                .filter_map(|w| window.find(w.as_str()).map(|i| (i, w.clone())))
                .min()
        };
        let candidates = [
            (found(&f.about_equal), "about_equal"),
            (found(&f.greater), "greater"),
            (found(&f.less), "less"),
            (found(&f.equal), "equal"),
        ];
        let Some(((_, phrase), rel)) = candidates
            .into_iter()
            .filter_map(|(c, r)| c.map(|c| (c, r)))
            .min_by_key(|((i, _), _)| *i)
        else {
            continue;
        };
        let d = b.base - a.base;
        let tol = a.half + b.half;
        let holds = match rel {
            "greater" => d > -tol && !(d.abs() <= tol && d.is_zero()),
            "less" => d < tol && !d.is_zero(),
            "equal" => d.abs() <= tol,
            _ => d.abs() <= tol.max(a.base.abs() * settings.about_equal_ratio),
        };
        let quote = prose.quote(quote_start, quote_end, settings.max_quote_chars);
        out.push(make(
            if holds {
                CheckStatus::Pass
            } else {
                CheckStatus::Fail
            },
            format!("决算 {} vs 预算 {}", b.shown(), a.shown()),
            phrase.clone(),
            msg::quoted_at(&quote, page.unwrap_or(0)).then(&msg::stated_relation(
                &phrase,
                &b.shown(),
                &a.shown(),
                holds,
            )),
            page,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProseLine;

    fn run(lines: &[&str]) -> Vec<Check> {
        let l: Vec<ProseLine> = lines
            .iter()
            .map(|t| ProseLine {
                page: 2,
                text: t.to_string(),
            })
            .collect();
        check(
            &ProseText::new(&l),
            &Settings::default(),
            &|_| None,
            &|_| None,
        )
    }

    fn statuses(c: &[Check]) -> Vec<CheckStatus> {
        c.iter().map(|c| c.status).collect()
    }

    #[test]
    fn change_with_printed_last_year_passes() {
        let c = run(&[
            "新乡市红旗区医疗保障局 2021 年收入总计 2081.4 万",
            "元，支出总计 2081.4 万元，与 2020 年 1934.15 万元相比，",
            "收入增加 147.25 万元，增加 7.61%，主要原因：增加了工资福利。",
        ]);
        assert_eq!(
            statuses(&c),
            vec![CheckStatus::Pass, CheckStatus::Pass],
            "{c:#?}"
        );
        // The second clause's subject (支出) names its current figure.
        let c = run(&[
            "收入总计 2081.4 万元，支出总计 2000 万元，与 2020 年 1934.15 万元相比，收入增加 147.25 万元，增加 7.61%，主要原因：工资；支出增加 147.25 万元，增加 7.61%，主要原因：工资。",
        ]);
        assert_eq!(
            statuses(&c),
            vec![
                CheckStatus::Pass,
                CheckStatus::Pass,
                CheckStatus::Fail,
                CheckStatus::Fail
            ],
            "{c:#?}"
        );
    }

    #[test]
    fn whole_amount_as_increase_with_a_rate_fails() {
        let c = run(&[
            "2021 年一般公共预算收支预算 2081.4 万元，与 2020 年相比，一般公共预算收支预算增加 2081.4 万元，增加 7.61%，主要原因：工资。",
        ]);
        assert_eq!(statuses(&c), vec![CheckStatus::Fail], "{c:#?}");
    }

    #[test]
    fn increase_larger_than_the_figure_fails() {
        let c = run(&["机关运行经费 10 万元，比上年增加 12 万元。"]);
        assert_eq!(statuses(&c), vec![CheckStatus::Fail]);
        let c = run(&["机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%。"]);
        assert_eq!(statuses(&c), vec![CheckStatus::Pass], "{c:#?}");
        let c = run(&["机关运行经费支出184.65万元，比2023年度增加2.55万元，增长9.40%。"]);
        assert_eq!(statuses(&c), vec![CheckStatus::Fail]);
    }

    #[test]
    fn printed_previous_year_with_rate() {
        let ok = run(&[
            "2025年当年预算执行数为0.50万元，2026年预算安排0.64万元，比2025年预算执行数增加28%。",
        ]);
        assert_eq!(statuses(&ok), vec![CheckStatus::Pass], "{ok:#?}");
        let bad = run(&[
            "2025年当年预算执行数为43269.3万元，2026年预算安排3845.49万元，比2025年预算执行数增加17.62%。",
        ]);
        assert_eq!(statuses(&bad), vec![CheckStatus::Fail], "{bad:#?}");
    }

    #[test]
    fn change_in_the_next_sentence() {
        let c = run(&[
            "收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，下降1.87%。",
        ]);
        assert_eq!(statuses(&c), vec![CheckStatus::Pass], "{c:#?}");
    }

    #[test]
    fn unrelated_amounts_are_not_compared() {
        let c = run(&[
            "其中，局机关本级预算数比上年增加 48.2 万元，主要原因是新调入 2 人，工资和福利支出增加 57.2 万元，经费 40 万元，奖励减少 25 万元。",
        ]);
        assert!(c.is_empty(), "{c:#?}");
    }

    #[test]
    fn shares_against_the_whole() {
        let c = run(&[
            "2021 年支出合计 2081.4 万",
            "元，其中：基本支出 130.84 万元，占 6.29%；项目支出 1950.56",
            "万元，占 93.71%。",
        ]);
        assert_eq!(
            statuses(&c),
            vec![CheckStatus::Pass, CheckStatus::Pass],
            "{c:#?}"
        );
        let c = run(&[
            "支出年初预算为 2081.4 万元。主要用于以下方面：一般公共服务支出 438.3 万元，占 21.05%；教育支出 432 万元，占 30.75%。",
        ]);
        assert_eq!(
            statuses(&c),
            vec![CheckStatus::Rounding, CheckStatus::Fail],
            "{c:#?}"
        );
    }

    #[test]
    fn shares_of_the_listed_parts() {
        let c = run(&[
            "支出总计 3,191.60 万元，其中：基本支出 2,638.62 万元，占 84.37%；项目支出 488.64 万元，占 15.63%。",
        ]);
        assert_eq!(
            statuses(&c),
            vec![CheckStatus::Pass, CheckStatus::Pass],
            "{c:#?}"
        );
    }

    #[test]
    fn final_against_budget() {
        let c = run(&[
            "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。决算数小于预算数的主要原因：调减。",
        ]);
        assert_eq!(
            statuses(&c),
            vec![CheckStatus::Pass, CheckStatus::Pass],
            "{c:#?}"
        );
        let c = run(&[
            "年初预算为 10.00 万元，支出决算为12.00万元。决算数小于预算数的主要原因：调减。",
        ]);
        assert_eq!(statuses(&c), vec![CheckStatus::Fail], "{c:#?}");
        let c = run(&["年初预算为 258.50万元，支出决算为258.50万元。决算数与预算数基本持平。"]);
        assert_eq!(statuses(&c), vec![CheckStatus::Pass], "{c:#?}");
    }
}
