"""Extraction on Dask (kg.extract.dask_engine) against the local engine, on the same corpus in one run.

Prints, for the local engine (one process, as `kg build -j 1`) and for a Dask LocalCluster of 1 and 2
worker processes (1 thread each):
  * cold: wall time from nothing to every Extraction back, counting what `kg build` pays (the local
    pipeline's loading; the cluster's start, every worker's pipeline loading and its shutdown);
  * warm: the same pass with the pipelines already loaded (the papers still new to every process, so no
    tokenizer cache favours one engine): the steady rate of a long build;
  * the ratio of warm wall times to the local engine's;
  * papers per CPU-second of the extracting processes (this one, or the workers; robust to other jobs on
    the machine), the CPU the client and scheduler (one process here) spend per paper, and the largest
    worker's peak RSS;
  * the projected extraction time of a larger corpus (--project, default 1,000,000 papers) on k workers
    (--project-workers) with a core each, from the measured rate per worker CPU-second, plus the measured
    cluster start-up; at most as fast as the client and scheduler can take papers back at the CPU per
    paper measured (an overestimate of their cost: it includes their idle ticking).
It checks that every run returns the local engine's Extractions, in order.

The corpus is the seed entries repeated --copies times under new ids. The machine has 2 cores shared with
other jobs: the load average is printed, and 2 workers on 2 cores also share them with the client.

    .venv/bin/python benchmarks/dask_extract.py [--mode default] [--copies 4] [--project 1000000]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from distributed import Client

from kg.builder import NER_BATCH_SIZE, RULES_BATCH_SIZE
from kg.extract.dask_engine import DaskEngine, local_cluster
from kg.extract.pipeline import load_extractor
from kg.extract.types import Extraction
from kg.ingest import read_sources
from kg.records import PaperRecord

Papers = list[tuple[str, str, str, list[str]]]


def corpus(copies: int) -> Papers:
    shared = Path(os.environ.get("KG_SHARED_DIR", Path(__file__).resolve().parents[1] / ".." / "shared"))
    records = [r for r in read_sources([shared / "seeds"]) if isinstance(r, PaperRecord)]
    return [(f"seed:{n}#{copy}", r.title, r.abstract, list(r.links))
            for copy in range(copies) for n, r in enumerate(records)]


def timed(run: Callable[[], list[Extraction]]) -> tuple[float, list[Extraction]]:
    start = time.perf_counter()
    extractions = run()
    return time.perf_counter() - start, extractions


def load_pipeline(mode: str) -> None:
    """Run on every worker before the warm pass, so that pass finds each worker's pipeline loaded."""
    load_extractor(mode, None)


def peak_rss_mib() -> float:
    """This process's peak resident memory (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time (user + system) this process has used: rates per CPU-second hold on a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Run:
    name: str
    cold: float  # wall s from nothing, start-up and loading included
    warm: float  # wall s with every pipeline loaded
    extract_cpu: float  # CPU s of the extracting processes (this one, or the workers) in the warm pass
    client_cpu: float  # CPU s of this process in the warm pass (for Dask: client and scheduler)
    worker_rss: float | None = None  # MiB, the largest worker's peak


def measure_local(papers: Papers, mode: str, batch_size: int) -> tuple[Run, list[Extraction]]:
    """One pass of the local engine: loading its pipeline (cold only), then the papers, seen for the first time
    in this process as they are by the Dask workers."""
    loading, _ = timed(lambda: load_extractor(mode, None))
    before = cpu_seconds()
    warm, expected = timed(lambda: list(load_extractor(mode, None).extract(papers, batch_size=batch_size)))
    cpu = cpu_seconds() - before
    return Run("local, 1 process", loading + warm, warm, cpu, cpu), expected


def measure_dask(workers: int, papers: Papers, mode: str, batch_size: int, expected: list[Extraction]) -> Run:
    def run(engine: DaskEngine) -> Callable[[], list[Extraction]]:
        return lambda: list(engine.extract(papers, mode=mode, gazetteer_path=None, batch_size=batch_size))

    cold, extractions = timed(run(DaskEngine(workers=workers)))  # as `kg build --engine dask --workers N`
    assert extractions == expected, f"{workers} Dask workers extracted something else"
    with local_cluster(workers) as cluster, Client(cluster) as client:
        client.run(load_pipeline, mode)
        workers_before, client_before = sum(client.run(cpu_seconds).values()), cpu_seconds()
        warm, extractions = timed(run(DaskEngine(scheduler=cluster.scheduler_address)))
        client_cpu = cpu_seconds() - client_before
        extract_cpu = sum(client.run(cpu_seconds).values()) - workers_before
        worker_rss = max(client.run(peak_rss_mib).values())
    assert extractions == expected, f"{workers} Dask workers extracted something else"
    return Run(f"dask, {workers} worker{'s' * (workers > 1)}", cold, warm, extract_cpu, client_cpu, worker_rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("default", "fast"), default="default")
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--project", type=int, default=1_000_000, help="papers in the projected corpus")
    parser.add_argument("--project-workers", type=int, nargs="+", default=[2, 8, 32])
    args = parser.parse_args()
    papers = corpus(args.copies)
    batch_size = NER_BATCH_SIZE if args.mode == "default" else RULES_BATCH_SIZE
    count = len(papers)
    print(f"{args.mode} mode, {count} papers ({count // args.copies} seed entries x {args.copies}); "
          f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores", flush=True)

    local, expected = measure_local(papers, args.mode, batch_size)
    runs = [local] + [measure_dask(workers, papers, args.mode, batch_size, expected) for workers in (1, 2)]
    print(f"{'engine':17s} {'cold s':>7s} {'papers/s':>9s} {'warm s':>7s} {'papers/s':>9s} {'vs local':>8s} "
          f"{'papers/extract-CPU-s':>21s} {'client CPU ms/paper':>20s} {'worker RSS':>10s}")
    for run in runs:
        rss = f"{run.worker_rss:7.0f} MiB" if run.worker_rss is not None else f"{'-':>10s}"
        print(f"{run.name:17s} {run.cold:7.2f} {count / run.cold:9.1f} {run.warm:7.2f} {count / run.warm:9.1f} "
              f"{local.warm / run.warm:7.2f}x {count / run.extract_cpu:21.1f} "
              f"{run.client_cpu / count * 1000:20.2f} {rss}")
    one, two = runs[1], runs[2]
    print(f"dask 2 workers vs 1: warm x{one.warm / two.warm:.2f}, cold x{one.cold / two.cold:.2f}; "
          f"load average now {os.getloadavg()[0]:.2f}")
    per_worker = count / two.extract_cpu  # papers per CPU-second of a worker: its rate on a core of its own
    startup = max(0.0, two.cold - two.warm)
    print(f"per worker: {per_worker:.1f} papers per CPU-second (the rate of a worker on its own core), "
          f"{count / two.warm / 2:.1f} papers/s of wall time here; start-up (cluster, pipelines, shutdown) "
          f"{startup:.1f} s; client and scheduler busy {two.client_cpu / two.warm:.0%} of one core meanwhile")
    feed = count / two.client_cpu  # papers per second one client (here with the scheduler) can take back
    for workers in args.project_workers:
        rate = min(per_worker * workers, feed)
        print(f"projected: {args.project:,} papers on {workers} workers, one core each: "
              f"{(args.project / rate + startup) / 60:.1f} min of extraction"
              + (f" (bound by the client at {feed:.0f} papers/s)" if rate == feed else ""))


if __name__ == "__main__":
    main()
