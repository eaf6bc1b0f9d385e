"""Flat records of extraction results: the JSON Lines rows of `graphbuild extract`."""

from __future__ import annotations

from collections.abc import Iterator

from graphbuild.model import DocResult

FIELDS = ("doc_id", "subject", "subject_type", "relation", "object", "object_type", "role",
          "status", "modality", "negated", "stated", "confidence", "sentence", "start", "end",
          "extractor")


def relation_records(result: DocResult) -> Iterator[dict]:
    """One dict per relation found in an article; subject/object are canonical names."""
    actors = {a.id: a for a in result.actors}
    for r in result.relations:
        s, o, e = actors[r.subject_id], actors[r.object_id], r.evidence
        yield {
            "doc_id": result.article.id, "subject": s.name, "subject_type": s.type,
            "relation": r.relation, "object": o.name, "object_type": o.type,
            "role": r.role, "status": r.status, "modality": e.modality, "negated": e.negated,
            "stated": e.stated, "confidence": e.confidence, "sentence": e.sentence,
            "start": e.start, "end": e.end, "extractor": e.extractor,
        }
