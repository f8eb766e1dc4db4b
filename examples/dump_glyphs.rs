//! Print a PDF page's glyphs grouped into lines: `y  x  text`, and its
//! rules. Usage: `cargo run --example dump_glyphs -- FILE.pdf [PAGE] [--rules] [--glyphs]`
//! (PAGE is 1-based; all pages when omitted).

use std::io::Write;
use yusuan::extract::extract_pages;

/// `println!` that ends the program quietly when stdout is closed (piped
/// into `head`).
macro_rules! outln {
    ($($t:tt)*) => {
        if writeln!(std::io::stdout().lock(), $($t)*).is_err() {
            std::process::exit(0);
        }
    };
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: dump_glyphs FILE.pdf [PAGE] [--rules] [--glyphs]");
        std::process::exit(2);
    };
    let page_no: Option<u32> = args.get(1).and_then(|a| a.parse().ok());
    let show_rules = args.iter().any(|a| a == "--rules");
    let show_glyphs = args.iter().any(|a| a == "--glyphs");
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let pages = match extract_pages(&bytes) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1)
        }
    };
    for page in pages
        .iter()
        .filter(|p| page_no.is_none_or(|n| n == p.number))
    {
        outln!(
            "=== page {} ({:.1} x {:.1}) glyphs {} rules {}",
            page.number,
            page.width,
            page.height,
            page.glyphs.len(),
            page.rules.len()
        );
        let mut glyphs: Vec<_> = page.glyphs.iter().collect();
        glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
        // Lines: glyphs whose baselines are within 2pt of the line's first.
        let mut line: Vec<&yusuan::model::Glyph> = Vec::new();
        let flush = |line: &mut Vec<&yusuan::model::Glyph>| {
            if line.is_empty() {
                return;
            }
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut text = String::new();
            let mut prev_end: Option<f32> = None;
            for g in line.iter() {
                if let Some(e) = prev_end
                    && g.x - e > g.size * 0.8
                {
                    text.push_str("  ");
                }
                text.push(g.ch);
                prev_end = Some(g.x + g.width);
            }
            outln!("{:7.1} {:7.1}  {}", line[0].y, line[0].x, text);
            line.clear();
        };
        for g in glyphs {
            if line.first().is_some_and(|f| (g.y - f.y).abs() > 2.0) {
                flush(&mut line);
            }
            line.push(g);
        }
        flush(&mut line);
        if show_glyphs {
            for g in &page.glyphs {
                outln!(
                    "  {:?} x={:.2} y={:.2} w={:.2} size={:.2} font={}",
                    g.ch,
                    g.x,
                    g.y,
                    g.width,
                    g.size,
                    g.font
                );
            }
        }
        if show_rules {
            for r in &page.rules {
                outln!("  rule ({:.1},{:.1})-({:.1},{:.1})", r.x0, r.y0, r.x1, r.y1);
            }
        }
    }
}
