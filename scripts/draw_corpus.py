#!/usr/bin/env python3
"""Draw a randomized corpus of synthetic disclosures from a seed range.

Usage:
  python3 scripts/draw_corpus.py --seeds 1000-1299 --out /tmp/draw [--producer writer|calc|chromium]
                                 [--plant-share 0.2] [--pdf-dir DIR --truth-dir DIR]

Every seed draws one document (scripts/corpus/random_layout.py: department,
year, kind, unit, figures and every printing choice, per document and per
table), composes it from the same figures as corpus/pdf (compose.py:
model.py draws the figures bottom-up in Python decimal), applies the drawn
look (decorate.py) and renders it with one of three producers:
  writer    LibreOffice Writer from a flat ODF text document (.fodt)
  calc      LibreOffice Calc from an .xlsx workbook written with openpyxl
  chromium  headless Chromium's print-to-PDF from HTML (Blink's own layout)
(by default seed mod 3 chooses). The truth of each PDF is written from the
same data (golden/pdf/README.md's format, plus `seed`, `producer` and
`dimensions`, the drawn choices the scorer groups by). A fixed share of the
seeds (--plant-share; every 5th by default) carries one planted
inconsistency.

Needs: soffice (Debian libreoffice-writer-nogui + libreoffice-calc-nogui),
chromium (Debian chromium), python3-openpyxl (or pip openpyxl), fonts
fonts-noto-cjk, fonts-wqy-microhei, fonts-wqy-zenhei.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from corpus import fodt, html, xlsx  # noqa: E402
from corpus.compose import compose  # noqa: E402
from corpus.decorate import decorate  # noqa: E402
from corpus.random_layout import draw, plant  # noqa: E402
from corpus.verify import problems_of  # noqa: E402
from make_corpus_pdfs import make_reproducible, pdf_pages, table_pages  # noqa: E402

SOURCE_EXT = {"writer": ".fodt", "calc": ".xlsx", "chromium": ".html"}
RENDER = {"writer": fodt.render, "calc": xlsx.render, "chromium": html.render}
DOC_DIMS = ["kind", "unit", "decimals", "zero", "thousands", "titles", "code_mode", "indent", "total_top",
            "total_label", "gb_layout", "basic_layout", "halves", "three_layout", "three_unit", "nonfiscal",
            "prose_places"]
LOOK_DIMS = ["font_table", "caption", "number_form", "number_place", "two_line_title", "prose_place"]


def seeds_of(spec):
    out = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return out


def dimensions(cfg, look, planted):
    d = {"producer": look["producer"]}
    for k in DOC_DIMS:
        v = cfg.get(k)
        d[k] = v[0] if isinstance(v, tuple) else v
    d["unit"] = f"{cfg['unit']}/{cfg['decimals']}"
    for k in LOOK_DIMS:
        d[k] = look.get(k)
    d["planted"] = planted
    return d


def build(seed, producer, share, src_dir):
    cfg, look = draw(seed, producer)
    planted = plant(cfg, seed, share) if share else None
    doc, truth = compose(cfg)
    doc, truth = decorate(doc, truth, cfg, look)
    for p in truth["inconsistencies"]:
        if p["rule"] == "text_vs_table":
            # The prose states the figure's share next to it (占 x%), computed
            # from the true figure: the raised figure contradicts it too.
            p["also_fails"].append({"rule": "text_comparison", "template": None,
                                    "row": {"code": None, "name": None, "side": None}, "column": None})
    src = os.path.join(src_dir, cfg["name"] + SOURCE_EXT[look["producer"]])
    RENDER[look["producer"]](doc, src)
    truth["seed"], truth["producer"] = seed, look["producer"]
    truth["dimensions"] = dimensions(cfg, look, planted)
    truth["features"] = sorted({f"{k}={v}" for k, v in truth["dimensions"].items() if v not in (None, False)})
    return cfg["name"], src, truth


def soffice(sources, out_dir, tmp):
    if not sources:
        return
    profile = "file://" + os.path.join(tmp, "lo-profile")
    for i in range(0, len(sources), 40):
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", out_dir] + sources[i:i + 40], capture_output=True, text=True, timeout=1800)


def chromium(src, pdf, tmp):
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={os.path.join(tmp, 'chromium')}", f"--print-to-pdf={pdf}",
                    "file://" + src], capture_output=True, text=True, timeout=300)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", required=True, help="e.g. 1000-1299 or 5,7,9-12")
    ap.add_argument("--out", help="folder for PDFs and truth files together")
    ap.add_argument("--pdf-dir")
    ap.add_argument("--truth-dir")
    ap.add_argument("--producer", choices=sorted(RENDER))
    ap.add_argument("--plant-share", type=float, default=0.2)
    ap.add_argument("--file-prefix", default="", help="path written as the truth's `file` before the PDF name")
    ap.add_argument("--keep-sources", action="store_true")
    args = ap.parse_args()
    pdf_dir = args.pdf_dir or args.out
    truth_dir = args.truth_dir or args.out
    os.makedirs(pdf_dir, exist_ok=True)
    os.makedirs(truth_dir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="yusuan-draw-") as tmp:
        src_dir = os.path.join(args.out or pdf_dir, "sources") if args.keep_sources else tmp
        os.makedirs(src_dir, exist_ok=True)
        built, lo = [], []
        for seed in seeds_of(args.seeds):
            try:
                name, src, truth = build(seed, args.producer, args.plant_share, src_dir)
            except Exception as e:  # a drawn combination the builders cannot print exactly
                print(f"seed {seed}: not drawn ({type(e).__name__}: {e})", file=sys.stderr)
                continue
            built.append((name, src, truth))
            if truth["producer"] == "chromium":
                chromium(src, os.path.join(pdf_dir, name + ".pdf"), tmp)
            else:
                lo.append(src)
        soffice(lo, pdf_dir, tmp)
        for name, src, truth in built:
            pdf = os.path.join(pdf_dir, name + ".pdf")
            if not os.path.exists(pdf):
                print(f"{name}: no PDF from {truth['producer']}", file=sys.stderr)
                continue
            if truth["producer"] != "chromium":
                make_reproducible(pdf, name, truth["document"]["year"])
            truth["file"] = (args.file_prefix + name + ".pdf") if args.file_prefix else pdf
            truth["pages"] = pdf_pages(pdf)
            table_pages(pdf, truth)
            problems = problems_of(truth, pdf)
            if problems:
                # A figure the producer wrapped inside its cell, or a quote it
                # clipped: the PDF does not print what the truth says, so the
                # document is left out of the draw (counted, never scored).
                print(f"{name}: left out, the PDF does not print its truth: {problems[0]}"
                      f"{f' (+{len(problems) - 1} more)' if len(problems) > 1 else ''}", file=sys.stderr)
                os.remove(pdf)
                continue
            with open(os.path.join(truth_dir, name + ".truth.json"), "w", encoding="utf-8") as f:
                json.dump(truth, f, ensure_ascii=False, indent=1)
                f.write("\n")
            cells = sum(len(t["cells"]) for t in truth["tables"])
            print(f"{name}: {truth['producer']}, {truth['pages']} pages, {len(truth['tables'])} tables, "
                  f"{cells} cells, {len(truth['inconsistencies'])} planted, {os.path.getsize(pdf) // 1024} KiB")


if __name__ == "__main__":
    main()
