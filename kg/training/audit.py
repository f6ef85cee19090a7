"""Hand-judged precision audits of a graph's entity nodes: draw a reproducible sample, then summarize the judgements.

The sample is a TSV a judge edits in any spreadsheet or text editor: '#' lines say how it was drawn, then one
header row and one row per node, with empty `judgement` and `note` columns to fill. A judgement is one of
JUDGEMENTS; only `correct` counts towards precision.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.model import ENTITY_TYPES

JUDGEMENTS: tuple[str, ...] = ("correct", "wrong_type", "bad_boundary", "not_entity")
COLUMNS: tuple[str, ...] = ("id", "type", "name", "papers", "sources", "evidence", "judgement", "note")
# Node attributes that may say which extraction source(s) produced an entity, when the graph records one.
SOURCE_ATTRIBUTES: tuple[str, ...] = ("sources", "source", "extracted_by")
MENTION_MARKS = ("[[", "]]")


class AuditFileError(ValueError):
    """An audit file that cannot be summarized; the message names the file and the lines at fault."""


def _cell(value: object) -> str:
    """One TSV cell: tabs, line breaks and other control characters become spaces."""
    return "".join(" " if ch in "\t\r\n" or ord(ch) < 32 else ch for ch in str(value)).strip()


def _evidence(graph: nx.DiGraph, node: str) -> str:
    """The first evidence sentence (papers in id order) with the mention in [[ ]]."""
    for paper in sorted(graph.predecessors(node)):
        for item in graph.edges[paper, node].get("evidence") or ():
            sentence, start, end = item["sentence"], item["start"], item["end"]
            return f"{sentence[:start]}{MENTION_MARKS[0]}{sentence[start:end]}{MENTION_MARKS[1]}{sentence[end:]}"
    return ""


def _sources(data: dict) -> str:
    for attribute in SOURCE_ATTRIBUTES:
        value = data.get(attribute)
        if value:
            return ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    return ""


def sample_rows(graph: nx.DiGraph, n: int, seed: int) -> tuple[list[dict[str, str]], int]:
    """`n` entity nodes drawn uniformly without replacement (ids sorted first, so the seed alone decides),
    as unjudged rows, with the number of entity nodes drawn from."""
    entities = sorted(node for node, data in graph.nodes(data=True) if data.get("type") in ENTITY_TYPES)
    chosen = random.Random(seed).sample(entities, min(n, len(entities)))
    rows = []
    for node in chosen:
        data = graph.nodes[node]
        papers = data.get("paper_count", graph.in_degree(node))
        row = {"id": node, "type": data["type"], "name": data.get("name", ""), "papers": papers,
               "sources": _sources(data), "evidence": _evidence(graph, node), "judgement": "", "note": ""}
        rows.append({key: _cell(value) for key, value in row.items()})
    return rows, len(entities)


def write_sample(path: Path, rows: list[dict[str, str]], header_lines: list[str]) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        for line in header_lines:
            handle.write(f"# {_cell(line)}\n")
        for cells in [list(COLUMNS), *([row[column] for column in COLUMNS] for row in rows)]:
            handle.write("\t".join(cells) + "\n")


def read_judged(path: Path) -> list[dict[str, str]]:
    """The rows of a judged audit file; refuses missing columns, unknown labels and unjudged rows."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    body = [(number, line) for number, line in enumerate(lines, start=1) if line.strip() and not line.startswith("#")]
    if not body:
        raise AuditFileError(f"{path}: no header row")
    header_number, header = body[0]
    columns = header.split("\t")
    missing = [column for column in ("id", "type", "judgement") if column not in columns]
    if missing:
        raise AuditFileError(f"{path}:{header_number}: header lacks column(s) {', '.join(missing)}")
    rows, problems = [], []
    for number, line in body[1:]:
        cells = line.split("\t")
        if len(cells) > len(columns):
            problems.append(f"line {number}: {len(cells)} cells for {len(columns)} columns")
            continue
        row = dict(zip(columns, cells + [""] * (len(columns) - len(cells))))
        label = row["judgement"].strip().lower()
        if not label:
            problems.append(f"line {number} ({row['id']}): not judged")
        elif label not in JUDGEMENTS:
            problems.append(f"line {number} ({row['id']}): unknown judgement {row['judgement']!r}")
        row["judgement"] = label
        rows.append(row)
    if problems:
        shown = "; ".join(problems[:10]) + (f"; and {len(problems) - 10} more" if len(problems) > 10 else "")
        raise AuditFileError(f"{path}: {shown}. Judgements must be one of: {', '.join(JUDGEMENTS)}")
    if not rows:
        raise AuditFileError(f"{path}: no judged rows")
    return rows


@dataclass(slots=True)
class AuditSummary:
    """Judgement counts overall, per node type and by how many papers a node is in (one, or two and more:
    the entities that link papers); precision is the share judged `correct`."""

    per_type: dict[str, Counter[str]]
    by_papers: dict[str, Counter[str]]

    @property
    def overall(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for counts in self.per_type.values():
            total.update(counts)
        return total

    @staticmethod
    def _figures(counts: Counter[str]) -> dict[str, object]:
        judged = sum(counts.values())
        return {"judged": judged, "precision": counts["correct"] / judged if judged else 0.0,
                **{label: counts[label] for label in JUDGEMENTS}}

    def as_dict(self) -> dict[str, object]:
        return {"overall": self._figures(self.overall),
                "per_type": {kind: self._figures(self.per_type[kind]) for kind in sorted(self.per_type)},
                "by_papers": {group: self._figures(self.by_papers[group]) for group in sorted(self.by_papers)}}


def summarize(rows: list[dict[str, str]]) -> AuditSummary:
    """The summary of judged rows; a row without a whole number in its `papers` cell is in no paper group."""
    per_type: dict[str, Counter[str]] = {}
    by_papers: dict[str, Counter[str]] = {}
    for row in rows:
        per_type.setdefault(row["type"], Counter())[row["judgement"]] += 1
        papers = row.get("papers", "").strip()
        if papers.isdigit():
            by_papers.setdefault("1" if int(papers) <= 1 else "2+", Counter())[row["judgement"]] += 1
    return AuditSummary(per_type, by_papers)
