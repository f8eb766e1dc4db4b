//! Fonts: how a string's bytes split into character codes, what Unicode
//! each code means and how wide its glyph is.
//!
//! A [`Font`] is built once per font dictionary per document (see
//! [`FontCache`]) and then answers per code without allocating.
//!
//! Widths are where naive extractors go wrong on WPS output (digits at 1000
//! instead of 500 glue adjacent cells together), so all the forms are read:
//! simple fonts `Widths`/`FirstChar`/`MissingWidth`; CID fonts `DW` and
//! `W` in both its forms (`c [w1 w2 …]` and `c_first c_last w`).

use super::cmap::{CMap, CodeSpace, MAX_CHARS_PER_CODE};
use super::objects::{array, dict, get, name, num, num_key, nums, resolve, stream, stream_bytes};
use super::predefined_cmaps::{self, Predefined};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;

/// Bound on a decoded ToUnicode / CMap stream.
const CMAP_STREAM_LIMIT: usize = 8 << 20;

/// Width (per 1 unit of font size) used when a simple font gives none:
/// Latin glyphs are taken as half an em, spaces a quarter, others (CJK) a
/// full em; Courier is monospaced at 0.6.
const FALLBACK_LATIN_WIDTH: f32 = 0.5;
const FALLBACK_SPACE_WIDTH: f32 = 0.25;
const FALLBACK_WIDE_WIDTH: f32 = 1.0;
const COURIER_WIDTH: f32 = 0.6;

/// How a font's strings split into codes.
#[derive(Debug, Clone)]
enum Codes {
    OneByte,
    Space(CodeSpace),
    Predefined { kind: Predefined, seven_bit: bool },
}

#[derive(Debug, Clone)]
enum Widths {
    /// `Widths[code - first]`, already scaled to text space per unit size.
    Simple {
        first: u32,
        widths: Vec<f32>,
        missing: Option<f32>,
        courier: bool,
    },
    /// CID ranges `lo..=hi` → width (text space per unit size), sorted by
    /// `lo`; `dw` for CIDs not listed.
    Cid {
        ranges: Vec<(u32, u32, f32)>,
        dw: f32,
    },
}

#[derive(Debug, Clone)]
pub struct Font {
    codes: Codes,
    to_unicode: Option<CMap>,
    /// Simple fonts: Unicode of each byte from `/Encoding`.
    simple: Option<Box<[Option<char>; 256]>>,
    /// Type0 fonts with an embedded encoding CMap mapping codes to CIDs.
    cid_map: Option<CMap>,
    widths: Widths,
    pub vertical: bool,
}

/// The width and meaning of one code.
pub struct Decoded {
    pub code: u32,
    pub len: usize,
}

impl Font {
    /// The font for text shown without a usable `Tf` (missing or broken
    /// font resource): one-byte codes, fallback widths and no Unicode, so
    /// the text advances but emits nothing (guessing an encoding would
    /// emit garbage).
    pub fn fallback() -> Font {
        Font {
            codes: Codes::OneByte,
            to_unicode: None,
            simple: None,
            cid_map: None,
            widths: Widths::Simple {
                first: 0,
                widths: Vec::new(),
                missing: None,
                courier: false,
            },
            vertical: false,
        }
    }

    pub fn load(doc: &Document, font: &Dictionary) -> Font {
        let subtype = name(doc, font, b"Subtype").unwrap_or(b"");
        let to_unicode = stream(doc, font, b"ToUnicode")
            .and_then(|s| stream_bytes(s, CMAP_STREAM_LIMIT))
            .map(|b| CMap::parse(&b))
            .filter(|c| c.has_unicode() || !c.codespace.is_empty());
        if subtype == b"Type0" {
            load_type0(doc, font, to_unicode)
        } else {
            load_simple(doc, font, subtype, to_unicode)
        }
    }

