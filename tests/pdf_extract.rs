//! PDF extraction on the real disclosures (read in place from
//! `../shared/real`) and on small generated PDFs that exercise the text
//! state machine and the failure modes a batch must survive.
//!
//! Expected strings and page lists were captured with `pdftotext`
//! (poppler) when these tests were written; the tests do not need it.

use lopdf::content::{Content, Operation};
use lopdf::{
    Document, EncryptionState, EncryptionVersion, Object, ObjectId, Permissions, Stream, dictionary,
};
use std::collections::BTreeMap;
use std::path::PathBuf;
use yusuan::error::ProcessError;
use yusuan::extract::extract_pages;
use yusuan::model::Page;

// ---------------------------------------------------------------- helpers

/// `../shared/real` next to the repository (CI: `<dir>/main` and
/// `<dir>/shared`); a worktree one level deeper finds it at `../../shared`.
fn real_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for rel in ["../shared/real", "../../shared/real"] {
        let p = root.join(rel);
        if p.is_dir() {
            return p;
        }
    }
    panic!(
        "real PDFs not found at ../shared/real (relative to {})",
        root.display()
    );
}

fn real(name: &str) -> Vec<Page> {
    let bytes = std::fs::read(real_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    extract_pages(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The page's text as lines: glyphs sorted top-down, a new line when the
/// baseline moves more than 2pt, a space where the gap between glyphs
/// exceeds a quarter of the font size.
fn page_lines(page: &Page) -> Vec<String> {
    let mut glyphs: Vec<_> = page.glyphs.iter().collect();
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<&yusuan::model::Glyph>> = Vec::new();
    for g in glyphs {
        match lines.last_mut() {
            Some(l) if (l[0].y - g.y).abs() <= 2.0 => l.push(g),
            _ => lines.push(vec![g]),
        }
    }
    lines
        .into_iter()
        .map(|mut l| {
            l.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut s = String::new();
            let mut end: Option<f32> = None;
            for g in l {
                if end.is_some_and(|e| g.x - e > g.size * 0.25) {
                    s.push(' ');
                }
                s.push(g.ch);
                end = Some(g.x + g.width);
            }
            s
        })
        .collect()
}

fn compact(page: &Page) -> String {
    page_lines(page)
        .concat()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

// ------------------------------------------------------------ real PDFs

/// (file, pages, pages with 收入总计, with 支出总计, with 一般公共预算)
type Expect = (
    &'static str,
    usize,
    &'static [u32],
    &'static [u32],
    &'static [u32],
);

const REAL: &[Expect] = &[
    (
        "putuo_czj_2024_final.pdf",
        25,
        &[],
        &[21],
        &[2, 4, 6, 12, 13, 15, 16, 21, 23, 25],
    ),
    (
        "putuo_czj_2024_final_altered.pdf",
        26,
        &[],
        &[18],
        &[2, 3, 4, 7, 10, 11, 12, 13, 18, 19, 21, 25, 26],
    ),
    (
        "putuo_czj_2025_budget_dept.pdf",
        24,
        &[9, 14],
        &[9, 14],
        &[2, 3, 6, 7, 9, 14, 15, 16, 19, 20],
    ),
    (
        "putuo_flyuan_2024_budget_unit.pdf",
        16,
        &[7, 10],
        &[7, 10],
        &[2, 5, 6, 7, 10, 11, 14],
    ),
    (
        "putuo_ghzyj_2024_final.pdf",
        30,
        &[],
        &[20],
        &[2, 3, 7, 12, 13, 14, 15, 16, 20, 21, 24, 29, 30],
    ),
    (
        "putuo_sfj_2026_budget_dept.pdf",
        23,
        &[10, 14],
        &[10, 14],
        &[2, 7, 8, 10, 14, 15, 16, 19],
    ),
    (
        "putuo_sfj_2026_budget_unit.pdf",
        21,
        &[8, 13],
        &[8, 13],
        &[2, 5, 6, 8, 13, 14, 15, 18],
    ),
    (
        "putuo_shgzb_2024_final.pdf",
        24,
        &[],
        &[17],
        &[2, 3, 5, 10, 11, 12, 13, 17, 18, 20, 23, 24],
    ),
    (
        "putuo_swh_2025_budget_dept.pdf",
        26,
        &[9, 14],
        &[9, 14],
        &[2, 6, 7, 9, 14, 15, 16, 19],
    ),
    (
        "putuo_swh_2025_budget_unit.pdf",
        22,
        &[9, 14],
        &[9, 14],
        &[2, 6, 7, 9, 14, 15, 16, 19],
    ),
    (
        "putuo_wanli_2023_budget_dept.pdf",
        35,
        &[10, 19],
        &[10, 19],
        &[2, 5, 6, 10, 19, 20, 21, 22, 23, 26],
    ),
    (
        "putuo_wanli_2024_budget_dept.pdf",
        33,
        &[10, 21],
        &[10, 21],
        &[2, 5, 6, 10, 21, 22, 23, 24, 25, 26, 29],
    ),
    (
        "putuo_wanli_2025_budget_dept.pdf",
        31,
        &[9, 19],
        &[9, 19],
        &[2, 5, 6, 9, 19, 20, 21, 22, 23, 24, 27],
    ),
    (
        "putuo_zfb_2025_budget_dept.pdf",
        22,
        &[8, 13],
        &[8, 13],
        &[2, 5, 6, 8, 13, 14, 15, 18],
    ),
    (
        "putuo_zfb_2025_budget_unit.pdf",
        21,
        &[8, 13],
        &[8, 13],
        &[2, 5, 6, 8, 13, 14, 15, 18],
    ),
    (
        "shanghai_czj_2025_budget_unit.pdf",
        21,
        &[7, 12],
        &[7, 12],
        &[2, 3, 5, 6, 7, 12, 13, 14, 17, 18, 19],
    ),
];

/// Landscape pages of the documents that mix orientations (the others are
/// landscape throughout, except the wanli 2023 appendix pages 31–35).
const MIXED_LANDSCAPE: &[(&str, &[u32])] = &[
    (
        "putuo_czj_2024_final.pdf",
        &[8, 9, 10, 11, 12, 13, 14, 18, 19, 20],
    ),
    (
        "putuo_czj_2024_final_altered.pdf",
        &[8, 9, 10, 11, 15, 16, 17],
    ),
    (
        "putuo_ghzyj_2024_final.pdf",
        &[8, 9, 10, 11, 12, 13, 17, 18, 19],
    ),
    (
        "putuo_shgzb_2024_final.pdf",
        &[6, 7, 8, 9, 10, 11, 14, 15, 16],
    ),
    (
        "putuo_wanli_2023_budget_dept.pdf",
        &[
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
            25, 26, 27, 28, 29, 30,
        ],
    ),
];

#[test]
fn every_real_pdf_extracts_with_its_pages_and_known_strings() {
    for &(name, pages, income, spend, general) in REAL {
        let doc = real(name);
        assert_eq!(doc.len(), pages, "{name}: page count");
        for (i, p) in doc.iter().enumerate() {
            assert_eq!(p.number as usize, i + 1, "{name}: page numbering");
        }
        for (word, list) in [
            ("收入总计", income),
            ("支出总计", spend),
            ("一般公共预算", general),
        ] {
            for &n in list {
                let text = compact(&doc[n as usize - 1]);
                assert!(
                    text.contains(word),
                    "{name} p{n}: {word} not found in {text}"
                );
            }
        }
        // Table pages (those with the totals) carry plenty of CJK text.
        for &n in income.iter().chain(spend) {
            let cjk = doc[n as usize - 1]
                .glyphs
                .iter()
                .filter(|g| is_cjk(g.ch))
                .count();
            assert!(cjk > 20, "{name} p{n}: only {cjk} CJK glyphs");
        }
    }
}

#[test]
fn glyphs_stay_inside_the_page_and_orientation_is_displayed() {
    for &(name, ..) in REAL {
        let doc = real(name);
        let landscape: Vec<u32> = doc
            .iter()
            .filter(|p| p.width > p.height)
            .map(|p| p.number)
            .collect();
        match MIXED_LANDSCAPE.iter().find(|m| m.0 == name) {
            Some((_, expected)) => {
                assert_eq!(landscape, expected.to_vec(), "{name}: landscape pages")
            }
            None => assert_eq!(landscape.len(), doc.len(), "{name}: all pages landscape"),
        }
        for p in &doc {
            for g in &p.glyphs {
                let cx = g.x + g.width / 2.0;
                assert!(
                    cx >= -1.0
                        && cx <= p.width + 1.0
                        && g.y - g.size / 3.0 >= -1.0
                        && g.y - g.size / 3.0 <= p.height + 1.0,
                    "{name} p{}: glyph {:?} at ({}, {}) outside {}x{}",
                    p.number,
                    g.ch,
                    g.x,
                    g.y,
                    p.width,
                    p.height
                );
                assert!(
                    g.size > 0.0 && g.width >= 0.0,
                    "{name} p{}: {g:?}",
                    p.number
                );
            }
            for r in &p.rules {
                assert!(
                    r.x0 <= r.x1 && r.y0 <= r.y1,
                    "{name} p{}: rule not normalised {r:?}",
                    p.number
                );
                assert!(
                    r.x0 >= 0.0 && r.x1 <= p.width && r.y0 >= 0.0 && r.y1 <= p.height,
                    "{name}: {r:?}"
                );
            }
        }
    }
}

/// The W-array bug that glued amounts together: every digit must be half
/// an em wide (WPS CID fonts use `19 28 500` ranges), and no line may show
/// two amounts run together (`12,029,501.8412,029,501.84`).
#[test]
fn digits_are_half_width_and_amounts_do_not_glue() {
    let glued = |s: &str| {
        // A decimal amount followed directly by more digits: `…\.\d\d\d`
        // with the next char after the two decimals a digit or comma.
        let b: Vec<char> = s.chars().collect();
        (0..b.len().saturating_sub(4)).any(|i| {
            b[i] == '.'
                && b[i + 1].is_ascii_digit()
                && b[i + 2].is_ascii_digit()
                && b[i + 3].is_ascii_digit()
                && b[..i].iter().rev().take(4).filter(|c| **c == ',').count() > 0
        })
    };
    for &(name, ..) in REAL {
        let doc = real(name);
        let mut digits = 0;
        for p in &doc {
            for g in p.glyphs.iter().filter(|g| g.ch.is_ascii_digit()) {
                digits += 1;
                let ratio = g.width / g.size;
                assert!(
                    (0.45..=0.65).contains(&ratio),
                    "{name} p{}: digit {:?} width/size {ratio}",
                    p.number,
                    g.ch
                );
            }
            for line in page_lines(p) {
                assert!(
                    !glued(&line),
                    "{name} p{}: amounts glued in {line}",
                    p.number
                );
            }
        }
        assert!(digits > 500, "{name}: only {digits} digits");
    }
}

/// The font pdf-extract panics on: `GBK-EUC-H`, not embedded, no ToUnicode.
#[test]
fn predefined_gbk_cmap_page_decodes() {
    let doc = real("putuo_czj_2024_final_altered.pdf");
    let text = compact(&doc[23]);
    assert!(text.contains("国有资产占有使用情况说明"), "{text}");
    assert!(text.contains("上海市普陀区财政局共有车辆"), "{text}");
}

/// Rules come out on table pages (cell borders as strokes or thin fills):
/// the 收支总表 pages of budgets, and some page of every document.
#[test]
fn table_pages_have_horizontal_and_vertical_rules() {
    let grid = |p: &Page| {
        let h = p.rules.iter().filter(|r| r.is_horizontal()).count();
        let v = p.rules.iter().filter(|r| r.is_vertical()).count();
        h >= 3 && v >= 2
    };
    for &(name, _, income, ..) in REAL {
        let doc = real(name);
        for &n in income {
            assert!(grid(&doc[n as usize - 1]), "{name} p{n}: no grid of rules");
        }
        let with_grid = doc.iter().filter(|p| grid(p)).count();
        assert!(with_grid >= 3, "{name}: only {with_grid} pages with a grid");
    }
}

/// Same characters per page as pdf-extract (modulo whitespace) on a
/// document it reads correctly: an ONLYOFFICE file without predefined
/// CMaps and without clipped overflow.
#[test]
fn same_characters_as_pdf_extract() {
    let name = "putuo_czj_2024_final.pdf";
    let bytes = std::fs::read(real_dir().join(name)).unwrap();
    let ours = extract_pages(&bytes).unwrap();
    let theirs =
        pdf_extract::extract_text_from_mem_by_pages(&bytes).expect("pdf-extract reads this file");
    assert_eq!(ours.len(), theirs.len());
    let bag = |s: &mut dyn Iterator<Item = char>| {
        let mut m: BTreeMap<char, usize> = BTreeMap::new();
        for c in s.filter(|c| !c.is_whitespace()) {
            *m.entry(c).or_default() += 1;
        }
        m
    };
    for (p, t) in ours.iter().zip(&theirs) {
        let a = bag(&mut p.glyphs.iter().map(|g| g.ch));
        let b = bag(&mut t.chars());
        assert_eq!(a, b, "{name} p{}", p.number);
    }
}

// ------------------------------------------------------- generated PDFs

/// Build a PDF: one page per content string, Helvetica (WinAnsi, with
/// widths for digits) as /F1, optional page attributes.
type PageSpec<'a> = (&'a [u8], Option<Object>, Vec<(&'a str, Object)>);

fn build(pages: &[PageSpec]) -> Document {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding", "FirstChar" => 32,
        "Widths" => (32..=126).map(|c| Object::Integer(if (48..=57).contains(&c) { 556 } else { 600 })).collect::<Vec<_>>(),
    });
    let mut kids = Vec::new();
    for (content, resources, attrs) in pages {
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
        let res = resources
            .clone()
            .unwrap_or_else(|| dictionary! { "Font" => dictionary! { "F1" => font_id } }.into());
        let mut page = dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id, "Resources" => res,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        };
        for (k, v) in attrs {
            page.set(*k, v.clone());
        }
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc
}

fn save(doc: &mut Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn simple(contents: &[&[u8]]) -> Vec<u8> {
    let pages: Vec<_> = contents.iter().map(|c| (*c, None, vec![])).collect();
    save(&mut build(&pages))
}

fn text_of(p: &Page) -> String {
    p.glyphs.iter().map(|g| g.ch).collect()
}

#[test]
fn text_state_positions_and_widths() {
    let pdf = simple(&[b"BT /F1 10 Tf 1 0 0 1 100 700 Tm (12) Tj 0 -20 Td [(A) -1000 (B)] TJ ET"]);
    let p = &extract_pages(&pdf).unwrap()[0];
    assert_eq!(text_of(p), "12AB");
    let g = &p.glyphs;
    assert!(
        (g[0].x - 100.0).abs() < 0.01 && (g[0].y - 142.0).abs() < 0.01,
        "{:?}",
        g[0]
    );
    assert!((g[0].width - 5.56).abs() < 0.01);
    assert!((g[1].x - 105.56).abs() < 0.01);
    assert!((g[0].size - 10.0).abs() < 0.01);
    // Td moves from the line start; TJ -1000 shifts by one em (10pt).
    assert!((g[2].x - 100.0).abs() < 0.01 && (g[2].y - 162.0).abs() < 0.01);
    assert!((g[3].x - (100.0 + 6.0 + 10.0)).abs() < 0.01, "{:?}", g[3]);
}

#[test]
fn font_size_includes_ctm_and_text_matrix_and_word_spacing_applies_to_spaces() {
    let pdf = simple(&[b"q 2 0 0 2 0 0 cm BT /F1 5 Tf 10 Tw 1.5 0 0 1.5 10 10 Tm (1 1) Tj ET Q"]);
    let p = &extract_pages(&pdf).unwrap()[0];
    let g = &p.glyphs;
    assert_eq!(text_of(p), "1 1");
    assert!((g[0].size - 15.0).abs() < 0.01, "{:?}", g[0]);
    // Advance of "1" = .556*5 = 2.78; space = .6*5 + Tw 10 = 13; ×1.5×2.
    assert!(
        (g[2].x - (20.0 + (2.78 + 13.0) * 3.0)).abs() < 0.05,
        "{:?}",
        g[2]
    );
}

#[test]
fn invisible_text_and_text_outside_the_box_are_dropped() {
    let pdf = simple(&[
        b"BT /F1 10 Tf 3 Tr 10 10 Td (hidden) Tj 7 Tr (clip) Tj 0 Tr 0 890 Td (over) Tj ET \
BT /F1 10 Tf 50 50 Td (shown) Tj ET",
    ]);
    let p = &extract_pages(&pdf).unwrap()[0];
    assert_eq!(text_of(p), "shown");
}

#[test]
fn text_in_a_missing_font_is_skipped_not_garbled() {
    let pdf = simple(&[
        b"BT /Nope 10 Tf 10 10 Td <4E2D6587> Tj ET BT (before tf) Tj /F1 10 Tf (ok) Tj ET",
    ]);
    let p = &extract_pages(&pdf).unwrap()[0];
    assert_eq!(text_of(p), "ok");
}

#[test]
fn clipped_text_is_dropped() {
    let pdf = simple(&[b"q 0 400 595 442 re W n BT /F1 10 Tf 50 500 Td (in) Tj 0 -200 Td (out) Tj ET Q BT /F1 10 Tf 50 100 Td (free) Tj ET"]);
    let p = &extract_pages(&pdf).unwrap()[0];
    assert_eq!(text_of(p), "infree");
}

#[test]
fn rotated_and_cropped_pages_come_out_as_displayed() {
    let content: &[u8] = b"BT /F1 10 Tf 100 700 Td (R) Tj ET";
    let pages = vec![
        (content, None, vec![("Rotate", Object::Integer(90))]),
        (content, None, vec![("Rotate", Object::Integer(-90))]),
        (
            content,
            None,
            vec![(
                "CropBox",
                vec![50.into(), 100.into(), 545.into(), 800.into()].into(),
            )],
        ),
    ];
    let out = extract_pages(&save(&mut build(&pages))).unwrap();
    let r90 = &out[0];
    assert!(r90.width > r90.height, "{} x {}", r90.width, r90.height);
    // (100, 700) user → displayed x = y - y0 = 700, y = x - x0 = 100.
    assert!((r90.glyphs[0].x - 700.0).abs() < 0.01 && (r90.glyphs[0].y - 100.0).abs() < 0.01);
    let r270 = &out[1];
    assert!(
        (r270.glyphs[0].x - 142.0).abs() < 0.01 && (r270.glyphs[0].y - 495.0).abs() < 0.01,
        "{:?}",
        r270.glyphs[0]
    );
    let crop = &out[2];
    assert_eq!((crop.width, crop.height), (495.0, 700.0));
    assert!((crop.glyphs[0].x - 50.0).abs() < 0.01 && (crop.glyphs[0].y - 100.0).abs() < 0.01);
}

#[test]
fn form_xobjects_are_entered_with_their_matrix_and_recursion_is_bounded() {
    let mut doc = build(&[(b"q 1 0 0 1 100 100 cm /Fm1 Do Q /Loop Do", None, vec![])]);
    let font_id = doc
        .objects
        .iter()
        .find(|(_, o)| o.as_dict().is_ok_and(|d| d.has_type(b"Font")))
        .map(|(id, _)| *id)
        .unwrap();
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 500.into(), 500.into()],
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 10.into(), 20.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        },
        b"BT /F1 10 Tf 0 0 Td (F) Tj ET".to_vec(),
    );
    let form_id = doc.add_object(form);
    // A form that draws itself.
    let loop_id: ObjectId = doc.new_object_id();
    let looped = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "Resources" => dictionary! { "XObject" => dictionary! { "Loop" => loop_id }, "Font" => dictionary! { "F1" => font_id } },
        },
        b"BT /F1 10 Tf 300 300 Td (L) Tj ET /Loop Do".to_vec(),
    );
    doc.objects.insert(loop_id, Object::Stream(looped));
    let page_id = doc.get_pages()[&1];
    let page = doc.get_dictionary_mut(page_id).unwrap();
    page.set(
        "Resources",
        dictionary! { "Font" => dictionary! { "F1" => font_id }, "XObject" => dictionary! { "Fm1" => form_id, "Loop" => loop_id } },
    );
    let out = extract_pages(&save(&mut doc)).unwrap();
    let g = &out[0].glyphs;
    assert_eq!(g[0].ch, 'F');
    assert!(
        (g[0].x - 110.0).abs() < 0.01 && (g[0].y - (842.0 - 120.0)).abs() < 0.01,
        "{:?}",
        g[0]
    );
    let loops = g.iter().filter(|g| g.ch == 'L').count();
    assert!((1..=64).contains(&loops), "{loops}");
}

