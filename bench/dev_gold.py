"""Accuracy on the development gold set (FORMAT.md scoring): graphbuild vs the baseline.

    .venv/bin/python bench/dev_gold.py
"""

from __future__ import annotations

from common import require_shared, run_both, table

from graphbuild.evaluate import load_gold, score
from graphbuild.ingest import read_inputs
from graphbuild.model import Article, Failure


def main() -> None:
    data = require_shared()
    gold = load_gold(data / "gold" / "dev.jsonl")
    by_suffix = {g.split(":", 1)[-1]: g for g in gold}
    articles = []
    for a in read_inputs([data / "seed", data / "wikinews" / "articles.jsonl"]):
        if isinstance(a, Failure):
            continue
        doc_id = a.id if a.id in gold else by_suffix.get(a.id)
        if doc_id:
            articles.append(Article(**{**a.__dict__, "id": doc_id}))
    ours, base = [], []
    for _, o, b in run_both(articles):
        ours += o
        base += b
    s_ours, s_base = score(gold, ours), score(gold, base)
    rows = []
    for rel in s_ours.per_relation:
        o, b = s_ours.per_relation[rel], s_base.per_relation[rel]
        rows.append((rel, o.precision, o.recall, o.f1, b.precision, b.recall, b.f1))
    o, b = s_ours.overall, s_base.overall
    rows.append(("overall (micro)", o.precision, o.recall, o.f1, b.precision, b.recall, b.f1))
    print(f"dev gold: {len(articles)} articles, {o.tp + o.fn} gold relations")
    print(table(rows, ("relation", "P", "R", "F1", "baseline P", "baseline R", "baseline F1")))


if __name__ == "__main__":
    main()
