"""Render a synthetic disclosure as a flat ODF text document (.fodt).

LibreOffice turns the .fodt into a PDF. Writer gives what the corpus needs
and HTML import does not: page styles (portrait and landscape pages in one
document), tables whose header rows repeat on every page (or not), merged
header cells (column and row spans), per-table borders (full grid or none)
and fixed column widths (narrow columns make 科目名称 wrap).

Each table starts on a new page: its title paragraph carries the page style
(Portrait / Landscape), which in Writer is a page break with that style.
"""

from xml.sax.saxutils import escape

PAGE = {"Portrait": (21.0, 29.7), "Landscape": (29.7, 21.0)}
MARGIN = 1.5  # cm on every side

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text"')


def content_width(landscape):
    return PAGE["Landscape" if landscape else "Portrait"][0] - 2 * MARGIN


def header_grid(paths):
    """Header rows from column paths: [[(text, colspan, rowspan) | None]].

    A path is the header chain of one column, parent first. Consecutive
    columns sharing a prefix share one merged parent cell; a column whose
    path is shorter than the deepest one spans the remaining rows. None
    marks a covered cell.
    """
    depth = max(len(p) for p in paths)
    rows = []
    for level in range(depth):
        row, i = [], 0
        while i < len(paths):
            p = paths[i]
            if len(p) <= level:
                row.append(None)
                i += 1
                continue
            j = i
            while j + 1 < len(paths) and len(paths[j + 1]) > level and paths[j + 1][:level + 1] == p[:level + 1]:
                j += 1
            rowspan = depth - level if len(p) == level + 1 else 1
            row.append((p[level], j - i + 1, rowspan))
            row += [None] * (j - i)
            i = j + 1
        rows.append(row)
    return rows


class Styles:
    """Collects automatic styles on demand and names them."""

    def __init__(self, font_table, font_prose):
        self.font_table, self.font_prose = font_table, font_prose
        self.xml, self.names = [], {}

    def _add(self, key, body):
        if key not in self.names:
            name = f"S{len(self.names) + 1}"
            self.names[key] = name
            self.xml.append(body.replace("@NAME@", name))
        return self.names[key]

    def text_props(self, size, bold, font):
        w = ' fo:font-weight="bold" style:font-weight-asian="bold"' if bold else ""
        return (f'<style:text-properties style:font-name="{font}" style:font-name-asian="{font}" '
                f'fo:font-size="{size}pt" style:font-size-asian="{size}pt"{w} '
                f'fo:language="zh" fo:country="CN" style:language-asian="zh" style:country-asian="CN"/>')

    def cell_par(self, size, align, bold):
        jus = {"l": "start", "r": "end", "c": "center"}[align]
        return self._add(("cp", size, align, bold),
                         f'<style:style style:name="@NAME@" style:family="paragraph">'
                         f'<style:paragraph-properties fo:text-align="{jus}" fo:margin-top="0cm" fo:margin-bottom="0cm"/>'
                         f'{self.text_props(size, bold, self.font_table)}</style:style>')

    def cell(self, border, pad):
        """A cell style; `border` is grid, none, or a (top, bottom, left, right) tuple of rules."""
        if isinstance(border, tuple):
            line = "0.5pt solid #000000"
            b = " ".join(f'fo:border-{side}="{line if on else "none"}"'
                         for side, on in zip(("top", "bottom", "left", "right"), border))
        else:
            b = {"grid": 'fo:border="0.5pt solid #000000"', "none": 'fo:border="none"'}[border]
        return self._add(("cell", border, pad),
                         f'<style:style style:name="@NAME@" style:family="table-cell">'
                         f'<style:table-cell-properties {b} fo:padding="{pad}cm" style:vertical-align="middle"/>'
                         f'</style:style>')

    def column(self, width):
        return self._add(("col", width),
                         f'<style:style style:name="@NAME@" style:family="table-column">'
                         f'<style:table-column-properties style:column-width="{width:.2f}cm"/></style:style>')

    def table(self, width):
        return self._add(("tab", width),
                         f'<style:style style:name="@NAME@" style:family="table">'
                         f'<style:table-properties style:width="{width:.2f}cm" table:align="center"/></style:style>')

    def par(self, kind, master=None, landscape=False):
        """Paragraph styles for prose, titles, captions and notes."""
        size, bold, align, extra = {
            "cover": (18, True, "center", 'fo:margin-top="0.5cm" fo:margin-bottom="0.3cm"'),
            "cover2": (14, False, "center", 'fo:margin-bottom="0.5cm"'),
            "heading": (12, True, "start", 'fo:margin-top="0.3cm" fo:margin-bottom="0.2cm"'),
            "prose": (10.5, False, "justify", 'fo:text-indent="0.74cm" fo:line-height="150%"'),
            "title": (14, True, "center", 'fo:margin-bottom="0.2cm"'),
            "caption": (9, False, "start", 'fo:margin-bottom="0.1cm"'),
            "note": (9, False, "start", 'fo:margin-top="0.15cm"'),
            "gap": (10.5, False, "start", 'fo:margin-top="0.8cm"'),
            "unitc": (9, False, "center", 'fo:margin-bottom="0.1cm"'),
        }[kind]
        font = self.font_table if kind in ("caption", "note", "unitc") else self.font_prose
        mp = f' style:master-page-name="{master}"' if master else ""
        tabs = ""
        if kind == "caption":
            w = content_width(landscape)
            tabs = f'<style:tab-stops><style:tab-stop style:position="{w - 0.1:.2f}cm" style:type="right"/></style:tab-stops>'
        return self._add(("par", kind, master, landscape),
                         f'<style:style style:name="@NAME@" style:family="paragraph"{mp}>'
                         f'<style:paragraph-properties fo:text-align="{align}" {extra}>{tabs}</style:paragraph-properties>'
                         f'{self.text_props(size, bold, font)}</style:style>')


