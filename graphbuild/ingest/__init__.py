"""Ingest: read articles from files and directories into Articles, reporting what fails.

Supported: .txt (web-page copy), .html/.htm (main content via trafilatura), .jsonl/.ndjson
and .csv (one record per line/row), and any of these gzipped (.jsonl.gz). Every format's text
is cleaned of page furniture by the same rules (clean.py).
Bad input never raises: it becomes a Failure with the file (and line) it came from. What
comes out is safe to store and export (safe.py: no lone surrogates, no control characters).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graphbuild.ingest.clean import clean_text
from graphbuild.ingest.readers import read_csv, read_html, read_jsonl, read_txt
from graphbuild.ingest.safe import safe
from graphbuild.ingest.source import error_reason
from graphbuild.limits import LIMITS, Limits
from graphbuild.model import Article, Failure

__all__ = ["LIMITS", "READERS", "Fields", "Limits", "clean_text", "input_files", "read_file",
           "read_inputs", "split_name"]


@dataclass(frozen=True)
class Fields:
    """Field names of .jsonl/.csv records."""

    id: str = "id"
    title: str = "title"
    text: str = "text"
    date: str = "date"
    url: str = "url"
    source: str = "source"


Reader = Callable[[Path, str, Fields, Limits], Iterator[Article | Failure]]
READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".csv": read_csv,
}


def read_inputs(
    paths: Iterable[str | Path], *, fields: Fields = Fields(), limits: Limits = LIMITS
) -> Iterator[Article | Failure]:
    """Articles and Failures from files and directories, in the order given, directories sorted."""
    for item in input_files(paths):
        if isinstance(item, Failure):
            yield safe(item)
        else:
            yield from read_file(item, fields, limits)


def input_files(paths: Iterable[str | Path]) -> Iterator[Path | Failure]:
    """The files `read_inputs` reads, in its order: each a regular file of a known format.
    What cannot be one (missing, unreadable, a FIFO, an unknown extension) is a Failure."""
    for path in paths:
        yield from _files(Path(path), set())


def read_file(path: Path, fields: Fields = Fields(),
              limits: Limits = LIMITS) -> Iterator[Article | Failure]:
    """The Articles and Failures of one file `input_files` gave."""
    stem, ext = split_name(path.name)
    yield from map(safe, READERS[ext](path, stem, fields, limits))


def split_name(name: str) -> tuple[str, str]:
    """(stem, format extension) of a file name: "a.jsonl.gz" -> ("a", ".jsonl")."""
    lower = name.lower()
    base = name[:-3] if lower.endswith(".gz") else name
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem:
        return base, ""
    return stem, "." + ext.lower()


def _files(path: Path, seen: set[str]) -> Iterator[Path | Failure]:
    try:
        mode = path.stat().st_mode
    except OSError as e:
        yield Failure(str(path), error_reason(e))
        return
    except ValueError:  # e.g. a NUL character in the name
        yield Failure(str(path), "invalid path")
        return
    if stat.S_ISDIR(mode):
        yield from _walk(path, seen)
    elif not stat.S_ISREG(mode):  # a FIFO or device would block or never end
        yield Failure(str(path), "not a regular file")
    else:
        stem, ext = split_name(path.name)
        if ext not in READERS:
            suffix = path.name[len(stem) :]
            yield Failure(str(path), f"unknown extension {suffix!r}" if suffix else "no extension")
        else:
            yield path


def _walk(directory: Path, seen: set[str]) -> Iterator[Path | Failure]:
    real = os.path.realpath(directory)
    if real in seen:  # a symlink back up the tree
        return
    seen.add(real)
    try:
        with os.scandir(directory) as entries:
            names = sorted(entry.name for entry in entries)
    except OSError as e:
        yield Failure(str(directory), error_reason(e))
        return
    for name in names:
        if _skipped(name):
            continue
        yield from _files(directory / name, seen)


def _skipped(name: str) -> bool:
    # Hidden files, and the READMEs and notes that sit next to data, are not inputs.
    lower = name.lower()
    return name.startswith(".") or lower.startswith("readme") or lower.endswith(".md")
