//! `contents`: the tables a document's 目录 (table of contents) lists against
//! the tables it prints. A listed standard table (its title is a catalog
//! title) that is printed nowhere — no table of its template, and its title
//! on no line outside the 目录 — is a failing check quoting the 目录 line.
//!
//! Steps: find the 目录 heading (`data/fact_phrases.json` → `contents`) →
//! its entries (the lines after it, up to the first sentence, the first
//! repeat of the first entry, or a few pages on) → each entry's template
//! (normalised title equal to a normalised catalog title, as the templates
//! stage normalises them) → present or missing.
//!
//! An input that lacks many listed tables is an excerpt (a text another tool
//! extracted, a few pages), not a document that dropped a table: below
//! `Settings::min_contents_found_ratio` found, one warning and no checks.

use super::Settings;
use super::compact;
use super::vocab::vocab;
use crate::model::{Check, CheckStatus, LaidOut, ProseLine, Table};
use crate::templates::catalog::catalog;
use crate::templates::matcher::normalize_title;
use std::sync::OnceLock;

/// One 目录 line that names a standard table.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// The line as printed (leaders and page number removed).
    pub text: String,
    pub page: u32,
    pub template: String,
    /// Normalised title (department removed), for finding it elsewhere.
    key: String,
    pub found: bool,
}

/// What the 目录 says against what the document prints.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contents {
    pub listed: Vec<Listed>,
    /// Too few listed tables found: the input is an excerpt.
    pub excerpt: bool,
}

/// The title part of a 目录 line: before a wide gap or tab (`收支预算总表
/// ⇥公开 01 表`), without bullets, dot leaders and the page number.
fn entry_title(line: &str) -> String {
    let leaders = &vocab().contents.leaders;
    let first = line
        .trim()
        .split(['\t', '\u{3000}'])
        .next()
        .unwrap_or("")
        .split("  ")
        .next()
        .unwrap_or("");
    let t = first.trim_start_matches(|c: char| c.is_whitespace() || "-•·*".contains(c));
    // Leaders run into the page number: `五、部门预算表……12`.
    let mut end = t.len();
    for (i, c) in t.char_indices().rev() {
        if c.is_whitespace() || c.is_ascii_digit() || leaders.contains(c) {
            end = i;
        } else {
            break;
        }
    }
    // A leader inside (`表……………………12` split by the layout) ends it too.
    let cut = t
        .char_indices()
        .find(|&(i, c)| {
            (c == '…' || c == '⋯')
                || (leaders.contains(c)
                    && t.get(i..)
                        .and_then(|r| r.chars().nth(1))
                        .is_some_and(|n| n == c))
        })
        .map(|(i, _)| i)
        .unwrap_or(end);
    t.get(..end.min(cut)).unwrap_or("").trim().to_string()
}

/// Normalised title of a line, the department's name removed (`第二部分
/// 上海市普陀区财政局2024年度部门决算表`, `上海市XX局收支总表`).
fn title_key(line: &str, department: Option<&str>) -> String {
    let mut s = compact(line);
    if let Some(d) = department.filter(|d| !d.is_empty()) {
        s = s.replace(&compact(d), "");
    }
    normalize_title(&s, catalog())
}

/// Catalog templates by normalised title (first template wins a tie).
fn catalog_titles() -> &'static [(String, String)] {
    static T: OnceLock<Vec<(String, String)>> = OnceLock::new();
    T.get_or_init(|| {
        let c = catalog();
        let mut v: Vec<(String, String)> = Vec::new();
        for t in &c.templates {
            for title in &t.titles {
                let n = normalize_title(title, c);
                if n.chars().count() >= 2 && !v.iter().any(|(k, _)| *k == n) {
                    v.push((n, t.key.clone()));
                }
            }
        }
        v
    })
}

/// Index range of the 目录's entries in `prose`.
fn region(prose: &[ProseLine], settings: &Settings) -> Option<(usize, usize)> {
    let v = &vocab().contents;
    let head = prose
        .iter()
        .position(|l| v.headings.iter().any(|h| compact(&l.text) == *h))?;
    let page = prose.get(head)?.page;
    let start = head + 1;
    let first = prose.get(start).map(|l| compact(&entry_title(&l.text)))?;
    let mut end = start;
    for (i, l) in prose.iter().enumerate().skip(start) {
        let c = compact(&l.text);
        let body = v.sentence_ends.iter().any(|e| c.contains(e.as_str()))
            || l.page > page + settings.max_contents_pages
            || (i > start && !first.is_empty() && compact(&entry_title(&l.text)) == first);
        if body {
            break;
        }
        end = i + 1;
    }
    Some((start, end))
}

