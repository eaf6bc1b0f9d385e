"""The browser view: static checks on the page, then the page itself in headless Chromium
with every network request blocked."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphbuild.cli import main
from graphbuild.export.html import to_html, write_html
from graphbuild.graph import from_store
from graphbuild.store import Store

from .conftest import EXAMPLES, ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("html") / "g.db"
    result = CliRunner().invoke(main, ["build", str(EXAMPLES), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def graph(store_path):
    with Store(store_path) as store:
        return from_store(store)


def external_refs(page: str) -> list[str]:
    """src/href values of script, link and img elements that point at the network."""
    tags = re.findall(r"<(?:script|link|img)\b[^>]*>", page, flags=re.I)
    refs = [m for t in tags for m in re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]+)""", t)]
    return [r for r in refs if re.match(r"(https?:)?//", r)]


def test_page_is_self_contained(graph):
    page = to_html(graph)
    assert external_refs(page) == []
    # No attribute anywhere links out: evidence links are made by the script on click.
    assert not re.search(r"""(?:src|href)\s*=\s*["']?https?:""", page, flags=re.I)
    n = graph.number_of_nodes()
    assert "vis.Network" in page and f"showing {n} of {n} actors" in page.replace("\n", " ")


def test_external_refs_detects_cdn():
    assert external_refs('<script src="https://cdn.example/x.js"></script>') == [
        "https://cdn.example/x.js"]


def test_max_nodes_keeps_the_most_central(graph, tmp_path):
    page = to_html(graph, max_nodes=10)
    n = graph.number_of_nodes()
    assert f"showing 10 of {n} actors" in page
    assert f"{n - 10} left out" in page


def test_cli_build_and_export_html(store_path, graph, tmp_path):
    out = tmp_path / "b.html"
    result = CliRunner().invoke(main, ["build", str(EXAMPLES), "--db", str(store_path),
                                       "--html", str(out), "--max-nodes", "20"])
    assert result.exit_code == 0, result.output
    n = graph.number_of_nodes()
    assert f"showing 20 of {n} actors" in out.read_text(encoding="utf-8")
    assert f"{n - 20} left out" in result.output
    out2 = tmp_path / "e.html"
    result = CliRunner().invoke(main, ["export", "html", "--db", str(store_path),
                                       "--out", str(out2), "--max-nodes", "5"])
    assert result.exit_code == 0, result.output
    assert f"{n - 5} left out" in out2.read_text(encoding="utf-8")


def test_export_html_needs_a_store(tmp_path):
    result = CliRunner().invoke(main, ["export", "html", "--db", str(tmp_path / "no.db"),
                                       "--out", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and "no such store" in result.output


def test_show_inline_wraps_the_page_in_an_iframe(graph):
    pytest.importorskip("IPython")
    from graphbuild.export.html import show_inline

    obj = show_inline(graph, max_nodes=5)
    assert obj.data.startswith("<iframe srcdoc=") and "&lt;script&gt;" in obj.data


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        reason = f"{CHROMIUM} not found: apt-get install chromium (scripts/run-tests does)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, graph, tmp_path):
    path = write_html(graph, tmp_path / "graph.html")
    pg = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    blocked: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if r.request.url.startswith("file://"):
            return r.continue_()
        blocked.append(r.request.url)
        return r.abort()

    pg.route("**/*", route)
    pg.goto(path.as_uri())
    pg.wait_for_function("window.graphbuild && window.graphbuild.ready", timeout=30_000)
    yield pg
    pg.close()
    assert blocked == [], f"the page asked the network for {blocked}"
    assert errors == [], f"console errors: {errors}"


def test_page_draws_the_whole_graph(page, graph):
    counts = page.evaluate("""() => { const g = window.graphbuild;
        return [g.nodes.length, g.edges.length,
                g.network.body.nodeIndices.length, g.network.body.edgeIndices.length]; }""")
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    assert counts == [n, m, n, m]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "html_overview.png"))


def test_search_focuses_the_actor(page, graph):
    node, name = next((n, d["name"]) for n, d in graph.nodes(data=True)
                      if d["name"] == "Mark Rutte")
    page.fill("#search", name)
    page.press("#search", "Enter")
    assert page.evaluate("graphbuild.network.getSelectedNodes()") == [node]
    # The view moves to the actor (animated): wait until it is centred on it.
    page.wait_for_function(
        """id => { const n = graphbuild.network, p = n.getPositions([id])[id],
                   v = n.getViewPosition(); return Math.hypot(p.x - v.x, p.y - v.y) < 1; }""",
        arg=node, timeout=5_000)
    assert name in page.inner_text("#panel")
    assert "Prime Minister" in page.inner_text("#panel")


def test_clicking_an_edge_shows_its_evidence(page, graph):
    # A plain edge whose midpoint is not under a node: click it with the mouse.
    target = page.evaluate("""() => {
        const net = graphbuild.network, box = net.canvas.frame.canvas.getBoundingClientRect();
        for (const id of graphbuild.edges.getIds()) {
            const e = net.body.edges[id];
            if (!e || e.fromId === e.toId) continue;
            const c = e.edgeType.getPoint(0.5), d = net.canvasToDOM(c);
            if (net.getNodeAt(d) === undefined && net.getEdgeAt(d) === id)
                return {id, x: box.left + d.x, y: box.top + d.y};
        }
        return null; }""")
    assert target, "no clickable edge found"
    page.mouse.click(target["x"], target["y"])
    u, v, key = next((u, v, k) for i, (u, v, k) in enumerate(graph.edges(keys=True))
                     if f"e{i}" == target["id"])
    sentence = graph.edges[u, v, key]["evidence"][0]["sentence"]
    page.wait_for_function("s => document.querySelector('#panel').innerText.includes(s)",
                           arg=sentence[:60], timeout=5_000)
    assert graph.nodes[u]["name"] in page.inner_text("#panel")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "html_edge_panel.png"))


def test_relation_filter_hides_edges(page, graph):
    n_roles = sum(1 for *_, r in graph.edges(data="relation") if r == "HOLDS_ROLE")
    page.uncheck("#filters input[value=HOLDS_ROLE]")
    drawn = page.evaluate("graphbuild.network.body.edgeIndices.length")
    assert drawn == graph.number_of_edges() - n_roles
    page.check("#filters input[value=HOLDS_ROLE]")
    assert page.evaluate("graphbuild.network.body.edgeIndices.length") == graph.number_of_edges()
