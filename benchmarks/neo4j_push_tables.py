"""The online push at scale: `kg neo4j push` streamed from nodes.parquet / edges.parquet against the push
of graph.json, and a re-push after an update (what deleting the stale nodes and relationships costs).

    nice -n 10 .venv/bin/python benchmarks/neo4j_push_tables.py [--papers 100000] [--work /tmp/kg-neo4j-push-tables]
        [--heap 4g] [--pagecache 2g] [--every-related 50] [--every-method 100]

Makes the tables of a synthetic graph (benchmarks/synthetic_tables.py, kept under --work and shared with
benchmarks/neo4j_admin_scale.py), its graph.json, and an updated copy of the tables: every
--every-related-th RELATED_TO dropped (links that left a paper's top k) and every --every-method-th Method
retyped as a Task (`method:x` becomes `task:x`, its USES become ADDRESSES, its PROPOSES go), as an update's
type votes can. Then, on a private test server (NEO4J_TEST_HOME=.cache/neo4j-push-tables, wiped first),
each push as a child process whose wall time, CPU time and peak RSS come from wait4:
- baseline: `kg neo4j push graph.json --wipe` (the graph read into networkx, the only path before);
- streamed: `kg neo4j push FOLDER --wipe` from the tables; the database's node and relationship counts
  per label and type must equal the baseline's;
- re-push of the same tables (nothing stale: the deletion's scan alone);
- re-push of the updated tables: its stale nodes and relationships deleted, the counts checked against
  the updated tables;
- the stale deletion alone (kg.export.neo4j.push.delete_stale) right after: its scans, nothing to delete.
Ratios are against the baseline of the same run; the load average is printed at every step.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import Run, load_line, run_child  # noqa: E402
from neo4j_admin_scale import KG, TO_JSON, own_rss, tables  # noqa: E402

from kg import model  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "neo4j-test-server"
HOME = REPO / ".cache" / "neo4j-push-tables"
PASSWORD = "kg-test-password"
GRAPH_NAME = "field"
COUNTS = ("import neo4j, json, sys\n"
          "with neo4j.GraphDatabase.driver(sys.argv[1], auth=('neo4j', sys.argv[2])) as d:\n"
          "    nodes = d.execute_query('MATCH (n:KgNode) WHERE NOT n:KgGraph UNWIND labels(n) AS l WITH l "
          "WHERE l <> \"KgNode\" RETURN l, count(*) AS c').records\n"
          "    rels = d.execute_query('MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c').records\n"
          "print(json.dumps({'nodes': {r['l']: r['c'] for r in nodes}, 'relationships': {r['t']: r['c'] for r in rels}}, "
          "sort_keys=True))")
# The stale deletion alone, after a complete push: its two scans, finding nothing to delete.
STALE_SCAN = ("import neo4j, sys, time\n"
              "from kg.export.neo4j.push import delete_stale\n"
              "with neo4j.GraphDatabase.driver(sys.argv[1], auth=('neo4j', sys.argv[2])) as d, "
              "d.session(database='neo4j') as s:\n"
              "    push = s.run('MATCH (g:KgGraph {name: $name}) RETURN g.last_push AS push', name=sys.argv[3])"
              ".single()['push']\n"
              "    started = time.perf_counter()\n"
              "    stale = delete_stale(s, sys.argv[3], push, 1000)\n"
              "print(f'deleted {stale.nodes} nodes and {stale.relationships} relationships "
              "in {time.perf_counter() - started:.1f} s')")


def make_update(source: Path, target: Path, every_related: int, every_method: int) -> None:
    """Write the updated tables of `source` into `target` (run in a child: it reads whole tables)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from kg.graph.tables import ROW_GROUP

    nodes = pq.read_table(source / "nodes.parquet")
    methods = nodes.filter(pc.equal(nodes["type"], model.METHOD))["id"]
    retyped = methods.take(pa.array(np.arange(0, len(methods), every_method)))
    hit = pc.is_in(nodes["id"], value_set=retyped)
    nodes = nodes.set_column(0, "id", pc.if_else(hit, pc.replace_substring_regex(nodes["id"], "^method:", "task:"),
                                                 nodes["id"]))
    nodes = nodes.set_column(1, "type", pc.if_else(hit, pa.scalar(model.TASK), nodes["type"]))

    edges = pq.read_table(source / "edges.parquet")
    related = pc.equal(edges["type"], model.RELATED_TO)
    related_rank = np.cumsum(related.to_numpy(zero_copy_only=False)) - 1
    dropped = pc.and_(related, pa.array(related_rank % every_related == 0))
    to_retyped = pc.is_in(edges["target"], value_set=retyped)
    dropped = pc.or_(dropped, pc.and_(to_retyped, pc.equal(edges["type"], model.PROPOSES)))
    edges = edges.filter(pc.invert(dropped))
    to_retyped = pc.is_in(edges["target"], value_set=retyped)
    edges = edges.set_column(1, "target", pc.if_else(
        to_retyped, pc.replace_substring_regex(edges["target"], "^method:", "task:"), edges["target"]))
    edges = edges.set_column(2, "type", pc.if_else(to_retyped, pa.scalar(model.ADDRESSES), edges["type"]))
    target.mkdir(parents=True, exist_ok=True)
    pq.write_table(nodes.sort_by("id"), target / "nodes.parquet", row_group_size=ROW_GROUP, compression="zstd")
    pq.write_table(edges.sort_by([("source", "ascending"), ("target", "ascending")]), target / "edges.parquet",
                   row_group_size=ROW_GROUP, compression="zstd")
    print(len(retyped), nodes.num_rows, edges.num_rows)


