//! Helpers every text layout shares: splitting the input into lines with
//! their page, the vocabulary (data/layout_words.json), and the small
//! classifiers that tell a title, a caption, a note or an enumeration apart.

use serde::Deserialize;
use std::sync::OnceLock;

/// Tolerances of the text layouts, in one place.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Tab-bearing lines needed before a text counts as tabular.
    pub min_tab_lines: usize,
    /// Lines that look like a table printed in reading order (several bare
    /// amounts, or an amount alone) needed to hand the text to
    /// `reading_order`.
    pub min_reading_order_lines: usize,
    /// Lines whose space-separated cells line up with a neighbouring
    /// line's (see `aligned::aligned_lines`) needed before a text is read
    /// as space-aligned columns. 5: one small table; a reading-order or
    /// prose text has next to none.
    pub min_aligned_lines: usize,
    /// Header rows a table may have at most.
    pub max_header_rows: usize,
    /// A header cell longer than this (chars) is a sentence, not a header.
    pub max_header_cell_chars: usize,
    /// A title or caption line longer than this (chars) is prose.
    pub max_title_chars: usize,
    /// Non-blank lines above a table searched for its title and captions.
    pub caption_lookback: usize,
    /// A prose line at least this long (chars) that does not end a sentence
    /// is taken to wrap into the next line after a blank line.
    pub wrap_min_chars: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            min_tab_lines: 3,
            min_reading_order_lines: 5,
            min_aligned_lines: 5,
            max_header_rows: 3,
            max_header_cell_chars: 30,
            max_title_chars: 60,
            caption_lookback: 4,
            wrap_min_chars: 30,
        }
    }
}

/// The vocabulary of `data/layout_words.json`.
#[derive(Debug, Deserialize)]
pub struct Words {
    pub row_number_headers: Vec<String>,
    pub column_number_labels: Vec<String>,
    pub caption_prefixes: Vec<String>,
    pub caption_contains: Vec<String>,
    pub note_prefixes: Vec<String>,
    pub note_phrases: Vec<String>,
    pub title_endings: Vec<String>,
    pub total_labels: Vec<String>,
    pub toc_headings: Vec<String>,
    pub sentence_end: String,
    pub continuation_starts: Vec<String>,
}

static WORDS: OnceLock<Option<Words>> = OnceLock::new();
static EMPTY: OnceLock<Words> = OnceLock::new();

/// The vocabulary (parsed on first use; validity is unit-tested, and a
/// broken file degrades to an empty vocabulary rather than a panic).
pub fn words() -> &'static Words {
    let parsed = WORDS
        .get_or_init(|| serde_json::from_str(include_str!("../../../data/layout_words.json")).ok());
    match parsed {
        Some(w) => w,
        None => EMPTY.get_or_init(|| Words {
            row_number_headers: vec![],
            column_number_labels: vec![],
            caption_prefixes: vec![],
            caption_contains: vec![],
            note_prefixes: vec![],
            note_phrases: vec![],
            title_endings: vec![],
            total_labels: vec![],
            toc_headings: vec![],
            sentence_end: String::new(),
            continuation_starts: vec![],
        }),
    }
}

/// One physical line of the input and the page it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub page: u32,
}

/// Split a text into lines: BOM dropped, CRLF/CR line ends accepted, a form
/// feed starts a new page (and a new line, so a page break always shows up
/// as a line boundary).
pub fn split_lines(text: &str) -> Vec<Line> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut page = 1u32;
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let mut pieces = raw.split('\x0c').peekable();
        let mut first = true;
        while let Some(piece) = pieces.next() {
            if !first {
                page += 1;
            }
            // A form feed glued to the start of a line belongs to that line.
            let empty_lead = piece.is_empty() && pieces.peek().is_some();
            if !empty_lead {
                for sub in piece.split('\r') {
                    out.push(Line {
                        text: sub.to_string(),
                        page,
                    });
                }
            }
            first = false;
        }
    }
    out
}

/// A Chinese character (CJK unified ideographs), not punctuation.
pub fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Chinese characters and the CJK punctuation / full-width forms around them.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4e00..=0x9fff | 0x3400..=0x4dbf | 0xf900..=0xfaff | 0x20000..=0x2fa1f
        | 0x3000..=0x303f | 0xff00..=0xffef | 0x2018..=0x201f)
}

