"""Counts read as English, examples are marked as examples, and a table never hides list items silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import REPO, run_kg
from kg.commands.neo4j import LIST_CELL_ITEMS, cell_text
from kg.commands.output import plural
from kg.queries import QueryError, load_query


def test_plural() -> None:
    assert [plural(n, "paper") for n in (0, 1, 2)] == ["0 papers", "1 paper", "2 papers"]
    assert plural(1, "entry", "entries") == "1 entry" and plural(3, "entry", "entries") == "3 entries"


def test_a_one_paper_build_says_one_paper(tmp_path: Path) -> None:
    one = tmp_path / "one.jsonl"
    one.write_text((REPO / "examples" / "papers.jsonl").read_text(encoding="utf-8").splitlines()[0] + "\n")
    result = run_kg("build", one, "--mode", "fast", "--no-html", "-q", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("read 1 entry: 1 paper, 0 duplicates merged, 0 rejected\n")
    assert "extracted entities from 1 paper\n" in result.stdout


def test_a_wrong_parameter_type_is_named_in_words() -> None:
    with pytest.raises(QueryError, match="'limit' needs an integer, got 'ten'"):
        load_query("top_methods").parameters({"limit": "ten"})


def test_queries_mark_examples_as_examples() -> None:
    result = run_kg("neo4j", "queries", env={"COLUMNS": "250"})
    assert result.returncode == 0, result.stderr
    assert "community (required, e.g. 0)" in result.stdout and "community=0" not in result.stdout
    assert "limit=25" in result.stdout and "(required)" not in result.stdout


def test_a_long_list_cell_says_how_many_it_holds() -> None:
    titles = [f"Paper {n}" for n in range(1, 13)]
    assert cell_text(titles[:LIST_CELL_ITEMS]) == ", ".join(titles[:LIST_CELL_ITEMS])
    shown = cell_text(titles)
    assert shown.startswith("Paper 1, Paper 2") and "Paper 6" not in shown and "12 in all" in shown
