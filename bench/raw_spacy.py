"""The throughput yardstick as a process of its own: raw spaCy (the model graphbuild loads,
without graphbuild's components) over a JSON Lines file's articles, headline and text, for
`farm-bench --vs` against `graphbuild build` on the same file.

    .venv/bin/python bench/raw_spacy.py ARTICLES.jsonl
"""

from __future__ import annotations

import json
import sys

from graphbuild.extract.nlp import _load_model


def main() -> None:
    texts = []
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            title = record.get("title")
            texts.append(f"{title}\n\n{record['text']}" if title else record["text"])
    for _ in _load_model(None).pipe(texts, batch_size=32):
        pass


if __name__ == "__main__":
    main()
