//! Tesseract's TSV output → positioned glyphs, so a scanned page goes
//! through the same geometric layout as a page with a text layer.
//!
//! Tesseract gives one box per word (level 5) inside numbered lines
//! (block, paragraph, line). Every word of a line gets the line's bottom as
//! its baseline (ink boxes of Chinese characters differ in height, and the
//! layout groups glyphs into lines by baseline) and the median word height
//! of the line as its size; a word's characters share its width evenly.

use crate::model::Glyph;

/// Words read with less confidence than this (0–100) that hold no Chinese
/// character or digit are dropped: at that level tesseract mostly reports
/// specks and ruling remnants as marks.
pub const MIN_WORD_CONFIDENCE: f32 = 20.0;

/// A page whose amounts are printed with cents: at least this many amount
/// words end in a point and two digits, and they are at least this share
/// of its amount words. The share is low on purpose: a badly scanned page
/// loses the point of most of its amounts (a fax page turned 2° read 18 of
/// 50 with their cents), while a page of whole amounts has next to none.
pub const CENTS_PAGE_MIN_AMOUNTS: usize = 5;
pub const CENTS_PAGE_SHARE: f32 = 0.25;

/// One word from the TSV, in image pixels.
#[derive(Debug, Clone, PartialEq)]
struct Word {
    line: (u32, u32, u32),
    left: f32,
    top: f32,
    width: f32,
    height: f32,
    conf: f32,
    text: String,
}

fn parse_words(tsv: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let num = |i: usize| f[i].trim().parse::<f32>().ok();
        let id = |i: usize| f[i].trim().parse::<u32>().unwrap_or(0);
        let (Some(left), Some(top), Some(width), Some(height), Some(conf)) =
            (num(6), num(7), num(8), num(9), num(10))
        else {
            continue;
        };
        let (text, head, tail) = clean_word(&f[11..].join("\t"));
        let (left, width) = (left + width * head, width * (1.0 - head - tail));
        if text.is_empty() || width <= 0.0 || height <= 0.0 {
            continue;
        }
        // A low-confidence word is kept when it is Chinese or digits (the
        // engine scores a lone 费 at 0 and reads it right); only marks go.
        let meaningful = text
            .chars()
            .any(|c| c.is_ascii_digit() || crate::layout::text::common::is_han(c));
        if conf < MIN_WORD_CONFIDENCE && !meaningful {
            continue;
        }
        out.push(Word {
            line: (id(2), id(3), id(4)),
            left,
            top,
            width,
            height,
            conf,
            text,
        });
    }
    doubt_off_style(&mut out);
    out
}

/// Whether word `i` stands where an amount does: a figure that does not
/// lead a name on its line. A classification code does, printed whole
/// (`2080101 行政运行`) or in 类/款/项 pieces (`208 01 01 行政运行`); an
/// amount is followed by another amount, the next half's code, or nothing.
fn amount_word(words: &[Word], i: usize) -> bool {
    is_figure_like(&words[i].text) && !leads_a_name(words, i)
}

/// A 类/款/项 piece of a split code: two or three digits, nothing else.
fn is_code_piece(w: &str) -> bool {
    (2..=3).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())
}

fn leads_a_name(words: &[Word], i: usize) -> bool {
    let line = words[i].line;
    let mut j = i + 1;
    if is_code_piece(&words[i].text) {
        while words
            .get(j)
            .is_some_and(|w| w.line == line && is_code_piece(&w.text))
        {
            j += 1;
        }
    }
    words
        .get(j)
        .is_some_and(|n| n.line == line && n.text.chars().any(crate::layout::text::common::is_han))
}

/// Printed with cents: `1,234.56`, `0.00`.
fn has_cents(w: &str) -> bool {
    w.rsplit_once('.').is_some_and(|(i, f)| {
        !i.is_empty() && f.len() == 2 && f.bytes().all(|b| b.is_ascii_digit())
    })
}

/// On a page that prints its amounts with cents, an amount read without
/// them (`107097232` for 1,070,972.32, `1357642.0`, `000` for 0.00) has
/// lost its point or a digit: the engine's reading of it cannot be
/// trusted, and it is marked with `?` so it is left out rather than taken
/// a hundred times too large. A lone `0` stays (a table may print it).
fn doubt_off_style(words: &mut [Word]) {
    let amounts: Vec<usize> = (0..words.len())
        .filter(|&i| amount_word(words, i))
        .collect();
    let cents = amounts
        .iter()
        .filter(|&&i| has_cents(&words[i].text))
        .count();
    if cents < CENTS_PAGE_MIN_AMOUNTS || (cents as f32) < CENTS_PAGE_SHARE * amounts.len() as f32 {
        return;
    }
    for i in amounts {
        let t = &words[i].text;
        let digits = t.bytes().filter(u8::is_ascii_digit).count();
        if digits >= 2 && !has_cents(t) {
            words[i].text.push('?');
        }
    }
}

