//! Matrices and the page transform from PDF user space (y up, origin at
//! the MediaBox corner) to the displayed page (y down, origin top-left,
//! after `/Rotate`).

/// An affine matrix `[a b c d e f]` as in PDF: a point maps to
/// `(a·x + c·y + e, b·x + d·y + f)`.
pub type Matrix = [f32; 6];

pub const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m` then `n` (PDF writes this `m × n`).
pub fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

pub fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// A vector (no translation).
pub fn apply_vec(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y, m[1] * x + m[3] * y)
}

pub fn is_finite(m: &Matrix) -> bool {
    m.iter().all(|v| v.is_finite())
}

/// The visible page: its box in user space and how it is turned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageGeom {
    /// Visible box in user space, normalised (`x0 < x1`, `y0 < y1`).
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// Clockwise rotation when displayed: 0, 90, 180 or 270.
    pub rotate: u16,
}

impl PageGeom {
    /// Size as displayed.
    pub fn size(&self) -> (f32, f32) {
        let (w, h) = (self.x1 - self.x0, self.y1 - self.y0);
        if self.rotate % 180 == 90 {
            (h, w)
        } else {
            (w, h)
        }
    }

    /// A user-space point on the displayed page, y down from the top.
    pub fn to_display(self, x: f32, y: f32) -> (f32, f32) {
        match self.rotate {
            90 => (y - self.y0, x - self.x0),
            180 => (self.x1 - x, y - self.y0),
            270 => (self.y1 - y, self.x1 - x),
            _ => (x - self.x0, self.y1 - y),
        }
    }

    /// A user-space vector on the displayed page.
    pub fn vec_to_display(&self, dx: f32, dy: f32) -> (f32, f32) {
        match self.rotate {
            90 => (dy, dx),
            180 => (-dx, dy),
            270 => (-dy, -dx),
            _ => (dx, -dy),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotations_map_corners() {
        let g = |r| PageGeom {
            x0: 0.0,
            y0: 0.0,
            x1: 595.0,
            y1: 842.0,
            rotate: r,
        };
        // The user-space top-left corner (0, 842) as displayed:
        assert_eq!(g(0).to_display(0.0, 842.0), (0.0, 0.0));
        assert_eq!(g(90).to_display(0.0, 842.0), (842.0, 0.0)); // top-right
        assert_eq!(g(180).to_display(0.0, 842.0), (595.0, 842.0)); // bottom-right
        assert_eq!(g(270).to_display(0.0, 842.0), (0.0, 595.0)); // bottom-left
        assert_eq!(g(90).size(), (842.0, 595.0));
        // Text running along +x in user space runs down on a 90° page.
        assert_eq!(g(90).vec_to_display(1.0, 0.0), (0.0, 1.0));
    }

    #[test]
    fn box_origin_is_subtracted() {
        let g = PageGeom {
            x0: 10.0,
            y0: 20.0,
            x1: 110.0,
            y1: 220.0,
            rotate: 0,
        };
        assert_eq!(g.to_display(10.0, 220.0), (0.0, 0.0));
        assert_eq!(g.to_display(110.0, 20.0), (100.0, 200.0));
    }

    #[test]
    fn matrix_order() {
        let scale = [2.0, 0.0, 0.0, 2.0, 0.0, 0.0];
        let shift = [1.0, 0.0, 0.0, 1.0, 10.0, 0.0];
        // Scale then shift.
        assert_eq!(apply(&mul(&scale, &shift), 1.0, 1.0), (12.0, 2.0));
    }
}
