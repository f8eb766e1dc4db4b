//! Which catalog template a table is, from its title or, when the title is
//! missing or matches nothing, from its header row.
//!
//! Titles vary by province and year in ways that carry no meaning for the
//! template (a year prefix, 部门/单位/区级/预算单位, 预算/情况, full-width
//! quotes, a leading `一、` / `1.` / `（一）`, a trailing `（部门预算经济分类）`),
//! so both the printed title and the catalog titles are normalised the same
//! way (see [`normalize_title`]) before comparing. The score is in [0, 1]:
//! 1 for an identical normalised title, a high score when a catalog title is
//! contained in the printed one (`1、城乡医疗救助县级补助项目绩效目标表`), else
//! the normalised Levenshtein similarity. Header matching scores lower than
//! any accepted title match so that a title always wins when there is one.

use super::Settings;
use super::catalog::Catalog;
use regex::Regex;
use std::sync::OnceLock;

/// A template match: catalog key and score in [0, 1].
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub key: String,
    pub score: f64,
}

fn re_year() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(19|20)\d{2}\s*年(度)?").unwrap_or_else(|_| unreachable!()))
}

fn re_enum() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"^(附表\s*\d*|表\s*\d+|[一二三四五六七八九十]+\s*[、.．]|\d+\s*[、.．]|[（(][一二三四五六七八九十\d]+[）)])\s*")
            .unwrap_or_else(|_| unreachable!())
    })
}

fn re_paren() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"[（(][^（()）]*[）)]\s*$").unwrap_or_else(|_| unreachable!()))
}

/// Half-width forms of the full-width punctuation tables print.
pub fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '，' => ',',
            '．' => '.',
            '\u{3000}' => ' ',
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            _ => c,
        })
        .collect()
}

/// Normalise a title for comparison: widths folded, whitespace and quotes
/// removed, year prefix, leading enumeration and a trailing parenthesised
/// qualifier dropped, then the catalog's noise words removed.
pub fn normalize_title(title: &str, catalog: &Catalog) -> String {
    // the table number before or after the title (`公开05表：`, `表一`,
    // `预算表12`) names no template; read it before spaces are dropped so
    // `附件3 2026年…` keeps its year apart
    let mut s = crate::table_number::strip_table_number(&fold_width(title));
    s.retain(|c| {
        !c.is_whitespace() && !matches!(c, '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」')
    });
    s = without_department_before_year(s, catalog);
    s = re_year().replace_all(&s, "").into_owned();
    // Enumerations may follow the year (`2021年1.…`) or precede it.
    for _ in 0..2 {
        s = re_enum().replace(&s, "").into_owned();
    }
    // Strip a trailing qualifier `（部门预算经济分类）`, but keep titles whose
    // catalog form carries one (`部门支出总表(分类)`) comparable by doing the
    // same to catalog titles.
    for _ in 0..2 {
        let stripped = re_paren().replace(&s, "").into_owned();
        if stripped.chars().count() < 3 || stripped == s {
            break;
        }
        // `…表（功能科目）公开表五`: a number behind the remark
        s = crate::table_number::strip_table_number(&stripped);
    }
    for w in folded_noise(catalog) {
        s = s.replace(w.as_str(), "");
    }
    s
}

/// `太原市迎泽区文化和旅游局2021年度收入决算表`: the department's name
/// printed before the year is no part of the title; left in, it makes a
/// short catalog title (`收入决算表`, `部门支出总体情况表`: three
/// characters once the noise words go) score far below the threshold. The
/// text before the first year is dropped when it names no subject of a
/// title (收入, 支出, 预算, 表 … in `title_subject_words`), which also keeps
/// `一般公共预算2024年…` whole.
fn without_department_before_year(s: String, catalog: &Catalog) -> String {
    let Some(m) = re_year().find(&s) else {
        return s;
    };
    let (prefix, rest) = s.split_at(m.start());
    let names_subject = catalog
        .title_subject_words
        .iter()
        .any(|w| prefix.contains(w.as_str()));
    if prefix.is_empty() || names_subject {
        return s;
    }
    rest.to_string()
}

/// The catalog's noise words, widths folded, empty ones left out.
fn folded_noise(catalog: &Catalog) -> &[String] {
    catalog.prepared.folded_noise.get_or_init(|| {
        catalog
            .title_noise
            .iter()
            .map(|w| fold_width(w))
            .filter(|w| !w.is_empty())
            .collect()
    })
}

