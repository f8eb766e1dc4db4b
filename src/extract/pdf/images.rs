//! An image XObject as a file an OCR engine reads: the stored JPEG / JPEG
//! 2000 bytes as they are, CCITT fax data wrapped in a one-strip TIFF, and
//! raw samples (Flate, LZW or uncompressed) written as PNM. Only what a
//! scanned page uses is supported; anything else says what it is, so the
//! warning can name it (JBIG2, 16-bit samples …).

use super::objects::{as_dict, get, resolve, stream_bytes};
use crate::model::ImageFile;
use lopdf::{Dictionary, Document, Object, Stream};

/// Pixels an image may have at most (a 600 dpi A3 scan is ~70 M).
const MAX_PIXELS: u64 = 120_000_000;

/// Bound on the decoded samples of one image.
const MAX_SAMPLE_BYTES: usize = 400 << 20;

fn name_of(doc: &Document, o: &Object) -> Option<Vec<u8>> {
    resolve(doc, o)?.as_name().ok().map(<[u8]>::to_vec)
}

fn int(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<i64> {
    get(doc, d, key)?.as_i64().ok()
}

fn filters(doc: &Document, d: &Dictionary) -> Vec<Vec<u8>> {
    match get(doc, d, b"Filter") {
        Some(Object::Array(a)) => a.iter().filter_map(|o| name_of(doc, o)).collect(),
        Some(o) => name_of(doc, o).into_iter().collect(),
        None => Vec::new(),
    }
}

/// The `DecodeParms` of the last filter.
fn decode_parms<'a>(doc: &'a Document, d: &'a Dictionary) -> Option<&'a Dictionary> {
    match get(doc, d, b"DecodeParms")? {
        Object::Array(a) => a.last().and_then(|o| as_dict(doc, o)),
        o => as_dict(doc, o),
    }
}

/// Colour components and, for an indexed space, (base components, lookup).
enum Space {
    Gray,
    Rgb,
    Cmyk,
    Indexed(usize, Vec<u8>),
}

fn space(doc: &Document, o: Option<&Object>) -> Result<Space, String> {
    let Some(o) = o.and_then(|o| resolve(doc, o)) else {
        return Ok(Space::Gray);
    };
    if let Ok(n) = o.as_name() {
        return match n {
            b"DeviceGray" | b"CalGray" | b"G" => Ok(Space::Gray),
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Ok(Space::Rgb),
            b"DeviceCMYK" | b"CMYK" => Ok(Space::Cmyk),
            other => Err(format!("colour space {}", String::from_utf8_lossy(other))),
        };
    }
    let Ok(a) = o.as_array() else {
        return Err("unreadable colour space".into());
    };
    let kind = a.first().and_then(|k| name_of(doc, k)).unwrap_or_default();
    match kind.as_slice() {
        b"ICCBased" => {
            let n = a
                .get(1)
                .and_then(|s| match resolve(doc, s) {
                    Some(Object::Stream(st)) => int(doc, &st.dict, b"N"),
                    _ => None,
                })
                .unwrap_or(3);
            match n {
                1 => Ok(Space::Gray),
                4 => Ok(Space::Cmyk),
                _ => Ok(Space::Rgb),
            }
        }
        b"CalGray" => Ok(Space::Gray),
        b"CalRGB" | b"Lab" => Ok(Space::Rgb),
        b"Indexed" | b"I" => {
            let base = match space(doc, a.get(1))? {
                Space::Gray => 1,
                Space::Rgb => 3,
                Space::Cmyk => 4,
                Space::Indexed(..) => return Err("nested indexed colour space".into()),
            };
            let lookup = match a.get(3).and_then(|l| resolve(doc, l)) {
                Some(Object::String(b, _)) => b.clone(),
                Some(Object::Stream(st)) => stream_bytes(st, 1 << 16).unwrap_or_default(),
                _ => Vec::new(),
            };
            Ok(Space::Indexed(base, lookup))
        }
        other => Err(format!("colour space {}", String::from_utf8_lossy(other))),
    }
}

/// Encode one image XObject for OCR.
pub fn encode(doc: &Document, stream: &Stream) -> Result<ImageFile, String> {
    let d = &stream.dict;
    let (Some(w), Some(h)) = (int(doc, d, b"Width"), int(doc, d, b"Height")) else {
        return Err("image without Width/Height".into());
    };
    if w <= 0 || h <= 0 || (w as u64) * (h as u64) > MAX_PIXELS {
        return Err(format!("image size {w}×{h} out of range"));
    }
    let (width, height) = (w as u32, h as u32);
    let fl = filters(doc, d);
    let last = fl.last().map(Vec::as_slice);
    let stored = |ext: &'static str| -> Result<ImageFile, String> {
        if fl.len() > 1 {
            return Err(format!("{ext} image behind another filter"));
        }
        Ok(ImageFile {
            bytes: stream.content.clone(),
            ext,
            width,
            height,
        })
    };
    match last {
        Some(b"DCTDecode" | b"DCT") => return stored("jpg"),
        Some(b"JPXDecode") => return stored("jp2"),
        Some(b"JBIG2Decode") => return Err("JBIG2 image (not supported for OCR)".into()),
        Some(b"CCITTFaxDecode" | b"CCF") => {
            if fl.len() > 1 {
                return Err("CCITT image behind another filter".into());
            }
            let k = decode_parms(doc, d)
                .and_then(|p| int(doc, p, b"K"))
                .unwrap_or(0);
            let inverted = decode_inverted(doc, d);
            return Ok(ImageFile {
                bytes: ccitt_tiff(&stream.content, width, height, k, inverted),
                ext: "tif",
                width,
                height,
            });
        }
        _ => {}
    }
    let samples = stream_bytes(stream, MAX_SAMPLE_BYTES)
        .ok_or_else(|| "image data cannot be decoded".to_string())?;
    let mask = matches!(get(doc, d, b"ImageMask"), Some(Object::Boolean(true)));
    let bpc = if mask {
        1
    } else {
        int(doc, d, b"BitsPerComponent").unwrap_or(8)
    };
    let sp = if mask {
        Space::Gray
    } else {
        space(doc, get(doc, d, b"ColorSpace"))?
    };
    raw_to_pnm(&samples, width, height, bpc, &sp, decode_inverted(doc, d))
}

