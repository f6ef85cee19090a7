"""CPU of every pass of the graph tables (kg.graph.streamed.write_graph_tables) on an out-of-core build's
shard store, twice in the same run: first with the store's kept entity facts removed (a first build: the
entity passes decode every extraction shard once and keep their facts), then with them kept (a rerun or
an `--update` whose shards did not change). Each run is a child process; the tables of the two runs must
be byte-equal.

    nice -n 10 .venv/bin/python benchmarks/graph_tables_passes.py /tmp/kg-ooc100/out-100000/.shards

With `--processes 1 2`, the per-shard steps (the entity facts and the rows) run on that many local worker
processes instead (kg.shards.shard_workers.ShardProcesses; 1: in the child itself), facts kept each time
(after one run that makes them, where the store lacks some), and each run's wall seconds per stage, CPU
of the whole call (the child and its workers) and peak RSS of all its processes at once are printed
against the first count's, tables byte-equal to its. With `--dask N`, one more run takes the steps to a
Dask LocalCluster of N worker processes (kg's `--engine dask --workers N`), started in the child.

The store is one `benchmarks/out_of_core_build.py` left (OUT/.shards); only its `*.derived` files are
removed and written again (not with --processes). Figures and their reading: docs/scale.md ("Graph
tables from shards").
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

# Runs write_graph_tables on argv[1] (store) with argv[2] (shard size) into argv[3], its shard steps on
# argv[4] worker processes (0: in this process, as a plain call; "dask:N": a LocalCluster of N; argv[5]:
# the benchmarks folder); prints
# the CPU seconds (this process) and wall seconds of each stage (from its first report to its last), and
# the wall and CPU (with the workers) of the whole call and the peak RSS of the process and its workers
# together (sampled), as JSON.
CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[5])
from build_speed import TreePeak
from kg.extract.gazetteer import load_gazetteer
from kg.graph.streamed.graph_tables import write_graph_tables
from kg.graph.streamed.shard_map import InProcess
from kg.shards.shard_workers import ShardProcesses
store, shard_size, out, where = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
from kg.shards.store import ShardStore
started, stages, walls = {}, {}, {}
def progress(stage, done, total):
    now, wall = time.process_time(), time.perf_counter()
    started.setdefault(stage, (now, wall))
    stages[stage] = round(now - started[stage][0], 1)
    walls[stage] = round(wall - started[stage][1], 1)
def cpu():
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
peak = TreePeak()
gazetteer = load_gazetteer(None)
start, start_cpu, start_wall = time.process_time(), cpu(), time.perf_counter()
if where.startswith("dask:"):
    from distributed import Client
    from kg.extract.dask_engine import DaskSession, local_cluster
    cluster = local_cluster(int(where.removeprefix("dask:")))
    steps = DaskSession(Client(cluster))
else:
    steps = ShardProcesses(int(where)) if int(where) > 1 else InProcess()
write_graph_tables(ShardStore(store, shard_size), gazetteer, out / "nodes.parquet", out / "edges.parquet",
                   graph_attrs={"kg_version": "benchmark", "mode": "fast"}, work_dir=out / "runs", progress=progress,
                   shard_map=steps)
if where.startswith("dask:"):
    steps.client.close()
    cluster.close()
print(json.dumps({"stages": stages, "walls": walls, "whole": round(time.process_time() - start, 1),
                  "wall": round(time.perf_counter() - start_wall, 1), "cpu": round(cpu() - start_cpu, 1),
                  "peak_mib": round(peak.mib)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", type=Path, help="an out-of-core build's OUT/.shards folder")
    parser.add_argument("--processes", type=int, nargs="+", help="compare these counts of worker processes")
    parser.add_argument("--dask", type=int, metavar="N",
                        help="with --processes: one more run on a Dask LocalCluster of N worker processes")
    args = parser.parse_args()
    ledger = json.loads((args.store / "ledger.json").read_text(encoding="utf-8"))
    shard_size = ledger["shard_size"]
    if args.processes:
        compare_processes(args.store, shard_size, [str(count) for count in args.processes]
                          + ([f"dask:{args.dask}"] if args.dask else []))
        return
    for derived in args.store.glob("*.derived"):
        derived.unlink()
    with tempfile.TemporaryDirectory(prefix="kg-passes-") as work:
        runs = {}
        for run in ("facts made", "facts kept"):
            runs[run] = _run(args.store, shard_size, Path(work) / run.replace(" ", "-"), "0")
        made, kept = runs["facts made"][0], runs["facts kept"][0]
        print(f"{args.store}: shards of {shard_size:,}")
        print("| stage | CPU s, facts made | CPU s, facts kept | ratio |")
        print("|---|---:|---:|---:|")
        for stage in made["stages"]:
            first, second = made["stages"][stage], kept["stages"].get(stage, 0.0)
            print(f"| {stage} | {first} | {second} | {second / first if first else 0:.2f} |")
        print(f"| **whole** | {made['whole']} | {kept['whole']} | {kept['whole'] / made['whole']:.2f} |")
        for table in ("nodes.parquet", "edges.parquet"):
            if (runs["facts made"][1] / table).read_bytes() != (runs["facts kept"][1] / table).read_bytes():
                raise SystemExit(f"{table} differs between the two runs")
        print("tables byte-equal")


def _run(store: Path, shard_size: int, out: Path, where: str) -> tuple[dict, Path]:
    out.mkdir()
    result = subprocess.run([sys.executable, "-c", CHILD, str(store), str(shard_size), str(out), where,
                             str(Path(__file__).resolve().parent)],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1]), out


def compare_processes(store: Path, shard_size: int, counts: list[str]) -> None:
    """Each count's run (a number of local processes, or "dask:N"; facts kept: one run makes them first
    where the store lacks some), wall per stage and the whole call's wall and CPU against the first
    count's."""
    shards = len(json.loads((store / "ledger.json").read_text(encoding="utf-8"))["papers"])
    with tempfile.TemporaryDirectory(prefix="kg-passes-") as work:
        if len(list(store.glob("entity-facts-*.derived"))) < shards:
            _run(store, shard_size, Path(work) / "facts", "0")
        runs = {count: _run(store, shard_size, Path(work) / f"run-{count.replace(':', '-')}", count)
                for count in counts}
        base, base_out = runs[counts[0]]
        print(f"{store}: shards of {shard_size:,}, facts kept; wall s (ratio to {_label(counts[0])})")
        print("| stage | " + " | ".join(_label(count) for count in counts) + " |")
        print("|---|" + "---:|" * len(counts))
        for stage, first in base["walls"].items():
            cells = [f"{runs[count][0]['walls'].get(stage, 0.0)}" + (
                f" ({runs[count][0]['walls'].get(stage, 0.0) / first:.2f}x)" if first and count != counts[0] else "")
                for count in counts]
            print(f"| {stage} | " + " | ".join(cells) + " |")
        print("| **whole, wall** | " + " | ".join(
            f"{runs[count][0]['wall']}" + (f" ({runs[count][0]['wall'] / base['wall']:.2f}x)" if count != counts[0]
                                            else "") for count in counts) + " |")
        print("| whole, CPU (with workers) | " + " | ".join(f"{runs[count][0]['cpu']}" for count in counts) + " |")
        print("| peak RSS MiB, the process and its workers summed | " + " | ".join(
            f"{runs[count][0]['peak_mib']:,}" for count in counts) + " |")
        for count in counts[1:]:
            for table in ("nodes.parquet", "edges.parquet"):
                if (runs[count][1] / table).read_bytes() != (base_out / table).read_bytes():
                    raise SystemExit(f"{table} differs between {_label(counts[0])} and {_label(count)}")
        print("tables byte-equal")


def _label(count: str) -> str:
    return f"Dask LocalCluster of {count.removeprefix('dask:')}" if count.startswith("dask:") else f"{count} process(es)"



if __name__ == "__main__":
    main()
