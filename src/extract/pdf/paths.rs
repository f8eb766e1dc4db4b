//! Ruling lines from path painting: the segments a table grid is drawn
//! with.
//!
//! Producers draw cell borders three ways, all handled:
//! - stroked lines (`m … l … S`),
//! - stroked rectangles (`re S`): their four edges,
//! - thin filled rectangles (`re f` with one side at most
//!   [`RuleSettings::thin_fill_max`]): the centre line.
//!
//! Larger filled rectangles (shaded header cells) contribute their edges,
//! except page-filling backgrounds (both sides at least
//! [`RuleSettings::background_fraction`] of the page), which would only
//! frame the page. Curves and slanted lines are ignored.

use super::geometry::PageGeom;
use crate::model::Rule;

/// Tolerances for turning paths into rules.
#[derive(Debug, Clone, Copy)]
pub struct RuleSettings {
    /// A segment counts as horizontal/vertical when it deviates at most
    /// this much (points) across its direction.
    pub axis_tolerance: f32,
    /// A filled rectangle no thicker than this is a line.
    pub thin_fill_max: f32,
    /// Filled rectangles covering at least this fraction of the page width
    /// and height are backgrounds, not cells.
    pub background_fraction: f32,
    /// Segments shorter than this are dots, not rules.
    pub min_length: f32,
    /// Parallel rules this close (across their direction) are one line
    /// (a border drawn as a stroke and again as a cell fill's edge).
    pub merge_snap: f32,
    /// Collinear rules with a gap at most this long are joined (Word draws
    /// a border as one segment per cell, with sub-point joints).
    pub merge_join: f32,
    /// A colour at least this light (gray level, each RGB component, or
    /// one minus each CMYK component) is the paper's: paths painted with it
    /// draw no rule. Default 0.95: white and near-white fills behind cell
    /// text are invisible, light-gray header shading (≤ 0.9) is not.
    pub paper_min: f32,
}

pub const RULE_SETTINGS: RuleSettings = RuleSettings {
    axis_tolerance: 1.0,
    thin_fill_max: 3.0,
    background_fraction: 0.9,
    min_length: 0.5,
    merge_snap: 0.5,
    merge_join: 1.0,
    paper_min: 0.95,
};

#[derive(Debug, Clone, Copy)]
struct Pt {
    x: f32,
    y: f32,
    /// Joined to the previous point by a straight line (false after a
    /// curve, or at a subpath start).
    line: bool,
}

#[derive(Debug, Default, Clone)]
struct SubPath {
    pts: Vec<Pt>,
    closed: bool,
}

/// The path under construction, in displayed page coordinates.
#[derive(Debug, Default)]
pub struct PathBuilder {
    subs: Vec<SubPath>,
}

/// Cap on points in one path (a crafted path cannot exhaust memory).
const MAX_POINTS: usize = 1 << 20;

impl PathBuilder {
    fn points(&self) -> usize {
        self.subs.iter().map(|s| s.pts.len()).sum()
    }

    pub fn move_to(&mut self, x: f32, y: f32) {
        if self.subs.len() >= MAX_POINTS {
            return;
        }
        self.subs.push(SubPath {
            pts: vec![Pt { x, y, line: false }],
            closed: false,
        });
    }

    fn push(&mut self, x: f32, y: f32, line: bool) {
        match self.subs.last_mut() {
            Some(s) if !s.closed && s.pts.len() < MAX_POINTS => s.pts.push(Pt { x, y, line }),
            Some(s) if s.closed => {
                // Drawing after `h` starts a new subpath at the start point.
                let start = s.pts.first().copied().unwrap_or(Pt { x, y, line: false });
                self.subs.push(SubPath {
                    pts: vec![
                        Pt {
                            line: false,
                            ..start
                        },
                        Pt { x, y, line },
                    ],
                    closed: false,
                });
            }
            Some(_) => {}
            None => self.move_to(x, y),
        }
    }

    pub fn line_to(&mut self, x: f32, y: f32) {
        self.push(x, y, true);
    }

    /// A curve: only its end point matters (curves are never rules).
    pub fn curve_to(&mut self, x: f32, y: f32) {
        self.push(x, y, false);
    }

    pub fn close(&mut self) {
        if let Some(s) = self.subs.last_mut() {
            s.closed = true;
        }
    }

