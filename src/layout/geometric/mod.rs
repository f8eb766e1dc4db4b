//! Tables from positioned glyphs and ruling lines, as a chain of named
//! steps (pdfplumber `table.py` style), each in its own file and testable on
//! a tiny hand-made page:
//!
//! 1. [`grid`]: ruling lines → grids of drawn cells; [`ruled`]: the glyphs
//!    inside each grid → header per column + body rows.
//! 2. [`lines`] / [`words`]: the remaining glyphs → lines → chunks.
//! 3. [`pages::furniture`]: page numbers and running headers/footers dropped.
//! 4. [`columns`]: tables without ruling, from column alignment.
//! 5. [`tables`]: titles, captions and notes around each table; the rest is
//!    prose.
//! 6. [`pages`]: side-by-side halves and page continuations joined.
//!
//! Every tolerance is a named field of [`Settings`].

pub mod columns;
pub mod draft;
pub mod grid;
pub mod headers;
pub mod lines;
pub mod pages;
pub mod ruled;
pub mod settings;
pub mod tables;
pub mod vocab;
pub mod words;

pub use settings::Settings;

use crate::model::{LaidOut, Page, ProseLine};
use draft::Draft;
use words::TextLine;

/// Recover prose and tables from a document's pages with default settings.
pub fn recover(pages: &[Page]) -> LaidOut {
    recover_with(pages, &Settings::default())
}

/// One page after grid recovery: its ruled drafts and its free lines.
struct PageParts {
    number: u32,
    height: f32,
    drafts: Vec<Draft>,
    lines: Vec<TextLine>,
}

/// Find the ruled grids of a page, read their cells, and turn the glyphs
/// outside them into lines.
fn page_parts(page: &Page, s: &Settings) -> PageParts {
    let glyphs = &page.glyphs;
    let grids = grid::find_grids(&page.rules, s);
    let mut free: Vec<usize> = (0..glyphs.len()).collect();
    let mut drafts = Vec::new();
    for g in &grids {
        let inside = ruled::glyphs_inside(g, glyphs, &free);
        if inside.is_empty() {
            continue;
        }
        let d = ruled::grid_to_draft(g, glyphs, &inside, page.number, s);
        if d.rows.is_empty() && d.columns.iter().all(|c| c.is_empty()) {
            continue;
        }
        let mut taken = inside;
        taken.sort_unstable();
        free.retain(|i| taken.binary_search(i).is_err());
        drafts.push(d);
    }
    let lines = lines::glyphs_to_lines(glyphs, free, s)
        .iter()
        .map(|l| TextLine::from_line(l, glyphs, s))
        .collect();
    PageParts {
        number: page.number,
        height: page.height,
        drafts,
        lines,
    }
}

/// Recover prose and tables with the given settings.
pub fn recover_with(pages: &[Page], s: &Settings) -> LaidOut {
    let parts: Vec<PageParts> = pages.iter().map(|p| page_parts(p, s)).collect();
    let margins: Vec<(f32, Vec<TextLine>)> =
        parts.iter().map(|p| (p.height, p.lines.clone())).collect();
    let furniture = pages::furniture(&margins, s);
    let mut layouts = Vec::with_capacity(parts.len());
    for (part, drop) in parts.into_iter().zip(furniture) {
        let lines: Vec<TextLine> = part
            .lines
            .into_iter()
            .zip(drop)
            .filter(|(_, d)| !*d)
            .map(|(l, _)| l)
            .collect();
        // tables without ruling among the free lines
        let mut drafts = part.drafts;
        let mut in_block = vec![false; lines.len()];
        for (h, b) in columns::lines_to_blocks(&lines, s) {
            let (Some(head), Some(body)) = (lines.get(h.clone()), lines.get(b.clone())) else {
                continue;
            };
            drafts.push(columns::block_to_draft(head, body, part.number, s));
            for i in h.start..b.end {
                if let Some(f) = in_block.get_mut(i) {
                    *f = true;
                }
            }
        }
        let free: Vec<TextLine> = lines
            .into_iter()
            .zip(in_block)
            .filter(|(_, b)| !*b)
            .map(|(l, _)| l)
            .collect();
        let mut layout = tables::assemble(part.number, &free, drafts, s);
        layout.tables = pages::join_side_by_side(std::mem::take(&mut layout.tables))
            .into_iter()
            .map(pages::split_halves)
            .collect();
        layouts.push(layout);
    }
    let mut prose = Vec::new();
    for l in &layouts {
        for (_, text) in &l.prose {
            prose.push(ProseLine {
                page: l.page,
                text: text.clone(),
            });
        }
    }
    let (tables, unclaimed) = pages::stitch(layouts);
    for (page, text) in unclaimed {
        // a title nobody took stays prose, at the end of its page
        let at = prose
            .iter()
            .rposition(|p: &ProseLine| p.page <= page)
            .map_or(0, |i| i + 1);
        prose.insert(at, ProseLine { page, text });
    }
    LaidOut {
        prose,
        tables,
        warnings: Vec::new(),
    }
}
