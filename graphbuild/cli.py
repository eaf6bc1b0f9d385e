"""The command line: a thin layer over the library (build, extract, eval, stats)."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import ClassVar

import click

from graphbuild.errors import GraphbuildError

DEFAULT_DB = Path("exports/graphbuild.db")


def friendly_errors(func: Callable) -> Callable:
    """One line for what the user can fix, never a traceback; 130 on Ctrl-C."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except GraphbuildError as exc:
            click.echo(f"graphbuild: error: {exc}", err=True)
            sys.exit(2)
        except sqlite3.DatabaseError as exc:  # damaged, read-only, or its disk full
            store = kwargs.get("db") or "the store"
            click.echo(f"graphbuild: error: [E024] {store}: {exc}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("graphbuild: interrupted; run the same command again to resume", err=True)
            sys.exit(130)

    return wrapper


class ByteSize(click.ParamType):
    """A number of bytes, or of KiB, MiB, GiB with K, M, G: 16M."""

    name = "size"
    UNITS: ClassVar[dict[str, int]] = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().upper().removesuffix("IB").removesuffix("B")
        unit = text[-1:] if text[-1:] in self.UNITS else ""
        number = text[: len(text) - len(unit)]
        if not number.isdigit() or int(number) == 0:
            self.fail(f"expected a size such as 16M or 1000000, got {value!r}", param, ctx)
        return int(number) * self.UNITS[unit]

    @classmethod
    def show(cls, size: int) -> str:
        """The shortest way to write `size`: 16777216 -> "16M"."""
        unit = max((u for u, n in cls.UNITS.items() if size % n == 0), key=cls.UNITS.get)
        return f"{size // cls.UNITS[unit]}{unit}"


def input_options(func: Callable) -> Callable:
    """Options shared by every command that reads articles; the three limits reach the
    command as one `limits` (graphbuild.ingest.Limits)."""
    from graphbuild.limits import LIMITS, Limits

    @wraps(func)
    def wrapper(*args, max_input_bytes, max_record_bytes, max_article_chars, **kwargs):
        limits = Limits(max_input_bytes, max_record_bytes, max_article_chars)
        return func(*args, limits=limits, **kwargs)

    for name, default, meaning in (
        ("--max-article-chars", LIMITS.article_chars,
         "Longest article text, in characters; a longer one is reported, not read."),
        ("--max-record-bytes", ByteSize.show(LIMITS.record_bytes),
         "Longest JSON Lines line, CSV row or .txt/.html file, in bytes."),
        ("--max-input-bytes", ByteSize.show(LIMITS.input_bytes),
         "Most bytes read from one input file, after decompression."),
    ):
        kind = click.IntRange(1) if name.endswith("chars") else ByteSize()
        wrapper = click.option(name, type=kind, default=default, show_default=True,
                               help=meaning)(wrapper)
    wrapper = click.option(
        "--model", help="spaCy model to load (default: en_core_web_sm).")(wrapper)
    wrapper = click.option(
        "--fields", metavar="MAP",
        help="JSON/CSV field names, e.g. 'text=body,id=uid' "
        "(defaults: id,title,text,date,url,source).",
    )(wrapper)
    return click.argument("inputs", nargs=-1, required=True,
                          type=click.Path(path_type=Path))(wrapper)


failures_option = click.option(
    "--failures", "failures_path", type=click.Path(path_type=Path),
    help="Write every record that failed (the summary lists the first 20), as JSON Lines.")


def aliases_option(func: Callable) -> Callable:
    """The analyst's corrections file (graphbuild.corrections); the store remembers it."""
    return click.option(
        "--aliases", type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="YAML corrections to actor identity (merge, split, rename, not_actors, types), "
        "applied from now on: the store remembers the file.")(func)


def apply_corrections(store, aliases: Path | None) -> None:
    """Run the identity stage with the corrections file, and say what it could not apply."""
    from graphbuild import identity

    for note in identity.update(store, aliases)[2]:
        click.echo(f"corrections: {note}", err=True)


def neo4j_options(func: Callable) -> Callable:
    """Where the Neo4j server is; defaults from NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD."""
    func = click.option("--dataset", help="The name the graph is exported under to Neo4j "
                        "(a property of every node; another name keeps another corpus apart). "
                        "Default: the store's file name without its extension.")(func)
    for name, env, extra in (
        ("--neo4j-database", "NEO4J_DATABASE", {"help": "Default: the server's default."}),
        ("--neo4j-password", "NEO4J_PASSWORD", {}),
        ("--neo4j-user", "NEO4J_USER", {"default": "neo4j", "show_default": True}),
        ("--neo4j-uri", "NEO4J_URI", {"help": "e.g. bolt://127.0.0.1:7687"}),
    ):
        func = click.option(name, envvar=env, show_envvar=True, **extra)(func)
    return func


def export_to_neo4j(store, g, uri, user, password, database, dataset: str | None) -> None:
    from graphbuild.export.neo4j import connect, write_neo4j

    dataset = dataset or store.path.stem
    driver = connect(uri, user, password, database=database)
    try:
        counts = write_neo4j(g, store.articles(), driver, dataset=dataset, database=database,
                             mention_counts=store.entity_mention_counts())
    finally:
        driver.close()
    click.echo(f"neo4j: {uri}, dataset {dataset!r}: "
               + ", ".join(f"{k} {v}" for k, v in counts.items()))


def export_html(g, path: Path, max_nodes: int) -> None:
    from graphbuild.export.html import write_html

    shown, linked = write_html(g, path, max_nodes=max_nodes)
    click.echo(f"html: {path}: drawing {shown} of the {linked} actors in relations "
               f"({g.number_of_nodes()} actors in all; search finds every one)")


def gold_articles(gold: Path, inputs, fields: str | None, limits):
    """A gold file and the articles of INPUTS it annotates, under its ids."""
    from graphbuild.evaluate import load_gold, with_gold_ids
    from graphbuild.ingest import read_inputs
    from graphbuild.model import Article

    try:
        gold_docs = load_gold(gold)
    except ValueError as exc:
        raise GraphbuildError("E030", str(exc)) from None
    read = read_inputs(inputs, fields=parse_fields(fields), limits=limits)
    return gold_docs, with_gold_ids((a for a in read if isinstance(a, Article)), gold_docs)


def parse_fields(spec: str | None):
    from graphbuild.ingest import Fields

    if not spec:
        return Fields()
    try:
        pairs = dict(item.split("=", 1) for item in spec.split(",") if item)
        return Fields(**pairs)
    except (TypeError, ValueError):
        raise click.BadParameter(f"expected name=field pairs, got {spec!r}") from None


@click.group()
@click.version_option(package_name="graphbuild")
def main() -> None:
    """graphbuild: knowledge graphs of political actors from news articles."""


@main.command()
@input_options
@failures_option
@click.option("--db", type=click.Path(path_type=Path), default=DEFAULT_DB, show_default=True,
              help="The SQLite store (created if missing; re-runs resume).")
@click.option("--graphml", type=click.Path(path_type=Path), help="Write the graph as GraphML.")
@click.option("--json", "json_path", type=click.Path(path_type=Path),
              help="Write the graph as node-link JSON.")
@click.option("--html", "html_path", type=click.Path(path_type=Path),
              help="Write the browser view: one offline HTML page.")
@click.option("--max-nodes", type=click.IntRange(1), default=500, show_default=True,
              help="With --html: keep the most central actors (PageRank).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes that parse and extract.")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Read and extract on a Dask cluster: a scheduler address "
              "(tcp://host:8786) or local:N for N local worker processes. Needs "
              "graphbuild[dask].")
