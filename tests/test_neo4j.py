"""The Neo4j exporter against a real server (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD)."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from itertools import pairwise
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphbuild.build import build
from graphbuild.cli import main
from graphbuild.errors import GraphbuildError
from graphbuild.export import cypher
from graphbuild.export.neo4j import connect, pagerank, write_neo4j
from graphbuild.graph import assemble, from_store
from graphbuild.model import Entity, Evidence, Relation
from graphbuild.store import Store
from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.neo4j
FIRST_FIVE = ["01_nato_rutte.txt", "02_sweden_nato.html", "04_sanders_biden.txt",
              "05_biden_harris.html", "06_sunak_truss.txt"]
# The README's answer to cypher.TOP_PAGERANK on examples/articles.
TOP_FIVE = ["North Atlantic Treaty Organization", "Mark Rutte", "Democratic Party",
            "Jens Stoltenberg", "United States"]


@pytest.fixture(scope="session")
def server() -> dict:
    if not os.environ.get("NEO4J_URI"):
        if os.environ.get("CI"):
            pytest.fail("Neo4j server missing in CI")
        pytest.skip("NEO4J_URI is not set: start one with scripts/neo4j-server start, then "
                    'eval "$(scripts/neo4j-server env)" (make test does both)')
    return {"uri": os.environ["NEO4J_URI"], "user": os.environ.get("NEO4J_USER", "neo4j"),
            "password": os.environ.get("NEO4J_PASSWORD", "")}


@pytest.fixture(scope="session")
def session_driver(server):
    driver = connect(server["uri"], server["user"], server["password"])
    yield driver
    driver.close()


def empty(driver) -> None:
    """Delete everything, in batches: a database a benchmark filled is too big for one
    transaction in the test server's heap."""
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
                    ).consume()


@pytest.fixture
def driver(session_driver):
    empty(session_driver)
    return session_driver


def _store(path, inputs, extractor):
    with Store(path) as store:
        build(inputs, store, extractor=extractor)
    return path


@pytest.fixture(scope="session")
def full_db(tmp_path_factory, extractor):
    return _store(tmp_path_factory.mktemp("full") / "g.db", [EXAMPLES], extractor)


def export(db, driver, dataset: str = "sample", **kwargs) -> dict:
    with Store(db) as store:
        return write_neo4j(from_store(store), store.articles(), driver, dataset=dataset,
                           mention_counts=store.entity_mention_counts(), **kwargs)


def snapshot(driver) -> dict:
    """Counts by label and by relationship type, plus every property of every node."""
    q = driver.execute_query
    return {
        "labels": {tuple(r["l"]): r["c"] for r in q(
            "MATCH (n) RETURN labels(n) AS l, count(*) AS c").records},
        "types": {r["t"]: r["c"] for r in q(
            "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c").records},
        "nodes": sorted(str(sorted(r["p"].items())) for r in q(
            "MATCH (n) RETURN properties(n) AS p").records),
        "rels": sorted(str(sorted(r["p"].items())) for r in q(
            "MATCH ()-[r]->() RETURN properties(r) AS p").records),
    }


