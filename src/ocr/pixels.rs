//! Scan images as 8-bit gray pixels (what line removal works on), and back
//! to a PGM file for the OCR engine. JPEG is decoded with jpeg-decoder; the
//! PNM files the extractor writes are parsed here, and the one-strip fax
//! TIFF it writes is decoded with the `fax` crate (Group 4 and one-dimensional
//! Group 3). JPEG 2000 stays as it is: the engine reads it, without line
//! removal.

use crate::model::ImageFile;

/// An 8-bit gray image, rows top to bottom, 0 = black.
#[derive(Debug, Clone, PartialEq)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Gray {
    pub fn to_pgm(&self) -> ImageFile {
        let mut bytes = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        bytes.extend_from_slice(&self.pixels);
        ImageFile {
            bytes,
            ext: "pgm",
            width: self.width as u32,
            height: self.height as u32,
        }
    }
}

impl Gray {
    /// Enlarge by `factor` (≥ 1) with bilinear interpolation: the OCR
    /// engine reads characters best at about 300 dpi, and a 150 dpi scan's
    /// digits are too small for it.
    pub fn upscale(&self, factor: f32) -> Gray {
        if factor <= 1.01 || self.width == 0 || self.height == 0 {
            return self.clone();
        }
        let w = (self.width as f32 * factor).round() as usize;
        let h = (self.height as f32 * factor).round() as usize;
        let (fx, fy) = (w as f32 / self.width as f32, h as f32 / self.height as f32);
        let mut pixels = Vec::with_capacity(w * h);
        for y in 0..h {
            let sy = ((y as f32 + 0.5) / fy - 0.5).clamp(0.0, (self.height - 1) as f32);
            let (y0, ty) = (sy.floor() as usize, sy.fract());
            let y1 = (y0 + 1).min(self.height - 1);
            for x in 0..w {
                let sx = ((x as f32 + 0.5) / fx - 0.5).clamp(0.0, (self.width - 1) as f32);
                let (x0, tx) = (sx.floor() as usize, sx.fract());
                let x1 = (x0 + 1).min(self.width - 1);
                let p = |xx: usize, yy: usize| self.pixels[yy * self.width + xx] as f32;
                let top = p(x0, y0) * (1.0 - tx) + p(x1, y0) * tx;
                let bottom = p(x0, y1) * (1.0 - tx) + p(x1, y1) * tx;
                pixels.push((top * (1.0 - ty) + bottom * ty).round() as u8);
            }
        }
        Gray {
            width: w,
            height: h,
            pixels,
        }
    }
}

fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((r as u32 * 299 + g as u32 * 587 + b as u32 * 114) / 1000) as u8
}

/// Decode an image file to gray, when its format allows.
pub fn to_gray(f: &ImageFile) -> Option<Gray> {
    match f.ext {
        "jpg" => jpeg(&f.bytes),
        "pgm" | "ppm" | "pbm" => pnm(&f.bytes),
        // A fax decoder fed a corrupt stream must not take the batch down.
        "tif" => std::panic::catch_unwind(|| fax_tiff(&f.bytes))
            .ok()
            .flatten(),
        _ => None,
    }
}

fn jpeg(bytes: &[u8]) -> Option<Gray> {
    let mut d = jpeg_decoder::Decoder::new(bytes);
    let px = d.decode().ok()?;
    let info = d.info()?;
    let (w, h) = (info.width as usize, info.height as usize);
    let pixels: Vec<u8> = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => px,
        jpeg_decoder::PixelFormat::L16 => px.chunks_exact(2).map(|c| c[0]).collect(),
        jpeg_decoder::PixelFormat::RGB24 => {
            px.chunks_exact(3).map(|c| luma(c[0], c[1], c[2])).collect()
        }
        // Adobe CMYK JPEGs store inverted samples.
        jpeg_decoder::PixelFormat::CMYK32 => px
            .chunks_exact(4)
            .map(|c| {
                let k = c[3] as u32;
                let l = luma(c[0], c[1], c[2]) as u32;
                (l * k / 255) as u8
            })
            .collect(),
    };
    (pixels.len() >= w * h).then(|| Gray {
        width: w,
        height: h,
        pixels: pixels[..w * h].to_vec(),
    })
}

/// The one-strip CCITT TIFF written by the extractor (`ccitt_tiff`).
fn fax_tiff(bytes: &[u8]) -> Option<Gray> {
    let u16_at = |i: usize| Some(u16::from_le_bytes([*bytes.get(i)?, *bytes.get(i + 1)?]));
    let u32_at = |i: usize| {
        Some(u32::from_le_bytes([
            *bytes.get(i)?,
            *bytes.get(i + 1)?,
            *bytes.get(i + 2)?,
            *bytes.get(i + 3)?,
        ]))
    };
    if bytes.get(..4)? != b"II*\0" {
        return None;
    }
    let ifd = u32_at(4)? as usize;
    let n = u16_at(ifd)? as usize;
    let tag = |want: u16| -> Option<u32> {
        (0..n).find_map(|k| {
            let e = ifd + 2 + k * 12;
            (u16_at(e)? == want).then(|| match u16_at(e + 2)? {
                3 => u16_at(e + 8).map(u32::from),
                _ => u32_at(e + 8),
            })?
        })
    };
    let (w, h) = (tag(256)?, tag(257)?);
    let (compression, photometric) = (tag(259)?, tag(262).unwrap_or(0));
    let (start, len) = (tag(273)? as usize, tag(279)? as usize);
    if tag(292).unwrap_or(0) & 1 == 1 {
        return None; // two-dimensional Group 3: left to the engine
    }
    let data = bytes.get(start..start.checked_add(len)?)?;
    let (width, height) = (u16::try_from(w).ok()?, h as usize);
    let (black, white) = if photometric == 1 { (255, 0) } else { (0, 255) };
    let mut pixels: Vec<u8> = Vec::with_capacity(w as usize * height);
    let mut line = |t: &[u16]| {
        if pixels.len() < w as usize * height {
            pixels.extend(fax::decoder::pels(t, width).map(|c| match c {
                fax::Color::Black => black,
                fax::Color::White => white,
            }));
        }
    };
    match compression {
        4 => fax::decoder::decode_g4(data.iter().copied(), width, Some(h as u16), &mut line)?,
        3 => fax::decoder::decode_g3(data.iter().copied(), &mut line)?,
        _ => return None,
    }
    pixels.resize(w as usize * height, white);
    Some(Gray {
        width: w as usize,
        height,
        pixels,
    })
}

