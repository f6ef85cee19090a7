"""Which ShardMap an out-of-core build's graph tables get: the Dask cluster when its workers see the shard
store, else local processes (with a warning), else this process. A real LocalCluster of 2 workers."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import kg.shards.shard_workers as shard_workers
from kg.extract.dask_engine import DaskEngine, DaskSession
from kg.graph.streamed.shard_map import InProcess
from kg.shards.shard_workers import ShardProcesses, shard_map, workers_not_seeing


def _elsewhere(path: Path, token: str) -> None:
    """Put the token where no worker looks: a store the workers' hosts do not mount."""
    path.with_name(path.name + "-elsewhere").write_text(token, encoding="utf-8")


def test_without_dask_the_steps_run_on_processes_or_here(tmp_path: Path) -> None:
    with shard_map(2, None, "fast", None, tmp_path) as steps:
        assert isinstance(steps, ShardProcesses) and steps.processes == 2
    with shard_map(1, None, "fast", None, tmp_path) as steps:
        assert isinstance(steps, InProcess)


def test_the_steps_run_on_a_cluster_whose_workers_see_the_store_and_else_here(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    with shard_map(2, DaskEngine(workers=2), "fast", None, tmp_path) as steps:
        assert isinstance(steps, DaskSession)
        assert workers_not_seeing(steps.client, tmp_path) == []
        monkeypatch.setattr(shard_workers, "_place_token", _elsewhere)
        assert len(workers_not_seeing(steps.client, tmp_path)) == 2
    with caplog.at_level(logging.WARNING), shard_map(2, DaskEngine(workers=2), "fast", None, tmp_path) as steps:
        assert isinstance(steps, ShardProcesses)
    assert "do not see the shard store" in caplog.text
    assert all(path.name.endswith("-elsewhere") for path in tmp_path.iterdir())  # no token of kg's left in the store
