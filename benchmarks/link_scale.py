"""How linking and analytics scale: time and peak memory at 1k, 10k and 100k synthetic papers.

Each size runs in its own subprocess (so peak RSS is that size's alone). Figures printed:
seconds per phase, peak RSS, growth vs the size before (time ratio / size ratio: 1.0 = linear),
the igraph community backend vs networkx's, and up to 10k papers a naive all-pairs linker as
the baseline the inverted index replaces. Goal: 100k papers link + communities < 120 s, < 4 GB.

    .venv/bin/python benchmarks/link_scale.py                      # 1k, 10k, 100k
    .venv/bin/python benchmarks/link_scale.py --sizes 1000 10000 --from-graph out/graph.json
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import itertools
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from link_corpus import CorpusProfile, profile_of, synthetic_graph  # noqa: E402

from kg.graph import analytics  # noqa: E402
from kg.graph.linking import link_papers, paper_items, papers  # noqa: E402
from kg.graph.readwrite import read_json, write_gexf, write_graphml, write_json  # noqa: E402

GOAL_SECONDS = 120.0
GOAL_MB = 4096.0


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(figures: dict, name: str, action):
    """Wall and CPU seconds: on a shared machine CPU time is the steadier figure."""
    start, start_cpu = time.perf_counter(), time.process_time()
    result = action()
    figures[name] = round(time.perf_counter() - start, 2)
    figures[f"{name}_cpu"] = round(time.process_time() - start_cpu, 2)
    return result


def _all_pairs_links(G) -> int:
    """The naive linker: every pair of papers, shared items by set intersection."""
    items = paper_items(G)
    ids = papers(G)
    links = 0
    for a, b in itertools.combinations(ids, 2):
        if items[a] & items[b]:
            links += 1
    return links


def run_one(size: int, profile: CorpusProfile, backends: list[str], baseline: bool,
            check_bytes: bool) -> dict:
    figures: dict = {"papers": size}
    G = _timed(figures, "generate", lambda: synthetic_graph(size, profile, seed=size))
    figures["nodes"], figures["graph_rss_mb"] = G.number_of_nodes(), round(_rss_mb())
    if baseline:
        _timed(figures, "all_pairs_baseline", lambda: _all_pairs_links(G))
    figures["related_edges"] = _timed(figures, "link", lambda: link_papers(G))
    if "igraph" in backends:  # a one-off ~0.3 s, kept out of the community timings
        _timed(figures, "import_igraph", lambda: importlib.import_module("igraph"))
    for backend in backends:
        found = _timed(figures, f"communities_{backend}",
                       lambda: analytics.communities(G, seed=0, backend=backend))
        figures[f"n_communities_{backend}"] = len(found)
    _timed(figures, "pagerank", lambda: analytics.pagerank(G))
    _timed(figures, "annotate", lambda: analytics.annotate(G, seed=0, backend=backends[0]))
    figures["analytics_rss_mb"] = round(_rss_mb())  # peak so far: generation, link, analytics
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.json"
        _timed(figures, "write_json", lambda: write_json(G, path))
        figures["json_mb"] = round(path.stat().st_size / 2**20, 1)
        loaded = _timed(figures, "read_json", lambda: read_json(path))
        _timed(figures, "write_graphml", lambda: write_graphml(G, Path(tmp) / "graph.graphml"))
        _timed(figures, "write_gexf", lambda: write_gexf(G, Path(tmp) / "graph.gexf"))
        if check_bytes:
            # Re-linking and re-annotating the loaded graph must give the very same file.
            first = hashlib.sha256(path.read_bytes()).hexdigest()
            link_papers(loaded)
            analytics.annotate(loaded, seed=0, backend=backends[0])
            write_json(loaded, path)
            figures["relink_identical"] = hashlib.sha256(path.read_bytes()).hexdigest() == first
    figures["peak_rss_mb"] = round(_rss_mb())
    return figures


def _report(rows: list[dict], backends: list[str]) -> None:
    first = rows[0]
    print(f"\n{'papers':>8} {'link s':>7} {'louvain s':>10} {'igraph s':>9} {'pagerank':>8} "
          f"{'annotate':>8} {'json w/r':>10} {'graphml w':>9} {'gexf w':>7} {'edges':>8} "
          f"{'MB link':>8} {'MB all':>7} {'growth':>7}")
    previous = first
    for row in rows:
        work = row["link_cpu"] + row[f"communities_{backends[0]}_cpu"]
        before = previous["link_cpu"] + previous[f"communities_{backends[0]}_cpu"]
        growth = (work / before) / (row["papers"] / previous["papers"]) if before else math.nan
        previous = row
        json_io = f"{row['write_json']}/{row['read_json']}"
        print(f"{row['papers']:>8} {row['link']:>7} {row.get('communities_networkx', '-'):>10} "
              f"{row.get('communities_igraph', '-'):>9} {row['pagerank']:>8} {row['annotate']:>8} "
              f"{json_io:>10} {row['write_graphml']:>9} {row['write_gexf']:>7} "
              f"{row['related_edges']:>8} {row['analytics_rss_mb']:>8} {row['peak_rss_mb']:>7} "
              f"{growth:>7.2f}")
    print("seconds are wall time; MB link = peak RSS through generation, link and analytics; MB all ="
          " peak including file IO; growth = (link + communities CPU time ratio) / (paper ratio) vs"
          " the size before, 1.0 = linear")
    for row in rows:
        if "all_pairs_baseline" in row:
            print(f"baseline at {row['papers']} papers: naive all-pairs intersection "
                  f"{row['all_pairs_baseline']} s vs link_papers {row['link']} s "
                  f"(x{row['all_pairs_baseline'] / max(row['link'], 0.01):.1f}; all-pairs grows with "
                  "the square of the paper count)")
    if {"communities_networkx", "communities_igraph"} <= set(first):
        for row in rows:
            ratio = row["communities_networkx_cpu"] / max(row["communities_igraph_cpu"], 0.01)
            print(f"communities at {row['papers']}: igraph x{ratio:.1f} less CPU than networkx "
                  f"({row['communities_igraph_cpu']} vs {row['communities_networkx_cpu']} CPU s)")
    for row in rows:
        if "relink_identical" in row:
            print(f"re-link + re-annotate at {row['papers']}: byte-identical graph.json = "
                  f"{row['relink_identical']}")
    last = rows[-1]
    for backend in backends:
        wall = last["link"] + last[f"communities_{backend}"]
        cpu = last["link_cpu"] + last[f"communities_{backend}_cpu"]
        verdict = "meets" if wall < GOAL_SECONDS and last["analytics_rss_mb"] < GOAL_MB else "MISSES"
        print(f"{last['papers']} papers, link + communities ({backend}): {wall:.1f} s wall, "
              f"{cpu:.1f} s CPU, peak {last['analytics_rss_mb']} MB -> {verdict} goal "
              f"({GOAL_SECONDS:.0f} s, {GOAL_MB:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--backends", nargs="+", default=list(analytics.COMMUNITY_BACKENDS),
                        choices=analytics.COMMUNITY_BACKENDS)
    parser.add_argument("--from-graph", type=Path,
                        help="take the entity distribution from a real graph.json")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--profile", help=argparse.SUPPRESS)
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.one is not None:
        profile = CorpusProfile(**json.loads(args.profile))
        print(json.dumps(run_one(args.one, profile, args.backends, args.baseline,
                                 check_bytes=args.one <= 10_000)))
        return

    profile = profile_of(read_json(args.from_graph)) if args.from_graph else CorpusProfile()
    print("profile:", json.dumps(asdict(profile)))
    rows = []
    sizes = sorted(args.sizes)
    for size in sizes:
        command = [sys.executable, __file__, "--one", str(size), "--profile",
                   json.dumps(asdict(profile)), "--backends", *args.backends]
        if size <= 10_000:
            command.append("--baseline")
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    _report(rows, args.backends)


if __name__ == "__main__":
    main()
