"""Extraction on a Dask distributed cluster: `kg build --engine dask` (--scheduler ADDRESS or --workers N).

The papers go to the workers in batches (`papers_per_task`, a few tasks per worker so a slow one does
not hold the others up); each worker process builds the spaCy pipeline once (`load_extractor` is cached
per process) and sends back the Extractions packed as plain tuples (kg.extract.serialize). Results are
taken in submission order, with at most `IN_FLIGHT_PER_WORKER` batches per worker waiting, so the
extractions come back in input order, equal to the local engine's, and the client never holds every
batch at once.

A worker must extract as this machine would: every worker is asked for its kg version and resource
fingerprints (kg.extract.fingerprint) before the build reads its sources and again before batches are
sent, and each batch comes back with them too (for workers that joined since). A worker without kg, or
with another kg, gazetteer or NER model, stops the build with its address instead of hanging it or
quietly changing the graph.

`distributed` is imported only when a build asks for this engine, so the local engine never loads dask.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kg import __version__
from kg.extract.fingerprint import resource_fingerprints
from kg.extract.pipeline import PaperInput, load_extractor
from kg.extract.serialize import extraction_from_tuple, extraction_to_tuple
from kg.extract.types import Extraction

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

# Batches per worker a build is cut into (more balance the load; fewer cost less scheduling), and the
# largest batch, so a big corpus is still cut into many.
TASKS_PER_WORKER = 8
MAX_TASK_PAPERS = 1000
# Batches submitted and not yet taken back, per worker: enough that the workers done with theirs still
# have more while the client waits for the oldest one, and a bound on what the client holds.
IN_FLIGHT_PER_WORKER = 8
INSTALL_HINT = "pip install 'kg[dask]'"
# A local cluster's scheduler always serves HTTP (dashboard or health routes): on a free port of this
# host only, not the shared default 8787, so several builds (or users) on one machine do not collide.
LOCAL_DASHBOARD = "127.0.0.1:0"

Result = TypeVar("Result")
# What a worker extracts with: kg's version and the sha256 of each resource (as a sorted tuple).
WorkerMadeWith = tuple[str, tuple[tuple[str, str], ...]]


class DaskEngineError(RuntimeError):
    """The Dask engine cannot run: dask is not installed, the scheduler cannot be reached or has no
    workers, or a worker cannot import kg or extracts with other kg resources. The message says which and
    what to do, on one line."""


@dataclass(frozen=True)
class DaskEngine:
    """Where extraction runs: the running cluster whose scheduler is at `scheduler`, or else a
    LocalCluster of `workers` processes (default: one per available core) started for the build."""

    scheduler: str | None = None
    workers: int | None = None

    def __post_init__(self) -> None:
        if self.scheduler is not None and self.workers is not None:
            raise ValueError("give the Dask engine a scheduler address (a running cluster) or a number of "
                             "workers (a local one), not both")
        if self.workers is not None and self.workers < 1:
            raise ValueError("the Dask engine needs at least 1 worker")

    def check(self, mode: str, gazetteer_path: Path | None) -> None:
        """Raise DaskEngineError now if this engine cannot run (dask missing, scheduler unreachable or
        without workers, a worker without this kg or its resources), so a build fails before reading its
        sources, not after."""
        if self.scheduler is None:
            _import_distributed()  # the local cluster itself starts only for extraction, and stops after it
            return
        with self._client() as client:
            check_workers(client, mode, gazetteer_path)

    def extract(
        self, papers: Sequence[PaperInput], *, mode: str, gazetteer_path: Path | None, batch_size: int
    ) -> Iterator[Extraction]:
        """One Extraction per paper, in input order, as `Extractor.extract` gives them."""
        with self.session() as session:
            yield from session.extract(papers, mode=mode, gazetteer_path=gazetteer_path, batch_size=batch_size)

    @contextlib.contextmanager
    def session(self) -> Iterator[DaskSession]:
        """One connection to the cluster (for `workers`, one local cluster) kept for several extractions,
        such as the shards of an out-of-core build: workers keep their loaded pipelines between them."""
        with self._client() as client:
            yield DaskSession(client)

    @contextlib.contextmanager
    def _client(self) -> Iterator[Client]:
        distributed = _import_distributed()
        if self.scheduler is None:
            with local_cluster(self.workers or _available_cores()) as cluster, distributed.Client(cluster) as client:
                yield client
            return
        try:
            client = distributed.Client(self.scheduler)
        except (OSError, TimeoutError, ValueError) as error:
            raise DaskEngineError(f"cannot reach the Dask scheduler at {self.scheduler} ({error}); start one "
                                  "with `dask scheduler` and its workers with `dask worker ADDRESS`, or check "
                                  "the address") from error
        with client:
            if not client.nthreads():
                raise DaskEngineError(f"the Dask scheduler at {self.scheduler} has no workers; start them with "
                                      f"`dask worker {self.scheduler} --nthreads 1`")
            yield client


@dataclass(frozen=True)
class DaskSession:
    """A connected DaskEngine (DaskEngine.session): its extractions all run through one client."""

    client: Client

    def extract(
        self, papers: Sequence[PaperInput], *, mode: str, gazetteer_path: Path | None, batch_size: int
    ) -> Iterator[Extraction]:
        """One Extraction per paper, in input order, as `Extractor.extract` gives them; the workers are
        checked first (some may have joined since the last extraction)."""
        expected = made_with(mode, gazetteer_path)
        gazetteer = None if gazetteer_path is None else str(gazetteer_path)
        check_workers(self.client, mode, gazetteer_path)
        workers = len(self.client.nthreads())
        size = papers_per_task(len(papers), workers)
        pending: deque = deque()
        for start in range(0, len(papers), size):
            batch = list(papers[start:start + size])
            pending.append(self.client.submit(extract_batch, batch, mode, gazetteer, batch_size, pure=False))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from checked_extractions(pending.popleft().result(), expected)
        while pending:
            yield from checked_extractions(pending.popleft().result(), expected)

    def map(self, step: Callable[[Any, int], Result], shared: Any, shards: Sequence[int]) -> Iterator[Result]:
        """kg.graph.streamed.shard_map.ShardMap on the cluster: `shared` sent once to every worker, one
        task per shard, the results taken back in shard order. The steps read and write the store's
        folders, so every worker must see them at the same path (one host, or a shared mount)."""
        if not shards:
            return
        [on_workers] = self.client.scatter([shared], broadcast=True, hash=False)
        tasks = [self.client.submit(step, on_workers, shard, pure=False) for shard in shards]
        try:
            for task in tasks:
                yield task.result()
        finally:  # after a failed step, or a caller that stops reading, nothing of this map stays on the cluster
            self.client.cancel([*tasks, on_workers])


def local_cluster(workers: int) -> LocalCluster:
    """A started LocalCluster on this host of `workers` processes with one thread each, as `--workers` runs.

    Its worker processes keep glibc's default memory trimming: Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536
    before starting them, which made default-mode extraction take 15% more CPU here
    (docs/dask.md); an extraction worker's memory stays flat, so there is nothing to trim.
    """
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                            dashboard_address=LOCAL_DASHBOARD)


def papers_per_task(papers: int, workers: int) -> int:
    """Papers in one batch: TASKS_PER_WORKER batches per worker, at most MAX_TASK_PAPERS each."""
    return max(1, min(MAX_TASK_PAPERS, math.ceil(papers / (max(1, workers) * TASKS_PER_WORKER))))


def made_with(mode: str, gazetteer_path: str | Path | None) -> WorkerMadeWith:
    """kg's version and the resource fingerprints `mode` extracts with here."""
    fingerprints = resource_fingerprints(mode, Path(gazetteer_path) if gazetteer_path else None)
    return __version__, tuple(sorted(fingerprints.items()))


