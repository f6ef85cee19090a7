"""`kg publish`: copy a finished output folder to an fsspec URL (a shared mount, S3, GCS, ...).

A build writes to a local folder (kg.workspace), where renames are atomic and a lock keeps out a second
build; publishing then copies the folder's files, as its manifest lists them, to shared storage or an
object store, with the same promises there (docs/output-folder.md, "Publishing"):

- only a finished, unchanged build is published (the folder's lock is held while its files are read);
- at the destination kg writes, replaces and deletes only its own files: a destination without kg's
  manifest.json must be empty, and a file at one of kg's names must be listed in the destination's manifest;
- each file is uploaded beside its final name first, then a "committing" manifest records what is about to
  be put in place, then the files are moved over the old ones and the destination's manifest marks it
  complete; a publish stopped at any point is finished by running it again, and until then the
  destination's manifest says "committing";
- a file whose destination copy the complete manifest already lists with the same sha256 and size is not
  sent again, so republishing after an update moves only what changed.

The shard store of an out-of-core build (`.shards`) is working state and is not published: `--update` runs
on the local folder, which is then published again.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.ingest.remote import is_local, locate
from kg.manifest import COMMITTING, COMPLETE, Manifest
from kg.workspace import KG_FILES, MANIFEST_JSON, PARTIAL, Workspace, WorkspaceError

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem


class PublishError(Exception):
    """The folder cannot be published, the destination is not one kg may write to (nothing was changed), or
    the destination failed half way (the next publish finishes it)."""


@dataclass
class PublishReport:
    """What a publish did at its destination, by file name."""

    url: str
    uploaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    bytes_uploaded: int = 0


def publish(folder: Path, url: str, *, on_file: Callable[[str, int], None] | None = None) -> PublishReport:
    """Copy the finished build in `folder` to `url` (docstring of the module); `on_file(name, size)` hears
    of each file before it is sent. Raises PublishError."""
    if not (folder / MANIFEST_JSON).is_file():
        raise PublishError(f"{folder}: no {MANIFEST_JSON} here, so it is not a folder kg build finished")
    try:
        fs, root = locate(url)
    except (ImportError, ValueError, OSError) as error:
        raise PublishError(f"{url}: cannot open it ({error})") from error
    root = root.rstrip("/")
    if is_local(fs) and Path(root).resolve() == folder.resolve():
        raise PublishError(f"{url}: is the folder itself; publish to another place")
    try:
        with Workspace(folder) as workspace:  # the lock: no build replaces these files while they are sent
            manifest = workspace.read_manifest()
            if manifest is None:  # entering refused a folder whose last build did not finish
                raise PublishError(f"{folder}: its {MANIFEST_JSON} is gone; rebuild the folder with kg build")
            _check_local_files(folder, manifest)
            return _Destination(fs, root, url).publish(folder, manifest, on_file)
    except WorkspaceError as error:
        raise PublishError(str(error)) from error
    except OSError as error:  # the store went away, or refused a write: what is there is finished by a rerun
        raise PublishError(f"{url}: the publish stopped ({error}); run it again to finish it") from error


def _check_local_files(folder: Path, manifest: Manifest) -> None:
    missing = sorted(name for name in manifest.files if not (folder / name).is_file())
    if missing:
        raise PublishError(f"{folder}: {', '.join(missing)} listed in {MANIFEST_JSON} but missing; rebuild the "
                           f"folder with kg build")


class _Destination:
    """The folder at the URL, and every read and write of kg's files there."""

    def __init__(self, fs: AbstractFileSystem, root: str, url: str) -> None:
        self.fs = fs
        self.root = root
        self.url = url

    def publish(self, folder: Path, manifest: Manifest, on_file: Callable[[str, int], None] | None) -> PublishReport:
        sizes = self._sizes()  # one listing of what is there, for every check below
        earlier = self._earlier_manifest(sizes)
        present = {name for name in KG_FILES if name in sizes}
        self._check_owned(earlier, present, sizes)
        report = PublishReport(self.url)
        self.fs.makedirs(self.root, exist_ok=True)
        sent = []
        for name, facts in sorted(manifest.files.items()):
            size = int(str(facts["size"]))
            if earlier is not None and earlier.state == COMPLETE and earlier.files.get(name) == facts \
                    and sizes.get(name) == size:
                report.unchanged.append(name)
                continue
            if on_file is not None:
                on_file(name, size)
            self.fs.put_file(str(folder / name), self._path(PARTIAL.format(name=name)))
            sent.append(name)
            report.bytes_uploaded += size
        removed = sorted(present - set(manifest.files))  # kg's, as _check_owned found
        self._write_manifest(Manifest(COMMITTING, manifest.made_with, manifest.sources, manifest.files, removed,
                                      manifest.selection))
        for name in sent:
            self.fs.mv(self._path(PARTIAL.format(name=name)), self._path(name))
        for name in removed:
            self.fs.rm_file(self._path(name))
        self._write_manifest(manifest)
        for name in sorted(set(KG_FILES) - set(sent)):  # partials a stopped publish left for names not sent now
            if PARTIAL.format(name=name) in sizes:
                self.fs.rm_file(self._path(PARTIAL.format(name=name)))
        report.uploaded = sent
        report.deleted = removed
        return report

    def _sizes(self) -> dict[str, int]:
        """Name -> size of every file in the destination folder (none when it is not there yet)."""
        try:
            entries = self.fs.ls(self.root, detail=True)
        except FileNotFoundError:
            return {}
        return {posixpath.basename(entry["name"].rstrip("/")): int(entry.get("size") or 0) for entry in entries}

    def _earlier_manifest(self, sizes: dict[str, int]) -> Manifest | None:
        if MANIFEST_JSON not in sizes:
            return None
        try:
            return Manifest.from_dict(json.loads(self.fs.cat_file(self._path(MANIFEST_JSON))))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise PublishError(f"{self.url}: its {MANIFEST_JSON} is not one kg wrote ({error}), so kg leaves this "
                               f"destination alone; publish to an empty or new one") from error

    def _check_owned(self, earlier: Manifest | None, present: set[str], sizes: dict[str, int]) -> None:
        """Refuse a destination holding files kg did not write where kg would write or delete."""
        if earlier is None:
            others = set(sizes) - {PARTIAL.format(name=name) for name in (*KG_FILES, MANIFEST_JSON)}
            if others:
                shown = ", ".join(sorted(others)[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
                raise PublishError(f"{self.url}: holds files kg did not publish ({shown}) and no kg {MANIFEST_JSON}; "
                                   "kg never replaces or deletes those, so publish to an empty or new destination")
            return
        for name in sorted(present):
            if name not in earlier.files and name not in earlier.removed:
                raise PublishError(f"{self.url}: {name} is not listed in its {MANIFEST_JSON}, so kg did not "
                                   "publish it; move it away to keep it, or publish to an empty or new destination")
            if earlier.state == COMPLETE and sizes[name] != earlier.files[name]["size"]:
                raise PublishError(f"{self.url}: {name} changed since kg published it; move it away to keep it "
                                   "(or delete it), or publish to an empty or new destination")

    def _write_manifest(self, manifest: Manifest) -> None:
        """The manifest as kg.workspace writes it (the same bytes), moved into place whole."""
        partial = self._path(PARTIAL.format(name=MANIFEST_JSON))
        self.fs.pipe_file(partial, manifest.as_json().encode())
        self.fs.mv(partial, self._path(MANIFEST_JSON))

    def _path(self, name: str) -> str:
        return f"{self.root}/{name}"
