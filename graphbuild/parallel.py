"""Extraction on several cores: whole articles go to worker processes, results come back.

Each worker loads the pipeline once (the process initializer), parses *and* extracts, and
returns plain DocResults, so the main process only stores. At most a few batches are in
flight, so memory stays bounded whatever the corpus size, and results come back in input
order, so a parallel build stores exactly what a serial one does.

A worker that dies (killed, out of memory) breaks the whole pool: a new pool takes the batches
that were in flight, up to RETRIES times each; a batch that keeps breaking pools is retried
article by article, and an article that still does is reported as a Failure. A worker whose
parent dies (kill -9, SIGTERM) exits within a second instead of living on as an orphan.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice

from graphbuild.model import Article, DocResult, Failure

log = logging.getLogger(__name__)
RETRIES = 2  # new pools a batch may break before it is retried article by article
_extractor = None  # one per worker process
_loads = 0  # how many times this process loaded the pipeline (the tests check it stays 1)


def _init_worker(model: str | None, parent: int) -> None:
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    _load(model)


def _load(model: str | None) -> None:
    global _extractor, _loads
    from graphbuild.extract import Extractor

    _extractor = Extractor(model)
    _loads += 1


def _exit_with(parent: int) -> None:
    """End this worker when its parent is gone (an orphan gets another parent process)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def extract_batch(articles: list[Article], model: str | None = None) -> list[DocResult | Failure]:
    """Extract a batch in this process (loading the pipeline on first use); never raises for
    one bad article."""
    if _extractor is None:
        _load(model)
    failures: list[Failure] = []
    results: list[DocResult | Failure] = list(_extractor.pipe(articles, failures=failures))
    return results + failures


@dataclass
class _Batch:
    articles: list[Article]
    broken: int = 0  # pools that broke while it was in flight
    future: Future | None = None


def pipe_parallel(
    articles: Iterable[Article],
    *,
    workers: int,
    model: str | None = None,
    batch_size: int = 16,
) -> Iterator[DocResult | Failure]:
    """DocResults (and Failures) for a stream of articles, extracted by `workers` processes."""
    stream = iter(articles)
    window: deque[_Batch] = deque()
    pool = _pool(workers, model)
    try:
        while True:
            # Keep two batches per worker queued: enough to stay busy, bounded in memory.
            while len(window) < 2 * workers:
                batch = _Batch(list(islice(stream, batch_size)))
                if not batch.articles:
                    break
                batch.future = pool.submit(extract_batch, batch.articles, model)
                window.append(batch)
            if not window:
                return
            try:
                results = window[0].future.result()
            except BrokenProcessPool:
                log.warning("a worker process died (killed, or out of memory): a new pool "
                            "retries the %d batches in flight", len(window))
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _pool(workers, model)
                yield from _resubmit(window, pool, model)
                continue
            window.popleft()
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _pool(workers: int, model: str | None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(model, os.getpid()))


def _resubmit(window: deque[_Batch], pool: ProcessPoolExecutor,
              model: str | None) -> Iterator[Failure]:
    """Hand the batches of a broken pool to a new one, in order. One that has broken
    RETRIES pools is split into single articles; a single article that has is a Failure."""
    batches = list(window)
    window.clear()
    for batch in batches:
        future = batch.future
        if future.done() and not future.cancelled() and future.exception() is None:
            # finished before the break: its results stand
            window.append(batch)
            continue
        batch.broken += 1
        if batch.broken <= RETRIES:
            parts = [batch]
        elif len(batch.articles) > 1:
            parts = [_Batch([a], broken=RETRIES) for a in batch.articles]
        else:
            yield Failure(batch.articles[0].id, "a worker process died while extracting it "
                          f"({RETRIES + 1} times: killed, or out of memory)")
            continue
        for part in parts:
            part.future = pool.submit(extract_batch, part.articles, model)
            window.append(part)
