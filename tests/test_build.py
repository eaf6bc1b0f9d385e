"""The build's fingerprint: what makes a stored article stale."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from graphbuild.build import build, extractor_version
from graphbuild.store import Store
from tests.conftest import EXAMPLES

META = {"lang": "en", "name": "core_web_sm", "version": "3.8.0"}


def package_copy(tmp_path: Path) -> Path:
    root = tmp_path / "graphbuild"
    shutil.copytree(Path(str(resources.files("graphbuild"))), root,
                    ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_fingerprint_follows_extraction_code_data_and_model(tmp_path):
    root = package_copy(tmp_path)
    before = extractor_version(META, root)
    assert extractor_version(META, root) == before  # deterministic
    (root / "export" / "html.py").write_text("# not extraction\n")
    assert extractor_version(META, root) == before
    for changed in ("extract/relations.py", "extract/patterns/backs.json",
                    "extract/data/roles.yaml"):
        path = root / changed
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert extractor_version(META, root) != before, changed
        path.write_bytes(original)
    assert extractor_version(META, root) == before
    assert extractor_version({**META, "version": "3.8.1"}, root) != before


def test_a_new_extractor_re_extracts_stored_articles(tmp_path, extractor, monkeypatch):
    inputs = [EXAMPLES / "01_nato_rutte.txt"]
    with Store(tmp_path / "g.db") as store:
        assert build(inputs, store, extractor=extractor).stored == 1
        assert build(inputs, store, extractor=extractor).skipped == 1
        monkeypatch.setattr("graphbuild.build.__version__", "99.0")  # an upgraded graphbuild
        report = build(inputs, store, extractor=extractor)
    assert (report.stored, report.skipped) == (1, 0)
