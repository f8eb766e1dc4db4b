"""yusuan over a large crawl with Spark's ``mapInPandas``.

Spark reads the files as binary rows (``binaryFile``: path, content); each
Arrow batch goes through ``extract_many`` as (name, bytes) pairs, in Rust,
and comes back as facts rows. Amounts travel as decimal strings (Spark's
DecimalType needs one fixed scale; cast where you know it). Failed files
are not rows here; collect them with ``errors_batches`` the same way.

Locally::

    python spark_crawl.py crawl/ --out facts_parquet

The wheel must be installed where the Spark workers' Python runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import Iterator

import pandas as pd

import yusuan

# The facts frame as Spark sees it (amounts as decimal strings).
FACTS_SCHEMA = (
    "document string, department string, year long, kind string, key string, "
    "value string, unit string, yuan string, path string"
)
ERRORS_SCHEMA = "file string, error string"


def facts_batches(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """mapInPandas function: batches of (path, content) rows → facts rows."""
    for batch in batches:
        pairs = zip(batch["path"], map(bytes, batch["content"]))
        yield yusuan.facts_frame(yusuan.extract_many(pairs, jobs=1), amounts="str")


def errors_batches(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """mapInPandas function: batches of (path, content) rows → failed files."""
    for batch in batches:
        pairs = zip(batch["path"], map(bytes, batch["content"]))
        errs = [r for r in yusuan.extract_many(pairs, jobs=1) if yusuan.is_error(r)]
        yield pd.DataFrame(errs, columns=["file", "error"])


def crawl_facts(spark, folder: str, glob: str = "*.pdf"):
    """A Spark DataFrame of the facts of every file under `folder`."""
    files = (
        spark.read.format("binaryFile")
        .option("pathGlobFilter", glob)
        .option("recursiveFileLookup", "true")
        .load(folder)
        .select("path", "content")
    )
    return files.mapInPandas(facts_batches, schema=FACTS_SCHEMA)


def main(argv: list[str] | None = None) -> int:
    from pyspark.sql import SparkSession

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--out", default="facts_parquet")
    a = ap.parse_args(argv)
    spark = SparkSession.builder.master("local[*]").appName("yusuan").getOrCreate()
    crawl_facts(spark, a.folder).write.mode("overwrite").parquet(a.out)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