/// `Decode [1 0]`: samples read the other way round.
fn decode_inverted(doc: &Document, d: &Dictionary) -> bool {
    match get(doc, d, b"Decode") {
        Some(Object::Array(a)) => a
            .first()
            .and_then(|o| resolve(doc, o))
            .and_then(|o| o.as_float().ok())
            .is_some_and(|v| v > 0.5),
        _ => false,
    }
}

fn raw_to_pnm(
    samples: &[u8],
    width: u32,
    height: u32,
    bpc: i64,
    sp: &Space,
    inverted: bool,
) -> Result<ImageFile, String> {
    let (w, h) = (width as usize, height as usize);
    let pnm = |magic: &str, ext: &'static str, body: Vec<u8>| {
        let mut bytes = format!("{magic}\n{width} {height}\n").into_bytes();
        if magic != "P4" {
            bytes.extend_from_slice(b"255\n");
        }
        bytes.extend_from_slice(&body);
        ImageFile {
            bytes,
            ext,
            width,
            height,
        }
    };
    let need = |row: usize| -> Result<(), String> {
        if samples.len() < row * h {
            Err(format!(
                "image data too short ({} bytes for {width}×{height})",
                samples.len()
            ))
        } else {
            Ok(())
        }
    };
    match (bpc, sp) {
        (1, Space::Gray) => {
            let row = w.div_ceil(8);
            need(row)?;
            // PDF: 0 is black; PBM: 1 is black.
            let body = samples[..row * h]
                .iter()
                .map(|b| if inverted { *b } else { !*b })
                .collect();
            Ok(pnm("P4", "pbm", body))
        }
        (8, Space::Gray) => {
            need(w)?;
            let body = samples[..w * h]
                .iter()
                .map(|b| if inverted { 255 - *b } else { *b })
                .collect();
            Ok(pnm("P5", "pgm", body))
        }
        (8, Space::Rgb) => {
            need(w * 3)?;
            Ok(pnm("P6", "ppm", samples[..w * h * 3].to_vec()))
        }
        (8, Space::Cmyk) => {
            need(w * 4)?;
            let body = samples[..w * h * 4]
                .chunks_exact(4)
                .flat_map(|p| {
                    let k = 255 - p[3] as u16;
                    [0, 1, 2].map(|i| ((255 - p[i] as u16) * k / 255) as u8)
                })
                .collect();
            Ok(pnm("P6", "ppm", body))
        }
        (1 | 2 | 4 | 8, Space::Indexed(base, lookup)) => {
            let bits = bpc as usize;
            let row = (w * bits).div_ceil(8);
            need(row)?;
            let mut body = Vec::with_capacity(w * h * 3);
            for y in 0..h {
                let line = &samples[y * row..(y + 1) * row];
                for x in 0..w {
                    let bit = x * bits;
                    let byte = line[bit / 8];
                    let idx =
                        ((byte >> (8 - bits - bit % 8)) & ((1u16 << bits) - 1) as u8) as usize;
                    let entry = lookup.get(idx * base..(idx + 1) * base);
                    let rgb = match (entry, base) {
                        (Some(e), 1) => [e[0]; 3],
                        (Some(e), 3) => [e[0], e[1], e[2]],
                        (Some(e), 4) => {
                            let k = 255 - e[3] as u16;
                            [0, 1, 2].map(|i| ((255 - e[i] as u16) * k / 255) as u8)
                        }
                        _ => [255; 3],
                    };
                    body.extend_from_slice(&rgb);
                }
            }
            Ok(pnm("P6", "ppm", body))
        }
        _ => Err(format!("{bpc}-bit image samples (not supported for OCR)")),
    }
}

