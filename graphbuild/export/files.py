"""GraphML and node-link JSON, with symmetric read/write functions.

GraphML holds only scalars, so lists (aliases, evidence) are stored as JSON strings and
decoded again by `read_graphml`.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

__all__ = ["read_graphml", "read_json", "write_graphml", "write_json"]

_JSON_ATTRS = ("aliases", "evidence")


def _flat(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    h = g.copy()
    for _, data in h.nodes(data=True):
        _encode(data)
    for _, _, data in h.edges(data=True):
        _encode(data)
    return h


def _encode(data: dict) -> None:
    for k in list(data):
        if k in _JSON_ATTRS or isinstance(data[k], (list, dict)):
            data[k] = json.dumps(data[k], ensure_ascii=False)
        elif data[k] is None:
            del data[k]  # GraphML has no null: an absent attribute is one


def write_graphml(g: nx.MultiDiGraph, path: str | Path) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(_flat(g), str(path), encoding="utf-8")


def read_graphml(path: str | Path) -> nx.MultiDiGraph:
    g = nx.read_graphml(str(path), force_multigraph=True)
    for _, data in g.nodes(data=True):
        _decode(data)
    for _, _, data in g.edges(data=True):
        _decode(data)
    return nx.MultiDiGraph(g)


def _decode(data: dict) -> None:
    for k in _JSON_ATTRS:
        if isinstance(data.get(k), str):
            data[k] = json.loads(data[k])


def write_json(g: nx.MultiDiGraph, path: str | Path) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    data = nx.node_link_data(g, edges="edges")
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def read_json(path: str | Path) -> nx.MultiDiGraph:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
