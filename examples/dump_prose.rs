//! Print the laid-out prose lines (`page: text`) and the raw tables' titles
//! of a PDF or text file. Usage: `cargo run --release --example dump_prose -- FILE [--rows]`
//! (`--rows`: also each raw table's column headers and rows, cells `|`-separated).

use yusuan::extract::extract_pages;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump_prose FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let laid = if path.ends_with(".pdf") {
        match extract_pages(&bytes) {
            Ok(p) => yusuan::layout::geometric::recover(&p),
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(1)
            }
        }
    } else {
        yusuan::layout::text::recover(&String::from_utf8_lossy(&bytes))
    };
    for l in &laid.prose {
        println!("{:>3}: {}", l.page, l.text);
    }
    let rows = std::env::args().any(|a| a == "--rows");
    for t in &laid.tables {
        println!(
            "TABLE pages {:?} title {:?} caption {:?}",
            t.pages, t.title, t.caption
        );
        if rows {
            println!("  columns: {}", t.columns.join(" | "));
            for r in &t.rows {
                println!("  p{} {:?}: {}", r.page, r.placement, r.cells.join(" | "));
            }
        }
    }
}
