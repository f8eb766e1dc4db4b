//! Table boundaries on one page: the title line above a table (possibly
//! with caption lines such as `单位：元` between), notes below it; what is
//! left is prose. A title at the foot of a page with no table under it is
//! held (`dangling`) for the first table of the next page.

use super::draft::Draft;
use super::settings::Settings;
use super::vocab::vocab;
use super::words::TextLine;
use crate::table_number;

/// A draft table with what was printed around it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Placed {
    pub draft: Draft,
    pub title: Option<String>,
    pub caption: Vec<String>,
    pub notes: Vec<String>,
}

/// Everything on one page, sorted top-down.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageLayout {
    pub page: u32,
    pub tables: Vec<Placed>,
    /// Prose lines (baseline, text).
    pub prose: Vec<(f32, String)>,
    /// A title (and captions) at the foot of the page, with no table below.
    pub dangling: Option<(String, Vec<String>)>,
}

impl PageLayout {
    /// Is there prose above the first table?
    pub fn prose_before_first_table(&self) -> bool {
        match self.tables.first() {
            Some(t) => self.prose.iter().any(|(y, _)| *y < t.draft.top),
            None => !self.prose.is_empty(),
        }
    }
    /// Is there prose (or a dangling title) below the last table?
    pub fn prose_after_last_table(&self) -> bool {
        match self.tables.last() {
            Some(t) => {
                self.dangling.is_some() || self.prose.iter().any(|(y, _)| *y > t.draft.bottom)
            }
            None => true,
        }
    }
}

/// A one-piece line between a title and its table without caption
/// vocabulary (`部门：某局`, `2024年度`) is at most this long; a longer one is
/// the wrapped line of a paragraph.
const MAX_LOOSE_CAPTION_CHARS: usize = 30;

fn overlaps(l: &TextLine, d: &Draft) -> bool {
    l.x1 > d.x0 && l.x0 < d.x1
}

/// A title line's size must exceed the table text's by this factor for the
/// line above it to be read as the title's first half: titles are set
/// larger than tables and prose, so a heading in body type never joins.
const TITLE_SIZE_RATIO: f32 = 1.1;

/// The line just above title line `i` that is the first half of a title
/// broken over two lines (`2026年某局部门一般公共预算` / `支出表`): no gap
/// wider than `s.title_line_gap` em, the same type size as the title and
/// larger than the table's, not itself a title, caption or sentence.
fn broken_title_head(
    lines: &[TextLine],
    used: &[bool],
    i: usize,
    d: &Draft,
    floor: f32,
    s: &Settings,
) -> Option<usize> {
    let v = vocab();
    let t = &lines[i];
    if t.size < d.size * TITLE_SIZE_RATIO {
        return None;
    }
    let j = (0..i)
        .rev()
        .find(|&j| !used[j] && overlaps(&lines[j], d) && lines[j].y < t.y)?;
    let h = &lines[j];
    let same_size = (h.size - t.size).abs() <= 0.05 * t.size;
    let close = t.y - h.y <= s.title_line_gap * t.size;
    let text = h.text.trim();
    // (chunks are no test: `公开 09 表：…` splits where digits meet text)
    let plain = !text.is_empty()
        && !v.is_title(text)
        && !v.is_caption(text)
        && !v.is_note(text)
        && !text.ends_with(['。', '，', '；', '：', ':', ',', ';'])
        && (text.chars().count() + t.text.trim().chars().count()) <= 60;
    (same_size && close && plain && h.y > floor).then_some(j)
}

