"""Execute the notebooks (as a reader would, from notebooks/): a failing cell fails the test."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
CELL_TIMEOUT = 300


def run(nb, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")  # the kernel inherits the environment
    client = nbclient.NotebookClient(
        nb, timeout=CELL_TIMEOUT, kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    return client.execute()


def test_kernel_runs_this_python(monkeypatch):
    """kernel_name python3 is the kernelspec ipykernel installs in the venv: this interpreter."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import os, sys; print(sys.executable); print(os.getcwd())")])
    out = run(nb, monkeypatch).cells[0].outputs[0]["text"].splitlines()
    assert os.path.realpath(out[0]) == os.path.realpath(sys.executable)
    assert Path(out[1]).resolve() == NOTEBOOKS.resolve()


@pytest.mark.parametrize("name", ["01_build_and_explore.ipynb", "02_centrality.ipynb"])
def test_notebook_runs(name, monkeypatch):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
        f"{name} is saved with outputs: regenerate it with scripts/make_notebooks.py")
    run(nb, monkeypatch)  # raises CellExecutionError on the first failing cell


def test_a_notebook_analyses_the_store_named_by_graphbuild_db(monkeypatch, tmp_path):
    from graphbuild.build import build
    from graphbuild.graph import from_store
    from graphbuild.store import Store
    from tests.conftest import EXAMPLES

    db = tmp_path / "mine.db"
    with Store(db) as store:
        build([EXAMPLES / "01_nato_rutte.txt"], store)
        g = from_store(store)
    monkeypatch.setenv("GRAPHBUILD_DB", str(db))
    nb = run(nbformat.read(NOTEBOOKS / "02_centrality.ipynb", as_version=4), monkeypatch)
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.outputs)
    assert f"Reading the store {db}." in printed
    assert f"graph: {g.number_of_nodes()} actors, {g.number_of_edges()} edges" in printed
