"""The public Python API, re-exported as `kg.build`, `kg.load`, `kg.find`, `kg.similar`, `kg.path`,
`kg.write_html` and `kg.to_pyvis` (see README.md, "Python API").

Thin calls into the internals, so notebooks, scripts and the CLI share one behaviour. Heavy parts (the
extraction pipeline, the page layout, pyvis) are imported inside the function that needs them, so
`import kg` stays quick and opens no connection.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import networkx as nx

from kg.graph.analytics import ExplanationPath, explanation_path, similar_papers
from kg.graph.lookup import find_node, find_paper
from kg.graph.readwrite import read_graph

if TYPE_CHECKING:
    from pyvis.network import Network

    from kg.builder import BuildResult
    from kg.export.html import HtmlReport

PathLike = str | os.PathLike[str]
# A notebook drawing lays nodes out with in-browser physics, which stops being usable past a few hundred
# nodes, so a pyvis network is reduced to this many unless told otherwise.
PYVIS_NODE_LIMIT = 300


class SimilarPaper(NamedTuple):
    """One paper related to another: its id, the RELATED_TO score and the shared items explaining it."""

    paper: str
    score: float
    shared: list[str]


def build(
    sources: Sequence[PathLike] | PathLike,
    out_dir: PathLike,
    *,
    mode: str = "default",
    fmt: str | None = None,
    update: bool = False,
    strict: bool = False,
    html: bool = True,
    n_process: int | None = 1,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
) -> BuildResult:
    """Run `kg build`: read `sources` (files or folders), extract, link, and write every output into
    `out_dir` (graph.json, .graphml, .gexf, graph.html, summary.json, the stage files).

    `engine="dask"` extracts on a Dask cluster: the running one whose scheduler is at `scheduler`
    ("tcp://host:8786"), or a local one of `workers` processes started for this build (docs/dask.md)."""
    from kg.builder import build as run_build

    paths = [Path(sources)] if isinstance(sources, (str, os.PathLike)) else [Path(s) for s in sources]
    return run_build(paths, Path(out_dir), fmt=fmt, mode=mode, strict=strict, update=update, html=html,
                     n_process=n_process, engine=engine, scheduler=scheduler, workers=workers)


def load(path: PathLike) -> nx.DiGraph:
    """The graph in a file `kg build` wrote (.json, .graphml or .gexf, optionally .gz), checked against
    the model; raises kg.GraphFileError naming the file and line of a problem."""
    return read_graph(path)


def find(G: nx.DiGraph, query: str, *, types: Iterable[str] | None = None) -> str:
    """The id of the one node `query` names: an id, an exact name or alias (entities first), or words of
    a name or title. Raises kg.NodeLookupError (listing the candidates) when none or several match."""
    return find_node(G, query, types=None if types is None else tuple(types))


def similar(G: nx.DiGraph, paper: str, *, top: int = 10) -> list[SimilarPaper]:
    """The papers most related to `paper` (an id, arXiv id or title, as `find`), best first."""
    source = find_paper(G, paper)
    return [SimilarPaper(other, score, shared) for other, score, shared in similar_papers(G, source, top=top)]


def path(G: nx.DiGraph, source: str, target: str) -> ExplanationPath | None:
    """How two papers (ids, arXiv ids or titles) connect: the cheapest chain of shared entities, code,
    owners or authors, preferring rare ones; None when nothing connects them."""
    return explanation_path(G, find_paper(G, source), find_paper(G, target))


def write_html(
    G: nx.DiGraph,
    out: PathLike,
    *,
    focus: str | None = None,
    depth: int = 1,
    max_nodes: int | None = None,
    types: Iterable[str] | None = None,
    listed_only: bool = False,
) -> HtmlReport:
    """Write the offline interactive page `kg html` writes (optionally a focus, reduced or listed-only view)."""
    from kg.export.html import write_html as write_page

    return write_page(G, Path(out), focus=focus, depth=depth, max_nodes=max_nodes, types=types,
                      listed_only=listed_only)


def to_pyvis(
    G: nx.DiGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    max_nodes: int | None = PYVIS_NODE_LIMIT,
    types: Iterable[str] | None = None,
    listed_only: bool = False,
    notebook: bool = True,
    height: str = "700px",
) -> Network:
    """A pyvis Network of a focus neighbourhood or a reduced graph, nodes coloured and shaped by type,
    for styling and `show()`ing the pyvis way. The nodes are chosen as for `kg html` (focus found by
    `find`, then `types`, then with `listed_only` only the entities a list or a paper vouches for, then at
    most `max_nodes`: the best connected entities and their papers).
    vis-network is inlined, so the drawing works offline (pyvis' template still links Bootstrap from a
    CDN, which only styles the frame)."""
    from pyvis.network import Network

    from kg.export.html.select import select
    from kg.export.html.style import EDGE_COLORS, DEFAULT_EDGE_COLOR, node_label, node_size, style_of

    chosen = select(G, focus=focus, depth=depth, max_nodes=max_nodes, types=types, listed_only=listed_only).graph
    net = Network(height=height, width="100%", directed=True, notebook=notebook, cdn_resources="in_line")
    for node, data in chosen.nodes(data=True):
        style = style_of(data["type"])
        tooltip = _tooltip(f"{data['type']}: {data.get('name', node)}\n{node}")
        net.add_node(node, label=node_label(data), title=tooltip, color=style.color, shape=style.shape,
                     size=node_size(G.degree(node)))
    for u, v, kind in chosen.edges(data="type"):
        net.add_edge(u, v, title=kind, color=EDGE_COLORS.get(kind, DEFAULT_EDGE_COLOR))
    return net


def _tooltip(text: str) -> str:
    """Tooltip text that stays text: vis-network shows a title as text, but pyvis switches every tooltip
    to HTML once any node's title contains "href", so angle brackets (which could open a tag) become
    the look-alike single guillemets."""
    return text.replace("<", "\u2039").replace(">", "\u203a")