/// Every template's titles, normalised once per catalog.
fn normalized_titles(catalog: &Catalog) -> &[Vec<String>] {
    catalog.prepared.titles.get_or_init(|| {
        catalog
            .templates
            .iter()
            .map(|t| {
                t.titles
                    .iter()
                    .map(|c| normalize_title(c, catalog))
                    .collect()
            })
            .collect()
    })
}

/// Score one printed title against one catalog title (both normalised).
fn title_similarity(printed: &str, candidate: &str) -> f64 {
    if printed.is_empty() || candidate.is_empty() {
        return 0.0;
    }
    if printed == candidate {
        return 1.0;
    }
    let lp = printed.chars().count() as f64;
    let lc = candidate.chars().count() as f64;
    if lc >= 4.0 && printed.contains(candidate) {
        // A catalog title inside a longer printed one: the longer the catalog
        // title relative to the printed one, the surer.
        return 0.8 + 0.15 * (lc / lp);
    }
    strsim::normalized_levenshtein(printed, candidate)
}

/// Best template for a printed title, if any scores at least
/// `settings.min_title_score`.
pub fn match_title(title: &str, catalog: &Catalog, settings: &Settings) -> Option<Match> {
    let printed = normalize_title(title, catalog);
    if printed.chars().count() < 2 {
        return None;
    }
    let mut best: Option<Match> = None;
    for (t, titles) in catalog.templates.iter().zip(normalized_titles(catalog)) {
        for c in titles {
            let score = title_similarity(&printed, c);
            if best.as_ref().is_none_or(|b| score > b.score) {
                best = Some(Match {
                    key: t.key.clone(),
                    score,
                });
            }
        }
    }
    best.filter(|b| b.score >= settings.min_title_score)
        .map(|b| by_qualified_class(b, title, catalog))
}

/// A title's trailing qualifier that names a classification other than the
/// matched template's (`（按经济分类）` on a 一般公共预算支出表) turns it into
/// the template the catalog gives for that classification.
fn by_qualified_class(best: Match, title: &str, catalog: &Catalog) -> Match {
    let Some(t) = catalog.template(&best.key) else {
        return best;
    };
    if t.by_class.is_empty() {
        return best;
    }
    let folded = fold_width(title);
    let Some(qualifier) = re_paren().find(folded.trim_end()) else {
        return best;
    };
    let q = qualifier.as_str();
    let named = catalog
        .class_words
        .iter()
        .find(|(_, words)| words.iter().any(|w| q.contains(w.as_str())))
        .map(|(class, _)| class);
    match named.and_then(|c| t.by_class.get(c)) {
        Some(key) => Match {
            key: key.clone(),
            score: best.score,
        },
        _ => best,
    }
}

/// A header cell ending a clause (`。`, `；`) is prose that spilled into the
/// header band (北京's 项目支出绩效目标表 prints its 项目目标 sentences above
/// the indicator rows of a continued page): its words (`减少和防范国有资产损失`)
/// name no table.
fn is_sentence(header: &str) -> bool {
    header.contains(['。', '；', ';'])
}

/// A header segment that is a table's title (`2022年部门综合预算政府采购（资产
/// 配置、购买服务）预算表`): a listing of tables (西安's 空表说明, a 目录)
/// prints titles as its rows, and a title's words (`资产配置`) are no column
/// of the table being matched. No column head ends in 表.
fn names_a_table(segment: &str) -> bool {
    segment.trim_end().ends_with('表')
}

