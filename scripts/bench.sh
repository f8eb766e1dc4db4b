#!/usr/bin/env bash
# bench.sh — throughput and peak memory of `yusuan extract` against common
# PDF tools (issue 6).
#
# Usage: scripts/bench.sh [--docs N] [--sample K] [--bin PATH] [--real DIR] [--crawl] [--keep]
# One command from a fresh clone: it builds the release binary first
# (`cargo build --release`) unless --bin names one.
#   --docs N     documents in the batch (default 1000): corpus/pdf/*.pdf and
#                the real PDFs (--real, default ../shared/real) replicated by
#                symlinks in a temporary folder until there are N. The real
#                folder defaults to the first of ../shared/real and
#                ../../shared/real (from a worktree) that exists.
#   --sample K   documents for the slow Python tools, pdfplumber and camelot
#                (default 20, taken from the distinct sources).
#   --bin PATH   a yusuan binary to measure instead of building
#                target/release/yusuan.
#   --crawl      the crawl-sized batch (issue 13): 10,000 documents unless
#                --docs says otherwise, from corpus/pdf, corpus/text, the real
#                PDFs and the other provinces' PDFs (real_provinces beside
#                the real folder), yusuan alone (-j 1 and -j 2; the other
#                tools are skipped).
#   --keep       keep the temporary folder (outputs, logs) and print its path.
# A dry run: scripts/bench.sh --docs 20 --sample 3
#
# Measures, each with /usr/bin/time -v (wall time, user and system CPU,
# peak RSS of the largest process): yusuan extract -j 1 and -j 2; pdftotext -layout and
# mutool draw -F txt over the same files, one process per file, 1 and 2 at a
# time (xargs -P); pdfplumber extract_tables() and camelot read_pdf() over
# the sample. Prints docs/s, pages/s, peak RSS and the ratio of each tool's
# pages/s to yusuan -j 1. Missing tools are skipped with the package that
# provides them; only a missing yusuan binary or GNU time stops the run.
# Do not run the full benchmark on a busy machine: it takes minutes.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DOCS=1000
SAMPLE=20
BIN=""
REAL=""
KEEP=0
CRAWL=0
DOCS_SET=0
while [ $# -gt 0 ]; do
  case "$1" in
    --docs) DOCS=$2; DOCS_SET=1; shift 2 ;;
    --sample) SAMPLE=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    --real) REAL=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --crawl) CRAWL=1; shift ;;
    -h|--help) sed -n '2,34p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ "$CRAWL" = 1 ] && [ "$DOCS_SET" = 0 ]; then DOCS=10000; fi

# -- tools ------------------------------------------------------------------
missing() { echo "bench.sh: skipping $1: not installed ($2)" >&2; }
if [ ! -x /usr/bin/time ]; then
  echo "bench.sh: GNU time not found: apt-get install -y time" >&2; exit 2
fi
if [ -z "$BIN" ]; then
  command -v cargo >/dev/null || { echo "bench.sh: cargo not found (https://rustup.rs) or pass --bin" >&2; exit 2; }
  echo "bench.sh: building the release binary ..." >&2
  (cd "$ROOT" && cargo build --release --quiet) || { echo "bench.sh: cargo build --release failed" >&2; exit 2; }
  BIN="$ROOT/target/release/yusuan"
fi
if [ ! -x "$BIN" ]; then
  echo "bench.sh: $BIN not found or not executable" >&2; exit 2
fi
if ! "$BIN" extract --help >/dev/null 2>&1; then
  echo "bench.sh: $BIN has no \`extract\` subcommand (stale build?): run \`cargo build --release\`" >&2; exit 2
fi
if [ -z "$REAL" ]; then
  for d in "$ROOT/../shared/real" "$ROOT/../../shared/real"; do
    if [ -d "$d" ]; then REAL=$d; break; fi
  done
fi
PROVINCES=""
if [ "$CRAWL" = 1 ] && [ -n "$REAL" ] && [ -d "$REAL/../real_provinces" ]; then
  PROVINCES=$(cd "$REAL/../real_provinces" && pwd)
fi
HAVE_PDFTOTEXT=0; command -v pdftotext >/dev/null && HAVE_PDFTOTEXT=1 \
  || missing "pdftotext" "apt-get install -y poppler-utils"
HAVE_MUTOOL=0; command -v mutool >/dev/null && HAVE_MUTOOL=1 \
  || missing "mutool" "apt-get install -y mupdf-tools"
HAVE_PLUMBER=0; python3 -c 'import pdfplumber' 2>/dev/null && HAVE_PLUMBER=1 \
  || missing "pdfplumber" "pip install pdfplumber"
HAVE_CAMELOT=0; python3 -c 'import camelot' 2>/dev/null && HAVE_CAMELOT=1 \
  || missing "camelot" "pip install camelot-py (2.x renders with pypdfium2; 0.x needs ghostscript)"
