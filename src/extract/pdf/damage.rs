//! Damage a PDF reader silently works around: a file cut short (no
//! `%%EOF` at its end), a page tree shorter than the page count it
//! declares, pages whose content objects are missing from the file. lopdf
//! opens such files and the pages come out empty, so without these checks
//! a truncated download reads as a document with no tables and nothing
//! wrong. Pure checks on the opened document.

use super::objects::resolve;
use crate::model::Damage;
use lopdf::{Document, Object, ObjectId};
use std::collections::BTreeMap;

/// How far from the end of the file `%%EOF` is looked for: producers and
/// upload tools append a few bytes (newlines, NULs, a signature) after it.
const EOF_MARKER_WINDOW: usize = 2048;

/// The damage found, or `None` for a sound file.
pub fn inspect(bytes: &[u8], doc: &Document, pages: &BTreeMap<u32, ObjectId>) -> Option<Damage> {
    let mut problems = Vec::new();
    let tail = &bytes[bytes.len().saturating_sub(EOF_MARKER_WINDOW)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        problems.push(
            "the file does not end with %%EOF: it was probably cut short (an interrupted download?)"
                .to_string(),
        );
    }
    if let Some(declared) = declared_pages(doc)
        && declared > pages.len() as i64
    {
        problems.push(format!(
            "the page tree holds {} pages but declares {declared}: {} pages are missing",
            pages.len(),
            declared - pages.len() as i64
        ));
    }
    let unreadable: Vec<u32> = pages
        .iter()
        .enumerate()
        .filter(|(_, (_, id))| !content_present(doc, **id))
        .map(|(i, _)| i as u32 + 1)
        .collect();
    if !unreadable.is_empty() {
        problems.push(format!(
            "the content of {} of its {} pages is missing from the file (pages {}): their text and tables cannot be read",
            unreadable.len(),
            pages.len(),
            ranges(&unreadable)
        ));
    }
    (!problems.is_empty()).then_some(Damage {
        problems,
        unreadable_pages: unreadable,
    })
}

/// `/Count` of the root page tree node.
fn declared_pages(doc: &Document) -> Option<i64> {
    let root = doc.catalog().ok()?;
    let pages = match resolve(doc, root.get(b"Pages").ok()?)? {
        Object::Dictionary(d) => d,
        _ => return None,
    };
    resolve(doc, pages.get(b"Count").ok()?)?.as_i64().ok()
}

/// A page whose dictionary is there and whose `/Contents` (when it names
/// any) resolves to streams. A page without `/Contents` is blank by design.
fn content_present(doc: &Document, id: ObjectId) -> bool {
    let Ok(page) = doc.get_dictionary(id) else {
        return false;
    };
    let Ok(contents) = page.get(b"Contents") else {
        return true;
    };
    let is_stream = |o: &Object| matches!(resolve(doc, o), Some(Object::Stream(_)));
    match resolve(doc, contents) {
        Some(Object::Array(items)) => items.iter().all(is_stream),
        Some(Object::Stream(_)) => true,
        _ => false,
    }
}

/// `3, 5-9` for pages 3, 5, 6, 7, 8, 9.
fn ranges(pages: &[u32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        out.push(if i == j {
            pages[i].to_string()
        } else {
            format!("{}-{}", pages[i], pages[j])
        });
        i = j + 1;
    }
    out.join(", ")
}
