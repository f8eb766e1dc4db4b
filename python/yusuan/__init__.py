"""yusuan: Chinese government budget disclosures (部门预算 / 部门决算) to
canonical, reconciled JSON and research datasets, from Python.

The same Rust core as the ``yusuan`` command line, so a document gives the
same JSON from both::

    import yusuan
    doc = yusuan.extract("budget.pdf")          # one document -> dict
    doc["facts"][0]                             # {'key': 'revenue_total', 'value': '2081.40', ...}

    results = list(yusuan.extract_many(paths, jobs=4))   # parallel, in input order
    facts = yusuan.facts_frame(results)         # pandas, one row per fact
    cells = yusuan.cells_frame(results)         # pandas, one row per table cell

Amounts
    In the dicts every amount is a decimal **string** exactly as printed,
    thousands separators removed (``"2081.40"``), as in the canonical JSON
    (never a float), so ``json.dumps(doc)`` gives the command line's JSON back.
    ``amounts="decimal"`` turns them into :class:`decimal.Decimal` instead (table
    cells, ``scale``, fact ``value``/``yuan``, check ``expected``/``actual`` and
    blamed cells' ``value``). The frames hold :class:`decimal.Decimal` (exact;
    never float), or strings with ``amounts="str"``.

Errors
    :func:`extract` raises :class:`ExtractError`; :func:`extract_many` yields a
    failed input as ``{"file": ..., "error": ...}`` (the line the command line
    writes to ``errors.jsonl``) and goes on with the rest.
"""

from __future__ import annotations

import decimal
import json
import os
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Union

from . import _yusuan
from ._yusuan import SCHEMA, ExtractError

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__version__: str = _yusuan.__version__

__all__ = [
    "SCHEMA",
    "ExtractError",
    "__version__",
    "cells_frame",
    "extract",
    "extract_many",
    "facts_frame",
    "is_error",
]

Source = Union[str, "os.PathLike[str]", bytes]

_FORMATS = ("auto", "pdf", "text")
_AMOUNTS = ("str", "decimal")


def extract(
    source: Source,
    format: str = "auto",
    *,
    name: str | None = None,
    amounts: str = "str",
) -> dict[str, Any]:
    """Process one disclosure and return its canonical document as a dict.

    Parameters
    ----------
    source
        A path (``str`` or ``os.PathLike``) to a PDF or an extracted text
        (UTF-8, UTF-16 with BOM or GB18030/GBK), or the file's ``bytes``.
    format
        ``"auto"`` (a PDF when the bytes start with ``%PDF-``, else text),
        ``"pdf"`` or ``"text"``.
    name
        For ``bytes``: the path recorded as ``source.path`` (and so the
        ``document`` column of the frames); ``"-"`` when not given.
    amounts
        ``"str"`` (default): amounts are the decimal strings of the canonical
        JSON. ``"decimal"``: :class:`decimal.Decimal`.

    Returns
    -------
    dict
        The canonical document (``schema``, ``source``, ``document``,
        ``tables``, ``facts``, ``checks``, ``summary``, ``warnings``), keys in
        the order the command line writes them.

    Raises
    ------
    ExtractError
        The input could not be processed (not a budget disclosure, corrupt
        or password-protected PDF, scanned PDF without tesseract, unreadable
        file). The message names the file and the reason.

    The GIL is released while the document is processed.
    """
    _check(format, amounts)
    return _load(_yusuan.extract_json(source, format, name), amounts)


def extract_many(
    sources: Iterable[Source | tuple[str, bytes]],
    jobs: int | None = None,
    format: str = "auto",
    *,
    amounts: str = "str",
) -> Iterator[dict[str, Any]]:
    """Process many disclosures in parallel and yield their documents in input order.

    Parameters
    ----------
    sources
        Paths, ``bytes``, or ``(name, bytes)`` pairs (``name`` is recorded as
        ``source.path``). Folders are not walked: pass the files.
    jobs
        Worker threads (default: every core). The documents are processed in
        Rust on a thread pool of that size with the GIL released, while
        Python consumes the results; at most a few documents per worker wait
        finished, so memory stays bounded however long the list.
    format, amounts
        As for :func:`extract`.

    Yields
    ------
    dict
        One per input, in input order: the canonical document, or for an
        input that could not be processed ``{"file": ..., "error": ...}``
        (test with :func:`is_error`). A failure never stops the rest.
    """
    _check(format, amounts)
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"jobs must be a positive int or None, not {jobs!r}")
    native = _yusuan.ExtractMany(list(sources), jobs or 0, format)
    return _results(native, amounts)


