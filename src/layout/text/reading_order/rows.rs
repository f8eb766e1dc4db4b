//! Data lines → segments → rows. A printed line holds one segment, or two
//! when two tables (or the two sides of a 收支 table) share the line. A row
//! is one or more segments: a code line, the unit name wrapped over lines,
//! the item name, then the amounts.

use super::Settings;
use super::tokens::{self, width};
use super::vocab::Vocabulary;
use crate::codes;

/// The cells one printed line contributes to one row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segment {
    /// Joined classification code (`2013699`).
    pub code: Option<String>,
    /// Unit code (`003009`).
    pub unit: Option<String>,
    pub texts: Vec<String>,
    /// Amounts as printed (`2,081.40`, `-`).
    pub amounts: Vec<String>,
    /// The segment opens a new row (code, unit code, enumeration, total).
    pub starts_row: bool,
    /// The segment begins with text (it may continue a wrapped cell).
    pub leads_with_text: bool,
    /// The segment ends with text (its last cell may wrap onto the next line).
    pub ends_with_text: bool,
    /// How many of `texts` were printed before the unit code.
    pub texts_before_unit: usize,
    /// How many of `texts` were printed after the first amount.
    pub texts_after_amounts: usize,
}

impl Segment {
    pub fn is_empty(&self) -> bool {
        self.code.is_none()
            && self.unit.is_none()
            && self.texts.is_empty()
            && self.amounts.is_empty()
    }
    pub fn only_amounts(&self) -> bool {
        self.code.is_none()
            && self.unit.is_none()
            && self.texts.is_empty()
            && !self.amounts.is_empty()
    }
    fn has_label(&self) -> bool {
        self.code.is_some() || self.unit.is_some() || !self.texts.is_empty()
    }
}

/// Split a data line into segments. With `split`, text (or a code) printed
/// after the amounts of a first segment opens a second one; without it,
/// such text stays in the segment (kept before the amounts).
pub fn segment_line(ws: &[String], split: bool, v: &Vocabulary) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut seg = Segment::default();
    let mut trailing_code = false;
    let mut i = 0;
    while i < ws.len() {
        let w = &ws[i];
        let fresh = seg.is_empty();
        if fresh {
            if let Some((code, next)) = code_at(ws, i, true) {
                seg.code = Some(code);
                seg.starts_row = true;
                i = next;
                continue;
            }
            if std::mem::take(&mut trailing_code) {
                seg.code = Some(w.clone());
                seg.starts_row = true;
                i += 1;
                continue;
            }
            if tokens::is_unit_code(w) {
                seg.unit = Some(w.clone());
                seg.starts_row = true;
                i += 1;
                continue;
            }
            if !tokens::is_amount(w) && !tokens::is_placeholder(w) {
                seg.starts_row =
                    tokens::is_enumerated(w) || starts_with_total(w, v) || has_grand_total(w);
                seg.leads_with_text = true;
            }
        } else {
            let after_amounts = !seg.amounts.is_empty();
            let new_label = !tokens::is_amount(w) && !tokens::is_placeholder(w);
            let code_here = seg.has_label() && code_at(ws, i, false).is_some();
            let enum_here = tokens::is_enumerated(w) && seg.has_label();
            // One cell per line, halves side by side: `25,116.09 303` ends
            // with the right half's code, its name on the next line.
            let code_last = after_amounts
                && i + 1 == ws.len()
                && tokens::is_code_head(w)
                && seg.amounts.iter().all(|a| tokens::is_decimal_amount(a));
            if split && code_last {
                trailing_code = true;
                out.push(std::mem::take(&mut seg));
                continue;
            }
            if split && (code_here || enum_here || (after_amounts && new_label)) {
                out.push(std::mem::take(&mut seg));
                continue;
            }
            let unit_here = tokens::is_unit_code(w)
                && (next_is_text(ws, i)
                    || (seg.code.is_some() && seg.texts.is_empty())
                    || i + 1 == ws.len());
            if seg.unit.is_none() && seg.amounts.is_empty() && unit_here {
                seg.unit = Some(w.clone());
                seg.texts_before_unit = seg.texts.len();
                i += 1;
                continue;
            }
            // A second code in the labels (政府预算经济分类 next to 部门预算经济分类):
            // kept, joined, as a text cell where it was printed.
            if let Some((code, next)) =
                code_at(ws, i, false).filter(|_| !after_amounts && code_here)
            {
                seg.texts.push(code);
                seg.ends_with_text = false;
                i = next;
                continue;
            }
        }
        if tokens::is_amount(w)
            || (tokens::is_placeholder(w) && !seg.amounts.is_empty())
            || (tokens::is_placeholder(w) && seg.has_label())
        {
            seg.amounts.push(w.clone());
            seg.ends_with_text = false;
        } else {
            if !seg.amounts.is_empty() {
                seg.texts_after_amounts += 1;
            }
            seg.texts.push(w.clone());
            seg.ends_with_text = true;
        }
        i += 1;
    }
    if !seg.is_empty() {
        out.push(seg);
    }
    out
}