def test_counts_equal_the_networkx_graph(full_db, driver):
    with Store(full_db) as store:
        g = from_store(store)
        n_mentions = len(list(store.entity_mention_counts()))
    counts = export(full_db, driver)
    q = driver.execute_query
    assert q("MATCH (a:Actor) RETURN count(a) AS c").records[0]["c"] == g.number_of_nodes()
    typed = "BACKS|OPPOSES|SUCCEEDS|MEMBER_OF|HOLDS_ROLE"
    assert q(f"MATCH (:Actor)-[r:{typed}]->(:Actor) RETURN count(r) AS c").records[0]["c"] \
        == g.number_of_edges() == counts["relationships"] == counts["statements"]
    n_evidence = sum(len(d["evidence"]) for _, _, d in g.edges(data=True))
    assert q("MATCH (:Statement)-[:STATED_IN]->(e:Evidence)-[:FROM]->(:Article) "
             "RETURN count(e) AS c").records[0]["c"] == n_evidence == counts["evidence"]
    assert q("MATCH (:Article)-[m:MENTIONS]->() RETURN count(m) AS c").records[0]["c"] \
        == n_mentions
    assert q("MATCH (a:Article) RETURN count(a) AS c").records[0]["c"] == 10
    # Every actor has exactly one type label, the one of its type.
    wrong = q("MATCH (a:Actor) WHERE size(labels(a)) <> 2 RETURN count(a) AS c").records
    assert wrong[0]["c"] == 0
    # Every relationship is its statement: same subject, object, relation and counts.
    unmatched = q(f"MATCH (s)-[r:{typed}]->(o) "
                  "OPTIONAL MATCH (s)<-[:SUBJECT]-(st:Statement {id: r.statement})-[:OBJECT]->(o) "
                  "WITH r, st WHERE st IS NULL OR st.relation <> type(r) OR st.count <> r.count "
                  "RETURN count(*) AS c").records
    assert unmatched[0]["c"] == 0
    # Property names are the networkx graph's; dates are Neo4j dates.
    u, v, k, d = next(iter(g.edges(keys=True, data=True)))
    r = q("MATCH (:Actor {id: $u})-[r {key: $k}]->(:Actor {id: $v}) RETURN r", u=u, v=v,
          k=k).records[0]["r"]
    assert (r["count"], r["articles"]) == (d["count"], d["articles"])
    assert r["first_date"].iso_format() == d["first_date"]
    kinds = q("MATCH (a:Article) RETURN DISTINCT valueType(a.date) AS t").records
    assert {x["t"] for x in kinds} == {"DATE NOT NULL"}  # every sample article is dated


def test_export_twice_is_idempotent(full_db, driver):
    export(full_db, driver)
    first = snapshot(driver)
    export(full_db, driver, batch_size=7)  # many small transactions: the same result
    assert snapshot(driver) == first


def test_incremental_export_equals_one_shot(tmp_path, full_db, driver, extractor):
    db = _store(tmp_path / "inc.db", [EXAMPLES / f for f in FIRST_FIVE], extractor)
    export(db, driver)
    before = {r["id"] for r in driver.execute_query("MATCH (n) RETURN n.id AS id").records}
    assert driver.execute_query("MATCH (a:Article) RETURN count(a) AS c").records[0]["c"] == 5
    _store(db, [EXAMPLES], extractor)
    export(db, driver)
    incremental = snapshot(driver)
    after = {r["id"] for r in driver.execute_query("MATCH (n) RETURN n.id AS id").records}
    assert before < after
    empty(driver)
    export(full_db, driver)
    assert snapshot(driver) == incremental


def _synthetic(names: list[str]):
    """A small graph: each actor backs the next; one HOLDS_ROLE with a unicode name."""
    actors = [Entity(f"a{i}", n, "PERSON", (n.split()[0],)) for i, n in enumerate(names)]
    actors.append(Entity("pr", "Puerto Rico", "COUNTRY"))
    ev = Evidence("x1", "Wanda Vázquez Garced was sworn in as governor.", 0, 47, "role.appos",
                  0.9, "asserted", False, "2019-08-07")
    rels = [Relation("a0", "HOLDS_ROLE", "pr", ev, "Governor", "current")]
    rels += [Relation(a.id, "BACKS", b.id, ev) for a, b in pairwise(actors[:-1])]
    articles = [{"id": "x1", "title": "Gobernadora — día 1", "date": "2019-08-07",
                 "url": "https://example.org/é", "source": "test", "extra": {"bias": "center"}}]
    return assemble(actors, rels, articles, [("x1", "a0", 2)]), articles


