"""FiveThirtyEight's 2020 Democratic primary endorsements against the AllSides 2019 articles.

    .venv/bin/python bench/endorsements.py [--limit N]

Precision: of the BACKS edges whose object is a candidate in the file, the share whose
subject is one of that candidate's endorsers in the file. Recall: of the file's endorsements
whose two names both appear in one article, the share found as a BACKS edge.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import defaultdict

from common import require_shared, run_both, table

from graphbuild.evaluate import normalise
from graphbuild.ingest import read_inputs
from graphbuild.model import Article


def same_person(system: str, full: str) -> bool:
    s, f = normalise(system), normalise(full)
    return s == f or (" " not in s and s == f.split()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args()
    data = require_shared()
    with open(data / "gold/fivethirtyeight/endorsements_2020.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    pairs = {(r["endorser"], r["endorsee"]) for r in rows if r["endorsee"] and r["endorser"]}
    candidates = {e for _, e in pairs}
    endorsers = defaultdict(set)
    for a, e in pairs:
        endorsers[e].add(a)

    articles = [a for a in read_inputs([data / "allsides" / "allsides-2019.jsonl.gz"])
                if isinstance(a, Article)]
    articles = articles[: args.limit] if args.limit else articles
    cooccur: set[tuple[str, str]] = set()
    results = {"graphbuild": [], "baseline": []}
    for article, ours, base in run_both(articles):
        text = article.full_text
        cooccur |= {(a, e) for a, e in pairs
                    if e in text and re.search(rf"\b{re.escape(a)}\b", text)}
        results["graphbuild"] += [r for r in ours if r["relation"] == "BACKS"]
        results["baseline"] += [r for r in base if r["relation"] == "BACKS"]

    out = []
    for system, backs in results.items():
        about = [(r, c) for r in backs for c in candidates if same_person(r["object"], c)]
        agree = sum(any(same_person(r["subject"], a) for a in endorsers[c]) for r, c in about)
        found = sum(any(same_person(r["subject"], a) and same_person(r["object"], e)
                        for r in backs) for a, e in cooccur)
        out.append((system, len(backs), len(about), agree / max(1, len(about)),
                    len(cooccur), found / max(1, len(cooccur))))
    print(f"AllSides 2019: {len(articles)} articles; 538 endorsements: {len(pairs)}")
    print(table(out, ("system", "BACKS edges", "about a candidate", "precision",
                      "co-mentioned endorsements", "recall")))


if __name__ == "__main__":
    main()