def is_error(result: dict[str, Any]) -> bool:
    """True for the ``{"file", "error"}`` value :func:`extract_many` yields for a failed input."""
    return "error" in result and "schema" not in result


def facts_frame(results: Iterable[dict[str, Any]], *, amounts: str = "decimal") -> "pandas.DataFrame":
    """One row per fact per document: the command line's ``facts.csv`` as a DataFrame.

    Parameters
    ----------
    results
        Documents from :func:`extract` / :func:`extract_many`, or canonical
        JSON files of the command line loaded with ``json.load``. Error values
        are skipped.
    amounts
        ``"decimal"`` (default): ``value`` and ``yuan`` are
        :class:`decimal.Decimal` (exact); ``"str"``: the decimal strings.

    Returns
    -------
    pandas.DataFrame
        Columns ``document, department, year, kind, key, value, unit, yuan,
        path``, then the provenance columns of ``facts.csv``: ``scope``
        (``department`` | ``unit``), ``coverage`` (``本级`` | ``汇总`` as
        printed), ``sha256``, and the manifest's ``source_url``,
        ``region_code``, ``crawl_date``, ``caller_id``. ``document`` is the
        file stem as the command line names the document (for unnamed bytes,
        the first 16 hex digits of its sha256), ``path`` the source path.
        Text columns are pandas ``string`` (missing values ``<NA>``);
        ``year`` is ``Int64`` (nullable); ``value`` and ``yuan`` are object
        columns of Decimal (``yuan`` is missing for head counts, unit ``人``).
    """
    _check("auto", amounts)
    rows = []
    for doc in _documents(results):
        meta = doc.get("document") or {}
        head = (_document_id(doc), meta.get("department"), meta.get("year"), meta.get("kind"))
        path = doc["source"]["path"]
        tail = (path,) + _provenance(doc)
        for f in doc.get("facts", []):
            rows.append(head + (f["key"], _amount(f["value"], amounts), f["unit"], _amount(f.get("yuan"), amounts)) + tail)
    return _frame(rows, _FACT_COLUMNS, _FACT_DTYPES)


def cells_frame(results: Iterable[dict[str, Any]], *, amounts: str = "decimal") -> "pandas.DataFrame":
    """One row per table amount cell: the command line's ``cells.csv`` as a DataFrame.

    Parameters
    ----------
    results, amounts
        As for :func:`facts_frame`.

    Returns
    -------
    pandas.DataFrame
        Columns ``document, table, template, page, side, code, name, column,
        value, unit, yuan, path``, then as in ``cells.csv`` the document's
        ``department, year, kind`` and the provenance columns (as for
        :func:`facts_frame`). ``code`` is the classification code as
        text (``"2010101"``; leading digits matter, never a number); ``page``
        is ``Int64``; ``value`` is the printed amount and ``yuan`` the same
        in 元 (value × the table's scale, exact, computed by the core as for
        ``cells.csv``; missing when the table declares no unit), both Decimal.
    """
    _check("auto", amounts)
    rows = []
    for doc in _documents(results):
        doc_id = _document_id(doc)
        meta = doc.get("document") or {}
        tail = (doc["source"]["path"], meta.get("department"), meta.get("year"), meta.get("kind")) + _provenance(doc)
        for t in doc.get("tables", []):
            scale = None if t.get("scale") is None else str(t["scale"])
            for r in t.get("rows", []):
                head = (doc_id, t["id"], t.get("template"), r.get("page"), r.get("side"), r.get("code"), r.get("name"))
                for column, value in r.get("values", {}).items():
                    # The core's own product, so the digits match cells.csv.
                    yuan = None if scale is None else _yusuan.to_yuan(str(value), scale)
                    rows.append(head + (column, _amount(value, amounts), t.get("unit"), _amount(yuan, amounts)) + tail)
    return _frame(rows, _CELL_COLUMNS, _CELL_DTYPES)


# --- internals -------------------------------------------------------------