def test_reexport_after_a_change_leaves_exactly_the_graph(driver):
    """An article changed and was rebuilt: its old statements, evidence, relationships and
    mentions go; the database is what a first export of the new graph gives."""
    g, articles = _synthetic(["Ann Old", "Bob Old", "Cy Old"])
    other = {"id": "x2", "title": "Other", "date": "2019-08-08", "url": "u2", "source": "test"}
    ev2 = Evidence("x2", "Dee backs Ann.", 0, 14, "backs.verb", 0.8, "asserted", False,
                   "2019-08-08")
    before = assemble([*[Entity(n, d["name"], d["type"], tuple(d["aliases"]))
                         for n, d in g.nodes(data=True)], Entity("d", "Dee", "PERSON")],
                      [Relation("d", "BACKS", "a0", ev2),
                       *[Relation(u, d["relation"], v, Evidence(
                           "x1", e["sentence"], e["start"], e["end"], e["extractor"],
                           e["confidence"], e["modality"], False, e["date"]), d.get("role"),
                           d.get("status"))
                         for u, v, d in g.edges(data=True) for e in d["evidence"]]],
                      [*articles, other], [("x1", "a0", 2), ("x1", "a2", 1)])
    write_neo4j(before, [*articles, other], driver, dataset="t",
                mention_counts=[("x1", "a0", 2), ("x1", "a2", 1)])
    new = Evidence("x1", "Ann Old backs Bob Old.", 0, 22, "backs.verb", 0.8, "asserted", False,
                   "2019-08-07")
    after = assemble([Entity("a0", "Ann Old", "PERSON"), Entity("a1", "Bob Old", "PERSON"),
                      Entity("d", "Dee", "PERSON")],
                     [Relation("a0", "BACKS", "a1", new), Relation("d", "BACKS", "a0", ev2)],
                     [*articles, other], [("x1", "a0", 1)])
    counts = write_neo4j(after, [*articles, other], driver, dataset="t",
                         mention_counts=[("x1", "a0", 1)])
    assert counts["removed"] > 0
    changed = snapshot(driver)
    empty(driver)
    write_neo4j(after, [*articles, other], driver, dataset="t", mention_counts=[("x1", "a0", 1)])
    assert snapshot(driver) == changed
    sentences = {r["s"] for r in driver.execute_query(
        "MATCH (e:Evidence) RETURN e.sentence AS s").records}
    assert sentences == {"Ann Old backs Bob Old.", "Dee backs Ann."}
    assert write_neo4j(after, [*articles, other], driver, dataset="t",
                       mention_counts=[("x1", "a0", 1)])["removed"] == 0


def test_properties_round_trip(driver):
    g, articles = _synthetic(["Wanda Vázquez Garced", "Pedro Pierluisi"])
    write_neo4j(g, articles, driver, dataset="t", mention_counts=[("x1", "a0", 2)])
    rec = driver.execute_query(
        "MATCH (art:Article)-[m:MENTIONS]->(w:Person {id: 'a0'})-[r:HOLDS_ROLE]->(c:Country) "
        "RETURN w, r, m.count AS n, c.name AS country, art").records[0]
    assert rec["n"] == 2
    assert rec["w"]["name"] == "Wanda Vázquez Garced" and rec["w"]["dataset"] == "t"
    assert rec["w"]["aliases"] == ["Wanda"]
    assert rec["country"] == "Puerto Rico"
    assert rec["art"]["bias"] == "center" and rec["art"]["source"] == "test"
    r = rec["r"]
    assert (r["key"], r["role"], r["status"]) == ("HOLDS_ROLE:Governor", "Governor", "current")
    assert (r["first_date"].iso_format(), r["last_date"].iso_format(), r["count"]) == \
        ("2019-08-07", "2019-08-07", 1)
    ev = driver.execute_query(
        "MATCH (:Statement {dataset: 't', id: $id})-[:STATED_IN]->(e:Evidence)-[:FROM]->(a) "
        "RETURN e, a", id=r["statement"]).records[0]
    assert ev["e"]["sentence"].startswith("Wanda Vázquez Garced")
    assert (ev["e"]["date"].iso_format(), ev["e"]["start"], ev["e"]["end"]) == \
        ("2019-08-07", 0, 47)
    assert ev["e"]["source"] == "test" and ev["e"]["article"] == "x1"
    assert ev["a"]["title"] == "Gobernadora — día 1" and ev["a"]["url"].endswith("/é")


