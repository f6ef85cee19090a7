"""The graph model shared by every output: node types, edge types and stable ids.

Ids are derived from content only, so two runs on the same input (on any
machine) give the same ids; see docs/graph-model.md.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

PAPER = "Paper"
METHOD = "Method"
DATASET = "Dataset"
TASK = "Task"
METRIC = "Metric"
CONCEPT = "Concept"
REPOSITORY = "Repository"
CODE_OWNER = "CodeOwner"
AUTHOR = "Author"

ENTITY_TYPES: tuple[str, ...] = (METHOD, DATASET, TASK, METRIC, CONCEPT)
NODE_TYPES: tuple[str, ...] = (PAPER, *ENTITY_TYPES, REPOSITORY, CODE_OWNER, AUTHOR)

PROPOSES = "PROPOSES"
USES = "USES"
EVALUATES_ON = "EVALUATES_ON"
ADDRESSES = "ADDRESSES"
REPORTS = "REPORTS"
MENTIONS = "MENTIONS"
HAS_CODE = "HAS_CODE"
OWNED_BY = "OWNED_BY"
AUTHORED_BY = "AUTHORED_BY"
RELATED_TO = "RELATED_TO"

# The edge a paper gets to an entity it mentions (methods: USES unless proposed).
MENTION_EDGE: dict[str, str] = {
    METHOD: USES,
    DATASET: EVALUATES_ON,
    TASK: ADDRESSES,
    METRIC: REPORTS,
    CONCEPT: MENTIONS,
}
EDGE_TYPES: tuple[str, ...] = (
    PROPOSES, USES, EVALUATES_ON, ADDRESSES, REPORTS, MENTIONS,
    HAS_CODE, OWNED_BY, AUTHORED_BY, RELATED_TO,
)

# (source label, target label) of each edge type; docs/graph-model.md, "Edges".
EDGE_ENDPOINTS: dict[str, tuple[str, str]] = {
    PROPOSES: (PAPER, METHOD),
    USES: (PAPER, METHOD),
    EVALUATES_ON: (PAPER, DATASET),
    ADDRESSES: (PAPER, TASK),
    REPORTS: (PAPER, METRIC),
    MENTIONS: (PAPER, CONCEPT),
    HAS_CODE: (PAPER, REPOSITORY),
    OWNED_BY: (REPOSITORY, CODE_OWNER),
    AUTHORED_BY: (PAPER, AUTHOR),
    RELATED_TO: (PAPER, PAPER),
}
# Attributes every node of a type must have beyond `id` and `type`.
REQUIRED_NODE_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    label: ("name", "title") if label == PAPER else ("name",) for label in NODE_TYPES
}

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+")


def normalize_title(title: str) -> str:
    """Casefolded title with punctuation and spacing removed: the dedup key of last resort."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


def normalize_arxiv_id(arxiv_id: str) -> str:
    """arXiv id without URL prefix or version: '2106.09685v2' -> '2106.09685'."""
    value = arxiv_id.strip()
    value = re.sub(r"^(?:https?://)?(?:www\.)?arxiv\.org/(?:abs|pdf)/", "", value, flags=re.I)
    value = re.sub(r"^arxiv:", "", value, flags=re.I)
    value = re.sub(r"\.pdf$", "", value, flags=re.I)
    return re.sub(r"v\d+$", "", value)


def normalize_doi(doi: str) -> str:
    """Lower-case DOI without resolver prefix: DOIs are case-insensitive."""
    value = doi.strip()
    value = re.sub(r"^(?:https?://)?(?:dx\.)?doi\.org/", "", value, flags=re.I)
    return re.sub(r"^doi:", "", value, flags=re.I).lower()


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def paper_id(arxiv_id: str | None, doi: str | None, title: str) -> str:
    """Stable paper id: arXiv id, else DOI, else a hash of the normalized title."""
    if arxiv_id:
        return f"paper:arxiv:{normalize_arxiv_id(arxiv_id)}"
    if doi:
        return f"paper:doi:{normalize_doi(doi)}"
    return f"paper:title:{_short_hash(normalize_title(title))}"


def slug(name: str) -> str:
    """Lower-case id fragment keeping letters, digits, '.', '+' and '-' (CIFAR-10 stays apart from CIFAR-100)."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[^\w.+-]+", "-", text)
    return re.sub(r"-{2,}", "-", text).strip("-")


def entity_id(entity_type: str, canonical_key: str) -> str:
    """Id of an entity node, e.g. ('Method', 'lora') -> 'method:lora'."""
    return f"{entity_type.lower()}:{slug(canonical_key)}"


def entity_type_of(node_id: str) -> str:
    """The entity type an entity id was made for: 'method:lora' -> 'Method'."""
    prefix = node_id.split(":", 1)[0]
    for entity_type in ENTITY_TYPES:
        if entity_type.lower() == prefix:
            return entity_type
    raise ValueError(f"not an entity id: {node_id!r}")


def repository_id(host: str, owner: str, name: str) -> str:
    """Id of a code repository; hosts treat owner/name case-insensitively."""
    return f"repo:{host.lower()}/{owner.lower()}/{name.lower()}"


def code_owner_id(host: str, owner: str) -> str:
    """Id of the user or organisation that owns repositories on a host."""
    return f"owner:{host.lower()}/{owner.lower()}"


def author_id(name: str) -> str:
    """Id of an author node from the name as written."""
    return f"author:{slug(name)}"
