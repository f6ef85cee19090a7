"""One fast-mode build of the seed pages for the tests that read a graph, and a way to run `kg`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run_kg(*args: str | Path, cwd: Path = REPO, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m kg ARGS` in a fresh process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, **(env or {})}, timeout=600)


@pytest.fixture(scope="session")
def seeds_graph(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds-fast")
    result = run_kg("build", seeds_dir, "--mode", "fast", "--no-html", "-q", "--out", out)
    assert result.returncode == 0, result.stderr
    return out / "graph.json"
