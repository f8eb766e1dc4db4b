"""Printed tables of a synthetic disclosure and their truth.

A `Table` holds what the renderer draws (header paths, physical body rows
of `Cell`s, notes, style) and, built from the very same numbers in the same
step, the truth cells (code, name, side, column key, printed value). The
builders below know the standard budget tables; `Table.plant` changes one
printed figure and records the planted inconsistency.
"""

from decimal import Decimal

from . import vocab

ZERO = Decimal("0")
SCALES = {"元": Decimal("1"), "千元": Decimal("1000"), "万元": Decimal("10000")}


class Fmt:
    """How one table prints amounts: unit, decimals, separators, zeros."""

    def __init__(self, unit="万元", decimals=2, thousands=True, zero="0.00"):
        self.unit, self.decimals, self.thousands, self.zero = unit, decimals, thousands, zero
        self.scale = SCALES[unit]

    def number(self, yuan):
        """The printed string for an amount in 元 (exact at this precision)."""
        v = Decimal(yuan) / self.scale
        q = v.quantize(Decimal(1).scaleb(-self.decimals))
        if q != v:
            raise ValueError(f"{yuan} 元 is not exact in {self.unit} with {self.decimals} decimals")
        if q == 0:
            return self.zero
        return f"{q:,.{self.decimals}f}" if self.thousands else f"{q:.{self.decimals}f}"

    @staticmethod
    def norm(printed):
        """SPEC normalisation: separators removed, '-' and blank mean absent."""
        p = printed.strip().replace(",", "")
        return None if p in ("", "-", "—") else p


class Cell:
    def __init__(self, text="", span=1, align="l", bold=False):
        self.text, self.span, self.align, self.bold = text, span, align, bold


class Col:
    """One physical column: its key, its header path (parent first), width."""

    def __init__(self, key, path, width, align="r"):
        self.key, self.path, self.width, self.align = key, tuple(path), width, align


class Table:
    def __init__(self, template, title, fmt, cols, caption="", style=None):
        self.template, self.title, self.fmt, self.cols = template, title, fmt, cols
        self.caption = caption            # 编制部门：… (left of the unit line)
        self.unit_label = f"单位：{fmt.unit}"
        self.body = []                    # list of rows; a row is a list of Cell
        self.body_bold = []
        self.cells = []                   # truth cells
        self.refs = {}                    # (code, name, side, key) -> (Cell, truth cell)
        self.notes = []
        self.empty = False
        self.style = dict(border="grid", repeat_header=True, landscape=False,
                          font_size=9, pad=0.06, header_rows=None, same_page=False)
        self.style.update(style or {})

    # -- building -------------------------------------------------------------
    def amount(self, yuan, code, name, side, key):
        """A body cell for an amount, recording its truth cell."""
        text = self.fmt.number(yuan)
        cell = Cell(text, align="r")
        value = Fmt.norm(text)
        truth = {"code": code, "name": name, "side": side, "column": key,
                 "printed": text, "value": value}
        if value is not None:
            self.cells.append(truth)
        self.refs[(code, name, side, key)] = (cell, truth)
        return cell

    def add_row(self, cells, bold=False):
        if sum(c.span for c in cells) != len(self.cols):
            raise ValueError(f"{self.title}: row spans {sum(c.span for c in cells)} of {len(self.cols)} columns")
        self.body.append(cells)
        self.body_bold.append(bold)

    def plant(self, code, name, side, key, wrong_yuan):
        """Print `wrong_yuan` where the data says otherwise; return the record."""
        cell, truth = self.refs[(code, name, side, key)]
        correct = truth["printed"]
        cell.text = self.fmt.number(wrong_yuan)
        truth["printed"], truth["value"] = cell.text, Fmt.norm(cell.text)
        return {"template": self.template, "table_title": self.title,
                "row": {"code": code, "name": name, "side": side}, "column": key,
                "printed": cell.text, "correct": correct}

    # -- truth ----------------------------------------------------------------
    def truth_columns(self):
        out = []
        for col in self.cols:
            if out and col.key == out[-1]["key"] and col.key in ("code",):
                continue
            header = col.path[0] if col.key == "code" else "/".join(col.path)
            out.append({"key": col.key, "header": header})
        return out

    def truth(self):
        return {"template": self.template, "title": self.title, "unit": self.fmt.unit,
                "scale": str(self.fmt.scale), "empty": self.empty,
                "columns": self.truth_columns(), "notes": self.notes,
                "layout": {k: v for k, v in self.style.items() if k in ("border", "repeat_header", "landscape", "same_page")},
                "cells": self.cells}


# ---------------------------------------------------------------------------
# Function-coded tables (收入总表, 支出总表, 一般公共预算支出表, 政府性基金…)
# ---------------------------------------------------------------------------

