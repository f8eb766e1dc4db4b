//! Tables from extracted text: detect the layout family, then recover.

pub mod reading_order;

use crate::model::LaidOut;

/// Recover prose and tables from a text input. Form feeds separate pages.
pub fn recover(text: &str) -> LaidOut {
    reading_order::recover(text)
}
