"""The package against the command line and against figures read off the
sources by hand:

- corpus/text/lingshou_ybj_2021_budget_cells.txt (灵寿县医疗保障局 2021
  部门预算, one cell per line): 收入总计 / 支出总计 3232.07 (万元), lines 215-218.
- ../shared/real/putuo_flyuan_2024_budget_unit.pdf (上海市普陀区社会福利院
  2024 单位预算): 收支总表 (p.4 of the PDF, 单位：元) prints 收入总计
  12,121,164 and 支出总计 12,121,164 (pdftotext -layout).
"""

from __future__ import annotations

import importlib.metadata
import json
import threading
from decimal import Decimal
from pathlib import Path

import pytest

import yusuan
from conftest import REAL_PDFS, SEED


def fact(doc: dict, key: str) -> dict:
    return next(f for f in doc["facts"] if f["key"] == key)


def test_version_and_schema():
    assert yusuan.__version__ == importlib.metadata.version("yusuan")
    assert yusuan.SCHEMA == "yusuan/1"


def test_text_seed():
    doc = yusuan.extract(SEED)
    # SPEC.md's keys in its order, then yusuan's additions: `year_changes`
    # (the text says «3232.07万元，较2020年预算增加163.83万元»).
    assert list(doc) == ["schema", "source", "document", "tables", "facts", "checks", "summary", "warnings", "year_changes"]
    [change] = doc["year_changes"]
    assert (change["fact"], change["other_year"], change["direction"], change["change"]) == ("expenditure_total", 2020, 1, "163.83")
    assert doc["source"]["format"] == "text"
    assert doc["document"]["department"] == "灵寿县医疗保障局"
    assert doc["document"]["year"] == 2021
    assert doc["document"]["kind"] == "budget"
    assert fact(doc, "revenue_total") == {**fact(doc, "revenue_total"), "value": "3232.07", "unit": "万元", "yuan": "32320700.00"}
    assert fact(doc, "expenditure_total")["value"] == "3232.07"


def test_bytes_with_and_without_name():
    data = SEED.read_bytes()
    named = yusuan.extract(data, name="crawl/lingshou.txt")
    assert named["source"]["path"] == "crawl/lingshou.txt"
    unnamed = yusuan.extract(data, format="text")
    assert unnamed["source"]["path"] == "-"
    assert unnamed["tables"] == yusuan.extract(SEED)["tables"]


def test_amounts_as_decimal():
    doc = yusuan.extract(SEED, amounts="decimal")
    f = fact(doc, "revenue_total")
    assert f["value"] == Decimal("3232.07") and isinstance(f["value"], Decimal)
    assert f["yuan"] == Decimal("32320700.00")
    t = next(t for t in doc["tables"] if t["scale"] is not None)
    assert isinstance(t["scale"], Decimal)
    assert all(isinstance(v, Decimal) for r in t["rows"] for v in r["values"].values())
    # Strings by default: the dict is the JSON, never a float.
    plain = yusuan.extract(SEED)
    assert isinstance(fact(plain, "revenue_total")["value"], str)


def test_real_pdf(real_pdfs):
    doc = yusuan.extract(real_pdfs[0])
    assert doc["source"]["format"] == "pdf"
    assert doc["document"]["department"] == "上海市普陀区社会福利院"
    assert doc["document"]["year"] == 2024
    for key in ("revenue_total", "expenditure_total"):
        f = fact(doc, key)
        assert (f["value"], f["unit"]) == ("12121164", "元")
        assert Decimal(f["yuan"]) == Decimal("12121164")


def test_same_json_as_the_command_line(results, cli_out):
    for doc in results:
        stem = Path(doc["source"]["path"]).stem
        cli_doc = json.loads((cli_out / f"{stem}.json").read_text(encoding="utf-8"))
        assert doc == cli_doc, stem


@pytest.mark.parametrize(
    "source, fragment",
    [
        (b"%PDF-1.7\nthis is no pdf at all", "corrupt PDF"),
        ("热烈祝贺本届运动会圆满闭幕。\n".encode() * 20, "not a budget disclosure"),
        (b"   \n", "empty file"),
        (bytes(range(256)) * 64, "binary"),
    ],
)
def test_bad_input_raises(source, fragment):
    with pytest.raises(yusuan.ExtractError, match=fragment) as e:
        yusuan.extract(source, name="bad.bin")
    assert str(e.value).startswith("bad.bin: ")
    assert isinstance(e.value, ValueError)


def test_missing_file_and_wrong_arguments(tmp_path):
    with pytest.raises(yusuan.ExtractError, match="cannot read file"):
        yusuan.extract(tmp_path / "nowhere.pdf")
    with pytest.raises(TypeError):
        yusuan.extract(42)
    with pytest.raises(ValueError, match="format"):
        yusuan.extract(SEED, format="docx")
    with pytest.raises(ValueError, match="amounts"):
        yusuan.extract(SEED, amounts="float")
    with pytest.raises(ValueError, match="jobs"):
        yusuan.extract_many([SEED], jobs=0)


def test_extract_many_order_and_errors_as_values(real_pdfs, tmp_path):
    missing = tmp_path / "missing.pdf"
    junk = ("junk.bin", b"%PDF-1.4 nothing")
    # The biggest PDF first, so later (faster) inputs finish before it: the
    # order yielded must still be the input order.
    sources = [real_pdfs[2], SEED, missing, junk, real_pdfs[0], SEED.read_bytes()]
    out = list(yusuan.extract_many(sources, jobs=2))
    assert len(out) == len(sources)
    assert out[0]["source"]["path"] == str(real_pdfs[2])
    assert out[1]["source"]["path"] == str(SEED)
    assert yusuan.is_error(out[2]) and out[2]["file"] == str(missing)
    assert "cannot read file" in out[2]["error"]
    assert out[3] == {"file": "junk.bin", "error": out[3]["error"]} and "corrupt PDF" in out[3]["error"]
    assert out[4]["document"]["department"] == "上海市普陀区社会福利院"
    assert out[5]["source"]["path"] == "-" and out[5]["tables"] == out[1]["tables"]
    # The same documents one at a time.
    assert out[0] == yusuan.extract(real_pdfs[2])
    assert out[4] == yusuan.extract(real_pdfs[0])


def test_extract_many_is_lazy_and_can_stop_early(real_pdfs):
    it = yusuan.extract_many([SEED] * 50, jobs=2)
    first = next(it)
    assert first["document"]["department"] == "灵寿县医疗保障局"
    del it  # the workers stop taking inputs; nothing hangs


def test_gil_is_released(real_pdfs):
    """Two Python threads calling extract at once both finish, and a third
    keeps running Python code meanwhile (it could not while a holder of the
    GIL worked)."""
    done, ticks = [], []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.005)

    t0 = threading.Thread(target=tick)
    t0.start()
    def work():
        # several extractions, so the work outlasts a few ticks on a fast machine
        for _ in range(20):
            doc = yusuan.extract(real_pdfs[1])
        done.append(doc)

    workers = [threading.Thread(target=work) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    stop.set()
    t0.join()
    assert len(done) == 2 and done[0] == done[1]
    assert len(ticks) > 5


def test_all_real_pdfs_named_in_conftest_exist(real_pdfs):
    assert [p.name for p in real_pdfs] == REAL_PDFS
