"""How every `kg` command talks to the terminal: one console per stream and one way to fail.

Text that comes from input files (titles, names, reasons that quote them) may hold control characters;
`fail` and `clean` strip them, and `fail` prints its message as plain text, never as Rich markup, so a
bracket in a title or a path cannot be eaten or restyle the line.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text


# `--json` on the commands that print tables: their JSON forms are described in docs/cli.md.
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (docs/cli.md) instead of tables.")]


def console(stderr: bool = False) -> Console:
    """A console sized for the terminal at call time; soft_wrap keeps each message on one line."""
    return Console(stderr=stderr, soft_wrap=True, highlight=False)


def clean(text: object) -> str:
    """`text` as a string without control characters: safe to show on a terminal."""
    from kg.ingest.checks import strip_controls  # here: kg.ingest loads pydantic, which no --help needs

    return strip_controls(str(text))


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """'1 paper', '2 papers', '0 entries' (give `plural_noun` where adding 's' is wrong)."""
    return f"{count} {noun if count == 1 else plural_noun or noun + 's'}"


def command_group(summary: str) -> typer.Typer:
    """A Typer app of sub-commands whose help, like every kg help, is plain text: brackets shown as typed."""
    return typer.Typer(help=summary, no_args_is_help=True, rich_markup_mode=None, add_completion=False)


def fail(message: object) -> typer.Exit:
    """Print the one line `error: message` on stderr; the caller raises the returned exit (code 1)."""
    console(stderr=True).print(Text("error: ", style="red") + Text(clean(message)))
    return typer.Exit(1)
