//! A forgiving tokenizer for content streams and CMaps.
//!
//! lopdf's `Content::decode` stops at the first token it cannot parse and
//! allocates an `Object` per operand; a garbage fragment in one content
//! stream would then lose the rest of the page. This lexer never fails: a
//! byte it does not understand is skipped, so the operations after it still
//! come out. It also skips inline image data (`BI … ID … EI`) without
//! decoding it.
//!
//! Every step advances the position by at least one byte, so a call to
//! [`Lexer::next_op`] always terminates, and the whole stream is read in
//! linear time.

/// One operand of an operation. Strings are unescaped bytes; names are the
/// raw bytes after `/` (no `#xx` decoding: resource names in the wild are
/// plain ASCII and compared byte for byte with the dictionary keys, which
/// lopdf decodes, so `#` names are decoded too).
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Num(f32),
    Str(Vec<u8>),
    Name(Vec<u8>),
    Array(Vec<Operand>),
    /// A dictionary (marked-content properties, inline image parameters):
    /// its content is skipped, the extractor never needs it.
    Dict,
    Bool(bool),
    Null,
}

impl Operand {
    pub fn num(&self) -> Option<f32> {
        match self {
            Operand::Num(n) => Some(*n),
            _ => None,
        }
    }
}

/// Arrays nested deeper than this are flattened away (a guard against
/// crafted input that would otherwise recurse without bound).
const MAX_ARRAY_DEPTH: usize = 16;

/// Operands piling up without an operator beyond this are garbage and
/// dropped (keeps memory bounded; CMap blocks hold at most 100 entries of
/// three operands).
const MAX_OPERANDS: usize = 4096;

pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// What one token turned out to be.
enum Token<'a> {
    Operand(Operand),
    Keyword(&'a [u8]),
    ArrayEnd,
    /// Nothing usable (stray delimiter, comment); already skipped.
    Skip,
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0 }
    }

    /// The next operator, with its operands collected into `operands`
    /// (cleared first). `None` at the end of the stream. Operands left
    /// without an operator at the end are dropped.
    pub fn next_op(&mut self, operands: &mut Vec<Operand>) -> Option<&'a [u8]> {
        operands.clear();
        loop {
            match self.token(0)? {
                Token::Operand(o) => {
                    // A run of operands without operator is garbage: keep
                    // memory bounded.
                    if operands.len() >= MAX_OPERANDS {
                        operands.clear();
                    }
                    operands.push(o)
                }
                Token::Keyword(k) => match k {
                    b"true" => operands.push(Operand::Bool(true)),
                    b"false" => operands.push(Operand::Bool(false)),
                    b"null" => operands.push(Operand::Null),
                    b"BI" => {
                        self.skip_inline_image();
                        operands.clear();
                        return Some(b"BI");
                    }
                    _ => return Some(k),
                },
                Token::ArrayEnd | Token::Skip => {}
            }
        }
    }

    fn skip_white(&mut self) {
        while let Some(&b) = self.data.get(self.pos) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(&c) = self.data.get(self.pos) {
                    if c == b'\r' || c == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn token(&mut self, depth: usize) -> Option<Token<'a>> {
        self.skip_white();
        let b = *self.data.get(self.pos)?;
        Some(match b {
            b'(' => Token::Operand(Operand::Str(self.literal_string())),
            b'<' => {
                if self.data.get(self.pos + 1) == Some(&b'<') {
                    self.skip_dict();
                    Token::Operand(Operand::Dict)
                } else {
                    Token::Operand(Operand::Str(self.hex_string()))
                }
            }
            b'/' => {
                self.pos += 1;
                Token::Operand(Operand::Name(self.name()))
            }
            b'[' if depth >= MAX_ARRAY_DEPTH => {
                // Too deep: the inner brackets are dropped, items read flat.
                self.pos += 1;
                Token::Skip
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    match self.token(depth + 1) {
                        None | Some(Token::ArrayEnd) => break,
                        Some(Token::Operand(o)) => items.push(o),
                        Some(Token::Keyword(k)) => match k {
                            b"true" => items.push(Operand::Bool(true)),
                            b"false" => items.push(Operand::Bool(false)),
                            b"null" => items.push(Operand::Null),
                            // An operator inside an array: the array is
                            // broken; end it here and drop the keyword.
                            _ => break,
                        },
                        Some(Token::Skip) => {}
                    }
                }
                Token::Operand(Operand::Array(items))
            }
            b']' => {
                self.pos += 1;
                Token::ArrayEnd
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => match self.number() {
                Some(n) => Token::Operand(Operand::Num(n)),
                None => Token::Skip,
            },
            _ if is_regular(b) => {
                let start = self.pos;
                while self.data.get(self.pos).is_some_and(|&c| is_regular(c)) {
                    self.pos += 1;
                }
                Token::Keyword(&self.data[start..self.pos])
            }
            _ => {
                // `)`, `>`, `{`, `}`: stray delimiter.
                self.pos += 1;
                Token::Skip
            }
        })
    }

    fn number(&mut self) -> Option<f32> {
        let start = self.pos;
        let mut neg = false;
        if let Some(&s) = self.data.get(self.pos)
            && (s == b'+' || s == b'-')
        {
            neg = s == b'-';
            self.pos += 1;
            // PDF producers sometimes write `--5`; skip extra signs.
            while self
                .data
                .get(self.pos)
                .is_some_and(|&c| c == b'-' || c == b'+')
            {
                self.pos += 1;
            }
        }
        let mut int: f64 = 0.0;
        let mut frac: f64 = 0.0;
        let mut scale: f64 = 1.0;
        let mut seen_digit = false;
        let mut seen_dot = false;
        while let Some(&c) = self.data.get(self.pos) {
            match c {
                b'0'..=b'9' => {
                    seen_digit = true;
                    if seen_dot {
                        scale *= 0.1;
                        frac += f64::from(c - b'0') * scale;
                    } else {
                        int = int * 10.0 + f64::from(c - b'0');
                    }
                }
                b'.' if !seen_dot => seen_dot = true,
                _ => break,
            }
            self.pos += 1;
        }
        if !seen_digit {
            // A lone sign or dot: consume it (pos already advanced unless
            // it was a lone `.`).
            if self.pos == start {
                self.pos += 1;
            }
            return None;
        }
        let v = int + frac;
        let v = if neg { -v } else { v };
        Some(v.clamp(f64::from(f32::MIN), f64::from(f32::MAX)) as f32)
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(&c) = self.data.get(self.pos) {
            if !is_regular(c) {
                break;
            }
            if c == b'#'
                && let (Some(h), Some(l)) = (
                    self.data.get(self.pos + 1).and_then(|&x| hex_val(x)),
                    self.data.get(self.pos + 2).and_then(|&x| hex_val(x)),
                )
            {
                out.push(h * 16 + l);
                self.pos += 3;
                continue;
            }
            out.push(c);
            self.pos += 1;
        }
        out
    }

    fn literal_string(&mut self) -> Vec<u8> {
        // At `(`.
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(&c) = self.data.get(self.pos) {
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(c);
                }
                b'\\' => {
                    let Some(&e) = self.data.get(self.pos) else {
                        break;
                    };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.data.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v: u32 = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.data.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        _ => out.push(e),
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        // At `<`.
        self.pos += 1;
        let mut out = Vec::new();
        let mut hi: Option<u8> = None;
        while let Some(&c) = self.data.get(self.pos) {
            self.pos += 1;
            if c == b'>' {
                break;
            }
            if let Some(v) = hex_val(c) {
                match hi.take() {
                    Some(h) => out.push(h * 16 + v),
                    None => hi = Some(v),
                }
            }
        }
        if let Some(h) = hi {
            out.push(h * 16);
        }
        out
    }

    /// Skip `<< … >>`, nested dictionaries and strings included.
    fn skip_dict(&mut self) {
        self.pos += 2;
        let mut depth = 1usize;
        while let Some(&c) = self.data.get(self.pos) {
            match c {
                b'(' => {
                    self.literal_string();
                }
                b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                    depth += 1;
                    self.pos += 2;
                }
                b'<' => {
                    self.hex_string();
                }
                b'>' if self.data.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Skip from after `BI` to after the matching `EI`: the parameters up
    /// to `ID`, one white-space byte, then data up to white space + `EI`
    /// followed by white space or the end.
    fn skip_inline_image(&mut self) {
        let d = self.data;
        // Find the `ID` keyword.
        while self.pos < d.len() {
            self.skip_white();
            let Some(&b) = d.get(self.pos) else { return };
            if b == b'I'
                && d.get(self.pos + 1) == Some(&b'D')
                && d.get(self.pos + 2).is_none_or(|&c| is_white(c))
            {
                self.pos += 3;
                break;
            }
            if self.token(0).is_none() {
                return;
            }
        }
        while self.pos < d.len() {
            if is_white(d[self.pos])
                && d.get(self.pos + 1) == Some(&b'E')
                && d.get(self.pos + 2) == Some(&b'I')
                && d.get(self.pos + 3)
                    .is_none_or(|&c| is_white(c) || is_delim(c))
            {
                self.pos += 3;
                return;
            }
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(src: &[u8]) -> Vec<(String, Vec<Operand>)> {
        let mut lx = Lexer::new(src);
        let mut v = Vec::new();
        let mut out = Vec::new();
        while let Some(op) = lx.next_op(&mut v) {
            out.push((String::from_utf8_lossy(op).into_owned(), v.clone()));
        }
        out
    }

    #[test]
    fn numbers_strings_arrays() {
        let o = ops(b"1 0 0 -1.5 .5 -.25 cm (a\\(b\\)\\101) Tj [<0041> -250 (x)] TJ /F1#20a 12 Tf");
        assert_eq!(o[0].0, "cm");
        assert_eq!(o[0].1[3], Operand::Num(-1.5));
        assert_eq!(o[0].1[4], Operand::Num(0.5));
        assert_eq!(o[0].1[5], Operand::Num(-0.25));
        assert_eq!(o[1].1[0], Operand::Str(b"a(b)A".to_vec()));
        assert_eq!(
            o[2].1[0],
            Operand::Array(vec![
                Operand::Str(vec![0, 0x41]),
                Operand::Num(-250.0),
                Operand::Str(b"x".to_vec())
            ])
        );
        assert_eq!(o[3].1[0], Operand::Name(b"F1 a".to_vec()));
    }

    #[test]
    fn garbage_is_skipped_and_later_ops_survive() {
        // Stray delimiters vanish; operands without operator at the end
        // (and an unterminated string) are dropped.
        let o = ops(b"\xff\xfe ))>> } 12 ( unterminated");
        assert_eq!(o.len(), 1);
        assert!(o[0].1.is_empty());
        let o = ops(b"BT \x00\x01garbage ]]] 1 2 Td ET");
        let names: Vec<_> = o.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, vec!["BT", "\x01garbage", "Td", "ET"]);
    }

    #[test]
    fn inline_image_is_skipped() {
        let o = ops(b"q BI /W 2 /H 1 /CS /G /BPC 8 ID \x00EI\x01 EI Q BT ET");
        let names: Vec<_> = o.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, vec!["q", "BI", "Q", "BT", "ET"]);
    }

    #[test]
    fn dict_operand_and_comments() {
        let o = ops(b"/P <</MCID 0 /A <</B (x>>)>> >> BDC % comment ) ( \nEMC");
        assert_eq!(o[0].0, "BDC");
        assert_eq!(o[0].1[1], Operand::Dict);
        assert_eq!(o[1].0, "EMC");
    }
}
