"""Fixtures shared across areas: where the shared data is, and one build of the seed pages per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The project's shared/ folder: $KG_SHARED_DIR, else the checkout's sibling."""
    return Path(os.environ.get("KG_SHARED_DIR", REPO_ROOT.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if not path.is_dir():
        pytest.fail(f"shared data not found at {path}: set KG_SHARED_DIR")
    return path


@pytest.fixture(scope="session")
def seeds_dir(shared: Path) -> Path:
    return shared / "seeds"


@pytest.fixture(scope="session")
def seed_build(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Output folder of one default-mode `kg build` of the seed pages, shared by every test that reads it."""
    from kg.builder import build

    out_dir = tmp_path_factory.mktemp("seed-build")
    build([seeds_dir], out_dir)
    return out_dir


@pytest.fixture(scope="session")
def seed_graph_json(seed_build: Path) -> Path:
    return seed_build / "graph.json"
