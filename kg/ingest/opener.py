"""Opening inputs: transparent gzip, a sniffable head, and capped, numbered lines.

Lines are read as bytes with a size cap and decoded one at a time, so a
multi-GB file, a line with no end, or one undecodable line costs one Reject,
never the whole file or the machine's memory.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kg.ingest.errors import make_reject
from kg.records import Reject

GZIP_MAGIC = b"\x1f\x8b"
UTF8_BOM = b"\xef\xbb\xbf"
# The most one line (or one record) may hold; longer ones are rejected, not read.
MAX_LINE_BYTES = 1 << 20
HEAD_BYTES = 64 * 1024
READ_CHUNK = 4096
# Errors a damaged gzip stream raises part-way through reading.
GZIP_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)


def is_gzip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == GZIP_MAGIC


def open_binary(path: Path) -> BinaryIO:
    """The file's bytes, decompressed when it is gzip (judged by its magic bytes, not its name)."""
    if is_gzip(path):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first `size` (decompressed) bytes, without a UTF-8 byte-order mark.

    A damaged gzip file still gives the bytes before the damage, so its readable
    part is read (and the damage reported where it is); only a file with no
    readable byte at all raises.
    """
    parts: list[bytes] = []
    read = 0
    with open_binary(path) as stream:
        while read < size:
            try:
                chunk = stream.read(min(READ_CHUNK, size - read))
            except GZIP_ERRORS:
                if not parts:
                    raise
                break
            if not chunk:
                break
            parts.append(chunk)
            read += len(chunk)
    return b"".join(parts).removeprefix(UTF8_BOM)


def looks_binary(head: bytes) -> bool:
    """NUL bytes, or mostly undecodable/control bytes: not a text format we read."""
    if b"\x00" in head:
        return True
    text = head.decode("utf-8", errors="replace")
    odd = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f"))
    return odd > max(8, len(text) // 10)


def _raw_lines(stream: BinaryIO) -> Iterator[bytes | None]:
    """Byte lines; None stands for a line longer than MAX_LINE_BYTES (skipped unread)."""
    while True:
        chunk = stream.readline(MAX_LINE_BYTES + 1)
        if not chunk:
            return
        if len(chunk) > MAX_LINE_BYTES and not chunk.endswith(b"\n"):
            while True:
                rest = stream.readline(MAX_LINE_BYTES)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield chunk


def iter_lines(path: Path, source: str) -> Iterator[tuple[int, str] | Reject]:
    """(1-based line number, text without line ending), or a Reject for a line that cannot be read."""
    number = 0
    try:
        with open_binary(path) as stream:
            for number, raw in enumerate(_raw_lines(stream), start=1):
                if raw is None:
                    yield make_reject(source, number, f"line longer than {MAX_LINE_BYTES // (1 << 20)} MiB")
                    continue
                if number == 1:
                    raw = raw.removeprefix(UTF8_BOM)
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    reason = f"undecodable bytes at column {error.start + 1} (not UTF-8)"
                    yield make_reject(source, number, reason, raw.decode("utf-8", errors="replace"))
                    continue
                yield number, text.rstrip("\r\n")
    except GZIP_ERRORS as error:
        yield make_reject(source, number + 1, f"corrupt or truncated gzip data ({error}); rest of file skipped")
