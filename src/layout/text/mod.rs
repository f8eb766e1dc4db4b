//! Tables from extracted text: detect the layout family once per document,
//! then let that family's reader turn lines into events (prose lines, table
//! rows) that one assembler makes into prose and tables.
//!
//! Families: prose with Markdown-like markers (and pipe tables), one cell
//! per tab-indented line, tab-separated rows, a PDF extractor's reading
//! order (its own module), and space-aligned columns (`pdftotext -layout`,
//! laid out on a character grid and read by the geometric layout).

pub mod aligned;
mod aligned_cells;
mod aligned_headers;
mod assemble;
mod cell_per_line;
pub mod common;
pub mod detect;
mod grid;
mod prose;
pub mod reading_order;
mod tsv;

use crate::model::LaidOut;
use common::{Settings, split_lines};
use detect::Family;

/// Recover prose and tables from a text input. Form feeds separate pages.
pub fn recover(text: &str) -> LaidOut {
    recover_with(text, &Settings::default())
}

/// [`recover`] with explicit tolerances.
pub fn recover_with(text: &str, settings: &Settings) -> LaidOut {
    let lines = split_lines(text);
    match detect::detect(&lines, settings) {
        Family::ReadingOrder => reading_order::recover(text),
        Family::Aligned(w) => aligned::recover(&lines, w),
        Family::CellPerLine => {
            assemble::assemble(cell_per_line::events(&lines, settings), false, settings)
        }
        Family::Tsv => assemble::assemble(tsv::events(&lines), true, settings),
        Family::Prose => assemble::assemble(prose::events(&lines), true, settings),
    }
}

/// The pages of a text input on its character grid, with the tolerances
/// that read such a grid: what a picture of a text input is drawn from.
/// Space-aligned text is laid out so by its own reader; the other families
/// are put on the grid of the width model that fits them best.
pub fn grid_pages(text: &str) -> (Vec<crate::model::Page>, crate::layout::geometric::Settings) {
    let lines = split_lines(text);
    let w = aligned::detect(&lines, &Settings::default()).unwrap_or(aligned::Widths(2.0));
    (aligned::pages(&lines, w), aligned::text_settings())
}

#[cfg(test)]
mod seeds;
