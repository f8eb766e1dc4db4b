//! Table ruling in a scan: found, erased before OCR, and kept as rules.
//!
//! An OCR engine reads the borders of a ruled table as characters (`|`,
//! `[`, 丨) and loses the digits next to them; erased, the cells read as
//! clean text. The same lines are what the geometric layout's ruled-grid
//! recovery needs, so they are returned as ruling segments in pixels.
//!
//! A ruling line is a run of dark pixels along a row (or a column) much
//! longer than any stroke of a character: at least
//! [`LineSettings::min_length_inches`] at the scan's resolution. Runs in
//! neighbouring rows that overlap are one line (a line 3 pixels thick).

use super::pixels::Gray;

#[derive(Debug, Clone, Copy)]
pub struct LineSettings {
    /// A pixel darker than this is ink.
    pub ink: u8,
    /// A pixel darker than this next to an erased line is its antialiased
    /// edge, erased with it.
    pub edge: u8,
    /// Shortest ruling segment. A 五号 character is about 0.15 in wide; the
    /// narrowest cell border of a budget table is several times that.
    pub min_length_inches: f32,
    /// Gaps of at most this many pixels inside a run are bridged (a line
    /// broken by JPEG noise or a crossing).
    pub max_gap_px: usize,
}

pub const LINE_SETTINGS: LineSettings = LineSettings {
    ink: 160,
    edge: 225,
    min_length_inches: 0.4,
    max_gap_px: 2,
};

/// A ruling segment in pixels: `horizontal` at `pos` (row) from `start` to
/// `end` (columns), or vertical at a column from row `start` to `end`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub horizontal: bool,
    pub pos: f32,
    pub start: usize,
    pub end: usize,
}

/// Find the ruling lines of `img` scanned at `dpi`, erase them in place and
/// return them.
pub fn remove_lines(img: &mut Gray, dpi: f32, s: &LineSettings) -> Vec<Segment> {
    let min_len = ((dpi * s.min_length_inches) as usize).max(20);
    let (w, h) = (img.width, img.height);
    let mut out = Vec::new();
    // Runs per row, then per column, found on the unmodified image.
    let h_runs: Vec<Vec<(usize, usize)>> = (0..h)
        .map(|y| runs((0..w).map(|x| img.pixels[y * w + x]), s, min_len))
        .collect();
    let v_runs: Vec<Vec<(usize, usize)>> = (0..w)
        .map(|x| runs((0..h).map(|y| img.pixels[y * w + x]), s, min_len))
        .collect();
    out.extend(merge(&h_runs, true));
    out.extend(merge(&v_runs, false));
    for (y, rs) in h_runs.iter().enumerate() {
        for &(a, b) in rs {
            for x in a..b {
                erase(img, x, y, s, true);
            }
        }
    }
    for (x, rs) in v_runs.iter().enumerate() {
        for &(a, b) in rs {
            for y in a..b {
                erase(img, x, y, s, false);
            }
        }
    }
    out
}

/// Whiten one pixel of a line and the antialiased edge across it.
fn erase(img: &mut Gray, x: usize, y: usize, s: &LineSettings, horizontal: bool) {
    let w = img.width;
    img.pixels[y * w + x] = 255;
    let neighbours: [(isize, isize); 2] = if horizontal {
        [(0, -1), (0, 1)]
    } else {
        [(-1, 0), (1, 0)]
    };
    for (dx, dy) in neighbours {
        let (nx, ny) = (x as isize + dx, y as isize + dy);
        if nx < 0 || ny < 0 || nx as usize >= w || ny as usize >= img.height {
            continue;
        }
        let i = ny as usize * w + nx as usize;
        if img.pixels[i] >= s.ink && img.pixels[i] < s.edge {
            img.pixels[i] = 255;
        }
    }
}

/// Dark runs at least `min_len` long along one row or column.
fn runs(line: impl Iterator<Item = u8>, s: &LineSettings, min_len: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_ink = 0;
    let mut n = 0;
    for (i, v) in line.enumerate() {
        n = i + 1;
        if v < s.ink {
            if start.is_none() {
                start = Some(i);
            }
            last_ink = i;
        } else if let Some(a) = start
            && i - last_ink > s.max_gap_px
        {
            if last_ink + 1 - a >= min_len {
                out.push((a, last_ink + 1));
            }
            start = None;
        }
    }
    if let Some(a) = start
        && last_ink + 1 - a >= min_len
        && last_ink < n
    {
        out.push((a, last_ink + 1));
    }
    out
}

/// Runs of neighbouring rows (columns) that overlap, as one segment each.
fn merge(per_line: &[Vec<(usize, usize)>], horizontal: bool) -> Vec<Segment> {
    // Open segments: (first line, last line, start, end).
    let mut open: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut out = Vec::new();
    let close = |o: (usize, usize, usize, usize), out: &mut Vec<Segment>| {
        out.push(Segment {
            horizontal,
            pos: (o.0 + o.1) as f32 / 2.0,
            start: o.2,
            end: o.3,
        });
    };
    for (i, rs) in per_line.iter().enumerate() {
        let mut next: Vec<(usize, usize, usize, usize)> = Vec::new();
        for &(a, b) in rs {
            match open.iter().position(|o| o.1 + 1 == i && o.2 < b && a < o.3) {
                Some(k) => {
                    let o = open.swap_remove(k);
                    next.push((o.0, i, o.2.min(a), o.3.max(b)));
                }
                None => next.push((i, i, a, b)),
            }
        }
        for o in open.drain(..) {
            close(o, &mut out);
        }
        open = next;
    }
    for o in open {
        close(o, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blank(w: usize, h: usize) -> Gray {
        Gray {
            width: w,
            height: h,
            pixels: vec![255; w * h],
        }
    }

    #[test]
    fn a_grid_is_found_and_erased_but_text_strokes_stay() {
        let mut g = blank(200, 100);
        // A horizontal rule two pixels thick at rows 10–11, x 10..190.
        for y in 10..12 {
            for x in 10..190 {
                g.pixels[y * 200 + x] = 0;
            }
        }
        // A vertical rule at column 50, rows 10..90, with its grey edge.
        for y in 10..90 {
            g.pixels[y * 200 + 50] = 20;
            g.pixels[y * 200 + 51] = 200;
        }
        // A character stroke 15 px long.
        for x in 100..115 {
            g.pixels[50 * 200 + x] = 0;
        }
        let segs = remove_lines(&mut g, 100.0, &LINE_SETTINGS);
        assert_eq!(
            segs,
            vec![
                Segment {
                    horizontal: true,
                    pos: 10.5,
                    start: 10,
                    end: 190
                },
                Segment {
                    horizontal: false,
                    pos: 50.0,
                    start: 10,
                    end: 90
                },
            ]
        );
        assert_eq!(g.pixels[10 * 200 + 20], 255);
        assert_eq!(g.pixels[40 * 200 + 50], 255);
        assert_eq!(g.pixels[40 * 200 + 51], 255, "antialiased edge erased");
        assert_eq!(g.pixels[50 * 200 + 105], 0, "text stroke kept");
    }

    #[test]
    fn small_gaps_are_bridged() {
        let line = [0u8, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 0];
        let s = LINE_SETTINGS;
        assert_eq!(runs(line.into_iter(), &s, 5), vec![(0, 8)]);
        assert_eq!(runs(line.into_iter(), &s, 9), vec![]);
    }
}
