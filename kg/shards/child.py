"""The corpus-wide steps of an out-of-core build, each in a process of its own.

Python and its allocators keep much of what a step freed, so the graph tables and the page each run in
a fresh process started for them, which gives all its memory back when it ends: no step carries what
the ones before it left behind (at a million papers the build's own process stays at 0.6-0.8 GB while
they run, docs/scale.md). The child dies with the build (Linux: PR_SET_PDEATHSIG), so a killed build
leaves no process writing into its store.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.queues import SimpleQueue
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kg.graph.progress import StageProgress

if TYPE_CHECKING:
    from kg.extract.dask_engine import DaskEngine

log = logging.getLogger(__name__)
Result = TypeVar("Result")
_PR_SET_PDEATHSIG = 1
_reports: SimpleQueue | None = None  # in a child: where report_progress puts its reports


def in_child(function: Callable[..., Result], *args: Any, progress: StageProgress | None = None) -> Result:
    """`function(*args)` run in a new process (spawned: nothing of this one's memory is copied); its
    exception, if any, raised here. This process first gives back to the system what it has freed.
    With `progress`, what the child reports through `report_progress` reaches it here, in order."""
    give_back_memory()
    context = multiprocessing.get_context("spawn")
    reports = context.SimpleQueue() if progress is not None else None
    relay = None
    if reports is not None:
        relay = threading.Thread(target=_relay, args=(reports, progress), daemon=True)
        relay.start()
    try:
        with ProcessPoolExecutor(1, mp_context=context, initializer=_start_child,
                                 initargs=(os.getpid(), reports)) as pool:
            return pool.submit(function, *args).result()
    finally:
        if relay is not None:
            reports.put(None)  # after everything the child put: the pipe keeps the order
            relay.join()


def report_progress(stage: str, done: int, total: int | None) -> None:
    """In a child in_child started with a progress hook: pass (stage, done, total) to it; else nothing."""
    if _reports is not None:
        _reports.put((stage, done, total))


def _relay(reports: SimpleQueue, progress: StageProgress) -> None:
    """Hand the child's reports to `progress` until in_child's end mark. A hook that raises is told no more,
    but the reports are still drained: a full pipe would block the child, and the build with it."""
    working = True
    while (report := reports.get()) is not None:
        if working:
            try:
                progress(*report)
            except Exception:  # a display hook's failure must not stop the build
                log.warning("the progress hook failed; no more progress is shown for this step", exc_info=True)
                working = False


def give_back_memory() -> None:
    """Return freed heap pages to the system (glibc's malloc_trim; elsewhere nothing is done)."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _start_child(parent: int, reports: SimpleQueue | None) -> None:
    global _reports
    _reports = reports
    die_with_parent(parent)


def die_with_parent(parent: int) -> None:
    """End this process when `parent` ends (Linux), so no worker of a killed build writes on."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: a killed build's child ends with its step
        return
    if os.getppid() != parent:  # the build died before the call above took effect
        os._exit(1)


def graph_tables(store_folder: Path, shard_size: int, gazetteer_path: Path | None, nodes: Path, edges: Path,
                 graph_attrs: dict[str, Any], work_dir: Path, processes: int | None,
                 dask: DaskEngine | None) -> tuple[dict[str, int], dict[str, int]]:
    """kg.graph.streamed.write_graph_tables of the store, for in_child; its per-shard steps on `dask`'s
    cluster, else on up to `processes` local processes (None: one per core, as many as free memory holds);
    its two tables written at once (kg.shards.spawned_pair) unless one process was asked for."""
    from kg.builder import available_processes
    from kg.extract.gazetteer import load_gazetteer
    from kg.graph.streamed.graph_tables import write_graph_tables
    from kg.graph.streamed.pair import one_after_the_other
    from kg.shards.shard_workers import shard_map
    from kg.shards.spawned_pair import spawned_pair
    from kg.shards.store import ShardStore

    store = ShardStore(store_folder, shard_size)
    wanted = processes if processes is not None else available_processes()
    with shard_map(min(wanted, store.shard_count()), dask, str(graph_attrs["mode"]), gazetteer_path,
                   store.folder, fit_memory=processes is None) as steps:
        return write_graph_tables(store, load_gazetteer(gazetteer_path), nodes, edges, graph_attrs=graph_attrs,
                                  work_dir=work_dir, progress=report_progress, shard_map=steps,
                                  run_pair=spawned_pair if wanted > 1 or dask is not None else one_after_the_other)


def overview(nodes: Path, edges: Path, page: Path) -> None:
    """kg.export.html.overview.write_overview of the tables, for in_child."""
    from kg.export.html.overview import write_overview

    write_overview(nodes, edges, page, progress=report_progress)
