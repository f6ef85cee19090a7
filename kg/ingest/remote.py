"""Sources given as fsspec URLs (`memory://`, `file://`, `s3://`, `gs://`, ...): their files, listed and
opened through fsspec, so a build can read from shared storage or an object store.

Only a source spelled `PROTOCOL://...` comes here; a local path is read with os and pathlib as before, and
fsspec is imported only for a URL. A protocol whose filesystem package is not installed (s3fs for s3://,
gcsfs for gs://) becomes the source's reject, naming the package, like any unreadable source.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


def is_url(source: str) -> bool:
    """Whether `source` names its filesystem (`PROTOCOL://...`) rather than being a local path."""
    return bool(_URL.match(source))


@dataclass(frozen=True)
class RemoteFile:
    """A file behind a URL, standing in for the Path kg.ingest's readers take: they use its name and
    open it for reading bytes."""

    fs: AbstractFileSystem
    path: str

    @property
    def name(self) -> str:
        return posixpath.basename(self.path.rstrip("/"))

    def open(self, mode: str = "rb") -> BinaryIO:
        return self.fs.open(self.path, mode)


def locate(url: str) -> tuple[AbstractFileSystem, str]:
    """The filesystem of `url` and the path on it. Raises ImportError (the filesystem's package is missing),
    ValueError (an unknown protocol) or OSError."""
    import fsspec

    return fsspec.url_to_fs(url)


def files_below(fs: AbstractFileSystem, folder: str) -> list[str]:
    """Every file under `folder` on `fs`, as its path relative to the folder ('/'-separated), at any depth."""
    root = folder.rstrip("/")
    return [posixpath.relpath(path, root) for path in fs.find(root)]


def is_local(fs: AbstractFileSystem) -> bool:
    """Whether `fs` is this machine's disk (`file://`), where kg's own output folders may be."""
    from fsspec.implementations.local import LocalFileSystem

    return isinstance(fs, LocalFileSystem)
