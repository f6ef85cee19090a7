"""CPU of every pass of the graph tables (kg.graph.streamed.write_graph_tables) on an out-of-core build's
shard store, twice in the same run: first with the store's kept entity facts removed (a first build: the
entity passes decode every extraction shard once and keep their facts), then with them kept (a rerun or
an `--update` whose shards did not change). Each run is a child process; the tables of the two runs must
be byte-equal.

    nice -n 10 .venv/bin/python benchmarks/graph_tables_passes.py /tmp/kg-ooc100/out-100000/.shards

The store is one `benchmarks/out_of_core_build.py` left (OUT/.shards); only its `*.derived` files are
removed and written again. Figures and their reading: docs/scale.md ("Graph tables from shards").
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

# Runs write_graph_tables on argv[1] (store) with argv[2] (shard size) into argv[3]; prints the CPU seconds
# of each stage (from its first report to its last) and of the whole call, as JSON.
CHILD = """
import json, sys, time
from pathlib import Path
from kg.extract.gazetteer import load_gazetteer
from kg.graph.streamed.graph_tables import write_graph_tables
from kg.shards.store import ShardStore
store, shard_size, out = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
started, stages = {}, {}
def progress(stage, done, total):
    now = time.process_time()
    started.setdefault(stage, now)
    stages[stage] = round(now - started[stage], 1)
gazetteer = load_gazetteer(None)
start = time.process_time()
write_graph_tables(ShardStore(store, shard_size), gazetteer, out / "nodes.parquet", out / "edges.parquet",
                   graph_attrs={"kg_version": "benchmark", "mode": "fast"}, work_dir=out / "runs", progress=progress)
print(json.dumps({"stages": stages, "whole": round(time.process_time() - start, 1)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", type=Path, help="an out-of-core build's OUT/.shards folder")
    args = parser.parse_args()
    ledger = json.loads((args.store / "ledger.json").read_text(encoding="utf-8"))
    shard_size = ledger["shard_size"]
    for derived in args.store.glob("*.derived"):
        derived.unlink()
    with tempfile.TemporaryDirectory(prefix="kg-passes-") as work:
        runs = {}
        for run in ("facts made", "facts kept"):
            out = Path(work) / run.replace(" ", "-")
            out.mkdir()
            result = subprocess.run([sys.executable, "-c", CHILD, str(args.store), str(shard_size), str(out)],
                                    check=True, capture_output=True, text=True)
            runs[run] = (json.loads(result.stdout.strip().splitlines()[-1]), out)
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


if __name__ == "__main__":
    main()
