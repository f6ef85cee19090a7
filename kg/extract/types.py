"""What extraction produces for one paper: the hand-off between spaCy and the graph builder."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence a claim rests on, with the claim's offsets inside it."""

    sentence: str
    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, object]:
        return {"sentence": self.sentence, "start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Mention:
    """A typed entity mention.

    `label` is a graph type (Method, Dataset, Task, Metric, Concept); `canonical`
    is the canonical name when a gazetteer knows it; `proposed` marks a
    contribution cue ("we propose X").
    """

    text: str
    label: str
    evidence: Evidence
    proposed: bool = False
    canonical: str | None = None


@dataclass(frozen=True, slots=True)
class CodeLink:
    """A link to a code repository, normalized to https://host/owner/name."""

    url: str
    host: str
    owner: str
    name: str
    evidence: Evidence | None = None


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one paper's title and abstract."""

    paper_id: str
    mentions: list[Mention] = field(default_factory=list)
    code: list[CodeLink] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    # (short form, long form) pairs found in this paper, e.g. ("LoRA", "Low-Rank Adaptation").
    abbreviations: list[tuple[str, str]] = field(default_factory=list)