@click.option("--dask-batch-size", type=click.IntRange(1), default=32, show_default=True,
              help="With --dask: articles per task.")
@click.option("--neo4j", "to_neo4j", is_flag=True, help="Also export the graph to Neo4j.")
@aliases_option
@neo4j_options
@friendly_errors
def build(inputs, model, fields, limits, failures_path, db, graphml, json_path, html_path,
          max_nodes, workers, dask_address, dask_batch_size, to_neo4j, aliases, neo4j_uri,
          neo4j_user, neo4j_password, neo4j_database, dataset) -> None:
    """Build the graph from articles (files or folders) into the store and exports."""
    from graphbuild.build import build as run_build
    from graphbuild.build import write_failures
    from graphbuild.export.files import write_graphml, write_json
    from graphbuild.graph import from_store
    from graphbuild.store import Store

    if dask_address and workers > 1:
        raise click.UsageError("--dask and --workers are alternatives: give one of them")
    with Store(db) as store:
        report = run_build(inputs, store, model=model, fields=parse_fields(fields),
                           limits=limits, workers=workers, dask=dask_address,
                           dask_batch_size=dask_batch_size, corrections=aliases)
        g = from_store(store)
    if failures_path:
        write_failures(report.failures, failures_path)
    if graphml:
        write_graphml(g, graphml)
    if json_path:
        write_json(g, json_path)
    click.echo(report.summary())
    if html_path:
        export_html(g, html_path, max_nodes)
    click.echo(f"graph: {g.number_of_nodes()} actors, {g.number_of_edges()} edges -> {db}"
               + "".join(f", {p}" for p in (graphml, json_path) if p))
    if to_neo4j:
        with Store(db) as store:
            export_to_neo4j(store, g, neo4j_uri, neo4j_user, neo4j_password, neo4j_database,
                            dataset)
    sys.exit(0 if report.ok else 1)


