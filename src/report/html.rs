//! `report.html`: one self-contained page. Overview (totals, charts) →
//! document list (filter, sort) → a document's section with every failing
//! check and the blamed cell: two clicks from the overview to the cell.

use super::summary::{DocSummary, FailingCheck, Report, StatusCounts};
use super::svg;
use std::fmt::Write;
use std::path::Path;

/// Failing checks listed on the overview (all of them stay in each document's section).
const MAX_OVERVIEW_FAILURES: usize = 1000;

pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

fn opt(s: &Option<String>) -> String {
    esc(s.as_deref().unwrap_or(""))
}

fn anchor(id: &str) -> String {
    let mut a = String::from("doc-");
    for c in id.chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            a.push(c);
        } else {
            let _ = write!(a, "_{:x}", c as u32);
        }
    }
    a
}

const CSS: &str = r#"
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#1a1a1a;background:#fafafa}
header{background:#263238;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
main{padding:16px 24px;max-width:1400px;box-sizing:border-box}
h2{font-size:17px;margin:26px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:120px}
.card .v{font-size:22px;font-weight:600}.card .k{font-size:12px;color:#555}
.card.fail .v{color:#c62828}.card.pass .v{color:#2e7d32}.card.rounding .v{color:#b28704}
.charts{display:flex;flex-wrap:wrap;gap:24px}.chart .lbl{font-size:11px}.chart .num{font-size:11px}
table{border-collapse:collapse;background:#fff;font-size:13px;width:100%}
th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#eceff1;cursor:pointer;user-select:none;position:sticky;top:0}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.hasfail td.f{color:#c62828;font-weight:600}
.controls{margin:6px 0;display:flex;gap:14px;align-items:center}
.controls input[type=search]{width:320px;padding:4px}
section.doc{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 14px;margin:12px 0}
section.doc:target{outline:3px solid #1565c0}
section.doc h3{margin:4px 0 8px;font-size:15px}
.muted{color:#666;font-size:12px}.warn{color:#8d6e00}
code{font-family:ui-monospace,monospace}
table.failures{table-layout:fixed}
.failures th.d{width:9em}.failures th.t{width:12em}.failures th.c{width:13em}.failures th.n{width:7.5em}.failures th.msg{width:auto}
.failures th:nth-child(-n+4):not(.d){width:7em}
.failures td{overflow-wrap:anywhere;word-break:break-word}
.failures td.msg{color:#333}.failures td.pg{white-space:nowrap}
.failures details.fold summary{cursor:pointer;list-style:none}
.failures details.pic summary{cursor:pointer;color:#1565c0;margin-top:4px}
.failures details.pic img{max-width:100%;border:1px solid #ccc;margin-top:4px;background:#fff}
.controls select{padding:3px}
"#;

const JS: &str = r#"
(function(){
  var t=document.getElementById('fails');if(!t)return;
  var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
  var q=document.getElementById('fq'),sel=document.querySelectorAll('#failfilters select');
  function apply(){var s=q.value.toLowerCase();
    rows.forEach(function(r){var ok=!s||r.textContent.toLowerCase().indexOf(s)>=0;
      Array.prototype.forEach.call(sel,function(x){if(x.value&&r.getAttribute('data-'+x.getAttribute('data-col'))!==x.value)ok=false;});
      r.style.display=ok?'':'none';});}
  q.addEventListener('input',apply);Array.prototype.forEach.call(sel,function(x){x.addEventListener('change',apply);});
  Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,i){
    var asc=true;th.addEventListener('click',function(){
      rows.sort(function(a,b){var c=a.cells[i].textContent.localeCompare(b.cells[i].textContent,'zh',{numeric:true});return asc?c:-c;});
      asc=!asc;rows.forEach(function(r){body.appendChild(r);});});});
})();
(function(){
  var t=document.getElementById('docs');if(!t)return;
  var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
  var q=document.getElementById('q'),only=document.getElementById('onlyfail');
  function apply(){var s=q.value.toLowerCase(),f=only.checked;
    rows.forEach(function(r){var ok=(!s||r.textContent.toLowerCase().indexOf(s)>=0)&&(!f||r.classList.contains('hasfail'));
      r.style.display=ok?'':'none';});}
  q.addEventListener('input',apply);only.addEventListener('change',apply);
  Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,i){
    var asc=true;th.addEventListener('click',function(){
      var num=th.classList.contains('n');
      rows.sort(function(a,b){var x=a.cells[i].getAttribute('data-v')||a.cells[i].textContent,
        y=b.cells[i].getAttribute('data-v')||b.cells[i].textContent;
        var c=num?(parseFloat(x)||0)-(parseFloat(y)||0):x.localeCompare(y,'zh');return asc?c:-c;});
      asc=!asc;rows.forEach(function(r){body.appendChild(r);});});});
})();
"#;

/// Where the document summaries come from (the builder's spool).
pub trait DocSource {
    fn for_each(
        &self,
        f: &mut dyn FnMut(&DocSummary) -> std::io::Result<()>,
    ) -> std::io::Result<()>;
}

/// Bytes of HTML buffered before they are written out.
const FLUSH_AT: usize = 64 * 1024;

fn flush(h: &mut String, out: &mut dyn std::io::Write, force: bool) -> std::io::Result<()> {
    if force || h.len() >= FLUSH_AT {
        out.write_all(h.as_bytes())?;
        h.clear();
    }
    Ok(())
}

/// Write the page to `out`, reading the document summaries from `docs`
/// three times (failing checks, the list, the details) so that memory does
/// not depend on the batch size.
pub fn render(
    r: &Report,
    docs: &dyn DocSource,
    out_dir: &Path,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut h = String::with_capacity(FLUSH_AT * 2);
    let t = &r.totals;
    h.push_str("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
    h.push_str("<title>yusuan data-quality report</title><style>");
    h.push_str(CSS);
    h.push_str("</style></head><body><header><h1>yusuan data-quality report</h1></header><main>");

    // Batch totals.
    h.push_str("<h2 id=\"totals\">Batch totals</h2><div class=\"cards\">");
    let share = format!("{:.1}%", t.recognised_share * 100.0);
    let cards: [(&str, String, &str); 10] = [
        ("documents", t.documents.to_string(), ""),
        (
            "inputs failed",
            t.inputs_failed.to_string(),
            if t.inputs_failed > 0 { "fail" } else { "" },
        ),
        ("pages", t.pages.to_string(), ""),
        ("tables", t.tables.to_string(), ""),
        ("recognised", share, ""),
        ("checks pass", t.checks.pass.to_string(), "pass"),
        ("checks rounding", t.checks.rounding.to_string(), "rounding"),
        ("checks fail", t.checks.fail.to_string(), "fail"),
        ("checks skipped", t.checks.skip.to_string(), ""),
        (
            "documents with failures",
            t.documents_with_failures.to_string(),
            "fail",
        ),
    ];
    for (k, v, class) in cards {
        let _ = write!(
            h,
            "<div class=\"card {class}\"><div class=\"v\">{}</div><div class=\"k\">{k}</div></div>",
            esc(&v)
        );
    }
    h.push_str("</div>");

    // Charts.
    h.push_str("<h2>Checks by rule and by template</h2><p class=\"muted\">Bars: share of checks by status; the number at the right is the count of failing checks.</p><div class=\"charts\">");
    let by_rule: Vec<(String, StatusCounts)> = r
        .checks_by_rule
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    let by_tpl: Vec<(String, StatusCounts)> = r
        .checks_by_template
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    h.push_str(&svg::stacked_status_bars(&by_rule));
    h.push_str(&svg::stacked_status_bars(&by_tpl));
    h.push_str("</div><h2>Document quality and tables by template</h2><div class=\"charts\">");
    let bands: Vec<(String, usize)> = r
        .quality_bands
        .iter()
        .map(|b| (b.band.clone(), b.documents))
        .collect();
    h.push_str(&svg::bars(&bands));
    h.push_str("<table style=\"width:auto\"><thead><tr><th>template</th><th class=\"n\">tables</th></tr></thead><tbody>");
    for (k, n) in &r.tables_by_template {
        let _ = write!(
            h,
            "<tr><td><code>{}</code></td><td class=\"n\">{n}</td></tr>",
            esc(k)
        );
    }
    h.push_str("</tbody></table></div>");

    // Every failing check of the batch (capped), each linking to its document.
    let total_fail = r.totals.checks.fail;
    let _ = write!(h, "<h2 id=\"failures\">Failing checks ({total_fail})</h2>");
    if total_fail > MAX_OVERVIEW_FAILURES {
        let _ = write!(
            h,
            "<p class=\"muted\">The first {MAX_OVERVIEW_FAILURES} are listed; every document's section lists all of its own.</p>"
        );
    }
    h.push_str("<div class=\"controls\" id=\"failfilters\"><input id=\"fq\" type=\"search\" placeholder=\"filter: document, table, message …\"><label>rule <select id=\"frule\" data-col=\"rule\"><option value=\"\">all</option>");
    for k in r
        .checks_by_rule
        .iter()
        .filter(|(_, c)| c.fail > 0)
        .map(|(k, _)| k)
    {
        let _ = write!(h, "<option>{}</option>", esc(k));
    }
    h.push_str("</select></label><label>template <select id=\"ftpl\" data-col=\"template\"><option value=\"\">all</option>");
    for k in r
        .checks_by_template
        .iter()
        .filter(|(_, c)| c.fail > 0)
        .map(|(k, _)| k)
    {
        let _ = write!(h, "<option>{}</option>", esc(k));
    }
    h.push_str("</select></label><label>status <select id=\"fstatus\" data-col=\"status\"><option value=\"\">all</option><option>fail</option></select></label><span class=\"muted\">click a column to sort · a picture opens under its row</span></div>");
    failure_head(&mut h, true);
    let mut listed = 0;
    docs.for_each(&mut |d| {
        let href = crate::show::relative_href(out_dir, Path::new(&d.file));
        for f in &d.failures {
            if listed < MAX_OVERVIEW_FAILURES {
                failure_row(&mut h, d, f, true, &href);
                listed += 1;
            }
        }
        flush(&mut h, out, false)
    })?;
    h.push_str("</tbody></table>");

    // Documents.
    let _ = write!(
        h,
        "<h2 id=\"documents\">Documents ({})</h2>",
        r.totals.documents
    );
    h.push_str("<div class=\"controls\"><input id=\"q\" type=\"search\" placeholder=\"filter: department, file, year …\"><label><input id=\"onlyfail\" type=\"checkbox\"> only documents with failing checks</label><span class=\"muted\">click a column to sort</span></div>");
    h.push_str("<table id=\"docs\"><thead><tr><th>document</th><th>department</th><th class=\"n\">year</th><th>kind</th><th class=\"n\">pages</th><th class=\"n\">tables</th><th class=\"n\">recognised</th><th class=\"n\">pass</th><th class=\"n\">rounding</th><th class=\"n\">fail</th><th class=\"n\">warnings</th><th class=\"n\">quality</th></tr></thead><tbody>");
    docs.for_each(&mut |d| {
        let class = if d.checks.fail > 0 {
            " class=\"hasfail\""
        } else {
            ""
        };
        let name = if has_section(d) {
            format!("<a href=\"#{}\">{}</a>", anchor(&d.id), esc(&d.id))
        } else {
            esc(&d.id)
        };
        let _ = write!(
            h,
            "<tr{class}><td>{name}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n f\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            opt(&d.department),
            d.year.map(|y| y.to_string()).unwrap_or_default(),
            opt(&d.kind),
            d.pages,
            d.tables,
            d.recognised,
            d.checks.pass,
            d.checks.rounding,
            d.checks.fail,
            d.warnings_total,
            d.quality
        );
        flush(&mut h, out, false)
    })?;
    h.push_str("</tbody></table>");

    if !r.errors.is_empty() {
        let _ = write!(
            h,
            "<h2 id=\"errors\">Inputs that could not be processed ({})</h2><table><thead><tr><th>file</th><th>reason</th></tr></thead><tbody>",
            r.errors.len()
        );
        for e in &r.errors {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td></tr>",
                esc(&e.file),
                esc(&e.error)
            );
        }
        h.push_str("</tbody></table>");
    }

    // One section per document that has something to show.
    h.push_str("<h2>Document details</h2>");
    docs.for_each(&mut |d| {
        if !has_section(d) {
            return Ok(());
        }
        let _ = write!(
            h,
            "<section class=\"doc\" id=\"{}\"><h3>{} <span class=\"muted\">{} · {} · {} pages · {} tables ({} recognised) · <a href=\"#documents\">back to the list</a></span></h3>",
            anchor(&d.id),
            esc(d.department.as_deref().unwrap_or(&d.id)),
            esc(&d.file),
            d.year.map(|y| y.to_string()).unwrap_or_default(),
            d.pages,
            d.tables,
            d.recognised
        );
        if !d.failures.is_empty() {
            let href = crate::show::relative_href(out_dir, Path::new(&d.file));
            failure_head(&mut h, false);
            for f in &d.failures {
                failure_row(&mut h, d, f, false, &href);
            }
            h.push_str("</tbody></table>");
        }
        if !d.unrecognised.is_empty() {
            h.push_str("<p><b>Unrecognised tables:</b> ");
            h.push_str(
                &d.unrecognised
                    .iter()
                    .map(|u| esc(u))
                    .collect::<Vec<_>>()
                    .join("; "),
            );
            h.push_str("</p>");
        }
        if !d.warnings.is_empty() {
            let _ = write!(h, "<p><b>Warnings ({}):</b></p><ul>", d.warnings_total);
            for w in &d.warnings {
                let _ = write!(h, "<li class=\"warn\">{}</li>", esc(w));
            }
            if d.warnings_total > d.warnings.len() {
                let _ = write!(
                    h,
                    "<li class=\"muted\">… {} more in the document's JSON</li>",
                    d.warnings_total - d.warnings.len()
                );
            }
            h.push_str("</ul>");
        }
        h.push_str("</section>");
        flush(&mut h, out, false)
    })?;
    h.push_str("</main><script>");
    h.push_str(JS);
    h.push_str("</script></body></html>\n");
    flush(&mut h, out, true)
}

fn has_section(d: &DocSummary) -> bool {
    !d.failures.is_empty() || !d.warnings.is_empty() || !d.unrecognised.is_empty()
}

fn failure_head(h: &mut String, with_doc: bool) {
    let id = if with_doc { " id=\"fails\"" } else { "" };
    let _ = write!(h, "<table class=\"failures\"{id}><thead><tr>");
    if with_doc {
        h.push_str("<th class=\"d\">document</th>");
    }
    h.push_str("<th>rule</th><th>template</th><th>status</th><th class=\"t\">table</th><th class=\"c\">cell</th><th class=\"n\">printed · expected · difference</th><th>pages</th><th class=\"msg\">message</th></tr></thead><tbody>");
}

/// Messages longer than this are folded (the first part shown, the rest on click).
const FOLD_MESSAGE_AT: usize = 120;

fn failure_row(h: &mut String, d: &DocSummary, f: &FailingCheck, with_doc: bool, href: &str) {
    let template = f.template.as_deref().unwrap_or("(document)");
    let _ = write!(
        h,
        "<tr class=\"fail\" data-doc=\"{}\" data-rule=\"{}\" data-template=\"{}\" data-status=\"fail\">",
        esc(&d.id),
        esc(&f.rule),
        esc(template)
    );
    if with_doc {
        let _ = write!(
            h,
            "<td class=\"d\"><a href=\"#{}\">{}</a></td>",
            anchor(&d.id),
            esc(&d.id)
        );
    }
    let table = match (&f.table, f.table_title.is_empty()) {
        (Some(id), false) => format!("{} {}", id, f.table_title),
        (Some(id), true) => id.clone(),
        (None, _) => String::new(),
    };
    let row = [f.code.as_deref(), f.name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let cell = match (&f.blamed, row.is_empty(), &f.column) {
        (Some(b), _, _) => format!("<b>most likely wrong:</b> {}", esc(b)),
        (None, false, Some(c)) => format!("{} · <code>{}</code>", esc(&row), esc(c)),
        (None, false, None) => esc(&row),
        (None, true, Some(c)) => format!("<code>{}</code>", esc(c)),
        (None, true, None) => String::new(),
    };
    let figures = [&f.printed, &f.expected, &f.difference]
        .iter()
        .map(|x| esc(x.as_deref().unwrap_or("–")))
        .collect::<Vec<_>>()
        .join("<br>");
    let links = f
        .pages
        .iter()
        .map(|p| {
            format!(
                "<a class=\"pagelink\" href=\"{}#page={p}\" target=\"_blank\">p. {p}</a>",
                esc(href)
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let message = if f.message.chars().count() > FOLD_MESSAGE_AT {
        let head: String = f.message.chars().take(FOLD_MESSAGE_AT).collect();
        let tail: String = f.message.chars().skip(FOLD_MESSAGE_AT).collect();
        format!(
            "<details class=\"fold\"><summary>{}…</summary>{}</details>",
            esc(&head),
            esc(&tail)
        )
    } else {
        esc(&f.message)
    };
    let picture = match &f.picture {
        Some(p) => format!(
            "<details class=\"pic\"><summary>picture</summary><a href=\"{0}\" target=\"_blank\"><img loading=\"lazy\" src=\"{0}\" alt=\"the cell in the page as yusuan read it\"></a></details>",
            esc(p)
        ),
        None => String::new(),
    };
    let _ = write!(
        h,
        "<td><code>{}</code></td><td><code>{}</code></td><td>fail</td><td class=\"t\">{}</td><td class=\"c\">{cell}</td><td class=\"n\">{figures}</td><td class=\"pg\">{links}</td><td class=\"msg\">{message}{picture}</td></tr>",
        esc(&f.rule),
        esc(template),
        esc(&table),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_anchors() {
        assert_eq!(esc("<a href=\"x\">&"), "&lt;a href=&quot;x&quot;&gt;&amp;");
        assert_eq!(anchor("a b/c"), "doc-a_20b_2fc");
    }
}
