//! Many documents in parallel (rayon), outputs streamed in input order so the
//! run is deterministic and memory is bounded by the documents in flight.

use crate::error::ProcessError;
use crate::input::{self, FormatChoice};
use crate::model::CanonicalDocument;
use crate::output::{self, Datasets};
use crate::pipeline;
use crate::report::ReportBuilder;
use rayon::prelude::*;
use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// File endings read when a folder is given.
const INPUT_EXTENSIONS: &[&str] = &["pdf", "txt", "text", "md", "tsv"];

/// One input file and the stem its JSON is written under.
#[derive(Debug, Clone)]
pub struct Job {
    pub path: PathBuf,
    pub id: String,
}

/// Expand files and folders (recursively) into jobs, sorted by path, each with
/// a unique output id (the file stem; `-2`, `-3` … on collisions).
pub fn collect_jobs(paths: &[PathBuf]) -> std::io::Result<Vec<Job>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut files)?;
        } else {
            files.push(p.clone());
        }
    }
    files.sort();
    files.dedup();
    let mut seen = HashSet::new();
    let mut jobs = Vec::with_capacity(files.len());
    for path in files {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "input".into());
        let mut id = stem.clone();
        let mut n = 2;
        while !seen.insert(id.clone())
            || matches!(id.as_str(), "facts" | "cells" | "report" | "errors")
        {
            id = format!("{stem}-{n}");
            n += 1;
        }
        jobs.push(Job { path, id });
    }
    Ok(jobs)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let p = entry?.path();
        if p.is_dir() {
            walk(&p, out)?;
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| INPUT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(p);
        }
    }
    Ok(())
}

/// Read and process one file; a panic in any stage becomes that file's error.
pub fn run_one(path: &Path, choice: FormatChoice) -> Result<CanonicalDocument, ProcessError> {
    let input = input::read_path(path, choice)?;
    run_input(&input)
}

/// Process an input already read; a panic becomes an error.
pub fn run_input(input: &input::Input) -> Result<CanonicalDocument, ProcessError> {
    match catch_unwind(AssertUnwindSafe(|| pipeline::process(input))) {
        Ok(r) => r,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into());
            Err(ProcessError::Internal(format!("a stage panicked: {msg}")))
        }
    }
}

/// What a batch run did.
#[derive(Debug, Default, Clone, Copy)]
pub struct BatchStats {
    pub processed: usize,
    pub failed: usize,
}

/// Process `jobs` with `threads` workers, writing one JSON per document and
/// the datasets into `out`. `on_done` is called once per finished job.
pub fn run(
    jobs: &[Job],
    out: &Path,
    threads: usize,
    choice: FormatChoice,
    on_done: &(dyn Fn(&Job) + Sync),
) -> std::io::Result<BatchStats> {
    std::fs::create_dir_all(out)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let mut datasets = Datasets::create(out)?;
    let mut report = ReportBuilder::new();
    let mut stats = BatchStats::default();
    // Chunks keep outputs in input order while bounding documents in memory.
    // Workers wait for the slowest document at the end of each chunk, so a
    // chunk holds several documents per worker (documents vary from 5 to 60
    // pages): 4 per worker left -j 2 at 1.7x of -j 1, 16 per worker reaches
    // about 1.9x for a few MB more (see BENCHMARKS.md).
    let chunk = threads.max(1) * 16;
    for group in jobs.chunks(chunk) {
        let results: Vec<Result<CanonicalDocument, ProcessError>> = pool.install(|| {
            group
                .par_iter()
                .map(|job| {
                    let r = run_one(&job.path, choice).and_then(|doc| {
                        let doc = with_display_path(doc, &job.path);
                        output::write_atomic(
                            &out.join(format!("{}.json", job.id)),
                            output::to_json(&doc).as_bytes(),
                        )
                        .map_err(|e| ProcessError::Io(format!("cannot write output: {e}")))?;
                        Ok(doc)
                    });
                    on_done(job);
                    r
                })
                .collect()
        });
        for (job, r) in group.iter().zip(results) {
            let file = job.path.to_string_lossy();
            match r {
                Ok(doc) => {
                    datasets.add(&job.id, &doc)?;
                    report.add_document(&job.id, &doc);
                    stats.processed += 1;
                }
                Err(e) => {
                    let reason = e.to_string();
                    datasets.add_error(&file, &reason)?;
                    report.add_error(&file, &reason);
                    stats.failed += 1;
                }
            }
        }
    }
    datasets.finish()?;
    report.write(out)?;
    Ok(stats)
}

/// The path as the user gave it, with `/` separators, so outputs do not
/// depend on the platform.
fn with_display_path(mut doc: CanonicalDocument, path: &Path) -> CanonicalDocument {
    doc.source.path = path.to_string_lossy().replace('\\', "/");
    doc
}