def code_cols(mode, name_width, code_width=1.0, name_header="科目名称", code_header="科目编码"):
    """Columns for the code and the name: one code column or 类 款 项."""
    if mode == "split":
        cols = [Col("code", (code_header, t), code_width, "c") for t in ("类", "款", "项")]
    else:
        cols = [Col("code", (code_header,), code_width * 1.9, "l")]
    return cols + [Col("name", (name_header,), name_width, "l")]


def aggregate(leaves, keys):
    """{code: {key: sum}} for every 类, 款 and 项 that has leaves."""
    out = {}
    for code, vals in leaves.items():
        for part in (code[:3], code[:5], code):
            row = out.setdefault(part, {k: ZERO for k in keys})
            for k in keys:
                row[k] += vals.get(k, ZERO)
    return out


def function_table(template, title, fmt, leaves, amount_cols, *, code_mode="one", name_width=4.5,
                   caption="", total_label="合计", total_top=False, indent=False, style=None,
                   code_width=1.0, name_header="科目名称", code_header="科目编码"):
    """A table with one row per 类/款/项 and a 合计 row.

    `leaves` maps 7-digit codes to {column key: 元}; `amount_cols` lists
    (key, header path, width). Parent rows are sums of their children.
    """
    keys = [k for k, _, _ in amount_cols]
    cols = code_cols(code_mode, name_width, code_width, name_header, code_header)
    cols += [Col(k, p, w) for k, p, w in amount_cols]
    t = Table(template, title, fmt, cols, caption, style)
    agg = aggregate(leaves, keys)
    totals = {k: sum((v.get(k, ZERO) for v in leaves.values()), ZERO) for k in keys}

    def total_row():
        ncode = 3 if code_mode == "split" else 1
        cells = [Cell("") for _ in range(ncode)] + [Cell(total_label, align="c", bold=True)]
        cells += [t.amount(totals[k], None, total_label, None, k) for k in keys]
        t.add_row(cells, bold=True)

    if total_top:
        total_row()
    for code in sorted(agg, key=lambda c: (c[:3], c[:5] if len(c) >= 5 else "", len(c) > 5, c)):
        level = {3: 0, 5: 1, 7: 2}[len(code)]
        names = (vocab.FUNCTION_CLASSES, vocab.FUNCTION_GROUPS, vocab.FUNCTION_ITEMS)[level]
        name = names[code]
        if code_mode == "split":
            parts = [code[:3], code[3:5] if level >= 1 else "", code[5:7] if level == 2 else ""]
            cells = [Cell(p, align="c") for p in parts]
        else:
            cells = [Cell(code)]
        shown = ("\u3000" * level + name) if indent else name
        cells.append(Cell(shown))
        cells += [t.amount(agg[code][k], code, name, None, k) for k in keys]
        t.add_row(cells, bold=(level == 0))
    if not total_top:
        total_row()
    return t


def empty_function_table(template, title, fmt, amount_cols, note, *, code_mode="one", name_width=4.5,
                         caption="", style=None):
    """A table printed with its header only and a 空表 note under it."""
    cols = code_cols(code_mode, name_width) + [Col(k, p, w) for k, p, w in amount_cols]
    t = Table(template, title, fmt, cols, caption, style)
    ncode = 3 if code_mode == "split" else 1
    t.add_row([Cell("") for _ in range(ncode)] + [Cell("合计", align="c", bold=True)]
              + [Cell("") for _ in amount_cols], bold=True)
    t.empty = True
    t.notes.append(note)
    return t


# ---------------------------------------------------------------------------
# Economic classification (一般公共预算基本支出表)
# ---------------------------------------------------------------------------

def econ_rows(econ):
    """[(code, name, amount, is_class)] in print order, classes first."""
    rows = []
    for cls, cname in vocab.ECON_CLASSES.items():
        items = [(c, v) for c, v in sorted(econ.items()) if c[:3] == cls]
        if not items:
            continue
        rows.append((cls, cname, sum((v for _, v in items), ZERO), True))
        rows += [(c, vocab.ECON_ITEMS[c], v, False) for c, v in items]
    return rows


