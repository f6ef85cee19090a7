"""Gold NER corpora (SciERC JSON lines, TDMSci CoNLL) read into plain text with character spans.

Both formats come pre-tokenized. We rebuild the running text (SciERC: undo PTB
escapes and join tokens the way prose is written; TDMSci: place tokens at their
given character offsets) and keep every gold span as character offsets, so
gold can be compared with, and aligned to, what kg's own tokenizer makes of
the same text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SCIERC_LABELS: tuple[str, ...] = ("Task", "Method", "Metric", "Material", "OtherScientificTerm", "Generic")
TDMSCI_LABELS: tuple[str, ...] = ("TASK", "DATASET", "METRIC")

_PTB_ESCAPES: dict[str, str] = {
    "-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
    "``": '"', "''": '"',
}
# Tokens written without a space before them / after them in running text.
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "?", "!", "%", ")", "]", "}", "-RRB-", "-RSB-", "-RCB-", "''",
                              "'s", "n't", "'re", "'ve", "'ll", "'d", "'m"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "-LRB-", "-LSB-", "-LCB-", "``"})


class CorpusError(ValueError):
    """A gold file that cannot be read; the message names file and line."""


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """A gold entity as character offsets into `GoldDoc.text`, end exclusive."""

    start: int
    end: int
    label: str


@dataclass(slots=True)
class GoldDoc:
    """One gold document: its text and (possibly nested) gold spans."""

    key: str
    text: str
    spans: list[GoldSpan] = field(default_factory=list)


def _ptb_token(token: str) -> str:
    return _PTB_ESCAPES.get(token, token)


def _inner_hyphen(tokens: list[str], index: int) -> bool:
    """A "-" token between two word characters: part of one hyphenated word ("end - to - end")."""
    return (tokens[index] == "-" and 0 < index < len(tokens) - 1
            and tokens[index - 1][-1:].isalnum() and tokens[index + 1][:1].isalnum())


def detokenize(tokens: list[str], *, glue_hyphens: bool = False) -> tuple[str, list[tuple[int, int]]]:
    """Join PTB-style tokens into prose; return the text and each token's (start, end) offsets.

    With `glue_hyphens`, a "-" token between two words is written without spaces
    ("V - Net" -> "V-Net"), for corpora whose tokenizer split hyphenated words.
    """
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    length = 0
    glue_next = True  # no space before the first token
    for index, raw in enumerate(tokens):
        surface = _ptb_token(raw)
        hyphen = glue_hyphens and _inner_hyphen(tokens, index)
        if parts and not glue_next and not hyphen and raw not in _NO_SPACE_BEFORE:
            parts.append(" ")
            length += 1
        offsets.append((length, length + len(surface)))
        parts.append(surface)
        length += len(surface)
        glue_next = raw in _NO_SPACE_AFTER or hyphen
    return "".join(parts), offsets


def read_scierc(path: Path) -> Iterator[GoldDoc]:
    """Documents of a SciERC JSON-lines file (token spans are inclusive, counted over the document)."""
    with Path(path).open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                tokens = [token for sentence in record["sentences"] for token in sentence]
                text, offsets = detokenize(tokens)
                spans = [
                    GoldSpan(offsets[start][0], offsets[end][1], label)
                    for sentence_spans in record["ner"]
                    for start, end, label in sentence_spans
                ]
                key = str(record.get("doc_key", line_no))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError, IndexError) as error:
                raise CorpusError(f"{path}:{line_no}: not a SciERC record ({error})") from error
            yield GoldDoc(key, text, spans)


def _tdmsci_doc(path: Path, first_line: int, rows: list[tuple[str, int, str]]) -> GoldDoc:
    """One sentence: tokens glued where the offsets say so, one space elsewhere.

    A few offsets in the published file run backwards (e.g. 'gain' at 49383,
    'in' at 49384); such a token is taken to follow a space.
    """
    text = ""
    spans: list[GoldSpan] = []
    open_span: tuple[int, str] | None = None
    previous_end: int | None = None  # file offset where the previous token ended
    end_of_previous = 0  # our offset where the previous token ended
    for index, (token, offset, tag) in enumerate(rows):
        if previous_end is not None and offset != previous_end:
            text += " "
        start = len(text)
        text += token
        prefix, _, label = tag.partition("-")
        if prefix not in ("B", "I", "O") or (prefix != "O" and not label):
            raise CorpusError(f"{path}:{first_line + index}: tag {tag!r} is not BIO")
        if open_span and (prefix != "I" or label != open_span[1]):
            spans.append(GoldSpan(open_span[0], end_of_previous, open_span[1]))
            open_span = None
        if prefix == "B" or (prefix == "I" and open_span is None):
            open_span = (start, label)
        end_of_previous = len(text)
        previous_end = offset + len(token)
    if open_span:
        spans.append(GoldSpan(open_span[0], end_of_previous, open_span[1]))
    return GoldDoc(f"{path.name}:{first_line}", text, spans)


def read_tdmsci(path: Path) -> Iterator[GoldDoc]:
    """Sentences of a TDMSci CoNLL file (token TAB character offset TAB BIO tag), one document each."""
    path = Path(path)
    rows: list[tuple[str, int, str]] = []
    first_line = 1
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            line = line.rstrip("\n")
            if not line.strip():
                if rows:
                    yield _tdmsci_doc(path, first_line, rows)
                rows = []
                continue
            columns = line.split("\t")
            if len(columns) != 3 or not columns[1].isdigit():
                raise CorpusError(f"{path}:{line_no}: expected 'token<TAB>offset<TAB>tag', got {line!r}")
            if not rows:
                first_line = line_no
            rows.append((columns[0], int(columns[1]), columns[2]))
    if rows:
        yield _tdmsci_doc(path, first_line, rows)


def read_seed_abstracts(seeds_dir: Path) -> list[str]:
    """Abstract lines of the saved listing pages in `seeds_dir` (page chrome lines are short).

    Unlabeled text: used for tok2vec pretraining and for speed benchmarks.
    """
    return [
        line.strip()
        for path in sorted(Path(seeds_dir).glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) > 200
    ]
