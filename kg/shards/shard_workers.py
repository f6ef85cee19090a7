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
import pickle
import secrets
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from kg.extract.dask_engine import DaskEngine, check_workers
from kg.graph.streamed.shard_map import InProcess, Result, ShardMap, ShardStep
from kg.shards.child import die_with_parent, give_back_memory

log = logging.getLogger(__name__)

# What one shard worker holds at its peak, measured on the rows step (the larger of the two): about 200 MiB
# of its own (run buffers, a row group of papers and extractions) and 15 bytes per byte of the pickled
# inputs every worker receives (the mention ids: 2.5 MiB at 50,000 papers with a worker at 230 MiB, 48 MiB
# at a million with each of two workers at about 915 MiB; docs/scale.md). Rounded up.
WORKER_BASE_BYTES = 256 << 20
WORKER_BYTES_PER_SHARED_BYTE = 16
_shared: Any = None  # in a worker process: what every step gets (ShardProcesses)


class ShardProcesses:
    """The steps on `processes` local worker processes (spawned, so they share nothing of this one's
    memory; each receives `shared` once and dies with this process). With `fit_memory` (a count the user
    did not choose), fewer when the memory free now would not hold them all: an out-of-memory kill would
    stop the build at the same step every time it is run again."""

    def __init__(self, processes: int, *, fit_memory: bool = False) -> None:
        if processes < 1:
            raise ValueError(f"processes must be at least 1, not {processes}")
        self.processes = processes
        self.fit_memory = fit_memory

    def workers_for(self, shared: Any, shards: int) -> int:
        """How many workers a map over `shards` shards with these `shared` inputs starts."""
        workers = min(self.processes, shards)
        return _fitting_workers(workers, shared) if self.fit_memory else workers

    def map(self, step: ShardStep[Result], shared: Any, shards: Sequence[int]) -> Iterator[Result]:
        if not shards:
            return
        give_back_memory()  # what this process freed since (the entity passes' tallies) is not held beside the workers
        workers = self.workers_for(shared, len(shards))
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                   initargs=(os.getpid(), shared))
        try:
            yield from pool.map(_run_step, [step] * len(shards), shards)
        finally:  # a failed step or a caller that stops reading: the shards not yet started are not run
            pool.shutdown(wait=True, cancel_futures=True)


def available_memory() -> int | None:
    """Bytes the kernel can give new processes without swapping (Linux's MemAvailable); None where unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def workers_within_memory(wanted: int, shared_bytes: int, available: int | None) -> int:
    """At most `wanted` workers, as many as `available` bytes hold (at least one; `wanted` when unknown),
    each receiving `shared_bytes` of pickled inputs."""
    if available is None:
        return wanted
    return max(1, min(wanted, available // _worker_bytes(shared_bytes)))


def _worker_bytes(shared_bytes: int) -> int:
    return WORKER_BASE_BYTES + WORKER_BYTES_PER_SHARED_BYTE * shared_bytes


def _fitting_workers(wanted: int, shared: Any) -> int:
    shared_bytes = len(pickle.dumps(shared, protocol=pickle.HIGHEST_PROTOCOL))
    available = available_memory()
    workers = workers_within_memory(wanted, shared_bytes, available)
    if workers < wanted and available is not None:
        log.warning("the graph tables' shard steps run on %d worker process(es), not %d: %.1f GiB of memory is "
                    "free and each worker needs about %.1f GiB here (-j N chooses the count)",
                    workers, wanted, available / 2**30, _worker_bytes(shared_bytes) / 2**30)
    return workers


def _start_worker(parent: int, shared: Any) -> None:
    global _shared
    _shared = shared
    die_with_parent(parent)


def _run_step(step: ShardStep[Result], shard: int) -> Result:
    return step(_shared, shard)


@contextlib.contextmanager
def shard_map(processes: int, dask: DaskEngine | None, mode: str, gazetteer_path: Path | None,
              store_folder: Path, *, fit_memory: bool = False) -> Iterator[ShardMap]:
    """The ShardMap of a build: `dask`'s cluster (its workers checked again: the graph tables run after
    extraction, and workers may have joined since), else `processes` local processes (fewer where free
    memory is short, with `fit_memory`), else this one.
    The steps read and write `store_folder`: on a cluster whose workers do not see it at the same path
    (other hosts, no shared mount), they run on the local processes instead, with a warning."""
    local: ShardMap = ShardProcesses(processes, fit_memory=fit_memory) if processes > 1 else InProcess()
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
