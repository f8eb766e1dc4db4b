#!/usr/bin/env python3
"""Diagnostic: which table rows does pdfplumber recover that yusuan loses?

pdfplumber's `extract_tables()` is template-blind and very good at finding
the rows of a ruled grid, so it serves as a peer: every pdfplumber row that
carries an amount should have a yusuan row on the same page (or the page
before/after, for a table continued over a page break) whose amounts contain
the pdfplumber row's amounts. A lost row points at a layout mechanism to fix
(a grid not seen, a row dropped as a header, a wrapped cell split in two…).

    python3 scripts/compare_pdfplumber.py [-v] [--yusuan-out DIR] [--cache DIR] PDF...

Without --yusuan-out the script runs `target/release/yusuan extract` on the
PDFs into a temporary folder. --cache keeps pdfplumber's tables per PDF
(keyed by sha256) so a rerun after changing yusuan costs nothing.

Amounts are compared as numbers (separators removed, 0 == 0.00); a column
headed 行次/序号 holds row numbers, not amounts. An integer
cell of the pdfplumber row that yusuan reads as part of the row's code
(类/款/项 split over columns) is not required among yusuan's amounts. Rows
whose numbers are only a column-number row (1 2 3 …, 栏次) are not counted.

Also reported: `noname`, rows found whose yusuan name matches none of the
printed text cells; `nocode`, rows found whose printed code (类 款 项 cells before the
name) is not in yusuan's code of the row; and `extra`, yusuan rows with amounts that no pdfplumber row on the page
(±1) contains — yusuan inventing or splitting rows, or pdfplumber missing a
table (borderless tables are often missed by pdfplumber's default settings).
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from decimal import Decimal, InvalidOperation

try:
    import pdfplumber
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit(
        "compare_pdfplumber.py needs pdfplumber: pip install pdfplumber"
    )

AMOUNT = re.compile(r"^[-−]?\d+(\.\d+)?$")
PAREN_NEG = re.compile(r"^[（(]\d+(\.\d+)?[)）]$")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def amount(text):
    """The numeric value of a cell that is one amount, else None."""
    if text is None:
        return None
    t = re.sub(r"[\s,，]", "", str(text))
    if PAREN_NEG.match(t):
        t = "-" + t[1:-1]
    t = t.replace("−", "-")
    if not AMOUNT.match(t):
        return None
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


def is_column_numbers(cells, nums):
    """1 2 3 … printed under the header (栏次): not a data row."""
    if any(re.sub(r"\s", "", c) in ("栏次", "列次") for c in cells):
        return True
    ints = [n for n in nums if n == n.to_integral_value()]
    if len(ints) != len(nums) or len(nums) < 2:
        return False
    vals = [int(n) for n in nums]
    return vals == list(range(vals[0], vals[0] + len(vals))) and vals[0] <= 2


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


ROW_NUMBER_HEADERS = {"行次", "序号"}


def plumber_rows(pdf, cache):
    """[(page, [cells])] of every pdfplumber table row, cached by sha256.

    A column headed 行次/序号 numbers the rows; its cells are blanked (yusuan
    rightly keeps no row numbers among the amounts)."""
    key = None
    if cache:
        os.makedirs(cache, exist_ok=True)
        key = os.path.join(cache, sha256(pdf) + ".v2.json")
        if os.path.exists(key):
            with open(key) as f:
                return [tuple(r) for r in json.load(f)]
    rows = []
    with pdfplumber.open(pdf) as doc:
        for i, page in enumerate(doc.pages, start=1):
            try:
                tables = page.extract_tables()
            except Exception as e:  # a broken page must not stop the report
                print(f"{pdf}: page {i}: pdfplumber failed: {e}", file=sys.stderr)
                continue
            for table in tables:
                table = [[c if c is not None else "" for c in row] for row in table]
                numbering = {k for row in table for k, c in enumerate(row)
                             if re.sub(r"\s", "", c) in ROW_NUMBER_HEADERS}
                for row in table:
                    rows.append((i, ["" if k in numbering else c for k, c in enumerate(row)]))
    if key:
        with open(key, "w") as f:
            json.dump(rows, f, ensure_ascii=False)
    return rows


def yusuan_rows(doc):
    """[(page, table id, side, code, numbers, row)] of the canonical JSON."""
    out = []
    for t in doc.get("tables", []):
        for r in t.get("rows", []):
            nums = []
            for v in (r.get("values") or {}).values():
                n = amount(v)
                if n is not None:
                    nums.append(n)
            for v in (r.get("texts") or {}).values():
                n = amount(v)
                if n is not None:
                    nums.append(n)
            out.append((r.get("page"), t.get("id"), r.get("side"), r.get("code") or "", nums, r))
    return out


def contains(have, want):
    """Does the multiset `have` contain the multiset `want`?"""
    pool = list(have)
    for w in want:
        for i, h in enumerate(pool):
            if h == w:
                del pool[i]
                break
        else:
            return False
    return True


def split_codes(cells):
    """(code pieces, amounts) of a pdfplumber row.

    Codes are printed before the name they classify (类 款 项 | 名称, or
    several such groups side by side), amounts after the names: a run of
    integer cells directly followed by a text cell is a code (a 行次 printed
    before the name is taken for one too; `nocode` over-counts there).
    Zeros before a note are amounts."""
    filled = [re.sub(r"\s", "", c) for c in cells if c and c.strip()]
    codes, nums, run = [], [], []
    for t in filled:
        n = amount(t)
        if n is None:
            if run and any(r.strip("0") for r in run):
                codes.extend(run)
            else:
                nums.extend(amount(r) for r in run)
            run = []
            continue
        if n == n.to_integral_value() and "." not in t and not t.startswith("-"):
            run.append(t)
        else:
            if run:
                nums.extend(amount(r) for r in run)
                run = []
            nums.append(n)
    nums.extend(amount(r) for r in run)
    return codes, nums


def required(nums, y):
    """The pdfplumber amounts a yusuan row `y` must hold: not the integer
    pieces of a second classification code that yusuan keeps joined as
    one text (`302 27` under 部门预算支出经济科目编码 → texts c9 `30227`)."""
    joined = [squeeze(v) for v in (y[5].get("texts") or {}).values()]
    joined = [v for v in joined if v.isdigit() and len(v) >= 3]
    if not joined:
        return nums
    return [
        n for n in nums
        if not (n == n.to_integral_value() and any(str(int(n)) in v for v in joined))
    ]


def amounts_of(y):
    """A yusuan row's numbers, without the texts that are a joined code."""
    codes = [amount(v) for v in (y[5].get("texts") or {}).values()
             if squeeze(v).isdigit() and len(squeeze(v)) >= 3]
    out = list(y[4])
    for c in codes:
        if c in out:
            out.remove(c)
    return out