const QUOTES: [char; 6] = ['“', '”', '‘', '’', '|', '丨'];

/// Marks the engine makes of specks and remnants of erased ruling: a
/// closing quote that opens a word, an opening quote that ends one, bars,
/// any quote on a figure.
/// Returns the word and the share of the box the stripped marks took at
/// its start and at its end (the box shrinks with them: a mark left of a
/// cell border would pull the word's first character across it).
fn clean_word(raw: &str) -> (String, f32, f32) {
    let t = raw.trim();
    let total = t.chars().count().max(1) as f32;
    // A figure carries no quotes at all (“06, 1,070”).
    let numeric = t
        .chars()
        .filter(|c| !QUOTES.contains(c))
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-'));
    let (lead, trail): (&[char], &[char]) = if numeric {
        (&QUOTES, &QUOTES)
    } else {
        (&['”', '’', '|', '丨'], &['“', '‘', '|', '丨'])
    };
    let a = t.trim_start_matches(lead);
    let b = a.trim_end_matches(trail);
    let head = (t.chars().count() - a.chars().count()) as f32 / total;
    let tail = (a.chars().count() - b.chars().count()) as f32 / total;
    let word = b.trim();
    // Separators the engine misreads inside a figure: ; and full-width
    // forms for a comma or point, a comma doubled.
    let digits_and_marks = word.chars().any(|c| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | ';' | '，' | '．'));
    let mut word = if digits_and_marks {
        word.replace([';', '，'], ",").replace('．', ".")
    } else {
        word.to_string()
    };
    while word.contains(",,") {
        word = word.replace(",,", ",");
    }
    let word = without_specks(&word);
    let word = if is_figure_like(&word) {
        figure(&word)
    } else {
        word
    };
    (word, head, tail)
}

/// Marks a speck of dust next to a figure is read as: a point, colon or
/// comma.
const SPECK_MARKS: [char; 7] = ['.', ':', '：', ',', '，', '·', '。'];

/// A figure with a speck read on either side (`.2,036,463.09`, `0.00.`,
/// `:1,527,347.32`) without it. A leading mark goes whenever a figure
/// follows (no amount in these tables starts with a point). A trailing
/// mark goes only when the figure before it already has its decimals: in
/// `1,234.` the point may be the decimal point of a lost digit, and the
/// word stays malformed.
fn without_specks(w: &str) -> String {
    let body = w.trim_start_matches(SPECK_MARKS);
    let body =
        if body != w && is_figure_like(body) && body.starts_with(|c: char| c.is_ascii_digit()) {
            body
        } else {
            w
        };
    let head = body.trim_end_matches(SPECK_MARKS);
    let has_decimals = head.rsplit_once('.').is_some_and(|(i, f)| {
        !i.is_empty() && (1..=2).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit())
    });
    if head != body && is_figure_like(head) && has_decimals {
        head.to_string()
    } else {
        body.to_string()
    }
}

/// A figure with a point read for a thousands separator (`1.866.757.83`,
/// `2.715,284.12`) in the usual form: an amount has one decimal point, the
/// last separator, and only when one or two digits follow it (a decimal
/// part of three digits does not occur in these tables); every separator
/// before it is a thousands separator. A figure with one separator is left
/// as read (`1.866` may be a decimal).
fn points_as_separators(w: &str) -> Option<String> {
    let (sign, body) = match w.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", w),
    };
    let seps: Vec<usize> = body.match_indices(['.', ',']).map(|(i, _)| i).collect();
    let last = *seps.last()?;
    if seps.len() < 2 || !body[..last].contains('.') {
        return None;
    }
    let tail = body.len() - last - 1;
    let decimal = (1..=2).contains(&tail);
    let mut out = String::from(sign);
    for (i, c) in body.char_indices() {
        out.push(match c {
            '.' | ',' if i == last && decimal => '.',
            '.' | ',' => ',',
            c => c,
        });
    }
    Some(out)
}

fn is_figure_like(w: &str) -> bool {
    !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-'))
        && w.chars().any(|c| c.is_ascii_digit())
}

