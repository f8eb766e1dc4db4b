//! The department a document is about, from where the document states it,
//! in this order of trust:
//!
//! 1. a title block: one to [`MAX_TITLE_LINES`] short lines near the start
//!    that together read `{year}{name}{部门预算}`, `{name}{year}{部门预算}` or
//!    `{name}{部门预算}` and nothing else but a title word after it
//!    (`2026年烟台市财政局部门预算`; `2026 年度` / `福州市医疗保障局` /
//!    `部门预算`; `重庆市规划和自然资源局` / `2026 年部门预算情况说明`), or a
//!    table title `{name}{year}年部门预算…`; then a title block further in;
//! 2. a labelled line or cell: `部门：…`, `单位名称：…`, `编制单位：…`,
//!    `部门（单位）：…` in a caption, a table header or a prose line, a label
//!    cell followed by its value cell (`部门名称 | 北京市审计局`), a caption
//!    that is a unit code and a name (`473灵寿县医疗保障局`);
//! 3. the 单位 column of a unit table: the one unit the others belong to
//!    (its code the prefix of theirs, or its name the prefix of theirs).
//!
//! A name must end like an institution (`局`, `委员会`, …; vocabulary in
//! `data/fact_phrases.json` → `meta`), and never starts like a sentence
//! (`纳入…`, `我局…`, `本部门…`): a title block is anchored at both ends, so
//! `纳入邢台市教育局2021年部门预算编制范围的…` is no title.
//! A coverage printed after the name (`深圳市财政局（本级）`, `…（汇总）`) is not
//! part of the department's name: it is returned apart.

use super::super::vocab::vocab;
use crate::model::{LaidOut, Table};
use regex::Regex;
use std::sync::LazyLock;

/// Most lines a title block spans (`2026 年度` / `福州市医疗保障局` / `部门预算`
/// is three; a fourth absorbs a wrapped name).
pub const MAX_TITLE_LINES: usize = 4;
/// A line longer than this (characters, spaces removed) is not part of a
/// title block.
pub const MAX_TITLE_LINE_CHARS: usize = 40;
/// How many non-empty prose lines count as the cover.
pub const COVER_LINES: usize = 40;

/// What a title block says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TitleBlock {
    pub department: Option<Named>,
    pub year: Option<i32>,
    /// `预算` or `决算`.
    pub kind_word: Option<String>,
}

/// A department name and the coverage printed after it (`本级`, `汇总`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub name: String,
    pub coverage: Option<String>,
}

static SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|\d+[.、])")
        .expect("static regex")
});
static ATTACHMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^附件\d*[:：]?").expect("static regex"));
static CODE_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{3,}\s*(\S+)$").expect("static regex"));
/// A table title that names the department before the year
/// (`上海市普陀区司法局2026年部门预算收支总表`); not anchored at the end.
static TABLE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(.*?)\s*(20\d{2})\s*年度?\s*(?:区级|市级|县级|省级|本级)?\s*(?:部门|单位)?(?:预算|决算)",
    )
    .expect("static regex")
});
/// A line that is only a year (`2026 年度`, `（2026年度）`).
pub static YEAR_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[(（]?\s*(20\d{2})\s*年度?\s*[)）]?$").expect("static regex"));

/// The three title forms, on a compacted line, each anchored at both ends:
/// after the kind word only title words (`公开`, `情况说明`, …) may follow.
struct TitleForms {
    year_first: Regex,
    name_first: Regex,
    no_year: Regex,
}

static FORMS: LazyLock<TitleForms> = LazyLock::new(|| {
    let m = &vocab().meta;
    let mut words: Vec<String> = m
        .title_suffixes
        .iter()
        .map(|w| regex::escape(&normalise(w)))
        .collect();
    // Longest first, so that `公开表` is tried before `公开`.
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let tail = if words.is_empty() {
        String::from("$")
    } else {
        format!("(?:{})*$", words.join("|"))
    };
    let kind = r"(?:部门|单位)?(?:综合)?(预算|决算)";
    let level = r"(?:区级|市级|县级|省级|本级)?";
    let build = |s: String| Regex::new(&s).expect("title regex");
    TitleForms {
        year_first: build(format!(r"^(20\d{{2}})年度?{level}(.+?){kind}{tail}")),
        name_first: build(format!(r"^(.+?)(20\d{{2}})年度?{level}{kind}{tail}")),
        no_year: build(format!(r"^(.+?)(?:部门|单位)(?:综合)?(预算|决算){tail}")),
    }
});