@main.command()
@input_options
@failures_option
@click.option("--out", type=click.Path(path_type=Path), help="Output file (default: stdout).")
@friendly_errors
def extract(inputs, model, fields, limits, failures_path, out) -> None:
    """Print every relation found, as JSON Lines (no store)."""
    from graphbuild.build import progress, write_failures
    from graphbuild.extract import Extractor
    from graphbuild.ingest import read_inputs
    from graphbuild.model import Failure
    from graphbuild.records import relation_records

    failures: list[Failure] = []
    read = progress(read_inputs(inputs, fields=parse_fields(fields), limits=limits), "extract",
                    inputs, limits)
    articles = (x for x in read if not (isinstance(x, Failure) and failures.append(x) is None))
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    try:
        for result in Extractor(model).pipe(articles, failures=failures):
            for record in relation_records(result):
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if out:
            sink.close()
    if failures_path:
        write_failures(failures, failures_path)
    for f in failures:
        click.echo(f"failed: {f}", err=True)
    sys.exit(1 if failures else 0)


@main.command("eval")
@click.option("--gold", type=click.Path(exists=True, path_type=Path), required=True,
              help="Gold JSON Lines (see gold/FORMAT.md).")
@input_options
@click.option("--errors", is_flag=True, help="Also list false positives and negatives.")
@friendly_errors
def evaluate(gold, inputs, model, fields, limits, errors) -> None:
    """Score extraction on INPUTS against a gold file: P/R/F1 per relation."""
    from graphbuild.evaluate import score
    from graphbuild.extract import Extractor
    from graphbuild.records import relation_records

    gold_docs, articles = gold_articles(gold, inputs, fields, limits)
    predicted = [rec for result in Extractor(model).pipe(articles)
                 for rec in relation_records(result) if rec["stated"]]
    scores = score(gold_docs, predicted)
    click.echo(f"{len(articles)} of {len(gold_docs)} gold articles found in the inputs")
    click.echo(scores.table())
    if errors:
        for doc_id, errs in scores.errors().items():
            click.echo(f"\n{doc_id}")
            click.echo("\n".join(f"  FP {t}" for t in errs.fp))
            click.echo("\n".join(f"  FN {t}" for t in errs.fn))


@main.command()
@click.option("--gold", type=click.Path(exists=True, path_type=Path), required=True,
              help="Training gold, JSON Lines (see gold/FORMAT.md): never a dev file.")
@input_options
@click.option("--out", type=click.Path(path_type=Path),
              help="Relation model folder to write (default: the one shipped in the package).")
@click.option("--actors-out", type=click.Path(path_type=Path),
              help="Actor model folder to write (default: the one shipped in the package).")
@click.option("--seed", type=int, default=13, show_default=True)
@click.option("--folds", type=click.IntRange(2), default=5, show_default=True,
              help="Cross-validation folds for the decision thresholds.")
