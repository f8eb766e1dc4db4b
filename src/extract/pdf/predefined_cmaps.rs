//! Predefined CMaps named by a Type0 font's `/Encoding` (ISO 32000 9.7.5.2)
//! when the font carries no ToUnicode map.
//!
//! Shipping Adobe's CMap files would cost megabytes; instead each name is
//! classified by the character encoding its codes are written in, and
//! `encoding_rs` turns the code bytes into Unicode:
//! - `Identity-H/V`: two-byte CIDs, no Unicode without a ToUnicode map;
//! - `Uni*-UCS2-*` / `Uni*-UTF16-*`: codes are UTF-16 code units;
//! - `GBK-EUC-*`, `GBpc-EUC-*`, `GBK2K-*`, `GB-EUC-*` …: codes are GBK /
//!   GB 18030 bytes (a superset of GB 2312), so decoding them as GB 18030
//!   gives the character (the real case: WPS fonts with `GBK-EUC-H`);
//! - Big5, Shift-JIS, EUC-JP and EUC-KR families likewise.
//!
//! The CID (needed for `/W` widths) is not known for byte encodings; see
//! `fonts.rs` for the width rule used then.

use super::cmap::MAX_CHARS_PER_CODE;
use encoding_rs::{BIG5, EUC_JP, EUC_KR, Encoding, GB18030, SHIFT_JIS};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Predefined {
    /// Two-byte codes equal to CIDs.
    Identity,
    /// Codes are UTF-16BE code units (2 bytes, 4 for surrogate pairs).
    Utf16,
    /// Codes are bytes of a legacy multi-byte encoding.
    Bytes(&'static Encoding),
}

/// Classify a predefined CMap name; `None` for names not recognised (the
/// caller then treats codes as two-byte CIDs, the common case).
pub fn classify(name: &[u8]) -> Option<Predefined> {
    let n = std::str::from_utf8(name).ok()?;
    let base = n
        .strip_suffix("-H")
        .or_else(|| n.strip_suffix("-V"))
        .unwrap_or(n);
    if base == "Identity" {
        return Some(Predefined::Identity);
    }
    if base.starts_with("Uni") && (base.ends_with("-UCS2") || base.ends_with("-UTF16")) {
        return Some(Predefined::Utf16);
    }
    let enc: &'static Encoding = match base {
        "GB-EUC" | "GBpc-EUC" | "GBK-EUC" | "GBKp-EUC" | "GBK2K" | "GBT-EUC" | "GBTpc-EUC"
        | "GB" | "GBT" => GB18030,
        "B5pc" | "ETen-B5" | "HKscs-B5" | "ETenms-B5" | "HKdla-B5" | "HKdlb-B5" | "HKgccs-B5"
        | "HKm314-B5" | "HKm471-B5" => BIG5,
        "90ms-RKSJ" | "90msp-RKSJ" | "83pv-RKSJ" | "90pv-RKSJ" | "Add-RKSJ" | "Ext-RKSJ"
        | "78-RKSJ" => SHIFT_JIS,
        "EUC" | "78-EUC" => EUC_JP,
        "KSC-EUC" | "KSCms-UHC" | "KSCms-UHC-HW" | "KSCpc-EUC" => EUC_KR,
        _ => return None,
    };
    // ISO-2022 style names (`GB`, `GBT`) write GB 2312 codes without the
    // high bit; `decode` adds it back.
    Some(Predefined::Bytes(enc))
}

/// True for names whose codes lack the EUC high bit (`GB-H`, `GBT-H`).
pub fn is_seven_bit(name: &[u8]) -> bool {
    matches!(name, b"GB-H" | b"GB-V" | b"GBT-H" | b"GBT-V")
}

/// True when the name ends in `-V` (vertical writing).
pub fn is_vertical(name: &[u8]) -> bool {
    name.ends_with(b"-V")
}

