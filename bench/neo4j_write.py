"""Relationships written per second to Neo4j: the batched exporter (write_neo4j: UNWIND $rows,
1,000 rows per transaction) against a naive one (the same statements with one row per
transaction: write_neo4j with batch_size=1), each on a clean database.

    eval "$(scripts/neo4j-server env)"
    .venv/bin/python bench/neo4j_write.py [--db PATH | --actors 5000 --relations 20000]
                                          [--naive-relations 1000]

WARNING: it deletes everything in the database it writes to (use the test server).

The graph is a SYNTHETIC one of the same shape as graphbuild's (actor types, relation types,
evidence per relationship, mentions per article in the proportions of 300 AllSides articles)
unless --db names a graphbuild store. The batched exporter writes the whole graph; the naive
one a seeded random subgraph of --naive-relations relationships (with their actors, articles,
mentions and evidence), and its time per row is extrapolated to the whole graph's rows.
relationships/s = relationships / seconds to export the whole graph. Both first write a small
synthetic graph, untimed, to warm up the server.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import graphbuild.export.neo4j as exporter  # noqa: E402
from graphbuild.export import cypher  # noqa: E402
from graphbuild.export.neo4j import connect, write_neo4j  # noqa: E402
from graphbuild.graph import assemble, from_store  # noqa: E402
from graphbuild.model import Entity, Evidence, Relation  # noqa: E402
from graphbuild.store import Store  # noqa: E402

# Proportions in the graph of 300 AllSides 2019 articles (2,870 actors, 616 relationships,
# 1,509 evidence rows, 7,420 article-actor mention counts).
ACTOR_TYPES = {"PERSON": 1695, "ORGANIZATION": 1088, "COUNTRY": 75, "PARTY": 12}
RELATIONS = {"HOLDS_ROLE": 434, "MEMBER_OF": 139, "OPPOSES": 29, "BACKS": 9, "SUCCEEDS": 5}
EVIDENCE_PER_EDGE = {1: 362, 2: 134, 3: 44, 4: 23, 5: 10, 6: 8, 7: 6, 9: 5}
ROLES = ["President", "Senator", "Prime Minister", "Leader", "Governor", "Representative",
         "Secretary of State", "Chancellor", "Mayor", "Spokesperson"]
MENTIONS_PER_ARTICLE = 25

def synthetic(n_actors: int, n_relations: int, seed: int = 0):
    """A random graph of graphbuild's shape: (graph, articles, mention counts)."""
    rnd = random.Random(seed)
    n_articles = max(1, round(300 * n_relations / 616 / 4))  # about 4x denser than AllSides
    articles = [{"id": f"art{i:05d}", "title": f"Synthetic article {i}",
                 "date": f"2019-{1 + i % 12:02d}-{1 + i % 28:02d}",
                 "url": f"https://example.org/{i}", "source": "synthetic"}
                for i in range(n_articles)]
    types = rnd.choices(list(ACTOR_TYPES), weights=list(ACTOR_TYPES.values()), k=n_actors)
    actors = [Entity(f"actor{i:06d}", f"Actor {i}", t, (f"A{i}",)) for i, t in enumerate(types)]
    rels, seen = [], set()
    while len(seen) < n_relations:
        s, o = rnd.sample(range(n_actors), 2)
        rel = rnd.choices(list(RELATIONS), weights=list(RELATIONS.values()))[0]
        role = rnd.choice(ROLES) if rel == "HOLDS_ROLE" else None
        if (s, o, rel, role) in seen:
            continue
        seen.add((s, o, rel, role))
        n_ev = rnd.choices(list(EVIDENCE_PER_EDGE), weights=list(EVIDENCE_PER_EDGE.values()))[0]
        for _ in range(n_ev):
            art = rnd.choice(articles)
            start = rnd.randrange(0, 5000)
            ev = Evidence(art["id"], f"Actor {s} and Actor {o}, sentence at {start}.", start,
                          start + 80, f"synthetic.{rel.lower()}", 0.8, "asserted", False,
                          art["date"])
            rels.append(Relation(actors[s].id, rel, actors[o].id, ev, role,
                                 "current" if role else None))
    mentions = [(a["id"], actors[i].id, rnd.randint(1, 4)) for a in articles
                for i in rnd.sample(range(n_actors), min(n_actors, MENTIONS_PER_ARTICLE))]
    return assemble(actors, rels, articles, mentions), articles, mentions


def clean(driver) -> None:
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS"
                    ).consume()
        for statement in cypher.SCHEMA:  # names from our own statements, not user input
            kind, name = statement.split()[1:3]
            if statement.startswith("CREATE"):
                session.run(f"DROP {kind} {name} IF EXISTS").consume()


