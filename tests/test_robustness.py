"""Hostile input reaches the store and every export without a traceback (issue: robustness):
lone surrogates, file names that are not UTF-8, control characters; real files through the
command line, then arbitrary unicode through ingest, extraction, the store and the exporters."""

from __future__ import annotations

import csv
import gzip
import html
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphbuild.build import build
from graphbuild.cli import main
from graphbuild.export.files import read_graphml, write_graphml, write_json
from graphbuild.export.gexf import write_gexf
from graphbuild.export.html import write_html
from graphbuild.graph import from_store
from graphbuild.store import Store


def run(tmp_path: Path, *inputs: Path, graphml: bool = True):
    out = tmp_path / "g.graphml"
    args = ["build", *map(str, inputs), "--db", str(tmp_path / "g.db")]
    result = CliRunner().invoke(main, args + (["--graphml", str(out)] if graphml else []))
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_a_lone_surrogate_loses_no_record(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id":"s1","text":"Joe Biden backs Kamala Harris \\ud800."}\n'
                    '{"id":"s2","text":"Nancy Pelosi backs Joe Biden."}\n', encoding="utf-8")
    result = run(tmp_path, path)
    assert "articles read: 2, stored: 2" in result.output and result.exit_code == 0


def test_a_file_name_that_is_not_utf8_loses_no_file(tmp_path):
    folder = tmp_path / "n"
    folder.mkdir()
    (folder / "a.txt").write_text("Joe Biden endorsed Kamala Harris for president.")
    with open(os.path.join(os.fsencode(folder), b"bad\xffname.txt"), "w") as f:
        f.write("Nancy Pelosi endorsed Joe Biden for president.")
    result = run(tmp_path, folder)
    assert "articles read: 2, stored: 2" in result.output


def test_control_characters_never_reach_the_exports(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "c\x01", "title": "A\x00B", "source": "W\x07",
                                "text": "Joe\x00 Biden backs Kamala\x07 Harris for president."})
                    + "\n", encoding="utf-8")
    run(tmp_path, path)
    names = {d["name"] for _, d in read_graphml(tmp_path / "g.graphml").nodes(data=True)}
    assert {"Joe Biden", "Kamala Harris"} <= names


TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=80)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(fields=st.fixed_dictionaries({"id": TEXT, "title": TEXT, "source": TEXT, "bias": TEXT,
                                     "date": TEXT}),
       noise=TEXT)
def test_any_unicode_goes_through_store_and_every_export(extractor, fields, noise):
    """The same record as JSON Lines, CSV, plain text and HTML: every reader, the extractor,
    the store and every file exporter (Neo4j: test_neo4j.py) end without a traceback."""
    record = {**fields, "text": f"Joe Biden backs Kamala Harris {noise}. {noise} Nancy Pelosi."}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = folder / "in"
        inputs.mkdir()
        (inputs / "r.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8",
                                        errors="surrogatepass")
        with open(inputs / "r.csv", "w", newline="", encoding="utf-8",
                  errors="surrogatepass") as f:
            csv.writer(f).writerows([list(record), list(record.values())])
        (inputs / "r.txt").write_text(f"{record['title']}\n\n{record['text']}",
                                      encoding="utf-8", errors="surrogatepass")
        (inputs / "r.html").write_text(
            f"<html><head><title>{html.escape(record['title'])}</title></head><body><article>"
            f"<p>{html.escape(record['text'])}</p></article></body></html>",
            encoding="utf-8", errors="surrogatepass")
        with Store(folder / "g.db") as store:
            report = build([inputs], store, extractor=extractor)
            g = from_store(store)
        assert report.read + len(report.failures) == 4
        for write, name in ((write_graphml, "g.graphml"), (write_json, "g.json"),
                            (write_gexf, "g.gexf"), (write_html, "g.html")):
            write(g, folder / name)
        assert read_graphml(folder / "g.graphml").number_of_nodes() == g.number_of_nodes()


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    from tests.conftest import EXAMPLES

    db = tmp_path_factory.mktemp("full") / "g.db"
    assert CliRunner().invoke(main, ["build", str(EXAMPLES), "--db", str(db)]).exit_code == 0
    return db


