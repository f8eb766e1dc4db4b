//! Time PDF extraction: `cargo run --release --example bench_extract -- FILES…`.
//! Prints, per file, lopdf's load time alone and the whole extraction
//! (load included), so the interpreter's share can be read off.

use std::time::Instant;

fn main() {
    let mut total_load = 0.0;
    let mut total_all = 0.0;
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("{path}: unreadable");
            continue;
        };
        let t = Instant::now();
        let _ = lopdf::Document::load_mem(&bytes);
        let load = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        let pages = yusuan::extract::extract_pages(&bytes);
        let all = t.elapsed().as_secs_f64() * 1000.0;
        let (n, glyphs) = pages.as_ref().map_or((0, 0), |p| {
            (p.len(), p.iter().map(|p| p.glyphs.len()).sum())
        });
        println!("{path}: load {load:.1} ms, extract {all:.1} ms, {n} pages, {glyphs} glyphs");
        total_load += load;
        total_all += all;
    }
    println!("total: load {total_load:.1} ms, extract {total_all:.1} ms");
}
