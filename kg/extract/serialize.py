"""`Extraction`s as plain values, and back: the one place that knows their fields outside Python objects.

Two forms of one encoding:
  * tuples (`extraction_to_tuple`): what extraction worker processes send back
    (kg.extract.pipeline). Measured per seed extraction, pack + pickle + unpickle
    + unpack, CPU: tuples 39-73 us, dicts 94-149 us, the slotted dataclasses
    themselves 118-162 us (benchmarks/extraction_transport.py, four runs on a
    busy 2-core machine).
  * dicts (`extraction_to_dict`): the same tuples with their field names, one JSON
    line each in the stage file extractions.jsonl (kg.workspace).
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract.types import CodeLink, Evidence, Extraction, Mention

# Field names of the packed tuples, in tuple order; "evidence" (an _EVIDENCE tuple or None) comes last.
_EVIDENCE = ("sentence", "start", "end", "text")
_MENTION = ("text", "label", "proposed", "canonical", "evidence")
_CODE_LINK = ("url", "host", "owner", "name", "evidence")


def extraction_to_tuple(extraction: Extraction) -> tuple:
    """(paper_id, mention tuples, code link tuples, pages, abbreviation pairs): cheap to pickle."""
    return (
        extraction.paper_id,
        [(m.text, m.label, m.proposed, m.canonical, _evidence_tuple(m.evidence)) for m in extraction.mentions],
        [(c.url, c.host, c.owner, c.name, _evidence_tuple(c.evidence)) for c in extraction.code],
        list(extraction.pages),
        [tuple(pair) for pair in extraction.abbreviations],
    )


def extraction_from_tuple(packed: Sequence) -> Extraction:
    """The Extraction `extraction_to_tuple` packed."""
    paper_id, mentions, code, pages, abbreviations = packed
    return Extraction(
        paper_id=paper_id,
        mentions=[Mention(text, label, Evidence(*ev), proposed, canon) for text, label, proposed, canon, ev in mentions],
        code=[CodeLink(url, host, owner, name, Evidence(*ev) if ev else None) for url, host, owner, name, ev in code],
        pages=list(pages),
        abbreviations=[(short, long) for short, long in abbreviations],
    )


def extraction_to_dict(extraction: Extraction) -> dict:
    """Everything `extraction` holds, as JSON-ready dicts named by field."""
    paper_id, mentions, code, pages, abbreviations = extraction_to_tuple(extraction)
    return {
        "paper_id": paper_id,
        "mentions": [_named(_MENTION, mention) for mention in mentions],
        "code": [_named(_CODE_LINK, link) for link in code],
        "pages": pages,
        "abbreviations": [list(pair) for pair in abbreviations],
    }


def extraction_from_dict(row: dict) -> Extraction:
    """The Extraction `extraction_to_dict` made `row` from."""
    return extraction_from_tuple(
        (
            row["paper_id"],
            [_values(_MENTION, mention) for mention in row["mentions"]],
            [_values(_CODE_LINK, link) for link in row["code"]],
            row["pages"],
            row["abbreviations"],
        )
    )


def _evidence_tuple(evidence: Evidence | None) -> tuple[str, int, int, str] | None:
    return None if evidence is None else (evidence.sentence, evidence.start, evidence.end, evidence.text)


def _named(fields: tuple[str, ...], values: tuple) -> dict:
    row = dict(zip(fields, values))
    evidence = row["evidence"]
    row["evidence"] = None if evidence is None else dict(zip(_EVIDENCE, evidence))
    return row


def _values(fields: tuple[str, ...], row: dict) -> tuple:
    evidence = row["evidence"]
    return (*(row[name] for name in fields[:-1]), None if evidence is None else tuple(evidence[f] for f in _EVIDENCE))