/// Best template from the header row: every hint of a template must appear in
/// the joined headers; the template with the most hints wins (ties: catalog
/// order). Scored `settings.header_match_score`.
pub fn match_headers(columns: &[String], catalog: &Catalog, settings: &Settings) -> Option<Match> {
    let joined: String = columns
        .iter()
        .filter(|c| !is_sentence(c))
        .map(|c| {
            c.split('/')
                .filter(|seg| !names_a_table(seg))
                .collect::<Vec<_>>()
                .join("/")
        })
        .map(|c| fold_width(&c))
        .collect::<Vec<_>>()
        .join("|");
    let joined: String = joined
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '“' | '”' | '"'))
        .collect();
    if joined.is_empty() {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for t in &catalog.templates {
        if t.header_hints.is_empty() {
            continue;
        }
        let all = t
            .header_hints
            .iter()
            .all(|h| joined.contains(&fold_width(h)));
        if all && best.is_none_or(|(n, _)| t.header_hints.len() > n) {
            best = Some((t.header_hints.len(), t.key.as_str()));
        }
    }
    best.map(|(_, key)| Match {
        key: key.to_string(),
        score: settings.header_match_score,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::catalog::catalog;

    #[test]
    fn a_sentence_in_the_header_band_names_no_table() {
        let s = Settings::default();
        let cols = |c: &[&str]| c.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let prose = cols(&[
            "项目名称",
            "对存在重大损失风险的企业开展专项调查，减少和防范国有资产损失。",
            "效益指标",
        ]);
        assert!(match_headers(&prose, catalog(), &s).is_none());
        let listing = cols(&[
            "报表",
            "报表名称/2022年部门收支总表/2022年政府采购（资产配置、购买服务）预算表",
            "是否空表/是",
        ]);
        assert!(match_headers(&listing, catalog(), &s).is_none());
        let header = cols(&["资产名称", "数量", "金额"]);
        assert_eq!(
            match_headers(&header, catalog(), &s).map(|m| m.key),
            Some("state_assets".to_string())
        );
    }

    fn key(title: &str) -> Option<String> {
        match_title(title, catalog(), &Settings::default()).map(|m| m.key)
    }

    /// The department's name before the year is no part of the title; a
    /// text before the year naming a subject (预算) is.
    #[test]
    fn department_before_the_year_is_dropped() {
        assert_eq!(
            key("太原市迎泽区文化和旅游局2021年度收入决算表（公开02表）").as_deref(),
            Some("revenue_summary")
        );
        assert_eq!(
            key("2.杭州市拱墅区司法局2022年度支出决算表").as_deref(),
            Some("expenditure_summary")
        );
        assert_eq!(
            key("保定市莲池区商务局2025年部门支出总体情况表").as_deref(),
            Some("expenditure_summary")
        );
        let c = catalog();
        assert_eq!(
            normalize_title("一般公共预算2024年支出表", c),
            normalize_title("一般公共预算支出表", c)
        );
    }

    /// A qualifier naming the other classification picks the catalog's
    /// template for it; one naming the template's own changes nothing.
    #[test]
    fn qualifier_names_the_classification() {
        assert_eq!(
            key("一般公共预算支出表（按经济分类）").as_deref(),
            Some("economic_classification_summary")
        );
        assert_eq!(
            key("2022年部门综合预算一般公共预算支出明细表（按经济分类科目分）").as_deref(),
            Some("economic_classification_summary")
        );
        assert_eq!(
            key("一般公共预算支出表（按功能分类）").as_deref(),
            Some("general_budget_expenditure")
        );
        assert_eq!(
            key("一般公共预算支出表").as_deref(),
            Some("general_budget_expenditure")
        );
        // Templates without by_class keep their match.
        assert_eq!(
            key("一般公共预算基本支出表（按经济分类）").as_deref(),
            Some("general_budget_basic_expenditure")
        );
    }

    #[test]
    fn titles_vary_but_match() {
        assert_eq!(
            key("2021年部门支出总体情况表").as_deref(),
            Some("expenditure_summary")
        );
        assert_eq!(
            key("2021 年区级部门一般公共预算支出表").as_deref(),
            Some("general_budget_expenditure")
        );
        assert_eq!(
            key("2021 年区级部门一般公共预算基本支出表").as_deref(),
            Some("general_budget_basic_expenditure")
        );
        assert_eq!(
            key("2025年部门一般公共预算基本支出部门预算经济分类预算表").as_deref(),
            Some("general_budget_basic_expenditure")
        );
        assert_eq!(
            key("一般公共预算基本支出表(部门预算经济分类)").as_deref(),
            Some("general_budget_basic_expenditure")
        );
        assert_eq!(
            key("2025年部门“三公”经费和机关运行经费预算表").as_deref(),
            Some("three_public_expenses")
        );
        assert_eq!(
            key("七、财政拨款\"三公\"经费支出决算表").as_deref(),
            Some("three_public_expenses")
        );
        assert_eq!(
            key("一、收入支出决算总表").as_deref(),
            Some("revenue_expenditure_summary")
        );
        assert_eq!(
            key("2025年部门财务收支预算总表").as_deref(),
            Some("revenue_expenditure_summary")
        );
        assert_eq!(
            key("4．2025年预算单位财政拨款收支预算总表").as_deref(),
            Some("fiscal_appropriation_summary")
        );
        assert_eq!(
            key("财政拨款收入支出决算总表").as_deref(),
            Some("fiscal_appropriation_summary")
        );
        assert_eq!(
            key("政府性基金预算财政拨款收入支出决算表").as_deref(),
            Some("gov_fund_expenditure")
        );
        assert_eq!(
            key("2024年预算单位国有资本经营预算支出功能分类预算表").as_deref(),
            Some("state_capital_expenditure")
        );
        assert_eq!(key("收入决算表").as_deref(), Some("revenue_summary"));
        assert_eq!(key("支出决算表").as_deref(), Some("expenditure_summary"));
        assert_eq!(
            key("部门预算收支总表").as_deref(),
            Some("revenue_expenditure_summary")
        );
        assert_eq!(
            key("（二）部门收入总表").as_deref(),
            Some("revenue_summary")
        );
        assert_eq!(
            key("1、城乡医疗救助县级补助项目绩效目标表").as_deref(),
            Some("performance_targets")
        );
        assert_eq!(
            key("2021年一般公共预算安排项目支出情况表").as_deref(),
            Some("project_expenditure")
        );
        assert_eq!(
            key("部门预算政府基金预算财政拨款支出表").as_deref(),
            Some("gov_fund_expenditure")
        );
        assert_eq!(
            key("2021年支出预算分类汇总表（按支出经济分类）").as_deref(),
            Some("economic_classification_summary")
        );
        assert_eq!(
            key("红旗区2021年政府采购及新增资产配置计划表").as_deref(),
            Some("procurement")
        );
        assert_eq!(
            key("财政拨款收支总表").as_deref(),
            Some("fiscal_appropriation_summary")
        );
        assert_eq!(key("本单位职能简介"), None);
        // every printed form of the title: unit in brackets, table numbers
        // before or after, 附件 prefixes, the year before or after
        assert_eq!(
            key("2021年部门收支总表（单位：万元）").as_deref(),
            Some("revenue_expenditure_summary")
        );
        assert_eq!(
            key("公开05表：财政拨款支出预算表").as_deref(),
            Some("fiscal_appropriation_expenditure")
        );
        assert_eq!(
            key("财政拨款基本支出预算表（经济科目）").as_deref(),
            Some("fiscal_appropriation_basic_expenditure")
        );
        assert_eq!(
            key("预算表12项目支出绩效目标表").as_deref(),
            Some("performance_targets")
        );
        assert_eq!(
            key("收支预算总表公开表一").as_deref(),
            Some("revenue_expenditure_summary")
        );
        assert_eq!(
            key("表1-1 部门收入总表").as_deref(),
            Some("revenue_summary")
        );
        assert_eq!(
            key("附件3 2026年一般公共预算支出表").as_deref(),
            Some("general_budget_expenditure")
        );
        assert_eq!(
            key("一般公共预算支出预算表（功能科目）公开表七").as_deref(),
            Some("general_budget_expenditure")
        );
        assert_eq!(
            key("某局部门收支总表2026年").as_deref(),
            Some("revenue_expenditure_summary")
        );
        assert_eq!(
            key("区级部门财政拨款收支总表").as_deref(),
            Some("fiscal_appropriation_summary")
        );
        assert_eq!(
            key("2026年市级部门一般公共预算支出表").as_deref(),
            Some("general_budget_expenditure")
        );
        assert_eq!(key("基本支出总表").as_deref(), Some("basic_expenditure"));
        assert_eq!(key("项目支出总表").as_deref(), Some("project_expenditure"));
        assert_eq!(
            key("一般公共预算基本支出情况表").as_deref(),
            Some("general_budget_basic_expenditure")
        );
        assert_eq!(
            key("财政拨款政府性基金支出预算表").as_deref(),
            Some("gov_fund_expenditure")
        );
        assert_eq!(
            key("公开 09 表：一般公共预算“三公”经费、会议费、培训费支出预算表").as_deref(),
            Some("three_public_expenses")
        );
        assert_eq!(
            key("信访干部培训专项项目绩效自评表").as_deref(),
            Some("performance_evaluation")
        );
    }

    #[test]
    fn headers_identify_untitled_tables() {
        let cols: Vec<String> = ["科目编码", "科目名称", "合计", "人员经费", "公用经费"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let m = match_headers(&cols, catalog(), &Settings::default());
        assert_eq!(
            m.map(|m| m.key).as_deref(),
            Some("general_budget_basic_expenditure")
        );
        let cols: Vec<String> = ["合计", "因公出国（境）费", "公务接待费"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let m = match_headers(&cols, catalog(), &Settings::default());
        assert_eq!(m.map(|m| m.key).as_deref(), Some("three_public_expenses"));
    }
}
