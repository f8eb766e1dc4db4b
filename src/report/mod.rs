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

pub use summary::{BatchTotals, DocSummary, FailingCheck, Report, StatusCounts};

use crate::model::{CanonicalDocument, CheckStatus};
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
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
    /// Documents whose summary is superseded ([`Self::withdraw`]), and by what.
    replaced: HashMap<String, Again>,
    /// Summaries given again after a document changed, spooled like the
    /// others (a failing check's message can be long).
    replacements: Option<Spool>,
    replacements_at: u64,
    /// The replacement spool could not be made or written: later summaries
    /// are held in memory.
    replacements_failed: bool,
}

/// What stands in place of a withdrawn document's summary.
#[derive(Debug)]
enum Again {
    /// Nothing (withdrawn, not readmitted).
    Nothing,
    /// The summary at this place of the replacement spool.
    Spooled { at: u64, len: usize },
    /// The summary, when it could not be spooled.
    Held(Box<DocSummary>),
}

/// What one document adds to the report: its summary and its share of the
/// breakdowns, so that a document that changes can be taken out again.
struct Contribution {
    summary: DocSummary,
    tables_by_template: BTreeMap<String, usize>,
    checks_by_rule: BTreeMap<String, StatusCounts>,
    checks_by_template: BTreeMap<String, StatusCounts>,
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
        for s in [self.spool.take(), self.replacements.take()]
            .into_iter()
            .flatten()
        {
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
        let mut again = match &self.replacements {
            Some(r) if !self.replaced.is_empty() => Some(File::open(&r.path)?),
            _ => None,
        };
        // A summary as it stands: superseded ones by their replacement.
        let mut give = |d: &DocSummary| -> std::io::Result<()> {
            match self.replaced.get(&d.id) {
                None => f(d),
                Some(Again::Nothing) => Ok(()),
                Some(Again::Held(d)) => f(d),
                Some(Again::Spooled { at, len }) => {
                    let Some(file) = again.as_mut() else {
                        return Err(std::io::Error::other(
                            "the report's replacement spool is gone",
                        ));
                    };
                    let mut buf = vec![0u8; *len];
                    file.seek(SeekFrom::Start(*at))?;
                    file.read_exact(&mut buf)?;
                    let d: DocSummary =
                        serde_json::from_slice(&buf).map_err(std::io::Error::other)?;
                    f(&d)
                }
            }
        };
        if let Some(s) = &self.spool {
            for line in BufReader::new(File::open(&s.path)?).lines() {
                let d: DocSummary = serde_json::from_str(&line?).map_err(std::io::Error::other)?;
                give(&d)?;
            }
        }
        for d in &self.report.documents {
            give(d)?;
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
        let c = self.contribution(id, doc);
        self.account(&c, true);
        self.keep(c.summary);
    }

    /// Take a document added before out of the report, as it stands now
    /// (its JSON is about to change: the cross-document pass rewrites its
    /// checks); [`Self::readmit`] gives it again, in the same place.
    pub fn withdraw(&mut self, id: &str, doc: &CanonicalDocument) {
        let c = self.contribution(id, doc);
        self.account(&c, false);
        self.replaced.insert(id.to_string(), Again::Nothing);
    }

    /// Give again, as it stands now, a document [`Self::withdraw`] took out:
    /// the report reads as if it had been built from the documents as they
    /// are, without reading them all again.
    pub fn readmit(&mut self, id: &str, doc: &CanonicalDocument) {
        let c = self.contribution(id, doc);
        self.account(&c, true);
        if self.replacements.is_none() && !self.replacements_failed {
            match Spool::create(self.spool_dir.as_deref()) {
                Ok(sp) => self.replacements = Some(sp),
                Err(_) => self.replacements_failed = true,
            }
        }
        let again = match (&mut self.replacements, self.replacements_failed) {
            (Some(sp), false) => match serde_json::to_vec(&c.summary) {
                Ok(line) if sp.w.write_all(&line).is_ok() => {
                    let at = self.replacements_at;
                    self.replacements_at += line.len() as u64;
                    Some(Again::Spooled {
                        at,
                        len: line.len(),
                    })
                }
                _ => None,
            },
            _ => None,
        };
        let again = again.unwrap_or_else(|| {
            // Summaries spooled before stay where they are; this one and
            // the next are held.
            self.replacements_failed = true;
            Again::Held(Box::new(c.summary))
        });
        self.replaced.insert(id.to_string(), again);
    }

    /// What `doc` adds to the report.
    fn contribution(&self, id: &str, doc: &CanonicalDocument) -> Contribution {
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
        let mut tables_by_template: BTreeMap<String, usize> = BTreeMap::new();
        let mut checks_by_rule: BTreeMap<String, StatusCounts> = BTreeMap::new();
        let mut checks_by_template: BTreeMap<String, StatusCounts> = BTreeMap::new();
        for t in &doc.tables {
            let key = t
                .template
                .clone()
                .unwrap_or_else(|| "(unrecognised)".into());
            *tables_by_template.entry(key).or_default() += 1;
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
            let by_rule = checks_by_rule.entry(c.rule.clone()).or_default();
            let by_tpl = checks_by_template
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
        Contribution {
            summary: s,
            tables_by_template,
            checks_by_rule,
            checks_by_template,
        }
    }

    /// Add `c` to the totals and breakdowns, or take it out (`add` false).
    /// An entry a removal leaves at zero goes, as if never counted.
    fn account(&mut self, c: &Contribution, add: bool) {
        let r = &mut self.report;
        let s = &c.summary;
        for (k, n) in &c.tables_by_template {
            let e = r.tables_by_template.entry(k.clone()).or_default();
            *e = if add { *e + n } else { e.saturating_sub(*n) };
            if *e == 0 {
                r.tables_by_template.remove(k);
            }
        }
        for (mine, theirs) in [
            (&c.checks_by_rule, &mut r.checks_by_rule),
            (&c.checks_by_template, &mut r.checks_by_template),
        ] {
            for (k, n) in mine {
                let e = theirs.entry(k.clone()).or_default();
                if add {
                    e.merge(n);
                } else {
                    e.take(n);
                }
                if *e == StatusCounts::default() {
                    theirs.remove(k);
                }
            }
        }
        let t = &mut r.totals;
        let band = &mut self.bands[summary::band_of(s.quality)];
        let failing = usize::from(s.checks.fail > 0);
        if add {
            t.documents += 1;
            t.pages += s.pages as u64;
            t.tables += s.tables;
            t.recognised += s.recognised;
            t.checks.merge(&s.checks);
            t.documents_with_failures += failing;
            *band += 1;
        } else {
            t.documents = t.documents.saturating_sub(1);
            t.pages = t.pages.saturating_sub(s.pages as u64);
            t.tables = t.tables.saturating_sub(s.tables);
            t.recognised = t.recognised.saturating_sub(s.recognised);
            t.checks.take(&s.checks);
            t.documents_with_failures = t.documents_with_failures.saturating_sub(failing);
            *band = band.saturating_sub(1);
        }
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
        for s in [&mut self.spool, &mut self.replacements]
            .into_iter()
            .flatten()
        {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Check;

    fn document() -> CanonicalDocument {
        let bytes = include_bytes!("../../corpus/text/lingshou_ybj_2021_budget_cells.txt").to_vec();
        let input = crate::input::classify("a.txt".into(), bytes, Default::default()).unwrap();
        crate::batch::run_input(&input).unwrap()
    }

    fn written(b: &mut ReportBuilder, dir: &Path) -> (String, String) {
        b.write(dir).unwrap();
        let read = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
        (read("report.json"), read("report.html"))
    }

    /// A document withdrawn and readmitted after its checks changed leaves
    /// the report a builder given the changed document from the start
    /// writes: totals, breakdowns (a rule that no longer occurs included),
    /// bands, and the summary in its place.
    #[test]
    fn withdraw_and_readmit_equal_a_report_built_from_the_changed_documents() {
        let before = document();
        let mut after = before.clone();
        // Checks change: one passing check goes, a failing one of a new rule
        // comes, another of an existing rule turns to fail.
        let gone = after.checks.remove(0);
        let mut new: Check = gone.clone();
        new.rule = "year_over_year".into();
        new.status = CheckStatus::Fail;
        after.checks.push(new);
        if let Some(c) = after.checks.first_mut() {
            c.status = CheckStatus::Fail;
        }
        assert_ne!(before.checks, after.checks);

        let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let mut followed = ReportBuilder::spooled_in(d1.path());
        let mut direct = ReportBuilder::spooled_in(d2.path());
        for (id, b, a) in [
            ("a", &before, &before),
            ("b", &before, &after),
            ("c", &before, &before),
        ] {
            followed.add_document(id, b);
            direct.add_document(id, a);
        }
        followed.add_error("x.pdf", "unreadable");
        direct.add_error("x.pdf", "unreadable");
        followed.withdraw("b", &before);
        followed.readmit("b", &after);
        assert_eq!(
            written(&mut followed, d1.path()),
            written(&mut direct, d2.path())
        );

        // And back: the rule added goes from the breakdowns again.
        followed.withdraw("b", &after);
        followed.readmit("b", &before);
        let d3 = tempfile::tempdir().unwrap();
        let mut plain = ReportBuilder::spooled_in(d3.path());
        for id in ["a", "b", "c"] {
            plain.add_document(id, &before);
        }
        plain.add_error("x.pdf", "unreadable");
        let (json, _) = written(&mut followed, d1.path());
        assert!(!json.contains("year_over_year"));
        assert_eq!(
            (json, written(&mut followed, d1.path()).1),
            written(&mut plain, d3.path())
        );
    }

    /// Where nothing can be spooled (the folder is gone), summaries are held
    /// in memory, the readmitted one in its place.
    #[test]
    fn readmitted_summary_held_in_memory_when_it_cannot_be_spooled() {
        let before = document();
        let mut after = before.clone();
        after.checks.truncate(1);
        let gone = tempfile::tempdir().unwrap().path().join("gone");
        let mut held = ReportBuilder::spooled_in(&gone);
        let d = tempfile::tempdir().unwrap();
        let mut direct = ReportBuilder::spooled_in(d.path());
        for (id, a) in [("a", &before), ("b", &after), ("c", &before)] {
            held.add_document(id, &before);
            direct.add_document(id, a);
        }
        held.withdraw("b", &before);
        held.readmit("b", &after);
        let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        assert_eq!(
            written(&mut held, d1.path()),
            written(&mut direct, d2.path())
        );
    }
}