    /// The code at the start of `bytes` (not empty) and its byte length.
    pub fn next_code(&self, bytes: &[u8]) -> Decoded {
        let (code, len) = match &self.codes {
            Codes::OneByte => (bytes.first().copied().map_or(0, u32::from), 1),
            Codes::Space(space) => space.next_code(bytes),
            Codes::Predefined { kind, seven_bit } => {
                let len = kind.code_len(bytes, *seven_bit);
                (super::cmap::code_of(bytes.get(..len).unwrap_or(bytes)), len)
            }
        };
        Decoded {
            code,
            len: len.clamp(1, bytes.len().max(1)),
        }
    }

    /// True when word spacing (`Tw`) applies to this code: a single-byte
    /// code 32 (ISO 32000 9.3.3).
    pub fn is_word_space(&self, d: &Decoded) -> bool {
        d.len == 1 && d.code == 32
    }

    fn cid(&self, code: u32) -> u32 {
        match &self.cid_map {
            Some(m) if m.has_cids() => m.cid(code).unwrap_or(0),
            _ => code,
        }
    }

    /// Horizontal advance of the code per unit font size, before `Tc`/`Tw`.
    pub fn width(&self, d: &Decoded, unicode: Option<char>) -> f32 {
        match &self.widths {
            Widths::Simple {
                first,
                widths,
                missing,
                courier,
            } => {
                let w = d
                    .code
                    .checked_sub(*first)
                    .and_then(|i| widths.get(i as usize))
                    .copied();
                match (w, missing) {
                    (Some(w), _) => w,
                    (None, Some(m)) if *m > 0.0 => *m,
                    _ if *courier => COURIER_WIDTH,
                    _ => fallback_width(unicode),
                }
            }
            Widths::Cid { ranges, dw } => {
                let predefined_bytes = matches!(
                    self.codes,
                    Codes::Predefined {
                        kind: Predefined::Bytes(_),
                        ..
                    }
                );
                if predefined_bytes {
                    // The CID of a byte-encoded code is not known without
                    // the predefined CMap's tables: single bytes are
                    // half-width Latin, others take the default width.
                    return if d.len == 1 {
                        FALLBACK_LATIN_WIDTH
                    } else {
                        *dw
                    };
                }
                let cid = self.cid(d.code);
                let i = ranges.partition_point(|r| r.0 <= cid);
                ranges[..i]
                    .iter()
                    .rev()
                    .take(4)
                    .find(|r| cid <= r.1)
                    .map_or(*dw, |r| r.2)
            }
        }
    }

    /// The Unicode characters of a code; returns how many were written.
    /// Radicals and compatibility ideographs come back as the unified
    /// ideograph ([`fold_radical`]).
    pub fn unicode(
        &self,
        d: &Decoded,
        bytes: &[u8],
        buf: &mut [char; MAX_CHARS_PER_CODE],
    ) -> usize {
        let n = self.unicode_as_mapped(d, bytes, buf);
        for c in buf.iter_mut().take(n) {
            *c = fold_radical(*c);
        }
        n
    }

    fn unicode_as_mapped(
        &self,
        d: &Decoded,
        bytes: &[u8],
        buf: &mut [char; MAX_CHARS_PER_CODE],
    ) -> usize {
        if let Some(tu) = &self.to_unicode {
            let n = tu.unicode(d.code, buf);
            if n > 0 {
                return n;
            }
        }
        match &self.codes {
            Codes::Predefined { kind, seven_bit } => kind.unicode(bytes, *seven_bit, buf),
            _ => {
                if let Some(table) = &self.simple
                    && let Some(Some(c)) = table.get(d.code as usize)
                {
                    buf[0] = *c;
                    return 1;
                }
                0
            }
        }
    }
}

