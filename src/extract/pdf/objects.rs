//! Small helpers to read lopdf objects leniently: every accessor follows
//! references and answers `None` instead of failing.

use lopdf::{Dictionary, Document, Object, Stream};

/// The object itself, or what a reference (chain) points at.
pub fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

pub fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    resolve(doc, dict.get(key).ok()?)
}

pub fn dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    match get(doc, dict, key)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub fn as_dict<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match resolve(doc, obj)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub fn stream<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Stream> {
    get(doc, dict, key)?.as_stream().ok()
}

pub fn array<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Vec<Object>> {
    get(doc, dict, key)?.as_array().ok()
}

pub fn name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    get(doc, dict, key)?.as_name().ok()
}

pub fn num(doc: &Document, obj: &Object) -> Option<f32> {
    let v = resolve(doc, obj)?.as_float().ok()?;
    v.is_finite().then_some(v)
}

pub fn num_key(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f32> {
    num(doc, dict.get(key).ok()?)
}

/// An array of numbers (all entries must be numbers).
pub fn nums(doc: &Document, obj: &Object) -> Option<Vec<f32>> {
    resolve(doc, obj)?
        .as_array()
        .ok()?
        .iter()
        .map(|o| num(doc, o))
        .collect()
}

/// Decoded stream bytes, bounded by `limit` (a decompression bomb or a
/// broken filter gives `None`, the caller carries on without the stream).
pub fn stream_bytes(s: &Stream, limit: usize) -> Option<Vec<u8>> {
    s.get_plain_content_with_limit(limit).ok()
}
