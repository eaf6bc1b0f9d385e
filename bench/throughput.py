"""Throughput on real articles: raw spaCy against a whole graphbuild build, 1 and 2 workers.

    .venv/bin/python bench/throughput.py [--articles 1000]

The sample is fixed: the first N AllSides 2018 articles (same for every run). Raw spaCy is
`nlp.pipe` of the same model over the same texts in one process; graphbuild is the whole
build (ingest, extraction, resolution, store, graph) into a fresh store. The last line is
machine-readable.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import tempfile
import time
from pathlib import Path

from common import require_shared, table

from graphbuild.build import build
from graphbuild.extract.nlp import _load_model
from graphbuild.graph import from_store
from graphbuild.model import Article
from graphbuild.store import Store


def sample(path: Path, n: int, out: Path) -> list[Article]:
    with gzip.open(path, "rt", encoding="utf-8") as f, out.open("w", encoding="utf-8") as w:
        lines = list(itertools.islice(f, n))
        w.writelines(lines)
    return [Article(id=d["id"], text=d["text"], title=d.get("title") or "")
            for d in map(json.loads, lines)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()
    data = require_shared()
    tmp = Path(tempfile.mkdtemp(prefix="graphbuild-throughput-"))
    corpus = tmp / "sample.jsonl"
    articles = sample(data / "allsides" / "allsides-2018.jsonl.gz", args.articles, corpus)
    texts = [a.full_text for a in articles]
    words = sum(len(t.split()) for t in texts)

    # The same model graphbuild loads, without graphbuild's components.
    raw = _load_model(None)
    print(f"model: {raw.meta['lang']}_{raw.meta['name']} {raw.meta['version']}")
    start = time.perf_counter()
    for _ in raw.pipe(texts, batch_size=32):
        pass
    timings = {"raw spaCy nlp.pipe (1 process)": time.perf_counter() - start}

    for workers in (1, 2):
        with Store(tmp / f"w{workers}.db") as store:
            start = time.perf_counter()
            report = build([corpus], store, workers=workers)
            from_store(store)
            timings[f"graphbuild build, {workers} worker(s)"] = time.perf_counter() - start
            assert report.stored == len(articles), report.summary()

    rows = [(name, f"{s:.1f}", f"{words / s:,.0f}", f"{len(articles) / s:.2f}")
            for name, s in timings.items()]
    print(f"{len(articles)} AllSides articles, {words:,} words")
    print(table(rows, ("run", "seconds", "words/s", "articles/s")))
    raw_s, one, two = timings.values()
    print(f"ratio_1worker={raw_s / one:.2f} speedup_2workers={one / two:.2f}")


if __name__ == "__main__":
    main()
