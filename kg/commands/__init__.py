"""Typer sub-commands, one module per area; kg.cli registers them."""
