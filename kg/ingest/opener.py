"""Opening inputs: transparent gzip, a sniffable head, and capped, numbered lines.

Lines are read as bytes with a size cap and decoded one at a time, so a
multi-GB file, a line with no end, or one undecodable line costs one Reject,
never the whole file or the machine's memory.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from kg.ingest.errors import make_reject
from kg.records import Reject

GZIP_MAGIC = b"\x1f\x8b"
UTF8_BOM = b"\xef\xbb\xbf"
# The most one line (or one record) may hold; longer ones are rejected, not read.
MAX_LINE_BYTES = 1 << 20
HEAD_BYTES = 64 * 1024
READ_CHUNK = 4096
# Compressed bytes inflated at a time: the most a damaged gzip file can lose before the damage.
GZIP_CHUNK = 16 * 1024
# Errors a damaged gzip stream raises part-way through reading.
GZIP_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)


def is_gzip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == GZIP_MAGIC


class _GzipStream(io.RawIOBase):
    """gzip decompression that hands out every byte before a damaged or cut-off part, and only then raises.

    gzip.open loses the bytes it had decompressed in the read call that meets the damage, so a small
    truncated file gave nothing at all; here whatever inflates is read, then EOFError or zlib.error
    says where it stopped. Concatenated members are read one after another, as gzip does.
    """

    def __init__(self, path: Path) -> None:
        self._file = path.open("rb")
        self._inflate = zlib.decompressobj(wbits=31)
        self._pending = b""
        self._at_end = False
        # The damage met is raised by the read after the one that returned end-of-file: raised in the
        # same read, it would make a buffered reader drop the bytes it had gathered.
        self._damage: Exception | None = None
        self._damage_due = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending and not self._at_end:
            try:
                self._pending = self._inflate_more()
            except (EOFError, zlib.error) as error:
                self._damage, self._at_end = error, True
        if not self._pending:
            if self._damage_due:
                raise self._damage  # type: ignore[misc]
            self._damage_due = self._damage is not None
            return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def _inflate_more(self) -> bytes:
        chunk = self._file.read(GZIP_CHUNK)
        if not chunk:
            self._at_end = True
            if not self._inflate.eof:
                raise EOFError("compressed file ended before the end-of-stream marker was reached")
            return b""
        out = self._inflate.decompress(chunk)
        while self._inflate.eof and self._inflate.unused_data.strip(b"\x00"):
            rest = self._inflate.unused_data
            self._inflate = zlib.decompressobj(wbits=31)
            out += self._inflate.decompress(rest)
        return out

    def close(self) -> None:
        self._file.close()
        super().close()


def open_binary(path: Path) -> BinaryIO:
    """The file's bytes, decompressed when it is gzip (judged by its magic bytes, not its name)."""
    if is_gzip(path):
        return io.BufferedReader(_GzipStream(path))  # type: ignore[return-value]
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


# Byte-order marks of the encodings kg does not read, longest first (UTF-32 LE starts like UTF-16 LE).
_FOREIGN_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"), (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
                 (b"\xff\xfe", "UTF-16 (little-endian)"), (b"\xfe\xff", "UTF-16 (big-endian)"))


def not_text_reason(head: bytes) -> str | None:
    """Why a file starting with `head` cannot be read as UTF-8 text, or None when it can.

    UTF-16 and UTF-32 are named (by byte-order mark, or by the NUL bytes beside every ASCII character),
    so the user knows to convert the file; stray NUL bytes in a text file are not enough to give up on it:
    the lines holding them become rejects. Only mostly undecodable or control bytes make a file binary.
    """
    for bom, name in _FOREIGN_BOMS:
        if head.startswith(bom):
            return f"{name} text; kg reads UTF-8 (convert it, e.g. iconv -f {name.split()[0]} -t UTF-8)"
    sample = head[:4096]
    if len(sample) >= 8 and sample.count(0) * 3 >= len(sample):
        width = "UTF-32" if sample.count(0) * 8 >= len(sample) * 5 else "UTF-16"
        return f"looks like {width} text without a byte-order mark; kg reads UTF-8 (convert it, e.g. iconv -f {width} -t UTF-8)"
    text = head.replace(b"\x00", b"").decode("utf-8", errors="replace")
    odd = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f"))
    if odd > max(8, len(text) // 10):
        return "binary file, not text"
    return None


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
    """(1-based line number, text without line ending), or a Reject for a line that cannot be read.

    A last line with no line ending is held back until the stream has ended cleanly: in a damaged gzip
    file it is the line the damage cut, and it becomes part of that one reject rather than a second one.
    """
    number = 0
    unended: bytes | None = None
    try:
        with open_binary(path) as stream:
            for number, raw in enumerate(_raw_lines(stream), start=1):
                if raw is not None and not raw.endswith(b"\n"):
                    unended = raw
                    break
                yield _line_item(source, number, raw)
            if unended is not None:
                stream.read(1)  # a damaged gzip stream raises here
                yield _line_item(source, number, unended)
    except GZIP_ERRORS as error:
        line = number if unended is not None else number + 1
        cut = (unended or b"").decode("utf-8", errors="replace")
        yield make_reject(source, line, f"corrupt or truncated gzip data ({error}); rest of file skipped", cut)


def _line_item(source: str, number: int, raw: bytes | None) -> tuple[int, str] | Reject:
    if raw is None:
        return make_reject(source, number, f"line longer than {MAX_LINE_BYTES // (1 << 20)} MiB")
    if number == 1:
        raw = raw.removeprefix(UTF8_BOM)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        reason = f"undecodable bytes at column {error.start + 1} (not UTF-8)"
        return make_reject(source, number, reason, raw.decode("utf-8", errors="replace"))
    if "\x00" in text:
        return make_reject(source, number, "NUL byte in the line (binary data)", text)
    return number, text.rstrip("\r\n")
