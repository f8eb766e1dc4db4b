"""yusuan over a large crawl with a Dask bag.

Each partition of the bag is a list of files; one ``extract_many`` call per
partition processes it in Rust (the GIL released), and only the partition's
facts frame and its errors travel back, never the documents. A failed file
is a value in ``errors``, not an exception that stops the crawl.

Locally (threads, every core)::

    python dask_crawl.py crawl/ --out facts.csv

On a cluster, start a ``dask.distributed.Client`` first and pass
``scheduler=None`` (the client's), with the wheel installed on the workers.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import dask.bag as db
import pandas as pd

import yusuan

# File endings the command line reads when given a folder.
ENDINGS = {".pdf", ".txt", ".text", ".md", ".tsv"}


def partition_facts(paths: list[str], jobs: int = 1) -> list[tuple[pd.DataFrame, list[dict]]]:
    """One partition: its files through yusuan, back as (facts, errors)."""
    results = list(yusuan.extract_many(paths, jobs=jobs))
    errors = [r for r in results if yusuan.is_error(r)]
    return [(yusuan.facts_frame(results), errors)]


def crawl_facts(
    paths: list[str], npartitions: int | None = None, scheduler: str | None = "threads"
) -> tuple[pd.DataFrame, list[dict]]:
    """The facts of every file (the command line's facts.csv as one frame)
    and the files that failed, as {"file", "error"}."""
    bag = db.from_sequence(sorted(paths), npartitions=npartitions)
    parts = bag.map_partitions(partition_facts).compute(scheduler=scheduler)
    facts = pd.concat([f for f, _ in parts], ignore_index=True) if parts else yusuan.facts_frame([])
    return facts, [e for _, errs in parts for e in errs]


def files(inputs: list[str]) -> list[str]:
    out = []
    for i in map(Path, inputs):
        out += [str(p) for p in sorted(i.rglob("*")) if p.suffix.lower() in ENDINGS] if i.is_dir() else [str(i)]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", help="files or folders")
    ap.add_argument("--out", default="facts.csv", help="facts CSV to write")
    ap.add_argument("--partitions", type=int, default=None)
    a = ap.parse_args(argv)
    facts, errors = crawl_facts(files(a.inputs), npartitions=a.partitions)
    facts.to_csv(a.out, index=False)
    for e in errors:
        print(json.dumps(e, ensure_ascii=False), file=sys.stderr)
    print(f"{len(facts)} facts, {len(errors)} failed inputs -> {a.out}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
