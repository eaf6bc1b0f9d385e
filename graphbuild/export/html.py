"""The browser view: one self-contained, offline HTML page drawn with pyvis / vis-network.

It draws the actors that take part in relations, the most central first (PageRank weighted by
evidence count, as Neo4j stores it), up to `max_nodes`, never one without an edge; it holds
every actor and relation of the graph, so search finds any actor and shows one not drawn with
its neighbourhood. Filters: relation, actor type, date range, outlet and the article fields
with few values (AllSides' "bias"); communities are coloured on request. Labels grow with the
node and small ones appear as one zooms in.

Everything the page needs is inlined (vis-network's JS and CSS come from the pyvis package,
our template from export/templates/), so it opens from a file, an e-mail or a notebook with
no network. Evidence links are built by the page's script on click, so the static HTML holds
no external src/href at all.
"""

from __future__ import annotations

import html
import math
import warnings
from importlib import resources
from pathlib import Path

import networkx as nx

from graphbuild.export.files import replacing
from graphbuild.export.neo4j import pagerank as weighted_pagerank

__all__ = ["PHYSICS_LIMIT", "ranks", "select_actors", "show_inline", "to_html", "write_html"]

TYPE_COLOURS = {"PERSON": "#4e79a7", "COUNTRY": "#59a14f", "ORGANIZATION": "#f28e2b",
                "PARTY": "#b07aa1"}
RELATION_COLOURS = {"HOLDS_ROLE": "#8c564b", "MEMBER_OF": "#9467bd", "BACKS": "#2ca02c",
                    "OPPOSES": "#d62728", "SUCCEEDS": "#17becf"}
OTHER_COLOUR = "#999999"
# Colours of the ten largest communities (Tableau 10); the rest are grey.
COMMUNITY_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
                     "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]
# Above this many actors the browser's physics takes seconds to settle: lay out in Python.
PHYSICS_LIMIT = 300
# Pixels per actor (square root): how far apart the layout puts them.
SPACING = 70
# Radius in pixels of the least and the most central actor drawn (vis-network's node scaling).
NODE_SIZE = (8, 40)
# Pixels kept free between two drawn actors.
NODE_GAP = 4
# An article field with at most this many values across the corpus is a filter ("bias").
FACET_VALUES = 12
TEMPLATES = Path(__file__).resolve().parent / "templates"


def ranks(g: nx.MultiDiGraph) -> dict:
    """Each actor's PageRank, weighted by evidence count: the one Neo4j stores."""
    return dict(weighted_pagerank(g))


def select_actors(g: nx.MultiDiGraph, max_nodes: int, rank: dict) -> nx.MultiDiGraph:
    """The actors drawn: up to `max_nodes` of those that take part in a relation, the most
    central first (PageRank; ties by id, so the choice is stable), each with an edge to
    another drawn actor: one whose neighbours are all left out brings its most central one."""
    def order(n):
        return -rank[n], str(n)

    keep: dict = {}
    for n in sorted((n for n in g if g.degree(n)), key=order):
        if len(keep) >= max_nodes:
            break
        if n in keep:
            continue
        neighbours = set(nx.all_neighbors(g, n)) - {n}
        if neighbours & keep.keys():
            keep[n] = None
        elif neighbours and len(keep) + 2 <= max_nodes:
            keep.update(dict.fromkeys((n, min(neighbours, key=order))))
    return g.subgraph(keep)


def node_sizes(rank: dict) -> dict:
    """Each actor's radius in pixels, as vis-network scales its value (PageRank) linearly."""
    low, high = min(rank.values(), default=0.0), max(rank.values(), default=0.0)
    small, big = NODE_SIZE
    if high == low:
        return dict.fromkeys(rank, (small + big) / 2)
    return {n: small + (r - low) / (high - low) * (big - small) for n, r in rank.items()}


