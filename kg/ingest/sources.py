"""From the paths a user gave to a stream of records: folders expanded, files checked, readers chosen.

A source may also be an fsspec URL (kg.ingest.remote): its files are listed, chosen and read by the same
rules, and named in rejects by the URL as given (a folder's file: the URL, '/', its path inside).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from kg.ingest import arxiv_atom, checks, arxiv_snapshot, csv_table, detect, hf_api, hf_listing, json_lines, remote
from kg.ingest.errors import InputError, describe, log, make_reject
from kg.ingest.opener import GZIP_ERRORS, not_text_reason, read_head
from kg.ingest.selection import KEEP_ALL, LeftOut, Selection
from kg.records import PaperRecord, Reject

# A reader takes the file (a Path, or a remote.RemoteFile standing in for one) and the name rejects give it.
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


def local_files(paths: Sequence[str], skip: Callable[[Path], bool] | None = None) -> list[str] | None:
    """The files read_sources(paths, skip=skip) reads, in its order (a missing path stands for itself);
    None when a source is a URL, whose files are listed only by reading it."""
    files: list[str] = []
    for source in paths:
        if remote.is_url(source):
            return None
        files.extend(_data_files(source, skip or _nothing) if Path(source).is_dir() else [source])
    return files


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
    if remote.is_url(source):
        yield from _read_url(source, fmt, skip, selection)
        return
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


def _read_url(
    source: str, fmt: str | None, skip: Callable[[Path], bool], selection: Selection
) -> Iterator[PaperRecord | Reject | LeftOut]:
    """A source given as an fsspec URL: a file or a folder, as _read_path reads a local one."""
    try:
        fs, path = remote.locate(source)
        if fs.isdir(path):
            found = [relative for relative in remote.files_below(fs, path)
                     if not _hidden(relative) and not (remote.is_local(fs) and _skipped(path, relative, skip))]
            files = _chosen(found, source)
        elif fs.exists(path):
            files = None
        else:
            yield make_reject(source, None, "missing path (no such file or folder)")
            return
    except (ImportError, ValueError, OSError) as error:  # no package for the protocol, unknown one, unreachable
        yield make_reject(source, None, f"cannot open the URL ({error})")
        return
    if files is None:
        yield from _read_file(remote.RemoteFile(fs, path), source, fmt, selection)
        return
    if not files:
        yield make_reject(source, None, "folder holds no readable files (.txt .xml .json .jsonl .csv ..., or .gz)")
    for relative, file_source in files:
        yield from _read_file(remote.RemoteFile(fs, f"{path.rstrip('/')}/{relative}"), file_source, fmt, selection)


def _hidden(relative: str) -> bool:
    """Whether a file's path inside a folder passes through a hidden name (skipped, as os.walk's are)."""
    return any(part.startswith(".") for part in relative.split("/"))


def _skipped(folder: str, relative: str, skip: Callable[[Path], bool]) -> bool:
    path = Path(folder, relative)
    if skip(path):
        log.info("%s: skipped (an output kg wrote)", path)
        return True
    return False


def _chosen(relatives: list[str], url: str) -> list[tuple[str, str]]:
    """(path inside, name for rejects) of the data files among a URL folder's files, in _data_files' order."""
    chosen = []
    for relative in sorted(relatives, key=lambda name: tuple(name.split("/"))):
        file_source = f"{url.rstrip('/')}/{relative}"
        if detect.data_suffix(posixpath.basename(relative)) in detect.SUFFIX_FORMATS:
            chosen.append((relative, file_source))
        else:
            log.info("%s: skipped (not a data file name)", file_source)
    return chosen


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
