"""Render a synthetic disclosure as an .xlsx workbook for LibreOffice Calc.

Many disclosures are printed from a spreadsheet: each table is a sheet
(its own page style: portrait or landscape, scaled to the page width, the
header rows repeated as print titles or not), the prose a sheet of wrapped
paragraphs. Calc's layout differs from Writer's: merged cells instead of
nested headers, column widths in characters, the sheet scaled to fit.
Amounts are written as the printed strings (text cells), so that Calc
prints exactly what the truth says.
"""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .decorate import col_number_row, header_rows

THIN = Side(style="thin", color="000000")
NONE = Side(style=None)
PROSE_CHARS = 75   # width of the prose column, in Calc's character units (about 0.19 cm each)
CM_TO_CHARS = 4.2  # Calc column width units per cm, roughly (fit-to-width scales anyway)


def render(doc, path):
    wb = Workbook()
    wb.remove(wb.active)
    ft, fp = doc["font_table"], doc["font_prose"]
    prose_rows = []
    sheet = None
    cover = list(doc.get("cover") or [])

    def flush_prose():
        nonlocal prose_rows, cover
        if not prose_rows and not cover:
            return
        ws = wb.create_sheet(f"说明{len(wb.sheetnames) + 1}")
        ws.column_dimensions["A"].width = PROSE_CHARS  # narrower than the page: Calc clips, never shrinks, text
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "portrait"
        r = 1
        for line in cover:
            c = ws.cell(r, 1, line)
            c.font = Font(name=fp, size=18, bold=True)
            c.alignment = Alignment(horizontal="center")
            r += 2
        cover = []
        for kind, text in prose_rows:
            c = ws.cell(r, 1, ("" if kind == "heading" else "\u3000\u3000") + text)
            c.font = Font(name=fp, size=12 if kind == "heading" else 10.5, bold=kind == "heading")
            c.alignment = Alignment(wrap_text=True, vertical="top")
            size = 12 if kind == "heading" else 10.5
            ws.row_dimensions[r].height = wrapped_lines("\u3000\u3000" + text, PROSE_CHARS * 0.19, size) * size * 1.5 + 4
            r += 1
        prose_rows = []

    for kind, payload in doc["blocks"]:
        if kind in ("heading", "prose"):
            prose_rows.append((kind, payload))
            continue
        flush_prose()
        t = payload
        if t.style.get("same_page") and sheet is not None:
            ws, r = sheet
            r += 2
        else:
            ws = wb.create_sheet(f"表{len(wb.sheetnames) + 1}")
            r = 1
        r = table_sheet(ws, t, r, ft)
        sheet = (ws, r)
    flush_prose()
    wb.save(path)


