"""Every Cypher statement graphbuild runs. Values always travel as parameters; labels and
relationship types (which Cypher cannot parameterise) come only from the allow-lists below.

Every node and relationship belongs to a dataset (`dataset`: the name of the store it was
exported from): two corpora in one database stay apart, and each statement here touches one.
"""

from __future__ import annotations

ACTOR_LABELS = {"PERSON": "Person", "COUNTRY": "Country", "ORGANIZATION": "Organization",
                "PARTY": "Party"}
REL_TYPES = frozenset({"BACKS", "OPPOSES", "SUCCEEDS", "MEMBER_OF", "HOLDS_ROLE"})
NODE_LABELS = ("Actor", "Article", "Statement", "Evidence")

# One node per (dataset, id) of each label; the indexes the README's queries filter on.
SCHEMA = (
    # Before datasets, ids were unique across the database: those constraints go.
    *(f"DROP CONSTRAINT graphbuild_{label.lower()}_id IF EXISTS"
      for label in ("Actor", "Article", "Evidence")),
    *(f"CREATE CONSTRAINT graphbuild_{label.lower()}_key IF NOT EXISTS "
      f"FOR (n:{label}) REQUIRE (n.dataset, n.id) IS UNIQUE" for label in NODE_LABELS),
    "CREATE INDEX graphbuild_actor_name IF NOT EXISTS FOR (a:Actor) ON (a.name)",
    "CREATE INDEX graphbuild_actor_dataset_name IF NOT EXISTS FOR (a:Actor) ON (a.dataset, a.name)",
    "CREATE INDEX graphbuild_actor_pagerank IF NOT EXISTS FOR (a:Actor) ON (a.dataset, a.pagerank)",
    "CREATE INDEX graphbuild_article_date IF NOT EXISTS FOR (a:Article) ON (a.dataset, a.date)",
    "CREATE INDEX graphbuild_article_source IF NOT EXISTS FOR (a:Article) ON (a.dataset, a.source)",
    "CREATE INDEX graphbuild_statement_relation IF NOT EXISTS "
    "FOR (s:Statement) ON (s.dataset, s.relation)",
)

# Every row carries `run`, a hash of what this export writes: whatever of the dataset does not
# carry it afterwards is what the graph no longer has, and is deleted (DELETE_STALE).
MERGE_ARTICLES = (
    "UNWIND $rows AS row MERGE (a:Article {dataset: $dataset, id: row.id}) "
    "SET a += row.props, a.run = $run"
)

MERGE_MENTIONS = (
    "UNWIND $rows AS row "
    "MATCH (art:Article {dataset: $dataset, id: row.article}) "
    "MATCH (a:Actor {dataset: $dataset, id: row.actor}) "
    "MERGE (art)-[m:MENTIONS]->(a) SET m.count = row.count, m.dataset = $dataset, m.run = $run"
)

# A statement: one aggregated edge of the graph as a node, linked to its subject, object and
# evidence, so that Neo4j Browser can expand from an actor to what is said of it and why.
MERGE_STATEMENTS = (
    "UNWIND $rows AS row "
    "MATCH (s:Actor {dataset: $dataset, id: row.s}) MATCH (o:Actor {dataset: $dataset, id: row.o}) "
    "MERGE (st:Statement {dataset: $dataset, id: row.id}) SET st += row.props, st.run = $run "
    "MERGE (st)-[:SUBJECT]->(s) MERGE (st)-[:OBJECT]->(o)"
)

MERGE_EVIDENCE = (
    "UNWIND $rows AS row "
    "MATCH (st:Statement {dataset: $dataset, id: row.statement}) "
    "MATCH (art:Article {dataset: $dataset, id: row.props.article}) "
    "MERGE (ev:Evidence {dataset: $dataset, id: row.id}) SET ev += row.props, ev.run = $run "
    "MERGE (st)-[:STATED_IN]->(ev) MERGE (ev)-[:FROM]->(art)"
)

# PageRank of each actor, computed in Python (graphbuild.export.neo4j.pagerank).
SET_PAGERANK = (
    "UNWIND $rows AS row MATCH (a:Actor {dataset: $dataset, id: row.id}) "
    "SET a.pagerank = row.pagerank"
)


