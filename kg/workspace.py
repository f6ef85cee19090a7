"""The output folder of a build, and `Workspace`, the one owner of every file kg writes there.

The folder holds the graph files, summary.json, the stage files (kg.stage_files) and manifest.json, the
folder's build state (kg.manifest). What the folder promises (docs/output-folder.md): one build at a
time holds it (`kg.folder_lock`); kg replaces or deletes only files its manifest lists, and refuses a
folder holding other files at its names or no manifest at all; a build writes each file beside its final
name, and `Workspace.commit` first records the renames it is about to make in a "committing" manifest, so
a build killed at any point leaves the old outputs or, once the next build opens the folder and finishes
those renames, the new ones. While extracting, a build keeps what it finished in an extraction
checkpoint (`kg.checkpoint`), so a killed build's rerun extracts only the rest; a commit deletes it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import shutil
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.checkpoint import CHECKPOINT_FILE, ExtractionCheckpoint
from kg.extract.types import Extraction
from kg.folder_lock import LOCK_FILE, FolderBusyError, FolderLock
from kg.manifest import COMMITTING, COMPLETE, MadeWith, Manifest
from kg.records import PaperRecord, Reject
from kg.stage_files import read_extractions, read_papers, write_extractions, write_papers, write_rejects

if TYPE_CHECKING:
    import networkx as nx

GRAPH_JSON = "graph.json"
GRAPH_GRAPHML = "graph.graphml"
GRAPH_GEXF = "graph.gexf"
GRAPH_HTML = "graph.html"
SUMMARY_JSON = "summary.json"
REJECTS_JSONL = "rejects.jsonl"
PAPERS_JSONL = "papers.jsonl"
EXTRACTIONS_JSONL = "extractions.jsonl"
MANIFEST_JSON = "manifest.json"
NODES_PARQUET = "nodes.parquet"
EDGES_PARQUET = "edges.parquet"
# The graph outputs `kg build --formats` chooses from, and the ones it writes when not told.
FORMAT_FILES = {"json": (GRAPH_JSON,), "graphml": (GRAPH_GRAPHML,), "gexf": (GRAPH_GEXF,), "html": (GRAPH_HTML,),
                "parquet": (NODES_PARQUET, EDGES_PARQUET)}
DEFAULT_FORMATS = frozenset({"json", "graphml", "gexf", "html"})
# Above this many nodes a build not told which formats to write leaves out GraphML and GEXF (the GEXF
# layout alone took 2.4 GB and 135 CPU-s at 100k papers, docs/scale.md) and writes the Parquet tables.
LARGE_GRAPH_NODES = 100_000
LARGE_GRAPH_FORMATS = frozenset({"json", "html", "parquet"})
# An out-of-core build never holds its graph: above that size it writes by default only what it can
# stream from the tables (graph.json would need the whole graph in memory).
OUT_OF_CORE_LARGE_FORMATS = frozenset({"html", "parquet"})
# The out-of-core build's shard store (kg.shards.store): kept after a build so that a rerun or an
# update extracts only what changed; deleted by the commit of an in-memory build, which does not use it.
SHARDS_FOLDER = ".shards"
SHARDS_LEDGER = "ledger.json"  # kg.shards.store.LEDGER_JSON: a folder holding it is a store kg wrote


def formats_for(node_count: int, asked: Collection[str] | None, *, out_of_core: bool = False) -> frozenset[str]:
    """The graph formats a build writes: those asked for, else the defaults for a graph of this size."""
    if asked is not None:
        return frozenset(asked)
    if node_count <= LARGE_GRAPH_NODES:
        return DEFAULT_FORMATS
    return OUT_OF_CORE_LARGE_FORMATS if out_of_core else LARGE_GRAPH_FORMATS
# A file being written stays under this name, beside its final one, until the build commits.
PARTIAL = ".{name}.partial"
# Names kg gives its files: the only ones a build ever replaces or deletes, and only when the manifest lists them.
KG_FILES = (GRAPH_JSON, GRAPH_GRAPHML, GRAPH_GEXF, GRAPH_HTML, SUMMARY_JSON, REJECTS_JSONL, PAPERS_JSONL,
            EXTRACTIONS_JSONL, NODES_PARQUET, EDGES_PARQUET)
# Manifest states: "committing" lists the renames a commit is making (finished by the next Workspace to open
# the folder). Any other state than these two (kg before this one wrote "building") is never trusted.
class WorkspaceError(Exception):
    """The folder cannot serve the build asked of it; the message names it and says what to do."""


@dataclass
class PreviousBuild:
    """What a finished build left in the folder: the starting point of `--update` (empty: none yet)."""

    papers: list[tuple[str, PaperRecord]] = field(default_factory=list)
    extractions: list[Extraction] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    made_with: MadeWith | None = None
    selection: dict[str, object] = field(default_factory=dict)


class Workspace:
    """The output folder, and every read and write of kg's files in it.

    Use it as a context manager around a build. Entering takes the folder's lock, finishes a commit a
    killed build left halfway, deletes the partial files a killed build left, and refuses a folder kg
    does not own. Each write goes to a partial file beside its final name; `commit` puts them all in
    place and records them in the manifest; leaving the block without a commit deletes them.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = FolderLock(folder)
        self._partials: dict[str, Path] = {}  # final name -> the file written for it, until commit

    def __enter__(self) -> Workspace:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            lock_was_there = self._lock.path.exists()
            self._lock.acquire()
        except FolderBusyError as error:
            raise WorkspaceError(str(error)) from None
        except OSError as error:
            raise WorkspaceError(f"{self.folder}: cannot build there ({error.strerror or error})") from error
        try:
            self._recover()
            self._check_owned()
        except BaseException:
            if not lock_was_there:  # a folder kg refuses keeps nothing of kg's, not even the lock file
                self._lock.path.unlink(missing_ok=True)
            self._lock.release()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()
        self._lock.release()

    # ---- reading

    def read_manifest(self) -> Manifest | None:
        """The folder's manifest; None where there is none."""
        path = self.folder / MANIFEST_JSON
        if not path.exists():
            return None
        try:
            return Manifest.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise WorkspaceError(f"{self.folder}: {MANIFEST_JSON} is unreadable ({error}): not one kg wrote, or "
                                 f"damaged, so kg leaves this folder alone; {_ELSEWHERE}") from error

    def read_previous(self) -> PreviousBuild:
        """The finished build this folder holds, for `--update`; empty where kg has built nothing yet.

        Call it inside the `with` block: entering has refused a folder whose last build did not finish.
        """
        manifest = self.read_manifest()
        if manifest is None:
            return PreviousBuild()
        missing = [name for name in (PAPERS_JSONL, EXTRACTIONS_JSONL) if not (self.folder / name).exists()]
        if missing and (self.shards_folder / SHARDS_LEDGER).is_file():
            raise WorkspaceError(f"{self.folder}: built with --out-of-core, which keeps no {PAPERS_JSONL}; update "
                                 f"it with --out-of-core too")
        if missing:
            raise WorkspaceError(f"{self.folder}: {', '.join(missing)} missing; {_REBUILD}")
        return PreviousBuild(
            papers=read_papers(self.folder / PAPERS_JSONL),
            extractions=read_extractions(self.folder / EXTRACTIONS_JSONL),
            sources=manifest.sources,
            made_with=manifest.made_with,
            selection=manifest.selection,
        )

    @property
    def shards_folder(self) -> Path:
        """Where an out-of-core build keeps its shard store (kg.shards.store)."""
        return self.folder / SHARDS_FOLDER

    def extraction_checkpoint(self, made_with: MadeWith) -> ExtractionCheckpoint:
        """The extractions a killed build into this folder finished (kg.checkpoint), kept until a commit."""
        return ExtractionCheckpoint(self.folder / CHECKPOINT_FILE, dataclasses.asdict(made_with))

    # ---- writing: every file goes through _partial, and nothing replaces an old file before commit

    def file_to_write(self, name: str) -> Path:
        """The file to write kg's output `name` into (a partial beside it), for writers that stream."""
        return self._partial(name)

    def take_file(self, name: str, path: Path) -> None:
        """Make `path`, a finished file in this folder's file system, the new `name` (moved at once)."""
        os.replace(path, self._partial(name))

    def write_stage_files(self, papers: Sequence[tuple[str, PaperRecord]], extractions: Iterable[Extraction]) -> None:
        write_papers(self._partial(PAPERS_JSONL), papers)
        write_extractions(self._partial(EXTRACTIONS_JSONL), extractions)

    def write_graph_files(self, graph: nx.DiGraph, *, html: bool, formats: Collection[str] = DEFAULT_FORMATS) -> None:
        """The files of `formats` (names in FORMAT_FILES); graph.html only with `html` too."""
        # Imported here: the CLI imports this module at start, the graph stack should load only for a build.
        from kg.graph.readwrite import write_gexf, write_graphml, write_json, xml_schema

        if "json" in formats:
            write_json(graph, self._partial(GRAPH_JSON))
        schema = xml_schema(graph) if {"graphml", "gexf"} & set(formats) else None
        if "graphml" in formats:
            write_graphml(graph, self._partial(GRAPH_GRAPHML), schema=schema)
        if "gexf" in formats:
            from kg.export.html.gephi import gephi_viz  # the page's colours, sizes and layout, for Gephi

            write_gexf(graph, self._partial(GRAPH_GEXF), schema=schema, viz=gephi_viz(graph))
        if "parquet" in formats:
            from kg.graph.tables import write_tables

            write_tables(graph, self._partial(NODES_PARQUET), self._partial(EDGES_PARQUET))
        if html and "html" in formats:
            from kg.export.html import write_html

            write_html(graph, self._partial(GRAPH_HTML))

    def write_rejects(self, rejects: Sequence[Reject]) -> None:
        """rejects.jsonl, only when something was rejected."""
        if rejects:
            write_rejects(self._partial(REJECTS_JSONL), rejects)

    def write_summary(self, summary: dict[str, object]) -> None:
        text = json.dumps(summary, indent=2, sort_keys=True) + "\n"
        self._partial(SUMMARY_JSON).write_text(text, encoding="utf-8")

    def commit(
        self, made_with: MadeWith, *, sources: Sequence[str], selection: dict[str, object] | None = None,
        keep_shards: bool = False,
    ) -> Manifest:
        """Put every file written since the last commit in place, drop kg's files this build did not write
        again, and record them all in a complete manifest.

        The renames are first recorded in a "committing" manifest, written only once every new file is
        on disk: from then on the new build is the folder's, and a process killed halfway through the
        renames has them finished by the next Workspace that opens the folder (`_recover`).
        """
        self._check_owned()  # the user may have put or changed a file at one of kg's names while this build ran
        files = {name: _file_facts(path, sync=True) for name, path in sorted(self._partials.items())}
        earlier = self.read_manifest()
        removed = sorted(name for name in (earlier.files if earlier else {}) if name in KG_FILES and name not in files)
        committing = Manifest(COMMITTING, made_with, list(sources), files, removed, dict(selection or {}))
        self._write_manifest(committing)
        self._partials.clear()  # no longer this build's to discard: they are the folder's next state
        complete = self._roll_forward(committing, verify=False)
        if not keep_shards and (self.shards_folder / SHARDS_LEDGER).is_file():
            shutil.rmtree(self.shards_folder)  # an in-memory build's folder: the store is stale and may be GBs
        return complete

    def discard(self) -> None:
        """Delete the files written since the last commit; the folder keeps what it had."""
        for path in self._partials.values():
            with contextlib.suppress(OSError):  # cleaning up after a failure must not hide that failure
                path.unlink(missing_ok=True)
        self._partials.clear()

    # ---- the folder's state

    def _recover(self) -> None:
        """Finish a commit a killed build left halfway, then delete partial files nobody will commit."""
        manifest = self.read_manifest()
        if manifest is not None and manifest.state == COMMITTING:
            self._roll_forward(manifest, verify=True)
        for name in (*KG_FILES, MANIFEST_JSON):
            partial = self.folder / PARTIAL.format(name=name)
            if partial.is_file() and not partial.is_symlink():  # anything else at that name is not kg's
                partial.unlink()

    def _roll_forward(self, committing: Manifest, *, verify: bool) -> Manifest:
        """Make the renames and deletions a committing manifest records, then mark it complete.

        Each step is idempotent, so running it again after a kill part-way finishes the same commit.
        With `verify`, a file whose partial is already gone must hold what the manifest says.
        """
        for name, facts in committing.files.items():
            if name not in KG_FILES:  # only kg's names, whatever a manifest says
                continue
            partial = self.folder / PARTIAL.format(name=name)
            if partial.is_file():
                os.replace(partial, self.folder / name)
            elif verify and _facts_if_file(self.folder / name) != facts:
                raise WorkspaceError(f"{self.folder}: a build was stopped while putting its files in place and "
                                     f"{name} is not the file it wrote, so kg does not trust this folder; "
                                     f"{_ELSEWHERE}")
        for name in committing.removed:
            if name in KG_FILES:
                (self.folder / name).unlink(missing_ok=True)
        complete = Manifest(COMPLETE, committing.made_with, committing.sources, committing.files,
                            selection=committing.selection)
        self._write_manifest(complete)
        ExtractionCheckpoint(self.folder / CHECKPOINT_FILE, {}).delete()  # its extractions are committed now
        return complete

    def _check_owned(self) -> None:
        """Refuse the folder unless every file kg may replace or delete there is one kg wrote, unchanged.

        Without a manifest the folder must hold nothing but kg's lock and partial files; with one, it must
        say the last build finished, and each of kg's file names present must be listed in it with the
        same sha256 and size.
        """
        manifest = self.read_manifest()
        if manifest is None:
            others = sorted(entry.name for entry in self.folder.iterdir() if entry.name not in _INTERNAL_NAMES)
            if others:
                shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
                why = (" (files with kg's names but no manifest: an older kg, or a build that did not finish, may "
                       "have written them, and kg cannot tell them from yours)" if set(others) & set(KG_FILES) else "")
                raise WorkspaceError(f"{self.folder}: holds files kg did not write ({shown}) and no kg "
                                     f"{MANIFEST_JSON}{why}; kg never replaces or deletes those, so {_ELSEWHERE}")
            return
        if manifest.state != COMPLETE:  # after _recover, only a state kg no longer writes
            raise WorkspaceError(f"{self.folder}: the last build there did not finish ({MANIFEST_JSON} says "
                                 f"{manifest.state!r}), so kg does not trust the files it left; {_ELSEWHERE}")
        for name in KG_FILES:
            path = self.folder / name
            if not (path.exists() or path.is_symlink()):
                continue
            if name not in manifest.files:
                raise WorkspaceError(f"{self.folder}: {name} is not listed in {MANIFEST_JSON}, so kg did not "
                                     f"write it; move it away to keep it, or {_ELSEWHERE}")
            if _facts_if_file(path) != manifest.files[name]:
                raise WorkspaceError(f"{self.folder}: {name} changed since kg wrote it; move it away to keep "
                                     f"it (or delete it), or {_ELSEWHERE}")

    def _partial(self, name: str) -> Path:
        path = self.folder / PARTIAL.format(name=name)
        self._partials[name] = path
        return path

    def _write_manifest(self, manifest: Manifest) -> None:
        partial = self.folder / PARTIAL.format(name=MANIFEST_JSON)
        with partial.open("w", encoding="utf-8") as handle:
            handle.write(manifest.as_json())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, self.folder / MANIFEST_JSON)
        _sync_folder(self.folder)  # the renames before it, and this one, survive a power cut in this order


