"""The Neo4j exporter against a real server (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD)."""

from __future__ import annotations

import os
import re
import shutil
from itertools import pairwise

import pytest
from click.testing import CliRunner

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
TOP_FIVE = ["Mark Rutte", "North Atlantic Treaty Organization", "Democratic Party",
            "Jens Stoltenberg", "Netherlands"]


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


def export(db, driver, **kwargs) -> dict:
    with Store(db) as store:
        return write_neo4j(from_store(store), store.articles(), driver,
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
        == g.number_of_edges() == counts["relationships"]
    n_evidence = sum(len(d["evidence"]) for _, _, d in g.edges(data=True))
    assert q("MATCH (e:Evidence)-[:FROM]->(:Article) RETURN count(e) AS c").records[0]["c"] \
        == n_evidence == counts["evidence"]
    assert q("MATCH (:Article)-[m:MENTIONS]->() RETURN count(m) AS c").records[0]["c"] \
        == n_mentions
    assert q("MATCH (a:Article) RETURN count(a) AS c").records[0]["c"] == 10
    # Every actor has exactly one type label, the one of its type.
    wrong = q("MATCH (a:Actor) WHERE size(labels(a)) <> 2 RETURN count(a) AS c").records
    assert wrong[0]["c"] == 0
    # Every relationship's evidence ids resolve to Evidence nodes.
    missing = q("MATCH ()-[r:BACKS|HOLDS_ROLE]->() UNWIND r.evidence_ids AS i "
                "OPTIONAL MATCH (e:Evidence {id: i}) WITH e WHERE e IS NULL "
                "RETURN count(*) AS c").records
    assert missing[0]["c"] == 0


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
                 "url": "https://example.org/é", "source": "test"}]
    return assemble(actors, rels, articles, [("x1", "a0", 2)]), articles


def test_reexport_removes_stale_evidence(driver):
    """An article that changed and was rebuilt: its old Evidence nodes go, others stay."""
    g, articles = _synthetic(["Ann Old", "Bob Old", "Cy Old"])
    other = {"id": "x2", "title": "Other", "date": "2019-08-08", "url": "u2", "source": "test"}
    ev2 = Evidence("x2", "Dee backs Ann.", 0, 14, "backs.verb", 0.8, "asserted", False,
                   "2019-08-08")
    g2 = assemble([Entity("d", "Dee", "PERSON"), Entity("a0", "Ann Old", "PERSON")],
                  [Relation("d", "BACKS", "a0", ev2)], [other])
    write_neo4j(g2, [other], driver)
    first = write_neo4j(g, articles, driver)
    assert first["evidence_removed"] == 0

    def evidence() -> dict[str, set[str]]:
        by_article: dict[str, set[str]] = {}
        for r in driver.execute_query("MATCH (e:Evidence)-[:FROM]->(a:Article) "
                                      "RETURN a.id AS a, e.sentence AS s").records:
            by_article.setdefault(r["a"], set()).add(r["s"])
        return by_article

    assert evidence() == {"x1": {"Wanda Vázquez Garced was sworn in as governor."},
                          "x2": {"Dee backs Ann."}}
    new = Evidence("x1", "Ann Old backs Bob Old.", 0, 22, "backs.verb", 0.8, "asserted", False,
                   "2019-08-07")
    changed = assemble([Entity("a0", "Ann Old", "PERSON"), Entity("a1", "Bob Old", "PERSON")],
                       [Relation("a0", "BACKS", "a1", new)], articles)
    counts = write_neo4j(changed, articles, driver)
    assert counts["evidence_removed"] == 3  # one per old relationship of x1
    assert evidence() == {"x1": {"Ann Old backs Bob Old."}, "x2": {"Dee backs Ann."}}
    assert driver.execute_query("MATCH (e:Evidence) RETURN count(e) AS c").records[0]["c"] == 2
    assert write_neo4j(changed, articles, driver)["evidence_removed"] == 0


