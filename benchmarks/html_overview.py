"""The overview page written from the tables (kg.export.html.overview.write_overview) against loading the
tables into networkx and writing the page of the loaded graph (read_tables + write_html).

    nice -n 10 .venv/bin/python benchmarks/html_overview.py [--sizes 30000,100000] [--papers 1000000]
        [--graph BUILD_FOLDER ...] [--max-nodes 5000] [--work /tmp/kg-html-overview]

For each graph (every --graph folder holding nodes.parquet and edges.parquet, then the synthetic tables of
each of --sizes papers, benchmarks/synthetic_tables.py) both ways run as child processes, whose wall
time, CPU time and peak RSS come from wait4 (imports included; "call" is the CPU of the write alone), and
the two pages must be equal byte for byte (checked here). At --papers, the size the baseline cannot
afford, the overview runs alone. Ratios are against the loaded graph's page of the same run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import Run, load_line, run_child  # noqa: E402
from neo4j_admin_scale import own_rss, tables  # noqa: E402


def child(way: str, folder: Path, page: Path, max_nodes: int | None) -> None:
    """Write the page one way; print what it shows and the CPU of the write alone, as JSON."""
    from kg.export.html import write_html
    from kg.export.html.overview import write_overview
    from kg.graph.tables import read_tables

    nodes, edges = folder / "nodes.parquet", folder / "edges.parquet"
    start = time.process_time()
    if way == "overview":
        report = write_overview(nodes, edges, page, max_nodes=max_nodes)
    else:
        report = write_html(read_tables(nodes, edges), page, max_nodes=max_nodes)
    print(json.dumps({"call_cpu": time.process_time() - start, "nodes": report.nodes, "edges": report.edges,
                      "total_nodes": report.total_nodes, "total_edges": report.total_edges}))


def write_page(way: str, folder: Path, page: Path, max_nodes: int | None) -> tuple[Run, dict]:
    command = [sys.executable, __file__, "--child", way, str(folder), str(page)]
    run = run_child(command + ([str(max_nodes)] if max_nodes is not None else []))
    return run, json.loads(run.stdout)


def show(label: str, run: Run, shown: dict) -> None:
    print(f"  {label:10} {run.wall:7.1f} s wall {run.cpu:7.1f} s CPU (call {shown['call_cpu']:6.1f}) "
          f"{run.max_rss_mib:7.0f} MiB peak   page: {shown['nodes']:,} of {shown['total_nodes']:,} nodes, "
          f"{shown['edges']:,} of {shown['total_edges']:,} edges   ({load_line()}; this process {own_rss():.0f} MiB)",
          flush=True)


def digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def compare(name: str, folder: Path, work: Path, max_nodes: int | None) -> None:
    """Both ways on one graph's tables: figures, ratios, and the pages compared."""
    print(f"{name}:", flush=True)
    loaded, loaded_shown = write_page("loaded", folder, work / "loaded.html", max_nodes)
    show("loaded", loaded, loaded_shown)
    overview, overview_shown = write_page("overview", folder, work / "overview.html", max_nodes)
    show("overview", overview, overview_shown)
    same = digest(work / "loaded.html") == digest(work / "overview.html")
    print(f"  pages equal: {same}; overview/loaded: CPU x{overview.cpu / loaded.cpu:.2f}, "
          f"call CPU x{overview_shown['call_cpu'] / loaded_shown['call_cpu']:.2f}, "
          f"peak RSS x{overview.max_rss_mib / loaded.max_rss_mib:.2f}", flush=True)
    if not same:
        sys.exit(f"{name}: the overview differs from the loaded graph's page")


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]), int(sys.argv[5]) if len(sys.argv) > 5 else None)
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="30000,100000", help="papers of the synthetic graphs both ways run on")
    parser.add_argument("--papers", type=int, default=1_000_000, help="papers of the graph the overview runs on alone")
    parser.add_argument("--graph", type=Path, action="append", default=[],
                        help="a build folder with nodes.parquet and edges.parquet (repeatable)")
    parser.add_argument("--max-nodes", type=int, default=None, help="the page's node cap (default: the page's 5,000)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-html-overview"))
    options = parser.parse_args()
    work = options.work
    work.mkdir(parents=True, exist_ok=True)
    print(f"start: {load_line()}", flush=True)
    for folder in options.graph:
        compare(f"built graph {folder}", folder, work, options.max_nodes)
    for papers in (int(size) for size in options.sizes.split(",") if size):
        folder, nodes, edges = tables(papers, work)
        compare(f"synthetic, {papers:,} papers ({nodes:,} nodes, {edges:,} edges)", folder, work, options.max_nodes)
    if options.papers:
        folder, nodes, edges = tables(options.papers, work)
        print(f"synthetic, {options.papers:,} papers ({nodes:,} nodes, {edges:,} edges), the overview alone:",
              flush=True)
        show("overview", *write_page("overview", folder, work / "overview.html", options.max_nodes))
    print(f"end: {load_line()}")


if __name__ == "__main__":
    main()
