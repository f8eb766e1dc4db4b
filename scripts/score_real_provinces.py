#!/usr/bin/env python3
"""Score a yusuan output folder against the hand-read truth of the fifteen real
disclosures of ../shared/real_provinces (the accuracy instrument of ACCURACY.md).

    yusuan extract ../shared/real_provinces/*.pdf --out /tmp/out
    python3 scripts/score_real_provinces.py /tmp/out [--json] [--detail]

Truth: tests/real_provinces_expectations.json (eleven documents) and, when
present, tests/real_provinces_heldout_expectations.json (the four held out from
fixing). Nothing in them comes from yusuan; see their `_about`.

Per document and overall (held-out and other documents apart):
- metadata: department, year, kind and unit as printed (all four right = 1);
- tables: expected standard tables found with their template on their pages
  (one output table per expected table) / expected; `extra` = output tables
  given a template the document does not print there (wrong, or a piece of a
  table split in two);
- cells: the transcribed tables. recall = truth cells found with the printed
  value in their row (code, else name; side) and column key / truth cells;
  precision = output amount cells of the tables found for a transcription
  that equal a truth cell of the same row and column / all such output cells
  (a cell the PDF does not print there, a row without its code or name, a
  misread or a shifted column counts against it); "of placed" = the same
  among the output cells whose row and column the truth has (misreads only:
  the measure "every cell it finds is right" of issue 10);
- facts: the verified key figures (收支总表 totals, 财政拨款 total, “三公” …)
  present in `facts` with the same number of yuan / verified; `wrong` = the
  fact is given with another value;
- fails: failing checks in the output, and how many are listed in the truth
  as real document errors (`failing_checks`).
"""
import argparse
import json
import sys
import unicodedata
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TRUTH = [
    (REPO / "tests/real_provinces_expectations.json", False),
    (REPO / "tests/real_provinces_heldout_expectations.json", True),
]
SCALE = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}
META = ("department", "year", "kind", "unit")


def norm_name(s):
    """As tests/common: no whitespace, full-width ASCII folded."""
    out = []
    for c in s or "":
        if c.isspace():
            continue
        if "\uff01" <= c <= "\uff5e":
            c = chr(ord(c) - 0xFEE0)
        out.append(c)
    return "".join(out)


def row_key(code, name, side):
    side = side or ""
    return f"{side}|{code}" if code else f"{side}|{norm_name(name)}"


def yuan(value, unit):
    try:
        return Decimal(str(value).replace(",", "")) * SCALE.get(unit or "", Decimal(1))
    except InvalidOperation:
        return None


def pages(t):
    return set(t.get("pages") or [])


def tables_near(doc, template, want_pages, fallback=True):
    same = [t for t in doc.get("tables", []) if t.get("template") == template]
    near = [t for t in same if pages(t) & set(want_pages)]
    return near if near or not fallback else same


def signature(check, doc):
    title = None
    for t in doc.get("tables", []):
        if t.get("id") == check.get("table"):
            title = t.get("title")
    row = check.get("row") or {}
    return (check.get("rule"), title, row.get("code"), row.get("name"), check.get("column"),
            check.get("page"), check.get("actual"))


