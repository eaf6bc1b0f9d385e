"""Analysis of the actor graph: centrality, communities, ego networks, slices by date or by
an article field (outlet, bias), succession chains and backers.

Pure functions over the `networkx.MultiDiGraph` of `graphbuild.graph` (node attributes
`name`, `type`, `aliases`; edge attributes `relation`, `evidence`, `count`, ...). They never
modify their input and return pandas DataFrames, lists or new graphs.
"""

from __future__ import annotations

import datetime as dt
import math

import networkx as nx
import pandas as pd

from graphbuild.graph import _aggregate

__all__ = [
    "between_dates",
    "by_article_field",
    "centrality",
    "communities",
    "community_table",
    "ego",
    "find_actor",
    "relation_subgraph",
    "succession_chains",
    "top_backers",
    "weighted_projection",
]

CENTRALITY_COLUMNS = ["name", "type", "degree", "in_degree", "out_degree", "betweenness",
                      "pagerank", "eigenvector"]


def relation_subgraph(g: nx.MultiDiGraph, relation: str) -> nx.MultiDiGraph:
    """The edges of one relation type (e.g. "BACKS") and the actors they connect."""
    h = nx.MultiDiGraph()
    for u, v, k, data in g.edges(keys=True, data=True):
        if data.get("relation") == relation:
            h.add_node(u, **g.nodes[u])
            h.add_node(v, **g.nodes[v])
            h.add_edge(u, v, k, **data)
    return h


def weighted_projection(g: nx.MultiDiGraph, directed: bool = False) -> nx.Graph:
    """A simple graph with one edge per linked pair, weight = total evidence count. Nodes and
    edges go in sorted by id: seeded algorithms (Louvain) depend on their order, and a
    subgraph's order on string hashing, which changes from one Python process to the next."""
    h = nx.DiGraph() if directed else nx.Graph()
    h.add_nodes_from(sorted(g.nodes(data=True), key=lambda n: str(n[0])))
    for u, v, w in sorted(g.edges(data="count", default=1), key=lambda e: (str(e[0]), str(e[1]))):
        if h.has_edge(u, v):
            h[u][v]["weight"] += w
        else:
            h.add_edge(u, v, weight=w)
    return h


def centrality(g: nx.MultiDiGraph, relation: str | None = None) -> pd.DataFrame:
    """Degree, in/out degree, betweenness, PageRank and eigenvector centrality per actor,
    indexed by actor id, sorted by PageRank. With `relation`, only that relation's network.
    Eigenvector centrality uses the undirected simple projection; NaN if it does not converge.
    """
    h = relation_subgraph(g, relation) if relation else g
    if h.number_of_nodes() == 0:
        return pd.DataFrame(columns=CENTRALITY_COLUMNS, index=pd.Index([], name="id"))
    directed = weighted_projection(h, directed=True)
    betweenness = nx.betweenness_centrality(directed)
    pagerank = nx.pagerank(directed, weight="weight")
    try:
        eigen = nx.eigenvector_centrality(weighted_projection(h), max_iter=1000)
    except (nx.PowerIterationFailedConvergence, nx.NetworkXException):
        eigen = {}
    rows = {
        n: {"name": d.get("name", n), "type": d.get("type"), "degree": h.degree(n),
            "in_degree": h.in_degree(n), "out_degree": h.out_degree(n),
            "betweenness": betweenness[n], "pagerank": pagerank[n],
            "eigenvector": eigen.get(n, math.nan)}
        for n, d in h.nodes(data=True)
    }
    df = pd.DataFrame.from_dict(rows, orient="index", columns=CENTRALITY_COLUMNS)
    df.index.name = "id"
    return df.sort_values(["pagerank", "name"], ascending=[False, True])


def communities(g: nx.MultiDiGraph, seed: int = 42) -> list[set]:
    """Louvain communities of the undirected projection weighted by evidence count,
    largest first. The same seed gives the same communities."""
    u = weighted_projection(g)
    if u.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(u, weight="weight", seed=seed)
    return sorted(found, key=lambda c: (-len(c), min(c)))


def community_table(g: nx.MultiDiGraph, seed: int = 42) -> pd.DataFrame:
    """One row per actor: id, name, type and its community number (0 = largest)."""
    rows = [
        {"id": n, "name": g.nodes[n].get("name", n), "type": g.nodes[n].get("type"),
         "community": i}
        for i, members in enumerate(communities(g, seed=seed))
        for n in sorted(members)
    ]
    return pd.DataFrame(rows, columns=["id", "name", "type", "community"])


def find_actor(g: nx.MultiDiGraph, actor: str) -> str:
    """The node id of `actor`: an id, else a name or alias (case-insensitive); when several
    actors share the name, the most mentioned. KeyError when none matches."""
    if actor in g:
        return actor
    wanted = actor.casefold().strip()
    by_name = [n for n, d in g.nodes(data=True) if str(d.get("name", "")).casefold() == wanted]
    by_alias = [n for n, d in g.nodes(data=True)
                if wanted in (str(a).casefold() for a in d.get("aliases") or ())]
    found = by_name or by_alias
    if not found:
        raise KeyError(f"no actor with id, name or alias {actor!r} in the graph "
                       f"({g.number_of_nodes()} actors)")
    return max(found, key=lambda n: (g.nodes[n].get("mentions", 0), n))