def recovered(page, cells, nums, codes, ys):
    """The yusuan row holding the pdfplumber row's amounts on page ±1 (one
    whose code holds the printed code pieces first, then the same page
    first), True for a row of side-by-side groups split into one row a
    group, None when lost."""
    near = [y for y in ys if y[0] is not None and abs(y[0] - page) <= 1]
    found = [y for y in near if contains(y[4], required(nums, y))]
    if found:
        found.sort(key=lambda y: (not code_found(codes, y), y[0] != page))
        return found[0]
    # A two-sided summary: one printed row split into an income and an
    # expenditure row of the same table.
    same = [y for y in near if y[0] == page and y[2] in ("income", "expenditure")]
    for a in same:
        if not a[4] or not contains(nums, a[4]):
            continue
        for b in same:
            if b is a or b[1] != a[1] or b[2] == a[2]:
                continue
            if contains(a[4] + b[4], nums):
                return True
    # A printed row holding two or three side-by-side groups (a two-sided
    # 收支总表, 人员经费 | 公用经费 halves): yusuan gives each group a row of its
    # own. Rows of one table on the page, each naming a code or a name the
    # printed row shows, must together hold its amounts.
    texts = {re.sub(r"\s", "", c) for c in cells if c and amount(c) is None}
    pieces = set(codes)
    groups = {}
    for y in near:
        if y[0] != page or not y[4] or not contains(nums, y[4]):
            continue
        name = re.sub(r"\s", "", y[5].get("name") or "")
        if (y[3] and y[3] in pieces) or (name and name in texts):
            groups.setdefault(y[1], []).append(y)
    for rows in groups.values():
        if len(rows) > 1 and contains([n for y in rows for n in y[4]], nums):
            return True
    return None


def squeeze(text):
    return re.sub(r"\s", "", text or "")


def name_found(cells, codes, y):
    """Does yusuan's name of the row match one of the printed text cells?"""
    if y is True:
        return True
    texts = [squeeze(c) for c in cells if c and amount(c) is None]
    texts = [t for t in texts if t]
    if not texts:
        return True
    name = squeeze(y[5].get("name"))
    if not name:
        return False
    return any(name == t or name in t or t in name for t in texts)


