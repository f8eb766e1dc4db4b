//! Many documents in parallel (rayon), outputs streamed in input order so the
//! run is deterministic and memory is bounded by the documents in flight.
//!
//! Batches that outlive one process: `--resume` reuses every output already
//! written for the same content and yusuan version, `--shard K/N` takes a
//! stable share of the inputs (by content hash) so that N machines split a
//! crawl, and [`rebuild`] (used by `--resume` and `yusuan merge`) writes the
//! datasets and the report from the document JSONs of one or more folders,
//! in the order a single run writes them, so that every way of running a
//! batch ends with the same files.

mod ordered;

use crate::across;
use crate::error::ProcessError;
use crate::input::{self, FormatChoice};
use crate::model::CanonicalDocument;
use crate::output::{self, Datasets};
use crate::pipeline;
use crate::report::ReportBuilder;
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// The version written into `source.yusuan` of every batch output;
/// `--resume` reprocesses outputs of any other version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// File endings read when a folder is given. Text files must also read as a
/// disclosure (see [`input::MIN_CJK_LETTER_SHARE`]); anything else found in
/// a folder is counted and skipped.
const INPUT_EXTENSIONS: &[&str] = &["pdf", "txt", "text", "md", "tsv"];

/// Names the batch writes besides `<id>.json`; no input may take them as id.
const RESERVED_IDS: &[&str] = &["facts", "cells", "report", "errors"];

/// Files of an output folder that yusuan writes (`--force` removes only these).
const DATASET_FILES: &[&str] = &[
    "facts.csv",
    "facts.jsonl",
    "cells.csv",
    "panel.csv",
    "panel.jsonl",
    "errors.jsonl",
    "report.json",
    "report.html",
];

/// Documents read back per worker and parallel step when datasets are
/// rebuilt: each is a whole parsed document in memory (several MB for a
/// 60-page one), and parsing is quick, so a step needs little slack to
/// keep its workers busy (16 a step, whatever the workers, made the
/// rebuild after the cross-document pass the batch's peak).
const REBUILD_PER_WORKER: usize = 2;

/// Documents per worker that may be taken ahead of the one the batch waits
/// for (in flight, or finished and waiting): room for a worker to go on
/// while the other reads a long document, without holding a chunk of
/// whole documents (the 16 per worker of a chunk were the -j 2 peak).
const WINDOW_PER_WORKER: usize = 4;

/// What the caller's manifest says about an input (`--manifest`), carried
/// into `source` of its JSON and into the datasets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Origin {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub region_code: Option<String>,
    #[serde(default)]
    pub crawl_date: Option<String>,
    /// The caller's own id of the input.
    #[serde(default)]
    pub id: Option<String>,
}

/// One input file and the stem its JSON is written under.
#[derive(Debug, Clone)]
pub struct Job {
    pub path: PathBuf,
    pub id: String,
    pub origin: Origin,
}

/// The inputs of a run, and what was left out of the folders given.
#[derive(Debug, Default)]
pub struct Listing {
    pub jobs: Vec<Job>,
    /// Files skipped in folders, by extension (`(none)` without one).
    pub skipped: BTreeMap<String, usize>,
}

/// Expand files and folders (recursively) into jobs, sorted by path, each with
/// a unique output id (the file stem; `-2`, `-3` … on collisions).
pub fn collect_jobs(paths: &[PathBuf]) -> std::io::Result<Vec<Job>> {
    Ok(collect(paths, Vec::new())?.jobs)
}

