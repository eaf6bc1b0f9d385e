"""Export the graph to Neo4j. The statements are in graphbuild/export/cypher.py.

What is written, every node and relationship with `dataset` (the store's name, or
`--dataset`: two corpora in one database stay apart); nodes are MERGEd on (dataset, id):

    (:Actor:Person|Country|Organization|Party {id, name, type, aliases, wikidata, resolved,
        mentions, articles, pagerank})
    (:Article {id, title, date, url, source, ...the record's other fields: bias, topic})
    (:Article)-[:MENTIONS {count}]->(:Actor)
    (s:Actor)-[r:BACKS|OPPOSES|SUCCEEDS|MEMBER_OF|HOLDS_ROLE {key, statement, role, status,
        modality, confidence, count, articles, first_date, last_date}]->(o:Actor)
    (:Statement {id, relation, key, ...the same properties})-[:SUBJECT]->(s), -[:OBJECT]->(o)
    (:Statement)-[:STATED_IN]->(:Evidence {id, sentence, article, start, end, extractor,
        confidence, modality, role, status, date, source})-[:FROM]->(:Article)

The typed relationships serve paths and patterns; a Statement is the same graph edge as a
node (its id is the relationship's `statement`), so Neo4j Browser expands from an actor to
what is said of it, the sentences and the articles. Property names are those of the networkx
graph and the other exports (`count`, `articles`, `article`); dates are Neo4j dates.
An Evidence id is a hash of (subject, object, edge key, article, start, extractor). An
indexed string longer than 4,000 bytes (a 10 KB record id) is cut, with a hash of the whole.

`pagerank` is networkx's PageRank of the graph projected to a simple DiGraph whose edge
weights are evidence counts (see `pagerank`). Every export stamps what it writes with a hash
of it (`run`), then deletes what of the dataset the stamp missed: after articles changed, the
database holds exactly the graph (exporting the same graph again changes nothing).

Writes go in batches (UNWIND $rows, `batch_size` rows per managed write transaction, retried
on transient errors by the driver); a failed batch leaves nothing of itself behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import networkx as nx

from graphbuild.errors import GraphbuildError
from graphbuild.export import cypher

# Neo4j's index entries are limited to about 8 KB: longer indexed strings are cut (see fit).
INDEXED_BYTES = 4000

__all__ = ["connect", "evidence_id", "pagerank", "statement_id", "write_neo4j"]


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
    if uri.lower().startswith(("http://", "https://")):
        # The driver's HTTP API is experimental (and needs aiohttp): the export speaks Bolt.
        raise GraphbuildError("E040", f"{uri} is Neo4j's HTTP address (the Browser's); give "
                              "its Bolt address: bolt://host:7687 or neo4j://host:7687")
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


def statement_id(s: str, o: str, key: str) -> str:
    return hashlib.sha256("\x1f".join((s, key, o)).encode("utf-8")).hexdigest()[:32]


def write_neo4j(g: nx.MultiDiGraph, articles: Iterable[dict], driver, *, dataset: str,
                mention_counts: Iterable[tuple[str, str, int]] = (),
                database: str | None = None, batch_size: int = 1000) -> dict[str, int]:
    """Write graph `g`, its articles and mention counts as `dataset`, and delete what of that
    dataset the graph no longer has; returns rows written (and nodes removed) per kind."""
    if not dataset:
        raise GraphbuildError("E045", "a Neo4j export needs a dataset name (--dataset)")
    rows = _rows(g, list(articles), mention_counts)
    run = hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()[:16]
    counts = {"actors": sum(len(r) for r in rows["actors_by_type"].values()),
              **{kind: len(r) for kind, r in rows.items() if kind != "actors_by_type"}}
    params = {"dataset": dataset, "run": run}
    with neo4j_errors(database=database), driver.session(database=database) as session:
        for statement in cypher.SCHEMA:
            session.execute_write(_run, statement, None, {})

        def write(query: str, batch: list[dict]) -> None:
            for i in range(0, len(batch), batch_size):
                session.execute_write(_run, query, batch[i:i + batch_size], params)

        for kind, batch in sorted(rows["actors_by_type"].items()):
            write(cypher.merge_actors(kind), batch)
        write(cypher.MERGE_ARTICLES, rows["articles"])
        write(cypher.MERGE_MENTIONS, rows["mentions"])
        for rel_type, batch in sorted(_by_relation(rows["relationships"]).items()):
            write(cypher.merge_relation(rel_type), batch)
        write(cypher.MERGE_STATEMENTS, rows["statements"])
        write(cypher.MERGE_EVIDENCE, rows["evidence"])
        write(cypher.SET_PAGERANK, [{"id": fit(n), "pagerank": r} for n, r in pagerank(g)])
        removed = 0
        for label in cypher.NODE_LABELS:
            removed += session.run(cypher.delete_stale(label), params).consume() \
                .counters.nodes_deleted
        session.run(cypher.DELETE_STALE_RELATIONSHIPS, params).consume()
    counts["removed"] = removed
    return counts


def _rows(g: nx.MultiDiGraph, articles: list[dict],
          mention_counts: Iterable[tuple[str, str, int]]) -> dict:
    by_type: dict[str, list[dict]] = {}
    for n, d in g.nodes(data=True):
        props = {"name": d["name"], "type": d["type"], "aliases": list(d.get("aliases", ())),
                 "wikidata": d.get("wikidata"), "resolved": d.get("resolved", True),
                 "mentions": d.get("mentions", 0), "articles": d.get("articles", 0)}
        props["name"] = fit(props["name"])
        by_type.setdefault(d["type"], []).append({"id": fit(n), "props": props})
    known = {a["id"] for a in articles}
    article_rows = []
    for a in articles:
        core = {"title": a.get("title"), "date": _date(a.get("date")), "url": a.get("url"),
                "source": fit(a.get("source"))}
        # The record's other fields, unless one is named like a property of graphbuild's.
        extra = {k: v for k, v in (a.get("extra") or {}).items()
                 if k not in {*core, "id", "dataset", "run"}}
        article_rows.append({"id": fit(a["id"]), "props": {**extra, **core}})
    mentions = [{"article": fit(art), "actor": fit(actor), "count": n}
                for art, actor, n in mention_counts if actor in g and art in known]
    relationships, statements, evidence = [], [], {}
    for s, o, key, d in g.edges(keys=True, data=True):
        sid = statement_id(s, o, key)
        props = {"statement": sid, "role": d.get("role"), "status": d.get("status"),
                 "modality": d.get("modality"), "confidence": d.get("confidence"),
                 "count": d.get("count"), "articles": d.get("articles"),
                 "first_date": _date(d.get("first_date")), "last_date": _date(d.get("last_date"))}
        relationships.append({"s": fit(s), "o": fit(o), "key": key, "relation": d["relation"],
                              "props": props})
        statements.append({"id": sid, "s": fit(s), "o": fit(o), "props": {
            "relation": d["relation"], "key": key,
            **{k: v for k, v in props.items() if k != "statement"}}})
        for ev in d.get("evidence", ()):
            if ev["article"] not in known:
                continue
            eid = evidence_id(s, o, key, ev)
            evidence[eid] = {"id": eid, "statement": sid, "props": {
                "sentence": ev["sentence"], "article": fit(ev["article"]), "start": ev["start"],
                "end": ev["end"], "extractor": ev["extractor"], "confidence": ev["confidence"],
                "modality": ev["modality"], "role": ev.get("role"), "status": ev.get("status"),
                "date": _date(ev["date"]), "source": ev.get("source")}}
    return {"actors_by_type": by_type, "articles": article_rows, "mentions": mentions,
            "relationships": relationships, "statements": statements,
            "evidence": list(evidence.values())}


def fit(text: str | None) -> str | None:
    """A value Neo4j can index: one over INDEXED_BYTES (a 10 KB record id, an outlet that is
    a paragraph) is cut, with a hash of the whole so that two such values stay apart."""
    if text is None or len(text.encode("utf-8")) <= INDEXED_BYTES:
        return text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return text[: INDEXED_BYTES // 8] + "…#" + digest


def _by_relation(relationships: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in relationships:
        out.setdefault(row["relation"], []).append(
            {k: v for k, v in row.items() if k != "relation"})
    return out


def _date(value: str | None) -> dt.date | None:
    """An ISO date as a Neo4j date (through the driver); None when there is none."""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


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


def _run(tx, query: str, rows: list[dict] | None, params: dict) -> None:
    tx.run(query, rows=rows, **params).consume()
