"""Properties: whatever the bytes or text, ingest yields Articles and Failures and never raises;
cleaning is idempotent and leaves well-formed text."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphbuild.ingest import Fields, clean_text, read_inputs
from graphbuild.ingest.clean import clean_record_text
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


# Pieces of article text and of the furniture around and inside it.
FURNITURE = st.sampled_from(
    ["Joe Biden ", "Joe BidenJoe ", "Biden", " MORE", "MORE ", "(AP Photo/Jo Roe)", "Getty Images ",
     " Ad Policy", "\n", "\n\n", ". ", "Sign up for our newsletter. ", "READ MORE:", "By Jane Doe",
     "Related: ", "ADVERTISEMENT", " is a senior fellow at X.", "Trump Donald John TrumpTrump ",
     "said the senator", "(RELATED: X)", "Copyright 2020 AP", "— Jo Roe", "WORLD", "  ", "\t",
     " (R-Ky.)", ",", "’s", "Jan. 2, 2020", "Explore", "\u200b"]
)  # fmt: skip
PROSE = st.one_of(TEXT, st.lists(FURNITURE, max_size=40).map("".join))


@SETTINGS
@given(text=PROSE)
def test_record_cleaning_is_idempotent_and_well_formed(text: str) -> None:
    cleaned = clean_record_text(text)
    assert clean_record_text(cleaned) == cleaned
    assert "  " not in cleaned
    assert all(line == line.strip() for line in cleaned.split("\n"))


@SETTINGS
@given(text=PROSE)
def test_web_copy_cleaning_is_idempotent(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
