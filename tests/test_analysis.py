"""Analysis on small graphs whose answers are known."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graphbuild import analysis
from graphbuild.graph import assemble
from graphbuild.model import Entity, Evidence, Relation


def rel(subj, kind, obj, article="a1", date="2024-01-01", *, role=None, status=None):
    ev = Evidence(article, f"{subj} {kind} {obj} in {article}", 0, 10, "p.test", 0.8, "asserted",
                  False, date)
    return Relation(subj, kind, obj, ev, role, status)


def actors(*ids, kind="PERSON"):
    return [Entity(i, i.title(), kind, (f"Mr {i.title()}",)) for i in ids]


@pytest.fixture
def star():
    """Four backers of one hub, plus an OPPOSES edge outside the BACKS network."""
    rels = [rel(x, "BACKS", "hub") for x in ("a", "b", "c", "d")]
    rels += [rel("a", "BACKS", "hub", "a2"), rel("e", "OPPOSES", "a")]
    return assemble(actors("hub", "a", "b", "c", "d", "e"), rels)


def test_star_hub_has_highest_in_degree_and_pagerank(star):
    df = analysis.centrality(star, relation="BACKS")
    assert set(df.index) == {"hub", "a", "b", "c", "d"}  # e only OPPOSES
    assert df.index[0] == "hub"
    assert df.loc["hub", "in_degree"] == 4 and df.loc["hub", "out_degree"] == 0
    assert df["pagerank"].idxmax() == "hub" and df["in_degree"].idxmax() == "hub"
    assert df.loc["hub", "name"] == "Hub" and df.loc["hub", "type"] == "PERSON"
    assert df.loc["hub", "eigenvector"] == df["eigenvector"].max()
    full = analysis.centrality(star)
    assert "e" in full.index and full.loc["a", "degree"] == 2  # BACKS hub + OPPOSED by e
    assert full.loc["a", "betweenness"] > 0  # e -> a -> hub


def test_eigenvector_is_nan_when_it_does_not_converge(star, monkeypatch):
    def fail(*args, **kwargs):
        raise nx.PowerIterationFailedConvergence(1000)

    monkeypatch.setattr(analysis.nx, "eigenvector_centrality", fail)
    df = analysis.centrality(star)
    assert df["eigenvector"].map(math.isnan).all()
    assert df["pagerank"].notna().all()


def test_centrality_of_empty_network_is_empty(star):
    df = analysis.centrality(star, relation="SUCCEEDS")
    assert df.empty and "pagerank" in df.columns


def test_relation_subgraph_keeps_keys_and_attributes(star):
    h = analysis.relation_subgraph(star, "BACKS")
    assert h.number_of_edges() == 4
    assert h.edges["a", "hub", "BACKS"]["count"] == 2
    assert h.nodes["hub"]["name"] == "Hub"


def test_top_backers_are_actors_with_counts(star):
    df = analysis.top_backers(star, n=2)
    assert list(df.columns) == ["name", "type", "backs", "evidence", "articles", "backed"]
    assert df.iloc[0].tolist() == ["A", "PERSON", 1, 2, 2, ["Hub"]]
    assert len(df) == 2
    assert analysis.top_backers(star, of="Mr Hub")["name"].tolist() == ["A", "B", "C", "D"]
    assert analysis.top_backers(star, of="E").empty


def test_succession_chain_and_role_filter():
    g = assemble(actors("w", "x", "y", "z", "s1", "s2"), [
        rel("z", "SUCCEEDS", "y"), rel("y", "SUCCEEDS", "x"), rel("x", "SUCCEEDS", "w"),
        rel("s2", "SUCCEEDS", "s1"),
        rel("z", "HOLDS_ROLE", "w", role="Prime Minister", status="current"),
        rel("s2", "HOLDS_ROLE", "s1", role="Speaker", status="current"),
    ])
    assert analysis.succession_chains(g) == [["Z", "Y", "X", "W"], ["S2", "S1"]]
    assert analysis.succession_chains(g, role="speaker") == [["S2", "S1"]]
    assert analysis.succession_chains(g, role="prime minister") == [["Z", "Y"]]
    assert analysis.succession_chains(g, role="Pope") == []


def test_between_dates_recomputes_from_evidence_in_range():
    g = assemble(actors("a", "b", "c"), [
        rel("a", "BACKS", "b", "a1", "2023-03-01"), rel("a", "BACKS", "b", "a2", "2024-06-01"),
        rel("a", "BACKS", "b", "a3", "2024-07-15"), rel("c", "OPPOSES", "a", "a4", "2022-01-01"),
    ])
    h = analysis.between_dates(g, "2024-01-01", "2024-12-31")
    e = h.edges["a", "b", "BACKS"]
    assert (e["count"], e["articles"]) == (2, 2)
    assert (e["first_date"], e["last_date"]) == ("2024-06-01", "2024-07-15")
    assert not h.has_node("c")  # its only edge is from 2022
    assert g.edges["a", "b", "BACKS"]["count"] == 3  # the input is untouched
    import datetime as dt

    assert analysis.between_dates(g, end=dt.date(2022, 12, 31)).number_of_edges() == 1
    assert "c" in analysis.between_dates(g, "2030-01-01", keep_isolates=True)


def two_cliques():
    left, right = ["a", "b", "c", "d"], ["w", "x", "y", "z"]
    rels = [rel(u, "BACKS", v) for grp in (left, right) for u in grp for v in grp if u < v]
    rels.append(rel("d", "OPPOSES", "w"))
    return assemble(actors(*left, *right), rels * 3 + [rel("d", "OPPOSES", "w")])


def test_communities_are_seeded_and_deterministic():
    g = two_cliques()
    found = analysis.communities(g, seed=42)
    assert found == [{"a", "b", "c", "d"}, {"w", "x", "y", "z"}]
    assert all(analysis.communities(g, seed=42) == found for _ in range(3))
    table = analysis.community_table(g, seed=42)
    assert list(table.columns) == ["id", "name", "type", "community"]
    assert table.set_index("id").loc["a", "community"] == 0
    assert table.set_index("id").loc["z", "community"] == 1


def test_weighted_projection_sums_evidence_counts():
    u = analysis.weighted_projection(two_cliques())
    assert u["d"]["w"]["weight"] == 4  # 3 + 1 OPPOSES statements
    assert u["a"]["b"]["weight"] == 3


def test_ego_by_id_name_or_alias(star):
    assert set(analysis.ego(star, "hub")) == {"hub", "a", "b", "c", "d"}
    assert set(analysis.ego(star, "mr E")) == {"e", "a"}
    assert set(analysis.ego(star, "HUB", radius=2)) == {"hub", "a", "b", "c", "d", "e"}
    assert analysis.find_actor(star, "a") == "a"
    with pytest.raises(KeyError, match="no actor with id, name or alias 'Nobody'"):
        analysis.ego(star, "Nobody")
