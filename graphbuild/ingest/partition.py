"""The inputs cut into partitions that separate processes (Dask tasks) can read on their own.

A partition is a run of whole-document files (.txt, .html), or a range of lines of one
record file: for JSON Lines found from one pass over the file's bytes without parsing it; for
CSV, whose rows may span lines, from one pass of the csv module, cutting at the first line of
a row (each later partition reads the header's lines too). Reading every partition, in order,
gives exactly what `read_inputs` gives.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graphbuild.ingest import LIMITS, Fields, Limits, input_files, read_file, split_name
from graphbuild.ingest.readers import CSV_FIELD_LIMIT, csv_records, jsonl_records
from graphbuild.ingest.safe import safe
from graphbuild.ingest.source import Line, LineRange, SourceError, iter_lines, line_ranges
from graphbuild.model import Article, Failure

RECORD_FORMATS = (".jsonl", ".ndjson", ".csv")


@dataclass(frozen=True)
class Partition:
    """Whole files, or one line range of one record file (`lines`; for CSV after the first,
    `header` is the header row's lines)."""

    files: tuple[str, ...]
    lines: LineRange | None = None
    header: LineRange | None = None

    def __str__(self) -> str:
        if self.lines is None:
            return self.files[0] if len(self.files) == 1 else \
                f"{self.files[0]} and {len(self.files) - 1} more files"
        stop = "end" if self.lines.stop is None else self.lines.stop - 1
        return f"{self.files[0]}:{self.lines.first}-{stop}"


def partitions(paths: Iterable[str | Path], size: int,
               limits: Limits = LIMITS) -> Iterator[Partition | Failure]:
    """Partitions of about `size` articles, in input order; inputs that are no readable file
    of a known format are Failures, as `read_inputs` reports them. Paths are made absolute:
    the workers' working folder may not be this process's."""
    run: list[str] = []  # whole-document files waiting to fill a partition
    for item in input_files(Path(p).absolute() for p in paths):
        if isinstance(item, Failure):
            yield safe(item)
            continue
        ext = split_name(item.name)[1]
        if ext not in RECORD_FORMATS:
            run.append(str(item))
            if len(run) == size:
                yield Partition(tuple(run))
                run = []
            continue
        if run:  # keep the input order
            yield Partition(tuple(run))
            run = []
        if ext == ".csv":
            yield from _csv_partitions(item, size, limits)
            continue
        for lines in line_ranges(item, size, limits):
            whole = lines.first == 1 and lines.stop is None
            yield Partition((str(item),), None if whole else lines)
    if run:
        yield Partition(tuple(run))


class _Stop(Exception):
    """A line the scan will not cut after (it could not be decoded)."""


def _csv_partitions(path: Path, size: int, limits: Limits) -> Iterator[Partition]:
    """A CSV file cut every `size` rows, at a row's first line; the whole file if it cannot be
    cut (a header that is not one, a damaged line: the reader reports those)."""
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    taken: list[Line] = []  # the lines of the current row

    def texts() -> Iterator[str]:
        for line in iter_lines(path, limits=limits):
            if line.error:
                raise _Stop
            taken.append(line)
            yield line.text

    header: LineRange | None = None
    cuts: list[LineRange] = []  # where every partition after the first starts (stop unknown)
    rows = 0
    reader = csv.reader(texts(), strict=True)  # as csv_records reads it
    try:
        while True:
            taken.clear()
            row = next(reader, None)
            if row is None:
                break
            if not any(cell.strip() for cell in row):
                continue  # a blank row gives no record: only rows that do are counted
            if header is None:
                header = LineRange(1, taken[-1].number + 1, 0)
                continue
            if rows and rows % size == 0:
                cuts.append(LineRange(taken[0].number, None, taken[0].start))
            rows += 1
    except (_Stop, csv.Error, SourceError):
        pass  # what follows the last cut is one partition, read (and reported) as locally
    if not cuts:
        yield Partition((str(path),))
        return
    starts = [LineRange(1, None, 0), *cuts]
    for i, start in enumerate(starts):
        stop = starts[i + 1].first if i + 1 < len(starts) else None
        yield Partition((str(path),), LineRange(start.first, stop, start.offset),
                        header if i else None)


def read_partition(part: Partition, fields: Fields = Fields(),
                   limits: Limits = LIMITS) -> Iterator[Article | Failure]:
    """The Articles and Failures of one partition."""
    if part.lines is None:
        for path in part.files:
            yield from read_file(Path(path), fields, limits)
        return
    path = Path(part.files[0])  # read errors become Failures with their line, as for a file
    stem, ext = split_name(path.name)
    if ext == ".csv":
        lines = iter_lines(path, part.lines, limits)
        if part.header:
            lines = itertools.chain(iter_lines(path, part.header, limits), lines)
        yield from map(safe, csv_records(lines, str(path), stem, fields, limits))
    else:
        lines = iter_lines(path, part.lines, limits)
        yield from map(safe, jsonl_records(lines, str(path), stem, fields, limits))


def count_records(paths: Iterable[str | Path], limits: Limits = LIMITS) -> int:
    """How many articles the inputs hold, from the pass over their bytes that cuts them (no
    record is parsed): a progress bar's total. An input that cannot be read counts for none, a
    CSV file that cannot be cut for one."""
    return sum(len(p.files) if p.lines is None else 1
               for p in partitions(paths, 1, limits) if isinstance(p, Partition))