/// Attach titles, captions and notes to the drafts; the rest is prose.
/// `lines` are the page's free lines (outside grids and blocks), top-down.
pub fn assemble(page: u32, lines: &[TextLine], mut drafts: Vec<Draft>, s: &Settings) -> PageLayout {
    let v = vocab();
    drafts.sort_by(|a, b| a.top.total_cmp(&b.top).then(a.x0.total_cmp(&b.x0)));
    let mut used = vec![false; lines.len()];
    let mut tables = Vec::with_capacity(drafts.len());
    for (k, d) in drafts.iter().enumerate() {
        // the lowest bottom of an earlier table above this one bounds the search
        let floor = drafts[..k]
            .iter()
            .filter(|p| p.x1 > d.x0 && p.x0 < d.x1 && p.bottom <= d.top)
            .map(|p| p.bottom)
            .fold(f32::NEG_INFINITY, f32::max);
        let mut placed = Placed {
            draft: d.clone(),
            ..Placed::default()
        };
        let mut edge = d.top;
        // other lines between the title and the grid (header lines printed
        // above the ruling, `项目 预算数 …`; a department line without
        // vocabulary): skipped on the way up, kept as captions if a title is
        // found above them
        let mut skipped: Vec<usize> = Vec::new();
        let mut taken: Vec<usize> = Vec::new();
        let mut title_lines: Vec<usize> = Vec::new();
        for i in (0..lines.len()).rev() {
            let l = &lines[i];
            if used[i] || !overlaps(l, d) || l.y > d.top + 0.5 * d.size || l.y <= floor {
                continue;
            }
            if edge - l.y > s.max_title_gap * l.size {
                break;
            }
            if v.is_title(&l.text) {
                let mut title = l.text.clone();
                taken.push(i);
                title_lines.push(i);
                // a title broken over two lines: the line above, in the
                // title's own (larger than the table's) type, right above it
                if let Some(j) = broken_title_head(lines, &used, i, d, floor, s) {
                    let mut head = lines[j].text.trim().to_string();
                    super::words::push_piece(&mut head, title.trim());
                    title = head;
                    taken.push(j);
                    title_lines.push(j);
                }
                // a table number on the line above the title (`表03`)
                let top = taken
                    .iter()
                    .map(|&j| lines[j].top())
                    .fold(l.top(), f32::min);
                if let Some(j) = (0..i).rev().find(|&j| {
                    !used[j] && !taken.contains(&j) && overlaps(&lines[j], d) && lines[j].y < top
                }) && table_number::is_table_number(&lines[j].text)
                    && top - lines[j].y <= s.title_line_gap * lines[j].size.max(l.size)
                    && lines[j].y > floor
                {
                    taken.push(j);
                }
                placed.title = Some(title);
                break;
            } else if v.is_caption(&l.text) {
                taken.push(i);
            } else if skipped.len() < 3
                && !l.text.contains('。')
                && (l.chunks.len() >= 2 || l.text.chars().count() <= MAX_LOOSE_CAPTION_CHARS)
            {
                skipped.push(i);
            } else {
                break;
            }
            edge = l.top();
        }
        if placed.title.is_some() {
            taken.extend(skipped);
        } else {
            taken.retain(|&i| v.is_caption(&lines[i].text));
        }
        taken.sort_unstable();
        for i in taken {
            used[i] = true;
            if !title_lines.contains(&i) {
                placed.caption.push(lines[i].text.clone());
            }
        }
        let ceiling = drafts[k + 1..]
            .iter()
            .filter(|n| n.x1 > d.x0 && n.x0 < d.x1)
            .map(|n| n.top)
            .fold(f32::INFINITY, f32::min);
        let mut edge = d.bottom;
        for i in 0..lines.len() {
            let l = &lines[i];
            if used[i] || !overlaps(l, d) || l.y < d.bottom || l.y >= ceiling {
                continue;
            }
            if l.top() - edge > s.max_note_gap * l.size {
                break;
            }
            let open_note = placed.notes.last().is_some_and(|n| !n.ends_with('。'));
            // a line mentioning 空表 inside an unfinished note continues it
            if v.is_note(&l.text) && (!open_note || v.starts_note(&l.text)) {
                placed.notes.push(l.text.clone());
            } else if !placed.notes.is_empty() && !v.is_title(&l.text) && !v.is_caption(&l.text) {
                if let Some(last) = placed.notes.last_mut() {
                    last.push_str(&l.text);
                }
            } else {
                break;
            }
            used[i] = true;
            edge = l.y;
        }
        placed.notes.extend(d.notes.iter().cloned());
        if placed.title.is_none() {
            placed.title = d.title.clone();
        }
        placed.caption.extend(d.caption.iter().cloned());
        tables.push(placed);
    }
    let mut prose: Vec<(f32, String)> = lines
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(l, _)| (l.y, l.text.clone()))
        .collect();
    // A title with only captions after it at the foot of the page.
    let last_bottom = tables
        .iter()
        .map(|t| t.draft.bottom)
        .fold(f32::NEG_INFINITY, f32::max);
    let mut dangling = None;
    if let Some(pos) = prose
        .iter()
        .rposition(|(y, t)| *y > last_bottom && v.is_title(t))
        && prose[pos + 1..].iter().all(|(_, t)| v.is_caption(t))
    {
        let tail: Vec<(f32, String)> = prose.drain(pos..).collect();
        let mut it = tail.into_iter().map(|(_, t)| t);
        if let Some(title) = it.next() {
            dangling = Some((title, it.collect()));
        }
    }
    PageLayout {
        page,
        tables,
        prose,
        dangling,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(y: f32, x0: f32, text: &str) -> TextLine {
        TextLine {
            y,
            size: 10.0,
            x0,
            x1: x0 + 10.0 * text.chars().count() as f32,
            text: text.into(),
            chunks: vec![],
        }
    }

    fn draft(top: f32, bottom: f32) -> Draft {
        Draft {
            page: 1,
            x0: 0.0,
            x1: 500.0,
            top,
            bottom,
            size: 10.0,
            ..Draft::default()
        }
    }

    #[test]
    fn every_line_between_title_and_table_is_caption() {
        let lines = vec![
            line(20.0, 0.0, "说明文字。"),
            line(60.0, 100.0, "2026年部门收入预算总表"),
            line(75.0, 0.0, "部门：某局"),
            line(88.0, 400.0, "（单位：万元）"),
        ];
        let p = assemble(1, &lines, vec![draft(95.0, 200.0)], &Settings::default());
        let t = &p.tables[0];
        assert_eq!(t.title.as_deref(), Some("2026年部门收入预算总表"));
        assert_eq!(t.caption, vec!["部门：某局", "（单位：万元）"]);
        // without a title above, a loose line stays prose
        let lines = vec![line(20.0, 0.0, "说明文字"), line(88.0, 0.0, "某某局")];
        let p = assemble(1, &lines, vec![draft(95.0, 200.0)], &Settings::default());
        assert!(p.tables[0].caption.is_empty());
        assert_eq!(p.prose.len(), 2);
    }

    fn sized(y: f32, x0: f32, size: f32, text: &str) -> TextLine {
        TextLine {
            size,
            ..line(y, x0, text)
        }
    }

    #[test]
    fn title_broken_over_two_lines_and_table_number_line() {
        let lines = vec![
            line(5.0, 0.0, "（三）支出情况"),
            line(18.0, 400.0, "表03"),
            sized(40.0, 100.0, 16.0, "2026年湖州市某局部门一般公共"),
            sized(60.0, 100.0, 16.0, "预算支出表"),
            line(75.0, 400.0, "公开 05 表"),
            line(88.0, 400.0, "单位：万元"),
        ];
        let p = assemble(1, &lines, vec![draft(95.0, 200.0)], &Settings::default());
        let t = &p.tables[0];
        assert_eq!(
            t.title.as_deref(),
            Some("2026年湖州市某局部门一般公共预算支出表")
        );
        assert_eq!(t.caption, vec!["表03", "公开 05 表", "单位：万元"]);
        assert_eq!(p.prose.len(), 1);
        // a heading in body type above a one-line title stays prose
        let lines = vec![
            line(40.0, 100.0, "部门预算公开"),
            sized(60.0, 100.0, 16.0, "收入支出决算总表"),
            line(75.0, 400.0, "公开01表"),
            line(88.0, 400.0, "部门：国家信访局 金额单位：万元"),
        ];
        let p = assemble(1, &lines, vec![draft(95.0, 200.0)], &Settings::default());
        let t = &p.tables[0];
        assert_eq!(t.title.as_deref(), Some("收入支出决算总表"));
        assert_eq!(
            t.caption,
            vec!["公开01表", "部门：国家信访局 金额单位：万元"]
        );
        assert_eq!(p.prose.len(), 1);
    }

    #[test]
    fn title_caption_notes_and_prose() {
        let lines = vec![
            line(20.0, 0.0, "一、部门概况"),
            line(60.0, 100.0, "2026年部门收入预算总表"),
            line(80.0, 0.0, "编制部门：某局 单位：元"),
            line(215.0, 0.0, "注：本部门无政府性基金预算，"),
            line(228.0, 0.0, "故本表为空表。"),
            line(300.0, 0.0, "其他说明文字"),
            line(700.0, 100.0, "2026年部门支出预算总表"),
            line(715.0, 0.0, "单位：元"),
        ];
        let p = assemble(1, &lines, vec![draft(90.0, 200.0)], &Settings::default());
        let t = &p.tables[0];
        assert_eq!(t.title.as_deref(), Some("2026年部门收入预算总表"));
        assert_eq!(t.caption, vec!["编制部门：某局 单位：元"]);
        assert_eq!(t.notes, vec!["注：本部门无政府性基金预算，故本表为空表。"]);
        let prose: Vec<&str> = p.prose.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(prose, vec!["一、部门概况", "其他说明文字"]);
        assert_eq!(
            p.dangling,
            Some(("2026年部门支出预算总表".into(), vec!["单位：元".into()]))
        );
    }
}
