//! Tables from positioned glyphs and ruling lines.

use crate::model::{LaidOut, Page};

/// Recover prose and tables from a document's pages.
pub fn recover(_pages: &[Page]) -> LaidOut {
    LaidOut::default()
}