@click.option("--fraction", type=click.FloatRange(0, 1, min_open=True), default=1.0,
              show_default=True, help="Train on this share of the gold articles (learning curve).")
@click.option("--version", "model_version", default="1", show_default=True,
              help="Version written into the model's meta and every evidence it produces.")
@friendly_errors
def train(gold, inputs, model, fields, limits, out, actors_out, seed, folds, fraction,
          model_version) -> None:
    """Train the actor model, then the relation classifier, on gold articles found in INPUTS."""
    from graphbuild.extract import Extractor
    from graphbuild.extract.classifier import ACTORS_SHIPPED, shipped_folder
    from graphbuild.train import train as run_train
    from graphbuild.train_actors import train_actors

    gold_docs, articles = gold_articles(gold, inputs, fields, limits)
    click.echo(f"{len(articles)} of {len(gold_docs)} gold articles found in the inputs")
    if not articles:
        raise GraphbuildError("E043", "no gold article in the inputs: nothing to train on")
    plain = Extractor(model, sources="patterns", actor_model=None)
    actors_folder = actors_out or shipped_folder(ACTORS_SHIPPED)
    actors, actor_report = train_actors(gold_docs, articles, actors_folder, extractor=plain,
                                        seed=seed, folds=folds, version=model_version)
    cv, rules = actor_report.cv["model"], actor_report.cv["rules"]
    click.echo(f"{actors.id}: {actor_report.examples} actors "
               f"({actor_report.none_share:.0%} no gold actor), rejects at "
               f"P(NONE) >= {actor_report.threshold}; cross-validated: P {cv['precision']:.3f} "
               f"R {cv['recall']:.3f} (rules alone P {rules['precision']:.3f} "
               f"R {rules['recall']:.3f}) -> {actors_folder} in {actor_report.seconds:.0f} s")
    folder = out or shipped_folder()
    extractor = Extractor(nlp=plain.nlp, sources="patterns", actor_model=actors)
    trained, report = run_train(gold_docs, articles, folder, extractor=extractor, seed=seed,
                                folds=folds, fraction=fraction, version=model_version)
    cv = report.cv["both"]
    click.echo(f"{trained.id}: {report.examples} examples ({report.left_out} left out), "
               f"positives {dict(sorted(report.positives.items()))}")
    click.echo("thresholds: " + ", ".join(f"{k} {v if v <= 1 else 'off'}"
                                          for k, v in report.thresholds.items()))
    click.echo(f"cross-validated (patterns and classifier): P {cv['precision']:.3f} "
               f"R {cv['recall']:.3f} F1 {cv['f1']:.3f} "
               f"(patterns alone F1 {report.cv['patterns']['f1']:.3f})")
    click.echo(f"model -> {folder} in {report.seconds:.0f} s")


@main.command()
@click.option("--db", type=click.Path(path_type=Path), default=DEFAULT_DB, show_default=True)
@click.option("--top", type=click.IntRange(1), default=50, show_default=True,
              help="How many to list, most mentioned first.")
@click.option("--search", metavar="NAME", help="Only actors whose name or alias contains NAME.")
@click.option("--rejected", is_flag=True,
              help="List the names the junk filter rejected, with the reason, instead.")
@aliases_option
@friendly_errors
def actors(db, top, search, rejected, aliases) -> None:
    """List the store's actors: type, mentions, articles, Wikidata id and aliases."""
    from graphbuild.store import Store

    if not db.exists():
        raise GraphbuildError("E023", f"{db}: no such store; run 'graphbuild build' first")
    with Store(db) as store:
        if rejected:
            rows = store.rejected_names(search=search, limit=top)
            click.echo(f"{'count':>6}  {'reason':<12} {'type':<13} name")
            for count, reason, kind, name in rows:
                click.echo(f"{count:>6}  {reason:<12} {kind:<13} {name}")
            return
        apply_corrections(store, aliases)
        rows = store.actor_table(search=search, limit=top)
    click.echo(f"{'mentions':>8} {'articles':>8}  {'type':<13} {'wikidata':<10} name  [aliases]")
    for r in rows:
        shown = ", ".join(r["aliases"][:6]) + (", ..." if len(r["aliases"]) > 6 else "")
        flag = "" if r["resolved"] else "  (unresolved surname)"
        click.echo(f"{r['mentions']:>8} {r['articles']:>8}  {r['type']:<13} "
                   f"{r['wikidata'] or '-':<10} {r['name']}{flag}"
                   + (f"  [{shown}]" if shown else ""))


