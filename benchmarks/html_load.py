"""How fast the HTML page of a seed-sized graph becomes interactive in headless Chromium.

Prints, for a synthetic graph shaped like the seed graph (426 papers, ~2,000 entities, 100 repositories)
or for a real graph file given with --graph (e.g. the seed graph `kg build` wrote):
the Python side (write_html time, page size) and, in the browser, the time from navigation start to
`window.kgReady` (layout settled and first frame drawn), plus how long a click-highlight and a type-filter
toggle take. Baselines measured in the same run: an empty graph's page (the fixed cost of parsing
vis-network) and the same graph laid out by vis-network's own physics in the browser (what the
precomputed layout replaces).

Also the cost of one frame (a synchronous redraw at the first view, as each pan or zoom step costs: the
page places its labels in every frame). With --against REF (a git commit, branch or tag), the same graph's
page is written by the kg package of REF as well (extracted with `git archive` and run in a subprocess)
and both pages are loaded in turns in the same browser, so the figures compare before and after a change.

Run: .venv/bin/python benchmarks/html_load.py [--graph out/graph.json] [--runs 3] [--no-physics-baseline]
     [--against main]
Needs scripts/install-chromium.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "html"))  # the Chromium set-up the browser tests use

from html_browser import chromium, console_errors, open_page, requested_urls  # noqa: E402
from html_synthetic import synthetic_graph  # noqa: E402

from kg.export.html import write_html  # noqa: E402
from kg.export.html.facts import NetworkxFacts  # noqa: E402
from kg.export.html.page import render_page  # noqa: E402
from kg.export.html.payload import build_payload  # noqa: E402
from kg.graph.readwrite import read_graph, write_graph  # noqa: E402

TIMEOUT_S = 180.0
INTERACTION_JS = """
const done = arguments[arguments.length - 1];
const [id, type] = arguments;
const t0 = performance.now();
kg.network.once("afterDrawing", () => {
  const highlight = performance.now() - t0;
  const t1 = performance.now();
  kg.network.once("afterDrawing", () => {
    const filter = performance.now() - t1;
    kg.setTypeVisible(type, true);
    done({highlight, filter});
  });
  kg.setTypeVisible(type, false);
  kg.network.redraw();
});
kg.showNode(id, false);
kg.network.redraw();
"""

FRAME_JS = """
const times = [];
for (let i = 0; i < 9; i++) { const t0 = performance.now(); kg.network.redraw(); times.push(performance.now() - t0); }
return times.sort((a, b) => a - b)[4];
"""
WRITE_AT_REF = """
import sys
from kg.export.html import write_html
from kg.graph.readwrite import read_graph
write_html(read_graph(sys.argv[1]), sys.argv[2])
"""


def page_at_ref(ref: str, G: nx.DiGraph, folder: Path) -> Path:
    """The page of G as the kg package of git `ref` writes it (its package extracted, run in a subprocess)."""
    source = folder / "kg-at-ref"
    source.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "kg"], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(source, filter="data")
    graph, page = folder / "graph-for-ref.json", folder / "ref.html"
    write_graph(G, graph)
    subprocess.run([sys.executable, "-c", WRITE_AT_REF, str(graph), str(page)], check=True,
                   env={**os.environ, "PYTHONPATH": str(source)})
    return page


def physics_page(G: nx.DiGraph, path: Path) -> None:
    """The same graph without precomputed positions, so vis-network's physics lays it out in the browser."""
    payload = build_payload(NetworkxFacts(G), G, positions=None, focus=None, omitted={}, notes=[])
    path.write_text(render_page(payload, "physics baseline"), encoding="utf-8")


def load_times(driver, page: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        times.append(load_once(driver, page))
    return times


def load_once(driver, page: Path) -> float:
    ready = open_page(driver, page, TIMEOUT_S)
    if console_errors(driver):
        raise SystemExit(f"console errors while loading {page.name}")
    stray = [u for u in requested_urls(driver) if u != page.resolve().as_uri() and not u.startswith("data:")]
    if stray:
        raise SystemExit(f"{page.name} made network requests: {stray[:3]}")
    return ready


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="page loads per variant (median reported)")
    parser.add_argument("--no-physics-baseline", action="store_true", help="skip the slow in-browser physics run")
    parser.add_argument("--graph", type=Path, help="a graph file to load instead of the synthetic graph")
    parser.add_argument("--against", metavar="REF", help="also load the page kg at this git ref writes, in turns")
    args = parser.parse_args()

    G = read_graph(args.graph) if args.graph else synthetic_graph()
    counts = nx.utils.groups(dict(G.nodes(data="type")))
    toggled = max((t for t in counts if t != "Paper"), key=lambda t: len(counts[t]), default="Paper")
    print(f"graph: {args.graph or 'synthetic'}: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges "
          f"({', '.join(f'{len(v)} {k}' for k, v in sorted(counts.items()))})")
    with tempfile.TemporaryDirectory(prefix="kg-html-bench-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        report = write_html(G, folder / "graph.html")
        write_s = time.perf_counter() - started
        print(f"write_html: {write_s:.2f} s, {report.size_bytes / 1e6:.2f} MB, layout {report.layout}")
        write_html(nx.DiGraph(), folder / "empty.html")
        pages = {"this checkout": folder / "graph.html"}
        if args.against:
            pages[args.against] = page_at_ref(args.against, G, folder)
        if not args.no_physics_baseline:
            physics_page(G, folder / "physics.html")

        with chromium() as driver:
            empty = statistics.median(load_times(driver, folder / "empty.html", args.runs))
            ready: dict[str, list[float]] = {name: [] for name in pages}
            frame: dict[str, list[float]] = {name: [] for name in pages}
            for _ in range(args.runs):  # in turns, so a busy spell of the machine hits both alike
                for name, page in pages.items():
                    ready[name].append(load_once(driver, page))
                    frame[name].append(driver.execute_script(FRAME_JS))
            load_once(driver, pages["this checkout"])
            interaction = driver.execute_async_script(INTERACTION_JS, max(G, key=G.degree), toggled)
            physics = None
            if not args.no_physics_baseline:
                physics = statistics.median(load_times(driver, folder / "physics.html", 1))
    print(f"empty page ready (baseline: vis-network parse + init): {empty:,.0f} ms")
    for name, times in ready.items():
        median = statistics.median(times)
        print(f"{name}: page ready: median {median:,.0f} ms over {len(times)} loads "
              f"({', '.join(f'{t:,.0f}' for t in times)}); {median / empty:.1f}x the empty page; "
              f"one frame (redraw) {statistics.median(frame[name]):,.1f} ms")
    median = statistics.median(ready["this checkout"])
    if args.against:
        theirs = statistics.median(ready[args.against])
        print(f"this checkout / {args.against}: page ready {median / theirs:.2f}x, frame "
              f"{statistics.median(frame['this checkout']) / statistics.median(frame[args.against]):.2f}x")
    print(f"click highlight of the biggest hub: {interaction['highlight']:,.0f} ms; "
          f"hiding a node type ({toggled}): {interaction['filter']:,.0f} ms")
    if physics is not None:
        print(f"same graph with in-browser physics (baseline): {physics:,.0f} ms; "
              f"precomputed layout is {physics / median:.1f}x faster to interactive")
    print(f"target: interactive within 3,000 ms -> {'met' if median <= 3000 else 'NOT met'}")


if __name__ == "__main__":
    main()