def ego(g: nx.MultiDiGraph, actor: str, radius: int = 1) -> nx.MultiDiGraph:
    """The actors within `radius` links of `actor` (either direction) and their edges."""
    return nx.ego_graph(g, find_actor(g, actor), radius=radius, undirected=True).copy()


def _iso(day: str | dt.date | None) -> str | None:
    return day.isoformat()[:10] if isinstance(day, dt.date) else day


def by_article_field(g: nx.MultiDiGraph, field: str,
                     keep_isolates: bool = False) -> dict[str, nx.MultiDiGraph]:
    """The graph as each group of articles states it, grouped by an article field: the outlet
    ("source") or any field of the input records (AllSides' "bias": left, center, right).
    One graph per value, sorted; evidence from articles without the field is left out;
    counts, articles and dates are recomputed."""
    groups: dict[str, nx.MultiDiGraph] = {}
    for u, v, k, data in g.edges(keys=True, data=True):
        split: dict[str, list[dict]] = {}
        for e in data.get("evidence", ()):
            value = e.get("source") if field == "source" else \
                (e.get("article_fields") or {}).get(field)
            if value is not None:
                split.setdefault(value, []).append(e)
        for value, ev in split.items():
            h = groups.setdefault(value, nx.MultiDiGraph())
            for n in (u, v):
                h.add_node(n, **g.nodes[n])
            kept = {**data, "evidence": ev}
            _aggregate(kept)
            h.add_edge(u, v, k, **kept)
    if keep_isolates:
        for h in groups.values():
            h.add_nodes_from(g.nodes(data=True))
    return dict(sorted(groups.items()))


def between_dates(
    g: nx.MultiDiGraph,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    keep_isolates: bool = False,
) -> nx.MultiDiGraph:
    """The graph as stated by evidence dated within [start, end] (inclusive; None = open).
    Undated evidence is left out; counts, articles and dates are recomputed."""
    lo, hi = _iso(start), _iso(end)
    h = nx.MultiDiGraph()
    h.add_nodes_from(g.nodes(data=True))
    for u, v, k, data in g.edges(keys=True, data=True):
        ev = [e for e in data.get("evidence", ())
              if e.get("date") and (lo is None or e["date"][:10] >= lo)
              and (hi is None or e["date"][:10] <= hi)]
        if ev:
            kept = {**data, "evidence": ev}
            _aggregate(kept)
            h.add_edge(u, v, k, **kept)
    if not keep_isolates:
        h.remove_nodes_from([n for n in list(h) if h.degree(n) == 0])
    return h


def _holds(g: nx.MultiDiGraph, node: str, role: str) -> bool:
    want = role.casefold()
    return any(d.get("relation") == "HOLDS_ROLE" and want in str(d.get("role") or "").casefold()
               for _, _, d in g.out_edges(node, data=True))


def succession_chains(g: nx.MultiDiGraph, role: str | None = None) -> list[list[str]]:
    """Chains of SUCCEEDS edges as lists of names, latest successor first, longest chains
    first. With `role`, only successions where an actor's HOLDS_ROLE (or the evidence) names
    that post (case-insensitive substring, e.g. "prime minister")."""
    s = nx.DiGraph()
    for u, v, data in g.edges(data=True):
        if data.get("relation") != "SUCCEEDS":
            continue
        if role and not (_holds(g, u, role) or _holds(g, v, role) or any(
                role.casefold() in str(e.get("role") or "").casefold()
                for e in data.get("evidence", ()))):
            continue
        s.add_edge(u, v)
    chains: list[list[str]] = []

    def walk(path: list[str]) -> None:
        nxt = [p for p in sorted(s.successors(path[-1])) if p not in path]
        if not nxt:
            chains.append([g.nodes[n].get("name", n) for n in path])
        for p in nxt:
            walk([*path, p])

    heads = [n for n in sorted(s) if s.in_degree(n) == 0] or sorted(s)[:1]
    for head in heads:
        walk([head])
    return sorted(chains, key=lambda c: (-len(c), c))


def top_backers(g: nx.MultiDiGraph, n: int = 10, of: str | None = None) -> pd.DataFrame:
    """The `n` actors that back others most, by evidence: one row per backer with `name`,
    `type`, `backs` (how many actors it backs), `evidence` (statements), `articles` (distinct
    articles stating them) and `backed` (whom, most evidence first). `of`: only the backers of
    that actor (id, name or alias)."""
    target = find_actor(g, of) if of is not None else None
    edges: dict[str, list[tuple[str, dict]]] = {}
    for u, v, data in g.edges(data=True):
        if data.get("relation") == "BACKS" and target in (None, v):
            edges.setdefault(u, []).append((v, data))
    rows = []
    for u, backed in edges.items():
        backed.sort(key=lambda e: (-e[1].get("count", 0), g.nodes[e[0]].get("name", e[0])))
        articles = {ev.get("article") for _, d in backed for ev in d.get("evidence", ())}
        rows.append({"name": g.nodes[u].get("name", u), "type": g.nodes[u].get("type"),
                     "backs": len({v for v, _ in backed}),
                     "evidence": sum(d.get("count", 0) for _, d in backed),
                     "articles": len(articles - {None}),
                     "backed": [g.nodes[v].get("name", v) for v, _ in backed]})
    columns = ["name", "type", "backs", "evidence", "articles", "backed"]
    df = pd.DataFrame(rows, columns=columns)
    df = df.sort_values(["evidence", "backs", "name"], ascending=[False, False, True])
    return df.head(n).reset_index(drop=True)
