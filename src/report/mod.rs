//! The batch data-quality report: `report.json` and a self-contained
//! `report.html` (inline CSS, SVG and a little JS; no network).
//!
//! The builder keeps the batch totals in memory and spools one small summary
//! per document (counts, failing checks, warnings) to a temporary file, so
//! memory does not grow with the batch; the report files are streamed from
//! that spool when the batch ends.

pub(crate) mod html;
mod summary;
mod svg;

pub use summary::{BatchTotals, DocSummary, FailingCheck, Report};

use crate::model::{CanonicalDocument, CheckStatus};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Warnings kept per document in the report (the JSON output has them all).
const MAX_WARNINGS_PER_DOC: usize = 50;

#[derive(Debug, Default)]
pub struct ReportBuilder {
    /// Totals and breakdowns; `documents` holds only summaries that could
    /// not be spooled.
    report: Report,
    bands: [usize; 5],
    spool: Option<Spool>,
    spool_failed: bool,
    /// Folder of the spool (the system's temporary folder when `None`).
    spool_dir: Option<PathBuf>,
}

/// Document summaries as JSON lines in a temporary file, removed on drop.
#[derive(Debug)]
struct Spool {
    path: PathBuf,
    w: BufWriter<File>,
}

static SPOOLS: AtomicUsize = AtomicUsize::new(0);

impl Spool {
    fn create(dir: Option<&Path>) -> std::io::Result<Spool> {
        let n = SPOOLS.fetch_add(1, Ordering::Relaxed);
        let dir = dir.map_or_else(std::env::temp_dir, Path::to_path_buf);
        // A `.part` name: a killed run's spool is removed with its other
        // temporary files by the next run into the same folder.
        let path = dir.join(format!(
            "yusuan-report-{}-{n}.jsonl.part",
            std::process::id()
        ));
        let w = BufWriter::new(File::create(&path)?);
        Ok(Spool { path, w })
    }
}

impl Drop for ReportBuilder {
    fn drop(&mut self) {
        if let Some(s) = self.spool.take() {
            drop(s.w);
            let _ = std::fs::remove_file(&s.path);
        }
    }
}

impl html::DocSource for ReportBuilder {
    fn for_each(
        &self,
        f: &mut dyn FnMut(&DocSummary) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        if let Some(s) = &self.spool {
            for line in BufReader::new(File::open(&s.path)?).lines() {
                let d: DocSummary = serde_json::from_str(&line?).map_err(std::io::Error::other)?;
                f(&d)?;
            }
        }
        for d in &self.report.documents {
            f(d)?;
        }
        Ok(())
    }
}

