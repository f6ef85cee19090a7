"""`kg build`: ingest -> extract -> link -> export, into one output folder.

With `update=True` the sources of the folder's last build are read again
with the new ones, so an update equals a fresh build of them all, edits
included; the folder's stage files only spare work: a paper whose title,
abstract and links are unchanged keeps its stored extraction (unless it was
made with another mode, NER model, gazetteer or kg version). Re-running on
the same input leaves every output byte-identical. Every file in the folder
is read and written through `kg.workspace.Workspace`, and nothing there is
replaced unless the build read something usable.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg import __version__
from kg.checkpoint import ExtractionCheckpoint, input_key
from kg.graph.canonical import build_entity_index
from kg.extract.dask_engine import DaskEngine
from kg.extract.fingerprint import resource_fingerprints
from kg.extract.gazetteer import load_gazetteer
from kg.extract.pipeline import load_extractor
from kg.extract.types import Extraction
from kg.graph.analytics import annotate
from kg.graph.build import build_graph
from kg.graph.linking import link_papers
from kg.graph.progress import StageProgress, no_progress
from kg.ingest import read_sources
from kg.ingest.dedup import Deduplicator
from kg.ingest.remote import is_url
from kg.ingest.selection import KEEP_ALL, LeftOut, Selection
from kg.records import PaperRecord, Reject
from kg.manifest import MadeWith
from kg.workspace import KgOutputs, PreviousBuild, Workspace, WorkspaceError, formats_for

# Documents per nlp.pipe batch: the NER's activations grow with the batch (32 measured 1.7x faster and
# 3.7x smaller than 256 on the seeds, docs/performance.md); the rules alone prefer big batches.
NER_BATCH_SIZE = 32
RULES_BATCH_SIZE = 256
# `n_process=None` picks the extraction processes: one per available core, at most MAX_AUTO_PROCESSES,
# and one alone below AUTO_PARALLEL_MIN_PAPERS papers, where starting workers costs more than it saves.
# Measured on 2 idle cores (docs/performance.md): 2 processes make a default build 1.8x faster.
MAX_AUTO_PROCESSES = 4
AUTO_PARALLEL_MIN_PAPERS = 500
# Papers per shard of an out-of-core build (kg.shards): one shard's records and extractions are in memory
# at a time, about 60 MB at this size in fast mode; a killed build loses at most one shard's work.
DEFAULT_SHARD_SIZE = 50_000
# Where extraction runs: this machine's processes, or a Dask cluster (kg.extract.dask_engine).
ENGINES = ("local", "dask")

# Progress hook: (stage name, items done, items total or None); the graph steps report through it too.
Progress = StageProgress


class StrictModeError(Exception):
    """Raised on the first reject when the build runs with --strict."""


class NothingUsableError(Exception):
    """No source gave a paper: raised before anything in the output folder is replaced."""


class EngineChoiceError(ValueError):
    """The engine options do not fit together (the message says which); nothing was read or written."""


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
    # Papers whose extraction an interrupted build into this folder had finished (kg.checkpoint).
    resumed: int = 0
    # Papers the folder's last build already held (--update).
    already_present: int = 0
    # Why every paper was extracted again (--update over extractions made with other settings), if so.
    reextracted_because: str | None = None
    # Records read and left out by the selection (--category, --since, --until); None: no selection given.
    filtered_out: int | None = None
    # With --update and no selection given: the earlier build's, applied again (None: not so).
    kept_selection: Selection | None = None
    nodes: dict[str, int] = field(default_factory=dict)
    edges: dict[str, int] = field(default_factory=dict)
    # Papers whose records named different DOIs: {"paper": id, "dois": [the kept doi, the others...]}.
    doi_conflicts: list[dict[str, object]] = field(default_factory=list)
    # The graph formats written (kg.workspace.formats_for: when not asked, a large graph gets fewer).
    formats: frozenset[str] = frozenset()

    def summary(self, mode: str) -> dict[str, object]:
        """entries_read = papers + duplicates_merged + rejected (+ filtered_out, present when selecting)."""
        summary: dict[str, object] = {
            "kg_version": __version__,
            "mode": mode,
            "entries_read": self.entries_read,
            "papers": self.papers,
            "duplicates_merged": self.duplicates_merged,
            "rejected": self.rejected,
            "files_rejected": self.files_rejected,
            "nodes": self.nodes,
            "edges": self.edges,
            "doi_conflicts": self.doi_conflicts,
        }
        if self.filtered_out is not None:
            summary["filtered_out"] = self.filtered_out
        return summary


def doi_conflicts(papers: Iterable[tuple[str, PaperRecord]]) -> list[dict[str, object]]:
    """summary.json's doi_conflicts: each paper whose records named different DOIs, the kept one first."""
    return [{"paper": paper_id, "dois": [record.doi, *record.other_dois]}
            for paper_id, record in papers if record.other_dois]


