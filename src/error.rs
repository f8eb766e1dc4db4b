//! Why one input could not be processed. Each variant renders as one line a
//! user can act on; the batch goes on with the next file.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq)]
pub enum ProcessError {
    #[error("cannot read file: {0}")]
    Io(String),
    #[error("empty file")]
    Empty,
    #[error("file too large: {size} bytes (limit {limit} bytes for {what})")]
    TooLarge {
        size: u64,
        limit: u64,
        what: &'static str,
    },
    #[error("not a PDF or text document (binary content)")]
    Binary,
    #[error("not a budget disclosure: {0}")]
    NotADisclosure(String),
    #[error("PDF is encrypted and needs a password")]
    Encrypted,
    #[error("corrupt PDF: {0}")]
    CorruptPdf(String),
    #[error("no text layer: {0}")]
    NoTextLayer(String),
    #[error("took longer than the time limit of {0} s per document (--time-limit); left out")]
    TimedOut(String),
    #[error("internal error (please report): {0}")]
    Internal(String),
}
