"""Fixtures for the page tests: one headless Chromium per session, and where screenshots go."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from html_browser import chromium, chromium_paths

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "html"


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