def render_table(t, st, out, number):
    s = t.style
    size, pad, border = s["font_size"], s["pad"], s["border"]
    cell_style = st.cell(border if border in ("grid", "none") else "none", pad)
    # Ruling styles beyond grid / none (random corpus): horizontal rules on
    # every row, an outer frame only, or rules on the header cells only.
    nrows = len(s["header_rows"] or header_grid([c.path for c in t.cols])) + len(t.body) \
        + bool(getattr(t, "col_numbers", False))
    ncols = len(t.cols)

    def style_at(i, j, span=1, rowspan=1, header=False):
        if border in ("grid", "none"):
            return cell_style
        if border == "horizontal":
            sides = (True, True, False, False)
        elif border == "header":
            sides = (True, True, True, True) if header else (False, i + rowspan == nrows, False, False)
        else:  # frame
            sides = (i == 0, i + rowspan == nrows, j == 0, j + span == ncols)
        return st.cell(sides, pad)
    width = sum(c.width for c in t.cols)
    out.append(f'<table:table table:name="Table{number}" table:style-name="{st.table(width)}">')
    for c in t.cols:
        out.append(f'<table:table-column table:style-name="{st.column(c.width)}"/>')

    def cell_xml(text, align, bold, colspan=1, rowspan=1, style=None):
        attrs = f' table:style-name="{style or cell_style}" office:value-type="string"'
        if colspan > 1:
            attrs += f' table:number-columns-spanned="{colspan}"'
        if rowspan > 1:
            attrs += f' table:number-rows-spanned="{rowspan}"'
        lines = text.split("\n") if text else [""]
        pars = "".join(f'<text:p text:style-name="{st.cell_par(size, align, bold)}">{escape(x)}</text:p>'
                       for x in lines)
        return f"<table:table-cell{attrs}>{pars}</table:table-cell>"

    head = []
    for i, row in enumerate(s["header_rows"] or header_grid([c.path for c in t.cols])):
        head.append("<table:table-row>")
        for j, entry in enumerate(row):
            if entry is None:
                head.append("<table:covered-table-cell/>")
            else:
                text, cs, rs = entry
                head.append(cell_xml(text, "c", True, cs, rs, style_at(i, j, cs, rs, header=True)))
        head.append("</table:table-row>")
    if getattr(t, "col_numbers", False):
        from .decorate import col_number_row
        i = len(head) and sum(1 for x in head if x == "<table:table-row>")
        head.append("<table:table-row>")
        for j, x in enumerate(col_number_row(t)):
            head.append(cell_xml(x, "c", False, style=style_at(i, j, header=True)))
        head.append("</table:table-row>")
    first_body = sum(1 for x in head if x == "<table:table-row>")
    if s["repeat_header"]:
        out.append("<table:table-header-rows>" + "".join(head) + "</table:table-header-rows>")
    else:
        out.append("".join(head))
    for i, (row, bold) in enumerate(zip(t.body, t.body_bold)):
        out.append("<table:table-row>")
        j = 0
        for c in row:
            out.append(cell_xml(c.text, c.align, c.bold or (bold and c.align != "r"), c.span,
                                style=style_at(first_body + i, j, c.span)))
            out.extend(["<table:covered-table-cell/>"] * (c.span - 1))
            j += c.span
        out.append("</table:table-row>")
    out.append("</table:table>")


