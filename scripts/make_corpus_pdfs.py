#!/usr/bin/env python3
"""Generate the synthetic disclosure PDFs of corpus/pdf/ and their truth.

Usage:  python3 scripts/make_corpus_pdfs.py [--only NAME ...] [--keep-fodt DIR]

For every document in scripts/corpus/docs.py this script draws the
department's figures bottom-up (Python decimal, fixed seed), builds the
prose and the tables from those figures, writes a flat ODF text document
(.fodt), has LibreOffice render it to PDF, and writes the truth of the same
figures to golden/pdf/<name>.truth.json (format: golden/pdf/README.md).

Needs only the Python standard library, plus on the machine:
  soffice      Debian package libreoffice-writer-nogui (or libreoffice-writer)
  Noto CJK     Debian package fonts-noto-cjk ("Noto Sans CJK SC", "Noto Serif CJK SC")
  fc-list      Debian package fontconfig
The PDFs are committed, so tests never need LibreOffice. Re-running gives
the same .fodt source, text, tables and truth. LibreOffice's PDF bytes are
not reproducible (creation date, /ID, and the random eexec key of the Type 1
fonts it makes from Noto CJK), so a document whose .fodt source is unchanged
(its sha256 is kept in the truth file) is not re-rendered unless --force:
re-running does not churn the committed PDFs.
"""

import argparse
import hashlib
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

from corpus.compose import compose  # noqa: E402
from corpus.docs import DOCS  # noqa: E402
from corpus.fodt import render  # noqa: E402

FONTS = ["Noto Sans CJK SC", "Noto Serif CJK SC"]


def check_tools():
    """Stop with one clear line per missing tool, naming its Debian package."""
    missing = []
    if not shutil.which("soffice"):
        missing.append("soffice not found: apt-get install -y libreoffice-writer-nogui")
    if not shutil.which("fc-list"):
        missing.append("fc-list not found: apt-get install -y fontconfig")
    else:
        families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
        for font in FONTS:
            if font not in families:
                missing.append(f"font '{font}' not found: apt-get install -y fonts-noto-cjk")
    if missing:
        for m in dict.fromkeys(missing):
            print(f"make_corpus_pdfs: {m}", file=sys.stderr)
        sys.exit(2)


def pdf_pages(path):
    with open(path, "rb") as f:
        return len(re.findall(rb"/Type\s*/Page[^s]", f.read()))


def make_reproducible(path, name, year):
    """Replace LibreOffice's run-dependent bytes by fixed ones of equal length.

    Only /CreationDate, /ID and /DocChecksum vary between runs; same-length
    replacements keep every xref offset valid.
    """
    with open(path, "rb") as f:
        data = f.read()
    size = len(data)
    fixed = hashlib.md5(name.encode()).hexdigest().upper().encode()
    data = re.sub(rb"/CreationDate\(D:\d{14}", b"/CreationDate(D:%d0101000000" % year, data)
    data = re.sub(rb"/ID \[ <[0-9A-F]{32}>(\s)<[0-9A-F]{32}> \]",
                  lambda m: b"/ID [ <" + fixed + b">" + m.group(1) + b"<" + fixed + b"> ]", data)
    data = re.sub(rb"/DocChecksum /[0-9A-F]{32}", b"/DocChecksum /" + fixed, data)
    if len(data) != size:
        raise RuntimeError(f"{path}: reproducibility patch changed the file length")
    with open(path, "wb") as f:
        f.write(data)


def unchanged(name, sha, pdf_dir, gold_dir):
    """True when the committed PDF was rendered from this very .fodt source."""
    gold = os.path.join(gold_dir, name + ".truth.json")
    if not os.path.exists(os.path.join(pdf_dir, name + ".pdf")) or not os.path.exists(gold):
        return False
    with open(gold, encoding="utf-8") as f:
        return json.load(f).get("source_sha256") == sha