    /// `re`: four corners already on the page (so rotation is applied).
    pub fn rect(&mut self, corners: [(f32, f32); 4]) {
        if self.points() >= MAX_POINTS {
            return;
        }
        let pts = corners
            .iter()
            .enumerate()
            .map(|(i, &(x, y))| Pt { x, y, line: i > 0 })
            .collect();
        self.subs.push(SubPath { pts, closed: true });
    }

    pub fn clear(&mut self) {
        self.subs.clear();
    }

    /// Bounding box `[x0, y0, x1, y1]` of all points (curve end points
    /// included), or `None` for an empty path.
    pub fn bbox(&self) -> Option<[f32; 4]> {
        let mut pts = self.subs.iter().flat_map(|s| s.pts.iter());
        let first = pts.next()?;
        let mut b = [first.x, first.y, first.x, first.y];
        for p in pts {
            b = [b[0].min(p.x), b[1].min(p.y), b[2].max(p.x), b[3].max(p.y)];
        }
        Some(b)
    }

    /// Paint the path: append its rules to `out` and clear it.
    pub fn paint(
        &mut self,
        stroke: bool,
        fill: bool,
        page: (f32, f32),
        clip: Option<[f32; 4]>,
        out: &mut Vec<Rule>,
    ) {
        let s = &RULE_SETTINGS;
        let before = out.len();
        for sub in &self.subs {
            if stroke {
                for w in sub.pts.windows(2) {
                    if w[1].line {
                        push_rule(w[0].x, w[0].y, w[1].x, w[1].y, out);
                    }
                }
                if sub.closed
                    && let (Some(first), Some(last)) = (sub.pts.first(), sub.pts.last())
                    && sub.pts.len() > 2
                {
                    push_rule(last.x, last.y, first.x, first.y, out);
                }
            } else if fill && let Some((x0, y0, x1, y1)) = as_rect(&sub.pts) {
                let (w, h) = (x1 - x0, y1 - y0);
                if w.min(h) <= s.thin_fill_max {
                    if w >= h {
                        let y = (y0 + y1) / 2.0;
                        push_rule(x0, y, x1, y, out);
                    } else {
                        let x = (x0 + x1) / 2.0;
                        push_rule(x, y0, x, y1, out);
                    }
                } else if !(w >= page.0 * s.background_fraction
                    && h >= page.1 * s.background_fraction)
                {
                    push_rule(x0, y0, x1, y0, out);
                    push_rule(x0, y1, x1, y1, out);
                    push_rule(x0, y0, x0, y1, out);
                    push_rule(x1, y0, x1, y1, out);
                }
            }
        }
        if let Some(c) = clip {
            clip_rules(out, before, c);
        }
        self.subs.clear();
    }
}

/// Cut the rules from `from` on to the clip box (grown by the axis
/// tolerance, as borders are often drawn exactly on the clip edge); rules
/// left empty are dropped.
fn clip_rules(out: &mut Vec<Rule>, from: usize, c: [f32; 4]) {
    let m = RULE_SETTINGS.axis_tolerance;
    let (cx0, cy0, cx1, cy1) = (c[0] - m, c[1] - m, c[2] + m, c[3] + m);
    let mut i = from;
    while i < out.len() {
        let r = &mut out[i];
        let keep = r.x1 >= cx0 && r.x0 <= cx1 && r.y1 >= cy0 && r.y0 <= cy1;
        if keep {
            r.x0 = r.x0.max(cx0);
            r.x1 = r.x1.min(cx1);
            r.y0 = r.y0.max(cy0);
            r.y1 = r.y1.min(cy1);
        }
        if keep && (r.x1 - r.x0).max(r.y1 - r.y0) >= RULE_SETTINGS.min_length {
            i += 1;
        } else {
            out.swap_remove(i);
        }
    }
}

