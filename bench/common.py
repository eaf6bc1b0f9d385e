"""Shared by the benchmarks: where the data is, and running graphbuild and the baseline on
the same parsed documents."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import baseline_records  # noqa: E402

from graphbuild.extract import Extractor  # noqa: E402
from graphbuild.model import Article  # noqa: E402
from graphbuild.records import relation_records  # noqa: E402


def require_shared() -> Path:
    if not SHARED.is_dir():
        sys.exit(f"benchmark data not found at {SHARED} (../shared/data is absent)")
    return SHARED


def run_both(articles: Iterable[Article], extractor: Extractor | None = None,
             ) -> Iterator[tuple[Article, list[dict], list[dict]]]:
    """(article, graphbuild records, baseline records), positive statements only."""
    extractor = extractor or Extractor()
    for article, doc in extractor.parse(articles):
        ours = [r for r in relation_records(extractor.from_doc(article, doc)) if r["stated"]]
        base = [r for r in baseline_records(doc, article.id) if not r["negated"]]
        yield article, ours, base


def table(rows: list[tuple], header: tuple) -> str:
    cells = [[f"{x:.3f}" if isinstance(x, float) else str(x) for x in r] for r in rows]
    widths = [max(len(x) for x in col) for col in zip(header, *cells, strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [line.format(*header), line.format(*("-" * w for w in widths))]
    return "\n".join(out + [line.format(*r) for r in cells])