def score(doc, exp):
    s = Counter()
    detail = []
    # metadata
    for k in META:
        ok = doc.get("document", {}).get(k) == exp["document"].get(k)
        if k == "department":  # 深圳市财政局（本级）: the name, and 本级 as document.coverage
            ok = ok and doc.get("document", {}).get("coverage") == exp["document"].get("coverage")
            # document.scope (department | unit) where the expectation states it
            if "scope" in exp["document"]:
                ok = ok and doc.get("document", {}).get("scope") == exp["document"]["scope"]
        s[f"meta_{k}"] += ok
        if not ok:
            detail.append(f"document.{k}: want {exp['document'].get(k)!r}, got {doc.get('document', {}).get(k)!r}")
    s["meta_all"] += all(doc.get("document", {}).get(k) == exp["document"].get(k) for k in META + ("coverage",))
    # tables
    out_tables = doc.get("tables", [])
    used = [False] * len(out_tables)
    for want in exp.get("tables", []):
        s["tables_expected"] += 1
        wp = set(want.get("pages") or [want["page"]])
        for i, t in enumerate(out_tables):
            if not used[i] and t.get("template") == want["template"] and pages(t) & wp:
                used[i] = True
                s["tables_found"] += 1
                break
        else:
            detail.append(f"table {want['template']} “{want['title']}” p.{want['page']} not found")
    for i, t in enumerate(out_tables):
        if not used[i] and t.get("template"):
            s["tables_extra"] += 1
            detail.append(f"extra: {t.get('id')} “{t.get('title')}” pages {t.get('pages')} as {t.get('template')}")
    # transcribed cells
    for tr in exp.get("transcriptions", []):
        want = Counter()
        for c in tr["cells"]:
            want[(row_key(c.get("code"), c.get("name"), c.get("side")), c["column"], c["value"])] += 1
        s["cells"] += sum(want.values())
        got_tables = tables_near(doc, tr["template"], tr["pages"], fallback=False)
        got = Counter()
        for t in got_tables:
            for r in t.get("rows", []):
                k = row_key(r.get("code"), r.get("name"), r.get("side"))
                for col, v in (r.get("values") or {}).items():
                    got[(k, col, v)] += 1
        hit = sum((want & got).values())
        s["cells_found"] += hit
        s["cells_output"] += sum(got.values())
        s["cells_output_right"] += hit
        # Output cells placed in a (row, column) the truth prints: right or misread.
        keys = {(k, col) for k, col, _ in want}
        s["cells_placed"] += sum(n for (k, col, _), n in got.items() if (k, col) in keys)
        if hit < sum(want.values()):
            detail.append(f"cells “{tr['title']}”: {hit}/{sum(want.values())} found, "
                          f"{sum(got.values()) - hit} output cells not in the truth")
    # facts
    facts = defaultdict(list)
    for f in doc.get("facts", []):
        facts[f.get("key")].append(f)
    for v in exp.get("values", []):
        key = v.get("fact")
        if not key:
            continue
        s["facts"] += 1
        want = yuan(v["value"], v.get("unit", "万元"))
        got = [yuan(f.get("value"), f.get("unit")) for f in facts.get(key, [])]
        if want is not None and want in got:
            s["facts_found"] += 1
        elif got:
            s["facts_wrong"] += 1
            detail.append(f"fact {key}: want {v['value']} {v.get('unit')}, got "
                          + ", ".join(f"{f.get('value')} {f.get('unit')}" for f in facts[key]))
        else:
            detail.append(f"fact {key}: want {v['value']} {v.get('unit')}, missing")
    # failing checks
    listed = Counter(
        (e.get("rule"), e.get("table"), e.get("code"), e.get("name"), e.get("column"), e.get("page"), e.get("actual"))
        for e in exp.get("failing_checks", [])
    )
    for c in doc.get("checks", []):
        if c.get("status") == "fail":
            s["fails"] += 1
            sig = signature(c, doc)
            if listed[sig] > 0:
                listed[sig] -= 1
                s["fails_listed"] += 1
    return s, detail


def ratio(a, b):
    return f"{a}/{b} ({100.0 * a / b:.1f} %)" if b else f"{a}/0"


def line(name, s):
    prec = (f"{ratio(s['cells_output_right'], s['cells_output'])}, "
            f"of placed {ratio(s['cells_output_right'], s['cells_placed'])}")
    return (f"{name}: meta {s['meta_all']}/{s.get('docs', 1)} (dept {s['meta_department']}, year {s['meta_year']}, "
            f"kind {s['meta_kind']}, unit {s['meta_unit']}); tables {ratio(s['tables_found'], s['tables_expected'])}"
            f" +{s['tables_extra']} extra; cells recall {ratio(s['cells_found'], s['cells'])}, precision {prec}; "
            f"facts {ratio(s['facts_found'], s['facts'])}, {s['facts_wrong']} wrong; "
            f"fails {s['fails']} ({s['fails_listed']} listed)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="output folder of `yusuan extract` (one <stem>.json per PDF)")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--detail", action="store_true", help="list what is missing or wrong per document")
    args = ap.parse_args()
    out = Path(args.out)
    groups = {"held-out": Counter(), "others": Counter(), "all": Counter()}
    rows = {}
    for path, held in TRUTH:
        if not path.exists():
            if not held:
                sys.exit(f"{path} is missing")
            continue
        for file, exp in json.loads(path.read_text(encoding="utf-8"))["documents"].items():
            res = out / (Path(file).stem + ".json")
            if not res.exists():
                print(f"{file}: no output {res}", file=sys.stderr)
                doc = {}
            else:
                doc = json.loads(res.read_text(encoding="utf-8"))
            s, detail = score(doc, exp)
            s["docs"] = 1
            rows[file] = (held, s, detail)
            for g in ("held-out" if held else "others", "all"):
                groups[g].update(s)
    if args.json:
        print(json.dumps({"documents": {f: {"held_out": h, **s} for f, (h, s, _) in rows.items()},
                          "groups": {g: dict(s) for g, s in groups.items()}}, ensure_ascii=False, indent=1))
        return
    for file, (held, s, detail) in rows.items():
        print(line(("[held-out] " if held else "") + file, s))
        if args.detail:
            for d in detail:
                print(f"    {d}")
    print()
    for g, s in groups.items():
        if s["docs"]:
            print(line(f"{g.upper()} ({s['docs']} documents)", s))


if __name__ == "__main__":
    main()