/// The bounding box of an axis-aligned rectangle given as 4 corners (a
/// fifth repeating the first is allowed), all joined by lines.
fn as_rect(pts: &[Pt]) -> Option<(f32, f32, f32, f32)> {
    let tol = RULE_SETTINGS.axis_tolerance;
    let pts = match pts {
        [a, b, c, d, e] if (a.x - e.x).abs() <= tol && (a.y - e.y).abs() <= tol => &pts[..4],
        [_, _, _, _] => pts,
        _ => return None,
    };
    if pts.iter().skip(1).any(|p| !p.line) {
        return None;
    }
    for i in 0..4 {
        let (p, q) = (pts[i], pts[(i + 1) % 4]);
        if (p.x - q.x).abs() > tol && (p.y - q.y).abs() > tol {
            return None;
        }
    }
    let x0 = pts.iter().map(|p| p.x).fold(f32::INFINITY, f32::min);
    let x1 = pts.iter().map(|p| p.x).fold(f32::NEG_INFINITY, f32::max);
    let y0 = pts.iter().map(|p| p.y).fold(f32::INFINITY, f32::min);
    let y1 = pts.iter().map(|p| p.y).fold(f32::NEG_INFINITY, f32::max);
    Some((x0, y0, x1, y1))
}

/// A horizontal or vertical segment as a normalised rule; slanted and
/// tiny segments are dropped.
fn push_rule(xa: f32, ya: f32, xb: f32, yb: f32, out: &mut Vec<Rule>) {
    let s = &RULE_SETTINGS;
    if ![xa, ya, xb, yb].iter().all(|v| v.is_finite()) {
        return;
    }
    let (dx, dy) = ((xb - xa).abs(), (yb - ya).abs());
    if dy <= s.axis_tolerance && dx >= s.min_length {
        let y = (ya + yb) / 2.0;
        out.push(Rule {
            x0: xa.min(xb),
            y0: y,
            x1: xa.max(xb),
            y1: y,
        });
    } else if dx <= s.axis_tolerance && dy >= s.min_length {
        let x = (xa + xb) / 2.0;
        out.push(Rule {
            x0: x,
            y0: ya.min(yb),
            x1: x,
            y1: ya.max(yb),
        });
    }
}

/// Clip rules to the page, drop those outside, then merge: parallel
/// rules within [`RuleSettings::merge_snap`] of each other and collinear
/// pieces with gaps up to [`RuleSettings::merge_join`] become one rule.
/// The output is sorted: horizontal rules top-down, then vertical ones
/// left to right.
pub fn finish(rules: &mut Vec<Rule>, geom: &PageGeom) {
    let (w, h) = geom.size();
    rules.retain_mut(|r| {
        if r.x1 < 0.0 || r.y1 < 0.0 || r.x0 > w || r.y0 > h {
            return false;
        }
        r.x0 = r.x0.max(0.0);
        r.y0 = r.y0.max(0.0);
        r.x1 = r.x1.min(w);
        r.y1 = r.y1.min(h);
        true
    });
    // (across, from, to) per direction.
    let mut horiz: Vec<(f32, f32, f32)> = Vec::new();
    let mut vert: Vec<(f32, f32, f32)> = Vec::new();
    for r in rules.iter() {
        if r.y1 - r.y0 <= r.x1 - r.x0 {
            horiz.push(((r.y0 + r.y1) / 2.0, r.x0, r.x1));
        } else {
            vert.push(((r.x0 + r.x1) / 2.0, r.y0, r.y1));
        }
    }
    rules.clear();
    for (across, from, to) in merge(horiz) {
        rules.push(Rule {
            x0: from,
            y0: across,
            x1: to,
            y1: across,
        });
    }
    for (across, from, to) in merge(vert) {
        rules.push(Rule {
            x0: across,
            y0: from,
            x1: across,
            y1: to,
        });
    }
}

