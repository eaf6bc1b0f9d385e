"""read_inputs: every format, every failure, gzip, directory walks and custom field names."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

import graphbuild.ingest.source as source
from graphbuild.ingest import Fields, read_inputs, split_name
from graphbuild.model import Article, Failure

DATA = Path(__file__).parent / "data" / "ingest"
WEB_COPY = "WORLD\n3 MIN READ\nLeaders meet in Oslo\nMay 2, 2024\n\nThe talks began on Monday.\n"


def read(*paths: str | Path, **kwargs) -> list[Article | Failure]:
    return list(read_inputs(paths, **kwargs))


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def jsonl(*records: object) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


# Formats -------------------------------------------------------------------------------------


def test_txt_is_cleaned_with_stem_id_title_and_header_date(tmp_path: Path) -> None:
    [article] = read(write(tmp_path / "000_abc.txt", WEB_COPY))
    assert article == Article(
        "000_abc", "Leaders meet in Oslo\n\nThe talks began on Monday.", "Leaders meet in Oslo",
        "2024-05-02",
    )  # fmt: skip


def test_txt_title_only_when_the_first_paragraph_looks_like_a_headline(tmp_path: Path) -> None:
    [article] = read(write(tmp_path / "a.txt", "The talks began on Monday.\n\nThey ended late."))
    assert article.title == ""
    assert article.date is None


def test_html_main_content_and_metadata() -> None:
    [article] = read(DATA / "harbour_vote.html")
    assert isinstance(article, Article)
    assert article.id == "harbour_vote"
    assert article.title == "Harbour city council backs ferry terminal plan"
    assert article.date == "2023-03-03"
    assert article.url == "https://news.example.org/politics/harbour-vote"
    assert article.source == "Example News"
    assert "Mayor Irene Dalca, who proposed the plan" in article.text
    for furniture in ("Sport", "Subscribe", "All rights reserved", "Cookie"):
        assert furniture not in article.text
    assert "\n\n" in article.text and "\n\n\n" not in article.text


def test_html_title_falls_back_to_the_title_element(tmp_path: Path) -> None:
    body = "<p>" + "The assembly met on Tuesday and approved the budget after a long debate. " * 3
    page = f"<html><head><title>Budget &amp; vote</title></head><body>{body}</p></body></html>"
    [article] = read(write(tmp_path / "p.htm", page))
    assert article.title == "Budget & vote"
    assert article.date is None  # no date in metadata or markup: none guessed


def test_html_without_article_text(tmp_path: Path) -> None:
    path = write(tmp_path / "nav.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert read(path) == [Failure(str(path), "no article text found")]


def test_jsonl_records(tmp_path: Path) -> None:
    path = write(
        tmp_path / "news.jsonl",
        jsonl(
            {"id": "a1", "title": " Vote ", "text": "Body one.\r\n\n\n\nTwo.",
             "date": "2020-01-02T10:00:00Z", "url": "https://x.example/a", "source": "Wire",
             "extra": [1]},
            {"id": "", "text": "Body two.", "date": "March 3, 2021", "title": 7},
        )
        + "\n   \n"
        + jsonl({"text": "Body three.", "date": "sometime", "id": 12, "source": None}),
    )  # fmt: skip
    assert read(path) == [
        Article("a1", "Body one.\n\nTwo.", "Vote", "2020-01-02", "https://x.example/a", "Wire",
                {"extra": "[1]"}),  # other fields are kept, as strings
        Article("news:2", "Body two.", "7", "2021-03-03"),
        Article("12", "Body three."),
    ]


def test_csv_rows_with_multiline_and_huge_fields(tmp_path: Path) -> None:
    huge = "word " * 60_000  # 300 kB: over the csv module's default field limit
    path = write(
        tmp_path / "rows.csv",
        "\ufeffid,title,text,date\n"
        'c1,First,"Line one.\nLine two.",2019-05-06\n'
        "\n"
        f",Second,{huge},06 May 2019\n",
    )
    first, second = read(path)
    assert first == Article("c1", "Line one.\nLine two.", "First", "2019-05-06")
    assert second.id == "rows:5"  # the row starts on line 5 (header = line 1)
    assert second.date == "2019-05-06"
    assert len(second.text) == len(huge.strip())


def test_custom_fields(tmp_path: Path) -> None:
    fields = Fields(id="doc", title="headline", text="body", date="published", url="link")
    records = {"doc": "d1", "headline": "H", "body": "B.", "published": "2022-02-02", "link": "u"}
    expected = Article("d1", "B.", "H", "2022-02-02", "u")
    j = write(tmp_path / "a.ndjson", jsonl(records))
    c = write(tmp_path / "a.csv", ",".join(records) + "\n" + ",".join(records.values()) + "\n")
    assert read(j, c, fields=fields) == [expected, expected]
    assert read(j) == [Failure(f"{j}:1", "missing text field 'text'")]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("w.txt", WEB_COPY),
        ("w.html", (DATA / "harbour_vote.html").read_text()),
        ("w.jsonl", jsonl({"id": "1", "text": "One."}) + "{bad\n" + jsonl({"text": "Two."})),
        ("w.csv", "id,text\n1,One.\n2,\n3,Three.\n"),
    ],
)
def test_gzip_gives_the_same_results(tmp_path: Path, name: str, content: str) -> None:
    plain = read(write(tmp_path / "plain" / name, content))
    zipped = read(write(tmp_path / "gz" / (name + ".gz"), content))
    assert len(zipped) >= 1
    assert [r for r in zipped if isinstance(r, Article)] == [
        r for r in plain if isinstance(r, Article)
    ]
    assert [f.reason for f in zipped if isinstance(f, Failure)] == [
        f.reason for f in plain if isinstance(f, Failure)
    ]
    assert all(f.where.startswith(str(tmp_path / "gz" / name) + ".gz") for f in zipped
               if isinstance(f, Failure))  # fmt: skip


def test_split_name() -> None:
    assert split_name("a.jsonl.gz") == ("a", ".jsonl")
    assert split_name("x.y.TXT") == ("x.y", ".txt")
    assert split_name("Makefile") == ("Makefile", "")
    assert split_name(".env") == (".env", "")


# Failures ------------------------------------------------------------------------------------


def test_jsonl_bad_lines_fail_alone(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "ok1", "text": "First."}),
        '{"id": "broken", "text": ',
        "[1, 2]",
        json.dumps({"id": "nt"}),
        json.dumps({"id": "et", "text": " \n "}),
        json.dumps({"id": "ns", "text": ["a"]}),
        "[" * 100_000,
        json.dumps({"id": "ok2", "text": "Last."}),
    ]
    path = write(tmp_path / "mixed.jsonl", "\n".join(lines))
    w = str(path)
    assert read(path) == [
        Article("ok1", "First."),
        Failure(f"{w}:2", "invalid JSON (Expecting value at column 25)"),
        Failure(f"{w}:3", "not a JSON object (list)"),
        Failure(f"{w}:4", "missing text field 'text'"),
        Failure(f"{w}:5", "empty text"),
        Failure(f"{w}:6", "text field 'text' is not a string"),
        Failure(f"{w}:7", "invalid JSON (nested too deeply)"),
        Article("ok2", "Last."),
    ]


def test_jsonl_line_not_utf8(tmp_path: Path) -> None:
    good = jsonl({"text": "Fine."}).encode()
    path = write(tmp_path / "enc.jsonl.gz", good + b'{"text": "caf\xe9"}\n' + good)
    assert read(path) == [
        Article("enc:1", "Fine."),
        Failure(f"{path}:2", f"not UTF-8 (byte 0xe9 at offset {len(good) + 13})"),
        Article("enc:3", "Fine."),
    ]


def test_csv_bad_rows_fail_alone(tmp_path: Path) -> None:
    content = b"id,text\n1,One.\n2,caf\xe9\n3\n4,  \n5,Five.,extra\n6,Six.\n"
    path = write(tmp_path / "bad.csv", content)
    w = str(path)
    assert read(path) == [
        Article("1", "One."),
        Failure(f"{w}:3", "not UTF-8 (byte 0xe9 at offset 20)"),
        Failure(f"{w}:4", "row has 1 fields, the header 2"),
        Failure(f"{w}:5", "empty text"),
        Failure(f"{w}:6", "row has 3 fields, the header 2"),
        Article("6", "Six."),
    ]


def test_csv_without_a_text_column(tmp_path: Path) -> None:
    path = write(tmp_path / "h.csv", "id,body\n1,One.\n2,Two.\n")
    assert read(path) == [Failure(f"{path}:1", "missing text field 'text' in the header")]


def test_files_without_records(tmp_path: Path) -> None:
    paths = [
        write(tmp_path / n, c)
        for n, c in [
            ("e.jsonl", ""),
            ("b.jsonl", "\n \n"),
            ("h.csv", "id,text\n"),
            ("e.csv.gz", ""),
        ]
    ]
    assert read(*paths) == [Failure(str(p), "no records") for p in paths]


def test_not_utf8_document(tmp_path: Path) -> None:
    path = write(tmp_path / "latin.txt", "Café au lait.".encode("latin-1"))
    assert read(path) == [Failure(str(path), "not UTF-8 (byte 0xe9 at offset 3)")]


def test_bom_is_fine(tmp_path: Path) -> None:
    [article] = read(write(tmp_path / "bom.txt", "\ufeffA plain sentence."))
    assert article.text == "A plain sentence."


@pytest.mark.parametrize("name", ["bin.txt", "bin.html", "bin.jsonl", "bin.csv", "bin.csv.gz"])
def test_binary_file(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, b'{"text": "x"}\n\x00\x01\x02\xff' * 10)
    assert read(path) == [Failure(str(path), "binary file")]


def test_empty_text_after_cleaning(tmp_path: Path) -> None:
    path = write(tmp_path / "furniture.txt", "ADVERTISEMENT\nShare\n\n5 min read\n")
    empty = write(tmp_path / "empty.txt", "")
    assert read(path, empty) == [
        Failure(str(path), "empty text"),
        Failure(str(empty), "empty text"),
    ]


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.jsonl"
    assert read(path) == [Failure(str(path), "No such file or directory")]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Patched open: permissions do not stop root, who may run the tests.
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    path = write(tmp_path / "locked.jsonl", jsonl({"text": "x"}))
    monkeypatch.setattr(source, "open", denied, raising=False)
    assert read(path) == [Failure(str(path), "Permission denied")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_and_directory_by_permissions(tmp_path: Path) -> None:
    locked = write(tmp_path / "locked.txt", "text")
    closed = tmp_path / "closed"
    write(closed / "x.txt", "text")
    locked.chmod(0)
    closed.chmod(0)
    try:
        assert read(locked, closed) == [
            Failure(str(locked), "Permission denied"),
            Failure(str(closed), "Permission denied"),
        ]
    finally:
        closed.chmod(0o755)


def test_unlistable_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    closed = tmp_path / "closed"
    write(closed / "x.txt", "text")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == closed:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert read(tmp_path) == [Failure(str(closed), "Permission denied")]


def test_corrupt_gzip(tmp_path: Path) -> None:
    fake = tmp_path / "fake.txt.gz"
    fake.write_bytes(b"this is not gzip data at all")
    records = jsonl(*({"id": f"r{i}", "text": f"Record {i}. " * 50} for i in range(200)))
    whole = gzip.compress(records.encode())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    [fake_failure] = read(fake)
    *good, cut_failure = read(cut)
    assert fake_failure.where == str(fake)
    assert fake_failure.reason.startswith("corrupt gzip (Not a gzipped file")
    assert good and all(isinstance(a, Article) for a in good)
    assert [a.id for a in good] == [f"r{i}" for i in range(len(good))]
    assert cut_failure == Failure(
        f"{cut}:{len(good) + 1}",
        "corrupt gzip (Compressed file ended before the end-of-stream marker was reached)",
    )


def test_unknown_extension_when_given(tmp_path: Path) -> None:
    paths = [write(tmp_path / n, "x") for n in ("doc.pdf", "notes.md", "x.tar.gz", "Makefile")]
    assert read(*paths) == [
        Failure(str(paths[0]), "unknown extension '.pdf'"),
        Failure(str(paths[1]), "unknown extension '.md'"),
        Failure(str(paths[2]), "unknown extension '.tar.gz'"),
        Failure(str(paths[3]), "no extension"),
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")
def test_special_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert read(fifo) == [Failure(str(fifo), "not a regular file")]


# Directories ---------------------------------------------------------------------------------


def test_directory_walk_order_skips_and_stable_ids(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "Bee.")
    write(tmp_path / "a" / "2.jsonl", jsonl({"text": "Two."}, {"id": "x", "text": "Ex."}))
    write(tmp_path / "a" / "1.txt", "One.")
    write(tmp_path / "a" / "deeper" / "z.csv.gz", "text\nZed.\n")
    write(tmp_path / "c.csv", "text\nSea.\n")
    write(tmp_path / "d.xyz", "?")
    for skipped in (".hidden.txt", ".git/x.txt", "README", "README.txt", "notes.md", "a/Guide.MD"):
        write(tmp_path / skipped, "Not an input.")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing-target.txt")
    (tmp_path / "a" / "loop").symlink_to(tmp_path)

    results = read(tmp_path)
    assert [r.id if isinstance(r, Article) else r for r in results] == [
        "1",
        "2:1",
        "x",
        "z:2",
        "b",
        "c:2",
        Failure(str(tmp_path / "d.xyz"), "unknown extension '.xyz'"),
        Failure(str(tmp_path / "gone.txt"), "No such file or directory"),
    ]
    assert read(tmp_path) == results  # same ids, same order, every run


def test_paths_are_read_in_the_order_given(tmp_path: Path) -> None:
    b = write(tmp_path / "b.txt", "Bee.")
    a = write(tmp_path / "a.txt", "Ay.")
    assert [r.id for r in read(str(b), a)] == ["b", "a"]
