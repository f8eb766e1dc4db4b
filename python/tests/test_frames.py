"""facts_frame / cells_frame: the command line's facts.csv and cells.csv as
pandas DataFrames, with exact decimal amounts and codes as text."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

pd = pytest.importorskip("pandas")
import yusuan  # noqa: E402
from conftest import SEED  # noqa: E402


def test_facts_dtypes(results):
    df = yusuan.facts_frame(results)
    assert list(df.columns) == ["document", "department", "year", "kind", "key", "value", "unit", "yuan", "path"]
    for c in ("document", "department", "kind", "key", "unit", "path"):
        assert df[c].dtype == "string", c
    assert df["year"].dtype == "Int64"
    assert df["value"].dtype == object and df["yuan"].dtype == object
    assert all(isinstance(v, Decimal) for v in df["value"])
    assert all(v is None or isinstance(v, Decimal) for v in df["yuan"])
    row = df[(df.document == "lingshou_ybj_2021_budget_cells") & (df.key == "revenue_total")].iloc[0]
    assert (row.value, row.unit, row.yuan, row.year) == (Decimal("3232.07"), "万元", Decimal("32320700.00"), 2021)


def test_cells_dtypes(results):
    df = yusuan.cells_frame(results)
    assert list(df.columns) == [
        "document", "table", "template", "page", "side", "code", "name", "column", "value", "unit", "yuan", "path",
    ]
    assert df["code"].dtype == "string"
    assert df["page"].dtype == "Int64"
    # Codes keep every digit as printed, never numbers (2010101, not 2.01e6).
    codes = df["code"].dropna()
    assert len(codes) > 0 and codes.str.fullmatch(r"\d{3}(\d{2}){0,2}").all()
    with_scale = df.dropna(subset=["yuan"])
    assert len(with_scale) > 0
    assert all(isinstance(v, Decimal) for v in with_scale["value"])


def test_cells_yuan_is_value_times_scale():
    doc = yusuan.extract(SEED)
    df = yusuan.cells_frame([doc])
    scales = {t["id"]: Decimal(t["scale"]) for t in doc["tables"] if t["scale"]}
    for r in df.itertuples():
        if r.table in scales:
            assert r.yuan == r.value * scales[r.table]


def test_amounts_as_strings_and_errors_skipped(results):
    df = yusuan.facts_frame([*results, {"file": "x.pdf", "error": "corrupt PDF: …"}], amounts="str")
    assert all(isinstance(v, str) for v in df["value"])
    assert len(df) == len(yusuan.facts_frame(results))


def test_empty_input_gives_empty_frames():
    assert len(yusuan.facts_frame([])) == 0
    assert list(yusuan.cells_frame([]).columns)[0] == "document"


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def as_rows(df, columns):
    return [tuple("" if pd.isna(v) else str(v) for v in r) for r in df[columns].itertuples(index=False)]


def test_frames_equal_the_command_line_datasets(results, cli_out):
    """Row for row the same as facts.csv and cells.csv, amounts as the same
    decimal strings."""
    fcols = ["document", "department", "year", "kind", "key", "value", "unit", "yuan"]
    want = [tuple(r[c] for c in fcols) for r in read_csv(cli_out / "facts.csv")]
    got = as_rows(yusuan.facts_frame(results, amounts="str"), fcols)
    assert sorted(got) == sorted(want)
    ccols = ["document", "table", "template", "page", "side", "code", "name", "column", "value", "unit", "yuan"]
    want = [tuple(r[c] for c in ccols) for r in read_csv(cli_out / "cells.csv")]
    got = as_rows(yusuan.cells_frame(results, amounts="str"), ccols)
    assert sorted(got) == sorted(want)
