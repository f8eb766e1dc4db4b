//! The output edge: canonical JSON per document, the batch datasets
//! (`facts.csv`, `facts.jsonl`, `cells.csv`, `panel.csv`, `panel.jsonl`) and
//! `errors.jsonl`. Every file is written to a temporary name and renamed into
//! place, so an interrupted run never leaves a half-written file.

use crate::model::CanonicalDocument;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Canonical JSON text of a document (pretty, deterministic, trailing newline).
pub fn to_json(doc: &CanonicalDocument) -> String {
    let mut s = serde_json::to_string_pretty(doc).expect("canonical documents always serialise");
    s.push('\n');
    s
}

/// Write `contents` to `path` atomically (temp file in the same folder, then rename).
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let tmp = temp_name(path);
    {
        let mut f = BufWriter::new(File::create(&tmp)?);
        f.write_all(contents)?;
        f.flush()?;
    }
    std::fs::rename(&tmp, path)
}

/// Like [`write_atomic`], with the contents streamed by `fill` (no copy of
/// a large file in memory).
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let tmp = temp_name(path);
    {
        let mut f = BufWriter::new(File::create(&tmp)?);
        fill(&mut f)?;
        f.flush()?;
    }
    std::fs::rename(&tmp, path)
}

fn temp_name(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".part");
    path.with_file_name(name)
}

/// A dataset file that is streamed row by row and renamed into place when
/// the batch finishes.
pub struct StreamedFile {
    tmp: PathBuf,
    dest: PathBuf,
    w: BufWriter<File>,
}

impl StreamedFile {
    pub fn create(dest: PathBuf) -> std::io::Result<Self> {
        let tmp = temp_name(&dest);
        let w = BufWriter::new(File::create(&tmp)?);
        Ok(Self { tmp, dest, w })
    }
    pub fn writer(&mut self) -> &mut BufWriter<File> {
        &mut self.w
    }
    pub fn finish(mut self) -> std::io::Result<()> {
        self.w.flush()?;
        drop(self.w);
        std::fs::rename(&self.tmp, &self.dest)
    }
}

/// Columns of `panel.csv` (and the keys of `panel.jsonl`): one row per
/// department_key × year × kind × scope × fact key of each document.
pub const PANEL_COLUMNS: [&str; 12] = [
    "department_key",
    "year",
    "kind",
    "scope",
    "key",
    "yuan",
    "value",
    "unit",
    "department",
    "coverage",
    "document",
    "file",
];

/// The batch datasets, streamed as documents complete.
pub struct Datasets {
    facts_csv: csv::Writer<StreamedFile>,
    facts_jsonl: StreamedFile,
    cells_csv: csv::Writer<StreamedFile>,
    panel_csv: csv::Writer<StreamedFile>,
    panel_jsonl: StreamedFile,
    errors: StreamedFile,
}

impl Write for StreamedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.w.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}

impl Datasets {
    pub fn create(out: &Path) -> std::io::Result<Self> {
        let mut facts_csv = csv::Writer::from_writer(StreamedFile::create(out.join("facts.csv"))?);
        facts_csv.write_record([
            "document",
            "department",
            "year",
            "kind",
            "key",
            "value",
            "unit",
            "yuan",
            "scope",
            "coverage",
            "sha256",
            "source_url",
            "region_code",
            "crawl_date",
            "caller_id",
        ])?;
        let mut cells_csv = csv::Writer::from_writer(StreamedFile::create(out.join("cells.csv"))?);
        cells_csv.write_record([
            "document",
            "table",
            "template",
            "page",
            "side",
            "code",
            "name",
            "column",
            "value",
            "unit",
            "yuan",
            "department",
            "year",
            "kind",
            "scope",
            "coverage",
            "sha256",
            "source_url",
            "region_code",
            "crawl_date",
            "caller_id",
        ])?;
        let mut panel_csv = csv::Writer::from_writer(StreamedFile::create(out.join("panel.csv"))?);
        panel_csv.write_record(PANEL_COLUMNS)?;
        Ok(Self {
            facts_csv,
            facts_jsonl: StreamedFile::create(out.join("facts.jsonl"))?,
            cells_csv,
            panel_csv,
            panel_jsonl: StreamedFile::create(out.join("panel.jsonl"))?,
            errors: StreamedFile::create(out.join("errors.jsonl"))?,
        })
    }

