//! The content-stream interpreter: a graphics/text state machine that
//! turns operators into positioned glyphs and path rules.
//!
//! Only what placement needs is tracked: the CTM and the text state
//! (ISO 32000 9.3, 9.4) inside the `q`/`Q` stack, the text and line
//! matrices, the current path and the clip (as a bounding box). Colour
//! and images are ignored; invisible text (`Tr 3`, `Tr 7`) is advanced
//! over but not emitted, and so is text whose centre falls outside the
//! page box or the clip (what a viewer would not show: WPS prints the
//! overflow of a page window again on the next page, clipped away).
//! Operators with missing or wrong operands are skipped, never fatal.

use super::cmap::MAX_CHARS_PER_CODE;
use super::fonts::{Font, FontCache};
use super::geometry::{IDENTITY, Matrix, PageGeom, apply, apply_vec, is_finite, mul};
use super::lexer::{Lexer, Operand};
use super::objects::{dict, get, nums, stream_bytes};
use super::paths::{PathBuilder, RULE_SETTINGS};
use crate::model::{Glyph, Rule};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// Tolerances and limits of the interpreter.
#[derive(Debug, Clone, Copy)]
pub struct ContentSettings {
    /// Form XObjects nested deeper than this are not entered (guards
    /// against self-referencing forms).
    pub max_form_depth: usize,
    /// Operators interpreted per page at most, forms included (a
    /// pathological page cannot hang a batch).
    pub max_ops_per_page: usize,
    /// Bound on one decoded content stream.
    pub max_stream_bytes: usize,
    /// `q` nesting kept at most; deeper saves are ignored.
    pub max_stack: usize,
    /// A glyph counts as on the page when its centre lies inside the box
    /// grown by this margin (points).
    pub box_margin: f32,
    /// Image placements remembered per page (a scan is one or a few; a
    /// page tiled with thousands of images is not a scan to OCR).
    pub max_images_per_page: usize,
}

pub const CONTENT_SETTINGS: ContentSettings = ContentSettings {
    max_form_depth: 12,
    max_ops_per_page: 5_000_000,
    max_stream_bytes: 64 << 20,
    max_stack: 256,
    box_margin: 1.0,
    max_images_per_page: 64,
};

#[derive(Debug, Clone)]
struct GState {
    ctm: Matrix,
    font: Option<u16>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    /// `Tz` / 100.
    hscale: f32,
    leading: f32,
    rise: f32,
    render: i32,
    /// Bounding box of the clipping path on the displayed page; `None`
    /// when nothing is clipped but the page box.
    clip: Option<[f32; 4]>,
    /// The fill / stroke colour is the paper's (white): what is painted
    /// with it is invisible, so it draws no rule (Word fills every cell's
    /// padding and every line of a wrapped cell with a white rectangle).
    fill_paper: bool,
    stroke_paper: bool,
    /// The fill / stroke colour space is DeviceGray, so a one-component
    /// `sc`/`scn` is a gray level (in a Separation space it is a tint).
    fill_gray_space: bool,
    stroke_gray_space: bool,
}

impl Default for GState {
    fn default() -> Self {
        GState {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render: 0,
            clip: None,
            fill_paper: false,
            stroke_paper: false,
            fill_gray_space: true,
            stroke_gray_space: true,
        }
    }
}

/// Per-document state shared by its pages: fonts and decoded forms.
#[derive(Default)]
pub struct DocCache {
    pub fonts: FontCache,
    forms: HashMap<ObjectId, Rc<Vec<u8>>>,
}

/// What one page produced.
pub struct PageOut {
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    /// Image XObjects painted, with where (display space, top-down
    /// `[x0, y0, x1, y1]`): a page without text may be a scan to OCR.
    pub images: Vec<(ObjectId, [f32; 4])>,
}

