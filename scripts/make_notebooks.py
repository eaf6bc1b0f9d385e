"""Write notebooks/*.ipynb (without outputs) from the cells below.

    .venv/bin/python scripts/make_notebooks.py

The notebooks only call the library (graphbuild.build, graphbuild.graph, graphbuild.analysis,
graphbuild.export.*); tests/test_notebooks.py executes them.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
HTML_MODULE = Path(__file__).resolve().parents[1] / "graphbuild" / "export" / "html.py"

SETUP = """\
import gzip
import itertools
import os
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd

from graphbuild import analysis
from graphbuild.build import build
from graphbuild.graph import from_store
from graphbuild.store import Store

# The repository root: the first folder upwards that holds pyproject.toml.
ROOT = next(p for p in [Path.cwd(), *Path.cwd().parents] if (p / "pyproject.toml").is_file())
WIKINEWS = ROOT.parent / "shared" / "data" / "wikinews" / "articles.jsonl"
ALLSIDES = ROOT.parent / "shared" / "data" / "allsides" / "allsides-2020.jsonl.gz"
LIMIT = 60  # articles to read of each: enough to see structure, fast enough for CI
pd.set_option("display.width", 120)
print("repository:", ROOT)"""

BUILD = """\
# The graph to analyse: your store when GRAPHBUILD_DB names one (a path, relative to the
# repository or absolute), else the sample corpus built into a temporary store.
STORE = os.environ.get("GRAPHBUILD_DB")
tmp = Path(tempfile.mkdtemp(prefix="graphbuild-nb-"))
if STORE:
    db = next((p for p in (Path(STORE), ROOT / STORE) if p.is_file()), None)
    if db is None:
        raise FileNotFoundError(f"GRAPHBUILD_DB={STORE}: no such store")
    with Store(db) as store:
        g = from_store(store)
    print(f"Reading the store {db}.")
else:
    inputs = [ROOT / "examples" / "articles"]
    if WIKINEWS.is_file() and ALLSIDES.is_file():
        for name, path in (("wikinews", WIKINEWS), ("allsides", ALLSIDES)):
            with (gzip.open if path.suffix == ".gz" else open)(path, "rt", encoding="utf-8") as src:
                (tmp / f"{name}.jsonl").write_text("".join(itertools.islice(src, LIMIT)),
                                                   encoding="utf-8")
            inputs.append(tmp / f"{name}.jsonl")
        print(f"The sample corpus plus the first {LIMIT} Wikinews and {LIMIT} AllSides 2020 "
              "articles of ../shared/data.")
    else:
        print("../shared/data is absent: the sample corpus examples/articles only.")
    with Store(tmp / "graphbuild.db") as store:
        print(build(inputs, store).summary())
        g = from_store(store)
print(f"graph: {g.number_of_nodes()} actors, {g.number_of_edges()} edges")"""

INLINE_MD = """\
## Interactive view

The inline HTML view (`graphbuild.export.html.show_inline(g)`, from the HTML export issue)
renders the graph in the notebook; it needs IPython and is skipped when the module is absent."""

INLINE_CODE = """\
try:
    from graphbuild.export.html import show_inline
except ImportError:
    show_inline = None
    print("graphbuild.export.html is not available here: no inline view.")
show_inline({graph}) if show_inline else None"""

INLINE_PENDING = """\
## Interactive view