def code_found(codes, y):
    """Are the printed code pieces all in yusuan's code of the row?"""
    if not codes or y is True:
        return True
    return all(c in y[3] for c in codes)


def compare(pdf, doc, cache):
    prows = []
    for page, cells in plumber_rows(pdf, cache):
        codes, nums = split_codes(cells)
        if not nums or is_column_numbers(cells, nums):
            continue
        prows.append((page, cells, nums, codes))
    ys = yusuan_rows(doc)
    lost, nocode, noname = [], [], []
    for p in prows:
        y = recovered(p[0], p[1], p[2], p[3], ys)
        if y is None:
            lost.append(p)
            continue
        if not code_found(p[3], y):
            nocode.append((p, y))
        if not name_found(p[1], p[3], y):
            noname.append((p, y))
    extra = []
    for y in ys:
        if not y[4]:
            continue
        near = [p for p in prows if abs(p[0] - (y[0] or 0)) <= 1]
        if not any(contains(p[2], amounts_of(y)) for p in near):
            extra.append(y)
    return prows, lost, nocode, noname, extra


def run_yusuan(pdfs, out):
    exe = os.path.join(ROOT, "target", "release", "yusuan")
    if not os.path.exists(exe):
        sys.exit(f"{exe} not found: cargo build --release first, or pass --yusuan-out")
    subprocess.run([exe, "extract", *pdfs, "--out", out], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def cell_text(cells):
    return " | ".join(re.sub(r"\s+", " ", c).strip() for c in cells)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdfs", nargs="+")
    ap.add_argument("-v", "--verbose", action="store_true", help="list lost and extra rows")
    ap.add_argument("--yusuan-out", help="folder of yusuan's <stem>.json for these PDFs")
    ap.add_argument("--cache", help="folder to keep pdfplumber's tables in")
    ap.add_argument("--json", help="write per-document numbers to this file")
    args = ap.parse_args()

    out = args.yusuan_out
    tmp = None
    if not out:
        tmp = tempfile.TemporaryDirectory()
        out = tmp.name
        run_yusuan(args.pdfs, out)

    total = {"plumber": 0, "recovered": 0, "lost": 0, "code_lost": 0, "name_lost": 0,
             "extra": 0}
    summary = {}
    print(f"{'document':40} {'plumber':>7} {'found':>6} {'lost':>5} {'ratio':>6} "
          f"{'nocode':>6} {'noname':>6} {'extra':>6}")

    def line(name, s):
        print(f"{name:40} {s['plumber']:7} {s['recovered']:6} {s['lost']:5} {s['ratio']:6.3f} "
              f"{s['code_lost']:6} {s['name_lost']:6} {s['extra']:6}")

    for pdf in args.pdfs:
        stem = os.path.splitext(os.path.basename(pdf))[0]
        path = os.path.join(out, stem + ".json")
        if not os.path.exists(path):
            print(f"{stem:40} no yusuan output ({path})")
            continue
        with open(path) as f:
            doc = json.load(f)
        prows, lost, nocode, noname, extra = compare(pdf, doc, args.cache)
        n, l = len(prows), len(lost)
        s = {"plumber": n, "recovered": n - l, "lost": l, "code_lost": len(nocode),
             "name_lost": len(noname), "extra": len(extra)}
        for k in total:
            total[k] += s[k]
        s["ratio"] = round((n - l) / n if n else 1.0, 4)
        summary[stem] = s
        line(stem, s)
        if args.verbose:
            for page, cells, _, _ in lost:
                print(f"    lost   p{page}: {cell_text(cells)}")
            for p, y in nocode:
                print(f"    nocode p{p[0]}: {cell_text(p[1])}  (yusuan code {y[3] or '-'})")
            for p, y in noname:
                print(f"    noname p{p[0]}: {cell_text(p[1])}  (yusuan name {y[5].get('name') or '-'})")
            for y in extra:
                r = y[5]
                vals = " ".join(f"{k}={v}" for k, v in (r.get("values") or {}).items())
                print(f"    extra  p{y[0]} {y[1]}: {r.get('code') or ''} {r.get('name') or ''} {vals}")
    n, l = total["plumber"], total["lost"]
    total["ratio"] = round((n - l) / n if n else 1.0, 4)
    summary["TOTAL"] = total
    line("TOTAL", total)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(summary, f, ensure_ascii=False, indent=1)

if __name__ == "__main__":
    main()
