//! `empty_note`: notes that say a table is empty (`此表为空表`, `故本表无数据`,
//! `空表列示`) against what the table prints; notes under one table that name
//! another (`无国有资本经营预算…故本表无数据` under the 政府性基金 table); and
//! prose that says tables are empty (`表（十）…为空白表格`) or that there is
//! no such spending (`本部门无政府性基金预算安排的支出`) while the table
//! prints figures.

use super::Settings;
use super::prose_text::ProseText;
use super::vocab::vocab;
use crate::messages::{Text, checks as msg};
use crate::model::{Check, CheckRow, CheckStatus, LaidOut, Table};
use regex::Regex;
use rust_decimal::Decimal;
use std::sync::LazyLock;

static TABLE_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"表\(?([一二三四五六七八九十百]+|\d{1,2})\)?").expect("static regex")
});

/// Budget-side columns of a 决算 table print 预算数, which may be non-zero
/// when the 决算 is empty.
fn is_budget_column(key: &str) -> bool {
    key.ends_with("_budget") || key == "budget" || key == "adjusted" || key == "quantity"
}

/// The first non-zero figure the table prints, as (row label, column, value).
pub fn first_figure(table: &Table) -> Option<(String, String, String)> {
    table.rows.iter().find_map(|r| {
        r.values.iter().find_map(|(k, v)| {
            let nz = crate::amount::normalize(v)
                .and_then(|n| crate::amount::decimal(&n))
                .is_some_and(|d| d != Decimal::ZERO);
            (nz && !is_budget_column(k)).then(|| {
                (
                    r.name
                        .clone()
                        .or_else(|| r.code.clone())
                        .unwrap_or_else(|| "(unnamed)".into()),
                    k.clone(),
                    v.clone(),
                )
            })
        })
    })
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '“' | '”' | '"'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// Chinese numeral (一 … 九十九) or digits to a number.
pub fn numeral(s: &str) -> Option<usize> {
    if let Ok(n) = s.parse::<usize>() {
        return Some(n);
    }
    let digit = |c: char| "一二三四五六七八九".find(c).map(|i| i / 3 + 1);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => digit(*a),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

fn table_name(t: &Table) -> String {
    t.title
        .clone()
        .unwrap_or_else(|| t.template.clone().unwrap_or_else(|| t.id.clone()))
}

fn verdict(table: &Table, what: Text, page: Option<u32>) -> Check {
    let fig = first_figure(table);
    let (status, message) = match &fig {
        Some((row, col, v)) => (
            CheckStatus::Fail,
            msg::table_prints_figure(&what, &table.id, &table_name(table), v, row, col),
        ),
        None => (
            CheckStatus::Pass,
            msg::table_prints_nothing(&what, &table.id, &table_name(table)),
        ),
    };
    Check {
        rule: "empty_note".into(),
        table: Some(table.id.clone()),
        template: table.template.clone(),
        row: fig.as_ref().map(|(row, _, _)| CheckRow {
            code: None,
            name: Some(row.clone()),
        }),
        column: fig.as_ref().map(|(_, c, _)| c.clone()),
        expected: Some("empty".into()),
        actual: Some(fig.map(|(_, _, v)| v).unwrap_or_else(|| "empty".into())),
        status,
        message: message.zh.clone(),
        page: page.or_else(|| table.pages.first().copied()),
        blame: Vec::new(),
        wording: Some(message),
    }
}

/// Templates a text names (`政府性基金` → `gov_fund_expenditure`).
fn named_templates(text: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for w in &vocab().empty.template_words {
        if text.contains(w.word.as_str()) {
            for t in &w.templates {
                if !out.contains(&t.as_str()) {
                    out.push(t.as_str());
                }
            }
        }
    }
    out
}

pub fn check(
    laid: &LaidOut,
    tables: &[Table],
    prose: &ProseText,
    settings: &Settings,
) -> Vec<Check> {
    let v = vocab();
    let mut out = Vec::new();
    // Notes under tables.
    for t in tables {
        for note in &t.notes {
            let n = norm(note);
            let says_empty = v.empty.phrases.iter().any(|p| n.contains(p.as_str()));
            if says_empty {
                out.push(verdict(
                    t,
                    msg::note_says_empty(&prose_quote(&n, settings)),
                    None,
                ));
            }
            let named = named_templates(&n);
            let describes = v.empty.descriptions.iter().any(|d| n.contains(d.as_str()));
            if let Some(own) = t.template.as_deref()
                && (says_empty || (n.contains("本表") && !describes))
                && !named.is_empty()
                && !named.contains(&own)
            {
                // A table has one note about itself: when an earlier note
                // names this table, a note naming another belongs to a
                // table printed after this one whose title was not found
                // (a title wrapped before its 表), not to this table.
                let own_note_before = t.notes.iter().take_while(|m| *m != note).any(|m| {
                    let m = norm(m);
                    named_templates(&m).contains(&own)
                });
                let (wording, status): (fn(&str, &str, &str, &str) -> Text, _) = if own_note_before
                {
                    (msg::note_of_a_later_table, CheckStatus::Skip)
                } else {
                    (msg::note_names_other_table, CheckStatus::Fail)
                };
                let other = wording(
                    &prose_quote(&n, settings),
                    &t.id,
                    &table_name(t),
                    &named.join(", "),
                );
                out.push(Check {
                    rule: "empty_note".into(),
                    table: Some(t.id.clone()),
                    template: t.template.clone(),
                    row: None,
                    column: None,
                    expected: Some(own.to_string()),
                    actual: Some(named.join(",")),
                    status,
                    message: other.zh.clone(),
                    page: t.pages.last().copied(),
                    blame: Vec::new(),
                    wording: Some(other),
                });
            }
        }
    }
    // The prose.
    let text = prose.text.as_str();
    let mut done: Vec<(String, usize)> = Vec::new();
    for (s, e) in prose.sentences() {
        let Some(sentence) = text.get(s..e) else {
            continue;
        };
        let page = prose.page_at(s);
        let quote = prose.quote(s, e, settings.max_quote_chars);
        let says_empty = v
            .empty
            .phrases
            .iter()
            .any(|p| sentence.contains(p.as_str()));
        if says_empty {
            let phrase_page = v
                .empty
                .phrases
                .iter()
                .filter_map(|p| sentence.find(p.as_str()))
                .min()
                .and_then(|at| prose.page_at(s + at));
            for caps in TABLE_REF.captures_iter(sentence) {
                let Some(n) = caps.get(1).and_then(|m| numeral(m.as_str())) else {
                    continue;
                };
                let Some(whole) = caps.get(0) else { continue };
                if is_caption_line(prose, s + whole.start(), whole.as_str())
                    || !near_page(prose.page_at(s + whole.start()), phrase_page)
                {
                    continue;
                }
                let Some(t) = numbered_table(laid, tables, n) else {
                    continue;
                };
                if done.contains(&(t.id.clone(), s)) {
                    continue;
                }
                done.push((t.id.clone(), s));
                out.push(verdict(
                    t,
                    msg::prose_says_numbered(page.unwrap_or(0), &quote, n),
                    page,
                ));
            }
        }
        // `无/没有/未安排 … 政府性基金 …`: the named table prints nothing.
        for w in &v.empty.template_words {
            let Some(at) = sentence.find(w.word.as_str()) else {
                continue;
            };
            let lead: String = sentence[..at]
                .chars()
                .rev()
                .take(8)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if !v
                .empty
                .absence_sentences
                .iter()
                .any(|a| lead.contains(a.as_str()))
            {
                continue;
            }
            for t in tables.iter().filter(|t| {
                t.template
                    .as_deref()
                    .is_some_and(|k| w.templates.iter().any(|x| x == k))
            }) {
                if done.contains(&(t.id.clone(), s)) {
                    continue;
                }
                done.push((t.id.clone(), s));
                out.push(verdict(
                    t,
                    msg::prose_says_quote(page.unwrap_or(0), &quote),
                    page,
                ));
            }
        }
    }
    out
}

/// Most characters a table-number line holds besides the number itself
/// (`公开表九`, `附表1`, `表01`): such a line is a table's caption that
/// the layout left among the prose, not a sentence about the table.
const CAPTION_EXTRA_CHARS: usize = 3;

/// Is the table reference at `at` a line of its own (a caption such as
/// `表01` above each table, which runs into the prose when the tables
/// follow a heading without a full stop)?
fn is_caption_line(prose: &ProseText, at: usize, reference: &str) -> bool {
    prose
        .line_at(at)
        .and_then(|(a, b)| prose.text.get(a..b))
        .is_some_and(|line| line.chars().count() <= reference.chars().count() + CAPTION_EXTRA_CHARS)
}

/// A sentence that names a table and says it is empty does so on one page,
/// or across one page break: a reference many pages before the words that
/// say "empty" belongs to another statement (a sentence the layout ran
/// on over table pages without a full stop).
fn near_page(reference: Option<u32>, phrase: Option<u32>) -> bool {
    match (reference, phrase) {
        (Some(r), Some(p)) => r + 1 >= p && p + 1 >= r,
        _ => true,
    }
}

fn prose_quote(s: &str, settings: &Settings) -> String {
    let q: String = s.chars().take(settings.max_quote_chars).collect();
    if s.chars().count() > settings.max_quote_chars {
        format!("{q}…")
    } else {
        q
    }
}

/// The table a prose reference `表（十）` means: the table whose caption or
/// title carries that number (`表 10`, `公开 10 表`), else the n-th table.
fn numbered_table<'a>(laid: &LaidOut, tables: &'a [Table], n: usize) -> Option<&'a Table> {
    let labelled = |texts: &[String]| {
        texts.iter().any(|c| {
            TABLE_REF
                .captures_iter(&norm(c))
                .any(|m| m.get(1).and_then(|x| numeral(x.as_str())) == Some(n))
        })
    };
    let any_numbered = laid
        .tables
        .iter()
        .any(|r| r.caption.iter().any(|c| TABLE_REF.is_match(&norm(c))));
    if any_numbered {
        let raw = laid.tables.iter().find(|r| labelled(&r.caption))?;
        return tables
            .iter()
            .find(|t| t.title.is_some() && t.title == raw.title);
    }
    tables.get(n.checked_sub(1)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::from_tables::tests::{row, table};
    use crate::model::ProseLine;

    #[test]
    fn numerals() {
        assert_eq!(numeral("十"), Some(10));
        assert_eq!(numeral("十一"), Some(11));
        assert_eq!(numeral("二十四"), Some(24));
        assert_eq!(numeral("03"), Some(3));
    }

    #[test]
    fn empty_note_against_figures() {
        let mut t = table(
            "t8",
            "gov_fund_expenditure",
            "万元",
            &["total"],
            vec![row(Some("229"), "其他支出", None, &[("total", "12.00")])],
        );
        t.notes = vec!["注：本部门无政府性基金预算，此表为空表。".into()];
        let c = check(
            &LaidOut::default(),
            &[t.clone()],
            &ProseText::default(),
            &Settings::default(),
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].status, CheckStatus::Fail);
        t.rows.clear();
        let c = check(
            &LaidOut::default(),
            &[t],
            &ProseText::default(),
            &Settings::default(),
        );
        assert_eq!(c[0].status, CheckStatus::Pass);
    }

    #[test]
    fn note_naming_another_table() {
        let mut t = table("t9", "gov_fund_expenditure", "万元", &["total"], vec![]);
        t.notes = vec!["注：本单位无国有资本经营预算财政拨款支出，故本表无数据。".into()];
        let c = check(
            &LaidOut::default(),
            &[t],
            &ProseText::default(),
            &Settings::default(),
        );
        assert!(
            c.iter()
                .any(|c| c.status == CheckStatus::Fail && c.message.contains("说的是另一张表")),
            "{c:#?}"
        );
    }

    /// The empty 国有资本经营 table whose title wrapped before its 表 was
    /// not found: its note follows the 政府性基金 table's own note.
    #[test]
    fn a_note_after_the_tables_own_note_belongs_to_a_later_table() {
        let mut t = table("t7", "gov_fund_expenditure", "万元", &["total"], vec![]);
        t.notes = vec![
            "注：本部门没有使用政府性基金预算拨款安排的支出，此表为空表。".into(),
            "注：本部门无国有资本经营预算拨款收入，也没有使用国有资本经营预算拨款安排的支出，故本表为空表。".into(),
        ];
        let c = check(
            &LaidOut::default(),
            &[t],
            &ProseText::default(),
            &Settings::default(),
        );
        assert!(c.iter().all(|c| c.status != CheckStatus::Fail), "{c:#?}");
        assert!(
            c.iter()
                .any(|c| c.status == CheckStatus::Skip && c.message.contains("未识别的表")),
            "{c:#?}"
        );
    }

    #[test]
    fn a_note_describing_the_table_names_what_it_covers() {
        let mut t = table(
            "t4",
            "fiscal_appropriation_summary",
            "万元",
            &["total"],
            vec![],
        );
        t.notes = vec!["注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支和年末结转结余情况。".into()];
        let c = check(
            &LaidOut::default(),
            &[t],
            &ProseText::default(),
            &Settings::default(),
        );
        assert!(c.iter().all(|c| c.status != CheckStatus::Fail), "{c:#?}");
    }

    #[test]
    fn prose_says_tables_are_empty() {
        let tables: Vec<Table> = (1..=11)
            .map(|i| {
                table(
                    &format!("t{i}"),
                    "expenditure_summary",
                    "万元",
                    &["total"],
                    if i == 10 {
                        vec![row(None, "合计", None, &[("total", "5.00")])]
                    } else {
                        vec![]
                    },
                )
            })
            .collect();
        let lines = vec![
            ProseLine {
                page: 9,
                text: "故附件部门预算公开表格中表（十）、表（十一）为空白表格。".into(),
            },
            ProseLine {
                page: 9,
                text: "2021 年度本部门无政府性基金预算安排的支出。".into(),
            },
        ];
        let c = check(
            &LaidOut::default(),
            &tables,
            &ProseText::new(&lines),
            &Settings::default(),
        );
        assert_eq!(c.len(), 2, "{c:#?}");
        assert_eq!(c[0].status, CheckStatus::Fail);
        assert_eq!(c[0].table.as_deref(), Some("t10"));
        assert_eq!(c[1].status, CheckStatus::Pass);
    }

    #[test]
    fn table_captions_run_into_the_prose_name_no_table() {
        // 湖州: the heading before the tables has no full stop, so the
        // captions `表01` … and the note under a later table form one
        // "sentence" with 无数据 at its end.
        let tables: Vec<Table> = (1..=3)
            .map(|i| {
                table(
                    &format!("t{i}"),
                    "expenditure_summary",
                    "万元",
                    &["total"],
                    vec![row(None, "合计", None, &[("total", "5.00")])],
                )
            })
            .collect();
        let line = |page: u32, text: &str| ProseLine {
            page,
            text: text.into(),
        };
        let lines = vec![
            line(23, "四、2026年湖州市卫生健康委员会部门预算公开表"),
            line(25, "表01"),
            line(26, "表02"),
            line(28, "表03"),
            line(
                44,
                "湖州市卫生健康委员会2026年没有使用国有资本经营预算拨款安排的支出，故此表无数据。",
            ),
        ];
        let c = check(
            &LaidOut::default(),
            &tables,
            &ProseText::new(&lines),
            &Settings::default(),
        );
        assert!(c.is_empty(), "{c:#?}");
        // A sentence that names the table on the page that says it is empty.
        let lines = vec![line(9, "表（二）、表（三）为空白表格。")];
        let c = check(
            &LaidOut::default(),
            &tables,
            &ProseText::new(&lines),
            &Settings::default(),
        );
        assert_eq!(c.len(), 2, "{c:#?}");
    }
}
