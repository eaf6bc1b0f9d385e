"""Article metadata travels: the fields of a record beyond the core ones (AllSides' "bias" and
"topic") are kept with the article, and the outlet and those fields are on every evidence, in
every export, and slice the graph (analysis.by_article_field)."""

from __future__ import annotations

import gzip
import itertools
import json

from graphbuild import analysis
from graphbuild.build import build
from graphbuild.export.files import read_graphml, read_json, write_graphml, write_json
from graphbuild.graph import from_store
from graphbuild.store import Store


def test_allsides_bias_and_topic_travel_to_the_evidence_and_slice_the_graph(
        shared_data, tmp_path, extractor):
    with gzip.open(shared_data / "allsides" / "allsides-2020.jsonl.gz", "rt") as f:
        lines = list(itertools.islice(f, 40))
    records = {r["id"]: r for r in map(json.loads, lines)}
    path = tmp_path / "forty.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    with Store(tmp_path / "g.db") as store:
        build([path], store, extractor=extractor)
        stored = {a["id"]: a for a in store.articles()}
        g = from_store(store)
    for rid, record in records.items():
        assert stored[rid]["extra"] == {"topic": record["topic"], "bias": record["bias"]}
        assert stored[rid]["source"] == record["source"]

    for write, read in ((write_json, read_json), (write_graphml, read_graphml)):
        write(g, tmp_path / "g.out")
        for *_, data in read(tmp_path / "g.out").edges(data=True):
            for ev in data["evidence"]:
                record = records[ev["article"]]
                assert ev["source"] == record["source"]
                assert ev["article_fields"]["bias"] == record["bias"]

    groups = analysis.by_article_field(g, "bias")
    assert set(groups) == {"center", "left", "right"}
    statements = sum(d["count"] for *_, d in g.edges(data=True))
    assert sum(d["count"] for h in groups.values() for *_, d in h.edges(data=True)) == statements
    for bias, h in groups.items():
        assert all(records[ev["article"]]["bias"] == bias
                   for *_, d in h.edges(data=True) for ev in d["evidence"])
    outlets = analysis.by_article_field(g, "source")
    assert set(outlets) <= {r["source"] for r in records.values()} and len(outlets) > 5


def test_a_version_2_store_is_upgraded_in_place(tmp_path):
    db = tmp_path / "old.db"
    with Store(db) as store:
        store.conn.executescript(
            "INSERT INTO articles VALUES ('a', 't', NULL, NULL, 'Wire', 'f', 1, 'x', '{}');"
            "ALTER TABLE articles DROP COLUMN extra;"
            "UPDATE meta SET value = '2' WHERE key = 'schema_version';")
    with Store(db) as store:
        assert list(store.articles()) == [{"id": "a", "title": "t", "date": None, "url": None,
                                           "source": "Wire", "extra": {}}]
