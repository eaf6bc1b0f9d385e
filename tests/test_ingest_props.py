"""Property: whatever the bytes or text, ingest yields Articles and Failures and never raises."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphbuild.ingest import Fields, read_inputs
from graphbuild.ingest.readers import csv_records, html_article, jsonl_records, txt_article
from graphbuild.ingest.source import text_lines
from graphbuild.model import Article, Failure

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXTENSIONS = [".txt", ".html", ".htm", ".jsonl", ".ndjson", ".csv"]
# Bytes that reach every branch: JSON and CSV syntax, NUL, invalid UTF-8, a BOM, newlines.
PIECES = st.sampled_from(
    [b"{", b"}", b'"text": ', b'"x"', b",", b"\n", b"\r\n", b'"', b"\x00", b"\xff", b"\xc3",
     b"\xef\xbb\xbf", b"<p>", b"</p>", b"text", b"Explore", b"[", b"1"]
)  # fmt: skip
CONTENT = st.one_of(st.binary(max_size=600), st.lists(PIECES, max_size=40).map(b"".join))


def check(results: list[object]) -> None:
    assert all(isinstance(r, Article | Failure) for r in results)
    for r in results:
        if isinstance(r, Article):
            assert r.text and r.text == r.text.strip()


@SETTINGS
@given(content=CONTENT, ext=st.sampled_from(EXTENSIONS), gz=st.sampled_from(["", "raw", "ok"]))
def test_any_file_content(content: bytes, ext: str, gz: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"f{ext}{'.gz' if gz else ''}"
        path.write_bytes(gzip.compress(content) if gz == "ok" else content)
        check(list(read_inputs([path])))
        check(list(read_inputs([tmp])))


TEXT = st.text(max_size=400)


@SETTINGS
@given(text=TEXT)
def test_txt_any_text(text: str) -> None:
    check([txt_article(text, "id", "where")])


@SETTINGS
@given(text=TEXT)
def test_html_any_text(text: str) -> None:
    check([html_article(text, "id", "where")])
    check([html_article(f"<html><body><article><p>{text}</p></article></body></html>", "i", "w")])


@SETTINGS
@given(text=TEXT, fields=st.sampled_from([Fields(), Fields(text="t", id="t")]))
def test_jsonl_any_text(text: str, fields: Fields) -> None:
    check(list(jsonl_records(text_lines(text), "w", "s", fields)))


@SETTINGS
@given(text=TEXT, fields=st.sampled_from([Fields(), Fields(text="t", id="t")]))
def test_csv_any_text(text: str, fields: Fields) -> None:
    check(list(csv_records(text_lines("id,text,t\n" + text), "w", "s", fields)))
    check(list(csv_records(text_lines(text), "w", "s", fields)))