def build(
    sources: Sequence[str | Path],
    out_dir: Path,
    *,
    fmt: str | None = None,
    mode: str = "default",
    strict: bool = False,
    update: bool = False,
    html: bool = True,
    n_process: int | None = 1,
    progress: Progress = no_progress,
    gazetteer_path: Path | None = None,
    selection: Selection = KEEP_ALL,
    formats: Collection[str] | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    out_of_core: bool = False,
    shard_size: int = DEFAULT_SHARD_SIZE,
) -> BuildResult:
    """Run the whole pipeline and write every output into `out_dir` (`n_process=None`: chosen per input).

    Raises kg.workspace.WorkspaceError when the folder is in use, is not kg's, or (with `update`) its last
    build did not finish or a source its papers came from is gone; NothingUsableError when no paper was read.
    `gazetteer_path`: a compiled gazetteer file (kg/resources/gazetteer/gazetteer.json's format) for
    extraction and canonicalization both; default: the shipped one. `selection`: which records to keep
    (kg.ingest.selection); the others are counted in `filtered_out`. `formats`: the graph files to write
    (kg.workspace.FORMAT_FILES; `html=False` leaves graph.html out of them); None: the defaults, without
    GraphML and GEXF but with the Parquet tables above kg.workspace.LARGE_GRAPH_NODES nodes.
    `engine="dask"` extracts on the Dask cluster at `scheduler`, or on a local one of `workers` processes
    (`n_process` is then not used); kg.extract.dask_engine.DaskEngineError says why it could not.
    `out_of_core`: never hold the corpus or its graph (kg.shards.build), `shard_size` papers at a time.
    """
    dask = dask_engine(engine, scheduler, workers)
    if shard_size < 1:
        raise ValueError(f"shard_size must be at least 1, not {shard_size}")
    if dask is not None:
        dask.check(mode, gazetteer_path)  # before reading: a cluster that cannot run costs no hour of ingest
    with Workspace(out_dir) as folder:
        if out_of_core:
            from kg.shards.build import build_out_of_core  # kg.shards imports this module

            return build_out_of_core(folder, sources, fmt=fmt, mode=mode, strict=strict, update=update, html=html,
                                     n_process=n_process, progress=progress, gazetteer_path=gazetteer_path,
                                     selection=selection, formats=formats, shard_size=shard_size, dask=dask)
        return _build_in(folder, sources, fmt, mode, strict, update, html, n_process, progress, gazetteer_path,
                         selection, formats, dask)


def dask_engine(engine: str, scheduler: str | None, workers: int | None) -> DaskEngine | None:
    """The Dask engine the options ask for, None for the local one; EngineChoiceError if they disagree."""
    if engine not in ENGINES:
        raise EngineChoiceError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine == "local":
        if scheduler is not None or workers is not None:
            raise EngineChoiceError("a scheduler or workers are for the dask engine (--engine dask)")
        return None
    try:
        return DaskEngine(scheduler, workers)
    except ValueError as error:
        raise EngineChoiceError(str(error)) from error


