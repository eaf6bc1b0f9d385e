"""Graph assembly: aggregation of repeated relations, negation, GraphML/JSON round trip."""

from __future__ import annotations

from graphbuild.export.files import read_graphml, read_json, write_graphml, write_json
from graphbuild.graph import assemble
from graphbuild.model import Entity, Evidence, Relation

ENTITIES = [Entity("p", "Mark Rutte", "PERSON", ("Rutte", "PM Rutte")),
            Entity("c", "United States", "COUNTRY", ("US",), "Q30"),
            Entity("n", "Netherlands", "COUNTRY")]


def rel(subj, kind, obj, article, date, *, negated=False, role=None, status=None,
        modality="asserted"):
    ev = Evidence(article, f"sentence in {article}", 0, 10, "p.id", 0.8, modality, negated, date)
    return Relation(subj, kind, obj, ev, role, status)


def test_repeated_relations_aggregate_with_all_evidence():
    g = assemble(ENTITIES, [
        rel("c", "BACKS", "p", "a1", "2024-02-22", modality="reported"),
        rel("c", "BACKS", "p", "a2", "2024-06-26"),
        rel("c", "BACKS", "p", "a2", "2024-06-26"),
        rel("c", "OPPOSES", "p", "a3", "2024-01-01", negated=True),
        rel("p", "HOLDS_ROLE", "n", "a1", "2024-02-22", role="Prime Minister", status="current"),
        rel("p", "HOLDS_ROLE", "n", "a4", "2025-01-01", role="Prime Minister", status="former"),
    ], [{"id": "a1", "title": "T1", "url": "https://example.org/1"}])
    backs = g.edges["c", "p", "BACKS"]
    assert (backs["count"], backs["articles"]) == (3, 2)
    assert (backs["first_date"], backs["last_date"]) == ("2024-02-22", "2024-06-26")
    assert backs["modality"] == "asserted"
    assert backs["evidence"][0]["title"] == "T1"
    assert not g.has_edge("c", "p", "OPPOSES")  # negated statements are not edges
    role = g.edges["p", "n", "HOLDS_ROLE:Prime Minister"]
    assert (role["role"], role["status"], role["count"]) == ("Prime Minister", "former", 2)


def test_graphml_and_json_round_trip_keep_attributes(tmp_path):
    g = assemble(ENTITIES, [rel("c", "BACKS", "p", "a1", "2024-02-22")])
    write_graphml(g, tmp_path / "g.graphml")
    write_json(g, tmp_path / "g.json")
    for h in (read_graphml(tmp_path / "g.graphml"), read_json(tmp_path / "g.json")):
        assert h.nodes["p"]["aliases"] == ["Rutte", "PM Rutte"]
        assert h.nodes["c"]["type"] == "COUNTRY"
        assert h.nodes["c"]["wikidata"] == "Q30"
        data = h.edges["c", "p", "BACKS"]
        assert data["relation"] == "BACKS" and data["first_date"] == "2024-02-22"
        assert data["evidence"][0]["sentence"] == "sentence in a1"
