"""Training the actor model (`graphbuild train`, before the relation classifier): from the
entity lists of a gold file (FORMAT.md: every actor the text names, with its type) to the
model folder actor_check.py reads.

Every actor the rules find in a training article (mentions.py; none the gazetteer names) is
labelled with the type of the gold entity its names match, or NONE when they match none: a
place, a product, a name cut short. A multinomial logistic regression (scikit-learn, seeded)
learns the labels from actor_features.py's rows. The probability of NONE at which an actor is
rejected is chosen by cross-validation over the training articles, for the F1 of the actors
kept (a junk node enters every centrality, community and query of the graph; a real actor
lost takes its relations with it), the higher of equal ones; another type replaces the NER's
when more probable than not.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from graphbuild.errors import GraphbuildError
from graphbuild.evaluate import GoldDoc
from graphbuild.extract import Extractor, roles
from graphbuild.extract.actor_check import judged_actors, verdict
from graphbuild.extract.classifier import NONE, LinearModel
from graphbuild.extract.mentions import find_mentions
from graphbuild.model import ACTOR_TYPES, Article

MODEL_NAME = "graphbuild-actors"
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.2, 0.95, 0.05))
RETYPE = 0.5  # another type replaces the NER's when more probable than not
C = 1.0  # inverse L2 strength (CV on train.jsonl: best F1 0.899 at 1, 0.894 at 0.3)


@dataclass(frozen=True)
class Example:
    doc_id: str
    type: str  # the type the rules gave
    row: dict[str, float]
    label: str  # the gold type, or NONE


@dataclass
class ActorReport:
    examples: int = 0
    none_share: float = 0.0  # of the training examples: labelled NONE (no gold actor)
    threshold: float = 0.0
    cv: dict = field(default_factory=dict)
    seconds: float = 0.0


def examples(gold: dict[str, GoldDoc], articles: Iterable[Article],
             extractor: Extractor) -> list[Example]:
    out = []
    for article, doc in extractor.parse(a for a in articles if a.id in gold):
        g = gold[article.id]
        spans, _, _ = find_mentions(doc, roles.title_starts(doc))
        for actor, _, row in judged_actors(doc, spans, article.date):
            names = set().union(*(g.resolve(f) for f in (actor.name, *actor.aliases)))
            types = sorted({g.types[n] for n in names if n in g.types})
            label = actor.type if actor.type in types else (types[0] if types else NONE)
            out.append(Example(article.id, actor.type, row, label))
    return out


def fit(examples: Sequence[Example], *, seed: int, c: float, threshold: float = 0.5,
        meta: dict | None = None, version: str = "0") -> LinearModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    labels = [e.label for e in examples]
    if NONE not in labels or len(set(labels)) < 2:
        raise GraphbuildError("E043", f"{len(examples)} training actors give "
                              f"{len(set(labels))} kind of label: too few to train on")
    vectorizer = DictVectorizer(dtype=np.float32)
    x = vectorizer.fit_transform([e.row for e in examples])
    model = LogisticRegression(C=c, max_iter=3000, random_state=seed)
    model.fit(x, labels)
    classes = tuple(str(k) for k in model.classes_)
    thresholds = {**{k: RETYPE for k in classes if k != NONE}, NONE: threshold}
    return LinearModel(MODEL_NAME, version, classes,
                       {str(k): int(i) for k, i in vectorizer.vocabulary_.items()},
                       model.coef_.astype(np.float32), model.intercept_.astype(np.float32),
                       thresholds, {}, meta or {})


def outcome(example: Example, p: np.ndarray, labels: tuple[str, ...], threshold: float,
            ) -> str | None:
    """The type the actor check leaves an example with, or None when it rejects it."""
    thresholds = {**dict.fromkeys(labels, RETYPE), NONE: threshold}
    return verdict(p, labels, thresholds, example.type)


def scores(examples: Sequence[Example], kept: Sequence[str | None]) -> dict[str, float]:
    """Precision (kept actors of the right type), recall (gold actors kept with it), F1."""
    right = sum(k == e.label for e, k in zip(examples, kept, strict=True) if k)
    n_kept = sum(k is not None for k in kept)
    n_gold = sum(e.label != NONE for e in examples)
    p, r = right / max(1, n_kept), right / max(1, n_gold)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "kept": n_kept}


def choose_threshold(examples: Sequence[Example], *, seed: int, c: float, folds: int,
                     ) -> tuple[float, dict]:
    """The NONE threshold with the best cross-validated F1 (folds of whole articles), the
    scores there and those of the rules alone (no actor rejected or retyped)."""
    docs = sorted({e.doc_id for e in examples})
    random.Random(seed).shuffle(docs)
    held: list[tuple[Example, np.ndarray, tuple[str, ...]]] = []
    for k in range(folds):
        test = set(docs[k::folds])
        model = fit([e for e in examples if e.doc_id not in test], seed=seed, c=c)
        inside = [e for e in examples if e.doc_id in test]
        if inside:
            held += zip(inside, model.probabilities([e.row for e in inside]),
                        [model.labels] * len(inside), strict=True)
    cases = [e for e, _, _ in held]
    by_threshold = {t: scores(cases, [outcome(e, p, labels, t) for e, p, labels in held])
                    for t in THRESHOLDS}
    best = max(THRESHOLDS, key=lambda t: (round(by_threshold[t]["f1"], 3), t))
    rules = scores(cases, [e.type for e in cases])
    return best, {"folds": folds, "model": by_threshold[best], "rules": rules}


def train_actors(gold: dict[str, GoldDoc], articles: Iterable[Article], out: Path, *,
                 extractor: Extractor, seed: int = 13, c: float = C, folds: int = 5,
                 version: str = "1") -> tuple[LinearModel, ActorReport]:
    """Train on the gold articles found among `articles`, write the model folder `out`."""
    started = time.perf_counter()
    found = sorted(examples(gold, articles, extractor), key=lambda e: e.doc_id)
    unknown = {e.label for e in found} - {NONE, *ACTOR_TYPES}
    if unknown:
        raise GraphbuildError("E043", f"gold entity types {sorted(unknown)} are not actor types")
    report = ActorReport(examples=len(found))
    report.none_share = sum(e.label == NONE for e in found) / max(1, len(found))
    report.threshold, report.cv = choose_threshold(found, seed=seed, c=c, folds=folds)
    meta = {"trained_on": sorted({e.doc_id for e in found}), "seed": seed, "C": c,
            "examples": len(found), "cross_validation": report.cv,
            "spacy_model": extractor.nlp.meta.get("name")}
    model = fit(found, seed=seed, c=c, threshold=report.threshold, meta=meta, version=version)
    model.save(out)
    report.seconds = time.perf_counter() - started
    return model, report
