"""The actor check: a trained model (`graphbuild train`, train_actors.py) reads each actor of
an article, with all its mentions, and says whether it is an actor at all and of which type.

The rules before it (mentions.py, junk.py) reject what is plainly no name; what they let
through still holds the NER's long tail — places, products, events, names cut short ("Center"
of Pew Research Center), a company typed as a person. The model learned these from the
entity lists of the training articles (gold/train.jsonl). An actor the gazetteer names is
not judged: its name and type are curated. What the model rejects is recorded with the
reason "actor_model" (`graphbuild actors --rejected`), never silently dropped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence

from spacy.tokens import Doc

from graphbuild.extract.actor_features import actor_features
from graphbuild.extract.classifier import NONE, LinearModel
from graphbuild.extract.mentions import MentionSpan, Rejected, lower_words_of
from graphbuild.extract.resolve import resolve
from graphbuild.model import Actor

REASON = "actor_model"
# The types it may swap: the NER's usual slip. A country or party is one the gazetteer names.
RETYPED = {"PERSON", "ORGANIZATION"}


def judged_actors(doc: Doc, spans: list[MentionSpan], date: str | None,
                  ) -> Iterator[tuple[Actor, list[MentionSpan], dict[str, float]]]:
    """Each actor the model judges (none the gazetteer names), its spans and feature row."""
    actors, ids = resolve(spans, date)
    by_actor: dict[str, list[MentionSpan]] = defaultdict(list)
    for span, aid in zip(spans, ids, strict=True):
        by_actor[aid].append(span)
    lower = lower_words_of(doc)
    for actor in actors:
        mine = by_actor.get(actor.id)
        if mine and not any(s.source == "gazetteer" for s in mine):
            yield actor, mine, actor_features(doc, actor, mine, lower)


def check_actors(doc: Doc, spans: list[MentionSpan], model: LinearModel, date: str | None,
                 ) -> tuple[list[MentionSpan], list[Rejected]]:
    """The spans of the actors the model keeps (retyped where it reads another type as more
    probable than not), and the names of those it rejects."""
    judged = list(judged_actors(doc, spans, date))
    if not judged:
        return spans, []
    probabilities = model.probabilities([row for _, _, row in judged])
    dropped: set[int] = set()
    rejected: list[Rejected] = []
    for (actor, mine, _), p in zip(judged, probabilities, strict=True):
        kind = verdict(p, model.labels, model.thresholds, actor.type)
        if kind is None:
            dropped.update(id(s) for s in mine)
            rejected += [Rejected(s.text, s.type, REASON) for s in mine]
        for s in mine:
            s.type = kind or s.type
    return [s for s in spans if id(s) not in dropped], rejected


def verdict(p: Sequence[float], labels: Sequence[str], thresholds: Mapping[str, float],
            kind: str) -> str | None:
    """The type an actor the rules typed `kind` keeps, given the model's probabilities `p`
    over `labels`; None when it is no actor."""
    none = labels.index(NONE)
    if p[none] >= thresholds[NONE]:
        return None
    best = max((k for k in range(len(p)) if k != none), key=lambda k: p[k])
    other = labels[best]
    swap = other != kind and {other, kind} <= RETYPED and p[best] >= thresholds[other]
    return other if swap else kind
