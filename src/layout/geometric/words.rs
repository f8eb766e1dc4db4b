//! Lines → chunks (runs of glyphs without a wide gap) and text: no space is
//! ever put inside Chinese text; a space only separates two Latin/digit runs
//! with a real gap between them.

use super::lines::Line;
use super::settings::Settings;
use crate::model::Glyph;

/// A run of glyphs on one line with no gap wider than `chunk_gap`.
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub size: f32,
    /// Separated from the previous chunk by a wide gap (`chunk_gap`), not
    /// only by a change from digits to Chinese.
    pub wide_before: bool,
    /// Gaps inside the chunk wider than `header_break_gap` em: where it
    /// may be two cells' texts set closer than `chunk_gap` (two children's
    /// headers `一般公共预算 政府性基金预` in adjacent narrow cells).
    pub breaks: Vec<InnerBreak>,
}

/// A gap inside a chunk: it runs from `x0` to `x1`, and the text after it
/// starts at byte `at` of the chunk's text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InnerBreak {
    pub x0: f32,
    pub x1: f32,
    pub at: usize,
}

impl Chunk {
    pub fn center(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
}

/// Characters that take a space between them when a gap separates them.
fn latin(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '%' | '.' | ',' | ')' | '(' | '-' | '+' | '/')
}

/// Append `piece` to `out`, with one space when both sides are Latin/digit.
pub fn push_piece(out: &mut String, piece: &str) {
    if let (Some(a), Some(b)) = (out.chars().last(), piece.chars().next())
        && latin(a)
        && latin(b)
        && (a.is_ascii_alphanumeric() || b.is_ascii_alphanumeric())
    {
        out.push(' ');
    }
    out.push_str(piece);
}

/// Text of glyphs already ordered left to right on one line.
pub fn glyph_text(glyphs: &[Glyph], idx: &[usize], s: &Settings) -> String {
    let mut out = String::new();
    let mut prev: Option<&Glyph> = None;
    for g in idx.iter().filter_map(|&i| glyphs.get(i)) {
        if let Some(p) = prev {
            let gap = g.x - (p.x + p.width);
            if gap > s.word_space_gap * g.size.max(1.0) && latin(p.ch) && latin(g.ch) {
                out.push(' ');
            }
        }
        out.push(g.ch);
        prev = Some(g);
    }
    out
}

/// A dash printed in an amount cell for zero or nothing.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '—' | '–' | '－')
}

/// A character an amount cell ends with: a digit or a zero dash.
fn amountish(c: char) -> bool {
    c.is_ascii_digit() || is_dash(c)
}

/// Do these glyphs end in an amount with its decimals (`1,712.46`,
/// `-128.10`): digits, one point, at least one digit after it, and nothing
/// but digits, separators and a sign before it?
fn ends_in_decimals(glyphs: &[Glyph], part: &[usize]) -> bool {
    let text: String = part
        .iter()
        .filter_map(|&i| glyphs.get(i))
        .map(|g| g.ch)
        .collect();
    let Some((int, frac)) = text.rsplit_once('.') else {
        return false;
    };
    !frac.is_empty()
        && frac.chars().all(|c| c.is_ascii_digit())
        && int.chars().any(|c| c.is_ascii_digit())
        && int
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '-'))
}

/// Chinese numerals an enumerated row name starts with (`一、`, `十二、`).
const ENUMERATOR_DIGITS: &str = "一二三四五六七八九十";

/// Do the glyphs `part` form a whole amount that no code could be, given
/// the glyphs `rest` after them: a zero (`0`, `0.00`, a dash), a figure
/// grouped with commas, or any run of digits when `rest` starts with an
/// enumerated name (`一、`, `十二、`: codes are followed by plain names).
/// A code and its name printed in one cell a word space apart
/// (`2010101 行政运行`) stay one chunk.
fn amount_not_code(glyphs: &[Glyph], part: &[usize], rest: &[usize]) -> bool {
    let text: String = part
        .iter()
        .filter_map(|&i| glyphs.get(i))
        .map(|g| g.ch)
        .collect();
    let figure = !text.is_empty()
        && text.chars().any(amountish)
        && text.chars().all(|c| amountish(c) || matches!(c, ',' | '.'));
    if !figure {
        return false;
    }
    let zero = text.chars().all(|c| matches!(c, '0' | '.') || is_dash(c));
    let next: String = rest
        .iter()
        .take(4)
        .filter_map(|&i| glyphs.get(i))
        .map(|g| g.ch)
        .collect();
    let enumerated = next
        .split_once('、')
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| ENUMERATOR_DIGITS.contains(c)));
    zero || text.contains(',') || enumerated
}

