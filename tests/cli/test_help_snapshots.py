"""Every command's help, as plain text, against the snapshot in tests/cli/help/.

A change to an option or a docstring shows up here as a diff to review; after checking it, refresh
the files with `KG_UPDATE_HELP=1 .venv/bin/pytest tests/cli/test_help_snapshots.py`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli_helpers import REPO
from kg.cli import COMMANDS, app, load_command

SNAPSHOTS = Path(__file__).parent / "help"
UPDATE = os.environ.get("KG_UPDATE_HELP") == "1"


def command_paths() -> Iterator[tuple[str, ...]]:
    """(), then every command and sub-command as the words that name it."""
    yield ()
    for name in COMMANDS:
        yield (name,)
        command = load_command(name)
        for sub in getattr(command, "commands", {}):
            yield (name, sub)


PATHS = list(command_paths())


def help_text(words: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", "100")  # help wraps to the terminal: one width for every snapshot
    result = CliRunner().invoke(app, [*words, "--help"], prog_name="kg")
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("words", PATHS, ids=[" ".join(("kg", *words)) for words in PATHS])
def test_help_matches_its_snapshot(words: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    text = help_text(words, monkeypatch)
    assert str(REPO) not in text, "a default shown as an absolute path differs in every checkout"
    snapshot = SNAPSHOTS / ("_".join(("kg", *words)) + ".txt")
    if UPDATE:
        snapshot.write_text(text, encoding="utf-8")
    assert snapshot.exists(), f"no snapshot {snapshot.name}: run with KG_UPDATE_HELP=1 and review it"
    assert text == snapshot.read_text(encoding="utf-8"), f"help of {' '.join(words)} changed: see the module docstring"


def test_no_snapshot_is_left_over() -> None:
    expected = {"_".join(("kg", *words)) + ".txt" for words in PATHS}
    assert {path.name for path in SNAPSHOTS.glob("*.txt")} == expected


def test_help_is_plain_text_with_brackets_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    hf_daily = help_text(("fetch", "hf-daily"), monkeypatch)
    assert "[default: hf-daily-DATE.json]" in " ".join(hf_daily.split())
    push = help_text(("neo4j", "push"), monkeypatch)
    assert "\x1b" not in push and "╭" not in push
    push = " ".join(push.split())
    for variable in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        assert f"[env var: {variable}]" in push
    assert "bolt://localhost:7687" in push