/// Trim a label and remove the spaces a wrapped or spaced-out cell left
/// inside Chinese text (`项  目` → `项目`, `工作人员 流动性` → `工作人员流动性`,
/// `2021 年` → `2021年`). Spaces between Latin words stay.
pub fn normalize_label(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let before = start.checked_sub(1).and_then(|j| chars.get(j)).copied();
            let after = chars.get(i).copied();
            let drop = match (before, after) {
                (Some(b), Some(a)) => {
                    let bridge = |x: char| is_cjk(x) || x.is_ascii_digit();
                    bridge(b) && bridge(a) && (is_cjk(b) || is_cjk(a))
                }
                _ => true,
            };
            if !drop {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Join two pieces of one wrapped cell or sentence: no space in Chinese
/// text, one space between two Latin words.
pub fn join_pieces(a: &str, b: &str) -> String {
    let a = a.trim_end();
    let b = b.trim_start();
    if a.is_empty() {
        return b.to_string();
    }
    if b.is_empty() {
        return a.to_string();
    }
    let space = matches!((a.chars().last(), b.chars().next()), (Some(x), Some(y)) if x.is_ascii_alphabetic() && y.is_ascii_alphabetic());
    if space {
        format!("{a} {b}")
    } else {
        format!("{a}{b}")
    }
}

/// Does the line begin with an enumeration (一、 （一） (1) 1. 1、 第一部分 其中：)?
pub fn starts_enumeration(s: &str) -> bool {
    let s = s.trim_start();
    let chars: Vec<char> = s.chars().take(12).collect();
    let numeral = |c: char| {
        c.is_ascii_digit() || "一二三四五六七八九十百零〇".contains(c) || ('０'..='９').contains(&c)
    };
    let Some(&first) = chars.first() else {
        return false;
    };
    if first == '（' || first == '(' {
        let close = chars.iter().position(|&c| c == '）' || c == ')');
        return matches!(close, Some(p) if p > 1 && chars[1..p].iter().all(|&c| numeral(c)));
    }
    if first == '第' {
        return chars.len() > 2 && chars[1..].iter().take_while(|&&c| numeral(c)).count() > 0;
    }
    if s.starts_with("其中") {
        return true;
    }
    if "①②③④⑤⑥⑦⑧⑨⑩".contains(first) {
        return true;
    }
    let n = chars.iter().take_while(|&&c| numeral(c)).count();
    let decimal = chars.get(n + 1).is_some_and(|c| c.is_ascii_digit());
    n > 0 && (chars.get(n) == Some(&'、') || (matches!(chars.get(n), Some('.' | '．')) && !decimal))
}

/// Does the text end a sentence (。 ； ： …), looking through a trailing
/// bracket group (`…经费。（详见附表）`)?
pub fn ends_sentence(s: &str) -> bool {
    let mut t = s.trim_end();
    if let Some(rest) = t.strip_suffix('）').or_else(|| t.strip_suffix(')'))
        && let Some(open) = rest.rfind(['（', '('])
        && !rest[..open].trim_end().is_empty()
    {
        t = rest[..open].trim_end();
    }
    t.chars()
        .last()
        .is_some_and(|c| words().sentence_end.contains(c))
}

/// A note printed under a table (`注：…`, `此表为空表`, `本部门无…`).
pub fn is_note(s: &str) -> bool {
    let t = s.trim();
    let w = words();
    w.note_prefixes.iter().any(|p| t.starts_with(p.as_str()))
        || (t.chars().count() <= 80 && w.note_phrases.iter().any(|p| t.contains(p.as_str())))
}

/// A caption line printed between a title and its table: the unit
/// (`单位：元`), the department (`部门名称：…`), the table number (`表 01`),
/// a parenthesised subtitle (`（部门预算经济分类）`).
pub fn is_caption(s: &str, settings: &Settings) -> bool {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > settings.max_title_chars {
        return false;
    }
    let w = words();
    if w.caption_prefixes.iter().any(|p| t.starts_with(p.as_str()))
        || w.caption_contains.iter().any(|p| t.contains(p.as_str()))
    {
        return true;
    }
    is_table_number(t) || is_parenthesised(t)
}

/// `表 01`, `表1`, `公开 01 表`, `附表3`.
pub fn is_table_number(t: &str) -> bool {
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || "-－一二三四五六七八九十".contains(c))
    };
    let body = compact.strip_prefix("附").unwrap_or(&compact);
    if let Some(rest) = body.strip_prefix('表') {
        return digits(rest);
    }
    let body = compact.strip_prefix("公开").unwrap_or(&compact);
    let body = body.strip_prefix("第").unwrap_or(body);
    body.strip_suffix('表')
        .is_some_and(|d| digits(d.strip_suffix('号').unwrap_or(d)))
}

fn is_parenthesised(t: &str) -> bool {
    (t.starts_with('（') && t.ends_with('）')) || (t.starts_with('(') && t.ends_with(')'))
}

