"""The networkx graph, assembled from the store (or from extraction results directly).

Nodes are actors; edges are relations, one edge per (subject, relation, object) — and per
role for HOLDS_ROLE — aggregating all the evidence that states it: how many articles, first
and last date, and every sentence with its article, offsets and pattern.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import networkx as nx

from graphbuild.model import Actor, Relation

MODALITY_RANK = {"asserted": 3, "reported": 2, "prospective": 1}


def edge_key(r: Relation) -> str:
    return f"{r.relation}:{r.role}" if r.relation == "HOLDS_ROLE" and r.role else r.relation


def assemble(
    actors: Iterable[Actor],
    relations: Iterable[Relation],
    articles: Iterable[dict] = (),
    mention_counts: Iterable[tuple[str, str, int]] = (),
) -> nx.MultiDiGraph:
    """A MultiDiGraph of actors and aggregated relations (stated ones only)."""
    g = nx.MultiDiGraph()
    titles = {a["id"]: a for a in articles}
    for a in actors:
        g.add_node(a.id, name=a.name, type=a.type, aliases=list(a.aliases), mentions=0, articles=0)
    for _article, actor_id, n in mention_counts:
        if actor_id in g:
            g.nodes[actor_id]["mentions"] += n
            g.nodes[actor_id]["articles"] += 1
    for r in relations:
        if not r.evidence.stated or r.subject_id not in g or r.object_id not in g:
            continue
        key = edge_key(r)
        if not g.has_edge(r.subject_id, r.object_id, key):
            g.add_edge(r.subject_id, r.object_id, key, relation=r.relation, evidence=[])
        g.edges[r.subject_id, r.object_id, key]["evidence"].append(_evidence(r, titles))
    for _, _, data in g.edges(data=True):
        _aggregate(data)
    return g


def _evidence(r: Relation, titles: dict[str, dict]) -> dict:
    e = r.evidence
    article = titles.get(e.article_id, {})
    return {
        "article": e.article_id, "title": article.get("title") or "", "url": article.get("url"),
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


def from_store(store) -> nx.MultiDiGraph:
    """The graph of everything in a Store."""
    return assemble(store.actors(), store.relations(), store.articles(), store.mention_counts())
