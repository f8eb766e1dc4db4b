#!/usr/bin/env python3
"""Score yusuan's canonical JSON against a reference, cell by cell.

    python3 scripts/score_cells.py OUT_DIR REF...

Each REF is either a truth file (golden/*/NAME.truth.json, scored as
tests/generated_pdfs.rs does) or another yusuan output JSON (e.g. the run on
the PDF the text came from): the output NAME.json in OUT_DIR is matched by
stem. Prints recall (reference cells found with the same value) and
precision (found cells whose value agrees) per document and in total.
Against truth files it also counts *wrong at blank*: a non-zero figure in
a row the truth has, under a column key the truth gives that template
somewhere in REF..., where the truth's row prints nothing (a figure under
the wrong key, which `wrong` never sees); `precision+blank` counts them.
"""
import json, os, sys


def norm_name(s):
    out = []
    for c in s or "":
        if c.isspace():
            continue
        if "\uff01" <= c <= "\uff5e":
            c = chr(ord(c) - 0xFEE0)
        out.append(c)
    return "".join(out)


def row_key(code, name, side):
    return f"{side or ''}|{code}" if code else f"{side or ''}|{norm_name(name)}"


def ref_tables(ref):
    if ref.get("schema", "").startswith("yusuan-truth"):
        for t in ref["tables"]:
            cells = [(row_key(c.get("code"), c.get("name"), c.get("side")), c["column"], c["value"])
                     for c in t.get("cells", [])]
            yield t.get("template"), t.get("pages", []), cells
    else:
        for t in ref["tables"]:
            if not t.get("template"):
                continue
            cells = [(row_key(r.get("code"), r.get("name"), r.get("side")), col, v)
                     for r in t["rows"] for col, v in r["values"].items()]
            yield t["template"], t.get("pages", []), cells


def find_table(doc, tpl, pages):
    same = [t for t in doc["tables"] if t.get("template") == tpl]
    for t in same:
        if any(p in pages for p in t.get("pages", [])):
            return t
    return same[0] if same else None


def template_columns(refs):
    """template -> every column key the truth files give it."""
    cols = {}
    for refp in refs:
        ref = json.load(open(refp))
        if not ref.get("schema", "").startswith("yusuan-truth"):
            continue
        for t in ref["tables"]:
            cols.setdefault(t.get("template"), set()).update(c["column"] for c in t.get("cells", []))
    return cols


def main():
    out_dir, refs = sys.argv[1], sys.argv[2:]
    tot = dict(cells=0, right=0, wrong=0, fails=0, blank=0)
    tpl_cols = template_columns(refs)
    for refp in refs:
        ref = json.load(open(refp))
        stem = os.path.basename(refp).replace(".truth.json", "").replace(".json", "")
        outp = os.path.join(out_dir, stem + ".json")
        if not os.path.exists(outp):
            print(f"{stem}: no output")
            continue
        doc = json.load(open(outp))
        cells = right = wrong = blank = 0
        for tpl, pages, want in ref_tables(ref):
            got = find_table(doc, tpl, pages)
            out = {}
            if got:
                for r in got["rows"]:
                    k = row_key(r.get("code"), r.get("name"), r.get("side"))
                    for col, v in r["values"].items():
                        out.setdefault((k, col), []).append(v)
            rows = {k for k, _, _ in want}
            printed = {(k, col) for k, col, _ in want}
            for (k, col), vs in out.items():
                if k in rows and col in tpl_cols.get(tpl, ()) and (k, col) not in printed \
                        and any(v not in ("0", "0.00", "") and not set(v) <= set("0.-") for v in vs):
                    blank += 1
                    if os.environ.get("SHOW_WRONG"):
                        print(f"  BLANK {stem} {tpl} {k} {col}: want nothing, got {vs}")
            for k, col, v in want:
                cells += 1
                vs = out.get((k, col))
                if vs is None:
                    continue
                if v in vs:
                    right += 1
                else:
                    wrong += 1
                    if os.environ.get("SHOW_WRONG"):
                        print(f"  WRONG {stem} {tpl} {k} {col}: want {v} got {vs}")
        fails = doc["summary"]["checks_fail"]
        print(f"{stem}: {right}/{cells} right, {wrong} wrong, {blank} wrong at blank, {fails} failing checks")
        for k, v in dict(cells=cells, right=right, wrong=wrong, fails=fails, blank=blank).items():
            tot[k] += v
    found = tot["right"] + tot["wrong"]
    print(f"TOTAL recall {tot['right']}/{tot['cells']} = {tot['right']/max(1,tot['cells']):.4f}, "
          f"precision {tot['right']}/{found} = {tot['right']/max(1,found):.4f}, "
          f"failing checks {tot['fails']}, wrong at blank {tot['blank']}, "
          f"precision+blank {tot['right']/max(1,found+tot['blank']):.4f}")


if __name__ == "__main__":
    main()
