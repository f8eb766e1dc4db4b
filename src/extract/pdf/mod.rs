//! Positioned text from PDF content streams, read with lopdf.
//!
//! The document is opened with lopdf (which repairs broken cross-reference
//! tables and opens files encrypted with an empty user password); each
//! page's content streams are then interpreted here, not by a general
//! text extractor, because budget tables need exact glyph positions and
//! widths and must survive fonts such extractors panic on (predefined CJK
//! CMaps).
//!
//! Steps, one file each:
//! - `lexer`: content-stream tokens (forgiving, never fails);
//! - `content`: the graphics/text state machine → glyphs and paths;
//! - `fonts`, `cmap`, `predefined_cmaps`: codes → Unicode and widths;
//! - `paths`: path painting → ruling lines;
//! - `geometry`: matrices and the displayed-page transform.
//!
//! A page that panics or misbehaves comes out empty; the other pages of
//! the document are unaffected.

mod cmap;
mod content;
mod damage;
mod errors;
mod fonts;
mod geometry;
pub(crate) mod images;
mod lexer;
mod objects;
mod paths;
mod predefined_cmaps;

use crate::error::ProcessError;
use crate::model::{Damage, Page, ScanImage};
use content::{CONTENT_SETTINGS, DocCache, Interpreter};
use geometry::PageGeom;
use lopdf::{Dictionary, Document, Object, ObjectId};
use objects::{as_dict, get, nums, stream_bytes};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// US Letter, the PDF default when a page names no usable box.
const DEFAULT_BOX: [f32; 4] = [0.0, 0.0, 612.0, 792.0];

/// Parent links followed at most when looking up inherited attributes.
const MAX_TREE_DEPTH: usize = 64;

/// Every page of the PDF with its visible glyphs and ruling lines.
pub fn extract_pages(bytes: &[u8]) -> Result<Vec<Page>, ProcessError> {
    extract_document(bytes).map(|(pages, _)| pages)
}

/// Every page, and the damage the file was read around (truncation,
/// missing pages or content), so that the caller can say so.
pub fn extract_document(bytes: &[u8]) -> Result<(Vec<Page>, Option<Damage>), ProcessError> {
    let doc = open(bytes)?;
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(ProcessError::CorruptPdf(
            "no pages found (page tree missing or unreadable)".into(),
        ));
    }
    let damage = damage::inspect(bytes, &doc, &pages);
    let mut cache = DocCache::default();
    let mut out = Vec::with_capacity(pages.len());
    for (index, (_, &page_id)) in pages.iter().enumerate() {
        let number = index as u32 + 1;
        let page = catch_unwind(AssertUnwindSafe(|| {
            extract_page(&doc, page_id, number, &mut cache)
        }));
        out.push(page.unwrap_or_else(|_| Page {
            number,
            width: DEFAULT_BOX[2],
            height: DEFAULT_BOX[3],
            ..Page::default()
        }));
    }
    Ok((out, damage))
}

/// Load the document, decrypting it when the user password is empty.
fn open(bytes: &[u8]) -> Result<Document, ProcessError> {
    if bytes.is_empty() {
        return Err(ProcessError::Empty);
    }
    let loaded = catch_unwind(|| Document::load_mem(bytes))
        .map_err(|_| ProcessError::CorruptPdf("the PDF structure could not be parsed".into()))?;
    let doc = loaded.map_err(|e| errors::load_error(&e))?;
    if doc.is_encrypted() {
        // lopdf decrypts with the empty user password while loading; a
        // document still encrypted afterwards needs a real password.
        return Err(ProcessError::Encrypted);
    }
    Ok(doc)
}

/// A page's inherited attribute (`MediaBox`, `CropBox`, `Rotate`,
/// `Resources`), looked up through its `Parent` chain.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..MAX_TREE_DEPTH {
        if let Some(v) = get(doc, node, key) {
            return Some(v);
        }
        node = as_dict(doc, node.get(b"Parent").ok()?)?;
    }
    None
}

