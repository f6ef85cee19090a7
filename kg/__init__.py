"""kg: a knowledge-graph builder for machine-learning research papers.

The public Python API (README.md, "Python API"; docs/architecture.md): the names in `__all__` below and
the modules `kg.analysis`, `kg.neo4j` and `kg.notebooks`. Every other module is internal and may change.

Names resolve on first use (module `__getattr__`), so `import kg` loads nothing heavy, opens no
connection, and does not slow the `kg` command's start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> the internal module defining it.
_PUBLIC: dict[str, str] = {
    **dict.fromkeys(("build", "load", "find", "similar", "path", "write_html", "to_pyvis", "SimilarPaper"),
                    "kg.api"),
    "ExplanationPath": "kg.graph.analytics",
    "NodeLookupError": "kg.graph.lookup",
    "GraphFileError": "kg.graph.readwrite",
    # The graph vocabulary: node and edge types as they appear in every output.
    **dict.fromkeys((
        "NODE_TYPES", "ENTITY_TYPES", "EDGE_TYPES",
        "PAPER", "METHOD", "DATASET", "TASK", "METRIC", "CONCEPT", "REPOSITORY", "CODE_OWNER", "AUTHOR",
        "PROPOSES", "USES", "EVALUATES_ON", "ADDRESSES", "REPORTS", "MENTIONS", "HAS_CODE", "OWNED_BY",
        "AUTHORED_BY", "RELATED_TO",
    ), "kg.model"),
}
_PUBLIC_MODULES = ("analysis", "neo4j", "notebooks")

__all__ = ["__version__", *_PUBLIC, *_PUBLIC_MODULES]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        value = getattr(importlib.import_module(_PUBLIC[name]), name)
    elif name in _PUBLIC_MODULES:
        value = importlib.import_module(f"kg.{name}")
    else:  # also how `from kg import model` learns that `model` is a submodule still to be imported
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:  # what type checkers and editors see; at run time __getattr__ supplies these
    from kg import analysis as analysis
    from kg import neo4j as neo4j
    from kg import notebooks as notebooks
    from kg.api import (
        SimilarPaper as SimilarPaper,
        build as build,
        find as find,
        load as load,
        path as path,
        similar as similar,
        to_pyvis as to_pyvis,
        write_html as write_html,
    )
    from kg.graph.analytics import ExplanationPath as ExplanationPath
    from kg.graph.lookup import NodeLookupError as NodeLookupError
    from kg.graph.readwrite import GraphFileError as GraphFileError
    from kg.model import (
        ADDRESSES as ADDRESSES,
        AUTHOR as AUTHOR,
        AUTHORED_BY as AUTHORED_BY,
        CODE_OWNER as CODE_OWNER,
        CONCEPT as CONCEPT,
        DATASET as DATASET,
        EDGE_TYPES as EDGE_TYPES,
        ENTITY_TYPES as ENTITY_TYPES,
        EVALUATES_ON as EVALUATES_ON,
        HAS_CODE as HAS_CODE,
        MENTIONS as MENTIONS,
        METHOD as METHOD,
        METRIC as METRIC,
        NODE_TYPES as NODE_TYPES,
        OWNED_BY as OWNED_BY,
        PAPER as PAPER,
        PROPOSES as PROPOSES,
        RELATED_TO as RELATED_TO,
        REPORTS as REPORTS,
        TASK as TASK,
        USES as USES,
    )
