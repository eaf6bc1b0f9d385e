"""How the browser view copes with a big graph: build a ~2,000-actor graph from AllSides
articles, write the page with max_nodes=2000, open it in headless Chromium and time it.

    .venv/bin/python bench/html_scale.py [--articles 300] [--db PATH] [--synthetic N]

The first run extracts the articles (several minutes); the store is kept (default under
/tmp) so later runs skip straight to the page. --synthetic N uses a random graph of the same
shape instead (labelled as such in the output) when ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "data" / "allsides"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _lines():
    for f in sorted(ALLSIDES.glob("*.jsonl.gz")):
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            yield from fh


def allsides_graph(n_articles: int, db: Path) -> nx.MultiDiGraph:
    from graphbuild.build import build
    from graphbuild.graph import from_store
    from graphbuild.store import Store

    subset = db.with_suffix(f".{n_articles}.jsonl")
    if not subset.exists():  # the first N articles, oldest year first: the same on every run
        subset.write_text("".join(itertools.islice(_lines(), n_articles)), encoding="utf-8")
    with Store(db) as store:
        report = build([subset], store)
        print(report.summary(), file=sys.stderr)
        return from_store(store)


def synthetic_graph(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """Scale-free actors with the attributes and evidence of a real graph: shape, not data."""
    rnd = random.Random(seed)
    base = nx.scale_free_graph(n, seed=seed)
    g = nx.MultiDiGraph()
    types = ["PERSON"] * 5 + ["ORGANIZATION"] * 2 + ["COUNTRY", "PARTY"]
    for v in base:
        g.add_node(str(v), name=f"Actor {v}", type=rnd.choice(types), aliases=[], mentions=1,
                   articles=1)
    for u, v in {(u, v) for u, v in base.edges() if u != v}:
        rel = rnd.choice(["HOLDS_ROLE", "MEMBER_OF", "BACKS", "OPPOSES", "SUCCEEDS"])
        ev = [{"article": f"a{u}", "title": f"Article {u}", "url": None, "date": "2019-01-01",
               "sentence": f"Actor {u} and Actor {v} {rel.lower()}.", "modality": "asserted",
               "confidence": 0.8}]
        g.add_edge(str(u), str(v), rel, relation=rel, evidence=ev, count=1, articles=1,
                   first_date="2019-01-01", last_date="2019-01-01", confidence=0.8,
                   modality="asserted", role="Minister" if rel == "HOLDS_ROLE" else None)
    return g


def measure(page_path: Path) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else r.abort())
        t0 = time.perf_counter()
        page.goto(page_path.as_uri(), wait_until="load")
        loaded = time.perf_counter() - t0
        page.wait_for_function("window.graphbuild && window.graphbuild.ready", timeout=300_000)
        drawn = time.perf_counter() - t0
        # One full redraw, as on every pan or zoom step.
        redraw_ms = page.evaluate("""() => { const n = graphbuild.network, t = performance.now();
            for (let i = 0; i < 5; i++) n.redraw(); return (performance.now() - t) / 5; }""")
        # Click the most central actor with the mouse and wait for its side panel.
        target = page.evaluate("""() => {
            const net = graphbuild.network, ids = graphbuild.nodes.getIds();
            const box = net.canvas.frame.canvas.getBoundingClientRect();
            const id = graphbuild.nodes.max("size").id;
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            return {id, name: net.body.nodes[id].options.label, n: ids.length,
                    x: box.left + p.x, y: box.top + p.y}; }""")
        t1 = time.perf_counter()
        page.mouse.click(target["x"], target["y"])
        page.wait_for_function("s => document.querySelector('#panel h2')?.textContent === s",
                               arg=target["name"], timeout=60_000)
        clicked = time.perf_counter() - t1
        drawn_edges = page.evaluate("graphbuild.network.body.edgeIndices.length")
        browser.close()
    return {"load (s)": loaded, "drawn, interactive (s)": drawn, "redraw (ms)": redraw_ms,
            "click -> panel (s)": clicked, "nodes drawn": target["n"], "edges drawn": drawn_edges}


def main() -> None:
    from graphbuild.export.html import to_html

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=300, help="AllSides articles to build from")
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir())
                    / "graphbuild-bench" / "allsides.db")
    ap.add_argument("--synthetic", type=int, metavar="N", help="a random graph of N actors")
    ap.add_argument("--max-nodes", type=int, default=2000)
    args = ap.parse_args()
    if args.synthetic or not ALLSIDES.is_dir():
        source, g = f"SYNTHETIC scale-free graph ({args.synthetic or 2000} actors)", \
            synthetic_graph(args.synthetic or 2000)
    else:
        args.db.parent.mkdir(parents=True, exist_ok=True)
        source, g = f"AllSides, first {args.articles} articles", allsides_graph(args.articles,
                                                                                args.db)
    t = time.perf_counter()
    page = to_html(g, max_nodes=args.max_nodes, title=f"graphbuild bench: {source}")
    rows = {"graph": source, "actors / edges in graph": f"{len(g)} / {g.number_of_edges()}",
            "to_html (s)": time.perf_counter() - t, "page size (MB)": len(page.encode()) / 1e6}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.html"
        path.write_text(page, encoding="utf-8")
        rows.update(measure(path))
    width = max(len(k) for k in rows)
    for k, v in rows.items():
        print(f"{k:<{width}}  {v:.2f}" if isinstance(v, float) else f"{k:<{width}}  {v}")
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in rows.items()}))


if __name__ == "__main__":
    main()
