//! Phrases geometric layout recognises (captions, notes, titles), loaded once
//! from `data/layout_geometric.txt` so a new province's wording is a data
//! change.

use crate::table_number;
use std::sync::OnceLock;

/// The phrase lists, by kind.
#[derive(Debug, Default)]
pub struct Vocab {
    pub caption: Vec<String>,
    pub note: Vec<String>,
    pub empty: Vec<String>,
    pub title_end: Vec<String>,
    pub continued: Vec<String>,
    pub body: Vec<String>,
    pub column_numbers: Vec<String>,
    pub header_word: Vec<String>,
    pub total_header: Vec<String>,
    pub figure_unit: Vec<String>,
    pub sentence_mark: Vec<String>,
}

const DATA: &str = include_str!("../../../data/layout_geometric.txt");

/// The compiled-in vocabulary.
pub fn vocab() -> &'static Vocab {
    static V: OnceLock<Vocab> = OnceLock::new();
    V.get_or_init(|| parse(DATA))
}

fn parse(text: &str) -> Vocab {
    let mut v = Vocab::default();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((kind, phrase)) = line.split_once(':') else {
            continue;
        };
        let phrase = phrase.trim().to_string();
        if phrase.is_empty() {
            continue;
        }
        let list = match kind.trim() {
            "caption" => &mut v.caption,
            "note" => &mut v.note,
            "empty" => &mut v.empty,
            "title_end" => &mut v.title_end,
            "continued" => &mut v.continued,
            "body" => &mut v.body,
            "column_numbers" => &mut v.column_numbers,
            "header_word" => &mut v.header_word,
            "total_header" => &mut v.total_header,
            "figure_unit" => &mut v.figure_unit,
            "sentence_mark" => &mut v.sentence_mark,
            _ => continue,
        };
        list.push(phrase);
    }
    v
}

/// The longest bracketed remark a clipped title may end in, bracket
/// included (`（单位：万元`, `（公开05表`): longer open brackets are prose
/// wrapped inside a parenthesis, not a cut remark.
const MAX_CUT_REMARK_CHARS: usize = 8;

/// A title without the bracketed remarks after it and without its table
/// number: `公开05表：财政拨款支出预算表（功能科目）` → `财政拨款支出预算表`.
pub fn title_core(s: &str) -> String {
    let mut core = table_number::strip_table_number(s);
    // a title wider than the print area (Calc clips a merged title cell at
    // the sheet's last column) ends in a bracketed remark cut open:
    // `…预算表（表九`, `…决算总表（单位：万`; the remark goes, as a closed one would
    if let Some(open) = core.rfind(['（', '('])
        && !core[open..].contains(['）', ')'])
        && core[open..].chars().count() <= MAX_CUT_REMARK_CHARS
    {
        core = table_number::strip_table_number(core[..open].trim_end());
    }
    for _ in 0..2 {
        let Some(rest) = core.strip_suffix('）').or_else(|| core.strip_suffix(')')) else {
            break;
        };
        let Some(open) = rest.rfind(['（', '(']) else {
            break;
        };
        core = table_number::strip_table_number(rest[..open].trim_end());
    }
    core
}

/// Text with all whitespace removed, for phrase matching.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

impl Vocab {
    /// `单位：元`, `编制部门：…`: printed between a title and its table.
    pub fn is_caption(&self, line: &str) -> bool {
        if table_number::is_table_number(line) {
            return true;
        }
        let s = squeeze(line);
        // `（单位：万元）`
        let s = s.trim_start_matches(['（', '(', '[', '【']);
        self.caption.iter().any(|p| s.starts_with(p.as_str()))
            && (s.contains('：') || s.contains(':') || s.chars().any(|c| c.is_ascii_digit()))
    }

    /// `注：…`, `备注：此表为空表`, `本部门无…`: printed under a table.
    pub fn is_note(&self, line: &str) -> bool {
        let s = squeeze(line);
        self.note.iter().any(|p| s.starts_with(p.as_str()))
            || self.empty.iter().any(|p| s.contains(p.as_str()))
    }

    /// Does the line start with a note prefix (`注：`, `备注`)?
    pub fn starts_note(&self, line: &str) -> bool {
        let s = squeeze(line);
        self.note.iter().any(|p| s.starts_with(p.as_str()))
    }

