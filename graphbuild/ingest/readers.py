"""One reader per input format, each turning text into Articles and Failures.

The `*_article` and `*_records` functions work on text already decoded, so they can be used
(and tested) without files; the `read_*` functions add the file handling.
"""

from __future__ import annotations

import csv
import html
import json
import logging
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import trafilatura

from graphbuild.ingest.clean import clean, clean_record_text
from graphbuild.ingest.dates import normalize_date
from graphbuild.ingest.source import Line, SourceError, iter_lines, read_document
from graphbuild.limits import LIMITS, Limits
from graphbuild.model import Article, Failure

if TYPE_CHECKING:
    from graphbuild.ingest import Fields

Result = Article | Failure
CSV_FIELD_LIMIT = 1 << 28  # whole articles fit in one field; the default 128 KiB does not
TITLE_MAX = 200
_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
log = logging.getLogger(__name__)


# Whole-document formats ----------------------------------------------------------------------


def txt_article(raw: str, doc_id: str, where: str) -> Result:
    """A plain-text article copied from a web page; the title is its first line if headline-like."""
    cleaned = clean(raw)
    if not cleaned.text:
        return Failure(where, "empty text")
    first = cleaned.text.split("\n", 1)[0]
    headline = len(first) < TITLE_MAX and not first.rstrip("\"'”’)").endswith(".")
    return Article(doc_id, cleaned.text, first if headline else "", cleaned.date)


