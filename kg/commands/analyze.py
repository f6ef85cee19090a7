"""`kg stats`, `kg similar` and `kg path`: read a graph file and explain what is in it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import networkx as nx
import typer
from rich.table import Table
from rich.text import Text

from kg import api
from kg.commands.output import clean, console
from kg.commands.output import fail as _fail
from kg.graph import analytics
from kg.graph.lookup import NodeLookupError
from kg.graph.readwrite import GraphFileError
from kg.model import PAPER

GraphArg = Annotated[Path, typer.Argument(help="Graph file: .json, .graphml or .gexf (optionally .gz).")]

_out = console()
def _load(path: Path) -> nx.DiGraph:
    try:
        return api.load(path)
    except GraphFileError as err:
        raise _fail(str(err)) from None


def _paper(G: nx.DiGraph, query: str) -> str:
    try:
        return api.find(G, query, types=[PAPER])
    except NodeLookupError as err:
        raise _fail(str(err)) from None


def _label(G: nx.DiGraph, node: str) -> str:
    """A node's title or name as shown: control characters from the input never reach the terminal."""
    data = G.nodes[node]
    return clean(data.get("title") or data.get("name") or node)


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, justify="right" if column in {"#", "count", "papers", "score",
                                                             "pagerank", "size"} else "left")
    return table


def stats(
    graph: GraphArg,
    top: Annotated[int, typer.Option("--top", min=1, help="Rows per table.")] = 5,
    seed: Annotated[int, typer.Option(help="Seed for communities when the graph has none stored.")] = 0,
) -> None:
    """Counts by node and edge type, top entities per type, largest communities, central papers.

    Example: [bold]kg stats out/demo/graph.json --top 5[/bold]
    """
    G = _load(graph)
    kinds = _table(f"{graph.name}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges",
                   "element", "type", "count")
    for element, counts in (("node", Counter(t for _, t in G.nodes(data="type"))),
                            ("edge", Counter(t for _, _, t in G.edges(data="type")))):
        for kind, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            kinds.add_row(element, kind, str(count))
    _out.print(kinds)

    entities = _table("Top entities", "type", "entity", "papers")
    for kind, ranked in analytics.top_entities(G, per_type=top).items():
        for node, count in ranked:
            entities.add_row(kind, Text(_label(G, node)), str(count))
    _out.print(entities)

    groups = analytics.stored_communities(G) or analytics.communities(G, seed=seed)
    shown = groups[:top]
    largest = _table("Largest communities", "#", "size", "characterised by")
    for number, (members, labels) in enumerate(zip(shown, analytics.community_labels(G, shown))):
        largest.add_row(str(number), str(len(members)),
                        Text(", ".join(_label(G, node) for node in labels)))
    _out.print(largest)

    ranks = {node: G.nodes[node].get("pagerank") for node in G}
    if any(value is None for value in ranks.values()):
        ranks = analytics.pagerank(G)
    paper_ranks = [(node, ranks[node]) for node in analytics.related_degree(G)]
    central = _table("Central papers (PageRank)", "pagerank", "paper")
    for node, value in sorted(paper_ranks, key=lambda item: (-item[1], item[0]))[:top]:
        central.add_row(f"{value:.3g}", Text(_label(G, node)))
    _out.print(central)

    code = _table("Shared code", "repository / owner", "papers")
    for node, members in analytics.shared_code(G)[:top]:
        code.add_row(Text(clean(node)), str(len(members)))
    _out.print(code)


def similar(
    graph: GraphArg,
    paper: Annotated[str, typer.Argument(help="Paper id, arXiv id, or (part of) its title.")],
    top: Annotated[int, typer.Option("--top", min=1, help="How many papers to list.")] = 10,
) -> None:
    """The papers most related to one paper, with the shared items that explain each link.

    Example: [bold]kg similar out/demo/graph.json "Rank-Adaptive LoRA" --top 5[/bold]
    """
    G = _load(graph)
    source = _paper(G, paper)
    rows = api.similar(G, source, top=top)
    table = _table(f"Papers related to: {_label(G, source)}", "#", "score", "paper", "shared")
    for rank, (other, score, shared) in enumerate(rows, start=1):
        table.add_row(str(rank), f"{score:.2f}", Text(f"{_label(G, other)}\n{clean(other)}"),
                      Text(", ".join(_label(G, node) for node in shared[:4])))
    _out.print(table)
    if not rows:
        _out.print(Text("No RELATED_TO links from this paper.", style="yellow"))


def path(
    graph: GraphArg,
    source: Annotated[str, typer.Argument(help="First paper: id, arXiv id or part of its title.")],
    target: Annotated[str, typer.Argument(help="Second paper: id, arXiv id or part of its title.")],
) -> None:
    """How two papers connect: the cheapest chain of shared entities, code, owners or authors.

    Example: [bold]kg path out/demo/graph.json "Rank-Adaptive LoRA" "Federated Fine-Tuning"[/bold]
    """
    G = _load(graph)
    start, end = _paper(G, source), _paper(G, target)
    found = api.path(G, start, end)
    if found is None:
        raise _fail(f"no path between {start} and {end} through entities, code or authors")
    for position, node in enumerate(found.nodes):
        if position:
            u, kind, _ = found.edges[position - 1]
            arrow = f"  -[{kind}]->" if u == found.nodes[position - 1] else f"  <-[{kind}]-"
            _out.print(Text(arrow, style="dim"))
        _out.print(Text(f"{G.nodes[node]['type']}: {_label(G, node)}  ({clean(node)})"))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `kg` app."""
    app.command("stats")(stats)
    app.command("similar")(similar)
    app.command("path")(path)
