"""Export the graph to Neo4j. The statements are in graphbuild/export/cypher.py.

What is written (all MERGEd on stable ids, properties SET, so exporting again is a no-op):

    (:Actor:Person|Country|Organization|Party {id, name, type, aliases, wikidata, mentions,
        articles, pagerank})
    (:Article {id, title, date, url, source})
    (:Article)-[:MENTIONS {count}]->(:Actor)
    (s:Actor)-[r:BACKS|OPPOSES|SUCCEEDS|MEMBER_OF|HOLDS_ROLE {key, role, status, modality,
        confidence, evidence_count, article_count, first_date, last_date, evidence_ids}]->(o)
    (:Evidence {id, sentence, article_id, start, end, extractor, confidence, modality, date})
        -[:FROM]->(:Article)

One relationship per graph edge; `key` is the graph's edge key ("BACKS", "HOLDS_ROLE:mayor").
An Evidence id is a hash of (subject, object, edge key, article, start, extractor); each
relationship lists its evidence in `evidence_ids`, so the sentences behind a relationship are

    MATCH (s:Actor)-[r:BACKS]->(o:Actor {name: $name})
    MATCH (ev:Evidence) WHERE ev.id IN r.evidence_ids
    RETURN s.name, ev.sentence

`pagerank` is networkx's PageRank of the graph projected to a simple DiGraph whose edge
weights are evidence counts (see `pagerank`). After a changed article is rebuilt, exporting
again deletes that article's Evidence nodes the graph no longer has (`evidence_removed`);
relationships and MENTIONS the graph no longer has are not deleted (see the README).

Writes go in batches (UNWIND $rows, `batch_size` rows per managed write transaction, retried
on transient errors by the driver); a failed batch leaves nothing of itself behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import networkx as nx

from graphbuild.errors import GraphbuildError
from graphbuild.export import cypher

__all__ = ["connect", "evidence_id", "pagerank", "write_neo4j"]


@contextmanager
def neo4j_errors(uri: str = "", database: str | None = None) -> Iterator[None]:
    """Turn the driver's connection, auth and database errors into one-line GraphbuildErrors."""
    from neo4j.exceptions import AuthError, ClientError, ConfigurationError, ServiceUnavailable

    try:
        yield
    except AuthError:
        raise GraphbuildError("E041", "Neo4j rejected the user name or password") from None
    except (ServiceUnavailable, ConfigurationError) as exc:
        raise GraphbuildError("E040", f"cannot reach Neo4j at {uri or 'the server'}: "
                              + " ".join(str(exc).split())) from None
    except ClientError as exc:
        if exc.code and exc.code.startswith("Neo.ClientError.Security."):
            raise GraphbuildError("E041", "Neo4j rejected the user name or password ("
                                  + " ".join(str(exc.message).split()) + ")") from None
        if exc.code and "DatabaseNotFound" in exc.code:
            raise GraphbuildError(
                "E042", f"Neo4j has no database {database!r}: {exc.message}") from None
        raise


def connect(uri: str, user: str, password: str, *, database: str | None = None):
    """A neo4j Driver whose server, credentials (and database, if given) were checked."""
    from neo4j import GraphDatabase

    if not uri:
        raise GraphbuildError("E040", "no Neo4j URI given (--neo4j-uri or NEO4J_URI)")
    with neo4j_errors(uri, database):
        try:
            driver = GraphDatabase.driver(uri, auth=(user or "", password or ""),
                                          connection_timeout=10)
        except ValueError as exc:
            raise GraphbuildError("E040", f"cannot reach Neo4j at {uri}: "
                                  + " ".join(str(exc).split())) from None
        try:
            driver.verify_connectivity()
            if database:
                driver.execute_query("RETURN 1", database_=database)
        except BaseException:
            driver.close()
            raise
    return driver