/// The unified ideograph of a Kangxi radical, CJK radical-supplement form
/// or CJK compatibility ideograph (data/cjk_radicals.json: Unicode's NFKC
/// mapping, and EquivalentUnifiedIdeograph for the radical-supplement forms
/// NFKC leaves alone, ⻔ for 门), else `c`. Some producers' ToUnicode maps
/// send a glyph an ideograph shares with a radical to the radical (Chromium
/// with Noto CJK writes 一 as ⼀ U+2F00, 入 as ⼊, 门 as ⻔): the text reads the same to a person
/// but matches no header, title or name vocabulary. Budget disclosures
/// never mean the radical itself.
pub(crate) fn fold_radical(c: char) -> char {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static MAP: OnceLock<HashMap<char, char>> = OnceLock::new();
    if !matches!(c, '\u{2E80}'..='\u{2FDF}' | '\u{F900}'..='\u{FAFF}') {
        return c;
    }
    let map = MAP.get_or_init(|| {
        #[derive(serde::Deserialize)]
        struct File {
            map: HashMap<String, String>,
        }
        let file: File = serde_json::from_str(include_str!("../../../data/cjk_radicals.json"))
            .unwrap_or(File {
                map: HashMap::new(),
            });
        file.map
            .into_iter()
            .filter_map(|(k, v)| Some((k.chars().next()?, v.chars().next()?)))
            .collect()
    });
    map.get(&c).copied().unwrap_or(c)
}

fn fallback_width(c: Option<char>) -> f32 {
    match c {
        Some(' ') => FALLBACK_SPACE_WIDTH,
        Some(c) if (c as u32) < 0x2E80 => FALLBACK_LATIN_WIDTH,
        _ => FALLBACK_WIDE_WIDTH,
    }
}

fn load_type0(doc: &Document, font: &Dictionary, to_unicode: Option<CMap>) -> Font {
    let descendant = array(doc, font, b"DescendantFonts")
        .and_then(|a| a.first())
        .and_then(|o| super::objects::as_dict(doc, o));
    let mut codes = Codes::Space(CodeSpace::fixed(2));
    let mut cid_map = None;
    let mut vertical = false;
    match get(doc, font, b"Encoding") {
        Some(Object::Name(n)) => {
            vertical = predefined_cmaps::is_vertical(n);
            if let Some(kind) = predefined_cmaps::classify(n) {
                if kind != Predefined::Identity {
                    codes = Codes::Predefined {
                        kind,
                        seven_bit: predefined_cmaps::is_seven_bit(n),
                    };
                }
            } else if let Some(tu) = &to_unicode
                && !tu.codespace.is_empty()
            {
                // An unknown predefined CMap: the ToUnicode codespace is
                // the best guide to code lengths.
                codes = Codes::Space(tu.codespace.clone());
            }
        }
        Some(Object::Stream(s)) => {
            if let Some(bytes) = stream_bytes(s, CMAP_STREAM_LIMIT) {
                let cmap = CMap::parse(&bytes);
                vertical = cmap
                    .uses
                    .as_deref()
                    .is_some_and(predefined_cmaps::is_vertical)
                    || s.dict.get(b"WMode").ok().and_then(|o| o.as_i64().ok()) == Some(1);
                if !cmap.codespace.is_empty() {
                    codes = Codes::Space(cmap.codespace.clone());
                }
                if cmap.has_cids() {
                    cid_map = Some(cmap);
                }
            }
        }
        _ => {}
    }
    let mut ranges = Vec::new();
    let mut dw = 1.0;
    if let Some(desc) = descendant {
        if let Some(w) = num_key(doc, desc, b"DW") {
            dw = w / 1000.0;
        }
        if let Some(w) = array(doc, desc, b"W") {
            ranges = parse_w(doc, w);
        }
    }
    Font {
        codes,
        to_unicode,
        simple: None,
        cid_map,
        widths: Widths::Cid { ranges, dw },
        vertical,
    }
}