/// CCITT fax data in a minimal little-endian TIFF (one strip). `k` is the
/// PDF `K` parameter: < 0 Group 4, 0 Group 3 one-dimensional, > 0 Group 3
/// two-dimensional.
pub(crate) fn ccitt_tiff(data: &[u8], width: u32, height: u32, k: i64, inverted: bool) -> Vec<u8> {
    let compression: u32 = if k < 0 { 4 } else { 3 };
    let t4_options: u32 = if k > 0 { 1 } else { 0 };
    // (tag, type, value): type 3 SHORT, 4 LONG; all values fit inline.
    let data_offset = 8u32;
    let mut entries: Vec<(u16, u16, u32)> = vec![
        (256, 4, width),
        (257, 4, height),
        (258, 3, 1),
        (259, 3, compression),
        // WhiteIsZero: how fax data is decoded; a Decode [1 0] swaps.
        (262, 3, if inverted { 1 } else { 0 }),
        (273, 4, data_offset),
        (277, 3, 1),
        (278, 4, height),
        (279, 4, data.len() as u32),
    ];
    if compression == 3 {
        entries.push((292, 4, t4_options));
    }
    let ifd_offset = data_offset + data.len() as u32 + (data.len() as u32 & 1);
    let mut out = Vec::with_capacity(data.len() + 200);
    out.extend_from_slice(b"II");
    out.extend_from_slice(&42u16.to_le_bytes());
    out.extend_from_slice(&ifd_offset.to_le_bytes());
    out.extend_from_slice(data);
    if data.len() & 1 == 1 {
        out.push(0);
    }
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for (tag, ty, value) in entries {
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&ty.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        if ty == 3 {
            out.extend_from_slice(&(value as u16).to_le_bytes());
            out.extend_from_slice(&[0, 0]);
        } else {
            out.extend_from_slice(&value.to_le_bytes());
        }
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gray_samples_become_pgm() {
        let f = raw_to_pnm(&[0, 128, 255, 10], 2, 2, 8, &Space::Gray, false).unwrap();
        assert_eq!(f.ext, "pgm");
        assert_eq!(f.bytes, b"P5\n2 2\n255\n\x00\x80\xff\x0a");
    }

    #[test]
    fn one_bit_gray_is_inverted_for_pbm() {
        // PDF 1-bit gray: 0 = black; PBM: 1 = black.
        let f = raw_to_pnm(&[0b0000_1111], 8, 1, 1, &Space::Gray, false).unwrap();
        assert_eq!(f.bytes, b"P4\n8 1\n\xf0");
    }

    #[test]
    fn short_data_and_odd_depths_are_errors() {
        assert!(raw_to_pnm(&[0, 1], 2, 2, 8, &Space::Gray, false).is_err());
        assert!(raw_to_pnm(&[0; 16], 2, 2, 16, &Space::Gray, false).is_err());
    }

    #[test]
    fn indexed_expands_through_the_palette() {
        let pal = Space::Indexed(3, vec![0, 0, 0, 255, 255, 255]);
        let f = raw_to_pnm(&[0b0100_0000], 2, 1, 1, &pal, false).unwrap();
        assert_eq!(&f.bytes[f.bytes.len() - 6..], &[0, 0, 0, 255, 255, 255]);
    }

    #[test]
    fn ccitt_is_wrapped_in_a_tiff() {
        let t = ccitt_tiff(&[1, 2, 3], 1728, 10, -1, false);
        assert_eq!(&t[..4], b"II\x2a\x00");
        let ifd = u32::from_le_bytes([t[4], t[5], t[6], t[7]]) as usize;
        assert_eq!(&t[8..11], &[1, 2, 3]);
        let n = u16::from_le_bytes([t[ifd], t[ifd + 1]]) as usize;
        assert_eq!(n, 9);
        // Compression = 4 (Group 4) in the fourth entry.
        let e = ifd + 2 + 3 * 12;
        assert_eq!(u16::from_le_bytes([t[e], t[e + 1]]), 259);
        assert_eq!(u16::from_le_bytes([t[e + 8], t[e + 9]]), 4);
    }
}
