//! `yusuan show`: pictures of what yusuan read in one document.

use crate::input::{self, FormatChoice};
use crate::show::{Sheets, page_html};
use clap::Args;
use std::path::PathBuf;

/// Draw what yusuan read in one document: for each table (per page) an SVG
/// of the page region with the column keys above the columns and every
/// amount boxed in its cell (unplaced or unread amounts marked), for each
/// failing check its picture (the cell most likely wrong in red, the cells
/// a failing sum adds in blue, the compared figure in yellow), for each
/// page without a table its words and rules and why no table was formed;
/// and OUT/index.html listing them with the canonical rows beside each
/// table and links to the PDF pages. Works on PDFs (scans via OCR) and
/// text inputs (drawn on their character grid).
///
/// Exit status: 0 written, 1 the document could not be read or the output
/// not written, 2 usage error.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The document (PDF or text).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Only this page (1-based).
    #[arg(long, value_name = "N")]
    pub page: Option<u32>,
    /// Only this table (`t3`, as in the JSON).
    #[arg(long, value_name = "tK")]
    pub table: Option<String>,
    /// Folder for the pictures and index.html (created if missing).
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// Input format; `auto` sniffs `%PDF-`.
    #[arg(long, value_enum, default_value_t = FormatChoice::Auto)]
    pub format: FormatChoice,
    /// Language of the check messages: `zh` (as the documents speak, the
    /// default) or `en`. Rule, column and fact keys stay as they are.
    #[arg(long, value_enum, default_value_t = crate::messages::Lang::Zh)]
    pub lang: crate::messages::Lang,
}

pub fn run(a: ShowArgs) -> i32 {
    let input = match input::read_path(&a.file, a.format) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("yusuan: {}: {e}", a.file.display());
            return 1;
        }
    };
    let r = std::panic::catch_unwind(|| crate::pipeline::process_keeping_pages(&input));
    let (mut doc, read) = match r {
        Ok(Ok(x)) => x,
        Ok(Err(e)) => {
            eprintln!("yusuan: {}: {e}", a.file.display());
            return 1;
        }
        Err(_) => {
            eprintln!("yusuan: {}: a stage panicked", a.file.display());
            return 1;
        }
    };
    doc.localise(a.lang);
    if let Some(t) = &a.table
        && !doc.tables.iter().any(|x| &x.id == t)
    {
        eprintln!(
            "yusuan: {} has no table {t} (it has {})",
            a.file.display(),
            doc.tables
                .iter()
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return 2;
    }
    if let Err(e) = std::fs::create_dir_all(&a.out) {
        eprintln!("yusuan: cannot create {}: {e}", a.out.display());
        return 1;
    }
    let sheets = Sheets::new(read.pages, &read.settings);
    let href = crate::show::relative_href(&a.out, &a.file);
    let sel = page_html::Selection {
        page: a.page,
        table: a.table.clone(),
    };
    let files = page_html::render(&doc, &sheets, &sel, &read.settings, &href);
    for f in &files {
        if let Err(e) = crate::output::write_atomic(&a.out.join(&f.name), f.text.as_bytes()) {
            eprintln!(
                "yusuan: cannot write {}: {e}",
                a.out.join(&f.name).display()
            );
            return 1;
        }
    }
    eprintln!(
        "yusuan: {} pictures and {} written",
        files.len() - 1,
        a.out.join("index.html").display()
    );
    0
}
