//! lopdf load failures → the user-facing [`ProcessError`].

use crate::error::ProcessError;

/// Classify a failure to open the document.
pub fn load_error(e: &lopdf::Error) -> ProcessError {
    use lopdf::Error as E;
    match e {
        E::InvalidPassword | E::AlreadyEncrypted => ProcessError::Encrypted,
        E::Decryption(_) => ProcessError::Encrypted,
        other => {
            let msg = other.to_string();
            if msg.to_ascii_lowercase().contains("password")
                || msg.to_ascii_lowercase().contains("encrypt")
            {
                ProcessError::Encrypted
            } else {
                ProcessError::CorruptPdf(format!("cannot read the PDF structure ({msg})"))
            }
        }
    }
}