fn rect(doc: &Document, obj: Option<&Object>) -> Option<[f32; 4]> {
    let v = nums(doc, obj?)?;
    let [a, b, c, d] = <[f32; 4]>::try_from(v.as_slice()).ok()?;
    let r = [a.min(c), b.min(d), a.max(c), b.max(d)];
    (r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0).then_some(r)
}

fn page_geom(doc: &Document, page: &Dictionary) -> PageGeom {
    let media = rect(doc, inherited(doc, page, b"MediaBox")).unwrap_or(DEFAULT_BOX);
    // The CropBox, clipped to the MediaBox; ignored when they do not meet.
    let b = match rect(doc, inherited(doc, page, b"CropBox")) {
        Some(c) => {
            let r = [
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ];
            if r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0 {
                r
            } else {
                media
            }
        }
        None => media,
    };
    let rotate = inherited(doc, page, b"Rotate")
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0);
    let rotate = (rotate.rem_euclid(360) / 90 * 90) as u16;
    PageGeom {
        x0: b[0],
        y0: b[1],
        x1: b[2],
        y1: b[3],
        rotate,
    }
}

/// The page's content: its content streams decoded and joined. A stream
/// that cannot be decoded is left out.
fn page_content(doc: &Document, page: &Dictionary) -> Vec<u8> {
    let mut out = Vec::new();
    let mut add = |obj: &Object| {
        if let Some(Object::Stream(s)) = objects::resolve(doc, obj)
            && let Some(bytes) = stream_bytes(s, CONTENT_SETTINGS.max_stream_bytes)
        {
            out.extend_from_slice(&bytes);
            out.push(b'\n');
        }
    };
    match page
        .get(b"Contents")
        .ok()
        .and_then(|o| objects::resolve(doc, o))
    {
        Some(Object::Array(items)) => items.iter().for_each(&mut add),
        Some(_) => {
            if let Ok(c) = page.get(b"Contents") {
                add(c);
            }
        }
        None => {}
    }
    out
}

fn extract_page(doc: &Document, id: ObjectId, number: u32, cache: &mut DocCache) -> Page {
    let Ok(page) = doc.get_dictionary(id) else {
        return Page {
            number,
            width: DEFAULT_BOX[2],
            height: DEFAULT_BOX[3],
            ..Page::default()
        };
    };
    let geom = page_geom(doc, page);
    let (width, height) = geom.size();
    let resources = inherited(doc, page, b"Resources").and_then(|r| match r {
        Object::Dictionary(d) => Some(d),
        _ => None,
    });
    let content = page_content(doc, page);
    let mut interp = Interpreter::new(doc, cache, geom);
    interp.run(&content, resources, 0);
    let mut out = interp.finish();
    paths::finish(&mut out.rules, &geom);
    let scan = if out.glyphs.is_empty() {
        scan_image(doc, &out.images, width * height)
    } else {
        None
    };
    Page {
        number,
        width,
        height,
        glyphs: out.glyphs,
        rules: out.rules,
        scan,
    }
}

/// Share of the page an image must cover to be read as the page's scan.
const MIN_SCAN_COVER: f32 = 0.25;

/// The largest image painted on a page without text, when it covers enough
/// of the page to be a scan (not a logo or a stamp).
fn scan_image(
    doc: &Document,
    images: &[(ObjectId, [f32; 4])],
    page_area: f32,
) -> Option<ScanImage> {
    let area = |b: &[f32; 4]| (b[2] - b[0]).max(0.0) * (b[3] - b[1]).max(0.0);
    let (id, bbox) = images
        .iter()
        .max_by(|a, b| area(&a.1).total_cmp(&area(&b.1)))?;
    if area(bbox) < page_area * MIN_SCAN_COVER {
        return None;
    }
    let file = match doc.get_object(*id) {
        Ok(Object::Stream(s)) => images::encode(doc, s),
        _ => Err("image object missing".into()),
    };
    Some(ScanImage { file, bbox: *bbox })
}