/// The 目录's standard tables, each found or not.
pub fn analyse(
    laid: &LaidOut,
    tables: &[Table],
    department: Option<&str>,
    settings: &Settings,
) -> Contents {
    // A prose-only input (no table at all) has nothing to compare.
    if laid.tables.is_empty() {
        return Contents::default();
    }
    let Some((start, end)) = region(&laid.prose, settings) else {
        return Contents::default();
    };
    let titles = catalog_titles();
    let mut listed: Vec<Listed> = Vec::new();
    for l in laid.prose.get(start..end).unwrap_or(&[]) {
        let text = entry_title(&l.text);
        let key = title_key(&text, department);
        let Some((_, template)) = titles.iter().find(|(k, _)| *k == key) else {
            continue;
        };
        if listed.iter().any(|x| x.key == key) {
            continue;
        }
        listed.push(Listed {
            text,
            page: l.page,
            template: template.clone(),
            key,
            found: false,
        });
    }
    // Elsewhere: every prose line outside the 目录, every table title and
    // caption line (a table the templates stage did not recognise is still
    // printed).
    let outside = laid
        .prose
        .iter()
        .enumerate()
        .filter(|(i, _)| *i < start || *i >= end)
        .map(|(_, l)| l.text.as_str())
        .chain(laid.tables.iter().filter_map(|t| t.title.as_deref()))
        .chain(
            laid.tables
                .iter()
                .flat_map(|t| t.caption.iter().map(String::as_str)),
        )
        .chain(tables.iter().filter_map(|t| t.title.as_deref()));
    for x in listed.iter_mut() {
        x.found = tables
            .iter()
            .any(|t| t.template.as_deref() == Some(x.template.as_str()));
    }
    // Normalising every line of the prose is the costly part: only when a
    // listed table is not among the recognised ones.
    if listed.iter().any(|x| !x.found) {
        let elsewhere: Vec<String> = outside.map(|s| title_key(s, department)).collect();
        for x in listed.iter_mut().filter(|x| !x.found) {
            x.found = elsewhere.contains(&x.key);
        }
    }
    let found = listed.iter().filter(|x| x.found).count();
    let excerpt = !listed.is_empty()
        && (found as f64) < settings.min_contents_found_ratio * listed.len() as f64;
    Contents { listed, excerpt }
}

/// A check per listed table: found (pass) or printed nowhere (fail).
pub fn check(contents: &Contents) -> Vec<Check> {
    if contents.excerpt {
        return Vec::new();
    }
    contents
        .listed
        .iter()
        .map(|x| {
            let (status, message) = if x.found {
                (
                    CheckStatus::Pass,
                    crate::messages::checks::contents_found(x.page, &x.text, &x.template),
                )
            } else {
                (
                    CheckStatus::Fail,
                    crate::messages::checks::contents_missing(x.page, &x.text, &x.template),
                )
            };
            Check {
                rule: "contents".into(),
                table: None,
                template: Some(x.template.clone()),
                row: None,
                column: None,
                expected: Some(x.text.clone()),
                actual: (!x.found).then(|| "absent".to_string()),
                status,
                message: message.zh.clone(),
                page: Some(x.page),
                blame: Vec::new(),
                wording: Some(message),
            }
        })
        .collect()
}

