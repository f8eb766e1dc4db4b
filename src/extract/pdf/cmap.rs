//! CMap streams: ToUnicode maps (code → Unicode) and embedded encoding
//! CMaps (code → CID), with their codespace ranges, which decide how many
//! bytes each character code of a string takes.
//!
//! Both are PostScript-like programs; the content-stream [`Lexer`] reads
//! them, and only the blocks that carry data are interpreted
//! (`begincodespacerange`, `beginbfchar`, `beginbfrange`, `begincidchar`,
//! `begincidrange`, `usecmap`). Ranges are kept as ranges, never expanded,
//! so a crafted `<0000> <FFFF>` range costs nothing.

use super::lexer::{Lexer, Operand};

/// Most characters a single code may map to (ligatures, decomposed forms);
/// longer mappings are cut.
pub const MAX_CHARS_PER_CODE: usize = 8;

/// Byte ranges that delimit character codes (ISO 32000 9.7.6.2).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CodeSpace {
    /// (length in bytes, low bytes, high bytes); lengths 1..=4.
    ranges: Vec<(usize, [u8; 4], [u8; 4])>,
}

impl CodeSpace {
    /// Codes of exactly `len` bytes, any value.
    pub fn fixed(len: usize) -> Self {
        let len = len.clamp(1, 4);
        CodeSpace {
            ranges: vec![(len, [0; 4], [0xff; 4])],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    fn add(&mut self, lo: &[u8], hi: &[u8]) {
        if lo.is_empty() || lo.len() != hi.len() || lo.len() > 4 {
            return;
        }
        let mut l = [0u8; 4];
        let mut h = [0u8; 4];
        l[..lo.len()].copy_from_slice(lo);
        h[..hi.len()].copy_from_slice(hi);
        self.ranges.push((lo.len(), l, h));
        self.ranges.sort_by_key(|r| r.0);
    }

    /// The code at the start of `bytes` and its length in bytes (at least 1
    /// when `bytes` is not empty). A byte sequence that matches no range
    /// takes the length of the shortest range, as readers do.
    pub fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        for &(len, lo, hi) in &self.ranges {
            if bytes.len() < len {
                continue;
            }
            if (0..len).all(|i| bytes[i] >= lo[i] && bytes[i] <= hi[i]) {
                return (code_of(&bytes[..len]), len);
            }
        }
        let len = self
            .ranges
            .first()
            .map_or(1, |r| r.0)
            .min(bytes.len())
            .max(1);
        (
            code_of(bytes.get(..len).unwrap_or(bytes)),
            len.min(bytes.len().max(1)),
        )
    }
}

/// Big-endian value of up to four bytes.
pub fn code_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |a, &b| (a << 8) | u32::from(b))
}

/// A parsed CMap: Unicode and CID mappings plus the codespace.
#[derive(Debug, Clone, Default)]
pub struct CMap {
    pub codespace: CodeSpace,
    /// Single codes → (start, len) into `chars`; sorted by code.
    singles: Vec<(u32, u32, u8)>,
    /// Ranges `lo..=hi` → chars at (start, len); the last char increments
    /// with the code. Sorted by `lo`.
    ranges: Vec<(u32, u32, u32, u8)>,
    chars: Vec<char>,
    /// Code ranges → first CID; sorted by `lo`.
    cids: Vec<(u32, u32, u32)>,
    /// `usecmap` named a predefined CMap (e.g. `Identity-H`).
    pub uses: Option<Vec<u8>>,
}

