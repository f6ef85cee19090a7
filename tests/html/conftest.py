"""Fixtures for the page tests: one headless Chromium per session, where screenshots go, and the demo graph
(`kg build examples`, built once by the real pipeline)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from html_browser import chromium, chromium_paths

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "html"


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if chromium_paths() is None:
        pytest.fail("headless Chromium not installed: run scripts/install-chromium")
    with chromium() as driver:
        yield driver


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def demo_graph(tmp_path_factory):
    """The README's demo: `kg build examples --out out/demo` (~160 nodes, laid out by physics in the page)."""
    import kg

    out = tmp_path_factory.mktemp("demo")
    kg.build(ROOT / "examples", out, html=False)
    return kg.load(out / "graph.json")
