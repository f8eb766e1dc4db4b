//! Text extraction: PDF bytes → positioned glyphs and ruling lines per page.

pub mod pdf;

pub use pdf::{extract_document, extract_pages};
