#!/usr/bin/env python3
"""Check golden/text/*.json against the seed texts in corpus/text/, without yusuan.

    python3 scripts/verify_golden_text.py                 # every golden file
    python3 scripts/verify_golden_text.py golden/text/x.json [...]
    python3 scripts/verify_golden_text.py --out /tmp/out   # a fresh `yusuan extract` folder

It re-reads each seed with a parser of its own (one per text family) and checks,
table by table, both directions:

  1. row -> seed: for every output row, its code (split or joined), its name,
     its text cells and every value appear together on one seed row of that
     table's region (tab-separated and one-cell-per-line files: the same
     printed row; reading-order text: the line that prints the values, with
     code and name allowed on the few lines just before it, since that layout
     wraps labels onto their own lines);
  2. seed -> output: every decimal amount printed in the table's region occurs
     in the output table as often as it is printed (multiset).

Then facts: every text source's quote occurs in the prose (whitespace removed)
and names the fact's value; every table source points at a cell holding the
fact's value. And the document metadata (department, year) occur in the seed.

What it cannot decide (which column a packed amount belongs to, the sides of a
two-sided table) is read by a person and recorded in golden/README.md. The
script prints every discrepancy; exit status 1 when there is any.
"""

import json
import re
import sys
from decimal import Decimal
from itertools import zip_longest
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AMOUNT = re.compile(r"(?<![\d.,])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])-?\d+\.\d+")


def norm(s):
    s = re.sub(r"\s+", "", s or "").replace("\u3000", "")
    # quotes and bracket widths vary between the seed and normalised labels
    return s.translate(str.maketrans("（）", "()", "“”\"‘’"))


def code_forms(code):
    """How a code may be printed: joined, or 类/款/项 pieces without the
    款/项 zero padding ("301 1" for 30101)."""
    forms = {code}
    if len(code) == 5:
        forms.add(code[:3] + str(int(code[3:])))
    if len(code) == 7:
        forms.add(code[:3] + str(int(code[3:5])) + str(int(code[5:])))
    return forms


def amount(s):
    try:
        return Decimal(s.replace(",", ""))
    except Exception:
        return None


# ---- seed parsing: a list of rows, each a list of cells (strings) ----------

def rows_cells(text):
    """One-cell-per-line: blank lines end a row, each line is a cell."""
    rows, cur = [], []
    for line in text.split("\n"):
        if line.rstrip("\r") == "":  # a lone tab is an empty cell, not a break
            if cur:
                rows.append(cur)
            cur = []
        else:
            cur.append(line.strip())
    if cur:
        rows.append(cur)
    return rows


def rows_tsv(text):
    return [[c.strip() for c in l.split("\t")] for l in text.split("\n") if l.strip()]


def rows_reading(text):
    """Reading order: a row is one line, its cells the space-separated words."""
    return [l.split() for l in text.split("\n") if l.strip()]


def family(path):
    name = path.name
    if "_cells" in name:
        return rows_cells
    if "_tsv" in name:
        return rows_tsv
    return rows_reading


def regions(rows, titles):
    """Rows of each table: from its title row to the next table's title row."""
    starts = []
    pos = 0
    for t in titles:
        nt = norm(t)
        found = None
        for i in range(pos, len(rows)):
            if nt and nt in norm("".join(rows[i])):
                found = i
                break
        starts.append(found)
        if found is not None:
            pos = found + 1
    out = []
    for k, s in enumerate(starts):
        if s is None:
            out.append(None)
            continue
        nxt = next((x for x in starts[k + 1:] if x is not None), len(rows))
        out.append(rows[s:nxt])
    return out


# ---- checks ----------------------------------------------------------------

def row_matches(seed_rows, i, row, window):
    """Do code, name, texts and values of `row` appear at seed row i (values)
    with labels on that row or up to `window` rows before it?"""
    cells = seed_rows[i]
    nums = [amount(c) for c in cells if amount(c) is not None]
    want = [amount(v) for v in row["values"].values()]
    bag = list(nums)
    for w in want:
        if w in bag:
            bag.remove(w)
        else:
            return False
    ctx = seed_rows[max(0, i - window): i + 1]
    # a wrapped label continues on the next row, which prints no amount
    nxt = seed_rows[i + 1] if i + 1 < len(seed_rows) else []
    merged = []
    if nxt and not any(amount(c) is not None for c in nxt):
        # cell by cell: "举报奖" + "励" joins as the pipeline joins it
        merged = [a + b for a, b in zip_longest(cells, nxt, fillvalue="")]
        ctx = ctx + [nxt]
    if window:
        # reading order: a wrapped text cell may also go on below the amounts
        for later in seed_rows[i + 2: i + 2 + window]:
            if any(amount(c) is not None for c in later):
                break
            ctx = ctx + [later]
    nctx = norm("".join("".join(r) for r in ctx + [merged]))
    if row.get("code"):
        if not any(f in nctx for f in code_forms(row["code"])):
            return False
    for label in [row.get("name")] + list((row.get("texts") or {}).values()):
        if label and norm(label) not in nctx:
            return False
    if row.get("unit_code") and row["unit_code"] not in nctx:
        return False
    return True