/// Files and folders given on the command line plus manifest entries, into
/// jobs sorted by path with unique ids. The same listing on every shard, so
/// ids do not depend on the shard.
pub fn collect(paths: &[PathBuf], manifest: Vec<(PathBuf, Origin)>) -> std::io::Result<Listing> {
    let mut files: Vec<(PathBuf, Origin)> = manifest;
    let mut skipped = BTreeMap::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found, &mut skipped)?;
            files.extend(found.into_iter().map(|f| (f, Origin::default())));
        } else {
            files.push((p.clone(), Origin::default()));
        }
    }
    // Stable: the first mention of a path (its manifest line) wins.
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    let mut seen = HashSet::new();
    let mut jobs = Vec::with_capacity(files.len());
    for (path, origin) in files {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "input".into());
        let mut id = stem.clone();
        let mut n = 2;
        while !seen.insert(id.clone()) || RESERVED_IDS.contains(&id.as_str()) {
            id = format!("{stem}-{n}");
            n += 1;
        }
        jobs.push(Job { path, id, origin });
    }
    Ok(Listing { jobs, skipped })
}

fn walk(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    skipped: &mut BTreeMap<String, usize>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let p = entry?.path();
        if p.is_dir() {
            walk(&p, out, skipped)?;
            continue;
        }
        let ext = p
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        match ext {
            Some(e) if INPUT_EXTENSIONS.contains(&e.as_str()) => out.push(p),
            Some(e) => *skipped.entry(format!(".{e}")).or_default() += 1,
            None => *skipped.entry("(none)".into()).or_default() += 1,
        }
    }
    Ok(())
}

/// Read a manifest: one JSON object per line, `{"path": …}` with optional
/// `url`, `region_code`, `crawl_date` and `id`. A relative path is taken
/// from the manifest's folder. Errors name the line.
pub fn read_manifest(file: &Path) -> Result<Vec<(PathBuf, Origin)>, String> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Line {
        path: PathBuf,
        #[serde(flatten)]
        origin: Origin,
    }
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let base = file.parent().unwrap_or(Path::new(""));
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let l: Line = serde_json::from_str(line).map_err(|e| {
            format!(
                "{} line {}: {e} (expected {{\"path\": …, \"url\"?, \"region_code\"?, \"crawl_date\"?, \"id\"?}})",
                file.display(),
                i + 1
            )
        })?;
        let path = if l.path.is_relative() {
            base.join(&l.path)
        } else {
            l.path
        };
        if !path.is_file() {
            return Err(format!(
                "{} line {}: {}: no such file",
                file.display(),
                i + 1,
                path.display()
            ));
        }
        out.push((path, l.origin));
    }
    Ok(out)
}

/// `--shard K/N`: the K-th of N shares (0-based, as `JOB_COMPLETION_INDEX`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}`: expected K/N with 0 <= K < N, e.g. 0/4");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether content with this SHA-256 (hex) belongs to this shard.
    pub fn holds(&self, sha256: &str) -> bool {
        let head = u64::from_str_radix(sha256.get(..16).unwrap_or("0"), 16).unwrap_or(0);
        head % self.count == self.index
    }
}

/// The jobs of one shard. A file that cannot be read goes by the hash of its
/// path, so exactly one shard reports it.
pub fn select_shard(jobs: Vec<Job>, shard: Shard, threads: usize) -> std::io::Result<Vec<Job>> {
    let pool = pool(threads)?;
    let keep: Vec<bool> = pool.install(|| {
        jobs.par_iter()
            .map(|j| {
                let h = input::sha256_file(&j.path)
                    .unwrap_or_else(|_| input::sha256_hex(j.path.to_string_lossy().as_bytes()));
                shard.holds(&h)
            })
            .collect()
    });
    Ok(jobs
        .into_iter()
        .zip(keep)
        .filter_map(|(j, k)| k.then_some(j))
        .collect())
}

/// Read and process one file; a panic in any stage becomes that file's error.
pub fn run_one(path: &Path, choice: FormatChoice) -> Result<CanonicalDocument, ProcessError> {
    run_one_keeping_pages(path, choice).map(|(d, _)| d)
}

/// [`run_one`], keeping the pages read (for the pictures of failing checks).
pub fn run_one_keeping_pages(
    path: &Path,
    choice: FormatChoice,
) -> Result<(CanonicalDocument, pipeline::ReadPages), ProcessError> {
    let input = input::read_path(path, choice)?;
    run_input_keeping_pages(&input)
}

