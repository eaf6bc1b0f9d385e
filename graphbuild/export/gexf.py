"""GEXF for Gephi, with symmetric read/write functions.

Nodes carry `type`, `aliases` and their first/last seen dates (`first_seen`, `last_seen`,
from the dates of their edges); edges carry `relation`, `first_date`, `last_date`, `count`,
`evidence` and the rest. Lists and dicts are JSON strings, as in GraphML (files.py). Gephi
shows node labels (the actor's name), edge labels (the relation) and weights (the count),
nodes coloured by type (the browser view's colours) and sized by mentions, and, the graph
being dynamic, each node and edge from its first to its last date on Gephi's timeline.
"""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx

from graphbuild.export.files import EDGE_KEY, _decode, _encode, replacing
from graphbuild.export.html import OTHER_COLOUR, TYPE_COLOURS

__all__ = ["read_gexf", "write_gexf"]



def _seen(g: nx.MultiDiGraph, node: str) -> tuple[str | None, str | None]:
    dates = [d for _, _, e in g.in_edges(node, data=True) for d in (e.get("first_date"),
             e.get("last_date")) if d]
    dates += [d for _, _, e in g.out_edges(node, data=True) for d in (e.get("first_date"),
              e.get("last_date")) if d]
    return (min(dates), max(dates)) if dates else (None, None)


def write_gexf(g: nx.MultiDiGraph, path: str | Path) -> None:
    """Write `g` as GEXF 1.2 (Gephi), lists as JSON strings and None left out."""
    h = g.copy()
    h.graph["mode"] = "dynamic"
    for n, data in h.nodes(data=True):
        if "first_seen" not in data:
            data["first_seen"], data["last_seen"] = _seen(g, n)
        _encode(data)
        data["label"] = str(data.get("name", n))
        data["viz"] = {"color": _rgb(TYPE_COLOURS.get(data.get("type"), OTHER_COLOUR)),
                       "size": 5 + 5 * math.log1p(data.get("mentions", 0))}
        _span(data, data.get("first_seen"), data.get("last_seen"))
    for _, _, k, data in h.edges(keys=True, data=True):
        _encode(data)
        data.update({EDGE_KEY: str(k), "label": str(data.get("relation", k)),
                     "weight": data.get("count", 1)})
        _span(data, data.get("first_date"), data.get("last_date"))
    with replacing(path) as tmp:
        nx.write_gexf(h, str(tmp), encoding="utf-8")


def _rgb(colour: str) -> dict[str, int | float]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16),
            "a": 1.0}


def _span(data: dict, start: str | None, end: str | None) -> None:
    """When Gephi's timeline shows it (GEXF `start`/`end`, dates); undated: always."""
    if start:
        data["start"] = start
    if end:
        data["end"] = end


def read_gexf(path: str | Path) -> nx.MultiDiGraph:
    """Read a GEXF written by `write_gexf` back into the graph it was written from."""
    raw = nx.read_gexf(str(path))
    g = nx.MultiDiGraph()
    for n, data in raw.nodes(data=True):
        data = dict(data)
        for extra in ("label", "viz", "start", "end"):
            data.pop(extra, None)
        _decode(data)
        g.add_node(n, **data)
    edges = raw.edges(keys=True, data=True) if raw.is_multigraph() else (
        (u, v, None, d) for u, v, d in raw.edges(data=True))
    for u, v, k, data in edges:
        data = dict(data)
        key = data.pop(EDGE_KEY, k)
        for extra in ("label", "weight", "id", "start", "end"):
            data.pop(extra, None)
        _decode(data)
        g.add_edge(u, v, key, **data)
    return g
