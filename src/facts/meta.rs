//! Document metadata: department, year, kind (预算 / 决算) and main unit.
//!
//! The department comes from where the document states it, most trusted
//! first: a title block on the cover or a table title, a labelled line or
//! cell (`部门：…`, `单位名称：…`), the 单位 column of a unit table
//! ([`department`]). Year and kind come from the same title block when it
//! has them, else from captions (`预算年度：2021`, `（2026年度）`), table
//! titles and the narrative. What the document does not print stays null,
//! with a warning ([`warnings`]).

pub mod department;

use super::prose_text::{TokenKind, tokens};
use super::vocab::vocab;
use crate::model::{DocumentMeta, LaidOut, Table};
use department::{COVER_LINES, MAX_TITLE_LINES, YEAR_LINE, normalise};
use regex::Regex;
use std::sync::LazyLock;

static TITLE_KIND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(20\d{2})\s*年度?\s*(?:区级|市级|县级|省级|本级)?\s*(?:部门|单位)?(预算|决算)")
        .expect("static regex")
});
static BUDGET_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:预算|决算)年度[:：]\s*(20\d{2})").expect("static regex"));
static ANY_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(20\d{2})\s*年").expect("static regex"));

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
    let found = department::find(&cover, &titles, &captions, laid, tables);
    let coverage = found.as_ref().and_then(|d| d.coverage.clone());
    let department = found.map(|d| d.name);
    DocumentMeta {
        department_key: department
            .as_deref()
            .and_then(super::department_key::department_key),
        department,
        scope: super::doc_scope::scope(&cover, coverage.as_deref()),
        coverage,
        year,
        kind,
        unit: unit(laid, tables),
    }
}

/// What the document does not print, said once each.
pub fn warnings(meta: &DocumentMeta) -> Vec<String> {
    let mut out = Vec::new();
    if meta.department.is_none() {
        out.push(
            "document: no department name is printed on the cover, in a table title or in a \
             部门：/单位名称：/编制单位： line; department left empty"
                .to_string(),
        );
    }
    if meta.year.is_none() {
        out.push(
            "document: no year is printed in a title or caption (…年部门预算, 预算年度：…); \
             year left empty"
                .to_string(),
        );
    }
    if meta.kind.is_none() {
        out.push("document: no title says 预算 or 决算; kind left empty".to_string());
    }
    out
}

/// The top of each header of a table printed without a title, when it reads
/// like a title run into the header (`收支预算总表公开表一部门：…`).
fn header_titles(laid: &LaidOut) -> Vec<String> {
    laid.tables
        .iter()
        .filter(|t| t.title.is_none())
        .filter_map(|t| {
            let top = t.columns.first()?.split('/').next()?;
            let top = normalise(top);
            top.contains('表').then_some(top)
        })
        .collect()
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
    // Table titles; for tables printed without one, the title run into
    // their header (`2019年政府采购预算表公开表十二部门：…`).
    let from_headers = header_titles(laid);
    let titles: Vec<&str> = titles
        .iter()
        .copied()
        .chain(from_headers.iter().map(|s| s.as_str()))
        .collect();
    let mut year = None;
    let mut kind = None;
    if let Some(t) = department::title_block(cover, MAX_TITLE_LINES) {
        year = t.year;
        kind = t.kind_word.map(|w| kind_of(&w).to_string());
    }
    if year.is_none() {
        for line in cover {
            if let Some(c) = TITLE_KIND.captures(line) {
                year = c.get(1).and_then(|m| m.as_str().parse().ok());
                kind = kind.or_else(|| c.get(2).map(|m| kind_of(m.as_str()).to_string()));
                break;
            }
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
        // A year printed alone under a title (`（2026年度）`).
        year = captions.iter().chain(cover.iter()).find_map(|l| {
            YEAR_LINE
                .captures(&normalise(l))?
                .get(1)?
                .as_str()
                .parse()
                .ok()
        });
    }
    if year.is_none() {
        let mut counts: Vec<(i32, usize)> = Vec::new();
        for t in &titles {
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

    #[test]
    fn tables_only_with_title_run_into_header() {
        let table = |cols: &[&str]| RawTable {
            columns: cols.iter().map(|c| c.to_string()).collect(),
            ..Default::default()
        };
        let laid = LaidOut {
            tables: vec![
                table(&[
                    "收支预算总表公开表一部门：江苏省人大常委会办公厅单位：万元/收入/项目名称",
                    "收支预算总表公开表一部门：江苏省人大常委会办公厅单位：万元/收入/金额",
                ]),
                table(&["2019年政府采购预算表公开表十二部门：江苏省人大常委会办公厅单位：万元"]),
            ],
            ..Default::default()
        };
        let m = document_meta(&laid, &[]);
        assert_eq!(m.department.as_deref(), Some("江苏省人大常委会办公厅"));
        assert_eq!(m.year, Some(2019));
        assert_eq!(m.kind.as_deref(), Some("budget"));
        assert!(warnings(&m).is_empty());
    }

    #[test]
    fn label_cell_in_header_and_year_under_title() {
        let laid = LaidOut {
            tables: vec![RawTable {
                title: Some("预算13表部门整体支出绩效目标表".into()),
                caption: vec!["（2026年度）".into()],
                columns: vec![
                    "".into(),
                    "部门名称/总体资金情况（万元）".into(),
                    "部门名称/总体资金情况（万元）".into(),
                    "北京市审计局/预算支出总额".into(),
                ],
                ..Default::default()
            }],
            ..Default::default()
        };
        let m = document_meta(&laid, &[]);
        assert_eq!(m.department.as_deref(), Some("北京市审计局"));
        assert_eq!(m.year, Some(2026));
        assert_eq!(m.kind.as_deref(), Some("budget"));
    }

    #[test]
    fn cover_over_three_lines_and_scope() {
        let laid = LaidOut {
            prose: prose(&["2026 年度", "福州市医疗保障局", "部门预算", "目录"]),
            ..Default::default()
        };
        let m = document_meta(&laid, &[]);
        assert_eq!(m.department.as_deref(), Some("福州市医疗保障局"));
        assert_eq!((m.year, m.kind.as_deref()), (Some(2026), Some("budget")));
        assert_eq!(m.coverage, None);
        let laid = LaidOut {
            prose: prose(&["2026 年深圳市财政局（本级）部门预", "算"]),
            ..Default::default()
        };
        let m = document_meta(&laid, &[]);
        assert_eq!(m.department.as_deref(), Some("深圳市财政局"));
        assert_eq!(m.coverage.as_deref(), Some("本级"));
        // The title line names 部门预算, but its 本级 qualifier decides.
        assert_eq!(m.scope.as_deref(), Some("unit"));
    }

    #[test]
    fn prose_fragment_is_no_department() {
        let laid = LaidOut {
            prose: prose(&[
                "一、部门预算单位构成",
                "纳入邢台市教育局2021年部门预算编制范围的二级预算单位共 7 个。",
                "我局2021年部门预算收入 1682.24 万元。",
            ]),
            ..Default::default()
        };
        let m = document_meta(&laid, &[]);
        assert_eq!(m.department, None);
        let w = warnings(&m);
        assert!(
            w.iter().any(|w| w.contains("department left empty")),
            "{w:?}"
        );
    }
}
