"""Locate URLs in running text and clean what PDF-to-text and LaTeX leave around them.

Abstracts carry URLs in every state of damage: without scheme, wrapped in LaTeX
braces, followed by sentence punctuation, glued to a second URL. This module only
finds where each URL starts and ends and returns the cleaned string; deciding
what a URL points to (code repository, project page, paper) is code_links.py's job.
See docs/code-links.md for the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Top-level domains accepted for URLs written without scheme and without "www."
# ("github.com/x/y", "anonymous.4open.science/r/x"); a path is required there too,
# so that "Amazon.com" or "e.g." in prose never become links.
_SCHEMELESS_TLDS = (
    "com|org|net|io|ai|edu|gov|dev|app|me|co|cn|uk|de|fr|jp|kr|ch|nl|ca|au|in|info|"
    "science|page|site|tech|ly|gl|cc|tv|xyz"
)
# Zero-width and soft-hyphen characters that PDF extraction leaves inside URLs:
# accepted as part of a URL, then removed.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Unicode hyphens standing for "-" inside a URL.
_HYPHENS = "\u2010\u2011"
# What may occur inside a URL: RFC 3986 characters, LaTeX-escaped "_%#&~", and the
# characters above. Braces, quotes, angle brackets, backslashes, whitespace and any
# other non-ASCII character end a URL (so "\url{...}", "...git{https://...}",
# "{here}" and "。" all cut it).
_URL_CHAR = rf"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]|\\[_%#&~]|[{_INVISIBLE}{_HYPHENS}])"

_URL = re.compile(
    rf"""
    (?:
        https?://                                   # explicit scheme: may follow any text ("webpage.https://")
      | (?<![\w@.\-/:%\\])                          # scheme-less: not inside a word, e-mail or path
        (?: www\.[a-z0-9-]+\.
          | (?:[a-z0-9-]+\.)+(?:{_SCHEMELESS_TLDS})(?=/)
        )
    )
    {_URL_CHAR}*
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Cheap test run before the full search: every URL we find holds "://", "www." or a
# ".tld/" (a plain substring test and this literal-led pattern beat one alternation 5x).
_TLD_SLASH = re.compile(r"\.[A-Za-z]{2,7}/")
# A second URL glued onto the first ("...Synthesis.https://github.com/..."). A scheme
# right after "/" or "=" is part of the URL (web.archive.org/web/2020/https://...,
# ?url=https://...), so it does not split.
_GLUED = re.compile(r"(?<![/=])https?://", re.IGNORECASE)
_TRAILING = ".,;:!?'*"
_CLOSERS = {")": "(", "]": "["}
_LATEX_ESCAPE = re.compile(r"\\([_%#&~])")
_ODD_CHARS = str.maketrans({**{c: None for c in _INVISIBLE}, **{c: "-" for c in _HYPHENS}})


@dataclass(frozen=True, slots=True)
class UrlSpan:
    """A URL as written in the text (`text[start:end]`) and its cleaned form."""

    start: int
    end: int
    url: str


def may_contain_url(text: str) -> bool:
    """Whether `text` can hold a URL at all: the early exit that keeps plain abstracts cheap."""
    return "://" in text or _TLD_SLASH.search(text) is not None or "www." in text.lower()


def find_url_spans(text: str) -> list[UrlSpan]:
    """Every URL in `text`, in order of appearance, trimmed of what is not part of it."""
    if not may_contain_url(text):
        return []
    spans: list[UrlSpan] = []
    for match in _URL.finditer(text):
        for start, end in _split_glued(match.start(), match.group()):
            end = start + _trimmed_length(text[start:end])
            url = clean_url(text[start:end])
            if _has_host(url):
                spans.append(UrlSpan(start, end, url))
    return spans


def clean_url(raw: str) -> str:
    """`raw` with invisible characters dropped, Unicode hyphens made ASCII and LaTeX escapes undone."""
    return _LATEX_ESCAPE.sub(r"\1", raw.translate(_ODD_CHARS))


def _split_glued(start: int, candidate: str) -> list[tuple[int, int]]:
    """(start, end) of each URL in a candidate that may hold several glued together."""
    cuts = [m.start() for m in _GLUED.finditer(candidate, 1)]
    bounds = [0, *cuts, len(candidate)]
    return [(start + a, start + b) for a, b in zip(bounds, bounds[1:])]


def _trimmed_length(candidate: str) -> int:
    """Length of `candidate` without trailing punctuation and unbalanced closing brackets."""
    end = len(candidate)
    while end:
        last = candidate[end - 1]
        if last in _TRAILING or last in _INVISIBLE:
            end -= 1
        elif last in _CLOSERS and candidate.count(_CLOSERS[last], 0, end) < candidate.count(last, 0, end):
            end -= 1
        else:
            break
    return end


def _has_host(url: str) -> bool:
    """Whether anything is left after the scheme: a bare "https://" is no link."""
    rest = url.split("://", 1)[1] if "://" in url else url
    return bool(rest) and rest[0] not in "/?#"
