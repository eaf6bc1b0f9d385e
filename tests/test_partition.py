"""Partitions of the inputs (what Dask tasks read): reading them all, in order, gives exactly
what read_inputs gives."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphbuild.ingest import read_inputs
from graphbuild.ingest.partition import Partition, partitions, read_partition
from graphbuild.ingest.source import LineRange
from graphbuild.model import Failure

from .conftest import EXAMPLES


def via_partitions(paths: list[Path], size: int) -> list:
    out = []
    for part in partitions(paths, size):
        out += [part] if isinstance(part, Failure) else list(read_partition(part))
    return out


def record(i: int) -> str:
    return f'{{"id": "a{i}", "title": "Article {i}", "text": "Text number {i}."}}\n'


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    """Every format, bad records among good ones, a damaged gzip, a missing file."""
    lines = [record(i) for i in range(1, 12)]
    lines[3] = "{not json\n"
    lines[6] = "\n"
    (tmp_path / "news.jsonl").write_text("".join(lines), encoding="utf-8")
    body = "".join(record(i) for i in range(20, 27)).encode()
    (tmp_path / "more.jsonl.gz").write_bytes(gzip.compress(body))
    damaged = gzip.compress(body * 40)
    (tmp_path / "cut.jsonl.gz").write_bytes(damaged[: len(damaged) // 2])
    (tmp_path / "bad-utf8.ndjson").write_bytes(record(30).encode() + b'{"text": "\xff"}\n'
                                               + record(31).encode())
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "blank.jsonl").write_text("\n \n\n\n\n", encoding="utf-8")  # no records
    (tmp_path / "blank.csv").write_text("id,text\n\n,\n\n\n", encoding="utf-8")
    rows = ['c1,"two\nlines"', "c2,plain", ",", "c3,too,many", 'c4,"three\nlines\nhere"', "c5,x"]
    (tmp_path / "rows.csv").write_text("\n\nid,text\n" + "\n".join(rows * 3) + "\n",
                                       encoding="utf-8")
    (tmp_path / "bad-utf8.csv").write_bytes(b"id,text\nd1,one\nd2,\xff\nd3,\"x\ny\"\nd4,four\n")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    return [EXAMPLES, tmp_path, tmp_path / "missing.jsonl"]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 1000])
def test_partitions_read_what_read_inputs_reads(corpus: list[Path], size: int):
    expected = list(read_inputs(corpus))
    assert via_partitions(corpus, size) == expected
    assert sum(isinstance(x, Failure) for x in expected) >= 8  # the bad inputs were reached


def test_a_jsonl_file_is_cut_into_line_ranges_with_byte_offsets(tmp_path: Path):
    path = tmp_path / "seven.jsonl"
    path.write_text("".join(record(i) for i in range(1, 8)), encoding="utf-8")
    parts = list(partitions([path], 3))
    size = len(record(1).encode())  # records 1-7 have the same length
    assert parts == [
        Partition((str(path),), LineRange(1, 4, 0)),
        Partition((str(path),), LineRange(4, 7, 3 * size)),
        Partition((str(path),), LineRange(7, None, 6 * size)),
    ]
    assert [a.id for a in read_partition(parts[1])] == ["a4", "a5", "a6"]
    assert str(parts[1]) == f"{path}:4-6" and str(parts[2]) == f"{path}:7-end"


def test_whole_document_files_are_grouped_in_input_order():
    parts = list(partitions([EXAMPLES], 4))
    files = sorted(str(p.absolute()) for p in EXAMPLES.iterdir() if p.suffix != ".md")
    assert [f for part in parts for f in part.files] == files
    assert all(len(part.files) <= 4 for part in parts)


def test_relative_paths_become_absolute(monkeypatch, tmp_path: Path):
    (tmp_path / "a.txt").write_text("Some article text.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert list(partitions(["a.txt"], 10)) == [Partition((str(tmp_path / "a.txt"),))]


CSV_LINES = st.lists(st.sampled_from([
    b"id,text\n", b"x1,some text\n", b'x2,"quoted\n', b'still quoted"\n', b"\n", b",\n",
    b"x3,a,b\n", b"x4,\xff\n", b'x5,"bad"quote\n', b"\x00\n", b"x6,last",
]), max_size=30)  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=CSV_LINES, size=st.integers(1, 6), gz=st.booleans())
def test_any_csv_file_any_partition_size(lines: list[bytes], size: int, gz: bool):
    data = b"id,text\n" + b"".join(lines)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("f.csv.gz" if gz else "f.csv")
        path.write_bytes(gzip.compress(data) if gz else data)
        assert via_partitions([path], size) == list(read_inputs([path]))


def test_a_csv_file_is_cut_at_rows_and_later_parts_read_the_header(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text('id,text\nr1,"a\nb"\nr2,c\nr3,"d\ne"\nr4,f\n', encoding="utf-8")
    parts = list(partitions([path], 2))
    assert [(p.lines.first, p.lines.stop) for p in parts] == [(1, 5), (5, None)]
    assert parts[0].header is None and parts[1].header == LineRange(1, 2, 0)
    assert [(a.id, a.text) for a in read_partition(parts[1])] == [("r3", "d\ne"), ("r4", "f")]


LINES = st.lists(st.sampled_from([
    record(1).encode(), record(2).encode(), b"\n", b"{bad\n", b'{"text": "\xff"}\n', b"[1]\n",
    b'{"text": ""}\n', b"\xef\xbb\xbf" + record(3).encode(), record(4).encode().rstrip(b"\n"),
]), max_size=30)  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=LINES, size=st.integers(1, 6), gz=st.booleans(), cut=st.integers(0, 60))
def test_any_jsonl_file_any_partition_size(lines: list[bytes], size: int, gz: bool, cut: int):
    data = b"".join(lines)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("f.jsonl.gz" if gz else "f.jsonl")
        # cut: a gzip file damaged at the end (some lines are readable, then an error).
        path.write_bytes(gzip.compress(data)[: -cut or None] if gz else data)
        assert via_partitions([path], size) == list(read_inputs([path]))
