#!/usr/bin/env python3
"""Score yusuan on a drawn corpus (scripts/draw_corpus.py) against its truth.

Usage:
  python3 scripts/score.py TRUTH_DIR [--out OUT_DIR] [--yusuan target/release/yusuan] [--jobs N]
                           [--json FILE] [--show N]

Runs `yusuan extract` over the PDFs the truth files name (unless OUT_DIR
already holds their JSON: --reuse), then prints, overall, per producer and
per layout dimension (the `dimensions` of each truth, and per table its
template and `layout`):
  tables   truth tables / found with the right template (same template, a
           page in common, else same template: the rule of tests/common)
  cells    truth cells / found in the right row and column / found wrong
  facts    truth facts / the output states with the same amount
  meta     documents with department and year (and kind) right
  fails    consistent documents with a failing check
and for the planted documents: planted errors reported by a failing check
with the right rule, template, row and column (detection), and failing
checks outside what the planted error breaks (`also_fails`: false alarms).
A cell is right when the output has the truth's value at (row, column),
rows keyed by code, else by the name without spaces (full-width ASCII folded).
"""

import argparse
import collections
import json
import os
import subprocess
import sys
from decimal import Decimal, InvalidOperation

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def norm_name(s):
    out = []
    for ch in s or "":
        if ch.isspace():
            continue
        if "\uff01" <= ch <= "\uff5e":
            ch = chr(ord(ch) - 0xFEE0)
        out.append(ch)
    return "".join(out)


def row_key(code, name, side):
    return f"{side or ''}|{code}" if code else f"{side or ''}|{norm_name(name)}"


def find_table(doc, want):
    same = [t for t in doc.get("tables", []) if t.get("template") == want["template"]]
    pages = set(want.get("pages", []))
    for t in same:
        if pages & set(t.get("pages", [])):
            return t
    return same[0] if same else None


def dec(x):
    try:
        return Decimal(str(x))
    except (InvalidOperation, TypeError):
        return None


class Tally:
    FIELDS = ["docs", "tables", "tables_ok", "cells", "right", "wrong", "facts", "facts_ok", "meta_ok",
              "consistent", "fails_docs", "planted", "detected", "false_alarms", "blank_wrong"]

    def __init__(self):
        self.v = collections.Counter()

    def add(self, **kw):
        self.v.update(kw)

    def row(self):
        v = self.v
        pct = lambda a, b: f"{100 * v[a] / v[b]:.1f}" if v[b] else "-"
        prec = f"{v['right'] / (v['right'] + v['wrong']):.4f}" if v["right"] + v["wrong"] else "-"
        return [str(v["docs"]), f"{v['tables_ok']}/{v['tables']}", pct("tables_ok", "tables"),
                str(v["cells"]), pct("right", "cells"), str(v["wrong"]), prec,
                pct("facts_ok", "facts") if v["facts"] else "-", pct("meta_ok", "docs") if v["docs"] else "-",
                f"{v['fails_docs']}/{v['consistent']}",
                f"{v['detected']}/{v['planted']}" if v["planted"] else "-", str(v["false_alarms"]),
                str(v["blank_wrong"])]


HEAD = ["docs", "tables ok", "%", "cells", "found %", "wrong", "precision", "facts %", "meta %",
        "fail docs", "planted found", "false alarms", "wrong at blank"]


# template -> every column key the draw's truth gives it (filled in main):
# a column the table prints blank in every row has no truth cell of its own.
TEMPLATE_COLUMNS = collections.defaultdict(set)