def subgraph(g, articles, mentions, n_relations: int, seed: int = 1):
    """A seeded random sample of `n_relations` edges, their actors, and the articles and
    mentions of those: what the naive exporter writes."""
    rnd = random.Random(seed)
    edges = list(g.edges(keys=True))
    keep = rnd.sample(edges, min(n_relations, len(edges)))
    h = g.edge_subgraph(keep).copy()
    used = {e["article"] for *_, d in h.edges(data=True) for e in d["evidence"]}
    return (h, [a for a in articles if a["id"] in used],
            [m for m in mentions if m[0] in used and m[1] in h])


def rows_of(counts: dict) -> int:
    """Rows an export wrote: every kind, and a pagerank per actor."""
    return sum(v for k, v in counts.items() if k != "removed") + counts["actors"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="a graphbuild store (default: synthetic graph)")
    ap.add_argument("--actors", type=int, default=5000)
    ap.add_argument("--relations", type=int, default=20000)
    ap.add_argument("--naive-relations", type=int, default=1000)
    args = ap.parse_args()
    if not os.environ.get("NEO4J_URI"):
        sys.exit('NEO4J_URI is not set: scripts/neo4j-server start; '
                 'eval "$(scripts/neo4j-server env)"')

    if args.db:
        with Store(args.db) as store:
            g, articles = from_store(store), list(store.articles())
            mentions = list(store.entity_mention_counts())
        source = f"graphbuild store {args.db} (real extraction)"
    else:
        g, articles, mentions = synthetic(args.actors, args.relations)
        source = "SYNTHETIC graph of graphbuild's shape (random; not real articles)"
    n_rels = g.number_of_edges()
    n_ev = sum(len(d["evidence"]) for _, _, d in g.edges(data=True))
    print(f"graph: {source}")
    print(f"  {g.number_of_nodes()} actors, {len(articles)} articles, {len(mentions)} mentions, "
          f"{n_rels} relationships, {n_ev} evidence")

    driver = connect(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"),
                     os.environ.get("NEO4J_PASSWORD", ""))
    try:
        # Warm up the JVM and the driver on a small graph (not timed).
        wg, wa, wm = synthetic(300, 600, seed=1)
        clean(driver)
        write_neo4j(wg, wa, driver, dataset="warmup", mention_counts=wm)
        clean(driver)
        rel_statements = {cypher.merge_relation(t) for t in cypher.REL_TYPES}
        rel_seconds = [0.0]
        run = exporter._run

        def timed_run(tx, query, rows, params):  # times the relationship transactions
            t = time.perf_counter()
            try:
                return run(tx, query, rows, params)
            finally:
                if query in rel_statements:
                    rel_seconds[0] += time.perf_counter() - t

        exporter._run = timed_run
        t0 = time.perf_counter()
        try:
            counts = write_neo4j(g, articles, driver, dataset="bench", mention_counts=mentions)
        finally:
            exporter._run = run
        batched_s = time.perf_counter() - t0
        written = driver.execute_query("MATCH (:Actor)-[r]->(:Actor) WHERE type(r) <> 'MENTIONS'"
                                       " RETURN count(r) AS c").records[0]["c"]
        assert written == n_rels, (written, n_rels)
        batched_rows = rows_of(counts)

        clean(driver)
        sub = subgraph(g, articles, mentions, args.naive_relations)
        t0 = time.perf_counter()
        naive_counts = write_neo4j(sub[0], sub[1], driver, dataset="bench",
                                   mention_counts=sub[2], batch_size=1)
        naive_s = time.perf_counter() - t0
        clean(driver)
    finally:
        driver.close()

    naive_rows = rows_of(naive_counts)
    naive_est = naive_s / naive_rows * batched_rows
    speedup = naive_est / batched_s
    print(f"\n{'exporter':34} {'rows':>8} {'seconds':>9} {'relationships/s':>16} {'speedup':>8}")
    print(f"{'batched (write_neo4j, UNWIND 1000)':34} {batched_rows:8d} {batched_s:9.2f} "
          f"{n_rels / batched_s:16.0f} {speedup:7.1f}x")
    print(f"{'naive (1 row per transaction)':34} {batched_rows:8d} {naive_est:9.1f} "
          f"{n_rels / naive_est:16.0f} {1.0:7.1f}x")
    print(f"  naive: {naive_rows} rows ({sub[0].number_of_edges()} relationships) written in "
          f"{naive_s:.1f} s, extrapolated to the whole graph's {batched_rows} rows")
    print(f"  relationship statements alone, batched: {n_rels / rel_seconds[0]:.0f} "
          f"relationships/s ({n_rels} in {rel_seconds[0]:.2f} s)")
    ok = speedup >= 10
    print(f"\nbatched >= 10x faster than naive: {'YES' if ok else 'NO'} ({speedup:.1f}x)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
