"""The output folder of a build, and `Workspace`, the one owner of every file kg writes there.

Stage files are JSON Lines a person can read: `papers.jsonl` (deduplicated
records with their ids), `extractions.jsonl` (what extraction found per
paper) and `rejects.jsonl` (every entry that did not become a paper).
`manifest.json` is the folder's build state: what the extractions were made
with, the sources read, the files kg wrote (with sha256 and size) and whether
the build finished. A build writes each file beside its final name and puts
them all in place at `Workspace.commit`, so a failed build leaves the last
good outputs as they were.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.extract.serialize import extraction_from_dict, extraction_to_dict
from kg.extract.types import Extraction
from kg.records import PaperRecord, Reject

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
# A file being written stays under this name, beside its final one, until the build commits.
PARTIAL = ".{name}.partial"
# Names kg gives its files: finding any of them without a finished manifest means an interrupted build.
KG_FILES = (GRAPH_JSON, GRAPH_GRAPHML, GRAPH_GEXF, GRAPH_HTML, SUMMARY_JSON, REJECTS_JSONL, PAPERS_JSONL,
            EXTRACTIONS_JSONL, NODES_PARQUET, EDGES_PARQUET)
BUILDING = "building"
COMPLETE = "complete"


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


class WorkspaceError(Exception):
    """The folder cannot serve the build asked of it; the message names it and says what to do."""


@dataclass(frozen=True)
class MadeWith:
    """What extractions were made with: stored ones are reused only by a run with an equal MadeWith."""

    kg_version: str
    mode: str
    # sha256 of each resource the mode extracts with (kg.extract.fingerprint).
    fingerprints: dict[str, str]

    def changes_from(self, earlier: MadeWith) -> str:
        """What differs from `earlier`, in words for the user ("" when nothing does)."""
        changes = []
        if earlier.mode != self.mode:
            changes.append(f"mode {earlier.mode} -> {self.mode}")
        if earlier.kg_version != self.kg_version:
            changes.append(f"kg {earlier.kg_version} -> {self.kg_version}")
        for name in sorted(earlier.fingerprints.keys() & self.fingerprints.keys()):
            if earlier.fingerprints[name] != self.fingerprints[name]:
                changes.append(f"{name} data changed")
        return ", ".join(changes)


@dataclass
class Manifest:
    """manifest.json: the build state of a folder, and the list of files kg wrote there."""

    state: str
    made_with: MadeWith
    # The source paths read into this folder, by this build and every earlier one it updated.
    sources: list[str]
    # Entries that became a paper or merged into one (papers + duplicates merged), over all those builds.
    entries_accepted: int
    # File name -> {"sha256": ..., "size": ...}.
    files: dict[str, dict[str, object]]

    def as_dict(self) -> dict[str, object]:
        return {
            "state": self.state,
            "kg_version": self.made_with.kg_version,
            "mode": self.made_with.mode,
            "fingerprints": self.made_with.fingerprints,
            "sources": self.sources,
            "entries_accepted": self.entries_accepted,
            "files": self.files,
        }

    @classmethod
    def from_dict(cls, row: dict) -> Manifest:
        return cls(
            state=row["state"],
            made_with=MadeWith(row["kg_version"], row["mode"], dict(row["fingerprints"])),
            sources=list(row["sources"]),
            entries_accepted=int(row["entries_accepted"]),
            files=dict(row["files"]),
        )


@dataclass
class PreviousBuild:
    """What a finished build left in the folder: the starting point of `--update` (empty: none yet)."""

    papers: list[tuple[str, PaperRecord]] = field(default_factory=list)
    extractions: list[Extraction] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    entries_accepted: int = 0
    sources: list[str] = field(default_factory=list)
    made_with: MadeWith | None = None


class Workspace:
    """The output folder, and every read and write of kg's files in it.

    Use it as a context manager around a build: each write goes to a partial
    file beside its final name; `commit` puts them all in place and records
    them in the manifest; leaving the block without a commit deletes them.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._partials: dict[str, Path] = {}  # final name -> the file written for it, until commit

    def __enter__(self) -> Workspace:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()

    # ---- reading

    def read_manifest(self) -> Manifest | None:
        """The folder's manifest; None where kg has not finished writing one."""
        path = self.folder / MANIFEST_JSON
        if not path.exists():
            return None
        try:
            return Manifest.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError) as error:
            raise WorkspaceError(f"{self.folder}: {MANIFEST_JSON} is unreadable ({error}); {_REBUILD}") from error

    def read_previous(self) -> PreviousBuild:
        """The finished build this folder holds, for `--update`; empty where kg has built nothing yet.

        Raises WorkspaceError for a folder an unfinished build left behind.
        """
        manifest = self.read_manifest()
        if manifest is None:
            names = [name for kg_name in KG_FILES for name in (kg_name, PARTIAL.format(name=kg_name))]
            found = [name for name in names if (self.folder / name).exists()]
            if found:
                raise WorkspaceError(
                    f"{self.folder}: has {', '.join(found)} but no {MANIFEST_JSON}, so the build that wrote them "
                    f"did not finish (or an older kg made them); {_REBUILD}"
                )
            return PreviousBuild()
        if manifest.state != COMPLETE:
            raise WorkspaceError(f"{self.folder}: the last build there did not finish ({MANIFEST_JSON} says "
                                 f"{manifest.state!r}); {_REBUILD}")
        has_rejects = REJECTS_JSONL in manifest.files
        needed = (PAPERS_JSONL, EXTRACTIONS_JSONL, *([REJECTS_JSONL] if has_rejects else []))
        missing = [name for name in needed if not (self.folder / name).exists()]
        if missing:
            raise WorkspaceError(f"{self.folder}: {', '.join(missing)} missing; {_REBUILD}")
        return PreviousBuild(
            papers=read_papers(self.folder / PAPERS_JSONL),
            extractions=read_extractions(self.folder / EXTRACTIONS_JSONL),
            rejects=read_rejects(self.folder / REJECTS_JSONL) if has_rejects else [],
            entries_accepted=manifest.entries_accepted,
            sources=manifest.sources,
            made_with=manifest.made_with,
        )

    # ---- writing: every file goes through _partial, and nothing replaces an old file before commit

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

    def commit(self, made_with: MadeWith, *, sources: Sequence[str], entries_accepted: int) -> Manifest:
        """Put every file written since the last commit in place, drop kg's files this build did not write
        again, and record them all in a complete manifest.

        While files are being replaced the manifest says "building" and lists old and new files, so an
        interruption here is seen as an unfinished build, never as a finished one.
        """
        files = {name: _file_facts(path) for name, path in sorted(self._partials.items())}
        earlier = self._earlier_files()
        self._write_manifest(Manifest(BUILDING, made_with, list(sources), entries_accepted, {**earlier, **files}))
        for name, path in self._partials.items():
            os.replace(path, self.folder / name)
        self._partials.clear()
        for name in (earlier.keys() - files.keys()) & set(KG_FILES):  # only kg's names, whatever a manifest says
            (self.folder / name).unlink(missing_ok=True)
        for name in KG_FILES:  # partial files an interrupted build left behind
            (self.folder / PARTIAL.format(name=name)).unlink(missing_ok=True)
        manifest = Manifest(COMPLETE, made_with, list(sources), entries_accepted, files)
        self._write_manifest(manifest)
        return manifest

    def discard(self) -> None:
        """Delete the files written since the last commit; the folder keeps what it had."""
        for path in self._partials.values():
            with contextlib.suppress(OSError):  # cleaning up after a failure must not hide that failure
                path.unlink(missing_ok=True)
        self._partials.clear()

    def _partial(self, name: str) -> Path:
        path = self.folder / PARTIAL.format(name=name)
        self._partials[name] = path
        return path

    def _earlier_files(self) -> dict[str, dict[str, object]]:
        """The files an earlier manifest says kg wrote here (none if it is missing or unreadable)."""
        try:
            earlier = self.read_manifest()
        except WorkspaceError:
            return {}
        return earlier.files if earlier is not None else {}

    def _write_manifest(self, manifest: Manifest) -> None:
        partial = self.folder / PARTIAL.format(name=MANIFEST_JSON)
        partial.write_text(json.dumps(manifest.as_dict(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(partial, self.folder / MANIFEST_JSON)


_REBUILD = "run kg build without --update to rebuild the folder from all its sources"


def _file_facts(path: Path) -> dict[str, object]:
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    return {"sha256": digest, "size": path.stat().st_size}
