"""Cypher queries loaded by name from the `queries/` folder: the only place kg keeps Cypher.

Each file opens with `//` comment lines: a description, then one line per parameter,
`// param: NAME (TYPE, default VALUE) what it means` or `(TYPE, example VALUE)` for a required
one, VALUE written as JSON. Keeping the contract in the file lets `kg neo4j query` convert
command-line values and lets tests check that every `$name` the query uses is declared.

A few files under queries/push/ are templates: a label or relationship type cannot be a
parameter, so their text holds `{{name}}` placeholders that kg fills (`Query.filled`) with
backtick-quoted names it chose itself. Values are never filled in; they stay parameters.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

# Neo4j integers are 64-bit; a larger Python int cannot be sent as a parameter.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
PARAM_TYPES: dict[str, type] = {"int": int, "float": float, "str": str, "bool": bool, "list": list}
# How an error names what a parameter of each type needs.
_NEEDS: dict[str, str] = {"int": "an integer", "float": "a number", "str": "text"}

_PARAM_LINE = re.compile(
    r"^//\s*param:\s*(?P<name>\w+)\s*\((?P<type>\w+),\s*(?P<kind>default|example)\s+(?P<value>.+?)\)\s*(?P<help>.*)$"
)
_NAME = re.compile(r"^[A-Za-z0-9_]+(/[A-Za-z0-9_]+)*$")
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


class QueryError(ValueError):
    """A query that does not exist, is malformed, or got parameters it cannot use."""


@dataclass(frozen=True, slots=True)
class Param:
    """A declared query parameter; `required` ones have an example instead of a default."""

    name: str
    type: str
    value: Any
    required: bool
    help: str

    def convert(self, text: str) -> Any:
        """The command-line string as the declared type (bool: true/false/yes/no/1/0; list: JSON)."""
        if self.type == "bool":
            lowered = text.strip().lower()
            if lowered in {"true", "yes", "1"}:
                return True
            if lowered in {"false", "no", "0"}:
                return False
            raise QueryError(f"parameter {self.name!r} needs true or false, got {text!r}")
        if self.type == "list":
            try:
                value = json.loads(text)
            except json.JSONDecodeError as error:
                raise QueryError(f"parameter {self.name!r} needs a JSON list, got {text!r}") from error
            if not isinstance(value, list):
                raise QueryError(f"parameter {self.name!r} needs a JSON list, got {text!r}")
            return value
        try:
            value = PARAM_TYPES[self.type](text)
        except ValueError as error:
            raise QueryError(f"parameter {self.name!r} needs {_NEEDS[self.type]}, got {text!r}") from error
        if self.type == "int" and not INT64_MIN <= value <= INT64_MAX:
            raise QueryError(f"parameter {self.name!r} needs an integer from {INT64_MIN} to {INT64_MAX} "
                             f"(Neo4j's 64-bit range), got {text!r}")
        return value


@dataclass(frozen=True, slots=True)
class Query:
    """One `.cypher` file: its name (path under queries/ without suffix), header and text."""

    name: str
    description: str
    params: tuple[Param, ...]
    text: str

    @property
    def placeholders(self) -> frozenset[str]:
        """The `{{name}}` placeholders outside comments; empty unless the file is a template."""
        return frozenset(_PLACEHOLDER.findall(_body(self.text)))

    def filled(self, names: Mapping[str, str | tuple[str, ...]]) -> Query:
        """The template with each placeholder replaced by its backtick-quoted name; a tuple of names
        becomes a label disjunction (`A`|`B`). Every placeholder needs a name and every name a
        placeholder, so a template and its caller cannot drift apart silently."""
        if set(names) != self.placeholders:
            raise QueryError(f"template {self.name!r} has placeholders {sorted(self.placeholders)}, "
                             f"got names for {sorted(names)}")
        quoted = {key: "|".join(map(quote_name, (value,) if isinstance(value, str) else value))
                  for key, value in names.items()}
        lines = [line if line.lstrip().startswith("//") else _PLACEHOLDER.sub(lambda match: quoted[match[1]], line)
                 for line in self.text.splitlines()]
        return replace(self, text="\n".join(lines))

    @property
    def statements(self) -> list[str]:
        """The statements of a multi-statement file (schema scripts), split at `;` line ends."""
        return [part.strip() for part in re.split(r";\s*(?:\n|$)", _body(self.text)) if part.strip()]

    def parameters(self, given: dict[str, str]) -> dict[str, Any]:
        """Declared defaults overridden by command-line `key=value` strings, each converted."""
        if self.placeholders:
            raise QueryError(f"{self.name!r} is a template kg fills itself, not a query to run")
        declared = {param.name: param for param in self.params}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            known = ", ".join(declared) or "none"
            raise QueryError(f"query {self.name!r} has no parameter {unknown[0]!r} (parameters: {known})")
        values: dict[str, Any] = {}
        for name, param in declared.items():
            if name in given:
                values[name] = param.convert(given[name])
            elif param.required:
                raise QueryError(
                    f"query {self.name!r} needs --param {name}=... (e.g. {name}={param.value})"
                )
            else:
                values[name] = param.value
        return values


def quote_name(name: str) -> str:
    """A backtick-quoted Cypher identifier (label, type, map key), safe for any text."""
    return "`" + name.replace("`", "``") + "`"


def _body(text: str) -> str:
    """Query text without its comment lines."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))


def queries_dir() -> Path:
    """`KG_QUERIES_DIR`, else the `queries/` folder next to the package (source checkouts)."""
    configured = os.environ.get("KG_QUERIES_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parent.parent / "queries"


def parse_query(name: str, text: str) -> Query:
    """The header and body of one query file; malformed parameter lines are errors, not comments."""
    description: list[str] = []
    params: list[Param] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        if re.match(r"^//\s*param:", stripped):
            params.append(_parse_param(name, stripped))
        elif not params:
            description.append(stripped[2:].strip())
    summary = " ".join(part for part in description if part)
    if not summary:
        raise QueryError(f"query {name!r} has no description comment")
    return Query(name=name, description=summary, params=tuple(params), text=text)


def _parse_param(query_name: str, line: str) -> Param:
    match = _PARAM_LINE.match(line)
    if not match or match["type"] not in PARAM_TYPES:
        raise QueryError(f"query {query_name!r}: bad parameter line {line!r}")
    try:
        value = json.loads(match["value"])
    except json.JSONDecodeError as error:
        raise QueryError(f"query {query_name!r}: value in {line!r} is not JSON") from error
    return Param(
        name=match["name"],
        type=match["type"],
        value=value,
        required=match["kind"] == "example",
        help=match["help"].strip(),
    )


@cache
def _load(directory: Path, name: str) -> Query:
    if not _NAME.match(name):
        raise QueryError(f"bad query name {name!r}")
    path = directory / f"{name}.cypher"
    if not path.is_file():
        raise QueryError(f"no query named {name!r} in {directory}")
    return parse_query(name, path.read_text(encoding="utf-8"))


def load_query(name: str) -> Query:
    """The query `queries/<name>.cypher`, e.g. `top_methods` or `push/wipe`."""
    return _load(queries_dir(), name)


def list_queries() -> list[Query]:
    """The user-facing queries: the `.cypher` files directly in queries/ (push/ holds internals)."""
    directory = queries_dir()
    return [load_query(path.stem) for path in sorted(directory.glob("*.cypher"))]