/// Process an input already read; a panic becomes an error.
pub fn run_input(input: &input::Input) -> Result<CanonicalDocument, ProcessError> {
    run_input_keeping_pages(input).map(|(d, _)| d)
}

/// [`run_input`], keeping the pages read.
pub fn run_input_keeping_pages(
    input: &input::Input,
) -> Result<(CanonicalDocument, pipeline::ReadPages), ProcessError> {
    match catch_unwind(AssertUnwindSafe(|| pipeline::process_keeping_pages(input))) {
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
    /// Inputs with a JSON output (reused ones included).
    pub processed: usize,
    /// Of those, outputs of an earlier run reused by `--resume`.
    pub reused: usize,
    pub failed: usize,
}

/// How to run a batch.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub threads: usize,
    pub format: FormatChoice,
    /// Reuse outputs already in the folder (same content, same version).
    pub resume: bool,
    /// Longest a document may take (OCR included); `None`: no limit.
    pub time_limit: Option<std::time::Duration>,
    /// The language of the check messages.
    pub lang: crate::messages::Lang,
}

/// Default of `--time-limit`: none. Running each document on a thread of
/// its own (what the limit needs, since stages cannot be interrupted) cost
/// 7 % CPU and 50 % peak memory on 400 documents at -j 2 (new threads take
/// new malloc arenas), so the limit is for crawls that need it: a 60-page
/// scan read by tesseract takes a few minutes on one core, a text PDF well
/// under a second per page, so 900 is a fair value there.
pub const DEFAULT_TIME_LIMIT_SECS: f64 = 0.0;

/// [`run_one`] with a time limit: the document runs on its own thread and
/// is given up when the limit passes (its thread is left to finish on its
/// own and its result dropped; the batch goes on). Parallel work inside the
/// document (OCR pages) goes to rayon's global pool, which the command line
/// sizes to `-j`.
pub fn run_limited(
    path: &Path,
    choice: FormatChoice,
    limit: Option<std::time::Duration>,
) -> Result<CanonicalDocument, ProcessError> {
    run_limited_keeping_pages(path, choice, limit).map(|(d, _)| d)
}

/// [`run_limited`], keeping the pages read.
pub fn run_limited_keeping_pages(
    path: &Path,
    choice: FormatChoice,
    limit: Option<std::time::Duration>,
) -> Result<(CanonicalDocument, pipeline::ReadPages), ProcessError> {
    let run_one = run_one_keeping_pages;
    let Some(limit) = limit else {
        return run_one(path, choice);
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let p = path.to_path_buf();
    let spawned = std::thread::Builder::new()
        .name("yusuan-document".into())
        .spawn(move || {
            let _ = tx.send(run_one(&p, choice));
        });
    if spawned.is_err() {
        return run_one(path, choice);
    }
    match rx.recv_timeout(limit) {
        Ok(r) => r,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            Err(ProcessError::TimedOut(format!("{}", limit.as_secs_f64())))
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(ProcessError::Internal(
            "the document's thread ended without a result".into(),
        )),
    }
}

fn pool(threads: usize) -> std::io::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// The output folder made ready: created if missing; leftover `.part`
/// files of an interrupted run removed. A folder holding outputs is refused
/// unless `resume` (keep them) or `force` (remove what yusuan wrote there;
/// refused when it holds anything else). Errors are the user's one-liners.
pub fn prepare_out(out: &Path, resume: bool, force: bool) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let names = list_names(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for n in names.iter().filter(|n| n.ends_with(".part")) {
        let _ = std::fs::remove_file(out.join(n));
    }
    let left: Vec<&String> = names.iter().filter(|n| !n.ends_with(".part")).collect();
    if left.is_empty() || resume {
        return Ok(());
    }
    if !force {
        return Err(format!(
            "{} is not empty ({} files, e.g. {}): use --resume to continue the run that wrote it, --force to empty it, or another folder",
            out.display(),
            left.len(),
            left[0]
        ));
    }
    if let Some(foreign) = left.iter().find(|n| {
        let ours_dir = n.as_str() == crate::show::evidence::DIR;
        !(n.ends_with(".json") || DATASET_FILES.contains(&n.as_str()) || ours_dir)
            || (out.join(n).is_dir() && !ours_dir)
    }) {
        return Err(format!(
            "{} holds {foreign}, which yusuan did not write: not emptying it (choose another folder)",
            out.display()
        ));
    }
    for n in left {
        let p = out.join(n);
        if p.is_dir() {
            std::fs::remove_dir_all(&p).map_err(|e| format!("cannot remove {n}: {e}"))?;
            continue;
        }
        std::fs::remove_file(p).map_err(|e| format!("cannot remove {n}: {e}"))?;
    }
    Ok(())
}

fn list_names(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir)? {
        v.push(e?.file_name().to_string_lossy().into_owned());
    }
    v.sort();
    Ok(v)
}

