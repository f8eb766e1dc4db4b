//! Skew of a scanned page: estimated and undone on the image, before the
//! ruling is found and the OCR engine reads it.
//!
//! A page fed to a scanner a little crooked is turned by a fraction of a
//! degree to a few degrees. On such a page nothing is horizontal any more:
//! a ruling line is a staircase of short runs (at 2° a run is 29 pixels
//! long, shorter than the shortest rule the line finder accepts), and the
//! words of one table row drift across the baselines of the next, so the
//! layout's rows and columns come apart. Turned back, the page is what a
//! straight scan would have given.
//!
//! The angle is found by a projection profile: the ink pixels are projected
//! onto the vertical axis of the page turned by each candidate angle; at
//! the right angle the text lines and rules fall into few narrow bins, so
//! the sum of squared bin counts is largest. The search is coarse over
//! ±[`SkewSettings::max_degrees`], then fine around the best coarse angle.
//! This works for ruled and borderless tables alike (text lines alone give
//! a sharp profile) and costs a few tens of milliseconds a page, small next
//! to the engine's seconds.

use super::pixels::Gray;

#[derive(Debug, Clone, Copy)]
pub struct SkewSettings {
    /// A pixel darker than this is ink.
    pub ink: u8,
    /// Largest skew searched, either way (degrees). A page turned more than
    /// this was not fed crooked but placed sideways, which this does not
    /// handle.
    pub max_degrees: f32,
    /// Step of the coarse search and of the fine search (degrees).
    pub coarse_step: f32,
    pub fine_step: f32,
    /// Smaller skews are left alone: at 0.05° a line drifts 2 pixels
    /// across a 200 dpi A4 page, less than a stroke is thick, and turning
    /// the image would only blur it.
    pub min_degrees: f32,
    /// The profile at the best angle must be this much sharper than at 0°
    /// for the page to be turned (a page with hardly any ink, or only
    /// specks, has no preferred angle).
    pub min_gain: f64,
    /// The profile is computed at about this resolution (a 300 dpi image
    /// is sampled every other pixel): enough to tell 0.05° apart, and cheap.
    pub work_dpi: f32,
}

pub const SKEW_SETTINGS: SkewSettings = SkewSettings {
    ink: 128,
    max_degrees: 3.0,
    coarse_step: 0.1,
    fine_step: 0.01,
    min_degrees: 0.05,
    min_gain: 1.02,
    work_dpi: 150.0,
};

/// Ink pixels of `img` (every `step`-th pixel in both directions), as
/// offsets from the image centre in image pixels.
fn ink_points(img: &Gray, step: usize, ink: u8) -> Vec<(f32, f32)> {
    let (cx, cy) = (img.width as f32 / 2.0, img.height as f32 / 2.0);
    let mut out = Vec::new();
    for y in (0..img.height).step_by(step) {
        let row = &img.pixels[y * img.width..(y + 1) * img.width];
        for x in (0..img.width).step_by(step) {
            if row[x] < ink {
                out.push((x as f32 - cx, y as f32 - cy));
            }
        }
    }
    out
}

/// Sharpness of the projection at `degrees`: the sum of squared
/// differences between neighbouring bins `bin` pixels high (edges of text
/// lines and rules are steepest when they are level; this tells angles
/// apart more finely than the squared counts themselves, whose optimum is
/// flat for lines thicker than their drift).
fn sharpness(points: &[(f32, f32)], degrees: f32, bin: f32, bins: &mut Vec<u32>) -> f64 {
    let (s, c) = degrees.to_radians().sin_cos();
    bins.clear();
    let offset = bins.capacity() as f32 / 2.0;
    bins.resize(bins.capacity(), 0);
    let n = bins.len() as isize;
    for &(x, y) in points {
        // The page's vertical coordinate of a point of the turned image.
        let v = ((x * s + y * c) / bin + offset) as isize;
        if (0..n).contains(&v) {
            bins[v as usize] += 1;
        }
    }
    bins.windows(2)
        .map(|p| {
            let d = p[1] as f64 - p[0] as f64;
            d * d
        })
        .sum()
}

/// The angle (degrees, counter-clockwise as seen on the image) by which the
/// page content is turned, or 0 when it is straight or has no clear angle.
pub fn estimate(img: &Gray, dpi: f32, s: &SkewSettings) -> f32 {
    if img.width < 16 || img.height < 16 {
        return 0.0;
    }
    let step = ((dpi / s.work_dpi).round() as usize).max(1);
    let points = ink_points(img, step, s.ink);
    if points.len() < 200 {
        return 0.0;
    }
    let bin = step as f32;
    let diagonal = ((img.width * img.width + img.height * img.height) as f32).sqrt();
    let mut bins: Vec<u32> = Vec::with_capacity((diagonal / bin) as usize + 4);
    let search = |from: f32, to: f32, by: f32, bins: &mut Vec<u32>| -> (f32, f64) {
        let n = ((to - from) / by).round() as i32;
        let mut best = (0.0f32, f64::MIN);
        for i in 0..=n {
            let a = from + by * i as f32;
            let v = sharpness(&points, a, bin, bins);
            // Ties go to the angle nearest 0 (first strictly better wins,
            // and the scan runs from one end: compare magnitudes).
            if v > best.1 || (v == best.1 && a.abs() < best.0.abs()) {
                best = (a, v);
            }
        }
        best
    };
    let (coarse, _) = search(-s.max_degrees, s.max_degrees, s.coarse_step, &mut bins);
    let (fine, best) = search(
        coarse - s.coarse_step,
        coarse + s.coarse_step,
        s.fine_step,
        &mut bins,
    );
    let straight = sharpness(&points, 0.0, bin, &mut bins);
    if fine.abs() < s.min_degrees || best < straight * s.min_gain {
        return 0.0;
    }
    // Two decimals: the estimate is not finer than that, and a stable
    // figure keeps the output deterministic across platforms' sin/cos.
    (fine * 100.0).round() / 100.0
}

