"""The output folder of a build: its file names and the stage files kept for `--update`.

Stage files are JSON Lines a person can read: `papers.jsonl` (deduplicated
records with their ids), `extractions.jsonl` (what extraction found per
paper) and `rejects.jsonl` (every entry that did not become a paper).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.extract.serialize import extraction_from_dict, extraction_to_dict
from kg.extract.types import Extraction
from kg.records import PaperRecord, Reject

GRAPH_JSON = "graph.json"
GRAPH_GRAPHML = "graph.graphml"
GRAPH_GEXF = "graph.gexf"
GRAPH_HTML = "graph.html"
SUMMARY_JSON = "summary.json"
REJECTS_JSONL = "rejects.jsonl"
PAPERS_JSONL = "papers.jsonl"
EXTRACTIONS_JSONL = "extractions.jsonl"


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


def read_rejects(path: Path) -> list[Reject]:
    return [Reject.model_validate(row) for row in _read_lines(path)]


def write_extractions(path: Path, extractions: Iterable[Extraction]) -> None:
    _write_lines(path, (extraction_to_dict(e) for e in extractions))


def read_extractions(path: Path) -> list[Extraction]:
    return [extraction_from_dict(row) for row in _read_lines(path)]
