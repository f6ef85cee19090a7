"""Who runs the per-shard steps of the graph tables (kg.graph.streamed.shard_map) in an out-of-core build:
this process, local worker processes (`-j N`), or the build's Dask cluster (`--engine dask`).

The steps are the shards' entity facts (decoding the extractions) and their rows (each paper into sorted
runs): nearly all the CPU of the graph tables but the final merge, the linking and the analytics, which
need the whole corpus and stay in the process that writes the tables.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import secrets
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from kg.extract.dask_engine import DaskEngine, check_workers
from kg.graph.streamed.shard_map import InProcess, Result, ShardMap, ShardStep
from kg.shards.child import die_with_parent, give_back_memory

log = logging.getLogger(__name__)
_shared: Any = None  # in a worker process: what every step gets (ShardProcesses)


class ShardProcesses:
    """The steps on `processes` local worker processes (spawned, so they share nothing of this one's
    memory; each receives `shared` once and dies with this process)."""

    def __init__(self, processes: int) -> None:
        if processes < 1:
            raise ValueError(f"processes must be at least 1, not {processes}")
        self.processes = processes

    def map(self, step: ShardStep[Result], shared: Any, shards: Sequence[int]) -> Iterator[Result]:
        if not shards:
            return
        give_back_memory()  # what this process freed since (the entity passes' tallies) is not held beside the workers
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(min(self.processes, len(shards)), mp_context=context, initializer=_start_worker,
                                   initargs=(os.getpid(), shared))
        try:
            yield from pool.map(_run_step, [step] * len(shards), shards)
        finally:  # a failed step or a caller that stops reading: the shards not yet started are not run
            pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(parent: int, shared: Any) -> None:
    global _shared
    _shared = shared
    die_with_parent(parent)


def _run_step(step: ShardStep[Result], shard: int) -> Result:
    return step(_shared, shard)


@contextlib.contextmanager
def shard_map(processes: int, dask: DaskEngine | None, mode: str, gazetteer_path: Path | None,
              store_folder: Path) -> Iterator[ShardMap]:
    """The ShardMap of a build: `dask`'s cluster (its workers checked again: the graph tables run after
    extraction, and workers may have joined since), else `processes` local processes, else this one.
    The steps read and write `store_folder`: on a cluster whose workers do not see it at the same path
    (other hosts, no shared mount), they run on the local processes instead, with a warning."""
    local: ShardMap = ShardProcesses(processes) if processes > 1 else InProcess()
    if dask is None:
        yield local
        return
    with dask.session() as session:
        check_workers(session.client, mode, gazetteer_path)
        blind = workers_not_seeing(session.client, store_folder)
        if blind:
            log.warning("Dask workers %s do not see the shard store %s: the graph tables' shard steps run on "
                        "%d local process(es) instead (put the store on a mount every worker sees at the same "
                        "path to run them on the cluster)", ", ".join(blind), store_folder, processes)
            yield local
        else:
            yield session


def workers_not_seeing(client: Any, folder: Path) -> list[str]:
    """The workers of `client`'s cluster that do not read a file this process writes into `folder` (a
    distributed.Client; a cluster of other hosts without a shared mount)."""
    token = secrets.token_hex(16)
    path = folder / f".kg-seen-{token}"
    _place_token(path, token)
    try:
        found = client.run(_read_token, str(path))
    finally:
        path.unlink(missing_ok=True)
    return sorted(worker for worker, text in found.items() if text != token)


def _place_token(path: Path, token: str) -> None:
    path.write_text(token, encoding="utf-8")


def _read_token(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return None
