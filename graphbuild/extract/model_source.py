"""The trained classifier as a relation source: every candidate pair of a sentence is scored,
and the most probable relation of each pair is proposed when its probability reaches the
relation's threshold (chosen at training time)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from graphbuild.extract import roles
from graphbuild.extract.candidates import Candidate, candidates
from graphbuild.extract.classifier import NONE, LinearModel, parse_label
from graphbuild.extract.context import DocContext
from graphbuild.extract.features import features, trigger
from graphbuild.extract.proposals import Proposal


class ModelSource:
    """Proposals from the classifier, with the model's name and version on each."""

    name = "classifier"

    def __init__(self, model: LinearModel, *, floor: float | None = None) -> None:
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
        role = status = modality = None
        if relation == "HOLDS_ROLE":
            title = subject.title or _title_between(ctx, c)
            if not title or not _own_title(ctx, subject, title):
                return None
            role = roles.canonical_title(ctx.doc[title[0] : title[-1] + 1].text)
            status, modality = roles.status_before(ctx.doc, title[0])
        return Proposal(relation, subject.actor, obj.actor, c.sentence, self.extractor,
                        probability, trigger(ctx, c), modality, role, status,
                        implied=obj.kind == "implied")


def _own_title(ctx: DocContext, subject, title: tuple[int, ...]) -> bool:
    """Whether a title is the subject's: next to its name ("Sen. X", "X, the chairman of Y"),
    with no other actor, pronoun or verb in between ("Trump fired Gordon Sondland, the U.S.
    Ambassador": the title is Sondland's)."""
    lo, hi = (subject.end, title[0]) if subject.start <= title[0] else (title[-1] + 1,
                                                                        subject.start)
    return not any(i in ctx.mention_of or ctx.doc[i].pos_ in ("VERB", "AUX", "PRON")
                   for i in range(lo, hi))


def _title_between(ctx: DocContext, c: Candidate) -> tuple[int, ...]:
    """The title written between the two actors ("X, the chairman of Y"): its tokens."""
    titled = [t.i for t in ctx.doc[c.a.end : c.b.start] if t._.gb_role]
    if not titled:
        return ()
    first, last = roles.title_span(ctx.doc, titled[0])
    return tuple(range(first, last + 1))