class KgOutputs:
    """Whether a file is one kg wrote into an output folder, so that reading sources skips it.

    `kg build DIR --out DIR`, or a source folder holding an output folder, must not read kg's own
    papers.jsonl, graph.json or manifest.json back in as input.
    """

    def __init__(self) -> None:
        self._listed: dict[Path, frozenset[str]] = {}  # folder -> the names its kg manifest lists

    def __call__(self, path: Path) -> bool:
        folder = path.parent
        if folder not in self._listed:
            try:
                manifest = Workspace(folder).read_manifest()
            except WorkspaceError:  # not kg's manifest: its folder holds no kg outputs
                manifest = None
            self._listed[folder] = frozenset([*manifest.files, MANIFEST_JSON]) if manifest else frozenset()
        return path.name in self._listed[folder]


_REBUILD = "run kg build without --update to rebuild the folder from all its sources"
_ELSEWHERE = "give --out an empty or new folder"
# What an output folder may hold besides the files a manifest lists: kg's lock, extraction checkpoint,
# shard store and partial files.
_INTERNAL_NAMES = frozenset([LOCK_FILE, CHECKPOINT_FILE, SHARDS_FOLDER, *(PARTIAL.format(name=name) for name in (*KG_FILES, MANIFEST_JSON))])


def _file_facts(path: Path, *, sync: bool = False) -> dict[str, object]:
    """sha256 and size of a file; with `sync`, its bytes are on disk before this returns."""
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
        if sync:
            os.fsync(handle.fileno())
    return {"sha256": digest, "size": path.stat().st_size}


def _facts_if_file(path: Path) -> dict[str, object] | None:
    """The facts of a regular file at `path`; None for anything else (missing, a folder, a link)."""
    if path.is_symlink() or not path.is_file():
        return None
    return _file_facts(path)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
