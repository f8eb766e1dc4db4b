//! One document through every stage. Pure: bytes in, canonical document out.

use crate::error::ProcessError;
use crate::input::{Format, Input};
use crate::model::*;
use crate::{extract, facts, layout, ocr, reconcile, templates};

/// Run every stage on one input.
pub fn process(input: &Input) -> Result<CanonicalDocument, ProcessError> {
    process_keeping_pages(input).map(|(doc, _)| doc)
}

/// The pages a document was read from, as layout saw them: PDF glyphs
/// (OCR'd words on scanned pages), or a text input on its character grid;
/// with the layout tolerances that read them. For pictures of what was read
/// ([`crate::show`]).
#[derive(Debug, Default)]
pub struct ReadPages {
    pub pages: Vec<Page>,
    pub settings: layout::geometric::Settings,
}

/// [`process`], keeping the pages.
pub fn process_keeping_pages(
    input: &Input,
) -> Result<(CanonicalDocument, ReadPages), ProcessError> {
    let mut read = ReadPages::default();
    let mut ocr_warnings = Vec::new();
    let mut ocr_pages: Vec<u32> = Vec::new();
    let mut damage: Option<Damage> = None;
    let (mut laid, pages, format) = match input.format {
        Format::Pdf => {
            let (mut pages, found) = extract::extract_document(&input.bytes)?;
            damage = found;
            let n = pages.len() as u32;
            let scanned: Vec<u32> = pages
                .iter()
                .filter(|p| p.glyphs.is_empty() && p.scan.is_some())
                .map(|p| p.number)
                .collect();
            ocr_warnings = ocr::read_scans(&mut pages).map_err(ProcessError::NoTextLayer)?;
            ocr_pages = pages
                .iter()
                .filter(|p| scanned.contains(&p.number) && !p.glyphs.is_empty())
                .map(|p| p.number)
                .collect();
            if pages.iter().all(|p| p.glyphs.is_empty()) {
                if let Some(d) = &damage {
                    return Err(ProcessError::CorruptPdf(d.problems.join("; ")));
                }
                return Err(ProcessError::NoTextLayer(format!(
                    "none of its {n} pages has text or a scanned image OCR could read"
                )));
            }
            let laid = layout::geometric::recover(&pages);
            read.pages = pages;
            (laid, n, "pdf")
        }
        Format::Text => {
            let text = crate::input::decode_text(&input.bytes).ok_or(ProcessError::Binary)?;
            let pages = text.matches('\x0c').count() as u32 + 1;
            let (grid, settings) = layout::text::grid_pages(&text);
            read.pages = grid;
            read.settings = settings;
            (layout::text::recover(&text), pages, "text")
        }
    };
    layout::header_grid::join(&mut laid.tables);
    if laid.tables.is_empty() && !looks_like_disclosure(&laid) {
        if let Some(d) = &damage {
            return Err(ProcessError::CorruptPdf(d.problems.join("; ")));
        }
        return Err(ProcessError::NotADisclosure(
            "no budget table and no budget wording (预算/决算, 收入, 支出) found".into(),
        ));
    }
    let (mut tables, mut warnings) = templates::canonicalize(&laid);
    warnings.extend(reconcile::readings::settle(&mut tables, &ocr_pages));
    let meta = facts::document_meta(&laid, &tables);
    let (facts, mut checks) = facts::extract(&laid, &tables, &meta);
    let year_changes = facts::year_changes(&laid, &meta, &facts);
    reconcile::check_and_blame(&mut checks, &tables, &facts);
    ocr::note_read_pages(&mut checks, &ocr_pages);
    warnings.splice(0..0, laid.warnings.iter().cloned());
    warnings.splice(0..0, ocr_warnings);
    if let Some(d) = &damage {
        let notes: Vec<String> = d
            .problems
            .iter()
            .map(|p| format!("damaged PDF, read as far as it goes: {p}"))
            .collect();
        warnings.splice(0..0, notes);
    }
    warnings.extend(reconcile::warnings(&tables));
    warnings.extend(facts::warnings(&laid, &tables, &meta));
    let summary = summarize(&tables, &checks);
    Ok((
        CanonicalDocument {
            schema: SCHEMA_ID.to_string(),
            source: Source {
                path: input.path.clone(),
                sha256: input.sha256.clone(),
                format: format.to_string(),
                pages,
                yusuan: None,
                url: None,
                region_code: None,
                crawl_date: None,
                caller_id: None,
                damage,
            },
            document: meta,
            tables,
            facts,
            checks,
            summary,
            warnings,
            year_changes,
        },
        read,
    ))
}

/// A document without tables is still a disclosure when its prose speaks of
/// a budget or final accounts with revenue and expenditure.
fn looks_like_disclosure(laid: &LaidOut) -> bool {
    let mut budget = false;
    let mut money = false;
    for line in &laid.prose {
        budget |= line.text.contains("预算") || line.text.contains("决算");
        money |= line.text.contains("收入") || line.text.contains("支出");
        if budget && money {
            return true;
        }
    }
    false
}

fn summarize(tables: &[Table], checks: &[Check]) -> Summary {
    let count = |s: CheckStatus| checks.iter().filter(|c| c.status == s).count();
    Summary {
        tables: tables.len(),
        recognised: tables.iter().filter(|t| t.template.is_some()).count(),
        checks_pass: count(CheckStatus::Pass),
        checks_rounding: count(CheckStatus::Rounding),
        checks_fail: count(CheckStatus::Fail),
        checks_skip: count(CheckStatus::Skip),
    }
}
