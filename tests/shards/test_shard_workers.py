"""Which ShardMap an out-of-core build's graph tables get: the Dask cluster when its workers see the shard
store, else local processes (with a warning), else this process. A real LocalCluster of 2 workers."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import kg.shards.shard_workers as shard_workers
from kg.extract.dask_engine import DaskEngine, DaskSession
from kg.graph.streamed.shard_map import InProcess
from kg.shards.shard_workers import (
    WORKER_BASE_BYTES, ShardProcesses, available_memory, shard_map, workers_not_seeing, workers_within_memory,
)


def _elsewhere(path: Path, token: str) -> None:
    """Put the token where no worker looks: a store the workers' hosts do not mount."""
    path.with_name(path.name + "-elsewhere").write_text(token, encoding="utf-8")


def test_without_dask_the_steps_run_on_processes_or_here(tmp_path: Path) -> None:
    with shard_map(2, None, "fast", None, tmp_path) as steps:
        assert isinstance(steps, ShardProcesses) and steps.processes == 2 and not steps.fit_memory
    with shard_map(2, None, "fast", None, tmp_path, fit_memory=True) as steps:
        assert isinstance(steps, ShardProcesses) and steps.fit_memory
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


MIB = 1 << 20


def test_workers_are_as_many_as_free_memory_holds() -> None:
    # Each worker: WORKER_BASE_BYTES (256 MiB) and 16 bytes per byte of shared inputs (48 MiB: 768 MiB).
    shared = 48 * MIB
    assert workers_within_memory(4, shared, 8 * 1024 * MIB) == 4
    assert workers_within_memory(4, shared, 2 * 1024 * MIB + 1) == 2
    assert workers_within_memory(4, shared, 100 * MIB) == 1  # one always runs
    assert workers_within_memory(4, shared, None) == 4  # unknown: as asked
    assert workers_within_memory(3, 0, 3 * WORKER_BASE_BYTES) == 3


def test_this_machine_says_how_much_memory_is_free() -> None:
    free = available_memory()
    assert free is not None and 0 < free < 1 << 50


def test_a_worker_count_kg_chose_shrinks_to_free_memory_with_a_warning_and_a_chosen_one_does_not(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    shared = b"x" * (4 * MIB)  # a worker then needs 256 + 64 MiB
    monkeypatch.setattr(shard_workers, "available_memory", lambda: 700 * MIB)  # a small machine's free memory
    with caplog.at_level(logging.WARNING):
        assert ShardProcesses(4, fit_memory=True).workers_for(shared, shards=10) == 2
    assert "run on 2 worker process(es), not 4" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert ShardProcesses(4).workers_for(shared, shards=10) == 4  # -j 4: the user's count
        assert ShardProcesses(4, fit_memory=True).workers_for(shared, shards=1) == 1  # one shard, one worker
    assert caplog.text == ""
