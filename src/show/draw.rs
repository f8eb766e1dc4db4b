//! SVG of a region of a page as yusuan read it: each chunk of text where it
//! was printed, the ruling lines, and overlays (boxes with a meaning). One
//! picture may stack several panels (a table and the prose that quotes it).
//! Self-contained: the styles are inside the SVG, no font or script needed.

use super::locate::{Bbox, PageLine};
use crate::model::Page;
use std::fmt::Write;

/// Pixels per PDF point in the picture.
const SCALE: f32 = 1.5;
/// Room left around a panel's region, in points.
const PAD: f32 = 6.0;
/// Height of the strip above a panel for column keys and its caption, points.
const HEAD: f32 = 26.0;
/// Height of the legend under the picture, points.
const LEGEND: f32 = 22.0;

/// What an overlay box says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// The cell most likely wrong (the first of the check's blame).
    Blamed,
    /// Other cells the check blames.
    Suspect,
    /// The printed figure the check compares (a total, a prose figure).
    Checked,
    /// Cells a failing sum adds up.
    Component,
    /// An amount printed on a row that no column took, or a cell yusuan
    /// could not read.
    Unplaced,
}

impl Mark {
    pub fn class(self) -> &'static str {
        match self {
            Mark::Blamed => "blamed",
            Mark::Suspect => "suspect",
            Mark::Checked => "checked",
            Mark::Component => "component",
            Mark::Unplaced => "unplaced",
        }
    }
    fn legend(self) -> &'static str {
        match self {
            Mark::Blamed => "most likely wrong",
            Mark::Suspect => "also blamed",
            Mark::Checked => "checked figure",
            Mark::Component => "summed cells",
            Mark::Unplaced => "unplaced / unread",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Overlay {
    pub bbox: Bbox,
    pub mark: Mark,
    /// Drawn above the box (`project = 64840547.00`).
    pub label: Option<String>,
    /// `data-*` attributes for the DOM (row, column, page).
    pub data: Vec<(&'static str, String)>,
    /// The value is not printed here: the box is the column's band on the
    /// row (drawn dashed).
    pub not_printed: bool,
}

/// One region of one page with what to draw over it.
#[derive(Debug, Clone)]
pub struct Panel<'a> {
    pub page: &'a Page,
    pub lines: &'a [PageLine],
    pub region: Bbox,
    pub caption: String,
    /// Column key and the band (x0, x1) its amounts occupy.
    pub keys: Vec<(String, f32, f32)>,
    /// Lines of rows yusuan placed (light stripes).
    pub rows: Vec<Bbox>,
    pub overlays: Vec<Overlay>,
}

/// The report's HTML escaping, without control characters (not allowed
/// in XML, so one in a PDF's text would make the SVG unreadable).
fn esc(s: &str) -> String {
    crate::report::html::esc(&s.chars().filter(|c| !c.is_control()).collect::<String>())
}

const STYLE: &str = "text{font-family:'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei',sans-serif;fill:#222}\
.rule{stroke:#999;stroke-width:0.5}\
.row{fill:#f2f5fa}\
.key{fill:#1a56b0;font-size:7px;font-family:monospace}\
.cap{fill:#555;font-size:8px}\
.lab{font-size:7px;font-weight:bold}\
rect.blamed{fill:rgba(220,30,30,0.18);stroke:#d01818;stroke-width:1.6}\
rect.suspect{fill:rgba(240,140,20,0.15);stroke:#e07800;stroke-width:1}\
rect.checked{fill:rgba(250,210,0,0.22);stroke:#b08a00;stroke-width:1}\
rect.component{fill:rgba(40,110,230,0.15);stroke:#2860d0;stroke-width:0.8}\
rect.unplaced{fill:none;stroke:#8a2be2;stroke-width:0.8;stroke-dasharray:2 1.5}\
rect.np{stroke-dasharray:3 2}\
text.blamed{fill:#d01818}text.suspect{fill:#c06000}text.checked{fill:#806400}text.component{fill:#2860d0}text.unplaced{fill:#8a2be2}";

/// The SVG of `panels`, stacked top to bottom, with a legend of the marks used.
pub fn svg(panels: &[Panel], title: &str) -> String {
    let width = panels
        .iter()
        .map(|p| p.region.x1 - p.region.x0 + 2.0 * PAD)
        .fold(200.0_f32, f32::max);
    let height: f32 = panels
        .iter()
        .map(|p| p.region.bottom - p.region.top + 2.0 * PAD + HEAD)
        .sum::<f32>()
        + LEGEND;
    let mut o = String::new();
    let _ = write!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"yusuan-evidence\" width=\"{:.0}\" height=\"{:.0}\" viewBox=\"0 0 {:.1} {:.1}\"><title>{}</title><style>{STYLE}</style><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>",
        width * SCALE,
        height * SCALE,
        width,
        height,
        esc(title)
    );
    let mut y0 = 0.0;
    let mut used: Vec<Mark> = Vec::new();
    for p in panels {
        let h = p.region.bottom - p.region.top + 2.0 * PAD + HEAD;
        // panel coordinates: page point (x, y) → (x - region.x0 + PAD, y - region.top + PAD + HEAD)
        let dx = PAD - p.region.x0;
        let dy = y0 + PAD + HEAD - p.region.top;
        let _ = write!(
            o,
            "<g class=\"panel\" data-page=\"{}\"><text class=\"cap\" x=\"{PAD}\" y=\"{:.1}\">{}</text>",
            p.page.number,
            y0 + 10.0,
            esc(&p.caption)
        );
        let _ = write!(o, "<g transform=\"translate({dx:.1},{dy:.1})\">");
        for r in &p.rows {
            let _ = write!(
                o,
                "<rect class=\"row\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>",
                p.region.x0,
                r.top,
                p.region.x1 - p.region.x0,
                r.bottom - r.top
            );
        }
        for r in &p.page.rules {
            if !overlaps(p.region, r.x0, r.y0, r.x1, r.y1) {
                continue;
            }
            let _ = write!(
                o,
                "<line class=\"rule\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>",
                r.x0.max(p.region.x0 - PAD),
                r.y0.max(p.region.top - PAD),
                r.x1.min(p.region.x1 + PAD),
                r.y1.min(p.region.bottom + PAD)
            );
        }
        for l in p.lines {
            if l.bbox.bottom < p.region.top || l.bbox.top > p.region.bottom {
                continue;
            }
            for w in &l.words {
                let len = (w.bbox.x1 - w.bbox.x0).max(1.0);
                let _ = write!(
                    o,
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{:.1}\" textLength=\"{len:.1}\" lengthAdjust=\"spacingAndGlyphs\">{}</text>",
                    w.bbox.x0,
                    w.y,
                    w.size,
                    esc(&w.text)
                );
            }
        }
        for (k, x0, x1) in &p.keys {
            let _ = write!(
                o,
                "<text class=\"key\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                (x0 + x1) / 2.0,
                p.region.top - PAD - 2.0,
                esc(k)
            );
        }
        for ov in &p.overlays {
            if !used.contains(&ov.mark) {
                used.push(ov.mark);
            }
            let b = ov.bbox;
            let _ = write!(
                o,
                "<rect class=\"{}{}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"",
                ov.mark.class(),
                if ov.not_printed { " np" } else { "" },
                b.x0 - 1.0,
                b.top - 1.0,
                b.x1 - b.x0 + 2.0,
                b.bottom - b.top + 2.0
            );
            for (k, v) in &ov.data {
                let _ = write!(o, " data-{k}=\"{}\"", esc(v));
            }
            o.push_str("/>");
            if let Some(l) = &ov.label {
                let _ = write!(
                    o,
                    "<text class=\"lab {}\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                    ov.mark.class(),
                    b.x0,
                    b.top - 2.0,
                    esc(l)
                );
            }
        }
        o.push_str("</g></g>");
        y0 += h;
    }
    // legend
    let mut x = PAD;
    let ly = y0 + LEGEND * 0.65;
    for m in used {
        let _ = write!(
            o,
            "<rect class=\"{}\" x=\"{x:.1}\" y=\"{:.1}\" width=\"10\" height=\"7\"/><text class=\"cap\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            m.class(),
            ly - 5.0,
            x + 13.0,
            ly + 1.0,
            m.legend()
        );
        x += 18.0 + 5.0 * m.legend().len() as f32;
    }
    o.push_str("</svg>");
    o
}

fn overlaps(r: Bbox, x0: f32, y0: f32, x1: f32, y1: f32) -> bool {
    x1 >= r.x0 - PAD && x0 <= r.x1 + PAD && y1 >= r.top - PAD && y0 <= r.bottom + PAD
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_marks_carry_their_data() {
        let page = Page {
            number: 3,
            width: 100.0,
            height: 100.0,
            ..Default::default()
        };
        let p = Panel {
            page: &page,
            lines: &[],
            region: Bbox {
                x0: 0.0,
                top: 0.0,
                x1: 100.0,
                bottom: 50.0,
            },
            caption: "a<b".into(),
            keys: vec![],
            rows: vec![],
            overlays: vec![Overlay {
                bbox: Bbox::default(),
                mark: Mark::Blamed,
                label: Some("x & y".into()),
                data: vec![("column", "total".into())],
                not_printed: false,
            }],
        };
        let s = svg(&[p], "t");
        assert!(s.contains("a&lt;b") && s.contains("x &amp; y"));
        assert!(s.contains("class=\"blamed\"") && s.contains("data-column=\"total\""));
        assert!(s.contains("most likely wrong"));
    }
}