def column_offsets(t, region, problems):
    """Aligned families only: some shift d must put every value of a row in
    the seed cell at (its column + d), the same d for every row of a side, so
    no value sits in a neighbouring column."""
    keys = [c["key"] for c in t["columns"]]
    common = {}
    for r in t["rows"]:
        vals = list(r["values"].items())
        if not vals:
            continue
        side = r.get("side")
        shifts = set()
        for cells in region:
            label = norm("".join(cells))
            if r.get("name") and norm(r["name"])[:4] not in label:
                continue
            nums = [amount(c) for c in cells]
            for d in range(-len(keys), len(cells) + 1):
                ok = True
                for k, v in vals:
                    idx = [i for i, kk in enumerate(keys) if kk == k]
                    col = idx[-1] if side == "expenditure" else idx[0]
                    if not (0 <= col + d < len(nums) and nums[col + d] == amount(v)):
                        ok = False
                        break
                if ok:
                    shifts.add(d)
        if not shifts:
            problems.append(f"{t['id']} {t['title']}: row {r.get('code')} {r.get('name')}: "
                            f"values not in their own columns on any seed row")
            continue
        common[side] = common[side] & shifts if side in common else shifts
    for side, shifts in common.items():
        if not shifts:
            problems.append(f"{t['id']} {t['title']}: side {side}: rows disagree on column positions")


def check_table(t, region, window, problems):
    tid = f"{t['id']} {t['title']}"
    if region is None:
        problems.append(f"{tid}: title not found in the seed")
        return
    for r in t["rows"]:
        if not r["values"] and not r.get("name"):
            continue
        if not any(row_matches(region, i, r, window) for i in range(len(region))):
            problems.append(
                f"{tid}: row {r.get('code')} {r.get('name')} {r['values']} not found together in the seed")
    printed = []
    for cells in region[1:]:
        for c in cells:
            # only cells that are an amount: "≥3.6万元" is an indicator value
            if AMOUNT.fullmatch(c.strip()):
                printed.append(amount(c.strip()))
    got = [amount(v) for r in t["rows"] for v in r["values"].values()]
    for v in sorted(set(printed)):
        if printed.count(v) > got.count(v):
            problems.append(
                f"{tid}: amount {v} printed {printed.count(v)}x in the seed, {got.count(v)}x in the output")


def check_facts(doc, seed, problems):
    nseed = norm(seed)
    tables = {t["id"]: t for t in doc["tables"]}
    for f in doc["facts"]:
        val = amount(f["value"])
        for s in f["sources"]:
            if s["kind"] == "text":
                q = norm(s["quote"])
                if q not in nseed:
                    problems.append(f"fact {f['key']}: quote «{s['quote']}» not in the seed")
                nums = [amount(m) for m in re.findall(r"\d+(?:\.\d+)?", s["quote"].replace(",", ""))]
                if val not in nums:
                    problems.append(f"fact {f['key']}: quote «{s['quote']}» does not name {f['value']}")
            elif s["kind"] == "table":
                t = tables.get(s["table"])
                cell, row_found = None, False
                for r in (t or {}).get("rows", []):
                    if r.get("name") == s.get("row") or r.get("code") == s.get("row"):
                        if s.get("side") and r.get("side") != s.get("side"):
                            continue
                        row_found = True
                        cell = r["values"].get(s["column"])
                        if cell is not None:
                            break
                # DOMAIN.md: a blank cell on a printed item row, or a table
                # printed empty, means nothing (zero).
                blank_zero = cell is None and val == 0 and t is not None and (
                    row_found or t.get("empty"))
                if not blank_zero and (cell is None or amount(cell) != val):
                    problems.append(f"fact {f['key']}: table source {s} holds {cell}, fact says {f['value']}")


def check_doc(doc, problems):
    seed_path = REPO / doc["source"]["path"]
    seed = seed_path.read_text(encoding="utf-8")
    meta = doc["document"]
    if meta.get("department") and norm(meta["department"]) not in norm(seed):
        problems.append(f"department {meta['department']} not in the seed")
    if meta.get("year") and str(meta["year"]) not in seed:
        problems.append(f"year {meta['year']} not in the seed")
    import hashlib
    if hashlib.sha256(seed_path.read_bytes()).hexdigest() != doc["source"]["sha256"]:
        problems.append("source.sha256 is not the seed's")
    summ = doc["summary"]
    counts = {st: sum(1 for c in doc["checks"] if c["status"] == st)
              for st in ("pass", "rounding", "fail", "skip")}
    if summ["tables"] != len(doc["tables"]) or any(
            summ.get(f"checks_{st}", 0) != n for st, n in counts.items()):
        problems.append(f"summary {summ} does not count the tables/checks {counts}")
    parse = family(seed_path)
    rows = parse(seed)
    window = 8 if parse is rows_reading else 0
    regs = regions(rows, [t["title"] for t in doc["tables"]])
    for t, reg in zip(doc["tables"], regs):
        check_table(t, reg, window, problems)
        if parse is not rows_reading and reg is not None:
            column_offsets(t, reg, problems)
    check_facts(doc, seed, problems)


def main(argv):
    paths = []
    if argv[:1] == ["--out"]:
        paths = sorted(p for p in Path(argv[1]).glob("*.json") if not p.name.startswith("report"))
    elif argv:
        paths = [Path(a) for a in argv]
    else:
        paths = sorted((REPO / "golden" / "text").glob("*.json"))
    bad = 0
    for p in paths:
        doc = json.loads(p.read_text(encoding="utf-8"))
        problems = []
        check_doc(doc, problems)
        n = sum(len(t["rows"]) for t in doc["tables"])
        print(f"== {p.name}: {len(doc['tables'])} tables, {n} rows, {len(doc['facts'])} facts, "
              f"{len(problems)} problem(s)")
        for pr in problems:
            print("   ", pr)
        bad += len(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
