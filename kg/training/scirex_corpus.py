"""SciREX's dense mentions as NER gold: sentences for training, abstracts or sections for mention-level scoring.

SciREX (Jain et al., 2020) annotates every Method, Task, Material and Metric mention over 204 full ML papers,
on words split PTB-style with hyphens as tokens of their own ("end - to - end"). We rebuild running text with
hyphenated words glued back together (kg's tokenizer keeps them whole) and drop the "section :" style heading
markers the corpus puts before each heading. Which papers are read is decided by the fixed split in
`kg.training.scirex_split`: callers ask for one part ("train", "dev" or "test"), never all.
(Document-level reading, salient entities and relations, lives in `kg.training.scirex`.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from kg.training.corpus import CorpusError, GoldDoc, GoldSpan, detokenize
from kg.training.scirex import scirex_records
from kg.training.scirex_split import SplitName, scirex_split

SCIREX_LABELS: tuple[str, ...] = ("Task", "Method", "Metric", "Material")
# Marker words SciREX writes before a heading ("section : Introduction"); not part of the paper's text.
_HEADING_MARKERS = frozenset({"document", "section", "subsection", "subsubsection", "bibliography", "paragraph"})

Unit = Literal["sentence", "section", "abstract"]


def _unit_ranges(paper: dict, unit: Unit) -> list[tuple[int, int]]:
    if unit == "sentence":
        return [tuple(bounds) for bounds in paper["sentences"]]
    sections = [tuple(bounds) for bounds in paper["sections"]]
    return sections[:1] if unit == "abstract" else sections


def _gold_doc(key: str, words: list[str], start: int, end: int, mentions: list[list]) -> GoldDoc:
    """Words[start:end] as text, without a leading heading marker, with the mentions that lie inside."""
    if end - start > 2 and words[start].lower() in _HEADING_MARKERS and words[start + 1] == ":":
        start += 2
    text, offsets = detokenize(words[start:end], glue_hyphens=True)
    spans = [
        GoldSpan(offsets[first - start][0], offsets[last - 1 - start][1], label)
        for first, last, label in mentions
        if start <= first < last <= end
    ]
    return GoldDoc(key, text, spans)


def read_scirex(path: Path, part: SplitName, unit: Unit) -> Iterator[GoldDoc]:
    """Gold documents of the papers in SciREX split `part`: one per sentence, per section, or the abstract.

    The abstract is the paper's first section (title and abstract).
    """
    path = Path(path)
    for line_no, paper in scirex_records(path):
        try:
            doc_id = str(paper["doc_id"])
            if scirex_split(doc_id) != part:
                continue
            words: list[str] = paper["words"]
            mentions = sorted(paper["ner"])
            for index, (start, end) in enumerate(_unit_ranges(paper, unit)):
                yield _gold_doc(f"{doc_id}:{unit}:{index}", words, start, end, mentions)
        except (KeyError, TypeError, ValueError, IndexError) as error:
            raise CorpusError(f"{path}:{line_no}: not a SciREX record ({error})") from error


def _spread(docs: list[GoldDoc], limit: int) -> list[GoldDoc]:
    """With `limit` > 0, that many of `docs` spread evenly over them (deterministic); else all."""
    if 0 < limit < len(docs):
        return [docs[index * len(docs) // limit] for index in range(limit)]
    return docs


def training_sentences(path: Path, *, limit: int = 0) -> list[GoldDoc]:
    """SciREX 'train' sentences that hold at least one mention; with `limit` > 0, that many spread evenly over them."""
    return _spread([doc for doc in read_scirex(path, "train", "sentence") if doc.spans], limit)


def dev_sentences(path: Path, *, limit: int = 0) -> list[GoldDoc]:
    """SciREX 'dev' sentences, with or without mentions, for checkpoint choice; `limit` > 0 spreads a subset.

    Sentences without a mention stay in: full-text scoring runs over every sentence, so
    false positives there must count when checkpoints are compared.
    """
    return _spread(list(read_scirex(path, "dev", "sentence")), limit)


def training_texts(path: Path) -> list[str]:
    """The text of every sentence of the SciREX 'train' papers, with or without a mention: unlabeled text for
    tok2vec pretraining. Dev and test papers are never read, so pretraining sees nothing that is scored."""
    return [doc.text for doc in read_scirex(path, "train", "sentence")]