def econ_table(template, title, fmt, econ, *, caption="", code_width=1.4, name_width=5.0, amount_width=2.6,
               style=None, total_top=False, personnel_header="人员经费", public_header="公用经费",
               code_header="经济分类科目编码", name_header="经济分类科目名称"):
    """Rows per economic class and item; columns 合计, 人员经费, 公用经费."""
    cols = [Col("code", (code_header,), code_width, "l"), Col("name", (name_header,), name_width, "l"),
            Col("total", ("合计",), amount_width), Col("personnel", (personnel_header,), amount_width),
            Col("public_funds", (public_header,), amount_width)]
    t = Table(template, title, fmt, cols, caption, style)
    personnel = sum((v for c, v in econ.items() if c[:3] in ("301", "303")), ZERO)
    public = sum((v for c, v in econ.items() if c[:3] in ("302", "310")), ZERO)

    def total_row():
        t.add_row([Cell(""), Cell("合计", align="c", bold=True),
                   t.amount(personnel + public, None, "合计", None, "total"),
                   t.amount(personnel, None, "合计", None, "personnel"),
                   t.amount(public, None, "合计", None, "public_funds")], bold=True)

    if total_top:
        total_row()
    for code, name, amount, is_class in econ_rows(econ):
        is_personnel = code[:3] in ("301", "303")
        t.add_row([Cell(code), Cell(name), t.amount(amount, code, name, None, "total"),
                   t.amount(amount if is_personnel else ZERO, code, name, None, "personnel"),
                   t.amount(ZERO if is_personnel else amount, code, name, None, "public_funds")], bold=is_class)
    if not total_top:
        total_row()
    return t


def econ_halves_table(template, title, fmt, econ, *, caption="", style=None, split="personnel"):
    """Two halves side by side on one page.

    split="personnel": 人员经费 (301, 303) left, 公用经费 (302, 310) right,
    each half closed by its subtotal; split="classes": 301/302 left,
    303/310 right under one plain header. A last row carries the 合计.
    """
    cols = []
    by_kind = split == "personnel"
    for half in (("人员经费", "公用经费") if by_kind else ("", "")):
        path = (half,) if half else ()
        cols += [Col("code", path + ("科目编码",), 1.5, "l"), Col("name", path + ("科目名称",), 4.4, "l"),
                 Col("total", path + ("金额",), 2.6)]
    t = Table(template, title, fmt, cols, caption, style)
    rows = econ_rows(econ)
    left_classes = ("301", "303") if by_kind else ("301", "302")
    left = [r for r in rows if r[0][:3] in left_classes]
    right = [r for r in rows if r[0][:3] not in left_classes]
    n = max(len(left), len(right))
    for i in range(n):
        cells = []
        for half in (left, right):
            if i < len(half):
                code, name, amount, is_class = half[i]
                cells += [Cell(code), Cell(name), t.amount(amount, code, name, None, "total")]
            else:
                cells += [Cell(""), Cell(""), Cell("")]
        t.add_row(cells)
    lsum = sum((r[2] for r in left if not r[3]), ZERO)
    rsum = sum((r[2] for r in right if not r[3]), ZERO)
    if by_kind:
        t.add_row([Cell(""), Cell("人员经费合计", align="c", bold=True),
                   t.amount(lsum, None, "人员经费合计", None, "total"),
                   Cell(""), Cell("公用经费合计", align="c", bold=True),
                   t.amount(rsum, None, "公用经费合计", None, "total")], bold=True)
    t.add_row([Cell(""), Cell("合计", align="c", bold=True),
               t.amount(lsum + rsum, None, "合计", None, "total"),
               Cell(""), Cell(""), Cell("")], bold=True)
    # Truth order: left half top to bottom, then the right half (one table).
    side_of = {r[0]: i for i, r in enumerate(left)}
    t.cells.sort(key=lambda c: (0 if (c["code"] in side_of or c["name"] in ("人员经费合计", "合计")) else 1))
    return t


# ---------------------------------------------------------------------------
# Two-sided tables (收支总表, 财政拨款收支总表, 收入支出决算总表)
# ---------------------------------------------------------------------------

def two_sided_table(template, title, fmt, income, expenditure, income_foot, expenditure_foot, *,
                    income_cols, expenditure_cols, caption="", style=None, name_width=5.0, amount_width=2.6,
                    income_header=("收入",), expenditure_header=("支出",), item_header="项目"):
    """Income items left, expenditure items right, totals on the same lines.

    income / expenditure: [(printed name, {key: 元})]; *_foot likewise, printed
    aligned at the bottom; *_cols: [(key, header)].
    """
    cols = [Col("name", income_header + (item_header,), name_width, "l")]
    cols += [Col(k, income_header + (h,), amount_width) for k, h in income_cols]
    cols += [Col("name", expenditure_header + (item_header,), name_width, "l")]
    cols += [Col(k, expenditure_header + (h,), amount_width) for k, h in expenditure_cols]
    t = Table(template, title, fmt, cols, caption, style)

    def half(entry, side, hcols):
        if entry is None:
            return [Cell("")] + [Cell("") for _ in hcols]
        name, vals = entry
        cells = [Cell(name, bold=name.endswith("计"))]
        for k, _ in hcols:
            cells.append(t.amount(vals[k], None, name, side, k) if k in vals else Cell(""))
        return cells

    n = max(len(income), len(expenditure))
    inc = list(income) + [None] * (n - len(income))
    exp = list(expenditure) + [None] * (n - len(expenditure))
    for a, b in zip(inc, exp):
        t.add_row(half(a, "income", income_cols) + half(b, "expenditure", expenditure_cols))
    m = max(len(income_foot), len(expenditure_foot))
    inc = [None] * (m - len(income_foot)) + list(income_foot)
    exp = [None] * (m - len(expenditure_foot)) + list(expenditure_foot)
    for a, b in zip(inc, exp):
        t.add_row(half(a, "income", income_cols) + half(b, "expenditure", expenditure_cols), bold=True)
    t.cells.sort(key=lambda c: 0 if c["side"] == "income" else 1)
    return t


