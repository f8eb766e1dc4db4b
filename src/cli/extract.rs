//! `yusuan extract`: inputs → one canonical JSON each, plus the datasets.

use crate::batch::{self, Job};
use crate::input::{self, FormatChoice};
use crate::output;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Read};
use std::path::PathBuf;

/// Extract canonical JSON from budget disclosures.
///
/// Each input (a PDF, a text file, or a folder searched recursively for
/// .pdf/.txt/.text/.md/.tsv) gives OUT/<file stem>.json. The batch also
/// writes OUT/facts.csv, OUT/facts.jsonl, OUT/cells.csv, OUT/errors.jsonl
/// (one line per input that failed, with the reason), OUT/report.json and
/// OUT/report.html. `yusuan extract -` reads one document from standard
/// input and prints its JSON.
///
/// Scanned pages (images without text) are read by OCR with `tesseract`
/// and its Chinese model (Debian: tesseract-ocr tesseract-ocr-chi-sim), or
/// the program named by the environment variable YUSUAN_TESSERACT; each
/// such page gets a warning, and without tesseract a scanned document fails
/// with a line saying what to install.
///
/// Exit status: 0 when every input was processed, 1 when some failed (see
/// errors.jsonl), 2 on a usage error.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or folders to read; `-` for standard input.
    #[arg(required = true, value_name = "INPUT_OR_DIR")]
    pub inputs: Vec<PathBuf>,
    /// Output folder (created if missing). Required unless the input is `-`.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Documents processed in parallel (default: all cores).
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    pub jobs: Option<usize>,
    /// Input format; `auto` sniffs `%PDF-`.
    #[arg(long, value_enum, default_value_t = FormatChoice::Auto)]
    pub format: FormatChoice,
}

pub fn run(a: ExtractArgs) -> i32 {
    if a.inputs.len() == 1 && a.inputs[0].as_os_str() == "-" {
        return run_stdin(a.format);
    }
    let Some(out) = a.out else {
        eprintln!(
            "yusuan: --out DIR is required when reading files (use `-` to read standard input)"
        );
        return 2;
    };
    if a.inputs.iter().any(|p| p.as_os_str() == "-") {
        eprintln!("yusuan: `-` (standard input) cannot be mixed with files");
        return 2;
    }
    for p in &a.inputs {
        if !p.exists() {
            eprintln!("yusuan: {}: no such file or folder", p.display());
            return 2;
        }
    }
    let jobs = match batch::collect_jobs(&a.inputs) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("yusuan: cannot list inputs: {e}");
            return 2;
        }
    };
    let threads = a.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::new(jobs.len() as u64);
        b.set_style(
            ProgressStyle::with_template(
                "{bar:40} {pos}/{len} documents {elapsed_precise} eta {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let tick = |_: &Job| bar.inc(1);
    let result = batch::run(&jobs, &out, threads, a.format, &tick);
    bar.finish_and_clear();
    match result {
        Ok(stats) => {
            eprintln!(
                "yusuan: {} processed, {} failed → {}",
                stats.processed,
                stats.failed,
                out.display()
            );
            if stats.failed > 0 { 1 } else { 0 }
        }
        Err(e) => {
            eprintln!("yusuan: cannot write to {}: {e}", out.display());
            1
        }
    }
}

fn run_stdin(choice: FormatChoice) -> i32 {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin()
        .lock()
        .take(input::MAX_PDF_BYTES + 1)
        .read_to_end(&mut bytes)
    {
        eprintln!("yusuan: -: cannot read standard input: {e}");
        return 1;
    }
    let result = input::classify("-".into(), bytes, choice).and_then(|i| batch::run_input(&i));
    match result {
        Ok(doc) => {
            print!("{}", output::to_json(&doc));
            0
        }
        Err(e) => {
            eprintln!("yusuan: -: {e}");
            1
        }
    }
}
