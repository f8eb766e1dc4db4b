//! The batch data-quality report: `report.json` and a self-contained
//! `report.html` (inline CSS, SVG and a little JS; no network).
//!
//! The builder keeps one small summary per document (counts, failing
//! checks, warnings), never the documents themselves, so a 5,000-document
//! batch stays small in memory and the HTML stays fast.

mod html;
mod summary;
mod svg;

pub use summary::{BatchTotals, DocSummary, FailingCheck, Report};

use crate::model::{CanonicalDocument, CheckStatus};
use std::io::Write;
use std::path::Path;

/// Warnings kept per document in the report (the JSON output has them all).
const MAX_WARNINGS_PER_DOC: usize = 50;

#[derive(Debug, Default)]
pub struct ReportBuilder {
    report: Report,
}

impl ReportBuilder {
    pub fn new() -> Self {
        Self::default()
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
        for c in &doc.checks {
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
                s.failures.push(FailingCheck::from_check(c, title, pages));
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
        r.documents.push(s);
    }

    /// Account for one input that failed.
    pub fn add_error(&mut self, file: &str, reason: &str) {
        self.report.totals.inputs_failed += 1;
        self.report.errors.push(summary::InputError {
            file: file.to_string(),
            error: reason.to_string(),
        });
    }

    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Write `report.json` and `report.html` into `out_dir` (atomically).
    pub fn write(&self, out_dir: &Path) -> std::io::Result<()> {
        let report = self.report.finished();
        // Streamed: a batch's report is large (a summary per document).
        crate::output::write_atomic_with(&out_dir.join("report.json"), |w| {
            serde_json::to_writer_pretty(&mut *w, &report).map_err(std::io::Error::other)?;
            w.write_all(b"\n")
        })?;
        let page = html::render(&report);
        crate::output::write_atomic(&out_dir.join("report.html"), page.as_bytes())
    }
}

fn join_pages(pages: &[u32]) -> String {
    pages
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(",")
}