/// The image turned back by `degrees` (the estimate of [`estimate`]):
/// content turned counter-clockwise by that angle comes out straight. The
/// image keeps its size; corners brought in are white paper.
pub fn unrotate(img: &Gray, degrees: f32) -> Gray {
    let (w, h) = (img.width, img.height);
    if degrees == 0.0 || w == 0 || h == 0 {
        return img.clone();
    }
    let (s, c) = degrees.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let mut pixels = vec![255u8; w * h];
    let at = |x: isize, y: isize| -> f32 {
        if x < 0 || y < 0 || x as usize >= w || y as usize >= h {
            255.0
        } else {
            img.pixels[y as usize * w + x as usize] as f32
        }
    };
    for y in 0..h {
        let dy = y as f32 + 0.5 - cy;
        for x in 0..w {
            let dx = x as f32 + 0.5 - cx;
            // Where this straight pixel lies in the turned image.
            let sx = dx * c + dy * s + cx - 0.5;
            let sy = -dx * s + dy * c + cy - 0.5;
            let (x0, y0) = (sx.floor(), sy.floor());
            let (tx, ty) = (sx - x0, sy - y0);
            let (x0, y0) = (x0 as isize, y0 as isize);
            let top = at(x0, y0) * (1.0 - tx) + at(x0 + 1, y0) * tx;
            let bottom = at(x0, y0 + 1) * (1.0 - tx) + at(x0 + 1, y0 + 1) * tx;
            pixels[y * w + x] = (top * (1.0 - ty) + bottom * ty).round().clamp(0.0, 255.0) as u8;
        }
    }
    Gray {
        width: w,
        height: h,
        pixels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of `lines` text-like rows (dashes of ink with gaps, like
    /// words) and one long rule, turned counter-clockwise by `degrees`.
    fn page(degrees: f32) -> Gray {
        let (w, h) = (1200usize, 1600usize);
        let mut g = Gray {
            width: w,
            height: h,
            pixels: vec![255; w * h],
        };
        let (s, c) = degrees.to_radians().sin_cos();
        let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
        let mut ink = |x: f32, y: f32| {
            // The straight point (x, y) after turning the page.
            let (dx, dy) = (x - cx, y - cy);
            let tx = dx * c + dy * s + cx;
            let ty = -dx * s + dy * c + cy;
            if tx >= 0.0 && ty >= 0.0 && (tx as usize) < w && (ty as usize) < h {
                g.pixels[ty as usize * w + tx as usize] = 0;
            }
        };
        for row in 0..30 {
            let y0 = 200.0 + row as f32 * 40.0;
            for word in 0..12 {
                let x0 = 100.0 + word as f32 * 85.0;
                for yy in 0..14 {
                    for xx in 0..50 {
                        if (xx / 6) % 2 == 0 {
                            ink(x0 + xx as f32, y0 + yy as f32);
                        }
                    }
                }
            }
        }
        for x in 80..1120 {
            for t in 0..2 {
                ink(x as f32, 180.0 + t as f32);
            }
        }
        g
    }

    #[test]
    fn the_angle_of_a_turned_page_is_found() {
        for want in [-2.0f32, -0.35, 0.5, 1.3, 2.8] {
            let got = estimate(&page(want), 200.0, &SKEW_SETTINGS);
            assert!(
                (got - want).abs() <= 0.03,
                "turned {want}°, estimated {got}°"
            );
        }
    }

    #[test]
    fn a_straight_or_empty_page_is_left_alone() {
        assert_eq!(estimate(&page(0.0), 200.0, &SKEW_SETTINGS), 0.0);
        let blank = Gray {
            width: 500,
            height: 500,
            pixels: vec![255; 250_000],
        };
        assert_eq!(estimate(&blank, 200.0, &SKEW_SETTINGS), 0.0);
        assert_eq!(unrotate(&blank, 0.0), blank);
    }

    #[test]
    fn turned_back_the_rule_is_one_row_again() {
        let g = unrotate(&page(1.5), 1.5);
        // The rule at rows 180–181 spans the page within a row or two.
        let dark_in_row = |y: usize| {
            (0..g.width)
                .filter(|&x| g.pixels[y * g.width + x] < 128)
                .count()
        };
        let best = (170..192).map(dark_in_row).max().unwrap();
        assert!(
            best > 950,
            "the straightened rule has {best} dark pixels in one row"
        );
    }
}