pub struct Interpreter<'a> {
    doc: &'a Document,
    cache: &'a mut DocCache,
    geom: PageGeom,
    page_size: (f32, f32),
    gs: GState,
    stack: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    path: PathBuilder,
    /// `W`/`W*` seen: the path becomes the clip when it is painted.
    pending_clip: bool,
    ops: usize,
    fallback_font: Font,
    out: PageOut,
}

fn n(ops: &[Operand], i: usize) -> Option<f32> {
    ops.get(i)?.num().filter(|v| v.is_finite())
}

/// Is the colour set by `g`/`rg`/`k`/`sc` (operands `ops`) the paper's?
/// One component is a gray level when `gray` (else a tint or an index:
/// not judged), three are RGB, four CMYK; a pattern name is not paper.
fn is_paper(ops: &[Operand], gray: bool) -> bool {
    let min = RULE_SETTINGS.paper_min;
    let Some(nums) = ops.iter().map(|o| o.num()).collect::<Option<Vec<f32>>>() else {
        return false;
    };
    match nums.as_slice() {
        [v] => gray && *v >= min,
        [r, g, b] => [r, g, b].iter().all(|v| **v >= min),
        [c, m, y, k] => [c, m, y, k].iter().all(|v| **v <= 1.0 - min),
        _ => false,
    }
}

/// `cs`/`CS` naming DeviceGray (a resource name may be any space: a
/// one-component colour in it is not judged).
fn is_gray_space(ops: &[Operand]) -> bool {
    matches!(ops.last(), Some(Operand::Name(n)) if n.as_slice() == b"DeviceGray" || n.as_slice() == b"G")
}

fn matrix_of(ops: &[Operand]) -> Option<Matrix> {
    if ops.len() < 6 {
        return None;
    }
    let base = ops.len() - 6;
    let mut m = [0.0; 6];
    for (k, v) in m.iter_mut().enumerate() {
        *v = n(ops, base + k)?;
    }
    Some(m)
}

/// The last `k` numeric operands (operators take theirs from the end, so
/// stray extra operands before them do not shift the meaning).
fn last_nums<const K: usize>(ops: &[Operand]) -> Option<[f32; K]> {
    if ops.len() < K {
        return None;
    }
    let base = ops.len() - K;
    let mut out = [0.0; K];
    for (k, v) in out.iter_mut().enumerate() {
        *v = n(ops, base + k)?;
    }
    Some(out)
}

impl<'a> Interpreter<'a> {
    pub fn new(doc: &'a Document, cache: &'a mut DocCache, geom: PageGeom) -> Self {
        Interpreter {
            doc,
            cache,
            geom,
            page_size: geom.size(),
            gs: GState::default(),
            stack: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            path: PathBuilder::default(),
            pending_clip: false,
            ops: 0,
            fallback_font: Font::fallback(),
            out: PageOut {
                glyphs: Vec::new(),
                rules: Vec::new(),
                images: Vec::new(),
            },
        }
    }

    pub fn finish(self) -> PageOut {
        self.out
    }

    /// Interpret a content stream with its resources.
    pub fn run(&mut self, content: &[u8], resources: Option<&Dictionary>, depth: usize) {
        let mut lx = Lexer::new(content);
        let mut ops: Vec<Operand> = Vec::new();
        while let Some(op) = lx.next_op(&mut ops) {
            self.ops += 1;
            if self.ops > CONTENT_SETTINGS.max_ops_per_page {
                return;
            }
            self.op(op, &ops, resources, depth);
        }
    }

