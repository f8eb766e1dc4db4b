#!/bin/sh
# Regenerate the space-aligned text fixtures (corpus/aligned/*_layout.txt) from the
# generated PDFs (corpus/pdf/) with `pdftotext -layout`, and their truth
# (golden/aligned/*.truth.json): the PDF's own truth, pointing at the text.
#
#   sh scripts/make_aligned_text.sh [NAME...]     (default: every corpus/pdf document)
#
# Needs pdftotext (Debian/Ubuntu: apt-get install poppler-utils) and python3.
# Only the project's own generated PDFs are converted: text of ../shared
# documents is never committed.
set -eu
cd "$(dirname "$0")/.."
if ! command -v pdftotext >/dev/null 2>&1; then
    echo "make_aligned_text.sh: pdftotext is missing; install poppler-utils (apt-get install poppler-utils)" >&2
    exit 1
fi
if [ $# -eq 0 ]; then
    set -- $(cd corpus/pdf && ls *.pdf | sed "s/\.pdf$//")
fi
mkdir -p corpus/aligned golden/aligned
for name in "$@"; do
    pdf="corpus/pdf/$name.pdf"
    [ -f "$pdf" ] || { echo "no $pdf" >&2; exit 1; }
    pdftotext -layout -enc UTF-8 "$pdf" "corpus/aligned/${name}_layout.txt"
    python3 - "$name" <<'PY'
import json, sys
name = sys.argv[1]
truth = json.load(open(f"golden/pdf/{name}.truth.json", encoding="utf-8"))
truth["file"] = f"corpus/aligned/{name}_layout.txt"
truth["derived_from"] = f"corpus/pdf/{name}.pdf (pdftotext -layout)"
with open(f"golden/aligned/{name}_layout.truth.json", "w", encoding="utf-8") as f:
    json.dump(truth, f, ensure_ascii=False, indent=1)
    f.write("\n")
PY
    echo "corpus/aligned/${name}_layout.txt, golden/aligned/${name}_layout.truth.json"
done
pdftotext -v 2>&1 | head -1