def _build_in(
    folder: Workspace,
    sources: Sequence[str | Path],
    fmt: str | None,
    mode: str,
    strict: bool,
    update: bool,
    html: bool,
    n_process: int | None,
    progress: Progress,
    gazetteer_path: Path | None,
    selection: Selection,
    formats: Collection[str],
    dask: DaskEngine | None,
) -> BuildResult:
    previous = folder.read_previous() if update else PreviousBuild()
    made_with = MadeWith(__version__, mode, resource_fingerprints(mode, gazetteer_path))
    result = BuildResult(out_dir=folder.folder)
    all_sources = sources_to_read(previous.sources, sources, folder.folder,
                                  gave_papers=lambda source: _gave_papers(source, previous.papers))
    if update and not selection.filters and previous.selection:
        # An update must equal a fresh build of the same sources with the same selection: without this,
        # a day's update would pull every record the first build left out back in.
        selection = result.kept_selection = Selection.from_dict(previous.selection)

    papers, rejects, read, filtered_out = _ingest(all_sources, fmt, strict, selection, progress)
    record_rejects = sum(1 for r in rejects if r.line is not None)
    if not papers:
        raise nothing_usable(folder.folder, record_rejects, len(rejects) - record_rejects, filtered_out)
    result.papers = len(papers)
    result.rejected = record_rejects
    result.files_rejected = len(rejects) - record_rejects
    result.entries_read = read + record_rejects + filtered_out
    result.filtered_out = filtered_out if selection.filters else None
    result.duplicates_merged = read - len(papers)
    result.doi_conflicts = doi_conflicts(papers)
    earlier_ids = {paper_id for paper_id, _ in previous.papers}
    result.already_present = sum(1 for paper_id, _ in papers if paper_id in earlier_ids)

    gazetteer = load_gazetteer(gazetteer_path)  # one object: the pipeline's components and canonicalization
    reusable, result.reextracted_because = _reusable_extractions(previous, made_with)
    extractions, result.extracted, result.resumed = _extract(
        papers, previous.papers, reusable, folder.extraction_checkpoint(made_with), mode, gazetteer_path,
        n_process, progress, dask)
    del previous, reusable
    # The stage files first: the records and extractions are then dropped once the graph holds what it
    # needs of them, instead of staying alive (about 3 MB per 1,000 papers) through linking and export.
    folder.write_stage_files(papers, extractions)
    progress("link", 0, None)
    graph = build_graph(papers, extractions, build_entity_index(extractions, gazetteer))
    del papers, extractions
    graph.graph.update({"kg_version": __version__, "mode": mode})
    link_papers(graph)
    annotate(graph)
    result.nodes = dict(sorted(Counter(d["type"] for _, d in graph.nodes(data=True)).items()))
    result.edges = dict(sorted(Counter(d["type"] for _, _, d in graph.edges(data=True)).items()))
    progress("link", 1, 1)
    progress("write", 0, None)

    result.formats = formats_for(graph.number_of_nodes(), formats)
    folder.write_graph_files(graph, html=html, formats=result.formats)
    folder.write_rejects(rejects)
    folder.write_summary(result.summary(mode))
    folder.commit(made_with, sources=all_sources, selection=selection.as_dict())
    progress("write", 1, 1)
    return result


def nothing_usable(out_dir: Path, rejected: int, files_rejected: int, filtered_out: int) -> NothingUsableError:
    """The error of a build that read no paper, saying what became of the records."""
    left_out = f", {filtered_out} left out by --category/--since/--until" if filtered_out else ""
    return NothingUsableError(f"nothing usable was read ({rejected} entries rejected, {files_rejected} files "
                              f"unreadable{left_out}; see the messages above), so {out_dir} was left as it was")


def _ingest(
    sources: Sequence[str], fmt: str | None, strict: bool, selection: Selection, progress: Progress
) -> tuple[list[tuple[str, PaperRecord]], list[Reject], int, int]:
    """(deduplicated papers with their ids, rejects, records read, records the selection left out) of
    every source; kg's outputs skipped."""
    dedup = Deduplicator()
    rejects: list[Reject] = []
    read = filtered_out = 0
    for item in read_sources(sources, fmt, skip=KgOutputs(), selection=selection):
        if isinstance(item, LeftOut):  # judged by the reader on its raw row (the arXiv snapshot)
            filtered_out += 1
            continue
        if isinstance(item, Reject):  # kg.ingest has already logged it
            if strict:
                raise StrictModeError(f"{item.source}:{item.line if item.line is not None else '-'}: {item.reason}")
            rejects.append(item)
            continue
        if not selection.keeps(item):
            filtered_out += 1
            continue
        read += 1
        dedup.add(item)
        progress("ingest", read, None)
    progress("ingest", read, read)  # the count is known only now: the bar completes
    return dedup.papers_with_ids(), rejects, read, filtered_out