impl across::Rewrites for ReportBuilder {
    fn before(&mut self, id: &str, doc: &CanonicalDocument) {
        self.withdraw(id, doc);
    }
    fn after(&mut self, id: &str, doc: &CanonicalDocument) {
        self.readmit(id, doc);
    }
}

/// Process `jobs`, writing one JSON per document and the datasets into
/// `out` (made ready by [`prepare_out`]). `on_done` is called once per
/// finished job.
pub fn run(
    jobs: &[Job],
    out: &Path,
    opts: Options,
    on_done: &(dyn Fn(&Job) + Sync),
) -> std::io::Result<BatchStats> {
    std::fs::create_dir_all(out)?;
    let pool = pool(opts.threads)?;
    // In resume mode the datasets are rebuilt from the folder at the end.
    let mut datasets = if opts.resume {
        None
    } else {
        Some(Datasets::create(out)?)
    };
    let mut report = ReportBuilder::spooled_in(out);
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut linked = across::LinkSpool::create(out)?;
    let mut stats = BatchStats::default();
    // Workers take the next document as soon as they are free; results are
    // consumed in input order, so outputs are deterministic and memory holds
    // at most the window's documents (in flight, or finished and waiting for
    // an earlier one).
    let window = match opts.threads {
        0 | 1 => 1,
        n => n * WINDOW_PER_WORKER,
    };
    let work = |_: usize, job: &Job| -> Result<Option<CanonicalDocument>, ProcessError> {
        let r = if opts.resume && reusable(job, out) {
            Ok(None)
        } else {
            run_limited_keeping_pages(&job.path, opts.format, opts.time_limit).and_then(
                |(doc, read)| {
                    let mut doc = with_provenance(doc, job);
                    doc.localise(opts.lang);
                    // The pictures before the JSON: the JSON marks the
                    // document done for --resume, so a run killed while
                    // drawing redoes the document and its pictures.
                    crate::show::evidence::write(out, &job.id, &doc, read);
                    output::write_atomic(
                        &out.join(format!("{}.json", job.id)),
                        output::to_json(&doc).as_bytes(),
                    )
                    .map_err(|e| ProcessError::Io(format!("cannot write output: {e}")))?;
                    Ok(Some(doc))
                },
            )
        };
        on_done(job);
        r
    };
    let consume = |i: usize, r: Result<Option<CanonicalDocument>, ProcessError>| {
        let job = &jobs[i];
        let file = job.path.to_string_lossy();
        match r {
            Ok(doc) => {
                stats.processed += 1;
                if let Some(l) = doc.as_ref().and_then(|d| across::Linked::of(&job.id, d)) {
                    linked.push(&l)?;
                }
                match (doc, &mut datasets) {
                    (Some(doc), Some(ds)) => {
                        ds.add(&job.id, &doc)?;
                        report.add_document(&job.id, &doc);
                    }
                    (None, _) => stats.reused += 1,
                    (Some(_), None) => {}
                }
            }
            Err(e) => {
                let reason = e.to_string();
                stats.failed += 1;
                if let Some(ds) = &mut datasets {
                    ds.add_error(&file, &reason)?;
                    report.add_error(&file, &reason);
                }
                errors.push((file.into_owned(), reason));
            }
        }
        Ok::<(), std::io::Error>(())
    };
    ordered::for_each_in_order(&pool, jobs, window, work, consume)?;
    // The documents are written: what extraction held goes back before
    // the pass, whose peak would otherwise come on top of it.
    crate::heap::release_free();
    match datasets {
        Some(ds) => {
            ds.finish()?;
            // The cross-document checks need every document: the JSONs they
            // change are rewritten, and the report follows those documents
            // (checks are in no dataset), so it is written once, after.
            linked.apply(out, opts.lang, &mut report)?;
            crate::heap::release_free();
            report.write(out)?;
        }
        None => {
            // The rebuild links every document of the folder itself.
            drop(linked);
            rebuild(
                &[out.to_path_buf()],
                out,
                Some(errors),
                opts.threads,
                opts.lang,
            )?;
        }
    }
    Ok(stats)
}