/// Full-width brackets and colons as half-width, whitespace removed.
pub fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            c => c,
        })
        .collect()
}

/// A department name from a raw candidate: section numbers, trailing unit
/// lines and scopes cut off; `None` unless it ends like an institution and
/// reads like a name, not like a sentence.
pub fn clean_name(raw: &str) -> Option<Named> {
    let m = &vocab().meta;
    let mut s = normalise(raw);
    if let Some(x) = SECTION.find(&s) {
        s = s[x.end()..].to_string();
    }
    for cut in ["单位:", "金额单位", "公开日期"] {
        if let Some(i) = s.find(cut).filter(|&i| i > 0) {
            s.truncate(i);
        }
    }
    let mut coverage = None;
    for strip in &m.department_strip {
        let strip = normalise(strip);
        if let Some(r) = s.strip_suffix(strip.as_str()) {
            let word = strip.trim_matches(|c| c == '(' || c == ')');
            if m.coverage_words.iter().any(|w| w == word) {
                coverage = Some(word.to_string());
            }
            s = r.to_string();
        }
    }
    let n = s.chars().count();
    let ok = (3..=40).contains(&n)
        && !s
            .chars()
            .any(|c| c.is_ascii_digit() || "，。；：:,、;".contains(c))
        && m.department_suffixes
            .iter()
            .any(|x| s.ends_with(x.as_str()))
        && !m.unit_words.contains(&s)
        && !m.prose_starts.iter().any(|p| s.starts_with(p.as_str()));
    ok.then_some(Named { name: s, coverage })
}

/// A line that may belong to a title block: short, no sentence marks, no
/// dot leaders (a 目录 entry), no colon (a label).
fn title_like(line: &str) -> bool {
    let s = normalise(line);
    let s = ATTACHMENT.replace(&s, "");
    !s.is_empty()
        && !vocab().contents.headings.iter().any(|h| *h == s)
        && SECTION.find(&s).is_none_or(|m| m.end() != s.len())
        && s.chars().count() <= MAX_TITLE_LINE_CHARS
        && !s.chars().any(|c| "，。；;,、！？!?:…".contains(c))
        && !s.contains("..")
        && !s.contains("··")
}

/// What one compacted candidate title says, if it is a title.
pub fn read_title(joined: &str) -> Option<TitleBlock> {
    let s = normalise(joined);
    let s = ATTACHMENT.replace(&s, "").into_owned();
    let f = &*FORMS;
    let year = |c: &regex::Captures, i: usize| c.get(i).and_then(|m| m.as_str().parse().ok());
    if let Some(c) = f.year_first.captures(&s)
        && let Some(d) = c.get(2).and_then(|m| clean_name(m.as_str()))
    {
        return Some(TitleBlock {
            department: Some(d),
            year: year(&c, 1),
            kind_word: c.get(3).map(|m| m.as_str().to_string()),
        });
    }
    if let Some(c) = f.name_first.captures(&s)
        && let Some(d) = c.get(1).and_then(|m| clean_name(m.as_str()))
    {
        return Some(TitleBlock {
            department: Some(d),
            year: year(&c, 2),
            kind_word: c.get(3).map(|m| m.as_str().to_string()),
        });
    }
    if let Some(c) = f.no_year.captures(&s)
        && let Some(d) = c.get(1).and_then(|m| clean_name(m.as_str()))
    {
        return Some(TitleBlock {
            department: Some(d),
            year: None,
            kind_word: c.get(2).map(|m| m.as_str().to_string()),
        });
    }
    None
}

/// The first title block among `lines` (in order): for each line, the
/// longest run of at most `max_lines` title-like lines ending there that
/// reads as a title, so that a name wrapped over two lines is read whole
/// (`上海市普陀区规划和自然` / `资源局` / `2024年度部门决算`); a shorter run
/// when the longer one does not read as a name. A year printed alone on the
/// line before it is its year.
pub fn title_block(lines: &[&str], max_lines: usize) -> Option<TitleBlock> {
    for end in 0..lines.len() {
        if !title_like(lines[end]) {
            continue;
        }
        let first = end + 1 - max_lines.clamp(1, end + 1);
        let start_min = (first..=end)
            .rev()
            .take_while(|&s| title_like(lines[s]))
            .last()
            .unwrap_or(end);
        for start in start_min..=end {
            let joined: String = lines[start..=end].concat();
            if let Some(mut t) = read_title(&joined) {
                if t.year.is_none()
                    && let Some(prev) = start.checked_sub(1).map(|i| lines[i])
                {
                    t.year = YEAR_LINE
                        .captures(&normalise(prev))
                        .and_then(|c| c.get(1)?.as_str().parse().ok());
                }
                return Some(t);
            }
        }
    }
    None
}

