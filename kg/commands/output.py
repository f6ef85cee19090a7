"""How every `kg` command talks to the terminal: one console per stream and one way to fail.

Text that comes from input files (titles, names, reasons that quote them) may hold control characters;
`fail` and `clean` strip them, and `fail` prints its message as plain text, never as Rich markup, so a
bracket in a title or a path cannot be eaten or restyle the line.
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.text import Text

from kg.ingest.checks import strip_controls


def console(stderr: bool = False) -> Console:
    """A console sized for the terminal at call time; soft_wrap keeps each message on one line."""
    return Console(stderr=stderr, soft_wrap=True, highlight=False)


def clean(text: object) -> str:
    """`text` as a string without control characters: safe to show on a terminal."""
    return strip_controls(str(text))


def fail(message: object) -> typer.Exit:
    """Print the one line `error: message` on stderr; the caller raises the returned exit (code 1)."""
    console(stderr=True).print(Text("error: ", style="red") + Text(clean(message)))
    return typer.Exit(1)
