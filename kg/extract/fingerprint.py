"""Fingerprints of the data an extraction mode runs on: the gazetteer file and, in default mode, the NER model.

An output folder's manifest keeps them, so `kg build --update` can tell whether the extractions stored
there were made with the same data this run would use; if not, they are made again.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from kg.extract.gazetteer import default_path


def resource_fingerprints(mode: str, gazetteer_path: Path | None = None) -> dict[str, str]:
    """sha256 of each resource `mode` extracts with: "gazetteer" (the given file, else the shipped one)
    always, "ner" in default mode."""
    fingerprints = {"gazetteer": tree_sha256(Path(gazetteer_path) if gazetteer_path else default_path())}
    if mode == "default":
        from kg.extract.ner import MODEL_DIR  # only default mode needs the NER package

        fingerprints["ner"] = tree_sha256(MODEL_DIR)
    return fingerprints


@cache
def tree_sha256(path: Path) -> str:
    """One sha256 of a file, or of every file under a folder together with its path there."""
    if path.is_file():
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(file.relative_to(path).as_posix().encode("utf-8") + b"\0")
        digest.update(bytes.fromhex(tree_sha256(file)))
    return digest.hexdigest()
