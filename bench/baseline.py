"""The usual recipe, as a baseline: spaCy NER + textacy subject-verb-object triples, with verb
lemmas mapped to graphbuild's relations. It runs on the same parsed Doc as graphbuild."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token
from textacy.extract import subject_verb_object_triples

VERBS = {
    "back": "BACKS", "endorse": "BACKS", "support": "BACKS", "champion": "BACKS",
    "oppose": "OPPOSES", "criticize": "OPPOSES", "criticise": "OPPOSES", "condemn": "OPPOSES",
    "reject": "OPPOSES", "denounce": "OPPOSES", "attack": "OPPOSES",
    "succeed": "SUCCEEDS", "replace": "SUCCEEDS",
    "join": "MEMBER_OF",
    "lead": "HOLDS_ROLE", "head": "HOLDS_ROLE", "chair": "HOLDS_ROLE",
}
LABELS = {"PERSON", "ORG", "GPE", "NORP"}


def _entity(tokens: list[Token]) -> str | None:
    for t in tokens:
        if t.ent_type_ in LABELS:
            ent = next(e for e in t.doc.ents if e.start <= t.i < e.end)
            return ent.text.removeprefix("the ").removesuffix("'s")
    return None


def baseline_records(doc: Doc, doc_id: str) -> Iterator[dict]:
    """Relation records (doc_id, subject, relation, object) in graphbuild's extract format."""
    for triple in subject_verb_object_triples(doc):
        relation = VERBS.get(triple.verb[-1].lemma_.lower())
        subject, obj = _entity(triple.subject), _entity(triple.object)
        if relation and subject and obj and subject != obj:
            yield {"doc_id": doc_id, "subject": subject, "relation": relation, "object": obj,
                   "negated": any(t.dep_ == "neg" for t in triple.verb)}
