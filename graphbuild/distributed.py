"""Extraction on a Dask cluster: the same build as `--workers N`, on as many machines as a
`dask.distributed` scheduler has workers.

Design (why the client streams the articles rather than each task reading its own slice):

* The client reads the inputs and asks the store which articles are unchanged, exactly as a
  local build does, so only new or changed articles travel, and unreadable records become
  Failures with their file and line in one place. Workers need no access to the input files
  (a laptop's folder, a path that exists only on the login node), only graphbuild and the
  spaCy model installed.
* Each task's argument *is* its batch of Articles (no `scatter`): it is shipped once with the
  task, and freed as soon as the task's result has been read.
* At most `max_in_flight` batches are submitted at a time (backpressure: memory stays bounded
  whatever the corpus size) and results are read back in submission order, so the single
  writer (the client, which owns the SQLite store) stores exactly what a 1-process build does.
* Each worker process loads the pipeline once: the task calls
  `graphbuild.parallel.extract_batch`, whose extractor is cached at module level.
* A worker that dies (killed, out of memory, a lost machine) loses nothing: the scheduler
  re-runs its tasks on another worker (`distributed.scheduler.allowed-failures` times, 3 by
  default), and tasks that raise are retried (`retries`). A batch that still cannot be
  extracted comes back as one Failure per article, never silently dropped.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from itertools import islice

from graphbuild.errors import GraphbuildError
from graphbuild.model import Article, DocResult, Failure

_lock = threading.Lock()  # one extraction at a time per worker process, whatever its threads
_model_loaded: str | None = None


def extract_on_worker(articles: list[Article], model: str | None) -> list[DocResult | Failure]:
    """The task: `extract_batch` with the worker process's cached pipeline.

    The lock makes a worker with several threads safe (one spaCy pipeline, used by one thread
    at a time); with `threads_per_worker=1`, the recommended setting, it never waits.
    """
    global _model_loaded
    from graphbuild import parallel

    with _lock:
        if parallel._extractor is not None and _model_loaded != model:
            parallel._extractor = None  # a long-lived cluster reused with another --model
        _model_loaded = model
        return parallel.extract_batch(articles, model)


def _import_distributed():
    try:
        import distributed
    except ImportError:
        raise GraphbuildError(
            "E050", "--dask needs dask.distributed: pip install 'graphbuild[dask]'"
        ) from None
    return distributed


def connect(address, stack: ExitStack):
    """A Client for `address`: "local:N" (a LocalCluster of N processes, closed with `stack`),
    a scheduler address such as tcp://host:8786, or an existing Client (left open)."""
    distributed = _import_distributed()
    if isinstance(address, distributed.Client):
        return address
    address = str(address).strip()
    if address.startswith("local:"):
        try:
            n = int(address.removeprefix("local:"))
            if n < 1:
                raise ValueError
        except ValueError:
            raise GraphbuildError(
                "E051", f"--dask {address!r}: expected local:N with N >= 1 worker processes"
            ) from None
        cluster = stack.enter_context(distributed.LocalCluster(
            n_workers=n, processes=True, threads_per_worker=1, dashboard_address=None,
            # No dashboard; the scheduler's small HTTP server (health checks) on a free port
            # rather than 8787, which another cluster may hold.
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        ))
        return stack.enter_context(distributed.Client(cluster))
    if "://" not in address and ":" not in address:
        raise GraphbuildError(
            "E051", f"--dask {address!r}: expected local:N or a scheduler address like "
            "tcp://host:8786"
        )
    try:
        return stack.enter_context(distributed.Client(address, timeout="30s"))
    except (OSError, TimeoutError) as exc:
        raise GraphbuildError(
            "E051", f"cannot reach the Dask scheduler at {address}: {exc}"
        ) from None


def pipe_dask(
    articles: Iterable[Article],
    address,
    *,
    model: str | None = None,
    batch_size: int = 32,
    max_in_flight: int | None = None,
    retries: int = 2,
) -> Iterator[DocResult | Failure]:
    """DocResults (and Failures) for a stream of articles, extracted on a Dask cluster, in
    input order (a batch's Failures come after its DocResults, as with `pipe_parallel`).

    `max_in_flight` batches at most are submitted at a time (default: two per worker thread
    when connecting, at least 4).
    """
    distributed = _import_distributed()
    stream = iter(articles)
    with ExitStack() as stack:
        client = connect(address, stack)
        if max_in_flight is None:
            max_in_flight = max(4, 2 * sum(client.nthreads().values()))
        window: deque[tuple[list[Article], distributed.Future]] = deque()
        try:
            while True:
                while len(window) < max_in_flight:
                    batch = list(islice(stream, batch_size))
                    if not batch:
                        break
                    # pure=False: a re-run with the same articles is new work, never a cache hit.
                    future = client.submit(extract_on_worker, batch, model, pure=False,
                                           retries=retries)
                    window.append((batch, future))
                if not window:
                    return
                batch, future = window.popleft()
                yield from _result(batch, future, distributed)
        finally:
            for _, future in window:  # a generator closed early: drop what is still queued
                future.cancel()


def _result(batch: list[Article], future, distributed) -> list[DocResult | Failure]:
    try:
        results = future.result()
    except distributed.KilledWorker as exc:  # this batch killed every worker it ran on
        results = [Failure(a.id, f"worker died extracting this batch ({exc})") for a in batch]
    except ModuleNotFoundError as exc:
        raise GraphbuildError(
            "E052", f"the Dask workers cannot run graphbuild ({exc}): install graphbuild and "
            "its spaCy model in the workers' environment"
        ) from None
    future.release()
    return results
