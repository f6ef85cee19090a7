"""Closed option values are choices checked before any work; -v/--verbose beside -q."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

from cli_helpers import REPO, run_kg
from kg.builder import ENGINES
from kg.commands.choices import Engine, InputFormat, Mode
from kg.extract.pipeline import MODES
from kg.ingest import FORMATS


def test_choices_are_the_modes_formats_and_engines_kg_knows() -> None:
    assert get_args(Mode) == MODES
    assert get_args(InputFormat) == FORMATS
    assert get_args(Engine) == ENGINES


def test_a_wrong_mode_or_format_is_refused_naming_the_choices(tmp_path: Path) -> None:
    for option, value, choices in (("--mode", "turbo", "'default', 'fast'"), ("--format", "bibtex", "'jsonl'")):
        result = run_kg("build", REPO / "examples" / "papers.jsonl", option, value, "--out", tmp_path / "out")
        assert result.returncode == 2, result.stderr
        assert value in result.stderr and choices in result.stderr
    assert not (tmp_path / "out").exists()


def test_verbose_build_says_which_files_it_skipped(tmp_path: Path) -> None:
    sources = tmp_path / "in"
    sources.mkdir()
    (sources / "papers.jsonl").write_bytes((REPO / "examples" / "papers.jsonl").read_bytes())
    (sources / "notes.md").write_text("not a listing\n", encoding="utf-8")
    quiet = run_kg("build", sources, "--mode", "fast", "--no-html", "-q", "--out", tmp_path / "a")
    verbose = run_kg("build", sources, "--mode", "fast", "--no-html", "-v", "--out", tmp_path / "b",
                     env={"COLUMNS": "500"})  # a log line is wrapped to the terminal
    assert quiet.returncode == verbose.returncode == 0, verbose.stderr
    assert "notes.md" not in quiet.stderr
    assert f"{sources / 'notes.md'}: skipped (not a data file name)" in verbose.stderr


def test_quiet_and_verbose_together_are_refused(tmp_path: Path) -> None:
    result = run_kg("build", REPO / "examples", "-q", "-v", "--out", tmp_path / "out")
    assert result.returncode == 2 and "--quiet" in result.stderr and "--verbose" in result.stderr
