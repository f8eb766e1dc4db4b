#!/usr/bin/env python3
"""Check the rendered PDFs against their truth with pdftotext (poppler-utils).

For every table, every printed amount of the truth must occur on the
table's pages, as many times as the truth prints it there, and every
prose quote must occur in the text (spaces removed). A tool for the
corpus author, not for the product: run after make_corpus_pdfs.py
(or `verify.py TRUTH_DIR` after draw_corpus.py).
"""

import collections
import glob
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def problems_of(truth, pdf):
    """What the truth says is printed and pdftotext does not find in `pdf`."""
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
    if True:
        pages = text.split("\f")
        flat = re.sub(r"\s+", "", text)
        problems = []
        for t in truth["tables"]:
            scope = "\n".join(pages[p - 1] for p in t.get("pages", range(1, len(pages) + 1)))
            have = collections.Counter(re.findall(r"(?<![\d.,])[-\d][\d,]*(?:\.\d+)?(?![\d.,])", scope))
            want = collections.Counter(c["printed"] for c in t["cells"])
            for printed, n in want.items():
                if have[printed] < n:
                    problems.append(f"{t['title']}: {printed} printed {n}x in truth, {have[printed]}x in PDF")
        for f in truth["facts"]:
            if f.get("prose") and re.sub(r"\s+", "", f["prose"]["quote"]) not in flat:
                problems.append(f"prose quote not found: {f['prose']['quote']}")
        for c in truth.get("comparisons", []):
            if re.sub(r"\s+", "", c["quote"]) not in flat:
                problems.append(f"comparison quote not found: {c['quote']}")
    return problems


def main():
    bad = 0
    truth_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "golden", "pdf")
    for path in sorted(glob.glob(os.path.join(truth_dir, "*.truth.json"))):
        truth = json.load(open(path, encoding="utf-8"))
        pdf = os.path.join(ROOT, truth["file"])  # an absolute `file` (a draw outside the repo) stays as it is
        problems = problems_of(truth, pdf)
        cells = sum(len(t["cells"]) for t in truth["tables"])
        print(f"{os.path.basename(path)}: {cells} cells, {len(problems)} problems")
        for p in problems[:10]:
            print("   ", p)
        bad += len(problems)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