/// A classification code starting at `ws[i]`: a code head and up to two
/// code parts, followed by text, a unit code (or, opening a row, nothing).
/// A number among amounts is not a code. Returns the joined code and the
/// index after it.
fn code_at(ws: &[String], i: usize, fresh: bool) -> Option<(String, usize)> {
    let head = ws.get(i)?;
    if !tokens::is_code_head(head) {
        return None;
    }
    let mut parts = vec![head.as_str()];
    let mut j = i + 1;
    while parts.len() < 3 && ws.get(j).is_some_and(|w| tokens::is_code_part(w)) {
        parts.push(ws[j].as_str());
        j += 1;
    }
    let followed = match ws.get(j) {
        Some(n) => !tokens::is_amount(n) || (tokens::is_unit_code(n) && fresh),
        None => fresh && parts.len() > 1,
    };
    if !followed {
        return None;
    }
    codes::join_parts(&parts).map(|c| (c, j))
}

fn next_is_text(ws: &[String], i: usize) -> bool {
    ws.get(i + 1).is_some_and(|n| !tokens::is_amount(n))
}

fn starts_with_total(w: &str, v: &Vocabulary) -> bool {
    v.total_prefixes.iter().any(|p| w.starts_with(p.as_str()))
}

/// `基本支出总计`, `机关运行经费合计`: a grand-total label never continues a
/// wrapped name.
fn has_grand_total(w: &str) -> bool {
    w.ends_with("合计") || w.ends_with("总计")
}

/// A row being assembled from segments.
#[derive(Debug, Clone, Default)]
pub struct RowAcc {
    pub code: Option<String>,
    pub unit: Option<String>,
    pub texts: Vec<String>,
    pub amounts: Vec<String>,
    /// Index of the data line the row started on (pairs the sides of a
    /// two-sided table).
    pub line: usize,
    pub page: u32,
    /// How many of `texts` were printed before the unit code (a unit name
    /// follows its code; a department name may precede it).
    pub texts_before_unit: usize,
    /// How many text cells were printed after the row's first amount.
    pub texts_after_amounts: usize,
    /// Where the text lines taken after the row's amounts start (index into
    /// `texts`, data line, page): given back as a row of their own if
    /// amounts follow them.
    taken: Option<(usize, usize, u32)>,
    /// Width of the first piece of the last text cell while that cell may
    /// still continue on the next line.
    open: Option<usize>,
}

impl RowAcc {
    pub fn is_empty(&self) -> bool {
        self.code.is_none()
            && self.unit.is_none()
            && self.texts.is_empty()
            && self.amounts.is_empty()
    }
    pub fn complete(&self) -> bool {
        !self.amounts.is_empty()
    }
    /// Would `seg` continue this row's wrapped last cell?
    pub fn continues(&self, seg: &Segment, s: &Settings) -> bool {
        match (self.open, seg.texts.first()) {
            (Some(first), Some(t)) if seg.leads_with_text && !seg.starts_row => {
                width(t) <= first + s.wrap_tolerance
            }
            _ => false,
        }
    }
}

/// Groups segments into rows (one builder per side of a two-part table).
#[derive(Debug, Default)]
pub struct RowBuilder {
    pub rows: Vec<RowAcc>,
    cur: RowAcc,
    /// Text columns the header prints right of the amounts (绩效目标's
    /// 三级指标 / 指标值 after 项目金额): a row's text printed on the lines
    /// after its amounts still fills them.
    trailing_texts: usize,
}

impl RowBuilder {
    /// A builder for a table whose header prints `trailing_texts` text
    /// columns right of its amount columns.
    pub fn with_trailing_texts(trailing_texts: usize) -> Self {
        RowBuilder {
            trailing_texts,
            ..RowBuilder::default()
        }
    }

    /// Does text-only `seg` fill the current row's text columns right of
    /// its amounts? A row opened by its code owns the lines up to the next
    /// code while it has such columns left: its indicator texts wrap over
    /// lines printed after its amounts.
    fn fills_trailing_texts(&self, seg: &Segment) -> bool {
        let cur = &self.cur;
        self.trailing_texts > 0
            && cur.complete()
            && (cur.code.is_some() || cur.unit.is_some())
            && !seg.starts_row
            && seg.amounts.is_empty()
            && !seg.texts.is_empty()
            && cur.texts_after_amounts + seg.texts.len() <= self.trailing_texts
    }

