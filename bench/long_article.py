"""Extraction time and memory against one article's length: is it linear?

    .venv/bin/python bench/long_article.py [--sizes 50000,200000,2000000]

Each article is the AllSides 2020 texts joined, in file order, cut to the size. Every size runs
in a fresh process (`graphbuild extract` on a one-record JSON Lines file, so reading, parsing,
extraction and output are all counted), timed from start to exit, with its peak resident memory
(the kernel's ru_maxrss of the child). The per-character time should stay flat as the size
grows; the issue's bound is 2,000,000 characters in under 3 minutes and 1 GB.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, require_shared, table


def corpus_text(shared: Path, chars: int) -> str:
    texts, total = [], 0
    with gzip.open(shared / "allsides" / "allsides-2020.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            texts.append(json.loads(line)["text"])
            total += len(texts[-1]) + 2
            if total > chars:
                break
    return "\n\n".join(texts)[:chars]


def run(path: Path) -> tuple[float, int, int]:
    """(seconds, relations, peak RSS in MB) of one `graphbuild extract` process."""
    started = time.perf_counter()
    out = subprocess.run([str(ROOT / ".venv" / "bin" / "graphbuild"), "extract", str(path),
                          "--max-article-chars", "10000000"],
                         capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024  # the largest child
    return seconds, len(out.stdout.splitlines()), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="50000,200000,2000000")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    text = corpus_text(require_shared(), sizes[-1])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"a{size}.jsonl"
            path.write_text(json.dumps({"id": f"a{size}", "text": text[:size]}) + "\n",
                            encoding="utf-8")
            seconds, relations, peak = run(path)
            # ru_maxrss of children is the maximum over every child so far: sizes run in
            # increasing order, so each row's peak is its own.
            rows.append((f"{size:,}", f"{seconds:.1f}", f"{seconds / size * 1e5:.2f}",
                         relations, peak))
            print(f"{size:,} characters: {seconds:.1f} s", file=sys.stderr, flush=True)
    print(table(rows, ("characters", "seconds", "s per 100k chars", "relations",
                       "peak RSS MB")))
    print(f"cpu: {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
