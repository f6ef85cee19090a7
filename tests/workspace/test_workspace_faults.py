"""A build killed with SIGKILL at any point leaves the old good output or the new one, byte for byte, once
the next build opened the folder; a later `--update` on it is exact. A small run of
benchmarks/fault_injection.py: real SIGKILLs, at points spread over the commit and the whole build."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from kg.cli import app

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "fault_injection.py"
runner = CliRunner()


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fault_injection", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fault_injection"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


faults = _load_script()


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory):
    return faults.Scenario.prepare(tmp_path_factory.mktemp("faults"))


@pytest.mark.parametrize("update", [False, True], ids=["build", "update"])
def test_a_kill_anywhere_in_the_commit_leaves_the_old_or_the_new_output(scenario, update: bool) -> None:
    lines = faults.traced_lines(scenario, update)
    in_commit = {lines.commit + (lines.total - lines.commit) * step // 5 for step in range(6)}
    points = sorted(in_commit | {1, lines.total // 2, lines.renames + 6})
    verdicts = []
    for kill_at in points:
        work = scenario.fresh_copy("run")
        assert faults.traced_run(work, update, kill_at) is None, f"the build was not killed at line {kill_at}"
        assert scenario.torn_files(work) == [], kill_at
        verdicts.append(scenario.verdict(work))
    assert "neither" not in verdicts, dict(zip(points, verdicts))
    assert {"old", "new"} <= set(verdicts)  # the points reach both sides of the commit


def test_a_kg_build_killed_after_a_random_delay_leaves_the_old_or_the_new_output(scenario) -> None:
    counts = faults.run(scenario, seed=5, timed=2, traced=4)
    assert counts["timed neither"] == counts["traced neither"] == counts["torn"] == 0, counts


def test_an_update_on_a_folder_left_by_a_kill_mid_commit_is_exact(scenario) -> None:
    lines = faults.traced_lines(scenario, True)
    work = scenario.fresh_copy("mid-commit")
    assert faults.traced_run(work, True, lines.renames + 6) is None  # after the first rename
    manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["state"] == "committing"  # killed between the decision and the last rename

    result = runner.invoke(app, faults.build_arguments(work, update=True))
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "read 19 entries: 17 papers, 2 duplicates merged, 0 rejected; 17 already in the graph" in said
    assert faults.folder_files(work) == scenario.new


def test_a_first_build_killed_while_writing_leaves_a_folder_the_next_build_takes(scenario, tmp_path: Path) -> None:
    lines = faults.traced_lines(scenario, False)
    work = tmp_path / "first"
    work.mkdir()
    assert faults.traced_run(work, False, lines.commit // 2) is None
    left = sorted(path.name for path in work.iterdir())
    assert "manifest.json" not in left and any(name.endswith(".partial") for name in left), left

    result = runner.invoke(app, faults.build_arguments(work, update=False))
    assert result.exit_code == 0, result.output  # kg's partial files do not make the folder foreign
    assert faults.folder_files(work) == scenario.new