    pub fn current(&self) -> &RowAcc {
        &self.cur
    }

    /// Add one segment printed on data line `line`.
    pub fn push(&mut self, seg: Segment, line: usize, page: u32, s: &Settings) {
        if seg.only_amounts() {
            self.give_back_taken();
        }
        let continues = self.cur.continues(&seg, s);
        let takes = !self.cur.is_empty() && !continues && self.fills_trailing_texts(&seg);
        // Amounts on a line of their own continue the row above: producers
        // that print one cell per line put each amount on its own line.
        let new_row = !self.cur.is_empty()
            && !continues
            && !takes
            && (seg.starts_row || (self.cur.complete() && !seg.only_amounts()));
        if new_row {
            self.flush();
        }
        if takes && self.cur.taken.is_none() {
            self.cur.taken = Some((self.cur.texts.len(), line, page));
        }
        if self.cur.is_empty() {
            self.cur.line = line;
            self.cur.page = page;
        }
        let cur = &mut self.cur;
        if cur.code.is_none() {
            cur.code = seg.code.clone();
        }
        if cur.unit.is_none() {
            if seg.unit.is_some() {
                cur.texts_before_unit = cur.texts.len() + seg.texts_before_unit;
            }
            cur.unit = seg.unit.clone();
        } else if let Some(u) = &seg.unit {
            cur.texts.push(u.clone());
        }
        let n_texts = seg.texts.len();
        let after_amounts = if cur.amounts.is_empty() {
            seg.texts_after_amounts
        } else {
            n_texts.saturating_sub(usize::from(continues))
        };
        cur.texts_after_amounts += after_amounts;
        for (k, t) in seg.texts.into_iter().enumerate() {
            if k == 0 && continues {
                let first = cur.open.unwrap_or(0);
                if let Some(last) = cur.texts.last_mut() {
                    last.push_str(&t);
                }
                // A piece clearly narrower than the first closes the cell: it
                // was the last line of the wrap (a line may break a little
                // early, before punctuation that cannot start a line).
                let closed =
                    width(&t) + s.wrap_end_slack < first || n_texts > 1 || !seg.ends_with_text;
                cur.open = if closed { None } else { Some(first) };
            } else {
                cur.texts.push(t.clone());
                cur.open = Some(width(&t));
            }
        }
        if !seg.ends_with_text || n_texts == 0 {
            cur.open = None;
        }
        cur.amounts.extend(seg.amounts);
    }

    /// Text lines taken after a row's amounts, then amounts: they were a
    /// row of their own (a label printed above its amounts), not the row's
    /// trailing text cells.
    fn give_back_taken(&mut self) {
        let Some((at, line, page)) = self.cur.taken.take() else {
            return;
        };
        let texts = self.cur.texts.split_off(at.min(self.cur.texts.len()));
        self.cur.texts_after_amounts = self.cur.texts_after_amounts.saturating_sub(texts.len());
        self.cur.open = None;
        self.flush();
        self.cur = RowAcc {
            texts,
            line,
            page,
            ..RowAcc::default()
        };
    }

    pub fn flush(&mut self) {
        if !self.cur.is_empty() {
            self.rows.push(std::mem::take(&mut self.cur));
        }
    }