/// A caption cell of a one-cell-per-line layout: a `key：value` pair or a
/// unit's code followed by its name (`473灵寿县医疗保障局`).
pub fn is_caption_cell(s: &str, settings: &Settings) -> bool {
    let t = s.trim();
    if is_caption(t, settings) {
        return true;
    }
    if t.chars().count() <= settings.max_title_chars && (t.contains('：') || t.contains(':')) {
        return true;
    }
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    digits >= 3 && t.chars().nth(digits).is_some_and(is_cjk)
}

/// A table title: short, not a sentence, ending like a title (`…表`,
/// `…情况`, `…预算`), possibly with a parenthesised remark after it.
pub fn is_title(s: &str, settings: &Settings) -> bool {
    let t = s.trim();
    let n = t.chars().count();
    if n < 3 || n > settings.max_title_chars || t.contains('\t') {
        return false;
    }
    if t.ends_with(['。', '，', '；', ',', ';', '：', ':']) {
        return false;
    }
    let mut core = t;
    if is_parenthesised(core) {
        return false;
    }
    if let Some(rest) = core.strip_suffix('）').or_else(|| core.strip_suffix(')'))
        && let Some(open) = rest.rfind(['（', '('])
    {
        core = rest[..open].trim_end();
    }
    words()
        .title_endings
        .iter()
        .any(|e| core.ends_with(e.as_str()))
}

/// A line that heads a table of contents (`目录`).
pub fn is_toc_heading(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    words()
        .toc_headings
        .iter()
        .any(|h| h.chars().filter(|c| !c.is_whitespace()).collect::<String>() == t)
}

/// A cell holding a whole number (row numbers, column numbers).
pub fn is_integer(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit())
}

/// A cell holding a printed number (amount or code).
pub fn is_numeric(s: &str) -> bool {
    crate::amount::is_amount(s)
}

/// Label words that start a row of their own (合计, 其中).
pub fn is_total_label(s: &str) -> bool {
    let t = normalize_label(s);
    words()
        .total_labels
        .iter()
        .any(|w| t.starts_with(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_parses() {
        let parsed: Result<Words, _> =
            serde_json::from_str(include_str!("../../../data/layout_words.json"));
        assert!(parsed.is_ok(), "{parsed:?}");
        assert!(words().row_number_headers.iter().any(|w| w == "序号"));
    }

    #[test]
    fn lines_carry_pages() {
        let lines = split_lines("\u{feff}a\r\nb\x0cc\n\x0cd");
        let got: Vec<(&str, u32)> = lines.iter().map(|l| (l.text.as_str(), l.page)).collect();
        assert_eq!(got, vec![("a", 1), ("b", 1), ("c", 2), ("d", 3)]);
    }

    #[test]
    fn labels_lose_spaces_inside_chinese() {
        assert_eq!(normalize_label("  项  目 "), "项目");
        assert_eq!(normalize_label("工作人员 流动性"), "工作人员流动性");
        assert_eq!(normalize_label("2021 年预算数"), "2021年预算数");
        assert_eq!(normalize_label("\u{3000}\u{3000}资产总额"), "资产总额");
        assert_eq!(normalize_label("DRG system"), "DRG system");
    }

    #[test]
    fn classifies_lines() {
        let s = Settings::default();
        assert!(is_caption("表 01", &s));
        assert!(is_caption("部门名称：区医保分局 单位：元", &s));
        assert!(is_caption("（部门预算经济分类）", &s));
        assert!(!is_caption("2021 年区级部门收支预算总表", &s));
        assert!(is_title("2021 年区级部门收支预算总表", &s));
        assert!(is_title("一般公共预算基本支出表(部门预算经济分类)", &s));
        assert!(is_title("部门机构设置情况", &s));
        assert!(!is_title("本部门共有编制人数 72 人，实有人数 62 人。", &s));
        assert!(is_caption_cell("473灵寿县医疗保障局", &s));
        assert!(is_caption_cell("预算年度：2021", &s));
        assert!(!is_caption_cell("单位名称", &s));
        assert!(is_note("注：无政府基金预算财政拨款预算，空表列示。"));
        assert!(is_table_number("公开 01 表"));
        assert!(starts_enumeration("十、上年结转"));
        assert!(starts_enumeration("（一）收入预算"));
        assert!(starts_enumeration("(二) 支出预算"));
        assert!(starts_enumeration("1.株洲市"));
        assert!(!starts_enumeration("2021 年预算"));
        assert!(!starts_enumeration("1682.24 万元"));
        assert!(ends_sentence("经费。（详见附表）"));
        assert!(!ends_sentence("一般公共预算拨款 1682.24"));
    }
}
