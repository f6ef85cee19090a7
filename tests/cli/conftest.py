"""One fast-mode build of the seed pages for the tests that read a graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import run_kg


@pytest.fixture(scope="session")
def seeds_graph(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds-fast")
    result = run_kg("build", seeds_dir, "--mode", "fast", "--no-html", "-q", "--out", out)
    assert result.returncode == 0, result.stderr
    return out / "graph.json"