    pub fn finish(mut self) -> Vec<RowAcc> {
        self.flush();
        self.rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::reading_order::{tokens::words, vocab};

    fn seg(line: &str, split: bool) -> Vec<Segment> {
        segment_line(&words(line), split, vocab::get())
    }

    fn build(lines: &[&str]) -> Vec<RowAcc> {
        let s = Settings::default();
        let mut b = RowBuilder::default();
        for (i, l) in lines.iter().enumerate() {
            for sg in seg(l, false) {
                b.push(sg, i, 1, &s);
            }
        }
        b.finish()
    }

    #[test]
    fn side_by_side_split() {
        let s = seg("301 1 基本工资 36.46 303 1          离休费", true);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].code.as_deref(), Some("30101"));
        assert_eq!(s[0].texts, vec!["基本工资"]);
        assert_eq!(s[0].amounts, vec!["36.46"]);
        assert_eq!(s[1].code.as_deref(), Some("30301"));
        assert_eq!(s[1].texts, vec!["离休费"]);
        assert!(s[1].amounts.is_empty());
        let s = seg("301 4 其他社会保障缴费 303 4 抚恤金", true);
        assert_eq!(s.len(), 2);
        let s = seg("一、一般公共预算 2,081.40 一、基本支出 130.84 130.84", true);
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].amounts.len(), 2);
        let s = seg(
            "302 99 其他商品和服务支出 0.44             基本支出总计 130.84",
            true,
        );
        assert_eq!(s[1].texts, vec!["基本支出总计"]);
    }

    #[test]
    fn wrapped_names_join() {
        let rows = build(&[
            "201 36 99 003009",
            "新乡市红旗区医疗保障",
            "局",
            "其他共产党事务支出 0.30 0.30",
            "210 12 02 003009",
            "新乡市红旗区医疗保障",
            "局",
            "财政对城乡居民基本医疗保险基",
            "金的补助",
            "994.00 994.00",
        ]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].code.as_deref(), Some("2013699"));
        assert_eq!(rows[0].unit.as_deref(), Some("003009"));
        assert_eq!(
            rows[0].texts,
            vec!["新乡市红旗区医疗保障局", "其他共产党事务支出"]
        );
        assert_eq!(
            rows[1].texts,
            vec![
                "新乡市红旗区医疗保障局",
                "财政对城乡居民基本医疗保险基金的补助"
            ]
        );
        assert_eq!(rows[1].amounts, vec!["994.00", "994.00"]);
    }

    #[test]
    fn rows_without_amounts_stay_apart() {
        let rows = build(&[
            "302 29 福利费 2.32",
            "302 31 公务用车运行维护费",
            "机关运行经费总计 16.96",
        ]);
        assert_eq!(rows.len(), 3);
        assert!(rows[1].amounts.is_empty());
        assert_eq!(rows[2].texts, vec!["机关运行经费总计"]);
    }

    fn build_trailing(lines: &[&str], trailing: usize) -> Vec<RowAcc> {
        let s = Settings::default();
        let mut b = RowBuilder::with_trailing_texts(trailing);
        for (i, l) in lines.iter().enumerate() {
            for sg in seg(l, false) {
                b.push(sg, i, 1, &s);
            }
        }
        b.finish()
    }

    #[test]
    fn text_after_the_amounts_stays_in_its_coded_row() {
        let lines = [
            "0100012201",
            "校舍维修",
            "改造资金",
            "20.00 20.00",
            "维修校舍面积达到规定",
            "标准",
            "1200平方米 家长满意度 ≥90%",
            "0100012202 教师培训 30.00 30.00 培训人次 500人次 教师满意度 ≥90%",
            "合计 50.00 50.00",
        ];
        let rows = build_trailing(&lines, 4);
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[0].texts,
            vec![
                "校舍维修改造资金",
                "维修校舍面积达到规定标准",
                "1200平方米",
                "家长满意度",
                "≥90%"
            ]
        );
        assert_eq!(rows[0].texts_after_amounts, 4);
        assert_eq!(rows[1].texts_after_amounts, 4);
        assert_eq!(rows[2].texts, vec!["合计"]);
        // Without text columns right of the amounts the text lines after the
        // first row's amounts make a row of their own (as before).
        let rows = build_trailing(&lines, 0);
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[1].texts.len(), 4);
        assert!(rows[1].amounts.is_empty());
    }

    #[test]
    fn text_beyond_the_trailing_columns_opens_a_row() {
        let rows = build_trailing(&["0100012201 项目甲 5.00", "指标甲", "多余文字"], 1);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].texts, vec!["项目甲", "指标甲"]);
        assert_eq!(rows[1].texts, vec!["多余文字"]);
        // Text taken after a row's amounts and followed by amounts was a
        // row of its own.
        let rows = build_trailing(
            &[
                "0100012201 项目甲 5.00",
                "项目乙",
                "3.00",
                "0100012203 项目丙 2.00",
            ],
            2,
        );
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].texts, vec!["项目甲"]);
        assert_eq!(rows[0].texts_after_amounts, 0);
        assert_eq!(
            (rows[1].texts.clone(), rows[1].amounts.clone()),
            (vec!["项目乙".to_string()], vec!["3.00".to_string()])
        );
        assert_eq!(rows[1].line, 1);
        // A row that no code opened keeps no text after its amounts.
        let rows = build_trailing(&["项目甲 5.00", "指标甲"], 1);
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn label_then_amount_line() {
        let rows = build(&[
            "纳入财政专户管理收费结余结转 0.00",
            "单位其他结余结转",
            "0.00",
        ]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].amounts, vec!["0.00"]);
    }
}
