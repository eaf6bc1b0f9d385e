"""GraphML and node-link JSON, with symmetric read/write functions.

GraphML holds only scalars, so lists (aliases, evidence) are stored as JSON strings and
decoded again by `read_graphml`. Its edge ids are unique ("e0", "e1", ...: valid XML tokens);
the multigraph key ("BACKS", "HOLDS_ROLE:Prime Minister") is the attribute `edge_key`, so
readers other than networkx (igraph, Gephi) keep it.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import networkx as nx

from graphbuild.errors import GraphbuildError

__all__ = ["read_graphml", "read_json", "replacing", "write_graphml", "write_json"]

_JSON_ATTRS = ("aliases", "evidence")
EDGE_KEY = "edge_key"  # the multigraph key, kept as an attribute where ids must be unique


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


@contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """A temporary file beside `path` to write to; it replaces `path` only once written
    whole, so a failed or interrupted export (a full disk) leaves the previous file as it was."""
    path = Path(path)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        os.close(fd)
        yield Path(tmp)
        os.chmod(tmp, _mode(path))  # mkstemp's file is private: give the usual mode
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise GraphbuildError("E053", f"{path}: cannot write ({exc.strerror or exc}); "
                                  "the previous file is left as it was") from None
        raise


def _mode(path: Path) -> int:
    """The mode the file replaced had, or what the umask gives a new file (0644 usually)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_graphml(g: nx.MultiDiGraph, path: str | Path) -> None:
    flat = _flat(g)
    h = nx.MultiDiGraph(**flat.graph)
    h.add_nodes_from(flat.nodes(data=True))
    for i, (u, v, k, data) in enumerate(flat.edges(keys=True, data=True)):
        h.add_edge(u, v, f"e{i}", **data, **{EDGE_KEY: str(k)})  # networkx writes keys as ids
    with replacing(path) as tmp:
        nx.write_graphml(h, str(tmp), encoding="utf-8")


def read_graphml(path: str | Path) -> nx.MultiDiGraph:
    raw = nx.read_graphml(str(path), force_multigraph=True)
    g = nx.MultiDiGraph(**raw.graph)
    for n, data in raw.nodes(data=True):
        _decode(data)
        g.add_node(n, **data)
    for u, v, k, data in raw.edges(keys=True, data=True):
        _decode(data)
        g.add_edge(u, v, data.pop(EDGE_KEY, k), **data)
    return g


def _decode(data: dict) -> None:
    for k in _JSON_ATTRS:
        if isinstance(data.get(k), str):
            data[k] = json.loads(data[k])


def write_json(g: nx.MultiDiGraph, path: str | Path) -> None:
    data = nx.node_link_data(g, edges="edges")
    with replacing(path) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def read_json(path: str | Path) -> nx.MultiDiGraph:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
