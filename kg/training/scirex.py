"""SciREX papers as the graph sees them: title and abstract text, their gold mentions, the salient entities.

Each line of the SciREX file is a whole paper, tokenized (hyphens split: "V - Net"), in one of two layouts:
  * "document : TITLE ABSTRACT ..." as section 0, whose first sentence is the title;
  * the title as section 0 and the abstract as a later section headed "section : Abstract" (or no title
    at all: section 0 is then the abstract's text).
Only the abstract is kept (at most MAX_ABSTRACT_WORDS words, cut at a sentence end: a few papers have
their whole body in section 0), because the graph is built from title + abstract only. A paper without a
title takes its abstract's first sentence as title.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.extract.pipeline import TITLE_SEPARATOR
from kg.training.corpus import CorpusError, GoldDoc, GoldSpan, detokenize
from kg.training.scirex_split import SPLITS, scirex_split

SCIREX_LABELS: tuple[str, ...] = ("Method", "Task", "Material", "Metric")
MAX_ABSTRACT_WORDS = 400
# A first section longer than this is the abstract's text, not a title.
MAX_TITLE_WORDS = 40
# The abstract section is looked for among the first few sections only.
ABSTRACT_SECTION_WITHIN = 4

WordRange = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldMention:
    """A gold mention inside the title or abstract: its text, SciREX type and offsets in `ScirexPaper.text`."""

    text: str
    label: str
    start: int
    end: int


@dataclass(slots=True)
class SalientEntity:
    """One of the paper's salient entities (SciREX `coref`), typed by the majority of its gold mentions."""

    name: str
    label: str
    # Texts of its mentions in the title or abstract (empty: the graph could not see it).
    texts: list[str] = field(default_factory=list)
    mentions: int = 0


@dataclass(slots=True)
class ScirexPaper:
    doc_id: str
    title: str
    abstract: str
    mentions: list[GoldMention] = field(default_factory=list)
    salient: list[SalientEntity] = field(default_factory=list)

    @property
    def split(self) -> str:
        return scirex_split(self.doc_id)

    @property
    def text(self) -> str:
        """Title and abstract as the extractor joins them into one document."""
        return f"{self.title}{TITLE_SEPARATOR}{self.abstract}" if self.title and self.abstract else self.title or self.abstract

    def gold_doc(self) -> GoldDoc:
        """The paper's text with its gold mentions as spans, for mention-level scoring."""
        return GoldDoc(self.doc_id, self.text, [GoldSpan(m.start, m.end, m.label) for m in self.mentions])


def _header_is_abstract(words: list[str], start: int) -> bool:
    return words[start:start + 2] == ["section", ":"] and start + 2 < len(words) and words[start + 2].lower() == "abstract"


def _skip_punctuation(words: list[str], start: int, end: int) -> int:
    while start < end and words[start] in {".", "-", ":"}:
        start += 1
    return start


def text_ranges(record: dict) -> tuple[WordRange, WordRange]:
    """(title, abstract) word ranges of a SciREX record; an empty range (i, i) where there is none."""
    words: list[str] = record["words"]
    sections: list[list[int]] = record["sections"]
    first_end = sections[0][1]
    if words[:2] == ["document", ":"]:
        title_end = record["sentences"][0][1]
        if title_end > first_end or title_end - 2 > MAX_TITLE_WORDS:
            return (2, 2), _capped(record, 2, first_end)
        return (2, title_end), _capped(record, title_end, first_end)
    abstract = next(
        (section for section in sections[1:ABSTRACT_SECTION_WITHIN] if _header_is_abstract(words, section[0])), None
    )
    if abstract is not None:
        title = (0, first_end) if first_end <= MAX_TITLE_WORDS else (0, 0)
        return title, _capped(record, _skip_punctuation(words, abstract[0] + 3, abstract[1]), abstract[1])
    if first_end > MAX_TITLE_WORDS:
        return (0, 0), _capped(record, 0, first_end)
    return (0, first_end), (first_end, first_end)


