"""Re-DocRED (Wikipedia introductions, not news): precision and recall of the relations that
map to graphbuild's, on the documents that have at least one such label. Reported, not tuned.

    .venv/bin/python bench/redocred.py [--limit N]

Mapping: P102 (party) and P463 (member of) -> MEMBER_OF; P1365 (replaces) -> SUCCEEDS;
P1366 (replaced by) -> SUCCEEDS reversed; P6 (head of government), P35 (head of state) and
P488 (chairperson) -> HOLDS_ROLE person -> country/body; P39 (position held) -> HOLDS_ROLE whose
role or object is named in the position ("Prime Minister of Canada").
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

from common import require_shared, run_both, table

from graphbuild.evaluate import normalise
from graphbuild.model import Article

# code -> (relation, head is subject?)
MAPPING = {"P102": ("MEMBER_OF", True), "P463": ("MEMBER_OF", True),
           "P1365": ("SUCCEEDS", True), "P1366": ("SUCCEEDS", False),
           "P6": ("HOLDS_ROLE", False), "P35": ("HOLDS_ROLE", False),
           "P488": ("HOLDS_ROLE", False), "P39": ("HOLDS_ROLE", True)}


def load(path, limit):
    docs = []
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    for i, d in enumerate(raw):
        names = [{normalise(m["name"]) for m in ent} for ent in d["vertexSet"]]
        gold = set()
        for lab in d["labels"]:
            if lab["r"] in MAPPING:
                rel, head_first = MAPPING[lab["r"]]
                s, o = (lab["h"], lab["t"]) if head_first else (lab["t"], lab["h"])
                gold.add((s, rel, o, lab["r"]))
        if gold:
            text = "\n".join(" ".join(sent) for sent in d["sents"])
            docs.append((Article(f"redocred:{i}", text, d["title"]), names, gold))
    return docs[:limit] if limit else docs


def matches(rec, names, s, o, code) -> bool:
    if normalise(rec["subject"]) not in names[s]:
        return False
    if code != "P39":
        return normalise(rec["object"]) in names[o]
    # A position is an entity of its own: the role or the body must be named inside it.
    return any(normalise(x) in pos for pos in names[o]
               for x in (rec.get("role") or "", rec["object"]) if x)


def evaluate(records, names, gold) -> Counter:
    c = Counter()
    wanted = {rel for _, rel, _, _ in gold}
    found = set()
    for rec in records:
        if rec["relation"] not in wanted:
            continue
        hits = [g for g in gold
                if g[1] == rec["relation"] and matches(rec, names, g[0], g[2], g[3])]
        c[rec["relation"], "tp" if hits else "fp"] += 1
        found.update(hits)
    for g in gold:
        c[g[1], "found" if g in found else "missed"] += 1
    return c


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    docs = load(require_shared() / "gold" / "redocred" / "dev_revised.json", args.limit)
    by_id = {a.id: (names, gold) for a, names, gold in docs}
    ours, base = Counter(), Counter()
    for article, o, b in run_both(a for a, _, _ in docs):
        names, gold = by_id[article.id]
        ours += evaluate(o, names, gold)
        base += evaluate(b, names, gold)
    rows = []
    for rel in ("MEMBER_OF", "SUCCEEDS", "HOLDS_ROLE"):
        row = [rel, ours[rel, "found"] + ours[rel, "missed"]]
        for c in (ours, base):
            p = c[rel, "tp"] / max(1, c[rel, "tp"] + c[rel, "fp"])
            r = c[rel, "found"] / max(1, c[rel, "found"] + c[rel, "missed"])
            row += [p, r]
        rows.append(tuple(row))
    print(f"Re-DocRED dev_revised: {len(docs)} documents with a mapped label")
    print(table(rows, ("relation", "gold", "P", "R", "baseline P", "baseline R")))


if __name__ == "__main__":
    main()