    fn op(&mut self, op: &[u8], ops: &[Operand], res: Option<&Dictionary>, depth: usize) {
        match op {
            b"q" if self.stack.len() < CONTENT_SETTINGS.max_stack => {
                self.stack.push(self.gs.clone())
            }
            b"Q" => {
                if let Some(g) = self.stack.pop() {
                    self.gs = g;
                }
            }
            b"cm" => {
                if let Some(m) = matrix_of(ops) {
                    let ctm = mul(&m, &self.gs.ctm);
                    if is_finite(&ctm) {
                        self.gs.ctm = ctm;
                    }
                }
            }
            b"BT" => {
                self.tm = IDENTITY;
                self.tlm = IDENTITY;
            }
            b"ET" => {}
            b"Tm" => {
                if let Some(m) = matrix_of(ops) {
                    self.tm = m;
                    self.tlm = m;
                }
            }
            b"Td" => {
                if let Some([tx, ty]) = last_nums::<2>(ops) {
                    self.next_line(tx, ty);
                }
            }
            b"TD" => {
                if let Some([tx, ty]) = last_nums::<2>(ops) {
                    self.gs.leading = -ty;
                    self.next_line(tx, ty);
                }
            }
            b"T*" => self.next_line(0.0, -self.gs.leading),
            b"TL" => {
                if let Some([v]) = last_nums::<1>(ops) {
                    self.gs.leading = v;
                }
            }
            b"Tc" => {
                if let Some([v]) = last_nums::<1>(ops) {
                    self.gs.char_spacing = v;
                }
            }
            b"Tw" => {
                if let Some([v]) = last_nums::<1>(ops) {
                    self.gs.word_spacing = v;
                }
            }
            b"Tz" => {
                if let Some([v]) = last_nums::<1>(ops) {
                    self.gs.hscale = v / 100.0;
                }
            }
            b"Ts" => {
                if let Some([v]) = last_nums::<1>(ops) {
                    self.gs.rise = v;
                }
            }
            b"Tr" => {
                if let Some([v]) = last_nums::<1>(ops) {
                    self.gs.render = v as i32;
                }
            }
            b"Tf" => {
                if let Some([size]) = last_nums::<1>(ops) {
                    self.gs.size = size;
                }
                let name = ops.iter().rev().find_map(|o| match o {
                    Operand::Name(n) => Some(n.as_slice()),
                    _ => None,
                });
                self.gs.font = name.and_then(|n| self.font_resource(res, n));
            }
            b"Tj" => {
                if let Some(Operand::Str(s)) = ops.last() {
                    self.show(s);
                }
            }
            b"'" => {
                self.next_line(0.0, -self.gs.leading);
                if let Some(Operand::Str(s)) = ops.last() {
                    self.show(s);
                }
            }
            b"\"" => {
                if let (Some(aw), Some(ac)) = (n(ops, 0), n(ops, 1)) {
                    self.gs.word_spacing = aw;
                    self.gs.char_spacing = ac;
                }
                self.next_line(0.0, -self.gs.leading);
                if let Some(Operand::Str(s)) = ops.last() {
                    self.show(s);
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = ops.last() {
                    for item in items {
                        match item {
                            Operand::Str(s) => self.show(s),
                            Operand::Num(adj) if adj.is_finite() => {
                                let t = -adj / 1000.0 * self.gs.size;
                                let vertical = self.current_font().vertical;
                                if vertical {
                                    self.advance(0.0, t);
                                } else {
                                    self.advance(t * self.gs.hscale, 0.0);
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            b"Do" => {
                if let Some(Operand::Name(name)) = ops.last() {
                    self.do_xobject(res, name, depth);
                }
            }
            // Paths.
            b"m" => {
                if let Some([x, y]) = last_nums::<2>(ops) {
                    let (x, y) = self.to_page(x, y);
                    self.path.move_to(x, y);
                }
            }
            b"l" => {
                if let Some([x, y]) = last_nums::<2>(ops) {
                    let (x, y) = self.to_page(x, y);
                    self.path.line_to(x, y);
                }
            }
            b"c" => {
                if let Some([_, _, _, _, x, y]) = last_nums::<6>(ops) {
                    let (x, y) = self.to_page(x, y);
                    self.path.curve_to(x, y);
                }
            }
            b"v" | b"y" => {
                if let Some([_, _, x, y]) = last_nums::<4>(ops) {
                    let (x, y) = self.to_page(x, y);
                    self.path.curve_to(x, y);
                }
            }
            b"h" => self.path.close(),
            b"re" => {
                if let Some([x, y, w, h]) = last_nums::<4>(ops) {
                    let c = [
                        self.to_page(x, y),
                        self.to_page(x + w, y),
                        self.to_page(x + w, y + h),
                        self.to_page(x, y + h),
                    ];
                    self.path.rect(c);
                }
            }
            b"g" => self.gs.fill_paper = is_paper(ops, true),
            b"G" => self.gs.stroke_paper = is_paper(ops, true),
            b"rg" | b"k" => self.gs.fill_paper = is_paper(ops, false),
            b"RG" | b"K" => self.gs.stroke_paper = is_paper(ops, false),
            b"sc" | b"scn" => self.gs.fill_paper = is_paper(ops, self.gs.fill_gray_space),
            b"SC" | b"SCN" => self.gs.stroke_paper = is_paper(ops, self.gs.stroke_gray_space),
            b"cs" => {
                // a new colour space starts at its initial colour: black
                self.gs.fill_gray_space = is_gray_space(ops);
                self.gs.fill_paper = false;
            }
            b"CS" => {
                self.gs.stroke_gray_space = is_gray_space(ops);
                self.gs.stroke_paper = false;
            }
            b"S" => self.paint(true, false, false),
            b"s" => self.paint(true, false, true),
            b"f" | b"F" | b"f*" => self.paint(false, true, false),
            b"B" | b"B*" => self.paint(true, true, false),
            b"b" | b"b*" => self.paint(true, true, true),
            b"W" | b"W*" => self.pending_clip = true,
            b"n" => {
                self.apply_clip();
                self.path.clear();
            }
            _ => {}
        }
    }

    fn paint(&mut self, stroke: bool, fill: bool, close: bool) {
        if close {
            self.path.close();
        }
        // The clip set by this path applies after it is painted.
        let clip = self.gs.clip;
        self.apply_clip();
        let stroke = stroke && !self.gs.stroke_paper;
        let fill = fill && !self.gs.fill_paper;
        self.path
            .paint(stroke, fill, self.page_size, clip, &mut self.out.rules);
    }

    /// Intersect the clip with the current path's bounding box after
    /// `W`/`W*`. Only the box is kept: WPS clips every page to its content
    /// window and every cell to its frame, and text outside (overflow
    /// repeated on the next page) is hidden in a viewer.
    fn apply_clip(&mut self) {
        if !std::mem::take(&mut self.pending_clip) {
            return;
        }
        let Some(b) = self.path.bbox() else { return };
        let c = match self.gs.clip {
            Some(c) => [
                c[0].max(b[0]),
                c[1].max(b[1]),
                c[2].min(b[2]),
                c[3].min(b[3]),
            ],
            None => b,
        };
        self.gs.clip = Some(c);
    }

    /// A user-space point (under the CTM) on the displayed page.
    fn to_page(&self, x: f32, y: f32) -> (f32, f32) {
        let (ux, uy) = apply(&self.gs.ctm, x, y);
        self.geom.to_display(ux, uy)
    }

    fn next_line(&mut self, tx: f32, ty: f32) {
        let m = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        if is_finite(&m) {
            self.tlm = m;
            self.tm = m;
        }
    }

    /// Move the text matrix by (tx, ty) in text space.
    fn advance(&mut self, tx: f32, ty: f32) {
        let m = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tm);
        if is_finite(&m) {
            self.tm = m;
        }
    }

    fn current_font(&self) -> &Font {
        self.gs
            .font
            .and_then(|i| self.cache.fonts.get(i))
            .unwrap_or(&self.fallback_font)
    }

    fn font_resource(&mut self, res: Option<&Dictionary>, name: &[u8]) -> Option<u16> {
        let fonts = dict(self.doc, res?, b"Font")?;
        let entry = fonts.get(name).ok()?;
        self.cache.fonts.load(self.doc, entry)
    }

    /// Show a string: one glyph per code, advancing the text matrix.
    fn show(&mut self, bytes: &[u8]) {
        let gs = &self.gs;
        let font = match gs.font.and_then(|i| self.cache.fonts.get(i)) {
            Some(f) => f,
            None => &self.fallback_font,
        };
        let visible = !matches!(gs.render, 3 | 7);
        let size = gs.size;
        let font_index = gs.font.unwrap_or(0);
        let mut buf = ['\0'; MAX_CHARS_PER_CODE];
        let mut i = 0;
        while i < bytes.len() {
            let d = font.next_code(&bytes[i..]);
            let code_bytes = bytes.get(i..i + d.len).unwrap_or(&[]);
            i += d.len;
            let count = font.unicode(&d, code_bytes, &mut buf);
            let w0 = font.width(&d, (count > 0).then_some(buf[0]));
            let spacing = gs.char_spacing
                + if font.is_word_space(&d) {
                    gs.word_spacing
                } else {
                    0.0
                };
            // Text space → page: rise and horizontal scale, then Tm, CTM.
            let trm = mul(&self.tm, &gs.ctm);
            if visible && count > 0 && is_finite(&trm) {
                let (ox, oy) = apply(&trm, 0.0, gs.rise);
                let (x, y) = self.geom.to_display(ox, oy);
                let adv_text = if font.vertical {
                    0.0
                } else {
                    w0 * size * gs.hscale
                };
                let (ax, ay) = apply_vec(&trm, adv_text, 0.0);
                let (ax, ay) = self.geom.vec_to_display(ax, ay);
                let (sx, sy) = apply_vec(&trm, 0.0, size);
                let size_page = (sx * sx + sy * sy).sqrt();
                let width = (ax * ax + ay * ay).sqrt();
                let (cx, cy) = (x + ax / 2.0, y - size_page / 3.0);
                let m = CONTENT_SETTINGS.box_margin;
                let mut inside = cx >= -m
                    && cx <= self.page_size.0 + m
                    && cy >= -m
                    && cy <= self.page_size.1 + m;
                if let Some(c) = gs.clip {
                    inside &= cx >= c[0] - m && cx <= c[2] + m && cy >= c[1] - m && cy <= c[3] + m;
                }
                if inside && x.is_finite() && y.is_finite() {
                    let k = count as f32;
                    for (j, &ch) in buf[..count].iter().enumerate() {
                        if ch.is_control() {
                            continue;
                        }
                        let f = j as f32 / k;
                        self.out.glyphs.push(Glyph {
                            ch,
                            x: x + ax * f,
                            y: y + ay * f,
                            width: width / k,
                            size: size_page,
                            font: font_index,
                        });
                    }
                }
            }
            if font.vertical {
                // Vertical writing: advance down by the em (DW2 default).
                let ty = -(size + spacing);
                self.tm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, ty], &self.tm);
            } else {
                let tx = (w0 * size + spacing) * gs.hscale;
                self.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &self.tm);
            }
            if !is_finite(&self.tm) {
                self.tm = IDENTITY;
            }
        }
    }

    fn do_xobject(&mut self, res: Option<&Dictionary>, name: &[u8], depth: usize) {
        if depth >= CONTENT_SETTINGS.max_form_depth {
            return;
        }
        let doc = self.doc;
        let Some(xobjects) = res.and_then(|r| dict(doc, r, b"XObject")) else {
            return;
        };
        let Ok(entry) = xobjects.get(name) else {
            return;
        };
        let Some(Object::Stream(stream)) = super::objects::resolve(doc, entry) else {
            return;
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name).ok() {
            Some(b"Form") => {}
            Some(b"Image") => {
                // An image fills the unit square of the current matrix.
                if let Ok(id) = entry.as_reference()
                    && self.out.images.len() < CONTENT_SETTINGS.max_images_per_page
                {
                    let corners = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
                        .map(|(x, y)| self.to_page(x, y));
                    let xs = corners.map(|c| c.0);
                    let ys = corners.map(|c| c.1);
                    let min = |v: [f32; 4]| v.into_iter().fold(f32::INFINITY, f32::min);
                    let max = |v: [f32; 4]| v.into_iter().fold(f32::NEG_INFINITY, f32::max);
                    let b = [min(xs), min(ys), max(xs), max(ys)];
                    if b.iter().all(|v| v.is_finite()) {
                        self.out.images.push((id, b));
                    }
                }
                return;
            }
            _ => return,
        }
        let content = match entry.as_reference() {
            Ok(id) => match self.cache.forms.get(&id) {
                Some(c) => Rc::clone(c),
                None => {
                    let c = Rc::new(
                        stream_bytes(stream, CONTENT_SETTINGS.max_stream_bytes).unwrap_or_default(),
                    );
                    self.cache.forms.insert(id, Rc::clone(&c));
                    c
                }
            },
            Err(_) => {
                Rc::new(stream_bytes(stream, CONTENT_SETTINGS.max_stream_bytes).unwrap_or_default())
            }
        };
        let matrix = get(doc, &stream.dict, b"Matrix")
            .and_then(|m| nums(doc, m))
            .and_then(|m| <[f32; 6]>::try_from(m.as_slice()).ok())
            .unwrap_or(IDENTITY);
        let form_res = dict(doc, &stream.dict, b"Resources").or(res);
        let saved_gs = self.gs.clone();
        let saved_stack = self.stack.len();
        let (saved_tm, saved_tlm) = (self.tm, self.tlm);
        let ctm = mul(&matrix, &self.gs.ctm);
        if is_finite(&ctm) {
            self.gs.ctm = ctm;
        }
        self.path.clear();
        self.run(&content, form_res, depth + 1);
        self.stack.truncate(saved_stack);
        self.gs = saved_gs;
        self.tm = saved_tm;
        self.tlm = saved_tlm;
    }
}

#[cfg(test)]
mod tests {
    use super::super::extract_pages;
    use lopdf::{Document, Object, Stream, dictionary};

    /// A one-page PDF (600 × 800) whose content stream is `ops`.
    fn pdf(ops: &str) -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let content = doc.add_object(Stream::new(dictionary! {}, ops.as_bytes().to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 600.into(), 800.into()],
            "Contents" => content,
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => vec![page.into()],
                "Count" => 1,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("save");
        out
    }

    fn rules(ops: &str) -> Vec<(f32, f32, f32, f32)> {
        let pages = extract_pages(&pdf(ops)).expect("pages");
        pages[0]
            .rules
            .iter()
            .map(|r| (r.x0, r.y0, r.x1, r.y1))
            .collect()
    }

    #[test]
    fn paths_painted_in_paper_colour_draw_no_rules() {
        // Word: a white rectangle behind each line of a wrapped cell and a
        // thin white one in its padding, the border a thin black fill
        let white = "1 g 100 600 80 20 re f 100 590 80 2 re f \
                     1 1 1 rg 100 500 80 20 re f 0 0 0 0 k 100 450 80 20 re f \
                     /DeviceGray cs 1 sc 100 400 80 20 re f \
                     1 G 100 300 m 300 300 l S";
        assert_eq!(rules(white), vec![]);
        let black = "0 g 100 700 200 0.5 re f 0.5 G 100 200 m 300 200 l S";
        assert_eq!(
            rules(black),
            vec![(100.0, 99.75, 300.0, 99.75), (100.0, 600.0, 300.0, 600.0)]
        );
        // light-gray shading keeps its edges; a Separation tint of 1 is ink;
        // q/Q restores the colour
        let kept = "q 1 g Q 0.85 g 100 100 50 50 re f";
        assert_eq!(rules(kept).len(), 4);
        let ink = "/CS0 cs 1 scn 400 100 50 0.5 re f 0 0 0 1 k 100 450 80 1 re f";
        assert_eq!(rules(ink).len(), 2);
    }
}
