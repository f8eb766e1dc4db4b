//! Positioned text: what the PDF extraction stage hands to geometric layout.
//!
//! Coordinates are in PDF points, **top-down** (y = 0 at the top edge of the
//! page as displayed, after /Rotate and the MediaBox origin are applied), so
//! that sorting by `y` then `x` is reading order.

/// One glyph as painted on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The Unicode character. A glyph whose ToUnicode maps to several
    /// characters (ligatures) is emitted as several glyphs sharing its width.
    pub ch: char,
    /// Left edge.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// Advance width in page space.
    pub width: f32,
    /// Font size in page space (height of the em square).
    pub size: f32,
    /// Index of the font within the page's fonts (identity only; 0 when unknown).
    pub font: u16,
}

/// A ruling segment (a drawn line or the edge of a filled/stroked rectangle).
/// Always normalised so that `x0 <= x1` and `y0 <= y1`; horizontal rules have
/// `y0 == y1`, vertical ones `x0 == x1` (within extraction precision).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rule {
    pub fn is_horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() <= 1.0 && (self.x1 - self.x0) > 1.0
    }
    pub fn is_vertical(&self) -> bool {
        (self.x1 - self.x0).abs() <= 1.0 && (self.y1 - self.y0) > 1.0
    }
}

/// One page of positioned text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// 1-based page number in the document.
    pub number: u32,
    /// Page size as displayed (after /Rotate).
    pub width: f32,
    pub height: f32,
    /// Visible glyphs inside the page box, in content-stream order.
    pub glyphs: Vec<Glyph>,
    /// Ruling lines, for grid-based cell recovery.
    pub rules: Vec<Rule>,
    /// A page without text that paints an image: the scan, for OCR.
    pub scan: Option<ScanImage>,
}

/// The image of a scanned page, encoded as a file an OCR engine reads.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanImage {
    /// The encoded file (JPEG as stored in the PDF, or raw pixels as PNM/TIFF),
    /// or why it cannot be read.
    pub file: Result<ImageFile, String>,
    /// Where it is painted: `[x0, y0, x1, y1]` in page space, top-down.
    pub bbox: [f32; 4],
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImageFile {
    pub bytes: Vec<u8>,
    /// File extension that names the format (`jpg`, `pgm`, `ppm`, `pbm`, `tif`, `jp2`).
    pub ext: &'static str,
    pub width: u32,
    pub height: u32,
}
