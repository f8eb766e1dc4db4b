//! Scan images as 8-bit gray pixels (what line removal works on), and back
//! to a PGM file for the OCR engine. JPEG is decoded with jpeg-decoder; the
//! PNM files the extractor writes are parsed here. Fax (TIFF) and JPEG 2000
//! stay as they are: the engine reads them, without line removal.

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
    /// Enlarge by an integer factor with bilinear interpolation: the OCR
    /// engine reads characters best at about 300 dpi, and a 150 dpi scan's
    /// digits are too small for it.
    pub fn upscale(&self, factor: usize) -> Gray {
        if factor <= 1 || self.width == 0 || self.height == 0 {
            return self.clone();
        }
        let (w, h) = (self.width * factor, self.height * factor);
        let mut pixels = Vec::with_capacity(w * h);
        let f = factor as f32;
        for y in 0..h {
            let sy = ((y as f32 + 0.5) / f - 0.5).clamp(0.0, (self.height - 1) as f32);
            let (y0, ty) = (sy.floor() as usize, sy.fract());
            let y1 = (y0 + 1).min(self.height - 1);
            for x in 0..w {
                let sx = ((x as f32 + 0.5) / f - 0.5).clamp(0.0, (self.width - 1) as f32);
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
    fn broken_files_give_nothing() {
        assert_eq!(to_gray(&file(b"P5\n2 2\n255\n\x00", "pgm")), None);
        assert_eq!(to_gray(&file(b"\xff\xd8garbage", "jpg")), None);
        assert_eq!(to_gray(&file(b"II*\x00", "tif")), None);
    }
}