#[test]
fn rules_from_strokes_rects_and_thin_fills() {
    let pdf = simple(&[b"0.5 w 50 800 m 300 800 l S 50 700 200 50 re S 50 600 200 0.5 re f 0 0 595 842 re f 10 10 m 100 100 l S"]);
    let p = &extract_pages(&pdf).unwrap()[0];
    let h = p.rules.iter().filter(|r| r.is_horizontal()).count();
    let v = p.rules.iter().filter(|r| r.is_vertical()).count();
    // Line (1 h), stroked rect (2 h + 2 v), thin fill (1 h); background
    // and the diagonal ignored.
    assert_eq!((h, v), (4, 2), "{:?}", p.rules);
    assert!(
        p.rules
            .iter()
            .any(|r| (r.y0 - 42.0).abs() < 0.01 && r.x0 == 50.0 && r.x1 == 300.0)
    );
}

#[test]
fn no_text_layer_gives_pages_without_glyphs() {
    let out = extract_pages(&simple(&[b"0 0 1 rg 10 10 100 100 re f", b""])).unwrap();
    assert_eq!(out.len(), 2);
    assert!(out.iter().all(|p| p.glyphs.is_empty()));
}

#[test]
fn garbage_content_stream_does_not_lose_the_other_pages() {
    let garbage: &[u8] =
        b"\xff\xd8\x00)) BT /F1 1e99 Tf ( [[[[ <<<< 1 2 3 4 5 6 cm Tj TJ ' \" Do re m l ] ET Q Q Q";
    let out = extract_pages(&simple(&[
        b"BT /F1 10 Tf 10 10 Td (one) Tj ET",
        garbage,
        b"BT /F1 10 Tf 10 10 Td (three) Tj ET",
    ]))
    .unwrap();
    assert_eq!(out.len(), 3);
    assert_eq!(text_of(&out[0]), "one");
    assert_eq!(text_of(&out[2]), "three");
}

