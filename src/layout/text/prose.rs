//! Prose lines: Markdown-like markers stripped, sentences broken over a blank
//! line (or a page break) joined again, so a figure and its unit
//! (`1682.24` / `万元`) end up on one line. Also the event source for the
//! prose family, which may carry Markdown pipe tables.

use super::assemble::Event;
use super::common::{Line, Settings, ends_sentence, join_pieces, starts_enumeration, words};
use super::grid::GridRow;
use super::tsv::{pipe_cells, toc_entry};
use crate::model::ProseLine;

/// The text of a line without its Markdown markers (`# `, `- `, `* `, `> `).
/// Returns the text and whether a list or heading marker was there.
pub fn strip_markers(raw: &str) -> (String, bool) {
    let mut t = raw.trim();
    let mut marked = false;
    let hashes = t.chars().take_while(|&c| c == '#').count();
    if hashes > 0 && t[hashes..].starts_with(' ') {
        t = t[hashes..].trim_start();
        marked = true;
    }
    for m in ["- ", "* ", "+ ", "> ", "• "] {
        if let Some(rest) = t.strip_prefix(m) {
            t = rest.trim_start();
            marked = true;
            break;
        }
    }
    (t.to_string(), marked)
}

/// Clean a run of prose lines (blank lines have empty text) into
/// `ProseLine`s. A line joins the one above when a blank line or a page
/// break came between them, the one above does not end a sentence, the new
/// one does not start an item of its own (marker, enumeration), and either
/// the one above is as long as a wrapped line or the new one starts with a
/// unit or punctuation.
pub fn clean(lines: &[Line], settings: &Settings) -> Vec<ProseLine> {
    let mut out: Vec<ProseLine> = Vec::new();
    let mut gap = false;
    let mut last_page = 0u32;
    for line in lines {
        let (text, marked) = strip_markers(&line.text);
        if text.is_empty() {
            gap = true;
            continue;
        }
        let broke = gap || (last_page != 0 && line.page != last_page);
        last_page = line.page;
        gap = false;
        if broke && !marked && !starts_enumeration(&text) && !starts_with_label(&text) {
            if let Some(prev) = out.last_mut() {
                let continues = words()
                    .continuation_starts
                    .iter()
                    .any(|w| text.starts_with(w.as_str()));
                let long = prev.text.chars().count() >= settings.wrap_min_chars;
                if !ends_sentence(&prev.text) && (continues || long) {
                    prev.text = join_pieces(&prev.text, &text);
                    continue;
                }
            }
        }
        out.push(ProseLine {
            page: line.page,
            text,
        });
    }
    out
}

/// A paragraph led by a label (`绩效目标：…`, `部门职责：`) starts anew.
fn starts_with_label(text: &str) -> bool {
    text.chars().take(8).any(|c| c == '：' || c == ':')
}

/// Events of a prose text: lines, blanks, and Markdown pipe tables
/// (`| a | b |`, with `|---|` ending the header).
pub fn events(lines: &[Line]) -> Vec<Event> {
    let mut out = Vec::new();
    for line in lines {
        if line.text.trim().is_empty() {
            out.push(Event::Blank(line.page));
            continue;
        }
        match pipe_cells(&line.text) {
            Some(cells) if cells.iter().all(|c| is_separator_cell(c)) => out.push(Event::HeaderEnd),
            Some(cells) => match toc_entry(&cells) {
                Some(text) => out.push(Event::Text(Line {
                    text,
                    page: line.page,
                })),
                None => out.push(Event::Row(GridRow {
                    cells,
                    page: line.page,
                    after_break: false,
                })),
            },
            None => out.push(Event::Text(line.clone())),
        }
    }
    out
}

fn is_separator_cell(c: &str) -> bool {
    let t = c.trim();
    t.contains("---") && t.chars().all(|c| matches!(c, '-' | ':' | ' '))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::common::split_lines;

    fn texts(s: &str) -> Vec<String> {
        clean(&split_lines(s), &Settings::default())
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn markers_go_enumerations_stay() {
        assert_eq!(
            texts("# 目 录\n\n- 一、部门职能职责\n - (一) 收入预算\n- （一）拟订全市医疗保险"),
            vec![
                "目 录",
                "一、部门职能职责",
                "(一) 收入预算",
                "（一）拟订全市医疗保险"
            ]
        );
    }

    #[test]
    fn figure_and_unit_join_over_a_blank_line() {
        let got = texts(
            "（一）收入预算：2021 年年初预算数 1682.24 万元，其中，一般公共预算拨款 1682.24\n\n万元，上年结转 0 万元。\n\n（二）支出预算",
        );
        assert_eq!(
            got,
            vec![
                "（一）收入预算：2021 年年初预算数 1682.24 万元，其中，一般公共预算拨款 1682.24万元，上年结转 0 万元。",
                "（二）支出预算"
            ]
        );
    }

    #[test]
    fn headings_and_finished_sentences_stay_apart() {
        let got = texts(
            "目 录\n\n第一部分 部门预算公开说明\n\n二、机构设置\n\n本部门共有编制人数 72 人。\n\n三、部门预算单位构成",
        );
        assert_eq!(got.len(), 5);
        let got = texts(
            "这是一个很长的句子，说明了本部门的预算情况和支出结构。（详见附表）\n\n（一）收入预算",
        );
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn long_wrapped_line_joins_its_rest() {
        let got = texts(
            "（十二）与市卫生健康委的有关职责分工。市卫生健康委、市医保局等部门在医疗、医\n\n保、医药等方面加强制度衔接。",
        );
        assert_eq!(
            got,
            vec![
                "（十二）与市卫生健康委的有关职责分工。市卫生健康委、市医保局等部门在医疗、医保、医药等方面加强制度衔接。"
            ]
        );
    }

    #[test]
    fn pipe_tables_become_rows() {
        let ev = events(&split_lines("| 项目 | 金额 |\n|---|---|\n| 合计 | 1.00 |"));
        assert!(matches!(ev[1], Event::HeaderEnd));
        assert!(matches!(&ev[2], Event::Row(r) if r.cells == vec!["合计", "1.00"]));
    }
}