def score_doc(truth, doc, show):
    """{group: counters} for one document, and lists of misses for --show."""
    dims = truth.get("dimensions", {})
    doc_groups = [("all", "all")] + [(k, str(v)) for k, v in dims.items()]
    per = collections.defaultdict(collections.Counter)
    misses = []

    def add(groups, **kw):
        for g in groups:
            per[g].update(kw)

    for want in truth["tables"]:
        lay = want.get("layout", {})
        groups = doc_groups + [("template", want["template"])] + \
            [(f"table.{k}", str(v)) for k, v in lay.items()]
        got = find_table(doc, want)
        ok = got is not None and (not want.get("empty") or got.get("empty"))
        add(groups, tables=1, tables_ok=int(ok))
        out = collections.defaultdict(list)
        for r in (got or {}).get("rows", []):
            k = row_key(r.get("code"), r.get("name"), r.get("side"))
            for col, v in (r.get("values") or {}).items():
                out[(k, col)].append(v)
        right = wrong = 0
        for c in want["cells"]:
            vs = out.get((row_key(c["code"], c["name"], c["side"]), c["column"]))
            if vs is None:
                if show:
                    misses.append(f"MISS  {truth['file']} {want['template']} {c['code'] or c['name']} "
                                  f"{c['column']} = {c['value']}")
            elif c["value"] in vs:
                right += 1
            else:
                wrong += 1
                misses.append(f"WRONG {truth['file']} {want['template']} {c['code'] or c['name']} "
                              f"{c['column']}: want {c['value']} got {vs}")
        # A figure where the truth's row and column print nothing (a zero
        # printed blank, or no cell): `wrong` above sees only printed cells.
        want_rows = {row_key(c["code"], c["name"], c["side"]) for c in want["cells"]}
        want_cols = TEMPLATE_COLUMNS.get(want["template"], set())
        printed = {(row_key(c["code"], c["name"], c["side"]), c["column"]) for c in want["cells"]}
        blank_wrong = 0
        for (k, col), vs in out.items():
            if k in want_rows and col in want_cols and (k, col) not in printed \
                    and any(dec(v) not in (None, 0) for v in vs):
                blank_wrong += 1
                misses.append(f"BLANK {truth['file']} {want['template']} {k} {col}: want nothing, got {vs}")
        add(groups, cells=len(want["cells"]), right=right, wrong=wrong, blank_wrong=blank_wrong)
    out_facts = collections.defaultdict(list)
    for f in doc.get("facts", []):
        out_facts[f["key"]].append(f)
    facts = facts_ok = 0
    for f in truth["facts"]:
        if f.get("yuan") is None:
            continue
        facts += 1
        want = dec(f["yuan"])
        prose = (f.get("prose") or {}).get("value")
        if any(dec(g.get("yuan")) == want or (f.get("table") is None and prose and dec(g.get("value")) == dec(prose))
               for g in out_facts.get(f["key"], [])):
            facts_ok += 1
    d, td = doc.get("document", {}), truth["document"]
    meta = d.get("department") == td["department"] and d.get("year") == td["year"] and d.get("kind") == td["kind"]
    if not meta and show:
        misses.append(f"META  {truth['file']}: got {d.get('department')} {d.get('year')} {d.get('kind')}, "
                      f"want {td['department']} {td['year']} {td['kind']}")
    fails = [c for c in doc.get("checks", []) if c.get("status") == "fail"]
    planted = truth.get("inconsistencies", [])
    kw = dict(docs=1, facts=facts, facts_ok=facts_ok, meta_ok=int(meta))
    if not planted:
        kw.update(consistent=1, fails_docs=int(bool(fails)))
        for c in fails:
            misses.append(f"FAIL  {truth['file']} (consistent): {c.get('rule')} {c.get('template')} "
                          f"{(c.get('row') or {}).get('code')} {(c.get('row') or {}).get('name')} "
                          f"{c.get('column')}: {c.get('message', '')[:160]}")
    else:
        detected = 0
        for p in planted:
            hit = any(c.get("rule") == p["rule"] and (p.get("template") is None or c.get("template") == p["template"])
                      and (p.get("column") is None or c.get("column") in (p["column"], None))
                      and (p["row"].get("code") is None or (c.get("row") or {}).get("code") == p["row"]["code"])
                      for c in fails)
            detected += hit
            if not hit:
                misses.append(f"UNDETECTED {truth['file']}: {p['rule']} {p.get('template')} {p['row']} {p.get('column')}")
        allowed = set()
        for p in planted:
            for q in [p] + p.get("also_fails", []):
                allowed.add((q["rule"], q["row"].get("code"), norm_name(q["row"].get("name"))))
                allowed.add((q["rule"], None, None))  # rule-level: a row key printed differently is not an alarm
        if any(p["rule"] == "text_vs_table" for p in planted):
            allowed.add(("text_comparison", None, None))  # the raised figure's 占 x% no longer matches it
        false = [c for c in fails if (c.get("rule"), None, None) not in allowed]
        for c in false:
            misses.append(f"ALARM {truth['file']} (planted): {c.get('rule')} {c.get('template')} "
                          f"{(c.get('row') or {}).get('name')} {c.get('column')}: {c.get('message', '')[:160]}")
        kw.update(planted=len(planted), detected=detected, false_alarms=len(false))
    for g in doc_groups:
        per[g].update(kw)
    return per, misses