/// The excerpt warning: which listed tables the input does not hold.
pub fn warnings(contents: &Contents) -> Vec<String> {
    if !contents.excerpt {
        return Vec::new();
    }
    let missing: Vec<&str> = contents
        .listed
        .iter()
        .filter(|x| !x.found)
        .map(|x| x.text.as_str())
        .collect();
    vec![format!(
        "contents: the 目录 lists {} standard tables, the input holds {}; not checked (an excerpt?). Not found: {}",
        contents.listed.len(),
        contents.listed.len() - missing.len(),
        missing.join("; ")
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RawTable;

    fn line(page: u32, text: &str) -> ProseLine {
        ProseLine {
            page,
            text: text.into(),
        }
    }

    fn raw(title: &str) -> RawTable {
        RawTable {
            title: Some(title.into()),
            ..Default::default()
        }
    }

    fn table(template: &str) -> Table {
        crate::facts::from_tables::tests::table("t1", template, "万元", &["total"], vec![])
    }

    fn toc() -> Vec<ProseLine> {
        vec![
            line(1, "上海市普陀区财政局"),
            line(2, "目 录"),
            line(2, "第二部分上海市普陀区财政局2024年度部门决算表"),
            line(2, "一、收入支出决算总表"),
            line(2, "二、收入决算表"),
            line(2, "三、支出决算表 ………………………… 9"),
            line(2, "四、财政拨款收入支出决算总表"),
            line(2, "第三部分上海市普陀区财政局2024年度部门决算情况说明"),
            line(2, "三、支出决算情况说明"),
            line(4, "第二部分上海市普陀区财政局2024年度部门决算表"),
            line(4, "本部门2024年度收入支出决算总计2995.39万元。"),
        ]
    }

    #[test]
    fn titles_lose_leaders_numbers_and_tails() {
        assert_eq!(entry_title("三、支出决算表 ………………………… 9"), "三、支出决算表");
        assert_eq!(
            entry_title("4．2025年部门财政拨款收支预算总表……………12"),
            "4．2025年部门财政拨款收支预算总表"
        );
        assert_eq!(entry_title("收支预算总表\t公开 01 表"), "收支预算总表");
        assert_eq!(
            entry_title(" - (十二) 财政拨款收支总表"),
            "(十二) 财政拨款收支总表"
        );
    }

    #[test]
    fn a_listed_table_printed_nowhere_fails() {
        let laid = LaidOut {
            prose: toc(),
            tables: vec![
                raw("收入支出决算总表"),
                raw("收入决算表"),
                raw("财政拨款收入支出决算总表"),
            ],
            ..Default::default()
        };
        let tables = vec![
            table("revenue_expenditure_summary"),
            table("revenue_summary"),
            table("fiscal_appropriation_summary"),
        ];
        let c = analyse(
            &laid,
            &tables,
            Some("上海市普陀区财政局"),
            &Settings::default(),
        );
        assert_eq!(c.listed.len(), 4, "{c:?}");
        assert!(!c.excerpt);
        let checks = check(&c);
        let fails: Vec<&Check> = checks
            .iter()
            .filter(|c| c.status == CheckStatus::Fail)
            .collect();
        assert_eq!(fails.len(), 1, "{checks:#?}");
        assert_eq!(fails[0].template.as_deref(), Some("expenditure_summary"));
        assert_eq!(fails[0].page, Some(2));
        assert!(fails[0].message.contains("«三、支出决算表»"));
        assert!(warnings(&c).is_empty());
    }

    #[test]
    fn a_title_printed_but_not_recognised_is_present() {
        let laid = LaidOut {
            prose: toc(),
            tables: vec![raw("收入支出决算总表"), raw("财政拨款收入支出决算总表")],
            ..Default::default()
        };
        let mut prose = toc();
        prose.push(line(9, "支出决算表"));
        prose.push(line(8, "收入决算表"));
        let laid = LaidOut { prose, ..laid };
        let tables = vec![
            table("revenue_expenditure_summary"),
            table("fiscal_appropriation_summary"),
        ];
        let c = analyse(&laid, &tables, None, &Settings::default());
        assert!(c.listed.iter().all(|x| x.found), "{c:?}");
    }

    #[test]
    fn an_excerpt_warns_instead() {
        let laid = LaidOut {
            prose: toc(),
            tables: vec![raw("收入支出决算总表")],
            ..Default::default()
        };
        let tables = vec![table("revenue_expenditure_summary")];
        let c = analyse(&laid, &tables, None, &Settings::default());
        assert!(c.excerpt);
        assert!(check(&c).is_empty());
        let w = warnings(&c);
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("三、支出决算表"), "{w:?}");
    }

    #[test]
    fn no_contents_or_no_tables_no_check() {
        let laid = LaidOut {
            prose: toc(),
            ..Default::default()
        };
        assert_eq!(
            analyse(&laid, &[], None, &Settings::default()),
            Contents::default()
        );
        let laid = LaidOut {
            prose: vec![line(1, "一、收入支出决算总表")],
            tables: vec![raw("收入支出决算总表")],
            ..Default::default()
        };
        assert!(
            analyse(&laid, &[], None, &Settings::default())
                .listed
                .is_empty()
        );
    }
}
