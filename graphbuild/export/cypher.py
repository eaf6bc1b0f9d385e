"""Every Cypher statement graphbuild runs. Values always travel as parameters; labels and
relationship types (which Cypher cannot parameterise) come only from the allow-lists below.
"""

from __future__ import annotations

ACTOR_LABELS = {"PERSON": "Person", "COUNTRY": "Country", "ORGANIZATION": "Organization",
                "PARTY": "Party"}
REL_TYPES = frozenset({"BACKS", "OPPOSES", "SUCCEEDS", "MEMBER_OF", "HOLDS_ROLE"})

CONSTRAINTS = (
    "CREATE CONSTRAINT graphbuild_actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE",
    "CREATE CONSTRAINT graphbuild_article_id IF NOT EXISTS "
    "FOR (a:Article) REQUIRE a.id IS UNIQUE",
    "CREATE CONSTRAINT graphbuild_evidence_id IF NOT EXISTS "
    "FOR (e:Evidence) REQUIRE e.id IS UNIQUE",
)

MERGE_ARTICLES = "UNWIND $rows AS row MERGE (a:Article {id: row.id}) SET a += row.props"

MERGE_MENTIONS = (
    "UNWIND $rows AS row "
    "MATCH (art:Article {id: row.article}) MATCH (a:Actor {id: row.actor}) "
    "MERGE (art)-[m:MENTIONS]->(a) SET m.count = row.count"
)

MERGE_EVIDENCE = (
    "UNWIND $rows AS row "
    "MERGE (ev:Evidence {id: row.id}) SET ev += row.props "
    "WITH ev, row MATCH (art:Article {id: row.props.article_id}) "
    "MERGE (ev)-[:FROM]->(art)"
)

# Evidence nodes of the exported articles that the graph no longer has (the article changed
# and was rebuilt): `row.keep` lists the evidence ids article `row.article` still has. The
# hint and the unlabelled `ev` (only Evidence has FROM) keep the planner, whose statistics
# may still say "no Evidence" on a fresh database, from scanning all Evidence for every row.
DELETE_STALE_EVIDENCE = (
    "UNWIND $rows AS row "
    "MATCH (art:Article {id: row.article}) USING INDEX art:Article(id) "
    "MATCH (art)<-[:FROM]-(ev) WHERE NOT ev.id IN row.keep DETACH DELETE ev"
)

# PageRank of each actor, computed in Python (graphbuild.export.neo4j.pagerank).
SET_PAGERANK = "UNWIND $rows AS row MATCH (a:Actor {id: row.id}) SET a.pagerank = row.pagerank"

# The five queries of the README (run by tests/test_neo4j.py).
WHO_BACKS = (
    "MATCH (s:Actor)-[r:BACKS]->(o:Actor {name: $name}) "
    "MATCH (ev:Evidence) WHERE ev.id IN r.evidence_ids "
    "RETURN s.name AS backer, ev.sentence AS sentence ORDER BY backer, sentence"
)
SUCCESSION = (
    "MATCH (h:Actor)-[hr:HOLDS_ROLE]->(:Actor {name: $of}) WHERE hr.role = $role "
    "MATCH p = (latest:Actor)-[:SUCCEEDS*0..10]->(h)-[:SUCCEEDS*0..10]->(first:Actor) "
    "WHERE NOT EXISTS { ()-[:SUCCEEDS]->(latest) } AND NOT EXISTS { (first)-[:SUCCEEDS]->() } "
    "RETURN DISTINCT [n IN nodes(p) | n.name] AS chain ORDER BY size(chain) DESC, chain"
)
MEMBERS_OF = (
    "MATCH (m:Actor)-[:MEMBER_OF]->(:Actor {name: $name}) RETURN m.name AS member ORDER BY member"
)
TOP_PAGERANK = (
    "MATCH (a:Actor) WHERE a.pagerank IS NOT NULL "
    "RETURN a.name AS actor, a.pagerank AS pagerank ORDER BY a.pagerank DESC, actor LIMIT 5"
)
SHORTEST_PATH = (
    "MATCH p = shortestPath("
    "(a:Actor {name: $a})-[:BACKS|OPPOSES|SUCCEEDS|MEMBER_OF|HOLDS_ROLE*..6]-(b:Actor {name: $b})) "
    "RETURN [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | type(r)] AS types"
)


def merge_actors(actor_type: str) -> str:
    """MERGE :Actor nodes by id, then give them the one type label of `actor_type`."""
    if actor_type not in ACTOR_LABELS:
        raise ValueError(f"unknown actor type: {actor_type!r}")
    others = "".join(f":{lab}" for t, lab in sorted(ACTOR_LABELS.items()) if t != actor_type)
    return (
        "UNWIND $rows AS row MERGE (a:Actor {id: row.id}) SET a += row.props "
        f"REMOVE a{others} SET a:{ACTOR_LABELS[actor_type]}"
    )


def merge_relation(rel_type: str) -> str:
    """MERGE one relationship of type `rel_type` per graph edge, keyed on (s, type, key)."""
    if rel_type not in REL_TYPES:
        raise ValueError(f"unknown relation type: {rel_type!r}")
    return (
        "UNWIND $rows AS row "
        "MATCH (s:Actor {id: row.s}) MATCH (o:Actor {id: row.o}) "
        f"MERGE (s)-[r:{rel_type} {{key: row.key}}]->(o) SET r += row.props"
    )
