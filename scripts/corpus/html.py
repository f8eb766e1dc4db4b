"""Render a synthetic disclosure as HTML for headless Chromium's print-to-PDF.

A producer with its own layout engine (Blink), unlike LibreOffice's two:
tables are HTML tables with merged header cells (colspan/rowspan); a
header repeated on continuation pages is a <thead> (Blink repeats it), one
that is not is the first rows of the <tbody>; landscape tables sit on a
named page (`@page land`); ruling is CSS: full grid, horizontal rules only,
outer frame only, header rules only, or none.
"""

from xml.sax.saxutils import escape

from .decorate import col_number_row, header_rows
from .fodt import MARGIN

BORDER_CSS = {
    "grid": "table.b-grid td, table.b-grid th {border: 0.5pt solid #000;}",
    "none": "",
    "horizontal": "table.b-horizontal td, table.b-horizontal th {border-top: 0.5pt solid #000; "
                  "border-bottom: 0.5pt solid #000;}",
    "frame": "table.b-frame {border: 0.8pt solid #000;}",
    "header": "table.b-header th {border: 0.5pt solid #000;} table.b-header {border-bottom: 0.8pt solid #000;}",
}


def render(doc, path):
    ft, fp = doc["font_table"], doc["font_prose"]
    css = [f"@page {{size: A4 portrait; margin: {MARGIN}cm;}}",
           f"@page land {{size: A4 landscape; margin: {MARGIN}cm;}}",
           f"body {{font-family: '{fp}'; font-size: 10.5pt; margin: 0;}}",
           "p.prose {text-indent: 2em; line-height: 1.5; text-align: justify; margin: 0.2em 0;}",
           "h2 {font-size: 12pt; margin: 0.6em 0 0.3em 0;} h1 {font-size: 18pt; text-align: center;}",
           ".tblock {break-before: page;} .tblock.same {break-before: auto; margin-top: 1.2cm;}",
           ".tblock.land {page: land;}",
           "p.title {text-align: center; font-weight: bold; font-size: 14pt; margin: 0 0 0.2cm 0;}",
           f".cap {{font-family: '{ft}'; font-size: 9pt; display: flex; justify-content: space-between; margin-bottom: 0.1cm;}}",
           ".cap.center {justify-content: center;} .cap.left {justify-content: flex-start; gap: 3em;}",
           f"table {{border-collapse: collapse; font-family: '{ft}'; table-layout: fixed; margin: 0 auto;}}",
           "td, th {vertical-align: middle; word-break: break-all;} th {font-weight: bold; text-align: center;}",
           "td.r {text-align: right; white-space: nowrap;} td.c {text-align: center;} td.l {text-align: left;} td.b {font-weight: bold;}",
           "tr {break-inside: avoid;}",
           f"p.note {{font-family: '{ft}'; font-size: 9pt; margin-top: 0.15cm;}}"]
    css += [v for v in BORDER_CSS.values() if v]
    body = []
    for i, line in enumerate(doc.get("cover") or []):
        body.append(f"<h1>{escape(line)}</h1>")
    first = True
    for kind, payload in doc["blocks"]:
        if kind == "heading":
            body.append(f"<h2>{escape(payload)}</h2>")
        elif kind == "prose":
            body.append(f'<p class="prose">{escape(payload)}</p>')
        else:
            body.append(table_html(payload, first))
            first = False
    html = ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><style>"
            + "\n".join(css) + "</style></head><body>" + "\n".join(body) + "</body></html>\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)


def table_html(t, first):
    s = t.style
    cls = ["tblock"]
    if s.get("same_page"):
        cls.append("same")
    if s["landscape"]:
        cls.append("land")
    out = [f'<div class="{" ".join(cls)}">']
    for line in t.title_lines:
        out.append(f'<p class="title">{escape(line)}</p>')
    if t.caption or t.unit_text:
        place = t.unit_place if t.unit_text else "right"
        out.append(f'<div class="cap {place}"><span>{escape(t.caption)}</span><span>{escape(t.unit_text)}</span></div>')
    size, pad = s["font_size"], s["pad"]
    width = sum(c.width for c in t.cols)
    out.append(f'<table class="b-{s["border"]}" style="width:{width:.2f}cm; font-size:{size}pt">')
    out.append("<colgroup>" + "".join(f'<col style="width:{c.width:.2f}cm">' for c in t.cols) + "</colgroup>")
    cell_pad = f"padding:{pad}cm {max(pad, 0.05)}cm"
    head = []
    for row in header_rows(t):
        cells = []
        for entry in row:
            if entry is None:
                continue
            text, cs, rs = entry
            span = (f' colspan="{cs}"' if cs > 1 else "") + (f' rowspan="{rs}"' if rs > 1 else "")
            cells.append(f'<th{span} style="{cell_pad}">{escape(text)}</th>')
        head.append("<tr>" + "".join(cells) + "</tr>")
    if t.col_numbers:
        head.append("<tr>" + "".join(f'<td class="c" style="{cell_pad}">{escape(x)}</td>'
                                     for x in col_number_row(t)) + "</tr>")
    body = []
    for row, bold in zip(t.body, t.body_bold):
        cells = []
        for c in row:
            b = " b" if c.bold or (bold and c.align != "r") else ""
            span = f' colspan="{c.span}"' if c.span > 1 else ""
            cells.append(f'<td class="{c.align}{b}"{span} style="{cell_pad}">{escape(c.text)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    if s["repeat_header"]:
        out.append("<thead>" + "".join(head) + "</thead><tbody>" + "".join(body) + "</tbody>")
    else:
        out.append("<tbody>" + "".join(head) + "".join(body) + "</tbody>")
    out.append("</table>")
    for note in t.notes:
        out.append(f'<p class="note">{escape(note)}</p>')
    out.append("</div>")
    return "\n".join(out)