def test_properties_round_trip(driver):
    g, articles = _synthetic(["Wanda Vázquez Garced", "Pedro Pierluisi"])
    write_neo4j(g, articles, driver, mention_counts=[("x1", "a0", 2)])
    rec = driver.execute_query(
        "MATCH (:Article)-[m:MENTIONS]->(w:Person {id: 'a0'})-[r:HOLDS_ROLE]->(c:Country) "
        "RETURN w, r, m.count AS n, c.name AS country").records[0]
    assert rec["n"] == 2
    assert rec["w"]["name"] == "Wanda Vázquez Garced"
    assert rec["w"]["aliases"] == ["Wanda"]
    assert rec["country"] == "Puerto Rico"
    r = rec["r"]
    assert (r["key"], r["role"], r["status"]) == ("HOLDS_ROLE:Governor", "Governor", "current")
    assert (r["first_date"], r["last_date"], r["evidence_count"]) == ("2019-08-07",) * 2 + (1,)
    ev = driver.execute_query(
        "MATCH (e:Evidence)-[:FROM]->(a:Article) WHERE e.id IN $ids RETURN e, a",
        ids=r["evidence_ids"]).records[0]
    assert ev["e"]["sentence"].startswith("Wanda Vázquez Garced")
    assert (ev["e"]["date"], ev["e"]["start"], ev["e"]["end"]) == ("2019-08-07", 0, 47)
    assert ev["a"]["title"] == "Gobernadora — día 1" and ev["a"]["url"].endswith("/é")


def test_injection_is_stored_verbatim(full_db, driver):
    export(full_db, driver)
    before = snapshot(driver)
    evil = ["Robert'); MATCH (n) DETACH DELETE n //", "`x`]->() DETACH DELETE n //"]
    g, articles = _synthetic(evil)
    write_neo4j(g, articles, driver)
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
    assert re.search(r"actors \d+, articles 10, mentions \d+", result.output)
    first = snapshot(driver)
    db = tmp_path / "copy.db"
    shutil.copy(full_db, db)
    result = CliRunner().invoke(main, ["build", str(EXAMPLES), "--db", str(db), "--neo4j"])
    assert result.exit_code == 0, result.output
    assert "neo4j: bolt://" in result.output
    assert snapshot(driver) == first


def test_readme_queries(full_db, driver):
    export(full_db, driver)
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for query in (cypher.WHO_BACKS, cypher.SUCCESSION, cypher.MEMBERS_OF, cypher.TOP_PAGERANK,
                  cypher.SHORTEST_PATH):
        assert " ".join(query.split()) in readme
    q = driver.execute_query
    backers = q(cypher.WHO_BACKS, name="Kamala Harris").records
    assert sorted({r["backer"] for r in backers}) == ["Barack Obama", "Chris Coons", "Joe Biden"]
    assert all(re.search(r"Harris", r["sentence"]) for r in backers)
    members = [r["member"] for r in q(cypher.MEMBERS_OF,
                                      name="North Atlantic Treaty Organization").records]
    assert members == ["Finland", "Sweden"]
    chains = [r["chain"] for r in q(cypher.SUCCESSION, role="Secretary General",
                                    of="North Atlantic Treaty Organization").records]
    assert chains == [["Mark Rutte", "Jens Stoltenberg"]]
    chains = [r["chain"] for r in q(cypher.SUCCESSION, role="Prime Minister",
                                    of="United Kingdom").records]
    assert chains == [["Rishi Sunak", "Liz Truss"], ["Boris Johnson"]]
    top = q(cypher.TOP_PAGERANK).records
    assert [r["actor"] for r in top] == TOP_FIVE
    with Store(full_db) as store:
        g = from_store(store)
    ranks = sorted(pagerank(g), key=lambda x: (-x[1], g.nodes[x[0]]["name"]))[:5]
    assert [(g.nodes[n]["name"], r) for n, r in ranks] == [(r["actor"], r["pagerank"]) for r in top]
    path = q(cypher.SHORTEST_PATH, a="Viktor Orban", b="Jens Stoltenberg").records[0]
    assert path["names"] == ["Viktor Orban", "Mark Rutte", "Jens Stoltenberg"]
    assert path["types"] == ["OPPOSES", "SUCCEEDS"]