def table_pages(pdf, truth):
    """Pages of each table, found by its title in pdftotext (optional: skipped without poppler)."""
    if not shutil.which("pdftotext"):
        return
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
    pages = text.split("\f")
    starts = []
    for t in truth["tables"]:
        after = starts[-1] if starts else 0
        hit = next((i for i in range(after, len(pages)) if re.sub(r"\s+", "", t["title"]) in re.sub(r"\s+", "", pages[i])), None)
        starts.append(hit if hit is not None else after)
    n = truth["pages"]
    for i, t in enumerate(truth["tables"]):
        end = starts[i + 1] if i + 1 < len(starts) else n
        t["pages"] = list(range(starts[i] + 1, max(starts[i] + 1, end) + 1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", nargs="*", help="document names to (re)build")
    ap.add_argument("--keep-fodt", help="also keep the .fodt sources in this directory")
    ap.add_argument("--force", action="store_true", help="re-render PDFs whose source did not change")
    args = ap.parse_args()
    check_tools()
    docs = [d for d in DOCS if not args.only or d["name"] in args.only]
    pdf_dir = os.path.join(ROOT, "corpus", "pdf")
    gold_dir = os.path.join(ROOT, "golden", "pdf")
    os.makedirs(pdf_dir, exist_ok=True)
    os.makedirs(gold_dir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="yusuan-corpus-") as tmp:
        truths, sources = {}, []
        for cfg in docs:
            doc, truth = compose(cfg)
            src = os.path.join(tmp, cfg["name"] + ".fodt")
            render(doc, src)
            with open(src, "rb") as f:
                truth["source_sha256"] = hashlib.sha256(f.read()).hexdigest()
            truths[cfg["name"]] = truth
            if not args.force and unchanged(cfg["name"], truth["source_sha256"], pdf_dir, gold_dir):
                continue
            sources.append(src)
            if args.keep_fodt:
                os.makedirs(args.keep_fodt, exist_ok=True)
                shutil.copy(src, args.keep_fodt)
        profile = "file://" + os.path.join(tmp, "lo-profile")  # private profile: no clash with other soffice runs
        cmd = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
               "--outdir", pdf_dir] + sources
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=900) if sources else None
        for name, truth in truths.items():
            pdf = os.path.join(pdf_dir, name + ".pdf")
            if not os.path.exists(pdf):
                print(f"make_corpus_pdfs: {name}: soffice wrote no PDF\n{run.stdout}{run.stderr}", file=sys.stderr)
                sys.exit(1)
            rendered = any(os.path.basename(s)[:-5] == name for s in sources)
            if rendered:
                make_reproducible(pdf, name, truth["document"]["year"])
            truth["pages"] = pdf_pages(pdf)
            table_pages(pdf, truth)
            with open(os.path.join(gold_dir, name + ".truth.json"), "w", encoding="utf-8") as f:
                json.dump(truth, f, ensure_ascii=False, indent=1)
                f.write("\n")
            cells = sum(len(t["cells"]) for t in truth["tables"])
            print(f"{name}: {truth['pages']} pages, {len(truth['tables'])} tables, {cells} cells, "
                  f"{len(truth['inconsistencies'])} planted, {os.path.getsize(pdf) // 1024} KiB"
                  + ("" if rendered else " (unchanged, not re-rendered)"))
    write_readme_table(gold_dir)


def write_readme_table(gold_dir):
    """Rewrite the file → features table of golden/pdf/README.md from the truth files."""
    readme = os.path.join(gold_dir, "README.md")
    if not os.path.exists(readme):
        return
    rows = ["| file | department | year, kind | unit | pages | features |", "|---|---|---|---|---|---|"]
    for cfg in DOCS:
        gold = os.path.join(gold_dir, cfg["name"] + ".truth.json")
        if not os.path.exists(gold):
            continue
        with open(gold, encoding="utf-8") as f:
            truth = json.load(f)
        kind = "决算" if cfg["kind"] == "final_accounts" else "预算"
        rows.append(f"| {cfg['name']}.pdf | {cfg['province']} {cfg['dept']} | {cfg['year']} {kind} | {cfg['unit']} "
                    f"| {truth['pages']} | {', '.join(cfg['features'])} |")
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    begin = text.index("<!-- files:begin")
    begin = text.index("\n", begin) + 1
    end = text.index("<!-- files:end -->")
    with open(readme, "w", encoding="utf-8") as f:
        f.write(text[:begin] + "\n".join(rows) + "\n" + text[end:])


if __name__ == "__main__":
    main()
