#!/usr/bin/env python3
"""The scan sweep: every corpus/pdf document scanned several ways (see SWEEP
in make_scanned_pdfs.py: 150/200/300 dpi, turned up to ±2°, speckle, JPEG,
Flate and CCITT G4), read by yusuan, scored cell by cell against the
document's truth.

    nice python3 scripts/scan_sweep.py DIR [--build] [--run] [--sources S ...] [--variants V ...]

--build writes DIR/pdf and DIR/truth (make_scanned_pdfs.py --sweep), --run
runs `target/release/yusuan extract` (or $YUSUAN_BIN) over DIR/pdf into DIR/out (emptied
first) and records the wall time; without either, only the score is
printed from what DIR holds. Prints recall (truth cells found with the
right value), precision (found cells that are right) and failing checks on
documents without a planted error, per variant (dpi × rotation × speckle ×
encoding), per layout (ruled grid or borderless) and in total, and with
SHOW_WRONG=1 every wrong cell.
"""
import argparse, collections, importlib.util, json, os, shutil, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
spec = importlib.util.spec_from_file_location("score_cells", os.path.join(HERE, "score_cells.py"))
sc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sc)


def score(doc, ref):
    cells = right = wrong = 0
    wrongs = []
    for tpl, pages, want in sc.ref_tables(ref):
        got = sc.find_table(doc, tpl, pages)
        out = {}
        if got:
            for r in got["rows"]:
                k = sc.row_key(r.get("code"), r.get("name"), r.get("side"))
                for col, v in r["values"].items():
                    out.setdefault((k, col), []).append(v)
        for k, col, v in want:
            cells += 1
            vs = out.get((k, col))
            if vs is None:
                continue
            if v in vs:
                right += 1
            else:
                wrong += 1
                wrongs.append(f"{tpl} {k} {col}: want {v} got {vs}")
    return cells, right, wrong, wrongs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--build", action="store_true")
    ap.add_argument("--run", action="store_true")
    ap.add_argument("--sources", nargs="*")
    ap.add_argument("--variants", nargs="*")
    ap.add_argument("--jobs", default="2")
    a = ap.parse_args()
    pdf_dir, truth_dir, out_dir = (os.path.join(a.dir, d) for d in ("pdf", "truth", "out"))
    if a.build:
        cmd = [sys.executable, os.path.join(HERE, "make_scanned_pdfs.py"), "--sweep", a.dir]
        if a.sources:
            cmd += ["--sources", *a.sources]
        if a.variants:
            cmd += ["--variants", *a.variants]
        subprocess.run(cmd, check=True)
    if a.run:
        shutil.rmtree(out_dir, ignore_errors=True)
        t0 = time.time()
        binary = os.environ.get("YUSUAN_BIN") or os.path.join(ROOT, "target", "release", "yusuan")
        subprocess.run([binary, "extract", "-j", a.jobs,
                        "-o", out_dir, pdf_dir], check=False)
        with open(os.path.join(a.dir, "run_seconds.txt"), "w") as f:
            f.write(f"{time.time() - t0:.1f}\n")
    groups = collections.defaultdict(lambda: [0, 0, 0, 0, 0])  # cells right wrong fails docs
    for name in sorted(os.listdir(truth_dir)):
        stem = name[: -len(".truth.json")]
        src, _, variant = stem.partition("__")
        if a.sources and src not in a.sources or a.variants and variant not in a.variants:
            continue
        ref = json.load(open(os.path.join(truth_dir, name), encoding="utf-8"))
        outp = os.path.join(out_dir, stem + ".json")
        doc = json.load(open(outp, encoding="utf-8")) if os.path.exists(outp) else {"tables": [], "summary": {"checks_fail": 0}}
        cells, right, wrong, wrongs = score(doc, ref)
        planted = any(f.startswith("planted_") for f in ref.get("features", []))
        fails = 0 if planted else doc["summary"]["checks_fail"]
        layout = "borderless" if "no_ruling" in ref.get("features", []) else "ruled"
        print(f"{stem}: {right}/{cells} right, {wrong} wrong, {doc['summary']['checks_fail']} failing checks"
              + (" (planted)" if planted else ""))
        if os.environ.get("SHOW_WRONG"):
            for w in wrongs:
                print("  WRONG", w)
        for g in ("variant " + variant, "layout " + layout, "TOTAL"):
            for i, v in enumerate((cells, right, wrong, fails, 1)):
                groups[g][i] += v
    print()
    for g, (cells, right, wrong, fails, docs) in sorted(groups.items()):
        found = right + wrong
        print(f"{g:44s} docs {docs:3d}  recall {right}/{cells} = {right / max(1, cells):.4f}  "
              f"precision {right}/{found} = {right / max(1, found):.4f}  fails(consistent docs) {fails}")


if __name__ == "__main__":
    main()
