//! `yusuan extract`: inputs → one canonical JSON each, plus the datasets.

use crate::batch::{self, Job, Shard};
use crate::input::{self, FormatChoice};
use crate::output;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Read, Write};
use std::num::NonZeroUsize;
use std::path::PathBuf;

/// Extract canonical JSON from budget disclosures.
///
/// Each input (a PDF, a text file, or a folder searched recursively for
/// .pdf/.txt/.text/.md/.tsv; other files in a folder are counted on stderr
/// and skipped, and a text that is not a Chinese disclosure is refused)
/// gives OUT/<file stem>.json. The batch also writes OUT/facts.csv,
/// OUT/facts.jsonl, OUT/cells.csv, OUT/errors.jsonl (one line per input
/// that failed, with the reason), OUT/report.json and OUT/report.html.
/// `yusuan extract -` reads one document from standard input and prints its
/// JSON.
///
/// OUT must be empty or new: `--resume` continues an interrupted run there
/// (outputs of the same input content and yusuan version are kept, the
/// others redone, the datasets and the report rebuilt from every document
/// in OUT), `--force` empties it first. Temporary `*.part` files left by a
/// killed run are removed by the next one.
///
/// `--shard K/N` processes the K-th of N stable shares of the inputs (by
/// content hash; K from 0), e.g. `--shard $JOB_COMPLETION_INDEX/8` in a
/// Kubernetes Indexed Job or `--shard $SLURM_ARRAY_TASK_ID/8` in a Slurm
/// array `--array=0-7`; `yusuan merge` then combines the shard folders.
///
/// Scanned pages (images without text) are read by OCR with `tesseract`
/// and its Chinese model (Debian: tesseract-ocr tesseract-ocr-chi-sim), or
/// the program named by the environment variable YUSUAN_TESSERACT; each
/// such page gets a warning, and without tesseract a scanned document fails
/// with a line saying what to install.
///
/// Exit status: 0 when every input was processed, 1 when some failed (see
/// errors.jsonl) or the output could not be written, 2 on a usage error
/// (bad option, missing input, output folder not empty). A closed standard
/// output (`yusuan extract - < x.pdf | head`) ends quietly with 0.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or folders to read; `-` for standard input.
    #[arg(value_name = "INPUT_OR_DIR", required_unless_present = "manifest")]
    pub inputs: Vec<PathBuf>,
    /// Output folder (created if missing). Required unless the input is `-`.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Documents processed in parallel, at least 1 (default: all cores).
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    pub jobs: Option<NonZeroUsize>,
    /// Input format; `auto` sniffs `%PDF-`.
    #[arg(long, value_enum, default_value_t = FormatChoice::Auto)]
    pub format: FormatChoice,
    /// Inputs listed in a JSON Lines file, one object per line:
    /// {"path": "a.pdf", "url": "…", "region_code": "…", "crawl_date": "…",
    /// "id": "…"} (all but path optional; a relative path is taken from the
    /// manifest's folder). The metadata goes into `source` of each JSON and
    /// into the datasets.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Process only the K-th of N shares of the inputs (0 <= K < N).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Continue a run in a folder that already holds its outputs.
    #[arg(long, conflicts_with = "force")]
    pub resume: bool,
    /// Empty the output folder first (only files yusuan writes).
    #[arg(long)]
    pub force: bool,
    /// Seconds a document may take, OCR included (0, the default: no limit;
    /// 900 suits a crawl with long scans); a document past it becomes an
    /// errors.jsonl line and the batch goes on.
    #[arg(long, value_name = "SECONDS", default_value_t = batch::DEFAULT_TIME_LIMIT_SECS)]
    pub time_limit: f64,
    /// Language of the check messages: `zh` (as the documents speak, the
    /// default) or `en`. Rule, column and fact keys stay as they are.
    #[arg(long, value_enum, default_value_t = crate::messages::Lang::Zh)]
    pub lang: crate::messages::Lang,
}