def evidence_id(s: str, o: str, key: str, ev: dict) -> str:
    raw = "\x1f".join(map(str, (s, o, key, ev["article"], ev["start"], ev["extractor"])))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def write_neo4j(g: nx.MultiDiGraph, articles: Iterable[dict], driver, *,
                mention_counts: Iterable[tuple[str, str, int]] = (),
                database: str | None = None, batch_size: int = 1000) -> dict[str, int]:
    """Write graph `g`, its articles and mention counts; returns rows written per kind."""
    counts = {"actors": 0, "articles": 0, "mentions": 0, "relationships": 0, "evidence": 0,
              "evidence_removed": 0}
    articles = list(articles)
    with neo4j_errors(database=database), driver.session(database=database) as session:
        for statement in cypher.CONSTRAINTS:
            session.execute_write(_run, statement, None)

        def write(query: str, rows: list[dict], kind: str) -> None:
            for i in range(0, len(rows), batch_size):
                session.execute_write(_run, query, rows[i:i + batch_size])
            counts[kind] += len(rows)

        by_type: dict[str, list[dict]] = {}
        for n, d in g.nodes(data=True):
            props = {"name": d["name"], "type": d["type"], "aliases": list(d.get("aliases", ())),
                     "wikidata": d.get("wikidata"), "mentions": d.get("mentions", 0),
                     "articles": d.get("articles", 0)}
            by_type.setdefault(d["type"], []).append({"id": n, "props": props})
        for kind, rows in sorted(by_type.items()):
            write(cypher.merge_actors(kind), rows, "actors")
        write(cypher.MERGE_ARTICLES, [
            {"id": a["id"], "props": {k: a.get(k) for k in ("title", "date", "url", "source")}}
            for a in articles], "articles")
        write(cypher.MERGE_MENTIONS, [
            {"article": art, "actor": actor, "count": n} for art, actor, n in mention_counts
            if actor in g], "mentions")
        rels, evidence = _edge_rows(g)
        for rel_type, rows in sorted(rels.items()):
            write(cypher.merge_relation(rel_type), rows, "relationships")
        write(cypher.MERGE_EVIDENCE, evidence, "evidence")
        keep: dict[str, list[str]] = {a["id"]: [] for a in articles}
        for row in evidence:
            if row["props"]["article_id"] in keep:
                keep[row["props"]["article_id"]].append(row["id"])
        stale = [{"article": art, "keep": ids} for art, ids in keep.items()]
        for i in range(0, len(stale), batch_size):
            counts["evidence_removed"] += session.execute_write(
                _run, cypher.DELETE_STALE_EVIDENCE, stale[i:i + batch_size])
        ranks = pagerank(g)
        for i in range(0, len(ranks), batch_size):
            session.execute_write(_run, cypher.SET_PAGERANK, [
                {"id": n, "pagerank": r} for n, r in ranks[i:i + batch_size]])
    return counts


def pagerank(g: nx.MultiDiGraph) -> list[tuple[str, float]]:
    """(actor id, PageRank) for every actor, of `g` as a simple DiGraph weighted by evidence
    count. Nodes and edges go in sorted, so the same graph always gets the same floats."""
    simple = nx.DiGraph()
    simple.add_nodes_from(sorted(g.nodes))
    weights: dict[tuple[str, str], int] = {}
    for s, o, d in g.edges(data=True):
        weights[s, o] = weights.get((s, o), 0) + d.get("count", len(d.get("evidence", ())))
    simple.add_weighted_edges_from((s, o, w) for (s, o), w in sorted(weights.items()))
    if not simple:
        return []
    ranks = nx.pagerank(simple, weight="weight")
    return [(n, round(ranks[n], 12)) for n in sorted(ranks)]


def _run(tx, query: str, rows: list[dict] | None) -> int:
    """Run `query`; the number of nodes it deleted."""
    return tx.run(query, rows=rows).consume().counters.nodes_deleted


def _edge_rows(g: nx.MultiDiGraph) -> tuple[dict[str, list[dict]], list[dict]]:
    rels: dict[str, list[dict]] = {}
    evidence: dict[str, dict] = {}
    for s, o, key, d in g.edges(keys=True, data=True):
        ids = []
        for ev in d.get("evidence", ()):
            eid = evidence_id(s, o, key, ev)
            ids.append(eid)
            evidence[eid] = {"id": eid, "props": {
                "sentence": ev["sentence"], "article_id": ev["article"], "start": ev["start"],
                "end": ev["end"], "extractor": ev["extractor"], "confidence": ev["confidence"],
                "modality": ev["modality"], "date": ev["date"]}}
        props = {"role": d.get("role"), "status": d.get("status"), "modality": d.get("modality"),
                 "confidence": d.get("confidence"), "evidence_count": d.get("count", len(ids)),
                 "article_count": d.get("articles"), "first_date": d.get("first_date"),
                 "last_date": d.get("last_date"), "evidence_ids": list(dict.fromkeys(ids))}
        rels.setdefault(d["relation"], []).append({"s": s, "o": o, "key": key, "props": props})
    return rels, list(evidence.values())