def delete_stale(label: str) -> str:
    """Delete the dataset's `label` nodes this export did not write (the graph lost them),
    with their relationships, in batches (an auto-commit transaction)."""
    if label not in NODE_LABELS:
        raise ValueError(f"unknown node label: {label!r}")
    return (f"MATCH (n:{label} {{dataset: $dataset}}) WHERE n.run <> $run "
            "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS")


# Relationships between kept nodes that this export did not write: typed relationships whose
# edge the graph lost, MENTIONS of an actor an article no longer names.
DELETE_STALE_RELATIONSHIPS = (
    "MATCH (:Actor|Article {dataset: $dataset})-[r]->(:Actor {dataset: $dataset}) "
    "WHERE r.run <> $run CALL (r) { DELETE r } IN TRANSACTIONS OF 1000 ROWS"
)

# The README's queries (run by tests/test_neo4j.py), each scoped to one dataset.
WHO_BACKS = (
    "MATCH (s:Actor)<-[:SUBJECT]-(st:Statement {dataset: $dataset, relation: 'BACKS'})"
    "-[:OBJECT]->(:Actor {name: $name}) "
    "MATCH (st)-[:STATED_IN]->(ev:Evidence)-[:FROM]->(art:Article) "
    "RETURN s.name AS backer, ev.sentence AS sentence, art.source AS outlet, art.date AS date "
    "ORDER BY backer, sentence"
)
SUCCESSION = (
    "MATCH (h:Actor)-[hr:HOLDS_ROLE]->(:Actor {dataset: $dataset, name: $of}) "
    "WHERE hr.role = $role "
    "MATCH p = (latest:Actor)-[:SUCCEEDS*0..10]->(h)-[:SUCCEEDS*0..10]->(first:Actor) "
    "WHERE NOT EXISTS { ()-[:SUCCEEDS]->(latest) } AND NOT EXISTS { (first)-[:SUCCEEDS]->() } "
    "RETURN DISTINCT [n IN nodes(p) | n.name] AS chain ORDER BY size(chain) DESC, chain"
)
MEMBERS_OF = (
    "MATCH (m:Actor)-[:MEMBER_OF]->(:Actor {dataset: $dataset, name: $name}) "
    "RETURN m.name AS member ORDER BY member"
)
TOP_PAGERANK = (
    "MATCH (a:Actor {dataset: $dataset}) WHERE a.pagerank IS NOT NULL "
    "RETURN a.name AS actor, a.pagerank AS pagerank ORDER BY a.pagerank DESC, actor LIMIT 5"
)
SHORTEST_PATH = (
    "MATCH p = shortestPath((a:Actor {dataset: $dataset, name: $a})"
    "-[:BACKS|OPPOSES|SUCCEEDS|MEMBER_OF|HOLDS_ROLE*..6]-(b:Actor {dataset: $dataset, name: $b})) "
    "RETURN [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | type(r)] AS types"
)


def merge_actors(actor_type: str) -> str:
    """MERGE :Actor nodes by (dataset, id), then give them the one label of `actor_type`."""
    if actor_type not in ACTOR_LABELS:
        raise ValueError(f"unknown actor type: {actor_type!r}")
    others = "".join(f":{lab}" for t, lab in sorted(ACTOR_LABELS.items()) if t != actor_type)
    return (
        "UNWIND $rows AS row MERGE (a:Actor {dataset: $dataset, id: row.id}) "
        f"SET a += row.props, a.run = $run REMOVE a{others} SET a:{ACTOR_LABELS[actor_type]}"
    )


def merge_relation(rel_type: str) -> str:
    """MERGE one relationship of type `rel_type` per graph edge, keyed on (s, type, key)."""
    if rel_type not in REL_TYPES:
        raise ValueError(f"unknown relation type: {rel_type!r}")
    return (
        "UNWIND $rows AS row "
        "MATCH (s:Actor {dataset: $dataset, id: row.s}) "
        "MATCH (o:Actor {dataset: $dataset, id: row.o}) "
        f"MERGE (s)-[r:{rel_type} {{key: row.key}}]->(o) "
        "SET r += row.props, r.dataset = $dataset, r.run = $run"
    )
