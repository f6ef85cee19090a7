"""The `kg` command line: build, inspect, export and query paper knowledge graphs."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="kg",
    help="Build a knowledge graph of ML papers (methods, datasets, tasks, metrics, code) and explore it.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

# Each area registers its commands here, one line per command or sub-app.
# (area registrations below)
from kg.commands.build import build  # noqa: E402

app.command()(build)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
