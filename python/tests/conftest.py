"""Shared paths and fixtures. The real PDFs are read in place from
../shared/real (beside the repository), never copied; the command line, when
built (target/release/yusuan, as `cargo test --release` leaves it, or
$YUSUAN_BIN), is the reference the Python results are compared with."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / "shared" / "real"
SEED = ROOT / "corpus" / "text" / "lingshou_ybj_2021_budget_cells.txt"

# Three real PDFs of different producers and kinds, small enough to keep the
# suite short: a unit budget in 元 (WPS 表格, 16 pages), a department budget
# (WPS 表格, 21 pages) and a department 决算 (ONLYOFFICE, 25 pages).
REAL_PDFS = [
    "putuo_flyuan_2024_budget_unit.pdf",
    "putuo_sfj_2026_budget_unit.pdf",
    "putuo_czj_2024_final.pdf",
]


def real(name: str) -> Path:
    p = REAL / name
    if not p.exists():
        pytest.skip(f"{p} not found (../shared/real beside the repository)")
    return p


@pytest.fixture(scope="session")
def real_pdfs() -> list[Path]:
    return [real(n) for n in REAL_PDFS]


@pytest.fixture(scope="session")
def cli() -> Path:
    """The command line built from the same sources, or skip."""
    env = os.environ.get("YUSUAN_BIN")
    for c in [env, ROOT / "target" / "release" / "yusuan", shutil.which("yusuan")]:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return Path(c)
    pytest.skip("the yusuan command line is not built (cargo build --release, or set YUSUAN_BIN)")


@pytest.fixture(scope="session")
def cli_out(cli: Path, real_pdfs: list[Path], tmp_path_factory) -> Path:
    """The command line's output folder for the real PDFs and the seed."""
    out = tmp_path_factory.mktemp("cli_out")
    r = subprocess.run(
        [str(cli), "extract", *map(str, real_pdfs), str(SEED), "--out", str(out), "-j", "2"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture(scope="session")
def results(real_pdfs: list[Path]) -> list[dict]:
    """The Python package's results for the same inputs, computed once."""
    import yusuan

    return list(yusuan.extract_many([*map(str, real_pdfs), str(SEED)], jobs=2))
