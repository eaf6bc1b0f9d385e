"""The trained classifier as a relation source: every candidate pair of a sentence is scored,
and the most probable relation of each pair is proposed when its probability reaches the
relation's threshold (chosen at training time)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from graphbuild.extract import roles
from graphbuild.extract.candidates import Arg, Candidate, candidates, role_of
from graphbuild.extract.classifier import NONE, RelationModel, parse_label
from graphbuild.extract.context import DocContext
from graphbuild.extract.features import features, trigger
from graphbuild.extract.proposals import Proposal


class ModelSource:
    """Proposals from the classifier, with the model's name and version on each."""

    name = "classifier"

    def __init__(self, model: RelationModel, *, floor: float | None = None) -> None:
        """`floor`: propose everything at least this probable (for threshold tuning), instead
        of the model's per-relation thresholds."""
        self.model, self.floor = model, floor
        self.extractor = f"model:{model.id}"
        self.none = model.labels.index(NONE)

    def propose(self, ctx: DocContext) -> Iterator[Proposal]:
        cands = list(candidates(ctx))
        if not cands:
            return
        probs = self.model.probabilities(features(ctx, cands))
        probs[:, self.none] = -1.0  # the best relation, however probable "none" is
        for c, row in zip(cands, probs, strict=True):
            k = int(np.argmax(row))
            relation, reverse = parse_label(self.model.labels[k])
            least = self.floor if self.floor is not None else self.model.thresholds[relation]
            if row[k] >= least:
                proposal = self._proposal(ctx, c, relation, reverse, float(row[k]))
                if proposal is not None:
                    yield proposal

    def _proposal(self, ctx: DocContext, c: Candidate, relation: str, reverse: bool,
                  probability: float) -> Proposal | None:
        subject, obj = (c.b, c.a) if reverse else (c.a, c.b)
        role = status = None
        if relation == "HOLDS_ROLE":
            role = role_of(ctx, subject) or _title_between(ctx, c)
            if role is None:
                return None
            status = _status(ctx, subject)
        return Proposal(relation, subject.actor, obj.actor, c.sentence, self.extractor,
                        probability, trigger(ctx, c), None, role, status,
                        implied=obj.kind == "implied")


def _title_between(ctx: DocContext, c: Candidate) -> str | None:
    """A title written between the two actors: "X, the chairman of Y"."""
    doc = ctx.doc
    titled = [t.i for t in doc[c.a.end : c.b.start] if t._.gb_role]
    if not titled:
        return None
    first = last = titled[0]
    while last + 1 < len(doc) and doc[last + 1]._.gb_role:
        last += 1
    return roles.canonical_title(doc[first : last + 1].text)


def _status(ctx: DocContext, person: Arg) -> str:
    """"former" when a status word stands right before the person's title."""
    if person.title:
        first = person.title[0]
        for t in ctx.doc[max(0, first - 2) : first]:
            if roles.status_words().get(t.lower_) == "former" or t._.gb_status == "former":
                return "former"
    return "current"
