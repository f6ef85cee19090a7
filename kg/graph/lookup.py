"""Finding a node from what a user typed: one policy for `kg path`, `kg similar`, `kg html --focus` and
`kg.find`, so a name that works in one place works in all of them.

Tiers, the first with any match deciding:
  1. the node id itself, or (for papers) an arXiv id in any spelling;
  2. an exact name, alias or title (case-insensitive). Entities win over other nodes here, and among
     them the model's order (Method before Dataset ...), so "LoRA" finds the method whose alias it is
     rather than a repository or a paper titled "LoRA";
  3. the words in sequence inside a name, alias or title (case- and punctuation-insensitive), so
     "PLLaVA" names PLLaVA even though "PPLLaVA" contains it;
  4. any substring of a name, alias, title or id.
More than one node left in the deciding tier is an error listing the candidates, never a guess.
The page's search box (kg/resources/html/page.js) also ranks an exact name or alias first; being a
list, it shows ties (best connected first) instead of refusing them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator

import networkx as nx

from kg.model import ENTITY_TYPES, NODE_TYPES, PAPER, normalize_arxiv_id, normalize_title

_SHOWN_CANDIDATES = 5
_SPACES = re.compile(r"\s+")
# Which type an exact name prefers when several nodes carry it: entities, then the rest in model order.
_TYPE_ORDER: tuple[str, ...] = (*ENTITY_TYPES, *(t for t in NODE_TYPES if t not in ENTITY_TYPES))


class NodeLookupError(LookupError):
    """No node, or more than one, matches what was asked for; `candidates` holds the tied ids."""

    def __init__(self, message: str, candidates: list[str] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


def _exact_key(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def _names(G: nx.DiGraph, node: str) -> Iterator[str]:
    data = G.nodes[node]
    for key in ("name", "title"):
        if data.get(key):
            yield str(data[key])
    aliases = data.get("aliases") or []
    yield from (str(alias) for alias in (aliases if isinstance(aliases, (list, tuple)) else [aliases]))


def _type_rank(node_type: object) -> int:
    """Entities first, then the other types in the model's order, unknown types last."""
    return _TYPE_ORDER.index(node_type) if node_type in _TYPE_ORDER else len(_TYPE_ORDER)


def find_node(G: nx.DiGraph, query: str, *, types: Collection[str] | None = None) -> str:
    """The id of the one node (of `types`, default any) that `query` names; see the module docstring."""
    noun = "paper" if types is not None and set(types) == {PAPER} else "node"
    text = query.strip()
    if text in G and (types is None or G.nodes[text].get("type") in types):
        return text
    arxiv = f"paper:arxiv:{normalize_arxiv_id(text)}"
    if arxiv in G and (types is None or PAPER in types):
        return arxiv
    wanted = normalize_title(text)
    if not wanted:
        raise NodeLookupError(f"empty {noun} name {query!r}")
    candidates = [node for node in G if types is None or G.nodes[node].get("type") in types]
    words = re.compile(rf"(?:^| ){re.escape(wanted)}(?: |$)")
    typed = text.casefold()

    def exact() -> list[str]:
        key = _exact_key(text)
        found = [node for node in candidates if any(_exact_key(name) == key for name in _names(G, node))]
        best = min((_type_rank(G.nodes[node].get("type")) for node in found), default=0)
        return [node for node in found if _type_rank(G.nodes[node].get("type")) == best]

    def in_words() -> list[str]:
        return [node for node in candidates
                if any(words.search(normalize_title(name)) for name in _names(G, node))]

    def anywhere() -> list[str]:
        return [node for node in candidates if typed in str(node).casefold()
                or any(wanted in normalize_title(name) for name in _names(G, node))]

    matches = next((found for found in (tier() for tier in (exact, in_words, anywhere)) if found), [])
    if not matches:
        raise NodeLookupError(f"no {noun} matches {query!r} (searched ids, names, aliases and titles)")
    if len(matches) > 1:
        ordered = sorted(matches)
        shown = "; ".join(f"{node} ({next(_names(G, node), '')})" for node in ordered[:_SHOWN_CANDIDATES])
        more = f" and {len(ordered) - _SHOWN_CANDIDATES} more" if len(ordered) > _SHOWN_CANDIDATES else ""
        raise NodeLookupError(f"{query!r} matches {len(ordered)} {noun}s: {shown}{more}; "
                              "give more of the name or the id", ordered)
    return matches[0]


def find_paper(G: nx.DiGraph, query: str) -> str:
    """The id of the one paper `query` names: its id, an arXiv id, or (part of) its title."""
    return find_node(G, query, types=(PAPER,))
