"""Reading input files as bytes: plain or gzip, checked for binary content, decoded as UTF-8.

Whole-document formats read a file at once; record formats stream it line by line so that a
bad line (not UTF-8) costs one record, and a file cut short (corrupt gzip) keeps the lines read
before the damage. No file makes a reader hold more than `Limits.record_bytes` of it or read
more than `Limits.input_bytes` (a small gzip file can expand to gigabytes).
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from graphbuild.limits import LIMITS, Limits

HEAD = 8192  # NUL bytes this near the start mean a binary file
CHUNK = 1 << 16
BOM = b"\xef\xbb\xbf"
READ_ERRORS = (OSError, EOFError, zlib.error)  # EOFError and zlib.error: damaged gzip data


class SourceError(Exception):
    """A file that cannot be read (any further); the message is the Failure reason."""

    def __init__(self, reason: str, lines_read: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.lines_read = lines_read  # complete lines yielded before the error


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    text: str  # decoded; undecodable bytes replaced when `error` is set
    error: str | None = None
    start: int = 0  # byte offset in the file's (decompressed) bytes


def is_gzip(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def error_reason(error: BaseException) -> str:
    """The short form of a read error: the OS message, or what is wrong with the gzip data."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return f"corrupt gzip ({error})"


def read_document(path: Path, limits: Limits = LIMITS) -> str:
    """The whole text of a file; raises SourceError."""
    with _open(path) as f:
        data = bytearray()
        try:
            for chunk in _bounded(_checked(_chunks(f)), 0, limits):
                data += chunk
                if len(data) > limits.record_bytes:
                    raise SourceError(limits.record_error("file"))
        except READ_ERRORS as e:
            raise SourceError(error_reason(e)) from e
    text, error = decode(bytes(data.removeprefix(BOM)), len(BOM) if data.startswith(BOM) else 0)
    if error:
        raise SourceError(error)
    return text


def iter_lines(path: Path, part: LineRange | None = None,
               limits: Limits = LIMITS) -> Iterator[Line]:
    """The lines of a file (of `part` of it), streamed; raises SourceError when the file cannot
    be read on. A line longer than the limit comes with an error and no text."""
    first, stop, offset = (part.first, part.stop, part.offset) if part else (1, None, 0)
    with _open(path) as f:
        number = first - 1
        try:
            if offset:
                f.seek(offset)  # a gzip file is decompressed up to there, in C
            chunks = _chunks(f) if offset else _checked(_chunks(f))
            for raw in _split_lines(_bounded(chunks, offset, limits), limits.record_bytes):
                number += 1
                if stop is not None and number >= stop:
                    return
                if isinstance(raw, Skipped):
                    yield Line(number, "", limits.record_error("line"), offset)
                    offset += raw.size
                    continue
                body = raw[len(BOM) :] if number == 1 and raw.startswith(BOM) else raw
                text, error = decode(body, offset + len(raw) - len(body))
                yield Line(number, text, error, offset)
                offset += len(raw)
        except (*READ_ERRORS, SourceError) as e:
            if stop is not None and number >= stop - 1:
                return  # the damage is past this range: the next range reports it
            reason = e.reason if isinstance(e, SourceError) else error_reason(e)
            raise SourceError(reason, number) from e


@dataclass(frozen=True)
class LineRange:
    """Lines first..stop-1 (1-based) of a file; `offset` is the byte offset of line `first` in
    the file's (decompressed) bytes. stop None: to the end of the file."""

    first: int
    stop: int | None
    offset: int