The inline HTML view will be here: `graphbuild.export.html.show_inline(g)` (the HTML export
issue) renders the graph in this notebook once that module exists."""


def inline_cells(graph: str) -> list:
    if not HTML_MODULE.is_file():
        return [new_markdown_cell(INLINE_PENDING)]
    return [new_markdown_cell(INLINE_MD), new_code_cell(INLINE_CODE.format(graph=graph))]


def build_and_explore() -> nbformat.NotebookNode:
    return notebook([
        new_markdown_cell(
            "# Build and explore\n\n"
            "Build the actor graph from the sample corpus `examples/articles` (and, when "
            "`../shared/data` exists next to the repository, from the first Wikinews articles) "
            "into a temporary store, then look at what it holds. To explore your own store "
            "instead: `GRAPHBUILD_DB=exports/graphbuild.db .venv/bin/jupyter execute "
            "notebooks/01_build_and_explore.ipynb` (or start Jupyter with that variable set)."),
        new_code_cell(SETUP),
        new_code_cell(BUILD),
        new_markdown_cell("## Actors and relations"),
        new_code_cell(
            "actors = pd.DataFrame([{'id': n, **d} for n, d in g.nodes(data=True)])\n"
            "print(actors['type'].value_counts().to_string())\n"
            "actors.sort_values('mentions', ascending=False)"
            "[['name', 'type', 'mentions', 'articles', 'aliases']].head(15)"),
        new_code_cell(
            "edges = pd.DataFrame([{'subject': g.nodes[u]['name'], 'object': g.nodes[v]['name'],"
            " **d} for u, v, d in g.edges(data=True)])\n"
            "print(edges['relation'].value_counts().to_string())\n"
            "edges[['subject', 'relation', 'object', 'count', 'first_date', 'last_date', "
            "'modality']].head(15)"),
        new_markdown_cell("One edge's evidence: the sentences that state it."),
        new_code_cell(
            "u, v, data = max(g.edges(data=True), key=lambda e: e[2]['count'])\n"
            "print(g.nodes[u]['name'], data['relation'], g.nodes[v]['name'])\n"
            "pd.DataFrame(data['evidence'])[['date', 'title', 'sentence', 'extractor']]"),
        new_markdown_cell("## Who backs whom, successions, and the graph over time"),
        new_code_cell("analysis.top_backers(g, n=10)"),
        new_code_cell(
            "for chain in analysis.succession_chains(g):\n"
            "    print(' <- '.join(chain))"),
        new_code_cell(
            "for year in sorted({d[:4] for *_, d in g.edges(data='first_date') if d}):\n"
            "    h = analysis.between_dates(g, f'{year}-01-01', f'{year}-12-31')\n"
            "    print(year, h.number_of_nodes(), 'actors,', h.number_of_edges(), 'edges')"),
        new_markdown_cell("## An ego network: the most central actor and its neighbours"),
        new_code_cell(
            "linked = g.subgraph(n for n in g if g.degree(n)).copy()\n"
            "hub = analysis.centrality(linked).index[0]\n"
            "ego = analysis.ego(g, g.nodes[hub]['name'], radius=1)\n"
            "pos = nx.spring_layout(ego, seed=42)\n"
            "plt.figure(figsize=(8, 6))\n"
            "nx.draw(ego, pos, labels=dict(ego.nodes(data='name')), node_color='#9ecae1', "
            "font_size=8)\n"
            "nx.draw_networkx_edge_labels(ego, pos, font_size=7, edge_labels={(u, v): r for u, v,"
            " r in ego.edges(data='relation')})\n"
            "plt.title(f\"ego network of {g.nodes[hub]['name']}\")\n"
            "plt.show()"),
        *inline_cells("g"),
        new_markdown_cell(
            "## Export\n\nGraphML and node-link JSON (`graphbuild.export.files`), GEXF for "
            "Gephi (`graphbuild.export.gexf`); e.g. `write_gexf(g, ROOT / 'exports' / "
            "'graph.gexf')`. Here into the temporary folder:"),
        new_code_cell(
            "from graphbuild.export.gexf import read_gexf, write_gexf\n\n"
            "write_gexf(g, tmp / 'graph.gexf')\n"
            "print(tmp / 'graph.gexf', read_gexf(tmp / 'graph.gexf').number_of_edges(), 'edges')"),
    ])


def centrality_notebook() -> nbformat.NotebookNode:
    return notebook([
        new_markdown_cell(
            "# Centrality, communities and the BACKS network\n\n"
            "Which actors are central in the graph built from the sample corpus (plus the "
            "first Wikinews articles when `../shared/data` exists)? Set `GRAPHBUILD_DB` to a "
            "store to analyse yours: `GRAPHBUILD_DB=exports/graphbuild.db .venv/bin/jupyter "
            "execute notebooks/02_centrality.ipynb`."),
        new_code_cell(SETUP),
        new_code_cell(BUILD),
        new_markdown_cell("Actors named but never in a relation do not take part: leave them out."),
        new_code_cell(
            "named = g.number_of_nodes()\n"
            "g.remove_nodes_from(list(nx.isolates(g)))\n"
            "print(f'{g.number_of_nodes()} of {named} actors are in at least one relation')"),
        new_markdown_cell("## Top actors by each centrality"),
        new_code_cell("scores = analysis.centrality(g)\nscores.head(10)"),
        new_code_cell(
            "for col in ['degree', 'in_degree', 'out_degree', 'betweenness', 'pagerank', "
            "'eigenvector']:\n"
            "    print(col, '->', ', '.join(scores.nlargest(5, col)['name']))"),
        new_code_cell(
            "top = scores.head(10)\n"
            "ax = top.plot.barh(x='name', y='pagerank', legend=False, figsize=(8, 4))\n"
            "ax.invert_yaxis()\n"
            "ax.set_xlabel('PageRank (weighted by evidence count)')\n"
            "plt.tight_layout()\n"
            "plt.show()"),
        new_markdown_cell(
            "## Communities\n\nLouvain on the undirected graph, weighted by evidence count, "
            "seeded (the same seed gives the same communities)."),
        new_code_cell(
            "table = analysis.community_table(g, seed=42)\n"
            "table.groupby('community')['name'].apply(', '.join).head(10)"),
        new_markdown_cell(
            "The ten largest communities in colour, each named in the legend by its most "
            "central actor; only the ten most central actors are labelled, so labels stay "
            "readable."),
        new_code_cell(
            "from matplotlib.patches import Patch\n\n"
            "u = analysis.weighted_projection(g)\n"
            "community = dict(zip(table['id'], table['community']))\n"
            "largest = sorted(table['community'].unique())[:10]\n"
            "colour = {c: plt.get_cmap('tab10')(i) for i, c in enumerate(largest)}\n"
            "rank = {n: i for i, n in enumerate(scores.index)}\n"
            "leader = {c: min(ids, key=rank.get) for c, ids in table.groupby('community')['id']}\n"
            "pos = nx.spring_layout(u, seed=42, k=2 / max(1, len(u)) ** 0.5)\n"
            "plt.figure(figsize=(11, 8))\n"
            "nx.draw_networkx_edges(u, pos, width=0.4, alpha=0.3)\n"
            "nx.draw_networkx_nodes(u, pos, node_size=60, node_color=[colour.get(community[n], "
            "'lightgrey') for n in u])\n"
            "nx.draw_networkx_labels(u, pos, labels={n: u.nodes[n]['name'] for n in "
            "scores.head(10).index}, font_size=8, bbox={'facecolor': 'white', 'alpha': 0.7, "
            "'linewidth': 0})\n"
            "handles = [Patch(color=colour[c], label=f\"{c}: {u.nodes[leader[c]]['name']}\") "
            "for c in largest] + [Patch(color='lightgrey', label='smaller communities')]\n"
            "plt.legend(handles=handles, title='community: its most central actor', fontsize=8,"
            " loc='upper left', bbox_to_anchor=(1, 1))\n"
            "plt.title('communities (Louvain, weighted by evidence count)')\n"
            "plt.axis('off')\n"
            "plt.tight_layout()\n"
            "plt.show()"),
        new_markdown_cell("## The BACKS network"),
        new_code_cell(
            "backs = analysis.relation_subgraph(g, 'BACKS')\n"
            "print(backs.number_of_nodes(), 'actors,', backs.number_of_edges(), 'BACKS edges')\n"
            "analysis.centrality(g, relation='BACKS').head(10)"),
        new_code_cell(
            "pos = nx.spring_layout(backs, seed=42)\n"
            "plt.figure(figsize=(8, 6))\n"
            "nx.draw(backs, pos, labels=dict(backs.nodes(data='name')), node_color='#a1d99b', "
            "font_size=8, width=[d['count'] for *_, d in backs.edges(data=True)], arrows=True)\n"
            "plt.title('who backs whom (edge width = evidence count)')\n"
            "plt.show()"),
        new_code_cell("analysis.top_backers(g, n=10)"),
        new_markdown_cell(
            "## Left, centre and right\n\n"
            "AllSides rates each outlet's bias; graphbuild keeps the field with every article, "
            "and `analysis.by_article_field` gives the graph as each group of articles states "
            "it. Who is backed and opposed, statement counts by the bias of the outlets that "
            "said so:"),
        new_code_cell(
            "groups = analysis.by_article_field(g, 'bias')\n"
            "rows = [{'bias': bias, 'relation': d['relation'], 'actor': h.nodes[v]['name'],\n"
            "         'statements': d['count']}\n"
            "        for bias, h in groups.items() for u, v, d in h.edges(data=True)\n"
            "        if d['relation'] in ('BACKS', 'OPPOSES')]\n"
            "stances = pd.DataFrame(rows, columns=['bias', 'relation', 'actor', 'statements'])\n"
            "if stances.empty:\n"
            "    print('No stance from an article with a bias field here (AllSides records have "
            "one).')\n"
            "else:\n"
            "    by_bias = stances.pivot_table(index='actor', columns=['relation', 'bias'],\n"
            "                                  values='statements', aggfunc='sum', fill_value=0)\n"
            "    by_bias[('total', '')] = by_bias.sum(axis=1)\n"
            "    display(by_bias.sort_values(('total', ''), ascending=False).head(15))"),
        new_code_cell(
            "for bias, h in groups.items():\n"
            "    top = analysis.top_backers(h, n=3)\n"
            "    print(f'{bias}:', '; '.join(f\"{r['name']} backs {', '.join(r['backed'][:3])}\" "
            "for _, r in top.iterrows()) or 'no BACKS')"),
        *inline_cells("backs"),
    ])


def notebook(cells: list) -> nbformat.NotebookNode:
    nb = new_notebook(cells=cells)
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:02d}"  # stable ids: regenerating changes only what changed
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def main() -> None:
    NOTEBOOKS.mkdir(exist_ok=True)
    for name, nb in [("01_build_and_explore.ipynb", build_and_explore()),
                     ("02_centrality.ipynb", centrality_notebook())]:
        nbformat.validate(nb)
        nbformat.write(nb, NOTEBOOKS / name)
        print("wrote", NOTEBOOKS / name)


if __name__ == "__main__":
    main()