/// Parse a CID `W` array: `c [w1 w2 …]` gives consecutive CIDs from `c`;
/// `c_first c_last w` gives one width to a range. Widths come out per unit
/// font size (÷ 1000), ranges sorted by first CID.
fn parse_w(doc: &Document, w: &[Object]) -> Vec<(u32, u32, f32)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let Some(first) = num(doc, &w[i]) else {
            i += 1;
            continue;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).and_then(|o| resolve(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, o) in list.iter().enumerate() {
                    if let Some(v) = num(doc, o) {
                        let cid = first.saturating_add(k as u32);
                        out.push((cid, cid, v / 1000.0));
                    }
                }
                i += 2;
            }
            Some(_) => {
                let last = w.get(i + 1).and_then(|o| num(doc, o));
                let width = w.get(i + 2).and_then(|o| num(doc, o));
                if let (Some(last), Some(width)) = (last, width) {
                    let last = last.max(0.0) as u32;
                    if last >= first {
                        out.push((first, last, width / 1000.0));
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
    out.sort_by_key(|r| r.0);
    out
}

fn load_simple(
    doc: &Document,
    font: &Dictionary,
    subtype: &[u8],
    to_unicode: Option<CMap>,
) -> Font {
    let base_font = name(doc, font, b"BaseFont").unwrap_or(b"");
    let courier = base_font
        .windows(7)
        .any(|w| w.eq_ignore_ascii_case(b"courier"));
    let scale = if subtype == b"Type3" {
        get(doc, font, b"FontMatrix")
            .and_then(|m| nums(doc, m))
            .and_then(|m| m.first().copied())
            .filter(|v| v.is_finite() && *v != 0.0)
            .map_or(0.001, f32::abs)
    } else {
        0.001
    };
    let first = num_key(doc, font, b"FirstChar").unwrap_or(0.0).max(0.0) as u32;
    let widths = get(doc, font, b"Widths")
        .and_then(|w| resolve(doc, w))
        .and_then(|w| w.as_array().ok())
        .map(|w| {
            w.iter()
                .map(|o| num(doc, o).unwrap_or(0.0) * scale)
                .collect()
        })
        .unwrap_or_default();
    let missing = dict(doc, font, b"FontDescriptor")
        .and_then(|fd| num_key(doc, fd, b"MissingWidth"))
        .map(|m| m * scale);
    let simple = Some(simple_encoding(doc, font));
    Font {
        codes: Codes::OneByte,
        to_unicode,
        simple,
        cid_map: None,
        widths: Widths::Simple {
            first,
            widths,
            missing,
            courier,
        },
        vertical: false,
    }
}

/// Unicode of each byte under a simple font's `/Encoding`: the base
/// encoding (lopdf's tables), then `Differences` applied name by name.
/// lopdf rejects a whole `Differences` array when one name is outside the
/// glyph list, so names are resolved here one at a time (`uni4E00` and
/// `u1F600` parsed directly, others looked up in lopdf's glyph list).
fn simple_encoding(doc: &Document, font: &Dictionary) -> Box<[Option<char>; 256]> {
    let mut table: Box<[Option<char>; 256]> = Box::new([None; 256]);
    let enc = get(doc, font, b"Encoding");
    let base_name = match enc {
        Some(Object::Name(n)) => Some(n.as_slice()),
        Some(Object::Dictionary(d)) => name(doc, d, b"BaseEncoding"),
        _ => None,
    };
    let mut bare = Dictionary::new();
    bare.set("Type", Object::Name(b"Font".to_vec()));
    if let Some(n) = base_name {
        bare.set("Encoding", Object::Name(n.to_vec()));
    }
    if let Ok(encoding) = bare.get_font_encoding(doc) {
        for (b, slot) in table.iter_mut().enumerate() {
            if let Ok(s) = encoding.bytes_to_string(&[b as u8]) {
                *slot = s.chars().next().filter(|c| !c.is_control());
            }
        }
    }
    let diffs = match enc {
        Some(Object::Dictionary(d)) => array(doc, d, b"Differences"),
        _ => None,
    };
    if let Some(diffs) = diffs {
        let mut code = 0u32;
        for o in diffs {
            match resolve(doc, o) {
                Some(Object::Integer(i)) => code = (*i).clamp(0, 255) as u32,
                Some(Object::Name(n)) => {
                    if let Some(slot) = table.get_mut(code as usize) {
                        *slot = glyph_unicode(doc, n);
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    table
}

/// The character a glyph name stands for.
fn glyph_unicode(doc: &Document, glyph: &[u8]) -> Option<char> {
    if let Some(c) = glyph_name_unicode(glyph) {
        return Some(c);
    }
    let mut enc = Dictionary::new();
    enc.set(
        "Differences",
        vec![Object::Integer(65), Object::Name(glyph.to_vec())],
    );
    let mut bare = Dictionary::new();
    bare.set("Type", Object::Name(b"Font".to_vec()));
    bare.set("Encoding", Object::Dictionary(enc));
    let encoding = bare.get_font_encoding(doc).ok()?;
    // An unknown name makes lopdf fall back to StandardEncoding, where 65
    // is `A`: only trust the answer when the name is `A`.
    let c = encoding.bytes_to_string(&[65]).ok()?.chars().next()?;
    (c != 'A' || glyph == b"A")
        .then_some(c)
        .filter(|c| !c.is_control())
}

/// `uniXXXX` and `uXXXX[XX]` glyph names.
fn glyph_name_unicode(name: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(name).ok()?;
    let hex = s
        .strip_prefix("uni")
        .filter(|h| h.len() == 4)
        .or_else(|| s.strip_prefix('u').filter(|h| (4..=6).contains(&h.len())))?;
    char::from_u32(u32::from_str_radix(hex, 16).ok()?)
}

/// Fonts of one document, built once each. Fonts referenced indirectly
/// (nearly all) are cached by object id; a direct font dictionary is built
/// at each use.
#[derive(Default)]
pub struct FontCache {
    by_id: HashMap<ObjectId, u16>,
    fonts: Vec<Font>,
}

/// Fonts beyond this count in one document share the last slot's index
/// for identity (the index only tells fonts apart).
const MAX_FONT_INDEX: usize = u16::MAX as usize;

impl FontCache {
    /// The font index for a `/Font` resource entry.
    pub fn load(&mut self, doc: &Document, obj: &Object) -> Option<u16> {
        if let Ok(id) = obj.as_reference()
            && let Some(&i) = self.by_id.get(&id)
        {
            return Some(i);
        }
        let d = super::objects::as_dict(doc, obj)?;
        let font = Font::load(doc, d);
        let index = self.fonts.len().min(MAX_FONT_INDEX) as u16;
        self.fonts.push(font);
        if let Ok(id) = obj.as_reference() {
            self.by_id.insert(id, index);
        }
        Some(index)
    }

    pub fn get(&self, index: u16) -> Option<&Font> {
        self.fonts.get(usize::from(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn w_of(font: &Font, code: u32) -> f32 {
        font.width(&Decoded { code, len: 2 }, None)
    }

    #[test]
    fn cid_w_array_both_forms_and_dw() {
        let doc = Document::with_version("1.5");
        let w = vec![
            Object::Integer(3),
            Object::Array(vec![Object::Integer(250), Object::Integer(333)]),
            Object::Integer(19),
            Object::Integer(28),
            Object::Integer(500),
        ];
        let desc =
            dictionary! { "Type" => "Font", "Subtype" => "CIDFontType2", "DW" => 1000, "W" => w };
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "Encoding" => "Identity-H",
            "DescendantFonts" => vec![Object::Dictionary(desc)],
        };
        let f = Font::load(&doc, &font);
        assert_eq!(w_of(&f, 3), 0.25);
        assert_eq!(w_of(&f, 4), 0.333);
        assert_eq!(w_of(&f, 19), 0.5);
        assert_eq!(w_of(&f, 24), 0.5);
        assert_eq!(w_of(&f, 28), 0.5);
        assert_eq!(w_of(&f, 29), 1.0);
        assert_eq!(f.next_code(&[0, 19, 0, 20]).len, 2);
    }

    #[test]
    fn simple_widths_winansi_and_fallbacks() {
        let doc = Document::with_version("1.5");
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Arial",
            "Encoding" => "WinAnsiEncoding", "FirstChar" => 48,
            "Widths" => vec![Object::Integer(556), Object::Integer(556)],
        };
        let f = Font::load(&doc, &font);
        let d = f.next_code(b"0");
        assert!((f.width(&d, Some('0')) - 0.556).abs() < 1e-6);
        let mut buf = ['\0'; MAX_CHARS_PER_CODE];
        let d = f.next_code(b"\x80");
        assert_eq!(f.unicode(&d, b"\x80", &mut buf), 1);
        assert_eq!(buf[0], '€');
        // Outside Widths, no MissingWidth: fallback by character class.
        let d = f.next_code(b"A");
        assert_eq!(f.width(&d, Some('A')), FALLBACK_LATIN_WIDTH);
    }

    #[test]
    fn differences_with_uni_names() {
        let doc = Document::with_version("1.5");
        let enc = dictionary! {
            "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
            "Differences" => vec![Object::Integer(65), Object::Name(b"uni6536".to_vec()), Object::Name(b"eacute".to_vec())],
        };
        let font = dictionary! { "Type" => "Font", "Subtype" => "Type1", "Encoding" => enc };
        let f = Font::load(&doc, &font);
        let mut buf = ['\0'; MAX_CHARS_PER_CODE];
        let d = f.next_code(b"A");
        f.unicode(&d, b"A", &mut buf);
        assert_eq!(buf[0], '收');
        let d = f.next_code(b"B");
        f.unicode(&d, b"B", &mut buf);
        assert_eq!(buf[0], 'é');
    }

    #[test]
    fn gbk_euc_font_without_tounicode() {
        let doc = Document::with_version("1.5");
        let desc = dictionary! { "Type" => "Font", "Subtype" => "CIDFontType2" };
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "Encoding" => "GBK-EUC-H",
            "DescendantFonts" => vec![Object::Dictionary(desc)],
        };
        let f = Font::load(&doc, &font);
        let bytes: &[u8] = &[0xCA, 0xD5, b'1'];
        let d = f.next_code(bytes);
        assert_eq!(d.len, 2);
        let mut buf = ['\0'; MAX_CHARS_PER_CODE];
        assert_eq!(f.unicode(&d, &bytes[..2], &mut buf), 1);
        assert_eq!(buf[0], '收');
        assert_eq!(f.width(&d, Some('收')), 1.0);
        let d = f.next_code(&bytes[2..]);
        assert_eq!(d.len, 1);
        assert_eq!(f.width(&d, Some('1')), 0.5);
    }
}

#[cfg(test)]
mod radical_tests {
    use super::fold_radical;

    #[test]
    fn radicals_fold_to_unified_ideographs() {
        assert_eq!(fold_radical('\u{2F00}'), '一'); // ⼀ KANGXI RADICAL ONE
        assert_eq!(fold_radical('\u{2F0A}'), '入'); // ⼊
        assert_eq!(fold_radical('\u{2FA6}'), '金'); // ⾦
        assert_eq!(fold_radical('\u{F9F1}'), '隣'); // CJK compatibility ideograph
        // Radicals supplement forms NFKC leaves alone (EquivalentUnifiedIdeograph).
        assert_eq!(fold_radical('\u{2ED4}'), '门'); // ⻔ as in 部⻔预算
        assert_eq!(fold_radical('\u{2EF0}'), '龙'); // ⻰
        assert_eq!(fold_radical('\u{2EA0}'), '民'); // ⺠
        assert_eq!(fold_radical('\u{2E80}'), '\u{2E80}'); // no equivalent
        assert_eq!(fold_radical('\u{2ECB}'), '车'); // ⻋ as in 公务用⻋
        assert_eq!(fold_radical('一'), '一');
        assert_eq!(fold_radical('A'), 'A');
        assert_eq!(fold_radical('\u{2FFF}'), '\u{2FFF}');
    }
}
