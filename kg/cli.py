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
from kg.commands.html import html_command  # noqa: E402

app.command("html")(html_command)
from kg.commands import export as export_commands, neo4j as neo4j_commands  # noqa: E402

app.add_typer(neo4j_commands.app, name="neo4j")
app.add_typer(export_commands.app, name="export")
from kg.commands.fetch import app as fetch_app  # noqa: E402

app.add_typer(fetch_app, name="fetch")
from kg.commands import eval as eval_commands, train as train_commands  # noqa: E402

app.add_typer(train_commands.app, name="train")
app.add_typer(eval_commands.app, name="eval")
from kg.commands import analyze as analyze_commands  # noqa: E402

analyze_commands.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
