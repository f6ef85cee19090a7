"""Sharded extraction (kg.shards.extract.extract_shards) on the local engine and on a Dask LocalCluster,
on the same store in one run, with a projection to a larger corpus on k workers.

The corpus is N generated papers (benchmarks/corpus_generator.py, seeded; kept in --work and reused),
ingested once into a store of --shards shards (kg.shards.ingest); each run extracts a fresh copy of that
store in fast mode, in a child process:
  * local, 1 process, and local, 2 processes (spaCy's n_process, as `kg build -j 2`);
  * Dask, a LocalCluster of --workers worker processes (1 thread each) started in the child, which holds
    the client and the in-process scheduler; extract_shards gets DaskEngine(scheduler=its address).
Printed per run: wall s (the Dask run's cluster start and pipeline loading included; its start alone
beside), CPU s (user + sys) of the whole child tree from wait4, the client's own CPU s and peak RSS
(getrusage of the child: for Dask, client and scheduler), the peak RSS of the largest process of the tree
(wait4), and papers per CPU-s of the extracting processes (the one process; the 2 local processes
together; for Dask, per worker CPU-s: each worker's getrusage, pipeline loading included). The extraction
shard files of the three runs are checked byte-identical.

Projection (--project papers, default 1,000,000, on --project-workers k): the measured Dask run's rate
per worker CPU-second times k (a core each), capped by the rate the client and scheduler took papers
back at (papers per CPU-s of the client process during extract_shards: an overestimate of their cost,
idle ticking included), plus the measured cluster start; against one local process and 2 local
processes at their rates per CPU-s (the whole child tree's CPU) times their process count, and at their
measured wall rates.
The machine has 2 cores shared with other jobs: the load average is printed.

    nice -n 10 .venv/bin/python benchmarks/dask_shards.py --work /tmp/kg-dask-shards --papers 20000 --shards 4
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import Run, run_child  # noqa: E402
from scale_build import make_corpus  # noqa: E402

THIS = str(Path(__file__).resolve())


def own_usage() -> dict[str, float]:
    """This process's CPU s (user + sys) and peak RSS MiB (Linux reports ru_maxrss in KiB)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024}


def child(step: str, folder: Path, shard_size: int, count: int) -> dict[str, object]:
    """One measured step in this (child) process: `ingest` (sources from argv), `local` (count processes)
    or `dask` (a LocalCluster of count workers)."""
    from kg.shards.extract import extract_shards
    from kg.shards.store import ShardStore

    store = ShardStore(folder, shard_size)
    if step == "local":
        counts = extract_shards(store, mode="fast", n_process=count)
        return {"extracted": counts.extracted, **own_usage()}
    from distributed import Client

    from kg.extract.dask_engine import DaskEngine, local_cluster

    started = time.perf_counter()
    with local_cluster(count) as cluster, Client(cluster) as client:
        cluster_start = time.perf_counter() - started
        client_before = own_usage()["cpu"]
        counts = extract_shards(store, mode="fast", dask=DaskEngine(scheduler=cluster.scheduler_address))
        client_extract_cpu = own_usage()["cpu"] - client_before
        workers = client.run(own_usage)
    return {"extracted": counts.extracted, "cluster_start": cluster_start, **own_usage(),
            "client_extract_cpu": client_extract_cpu,
            "worker_cpu": [usage["cpu"] for usage in workers.values()],
            "worker_rss_mib": max(usage["rss_mib"] for usage in workers.values())}


def measured(step: str, *args: object) -> tuple[Run, dict]:
    run = run_child([sys.executable, THIS, "--child", step, *map(str, args)])
    return run, json.loads(run.stdout.strip().splitlines()[-1])


