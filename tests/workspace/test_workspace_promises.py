"""The README's table "What kg promises" names, for each promise, the test that keeps it: each must exist."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _named_tests() -> list[tuple[str, str]]:
    """(test file, test name) for every `tests/...py::name` or `::name` (same file as before) in the table."""
    readme = REPO.joinpath("README.md").read_text(encoding="utf-8")
    table = readme.split("## What kg promises", 1)[1].split("\n## ", 1)[0]
    named = []
    for row in (line for line in table.splitlines() if line.startswith("| ") and "::" in line):
        current = None
        for path, name in re.findall(r"`(tests/[\w/]+\.py)?::(\w+)`", row):
            current = path or current
            assert current is not None, row
            named.append((current, name))
    return named


def test_every_promise_names_a_test_that_exists() -> None:
    named = _named_tests()
    assert len(named) >= 20
    missing = [f"{path}::{name}" for path, name in named
               if not re.search(rf"^def {name}\(", REPO.joinpath(path).read_text(encoding="utf-8"), re.MULTILINE)]
    assert missing == []