fn encrypted(user: &str) -> Vec<u8> {
    let mut doc = build(&[(b"BT /F1 10 Tf 10 10 Td (secret) Tj ET", None, vec![])]);
    let id = Object::string_literal(b"0123456789abcdef".to_vec());
    doc.trailer.set("ID", vec![id.clone(), id]);
    let state = EncryptionState::try_from(EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password: user,
        key_length: 128,
        permissions: Permissions::all(),
    })
    .unwrap();
    doc.encrypt(&state).unwrap();
    save(&mut doc)
}

#[test]
fn encrypted_with_empty_user_password_opens() {
    let pdf = encrypted("");
    assert!(
        !pdf.windows(6).any(|w| w == b"secret"),
        "content must be encrypted on disk"
    );
    let out = extract_pages(&pdf).unwrap();
    assert_eq!(text_of(&out[0]), "secret");
}

#[test]
fn encrypted_with_a_real_password_is_reported() {
    assert_eq!(
        extract_pages(&encrypted("s3cret")),
        Err(ProcessError::Encrypted)
    );
}

#[test]
fn truncated_and_broken_files_fail_cleanly() {
    let pdf = simple(&[
        b"BT /F1 10 Tf 10 10 Td (one) Tj ET",
        b"BT /F1 10 Tf 10 10 Td (two) Tj ET",
    ]);
    for cut in [
        0,
        5,
        9,
        20,
        pdf.len() / 3,
        pdf.len() / 2,
        pdf.len() - 40,
        pdf.len() - 1,
    ] {
        // Either recovered (lopdf rebuilds the xref) or a clear error.
        match extract_pages(&pdf[..cut]) {
            Ok(pages) => assert!(pages.len() <= 2),
            Err(e) => assert!(
                matches!(e, ProcessError::CorruptPdf(_) | ProcessError::Empty),
                "cut {cut}: {e}"
            ),
        }
    }
    // Broken xref table: offsets overwritten.
    let mut broken = pdf.clone();
    let xref = broken.windows(4).rposition(|w| w == b"xref").unwrap();
    for b in broken.iter_mut().skip(xref + 10).take(60) {
        if b.is_ascii_digit() {
            *b = b'9';
        }
    }
    let out = extract_pages(&broken).expect("lopdf recovers by scanning the objects");
    assert_eq!(
        out.iter().map(text_of).collect::<Vec<_>>(),
        vec!["one", "two"]
    );
    // Not a PDF at all.
    assert!(matches!(
        extract_pages(b"hello world"),
        Err(ProcessError::CorruptPdf(_))
    ));
    assert_eq!(extract_pages(b""), Err(ProcessError::Empty));
}

