"""The command line on the sample corpus: build, extract, eval, stats, and bad input."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from graphbuild.cli import main
from graphbuild.export.files import read_graphml, read_json
from graphbuild.records import FIELDS
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def test_build_writes_store_graphml_and_json_then_resumes(runner, tmp_path):
    db, gml, js = tmp_path / "g.db", tmp_path / "g.graphml", tmp_path / "g.json"
    args = ["build", str(EXAMPLES), "--db", str(db), "--graphml", str(gml), "--json", str(js)]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "articles read: 10, stored: 10, skipped (unchanged): 0, failed: 0" in first.output
    assert "elapsed:" in first.output and "PERSON" in first.output
    g1, g2 = read_graphml(gml), read_json(js)
    assert g1.number_of_nodes() == g2.number_of_nodes() > 20
    assert g1.number_of_edges() == g2.number_of_edges() > 10
    names = {d["name"] for _, d in g2.nodes(data=True)}
    assert {"Mark Rutte", "Jens Stoltenberg", "North Atlantic Treaty Organization"} <= names

    again = runner.invoke(main, args)
    assert again.exit_code == 0
    assert "stored: 0, skipped (unchanged): 10" in again.output
    assert read_json(js).number_of_edges() == g2.number_of_edges()

    stats = runner.invoke(main, ["stats", "--db", str(db)])
    assert stats.exit_code == 0
    assert "articles: 10" in stats.output and "HOLDS_ROLE" in stats.output


def test_extract_prints_one_complete_json_record_per_relation(runner, tmp_path):
    out = tmp_path / "rel.jsonl"
    res = runner.invoke(main, ["extract", str(EXAMPLES / "01_nato_rutte.txt"), "--out", str(out)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows and all(tuple(r) == FIELDS for r in rows)
    assert {r["doc_id"] for r in rows} == {"01_nato_rutte"}
    assert ("Mark Rutte", "SUCCEEDS", "Jens Stoltenberg") in {
        (r["subject"], r["relation"], r["object"]) for r in rows}
    for r in rows:
        assert 0.0 <= r["confidence"] <= 1.0 and r["extractor"] and r["sentence"]


def test_bad_records_are_reported_and_good_ones_kept(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Headline\n\nSenator Mark Rutte endorsed Olaf Scholz.\n")
    (folder / "bad.jsonl").write_text(
        '{"id": "j1", "text": "Olaf Scholz backed Mark Rutte."}\n{not json\n{"id": "j3"}\n')
    (folder / "latin1.txt").write_bytes("Caf\xe9 politics".encode("latin-1"))
    (folder / "empty.txt").write_text("  \n")
    (folder / "data.bin").write_bytes(b"\x00\x01\x02")
    with gzip.open(folder / "z.jsonl.gz", "wt") as f:
        f.write('{"id": "z1", "text": "Kaja Kallas backed Mark Rutte."}\n')
    db = tmp_path / "g.db"
    res = runner.invoke(main, ["build", str(folder), "--db", str(db)])
    assert res.exit_code == 1
    assert "stored: 3" in res.output and "failed: 5" in res.output
    out = res.output
    assert "bad.jsonl:2: invalid JSON" in out
    assert "bad.jsonl:3: missing text field 'text'" in out
    assert "latin1.txt: not UTF-8" in out
    assert "empty.txt: empty text" in out
    assert "data.bin: unknown extension '.bin'" in out
    assert "Traceback" not in out


def test_stats_on_missing_store_is_one_line_error(runner, tmp_path):
    res = runner.invoke(main, ["stats", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 2
    assert res.output.strip().startswith("graphbuild: error: [E023]")


def test_eval_scores_the_seed_article(runner, shared_data):
    res = runner.invoke(main, ["eval", "--gold", str(shared_data / "gold" / "dev.jsonl"),
                               str(shared_data / "seed")])
    assert res.exit_code == 0, res.output
    assert "1 of 11 gold articles found" in res.output
    overall = next(line for line in res.output.splitlines() if line.startswith("overall"))
    tp, fp = int(overall.split()[1]), int(overall.split()[2])
    assert tp >= 8 and fp <= 2


def test_python_m_and_console_script(tmp_path):
    res = subprocess.run([sys.executable, "-m", "graphbuild", "--help"],
                         capture_output=True, text=True)
    assert res.returncode == 0
    for command in ("build", "extract", "eval", "stats"):
        assert command in res.stdout


def test_two_workers_store_the_same_relations_as_one(runner, tmp_path):
    import sqlite3

    def relations(db):
        with sqlite3.connect(db) as conn:
            return sorted(conn.execute(
                "SELECT article_id, subject_id, relation, object_id, role, start, extractor"
                " FROM relations").fetchall())

    for workers in (1, 2):
        res = runner.invoke(main, ["build", str(EXAMPLES), "--db", str(tmp_path / f"{workers}.db"),
                                   "--workers", str(workers)])
        assert res.exit_code == 0, res.output
    assert relations(tmp_path / "1.db") == relations(tmp_path / "2.db") != []


def _build_on(tmp_path, terminal: bool, *flags: str) -> str:
    """A real `graphbuild build` whose stderr is a pseudo-terminal (or a pipe): what it wrote
    there."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    args = [sys.executable, "-m", "graphbuild", "build", str(EXAMPLES), "--db",
            str(tmp_path / f"{terminal}{len(flags)}.db"), *flags]
    if not terminal:
        return subprocess.run(args, capture_output=True, text=True, check=True).stderr
    leader, follower = pty.openpty()
    # A terminal 120 columns wide (a fresh pseudo-terminal has 0: no room for a bar).
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the build closed its end
            break
        if not chunk:
            break
        out += chunk
    assert proc.wait(timeout=300) == 0
    os.close(leader)
    return out.decode("utf-8", "replace")


@pytest.mark.parametrize("flags", [(), ("--workers", "2"), ("--dask", "local:1")],
                         ids=["one-process", "workers", "dask"])
def test_progress_on_a_terminal_shows_the_total_and_time_left(tmp_path, flags):
    shown = _build_on(tmp_path, True, *flags)
    # tqdm's bar: "build: 100%|...| 10/10 [00:03<00:00, 3.1 articles/s]"
    assert "10/10" in shown and "100%" in shown and "<00:00" in shown, shown


def test_no_progress_bar_when_stderr_is_no_terminal(tmp_path):
    assert "articles/s" not in _build_on(tmp_path, False)