    /// Does this line read like a table title (`2026年部门收入预算总表`)?
    /// A bracketed remark after the title (`（按功能分类）`, `（单位：万元）`)
    /// and a table number before or after it (`公开05表：`, `表一`) do not
    /// count; a line that is only a table number is a caption, no title.
    pub fn is_title(&self, line: &str) -> bool {
        let s = self.strip_continued(line.trim());
        if s.contains('。') || table_number::is_table_number(&s) {
            return false;
        }
        let core = squeeze(&title_core(&s));
        let n = core.chars().count();
        (2..=60).contains(&n)
            && squeeze(&s).chars().count() <= 80
            && self.title_end.iter().any(|p| core.ends_with(p.as_str()))
    }

    /// The title without a continuation mark (`…表（续）` → `…表`).
    pub fn strip_continued(&self, s: &str) -> String {
        let mut out = s.trim_end().to_string();
        for p in &self.continued {
            if let Some(rest) = out.strip_suffix(p.as_str()) {
                out = rest.trim_end().to_string();
            }
        }
        out
    }

    /// Is this a continuation title (`…表（续）`)?
    pub fn is_continued(&self, line: &str) -> bool {
        let s = squeeze(line);
        self.continued.iter().any(|p| s.ends_with(p.as_str()))
    }

    /// `合计`, `无`: a first-column cell that starts the body by itself.
    pub fn is_body_marker(&self, cell: &str) -> bool {
        let s = squeeze(cell);
        self.body.contains(&s)
    }

    /// `类`, `款`, `项`: a header cell wherever it is printed.
    pub fn is_header_word(&self, cell: &str) -> bool {
        let s = squeeze(cell);
        self.header_word.contains(&s)
    }

    /// `合计`, `小计`: a header naming a column of totals.
    pub fn is_total_header(&self, cell: &str) -> bool {
        let s = squeeze(cell);
        self.total_header.contains(&s)
    }

    /// `万元，与上年…`, `%。`: a piece starting with the unit of the figure
    /// before it.
    pub fn starts_with_figure_unit(&self, piece: &str) -> bool {
        let s = squeeze(piece);
        self.figure_unit.iter().any(|u| s.starts_with(u.as_str()))
    }

    /// Does the line carry sentence punctuation (`，`, `。`)?
    pub fn has_sentence_mark(&self, line: &str) -> bool {
        self.sentence_mark.iter().any(|m| line.contains(m.as_str()))
    }

    /// `栏次`: first cell of a row numbering the columns.
    pub fn is_column_numbers(&self, cell: &str) -> bool {
        let s = squeeze(cell);
        self.column_numbers.iter().any(|p| squeeze(p) == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_captions_notes_titles() {
        let v = vocab();
        assert!(v.is_caption("单位：元"));
        assert!(v.is_caption("（单位：万元）"));
        assert!(v.is_caption("编制部门：上海市普陀区司法局 单位：元"));
        assert!(!v.is_caption("表示支出"));
        assert!(v.is_note("注:本部门2026年无政府性基金预算，故本表为空表。"));
        assert!(v.is_note("备注：此表为空表"));
        assert!(v.is_title("2026年部门财务收支预算总表"));
        assert!(v.is_title("一、2026年部门收入预算总表（续）"));
        assert!(!v.is_title("本年收入合计"));
        // a remark or unit in brackets after the title, a table number
        // before or after it
        assert!(v.is_title("一般公共预算支出表（按功能分类）"));
        assert!(v.is_title("2021年部门收支总表（单位：万元）"));
        assert!(v.is_title("财政拨款支出预算表（功能科目）（续）"));
        assert!(v.is_title("公开05表：财政拨款支出预算表"));
        assert!(v.is_title("收支预算总表 公开表一"));
        assert!(v.is_title("附件3 2026年部门收入总表"));
        // a number alone is a caption, not a title
        assert!(!v.is_title("公开 01 表"));
        assert!(v.is_caption("公开 01 表"));
        assert!(v.is_caption("表一"));
        assert!(v.is_caption("预算01表"));
        assert!(!v.is_title("（单位：万元）"));
        assert!(v.is_body_marker("合 计"));
    }

    #[test]
    fn a_title_clipped_inside_its_remark_is_a_title() {
        let v = vocab();
        // Calc clips a title wider than the sheet's print area
        assert!(v.is_title("21年部门“三公”经费和机关运行经费预算表（表九"));
        assert!(
            v.is_title("公开04表 合肥市蜀山区科学技术局2023年度财政拨款收入支出决算总表（单位：万")
        );
        assert!(v.is_title(
            "青岛市市南区人力资源和社会保障局2025年政府性基金预算支出表（公开05表）（单"
        ));
        assert_eq!(
            title_core("一般公共预算支出表（按功能"),
            "一般公共预算支出表"
        );
        // a line cut open inside a long parenthesis is prose, not a title
        assert!(!v.is_title("详见一般公共预算支出表（按功能分类科目列示的各项支出"));
    }
}