# A worker's threads take turns with its one pipeline: spaCy does not promise that one Language can run
# in two threads at once, and extraction holds the GIL anyway (start workers with --nthreads 1).
_pipeline_turn = threading.Lock()


def extract_batch(
    papers: list[tuple], mode: str, gazetteer_path: str | None, batch_size: int
) -> tuple[str, WorkerMadeWith, list[tuple]]:
    """Runs on a worker: (this worker's address, what it extracts with, the batch's packed Extractions)."""
    from distributed import get_worker

    with _pipeline_turn:
        extractor = load_extractor(mode, gazetteer_path)
        packed = [extraction_to_tuple(e) for e in extractor.extract(papers, batch_size=batch_size)]
    return get_worker().address, made_with(mode, gazetteer_path), packed


@contextlib.contextmanager
def _quiet_scheduler() -> Iterator[None]:
    """An in-process scheduler (--workers N) logs a failed broadcast as an ERROR of its own, beside the
    one-line error kg gives for the same failure: hold its messages back while kg asks."""
    scheduler_log = logging.getLogger("distributed.scheduler")
    was_disabled, scheduler_log.disabled = scheduler_log.disabled, True
    try:
        yield
    finally:
        scheduler_log.disabled = was_disabled


def check_workers(client: Client, mode: str, gazetteer_path: Path | None) -> None:
    """Every worker now in the cluster can import kg and extracts with what this build expects (a worker
    that cannot unpickle kg's task would otherwise fail every batch sent to it, and the build would wait
    for ever)."""
    try:
        with _quiet_scheduler():
            found = client.run(made_with, mode, None if gazetteer_path is None else str(gazetteer_path))
    except Exception as error:  # raised on a worker, sent back by Dask; the traceback stays chained
        raise DaskEngineError(f"a Dask worker cannot run kg's extraction ({error}); every worker needs the kg "
                              f"of this machine: {INSTALL_HINT}") from error
    expected = made_with(mode, gazetteer_path)
    for worker, worker_made_with in found.items():
        _same_made_with(worker, worker_made_with, expected)


def checked_extractions(
    result: tuple[str, WorkerMadeWith, list[tuple]], expected: WorkerMadeWith
) -> Iterator[Extraction]:
    """A batch's Extractions, after checking that its worker (perhaps one that joined since the build
    began) extracted with what this build expects."""
    worker, worker_made_with, packed = result
    _same_made_with(worker, worker_made_with, expected)
    return map(extraction_from_tuple, packed)


def _same_made_with(worker: str, found: WorkerMadeWith, expected: WorkerMadeWith) -> None:
    version, fingerprints = found[0], tuple(tuple(pair) for pair in found[1])  # Dask may send tuples as lists
    if (version, fingerprints) != expected:
        raise DaskEngineError(
            f"Dask worker {worker} extracts with kg {version} and resources {dict(fingerprints)}, this build "
            f"with kg {expected[0]} and {dict(expected[1])}: install the same kg (and NER model) on every worker"
        )


def _import_distributed():  # noqa: ANN202 (the module, whose type is only known with dask installed)
    try:
        import distributed
    except ImportError as error:
        raise DaskEngineError(f"the Dask engine needs dask.distributed, which is not installed: {INSTALL_HINT}") \
            from error
    return distributed


def _available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use, not the machine's
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