/// Split a line into chunks at gaps wider than `chunk_gap` em.
pub fn chunks(line: &Line, glyphs: &[Glyph], s: &Settings) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut wide_before = false;
    let ids = &line.glyphs;
    for k in 0..=ids.len() {
        let mut wide = false;
        let split = match (ids.get(k.wrapping_sub(1)), ids.get(k)) {
            (Some(&a), Some(&b)) if k > 0 => {
                let (p, g) = (&glyphs[a], &glyphs[b]);
                let gap = g.x - (p.x + p.width);
                let em = g.size.max(p.size).max(1.0);
                // an amount ending where the next cell's text begins
                // (or a dash printed for zero: `- 二、公共安全支出`)
                let script_change = amountish(p.ch) != amountish(g.ch)
                    && (p.ch.is_ascii() != g.ch.is_ascii() || is_dash(p.ch) || is_dash(g.ch));
                wide = gap > s.chunk_gap * em;
                // an amount with its decimals printed is complete: a word
                // space after it starts the next cell (`385.51 303`, the
                // next half's code; `9,817.87 一、…` in a narrow padding);
                // so does a word space between two runs of digits
                // (`4206537 303`: disclosures group thousands with commas)
                // (both end in a digit: the text is read only then)
                let after_decimals = p.ch.is_ascii_digit()
                    && gap > s.word_space_gap * em
                    && (g.ch.is_ascii_digit() || ends_in_decimals(glyphs, &ids[start..k]));
                // a whole amount that is no code (a zero, a comma-grouped
                // figure, or any figure before an enumerated name `一、`)
                // a word space before the next cell's Chinese: Calc pads
                // a right-aligned `0` and the next left-aligned name by
                // a quarter em (`0 二、社会保障和就业支出`)
                let amount_before_name = script_change
                    && !g.ch.is_ascii()
                    && gap > s.word_space_gap * em
                    && amount_not_code(glyphs, &ids[start..k], &ids[k..]);
                wide || after_decimals
                    || amount_before_name
                    || (script_change && gap > s.script_change_gap * em)
            }
            _ => k == ids.len(),
        };
        if split && k > start {
            let part = &ids[start..k];
            let x0 = glyphs[part[0]].x;
            let x1 = part
                .iter()
                .map(|&i| glyphs[i].x + glyphs[i].width)
                .fold(x0, f32::max);
            out.push(Chunk {
                text: glyph_text(glyphs, part, s),
                x0,
                x1,
                y: line.y,
                size: line.size,
                wide_before,
                breaks: inner_breaks(glyphs, part, s),
            });
            start = k;
            wide_before = wide;
        }
    }
    out
}

/// The gaps inside one chunk's glyphs wider than `header_break_gap` em.
fn inner_breaks(glyphs: &[Glyph], part: &[usize], s: &Settings) -> Vec<InnerBreak> {
    let mut out = Vec::new();
    for j in 1..part.len() {
        let (p, g) = (&glyphs[part[j - 1]], &glyphs[part[j]]);
        let gap = g.x - (p.x + p.width);
        if gap > s.header_break_gap * g.size.max(p.size).max(1.0) {
            // the text of the glyphs before the gap is a prefix of the
            // chunk's text (a space is only ever put before a glyph)
            let at = glyph_text(glyphs, &part[..j], s).len();
            out.push(InnerBreak {
                x0: p.x + p.width,
                x1: g.x,
                at,
            });
        }
    }
    out
}

/// The line's text.
pub fn line_text(line: &Line, glyphs: &[Glyph], s: &Settings) -> String {
    chunks_text(&chunks(line, glyphs, s))
}

