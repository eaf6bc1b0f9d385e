"""Throughput of the Dask build against the local process pool, on the same articles:
`build(..., workers=2)` versus `build(..., dask="local:2")` (or any scheduler address).

    .venv/bin/python bench/dask_throughput.py [--articles 1000] [--dask local:2] [--workers 2]

Each run builds the first N AllSides 2019 articles (one JSON Lines file) into a new store.
The time is the whole build: starting the pool or cluster, one model load per worker process,
reading (on the workers, with Dask), extraction, storing. The client loads no model. Both runs
must store the same rows; the script checks it.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import require_shared, table

from graphbuild.build import build
from graphbuild.ingest import read_inputs
from graphbuild.model import Article
from graphbuild.store import Store


def dump(db: Path) -> dict[str, list]:
    with Store(db) as store:
        return store.dump()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dask", default="local:2", help="local:N or tcp://host:port")
    args = parser.parse_args()

    source = require_shared() / "allsides" / "allsides-2019.jsonl.gz"
    tmp = Path(tempfile.mkdtemp(prefix="graphbuild-dask-bench-"))
    subset = tmp / f"allsides-{args.articles}.jsonl"
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        subset.write_text("".join(itertools.islice(fh, args.articles)), encoding="utf-8")
    articles = [a for a in read_inputs([subset]) if isinstance(a, Article)]
    words = sum(len(a.full_text.split()) for a in articles)

    rows, stores = [], []
    for label, kwargs in ((f"--workers {args.workers}", {"workers": args.workers}),
                          (f"--dask {args.dask}", {"dask": args.dask})):
        db = tmp / f"{len(stores)}.db"
        started = time.perf_counter()
        with Store(db) as store:
            report = build([subset], store, **kwargs)
        elapsed = time.perf_counter() - started
        print(f"{label}: {report.summary().splitlines()[0]}", file=sys.stderr)
        rows.append((label, report.stored, f"{elapsed:.1f}", len(articles) / elapsed,
                     words / elapsed))
        stores.append(dump(db))

    same = stores[0] == stores[1]
    print(f"{len(articles)} AllSides 2019 articles, {words:,} words; same store: {same}")
    print(table([(a, b, c, f"{d:.2f}", f"{e:,.0f}") for a, b, c, d, e in rows],
                ("build", "stored", "seconds", "articles/s", "words/s")))
    if not same:
        sys.exit("the two builds stored different rows")


if __name__ == "__main__":
    main()
