"""`kg html`: draw a graph file as one offline interactive page, optionally an ego view or a reduced one."""

from __future__ import annotations

from pathlib import Path

import typer

from kg import api
from kg.commands.output import console as output_console
from kg.commands.output import fail
from kg.graph.readwrite import GraphFileError

console = output_console(stderr=True)


def html_command(
    graph: Path = typer.Argument(..., help="Graph file written by `kg build` (graph.json, .graphml or .gexf) or "
                                          "a build folder (its graph.json, else its tables)."),
    out: Path = typer.Option(..., "--out", "-o", help="HTML file to write."),
    focus: str | None = typer.Option(
        None, "--focus", help="Only the neighbourhood of this node (id, name or title; case-insensitive)."
    ),
    depth: int = typer.Option(1, "--depth", min=0, help="Steps from the --focus node to include."),
    max_nodes: int | None = typer.Option(
        None, "--max-nodes", min=1, help="Keep the most connected entities and their papers, up to N nodes."
    ),
    types: str | None = typer.Option(
        None, "--types", help="Comma-separated node types to show, e.g. Paper,Method,Dataset."
    ),
    listed_only: bool = typer.Option(
        False, "--listed-only",
        help="Of the entities, only names in kg's lists (known) and methods a paper proposes: the ones judged "
             "right about nine times in ten.",
    ),
) -> None:
    """Write GRAPH as a self-contained interactive HTML page that works offline.

    Example: kg html out/graph.json --out lora.html --focus LoRA --depth 2
    """
    from kg.commands.graph_input import load_graph
    from kg.export.html import HtmlError  # here: the layout's igraph loads only for this command

    try:
        G = load_graph(graph)
        report = api.write_html(
            G, out, focus=focus, depth=depth, max_nodes=max_nodes,
            types=types.split(",") if types is not None else None, listed_only=listed_only,
        )
    except (GraphFileError, HtmlError) as err:
        raise fail(err) from None
    shown = f"{report.nodes:,} of {report.total_nodes:,} nodes, {report.edges:,} of {report.total_edges:,} edges"
    size = f"{report.size_bytes / 1e6:.1f} MB"
    console.print(f"wrote {report.path} ({shown}; layout: {report.layout}; {size})", markup=False, soft_wrap=True)
    if report.omitted:
        left_out = ", ".join(f"{count:,} {node_type}" for node_type, count in report.omitted.items())
        console.print(f"left out: {left_out}", markup=False, soft_wrap=True)
