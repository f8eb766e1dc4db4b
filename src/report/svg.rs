//! Small inline SVG charts: stacked horizontal bars of check statuses and
//! a plain bar chart. No scripts, no external fonts.

use super::html::esc;
use super::summary::StatusCounts;

pub const COLORS: [(&str, &str); 4] = [
    ("pass", "#2e7d32"),
    ("rounding", "#f9a825"),
    ("fail", "#c62828"),
    ("skip", "#9e9e9e"),
];

/// One stacked bar per label: pass / rounding / fail / skip.
pub fn stacked_status_bars(rows: &[(String, StatusCounts)]) -> String {
    let bar_w = 420.0;
    let label_w = 250.0;
    let row_h = 22.0;
    let h = row_h * rows.len() as f64 + 28.0;
    let mut s = format!(
        r#"<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img">"#,
        w = label_w + bar_w + 80.0
    );
    for (i, (label, c)) in rows.iter().enumerate() {
        let y = i as f64 * row_h;
        let total = (c.pass + c.rounding + c.fail + c.skip).max(1) as f64;
        s.push_str(&format!(
            r#"<text x="{}" y="{}" text-anchor="end" class="lbl">{}</text>"#,
            label_w - 6.0,
            y + 15.0,
            esc(label)
        ));
        let mut x = label_w;
        for ((name, color), n) in COLORS.iter().zip([c.pass, c.rounding, c.fail, c.skip]) {
            if n == 0 {
                continue;
            }
            let w = bar_w * n as f64 / total;
            s.push_str(&format!(
                r#"<rect x="{x:.1}" y="{:.1}" width="{w:.1}" height="{:.1}" fill="{color}"><title>{}: {n} {name}</title></rect>"#,
                y + 3.0,
                row_h - 6.0,
                esc(label)
            ));
            x += w;
        }
        s.push_str(&format!(
            r#"<text x="{:.1}" y="{}" class="num">{}</text>"#,
            label_w + bar_w + 6.0,
            y + 15.0,
            c.fail
        ));
    }
    let y = row_h * rows.len() as f64 + 18.0;
    let mut x = label_w;
    for (name, color) in COLORS {
        s.push_str(&format!(
            r#"<rect x="{x}" y="{}" width="10" height="10" fill="{color}"/><text x="{}" y="{y}" class="lbl">{name}</text>"#,
            y - 9.0,
            x + 14.0
        ));
        x += 90.0;
    }
    s.push_str("</svg>");
    s
}

/// Vertical bars with a count above each.
pub fn bars(rows: &[(String, usize)]) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f64;
    let col_w = 70.0;
    let h = 160.0;
    let mut s = format!(
        r#"<svg class="chart" viewBox="0 0 {w} {hh}" width="{w}" height="{hh}" role="img">"#,
        w = col_w * rows.len() as f64 + 10.0,
        hh = h + 40.0
    );
    for (i, (label, n)) in rows.iter().enumerate() {
        let bh = (h - 20.0) * *n as f64 / max;
        let x = 10.0 + i as f64 * col_w;
        s.push_str(&format!(
            r##"<rect x="{x}" y="{:.1}" width="{:.1}" height="{bh:.1}" fill="#1565c0"/><text x="{:.1}" y="{:.1}" text-anchor="middle" class="num">{n}</text><text x="{:.1}" y="{}" text-anchor="middle" class="lbl">{}</text>"##,
            h - bh,
            col_w - 16.0,
            x + (col_w - 16.0) / 2.0,
            h - bh - 4.0,
            x + (col_w - 16.0) / 2.0,
            h + 16.0,
            esc(label)
        ));
    }
    s.push_str("</svg>");
    s
}
