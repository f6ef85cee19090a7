"""Neo4j at scale: neo4j-admin CSVs streamed from nodes.parquet / edges.parquet, and the bulk import.

    nice -n 10 .venv/bin/python benchmarks/neo4j_admin_scale.py [--papers 100000] [--baseline-papers 100000]
        [--work /tmp/kg-neo4j-admin-scale] [--heap 1g] [--off-heap 2g] [--no-import]

Makes the tables of a synthetic graph of --papers papers (benchmarks/synthetic_tables.py: the nodes and
edges per paper of a real build of the generated corpus, about 5.5 and 14) and of --baseline-papers,
then runs, each as a child process whose wall time, CPU time and peak RSS come from wait4:
- baseline, at --baseline-papers: graph.json written from the tables, then `kg export neo4j-admin
  graph.json` (the whole graph loaded into networkx, the path before the tables);
- streamed, at --baseline-papers: `kg export neo4j-admin FOLDER` from the tables; its files must equal
  the baseline's byte for byte (checked here);
- streamed, at --papers, when it differs;
- import: `scripts/neo4j-test-server admin database import full` of each size's files into a fresh
  instance (NEO4J_TEST_HOME under --work), its node and relationship counts checked against the tables.
Ratios are against the baseline of the same run; the load average is printed at every step, since the
machine is shared.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import Run, load_line, run_child  # noqa: E402

from kg import model  # noqa: E402
from kg.export.neo4j.admin import AdminFiles, node_file_name, relationship_file_name  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
KG = str(Path(sys.executable).with_name("kg"))
SCRIPT = REPO / "scripts" / "neo4j-test-server"
TO_JSON = ("import sys; from kg.graph.tables import read_tables; from kg.graph.readwrite import write_json; "
           "write_json(read_tables(sys.argv[1] + '/nodes.parquet', sys.argv[1] + '/edges.parquet'), "
           "sys.argv[1] + '/graph.json')")


def tables(papers: int, work: Path) -> tuple[Path, int, int]:
    """The folder holding the tables of `papers` papers (made once, kept under --work), and its row counts.

    Made in a child process: Linux counts the RSS a process has when it starts a child in that child's
    peak, so this process stays small (its RSS is printed with each figure).
    """
    folder = work / f"papers-{papers}"
    counts = folder / "counts.txt"
    if not counts.exists():
        folder.mkdir(parents=True, exist_ok=True)
        made = run_child([sys.executable, str(Path(__file__).with_name("synthetic_tables.py")), str(papers),
                          str(folder)])
        counts.write_text(made.stdout)
        show(f"setup: synthetic tables, {papers:,}", made, sum(map(int, made.stdout.split())))
    nodes, edges = map(int, counts.read_text().split())
    return folder, nodes, edges


def show(step: str, run: Run, rows: int) -> None:
    print(f"{step:44} {run.wall:8.1f} s wall {run.cpu:8.1f} s CPU {run.max_rss_mib:8.0f} MiB peak  "
          f"{rows / max(run.cpu, 1e-9):9,.0f} rows/CPU-s   ({load_line()}; this process {own_rss():.0f} MiB)",
          flush=True)


def own_rss() -> float:
    """This process's resident memory now, MiB: a floor of every child's peak figure (see `tables`)."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def export(source: Path, out: Path) -> Run:
    shutil.rmtree(out, ignore_errors=True)
    return run_child([KG, "export", "neo4j-admin", str(source), "--out", str(out)])


def digest(folder: Path) -> dict[str, str]:
    """sha256 of each file, read in blocks (a whole CSV in memory would raise the next child's peak)."""
    sums = {}
    for path in sorted(folder.iterdir()):
        if path.name != "import.report":
            with path.open("rb") as handle:
                sums[path.name] = hashlib.file_digest(handle, "sha256").hexdigest()
    return sums