def table_sheet(ws, t, r, font):
    s = t.style
    n = len(t.cols)
    size = s["font_size"]
    if r == 1:
        for i, c in enumerate(t.cols):
            ws.column_dimensions[get_column_letter(i + 1)].width = max(4.0, c.width * CM_TO_CHARS)
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if s["landscape"] else "portrait"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.6
        ws.page_margins.top = ws.page_margins.bottom = 0.6
    for line in t.title_lines:
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
        c = ws.cell(r, 1, line)
        c.font = Font(name=font, size=14, bold=True)
        c.alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[r].height = 24
        r += 1
    if t.caption or t.unit_text:
        small = Font(name=font, size=9)
        if t.unit_text and t.unit_place == "center":
            if t.caption:
                ws.cell(r, 1, t.caption).font = small
                r += 1
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
            c = ws.cell(r, 1, t.unit_text)
            c.font, c.alignment = small, Alignment(horizontal="center")
        elif t.unit_text and t.unit_place == "left":
            ws.cell(r, 1, (t.caption + "\u3000\u3000" if t.caption else "") + t.unit_text).font = small
        else:
            if t.caption:
                ws.cell(r, 1, t.caption).font = small
            if t.unit_text:
                c = ws.cell(r, n, t.unit_text)
                c.font, c.alignment = small, Alignment(horizontal="right")
        r += 1
    border = s["border"]
    head_top = r
    grid = [[None] * n for _ in range(0)]
    rows = header_rows(t)
    bold = Font(name=font, size=size, bold=True)
    plain = Font(name=font, size=size)
    for row in rows:
        need = 1  # lines of the row's tallest header cell (its share of a row span)
        for j, entry in enumerate(row):
            if entry is not None:
                width = sum(t.cols[k].width for k in range(j, j + entry[1]))
                need = max(need, -(-wrapped_lines(entry[0], width, size) // entry[2]))
        if need > 1:
            ws.row_dimensions[r].height = need * size * 1.4
        for j, entry in enumerate(row):
            if entry is None:
                continue
            text, cs, rs = entry
            if cs > 1 or rs > 1:
                ws.merge_cells(start_row=r, start_column=j + 1, end_row=r + rs - 1, end_column=j + cs)
            c = ws.cell(r, j + 1, text)
            c.font = bold
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        r += 1
    if t.col_numbers:
        for j, x in enumerate(col_number_row(t)):
            c = ws.cell(r, j + 1, x)
            c.font, c.alignment = plain, Alignment(horizontal="center")
        r += 1
    head_end = r - 1
    if s["repeat_header"] and head_top == 1 + len(t.title_lines) + (1 if (t.caption or t.unit_text) else 0) \
            + (1 if (t.unit_text and t.unit_place == "center" and t.caption) else 0):
        ws.print_title_rows = f"{head_top}:{head_end}"
    halign = {"l": "left", "r": "right", "c": "center"}
    for row, is_bold in zip(t.body, t.body_bold):
        j = 0
        # Calc keeps an imported row's default height: give rows whose names
        # wrap the height of their lines, as the author of the sheet would.
        lines = max(wrapped_lines(cell.text, t.cols[k].width, size) for k, cell in col_starts(row))
        if lines > 1:
            ws.row_dimensions[r].height = lines * size * 1.4
        for cell in row:
            if cell.span > 1:
                ws.merge_cells(start_row=r, start_column=j + 1, end_row=r, end_column=j + cell.span)
            c = ws.cell(r, j + 1, cell.text)
            c.font = bold if (cell.bold or (is_bold and cell.align != "r")) else plain
            c.alignment = Alignment(horizontal=halign[cell.align], vertical="center", wrap_text=cell.align != "r")
            j += cell.span
        r += 1
    body_end = r - 1
    rule(ws, border, head_top, head_end, body_end, n)
    for note in t.notes:
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
        c = ws.cell(r, 1, note)
        c.font, c.alignment = Font(name=font, size=9), Alignment(wrap_text=True)
        ws.row_dimensions[r].height = 26
        r += 1
    return r


def col_starts(row):
    j = 0
    for cell in row:
        yield j, cell
        j += cell.span


def wrapped_lines(text, width_cm, size):
    """Lines a cell's text takes in a column `width_cm` wide at `size` pt (CJK: one em per character)."""
    if not text:
        return 1
    em = size / 72 * 2.54  # cm per full-width character
    units = sum(1 if ord(ch) > 0x2E80 else 0.55 for ch in text)
    per_line = max(1.0, (width_cm - 0.2) / em)
    return int(-(-units // per_line))


def rule(ws, border, top, head_end, bottom, n):
    """Cell borders for one ruling style (see html.BORDER_CSS for the same set)."""
    for i in range(top, bottom + 1):
        for j in range(1, n + 1):
            if border == "grid" or (border == "header" and i <= head_end):
                b = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
            elif border == "horizontal":
                b = Border(top=THIN, bottom=THIN)
            elif border == "frame":
                b = Border(left=THIN if j == 1 else NONE, right=THIN if j == n else NONE,
                           top=THIN if i == top else NONE, bottom=THIN if i == bottom else NONE)
            elif border == "header" and i == bottom:
                b = Border(bottom=THIN)
            else:
                continue
            ws.cell(i, j).border = b
