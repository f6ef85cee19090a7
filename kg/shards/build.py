"""The out-of-core build (`kg build --out-of-core`): kg.builder's stages over a shard store, never holding
the corpus or its graph.

Ingest into papers shards (kg.shards.ingest), extraction shard by shard (kg.shards.extract), the graph's
node and edge tables streamed from the shards (kg.graph.streamed), then every other file from the tables
(the tables and the page each in a process of their own, kg.shards.child):
the page through kg.export.html.overview (the view write_html chooses, without loading the graph), and
graph.json / GraphML / GEXF through networkx only when the graph is small enough or they are asked for.
Everything the in-memory build writes it writes byte for byte the same (tested), except the stage files
papers.jsonl and extractions.jsonl: the shards in OUT/.shards hold them, as Parquet.

The store stays after the build. A rerun keeps the store's complete ingest when its sources are the
same bytes with the same settings (a build killed after its ingest, run again), and `--update` goes on
from it, reading only the new sources, when the earlier ones are unchanged (kg.shards.continued_ingest);
anything else reads every source again (so it equals a fresh build, edits included). It extracts only
the shards whose papers changed, taking a changed shard's unchanged papers from its old extraction
shard; a build killed at any point continues from the last finished shard, and from the papers of the
shard it was in.
"""

from __future__ import annotations

import shutil
from collections.abc import Collection, Sequence
from pathlib import Path

from kg import __version__
from kg.builder import BuildResult, Progress, nothing_usable, sources_to_read
from kg.extract.dask_engine import DaskEngine
from kg.extract.fingerprint import resource_fingerprints
from kg.ingest.selection import Selection
from kg.manifest import MadeWith
from kg.shards.child import graph_tables, in_child, overview
from kg.shards.extract import extract_shards
from kg.shards.ingest import ingest
from kg.shards.reading import rejects_path
from kg.shards.store import ShardStore
from kg.workspace import (
    EDGES_PARQUET, GRAPH_HTML, NODES_PARQUET, REJECTS_JSONL, Workspace, formats_for,
)

# Files of the store folder that live only during one build: the graph's tables before they are taken
# into the output folder (or dropped, when not asked for) and the sorted runs they are merged from.
_NODES_WORK = "graph-nodes.parquet"
_EDGES_WORK = "graph-edges.parquet"
_RUNS_WORK = "graph-runs"
# Formats that need the graph as one networkx object.
_NETWORKX_FORMATS = frozenset({"json", "graphml", "gexf"})


def build_out_of_core(
    folder: Workspace,
    sources: Sequence[str | Path],
    *,
    fmt: str | None,
    mode: str,
    strict: bool,
    update: bool,
    html: bool,
    n_process: int | None,
    progress: Progress,
    gazetteer_path: Path | None,
    selection: Selection,
    formats: Collection[str] | None,
    shard_size: int,
    dask: DaskEngine | None,
) -> BuildResult:
    """kg.builder.build's work (same arguments, same BuildResult) into `folder`, out of core.

    With `update`, a source of the last build that is gone is an error (the in-memory build checks
    whether it gave papers; here that would mean reading every shard).
    """
    result = BuildResult(out_dir=folder.folder)
    manifest = folder.read_manifest() if update else None
    previous_sources = manifest.sources if manifest is not None else []
    all_sources = sources_to_read(previous_sources, sources, folder.folder, gave_papers=lambda source: True)
    if update and manifest is not None and not selection.filters and manifest.selection:
        selection = result.kept_selection = Selection.from_dict(manifest.selection)

    store = ShardStore(folder.shards_folder, shard_size)
    counts = ingest(all_sources, store, fmt=fmt, strict=strict, selection=selection, progress=progress)
    if not counts.papers:
        raise nothing_usable(folder.folder, counts.rejected, counts.files_rejected, counts.filtered_out)
    result.entries_read = counts.entries_read
    result.papers = counts.papers
    result.duplicates_merged = counts.duplicates_merged
    result.rejected = counts.rejected
    result.files_rejected = counts.files_rejected
    result.filtered_out = counts.filtered_out if selection.filters else None
    result.doi_conflicts = counts.doi_conflicts

    extracted = extract_shards(store, mode=mode, gazetteer_path=gazetteer_path, n_process=n_process,
                               progress=progress, dask=dask)
    result.extracted, result.resumed = extracted.extracted, extracted.resumed

    nodes, edges = store.folder / _NODES_WORK, store.folder / _EDGES_WORK
    result.nodes, result.edges = in_child(graph_tables, store.folder, shard_size, gazetteer_path, nodes, edges,
                                          {"kg_version": __version__, "mode": mode}, store.folder / _RUNS_WORK,
                                          n_process, dask, progress=progress)
    progress("write", 0, None)
    result.formats = formats_for(sum(result.nodes.values()), formats, out_of_core=True)
    _write_graph_files(folder, nodes, edges, html=html, formats=result.formats, progress=progress)
    if rejects_path(store).stat().st_size:  # copied: the store keeps it for the next ingest to go on from
        shutil.copyfile(rejects_path(store), folder.file_to_write(REJECTS_JSONL))
    folder.write_summary(result.summary(mode))
    made_with = MadeWith(__version__, mode, resource_fingerprints(mode, gazetteer_path))
    folder.commit(made_with, sources=all_sources, selection=selection.as_dict(), keep_shards=True)
    progress("write", 1, 1)
    return result


def _write_graph_files(folder: Workspace, nodes: Path, edges: Path, *, html: bool, formats: frozenset[str],
                       progress: Progress) -> None:
    """The graph files of `formats` from the two tables; the tables themselves taken in or deleted."""
    if formats & _NETWORKX_FORMATS:
        from kg.graph.tables import read_tables  # the graph is small, or these files were asked for

        folder.write_graph_files(read_tables(nodes, edges), html=False, formats=formats & _NETWORKX_FORMATS)
    if html and "html" in formats:
        in_child(overview, nodes, edges, folder.file_to_write(GRAPH_HTML), progress=progress)
    if "parquet" in formats:
        folder.take_file(NODES_PARQUET, nodes)
        folder.take_file(EDGES_PARQUET, edges)
    else:
        nodes.unlink()
        edges.unlink()

