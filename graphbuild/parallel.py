"""Extraction on several cores: whole articles go to worker processes, results come back.

Each worker loads the pipeline once (the process initializer), parses *and* extracts, and
returns plain DocResults, so the main process only stores. At most a few batches are in
flight, so memory stays bounded whatever the corpus size, and results come back in input
order, so a parallel build stores exactly what a serial one does.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from graphbuild.model import Article, DocResult, Failure

_extractor = None  # one per worker process
_loads = 0  # how many times this process loaded the pipeline (the tests check it stays 1)


def _init_worker(model: str | None) -> None:
    global _extractor, _loads
    from graphbuild.extract import Extractor

    _extractor = Extractor(model)
    _loads += 1


def extract_batch(articles: list[Article], model: str | None = None) -> list[DocResult | Failure]:
    """Extract a batch in this process (loading the pipeline on first use); never raises for
    one bad article."""
    if _extractor is None:
        _init_worker(model)
    failures: list[Failure] = []
    results: list[DocResult | Failure] = list(_extractor.pipe(articles, failures=failures))
    return results + failures


def pipe_parallel(
    articles: Iterable[Article],
    *,
    workers: int,
    model: str | None = None,
    batch_size: int = 16,
) -> Iterator[DocResult | Failure]:
    """DocResults (and Failures) for a stream of articles, extracted by `workers` processes."""
    stream = iter(articles)
    window: deque[Future] = deque()
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(model,)) as pool:
        while True:
            # Keep two batches per worker queued: enough to stay busy, bounded in memory.
            while len(window) < 2 * workers:
                batch = list(islice(stream, batch_size))
                if not batch:
                    break
                window.append(pool.submit(extract_batch, batch, model))
            if not window:
                return
            yield from window.popleft().result()
