"""Ingest's two kinds of trouble: a usage error (raised) and a bad input (a Reject, yielded).

A bad file or entry must never stop the other input from being read, so readers
yield `Reject`s instead of raising; `InputError` is only for mistakes in how
ingest was called (an unknown format name), which no input can fix.
"""

from __future__ import annotations

import logging
import re

from kg.records import Reject

log = logging.getLogger("kg.ingest")

# Rejects keep this much of the offending input: enough to find and fix it.
RAW_LIMIT = 500
# Lone surrogates: a bare "\\ud800" JSON escape, or an undecodable byte read with surrogateescape.
SURROGATE = re.compile("[\ud800-\udfff]")


class InputError(Exception):
    """Ingest was asked for something it cannot do (e.g. an unknown format name)."""


def make_reject(source: str, line: int | None, reason: str, raw: str = "") -> Reject:
    """A Reject with its raw text cut to RAW_LIMIT characters.

    `line is None` marks a file-level problem (missing, empty, binary, unknown
    format, no title column): it is not an entry, so it is not counted as one.
    """
    return Reject(source=safe_raw(source), line=line, reason=safe_raw(reason), raw=safe_raw(raw[:RAW_LIMIT]))


def safe_raw(text: str) -> str:
    """Text that can always be written out as UTF-8: lone surrogates (bad input bytes) become U+FFFD."""
    return SURROGATE.sub("\ufffd", text) if SURROGATE.search(text) else text


def describe(reject: Reject) -> str:
    """The one-line message for a reject: 'path:line: reason' ('path: reason' for a whole file)."""
    where = reject.source if reject.line is None else f"{reject.source}:{reject.line}"
    return f"{where}: {reject.reason}"