def test_injection_is_stored_verbatim(full_db, driver):
    export(full_db, driver)
    before = snapshot(driver)
    evil = ["Robert'); MATCH (n) DETACH DELETE n //", "`x`]->() DETACH DELETE n //"]
    g, articles = _synthetic(evil)
    write_neo4j(g, articles, driver, dataset="evil")
    names = {r["n"] for r in driver.execute_query("MATCH (a:Actor) RETURN a.name AS n").records}
    assert set(evil) <= names
    backs = driver.execute_query(
        "MATCH (a:Actor {name: $a})-[:BACKS]->(b:Actor {name: $b}) RETURN count(*) AS c",
        a=evil[0], b=evil[1]).records
    assert backs[0]["c"] == 1
    after = snapshot(driver)
    assert set(before["nodes"]) <= set(after["nodes"])
    assert after["labels"][("Article",)] == before["labels"][("Article",)] + 1


def test_labels_and_types_only_from_the_allow_list():
    assert ":Person" in cypher.merge_actors("PERSON")
    assert "[r:MEMBER_OF {key: row.key}]" in cypher.merge_relation("MEMBER_OF")
    for bad in ("PERSON`) DETACH DELETE n //", "Person", ""):
        with pytest.raises(ValueError):
            cypher.merge_actors(bad)
    for bad in ("BACKS]->() DETACH DELETE n //", "backs", "MENTIONS"):
        with pytest.raises(ValueError):
            cypher.merge_relation(bad)


def test_connection_errors_are_graphbuild_errors(server):
    with pytest.raises(GraphbuildError, match=r"^\[E040\] cannot reach Neo4j at bolt://127"):
        connect("bolt://127.0.0.1:1", server["user"], server["password"])
    with pytest.raises(GraphbuildError, match=r"^\[E041\] Neo4j rejected"):
        connect(server["uri"], server["user"], "wrong-password")
    with pytest.raises(GraphbuildError, match=r"^\[E042\]"):
        connect(server["uri"], server["user"], server["password"], database="nosuchdb")


@pytest.mark.parametrize("args, code", [
    (["--neo4j-uri", "bolt://127.0.0.1:1"], "E040"),
    (["--neo4j-uri", "http://127.0.0.1:7474"], "E040"),  # was a traceback (aiohttp missing)
    (["--neo4j-password", "wrong-password"], "E041"),
])
def test_cli_errors_are_one_line(full_db, server, args, code):
    result = CliRunner().invoke(main, ["export", "neo4j", "--db", str(full_db), *args])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and f"[{code}]" in result.stderr
    assert "Traceback" not in result.output


def test_cli_export_and_build_with_neo4j(tmp_path, full_db, driver):
    result = CliRunner().invoke(main, ["export", "neo4j", "--db", str(full_db)])
    assert result.exit_code == 0, result.output
    assert re.search(r"dataset 'g': actors \d+, articles 10, mentions \d+", result.output)
    first = snapshot(driver)
    db = tmp_path / "copy.db"
    shutil.copy(full_db, db)
    result = CliRunner().invoke(main, ["build", str(EXAMPLES), "--db", str(db), "--neo4j",
                                       "--dataset", "g"])
    assert result.exit_code == 0, result.output
    assert "neo4j: bolt://" in result.output
    assert snapshot(driver) == first