/// A department named by a label: `部门：X`, `部门（单位）：X`, `单位名称：X`
/// anywhere in `text` (captions and headers run lines together:
/// `公开表一部门：江苏省人大常委会办公厅单位：万元`), unless the label is
/// part of a longer one that names someone else (`主管部门：`, `实施单位：`).
/// With `at_piece_start`, a label must begin the text or follow a space
/// (prose lines: never a label inside a sentence).
pub fn labelled(text: &str, at_piece_start: bool) -> Vec<Named> {
    let m = &vocab().meta;
    let mut labels: Vec<String> = m.department_prefixes.iter().map(|l| normalise(l)).collect();
    labels.sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
    let exclusions: Vec<String> = m.label_exclusions.iter().map(|l| normalise(l)).collect();
    // Whitespace runs become one space: a value ends at a gap.
    let spaced: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('：', ":")
        .replace('（', "(")
        .replace('）', ")");
    let colons: Vec<usize> = spaced.match_indices(':').map(|(i, _)| i).collect();
    let mut out = Vec::new();
    for (n, &at) in colons.iter().enumerate() {
        let before = &spaced[..at];
        let before_c = normalise(before);
        let Some(label) = labels.iter().find(|l| before_c.ends_with(l.as_str())) else {
            continue;
        };
        if exclusions.iter().any(|x| before_c.ends_with(x.as_str())) {
            continue;
        }
        if at_piece_start {
            let head = before.trim_end();
            let lead = head.len() - label_len_in(head, label);
            if !head[..lead].trim_end().is_empty() && !head[..lead].ends_with(' ') {
                continue;
            }
        }
        // The value runs to the next colon, minus the label before that colon.
        let end = colons.get(n + 1).copied().unwrap_or(spaced.len());
        let mut value = spaced[at + 1..end].to_string();
        if end < spaced.len() {
            let value_c = normalise(&value);
            if let Some(l) = labels
                .iter()
                .chain(m.trailing_labels.iter())
                .find(|l| value_c.ends_with(normalise(l).as_str()))
            {
                let cut = label_len_in(value.trim_end(), &normalise(l));
                value.truncate(value.trim_end().len() - cut);
            }
        }
        let value = value.trim();
        let first = value.split(' ').next().unwrap_or("");
        if let Some(d) = clean_name(first).or_else(|| clean_name(value)) {
            out.push(d);
        }
    }
    out
}

/// Byte length of `label` (compacted) at the end of `s`, spaces inside it
/// included (`部 门`).
fn label_len_in(s: &str, label: &str) -> usize {
    let want = label.chars().count();
    let mut seen = 0;
    let mut bytes = 0;
    for c in s.chars().rev() {
        if seen == want {
            break;
        }
        bytes += c.len_utf8();
        if !c.is_whitespace() {
            seen += 1;
        }
    }
    bytes
}

/// A label cell followed by its value cell (`部门名称 | 北京市审计局`): `cells`
/// in reading order.
pub fn label_cell(cells: &[&str]) -> Vec<Named> {
    let m = &vocab().meta;
    let labels: Vec<String> = m.cell_labels.iter().map(|l| normalise(l)).collect();
    let cells: Vec<String> = cells
        .iter()
        .map(|c| normalise(c))
        .filter(|c| !c.is_empty())
        .collect();
    let mut out = Vec::new();
    for w in cells.windows(2) {
        let label = w[0].trim_end_matches(':');
        if labels.iter().any(|l| l == label)
            && let Some(d) = clean_name(&w[1])
        {
            out.push(d);
        }
    }
    out
}

