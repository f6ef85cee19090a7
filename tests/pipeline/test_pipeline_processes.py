"""Extraction processes: two give the same graph as one; small inputs are not split across workers."""

from __future__ import annotations

from pathlib import Path

from kg.builder import AUTO_PARALLEL_MIN_PAPERS, auto_processes, build


def test_two_processes_build_the_same_graph_as_one(seeds_dir: Path, tmp_path: Path) -> None:
    one = build([seeds_dir], tmp_path / "one", mode="fast", html=False, n_process=1)
    two = build([seeds_dir], tmp_path / "two", mode="fast", html=False, n_process=2)
    assert one.papers == two.papers > 400
    for name in ("graph.json", "extractions.jsonl", "summary.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_small_inputs_stay_in_one_process() -> None:
    assert auto_processes(0) == auto_processes(AUTO_PARALLEL_MIN_PAPERS - 1) == 1
    assert 1 <= auto_processes(AUTO_PARALLEL_MIN_PAPERS) <= 4
