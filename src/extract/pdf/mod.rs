//! Positioned text from PDF content streams, read with lopdf.

use crate::error::ProcessError;
use crate::model::Page;

/// Every page of the PDF with its visible glyphs and ruling lines.
pub fn extract_pages(_bytes: &[u8]) -> Result<Vec<Page>, ProcessError> {
    Err(ProcessError::Internal(
        "PDF extraction is not built yet".into(),
    ))
}