def test_readme_queries(full_db, driver):
    export(full_db, driver)
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for query in (cypher.WHO_BACKS, cypher.SUCCESSION, cypher.MEMBERS_OF, cypher.TOP_PAGERANK,
                  cypher.SHORTEST_PATH):
        assert " ".join(query.split()) in readme

    def q(query, **params):
        return driver.execute_query(query, dataset="sample", **params).records

    backers = q(cypher.WHO_BACKS, name="Kamala Harris")
    assert sorted({r["backer"] for r in backers}) == ["Chris Coons", "Joe Biden"]
    assert all(re.search(r"Harris", r["sentence"]) and r["date"] for r in backers)
    members = [r["member"] for r in q(cypher.MEMBERS_OF, name="North Atlantic Treaty Organization")]
    assert members == ["Finland", "Sweden"]
    chains = [r["chain"] for r in q(cypher.SUCCESSION, role="Secretary General",
                                    of="North Atlantic Treaty Organization")]
    assert chains == [["Mark Rutte", "Jens Stoltenberg"]]
    chains = [r["chain"] for r in q(cypher.SUCCESSION, role="Prime Minister", of="United Kingdom")]
    assert chains == [["Rishi Sunak", "Liz Truss"], ["Boris Johnson"]]
    top = q(cypher.TOP_PAGERANK)
    assert [r["actor"] for r in top] == TOP_FIVE
    with Store(full_db) as store:
        g = from_store(store)
    ranks = sorted(pagerank(g), key=lambda x: (-x[1], g.nodes[x[0]]["name"]))[:5]
    assert [(g.nodes[n]["name"], r) for n, r in ranks] == [(r["actor"], r["pagerank"]) for r in top]
    path = q(cypher.SHORTEST_PATH, a="Viktor Orban", b="Jens Stoltenberg")[0]
    assert path["names"] == ["Viktor Orban", "Mark Rutte", "Jens Stoltenberg"]
    assert path["types"] == ["OPPOSES", "SUCCEEDS"]


@pytest.fixture(scope="session")
def allsides_db(tmp_path_factory, extractor, shared_data):
    """A store of 60 real AllSides 2020 articles."""
    import gzip
    import itertools

    folder = tmp_path_factory.mktemp("allsides")
    with gzip.open(shared_data / "allsides" / "allsides-2020.jsonl.gz", "rt") as f:
        (folder / "sixty.jsonl").write_text("".join(itertools.islice(f, 60)), encoding="utf-8")
    return _store(folder / "allsides.db", [folder / "sixty.jsonl"], extractor)


def test_readme_queries_on_real_articles_agree_with_the_graph(allsides_db, driver):
    export(allsides_db, driver, dataset="allsides")
    with Store(allsides_db) as store:
        g = from_store(store)

    def q(query, **params):
        return driver.execute_query(query, dataset="allsides", **params).records

    def sources(relation: str) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for u, v, d in g.edges(data=True):
            if d["relation"] == relation:
                out.setdefault(g.nodes[v]["name"], set()).add(g.nodes[u]["name"])
        return out

    backed = sources("BACKS")
    name = max(sorted(backed), key=lambda n: len(backed[n]))
    assert {r["backer"] for r in q(cypher.WHO_BACKS, name=name)} == backed[name]
    assert all(r["outlet"] for r in q(cypher.WHO_BACKS, name=name))
    groups = sources("MEMBER_OF")
    party = max(sorted(groups), key=lambda n: len(groups[n]))
    assert {r["member"] for r in q(cypher.MEMBERS_OF, name=party)} == groups[party]
    ranks = sorted(pagerank(g), key=lambda x: (-x[1], g.nodes[x[0]]["name"]))[:5]
    assert [r["actor"] for r in q(cypher.TOP_PAGERANK)] == [g.nodes[n]["name"] for n, _ in ranks]
    u, v = ranks[0][0], ranks[1][0]
    names = q(cypher.SHORTEST_PATH, a=g.nodes[u]["name"], b=g.nodes[v]["name"])[0]["names"]
    assert len(names) - 1 == nx.shortest_path_length(g.to_undirected(as_view=True), u, v)


