"""Apply a drawn look (random_layout.draw) to a composed document.

compose.compose builds the figures, tables and prose; this step changes
only how they are printed, and keeps the truth in step: the printed title
(表号 before, after or above it, the department on a line of its own, the
unit in brackets in it), the 部门/单位名称 line, where the unit is printed
(right or left of that line, centred under the title, in the title, in the
first amount column's header), a 栏次 row of column numbers under the header,
and where the prose goes (before, between or after the tables).
Each Table gets the attributes the producers read: title_lines, caption,
unit_text, unit_place, col_numbers.
"""

from .random_layout import cn_number


def decorate(doc, truth, cfg, look):
    tables = [p for k, p in doc["blocks"] if k == "table"]
    dept = cfg["dept"]
    for i, (t, tt) in enumerate(zip(tables, truth["tables"])):
        n = i + 1
        title = t.title
        lines = [title]
        form = look.get("number_form")
        if form:
            num = form.format(n=n, cn=cn_number(n))
            place = look.get("number_place", "before")
            if place == "before":
                lines = [f"{num} {title}" if not num.endswith(".") else f"{num}{title}"]
            elif place == "after":
                lines = [f"{title}（{num}）"]
            else:
                lines = [num, title]
        if look.get("two_line_title") and dept not in title:
            lines = [dept] + lines
        unit = t.fmt.unit
        t.unit_place = look.get("unit_place", {}).get(t.template, "right")
        if t.unit_place == "title":
            lines[-1] += f"（单位：{unit}）"
        elif t.unit_place == "header":
            amount = next((c for c in t.cols if c.key not in ("code", "name")), None)
            if amount is not None:
                amount.path = amount.path[:-1] + (f"{amount.path[-1]}（{unit}）",)
        t.title_lines = lines
        t.title = "".join(lines)
        label = look.get("caption")
        t.caption = f"{label}{dept}" if label else ""
        t.unit_text = f"单位：{unit}" if t.unit_place in ("right", "left", "center") else ""
        t.col_numbers = look.get("col_numbers", {}).get(t.template, False) and not t.empty
        tt["title"] = t.title
        tt["layout"].update({"unit_place": t.unit_place, "col_numbers": t.col_numbers,
                             "font_size": t.style["font_size"]})
    place = look.get("prose_place", "before")
    prose = [b for b in doc["blocks"] if b[0] != "table"]
    tabs = [b for b in doc["blocks"] if b[0] == "table"]
    if place == "after":
        doc["blocks"] = tabs + prose
    elif place == "between":
        h = len(tabs) // 2
        cut = next((i for i, b in enumerate(prose) if i > 0 and b[0] == "heading" and i >= len(prose) // 2),
                   len(prose))
        doc["blocks"] = prose[:cut] + tabs[:h] + prose[cut:] + tabs[h:]
    doc["font_table"], doc["font_prose"] = look["font_table"], look["font_prose"]
    return doc, truth


def header_rows(t):
    """Header grid rows of a table (fodt.header_grid), explicit rows if given."""
    from .fodt import header_grid
    return t.style.get("header_rows") or header_grid([c.path for c in t.cols])


def col_number_row(t):
    """The 栏次 row: '栏次' under the name, column numbers over the amounts."""
    cells, k = [], 0
    for c in t.cols:
        if c.key == "name" and not any(x == "栏次" for x in cells):
            cells.append("栏次")
        elif c.key in ("code", "name"):
            cells.append("")
        else:
            k += 1
            cells.append(str(k))
    return cells
