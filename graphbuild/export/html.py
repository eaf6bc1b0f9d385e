"""The browser view: one self-contained, offline HTML page drawn with pyvis / vis-network.

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

__all__ = ["PHYSICS_LIMIT", "select_actors", "show_inline", "to_html", "write_html"]

TYPE_COLOURS = {"PERSON": "#4e79a7", "COUNTRY": "#59a14f", "ORGANIZATION": "#f28e2b",
                "PARTY": "#b07aa1"}
RELATION_COLOURS = {"HOLDS_ROLE": "#8c564b", "MEMBER_OF": "#9467bd", "BACKS": "#2ca02c",
                    "OPPOSES": "#d62728", "SUCCEEDS": "#17becf"}
OTHER_COLOUR = "#999999"
# Above this many actors the browser's physics takes seconds to settle: lay out in Python.
PHYSICS_LIMIT = 300
TEMPLATES = Path(__file__).resolve().parent / "templates"


def pagerank(g: nx.MultiDiGraph) -> dict:
    """PageRank on the simple projection: it ranks actors, not how often a fact was stated."""
    return nx.pagerank(nx.DiGraph(g)) if len(g) else {}


def select_actors(g: nx.MultiDiGraph, max_nodes: int, rank: dict) -> nx.MultiDiGraph:
    """The `max_nodes` most central actors (PageRank, ties by id so the choice is stable)."""
    if len(g) <= max_nodes:
        return g
    keep = sorted(g, key=lambda n: (-rank[n], str(n)))[:max_nodes]
    return g.subgraph(keep)


def layout(g: nx.MultiDiGraph) -> dict:
    """Seeded positions in vis-network pixels, so the same graph always looks the same."""
    if not len(g):
        return {}
    # Fruchterman-Reingold costs O(n^2) per iteration here (about 0.5 s at 2,000 actors):
    # fewer iterations on big graphs keep an export of thousands of actors to seconds.
    iterations = max(15, min(50, 15_000 // len(g)))
    pos = nx.spring_layout(nx.Graph(g), seed=7, iterations=iterations, method="force")
    scale = 120 + 45 * math.sqrt(len(g))  # keep the average spacing about constant
    return {n: (round(float(x) * scale, 1), round(float(y) * scale, 1))
            for n, (x, y) in pos.items()}


def _vis_lib(name: str) -> str:
    return resources.files("pyvis").joinpath("lib", "vis-9.1.2", name).read_text("utf-8")


def _node_details(n, d: dict, rank: float) -> dict:
    return {"name": d.get("name") or str(n), "type": d.get("type") or "", "rank": rank,
            "aliases": list(d.get("aliases") or []), "mentions": d.get("mentions", 0),
            "articles": d.get("articles", 0), "wikidata": d.get("wikidata")}


def _edge_details(u, v, key, d: dict, max_evidence: int) -> dict:
    ev = d.get("evidence") or []
    keep = ("title", "url", "date", "sentence", "modality", "confidence")
    return {
        "from": str(u), "to": str(v), "key": str(key), "relation": d.get("relation", str(key)),
        "role": d.get("role"), "status": d.get("status"), "modality": d.get("modality"),
        "count": d.get("count", len(ev)), "articles": d.get("articles"),
        "first_date": d.get("first_date"), "last_date": d.get("last_date"),
        # Most recent first; a page with every sentence of a big corpus would be huge.
        "evidence": [{k: e.get(k) for k in keep} for e in
                     sorted(ev, key=lambda e: e.get("date") or "", reverse=True)[:max_evidence]],
        "more": max(0, len(ev) - max_evidence),
    }


def _edge_label(d: dict) -> str:
    if d.get("relation") == "HOLDS_ROLE" and d.get("role"):
        return d["role"] + (" (former)" if d.get("status") == "former" else "")
    return d.get("relation", "")


def _network(g: nx.MultiDiGraph, rank: dict, max_evidence: int):
    """A pyvis Network with our styling, plus the per-item details the side panel shows."""
    from pyvis.network import Network

    net = Network(directed=True, height="100%", width="100%")
    big = len(g) > PHYSICS_LIMIT
    top = max(rank.values(), default=1.0) or 1.0
    pos = layout(g)
    nodes, edges = {}, {}
    for n, d in g.nodes(data=True):
        r = rank.get(n, 0.0)
        nodes[str(n)] = _node_details(n, d, r)
        x, y = pos[n]
        net.add_node(str(n), label=nodes[str(n)]["name"], x=x, y=y,
                     size=round(8 + 32 * math.sqrt(r / top), 1),
                     color=TYPE_COLOURS.get(d.get("type"), OTHER_COLOUR))
    seen: dict[frozenset, int] = {}
    for i, (u, v, key, d) in enumerate(g.edges(keys=True, data=True)):
        eid = f"e{i}"
        edges[eid] = _edge_details(u, v, key, d, max_evidence)
        # Parallel edges between one pair would be drawn on top of each other: bend them.
        nth = seen[frozenset((u, v))] = seen.get(frozenset((u, v)), -1) + 1
        smooth = {"enabled": True, "type": "curvedCW", "roundness": 0.15 * nth} if nth else None
        net.add_edge(str(u), str(v), id=eid, label=_edge_label(d),
                     color=RELATION_COLOURS.get(d.get("relation"), OTHER_COLOUR),
                     dashes=d.get("modality") == "prospective",
                     width=round(1 + math.log2(max(1, d.get("count", 1))), 2),
                     **({"smooth": smooth} if smooth else {}))
    net.options = _options(big)
    return net, nodes, edges


def _options(big: bool) -> dict:
    return {
        "physics": {"enabled": not big, "solver": "forceAtlas2Based",
                    "stabilization": {"enabled": not big, "iterations": 300}},
        "nodes": {"shape": "dot", "font": {"size": 14},
                  "scaling": {"label": {"drawThreshold": 6}}},
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
    rank = pagerank(g)
    shown = select_actors(g, max_nodes, rank)
    net, nodes, edges = _network(shown, rank, max_evidence)
    net.set_template_dir(str(TEMPLATES), "graph.html")
    relations = sorted({e["relation"] for e in edges.values()})
    net.templateEnv.globals["gb"] = {
        "title": title, "shown": len(shown), "total": len(g),
        "types": {**TYPE_COLOURS, "other": OTHER_COLOUR},
        "relations": {r: RELATION_COLOURS.get(r, OTHER_COLOUR) for r in relations},
        "details": {"nodes": nodes, "edges": edges},
        "vis_js": _vis_lib("vis-network.min.js"), "vis_css": _vis_lib("vis-network.css"),
    }
    return net.generate_html()


def write_html(g: nx.MultiDiGraph, path: str | Path, *, max_nodes: int = 500,
               title: str = "graphbuild: actors", max_evidence: int = 20) -> Path:
    """Write the page to `path` (one file, nothing beside it)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_html(g, max_nodes=max_nodes, title=title, max_evidence=max_evidence),
                    encoding="utf-8")
    return path


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
