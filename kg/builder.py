"""`kg build`: ingest -> extract -> link -> export, into one output folder.

With `update=True` the folder's stage files are the starting point: only new
or changed papers are extracted again, and the graph is re-linked from all of
them, so re-running on the same input leaves every output byte-identical.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg import __version__, workspace
from kg.graph.canonical import build_entity_index
from kg.extract.pipeline import load_extractor
from kg.extract.types import Extraction
from kg.graph.analytics import annotate
from kg.graph.build import build_graph
from kg.graph.linking import link_papers
from kg.graph.readwrite import write_gexf, write_graphml, write_json, xml_schema
from kg.ingest import read_sources
from kg.ingest.dedup import Deduplicator
from kg.records import PaperRecord, Reject

# Documents per nlp.pipe batch: the NER's activations grow with the batch (32 measured 1.7x faster and
# 3.7x smaller than 256 on the seeds, docs/performance.md); the rules alone prefer big batches.
NER_BATCH_SIZE = 32
RULES_BATCH_SIZE = 256
# `n_process=None` picks the extraction processes: one per available core, at most MAX_AUTO_PROCESSES,
# and one alone below AUTO_PARALLEL_MIN_PAPERS papers, where starting workers costs more than it saves.
# Measured on 2 idle cores (docs/performance.md): 2 processes make a default build 1.8x faster.
MAX_AUTO_PROCESSES = 4
AUTO_PARALLEL_MIN_PAPERS = 500

# Progress hook: (stage name, items done, items total or None).
Progress = Callable[[str, int, int | None], None]


class StrictModeError(Exception):
    """Raised on the first reject when the build runs with --strict."""


@dataclass
class BuildResult:
    """What a build produced, and the figures summary.json reports."""

    out_dir: Path
    entries_read: int = 0
    papers: int = 0
    duplicates_merged: int = 0
    rejected: int = 0
    files_rejected: int = 0
    # Papers whose text went through extraction in this run (with --update, only new or changed ones).
    extracted: int = 0
    # Entries an earlier build of the same folder already read (--update with a source given again).
    already_present: int = 0
    nodes: dict[str, int] = field(default_factory=dict)
    edges: dict[str, int] = field(default_factory=dict)

    def summary(self, mode: str) -> dict[str, object]:
        return {
            "kg_version": __version__,
            "mode": mode,
            "entries_read": self.entries_read,
            "papers": self.papers,
            "duplicates_merged": self.duplicates_merged,
            "rejected": self.rejected,
            "files_rejected": self.files_rejected,
            "nodes": self.nodes,
            "edges": self.edges,
        }


def _no_progress(stage: str, done: int, total: int | None) -> None:
    return None


def build(
    sources: Sequence[Path],
    out_dir: Path,
    *,
    fmt: str | None = None,
    mode: str = "default",
    strict: bool = False,
    update: bool = False,
    html: bool = True,
    n_process: int | None = 1,
    progress: Progress = _no_progress,
) -> BuildResult:
    """Run the whole pipeline and write every output into `out_dir` (`n_process=None`: chosen per input)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    previous = _load_previous(out_dir) if update else _Previous()
    result = BuildResult(out_dir=out_dir)

    dedup = Deduplicator()
    for _, record in previous.papers:
        dedup.add(record)
    rejects = list(previous.rejects)
    seen_rejects = {(r.source, r.line, r.reason) for r in rejects}
    seen_sources = {source for _, record in previous.papers for source in record.sources}
    read_now = 0
    for item in read_sources(list(sources), fmt):
        if isinstance(item, Reject):  # kg.ingest has already logged it
            if strict:
                raise StrictModeError(f"{item.source}:{item.line if item.line is not None else '-'}: {item.reason}")
            if (item.source, item.line, item.reason) not in seen_rejects:
                rejects.append(item)
            continue
        if seen_sources.issuperset(item.sources):  # read by an earlier build of this folder
            result.already_present += 1
            continue
        read_now += 1
        dedup.add(item)
        progress("ingest", read_now, None)

    papers = dedup.papers_with_ids()
    del dedup
    accepted = previous.accepted_read + read_now
    record_rejects = sum(1 for r in rejects if r.line is not None)
    result.papers = len(papers)
    result.rejected = record_rejects
    result.files_rejected = len(rejects) - record_rejects
    result.entries_read = accepted + record_rejects
    result.duplicates_merged = accepted - len(papers)

    extractions, result.extracted = _extract(papers, previous, mode, n_process, progress)
    del previous
    # The stage files first: the records and extractions are then dropped once the graph holds what it
    # needs of them, instead of staying alive (about 3 MB per 1,000 papers) through linking and export.
    workspace.write_papers(out_dir / workspace.PAPERS_JSONL, papers)
    workspace.write_extractions(out_dir / workspace.EXTRACTIONS_JSONL, extractions)
    graph = build_graph(papers, extractions, build_entity_index(extractions))
    del papers, extractions
    graph.graph.update({"kg_version": __version__, "mode": mode})
    link_papers(graph)
    annotate(graph)
    result.nodes = dict(sorted(Counter(d["type"] for _, d in graph.nodes(data=True)).items()))
    result.edges = dict(sorted(Counter(d["type"] for _, _, d in graph.edges(data=True)).items()))

    _write_outputs(out_dir, graph, rejects, result, mode, html)
    return result