/// Flip bytes all over a small PDF: every variant must come back (Ok or a
/// clean error), never panic.
#[test]
fn mutated_files_never_panic() {
    let pdf =
        simple(&[b"q 1 0 0 1 5 5 cm BT /F1 10 Tf 10 10 Td [(one) -20 (x)] TJ ET Q 0 0 10 10 re S"]);
    let mut seed: u32 = 12345;
    for i in 0..300 {
        let mut m = pdf.clone();
        for _ in 0..(1 + i % 4) {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let pos = (seed as usize >> 8) % m.len();
            m[pos] = (seed >> 3) as u8;
        }
        let _ = extract_pages(&m);
    }
}

/// Random operator soup in the content stream: the interpreter must take
/// any sequence of operators and operands without panicking.
#[test]
fn operator_soup_never_panics() {
    const TOKENS: &[&str] = &[
        "q",
        "Q",
        "cm",
        "BT",
        "ET",
        "Tm",
        "Td",
        "TD",
        "T*",
        "TL",
        "Tf",
        "Tc",
        "Tw",
        "Tz",
        "Ts",
        "Tr",
        "Tj",
        "TJ",
        "'",
        "\"",
        "Do",
        "m",
        "l",
        "c",
        "v",
        "y",
        "h",
        "re",
        "S",
        "s",
        "f",
        "f*",
        "B",
        "b",
        "n",
        "W",
        "W*",
        "BI",
        "ID",
        "EI",
        "/F1",
        "/Fm1",
        "0",
        "1",
        "-1",
        "1e38",
        "-3.4e38",
        "99999999999",
        ".5",
        "(x)",
        "<00>",
        "[(a) -5 (b)]",
        "[",
        "]",
        "<<",
        ">>",
        "nan",
        "inf",
        "%",
        "\n",
        "{",
        "}",
    ];
    let mut seed: u64 = 7;
    let pages: Vec<Vec<u8>> = (0..200)
        .map(|_| {
            let mut c = Vec::new();
            for _ in 0..200 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                c.extend_from_slice(TOKENS[(seed >> 33) as usize % TOKENS.len()].as_bytes());
                c.push(b' ');
            }
            c
        })
        .collect();
    let refs: Vec<&[u8]> = pages.iter().map(|p| p.as_slice()).collect();
    let out = extract_pages(&simple(&refs)).unwrap();
    assert_eq!(out.len(), 200);
}

