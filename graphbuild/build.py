"""The build: read inputs, skip what the store already has, extract the rest, store it.

Library API used by the CLI and notebooks: `build(inputs, store)` returns a `BuildReport`.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from tqdm import tqdm

from graphbuild import __version__, identity
from graphbuild.ingest import LIMITS, Fields, Limits, read_inputs
from graphbuild.model import Article, DocResult, Failure
from graphbuild.store import Store

SHOWN_FAILURES = 20  # a summary lists this many; --failures FILE has every one


@dataclass
class BuildReport:
    """What a build did: every article is counted as stored, skipped or failed."""

    read: int = 0
    stored: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    relations: Counter = field(default_factory=Counter)
    actors: dict = field(default_factory=dict)  # corpus entities by type
    entities: int = 0
    links: int = 0
    notes: list[str] = field(default_factory=list)  # corrections that named no actor
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        lines = [
            f"articles read: {self.read}, stored: {self.stored}, "
            f"skipped (unchanged): {self.skipped}, failed: {len(self.failures)}",
            "actors: " + (", ".join(f"{k} {v}" for k, v in sorted(self.actors.items())) or "0")
            + f" (identity: {self.links} article actors linked to {self.entities})",
            "relations found this run: "
            + (", ".join(f"{k} {v}" for k, v in sorted(self.relations.items())) or "0"),
            f"elapsed: {self.elapsed:.1f} s",
        ]
        lines += [f"corrections: {note}" for note in self.notes]
        lines += [f"failed: {f}" for f in self.failures[:SHOWN_FAILURES]]
        if len(self.failures) > SHOWN_FAILURES:
            lines.append(f"... and {len(self.failures) - SHOWN_FAILURES} more failures "
                         "(--failures FILE writes them all)")
        return "\n".join(lines)


def write_failures(failures: list[Failure], path: str | Path) -> None:
    """Every failure as JSON Lines ({"where", "reason"}), written whole or not at all."""
    from graphbuild.export.files import replacing

    with replacing(path) as tmp, tmp.open("w", encoding="utf-8") as f:
        for failure in failures:
            f.write(json.dumps({"where": failure.where, "reason": failure.reason},
                               ensure_ascii=False) + "\n")


# What decides extraction's output besides the article: the extraction code, its rules and
# gazetteer, the trained model and the reference table (paths relative to the package).
EXTRACTION_SOURCES = ("extract", "data", "reference.py", "model.py")


def extractor_version(meta: dict, package: Path | None = None) -> str:
    """Part of each stored article's fingerprint: a new extractor re-processes everything.

    A hash of every file extraction reads or runs (`EXTRACTION_SOURCES`), and the spaCy
    model's name and version: an upgraded graphbuild, an edited pattern or a new model all
    change it, so a rebuild re-extracts the stored articles."""
    root = package or Path(str(resources.files("graphbuild")))
    digest = hashlib.sha256()
    for path in sorted(_source_files(root), key=lambda p: p.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    model = f"{meta.get('lang', '')}_{meta.get('name', 'model')}-{meta.get('version', '')}"
    return f"graphbuild-{__version__}/{model}/{digest.hexdigest()[:12]}"


def _source_files(root: Path) -> Iterator[Path]:
    for name in EXTRACTION_SOURCES:
        path = root / name
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from (p for p in path.rglob("*")
                        if p.is_file() and "__pycache__" not in p.parts)


def progress(iterable: Iterable | None, desc: str, inputs: Sequence[str | Path],
             limits: Limits = LIMITS) -> tqdm:
    """A progress bar on a terminal, its total the articles the inputs hold (counted only
    there: one pass over their bytes, under a second for the 12,757 AllSides articles), so it
    shows a percentage and the time left; nothing when stderr is a pipe or a CI log."""
    from graphbuild.ingest.partition import count_records

    total = count_records(inputs, limits) if sys.stderr.isatty() else None
    return tqdm(iterable, desc=desc, total=total, unit=" articles", disable=None,
                file=sys.stderr)


def build(
    inputs: Iterable[str | Path],
    store: Store,
    *,
    model: str | None = None,
    fields: Fields | None = None,
    limits: Limits = LIMITS,
    workers: int = 1,
    dask: str | None = None,
    dask_batch_size: int = 32,
    extractor=None,
    on_result: Callable[[DocResult], None] | None = None,
    corrections: str | Path | None = None,
) -> BuildReport:
    """Extract every new or changed article of `inputs` into `store`.

    `dask`: read and extract on a Dask cluster instead ("local:N", a scheduler address such as
    tcp://host:8786, or a distributed.Client), `dask_batch_size` articles per task; see
    graphbuild.distributed. This process stays the single writer, so the store is the same as
    a 1-process build's. `corrections`: an analyst's corrections file (graphbuild.corrections),
    applied to actor identity from now on."""
    from graphbuild.extract import Extractor
    from graphbuild.extract.nlp import model_meta

    started = time.perf_counter()
    inputs = list(inputs)  # read twice: counted for the progress bar, then read
    report = BuildReport()
    # With workers or Dask the model is loaded where the extraction runs, not here.
    meta = extractor.nlp.meta if extractor else model_meta(model)
    version = extractor_version(meta)

    def todo() -> Iterator[Article]:
        read = read_inputs(inputs, fields=fields or Fields(), limits=limits)
        for item in progress(read, "build", inputs, limits):
            if isinstance(item, Failure):
                report.failures.append(item)
                continue
            report.read += 1
            if store.is_current(item, version):
                report.skipped += 1
            else:
                yield item

    def on_dask() -> Iterator[DocResult | Failure]:
        from graphbuild.distributed import pipe_partitions, stored_keys

        bar = progress(None, "build", inputs, limits)
        keys = stored_keys(store.fingerprints())
        for part in pipe_partitions(inputs, dask, version=version, keys=keys, model=model,
                                    fields=fields or Fields(), limits=limits,
                                    size=dask_batch_size):
            if isinstance(part, Failure):
                report.failures.append(part)
                continue
            report.read += part.read
            report.skipped += part.skipped
            bar.update(part.read)
            yield from part.items
        bar.close()

    if dask:
        results = on_dask()
    elif workers > 1:
        from graphbuild.parallel import pipe_parallel

        results = pipe_parallel(todo(), workers=workers, model=model)
    else:
        extractor = extractor or Extractor(model)
        results = extractor.pipe(todo(), failures=report.failures)
    for result in results:
        if isinstance(result, Failure):
            report.failures.append(result)
            continue
        if store.is_current(result.article, version):
            # The same article twice in the inputs, read before its first copy was stored.
            report.skipped += 1
            continue
        store.save(result, version)
        report.stored += 1
        report.relations.update(r.relation for r in result.relations if r.evidence.stated)
        if on_result:
            on_result(result)
    report.entities, report.links, report.notes = identity.update(store, corrections)
    report.actors = store.stats()["entities"]
    report.elapsed = time.perf_counter() - started
    return report
