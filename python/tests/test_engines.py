"""The worked examples (examples/dask_crawl.py, examples/spark_crawl.py) on a
small batch with the engine in local mode, against the command line's
facts.csv on the same inputs. Each is skipped when its engine is not
installed; .ci/run installs dask, so CI runs the Dask one."""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import pytest

import yusuan
from conftest import SEED

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

FACT_COLUMNS = ["document", "department", "year", "kind", "key", "value", "unit", "yuan"]


def cli_facts(out: Path) -> list[tuple]:
    with open(out / "facts.csv", newline="", encoding="utf-8") as f:
        return sorted(tuple(r[c] for c in FACT_COLUMNS) for r in csv.DictReader(f))


def frame_rows(df) -> list[tuple]:
    import pandas as pd

    return sorted(
        tuple("" if pd.isna(v) else str(v) for v in r) for r in df[FACT_COLUMNS].itertuples(index=False)
    )


@pytest.mark.dask
def test_dask_bag_gives_the_command_line_facts(real_pdfs, cli_out, tmp_path):
    pytest.importorskip("dask.bag")
    import dask_crawl

    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    paths = [*map(str, real_pdfs), str(SEED), str(bad)]
    facts, errors = dask_crawl.crawl_facts(paths, npartitions=2, scheduler="threads")
    assert [e["file"] for e in errors] == [str(bad)]
    assert frame_rows(facts) == cli_facts(cli_out)
    # The processes scheduler pickles the work to other interpreters.
    facts_p, _ = dask_crawl.crawl_facts(paths[:2], npartitions=2, scheduler="processes")
    assert frame_rows(facts_p) == frame_rows(facts[facts.path.isin(paths[:2])])


@pytest.mark.spark
def test_spark_map_in_pandas_gives_the_command_line_facts(real_pdfs, cli, tmp_path, monkeypatch):
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java")
    import subprocess

    import spark_crawl
    from pyspark.sql import SparkSession

    folder = tmp_path / "crawl"
    folder.mkdir()
    for p in real_pdfs:
        (folder / p.name).symlink_to(p)
    out = tmp_path / "cli"
    subprocess.run([str(cli), "extract", str(folder), "--out", str(out)], check=True, capture_output=True)
    # Workers run this interpreter (the one with yusuan and pandas).
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    spark = SparkSession.builder.master("local[2]").appName("yusuan-test").getOrCreate()
    # The workers import the example module as a cluster's would.
    spark.sparkContext.addPyFile(spark_crawl.__file__)
    try:
        rows = spark_crawl.crawl_facts(spark, str(folder)).toPandas()
    finally:
        spark.stop()
    assert frame_rows(rows) == cli_facts(out)
    assert rows["path"].str.startswith("file:").all()
    assert yusuan.SCHEMA == "yusuan/1"
