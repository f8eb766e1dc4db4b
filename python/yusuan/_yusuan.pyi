"""Type stubs of the native module (Rust, PyO3). Use the functions of the
``yusuan`` package; these are its building blocks."""

import os
from typing import Iterable, Iterator, Literal, Optional, Tuple, Union

__version__: str
SCHEMA: str

class ExtractError(ValueError):
    """An input could not be processed; the message names the file and the reason."""

_Source = Union[str, os.PathLike[str], bytes]

def extract_json(
    source: _Source,
    format: Literal["auto", "pdf", "text"] = "auto",
    name: Optional[str] = None,
) -> str:
    """The canonical JSON text of one input (as the command line writes it).

    Raises ExtractError when the input cannot be processed. The GIL is
    released while it runs."""

class ExtractMany(Iterator[Tuple[bool, str, Optional[str]]]):
    """Results of many inputs, processed in parallel on a rayon pool of
    ``jobs`` threads (0: every core), yielded in input order:
    ``(True, json_text, None)`` or ``(False, file, reason)``."""

    def __init__(
        self,
        sources: Iterable[Union[_Source, Tuple[str, bytes]]],
        jobs: int = 0,
        format: Literal["auto", "pdf", "text"] = "auto",
    ) -> None: ...
    def __iter__(self) -> "ExtractMany": ...
    def __next__(self) -> Tuple[bool, str, Optional[str]]: ...
    def __len__(self) -> int: ...

def to_yuan(value: str, scale: str) -> Optional[str]:
    """value × scale in 元 as the command line's cells.csv writes it."""
