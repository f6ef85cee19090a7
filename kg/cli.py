"""The `kg` command line: build, inspect, export and query paper knowledge graphs."""

from __future__ import annotations

import importlib
import os
import sys

import click
import typer
from typer.core import TyperGroup

# Command groups whose modules load only when that group runs, so `kg build` does not import the neo4j
# driver (and pandas with it), the NER training code or the fetchers: name -> (module, its Typer app).
LAZY_GROUPS: dict[str, tuple[str, str]] = {}


class LazyGroup(TyperGroup):
    """The `kg` command group, resolving LAZY_GROUPS on first use (help lists them all, so it loads them)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *LAZY_GROUPS]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in LAZY_GROUPS:
            return super().get_command(ctx, cmd_name)
        module, attribute = LAZY_GROUPS[cmd_name]
        group = typer.main.get_group(getattr(importlib.import_module(module), attribute))
        group.name = cmd_name
        return group


app = typer.Typer(
    name="kg",
    help="Build a knowledge graph of ML papers (methods, datasets, tasks, metrics, code) and explore it.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    cls=LazyGroup,
)

# Each area registers its commands here, one line per command or sub-app.
# (area registrations below)
from kg.commands.build import build  # noqa: E402

app.command()(build)
from kg.commands.html import html_command  # noqa: E402

app.command("html")(html_command)
LAZY_GROUPS["neo4j"] = ("kg.commands.neo4j", "app")
LAZY_GROUPS["export"] = ("kg.commands.export", "app")
LAZY_GROUPS["fetch"] = ("kg.commands.fetch", "app")
LAZY_GROUPS["train"] = ("kg.commands.train", "app")
LAZY_GROUPS["eval"] = ("kg.commands.eval", "app")
LAZY_GROUPS["audit"] = ("kg.commands.audit", "app")
from kg.commands import analyze as analyze_commands  # noqa: E402

analyze_commands.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    # Run as `python kg/cli.py`, Python puts kg/ first on sys.path, where kg/neo4j.py (the public module)
    # would pass for the neo4j driver when a lazy group imports it; the package is found without it.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or os.curdir) != here]
    main()