def _limit_file_size():  # in the child: writes past 40 KB fail (EFBIG), as on a full disk
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))


@pytest.mark.parametrize("fmt", ["html", "graphml", "json", "gexf"])
def test_an_export_that_cannot_be_written_leaves_the_previous_file(sample_db, tmp_path, fmt):
    import subprocess
    import sys

    out = tmp_path / f"graph.{fmt}"
    cmd = [sys.executable, "-m", "graphbuild", "export", fmt, "--db", str(sample_db),
           "--out", str(out)]
    subprocess.run(cmd, check=True, capture_output=True)
    good = out.read_bytes()
    assert len(good) > 40_000
    failed = subprocess.run(cmd, capture_output=True, text=True, preexec_fn=_limit_file_size)
    assert failed.returncode != 0
    assert failed.stderr.count("\n") == 1 and "[E053]" in failed.stderr, failed.stderr
    assert out.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no half-written file left


def test_every_failure_is_written_and_each_shown_on_one_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [json.dumps({"id": f"bad{i}", "text": ""}) for i in range(25)]
    lines.append(json.dumps({"id": "good", "text": "Senator Bernie Sanders endorsed Joe Biden."}))
    (folder / "r.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "a\nb.xyz").write_text("not an article")  # a newline in a file name
    out = tmp_path / "failures.jsonl"
    result = CliRunner().invoke(main, ["build", str(folder), "--db", str(tmp_path / "g.db"),
                                       "--failures", str(out)])
    assert result.exit_code == 1 and "stored: 1" in result.output
    shown = [line for line in result.output.splitlines() if line.startswith("failed: ")]
    assert len(shown) == 20 and "... and 6 more failures (--failures FILE" in result.output
    assert any("a\\nb.xyz: unknown extension" in line for line in shown)
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(written) == 26 and {"where", "reason"} == set(written[0])
    assert any(w["where"].endswith("a\nb.xyz") for w in written)


# -- limits: no input stalls a build or fills its memory -------------------------------------

GOOD = '{"id": "good", "text": "Nancy Pelosi backs Joe Biden."}\n'


@pytest.fixture(scope="module")
def gzip_bomb(tmp_path_factory) -> Path:
    """1 MB of gzip that expands to 1 GiB of "a" with no line break (the issue's case)."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.gz"
    block = b"a" * (1 << 24)
    with gzip.open(path, "wb", compresslevel=1) as f:
        for _ in range(64):
            f.write(block)
    return path


@pytest.mark.parametrize("name", ["bomb.txt.gz", "bomb.jsonl.gz"])
def test_a_gzip_bomb_is_one_failure_and_the_good_record_stays(gzip_bomb, tmp_path, name):
    bomb = tmp_path / name
    bomb.symlink_to(gzip_bomb)
    good = tmp_path / "good.jsonl"
    good.write_text(GOOD, encoding="utf-8")
    result = run(tmp_path, bomb, good, graphml=False)
    assert result.exit_code == 1 and "articles read: 1, stored: 1" in result.output
    where = f"{bomb}:1" if name.endswith("jsonl.gz") else str(bomb)
    what = "line" if name.endswith("jsonl.gz") else "file"
    assert f"failed: {where}: {what} longer than 16,777,216 bytes (limit: --max-record-bytes)" \
        in result.output


def test_the_input_limit_keeps_the_records_before_it(tmp_path):
    path = tmp_path / "many.jsonl"
    record = json.dumps({"text": "Nancy Pelosi backs Joe Biden. " + "x" * 1000}) + "\n"
    path.write_text(record * 3000, encoding="utf-8")  # 3.1 MB
    out = CliRunner().invoke(main, ["extract", str(path), "--max-input-bytes", "1M"])
    assert out.exit_code == 1
    kept = len(out.stdout.splitlines())
    assert kept == (1 << 20) // len(record)
    assert out.stderr.strip() == (f"failed: {path}:{kept + 1}: more than 1,048,576 bytes "
                                  "(limit: --max-input-bytes); the rest of the file is not read")


def test_an_article_over_the_character_limit_is_reported_and_the_rest_read(tmp_path):
    path = tmp_path / "long.jsonl"
    long = " ".join(["Nancy Pelosi backs Joe Biden."] * 40)  # 1,199 characters
    path.write_text(json.dumps({"id": "long", "text": long}) + "\n" + GOOD, encoding="utf-8")
    out = CliRunner().invoke(main, ["extract", str(path), "--max-article-chars", "1000"])
    assert [json.loads(line)["doc_id"] for line in out.stdout.splitlines()] == ["good"]
    assert out.stderr.strip() == (f"failed: {path}:1: article of 1,199 characters, longer than "
                                  "1,000 (limit: --max-article-chars)")
    assert out.exit_code == 1


@pytest.mark.parametrize("closed_later", [True, False])
def test_an_unterminated_csv_quote_costs_its_own_row_only(tmp_path, closed_later):
    """Row 2's quote never closes: the csv module used to take row 3 into it, silently."""
    third = '3,"Mike Pence backs Donald Trump.",http://three' if closed_later else \
        "3,Mike Pence backs Donald Trump.,http://three"
    path = tmp_path / "q.csv"
    path.write_text("id,text,url\n1,Joe Biden backs Kamala Harris.,http://one\n"
                    '2,"Nancy Pelosi backs Joe Biden.,http://two\n' + third + "\n",
                    encoding="utf-8")
    out = CliRunner().invoke(main, ["extract", str(path)])
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert [(r["doc_id"], r["subject"]) for r in records] == [("1", "Joe Biden"),
                                                              ("3", "Mike Pence")]
    reason = "',' expected after '\"'" if closed_later else "unexpected end of data"
    assert out.stderr.strip() == f"failed: {path}:3: invalid CSV ({reason})"
    assert out.exit_code == 1


# -- processes: a killed worker or parent loses nothing and leaves nothing behind -------------


@pytest.fixture(scope="module")
def wikinews_60(shared_data, tmp_path_factory) -> Path:
    """60 real Wikinews articles: long enough a --workers 2 build to signal it mid-run."""
    path = tmp_path_factory.mktemp("wikinews") / "w60.jsonl"
    with open(shared_data / "wikinews" / "articles.jsonl", encoding="utf-8") as f:
        path.write_text("".join(itertools.islice(f, 60)), encoding="utf-8")
    return path


def start_build(inputs: Path, db: Path,
                workers: int = 2) -> tuple[subprocess.Popen, list[psutil.Process]]:
    """A build in its own process, once it extracts (the store holds an article)."""
    proc = subprocess.Popen([sys.executable, "-m", "graphbuild", "build", str(inputs), "--db",
                             str(db), "--workers", str(workers)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists() and _stored(db) > 0:
            return proc, psutil.Process(proc.pid).children()
        time.sleep(0.2)
    proc.kill()
    pytest.fail(f"the build stored nothing within 120 s: {proc.communicate()}")


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
            return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # not created yet
        return 0


def test_a_killed_build_loses_only_the_articles_in_flight(wikinews_60, tmp_path):
    """One process: it used to hold a whole memory zone's 256 results, so `kill -9` after 40
    of 50 seconds left nothing stored."""
    db = tmp_path / "w.db"
    proc, _ = start_build(wikinews_60, db, workers=1)
    time.sleep(3)  # some more articles
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    kept = _stored(db)
    assert 0 < kept < 60
    done = cli("build", str(wikinews_60), "--db", str(db))
    assert done.returncode == 0
    assert f"articles read: 60, stored: {60 - kept}, skipped (unchanged): {kept}" in done.stdout


def test_a_killed_worker_is_replaced_and_no_article_lost(wikinews_60, tmp_path):
    proc, workers = start_build(wikinews_60, tmp_path / "w.db")
    assert len(workers) >= 2
    workers[0].send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "articles read: 60, stored: 60" in out and "Traceback" not in err
    assert "a worker process died" in err
    assert _stored(tmp_path / "w.db") == 60


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_exit_when_their_build_is_killed(wikinews_60, tmp_path, sig):
    proc, workers = start_build(wikinews_60, tmp_path / "w.db")
    proc.send_signal(sig)
    proc.wait(timeout=30)
    _, alive = psutil.wait_procs(workers, timeout=10)
    alive = [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]
    assert not alive, f"orphaned workers: {alive}"


# -- the store: damaged, read-only, on a full disk: one line, never a traceback ---------------


@pytest.fixture
def tmpfs(tmp_path):
    """A real tmpfs of 1 MiB: a disk to fill, or to remount read-only."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1M", "tmpfs", str(mnt)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.strip()}")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=True)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graphbuild", *args], capture_output=True,
                          text=True, timeout=300)


def one_error(done: subprocess.CompletedProcess, code: str) -> str:
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith(f"graphbuild: error: [{code}] "), line
    return line


def test_a_full_disk_stops_the_build_with_one_line_and_keeps_what_was_stored(tmpfs,
                                                                            wikinews_60):
    db = tmpfs / "g.db"
    line = one_error(cli("build", str(wikinews_60), "--db", str(db)), "E024")
    assert "full" in line, line
    subprocess.run(["mount", "-o", "remount,size=20M", str(tmpfs)], check=True)
    kept = _stored(db)
    assert 0 < kept < 60
    done = cli("build", str(wikinews_60), "--db", str(db))  # the disk has room again: resume
    assert done.returncode == 0 and f"articles read: 60, stored: {60 - kept}" in done.stdout


def test_a_read_only_store_is_read_and_refuses_writes_in_one_line(tmpfs, sample_db, tmp_path):
    from tests.conftest import EXAMPLES

    db = tmpfs / "g.db"
    db.write_bytes(sample_db.read_bytes())
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    stats = cli("stats", "--db", str(db))
    assert stats.returncode == 0 and "actors:" in stats.stdout, stats.stderr
    assert cli("export", "json", "--db", str(db), "--out", str(tmp_path / "g.json")).returncode == 0
    assert oct((tmp_path / "g.json").stat().st_mode & 0o777) == "0o644"  # not mkstemp's 0600
    new = tmp_path / "new.txt"
    new.write_text("Senator Bernie Sanders endorsed Joe Biden for president.", encoding="utf-8")
    assert one_error(cli("build", str(EXAMPLES), str(new), "--db", str(db)), "E024") == \
        f"graphbuild: error: [E024] {db}: attempt to write a readonly database"
    assert one_error(cli("build", str(new), "--db", str(tmpfs / "other.db")), "E025") == \
        f"graphbuild: error: [E025] {tmpfs / 'other.db'}: cannot create the store (its folder " \
        "cannot be written)"


def test_a_damaged_store_is_one_line(sample_db, tmp_path):
    dropped = tmp_path / "dropped.db"
    dropped.write_bytes(sample_db.read_bytes())
    with sqlite3.connect(dropped) as con:
        con.execute("DROP TABLE relations")
    assert one_error(cli("stats", "--db", str(dropped)), "E026") == (
        f"graphbuild: error: [E026] {dropped}: a damaged graphbuild database (no table "
        "relations); rebuild it into a new file")
    overwritten = tmp_path / "overwritten.db"
    data = bytearray(sample_db.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = b"garbage!" * 1024  # pages of the tables, not the schema
    overwritten.write_bytes(bytes(data))
    for command in (["stats"], ["export", "json", "--out", str(tmp_path / "x.json")]):
        assert one_error(cli(*command, "--db", str(overwritten)), "E024") == \
            f"graphbuild: error: [E024] {overwritten}: database disk image is malformed"


def test_a_csv_row_over_the_record_limit_is_reported_and_the_next_rows_read(tmp_path):
    path = tmp_path / "long.csv"
    body = "\n".join(["Nancy Pelosi backs Joe Biden. " * 10] * 4)  # 4 lines, 1.2 KB in all
    path.write_text(f'id,text\nlong,"{body}"\ngood,Senator Bernie Sanders endorsed Joe Biden.\n',
                    encoding="utf-8")
    out = CliRunner().invoke(main, ["extract", str(path), "--max-record-bytes", "1K"])
    assert {json.loads(line)["doc_id"] for line in out.stdout.splitlines()} == {"good"}
    assert out.stderr.splitlines()[0] == \
        f"failed: {path}:2: row longer than 1,024 bytes (limit: --max-record-bytes)"
    assert out.exit_code == 1
