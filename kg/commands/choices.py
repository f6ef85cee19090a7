"""The closed sets of values options take, as Literal types Typer shows and checks as choices.

They are spelled out here so that `kg build --help` needs neither spaCy nor the readers; tests/cli checks
they equal kg.extract.pipeline.MODES, kg.ingest.FORMATS and kg.builder.ENGINES.
"""

from __future__ import annotations

from typing import Literal

Mode = Literal["default", "fast"]
InputFormat = Literal["hf-listing", "arxiv-atom", "arxiv-snapshot", "hf-api", "csv", "jsonl"]
Engine = Literal["local", "dask"]