def render(doc, path):
    """doc: {cover: [lines], blocks: [(kind, payload)]}; writes `path`."""
    st = Styles(doc.get("font_table", "Noto Sans CJK SC"), doc.get("font_prose", "Noto Serif CJK SC"))
    body = []
    cover = doc.get("cover") or []
    for i, line in enumerate(cover):
        body.append(f'<text:p text:style-name="{st.par("cover" if i == 0 else "cover2")}">{escape(line)}</text:p>')
    for i, (kind, payload) in enumerate(doc["blocks"]):
        if kind in ("heading", "prose"):
            body.append(f'<text:p text:style-name="{st.par(kind)}">{escape(payload)}</text:p>')
        elif kind == "table":
            t = payload
            master = "Landscape" if t.style["landscape"] else "Portrait"
            if t.style.get("same_page"):  # printed under the previous table, no page break
                body.append(f'<text:p text:style-name="{st.par("gap")}"/>')
                master = None
            for k, line in enumerate(getattr(t, "title_lines", [t.title])):
                body.append(f'<text:p text:style-name="{st.par("title", master if k == 0 else None)}">{escape(line)}</text:p>')
            place = getattr(t, "unit_place", "right")
            unit = getattr(t, "unit_text", t.unit_label)
            if place == "center":  # the unit centred under the title, the caption on its own line
                if t.caption:
                    body.append(f'<text:p text:style-name="{st.par("note")}">{escape(t.caption)}</text:p>')
                body.append(f'<text:p text:style-name="{st.par("unitc")}">{escape(unit)}</text:p>')
            elif place == "left":
                body.append(f'<text:p text:style-name="{st.par("note")}">{escape(t.caption)}\u3000\u3000{escape(unit)}</text:p>')
            elif t.caption or unit:
                body.append(f'<text:p text:style-name="{st.par("caption", landscape=t.style["landscape"])}">{escape(t.caption)}<text:tab/>'
                            f'{escape(unit)}</text:p>')
            render_table(t, st, body, sum(1 for k, _ in doc["blocks"][:i] if k == "table") + 1)
            for note in t.notes:
                body.append(f'<text:p text:style-name="{st.par("note")}">{escape(note)}</text:p>')
    layouts, masters = [], []
    for name, (w, h) in PAGE.items():
        orient = name.lower()
        layouts.append(f'<style:page-layout style:name="pl{name}"><style:page-layout-properties '
                       f'fo:page-width="{w}cm" fo:page-height="{h}cm" style:print-orientation="{orient}" '
                       f'fo:margin-top="{MARGIN}cm" fo:margin-bottom="{MARGIN}cm" fo:margin-left="{MARGIN}cm" '
                       f'fo:margin-right="{MARGIN}cm"/></style:page-layout>')
        masters.append(f'<style:master-page style:name="{name}" style:page-layout-name="pl{name}"/>')
    fonts = "".join(f'<style:font-face style:name="{f}" svg:font-family="&apos;{f}&apos;"/>'
                    for f in sorted({st.font_table, st.font_prose}))
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS}>'
           f'<office:font-face-decls>{fonts}</office:font-face-decls>'
           f'<office:styles><style:default-style style:family="paragraph">'
           f'{st.text_props(10.5, False, st.font_prose)}</style:default-style></office:styles>'
           f'<office:automatic-styles>{"".join(layouts)}{"".join(st.xml)}</office:automatic-styles>'
           f'<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="plPortrait"/>'
           f'{"".join(masters)}</office:master-styles>'
           f'<office:body><office:text>{"".join(body)}</office:text></office:body></office:document>\n')
    with open(path, "w", encoding="utf-8") as f:
        f.write(xml)
