//! The input edge: read a file (or stdin), fingerprint it, decide whether it
//! is a PDF or text. Pure checks on bytes; the only I/O is the read.

use crate::error::ProcessError;
use sha2::{Digest, Sha256};
use std::path::Path;

/// Largest text input accepted. Extracted disclosures are well under 2 MB; a
/// larger "text" file is a log or a dump, not a disclosure, and would only
/// cost memory.
pub const MAX_TEXT_BYTES: u64 = 20 * 1024 * 1024;
/// Least share of Chinese characters among the letters of a text input.
/// Disclosures are written in Chinese (the corpus and seed texts are at 99 %
/// and more); a README, a manifest or notes in English that merely mention
/// 预算 and 决算 are far below (a crawl's MANIFEST.md: 22 %).
pub const MIN_CJK_LETTER_SHARE: f64 = 0.5;
/// Largest PDF accepted.
pub const MAX_PDF_BYTES: u64 = 512 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Text,
}

/// Which format the user asked for (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FormatChoice {
    #[default]
    Auto,
    Pdf,
    Text,
}

/// One input as read from disk.
#[derive(Debug, Clone)]
pub struct Input {
    /// Path as given by the user (or `-` for stdin).
    pub path: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub format: Format,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Read a file and classify it; errors are the per-file one-liners.
pub fn read_path(path: &Path, choice: FormatChoice) -> Result<Input, ProcessError> {
    let meta = std::fs::metadata(path).map_err(|e| ProcessError::Io(e.to_string()))?;
    if meta.len() > MAX_PDF_BYTES {
        return Err(ProcessError::TooLarge {
            size: meta.len(),
            limit: MAX_PDF_BYTES,
            what: "any input",
        });
    }
    let bytes = std::fs::read(path).map_err(|e| ProcessError::Io(e.to_string()))?;
    classify(path.to_string_lossy().into_owned(), bytes, choice)
}

/// Classify bytes already in memory (stdin, tests).
pub fn classify(path: String, bytes: Vec<u8>, choice: FormatChoice) -> Result<Input, ProcessError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ProcessError::Empty);
    }
    let looks_pdf = bytes.len() >= 5
        && bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-");
    let format = match choice {
        FormatChoice::Pdf => Format::Pdf,
        FormatChoice::Text => Format::Text,
        FormatChoice::Auto if looks_pdf => Format::Pdf,
        FormatChoice::Auto => Format::Text,
    };
    if format == Format::Text {
        if bytes.len() as u64 > MAX_TEXT_BYTES {
            return Err(ProcessError::TooLarge {
                size: bytes.len() as u64,
                limit: MAX_TEXT_BYTES,
                what: "text input",
            });
        }
        let Some(text) = decode_text(&bytes) else {
            return Err(ProcessError::Binary);
        };
        let (cjk, latin) = letter_counts(&text);
        if (cjk as f64) < MIN_CJK_LETTER_SHARE * (cjk + latin) as f64 {
            return Err(ProcessError::NotADisclosure(format!(
                "a text mostly not in Chinese ({} of its {} letters are Chinese): a README, manifest or notes?",
                cjk,
                cjk + latin
            )));
        }
    }
    let sha256 = sha256_hex(&bytes);
    Ok(Input {
        path,
        bytes,
        sha256,
        format,
    })
}

/// Chinese characters (CJK unified ideographs) and Latin letters.
fn letter_counts(text: &str) -> (usize, usize) {
    let mut cjk = 0;
    let mut latin = 0;
    for c in text.chars() {
        if ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c) {
            cjk += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    (cjk, latin)
}

/// SHA-256 of a file, streamed (for shards and `--resume`, which must know
/// an input's content before deciding whether to process it).
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    let mut s = String::with_capacity(64);
    for b in h.finalize().iter() {
        s.push_str(&format!("{b:02x}"));
    }
    Ok(s)
}

/// Decode a text input: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030
/// (what Chinese Windows tools write). `None` when it is binary, not text.
pub fn decode_text(bytes: &[u8]) -> Option<String> {
    let (enc, body) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        (encoding_rs::UTF_8, rest)
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        (encoding_rs::UTF_16LE, &bytes[2..])
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        (encoding_rs::UTF_16BE, &bytes[2..])
    } else if std::str::from_utf8(bytes).is_ok() {
        (encoding_rs::UTF_8, bytes)
    } else {
        (encoding_rs::GB18030, bytes)
    };
    let (text, _, had_errors) = enc.decode(body);
    if had_errors {
        return None;
    }
    // Control characters other than tab, newline, CR and form feed mean binary.
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
        .count();
    if controls * 100 > text.chars().count().max(1) {
        return None;
    }
    Some(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_binary_are_rejected() {
        assert_eq!(
            classify("e".into(), b"  \n".to_vec(), FormatChoice::Auto).unwrap_err(),
            ProcessError::Empty
        );
        let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert_eq!(
            classify("j".into(), junk, FormatChoice::Auto).unwrap_err(),
            ProcessError::Binary
        );
    }

    #[test]
    fn english_text_is_not_a_disclosure() {
        let manifest = "# Real disclosures\n| file | department | kind |\n|---|---|---|\n| a.pdf | 上海市财政局 | 预算 (budget), unit |\n".repeat(20);
        assert!(matches!(
            classify(
                "MANIFEST.md".into(),
                manifest.into_bytes(),
                FormatChoice::Auto
            ),
            Err(ProcessError::NotADisclosure(_))
        ));
    }

    #[test]
    fn pdf_is_sniffed_and_gbk_text_decoded() {
        let i = classify("a".into(), b"%PDF-1.7\n...".to_vec(), FormatChoice::Auto).unwrap();
        assert_eq!(i.format, Format::Pdf);
        let (gbk, _, _) = encoding_rs::GBK.encode("部门收支总表 单位：万元");
        assert_eq!(decode_text(&gbk).unwrap(), "部门收支总表 单位：万元");
    }
}
