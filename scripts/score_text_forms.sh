#!/bin/sh
# Issue 12 item 4: derive both text forms of every generated PDF (corpus/pdf/)
# — `pdftotext -layout` (space-aligned) and plain `pdftotext` (reading order) —
# read each with yusuan, and score it cell by cell against the PDF's one truth
# (golden/pdf/NAME.truth.json) with scripts/score_cells.py.
#
#   sh scripts/score_text_forms.sh [YUSUAN_BINARY]   (default target/release/yusuan)
#
# Needs pdftotext (poppler-utils) and python3. Works in a temporary directory;
# nothing is written into the repository. SHOW_WRONG=1 lists every wrong value.
set -eu
cd "$(dirname "$0")/.."
bin="${1:-target/release/yusuan}"
[ -x "$bin" ] || { echo "no $bin: cargo build --release" >&2; exit 1; }
command -v pdftotext >/dev/null 2>&1 || { echo "pdftotext is missing (poppler-utils)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for form in layout plain; do
    mkdir -p "$tmp/$form"
    for pdf in corpus/pdf/*.pdf; do
        name=$(basename "$pdf" .pdf)
        if [ "$form" = layout ]; then
            pdftotext -layout -enc UTF-8 "$pdf" "$tmp/$form/$name.txt"
        else
            pdftotext -enc UTF-8 "$pdf" "$tmp/$form/$name.txt"
        fi
    done
    "$bin" extract "$tmp/$form" --out "$tmp/$form.out" >/dev/null 2>&1 || true
    echo "== pdftotext $( [ "$form" = layout ] && echo -layout || echo '(reading order)' ), $(ls corpus/pdf/*.pdf | wc -l) documents"
    python3 scripts/score_cells.py "$tmp/$form.out" golden/pdf/*.truth.json
done
