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
    assert list(df.columns) == [
        "document", "department", "year", "kind", "key", "value", "unit", "yuan", "path",
        "scope", "coverage", "sha256", "source_url", "region_code", "crawl_date", "caller_id",
    ]
    for c in ("document", "department", "kind", "key", "unit", "path", "scope", "coverage", "sha256", "source_url"):
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
        "department", "year", "kind",
        "scope", "coverage", "sha256", "source_url", "region_code", "crawl_date", "caller_id",
    ]
    assert df["code"].dtype == "string"
    assert df["year"].dtype == "Int64" and df["scope"].dtype == "string"
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
    """Row for row the same as facts.csv and cells.csv, every column of the
    CSVs (provenance included), amounts as the same decimal strings."""
    for name, frame in (("facts.csv", yusuan.facts_frame), ("cells.csv", yusuan.cells_frame)):
        csv_rows = read_csv(cli_out / name)
        cols = list(csv_rows[0].keys())
        df = frame(results, amounts="str")
        assert set(cols) <= set(df.columns), (name, set(cols) - set(df.columns))
        want = [tuple(r[c] for c in cols) for r in csv_rows]
        assert sorted(as_rows(df, cols)) == sorted(want), name


def test_frames_tell_a_department_from_its_unit(results):
    """putuo_sfj_2026_budget_unit's cover reads …2026年区级单位预算; the seed
    is a 部门预算 (its tables say 汇总)."""
    df = yusuan.facts_frame(results)
    scope = dict(zip(df["document"], df["scope"]))
    assert scope["putuo_sfj_2026_budget_unit"] == "unit"
    assert scope["lingshou_ybj_2021_budget_cells"] == "department"
    assert df["sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