/// A figure as read. The engine often drops a thousands separator
/// (`1070,972.32` for 1,070,972.32) but seldom invents a digit: a figure
/// whose groups after the first are all three digits, with at most two
/// decimals, is taken with its separators removed. Anything else
/// (`6,545,1729.57`, `152.5295`) is a misread and is marked with `?` so it
/// is not taken as an amount: a gap is better than a wrong figure.
fn figure(read: &str) -> String {
    let normal = points_as_separators(read);
    let w = normal.as_deref().unwrap_or(read);
    let body = w.strip_prefix('-').unwrap_or(w);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    // `1.` is an enumeration, not a figure.
    let frac_ok = frac.is_none_or(|f| f.len() <= 2 && f.bytes().all(|b| b.is_ascii_digit()));
    let mut groups = int.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()));
    let rest_ok = groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    if !(frac_ok && first_ok && rest_ok) {
        return format!("{read}?");
    }
    // A minus before a zero (`-0.00`) is a speck or a dash of the ruling:
    // no table prints a negative nothing.
    if body.len() < w.len() && !body.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        return body.to_string();
    }
    let regular = int
        .split(',')
        .next()
        .is_some_and(|g| g.len() <= 3 || !int.contains(','));
    if regular {
        w.to_string()
    } else {
        w.replace(',', "")
    }
}

/// Where the image sits on the page and how big it is in pixels.
#[derive(Debug, Clone, Copy)]
pub struct Placement {
    pub bbox: [f32; 4],
    pub px_width: u32,
    pub px_height: u32,
}