# ---------------------------------------------------------------------------
# “三公” tables
# ---------------------------------------------------------------------------

THREE_ROWS = [  # (printed name, item key)
    ("合计", "total"),
    ("1.因公出国（境）费", "overseas_travel"),
    ("2.公务用车购置及运行费", "vehicle_total"),
    ("其中：（1）公务用车购置费", "vehicle_purchase"),
    ("（2）公务用车运行费", "vehicle_operation"),
    ("3.公务接待费", "reception"),
]


def three_public_rows_table(template, title, fmt, three, *, caption="", style=None, header="预算数",
                            extra=None):
    """Items as rows, one amount column (key total). `extra`: more rows."""
    cols = [Col("name", ("项目",), 7.0, "l"), Col("total", (header,), 4.0)]
    t = Table(template, title, fmt, cols, caption, style)
    rows = list(THREE_ROWS) + list(extra or [])
    for name, key in rows:
        cell = t.amount(three[key], None, name, None, "total")
        t.refs[(None, name, None, "total")][1]["item"] = key  # which “三公” item the row is
        t.add_row([Cell(name, bold=(key == "total")), cell], bold=(key == "total"))
    return t


THREE_COLS = [  # (key, header path)
    ("total", ("合计",)),
    ("overseas_travel", ("因公出国（境）费",)),
    ("vehicle_total", ("公务用车购置及运行费", "小计")),
    ("vehicle_purchase", ("公务用车购置及运行费", "购置费")),
    ("vehicle_operation", ("公务用车购置及运行费", "运行费")),
    ("reception", ("公务接待费",)),
]


def three_public_cols_table(template, title, fmt, three, *, caption="", style=None, agency=None,
                            label=None, budget=None, width=2.3):
    """Items as columns (上海 style). `agency`: also print 机关运行经费.

    `budget`: 决算 layout, a 预算数 block then a 决算数 block (keys of the
    预算数 block get the `_budget` suffix). `label`: a first column with the
    department's name.
    """
    cols = []
    if label is not None:
        cols.append(Col("name", ("单位名称",), 5.0, "l"))
    blocks = [("预算数", budget, "_budget"), ("决算数", three, "")] if budget else [(None, three, "")]
    for head, _, suffix in blocks:
        for key, path in THREE_COLS:
            cols.append(Col(key + suffix, ((head,) if head else ()) + path, width))
    if agency is not None:
        cols.append(Col("agency_operating_costs", ("机关运行经费",), width))
    t = Table(template, title, fmt, cols, caption, style)
    cells = [Cell(label)] if label is not None else []
    for _, vals, suffix in blocks:
        for key, _ in THREE_COLS:
            cells.append(t.amount(vals[key], None, label, None, key + suffix))
    if agency is not None:
        cells.append(t.amount(agency, None, label, None, "agency_operating_costs"))
    t.add_row(cells)
    return t


# ---------------------------------------------------------------------------
# 项目支出表
# ---------------------------------------------------------------------------

def project_table(template, title, fmt, projects, *, caption="", style=None, name_width=6.5):
    """One row per project: 项目名称, 功能分类科目编码, 金额; 合计 last.

    `projects`: [(project name, 7-digit function code, 元)].
    """
    cols = [Col("name", ("项目名称",), name_width, "l"), Col("code", ("功能分类科目编码",), 3.4, "c"),
            Col("total", ("金额",), 3.0)]
    t = Table(template, title, fmt, cols, caption, style)
    for name, code, amount in projects:
        t.add_row([Cell(name), Cell(code, align="c"), t.amount(amount, code, name, None, "total")])
    t.add_row([Cell("合计", align="c", bold=True), Cell(""),
               t.amount(sum((a for _, _, a in projects), ZERO), None, "合计", None, "total")], bold=True)
    return t