if [ "$CRAWL" = 1 ]; then  # yusuan alone
  HAVE_PDFTOTEXT=0; HAVE_MUTOOL=0; HAVE_PLUMBER=0; HAVE_CAMELOT=0
fi

# -- the batch: sources replicated by symlinks -------------------------------
WORK=$(mktemp -d -t yusuan-bench-XXXXXX)
cleanup() { if [ "$KEEP" = 1 ]; then echo "bench.sh: kept $WORK" >&2; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
if [ "$CRAWL" = 1 ]; then
  mapfile -t SOURCES < <(ls "$ROOT"/corpus/pdf/*.pdf "$ROOT"/corpus/text/* ${REAL:+"$REAL"/*.pdf} \
    ${PROVINCES:+"$PROVINCES"/*.pdf} 2>/dev/null | sort)
else
  mapfile -t SOURCES < <(ls "$ROOT"/corpus/pdf/*.pdf ${REAL:+"$REAL"/*.pdf} 2>/dev/null | sort)
fi
[ -n "$REAL" ] || echo "bench.sh: no shared/real folder found: benchmarking corpus/pdf only (pass --real DIR)" >&2
if [ ${#SOURCES[@]} -eq 0 ]; then
  echo "bench.sh: no PDFs in $ROOT/corpus/pdf or $REAL" >&2; exit 2
fi
mkdir -p "$WORK/in"
pages_of() {  # page count; pdfinfo when present, else count /Type /Page objects
  case "$1" in *.pdf) ;; *) echo 1; return ;; esac  # a text input: one "page"
  if command -v pdfinfo >/dev/null; then
    pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2; exit}'
  else
    python3 -c 'import re,sys; print(len(re.findall(rb"/Type\s*/Page[^s]", open(sys.argv[1],"rb").read())))' "$1"
  fi
}
declare -A PAGES
for s in "${SOURCES[@]}"; do PAGES[$s]=$(pages_of "$s"); done
TOTAL_PAGES=0
for ((i = 0; i < DOCS; i++)); do
  s=${SOURCES[i % ${#SOURCES[@]}]}
  ln -s "$(readlink -f "$s")" "$WORK/in/$(printf '%05d' "$i")_$(basename "$s")"
  TOTAL_PAGES=$((TOTAL_PAGES + ${PAGES[$s]:-0}))
done
ls "$WORK"/in/* > "$WORK/files.txt"
N_SAMPLE=$(( SAMPLE < ${#SOURCES[@]} ? SAMPLE : ${#SOURCES[@]} ))
printf '%s\n' "${SOURCES[@]}" | awk -v n="${#SOURCES[@]}" -v k="$N_SAMPLE" \
  'BEGIN {step = n / k} {if (NR - 1 >= c * step && c < k) {print; c++}}' > "$WORK/sample.txt"
SAMPLE_PAGES=0
while read -r s; do SAMPLE_PAGES=$((SAMPLE_PAGES + ${PAGES[$s]:-0})); done < "$WORK/sample.txt"
echo "bench.sh: $DOCS documents ($TOTAL_PAGES pages) from ${#SOURCES[@]} sources; sample of $N_SAMPLE ($SAMPLE_PAGES pages); $(nproc) cores" >&2

# -- measuring ----------------------------------------------------------------
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
# measure NAME DOCS PAGES CMD...: runs CMD under GNU time, appends a result line.
measure() {
  local name=$1 docs=$2 pages=$3; shift 3
  local log="$WORK/$(echo "$name" | tr -c 'A-Za-z0-9_-' _).time"
  echo "bench.sh: $name ..." >&2
  local rc=0
  /usr/bin/time -v -o "$log" "$@" > "$WORK/last.out" 2> "$WORK/last.err" || rc=$?
  local wall rss cpu usr
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
           n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ {s += $2} END {print s + 0}' "$log")
  usr=$(awk -F': ' '/User time \(seconds\)/ {s += $2} END {print s + 0}' "$log")
  [ "$rc" = 0 ] || echo "bench.sh: $name exited with status $rc (see --keep logs)" >&2
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$docs" "$pages" "$wall" "$rss" "$rc" "$cpu" "$usr" >> "$RESULTS"
}

for j in 1 2; do
  rm -rf "$WORK/out$j"
  measure "yusuan extract -j $j" "$DOCS" "$TOTAL_PAGES" "$BIN" extract -j "$j" --out "$WORK/out$j" "$WORK/in"
  docs_out=$(ls "$WORK/out$j" 2>/dev/null | grep -c '\.json$' || true)
  errors=$( (cat "$WORK/out$j/errors.jsonl" 2>/dev/null || true) | wc -l)
  echo "bench.sh: yusuan -j $j wrote $docs_out JSON files (incl. report.json), $errors errors" >&2
done
if [ "$HAVE_PDFTOTEXT" = 1 ]; then
  for j in 1 2; do
    measure "pdftotext -layout (P$j)" "$DOCS" "$TOTAL_PAGES" \
      sh -c "xargs -a '$WORK/files.txt' -d '\n' -P $j -I{} pdftotext -layout {} /dev/null"
  done
fi
if [ "$HAVE_MUTOOL" = 1 ]; then
  for j in 1 2; do
    measure "mutool draw -F txt (P$j)" "$DOCS" "$TOTAL_PAGES" \
      sh -c "xargs -a '$WORK/files.txt' -d '\n' -P $j -I{} mutool draw -q -F txt -o /dev/null {}"
  done
fi
if [ "$HAVE_PLUMBER" = 1 ] || [ "$HAVE_CAMELOT" = 1 ]; then
  # The same documents for yusuan, so the Python tools are compared page for page.
  # Ten copies of each: one pass takes a fraction of a second, too short to time.
  rm -rf "$WORK/outs" "$WORK/sample_in"; mkdir -p "$WORK/sample_in"
  for r in 0 1 2 3 4 5 6 7 8 9; do
    while read -r s; do ln -s "$(readlink -f "$s")" "$WORK/sample_in/${r}_$(basename "$s")"; done < "$WORK/sample.txt"
  done
  measure "yusuan extract -j 1 (sample)" "$((N_SAMPLE * 10))" "$((SAMPLE_PAGES * 10))" \
    "$BIN" extract -j 1 --out "$WORK/outs" "$WORK/sample_in"
fi
if [ "$HAVE_PLUMBER" = 1 ]; then
  measure "pdfplumber extract_tables (sample)" "$N_SAMPLE" "$SAMPLE_PAGES" python3 -c '
import sys, pdfplumber
for path in open(sys.argv[1]).read().split():
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
' "$WORK/sample.txt"
fi
if [ "$HAVE_CAMELOT" = 1 ]; then
  measure "camelot lattice (sample)" "$N_SAMPLE" "$SAMPLE_PAGES" python3 -c '
import sys, camelot
for path in open(sys.argv[1]).read().split():
    camelot.read_pdf(path, pages="all", flavor="lattice")
' "$WORK/sample.txt"
fi

# -- report -------------------------------------------------------------------
# speed-up: how many times more pages per second yusuan gets than the tool,
# at the same parallelism (yusuan -j 1 for single-process tools and the
# Python samples, -j 2 for the P2 runs). Above 1 = yusuan is faster.
# CPU s (user + system) is steadier than wall time on a shared machine.
echo "bench.sh: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end" >&2
awk -F'\t' '
  BEGIN { printf "%-36s %6s %7s %8s %8s %8s %8s %9s %9s %9s\n", "tool", "docs", "pages", "wall s", "CPU s", "user s", "docs/s", "pages/s", "peak MiB", "yusuan x" }
  {
    name[NR] = $1; d[NR] = $2; p[NR] = $3; w[NR] = ($4 > 0 ? $4 : 0.001); m[NR] = $5 / 1024; rc[NR] = $6; cpu[NR] = $7; usr[NR] = $8
    if ($1 == "yusuan extract -j 1") { base1 = $3 / w[NR]; j1 = NR }
    if ($1 == "yusuan extract -j 2") { base2 = $3 / w[NR]; j2 = NR }
    if ($1 == "yusuan extract -j 1 (sample)") { bases = $3 / w[NR] }
  }
  END {
    for (i = 1; i <= NR; i++) {
      pps = p[i] / w[i]
      base = (name[i] ~ /P2\)$/ ? base2 : (name[i] ~ /\(sample\)$/ ? bases : base1))
      x = (name[i] ~ /^yusuan/ ? "-" : (base > 0 && pps > 0 ? sprintf("%.1f", base / pps) : "-"))
      printf "%-36s %6d %7d %8.2f %8.2f %8.2f %8.1f %9.1f %9.1f %9s%s\n", name[i], d[i], p[i], w[i], cpu[i], usr[i], d[i] / w[i], pps, m[i],
             x, (rc[i] != 0 ? "  (exit " rc[i] ")" : "")
    }
    if (j1 && j2) printf "yusuan -j 2 / -j 1 wall-time speed-up: %.2fx (CPU ms per page: %.3f vs %.3f)\n", w[j1] / w[j2], 1000 * cpu[j1] / p[j1], 1000 * cpu[j2] / p[j2]
    print "yusuan x: pages/s of yusuan divided by the tool'"'"'s at the same parallelism and on the same files"
    print "(-j 1 batch for P1 tools, -j 2 batch for P2, -j 1 on the sample for the Python tools); above 1 = yusuan faster"
  }' "$RESULTS"
