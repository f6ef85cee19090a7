"""Extraction of a ShardStore, one papers shard into its extraction shard at a time, resumable after a kill.

A shard whose extraction shard the ledger lists as made with this run's MadeWith, from the papers file
there now, and whole on disk (its sha256), is skipped. Otherwise its papers whose input is unchanged take
their extraction from the shard's earlier file (an update that added or merged papers re-cuts a shard);
the rest are extracted, and the shard's finished extractions go to
its kg.checkpoint file as they come, so a run killed inside a shard keeps them for the next; the shard's
file is written (beside its name, then renamed) once every paper is extracted, and the checkpoint is
deleted. Files a killed run left half-written (`.partial`) are deleted first. Batch sizes and processes
are kg.builder's. In memory: one shard's papers and extractions, and the extraction model.

With a DaskEngine the papers still to extract go to its cluster instead (kg.extract.dask_engine: in
input order, so the shard files are the same bytes), through one connection (and for `workers`, one
local cluster) opened at the first shard with work and kept for the rest. The MadeWith is the same
whichever engine extracts, so either reuses the other's shards and checkpoints.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg import __version__
from kg.builder import NER_BATCH_SIZE, RULES_BATCH_SIZE, Progress, extraction_input, auto_processes, no_progress
from kg.checkpoint import ExtractionCheckpoint, input_key
from kg.extract.dask_engine import DaskEngine
from kg.extract.fingerprint import resource_fingerprints
from kg.extract.pipeline import PaperInput, load_extractor
from kg.extract.types import Extraction
from kg.manifest import MadeWith
from kg.shards.store import ShardStore

# Extracts a list of papers, one Extraction each, in their order.
ExtractPapers = Callable[[list[PaperInput]], Iterable[Extraction]]


@dataclass
class ExtractCounts:
    """Papers extracted by this run, taken from a killed run's checkpoint, from the earlier extraction file
    of a shard whose papers changed, and in shards already done."""

    extracted: int = 0
    resumed: int = 0
    reused: int = 0
    already_done: int = 0


def extract_shards(
    store: ShardStore,
    *,
    mode: str = "default",
    gazetteer_path: Path | None = None,
    n_process: int | None = 1,
    progress: Progress = no_progress,
    dask: DaskEngine | None = None,
) -> ExtractCounts:
    """Give every papers shard of `store` its extraction shard (`n_process=None`: chosen per shard).

    With `dask`, on its cluster (`n_process` unused), checked once before the first shard
    (kg.extract.dask_engine.DaskEngineError if it cannot run).
    """
    made_with = dataclasses.asdict(MadeWith(__version__, mode, resource_fingerprints(mode, gazetteer_path)))
    if dask is not None:
        dask.check(mode, gazetteer_path)
    store.delete_partials()
    counts = ExtractCounts()
    with contextlib.ExitStack() as engine_scope:
        extract: ExtractPapers | None = None  # opened at the first shard with papers to extract
        for shard in range(store.shard_count()):
            progress("extract shards", shard, store.shard_count())  # the bar (and its clock) starts at shard 0
            if store.extractions_done(shard, made_with):
                counts.already_done += store.papers_in(shard)
            else:
                papers = list(store.papers(shard))
                checkpoint = ExtractionCheckpoint(store.checkpoint_path(shard), made_with)
                keys = {paper_id: input_key(paper_id, *extraction_input(record)) for paper_id, record in papers}
                done = {paper_id: extraction for paper_id, (key, extraction) in checkpoint.read().items()
                        if keys.get(paper_id) == key}
                counts.resumed += len(done)
                earlier = store.earlier_extractions(shard, made_with, keys)
                counts.reused += sum(1 for paper_id in earlier if paper_id not in done)
                done = earlier | done
                todo = [(paper_id, *extraction_input(record)) for paper_id, record in papers if paper_id not in done]
                if todo:
                    if extract is None:
                        extract = engine_scope.enter_context(
                            _extraction_engine(mode, gazetteer_path, n_process, progress, dask))
                        progress("extract shards", shard, store.shard_count())  # back from "load model"
                    _extract_into(done, todo, extract, checkpoint, keys)
                    counts.extracted += len(todo)
                store.write_extractions(shard, [(keys[paper_id], done[paper_id]) for paper_id, _ in papers], made_with)
                checkpoint.delete()
            progress("extract shards", shard + 1, store.shard_count())
    return counts


@contextlib.contextmanager
def _extraction_engine(
    mode: str, gazetteer_path: Path | None, n_process: int | None, progress: Progress, dask: DaskEngine | None,
) -> Iterator[ExtractPapers]:
    """What extracts the papers of every shard: the local model, loaded once, or a session on `dask`'s cluster."""
    batch_size = NER_BATCH_SIZE if mode == "default" else RULES_BATCH_SIZE
    if dask is not None:
        with dask.session() as session:
            yield lambda todo: session.extract(todo, mode=mode, gazetteer_path=gazetteer_path, batch_size=batch_size)
        return
    progress("load model", 0, None)
    extractor = load_extractor(mode, gazetteer_path)
    progress("load model", 1, 1)
    yield lambda todo: extractor.extract(
        todo, batch_size=batch_size, n_process=n_process if n_process is not None else auto_processes(len(todo)))


def _extract_into(
    done: dict[str, Extraction], todo: list[PaperInput], extract: ExtractPapers, checkpoint: ExtractionCheckpoint,
    keys: dict[str, str],
) -> None:
    """Extract `todo` into `done`, each extraction appended to the shard's checkpoint as it comes."""
    try:
        for extraction in extract(todo):
            done[extraction.paper_id] = extraction
            checkpoint.append(keys[extraction.paper_id], extraction)
    finally:
        checkpoint.close()