def test_two_corpora_in_one_database_stay_apart(full_db, allsides_db, driver):
    export(full_db, driver, dataset="sample")
    export(allsides_db, driver, dataset="allsides")
    export(full_db, driver, dataset="sample")  # re-exporting one leaves the other alone
    for db, dataset in ((full_db, "sample"), (allsides_db, "allsides")):
        with Store(db) as store:
            g = from_store(store)
        n = driver.execute_query("MATCH (a:Actor {dataset: $d}) RETURN count(a) AS c",
                                 d=dataset).records[0]["c"]
        rels = driver.execute_query("MATCH (:Actor {dataset: $d})-[r]->(:Actor) "
                                    "WHERE type(r) <> 'MENTIONS' RETURN count(r) AS c",
                                    d=dataset).records[0]["c"]
        assert (n, rels) == (g.number_of_nodes(), g.number_of_edges())
    top = driver.execute_query(cypher.TOP_PAGERANK, dataset="sample").records
    assert [r["actor"] for r in top] == TOP_FIVE


def test_actor_names_are_looked_up_by_index(full_db, driver):
    export(full_db, driver)
    plan = driver.execute_query("EXPLAIN MATCH (a:Actor {dataset: $dataset, name: $name}) "
                                "RETURN a", dataset="sample", name="Mark Rutte").summary.plan
    operators = set()

    def walk(p):
        operators.add(p["operatorType"] if isinstance(p, dict) else p.operator_type)
        for child in (p.get("children", []) if isinstance(p, dict) else p.children):
            walk(child)

    walk(plan)
    assert any("IndexSeek" in o for o in operators), operators
    assert not any("LabelScan" in o for o in operators), operators


def test_a_10_kb_article_id_is_exported(tmp_path, driver, extractor):
    from graphbuild.export.neo4j import fit

    path = tmp_path / "long.jsonl"
    long_id = "x" * 10_000
    path.write_text(json.dumps({"id": long_id, "source": "s" * 9_000,
                                "text": "Senator Bernie Sanders endorsed Joe Biden."}) + "\n")
    db = _store(tmp_path / "long.db", [path], extractor)
    counts = export(db, driver, dataset="long")
    assert counts["evidence"] >= 1
    rec = driver.execute_query(
        "MATCH (:Statement {dataset: 'long'})-[:STATED_IN]->(e)-[:FROM]->(a:Article) "
        "RETURN a.id AS id, e.article AS article").records
    assert rec and {(r["id"], r["article"]) for r in rec} == {(fit(long_id),) * 2}


TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)


@settings(max_examples=15, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(fields=st.fixed_dictionaries({"id": TEXT, "title": TEXT, "source": TEXT, "bias": TEXT}),
       noise=TEXT)
def test_any_unicode_is_exported_as_stored(driver, extractor, fields, noise):
    """Lone surrogates, NUL, control and bidi characters (issue: robustness): the export ends
    and Neo4j holds what the store holds."""
    record = {**fields, "text": f"Joe Biden backs Kamala Harris {noise}. {noise} Nancy Pelosi."}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.jsonl"
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        with Store(Path(tmp) / "u.db") as store:
            build([path], store, extractor=extractor)
            g = from_store(store)
            articles = list(store.articles())
            write_neo4j(g, articles, driver, dataset="unicode")
    got = driver.execute_query(
        "MATCH (a:Article {dataset: 'unicode'}) RETURN a.title AS title, a.source AS source")
    assert [(r["title"], r["source"]) for r in got.records] == \
        [(a["title"], a["source"]) for a in articles]
    names = driver.execute_query("MATCH (x:Actor {dataset: 'unicode'}) RETURN x.name AS name")
    assert sorted(r["name"] for r in names.records) == sorted(g.nodes[n]["name"] for n in g)
