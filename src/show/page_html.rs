//! `yusuan show`'s output: one SVG per table (per page it spans), one per
//! failing check, one per page without a table (its words and rules and
//! why no table was formed), and `index.html` listing them with the
//! canonical rows beside each table.

use super::{Sheets, check_svg, draw, locate, table_svg};
use crate::layout::geometric::{Settings, grid, lines, words::TextLine};
use crate::model::{CanonicalDocument, CheckStatus, Page, Table};
use std::fmt::Write;

/// What to show.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub page: Option<u32>,
    pub table: Option<String>,
}

/// One file to write into the output folder.
#[derive(Debug, Clone)]
pub struct OutFile {
    pub name: String,
    pub text: String,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Why geometric layout formed no table on a page, from what it saw.
pub fn no_table_reason(page: &Page, s: &Settings) -> String {
    if page.glyphs.is_empty() {
        return if page.scan.is_some() {
            "the page is a scan and OCR read no text from it".into()
        } else {
            "the page has no text".into()
        };
    }
    let grids = grid::find_grids(&page.rules, s);
    let idx: Vec<usize> = (0..page.glyphs.len()).collect();
    let ls: Vec<TextLine> = lines::glyphs_to_lines(&page.glyphs, idx, s)
        .iter()
        .map(|l| TextLine::from_line(l, &page.glyphs, s))
        .collect();
    let amount_lines = ls
        .iter()
        .filter(|l| {
            l.chunks
                .iter()
                .filter(|c| locate::amount_of(&c.text).is_some())
                .count()
                >= 2
        })
        .count();
    format!(
        "no table: {} ruling lines forming {} grid(s) with text inside, and of its {} lines {} carry two or more amounts, too few to form a block of aligned columns",
        page.rules.len(),
        grids.len(),
        ls.len(),
        amount_lines
    )
}

/// The page with its words and rules, and the reason as caption.
pub fn page_svg(sheets: &Sheets, page: &Page, reason: &str) -> String {
    let lines = sheets.get(page.number).map(|(_, l)| l).unwrap_or(&[]);
    let region = locate::Bbox {
        x0: 0.0,
        top: 0.0,
        x1: page.width.max(100.0),
        bottom: page.height.max(100.0),
    };
    let p = draw::Panel {
        page,
        lines,
        region,
        caption: format!("p. {} · {reason}", page.number),
        keys: Vec::new(),
        rows: Vec::new(),
        overlays: Vec::new(),
    };
    draw::svg(&[p], reason)
}

fn rows_table(t: &Table, page: u32) -> String {
    let mut o = String::from("<table class=\"rows\"><thead><tr>");
    for c in &t.columns {
        let _ = write!(o, "<th title=\"{}\">{}</th>", esc(&c.header), esc(&c.key));
    }
    o.push_str("</tr></thead><tbody>");
    for r in t.rows.iter().filter(|r| r.page == page) {
        o.push_str("<tr>");
        for c in &t.columns {
            let v = match c.key.as_str() {
                "code" => r.code.clone(),
                "name" => r.name.clone(),
                k => r
                    .values
                    .iter()
                    .chain(r.texts.iter())
                    .find(|(x, _)| x == k)
                    .map(|(_, v)| v.clone())
                    .or_else(|| r.unread.iter().any(|u| u == k).then(|| "(unread)".into())),
            };
            let _ = write!(o, "<td>{}</td>", esc(&v.unwrap_or_default()));
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table>");
    o
}

const CSS: &str = "body{font-family:sans-serif;margin:16px;max-width:1340px}\
section{border-top:1px solid #ccc;padding:8px 0}\
.pair{display:flex;gap:12px;align-items:flex-start;flex-wrap:wrap}\
.pair .pic{flex:1 1 640px;overflow:auto;max-height:80vh}.pair .pic img{max-width:100%}\
.pair .data{flex:1 1 420px;overflow:auto;max-height:80vh}\
table.rows{border-collapse:collapse;font-size:12px}table.rows td,table.rows th{border:1px solid #ddd;padding:1px 4px;text-align:right}\
.msg{white-space:pre-wrap;overflow-wrap:anywhere}";

/// Everything `yusuan show` writes for one document.
pub fn render(
    doc: &CanonicalDocument,
    sheets: &Sheets,
    sel: &Selection,
    settings: &Settings,
    source_href: &str,
) -> Vec<OutFile> {
    let mut files = Vec::new();
    let mut html = String::new();
    let _ = write!(
        html,
        "<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>yusuan show · {}</title><style>{CSS}</style></head><body><h1>{}</h1><p>{} pages · {} tables · <a href=\"{}\">source</a></p>",
        esc(&doc.source.path),
        esc(&doc.source.path),
        doc.source.pages,
        doc.tables.len(),
        esc(source_href)
    );
    let on_page = |p: u32| sel.page.is_none_or(|x| x == p);
    // failing checks
    let fails: Vec<(usize, &crate::model::Check)> = doc
        .checks
        .iter()
        .enumerate()
        .filter(|(_, c)| c.status == CheckStatus::Fail)
        .filter(|(_, c)| {
            sel.table
                .as_deref()
                .is_none_or(|t| c.table.as_deref() == Some(t))
        })
        .collect();
    let mut fail_html = String::new();
    for (k, c) in fails {
        let Some(pic) = check_svg(doc, sheets, c) else {
            let _ = write!(
                fail_html,
                "<section class=\"check\" id=\"check{k}\"><h3>{}</h3><p class=\"msg\">{}</p><p>(no picture: nothing of it could be placed on a page)</p></section>",
                esc(&c.rule),
                esc(&c.message)
            );
            continue;
        };
        if !pic.pages.iter().any(|p| on_page(*p)) {
            continue;
        }
        let name = format!("check{k}.svg");
        let links: Vec<String> = pic
            .pages
            .iter()
            .map(|p| {
                format!(
                    "<a class=\"pagelink\" href=\"{}#page={p}\">p. {p}</a>",
                    esc(source_href)
                )
            })
            .collect();
        let _ = write!(
            fail_html,
            "<section class=\"check\" id=\"check{k}\" data-rule=\"{}\"><h3>{} {}</h3><p class=\"msg\">{}</p><div class=\"pic\">{}</div></section>",
            esc(&c.rule),
            esc(&c.rule),
            links.join(" "),
            esc(&c.message),
            pic.svg
        );
        files.push(OutFile {
            name,
            text: pic.svg,
        });
    }
    if !fail_html.is_empty() {
        html.push_str("<h2>Failing checks</h2>");
        html.push_str(&fail_html);
    }
    html.push_str("<h2>Tables</h2>");
    let mut pages_with_tables: Vec<u32> = Vec::new();
    for t in &doc.tables {
        pages_with_tables.extend(&t.pages);
        if sel.table.as_deref().is_some_and(|x| x != t.id) {
            continue;
        }
        for &p in t.pages.iter().filter(|p| on_page(**p)) {
            let name = format!("{}-p{p}.svg", t.id);
            let pic = table_svg(sheets, t, p);
            let _ = write!(
                html,
                "<section class=\"table\" id=\"{}-p{p}\"><h3>{} {} · {} · <a class=\"pagelink\" href=\"{}#page={p}\">p. {p}</a></h3><div class=\"pair\"><div class=\"pic\">{}</div><div class=\"data\">{}</div></div></section>",
                esc(&t.id),
                esc(&t.id),
                esc(t.title.as_deref().unwrap_or("(no title)")),
                esc(t.template.as_deref().unwrap_or("(unrecognised)")),
                esc(source_href),
                match &pic {
                    Some(_) => format!("<img src=\"{name}\" alt=\"{} p. {p}\">", esc(&t.id)),
                    None => "(none of its rows could be placed on the page)".into(),
                },
                rows_table(t, p)
            );
            if let Some(svg) = pic {
                files.push(OutFile { name, text: svg });
            }
        }
    }
    if sel.table.is_none() {
        let bare: Vec<&Page> = sheets
            .pages()
            .iter()
            .filter(|p| on_page(p.number) && !pages_with_tables.contains(&p.number))
            .collect();
        // without --page, pages of prose are many: only those that look
        // tabular (rules or amounts) are worth a picture
        if !bare.is_empty() {
            html.push_str("<h2>Pages without a table</h2>");
        }
        for p in bare {
            let reason = no_table_reason(p, settings);
            let name = format!("page{}.svg", p.number);
            let _ = write!(
                html,
                "<section class=\"page\" id=\"page{}\"><h3><a class=\"pagelink\" href=\"{}#page={}\">p. {}</a></h3><p class=\"reason\">{}</p><div class=\"pic\"><img src=\"{name}\" alt=\"p. {}\"></div></section>",
                p.number,
                esc(source_href),
                p.number,
                p.number,
                esc(&reason),
                p.number
            );
            files.push(OutFile {
                name,
                text: page_svg(sheets, p, &reason),
            });
        }
    }
    html.push_str("</body></html>\n");
    files.push(OutFile {
        name: "index.html".into(),
        text: html,
    });
    files
}