    /// Append one document's facts and cells.
    pub fn add(&mut self, doc_id: &str, doc: &CanonicalDocument) -> std::io::Result<()> {
        let dept = doc.document.department.clone().unwrap_or_default();
        let year = doc.document.year.map(|y| y.to_string()).unwrap_or_default();
        let kind = doc.document.kind.clone().unwrap_or_default();
        let src = &doc.source;
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let provenance = [
            opt(&doc.document.scope),
            opt(&doc.document.coverage),
            src.sha256.clone(),
            opt(&src.url),
            opt(&src.region_code),
            opt(&src.crawl_date),
            opt(&src.caller_id),
        ];
        for f in &doc.facts {
            let yuan = f.yuan.clone().unwrap_or_default();
            let mut rec = vec![
                doc_id,
                dept.as_str(),
                year.as_str(),
                kind.as_str(),
                f.key.as_str(),
                f.value.as_str(),
                f.unit.as_str(),
                yuan.as_str(),
            ];
            rec.extend(provenance.iter().map(String::as_str));
            self.facts_csv.write_record(&rec)?;
            let line = serde_json::json!({
                "document": doc_id, "department": doc.document.department, "year": doc.document.year,
                "kind": doc.document.kind, "key": f.key, "value": f.value, "unit": f.unit, "yuan": f.yuan,
                "scope": doc.document.scope, "coverage": doc.document.coverage, "sha256": src.sha256, "source_url": src.url,
                "region_code": src.region_code, "crawl_date": src.crawl_date, "caller_id": src.caller_id,
            });
            writeln!(self.facts_jsonl, "{line}")?;
        }
        self.add_panel(doc_id, doc)?;
        for t in &doc.tables {
            let template = t.template.clone().unwrap_or_default();
            let unit = t.unit.clone().unwrap_or_default();
            for r in &t.rows {
                let page = r.page.to_string();
                let side = r.side.clone().unwrap_or_default();
                let code = r.code.clone().unwrap_or_default();
                let name = r.name.clone().unwrap_or_default();
                for (col, v) in &r.values {
                    let yuan = t
                        .scale
                        .as_deref()
                        .and_then(|s| crate::amount::to_yuan(v, s))
                        .unwrap_or_default();
                    let mut rec = vec![
                        doc_id,
                        t.id.as_str(),
                        template.as_str(),
                        page.as_str(),
                        side.as_str(),
                        code.as_str(),
                        name.as_str(),
                        col.as_str(),
                        v.as_str(),
                        unit.as_str(),
                        yuan.as_str(),
                        dept.as_str(),
                        year.as_str(),
                        kind.as_str(),
                    ];
                    rec.extend(provenance.iter().map(String::as_str));
                    self.cells_csv.write_record(&rec)?;
                }
            }
        }
        Ok(())
    }

    /// The document's rows of `panel.csv` / `panel.jsonl`: one per fact in
    /// 元 of a document that can be linked (department key, year and kind
    /// known), so that a department's years pivot on `department_key`.
    fn add_panel(&mut self, doc_id: &str, doc: &CanonicalDocument) -> std::io::Result<()> {
        let d = &doc.document;
        let (Some(dept_key), Some(year), Some(kind)) = (&d.department_key, d.year, &d.kind) else {
            return Ok(());
        };
        let year_s = year.to_string();
        let scope = d.scope.clone().unwrap_or_default();
        let dept = d.department.clone().unwrap_or_default();
        let coverage = d.coverage.clone().unwrap_or_default();
        let file = doc
            .source
            .path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&doc.source.path)
            .to_string();
        for f in &doc.facts {
            let Some(yuan) = &f.yuan else { continue };
            self.panel_csv.write_record([
                dept_key.as_str(),
                year_s.as_str(),
                kind.as_str(),
                scope.as_str(),
                f.key.as_str(),
                yuan.as_str(),
                f.value.as_str(),
                f.unit.as_str(),
                dept.as_str(),
                coverage.as_str(),
                doc_id,
                file.as_str(),
            ])?;
            let line = serde_json::json!({
                "department_key": dept_key, "year": year, "kind": kind, "scope": d.scope,
                "key": f.key, "yuan": yuan, "value": f.value, "unit": f.unit,
                "department": d.department, "coverage": d.coverage, "document": doc_id, "file": file,
            });
            writeln!(self.panel_jsonl, "{line}")?;
        }
        Ok(())
    }

    /// Append one failed input.
    pub fn add_error(&mut self, file: &str, reason: &str) -> std::io::Result<()> {
        let line = serde_json::json!({"file": file, "error": reason});
        writeln!(self.errors, "{line}")
    }

    pub fn finish(self) -> std::io::Result<()> {
        let unwrap = |w: csv::Writer<StreamedFile>| {
            w.into_inner()
                .map_err(|e| std::io::Error::other(e.to_string()))
        };
        unwrap(self.facts_csv)?.finish()?;
        unwrap(self.cells_csv)?.finish()?;
        unwrap(self.panel_csv)?.finish()?;
        self.panel_jsonl.finish()?;
        self.facts_jsonl.finish()?;
        self.errors.finish()
    }
}