/// Merge `(across, from, to)` segments of one direction: cluster by
/// `across` (snap), then join overlapping or nearly touching spans. A
/// merged segment sits at the mean `across` of its cluster.
fn merge(mut segs: Vec<(f32, f32, f32)>) -> Vec<(f32, f32, f32)> {
    let s = &RULE_SETTINGS;
    segs.retain(|c| c.0.is_finite() && c.1.is_finite() && c.2.is_finite());
    segs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        let start = segs[i].0;
        let mut j = i + 1;
        while j < segs.len() && segs[j].0 - start <= s.merge_snap {
            j += 1;
        }
        let cluster = &mut segs[i..j];
        let across = cluster.iter().map(|c| c.0).sum::<f32>() / cluster.len() as f32;
        cluster.sort_by(|a, b| a.1.total_cmp(&b.1));
        let mut cur = (cluster[0].1, cluster[0].2);
        for c in cluster.iter().skip(1) {
            if c.1 <= cur.1 + s.merge_join {
                cur.1 = cur.1.max(c.2);
            } else {
                out.push((across, cur.0, cur.1));
                cur = (c.1, c.2);
            }
        }
        out.push((across, cur.0, cur.1));
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corners(x0: f32, y0: f32, w: f32, h: f32) -> [(f32, f32); 4] {
        [(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)]
    }

    #[test]
    fn stroked_rect_gives_four_edges() {
        let mut p = PathBuilder::default();
        let mut out = Vec::new();
        p.rect(corners(10.0, 10.0, 100.0, 20.0));
        p.paint(true, false, (600.0, 800.0), None, &mut out);
        assert_eq!(out.len(), 4);
        assert_eq!(out.iter().filter(|r| r.is_horizontal()).count(), 2);
        assert_eq!(out.iter().filter(|r| r.is_vertical()).count(), 2);
    }

    #[test]
    fn thin_filled_rect_is_a_line_and_background_is_skipped() {
        let mut p = PathBuilder::default();
        let mut out = Vec::new();
        p.rect(corners(10.0, 50.0, 200.0, 0.5));
        p.rect(corners(0.0, 0.0, 600.0, 800.0));
        p.paint(false, true, (600.0, 800.0), None, &mut out);
        assert_eq!(
            out,
            vec![Rule {
                x0: 10.0,
                y0: 50.25,
                x1: 210.0,
                y1: 50.25
            }]
        );
    }

    #[test]
    fn lines_curves_and_slants() {
        let mut p = PathBuilder::default();
        let mut out = Vec::new();
        p.move_to(0.0, 0.0);
        p.line_to(100.0, 0.2);
        p.curve_to(100.0, 100.0);
        p.line_to(50.0, 150.0);
        p.line_to(50.0, 300.0);
        p.paint(true, false, (600.0, 800.0), None, &mut out);
        assert_eq!(out.len(), 2);
        assert!(out[0].is_horizontal() && out[1].is_vertical());
        assert_eq!(
            out[1],
            Rule {
                x0: 50.0,
                y0: 150.0,
                x1: 50.0,
                y1: 300.0
            }
        );
    }
}

#[cfg(test)]
mod clip_tests {
    use super::*;

    #[test]
    fn rules_are_cut_to_the_clip_box() {
        let mut p = PathBuilder::default();
        let mut out = Vec::new();
        p.move_to(0.0, 100.0);
        p.line_to(500.0, 100.0);
        p.move_to(0.0, 300.0);
        p.line_to(500.0, 300.0);
        p.paint(
            true,
            false,
            (600.0, 800.0),
            Some([50.0, 50.0, 400.0, 200.0]),
            &mut out,
        );
        assert_eq!(
            out,
            vec![Rule {
                x0: 49.0,
                y0: 100.0,
                x1: 401.0,
                y1: 100.0
            }]
        );
    }
}

#[cfg(test)]
mod merge_tests {
    use super::*;

    #[test]
    fn pieces_and_near_duplicates_merge() {
        let geom = PageGeom {
            x0: 0.0,
            y0: 0.0,
            x1: 600.0,
            y1: 800.0,
            rotate: 0,
        };
        let h = |y: f32, a: f32, b: f32| Rule {
            x0: a,
            y0: y,
            x1: b,
            y1: y,
        };
        let mut rules = vec![
            h(100.0, 10.0, 50.0),
            h(100.2, 50.5, 90.0),   // joint gap 0.5, 0.2 lower
            h(100.0, 200.0, 300.0), // separate span
            h(300.0, 10.0, 90.0),
            Rule {
                x0: 10.0,
                y0: 100.0,
                x1: 10.0,
                y1: 300.0,
            },
            Rule {
                x0: 10.3,
                y0: 100.0,
                x1: 10.3,
                y1: 300.0,
            },
        ];
        finish(&mut rules, &geom);
        assert_eq!(rules.len(), 4, "{rules:?}");
        assert!(
            (rules[0].y0 - 100.066_67).abs() < 0.01 && rules[0].x0 == 10.0 && rules[0].x1 == 90.0
        );
        assert_eq!((rules[1].x0, rules[1].x1), (200.0, 300.0));
        assert_eq!(rules[2].y0, 300.0);
        assert!(rules[3].is_vertical() && (rules[3].x0 - 10.15).abs() < 0.01);
    }
}
