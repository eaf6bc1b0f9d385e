"""The SQLite store: schema, one transaction per article, resume after a killed build."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from graphbuild.errors import GraphbuildError
from graphbuild.model import Actor, Article, DocResult, Evidence, Mention, Relation
from graphbuild.store import SCHEMA_VERSION, Store

RUTTE = Actor("a1", "Mark Rutte", "PERSON", ("Rutte",))
US = Actor("a2", "United States", "COUNTRY", ("US",))


def result(article: Article, n_relations: int = 1) -> DocResult:
    ev = Evidence(article.id, "The US backed Rutte.", 0, 20, "backs.verb.active", 0.9)
    rels = tuple(Relation("a2", "BACKS", "a1", ev) for _ in range(n_relations))
    mentions = (Mention("a1", article.id, "Rutte", 14, 19), Mention("a2", article.id, "US", 4, 6))
    return DocResult(article, (RUTTE, US), mentions, rels)


def test_save_and_read_back(tmp_path):
    article = Article("x1", "The US backed Rutte.", "Title", "2024-02-22")
    with Store(tmp_path / "g.db") as store:
        store.save(result(article), "v1")
        assert store.is_current(article, "v1")
        assert not store.is_current(article, "v2")  # a new extractor re-processes
        rels = list(store.relations())
        assert [(r.subject_id, r.relation, r.object_id) for r in rels] == [("a2", "BACKS", "a1")]
        assert rels[0].evidence.date == "2024-02-22"
        assert {a.name: a.aliases for a in store.actors()} == {
            "Mark Rutte": ("Rutte",), "United States": ("US",)}
        assert store.stats()["relations"] == {"BACKS": 1}


def test_changed_article_replaces_its_evidence(tmp_path):
    with Store(tmp_path / "g.db") as store:
        store.save(result(Article("x1", "old text"), n_relations=3), "v1")
        changed = Article("x1", "new text")
        assert not store.is_current(changed, "v1")
        store.save(result(changed, n_relations=1), "v1")
        assert store.stats()["articles"] == 1
        assert len(list(store.relations())) == 1


def test_failed_save_leaves_nothing_half_written(tmp_path):
    bad = DocResult(Article("x1", "t"), (RUTTE,), (), (None,))  # type: ignore[arg-type]
    with Store(tmp_path / "g.db") as store:
        with pytest.raises(AttributeError):
            store.save(bad, "v1")
        assert store.stats()["articles"] == 0
        assert list(store.actors()) == []


def test_other_schema_version_is_a_clear_error(tmp_path):
    path = tmp_path / "g.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(GraphbuildError, match=f"schema version 999.*version {SCHEMA_VERSION}"):
        Store(path)


def test_foreign_database_is_a_clear_error(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(GraphbuildError, match="not a graphbuild database"):
        Store(path)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(GraphbuildError, match="not a readable graphbuild database"):
        Store(junk)


def _corpus(path, n):
    people = ["Mark Rutte", "Jens Stoltenberg", "Kaja Kallas", "Olaf Scholz", "Keir Starmer"]
    with path.open("w") as f:
        for i in range(n):
            a, b = people[i % 5], people[(i + 1) % 5]
            text = f"Senator {a} endorsed {b} on day {i}. {b} thanked {a}."
            f.write(json.dumps({"id": f"doc{i:05d}", "text": text}) + "\n")


def _db_count(db, sql):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()[0]


def test_resume_after_kill_9(tmp_path):
    """kill -9 mid-build loses at most the article in flight; the re-run completes the rest."""
    corpus, db = tmp_path / "corpus.jsonl", tmp_path / "g.db"
    n = 1500
    _corpus(corpus, n)
    cmd = [sys.executable, "-m", "graphbuild", "build", str(corpus), "--db", str(db)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                stored = _db_count(db, "SELECT COUNT(*) FROM articles")
            except sqlite3.OperationalError:
                stored = 0  # schema not created yet
            if stored >= 50:
                break
        time.sleep(0.05)
    assert proc.poll() is None, "the build finished before it could be killed; grow the corpus"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = _db_count(db, "SELECT COUNT(*) FROM articles")
    assert 50 <= stored < n

    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"skipped (unchanged): {stored}" in done.stdout
    assert _db_count(db, "SELECT COUNT(*) FROM articles") == n
    assert _db_count(db, "SELECT COUNT(DISTINCT id) FROM articles") == n
    # Every article has exactly its own relations: none lost, none doubled.
    per_article = _db_count(
        db, "SELECT COUNT(DISTINCT c) FROM (SELECT article_id, COUNT(*) c FROM relations"
        " WHERE relation = 'BACKS' GROUP BY article_id)")
    assert per_article == 1
    assert _db_count(db, "SELECT COUNT(DISTINCT article_id) FROM relations"
                         " WHERE relation = 'BACKS'") == n


def test_evidence_offsets_index_the_cleaned_text_the_store_keeps(tmp_path, extractor):
    from graphbuild.build import build
    from tests.conftest import EXAMPLES

    with Store(tmp_path / "g.db") as store:
        build([EXAMPLES], store, extractor=extractor)
        relations = list(store.relations(include_unstated=True))
        assert len(relations) > 50
        for r in relations:
            text = store.text(r.evidence.article_id)
            assert text[r.evidence.start:r.evidence.end].strip() == r.evidence.sentence
        # Every mention keeps its place and its sentence in that text.
        rows = store.conn.execute(
            "SELECT article_id, text, start, end, sent_start, sent_end FROM mentions").fetchall()
        for article_id, name, start, end, sent_start, sent_end in rows:
            assert store.text(article_id)[start:end] == name
            assert sent_start <= start < end <= sent_end


def test_each_result_is_handed_on_as_soon_as_it_exists(extractor, monkeypatch):
    """A single-process build stores every article when its extraction ends, not when its
    memory zone (256 articles) does: a kill loses only the articles in flight."""
    done = []
    real = extractor.from_doc
    monkeypatch.setattr(extractor, "from_doc", lambda a, d: done.append(a.id) or real(a, d))
    articles = (Article(f"k{i}", f"Senator Mark Rutte endorsed Olaf Scholz on day {i}.")
                for i in range(40))
    first = next(extractor.pipe(articles))
    assert first.article.id == "k0" and done == ["k0"]


def test_two_builds_started_at_once_on_a_new_store_both_succeed(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    _corpus(corpus, 20)
    for attempt in range(3):  # the race is in the first milliseconds: try it a few times
        db = tmp_path / f"new{attempt}.db"
        cmd = [sys.executable, "-m", "graphbuild", "build", str(corpus), "--db", str(db)]
        procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(2)]
        outs = [p.communicate(timeout=300) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
        assert _db_count(db, "SELECT COUNT(*) FROM articles") == 20


def test_stores_opened_at_once_from_many_processes(tmp_path):
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.map(_open_store, [str(tmp_path / f"s{i // 4}.db") for i in range(40)],
                           chunksize=1)
    assert results == ["ok"] * 40


def _open_store(path: str) -> str:
    try:
        Store(path).close()
        return "ok"
    except GraphbuildError as e:
        return str(e)