def admin_import(csv_dir: Path, home: Path, options: argparse.Namespace, nodes: int, edges: int) -> Run:
    """neo4j-admin's import of the files in `csv_dir` into a fresh instance at `home`."""
    shutil.rmtree(home, ignore_errors=True)
    files = AdminFiles(
        nodes={label: node_file_name(label) for label in model.NODE_TYPES if (csv_dir / node_file_name(label)).exists()},
        relationships={kind: relationship_file_name(kind) for kind in model.EDGE_TYPES
                       if (csv_dir / relationship_file_name(kind)).exists()})
    arguments = files.import_arguments(csv_dir)
    os.environ.update(NEO4J_TEST_HOME=str(home), NEO4J_TEST_HEAP=options.heap)
    run = run_child(["bash", str(SCRIPT), "admin", "database", "import", "full", *arguments,
                     f"--max-off-heap-memory={options.off_heap}"])
    imported = (_count(run.stdout, "nodes"), _count(run.stdout, "relationships"))
    if "IMPORT DONE" not in run.stdout or imported != (nodes, edges):
        sys.exit(f"import of {csv_dir} gave {imported}, expected {(nodes, edges)}:\n{run.stdout[-3000:]}")
    return run


def _count(report: str, what: str) -> int:
    found = re.search(rf"(\d[\d,]*) {what}\b", report.split("IMPORT DONE")[-1])
    return int(found.group(1).replace(",", "")) if found else -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--baseline-papers", type=int, default=100_000,
                        help="size of the graph.json baseline (it loads the whole graph)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-neo4j-admin-scale"))
    parser.add_argument("--heap", default="1g", help="JVM heap of neo4j-admin")
    parser.add_argument("--off-heap", default="2g", help="neo4j-admin's --max-off-heap-memory")
    parser.add_argument("--no-import", action="store_true", help="exports only")
    options = parser.parse_args()
    work = options.work
    print(f"start: {load_line()}", flush=True)

    base, base_nodes, base_edges = tables(options.baseline_papers, work)
    base_rows = base_nodes + base_edges
    print(f"{options.baseline_papers:,} papers: {base_nodes:,} nodes, {base_edges:,} edges", flush=True)
    if not (base / "graph.json").exists():
        show("baseline: graph.json from the tables (setup)", run_child([sys.executable, "-c", TO_JSON, str(base)]),
             base_rows)
    baseline = export(base / "graph.json", work / "csv-baseline")
    show(f"baseline: export from graph.json, {options.baseline_papers:,}", baseline, base_rows)
    streamed = export(base, work / f"csv-{options.baseline_papers}")
    show(f"streamed: export from the tables, {options.baseline_papers:,}", streamed, base_rows)
    same = digest(work / "csv-baseline") == digest(work / f"csv-{options.baseline_papers}")
    print(f"  files equal to the baseline's: {same}; streamed/baseline: CPU x{streamed.cpu / baseline.cpu:.2f}, "
          f"peak RSS x{streamed.max_rss_mib / baseline.max_rss_mib:.2f}", flush=True)
    if not same:
        sys.exit("the streamed files differ from the baseline's")
    if not options.no_import:
        show(f"import: neo4j-admin, {options.baseline_papers:,}",
             admin_import(work / f"csv-{options.baseline_papers}", work / "neo4j-home", options, base_nodes, base_edges),
             base_rows)

    if options.papers != options.baseline_papers:
        folder, nodes, edges = tables(options.papers, work)
        print(f"{options.papers:,} papers: {nodes:,} nodes, {edges:,} edges", flush=True)
        big = export(folder, work / f"csv-{options.papers}")
        show(f"streamed: export from the tables, {options.papers:,}", big, nodes + edges)
        scale = (nodes + edges) / base_rows
        print(f"  x{scale:.1f} rows: CPU x{big.cpu / streamed.cpu:.2f} of the streamed {options.baseline_papers:,} "
              f"(x{big.cpu / baseline.cpu:.2f} of the baseline's), peak RSS x{big.max_rss_mib / streamed.max_rss_mib:.2f} "
              f"(x{big.max_rss_mib / baseline.max_rss_mib:.2f} of the baseline's); "
              f"{sum(p.stat().st_size for p in (work / f'csv-{options.papers}').iterdir()) / 2**30:.1f} GiB of CSV",
              flush=True)
        if not options.no_import:
            show(f"import: neo4j-admin, {options.papers:,}",
                 admin_import(work / f"csv-{options.papers}", work / "neo4j-home", options, nodes, edges), nodes + edges)
    print(f"end: {load_line()}")


if __name__ == "__main__":
    main()
