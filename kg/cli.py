"""The `kg` command line: build, inspect, export and query paper knowledge graphs.

Every command's module loads only when that command runs: `kg --help` lists COMMANDS from the table
below without importing spaCy, networkx or the Neo4j driver, and `kg build` does not import the NER
training code. The help is plain text (no Rich markup), so a bracket in a help text is shown as typed.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from typer.core import TyperGroup

from kg import __version__

if TYPE_CHECKING:  # Typer 0.29 carries its own copy of click
    from typer._click import Command, HelpFormatter


@dataclass(frozen=True)
class CommandEntry:
    """Where a command lives and the one line `kg --help` shows for it (tests/cli checks the two agree)."""

    target: str  # "module:attribute": a command function, or a Typer app of sub-commands
    summary: str


COMMANDS: dict[str, CommandEntry] = {
    "build": CommandEntry("kg.commands.build:build", "Build the knowledge graph from SOURCES into an output folder."),
    "publish": CommandEntry("kg.commands.publish:publish_command",
                            "Copy a finished output folder's files to URL; only what changed since the last publish is sent."),
    "html": CommandEntry("kg.commands.html:html_command",
                         "Write GRAPH as a self-contained interactive HTML page that works offline."),
    "stats": CommandEntry("kg.commands.analyze:stats",
                          "Counts by node and edge type, top entities per type, largest communities, central papers."),
    "similar": CommandEntry("kg.commands.analyze:similar",
                            "The papers most related to one paper, with the shared items that explain each link."),
    "path": CommandEntry("kg.commands.analyze:path",
                         "How two papers connect: the cheapest chain of shared entities, code, owners or authors."),
    "neo4j": CommandEntry("kg.commands.neo4j:app", "Push the graph into Neo4j and run the saved queries."),
    "export": CommandEntry("kg.commands.export:app",
                           "Export the graph as files for Neo4j (a Cypher script, neo4j-admin CSVs)."),
    "fetch": CommandEntry("kg.commands.fetch:app",
                          "Download paper listings (arXiv API, Hugging Face daily papers) as files for kg build."),
    "train": CommandEntry("kg.commands.train:app", "Train kg's models."),
    "eval": CommandEntry("kg.commands.eval:app", "Score the graph's entities (or the NER alone) on gold data."),
    "audit": CommandEntry("kg.commands.audit:app", "Hand-judged precision audits of a graph's entity nodes."),
}


def load_command(name: str) -> Command:
    """The click command behind COMMANDS[name], importing its module now."""
    module, _, attribute = COMMANDS[name].target.partition(":")
    target = getattr(importlib.import_module(module), attribute)
    if isinstance(target, typer.Typer):
        command = typer.main.get_group(target)
    else:
        single = typer.Typer(rich_markup_mode=None, add_completion=False)
        single.command(name)(target)
        command = typer.main.get_command(single)
    command.name = name
    return command


class LazyGroup(TyperGroup):
    """The `kg` command group: lists COMMANDS from the table, imports one only when it is run."""

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Command | None:
        return load_command(cmd_name) if cmd_name in COMMANDS else None

    def format_commands(self, ctx: typer.Context, formatter: HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, entry.summary) for name, entry in COMMANDS.items()])


app = typer.Typer(
    name="kg",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    cls=LazyGroup,
)


def _print_version(wanted: bool) -> None:
    if wanted:
        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def kg_options(
    version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_print_version, help="Print kg's version and exit."
    ),
) -> None:
    """Build a knowledge graph of ML papers (methods, datasets, tasks, metrics, code) and explore it.

    Settings such as NEO4J_URI and NEO4J_PASSWORD are read from the environment and from a .env file
    in the current folder; the environment wins. Run `kg COMMAND --help` for a command's options.
    """
    from dotenv import load_dotenv  # here: only a command that runs reads .env, never an import or --help

    load_dotenv(Path.cwd() / ".env", override=False)


def main() -> None:
    app(prog_name="kg")


if __name__ == "__main__":
    # Run as `python kg/cli.py`, Python puts kg/ first on sys.path, where kg/neo4j.py (the public module)
    # would pass for the neo4j driver when a lazy group imports it; the package is found without it.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or os.curdir) != here]
    main()
