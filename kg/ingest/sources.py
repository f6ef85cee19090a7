"""From the paths a user gave to a stream of records: folders expanded, files checked, readers chosen."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from kg.ingest import arxiv_atom, checks, arxiv_snapshot, csv_table, detect, hf_api, hf_listing, json_lines
from kg.ingest.errors import InputError, describe, log, make_reject
from kg.ingest.opener import GZIP_ERRORS, not_text_reason, read_head
from kg.ingest.selection import KEEP_ALL, LeftOut, Selection
from kg.records import PaperRecord, Reject

Reader = Callable[[Path, str], Iterator[PaperRecord | Reject]]

READERS: dict[str, Reader] = {
    detect.HF_LISTING: hf_listing.read,
    detect.ARXIV_ATOM: arxiv_atom.read,
    detect.ARXIV_SNAPSHOT: arxiv_snapshot.read,
    detect.HF_API: hf_api.read,
    detect.CSV: csv_table.read,
    detect.JSONL: json_lines.read,
}
FORMATS: tuple[str, ...] = tuple(READERS)


def read_sources(
    paths: Sequence[Path | str], fmt: str | None = None, *, skip: Callable[[Path], bool] | None = None,
    selection: Selection = KEEP_ALL,
) -> Iterator[PaperRecord | Reject | LeftOut]:
    """Every record of every path in order; problems come as Rejects (line None: a whole file/folder).

    Folders are read recursively in sorted order, taking files whose suffix
    names a data format (.txt .xml .atom .json .jsonl .ndjson .csv .tsv, each
    optionally .gz) and skipping hidden ones. `fmt` forces one reader for all
    files; an unknown `fmt` raises InputError here, before anything is read.
    Each Reject is also logged on the "kg.ingest" logger as 'path:line: reason'.
    `skip` names files a folder holds that are not input (the builder's: outputs kg wrote there).
    `selection`: the arXiv snapshot reader judges its rows against it and yields those outside as LeftOut
    (other readers' records are judged by the caller, kg.builder).
    """
    if fmt is not None and fmt not in READERS:
        raise InputError(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    if isinstance(paths, (str, Path)):  # one path, not a sequence of characters
        paths = [paths]
    return _read_all([str(path) for path in paths], fmt, skip or _nothing, selection)


def _nothing(path: Path) -> bool:
    return False


def _read_all(
    sources: list[str], fmt: str | None, skip: Callable[[Path], bool], selection: Selection
) -> Iterator[PaperRecord | Reject | LeftOut]:
    for source in sources:
        for item in _read_path(source, fmt, skip, selection):
            if isinstance(item, PaperRecord):
                item = checks.checked(item)
            if isinstance(item, Reject):
                log.warning("%s", describe(item))
            yield item


def _read_path(
    source: str, fmt: str | None, skip: Callable[[Path], bool], selection: Selection
) -> Iterator[PaperRecord | Reject | LeftOut]:
    path = Path(source)
    if path.is_dir():
        files = _data_files(source, skip)
        if not files:
            yield make_reject(source, None, "folder holds no readable files (.txt .xml .json .jsonl .csv ..., or .gz)")
        for file_source in files:
            yield from _read_file(Path(file_source), file_source, fmt, selection)
    elif path.exists():
        yield from _read_file(path, source, fmt, selection)
    else:
        yield make_reject(source, None, "missing path (no such file or folder)")


def _data_files(folder: str, skip: Callable[[Path], bool]) -> list[str]:
    """Data files under `folder` sorted by their path inside it, joined onto the folder as given."""
    found: list[tuple[tuple[str, ...], str]] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in files:
            path = os.path.join(root, name)
            if name.startswith("."):
                continue
            if skip(Path(path)):
                log.info("%s: skipped (an output kg wrote)", path)
                continue
            if detect.data_suffix(name) in detect.SUFFIX_FORMATS:
                found.append((Path(os.path.relpath(path, folder)).parts, path))
            else:
                log.info("%s: skipped (not a data file name)", path)
    return [path for _, path in sorted(found)]


def _read_file(path: Path, source: str, fmt: str | None, selection: Selection) -> Iterator[PaperRecord | Reject | LeftOut]:
    try:
        head = read_head(path)
    except (OSError, *GZIP_ERRORS) as error:
        yield make_reject(source, None, f"cannot read the file ({error})")
        return
    if not head.strip():
        yield make_reject(source, None, "empty file")
        return
    reason = not_text_reason(head)
    if reason:
        yield make_reject(source, None, reason)
        return
    chosen = fmt or detect.detect_format(head, path.name)
    if chosen is None:
        yield make_reject(source, None, f"unknown format (not one of: {', '.join(FORMATS)}); name it with --format")
        return
    try:
        if chosen == detect.ARXIV_SNAPSHOT:  # millions of rows, most outside any one field: judged raw
            yield from arxiv_snapshot.read(path, source, selection)
        else:
            yield from READERS[chosen](path, source)
    except OSError as error:
        yield make_reject(source, None, f"read error part-way through ({error}); rest of file skipped")