def print_table(rows):
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(x.rjust(w) if i else x.ljust(w) for i, (x, w) in enumerate(zip(r, widths))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("truth_dir")
    ap.add_argument("--out", help="yusuan output folder (default: TRUTH_DIR/../out)")
    ap.add_argument("--yusuan", default=os.path.join(ROOT, "target", "release", "yusuan"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--reuse", action="store_true", help="score the JSON already in --out")
    ap.add_argument("--json", help="write the totals per group here")
    ap.add_argument("--show", type=int, default=0, help="print up to N misses of each kind")
    ap.add_argument("--dims", help="comma-separated dimensions to print (default: all)")
    args = ap.parse_args()
    truths = []
    for name in sorted(os.listdir(args.truth_dir)):
        if name.endswith(".truth.json"):
            with open(os.path.join(args.truth_dir, name), encoding="utf-8") as f:
                truths.append(json.load(f))
    for t in truths:
        for w in t["tables"]:
            TEMPLATE_COLUMNS[w["template"]].update(c["column"] for c in w["cells"])
    out_dir = args.out or os.path.join(os.path.dirname(os.path.abspath(args.truth_dir)), "out")
    pdf = lambda t: t["file"] if os.path.isabs(t["file"]) else os.path.join(ROOT, t["file"])
    if not args.reuse:
        cmd = [args.yusuan, "extract", "-j", str(args.jobs), "--force", "-o", out_dir] + [pdf(t) for t in truths]
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL)
    total = collections.defaultdict(Tally)
    misses = []
    for t in truths:
        stem = os.path.basename(t["file"])[:-4]
        path = os.path.join(out_dir, stem + ".json")
        doc = json.load(open(path, encoding="utf-8")) if os.path.exists(path) else {}
        per, m = score_doc(t, doc, args.show)
        misses += m
        for g, c in per.items():
            total[g].add(**c)
    keys = sorted(total, key=lambda g: (g[0] != "all", g[0] != "producer", g[0], g[1]))
    want = set(args.dims.split(",")) if args.dims else None
    rows = [["group"] + HEAD]
    last = None
    for g in keys:
        if want and g[0] not in want and g[0] != "all":
            continue
        if last is not None and g[0] != last:
            rows.append([""] * len(rows[0]))
        last = g[0]
        rows.append([f"{g[0]}={g[1]}" if g[0] != "all" else "ALL"] + total[g].row())
    print_table(rows)
    if args.show:
        by = collections.defaultdict(list)
        for m in misses:
            by[m.split()[0]].append(m)
        for kind, ms in by.items():
            print(f"\n{kind}: {len(ms)}")
            for m in ms[:args.show]:
                print("  " + m)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({f"{a}={b}": dict(t.v) for (a, b), t in total.items()}, f, ensure_ascii=False, indent=1,
                      sort_keys=True)


if __name__ == "__main__":
    main()