impl CMap {
    pub fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut lx = Lexer::new(data);
        let mut ops = Vec::new();
        while let Some(op) = lx.next_op(&mut ops) {
            match op {
                b"endcodespacerange" => {
                    for pair in ops.chunks_exact(2) {
                        if let (Operand::Str(lo), Operand::Str(hi)) = (&pair[0], &pair[1]) {
                            cmap.codespace.add(lo, hi);
                        }
                    }
                }
                b"endbfchar" => {
                    for pair in ops.chunks_exact(2) {
                        if let (Operand::Str(src), Operand::Str(dst)) = (&pair[0], &pair[1]) {
                            cmap.add_single(code_of(src), dst);
                        }
                    }
                }
                b"endbfrange" => {
                    for t in ops.chunks_exact(3) {
                        let (Operand::Str(lo), Operand::Str(hi)) = (&t[0], &t[1]) else {
                            continue;
                        };
                        let (lo, hi) = (code_of(lo), code_of(hi));
                        if hi < lo {
                            continue;
                        }
                        match &t[2] {
                            Operand::Str(dst) => {
                                let start = cmap.chars.len() as u32;
                                let n = push_utf16(&mut cmap.chars, dst);
                                if n > 0 {
                                    cmap.ranges.push((lo, hi, start, n));
                                }
                            }
                            Operand::Array(items) => {
                                for (i, item) in items.iter().enumerate() {
                                    let code = lo.saturating_add(i as u32);
                                    if code > hi {
                                        break;
                                    }
                                    if let Operand::Str(dst) = item {
                                        cmap.add_single(code, dst);
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                b"endcidchar" => {
                    for pair in ops.chunks_exact(2) {
                        if let (Operand::Str(src), Some(cid)) = (&pair[0], pair[1].num()) {
                            let c = code_of(src);
                            cmap.cids.push((c, c, cid.max(0.0) as u32));
                        }
                    }
                }
                b"endcidrange" => {
                    for t in ops.chunks_exact(3) {
                        if let (Operand::Str(lo), Operand::Str(hi), Some(cid)) =
                            (&t[0], &t[1], t[2].num())
                        {
                            let (lo, hi) = (code_of(lo), code_of(hi));
                            if hi >= lo {
                                cmap.cids.push((lo, hi, cid.max(0.0) as u32));
                            }
                        }
                    }
                }
                b"usecmap" => {
                    if let Some(Operand::Name(n)) = ops.last() {
                        cmap.uses = Some(n.clone());
                    }
                }
                _ => {}
            }
        }
        // Later definitions win: stable sort, then keep the last of equals.
        cmap.singles.sort_by_key(|s| s.0);
        cmap.singles.reverse();
        cmap.singles.dedup_by_key(|s| s.0);
        cmap.singles.reverse();
        // Not strictly needed after reverse-dedup-reverse, but keeps order
        // explicit for the binary search.
        cmap.singles.sort_by_key(|s| s.0);
        cmap.ranges.sort_by_key(|r| r.0);
        cmap.cids.sort_by_key(|r| r.0);
        cmap
    }

    fn add_single(&mut self, code: u32, dst: &[u8]) {
        let start = self.chars.len() as u32;
        let n = push_utf16(&mut self.chars, dst);
        if n > 0 {
            self.singles.push((code, start, n));
        }
    }

    pub fn has_unicode(&self) -> bool {
        !self.singles.is_empty() || !self.ranges.is_empty()
    }

    pub fn has_cids(&self) -> bool {
        !self.cids.is_empty()
    }

    /// The characters `code` maps to, written into `buf`; returns how many
    /// (0 when unmapped).
    pub fn unicode(&self, code: u32, buf: &mut [char; MAX_CHARS_PER_CODE]) -> usize {
        if let Ok(i) = self.singles.binary_search_by_key(&code, |s| s.0) {
            let (_, start, n) = self.singles[i];
            let src = self
                .chars
                .get(start as usize..start as usize + n as usize)
                .unwrap_or(&[]);
            buf[..src.len()].copy_from_slice(src);
            return src.len();
        }
        let i = self.ranges.partition_point(|r| r.0 <= code);
        // Overlapping ranges are rare; look back a few for one that covers.
        for r in self.ranges[..i].iter().rev().take(8) {
            let (lo, hi, start, n) = *r;
            if code > hi {
                continue;
            }
            let Some(src) = self.chars.get(start as usize..start as usize + n as usize) else {
                return 0;
            };
            buf[..src.len()].copy_from_slice(src);
            let last = src.len() - 1;
            let bumped = u32::from(src[last]).saturating_add(code - lo);
            match char::from_u32(bumped) {
                Some(c) => buf[last] = c,
                None => return 0,
            }
            return src.len();
        }
        0
    }

    /// The CID of `code` from `cidchar`/`cidrange` blocks.
    pub fn cid(&self, code: u32) -> Option<u32> {
        let i = self.cids.partition_point(|r| r.0 <= code);
        self.cids[..i]
            .iter()
            .rev()
            .take(8)
            .find(|r| code <= r.1)
            .map(|r| r.2.saturating_add(code - r.0))
    }
}

/// Decode UTF-16BE bytes (surrogate pairs joined) into `out`, at most
/// [`MAX_CHARS_PER_CODE`] chars; returns how many were pushed. A single
/// byte (some producers write `<41>`) is taken as a Latin-1 char.
fn push_utf16(out: &mut Vec<char>, dst: &[u8]) -> u8 {
    if dst.len() == 1 {
        out.push(char::from(dst[0]));
        return 1;
    }
    let units = dst
        .chunks_exact(2)
        .map(|p| u16::from_be_bytes([p[0], p[1]]));
    let mut n = 0u8;
    for c in char::decode_utf16(units).flatten() {
        if usize::from(n) >= MAX_CHARS_PER_CODE {
            break;
        }
        out.push(c);
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar
<0003> <0020>
<0010> <D835DC00>
<0011> <00660069>
endbfchar
2 beginbfrange
<0020> <0029> <0030>
<0100> <0102> [<6536> <5165> <603B>]
endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    fn uni(c: &CMap, code: u32) -> String {
        let mut buf = ['\0'; MAX_CHARS_PER_CODE];
        let n = c.unicode(code, &mut buf);
        buf[..n].iter().collect()
    }

    #[test]
    fn bfchar_bfrange_and_surrogates() {
        let c = CMap::parse(SAMPLE);
        assert_eq!(uni(&c, 3), " ");
        assert_eq!(uni(&c, 0x10), "\u{1D400}");
        assert_eq!(uni(&c, 0x11), "fi");
        assert_eq!(uni(&c, 0x20), "0");
        assert_eq!(uni(&c, 0x29), "9");
        assert_eq!(uni(&c, 0x2a), "");
        assert_eq!(uni(&c, 0x100), "收");
        assert_eq!(uni(&c, 0x102), "总");
        assert_eq!(c.codespace.next_code(&[0x01, 0x02, 0x03]), (0x0102, 2));
    }

    #[test]
    fn mixed_codespace_one_and_two_bytes() {
        let c = CMap::parse(b"2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange");
        assert_eq!(c.codespace.next_code(b"A\x81\x40"), (0x41, 1));
        assert_eq!(c.codespace.next_code(b"\x81\x40"), (0x8140, 2));
        // Matches nothing: shortest length.
        assert_eq!(c.codespace.next_code(b"\xff"), (0xff, 1));
    }

    #[test]
    fn cid_ranges() {
        let c = CMap::parse(
            b"1 begincidrange <8140> <817E> 100 endcidrange 1 begincidchar <20> 1 endcidchar",
        );
        assert_eq!(c.cid(0x8141), Some(101));
        assert_eq!(c.cid(0x20), Some(1));
        assert_eq!(c.cid(0x21), None);
    }
}
