"""Reading coded event files: plain, ``.gz`` and ``.zip`` files, folders of them, or stdin (``-``), streamed
line by line in constant memory, each row handed to the format's reader (loaders/gdelt.py, acled.py,
polecat.py) with its file name and line number.

What a reader yields for each row: a :class:`~graph.coded.CodedEvent`; an :class:`Unmapped` (a good row that
states no relation of the ontology: an event code or an actor that maps to nothing, see the README's
crosswalk tables); or a :class:`BadRow` naming the file, the line and what is wrong with it. A bad row never
stops the rows after it.
"""

from __future__ import annotations

import gzip
import io
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from graph.coded import CodedEvent


@dataclass(slots=True)
class BadRow:
    where: str  # "file.csv:12" (or a file name alone when the whole file is unreadable)
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(slots=True)
class Unmapped:
    reason: str  # what maps to nothing: "event code 042", "actor", "same actor"


Item = CodedEvent | BadRow | Unmapped


def links(mapping, a, b) -> list | Unmapped:
    """The relations one coded event gives between its actors ``a`` and ``b`` under a crosswalk row
    (``loaders.crosswalk.Mapping``: forward, reverse or both ways), or what maps to nothing."""
    if a is None or b is None:
        return Unmapped("actor")
    if a.key == b.key:
        return Unmapped("same actor")
    if mapping.direction == "reverse":
        a, b = b, a
    return [(a, mapping.type, b)] + ([(b, mapping.type, a)] if mapping.direction == "both" else [])
Reader = Callable[[str, IO[str]], Iterator[Item]]
DEFAULT_CONFIDENCE = {"gdelt": 0.5, "icews": 0.6, "polecat": 0.6, "acled": 0.9}


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and not child.name.startswith("."):
                yield child
    else:
        yield path


def open_texts(paths: Iterable[str]) -> Iterator[tuple[str, IO[str]] | BadRow]:
    """(name, text stream) for every file the paths name: members of a zip as ``file.zip:member``."""
    for raw in paths:
        if raw == "-":
            yield "stdin", io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline="")
            continue
        path = Path(raw)
        if not path.exists():
            yield BadRow(raw, "no such file or folder")
            continue
        for file in _files(path):
            try:
                if file.suffix.lower() == ".zip":
                    with zipfile.ZipFile(file) as zf:
                        for member in zf.infolist():
                            if not member.is_dir():
                                with zf.open(member) as binary:
                                    yield f"{file}:{member.filename}", _text(binary)
                elif file.suffix.lower() == ".gz":
                    with gzip.open(file, "rb") as binary:
                        yield str(file), _text(binary)
                else:
                    with open(file, "rb") as binary:
                        yield str(file), _text(binary)
            except (OSError, zipfile.BadZipFile, EOFError) as exc:  # unreadable or truncated archive
                yield BadRow(str(file), f"cannot be read: {exc}")


def _text(binary: IO[bytes] | gzip.GzipFile) -> IO[str]:
    return io.TextIOWrapper(binary, encoding="utf-8", errors="replace", newline="")


def read_events(paths: Iterable[str], reader: Reader) -> Iterator[Item]:
    """Every row of every file, as the format's reader makes it; an unreadable file is one BadRow."""
    for opened in open_texts(paths):
        if isinstance(opened, BadRow):
            yield opened
            continue
        name, stream = opened
        try:
            yield from reader(name, stream)
        except (OSError, EOFError, zipfile.BadZipFile) as exc:  # a compressed stream that breaks off mid-file
            yield BadRow(name, f"cannot be read to the end: {exc}")


def number(value: str, what: str, kind: type = float):
    """A number field, or None when empty; ValueError naming the field otherwise."""
    value = value.strip()
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a number") from None


def short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[:n] + "…"
