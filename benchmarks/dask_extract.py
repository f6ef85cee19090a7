"""Extraction on Dask (kg.extract.dask_engine) against the local engine, on the same corpus in one run.

Prints, for the local engine (one process, as `kg build -j 1`) and for a Dask LocalCluster of 1 and 2
worker processes (1 thread each):
  * cold: wall time from nothing to every Extraction back, counting what `kg build` pays (the local
    pipeline's loading; the cluster's start, every worker's pipeline loading and its shutdown);
  * warm: the same papers again on a loaded pipeline / a running cluster whose workers have loaded theirs:
    the steady rate a long build runs at;
  * the ratios to the local engine measured here, and per Dask worker;
  * the projected extraction time of a larger corpus (--project, default 1,000,000 papers) on k workers
    (--project-workers), from the measured warm rate per worker, plus the measured cluster start-up.
It checks that every run returns the local engine's Extractions, in order.

The corpus is the seed papers repeated --copies times under new ids. The machine has 2 cores shared with
other jobs: the load average is printed, and 2 workers on 2 cores also share them with the client.

    .venv/bin/python benchmarks/dask_extract.py [--mode default] [--copies 4] [--project 1000000]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

from distributed import Client, LocalCluster

from kg.builder import NER_BATCH_SIZE, RULES_BATCH_SIZE
from kg.extract.dask_engine import LOCAL_DASHBOARD, DaskEngine
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
    print(f"{args.mode} mode, {count} papers ({count // args.copies} seed papers x {args.copies}); "
          f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")

    def local() -> list[Extraction]:
        return list(load_extractor(args.mode, None).extract(papers, batch_size=batch_size))

    def on_dask(engine: DaskEngine) -> Callable[[], list[Extraction]]:
        return lambda: list(engine.extract(papers, mode=args.mode, gazetteer_path=None, batch_size=batch_size))

    rows: list[tuple[str, float, float]] = []  # (engine, cold s, warm s)
    local_cold, expected = timed(local)
    local_warm, again = timed(local)
    assert again == expected
    rows.append(("local, 1 process", local_cold, local_warm))
    for workers in (1, 2):
        cold, extractions = timed(on_dask(DaskEngine(workers=workers)))
        assert extractions == expected, f"{workers} Dask workers extracted something else"
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=LOCAL_DASHBOARD) as cluster, Client(cluster) as client:
            client.run(load_pipeline, args.mode)
            warm, extractions = timed(on_dask(DaskEngine(scheduler=cluster.scheduler_address)))
        assert extractions == expected, f"{workers} Dask workers extracted something else"
        rows.append((f"dask, {workers} worker{'s' * (workers > 1)}", cold, warm))

    print(f"{'engine':18s} {'cold s':>8s} {'papers/s':>9s} {'warm s':>8s} {'papers/s':>9s} {'warm vs local':>14s}")
    for name, cold, warm in rows:
        print(f"{name:18s} {cold:8.2f} {count / cold:9.0f} {warm:8.2f} {count / warm:9.0f} "
              f"{local_warm / warm:13.2f}x")
    one_cold, one_warm = rows[1][1], rows[1][2]
    two_cold, two_warm = rows[2][1], rows[2][2]
    print(f"dask 2 workers vs 1: warm x{one_warm / two_warm:.2f}, cold x{one_cold / two_cold:.2f}")
    per_worker = max(count / one_warm, count / two_warm / 2)
    startup = max(0.0, two_cold - two_warm)
    print(f"per-worker rate (best of the 1- and 2-worker warm runs, per worker): {per_worker:.0f} papers/s; "
          f"cluster start-up and pipeline loading measured: {startup:.1f} s")
    for workers in args.project_workers:
        seconds = args.project / (per_worker * workers) + startup
        print(f"projected: {args.project:,} papers on {workers} workers: {seconds / 60:.1f} min "
              "(extraction only, workers on their own cores, linear in workers)")


if __name__ == "__main__":
    main()
