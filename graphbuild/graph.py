"""The networkx graph, assembled from the store (or from extraction results directly).

Nodes are entities (corpus-level actors, graphbuild.identity); edges are relations, one edge
per (subject, relation, object) — and per role for HOLDS_ROLE — aggregating all the evidence
that states it: how many articles, first and last date, and every sentence with its article,
outlet (`source`), the article's other record fields (`article_fields`: AllSides' "bias",
"topic"), offsets and extractor.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

import networkx as nx

from graphbuild import identity
from graphbuild.model import ArticleActor, DocResult, Entity, Relation

MODALITY_RANK = {"asserted": 3, "reported": 2, "prospective": 1}


def edge_key(r: Relation) -> str:
    return f"{r.relation}:{r.role}" if r.relation == "HOLDS_ROLE" and r.role else r.relation


def assemble(
    entities: Iterable[Entity],
    relations: Iterable[Relation],
    articles: Iterable[dict] = (),
    mention_counts: Iterable[tuple[str, str, int]] = (),
    links: Mapping[tuple[str, str], str] | None = None,
) -> nx.MultiDiGraph:
    """A MultiDiGraph of entities and aggregated relations (stated ones only). `links` maps
    (article id, article actor id) to an entity id (graphbuild.identity); without it the
    relations and mention counts name entities already."""

    def link(article: str, actor: str) -> str | None:
        return actor if links is None else links.get((article, actor))

    g = nx.MultiDiGraph()
    titles = {a["id"]: a for a in articles}
    for e in entities:
        g.add_node(e.id, name=e.name, type=e.type, aliases=list(e.aliases), wikidata=e.wikidata,
                   resolved=e.resolved, mentions=0, articles=0)
    seen: set[tuple[str, str]] = set()
    for article, actor_id, n in mention_counts:
        eid = link(article, actor_id)
        if eid in g:
            g.nodes[eid]["mentions"] += n
            if (article, eid) not in seen:
                seen.add((article, eid))
                g.nodes[eid]["articles"] += 1
    for r in relations:
        s = link(r.evidence.article_id, r.subject_id)
        o = link(r.evidence.article_id, r.object_id)
        if not r.evidence.stated or s not in g or o not in g or s == o:
            continue
        key = edge_key(r)
        if not g.has_edge(s, o, key):
            g.add_edge(s, o, key, relation=r.relation, evidence=[])
        g.edges[s, o, key]["evidence"].append(_evidence(r, titles))
    for _, _, data in g.edges(data=True):
        _aggregate(data)
    return g


def from_results(results: Iterable[DocResult]) -> nx.MultiDiGraph:
    """The graph of extraction results (no store), identity resolved across them."""
    results = list(results)
    local = [ArticleActor(r.article.id, a.id, a.name, a.type, r.article.date,
                          {m.text for m in r.mentions if m.actor_id == a.id} | {a.name},
                          Counter(m.title for m in r.mentions if m.actor_id == a.id and m.title),
                          sum(1 for m in r.mentions if m.actor_id == a.id))
             for r in results for a in r.actors]
    entities, links = identity.resolve(local)
    counts = Counter((m.article_id, m.actor_id) for r in results for m in r.mentions)
    return assemble(entities, [rel for r in results for rel in r.relations],
                    [{"id": r.article.id, "title": r.article.title, "url": r.article.url,
                      "source": r.article.source, "extra": dict(r.article.extra)}
                     for r in results],
                    [(a, x, n) for (a, x), n in counts.items()],
                    {(x.article_id, x.actor_id): x.entity_id for x in links})


def _evidence(r: Relation, titles: dict[str, dict]) -> dict:
    e = r.evidence
    article = titles.get(e.article_id, {})
    return {
        "article": e.article_id, "title": article.get("title") or "", "url": article.get("url"),
        "source": article.get("source"), "article_fields": article.get("extra") or {},
        "date": e.date, "sentence": e.sentence, "start": e.start, "end": e.end,
        "extractor": e.extractor, "confidence": e.confidence, "modality": e.modality,
        "role": r.role, "status": r.status,
    }


def _aggregate(data: dict) -> None:
    ev = data["evidence"]
    dates = sorted(e["date"] for e in ev if e["date"])
    data["count"] = len(ev)
    data["articles"] = len({e["article"] for e in ev})
    data["first_date"] = dates[0] if dates else None
    data["last_date"] = dates[-1] if dates else None
    data["confidence"] = max(e["confidence"] for e in ev)
    # The strongest modality stated anywhere: one plain statement outweighs hearsay.
    data["modality"] = max((e["modality"] for e in ev), key=MODALITY_RANK.get)
    if data["relation"] == "HOLDS_ROLE":
        data["role"] = Counter(e["role"] for e in ev).most_common(1)[0][0]
        # The latest statement about a post tells whether it is still held.
        latest = max(ev, key=lambda e: (e["date"] or "", e["status"] == "former"))
        data["status"] = latest["status"]


def from_store(store, corrections: str | Path | None = None) -> nx.MultiDiGraph:
    """The graph of everything in a Store, its actors linked by the identity stage (run here
    when the store or the analyst's corrections changed since it last ran; `corrections`: a
    file to apply from now on, see graphbuild.corrections)."""
    identity.update(store, corrections)
    return assemble(store.entities(), store.relations(), store.articles(),
                    store.mention_counts(), store.links())
