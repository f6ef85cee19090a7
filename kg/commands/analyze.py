"""`kg stats`, `kg similar` and `kg path`: read a graph file and explain what is in it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import networkx as nx
import typer
from rich.table import Table
from rich.text import Text

from kg import api
from kg.commands.output import JsonOption, clean, console, plural
from kg.commands.output import fail as _fail
from kg.graph import analytics
from kg.graph.lookup import NodeLookupError
from kg.graph.readwrite import GraphFileError
from kg.model import PAPER

GraphArg = Annotated[Path, typer.Argument(
    help="Graph file (.json, .graphml or .gexf, optionally .gz) or a build folder (its graph.json, else its tables).")]

_out = console()


def _load(path: Path) -> nx.DiGraph:
    from kg.commands.graph_input import load_graph  # here: kg.workspace loads only for a command that runs

    try:
        return load_graph(path)
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


def _node(G: nx.DiGraph, node: str) -> dict[str, object]:
    """A node as --json shows it: its id, type, and the title or name the tables show."""
    data = G.nodes[node]
    return {"id": node, "type": data.get("type"), "label": data.get("title") or data.get("name") or node}


def _print_json(data: object) -> None:
    """One JSON document on stdout; json escapes control characters, so none reach the terminal."""
    typer.echo(json.dumps(data, indent=2, sort_keys=False))


def stats_data(G: nx.DiGraph, top: int, seed: int) -> dict[str, object]:
    """What `kg stats` shows, as the JSON `--json` prints (docs/cli.md describes it)."""
    groups = (analytics.stored_communities(G) or analytics.communities(G, seed=seed))[:top]
    ranks = {node: G.nodes[node].get("pagerank") for node in G}
    if any(value is None for value in ranks.values()):
        ranks = analytics.pagerank(G)
    paper_ranks = sorted(((node, ranks[node]) for node in analytics.related_degree(G)),
                         key=lambda item: (-item[1], item[0]))[:top]

    def by_count(counts: Counter[str]) -> dict[str, int]:
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "node_types": by_count(Counter(t for _, t in G.nodes(data="type"))),
        "edge_types": by_count(Counter(t for _, _, t in G.edges(data="type"))),
        "top_entities": {kind: [{**_node(G, node), "papers": count} for node, count in ranked]
                         for kind, ranked in analytics.top_entities(G, per_type=top).items()},
        "communities": [{"size": len(members), "labels": [_node(G, node) for node in labels]}
                        for members, labels in zip(groups, analytics.community_labels(G, groups))],
        "central_papers": [{**_node(G, node), "pagerank": value} for node, value in paper_ranks],
        "shared_code": [{**_node(G, node), "papers": len(members)}
                        for node, members in analytics.shared_code(G)[:top]],
    }


def stats(
    graph: GraphArg,
    top: Annotated[int, typer.Option("--top", min=1, help="Rows per table.")] = 5,
    seed: Annotated[int, typer.Option(help="Seed for communities when the graph has none stored.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Counts by node and edge type, top entities per type, largest communities, central papers.

    Example: kg stats out/demo/graph.json --top 5
    """
    data = stats_data(_load(graph), top, seed)
    if as_json:
        _print_json({"graph": str(graph), **data})
        return
    kinds = _table(f"{clean(graph.name)}: {plural(data['nodes'], 'node')}, {plural(data['edges'], 'edge')}",
                   "element", "type", "count")
    for element in ("node", "edge"):
        for kind, count in data[f"{element}_types"].items():
            kinds.add_row(element, Text(clean(kind)), str(count))
    _out.print(kinds)

    entities = _table("Top entities", "type", "entity", "papers")
    for kind, ranked in data["top_entities"].items():
        for entity in ranked:
            entities.add_row(kind, Text(clean(entity["label"])), str(entity["papers"]))
    _out.print(entities)

    largest = _table("Largest communities", "#", "size", "characterised by")
    for number, community in enumerate(data["communities"]):
        largest.add_row(str(number), str(community["size"]),
                        Text(", ".join(clean(label["label"]) for label in community["labels"])))
    _out.print(largest)

    central = _table("Central papers (PageRank)", "pagerank", "paper")
    for paper in data["central_papers"]:
        central.add_row(f"{paper['pagerank']:.3g}", Text(clean(paper["label"])))
    _out.print(central)

    code = _table("Shared code", "repository / owner", "papers")
    for holder in data["shared_code"]:
        code.add_row(Text(clean(holder["id"])), str(holder["papers"]))
    _out.print(code)


def similar(
    graph: GraphArg,
    paper: Annotated[str, typer.Argument(help="Paper id, arXiv id, or (part of) its title.")],
    top: Annotated[int, typer.Option("--top", min=1, help="How many papers to list.")] = 10,
    as_json: JsonOption = False,
) -> None:
    """The papers most related to one paper, with the shared items that explain each link.

    Example: kg similar out/demo/graph.json "Rank-Adaptive LoRA" --top 5
    """
    G = _load(graph)
    source = _paper(G, paper)
    rows = api.similar(G, source, top=top)
    if as_json:
        _print_json({"paper": _node(G, source), "similar": [
            {"rank": rank, **_node(G, other), "score": score, "shared": [_node(G, node) for node in shared]}
            for rank, (other, score, shared) in enumerate(rows, start=1)
        ]})
        return
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
    as_json: JsonOption = False,
) -> None:
    """How two papers connect: the cheapest chain of shared entities, code, owners or authors.

    Example: kg path out/demo/graph.json "Rank-Adaptive LoRA" "Federated Fine-Tuning"
    """
    G = _load(graph)
    start, end = _paper(G, source), _paper(G, target)
    found = api.path(G, start, end)
    if found is None:
        raise _fail(f"no path between {start} and {end} through entities, code or authors")
    if as_json:
        _print_json({"nodes": [_node(G, node) for node in found.nodes], "cost": found.cost,
                     "edges": [{"source": u, "type": kind, "target": v} for u, kind, v in found.edges]})
        return
    for position, node in enumerate(found.nodes):
        if position:
            u, kind, _ = found.edges[position - 1]
            arrow = f"  -[{kind}]->" if u == found.nodes[position - 1] else f"  <-[{kind}]-"
            _out.print(Text(arrow, style="dim"))
        _out.print(Text(f"{G.nodes[node]['type']}: {_label(G, node)}  ({clean(node)})"))