impl ReportBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder that spools into `dir` (the output folder of a batch).
    pub fn spooled_in(dir: &Path) -> Self {
        let mut b = Self::default();
        b.spool_dir = Some(dir.to_path_buf());
        b
    }

    /// Account for one processed document.
    pub fn add_document(&mut self, id: &str, doc: &CanonicalDocument) {
        let r = &mut self.report;
        let titles: std::collections::HashMap<&str, (&str, Vec<u32>)> = doc
            .tables
            .iter()
            .map(|t| {
                (
                    t.id.as_str(),
                    (t.title.as_deref().unwrap_or(""), t.pages.clone()),
                )
            })
            .collect();
        let mut s = DocSummary {
            id: id.to_string(),
            file: doc.source.path.clone(),
            department: doc.document.department.clone(),
            year: doc.document.year,
            kind: doc.document.kind.clone(),
            format: doc.source.format.clone(),
            pages: doc.source.pages,
            tables: doc.tables.len(),
            recognised: doc.tables.iter().filter(|t| t.template.is_some()).count(),
            facts: doc.facts.len(),
            damaged: doc.source.damage.is_some(),
            unreadable_pages: doc
                .source
                .damage
                .as_ref()
                .map_or(0, |d| d.unreadable_pages.len() as u32),
            ..Default::default()
        };
        for t in &doc.tables {
            let key = t
                .template
                .clone()
                .unwrap_or_else(|| "(unrecognised)".into());
            *r.tables_by_template.entry(key).or_default() += 1;
            if t.template.is_none() {
                s.unrecognised.push(format!(
                    "{} {} (p. {})",
                    t.id,
                    t.title.as_deref().unwrap_or("(no title)"),
                    join_pages(&t.pages)
                ));
            }
        }
        for (k, c) in doc.checks.iter().enumerate() {
            let by_rule = r.checks_by_rule.entry(c.rule.clone()).or_default();
            let by_tpl = r
                .checks_by_template
                .entry(c.template.clone().unwrap_or_else(|| "(document)".into()))
                .or_default();
            for counts in [by_rule, by_tpl] {
                counts.add(c.status);
            }
            s.checks.add(c.status);
            if c.status == CheckStatus::Fail {
                let (title, pages) = c
                    .table
                    .as_deref()
                    .and_then(|t| titles.get(t))
                    .map(|(t, p)| (t.to_string(), p.clone()))
                    .unwrap_or_default();
                let mut f = FailingCheck::from_check(c, title, pages);
                let picture = crate::show::evidence::path_of(id, k);
                if self
                    .spool_dir
                    .as_ref()
                    .is_some_and(|d| d.join(&picture).is_file())
                {
                    f.picture = Some(picture);
                }
                s.failures.push(f);
            }
        }
        s.warnings_total = doc.warnings.len();
        s.warnings = doc
            .warnings
            .iter()
            .take(MAX_WARNINGS_PER_DOC)
            .cloned()
            .collect();
        s.quality = s.quality_score();
        let t = &mut r.totals;
        t.documents += 1;
        t.pages += s.pages as u64;
        t.tables += s.tables;
        t.recognised += s.recognised;
        t.checks.merge(&s.checks);
        if s.checks.fail > 0 {
            t.documents_with_failures += 1;
        }
        self.bands[summary::band_of(s.quality)] += 1;
        self.keep(s);
    }

    /// Spool a summary; keep it in memory only when the spool cannot be written.
    fn keep(&mut self, s: DocSummary) {
        if !self.spool_failed {
            if self.spool.is_none() {
                match Spool::create(self.spool_dir.as_deref()) {
                    Ok(sp) => self.spool = Some(sp),
                    Err(_) => self.spool_failed = true,
                }
            }
            if let Some(sp) = &mut self.spool
                && serde_json::to_writer(&mut sp.w, &s).is_ok()
                && sp.w.write_all(b"\n").is_ok()
            {
                return;
            }
            self.spool_failed = true;
        }
        self.report.documents.push(s);
    }

    /// Account for one input that failed.
    pub fn add_error(&mut self, file: &str, reason: &str) {
        self.report.totals.inputs_failed += 1;
        self.report.errors.push(summary::InputError {
            file: file.to_string(),
            error: reason.to_string(),
        });
    }

    /// Write `report.json` and `report.html` into `out_dir` (atomically),
    /// streaming the document summaries from the spool.
    pub fn write(&mut self, out_dir: &Path) -> std::io::Result<()> {
        if let Some(s) = &mut self.spool {
            s.w.flush()?;
        }
        let mut head = self.report.finished(&self.bands);
        head.documents = Vec::new();
        let this: &ReportBuilder = self;
        crate::output::write_atomic_with(&out_dir.join("report.json"), |w| {
            let mut v = serde_json::to_value(&head).map_err(std::io::Error::other)?;
            if let Some(obj) = v.as_object_mut() {
                obj.remove("documents");
                w.write_all(b"{\n")?;
                for (k, val) in obj.iter() {
                    write!(w, "  {}: ", serde_json::Value::String(k.clone()))?;
                    serde_json::to_writer(&mut *w, val).map_err(std::io::Error::other)?;
                    w.write_all(b",\n")?;
                }
            }
            w.write_all(b"  \"documents\": [")?;
            let mut first = true;
            html::DocSource::for_each(this, &mut |d| {
                w.write_all(if first { b"\n    " } else { b",\n    " })?;
                first = false;
                serde_json::to_writer(&mut *w, d).map_err(std::io::Error::other)
            })?;
            w.write_all(b"\n  ]\n}\n")
        })?;
        crate::output::write_atomic_with(&out_dir.join("report.html"), |w| {
            html::render(&head, this, out_dir, w)
        })
    }
}

fn join_pages(pages: &[u32]) -> String {
    pages
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(",")
}
