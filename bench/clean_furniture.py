"""What record cleaning removes from real AllSides news, by rule, and what garbling is left.

    .venv/bin/python bench/clean_furniture.py [--all] [--show KIND] [--year 2020]

By default the 250-article sample `random.seed(7); random.sample(lines, 250)` of
allsides-<year>.jsonl.gz; --all reads every article of that year. --show KIND prints what that
kind removed (a line kind such as "caption", an inline kind such as "link_card", or
"list/bio" for lines dropped as part of a link list or an author bio), to read by hand.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

from graphbuild.ingest.clean import (
    clean_record_text,
    furniture_kind,
    inline_furniture,
    strip_inline,
)

# Garbling that furniture leaves in names: a name written twice ("Joe Biden Joe Biden"), a
# name glued to itself ("TrumpTrump"), a lowercase letter glued to a capital ("BidenFox";
# two lowercase letters first, so "McConnell" and "DeSantis" are not counted), and the "MORE"
# that closes a link card ("... impeachment trial MORE (R-Ky.)").
GARBLED = {
    "repeated name": re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+){1,2}) \1\b"),
    "name glued to itself": re.compile(r"\b([A-Z][a-z]{2,})\1\b"),
    "lower glued to Capital": re.compile(r"\b\w*[a-z]{2}[A-Z][a-z]+\w*"),
    "MORE after a lowercase word": re.compile(r"(?<=[a-z’'\"”)] )MORE\b|(?<=[a-z])MORE\b"),
}
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
ALLSIDES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "allsides"


def _normalise(line: str) -> str:
    # As cleaning does: single spaces, no zero-width characters.
    return " ".join(re.sub(r"[\u200b\ufeff]", "", line).split())


def sample(path: Path, everything: bool) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        lines = f.readlines()
    if not everything:
        random.seed(7)
        lines = random.sample(lines, 250)
    return [json.loads(line) for line in lines]


def removals(text: str, cleaned: str) -> tuple[Counter, list[tuple[str, str]]]:
    """Counts of removals by kind (lines, and inline spans) and the removed text."""
    kept = set(cleaned.splitlines())
    counts: Counter = Counter()
    removed: list[tuple[str, str]] = []
    for line in (_normalise(raw) for raw in text.splitlines()):
        if not line or line in kept:
            continue
        stripped = strip_inline(line)
        if stripped and stripped in kept:
            for span_kind, start, end in inline_furniture(line):
                counts[span_kind] += 1
                removed.append((span_kind, line[start:end]))
            continue
        kind = furniture_kind(line) or "list/bio"
        counts[f"line: {kind}"] += 1
        removed.append((kind, line))
    return counts, removed


def longest_sentence(text: str) -> int:
    return max((len(s) for line in text.splitlines() for s in SENTENCE_END.split(line)),
               default=0)


def table(rows: list[tuple], header: tuple) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([line.format(*header), line.format(*("-" * w for w in widths)),
                      *(line.format(*map(str, r)) for r in rows)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true", help="every article of the year")
    parser.add_argument("--year", default="2020")
    parser.add_argument("--show", help="print what this kind removed")
    args = parser.parse_args()
    path = ALLSIDES / f"allsides-{args.year}.jsonl.gz"
    if not path.exists():
        sys.exit(f"AllSides data not found at {path} (../shared/data is absent)")
    records = sample(path, args.all)

    counts: Counter = Counter()
    chars = [0, 0]
    longest = [0, 0]
    garbled = {name: [0, 0] for name in GARBLED}
    left: Counter = Counter()
    for record in records:
        before = "\n".join(_normalise(line) for line in record["text"].splitlines())
        after = clean_record_text(record["text"])
        found, removed = removals(record["text"], after)
        counts.update(found)
        chars[0] += len(before.replace("\n", ""))
        chars[1] += len(after.replace("\n", ""))
        longest = [max(longest[0], longest_sentence(before)),
                   max(longest[1], longest_sentence(after))]
        for name, pattern in GARBLED.items():
            garbled[name][0] += len(pattern.findall(before))
            garbled[name][1] += len(pattern.findall(after))
        left.update(m.group() for m in GARBLED["lower glued to Capital"].finditer(after))
        if args.show:
            for kind, what in removed:
                if kind == args.show:
                    print(f"{record['id']} [{record['source']}] {what}")
    if args.show:
        return

    print(f"{len(records)} articles of {path.name}\n")
    print(table(sorted(counts.items()), ("removed", "count")))
    print(f"\ncharacters: {chars[0]:,} before, {chars[1]:,} after, "
          f"{chars[0] - chars[1]:,} removed ({(chars[0] - chars[1]) / chars[0]:.1%})")
    print(f"longest sentence: {longest[0]:,} characters before, {longest[1]:,} after\n")
    print(table([(name, b, a) for name, (b, a) in garbled.items()],
                ("garbled form", "before", "after")))
    print("\nlower glued to Capital, most frequent left:",
          ", ".join(f"{w} {n}" for w, n in left.most_common(15)))


if __name__ == "__main__":
    main()
