"""The elements of a JSON document's top-level array, one at a time, each with its line.

API responses are a JSON array; reading them element by element keeps memory
flat and tells each record the line it starts on. A top-level object counts as
a one-element document (a single paper). Files that hold several documents one
after another (saved responses appended to one file) are read to the end.
Bytes that are not UTF-8 are kept as lone surrogates (surrogateescape), so one
bad byte rejects the record holding it (see kg.ingest.checks), not the file.
"""

from __future__ import annotations

import io
import json
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

from kg.ingest.errors import make_reject
from kg.ingest.opener import GZIP_ERRORS, MAX_LINE_BYTES, open_binary
from kg.records import Reject

CHUNK_CHARS = 64 * 1024
# An element may be at most this long (characters); a longer one ends the file with a Reject.
MAX_ELEMENT_CHARS = MAX_LINE_BYTES
# A decode error this close to the end of the buffer may just be a cut-off element: read more first.
_CUT_MARGIN = 16
_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\r\n"


class _Buffer:
    """A sliding window over the text, tracking the line number of its first character."""

    def __init__(self, stream: io.TextIOBase) -> None:
        self.stream = stream
        self.text = ""
        self.pos = 0
        self.first_line = 1
        self.eof = False

    def fill(self) -> None:
        chunk = self.stream.read(CHUNK_CHARS)
        if chunk:
            self.text += chunk
        else:
            self.eof = True

    def next_char(self) -> str:
        """The next non-whitespace character ('' at the end), without consuming it."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.text) or self.eof:
                return self.text[self.pos] if self.pos < len(self.text) else ""
            self.fill()

    def line(self) -> int:
        return self.first_line + self.text.count("\n", 0, self.pos)

    def advance(self, end: int) -> None:
        """Consume up to `end` and drop the consumed text."""
        self.first_line += self.text.count("\n", 0, end)
        self.text = self.text[end:]
        self.pos = 0

    def decode(self) -> tuple[Any, int] | str:
        """(value, end) of the value at pos, reading more as needed, or the reason it cannot be read."""
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as error:
                maybe_cut = error.msg.startswith("Unterminated string") or error.pos >= len(self.text) - _CUT_MARGIN
                if self.eof or not maybe_cut:
                    return f"invalid or truncated JSON ({error.msg})"
            else:
                if end < len(self.text) or self.eof:
                    return value, end
            if len(self.text) - self.pos > MAX_ELEMENT_CHARS:
                return f"element longer than {MAX_ELEMENT_CHARS} characters"
            self.fill()


def iter_elements(path: Path, source: str) -> Iterator[tuple[int, Any] | Reject]:
    """(line, value) per element of the top-level array (or the one top-level object)."""
    buffer: _Buffer | None = None
    try:
        with open_binary(path) as binary, \
                io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape") as stream:
            buffer = _Buffer(stream)
            while buffer.next_char():
                if not (yield from _elements(buffer, source)):
                    return
    except GZIP_ERRORS as error:
        line = buffer.line() if buffer else None
        yield make_reject(source, line, f"corrupt or truncated gzip data ({error}); rest of file skipped")


def _elements(buffer: _Buffer, source: str) -> Generator[tuple[int, Any] | Reject, None, bool]:
    """The elements of the document at the buffer's position; returns whether reading may go on after it."""
    first = buffer.next_char()
    if first == "{":
        return (yield from _one_element(buffer, source))
    if first != "[":
        where = None if buffer.line() == 1 else buffer.line()
        yield make_reject(source, where, "not a JSON array or object" + ("" if where is None else "; rest of file skipped"),
                          buffer.text[buffer.pos:])
        return False
    buffer.pos += 1
    expect_comma = False
    while True:
        char = buffer.next_char()
        if char == "]":
            buffer.advance(buffer.pos + 1)
            return True
        if char == "":
            yield make_reject(source, buffer.line(), "truncated JSON: the array is not closed")
            return False
        if expect_comma:
            if char != ",":
                yield make_reject(source, buffer.line(), f"invalid JSON: expected ',' or ']', found {char!r}; rest of file skipped")
                return False
            buffer.pos += 1
            expect_comma = False
            continue
        line = buffer.line()
        decoded = buffer.decode()
        if isinstance(decoded, str):
            yield make_reject(source, line, f"{decoded}; rest of file skipped", buffer.text[buffer.pos:])
            return False
        value, end = decoded
        buffer.advance(end)
        expect_comma = True
        yield line, value


def _one_element(buffer: _Buffer, source: str) -> Generator[tuple[int, Any] | Reject, None, bool]:
    line = buffer.line()
    decoded = buffer.decode()
    if isinstance(decoded, str):
        yield make_reject(source, line, decoded, buffer.text[buffer.pos:])
        return False
    value, end = decoded
    buffer.advance(end)
    yield line, value
    return True