pub fn run(a: ExtractArgs) -> i32 {
    if a.inputs.len() == 1 && a.inputs[0].as_os_str() == "-" && a.manifest.is_none() {
        return run_stdin(a.format, a.lang);
    }
    let Some(out) = a.out else {
        say("yusuan: --out DIR is required when reading files (use `-` to read standard input)");
        return 2;
    };
    if a.inputs.iter().any(|p| p.as_os_str() == "-") {
        say("yusuan: `-` (standard input) cannot be mixed with files");
        return 2;
    }
    for p in &a.inputs {
        if !p.exists() {
            say(&format!("yusuan: {}: no such file or folder", p.display()));
            return 2;
        }
    }
    let manifest = match &a.manifest {
        Some(m) => match batch::read_manifest(m) {
            Ok(v) => v,
            Err(e) => {
                say(&format!("yusuan: --manifest {e}"));
                return 2;
            }
        },
        None => Vec::new(),
    };
    let listing = match batch::collect(&a.inputs, manifest) {
        Ok(j) => j,
        Err(e) => {
            say(&format!("yusuan: cannot list inputs: {e}"));
            return 2;
        }
    };
    if !listing.skipped.is_empty() {
        let n: usize = listing.skipped.values().sum();
        let by: Vec<String> = listing
            .skipped
            .iter()
            .map(|(e, n)| format!("{e}: {n}"))
            .collect();
        say(&format!(
            "yusuan: {n} files in the folders given are not PDF or text and were skipped ({})",
            by.join(", ")
        ));
    }
    let threads = a.jobs.map(NonZeroUsize::get).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    crate::heap::limit_arenas(threads);
    if let Err(e) = batch::prepare_out(&out, a.resume, a.force) {
        say(&format!("yusuan: {e}"));
        return 2;
    }
    let jobs: Vec<Job> = match a.shard {
        Some(s) => match batch::select_shard(listing.jobs, s, threads) {
            Ok(j) => j,
            Err(e) => {
                say(&format!("yusuan: cannot read inputs: {e}"));
                return 1;
            }
        },
        None => listing.jobs,
    };
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
    if !(a.time_limit.is_finite() && a.time_limit >= 0.0) {
        say("yusuan: --time-limit must be a number of seconds, 0 for none");
        return 2;
    }
    // A document runs on its own thread (for its time limit), so the OCR
    // stage's parallel pages go to rayon's global pool: bound it by -j too.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global();
    let opts = batch::Options {
        threads,
        format: a.format,
        resume: a.resume,
        time_limit: (a.time_limit > 0.0).then(|| std::time::Duration::from_secs_f64(a.time_limit)),
        lang: a.lang,
    };
    let result = batch::run(&jobs, &out, opts, &tick);
    bar.finish_and_clear();
    match result {
        Ok(stats) => {
            let reused = if stats.reused > 0 {
                format!(" ({} kept from the earlier run)", stats.reused)
            } else {
                String::new()
            };
            say(&format!(
                "yusuan: {} processed{reused}, {} failed → {}",
                stats.processed,
                stats.failed,
                out.display()
            ));
            if stats.failed > 0 { 1 } else { 0 }
        }
        Err(e) => {
            say(&format!("yusuan: cannot write to {}: {e}", out.display()));
            1
        }
    }
}

/// A line on stderr; a closed stderr is not worth a panic.
pub(crate) fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn run_stdin(choice: FormatChoice, lang: crate::messages::Lang) -> i32 {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin()
        .lock()
        .take(input::MAX_PDF_BYTES + 1)
        .read_to_end(&mut bytes)
    {
        say(&format!("yusuan: -: cannot read standard input: {e}"));
        return 1;
    }
    let result = input::classify("-".into(), bytes, choice).and_then(|i| batch::run_input(&i));
    match result {
        Ok(mut doc) => {
            doc.localise(lang);
            let mut so = std::io::stdout().lock();
            match so
                .write_all(output::to_json(&doc).as_bytes())
                .and_then(|_| so.flush())
            {
                Ok(()) => 0,
                // The reader has what it wanted (`| head`): not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
                Err(e) => {
                    say(&format!("yusuan: -: cannot write standard output: {e}"));
                    1
                }
            }
        }
        Err(e) => {
            say(&format!("yusuan: -: {e}"));
            1
        }
    }
}
