"""The Cypher kg writes with, filled from the graph model's tables.

queries/push/ holds one template per kind of write (node upsert, edge upsert, uniqueness
constraint, indexes). Labels and relationship types cannot be query parameters, so they are
filled into the text, and only names looked up in kg.model are: anything else is refused before
a query is built. Values always stay parameters (`$rows`). Shared by the Bolt push and the
offline Cypher script, so this module must not import the Neo4j driver.
"""

from __future__ import annotations

import re

from kg import model
from kg.queries import Query, QueryError, load_query

# The mark of everything kg writes (queries/push/ spell it out): the label every node kg creates
# carries, and the property holding the name of the graph it came from. Wipes delete only these.
KG_NODE_LABEL = "KgNode"
GRAPH_PROPERTY = "kg_graph"
# How long the push (and the Cypher script) waits for new indexes to come online.
INDEX_WAIT_SECONDS = 300
# The labels the full-text index `kg_text` covers: papers and extracted entities.
SEARCHED_LABELS: tuple[str, ...] = (model.PAPER, *model.ENTITY_TYPES)

_WORD_START = re.compile(r"(?<!^)(?=[A-Z])")


class UnknownNameError(ValueError):
    """A label or relationship type the graph model does not have."""


def node_upsert(label: str) -> str:
    """The upsert of a batch of `label` nodes (`$rows`: `{id, props}` maps)."""
    if label not in model.NODE_TYPES:
        raise UnknownNameError(f"no node label {label!r} in the graph model (known: {', '.join(model.NODE_TYPES)})")
    return _only_statement(load_query("push/node_upsert").filled({"label": label}))


def edge_upsert(edge_type: str) -> str:
    """The upsert of a batch of `edge_type` relationships (`$rows`: `{source, target, props}` maps)."""
    if edge_type not in model.EDGE_ENDPOINTS:
        raise UnknownNameError(f"no relationship type {edge_type!r} in the graph model "
                               f"(known: {', '.join(model.EDGE_TYPES)})")
    source_label, target_label = model.EDGE_ENDPOINTS[edge_type]
    names = {"type": edge_type, "source_label": source_label, "target_label": target_label}
    return _only_statement(load_query("push/edge_upsert").filled(names))


def constraint_name(label: str) -> str:
    """The name of a label's uniqueness constraint: `Paper` -> `paper_id`, `CodeOwner` -> `code_owner_id`."""
    return _WORD_START.sub("_", label).lower() + "_id"


def schema_statements() -> list[str]:
    """Every constraint, then every index, one statement each (run them one at a time)."""
    constraint = load_query("push/constraint")
    statements = [_only_statement(constraint.filled({"name": constraint_name(label), "label": label}))
                  for label in model.NODE_TYPES]
    return statements + load_query("push/indexes").filled({"searched_labels": SEARCHED_LABELS}).statements


def _only_statement(query: Query) -> str:
    statements = query.statements
    if len(statements) != 1:
        raise QueryError(f"template {query.name!r} should hold one statement, not {len(statements)}")
    return statements[0]
