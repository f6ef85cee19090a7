"""The stage files of a build folder: JSON Lines a person can read.

`papers.jsonl` holds the deduplicated records with their ids, `extractions.jsonl` what extraction found
per paper, `rejects.jsonl` every entry that did not become a paper. `--update` reads the first two back,
so they round-trip exactly; kg.workspace decides when and where they are written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.extract.serialize import extraction_from_dict, extraction_to_dict
from kg.extract.types import Extraction
from kg.records import PaperRecord, Reject


def _write_lines(path: Path, rows: Iterable[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def _read_lines(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def write_papers(path: Path, papers: Iterable[tuple[str, PaperRecord]]) -> None:
    _write_lines(path, ({"id": paper_id, **record.model_dump(exclude_none=True)} for paper_id, record in papers))


def read_papers(path: Path) -> list[tuple[str, PaperRecord]]:
    papers = []
    for row in _read_lines(path):
        paper_id = row.pop("id")
        papers.append((paper_id, PaperRecord.model_validate(row)))
    return papers


def write_rejects(path: Path, rejects: Iterable[Reject]) -> None:
    _write_lines(path, (reject.model_dump() for reject in rejects))


def write_extractions(path: Path, extractions: Iterable[Extraction]) -> None:
    _write_lines(path, (extraction_to_dict(e) for e in extractions))


def read_extractions(path: Path) -> list[Extraction]:
    return [extraction_from_dict(row) for row in _read_lines(path)]