def _capped(record: dict, start: int, end: int) -> WordRange:
    """[start, end) cut to MAX_ABSTRACT_WORDS words, at the last sentence end that fits when there is one."""
    limit = start + MAX_ABSTRACT_WORDS
    if end <= limit:
        return start, end
    ends = [e for _, e in record["sentences"] if start < e <= limit]
    return start, max(ends) if ends else limit


def _with_title(record: dict, title: WordRange, abstract: WordRange) -> tuple[WordRange, WordRange]:
    """A paper without a title takes its abstract's first sentence as title: `kg build` needs a title,
    and the extractor sees the same text either way (title and abstract are joined into one document)."""
    if title[0] < title[1] or abstract[0] == abstract[1]:
        return title, abstract
    first_end = next((e for s, e in record["sentences"] if s <= abstract[0] < e), abstract[1])
    first_end = min(first_end, abstract[1])
    return (abstract[0], first_end), (first_end, abstract[1])


def paper_from_record(record: dict) -> ScirexPaper:
    """The title, abstract, gold mentions and salient entities of one SciREX record."""
    words: list[str] = record["words"]
    title_range, abstract_range = _with_title(record, *text_ranges(record))
    title, title_offsets = detokenize(words[slice(*title_range)], glue_hyphens=True)
    abstract, abstract_offsets = detokenize(words[slice(*abstract_range)], glue_hyphens=True)
    paper = ScirexPaper(record["doc_id"], title, abstract)
    abstract_shift = len(paper.text) - len(abstract)

    def visible(start: int, end: int) -> tuple[int, int] | None:
        """Character offsets in `paper.text` of a word span inside the title or the abstract."""
        for (first, stop), offsets, shift in ((title_range, title_offsets, 0),
                                              (abstract_range, abstract_offsets, abstract_shift)):
            if first <= start and end <= stop and start < end:
                return offsets[start - first][0] + shift, offsets[end - 1 - first][1] + shift
        return None

    label_of: dict[tuple[int, int], str] = {}
    for start, end, label in record["ner"]:
        label_of[(start, end)] = label
        chars = visible(start, end)
        if chars is not None:
            paper.mentions.append(GoldMention(paper.text[slice(*chars)], label, *chars))
    for name, spans in sorted(record["coref"].items()):
        labels = Counter(label_of[(s, e)] for s, e in spans if (s, e) in label_of)
        if not labels:
            continue  # no mention anywhere in the paper (relation-only names such as "A___B")
        label = min(labels, key=lambda item: (-labels[item], item))
        texts = [paper.text[slice(*chars)] for chars in (visible(s, e) for s, e in spans) if chars is not None]
        paper.salient.append(SalientEntity(name, label, texts, len(spans)))
    return paper


def scirex_records(path: Path) -> Iterator[tuple[int, dict]]:
    """(line, record) of each non-blank line of a SciREX JSON-lines file, gzipped or not: the one reader of
    the file that the document-level scorer, the NER training corpus and the link-judging script share."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise CorpusError(f"{path}:{line_no}: not a SciREX record ({error!r})") from error
            yield line_no, record


def read_scirex(path: Path, split: str = "all") -> Iterator[ScirexPaper]:
    """The papers of a SciREX JSON-lines file (optionally gzipped) in one part of the fixed split, or 'all'."""
    if split != "all" and split not in SPLITS:
        raise ValueError(f"unknown SciREX split {split!r}; expected one of {', '.join(SPLITS)} or all")
    for line_no, record in scirex_records(path):
        try:
            if split != "all" and scirex_split(record["doc_id"]) != split:
                continue
            paper = paper_from_record(record)
        except (KeyError, TypeError, ValueError, IndexError) as error:
            raise CorpusError(f"{path}:{line_no}: not a SciREX record ({error!r})") from error
        yield paper