impl Predefined {
    /// How many bytes the code at the start of `bytes` takes.
    pub fn code_len(&self, bytes: &[u8], seven_bit: bool) -> usize {
        let Some(&b0) = bytes.first() else { return 1 };
        let len = match self {
            Predefined::Identity => 2,
            Predefined::Utf16 => {
                let hi = bytes.get(..2).map(|p| u16::from_be_bytes([p[0], p[1]]));
                if hi.is_some_and(|u| (0xD800..0xDC00).contains(&u)) {
                    4
                } else {
                    2
                }
            }
            Predefined::Bytes(_) if seven_bit => 2,
            Predefined::Bytes(enc) => {
                let e = *enc;
                if e == GB18030 {
                    match (b0, bytes.get(1)) {
                        (0x81..=0xFE, Some(0x30..=0x39)) => 4,
                        (0x81..=0xFE, _) => 2,
                        _ => 1,
                    }
                } else if e == SHIFT_JIS {
                    if matches!(b0, 0x81..=0x9F | 0xE0..=0xFC) {
                        2
                    } else {
                        1
                    }
                } else if e == EUC_JP {
                    match b0 {
                        0x8F => 3,
                        0x8E | 0xA1..=0xFE => 2,
                        _ => 1,
                    }
                } else if b0 >= 0x81 {
                    2
                } else {
                    1
                }
            }
        };
        len.min(bytes.len()).max(1)
    }

    /// Unicode for the code bytes `code` (as they appeared in the string).
    pub fn unicode(
        &self,
        code: &[u8],
        seven_bit: bool,
        buf: &mut [char; MAX_CHARS_PER_CODE],
    ) -> usize {
        match self {
            Predefined::Identity => 0,
            Predefined::Utf16 => {
                let units = code
                    .chunks_exact(2)
                    .map(|p| u16::from_be_bytes([p[0], p[1]]));
                let mut n = 0;
                for c in char::decode_utf16(units).flatten() {
                    if n < MAX_CHARS_PER_CODE {
                        buf[n] = c;
                        n += 1;
                    }
                }
                n
            }
            Predefined::Bytes(enc) => {
                let mut bytes = [0u8; 4];
                let len = code.len().min(4);
                bytes[..len].copy_from_slice(&code[..len]);
                if seven_bit && len == 2 {
                    bytes[0] |= 0x80;
                    bytes[1] |= 0x80;
                }
                decode_bytes(enc, &bytes[..len], buf)
            }
        }
    }
}

/// Decode one code with `enc`, without allocating; 0 chars if invalid.
fn decode_bytes(
    enc: &'static Encoding,
    bytes: &[u8],
    buf: &mut [char; MAX_CHARS_PER_CODE],
) -> usize {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = [0u8; 32];
    let (result, _read, written) =
        decoder.decode_to_utf8_without_replacement(bytes, &mut out, true);
    if !matches!(result, encoding_rs::DecoderResult::InputEmpty) {
        return 0;
    }
    let Ok(s) = std::str::from_utf8(&out[..written]) else {
        return 0;
    };
    let mut n = 0;
    for c in s.chars() {
        if n < MAX_CHARS_PER_CODE {
            buf[n] = c;
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(p: Predefined, seven: bool, mut bytes: &[u8]) -> String {
        let mut s = String::new();
        while !bytes.is_empty() {
            let n = p.code_len(bytes, seven);
            let mut buf = ['\0'; MAX_CHARS_PER_CODE];
            let k = p.unicode(&bytes[..n], seven, &mut buf);
            s.extend(&buf[..k]);
            bytes = &bytes[n..];
        }
        s
    }

    #[test]
    fn gbk_euc_bytes_decode_to_chinese_and_ascii() {
        let p = classify(b"GBK-EUC-H").unwrap();
        // 收入总计 in GBK, then "12.5".
        let (gbk, _, _) = GB18030.encode("收入总计12.5");
        assert_eq!(text(p, false, &gbk), "收入总计12.5");
    }

    #[test]
    fn seven_bit_gb_and_utf16() {
        let p = classify(b"GB-H").unwrap();
        // 收 = GB2312 CA D5 → 4A 55 without the high bit.
        assert_eq!(text(p, is_seven_bit(b"GB-H"), &[0x4A, 0x55]), "收");
        let u = classify(b"UniGB-UTF16-H").unwrap();
        assert_eq!(
            text(u, false, &[0x65, 0x36, 0xD8, 0x35, 0xDC, 0x00]),
            "收\u{1D400}"
        );
        assert_eq!(classify(b"Identity-V"), Some(Predefined::Identity));
        assert_eq!(classify(b"Nonsense-H"), None);
    }
}
