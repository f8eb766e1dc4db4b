"""The command line's datasets load with the right types by the recipe of
schema/datasets.md: ``code`` as text (never 2040601.0), amounts as exact
decimals, in pandas and (when installed) DuckDB."""

from __future__ import annotations

import csv
import re
from decimal import Decimal

import pytest

pd = pytest.importorskip("pandas")


def _csv_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _dec(s):
    return Decimal(s) if s else None


def test_pandas_recipe_reads_codes_as_text_and_amounts_exact(cli_out):
    raw = _csv_rows(cli_out / "cells.csv")
    cells = pd.read_csv(
        cli_out / "cells.csv", dtype=str, keep_default_na=False, converters={"value": _dec, "yuan": _dec}
    )
    assert len(cells) == len(raw) > 0
    codes = [c for c in cells["code"] if c]
    assert codes and all(isinstance(c, str) and re.fullmatch(r"\d+", c) for c in codes)
    # Every code exactly as written (no float, no lost zero), row by row.
    assert list(cells["code"]) == [r["code"] for r in raw]
    assert all(isinstance(v, Decimal) for v in cells["value"])
    assert sum(cells["value"]) == sum(Decimal(r["value"]) for r in raw)
    facts = pd.read_csv(
        cli_out / "facts.csv", dtype=str, keep_default_na=False, converters={"value": _dec, "yuan": _dec}
    )
    assert all(isinstance(v, Decimal) for v in facts["value"])
    assert set(facts["scope"]) <= {"department", "unit", ""}
    assert set(facts["coverage"]) <= {"本级", "汇总", ""}


def test_duckdb_recipe_reads_codes_as_text_and_amounts_as_decimal(cli_out):
    duckdb = pytest.importorskip("duckdb")
    raw = _csv_rows(cli_out / "cells.csv")
    path = str(cli_out / "cells.csv").replace("'", "''")
    con = duckdb.connect()
    con.execute(
        f"""CREATE TABLE cells AS
        SELECT * REPLACE (CAST(NULLIF(value, '') AS DECIMAL(38, 6)) AS value,
                          CAST(NULLIF(yuan, '') AS DECIMAL(38, 6)) AS yuan,
                          CAST(NULLIF(year, '') AS INTEGER) AS year,
                          CAST(NULLIF(page, '') AS INTEGER) AS page)
        FROM read_csv('{path}', header = true, all_varchar = true)"""
    )
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'cells'").fetchall())
    assert types["code"] == "VARCHAR"
    assert types["value"].startswith("DECIMAL") and types["yuan"].startswith("DECIMAL")
    got = [r[0] if r[0] is not None else "" for r in con.execute("SELECT code FROM cells").fetchall()]
    assert got == [r["code"] for r in raw]
    total = con.execute("SELECT sum(value) FROM cells").fetchone()[0]
    assert Decimal(total) == sum(Decimal(r["value"]) for r in raw)
