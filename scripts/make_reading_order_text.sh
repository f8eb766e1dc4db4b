#!/bin/sh
# Regenerate the reading-order text fixtures (corpus/reading_order/*_plain.txt)
# from the generated PDFs (corpus/pdf/) with plain `pdftotext` (no -layout: the
# text in the PDF's reading order, like seed 004), and their truth
# (golden/reading_order/*.truth.json): the PDF's own truth, pointing at the text.
#
#   sh scripts/make_reading_order_text.sh [NAME...]   (default: every corpus/pdf document)
#
# Needs pdftotext (poppler-utils) and python3. Only the project's own generated
# PDFs are converted: text of ../shared documents is never committed.
set -eu
cd "$(dirname "$0")/.."
if ! command -v pdftotext >/dev/null 2>&1; then
    echo "make_reading_order_text.sh: pdftotext is missing; install poppler-utils" >&2
    exit 1
fi
if [ $# -eq 0 ]; then
    set -- $(cd corpus/pdf && ls *.pdf | sed "s/\.pdf$//")
fi
mkdir -p corpus/reading_order golden/reading_order
for name in "$@"; do
    pdf="corpus/pdf/$name.pdf"
    [ -f "$pdf" ] || { echo "no $pdf" >&2; exit 1; }
    pdftotext -enc UTF-8 "$pdf" "corpus/reading_order/${name}_plain.txt"
    python3 - "$name" <<'PY'
import json, sys
name = sys.argv[1]
truth = json.load(open(f"golden/pdf/{name}.truth.json", encoding="utf-8"))
truth["file"] = f"corpus/reading_order/{name}_plain.txt"
truth["derived_from"] = f"corpus/pdf/{name}.pdf (pdftotext, reading order)"
with open(f"golden/reading_order/{name}_plain.truth.json", "w", encoding="utf-8") as f:
    json.dump(truth, f, ensure_ascii=False, indent=1)
    f.write("\n")
PY
    echo "corpus/reading_order/${name}_plain.txt, golden/reading_order/${name}_plain.truth.json"
done
pdftotext -v 2>&1 | head -1