# The provenance columns of facts.csv / cells.csv (see schema/datasets.md),
# each from `document` or `source` of the canonical JSON.
_PROVENANCE = [
    ("scope", "document", "scope"),
    ("coverage", "document", "coverage"),
    ("sha256", "source", "sha256"),
    ("source_url", "source", "url"),
    ("region_code", "source", "region_code"),
    ("crawl_date", "source", "crawl_date"),
    ("caller_id", "source", "caller_id"),
]
_PROVENANCE_COLUMNS = [c for c, _, _ in _PROVENANCE]
_FACT_COLUMNS = ["document", "department", "year", "kind", "key", "value", "unit", "yuan", "path", *_PROVENANCE_COLUMNS]
_FACT_DTYPES = {
    "document": "string",
    "department": "string",
    "year": "Int64",
    "kind": "string",
    "key": "string",
    "value": object,
    "unit": "string",
    "yuan": object,
    "path": "string",
    **{c: "string" for c in _PROVENANCE_COLUMNS},
}
_CELL_COLUMNS = [
    "document", "table", "template", "page", "side", "code", "name", "column", "value", "unit", "yuan", "path",
    "department", "year", "kind", *_PROVENANCE_COLUMNS,
]
_CELL_DTYPES = {
    "document": "string",
    "table": "string",
    "template": "string",
    "page": "Int64",
    "side": "string",
    "code": "string",
    "name": "string",
    "column": "string",
    "value": object,
    "unit": "string",
    "yuan": object,
    "path": "string",
    "department": "string",
    "year": "Int64",
    "kind": "string",
    **{c: "string" for c in _PROVENANCE_COLUMNS},
}


def _provenance(doc: dict[str, Any]) -> tuple:
    return tuple((doc.get(part) or {}).get(key) for _, part, key in _PROVENANCE)


def _check(format: str, amounts: str) -> None:
    if format not in _FORMATS:
        raise ValueError(f"format must be one of {_FORMATS}, not {format!r}")
    if amounts not in _AMOUNTS:
        raise ValueError(f"amounts must be one of {_AMOUNTS}, not {amounts!r}")


def _results(native: Any, amounts: str) -> Iterator[dict[str, Any]]:
    for ok, text, reason in native:
        yield _load(text, amounts) if ok else {"file": text, "error": reason}


def _load(text: str, amounts: str) -> dict[str, Any]:
    doc = json.loads(text)
    if amounts == "decimal":
        _to_decimal(doc)
    return doc


def _to_decimal(doc: dict[str, Any]) -> None:
    """Every amount string of a canonical document to Decimal, in place."""
    for t in doc["tables"]:
        if t.get("scale") is not None:
            t["scale"] = Decimal(t["scale"])
        for r in t["rows"]:
            r["values"] = {k: Decimal(v) for k, v in r["values"].items()}
    for f in doc["facts"]:
        f["value"] = Decimal(f["value"])
        if f.get("yuan") is not None:
            f["yuan"] = Decimal(f["yuan"])
    for c in doc["checks"]:
        for k in ("expected", "actual"):
            c[k] = _maybe_decimal(c.get(k))
        for b in c.get("blame", []):
            if "value" in b:
                b["value"] = _maybe_decimal(b["value"])


def _maybe_decimal(s: Any) -> Any:
    """Check figures are amounts, but a prose comparison's may be a
    percentage (``"71.73%"``): those stay strings."""
    if s is None:
        return None
    try:
        return Decimal(s)
    except (decimal.InvalidOperation, TypeError, ValueError):
        return s


def _documents(results: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for r in results:
        if not isinstance(r, dict):
            raise TypeError(f"expected canonical documents (dicts), got {type(r).__name__}")
        if not is_error(r):
            yield r


def _document_id(doc: dict[str, Any]) -> str:
    """The command line names a document by its file stem (``facts.csv``'s
    ``document``); bytes without a name have no stem, so their content names them."""
    path = doc["source"]["path"]
    base = path.replace("\\", "/").rsplit("/", 1)[-1]
    if path == "-" or not base:
        return doc["source"]["sha256"][:16]
    stem, dot, _ = base.rpartition(".")
    return stem if dot and stem else base


def _amount(v: Any, amounts: str) -> Any:
    if v is None:
        return None
    return Decimal(str(v)) if amounts == "decimal" else str(v)


def _frame(rows: list[tuple], columns: list[str], dtypes: dict[str, Any]) -> "pandas.DataFrame":
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("yusuan's frames need pandas: pip install pandas") from e
    df = pd.DataFrame.from_records(rows, columns=columns)
    return df.astype(dtypes)