def layout(g: nx.MultiDiGraph, size: dict | None = None) -> dict:
    """Seeded positions in vis-network pixels, so the same graph always looks the same: each
    connected part laid out on its own (spring layout) in a square that grows with it, the
    squares packed in rows, the biggest first (one layout of them all would throw the small
    parts into a ring around a crowded centre). Given each actor's radius (`size`), actors
    that would overlap are pushed apart: a big one hidden under another cannot be clicked."""
    if not len(g):
        return {}
    parts = sorted(nx.connected_components(nx.Graph(g)), key=lambda c: (-len(c), min(map(str, c))))
    squares = [(SPACING * math.sqrt(len(c)), _spring(g.subgraph(c))) for c in parts]
    width = max(squares[0][0], math.sqrt(sum(side * side for side, _ in squares)) * 1.2)
    out, x, y, row = {}, 0.0, 0.0, 0.0
    for side, pos in squares:
        if x and x + side > width:
            x, y, row = 0.0, y + row + SPACING, 0.0
        for n, (px, py) in pos.items():
            out[n] = (x + side * (px + 1) / 2, y + side * (py + 1) / 2)
        x, row = x + side + SPACING, max(row, side)
    if size:
        out = _separate(out, size)
    return {n: (round(px, 1), round(py, 1)) for n, (px, py) in out.items()}


