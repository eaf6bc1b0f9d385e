"""Relationships written per second to Neo4j: the batched exporter (write_neo4j: UNWIND $rows,
1,000 rows per transaction) against a naive one (one parameterised MERGE per row, each in its
own transaction), in one run, each on a clean database.

    eval "$(scripts/neo4j-server env)"
    .venv/bin/python bench/neo4j_write.py [--db PATH | --actors 5000 --relations 20000]
                                          [--naive-rows 1000] [--naive-seconds 20]

WARNING: it deletes everything in the database it writes to (use the test server).

The graph is a SYNTHETIC one of the same shape as graphbuild's (actor types, relation types,
evidence per relationship, mentions per article in the proportions of 300 AllSides articles)
unless --db names a graphbuild store (e.g. /tmp/graphbuild-bench/allsides.db, 300 AllSides
articles built by bench/html_scale.py).

The naive exporter writes every actor and article (the rest MATCHes them), but of the other
kinds (mentions, relationships, evidence, stale-evidence deletes, pageranks) only a seeded
random sample of at most --naive-rows rows per kind, stopping a kind after --naive-seconds;
its time per row of each kind is extrapolated to all the rows. The batched exporter writes
everything. relationships/s = relationships / seconds to export the whole graph. Both
exporters first write a small synthetic graph, untimed, to warm up the server.
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
from graphbuild.export.neo4j import _edge_rows, connect, pagerank, write_neo4j  # noqa: E402
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

# The naive exporter's statements: the exporter's, one row each (labels and types still come
# only from the allow-lists in graphbuild/export/cypher.py).
NAIVE_ARTICLE = "MERGE (a:Article {id: $id}) SET a += $props"
NAIVE_MENTION = ("MATCH (art:Article {id: $article}) MATCH (a:Actor {id: $actor}) "
                 "MERGE (art)-[m:MENTIONS]->(a) SET m.count = $count")
NAIVE_EVIDENCE = ("MERGE (ev:Evidence {id: $id}) SET ev += $props "
                  "WITH ev MATCH (art:Article {id: $props.article_id}) MERGE (ev)-[:FROM]->(art)")
NAIVE_STALE = ("MATCH (art:Article {id: $article}) USING INDEX art:Article(id) "
               "MATCH (art)<-[:FROM]-(ev) WHERE NOT ev.id IN $keep DETACH DELETE ev")
NAIVE_PAGERANK = "MATCH (a:Actor {id: $id}) SET a.pagerank = $pagerank"


def naive_actor(actor_type: str) -> str:
    others = "".join(f":{lab}" for t, lab in sorted(cypher.ACTOR_LABELS.items())
                     if t != actor_type)
    return ("MERGE (a:Actor {id: $id}) SET a += $props "
            f"REMOVE a{others} SET a:{cypher.ACTOR_LABELS[actor_type]}")


def naive_relation(rel_type: str) -> str:
    if rel_type not in cypher.REL_TYPES:
        raise ValueError(rel_type)
    return ("MATCH (s:Actor {id: $s}) MATCH (o:Actor {id: $o}) "
            f"MERGE (s)-[r:{rel_type} {{key: $key}}]->(o) SET r += $props")


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
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
                    ).consume()
        for statement in cypher.CONSTRAINTS:  # names from our own statements, not user input
            session.run(f"DROP CONSTRAINT {statement.split()[2]} IF EXISTS").consume()


def naive_export(g, articles, mentions, driver, max_rows: int, max_seconds: float) -> dict:
    """Per kind: (rows in the graph, rows written, seconds); one MERGE per transaction."""
    rnd = random.Random(1)
    rels, evidence = _edge_rows(g)
    keep: dict[str, list[str]] = {a["id"]: [] for a in articles}
    for row in evidence:
        if row["props"]["article_id"] in keep:
            keep[row["props"]["article_id"]].append(row["id"])

    def props(n: str) -> dict:
        d = g.nodes[n]
        return {"name": d["name"], "type": d["type"], "aliases": list(d.get("aliases", ())),
                "mentions": d.get("mentions", 0), "articles": d.get("articles", 0)}

    kinds = [  # (kind, [(statement, parameters)], sample?)
        ("actors", [(naive_actor(d["type"]), {"id": n, "props": props(n)})
                    for n, d in g.nodes(data=True)], False),
        ("articles", [(NAIVE_ARTICLE, {"id": a["id"], "props": {
            k: a.get(k) for k in ("title", "date", "url", "source")}}) for a in articles], False),
        ("mentions", [(NAIVE_MENTION, {"article": art, "actor": actor, "count": n})
                      for art, actor, n in mentions if actor in g], True),
        ("relationships", [(naive_relation(t), row) for t, rows in sorted(rels.items())
                           for row in rows], True),
        ("evidence", [(NAIVE_EVIDENCE, row) for row in evidence], True),
        ("stale evidence", [(NAIVE_STALE, {"article": a, "keep": ids})
                            for a, ids in keep.items()], True),
        ("pagerank", [(NAIVE_PAGERANK, {"id": n, "pagerank": r}) for n, r in pagerank(g)], True),
    ]
    out = {}
    with driver.session() as session:
        for statement in cypher.CONSTRAINTS:
            session.execute_write(lambda tx, q=statement: tx.run(q).consume())
        for kind, todo, sample in kinds:
            total = len(todo)
            if sample and total > max_rows:
                todo = rnd.sample(todo, max_rows)
            t0, done = time.perf_counter(), 0
            for query, params in todo:
                session.execute_write(lambda tx, q=query, p=params: tx.run(q, p).consume())
                done += 1
                if sample and time.perf_counter() - t0 > max_seconds:
                    break
            out[kind] = (total, done, time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="a graphbuild store (default: synthetic graph)")
    ap.add_argument("--actors", type=int, default=5000)
    ap.add_argument("--relations", type=int, default=20000)
    ap.add_argument("--naive-rows", type=int, default=1000)
    ap.add_argument("--naive-seconds", type=float, default=20.0)
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
        # Warm up the JVM and the driver on a small graph (not timed), so neither run pays it.
        wg, wa, wm = synthetic(300, 600, seed=1)
        clean(driver)
        write_neo4j(wg, wa, driver, mention_counts=wm)
        clean(driver)
        naive_export(wg, wa, wm, driver, 100, 5.0)
        clean(driver)
        rel_statements = {cypher.merge_relation(t) for t in cypher.REL_TYPES}
        rel_seconds = [0.0]
        run = exporter._run

        def timed_run(tx, query, rows):  # times the relationship transactions of write_neo4j
            t = time.perf_counter()
            try:
                return run(tx, query, rows)
            finally:
                if query in rel_statements:
                    rel_seconds[0] += time.perf_counter() - t

        exporter._run = timed_run
        t0 = time.perf_counter()
        try:
            counts = write_neo4j(g, articles, driver, mention_counts=mentions)
        finally:
            exporter._run = run
        batched_s = time.perf_counter() - t0
        written = driver.execute_query("MATCH (:Actor)-[r]->(:Actor) RETURN count(r) AS c"
                                       ).records[0]["c"]
        assert written == n_rels, (written, n_rels)
        batched_rows = sum(v for k, v in counts.items() if k != "evidence_removed") \
            + len(articles) + g.number_of_nodes()  # + stale-evidence and pagerank rows

        clean(driver)
        naive = naive_export(g, articles, mentions, driver, args.naive_rows, args.naive_seconds)
        clean(driver)
    finally:
        driver.close()

    print("\nnaive exporter, per kind (rows in graph, rows written, seconds, "
          "seconds extrapolated to all rows):")
    naive_est = naive_rows = naive_s = 0.0
    for kind, (total, done, secs) in naive.items():
        est = secs / done * total if done else 0.0
        naive_est += est
        naive_rows += done
        naive_s += secs
        print(f"  {kind:15} {total:7} {done:7} {secs:8.2f} s {est:9.1f} s"
              + ("" if done == total else "  (sampled, extrapolated)"))
    total_rows = sum(t for t, _, _ in naive.values())
    batched_rate = n_rels / batched_s
    naive_rate = n_rels / naive_est
    speedup = naive_est / batched_s
    print(f"\n{'exporter':34} {'rows':>8} {'seconds':>9} {'relationships/s':>16} {'speedup':>8}")
    print(f"{'batched (write_neo4j, UNWIND 1000)':34} {batched_rows:8d} {batched_s:9.2f} "
          f"{batched_rate:16.0f} {speedup:7.1f}x")
    print(f"{'naive (1 MERGE per transaction)':34} {total_rows:8d} {naive_est:9.1f} "
          f"{naive_rate:16.0f} {1.0:7.1f}x")
    print(f"  naive: {int(naive_rows)} of {total_rows} rows written in {naive_s:.1f} s; its "
          "seconds are extrapolated from the time per row of each kind (see above)")
    rel_total, rel_done, rel_s = naive["relationships"]
    print(f"  relationship statements alone: batched {n_rels / rel_seconds[0]:.0f} "
          f"relationships/s ({n_rels} in {rel_seconds[0]:.2f} s), naive "
          f"{rel_done / rel_s:.0f} relationships/s ({rel_done} of {rel_total} in {rel_s:.2f} s)")
    ok = speedup >= 10
    print(f"\nbatched >= 10x faster than naive: {'YES' if ok else 'NO'} ({speedup:.1f}x)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