/// The unit the other units of a unit table belong to: the one whose 单位编码
/// is a proper prefix of another's, else the one whose name is; a table
/// naming a single unit names it. Several candidates: none.
pub fn unit_column(tables: &[Table]) -> Option<Named> {
    for t in tables {
        let Some(col) = t.columns.iter().find(|c| c.key == "name") else {
            continue;
        };
        let h = normalise(&col.header);
        if !(h.contains("单位") || h.contains("部门")) || h.contains("科目") || h.contains("项目")
        {
            continue;
        }
        let units: Vec<(Option<&str>, Named)> = t
            .rows
            .iter()
            .filter_map(|r| Some((r.unit_code.as_deref(), clean_name(r.name.as_deref()?)?)))
            .collect();
        let by_code: Vec<&Named> = units
            .iter()
            .filter(|(code, _)| {
                code.is_some_and(|c| {
                    units
                        .iter()
                        .any(|(o, _)| o.is_some_and(|o| o.len() > c.len() && o.starts_with(c)))
                })
            })
            .map(|(_, n)| n)
            .collect();
        let by_name: Vec<&Named> = units
            .iter()
            .filter(|(_, n)| {
                units
                    .iter()
                    .any(|(_, o)| o.name.len() > n.name.len() && o.name.starts_with(&n.name))
            })
            .map(|(_, n)| n)
            .collect();
        let mut names: Vec<&str> = units.iter().map(|(_, n)| n.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        let pick = if by_code.len() == 1 {
            Some(by_code[0])
        } else if by_name.len() == 1 {
            Some(by_name[0])
        } else if names.len() == 1 {
            units.first().map(|(_, n)| n)
        } else {
            None
        };
        if let Some(p) = pick {
            return Some(Named {
                name: p.name.clone(),
                coverage: None,
            });
        }
    }
    None
}

/// Among candidates of one tier, the longest (most complete) name, except
/// that a name which is another candidate plus a sub-unit (`…局` + `…中心`)
/// yields to the shorter one.
fn best(cands: &[Named]) -> Option<Named> {
    let mut best: Option<&Named> = None;
    for c in cands {
        let (cn, bn) = (c.name.as_str(), best.map(|b| b.name.as_str()).unwrap_or(""));
        best = match best {
            None => Some(c),
            Some(_) if cn.chars().count() > bn.chars().count() && !cn.starts_with(bn) => Some(c),
            Some(_) if bn.starts_with(cn) && bn != cn => Some(c),
            keep => keep,
        };
    }
    best.cloned()
}

/// The department, tier by tier (see the module doc).
pub fn find(
    cover: &[&str],
    titles: &[&str],
    captions: &[&str],
    laid: &LaidOut,
    tables: &[Table],
) -> Option<Named> {
    // 1. Title block on the cover, a table title, a title block further in.
    if let Some(d) = title_block(cover, MAX_TITLE_LINES).and_then(|t| t.department) {
        return Some(d);
    }
    let from_titles: Vec<Named> = titles
        .iter()
        .filter_map(|t| {
            read_title(t).and_then(|b| b.department).or_else(|| {
                TABLE_TITLE
                    .captures(t)
                    .and_then(|c| clean_name(c.get(1)?.as_str()))
            })
        })
        .collect();
    if let Some(d) = best(&from_titles) {
        return Some(d);
    }
    let prose: Vec<&str> = laid
        .prose
        .iter()
        .map(|l| l.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    // Further in, a title is one line (a run could start at any heading).
    if let Some(d) = title_block(&prose, 1).and_then(|t| t.department) {
        return Some(d);
    }
    // 2. Labelled lines and cells.
    let mut cands: Vec<Named> = Vec::new();
    for c in captions {
        cands.extend(labelled(c, false));
        cands.extend(label_cell(&c.split_whitespace().collect::<Vec<_>>()));
        if let Some(n) = CODE_NAME
            .captures(c.trim())
            .and_then(|x| clean_name(x.get(1)?.as_str()))
        {
            cands.push(n);
        }
    }
    let headers = laid.tables.iter().map(|t| t.columns.clone()).chain(
        tables
            .iter()
            .map(|t| t.columns.iter().map(|c| c.header.clone()).collect()),
    );
    for cols in headers {
        // A title or caption run into the header (`…公开表一部门：X单位：万元/…`).
        for h in &cols {
            for part in h.split('/') {
                cands.extend(labelled(part, false));
            }
        }
        // Label cell and value cell side by side at the top of the header.
        let mut tops: Vec<&str> = cols
            .iter()
            .map(|h| h.split('/').next().unwrap_or(""))
            .collect();
        tops.dedup();
        cands.extend(label_cell(&tops));
    }
    for t in &laid.tables {
        for r in t.rows.iter().take(3) {
            let cells: Vec<&str> = r.cells.iter().map(|c| c.as_str()).collect();
            cands.extend(label_cell(&cells));
        }
    }
    for l in &laid.prose {
        cands.extend(labelled(&l.text, true));
        cands.extend(label_cell(&l.text.split_whitespace().collect::<Vec<_>>()));
        if let Some(n) = CODE_NAME
            .captures(l.text.trim())
            .and_then(|x| clean_name(x.get(1)?.as_str()))
        {
            cands.push(n);
        }
    }
    if let Some(d) = best(&cands) {
        return Some(d);
    }
    // 3. The 单位 column of a unit table.
    unit_column(tables)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Column, Row};

    fn name(n: Option<Named>) -> Option<String> {
        n.map(|n| n.name)
    }

    #[test]
    fn one_line_titles_in_every_order() {
        for (line, dept, year, kind) in [
            (
                "2026年烟台市财政局部门预算",
                "烟台市财政局",
                Some(2026),
                "预算",
            ),
            (
                "西安市科学技术局 2022 年部门综合预算",
                "西安市科学技术局",
                Some(2022),
                "预算",
            ),
            (
                "上海市普陀区财政局2024年度部门决算",
                "上海市普陀区财政局",
                Some(2024),
                "决算",
            ),
            (
                "2025年度厦门市思明区教育局单位预算",
                "厦门市思明区教育局",
                Some(2025),
                "预算",
            ),
            (
                "附件2：北京市审计局2026年度部门预算报表",
                "北京市审计局",
                Some(2026),
                "预算",
            ),
            (
                "南宁市青秀区民政局部门预算公开",
                "南宁市青秀区民政局",
                None,
                "预算",
            ),
        ] {
            let t = read_title(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(name(t.department).as_deref(), Some(dept), "{line}");
            assert_eq!(t.year, year, "{line}");
            assert_eq!(t.kind_word.as_deref(), Some(kind), "{line}");
        }
    }

    #[test]
    fn cover_over_several_lines() {
        let t = title_block(&["2026 年度", "福州市医疗保障局", "部门预算", "目录"], 4).unwrap();
        assert_eq!(name(t.department).as_deref(), Some("福州市医疗保障局"));
        assert_eq!(t.year, Some(2026));
        let t = title_block(&["国家信访局", "2024 年度部门决算", "二〇二五年七月"], 4).unwrap();
        assert_eq!(name(t.department).as_deref(), Some("国家信访局"));
        assert_eq!((t.year, t.kind_word.as_deref()), (Some(2024), Some("决算")));
        let t = title_block(&["重庆市规划和自然资源局", "2026 年部门预算情况说明"], 4).unwrap();
        assert_eq!(
            name(t.department).as_deref(),
            Some("重庆市规划和自然资源局")
        );
    }

    #[test]
    fn title_broken_inside_a_word_and_scope_apart() {
        let t = title_block(&["2026 年深圳市财政局（本级）部门预", "算", "目 录"], 4).unwrap();
        let d = t.department.unwrap();
        assert_eq!(d.name, "深圳市财政局");
        assert_eq!(d.coverage.as_deref(), Some("本级"));
        assert_eq!(t.year, Some(2026));
    }

    #[test]
    fn prose_fragments_are_no_title() {
        for line in [
            "纳入邢台市教育局2021年部门预算编制范围的二级预算单位共 7 个",
            "纳入邢台市教育局2021年部门预算",
            "我局2021年部门预算",
            "本部门2026年部门预算",
            "关于湖州市卫生健康委员会2026年收支预算情况的总体说明",
            "第二部分 2026 年度部门预算表",
            "2026 年度部门预算",
        ] {
            assert_eq!(
                title_block(&[line], 4).and_then(|t| t.department),
                None,
                "{line}"
            );
        }
        // A 目录 entry with dot leaders is no title line.
        assert!(title_block(&["第二部分 国家信访局 2024 年度部门决算表 .....4"], 4).is_none());
    }

    #[test]
    fn name_wrapped_over_lines_is_read_whole() {
        for (lines, dept) in [
            (
                &[
                    "上海市普陀区规划和自然",
                    "资源局",
                    "2024年度部门决算",
                    "目 录",
                ][..],
                "上海市普陀区规划和自然资源局",
            ),
            (
                &["中共上海市普陀区委", "社会工作部2024年度", "部门决算"][..],
                "中共上海市普陀区委社会工作部",
            ),
            // A page number before the title is no part of the name.
            (
                &["—1—", "国家信访局", "2024 年度部门决算"][..],
                "国家信访局",
            ),
        ] {
            let t = title_block(lines, 4).unwrap();
            assert_eq!(name(t.department).as_deref(), Some(dept));
        }
    }

    #[test]
    fn labelled_lines_and_run_together_headers() {
        let n = |t: &str, p: bool| {
            labelled(t, p)
                .into_iter()
                .map(|n| n.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            n(
                "部门：                  江苏省人大常委会办公厅              单位：万元",
                false
            ),
            ["江苏省人大常委会办公厅"]
        );
        assert_eq!(
            n(
                "收支预算总表公开表一部门：江苏省人大常委会办公厅单位：万元",
                false
            ),
            ["江苏省人大常委会办公厅"]
        );
        assert_eq!(
            n("部门（单位）：烟台市财政局    单位：万元", true),
            ["烟台市财政局"]
        );
        assert_eq!(
            n("编制单位：上海市普陀区司法局", true),
            ["上海市普陀区司法局"]
        );
        assert_eq!(n("填报单位：XX区教育局 2021年", false), ["XX区教育局"]);
        // Someone else's label, a unit line, a label inside a sentence.
        assert!(n("主管部门：福州市医疗保障局", false).is_empty());
        assert!(n("实施单位：福州市医疗保障基金中心", false).is_empty());
        assert!(n("金额单位：万元", false).is_empty());
        assert!(n("按照财政部门：上海市财政局的要求", true).is_empty());
    }

    #[test]
    fn label_cell_and_its_value() {
        let n = |c: &[&str]| {
            label_cell(c)
                .into_iter()
                .map(|n| n.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(n(&["", "部门名称", "北京市审计局"]), ["北京市审计局"]);
        assert_eq!(n(&["单位名称：", "灵寿县教育局"]), ["灵寿县教育局"]);
        // A column header followed by another header.
        assert!(n(&["单位名称", "合计", "一般公共预算"]).is_empty());
        // A bare 部门 is no label cell.
        assert!(n(&["部门", "北京市审计局"]).is_empty());
    }

    fn unit_table(rows: &[(Option<&str>, &str)]) -> Table {
        Table {
            id: "t1".into(),
            template: Some("revenue_summary".into()),
            title: None,
            match_score: 1.0,
            pages: vec![1],
            unit: None,
            scale: None,
            empty: false,
            columns: vec![Column {
                key: "name".into(),
                header: "单位名称".into(),
            }],
            rows: rows
                .iter()
                .map(|(code, name)| Row {
                    code: None,
                    name: Some(name.to_string()),
                    side: None,
                    unit_code: code.map(|c| c.to_string()),
                    texts: Vec::new(),
                    values: Vec::new(),
                    unread: Vec::new(),
                    readings: Vec::new(),
                    page: 1,
                })
                .collect(),
            notes: Vec::new(),
        }
    }

    #[test]
    fn unit_column_names_the_parent_unit() {
        let t = unit_table(&[
            (None, "合计"),
            (Some("228"), "烟台市财政局"),
            (Some("228001"), "烟台市财政集中支付中心"),
            (Some("228002"), "烟台市财政预算评审中心"),
        ]);
        assert_eq!(name(unit_column(&[t])).as_deref(), Some("烟台市财政局"));
        let t = unit_table(&[
            (None, "合计"),
            (None, "某县教育局"),
            (None, "某县教育局机关"),
        ]);
        assert_eq!(name(unit_column(&[t])).as_deref(), Some("某县教育局"));
        // Sibling units with no parent row: no department.
        let t = unit_table(&[
            (None, "合计"),
            (None, "福州市医疗保障基金中心"),
            (None, "福州市医疗保障局"),
            (None, "福州市医疗保障数据技术中心"),
        ]);
        assert_eq!(unit_column(&[t]), None);
    }
}
