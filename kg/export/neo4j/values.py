"""Graph attributes as Neo4j property values: one conversion shared by the Bolt push, the Cypher
script and the neo4j-admin CSVs, so all three leave the same database behind.

Neo4j properties hold scalars and homogeneous lists of scalars only. So (see docs/neo4j.md):
- `None` and empty lists are left out (the graph contract already omits absent attributes);
- a map, a list of maps or a mixed list becomes a JSON string under `<name>_json`;
- `evidence` (a list of maps) is stored twice: `evidence_json` keeps the full records with offsets,
  `evidence` the sentences alone, in the same order, for display and search in Neo4j Browser.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from kg.queries import INT64_MAX, INT64_MIN

JSON_SUFFIX = "_json"
EVIDENCE = "evidence"
# Attributes carried by the label / relationship type or by the endpoints instead of a property.
NODE_STRUCTURE = frozenset({"type"})
EDGE_STRUCTURE = frozenset({"type", "source", "target", "key"})

Scalar = bool | int | float | str


class PropertyError(ValueError):
    """An attribute value Neo4j cannot store even after conversion (e.g. an integer over 64 bits)."""


def node_properties(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """The properties of a node (its `id` included, its `type` becoming the label)."""
    return _properties(attributes, NODE_STRUCTURE)


def edge_properties(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """The properties of a relationship (type and endpoints live in the relationship itself)."""
    return _properties(attributes, EDGE_STRUCTURE)


def _properties(attributes: Mapping[str, Any], structure: frozenset[str]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for name, value in attributes.items():
        if name in structure or value is None:
            continue
        if isinstance(value, list) and not value:
            continue
        stored = _storable(name, value)
        if stored is not None:
            properties[name] = stored
            continue
        properties[name + JSON_SUFFIX] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        if name == EVIDENCE and _is_evidence(value):
            properties[EVIDENCE] = [item["sentence"] for item in value]
    return dict(sorted(properties.items()))


def _storable(name: str, value: Any) -> Scalar | list[Scalar] | None:
    """The value itself when Neo4j can hold it as is, else None (it must go in as JSON)."""
    if isinstance(value, (bool, str, float)):
        return value
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise PropertyError(f"attribute {name!r}: {value} does not fit in a 64-bit integer")
        return value
    if isinstance(value, list):
        kinds = {type(item) for item in value}
        if len(kinds) == 1 and kinds <= {bool, str, int, float}:
            return [_storable(name, item) for item in value]  # type: ignore[misc]
        if kinds == {int, float}:
            return [float(item) for item in value]
    return None


def _is_evidence(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, dict) and isinstance(item.get("sentence"), str) for item in value
    )