def line_ranges(path: Path, size: int, limits: Limits = LIMITS) -> Iterator[LineRange]:
    """The file cut into ranges of `size` non-blank lines, from one pass over its bytes; the
    last range is open (stop None), also when the file cannot be read to its end, so that
    reading that range reports the error. Blank lines give no record: a range of them only
    would hide that a file has none."""
    first, offset, position, number, filled = 1, 0, 0, 0, 0
    pending: LineRange | None = None  # held back: it may turn out to be the last
    try:
        with _open(path) as f:
            chunks = _bounded(_checked(_chunks(f)), 0, limits)
            for number, raw in enumerate(_split_lines(chunks, limits.record_bytes), 1):
                if isinstance(raw, Skipped):  # a record: the reader reports it
                    position += raw.size
                    filled += 1
                else:
                    position += len(raw)
                    body = raw[len(BOM) :] if number == 1 and raw.startswith(BOM) else raw
                    filled += bool(body.decode("utf-8", "replace").strip())
                if filled == size:
                    if pending:
                        yield pending
                    pending = LineRange(first, number + 1, offset)
                    first, offset, filled = number + 1, position, 0
    except (SourceError, *READ_ERRORS):
        number = first  # the rest of the file is left to the reader, which reports the error
    if pending and number < first:  # the file ended right after the last full range
        yield LineRange(pending.first, None, pending.offset)
        return
    if pending:
        yield pending
    yield LineRange(first, None, offset)


def text_lines(text: str) -> Iterator[Line]:
    """Lines of an in-memory text, as iter_lines gives them (split on "\\n" only, ends kept)."""
    parts = text.split("\n")
    for number, part in enumerate(parts, 1):
        line = part if number == len(parts) else part + "\n"
        if line:
            yield Line(number, line)


def decode(data: bytes, offset: int = 0) -> tuple[str, str | None]:
    """Strict UTF-8 decoding; on error, the text with replacements and the Failure reason."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        reason = f"not UTF-8 (byte 0x{data[e.start]:02x} at offset {offset + e.start})"
        return data.decode("utf-8", "replace"), reason


def _open(path: Path) -> BinaryIO:
    try:
        return gzip.open(path, "rb") if is_gzip(path) else open(path, "rb")
    except OSError as e:
        raise SourceError(error_reason(e)) from e


def _chunks(f: BinaryIO) -> Iterator[bytes]:
    # read1: small steps, so a read error loses as little decoded data as possible
    while chunk := f.read1(CHUNK):  # type: ignore[attr-defined]
        yield chunk


def _checked(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks, after checking the first HEAD bytes for NUL (raises SourceError)."""
    head = bytearray()
    error: BaseException | None = None
    try:
        for chunk in chunks:
            head += chunk
            if len(head) >= HEAD:
                break
    except READ_ERRORS as e:  # re-raised after the data before it, so those lines are kept
        error = e
    if b"\0" in head[:HEAD]:
        raise SourceError("binary file")
    if head:
        yield bytes(head)
    if error is not None:
        raise error
    yield from chunks


@dataclass(frozen=True)
class Skipped:
    """A line longer than the limit, passed over without holding it: its length in bytes."""

    size: int


def _bounded(chunks: Iterator[bytes], offset: int, limits: Limits) -> Iterator[bytes]:
    """The chunks up to the input limit (`offset`: where they start in the file), then
    SourceError if the file goes on: the same bytes, whatever the chunks' sizes."""
    for chunk in chunks:
        if offset + len(chunk) > limits.input_bytes:
            yield chunk[: max(limits.input_bytes - offset, 0)]
            raise SourceError(limits.input_error())
        offset += len(chunk)
        yield chunk


def _split_lines(chunks: Iterator[bytes], longest: int) -> Iterator[bytes | Skipped]:
    buf = bytearray()
    skipped = 0  # bytes of a line too long to hold, passed over so far
    for chunk in chunks:
        search = len(buf)  # no newline before this point: it was searched already
        buf += chunk
        start = 0
        while (end := buf.find(b"\n", search)) >= 0:
            if skipped:
                yield Skipped(skipped + end + 1)
                skipped = 0
            elif end + 1 - start > longest:
                yield Skipped(end + 1 - start)
            else:
                yield bytes(buf[start : end + 1])
            start = search = end + 1
        del buf[:start]
        if len(buf) > longest:
            skipped += len(buf)
            buf.clear()
    if skipped:
        yield Skipped(skipped + len(buf))
    elif len(buf) > longest:
        yield Skipped(len(buf))
    elif buf:
        yield bytes(buf)
