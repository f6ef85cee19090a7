"""`kg audit`: draw entity nodes of a graph for hand judging, and summarize the judged file."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from kg.commands.output import command_group
from kg.graph.readwrite import GraphFileError, read_json
from kg.training.audit import JUDGEMENTS, AuditFileError, read_judged, sample_rows, summarize, write_sample

app = command_group("Hand-judged precision audits of a graph's entity nodes.")


@app.command("sample")
def audit_sample(
    graph_path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="A graph.json.")],
    out: Annotated[Path, typer.Option("--out", dir_okay=False, help="TSV file to write for the judge.")],
    n: Annotated[int, typer.Option("--n", min=1, help="How many entity nodes to draw.")] = 200,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: same graph and seed, same sample.")] = 0,
) -> None:
    """Draw N random entity nodes (Method, Dataset, Task, Metric, Concept) into a TSV with empty judgements."""
    try:
        graph = read_json(graph_path)
    except GraphFileError as error:
        raise typer.BadParameter(str(error)) from error
    rows, population = sample_rows(graph, n, seed)
    command = shlex.join(["kg", "audit", "sample", str(graph_path), "--n", str(n), "--seed", str(seed), "--out", str(out)])
    header = [
        f"drawn by: {command}",
        f"graph: kg {graph.graph.get('kg_version', '?')}, mode {graph.graph.get('mode', '?')}; "
        f"{len(rows)} of {population} entity nodes, uniformly without replacement",
        f"judge each row: {' | '.join(JUDGEMENTS)} (evidence shows the first mention in [[ ]]); "
        "summarize with `kg audit summary FILE`",
    ]
    write_sample(out, rows, header)
    typer.echo(f"wrote {len(rows)} of {population} entity nodes to {out}", file=sys.stderr)


@app.command("summary")
def audit_summary(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="A judged audit TSV.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Precision overall, by type and by the papers a node is in (1, 2+), with the count of each judgement."""
    try:
        summary = summarize(read_judged(path)).as_dict()
    except AuditFileError as error:
        raise typer.BadParameter(str(error), param_hint="FILE") from error
    if as_json:
        typer.echo(json.dumps(summary, sort_keys=True))
        return
    table = Table(title=f"Audit {path.name}")
    for column in ("type", "judged", "precision", *JUDGEMENTS):
        table.add_column(column, justify="left" if column == "type" else "right")
    in_papers = [(f"{group} paper{'' if group == '1' else 's'}", figures)
                 for group, figures in summary["by_papers"].items()]
    for name, figures in [*summary["per_type"].items(), ("all", summary["overall"]), *in_papers]:
        table.add_row(name, str(figures["judged"]), f"{100 * figures['precision']:.1f}",
                      *(str(figures[label]) for label in JUDGEMENTS))
    Console().print(table)
