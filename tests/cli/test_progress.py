"""Progress: each build stage has its own bar that completes; the extraction bar shows a rate and an ETA."""

from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from cli_helpers import REPO, run_kg
from kg.builder import build
from kg.commands.progress import RateColumn

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def test_builder_reports_model_loading_and_a_complete_ingest(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int | None]] = []
    build([REPO / "examples" / "papers.jsonl"], tmp_path / "out", mode="fast", html=False,
          progress=lambda stage, done, total: calls.append((stage, done, total)))
    stages = list(dict.fromkeys(stage for stage, _, _ in calls))
    assert stages == ["ingest", "load model", "extract", "link", "write"]
    last = {stage: (done, total) for stage, done, total in calls}
    assert last["ingest"] == (14, 14) and last["extract"] == (14, 14) and last["load model"] == (1, 1)


def test_build_on_a_terminal_draws_every_stage_to_its_end(tmp_path: Path) -> None:
    result = run_kg("build", REPO / "examples" / "papers.jsonl", "--mode", "fast", "--no-html", "--out", tmp_path,
                    env={"FORCE_COLOR": "1", "TTY_INTERACTIVE": "1", "COLUMNS": "150"})
    assert result.returncode == 0, result.stderr
    frames = {line.strip() for line in re.split(r"[\r\n]", ANSI.sub("", result.stderr)) if line.strip()}
    for stage, count in (("ingest", "14/14"), ("load model", "1/1"), ("extract", "14/14")):
        assert any(frame.lstrip("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ ").startswith(stage) and count in frame for frame in frames), stage
    assert any(frame.startswith("extract") and re.search(r"\d/s", frame) for frame in frames)


def test_rate_column_shows_the_rate_and_the_time_left() -> None:
    now = [0.0]
    progress = Progress(get_time=lambda: now[0], console=Console(force_terminal=False))
    task_id = progress.add_task("extract", total=100)
    for _ in range(4):
        now[0] += 1.0
        progress.advance(task_id, 5)
    text = RateColumn().render(progress.tasks[0]).plain
    assert text == "5.0/s, ETA 0:00:16"
    progress.update(task_id, completed=100)
    assert "ETA" not in RateColumn().render(progress.tasks[0]).plain
