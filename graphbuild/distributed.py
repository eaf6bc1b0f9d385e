"""Ingest and extraction on a Dask cluster: the same build as `--workers N`, on as many machines
as a `dask.distributed` scheduler has workers.

Design:

* The client cuts the inputs into partitions (`graphbuild.ingest.partition`: runs of files, or
  line ranges of a JSON Lines file found in one pass over its bytes, without parsing) and
  submits one task per partition. The task reads its partition and extracts its articles on
  the worker, so the client never parses or holds the articles; the inputs must be readable at
  the same absolute path on every worker (a shared filesystem; locally, the same machine).
* Articles the store already has unchanged are skipped on the workers: the client broadcasts
  once a sorted array of 64-bit hashes of (id, fingerprint) of its stored articles.
* Each worker process loads the pipeline once: the task calls
  `graphbuild.parallel.extract_batch`, whose extractor is cached at module level.
* At most `max_in_flight` tasks are submitted at a time (backpressure: memory stays bounded
  whatever the corpus size) and results are read back in submission order, so the single
  writer (the client, which owns the SQLite store) stores exactly what a 1-process build does.
* A worker that dies (killed, out of memory, a lost machine) loses nothing: the scheduler
  re-runs its tasks on another worker (`distributed.scheduler.allowed-failures` times, 3 by
  default), and tasks that raise are retried (`retries`). A partition that still cannot be
  processed comes back as a Failure naming its file and lines, never silently dropped.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from graphbuild.errors import GraphbuildError
from graphbuild.ingest import LIMITS, Fields, Limits
from graphbuild.ingest.partition import Partition, partitions, read_partition
from graphbuild.model import Article, DocResult, Failure
from graphbuild.store import fingerprint

_lock = threading.Lock()  # one extraction at a time per worker process, whatever its threads
_model_loaded: str | None = None


@dataclass
class PartResult:
    """What one task did with its partition: articles read, how many of them the store already
    had, and the results (DocResults of the others, every Failure) in input order."""

    read: int = 0
    skipped: int = 0
    items: list[DocResult | Failure] = field(default_factory=list)


def stored_keys(fingerprints: Iterable[tuple[str, str]]) -> np.ndarray:
    """The sorted 64-bit keys of a store's (id, fingerprint) pairs (8 bytes per article)."""
    return np.array(sorted(_key(i, f) for i, f in fingerprints), dtype=np.uint64)


def _key(article_id: str, fingerprint: str) -> int:
    digest = hashlib.blake2b(f"{article_id}\0{fingerprint}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def _stored(keys: np.ndarray, article: Article, version: str) -> bool:
    key = np.uint64(_key(article.id, fingerprint(article, version)))
    i = int(np.searchsorted(keys, key))
    return i < len(keys) and keys[i] == key


def extract_on_worker(articles: list[Article], model: str | None) -> list[DocResult | Failure]:
    """`extract_batch` with the worker process's cached pipeline.

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


def process_partition(part: Partition, fields: Fields, limits: Limits, keys: np.ndarray,
                      version: str, model: str | None) -> PartResult:
    """The task: read a partition, skip what the store has, extract the rest."""
    out, todo = PartResult(), []
    for item in read_partition(part, fields, limits):
        if isinstance(item, Failure):
            out.items.append(item)
            continue
        out.read += 1
        if _stored(keys, item, version):
            out.skipped += 1
        else:
            todo.append(item)
    if todo:
        out.items += extract_on_worker(todo, model)
    return out


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
    from dask.config import get as dask_config  # dask comes with distributed
    from dask.utils import parse_timedelta

    seconds = parse_timedelta(dask_config("distributed.comm.timeouts.connect"))
    _check_scheduler(address, seconds)
    try:
        return stack.enter_context(distributed.Client(address, timeout=seconds))
    except (OSError, TimeoutError) as exc:
        raise GraphbuildError(
            "E051", f"cannot reach the Dask scheduler at {address}: {exc}"
        ) from None


def _check_scheduler(address: str, seconds: float) -> None:
    """Ask `address` who it is, all within `seconds` (Dask's connect timeout). A Client waits
    forever on a service that accepts and never answers, and fails deep inside Dask on one that
    answers something else; here either is one clear error."""
    from distributed.comm import connect as open_comm

    async def identity():
        comm = await open_comm(address, timeout=seconds)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    try:
        reply = asyncio.run(asyncio.wait_for(identity(), seconds))
    except TimeoutError:
        raise GraphbuildError(
            "E051", f"no answer from the Dask scheduler at {address} within {seconds:g} s"
        ) from None
    except OSError as exc:
        raise GraphbuildError(
            "E051", f"cannot reach the Dask scheduler at {address}: {exc}") from None
    except Exception as exc:  # the service's bytes, decoded as Dask messages
        reply = f"{type(exc).__name__}: {exc}"
    if not isinstance(reply, dict) or reply.get("type") != "Scheduler":
        raise GraphbuildError(
            "E051", f"{address} is not a Dask scheduler (its answer: {str(reply)[:80]})")


def pipe_partitions(
    inputs: Iterable[str | Path],
    address,
    *,
    version: str,
    keys: np.ndarray,
    fields: Fields = Fields(),
    limits: Limits = LIMITS,
    model: str | None = None,
    size: int = 32,
    max_in_flight: int | None = None,
    retries: int = 2,
) -> Iterator[PartResult | Failure]:
    """A PartResult per partition of `inputs` (about `size` articles each), processed on a Dask
    cluster, in input order; inputs that are no readable file come back as Failures.

    `keys` (see `stored_keys`) are the store's articles, skipped when unchanged. At most
    `max_in_flight` tasks are submitted at a time (default: two per worker thread, at least 4).
    """
    distributed = _import_distributed()
    stream = iter(partitions(inputs, size, limits))
    with ExitStack() as stack:
        client = connect(address, stack)
        if max_in_flight is None:
            max_in_flight = max(4, 2 * sum(client.nthreads().values()))
        [shared_keys] = client.scatter([keys], broadcast=True)
        window: deque[tuple[Partition, distributed.Future]] = deque()
        try:
            while True:
                while len(window) < max_in_flight:
                    part = next(stream, None)
                    if part is None:
                        break
                    if isinstance(part, Failure):
                        yield part
                        continue
                    # pure=False: a re-run on the same inputs is new work, never a cache hit.
                    future = client.submit(process_partition, part, fields, limits,
                                           shared_keys, version, model, pure=False,
                                           retries=retries)
                    window.append((part, future))
                if not window:
                    return
                part, future = window.popleft()
                yield _result(part, future, distributed)
        finally:
            for _, future in window:  # a generator closed early: drop what is still queued
                future.cancel()


def _result(part: Partition, future, distributed) -> PartResult:
    try:
        result = future.result()
    except distributed.KilledWorker as exc:  # this partition killed every worker it ran on
        result = PartResult(items=[Failure(str(part), f"worker died on this partition ({exc})")])
    except ModuleNotFoundError as exc:
        raise GraphbuildError(
            "E052", f"the Dask workers cannot run graphbuild ({exc}): install graphbuild and "
            "its spaCy model in the workers' environment"
        ) from None
    future.release()
    return result
