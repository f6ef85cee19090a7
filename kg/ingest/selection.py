"""Which records a build keeps: `kg build --category cs.LG,cs.CL --since DATE --until DATE`.

The filter looks at one record at a time, as the reader yields it, so a whole arXiv snapshot streams
through it without being held. A record that is left out is not a reject (nothing is wrong with it):
the build counts it as filtered out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kg.records import PaperRecord

# The leading calendar date of a record's `published` ("2024-03-17", "2024-03-17T09:00:00Z").
_LEADING_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


class SelectionError(ValueError):
    """A --category, --since or --until value that cannot be used; the message says which and why."""


def parse_categories(text: str) -> frozenset[str]:
    """'cs.LG, cs.CL' -> {'cs.LG', 'cs.CL'}; empty parts are ignored."""
    categories = frozenset(part.strip() for part in text.split(",") if part.strip())
    if not categories:
        raise SelectionError(f"no category in {text!r}; expected e.g. cs.LG,cs.CL")
    return categories


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise SelectionError(f"{text!r} is not a date; expected YYYY-MM-DD") from error


def published_day(record: PaperRecord) -> date | None:
    """The calendar day a record says it was published, or None when it gives no full date."""
    match = _LEADING_DATE.match(record.published or "")
    if match is None:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


@dataclass(frozen=True)
class Selection:
    """Records to keep: in any of `categories` (an archive alone, "cs", takes all of its categories), and
    published within [since, until], both days included. A bound not given does not filter; a record
    without categories or without a full date is left out by a filter that needs them."""

    categories: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise SelectionError(f"--since {self.since} is after --until {self.until}")

    @property
    def filters(self) -> bool:
        """Whether anything can be left out."""
        return bool(self.categories) or self.since is not None or self.until is not None

    def keeps(self, record: PaperRecord) -> bool:
        if self.categories and not self._in_categories(record.categories):
            return False
        if self.since is None and self.until is None:
            return True
        day = published_day(record)
        if day is None:
            return False
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)

    def _in_categories(self, categories: Iterable[str]) -> bool:
        return any(category in self.categories or category.split(".", 1)[0] in self.categories
                   for category in categories)


KEEP_ALL = Selection()