#[test]
fn thousands_of_pages_do_not_hang() {
    let content: &[u8] = b"BT /F1 10 Tf 72 700 Td (page) Tj ET 50 50 m 500 50 l S";
    let pages: Vec<_> = (0..3000).map(|_| (content, None, vec![])).collect();
    let pdf = save(&mut build(&pages));
    let out = extract_pages(&pdf).unwrap();
    assert_eq!(out.len(), 3000);
    assert!(
        out.iter()
            .all(|p| text_of(p) == "page" && p.rules.len() == 1)
    );
    assert_eq!(out[2999].number, 3000);
}

#[test]
fn type0_identity_font_with_tounicode_and_w_ranges() {
    let mut doc = build(&[(
        b"BT /C1 10 Tf 100 100 Td <00130014> Tj <0100> Tj ET",
        None,
        vec![],
    )]);
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
1 beginbfrange <0013> <001C> <0030> endbfrange
1 beginbfchar <0100> <6536> endbfchar
endcmap end end";
    let tu = doc.add_object(Stream::new(dictionary! {}, cmap.to_vec()));
    let desc = dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "SimSun", "DW" => 1000,
        "W" => vec![19.into(), 28.into(), 500.into()],
    };
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "SimSun", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![desc.into()], "ToUnicode" => tu,
    });
    let page_id = doc.get_pages()[&1];
    doc.get_dictionary_mut(page_id).unwrap().set(
        "Resources",
        dictionary! { "Font" => dictionary! { "C1" => font } },
    );
    let p = &extract_pages(&save(&mut doc)).unwrap()[0];
    assert_eq!(text_of(p), "01收");
    assert_eq!(
        p.glyphs.iter().map(|g| g.width).collect::<Vec<_>>(),
        vec![5.0, 5.0, 10.0]
    );
    assert!((p.glyphs[2].x - 110.0).abs() < 0.01);
}

/// Keep `Content`/`Operation` in use: building content with lopdf's own
/// encoder must read back the same.
#[test]
fn lopdf_encoded_content_reads_back() {
    let ops = Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![20.into(), 30.into()]),
            Operation::new("Tj", vec![Object::string_literal("(a\\b)")]),
            Operation::new("ET", vec![]),
        ],
    };
    let p = &extract_pages(&simple(&[&ops.encode().unwrap()])).unwrap()[0];
    assert_eq!(text_of(p), "(a\\b)");
}