def _extraction_input(record: PaperRecord) -> tuple[str, str, list[str]]:
    return (record.title, record.abstract, list(record.links))


def _extract(
    papers: Sequence[tuple[str, PaperRecord]],
    previous: "_Previous",
    mode: str,
    n_process: int | None,
    progress: Progress,
) -> tuple[list[Extraction], int]:
    """Extractions for every paper in order, re-running extraction only where the text changed."""
    unchanged = {
        paper_id
        for paper_id, record in papers
        if paper_id in previous.extractions
        and previous.inputs.get(paper_id) == _extraction_input(record)
    }
    todo = [(pid, *_extraction_input(record)) for pid, record in papers if pid not in unchanged]
    fresh: dict[str, Extraction] = {}
    if todo:
        extractor = load_extractor(mode)
        batch_size = NER_BATCH_SIZE if mode == "default" else RULES_BATCH_SIZE
        processes = n_process if n_process is not None else auto_processes(len(todo))
        for done, extraction in enumerate(extractor.extract(todo, batch_size=batch_size, n_process=processes), start=1):
            fresh[extraction.paper_id] = extraction
            progress("extract", done, len(todo))
    ordered = [fresh[pid] if pid in fresh else previous.extractions[pid] for pid, _ in papers]
    return ordered, len(todo)


def auto_processes(papers_to_extract: int) -> int:
    """Extraction processes for this many papers when the user did not choose."""
    if papers_to_extract < AUTO_PARALLEL_MIN_PAPERS:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))  # the cores this process may use, not the machine's
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_AUTO_PROCESSES))


def _write_outputs(
    out_dir: Path,
    graph: nx.DiGraph,
    rejects: Sequence[Reject],
    result: BuildResult,
    mode: str,
    html: bool,
) -> None:
    write_json(graph, out_dir / workspace.GRAPH_JSON)
    schema = xml_schema(graph)
    write_graphml(graph, out_dir / workspace.GRAPH_GRAPHML, schema=schema)
    from kg.export.html.gephi import gephi_viz  # numpy/igraph: loaded only when a build writes

    write_gexf(graph, out_dir / workspace.GRAPH_GEXF, schema=schema, viz=gephi_viz(graph))
    if html:
        from kg.export.html import write_html

        write_html(graph, out_dir / workspace.GRAPH_HTML)
    rejects_path = out_dir / workspace.REJECTS_JSONL
    if rejects:
        workspace.write_rejects(rejects_path, rejects)
    elif rejects_path.exists():
        rejects_path.unlink()
    summary = json.dumps(result.summary(mode), indent=2, sort_keys=True) + "\n"
    (out_dir / workspace.SUMMARY_JSON).write_text(summary, encoding="utf-8")


@dataclass
class _Previous:
    papers: list[tuple[str, PaperRecord]] = field(default_factory=list)
    extractions: dict[str, Extraction] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    accepted_read: int = 0
    # The (title, abstract, links) each paper was extracted from, to spot changed text.
    inputs: dict[str, tuple[str, str, list[str]]] = field(default_factory=dict)


def _load_previous(out_dir: Path) -> _Previous:
    """The stage files of an earlier build; a folder without them is a first build."""
    papers_path = out_dir / workspace.PAPERS_JSONL
    if not papers_path.exists():
        return _Previous()
    extractions_path = out_dir / workspace.EXTRACTIONS_JSONL
    rejects_path = out_dir / workspace.REJECTS_JSONL
    summary = json.loads((out_dir / workspace.SUMMARY_JSON).read_text(encoding="utf-8"))
    papers = workspace.read_papers(papers_path)
    return _Previous(
        papers=papers,
        inputs={paper_id: _extraction_input(record) for paper_id, record in papers},
        extractions={e.paper_id: e for e in workspace.read_extractions(extractions_path)},
        rejects=workspace.read_rejects(rejects_path) if rejects_path.exists() else [],
        accepted_read=summary["papers"] + summary["duplicates_merged"],
    )
