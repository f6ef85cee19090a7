"""Neo4j load speed: batched Bolt push vs one-row-per-transaction, and the neo4j-admin bulk path.

    .venv/bin/python benchmarks/neo4j_push.py [--papers 100000] [--batch-size 1000] [--writers 2]
        [--heap 4g] [--pagecache 2g] [--warm] [--single-writer]

Generates a synthetic graph (benchmarks/neo4j_synthetic.py, ~15 relationships per paper), starts
a private test server (scripts/neo4j-test-server with NEO4J_TEST_HOME=.cache/neo4j-bench, wiped
first) with the given JVM heap and page cache, and prints:
- baseline: `kg neo4j push` logic with --batch-size 1 and one writer on a small slice of the graph;
- batched: the same push of the whole graph with --batch-size and --writers (goal: >= 50k
  relationships/s), into an empty database;
- re-push: the same graph again (every relationship exists already);
- with --warm, the batched push again after a wipe: an empty database on a server whose JIT
  compiler has already seen the push (the first push pays for compiling it, docs/neo4j.md);
- with --single-writer, also the batched push with one writer (the push before issue #5's
  parallel writers), after a wipe, to compare within the same run;
- bulk: `kg export neo4j-admin` + `neo4j-admin database import full` of the whole graph.
Ratios are against the baseline measured in the same run. The machine's load average is printed
too, because other work on the same cores slows the server down.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from neo4j_synthetic import synthetic_graph

from kg.export.neo4j.admin import write_admin_csv
from kg.export.neo4j.connection import Neo4jSettings, connect
from kg.export.neo4j.push import DEFAULT_BATCH_SIZE, DEFAULT_WRITERS, PushResult, push_rows
from kg.export.neo4j.rows import GraphRows, load_rows
from kg.graph.readwrite import write_json

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "neo4j-test-server"
BENCH_HOME = REPO / ".cache" / "neo4j-bench"
PASSWORD = "kg-test-password"


def server(command: str, home: Path, *args: str, memory: tuple[str, str] = ("4g", "2g")) -> str:
    heap, pagecache = memory
    env = {**os.environ, "NEO4J_TEST_HOME": str(home), "NEO4J_TEST_PASSWORD": PASSWORD,
           "NEO4J_TEST_HEAP": heap, "NEO4J_TEST_PAGECACHE": pagecache}
    done = subprocess.run([str(SCRIPT), command, *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{SCRIPT} {command} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return done.stdout.strip()


class PhaseClock:
    """Seconds spent per phase (wipe, schema, nodes, relationships), from the push's progress calls."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.last = time.perf_counter()

    def __call__(self, phase: str, count: int) -> None:
        now = time.perf_counter()
        self.seconds[phase.split(":")[0]] += now - self.last
        self.last = now


def timed_push(uri: str, rows: GraphRows, batch_size: int, writers: int, wipe: bool) -> tuple[PushResult, PhaseClock]:
    clock = PhaseClock()
    with connect(Neo4jSettings(uri, "neo4j", PASSWORD, "neo4j")) as driver:
        result = push_rows(driver, "neo4j", rows, batch_size=batch_size, writers=writers, wipe=wipe, progress=clock)
    return result, clock


def load() -> str:
    """The load average (1, 5, 15 min): other work on the same cores slows the server down."""
    return "load " + " ".join(f"{value:.1f}" for value in os.getloadavg())


def slice_rows(rows: GraphRows, papers: int) -> GraphRows:
    """The first `papers` papers' relationships (and every node they need)."""
    kept = {row["id"] for row in rows.nodes["Paper"][:papers]}
    edges = {kind: [row for row in group if row["source"] in kept] for kind, group in rows.edges.items()}
    needed = {row[end] for group in edges.values() for row in group for end in ("source", "target")}
    nodes = {label: [row for row in group if row["id"] in needed] for label, group in rows.nodes.items()}
    return GraphRows(nodes=nodes, edges=edges)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--writers", type=int, default=DEFAULT_WRITERS)
    parser.add_argument("--warm", action="store_true", help="also time a first push on the warmed-up server")
    parser.add_argument("--single-writer", action="store_true", help="also time the batched push with one writer")
    parser.add_argument("--baseline-papers", type=int, default=300)
    parser.add_argument("--heap", default="4g", help="server JVM heap (NEO4J_TEST_HEAP)")
    parser.add_argument("--pagecache", default="2g", help="server page cache (NEO4J_TEST_PAGECACHE)")
    options = parser.parse_args()
    memory = (options.heap, options.pagecache)

    print(f"{load()} on {os.cpu_count()} cores; "
          f"server heap {options.heap}, page cache {options.pagecache}")
    with tempfile.TemporaryDirectory(prefix="kg-neo4j-bench-") as scratch:
        work = Path(scratch)
        started = time.perf_counter()
        graph_path = work / "graph.json"
        write_json(synthetic_graph(options.papers), graph_path)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        rows = load_rows(graph_path)
        loaded = time.perf_counter() - started
        print(f"graph: {options.papers} papers, {rows.node_count} nodes, {rows.edge_count} relationships "
              f"(generated and written in {generated:.1f} s, read and checked in {loaded:.1f} s)")

        shutil.rmtree(BENCH_HOME, ignore_errors=True)
        uri = server("start", BENCH_HOME, memory=memory)
        try:
            sample = slice_rows(rows, options.baseline_papers)
            baseline, baseline_clock = timed_push(uri, sample, batch_size=1, writers=1, wipe=True)
            base_rate = baseline.relationships / baseline_clock.seconds["relationships"]
            print(f"baseline  batch 1, 1 writer: {baseline.relationships} relationships at {base_rate:,.0f}/s")
            runs = [("batched", options.writers, True), ("re-push", options.writers, False)]
            if options.warm:
                runs.append(("warm", options.writers, True))
            if options.single_writer:
                runs.append(("1 writer", 1, True))
            whole_push: dict[str, float] = {}
            for name, writers, wipe in runs:
                before = load()
                result, clock = timed_push(uri, rows, batch_size=options.batch_size, writers=writers, wipe=wipe)
                rate = result.relationships / clock.seconds["relationships"]
                print(f"{name:9} batch {options.batch_size}, {writers} writers ({before} at start, {load()} at end): "
                      f"{result.nodes} nodes in {clock.seconds['nodes']:.1f} s "
                      f"({result.nodes / clock.seconds['nodes']:,.0f}/s; wipe {clock.seconds['wipe']:.1f} s, "
                      f"schema {clock.seconds['schema']:.1f} s), {result.relationships} relationships in "
                      f"{clock.seconds['relationships']:.1f} s = {rate:,.0f}/s ({rate / base_rate:.0f}x baseline); "
                      f"whole push {result.seconds:.1f} s", flush=True)
                whole_push[name] = result.seconds
        finally:
            server("stop", BENCH_HOME, memory=memory)

        started = time.perf_counter()
        files = write_admin_csv(rows, work / "import")
        exported = time.perf_counter() - started
        import_home = work / "import-home"
        started = time.perf_counter()
        server("admin", import_home, "database", "import", "full", *files.import_arguments(work / "import"),
               memory=memory)
        imported = time.perf_counter() - started
        bulk = exported + imported
        print(f"bulk      neo4j-admin: CSV export {exported:.1f} s + import {imported:.1f} s = {bulk:.1f} s "
              f"= {rows.edge_count / bulk:,.0f} relationships/s ({whole_push['batched'] / bulk:.1f}x faster than "
              "the batched push, empty database only)")


if __name__ == "__main__":
    main()
