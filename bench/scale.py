"""Cost at corpus scale: one build over every AllSides article, memory watched throughout, and
assembly and exports timed at several corpus sizes.

    eval "$(scripts/neo4j-server env)"   # without NEO4J_URI the Neo4j column says "-"
    .venv/bin/python bench/scale.py [--workers 2] [--sizes 1000,4000] [--max-nodes 500]

The build (`graphbuild.build.build`, the CLI's) reads the three AllSides files in order into a
fresh store. Every second a sampler thread reads each build process's resident memory (main
process and workers) and its kernel high-water mark (VmHWM, the true peak). When the store
reaches each of --sizes articles, and at the end, the build pauses (the pause is not counted
as build time) and a separate process, so that the graph's memory is not the build's, times:
networkx assembly from the store, GraphML, the HTML page (--max-nodes actors) and, on a clean
database, the Neo4j export. WARNING: that empties the Neo4j database it writes to.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from common import require_shared, table

from graphbuild.build import build
from graphbuild.store import Store

MB = 1024 * 1024


def memory(pid: int) -> tuple[int, int]:
    """(resident, peak resident) bytes of a process, from /proc (Linux)."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text()
                  .splitlines() if ":" in line)
    kb = {k: int(fields[k].split()[0]) * 1024 for k in ("VmRSS", "VmHWM")}
    return kb["VmRSS"], kb["VmHWM"]


class Sampler(threading.Thread):
    """Each build process's peak memory, and its resident memory at each checkpoint."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.main = psutil.Process()
        self.peak: dict[int, int] = {}  # pid -> peak resident bytes
        self.paused = threading.Event()
        self.stopped = threading.Event()

    def processes(self) -> list[int]:
        return [self.main.pid] + [c.pid for c in self.main.children(recursive=True)]

    def now(self) -> dict[int, int]:
        out = {}
        for pid in self.processes():
            try:
                rss, hwm = memory(pid)
            except (FileNotFoundError, ProcessLookupError):
                continue  # a worker that just ended
            self.peak[pid] = max(self.peak.get(pid, 0), hwm, rss)
            out[pid] = rss
        return out

    def run(self) -> None:
        while not self.stopped.wait(1.0):
            if not self.paused.is_set():
                self.now()


def count_lines(path: Path) -> int:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return sum(1 for _ in f)


def export_times(db: Path, out: Path, max_nodes: int) -> dict:
    """Run in its own process: assembly and export timings for the store as it is now."""
    import resource

    from graphbuild.export.files import write_graphml
    from graphbuild.export.html import write_html
    from graphbuild.graph import from_store

    row: dict = {}
    with Store(db) as store:
        start = time.perf_counter()
        g = from_store(store)
        row["assembly"] = time.perf_counter() - start
        row["actors"], row["edges"] = g.number_of_nodes(), g.number_of_edges()
        row["evidence"] = sum(d["count"] for *_, d in g.edges(data=True))
        for name, write in (("graphml", lambda p: write_graphml(g, p)),
                            ("html", lambda p: write_html(g, p, max_nodes=max_nodes))):
            path = out / f"graph.{name}"
            start = time.perf_counter()
            write(path)
            row[name], row[f"{name}_mb"] = time.perf_counter() - start, path.stat().st_size / MB
        if os.environ.get("NEO4J_URI"):
            from graphbuild.export.neo4j import connect, write_neo4j

            driver = connect(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"),
                             os.environ.get("NEO4J_PASSWORD", ""))
            with driver.session() as session:
                session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS "
                            "OF 1000 ROWS").consume()
            start = time.perf_counter()
            write_neo4j(g, store.articles(), driver, dataset="scale",
                        mention_counts=store.entity_mention_counts())
            row["neo4j"] = time.perf_counter() - start
            driver.close()
    row["export_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--sizes", default="1000,4000")
    ap.add_argument("--max-nodes", type=int, default=500)
    ap.add_argument("--export-only", nargs=2, metavar=("DB", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.export_only:
        db, out = map(Path, args.export_only)
        print(json.dumps(export_times(db, out, args.max_nodes)))
        return

    data = require_shared()
    inputs = sorted((data / "allsides").glob("allsides-*.jsonl.gz"))
    tmp = Path(tempfile.mkdtemp(prefix="graphbuild-scale-"))
    total = sum(map(count_lines, inputs))
    # The last checkpoint is taken on the last article, while the workers still run.
    sizes = sorted({*(int(s) for s in args.sizes.split(",") if int(s) < total), total})
    sampler = Sampler()
    rows: list[dict] = []
    paused = 0.0
    started = time.perf_counter()

    def checkpoint(stored: int) -> None:
        nonlocal paused
        pause = time.perf_counter()
        sampler.paused.set()
        rss = sampler.now()
        row = {"articles": stored, "build": pause - started - paused,
               "rss_main": rss.pop(sampler.main.pid) / MB,
               "rss_workers": max(rss.values(), default=0) / MB,
               # The workers' high-water mark so far: what bounded memory must keep flat.
               "peak_workers": max((sampler.peak[p] for p in rss), default=0) / MB}
        done = subprocess.run(
            [sys.executable, __file__, "--export-only", str(tmp / "scale.db"), str(tmp),
             "--max-nodes", str(args.max_nodes)],
            capture_output=True, text=True, check=True)
        row |= json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"  {stored:,} articles: {json.dumps({k: round(v, 1) for k, v in row.items()})}",
              flush=True)
        sampler.paused.clear()
        paused += time.perf_counter() - pause

    stored = 0

    def on_result(_result) -> None:
        nonlocal stored
        stored += 1
        if stored in sizes:
            checkpoint(stored)

    sampler.start()
    with Store(tmp / "scale.db") as store:
        report = build(inputs, store, workers=args.workers, on_result=on_result)
    sampler.stopped.set()
    if stored < total:  # some articles failed: measure what was stored
        checkpoint(stored)
    peaks = dict(sampler.peak)

    print(f"\nAllSides: {report.read:,} articles read, {report.stored:,} stored, "
          f"{len(report.failures)} failed; {args.workers} workers; store {tmp / 'scale.db'}")
    main_peak = peaks.pop(sampler.main.pid) / MB
    print(f"peak resident memory: main process {main_peak:,.0f} MB; workers "
          + ", ".join(f"{p / MB:,.0f} MB" for p in peaks.values()))
    header = ("articles", "build s", "articles/s", "RSS main MB", "RSS worker MB",
              "peak worker MB", "actors", "edges", "assembly s", "GraphML s", "HTML s",
              "Neo4j s", "export peak MB")
    print(table([(f"{r['articles']:,}", f"{r['build']:.0f}", f"{r['articles'] / r['build']:.2f}",
                  f"{r['rss_main']:.0f}", f"{r['rss_workers']:.0f}",
                  f"{r['peak_workers']:.0f}", f"{r['actors']:,}",
                  f"{r['edges']:,}", f"{r['assembly']:.1f}", f"{r['graphml']:.1f}",
                  f"{r['html']:.1f}", f"{r['neo4j']:.1f}" if "neo4j" in r else "-",
                  f"{r['export_peak_mb']:.0f}") for r in rows], header))


if __name__ == "__main__":
    main()