def fresh_copy(template: Path, folder: Path) -> Path:
    """The ingested store with no extraction yet, copied (an earlier run's store is removed first)."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(template, folder)
    return folder


def extraction_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("extractions-*.parquet"))}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        step, *rest = sys.argv[2:]
        if step == "ingest":
            from kg.shards.ingest import ingest
            from kg.shards.store import ShardStore

            *sources, folder, shard_size = rest
            print(json.dumps({"papers": ingest(sources, ShardStore(Path(folder), int(shard_size))).papers}))
        else:
            print(json.dumps(child(step, Path(rest[0]), int(rest[1]), int(rest[2]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=20_000)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--project", type=int, default=1_000_000)
    parser.add_argument("--project-workers", type=int, nargs="+", default=[2, 8, 32])
    parser.add_argument("--work", type=Path, required=True, help="folder for the corpus (kept) and the stores")
    args = parser.parse_args()
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    print(f"load average at start: {' '.join(f'{load:.2f}' for load in os.getloadavg())}", flush=True)
    corpus = make_corpus(work / f"corpus-{args.papers}-{args.seed}.jsonl", args.papers, args.seed, False)
    shard_size = -(-args.papers // args.shards)
    template = work / "ingested"
    shutil.rmtree(template, ignore_errors=True)
    _, ingested = measured("ingest", corpus, template, shard_size)
    papers = ingested["papers"]

    runs: dict[str, tuple[Run, dict]] = {}
    for name, step, count in (("local, 1 process", "local", 1), ("local, 2 processes", "local", 2),
                              (f"Dask, {args.workers} workers", "dask", args.workers)):
        folder = fresh_copy(template, work / f"store-{step}-{count}")
        runs[name] = measured(step, folder, shard_size, count)
        runs[name][1]["bytes"] = extraction_bytes(folder)
        assert runs[name][1]["extracted"] == papers, (name, runs[name][1]["extracted"])
        print(f"{name}: {runs[name][0].wall:.1f} s wall", flush=True)
    first = next(iter(runs.values()))[1]["bytes"]
    assert all(figures["bytes"] == first for _, figures in runs.values()), "the extraction shards differ"

    print(f"\n{papers:,} papers in {args.shards} shards, fast mode; extraction shard files byte-identical in all "
          "runs\n")
    print("| run | wall s | CPU s (tree) | client CPU s | client peak MiB | largest process MiB | papers/s "
          "| papers per extracting CPU-s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, (run, figures) in runs.items():
        extracting_cpu = sum(figures["worker_cpu"]) if "worker_cpu" in figures else run.cpu
        note = f" (cluster start {figures['cluster_start']:.1f} s)" if "cluster_start" in figures else ""
        print(f"| {name}{note} | {run.wall:.1f} | {run.cpu:.1f} | {figures['cpu']:.1f} | {figures['rss_mib']:,.0f} | "
              f"{run.max_rss_mib:,.0f} | {papers / run.wall:,.0f} | {papers / extracting_cpu:,.0f} |")

    one, two = runs["local, 1 process"][0], runs["local, 2 processes"][0]
    dask_run, dask_figures = runs[f"Dask, {args.workers} workers"]
    per_worker = papers / sum(dask_figures["worker_cpu"])
    client_rate = papers / dask_figures["client_extract_cpu"]
    print(f"\nwall vs local 1 process: 2 processes x{one.wall / two.wall:.2f}, Dask x{one.wall / dask_run.wall:.2f}")
    client_ms = 1000 * dask_figures["client_extract_cpu"] / papers
    print(f"Dask: {per_worker:,.0f} papers per worker CPU-s; client + scheduler {client_ms:.2f} CPU-ms per paper "
          f"while extracting (at most {client_rate:,.0f} papers/s); worker peak RSS {dask_figures['worker_rss_mib']:,.0f} MiB")
    print(f"\nprojected extraction of {args.project:,} papers (fast mode), a core per process or worker, from the "
          f"rates per CPU-s (at this run's wall rates: local 1 process {args.project / (papers / one.wall) / 60:,.1f} "
          f"min, 2 processes {args.project / (papers / two.wall) / 60:,.1f} min):")
    print(f"  local, 1 process: {args.project / (papers / one.cpu) / 60:,.1f} min; "
          f"local, 2 processes: {args.project / (2 * papers / two.cpu) / 60:,.1f} min")
    for workers in args.project_workers:
        rate = min(per_worker * workers, client_rate)
        bound = " (client-bound)" if client_rate < per_worker * workers else ""
        minutes = (args.project / rate + dask_figures["cluster_start"]) / 60
        print(f"  Dask, {workers} workers: {minutes:,.1f} min{bound}")
    print(f"load average at end: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main()