/// Glyphs in page space and the mean word confidence (None: no words).
pub fn glyphs(tsv: &str, at: Placement) -> (Vec<Glyph>, Option<f32>) {
    let words = parse_words(tsv);
    let sx = (at.bbox[2] - at.bbox[0]) / at.px_width.max(1) as f32;
    let sy = (at.bbox[3] - at.bbox[1]) / at.px_height.max(1) as f32;
    let mut out = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let line = words[start].line;
        let end = words[start..]
            .iter()
            .position(|w| w.line != line)
            .map_or(words.len(), |p| start + p);
        let group = &words[start..end];
        let bottom = group
            .iter()
            .map(|w| w.top + w.height)
            .fold(f32::NEG_INFINITY, f32::max);
        let mut heights: Vec<f32> = group.iter().map(|w| w.height).collect();
        heights.sort_by(f32::total_cmp);
        let size = heights[heights.len() / 2] * sy;
        // A word's box that reaches into the next word's ends where that
        // one starts (the engine sometimes boxes a word far too wide; sorted
        // by x, overlapping boxes would interleave their characters).
        for (wi, w) in group.iter().enumerate() {
            let chars: Vec<char> = w.text.chars().collect();
            let mut right = w.left + w.width;
            if let Some(next) = group.get(wi + 1)
                && next.left > w.left + 1.0
            {
                right = right.min(next.left);
            }
            let left = w.left.min(right - 1.0);
            let step = (right - left).max(1.0) / chars.len() as f32;
            for (i, ch) in chars.into_iter().enumerate() {
                out.push(Glyph {
                    ch,
                    x: at.bbox[0] + (left + step * i as f32) * sx,
                    y: at.bbox[1] + bottom * sy,
                    width: step * sx,
                    size,
                    font: 0,
                });
            }
        }
        start = end;
    }
    let conf =
        (!words.is_empty()).then(|| words.iter().map(|w| w.conf).sum::<f32>() / words.len() as f32);
    (out, conf)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";

    #[test]
    fn words_become_glyphs_on_the_line_baseline() {
        let tsv = format!(
            "{HEAD}4\t1\t1\t1\t1\t0\t100\t100\t400\t40\t-1\t\n\
             5\t1\t1\t1\t1\t1\t100\t105\t60\t30\t95.0\t合计\n\
             5\t1\t1\t1\t1\t2\t300\t100\t100\t40\t90.0\t1,234\n\
             5\t1\t1\t1\t2\t1\t100\t200\t30\t30\t10.0\t~\n"
        );
        // A 1000×2000 px image over a 500×1000 pt page: half a point a pixel.
        let at = Placement {
            bbox: [0.0, 0.0, 500.0, 1000.0],
            px_width: 1000,
            px_height: 2000,
        };
        let (g, conf) = glyphs(&tsv, at);
        let text: String = g.iter().map(|g| g.ch).collect();
        assert_eq!(text, "合计1,234", "the low-confidence speck is dropped");
        assert!(
            g.iter().all(|g| (g.y - 70.0).abs() < 1e-3),
            "baseline = line bottom 140 px"
        );
        assert!((g[0].x - 50.0).abs() < 1e-3 && (g[1].x - 65.0).abs() < 1e-3);
        assert!((g[2].width - 10.0).abs() < 1e-3);
        assert_eq!(conf, Some(92.5));
    }

    #[test]
    fn overlapping_boxes_do_not_interleave() {
        // The engine boxed "”公益" far too wide, over the next word 性.
        let tsv = format!(
            "{HEAD}5\t1\t1\t2\t11\t2\t634\t1326\t260\t35\t40.3\t”公益\n\
             5\t1\t1\t2\t11\t3\t723\t1320\t38\t54\t97.0\t性\n\
             5\t1\t1\t2\t11\t4\t760\t1326\t78\t35\t96.7\t岗位|\n"
        );
        let at = Placement {
            bbox: [0.0, 0.0, 1000.0, 2000.0],
            px_width: 1000,
            px_height: 2000,
        };
        let (mut g, _) = glyphs(&tsv, at);
        g.sort_by(|a, b| a.x.total_cmp(&b.x));
        let text: String = g.iter().map(|g| g.ch).collect();
        assert_eq!(text, "公益性岗位");
    }

    #[test]
    fn misread_figures_are_marked_and_lost_separators_forgiven() {
        for good in [
            "0",
            "0.00",
            "1,070,972.32",
            "805033",
            "-12.5",
            "152,525",
            "1.",
            "1,234.5",
        ] {
            assert_eq!(clean_word(good).0, good);
        }
        assert_eq!(clean_word("1070,972.32").0, "1070972.32");
        assert_eq!(clean_word("30928,282.58").0, "30928282.58");
        assert_eq!(clean_word("2;,472,803.39").0, "2,472,803.39");
        assert_eq!(clean_word("2;276，261．95").0, "2,276,261.95");
        for bad in ["152.5295", "6,545,1729.57", "1,0709.32", "12,34", "1.2.3"] {
            assert_eq!(clean_word(bad).0, format!("{bad}?"));
        }
    }

    #[test]
    fn points_in_thousands_places_and_specks_are_read_through() {
        assert_eq!(clean_word("1.866.757.83").0, "1,866,757.83");
        assert_eq!(clean_word("2.715,284.12").0, "2,715,284.12");
        assert_eq!(clean_word("30928.282.58").0, "30928282.58");
        assert_eq!(clean_word("1.070.972").0, "1,070,972");
        assert_eq!(clean_word("-1.234.56").0, "-1,234.56");
        // One separator: a decimal point, as read (three decimals: marked).
        assert_eq!(clean_word("1.866").0, "1.866?");
        assert_eq!(clean_word(".2,036,463.09").0, "2,036,463.09");
        assert_eq!(clean_word(":1,527,347.32").0, "1,527,347.32");
        assert_eq!(clean_word("0.00.").0, "0.00");
        assert_eq!(clean_word("-0.00").0, "0.00");
        assert_eq!(clean_word("-0").0, "0");
        assert_eq!(clean_word("792,392.79,").0, "792,392.79");
        // A trailing point after a whole number may be a lost decimal:
        // kept, for the amount parser to judge.
        assert_eq!(clean_word("1,234.").0, "1,234.");
        // Still malformed after the repairs: marked.
        assert_eq!(clean_word("1.866.75.83").0, "1.866.75.83?");
        assert_eq!(clean_word("6545,72957").0, "6545,72957?");
    }

    fn line(n: u32, words: &[&str]) -> String {
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                format!(
                    "5\t1\t1\t1\t{n}\t{i}\t{}\t{}\t80\t30\t90.0\t{w}\n",
                    100 * i,
                    40 * n
                )
            })
            .collect()
    }

    fn read(tsv: &str) -> Vec<String> {
        parse_words(&format!("{HEAD}{tsv}"))
            .into_iter()
            .map(|w| w.text)
            .collect()
    }

    #[test]
    fn amounts_without_cents_on_a_cents_page_are_doubted() {
        let mut tsv = String::new();
        for n in 1..=8 {
            tsv += &line(
                n,
                &[
                    "2080101",
                    "行政运行",
                    "1,234.56",
                    "0.00",
                    "30101",
                    "基本工资",
                    "12.30",
                ],
            );
        }
        tsv += &line(
            9,
            &["2080109", "离退休", "107097232", "000", "0", "1357642.0"],
        );
        let words = read(&tsv);
        assert_eq!(words[0], "2080101", "a code before its name is no amount");
        assert_eq!(words[4], "30101", "nor is the next half's code");
        assert_eq!(
            &words[words.len() - 5..],
            ["离退休", "107097232?", "000?", "0", "1357642.0?"]
        );
        // A page of whole amounts is left as read.
        // Split 类/款/项 pieces before their name are a code too.
        let mut split = tsv.clone();
        split += &line(10, &["208", "01", "09", "离退休", "12.00", "120"]);
        let words = read(&split);
        assert_eq!(
            &words[words.len() - 6..],
            ["208", "01", "09", "离退休", "12.00", "120?"]
        );
        let whole = line(1, &["合计", "110998", "100700"]).repeat(9);
        assert!(read(&whole).iter().all(|w| !w.ends_with('?')));
    }

    #[test]
    fn garbage_gives_nothing() {
        let at = Placement {
            bbox: [0.0, 0.0, 10.0, 10.0],
            px_width: 0,
            px_height: 0,
        };
        assert_eq!(glyphs("", at), (vec![], None));
        assert_eq!(glyphs("x\n5\t1\ta\tb", at).0, vec![]);
    }
}