def server(command: str, options: argparse.Namespace) -> str:
    env = {**os.environ, "NEO4J_TEST_HOME": str(HOME), "NEO4J_TEST_PASSWORD": PASSWORD,
           "NEO4J_TEST_HEAP": options.heap, "NEO4J_TEST_PAGECACHE": options.pagecache}
    done = subprocess.run([str(SCRIPT), command], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{SCRIPT} {command} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return done.stdout.strip()


def push(source: Path, *flags: str) -> Run:
    return run_child([KG, "neo4j", "push", str(source), "--graph-name", GRAPH_NAME, "--quiet", *flags])


def show(step: str, run: Run, relationships: int) -> None:
    print(f"{step:44} {run.wall:7.1f} s wall {run.cpu:7.1f} s CPU {run.max_rss_mib:7.0f} MiB peak  "
          f"{relationships / run.wall:8,.0f} relationships/s wall   ({load_line()}; this process {own_rss():.0f} MiB)",
          flush=True)
    print(f"  {run.stdout.strip()}", flush=True)


def counts(uri: str) -> dict[str, dict[str, int]]:
    import json

    return json.loads(run_child([sys.executable, "-c", COUNTS, uri, PASSWORD]).stdout)


def expected_counts(folder: Path) -> dict[str, dict[str, int]]:
    """Rows per type in the tables (read in a child, so this process stays small)."""
    import json

    return json.loads(run_child([sys.executable, __file__, "--count-tables", str(folder)]).stdout)


def count_tables(folder: Path) -> None:
    import json

    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    def per_type(path: Path) -> dict[str, int]:
        column = pq.read_table(path, columns=["type"])["type"]
        return {row["values"]: row["counts"] for row in pc.value_counts(column).to_pylist()}

    print(json.dumps({"nodes": per_type(folder / "nodes.parquet"), "relationships": per_type(folder / "edges.parquet")},
                     sort_keys=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-neo4j-push-tables"))
    parser.add_argument("--heap", default="4g", help="server JVM heap (NEO4J_TEST_HEAP)")
    parser.add_argument("--pagecache", default="2g", help="server page cache (NEO4J_TEST_PAGECACHE)")
    parser.add_argument("--every-related", type=int, default=50, help="drop every n-th RELATED_TO in the update")
    parser.add_argument("--every-method", type=int, default=100, help="retype every n-th Method in the update")
    parser.add_argument("--make-update", nargs=2, type=Path, metavar=("FROM", "TO"), help=argparse.SUPPRESS)
    parser.add_argument("--count-tables", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.make_update:
        make_update(*options.make_update, options.every_related, options.every_method)
        return
    if options.count_tables:
        count_tables(options.count_tables)
        return
    print(f"start: {load_line()}", flush=True)
    folder, nodes, edges = tables(options.papers, options.work)
    print(f"{options.papers:,} papers: {nodes:,} nodes, {edges:,} edges", flush=True)
    if not (folder / "graph.json").exists():
        run_child([sys.executable, "-c", TO_JSON, str(folder)])
    update = options.work / f"papers-{options.papers}-update"
    shutil.rmtree(update, ignore_errors=True)
    made = run_child([sys.executable, __file__, "--make-update", str(folder), str(update),
                      "--every-related", str(options.every_related), "--every-method", str(options.every_method)])
    retyped, new_nodes, new_edges = map(int, made.stdout.split())
    print(f"update: {retyped:,} methods retyped as tasks, {new_nodes:,} nodes, {new_edges:,} edges", flush=True)

    shutil.rmtree(HOME, ignore_errors=True)
    uri = server("start", options)
    os.environ.update(NEO4J_URI=uri, NEO4J_USERNAME="neo4j", NEO4J_PASSWORD=PASSWORD, NEO4J_DATABASE="neo4j")
    try:
        baseline = push(folder / "graph.json", "--wipe", "--yes")
        show(f"baseline: push graph.json, {options.papers:,}", baseline, edges)
        from_json = counts(uri)
        streamed = push(folder, "--wipe", "--yes")
        show(f"streamed: push the tables, {options.papers:,}", streamed, edges)
        same = counts(uri) == from_json == expected_counts(folder)
        print(f"  counts per label and type equal to the baseline's and the tables': {same}; streamed/baseline: "
              f"wall x{streamed.wall / baseline.wall:.2f}, CPU x{streamed.cpu / baseline.cpu:.2f}, "
              f"peak RSS x{streamed.max_rss_mib / baseline.max_rss_mib:.2f}", flush=True)
        if not same:
            sys.exit("the push from the tables gave other counts")
        again = push(folder)
        show("re-push: the same tables (nothing stale)", again, edges)
        updated = push(update)
        show("re-push: the updated tables", updated, new_edges)
        same = counts(uri) == expected_counts(update)
        print(f"  counts equal to the updated tables': {same}; update/unchanged re-push: wall "
              f"x{updated.wall / again.wall:.2f}", flush=True)
        if not same:
            sys.exit("the update left other counts than the updated tables'")
        scan = run_child([sys.executable, "-c", STALE_SCAN, uri, PASSWORD, GRAPH_NAME])
        print(f"stale deletion alone, nothing stale: {scan.stdout.strip()} ({load_line()})", flush=True)
    finally:
        server("stop", options)
    print(f"end: {load_line()}")


if __name__ == "__main__":
    main()