def _spring(part: nx.MultiDiGraph) -> dict:
    """Positions in [-1, 1] of one connected part."""
    if len(part) == 1:
        return {next(iter(part)): (0.0, 0.0)}
    # The seeded layout depends on the order of the nodes, and a subgraph's order on string
    # hashing, which changes from one Python process to the next: sort them.
    g = nx.Graph()
    g.add_nodes_from(sorted(part, key=str))
    g.add_edges_from(part.edges())
    # Fruchterman-Reingold costs O(n^2) per iteration here (about 0.5 s at 2,000 actors):
    # fewer iterations on big graphs keep an export of thousands of actors to seconds.
    iterations = max(15, min(50, 15_000 // len(g)))
    pos = nx.spring_layout(g, seed=7, iterations=iterations, method="force")
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def _separate(pos: dict, size: dict, rounds: int = 100) -> dict:
    """Positions moved apart, each pair too close by half the shortfall each way, until no two
    actors overlap (or `rounds` passes)."""
    import numpy as np
    from scipy.spatial import cKDTree

    names = list(pos)
    xy = np.array([pos[n] for n in names], dtype=float)
    radius = np.array([size[n] for n in names], dtype=float)
    reach = 2 * radius.max() + NODE_GAP
    for _ in range(rounds):
        i, j = cKDTree(xy).query_pairs(reach, output_type="ndarray").T
        apart = xy[j] - xy[i]
        dist = np.hypot(apart[:, 0], apart[:, 1])
        # vis-network finds the actor under the pointer by its square box: no actor's centre
        # may lie in a bigger one's box, or a click on it opens the bigger one.
        need = np.maximum(radius[i] + radius[j], math.sqrt(2) * np.maximum(radius[i], radius[j]))
        need += NODE_GAP
        over = dist < need
        if not over.any():
            break
        i, j, apart, dist, need = i[over], j[over], apart[over], dist[over], need[over]
        # Two actors at the same point part along a fixed direction.
        apart[dist == 0] = (1.0, 0.0)
        dist[dist == 0] = 1.0
        push = apart * ((need - dist) / (2 * dist))[:, None]
        np.add.at(xy, i, -push)
        np.add.at(xy, j, push)
    return {n: (float(x), float(y)) for n, (x, y) in zip(names, xy, strict=True)}


def _vis_lib(name: str) -> str:
    return resources.files("pyvis").joinpath("lib", "vis-9.1.2", name).read_text("utf-8")


def _node_details(n, d: dict, rank: float, community: int | None) -> dict:
    return {"id": str(n), "name": d.get("name") or str(n), "type": d.get("type") or "",
            "rank": rank, "aliases": list(d.get("aliases") or []), "mentions": d.get("mentions", 0),
            "articles": d.get("articles", 0), "wikidata": d.get("wikidata"),
            "community": community}


def _edge_details(u, v, key, d: dict, max_evidence: int, facets: list[str]) -> dict:
    ev = d.get("evidence") or []
    keep = ("title", "url", "date", "sentence", "modality", "confidence", "source")
    return {
        "from": str(u), "to": str(v), "key": str(key), "relation": d.get("relation", str(key)),
        "role": d.get("role"), "status": d.get("status"), "modality": d.get("modality"),
        "count": d.get("count", len(ev)), "articles": d.get("articles"),
        "first_date": d.get("first_date"), "last_date": d.get("last_date"),
        # What the filters read, from every evidence (the list below is cut short).
        "sources": sorted({e["source"] for e in ev if e.get("source")}),
        "fields": {f: sorted({(e.get("article_fields") or {}).get(f) for e in ev} - {None})
                   for f in facets},
        # Most recent first; a page with every sentence of a big corpus would be huge.
        "evidence": [{k: e.get(k) for k in keep} for e in
                     sorted(ev, key=lambda e: e.get("date") or "", reverse=True)[:max_evidence]],
        "more": max(0, len(ev) - max_evidence),
    }


def facet_fields(g: nx.MultiDiGraph) -> list[str]:
    """The article fields that make a filter: at most FACET_VALUES values ("bias")."""
    values: dict[str, set] = {}
    for *_, d in g.edges(data=True):
        for e in d.get("evidence", ()):
            for f, v in (e.get("article_fields") or {}).items():
                values.setdefault(f, set()).add(v)
    return sorted(f for f, vs in values.items() if len(vs) <= FACET_VALUES)


def _community_of(g: nx.MultiDiGraph) -> dict:
    """Louvain communities (seeded) of the actors in relations: their index, largest first."""
    from graphbuild.analysis import communities

    linked = g.subgraph(n for n in g if g.degree(n))
    return {n: i for i, members in enumerate(communities(linked)) for n in members}


def _edge_label(d: dict) -> str:
    if d.get("relation") == "HOLDS_ROLE" and d.get("role"):
        return d["role"] + (" (former)" if d.get("status") == "former" else "")
    return d.get("relation", "")


def _network(g: nx.MultiDiGraph, shown: nx.MultiDiGraph, rank: dict, max_evidence: int):
    """A pyvis Network of the `shown` actors with our styling, plus the details the page
    shows of every actor and relation of `g` (search reaches those not drawn)."""
    from pyvis.network import Network

    net = Network(directed=True, height="100%", width="100%")
    big = len(shown) > PHYSICS_LIMIT
    pos = layout(shown, node_sizes({n: rank.get(n, 0.0) for n in shown}))
    community = _community_of(g)
    facets = facet_fields(g)
    # The page knows actors by short ids of its own ("n0", "n1", ...; `id` holds the actor's):
    # vis-network keeps nodes in plain objects, where an id like "constructor" breaks it.
    pid = {n: f"n{i}" for i, n in enumerate(g)}
    nodes = {pid[n]: _node_details(n, d, rank.get(n, 0.0), community.get(n))
             for n, d in g.nodes(data=True)}
    edges = {f"e{i}": _edge_details(pid[u], pid[v], key, d, max_evidence, facets)
             for i, (u, v, key, d) in enumerate(g.edges(keys=True, data=True))}
    for n, d in g.nodes(data=True):  # in the graph's order: a subgraph's depends on hashing
        if n not in shown:
            continue
        x, y = pos[n]
        # Size and label grow with PageRank: at the default zoom only the big ones are labelled.
        net.add_node(pid[n], label=nodes[pid[n]]["name"], x=x, y=y, value=rank.get(n, 0.0),
                     color=TYPE_COLOURS.get(d.get("type"), OTHER_COLOUR))
    drawn = set(shown.edges(keys=True))
    seen: dict[frozenset, int] = {}
    for i, (u, v, key, d) in enumerate(g.edges(keys=True, data=True)):
        if (u, v, key) not in drawn:
            continue
        # Parallel edges between one pair would be drawn on top of each other: bend them.
        nth = seen[frozenset((u, v))] = seen.get(frozenset((u, v)), -1) + 1
        smooth = {"enabled": True, "type": "curvedCW", "roundness": 0.15 * nth} if nth else None
        net.add_edge(pid[u], pid[v], id=f"e{i}", label=_edge_label(d),
                     color=RELATION_COLOURS.get(d.get("relation"), OTHER_COLOUR),
                     dashes=d.get("modality") == "prospective",
                     width=round(1 + math.log2(max(1, d.get("count", 1))), 2),
                     **({"smooth": smooth} if smooth else {}))
    net.options = _options(big)
    return net, nodes, edges, facets, pid


def _options(big: bool) -> dict:
    return {
        # vis fits the whole graph after stabilising unless told not to; the page fits the
        # biggest connected part itself (graph.js), and the view must not move after that.
        "physics": {"enabled": not big, "solver": "forceAtlas2Based",
                    "stabilization": {"enabled": not big, "iterations": 300, "fit": False}},
        # Labels scale with the node; below 9 px on screen they are not drawn, so zooming
        # in shows them all.
        "nodes": {"shape": "dot", "font": {"size": 14},
                  "scaling": {"min": NODE_SIZE[0], "max": NODE_SIZE[1],
                              "label": {"enabled": True, "min": 8, "max": 26,
                                        "drawThreshold": 9, "maxVisible": 26}}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
                  "font": {"size": 10, "align": "middle"},
                  "smooth": {"enabled": not big, "type": "continuous"}},
        # Hover tooltips are built in the page (vis-network shows string titles as text).
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big,
                        "navigationButtons": False},
        "layout": {"improvedLayout": False},  # we give positions; its pass is O(n^2)
    }


def to_html(g: nx.MultiDiGraph, *, max_nodes: int = 500, title: str = "graphbuild: actors",
            max_evidence: int = 20) -> str:
    """The page as a string (see the module docstring)."""
    return _page(g, max_nodes, title, max_evidence)[0]


def write_html(g: nx.MultiDiGraph, path: str | Path, *, max_nodes: int = 500,
               title: str = "graphbuild: actors", max_evidence: int = 20) -> tuple[int, int]:
    """Write the page to `path` (one file, nothing beside it); returns (actors drawn, actors
    in relations)."""
    page, shown, linked = _page(g, max_nodes, title, max_evidence)
    with replacing(path) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return shown, linked


def _page(g: nx.MultiDiGraph, max_nodes: int, title: str,
          max_evidence: int) -> tuple[str, int, int]:
    rank = ranks(g)
    shown = select_actors(g, max_nodes, rank)
    net, nodes, edges, facets, pid = _network(g, shown, rank, max_evidence)
    net.set_template_dir(str(TEMPLATES), "graph.html")
    relations = sorted({e["relation"] for e in edges.values()})
    dates = sorted(d for e in edges.values() for d in (e["first_date"], e["last_date"]) if d)
    values = {f: sorted({v for e in edges.values() for v in e["fields"][f]}) for f in facets}
    linked = sum(1 for n in g if g.degree(n))
    net.templateEnv.globals["gb"] = {
        "title": title, "shown": len(shown), "total": len(g), "linked": linked,
        "types": {**TYPE_COLOURS, "other": OTHER_COLOUR},
        "relations": {r: RELATION_COLOURS.get(r, OTHER_COLOUR) for r in relations},
        "outlets": sorted({s for e in edges.values() for s in e["sources"]}),
        "fields": values, "dates": [dates[0], dates[-1]] if dates else None,
        "details": {"nodes": nodes, "edges": edges}, "palette": COMMUNITY_COLOURS,
        # The view opens on the biggest connected part (the small ones are packed around).
        "focus": sorted(pid[n] for n in max(nx.connected_components(nx.Graph(shown)), key=len,
                                              default=[])),
        "vis_js": _vis_lib("vis-network.min.js"), "vis_css": _vis_lib("vis-network.css"),
    }
    return net.generate_html(), len(shown), linked


def show_inline(g: nx.MultiDiGraph, *, height: int = 650, **kw):
    """The page for a notebook cell: an iframe whose srcdoc is the whole page."""
    try:
        from IPython.display import HTML
    except ImportError:
        raise ImportError("show_inline needs IPython (pip install jupyter); "
                          "or use write_html and open the file") from None
    # srcdoc keeps the page's script and styles apart from the notebook's own.
    doc = html.escape(to_html(g, **kw), quote=True)
    with warnings.catch_warnings():  # IPython suggests IFrame, which cannot take a srcdoc
        warnings.simplefilter("ignore", UserWarning)
        return HTML(f'<iframe srcdoc="{doc}" style="width:100%;height:{int(height)}px;'
                    f'border:1px solid #ddd"></iframe>')