/// Chunks apart by a wide gap are separate items and get one space; a
/// narrow split (digits meeting Chinese) gets none.
fn chunks_text(chunks: &[Chunk]) -> String {
    let mut out = String::new();
    for c in chunks {
        if c.wide_before {
            out.push(' ');
            out.push_str(&c.text);
        } else {
            push_piece(&mut out, &c.text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::lines::glyphs_to_lines;
    use super::super::lines::tests::run;
    use super::*;

    #[test]
    fn chinese_gets_no_space_latin_gets_one() {
        let s = Settings::default();
        let mut g = run("一般公共", 0.0, 10.0, 10.0);
        // a small gap inside Chinese text: no space
        g.extend(run("预算", 43.0, 10.0, 10.0));
        // Latin runs with a word gap: a space
        g.extend(run("GDP", 66.0, 10.0, 10.0));
        g.extend(run("2024", 84.0, 10.0, 10.0));
        let lines = glyphs_to_lines(&g, (0..g.len()).collect(), &s);
        assert_eq!(line_text(&lines[0], &g, &s), "一般公共预算GDP 2024");
    }

    #[test]
    fn a_word_space_after_decimals_ends_the_cell() {
        let s = Settings::default();
        // 0.27 em after the amount: the next half's code, then 0.2 em before
        // a name in the next cell
        let mut g = run("385.51", 0.0, 10.0, 10.0);
        g.extend(run("303", 32.7, 10.0, 10.0));
        g.extend(run("9.50", 200.0, 10.0, 10.0));
        g.extend(run("一、支出", 242.0, 10.0, 10.0));
        let lines = glyphs_to_lines(&g, (0..g.len()).collect(), &s);
        let c: Vec<String> = chunks(&lines[0], &g, &s)
            .into_iter()
            .map(|c| c.text)
            .collect();
        assert_eq!(c, ["385.51", "303", "9.50", "一、支出"]);
        // a dash for zero before the next cell's name
        let mut g = run("-", 0.0, 10.0, 10.0);
        g.extend(run("二、支出", 9.0, 10.0, 10.0));
        let lines = glyphs_to_lines(&g, (0..g.len()).collect(), &s);
        assert_eq!(chunks(&lines[0], &g, &s).len(), 2);
        // a zero a word space (0.23 em) before the next cell's name; so is
        // a figure before an enumerated name
        for amount in ["0", "2,657", "2657"] {
            let mut g = run(amount, 0.0, 10.0, 10.0);
            let x = amount.len() as f32 * 5.0 + 2.3;
            g.extend(run("二、社会保障和就业支出", x, 10.0, 10.0));
            let lines = glyphs_to_lines(&g, (0..g.len()).collect(), &s);
            let c: Vec<String> = chunks(&lines[0], &g, &s)
                .into_iter()
                .map(|c| c.text)
                .collect();
            assert_eq!(c, [amount, "二、社会保障和就业支出"]);
        }
        // a code and its name in one cell a word space apart stay one
        let mut g = run("2010101", 0.0, 10.0, 10.0);
        g.extend(run("行政运行", 37.3, 10.0, 10.0));
        let lines = glyphs_to_lines(&g, (0..g.len()).collect(), &s);
        assert_eq!(chunks(&lines[0], &g, &s).len(), 1);
        // two runs of digits a word space apart are two cells
        let mut g = run("4206537", 0.0, 10.0, 10.0);
        g.extend(run("303", 37.5, 10.0, 10.0));
        let lines = glyphs_to_lines(&g, (0..g.len()).collect(), &s);
        assert_eq!(chunks(&lines[0], &g, &s).len(), 2);
        // digits closer than a word space stay one chunk
        let mut g = run("30101", 0.0, 10.0, 10.0);
        g.extend(run("2024", 26.0, 10.0, 10.0));
        let lines = glyphs_to_lines(&g, (0..g.len()).collect(), &s);
        assert_eq!(chunks(&lines[0], &g, &s).len(), 1);
    }

    #[test]
    fn gaps_inside_a_chunk_are_kept_as_breaks() {
        let s = Settings::default();
        // two headers 0.6 em apart: one chunk, one break where the second
        // starts; touching Chinese glyphs make none
        let mut g = run("一般公共预算", 0.0, 10.0, 10.0);
        g.extend(run("政府性基金预", 66.0, 10.0, 10.0));
        let lines = glyphs_to_lines(&g, (0..g.len()).collect(), &s);
        let c = chunks(&lines[0], &g, &s);
        assert_eq!(c.len(), 1);
        let at = "一般公共预算".len();
        assert_eq!(
            c[0].breaks,
            [InnerBreak {
                x0: 60.0,
                x1: 66.0,
                at
            }]
        );
        assert_eq!(&c[0].text[at..], "政府性基金预");
        // a character grid keeps no break: its chunk_gap is the limit
        let grid = Settings {
            chunk_gap: 0.7,
            header_break_gap: 0.7,
            ..Settings::default()
        };
        let lines = glyphs_to_lines(&g, (0..g.len()).collect(), &grid);
        let c = chunks(&lines[0], &g, &grid);
        assert_eq!(c.len(), 1);
        assert!(c[0].breaks.is_empty());
    }

    #[test]
    fn wide_gaps_split_chunks() {
        let s = Settings::default();
        let mut g = run("行政运行", 0.0, 10.0, 10.0);
        g.extend(run("16726725.44", 200.0, 10.0, 10.0));
        let lines = glyphs_to_lines(&g, (0..g.len()).collect(), &s);
        let c = chunks(&lines[0], &g, &s);
        assert_eq!(c.len(), 2);
        assert_eq!(c[1].text, "16726725.44");
        assert_eq!(line_text(&lines[0], &g, &s), "行政运行 16726725.44");
    }
}

/// A line as later steps see it: position, text and chunks.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub y: f32,
    pub size: f32,
    pub x0: f32,
    pub x1: f32,
    pub text: String,
    pub chunks: Vec<Chunk>,
}

impl TextLine {
    pub fn top(&self) -> f32 {
        self.y - self.size
    }
    pub fn from_line(line: &Line, glyphs: &[Glyph], s: &Settings) -> TextLine {
        let chunks = chunks(line, glyphs, s);
        let text = chunks_text(&chunks);
        TextLine {
            y: line.y,
            size: line.size,
            x0: line.x0,
            x1: line.x1,
            text,
            chunks,
        }
    }
}