def html_article(page: str, doc_id: str, where: str) -> Result:
    """The main content of a web page, with its title, date, canonical URL and site name."""
    try:
        doc = trafilatura.bare_extraction(
            page,
            with_metadata=True,
            # metadata and markup dates only: a bare year in a footer is not a publication date
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as e:  # a third-party parser on untrusted input: report, do not crash
        log.debug("trafilatura failed on %s", where, exc_info=True)
        return Failure(where, f"HTML extraction failed ({type(e).__name__}: {e})")
    text = clean(doc.text or "").text if doc is not None else ""
    if not text:  # nothing, or only navigation that cleaning removed
        return Failure(where, "no article text found")
    title = _clean_str(doc.title) or _page_title(page) or ""
    return Article(
        doc_id, text, title, normalize_date(doc.date), _clean_str(doc.url), _clean_str(doc.sitename)
    )


def _page_title(page: str) -> str | None:
    m = _HTML_TITLE.search(page)
    return _clean_str(html.unescape(m[1])) if m else None


def _clean_str(value: Any) -> str | None:
    """A one-line string with single spaces, or None when there is nothing in it."""
    if value is None:
        return None
    return " ".join(str(value).split()) or None


# Record formats ------------------------------------------------------------------------------


def record_article(record: dict[str, Any], where: str, default_id: str, fields: Fields,
                   limits: Limits = LIMITS) -> Result:
    """An Article from one JSON object or CSV row, using the configured field names; the
    record's other fields are kept as `extra` (strings; lists and objects as JSON)."""
    text = record.get(fields.text)
    if text is None:
        return Failure(where, f"missing text field {fields.text!r}")
    if not isinstance(text, str):
        return Failure(where, f"text field {fields.text!r} is not a string")
    text = clean_record_text(text)
    if not text:
        return Failure(where, "empty text")
    if len(text) > limits.article_chars:
        return Failure(where, article_error(len(text), limits))
    core = {fields.id, fields.title, fields.text, fields.date, fields.url, fields.source}
    extra = {str(k): v for k, value in record.items()
             if k not in core and (v := _as_str(value)) is not None}
    return Article(
        id=_as_str(record.get(fields.id)) or default_id,
        text=text,
        title=_as_str(record.get(fields.title)) or "",
        date=normalize_date(_as_str(record.get(fields.date))),
        url=_as_str(record.get(fields.url)),
        source=_as_str(record.get(fields.source)),
        extra=extra,
    )


def article_error(chars: int, limits: Limits) -> str:
    return (f"article of {chars:,} characters, longer than {limits.article_chars:,}"
            " (limit: --max-article-chars)")


def _as_str(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value
    return _clean_str(value)


def jsonl_records(lines: Iterable[Line], where: str, stem: str, fields: Fields,
                  limits: Limits = LIMITS) -> Iterator[Result]:
    """One Article per JSON-object line; a Failure for each line that is not one."""
    number = 0
    try:
        for line in lines:
            number = line.number
            at = f"{where}:{number}"
            if line.error:
                yield Failure(at, line.error)
                continue
            if not line.text.strip():
                continue
            try:
                record = json.loads(line.text.rstrip())  # keeps columns right
            except json.JSONDecodeError as e:
                yield Failure(at, f"invalid JSON ({e.msg} at column {e.colno})")
                continue
            except ValueError as e:  # e.g. an integer too long to convert
                yield Failure(at, f"invalid JSON ({e})")
                continue
            except RecursionError:
                yield Failure(at, "invalid JSON (nested too deeply)")
                continue
            if not isinstance(record, dict):
                yield Failure(at, f"not a JSON object ({type(record).__name__})")
                continue
            yield record_article(record, at, f"{stem}:{number}", fields, limits)
    except SourceError as e:
        yield Failure(f"{where}:{e.lines_read + 1}" if e.lines_read else where, e.reason)


class _RowTooLong(Exception):
    """The lines of one CSV row passed the record limit."""


def csv_records(lines: Iterable[Line], where: str, stem: str, fields: Fields,
                limits: Limits = LIMITS) -> Iterator[Result]:
    """One Article per CSV row after the header; positions are file line numbers (header = 1).
    The lines may skip some (a partition: the header's lines, then a later range).

    Quotes are read strictly: a row with an unterminated quote or a stray one (`"a"b`) is a
    Failure at its first line, and the lines it swallowed are read again, so a broken quote
    costs its own record, not the ones after it."""
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    source = iter(lines)
    again: deque[Line] = deque()  # lines a failed row took, to be read again
    taken: list[Line] = []  # the lines the reader took for the current row
    size = 0  # their bytes
    last = 0

    def texts() -> Iterator[str]:
        nonlocal last, size
        while line := again.popleft() if again else next(source, None):
            taken.append(line)
            last = line.number
            size += len(line.text.encode("utf-8", "surrogatepass"))
            if size > limits.record_bytes:
                raise _RowTooLong
            yield line.text

    reader = csv.reader(texts(), strict=True)
    header: list[str] | None = None
    while True:
        taken.clear()
        size = 0
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, _RowTooLong) as e:
            at = f"{where}:{taken[0].number if taken else last + 1}"
            if isinstance(e, _RowTooLong):  # read on after the lines it held
                yield Failure(at, limits.record_error("row"))
            else:
                yield Failure(at, f"invalid CSV ({e})")
                again.extendleft(reversed(taken[1:]))
            reader = csv.reader(texts(), strict=True)  # the old one may have met the end
            if not taken:  # nothing consumed: the reader cannot move on
                return
            continue
        except SourceError as e:
            yield Failure(f"{where}:{taken[0].number if taken else last + 1}" if e.lines_read
                          else where, e.reason)
            return
        at = f"{where}:{taken[0].number}"
        errors = [line.error for line in taken if line.error]
        if errors:
            yield Failure(at, errors[0])
            if header is None:
                return
            continue
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [name.strip() for name in row]
            if fields.text not in header:
                yield Failure(at, f"missing text field {fields.text!r} in the header")
                return
            continue
        if len(row) != len(header):
            yield Failure(at, f"row has {len(row)} fields, the header {len(header)}")
            continue
        yield record_article(dict(zip(header, row, strict=True)), at,
                             f"{stem}:{taken[0].number}", fields, limits)


# File readers --------------------------------------------------------------------------------


def read_txt(path: Path, stem: str, fields: Fields, limits: Limits) -> Iterator[Result]:
    yield _document(path, stem, txt_article, limits)


def read_html(path: Path, stem: str, fields: Fields, limits: Limits) -> Iterator[Result]:
    yield _document(path, stem, html_article, limits)


def read_jsonl(path: Path, stem: str, fields: Fields, limits: Limits) -> Iterator[Result]:
    lines = iter_lines(path, limits=limits)
    yield from _not_empty(jsonl_records(lines, str(path), stem, fields, limits), path)


def read_csv(path: Path, stem: str, fields: Fields, limits: Limits) -> Iterator[Result]:
    lines = iter_lines(path, limits=limits)
    yield from _not_empty(csv_records(lines, str(path), stem, fields, limits), path)


def _not_empty(results: Iterator[Result], path: Path) -> Iterator[Result]:
    # A file that gives nothing at all is reported, not silently skipped.
    empty = True
    for result in results:
        empty = False
        yield result
    if empty:
        yield Failure(str(path), "no records")


def _document(path: Path, stem: str, parse: Callable[[str, str, str], Result],
              limits: Limits) -> Result:
    try:
        text = read_document(path, limits)
    except SourceError as e:
        return Failure(str(path), e.reason)
    result = parse(text, stem, str(path))
    if isinstance(result, Article) and len(result.text) > limits.article_chars:
        return Failure(str(path), article_error(len(result.text), limits))
    return result
