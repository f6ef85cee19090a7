"""The extraction checkpoint: what a build has extracted so far, on disk, so a killed build resumes.

Extraction is by far the costliest stage; without this, a build killed there (even by SIGKILL) starts
over. `.extractions.checkpoint.jsonl` in the output folder holds a header line naming what the
extractions are made with (kg version, mode, resource fingerprints: `kg.manifest.MadeWith`), then one
line per finished paper: the sha256 of its extraction input (paper id, title, abstract, links) and the
extraction in kg.extract.serialize's dict form. Lines are flushed and fsynced every SYNC_EVERY_PAPERS
papers or SYNC_EVERY_SECONDS seconds. A kill can cut only the last line short: it has no newline and is
ignored, then cut off before the next line is appended. The Workspace deletes the file once a build commits.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from kg.extract.serialize import extraction_from_dict, extraction_to_dict
from kg.extract.types import Extraction

CHECKPOINT_FILE = ".extractions.checkpoint.jsonl"
# How much work a kill may lose: the lines since the last sync (a sync costs one fsync, about a millisecond).
SYNC_EVERY_PAPERS = 500
SYNC_EVERY_SECONDS = 2.0
# Bumped when the line layout changes: a checkpoint of another layout is never read.
LAYOUT = 1


def input_key(paper_id: str, title: str, abstract: str, links: Sequence[str]) -> str:
    """sha256 of what an extraction is made from: a checkpointed one is reused only for the same text."""
    text = json.dumps([paper_id, title, abstract, list(links)], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ExtractionCheckpoint:
    """The checkpoint file of one output folder, for a build whose extractions are made with `made_with`.

    `read` first (what a killed build left, if made the same way), then `append` each new extraction;
    `close` when extraction ends. Appending without a `read` starts the file afresh.
    """

    def __init__(self, path: Path, made_with: dict[str, object]) -> None:
        self.path = path
        self._header = {"checkpoint": LAYOUT, **made_with}
        self._keep_bytes = 0  # the length of the file's whole, usable lines (0: start afresh)
        self._handle: BinaryIO | None = None
        self._unsynced = 0
        self._synced_at = 0.0

    def read(self) -> dict[str, tuple[str, Extraction]]:
        """Paper id -> (input key, extraction) of every whole line; nothing when made another way."""
        self._keep_bytes = 0
        if self.path.is_symlink() or not self.path.is_file():  # not a file kg wrote
            return {}
        found: dict[str, tuple[str, Extraction]] = {}
        with self.path.open("rb") as handle:
            header = handle.readline()
            if _whole_row(header) != self._header:
                return {}
            kept = len(header)
            for line in handle:
                row = _whole_row(line)
                try:
                    extraction = extraction_from_dict(row["extraction"])
                    found[extraction.paper_id] = (row["input"], extraction)
                except (KeyError, TypeError, ValueError):  # torn by a kill: nothing after it is trusted
                    break
                kept += len(line)
        self._keep_bytes = kept
        return found

    def append(self, key: str, extraction: Extraction) -> None:
        if self._handle is None:
            self._handle = self._open()
        row = {"input": key, "extraction": extraction_to_dict(extraction)}
        self._handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")
        self._unsynced += 1
        if self._unsynced >= SYNC_EVERY_PAPERS or time.monotonic() - self._synced_at >= SYNC_EVERY_SECONDS:
            self._sync()

    def close(self) -> None:
        if self._handle is not None:
            self._sync()
            self._handle.close()
            self._handle = None

    def delete(self) -> None:
        """Remove the file (a build committed: its extractions are in extractions.jsonl now)."""
        self.close()
        if self.path.is_file() and not self.path.is_symlink():
            self.path.unlink()

    def _open(self) -> BinaryIO:
        # O_NOFOLLOW: a link a user put at this name is never written through.
        handle = os.fdopen(os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644), "r+b")
        handle.truncate(self._keep_bytes)  # drops a torn last line, or everything when made another way
        handle.seek(self._keep_bytes)
        if not self._keep_bytes:
            handle.write(json.dumps(self._header, sort_keys=True).encode("utf-8") + b"\n")
        self._synced_at = time.monotonic()
        return handle

    def _sync(self) -> None:
        assert self._handle is not None
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._unsynced = 0
        self._synced_at = time.monotonic()


def _whole_row(line: bytes) -> dict | None:
    """The JSON object on a line that ends in a newline; None for a torn or damaged one."""
    if not line.endswith(b"\n"):
        return None
    try:
        row = json.loads(line)
    except ValueError:
        return None
    return row if isinstance(row, dict) else None