/// The PNM files written by the extractor: `P4`/`P5`/`P6`, one header
/// line for the size (and one for the maximum value).
fn pnm(bytes: &[u8]) -> Option<Gray> {
    let mut fields = Vec::new();
    let mut pos = 0;
    let needed = if bytes.starts_with(b"P4") { 3 } else { 4 };
    while fields.len() < needed {
        while bytes.get(pos)?.is_ascii_whitespace() {
            pos += 1;
        }
        let start = pos;
        while !bytes.get(pos)?.is_ascii_whitespace() {
            pos += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..pos]).ok()?.to_string());
    }
    let body = bytes.get(pos + 1..)?;
    let w: usize = fields[1].parse().ok()?;
    let h: usize = fields[2].parse().ok()?;
    let pixels: Vec<u8> = match fields[0].as_str() {
        "P5" => body.get(..w * h)?.to_vec(),
        "P6" => body
            .get(..w * h * 3)?
            .chunks_exact(3)
            .map(|c| luma(c[0], c[1], c[2]))
            .collect(),
        "P4" => {
            let row = w.div_ceil(8);
            let body = body.get(..row * h)?;
            let mut out = Vec::with_capacity(w * h);
            for y in 0..h {
                for x in 0..w {
                    let bit = body[y * row + x / 8] >> (7 - x % 8) & 1;
                    out.push(if bit == 1 { 0 } else { 255 });
                }
            }
            out
        }
        _ => return None,
    };
    Some(Gray {
        width: w,
        height: h,
        pixels,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(bytes: &[u8], ext: &'static str) -> ImageFile {
        ImageFile {
            bytes: bytes.to_vec(),
            ext,
            width: 0,
            height: 0,
        }
    }

    #[test]
    fn pnm_round_trip() {
        let g = to_gray(&file(b"P5\n2 1\n255\n\x00\xff", "pgm")).unwrap();
        assert_eq!((g.width, g.height, g.pixels.clone()), (2, 1, vec![0, 255]));
        assert_eq!(to_gray(&g.to_pgm()), Some(g));
        let b = to_gray(&file(b"P4\n3 1\n\xa0", "pbm")).unwrap();
        assert_eq!(b.pixels, vec![0, 255, 0]);
        let c = to_gray(&file(b"P6\n1 1\n255\n\xff\xff\xff", "ppm")).unwrap();
        assert_eq!(c.pixels, vec![255]);
    }

    #[test]
    fn group4_fax_is_decoded() {
        // 16×3: a black bar in columns 4..12 of the middle row.
        let rows: Vec<Vec<bool>> = (0..3)
            .map(|y| (0..16).map(|x| y == 1 && (4..12).contains(&x)).collect())
            .collect();
        let mut enc = fax::encoder::Encoder::new(fax::VecWriter::new());
        for r in &rows {
            let pels = r.iter().map(|&b| {
                if b {
                    fax::Color::Black
                } else {
                    fax::Color::White
                }
            });
            enc.encode_line(pels, 16).unwrap();
        }
        let data = enc.finish().unwrap().finish();
        let tiff = crate::extract::pdf::images::ccitt_tiff(&data, 16, 3, -1, false);
        let g = to_gray(&file(&tiff, "tif")).unwrap();
        assert_eq!((g.width, g.height), (16, 3));
        let want: Vec<u8> = rows
            .iter()
            .flatten()
            .map(|&b| if b { 0 } else { 255 })
            .collect();
        assert_eq!(g.pixels, want);
    }

    #[test]
    fn fractional_upscale() {
        let g = Gray {
            width: 2,
            height: 2,
            pixels: vec![0, 255, 0, 255],
        };
        let big = g.upscale(1.5);
        assert_eq!((big.width, big.height), (3, 3));
        assert_eq!(big.pixels[0], 0);
        assert_eq!(big.pixels[2], 255);
        assert_eq!(g.upscale(1.0), g);
    }

    #[test]
    fn broken_files_give_nothing() {
        assert_eq!(to_gray(&file(b"P5\n2 2\n255\n\x00", "pgm")), None);
        assert_eq!(to_gray(&file(b"\xff\xd8garbage", "jpg")), None);
        assert_eq!(to_gray(&file(b"II*\x00", "tif")), None);
    }
}
