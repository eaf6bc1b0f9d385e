"""Relation extraction on every development set (FORMAT.md scoring): the patterns alone, the
classifier alone, both (what graphbuild ships), and the textacy baseline; the reliability of
the confidence graphbuild gives its evidence; the candidates' reach on the training gold; and
on request a learning curve (the classifier trained on 25/50/100% of train.jsonl).

    .venv/bin/python bench/extraction.py [--model DIR] [--curve] [--reach]

No dev file is ever trained on: the learning curve trains on train.jsonl only, into a
temporary folder, and scores each model on the dev sets.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from baseline import baseline_records
from common import require_shared, table

from graphbuild.evaluate import GoldDoc, gold_articles, load_gold, normalise, score
from graphbuild.extract import Extractor
from graphbuild.extract.candidates import candidates
from graphbuild.extract.classifier import LinearModel, load_model
from graphbuild.extract.context import DocContext
from graphbuild.model import RELATION_TYPES
from graphbuild.records import relation_records
from graphbuild.train import gold_names, train

DEV_SETS = ("dev", "dev-wikinews", "dev-allsides")
PUBLISHED = Path(__file__).with_name("extraction_scores.json")
SYSTEMS = ("patterns", "classifier", "both")
BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.01)


def system_records(parsed, extractors: dict[str, Extractor]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for article, doc in parsed:
        for name, ex in extractors.items():
            out[name] += [r for r in relation_records(ex.from_doc(article, doc)) if r["stated"]]
        out["baseline"] += [r for r in baseline_records(doc, article.id) if not r["negated"]]
    return out


def correct(gold: dict[str, GoldDoc], records: list[dict]) -> list[bool]:
    """Whether each record's triple is a true positive of its article."""
    errors = score(gold, records).doc_errors
    wrong = {(d, normalise(s), r, normalise(o)) for d, e in errors.items() for s, r, o in e.fp}
    return [(r["doc_id"], normalise(r["subject"]), r["relation"], normalise(r["object"]))
            not in wrong for r in records]


def scores_table(gold: dict[str, GoldDoc], records: dict[str, list[dict]]) -> str:
    rows = []
    results = {name: score(gold, recs) for name, recs in records.items()}
    for rel in [*RELATION_TYPES, "overall"]:
        row = [rel, sum(1 for d in gold.values() for r in d.relations
                        if rel in ("overall", r.relation))]
        for name in (*SYSTEMS, "baseline"):
            s = results[name]
            c = s.overall if rel == "overall" else s.per_relation[rel]
            row += [c.precision, c.recall, c.f1]
        rows.append(tuple(row))
    head = ("relation", "gold", *(f"{n[:4]} {m}" for n in (*SYSTEMS, "baseline")
                                  for m in ("P", "R", "F1")))
    return table(rows, head)


def reliability(samples: list[tuple[float, bool]]) -> str:
    rows = []
    for lo, hi in itertools.pairwise(BINS):
        inside = [ok for p, ok in samples if lo <= p < hi]
        mean = sum(p for p, _ in samples if lo <= p < hi) / len(inside) if inside else 0.0
        rows.append((f"{lo:.1f}-{min(hi, 1.0):.1f}", len(inside), mean,
                     sum(inside) / len(inside) if inside else 0.0))
    return table(rows, ("confidence", "evidence", "mean confidence", "share correct"))


def reach(data: Path, extractor: Extractor) -> str:
    gold = load_gold(data / "gold" / "train.jsonl")
    total = reached = 0
    for article, doc in extractor.parse(gold_articles(data, gold)):
        g, ctx = gold[article.id], DocContext(article, doc, extractor.actor_model)
        pairs = [(gold_names(g, (c.a.actor.name, *c.a.actor.aliases)),
                  gold_names(g, (c.b.actor.name, *c.b.actor.aliases))) for c in candidates(ctx)]
        for r in g.relations:
            objects = {r.object, *r.object_any}
            total += 1
            reached += any((r.subject in a and objects & b) or (r.subject in b and objects & a)
                           for a, b in pairs)
    return f"candidate reach on train.jsonl: {reached}/{total} = {reached / total:.3f}"


def evaluate_model(data: Path, model: LinearModel | None, show: bool) -> dict[str, dict]:
    """Overall P/R/F1 of every system on every dev set; prints the tables when `show`."""
    extractors = {name: Extractor(sources=name, relation_model=model) for name in SYSTEMS}
    parser = extractors["both"]
    samples: list[tuple[float, bool]] = []
    overall: dict[str, dict] = {name: {} for name in (*SYSTEMS, "baseline")}
    for name in DEV_SETS:
        gold = load_gold(data / "gold" / f"{name}.jsonl")
        articles = gold_articles(data, gold)
        records = system_records(parser.parse(articles), extractors)
        for system, recs in records.items():
            c = score(gold, recs).overall
            overall[system][name] = {k: round(getattr(c, k), 3)
                                     for k in ("precision", "recall", "f1")}
        samples += list(zip((r["confidence"] for r in records["both"]),
                            correct(gold, records["both"]), strict=True))
        if show:
            n = sum(len(d.relations) for d in gold.values())
            print(f"\n{name}: {len(articles)} articles, {n} gold relations")
            print(scores_table(gold, records))
    if show:
        print("\nreliability of evidence confidence (both; all dev sets):")
        print(reliability(samples))
    return overall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="classifier folder (default: the shipped one)")
    parser.add_argument("--curve", action="store_true", help="learning curve on train.jsonl")
    parser.add_argument("--reach", action="store_true", help="candidate reach on train.jsonl")
    parser.add_argument("--record", action="store_true",
                        help=f"write the figures to {PUBLISHED.name} (the README quotes them; "
                        "tests/test_classifier.py checks the shipped model reproduces them)")
    args = parser.parse_args()
    data = require_shared()
    model = LinearModel.load(args.model) if args.model else load_model()
    if model is None:
        sys.exit("no relation model: run graphbuild train first")
    print(f"classifier: {model.id}")
    scores = evaluate_model(data, model, show=True)
    if args.record:
        PUBLISHED.write_text(json.dumps({"model": model.id, **scores}, indent=1) + "\n",
                             encoding="utf-8")
    if args.reach:
        print("\n" + reach(data, Extractor(sources="patterns")))
    if args.curve:
        gold = load_gold(data / "gold" / "train.jsonl")
        articles = gold_articles(data, gold)
        rows = []
        for fraction in (0.25, 0.5, 1.0):
            with tempfile.TemporaryDirectory() as tmp:
                trained, _ = train(gold, articles, Path(tmp), fraction=fraction,
                                   extractor=Extractor(sources="patterns"))
                both = evaluate_model(data, trained, show=False)["both"]
            rows.append((f"{fraction:.0%}", *(both[n]["f1"] for n in DEV_SETS)))
        print("\nlearning curve (both, micro-F1):")
        print(table(rows, ("train.jsonl", *DEV_SETS)))


if __name__ == "__main__":
    main()
