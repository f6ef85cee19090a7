"""Neo4j load speed: batched Bolt push vs one-row-per-transaction, and the neo4j-admin bulk path.

    .venv/bin/python benchmarks/neo4j_push.py [--papers 100000] [--batch-size 5000] [--heap 4g] [--pagecache 2g]

Generates a synthetic graph (benchmarks/neo4j_synthetic.py, ~15 relationships per paper), starts
a private test server (scripts/neo4j-test-server with NEO4J_TEST_HOME=.cache/neo4j-bench, wiped
first) with the given JVM heap and page cache, and prints:
- baseline: `kg neo4j push` logic with --batch-size 1 on a small slice of the graph;
- batched: the same push of the whole graph with --batch-size (goal: >= 50k relationships/s);
- re-push: the same graph again (every MERGE finds its match);
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

from kg.export.neo4j_admin import write_admin_csv
from kg.export.neo4j_connection import Neo4jSettings, connect
from kg.export.neo4j_push import PushResult, push_rows
from kg.export.neo4j_rows import GraphRows, load_rows
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


def timed_push(uri: str, rows: GraphRows, batch_size: int, wipe: bool) -> tuple[PushResult, PhaseClock]:
    clock = PhaseClock()
    with connect(Neo4jSettings(uri, "neo4j", PASSWORD, "neo4j")) as driver:
        result = push_rows(driver, "neo4j", rows, batch_size=batch_size, wipe=wipe, progress=clock)
    return result, clock


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
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--baseline-papers", type=int, default=300)
    parser.add_argument("--heap", default="4g", help="server JVM heap (NEO4J_TEST_HEAP)")
    parser.add_argument("--pagecache", default="2g", help="server page cache (NEO4J_TEST_PAGECACHE)")
    options = parser.parse_args()
    memory = (options.heap, options.pagecache)

    print(f"load average: {' '.join(f'{value:.1f}' for value in os.getloadavg())} on {os.cpu_count()} cores; "
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
            baseline, baseline_clock = timed_push(uri, sample, batch_size=1, wipe=True)
            base_rate = baseline.relationships / baseline_clock.seconds["relationships"]
            batched, clock = timed_push(uri, rows, batch_size=options.batch_size, wipe=True)
            again, again_clock = timed_push(uri, rows, batch_size=options.batch_size, wipe=False)
        finally:
            server("stop", BENCH_HOME, memory=memory)

        rate = batched.relationships / clock.seconds["relationships"]
        again_rate = again.relationships / again_clock.seconds["relationships"]
        print(f"baseline  batch 1: {baseline.relationships} relationships at {base_rate:,.0f}/s")
        print(f"batched   batch {options.batch_size}: {batched.nodes} nodes in {clock.seconds['nodes']:.1f} s "
              f"({batched.nodes / clock.seconds['nodes']:,.0f}/s; schema {clock.seconds['schema']:.1f} s), {batched.relationships} "
              f"relationships in {clock.seconds['relationships']:.1f} s = {rate:,.0f}/s "
              f"({rate / base_rate:.0f}x baseline); whole push {batched.seconds:.1f} s")
        print(f"re-push   batch {options.batch_size}: {again.relationships} relationships at {again_rate:,.0f}/s "
              f"(all MERGEs match); whole push {again.seconds:.1f} s")

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
              f"= {rows.edge_count / bulk:,.0f} relationships/s ({batched.seconds / bulk:.1f}x faster than "
              "the batched push, empty database only)")


if __name__ == "__main__":
    main()