/// The `source` fields of an output as far as the batch sets them.
#[derive(Debug, Deserialize)]
struct Head {
    source: crate::model::Source,
}

/// An output of an earlier run that `--resume` keeps: same input content,
/// same yusuan version, same path and manifest metadata.
fn reusable(job: &Job, out: &Path) -> bool {
    let Ok(bytes) = std::fs::read(out.join(format!("{}.json", job.id))) else {
        return false;
    };
    let Ok(head) = serde_json::from_slice::<Head>(&bytes) else {
        return false;
    };
    let s = head.source;
    s.yusuan.as_deref() == Some(VERSION)
        && s.path == display_path(&job.path)
        && s.url == job.origin.url
        && s.region_code == job.origin.region_code
        && s.crawl_date == job.origin.crawl_date
        && s.caller_id == job.origin.id
        && input::sha256_file(&job.path).is_ok_and(|h| h == s.sha256)
}

/// The path as the user gave it, with `/` separators, so outputs do not
/// depend on the platform.
fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The batch's part of `source`: the path as given, the version, and the
/// manifest's metadata.
fn with_provenance(mut doc: CanonicalDocument, job: &Job) -> CanonicalDocument {
    doc.source.path = display_path(&job.path);
    doc.source.yusuan = Some(VERSION.to_string());
    doc.source.url = job.origin.url.clone();
    doc.source.region_code = job.origin.region_code.clone();
    doc.source.crawl_date = job.origin.crawl_date.clone();
    doc.source.caller_id = job.origin.id.clone();
    doc
}

/// Give `doc`'s messages in `lang`; true when one changed.
fn relocalise(doc: &mut CanonicalDocument, lang: crate::messages::Lang) -> bool {
    let before: Vec<String> = doc.checks.iter().map(|c| c.message.clone()).collect();
    doc.localise(lang);
    doc.checks.iter().zip(&before).any(|(c, m)| c.message != *m)
}

/// What [`rebuild`] found.
#[derive(Debug, Default, Clone, Copy)]
pub struct RebuildStats {
    pub documents: usize,
    pub failed: usize,
}

