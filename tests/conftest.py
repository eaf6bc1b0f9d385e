"""Shared fixtures: paths to the sample corpus and to ../shared/data (skip when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"real data not found at {SHARED} (../shared/data is absent)")
    return SHARED


@pytest.fixture(scope="session")
def extractor():
    from graphbuild.extract import Extractor

    return Extractor()
