//! Glyphs → lines: cluster baselines (sort by y, one sweep), then order each
//! line left to right.

use super::settings::Settings;
use crate::model::Glyph;

/// One visual line: indices into the page's glyphs, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Baseline of the line's first glyph (top-down).
    pub y: f32,
    /// Largest font size on the line.
    pub size: f32,
    pub x0: f32,
    pub x1: f32,
    pub glyphs: Vec<usize>,
}

impl Line {
    /// Top of the line's text box (baseline minus the font size).
    pub fn top(&self) -> f32 {
        self.y - self.size
    }
}

/// Group the glyphs `idx` (whitespace already dropped) into lines. A glyph
/// joins the current line when its baseline is within
/// `line_baseline_tolerance` em of the line's; duplicate glyphs painted
/// twice for fake bold are dropped.
pub fn glyphs_to_lines(glyphs: &[Glyph], mut idx: Vec<usize>, s: &Settings) -> Vec<Line> {
    idx.retain(|&i| {
        glyphs
            .get(i)
            .is_some_and(|g| !g.ch.is_whitespace() && !g.ch.is_control())
    });
    idx.sort_by(|&a, &b| {
        let (ga, gb) = (&glyphs[a], &glyphs[b]);
        ga.y.total_cmp(&gb.y).then(ga.x.total_cmp(&gb.x))
    });
    let mut lines: Vec<Line> = Vec::new();
    for i in idx {
        let g = &glyphs[i];
        let size = g.size.max(1.0);
        match lines.last_mut() {
            Some(l) if g.y - l.y <= s.line_baseline_tolerance * size.max(l.size) => {
                l.size = l.size.max(size);
                l.glyphs.push(i);
            }
            _ => lines.push(Line {
                y: g.y,
                size,
                x0: g.x,
                x1: g.x + g.width,
                glyphs: vec![i],
            }),
        }
    }
    for l in &mut lines {
        l.glyphs
            .sort_by(|&a, &b| glyphs[a].x.total_cmp(&glyphs[b].x));
        dedupe_fake_bold(glyphs, &mut l.glyphs);
        l.x0 = l.glyphs.first().map_or(l.x0, |&i| glyphs[i].x);
        l.x1 = l
            .glyphs
            .iter()
            .map(|&i| glyphs[i].x + glyphs[i].width)
            .fold(l.x0, f32::max);
    }
    lines
}

/// Some producers fake bold by painting each glyph twice, a fraction of a
/// point apart; keep the first.
fn dedupe_fake_bold(glyphs: &[Glyph], line: &mut Vec<usize>) {
    let mut out: Vec<usize> = Vec::with_capacity(line.len());
    for &i in line.iter() {
        let g = &glyphs[i];
        let dup = out.iter().rev().take(3).any(|&j| {
            let h = &glyphs[j];
            h.ch == g.ch && (h.x - g.x).abs() < 0.3 * g.width.max(0.5) && (h.y - g.y).abs() < 1.0
        });
        if !dup {
            out.push(i);
        }
    }
    *line = out;
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Glyphs for `text` starting at `x` on baseline `y`, each `w` wide.
    pub fn run(text: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut cx = x;
        for ch in text.chars() {
            let w = if ch.is_ascii() { size * 0.5 } else { size };
            out.push(Glyph {
                ch,
                x: cx,
                y,
                width: w,
                size,
                font: 0,
            });
            cx += w;
        }
        out
    }

    #[test]
    fn clusters_baselines_with_jitter() {
        let mut g = run("收入", 10.0, 100.0, 10.0);
        g.extend(run("合计", 60.0, 101.5, 10.0));
        g.extend(run("支出", 10.0, 115.0, 10.0));
        let lines = glyphs_to_lines(&g, (0..g.len()).collect(), &Settings::default());
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].glyphs.len(), 4);
        assert_eq!(lines[1].glyphs.len(), 2);
    }

    #[test]
    fn drops_fake_bold_duplicates() {
        let mut g = run("表", 10.0, 100.0, 10.0);
        g.extend(run("表", 10.2, 100.0, 10.0));
        let lines = glyphs_to_lines(&g, (0..g.len()).collect(), &Settings::default());
        assert_eq!(lines[0].glyphs.len(), 1);
    }
}
