#!/bin/sh
# Score a text form of a randomized draw (scripts/draw_corpus.py) cell by cell:
# derive the text of every drawn PDF with pdftotext, read the texts with yusuan
# and compare with the draw's truth (DRAW/NAME.truth.json) via
# scripts/score_cells.py. The text is named NAME.txt so that its output
# NAME.json meets the truth of the same stem; the truth's page numbers hold for
# the text too (pdftotext ends every page with a form feed).
#
#   sh scripts/score_draw_text.sh DRAW_DIR layout|plain OUT_DIR [YUSUAN_BINARY]
#
#   layout  `pdftotext -layout -enc UTF-8` (space-aligned text, issue 12 item 1)
#   plain   `pdftotext -enc UTF-8` (reading-order text, issue 12 item 2)
#
# Writes OUT_DIR/text/*.txt, OUT_DIR/json/*.json and OUT_DIR/score.txt (the
# score_cells.py listing; SHOW_WRONG=1 adds every wrong value). Texts already in
# OUT_DIR/text are reused. Needs pdftotext (poppler-utils) and python3.
# Run it under `nice -n 10` on a shared machine.
set -eu
[ $# -ge 3 ] || { echo "usage: $0 DRAW_DIR layout|plain OUT_DIR [YUSUAN_BINARY]" >&2; exit 2; }
draw=$1 form=$2 out=$3
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${4:-$root/target/release/yusuan}"
[ -x "$bin" ] || { echo "no $bin: cargo build --release" >&2; exit 1; }
case "$form" in
layout) flags="-layout -enc UTF-8" ;;
plain) flags="-enc UTF-8" ;;
*) echo "form must be layout or plain" >&2; exit 2 ;;
esac
command -v pdftotext >/dev/null 2>&1 || { echo "pdftotext is missing (poppler-utils)" >&2; exit 1; }
mkdir -p "$out/text"
for truth in "$draw"/*.truth.json; do
    name=$(basename "$truth" .truth.json)
    [ -f "$out/text/$name.txt" ] || pdftotext $flags "$draw/$name.pdf" "$out/text/$name.txt"
done
rm -rf "$out/json"
"$bin" extract "$out/text" --out "$out/json" >/dev/null 2>&1 || true
python3 "$root/scripts/score_cells.py" "$out/json" "$draw"/*.truth.json >"$out/score.txt"
tail -1 "$out/score.txt"