/// Write the datasets and the report of `out` from the document JSONs of
/// `dirs` (copied into `out` when they are elsewhere) and their failed
/// inputs (`errors`, or each folder's errors.jsonl when `None`). Documents
/// are taken in the order of their input paths, as a single run takes its
/// inputs, so that shards merged, or a run resumed, give the files of one
/// uninterrupted run. Check messages are given in `lang`; a document
/// written in the other language is rewritten in `out`.
pub fn rebuild(
    dirs: &[PathBuf],
    out: &Path,
    errors: Option<Vec<(String, String)>>,
    threads: usize,
    lang: crate::messages::Lang,
) -> std::io::Result<RebuildStats> {
    let out_real = std::fs::canonicalize(out)?;
    // (input path, id) of every document, from its JSON.
    let mut docs: Vec<(PathBuf, String)> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut failed_inputs: Vec<(String, String)> = errors.clone().unwrap_or_default();
    for dir in dirs {
        let here = std::fs::canonicalize(dir)? == out_real;
        for name in list_names(dir)? {
            let Some(id) = name.strip_suffix(".json") else {
                continue;
            };
            if RESERVED_IDS.contains(&id) {
                continue;
            }
            let file = dir.join(&name);
            let bytes = std::fs::read(&file)?;
            let head = match serde_json::from_slice::<Head>(&bytes) {
                Ok(h) => h,
                Err(e) => {
                    eprintln!(
                        "yusuan: {}: not a yusuan document, left out ({e})",
                        file.display()
                    );
                    continue;
                }
            };
            if !here {
                let dest = out.join(&name);
                match std::fs::read(&dest) {
                    Ok(existing)
                        if existing == bytes
                            || across::same_but_year_over_year(&existing, &bytes) => {}
                    Ok(_) => {
                        return Err(std::io::Error::other(format!(
                            "{name}: two folders hold different documents under this name (shards of different runs?)"
                        )));
                    }
                    Err(_) => output::write_atomic(&dest, &bytes)?,
                }
            }
            if seen.insert(id.to_string()) {
                docs.push((PathBuf::from(head.source.path), id.to_string()));
            }
        }
        if errors.is_none()
            && let Ok(text) = std::fs::read_to_string(dir.join("errors.jsonl"))
        {
            for line in text.lines() {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                    failed_inputs.push((
                        v["file"].as_str().unwrap_or("").to_string(),
                        v["error"].as_str().unwrap_or("").to_string(),
                    ));
                }
            }
        }
    }
    docs.sort();
    failed_inputs.sort_by(|a, b| Path::new(&a.0).cmp(Path::new(&b.0)));
    failed_inputs.dedup();

    let pool = pool(threads)?;
    let rebuild_chunk = threads.max(1) * REBUILD_PER_WORKER;
    // The cross-document checks over every document, before the datasets
    // and the report are written from the JSONs.
    let mut linked = across::LinkSpool::create(out)?;
    for group in docs.chunks(rebuild_chunk) {
        let parsed: Vec<std::io::Result<Option<across::Linked>>> = pool.install(|| {
            group
                .par_iter()
                .map(|(_, id)| {
                    let bytes = std::fs::read(out.join(format!("{id}.json")))?;
                    let doc: CanonicalDocument = serde_json::from_slice(&bytes)
                        .map_err(|e| std::io::Error::other(format!("{id}.json: {e}")))?;
                    Ok(across::Linked::of(id, &doc))
                })
                .collect()
        });
        for l in parsed {
            if let Some(l) = l? {
                linked.push(&l)?;
            }
        }
    }
    linked.apply(out, lang, &mut ())?;
    crate::heap::release_free();
    let mut datasets = Datasets::create(out)?;
    let mut report = ReportBuilder::spooled_in(out);
    for group in docs.chunks(rebuild_chunk) {
        let parsed: Vec<std::io::Result<CanonicalDocument>> = pool.install(|| {
            group
                .par_iter()
                .map(|(_, id)| {
                    let bytes = std::fs::read(out.join(format!("{id}.json")))?;
                    serde_json::from_slice(&bytes).map_err(std::io::Error::other)
                })
                .collect()
        });
        for ((_, id), doc) in group.iter().zip(parsed) {
            let mut doc = doc.map_err(|e| std::io::Error::other(format!("{id}.json: {e}")))?;
            if relocalise(&mut doc, lang) {
                output::write_atomic(
                    &out.join(format!("{id}.json")),
                    output::to_json(&doc).as_bytes(),
                )?;
            }
            datasets.add(id, &doc)?;
            report.add_document(id, &doc);
        }
    }
    for (file, reason) in &failed_inputs {
        datasets.add_error(file, reason)?;
        report.add_error(file, reason);
    }
    datasets.finish()?;
    report.write(out)?;
    Ok(RebuildStats {
        documents: docs.len(),
        failed: failed_inputs.len(),
    })
}