@main.command()
@click.option("--db", type=click.Path(path_type=Path), default=DEFAULT_DB, show_default=True)
@friendly_errors
def stats(db) -> None:
    """Counts of articles, actors by type, relations by type and rejected names in a store."""
    from graphbuild.store import Store

    if not db.exists():
        raise GraphbuildError("E023", f"{db}: no such store; run 'graphbuild build' first")
    with Store(db) as store:
        s = store.stats()
    click.echo(f"articles: {s['articles']}")
    click.echo("actors: " + ", ".join(f"{k} {v}" for k, v in s["entities"].items())
               + f" ({s['unresolved']} unresolved surnames; per article: "
               + ", ".join(f"{k} {v}" for k, v in s["actors"].items()) + ")")
    click.echo("relations: " + ", ".join(f"{k} {v}" for k, v in s["relations"].items()))
    click.echo(f"negated or hypothetical statements kept aside: {s['unstated']}")
    click.echo("names rejected as actors: "
               + (", ".join(f"{k} {v}" for k, v in s["rejected"].items()) or "0"))


@main.group("export")
def export_group() -> None:
    """Export a store's graph: to Neo4j, an HTML page, GraphML, JSON or GEXF."""


def store_graph(db: Path, aliases: Path | None):
    """The graph of an existing store, with the analyst's corrections applied."""
    from graphbuild.graph import from_store
    from graphbuild.store import Store

    if not db.exists():
        raise GraphbuildError("E023", f"{db}: no such store; run 'graphbuild build' first")
    with Store(db) as store:
        apply_corrections(store, aliases)
        return from_store(store)


db_option = click.option("--db", type=click.Path(path_type=Path), default=DEFAULT_DB,
                         show_default=True)
out_option = click.option("--out", type=click.Path(path_type=Path), required=True,
                          help="The file to write.")


@export_group.command("neo4j")
@db_option
@aliases_option
@neo4j_options
@friendly_errors
def export_neo4j(db, aliases, neo4j_uri, neo4j_user, neo4j_password, neo4j_database,
                 dataset) -> None:
    """Write the store's graph to Neo4j as one dataset: afterwards the dataset holds exactly
    the graph (exporting it again changes nothing)."""
    from graphbuild.store import Store

    g = store_graph(db, aliases)
    with Store(db) as store:
        export_to_neo4j(store, g, neo4j_uri, neo4j_user, neo4j_password, neo4j_database,
                        dataset)


@export_group.command("html")
@db_option
@out_option
@click.option("--max-nodes", type=click.IntRange(1), default=500, show_default=True,
              help="Keep the most central actors (PageRank).")
@aliases_option
@friendly_errors
def export_html_cmd(db, out, max_nodes, aliases) -> None:
    """Write the browser view of the store's graph: one offline HTML page."""
    export_html(store_graph(db, aliases), out, max_nodes)


# The file formats: the writer (module, function) and what the command says of it.
FILE_FORMATS = {
    "graphml": ("files", "write_graphml", "GraphML (unique edge ids; lists as JSON strings)"),
    "json": ("files", "write_json", "node-link JSON"),
    "gexf": ("gexf", "write_gexf", "GEXF for Gephi (colours, sizes, dates for its timeline)"),
}


def _file_export(fmt: str, module: str, writer: str, what: str) -> None:
    def command(db, out, aliases) -> None:
        import importlib

        write = getattr(importlib.import_module(f"graphbuild.export.{module}"), writer)
        write(store_graph(db, aliases), out)

    command.__doc__ = f"Write the store's graph as {what}."
    export_group.command(fmt)(db_option(out_option(aliases_option(friendly_errors(command)))))


for _fmt, _spec in FILE_FORMATS.items():
    _file_export(_fmt, *_spec)