def sources_to_read(previous_sources: Sequence[str], sources: Sequence[str | Path], out_dir: Path, *,
                    gave_papers: Callable[[str], bool]) -> list[str]:
    """The last build's sources, then the new ones, each path or URL once (as first spelled).

    Raises WorkspaceError when a local source that gave the last build papers (`gave_papers`) is gone: an
    update reads every source again, and kg does not drop papers because a file moved. (A URL that is
    gone becomes a reject when read, as any unreadable source does.)
    """
    gone = [source for source in previous_sources
            if not is_url(source) and not os.path.exists(source) and gave_papers(source)]
    if gone:
        raise WorkspaceError(f"{', '.join(gone)}: not found (from the current folder), but the graph in {out_dir} "
                             f"holds papers read from there; put it back (or run from where the graph was built) "
                             f"to update, or build without --update from the sources you have")
    by_path: dict[str, str] = {}
    for source in [*previous_sources, *map(str, sources)]:
        by_path.setdefault(source if is_url(source) else os.path.realpath(source), source)
    return list(by_path.values())


def _gave_papers(source: str, papers: Sequence[tuple[str, PaperRecord]]) -> bool:
    """Whether any paper was read from `source` (a file: "source:line" or "source"; a folder: files in it)."""
    inside = source.rstrip(os.sep) + os.sep
    return any(ref == source or ref.startswith((source + ":", inside)) for _, record in papers for ref in record.sources)


def _reusable_extractions(previous: PreviousBuild, made_with: MadeWith) -> tuple[dict[str, Extraction], str | None]:
    """The stored extractions by paper id if they were made with what this run uses; else none, and why."""
    if previous.made_with is None or previous.made_with == made_with:
        return {e.paper_id: e for e in previous.extractions}, None
    return {}, made_with.changes_from(previous.made_with)


def extraction_input(record: PaperRecord) -> tuple[str, str, list[str]]:
    """What extraction reads of a paper (and what its checkpoint key hashes): title, abstract, links."""
    return (record.title, record.abstract, list(record.links))


def _extract(
    papers: Sequence[tuple[str, PaperRecord]],
    previous_papers: Sequence[tuple[str, PaperRecord]],
    reusable: dict[str, Extraction],
    checkpoint: ExtractionCheckpoint,
    mode: str,
    gazetteer_path: Path | None,
    n_process: int | None,
    progress: Progress,
    dask: DaskEngine | None,
) -> tuple[list[Extraction], int, int]:
    """(extractions for every paper in order, papers extracted, papers resumed from the checkpoint).

    Extraction re-runs only where neither a reusable extraction nor the checkpoint of an interrupted
    build has the paper's text; each new one is appended to the checkpoint.
    """
    inputs_before = {paper_id: extraction_input(record) for paper_id, record in previous_papers}
    inputs = {paper_id: extraction_input(record) for paper_id, record in papers}
    changed = {pid: text for pid, text in inputs.items() if pid not in reusable or inputs_before.get(pid) != text}
    keys = {pid: input_key(pid, *text) for pid, text in changed.items()}
    fresh = {pid: extraction for pid, (key, extraction) in checkpoint.read().items() if keys.get(pid) == key}
    resumed = len(fresh)
    todo = [(pid, *text) for pid, text in changed.items() if pid not in fresh]
    if todo:
        batch_size = NER_BATCH_SIZE if mode == "default" else RULES_BATCH_SIZE
        if dask is not None:
            stream = dask.extract(todo, mode=mode, gazetteer_path=gazetteer_path, batch_size=batch_size)
        else:
            progress("load model", 0, None)
            extractor = load_extractor(mode, gazetteer_path)
            progress("load model", 1, 1)
            processes = n_process if n_process is not None else auto_processes(len(todo))
            stream = extractor.extract(todo, batch_size=batch_size, n_process=processes)
        try:
            for done, extraction in enumerate(stream, start=1):
                fresh[extraction.paper_id] = extraction
                checkpoint.append(keys[extraction.paper_id], extraction)
                progress("extract", done, len(todo))
        finally:
            checkpoint.close()
    ordered = [fresh[pid] if pid in fresh else reusable[pid] for pid, _ in papers]
    return ordered, len(todo), resumed


def auto_processes(papers_to_extract: int) -> int:
    """Extraction processes for this many papers when the user did not choose."""
    return 1 if papers_to_extract < AUTO_PARALLEL_MIN_PAPERS else available_processes()


def available_processes() -> int:
    """Worker processes for a step the user did not size: one per core this process may use, at most
    MAX_AUTO_PROCESSES."""
    try:
        cores = len(os.sched_getaffinity(0))  # the cores this process may use, not the machine's
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_AUTO_PROCESSES))
