"""Which records a build keeps: `kg build --category cs.LG,cs.CL --since DATE --until DATE`.

The filter looks at one record at a time, as the reader yields it, so a whole arXiv snapshot streams
through it without being held. A record that is left out is not a reject (nothing is wrong with it):
the build counts it as filtered out. The snapshot reader judges each row before it makes a record of it
(`LeftOut`): most of a snapshot is outside any one field, and making and checking its records was 80%
of reading it.
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


def day_of(published: str | None) -> date | None:
    """The calendar day a `published` value starts with, or None when it holds no full date."""
    match = _LEADING_DATE.match(published or "")
    if match is None:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


@dataclass(frozen=True)
class LeftOut:
    """A row a reader judged against the selection and left out before making a record of it."""

    source: str
    line: int


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
        return self.keeps_fields(record.categories, record.published)

    def keeps_fields(self, categories: Iterable[str], published: str | None) -> bool:
        """`keeps` on the two fields it reads, for a reader that judges a row before making its record."""
        if self.categories and not self._in_categories(categories):
            return False
        if self.since is None and self.until is None:
            return True
        day = day_of(published)
        if day is None:
            return False
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)

    def as_dict(self) -> dict[str, object]:
        """The JSON form a build folder's manifest keeps (empty when nothing is filtered)."""
        form: dict[str, object] = {}
        if self.categories:
            form["categories"] = sorted(self.categories)
        if self.since is not None:
            form["since"] = self.since.isoformat()
        if self.until is not None:
            form["until"] = self.until.isoformat()
        return form

    @classmethod
    def from_dict(cls, form: dict[str, object]) -> Selection:
        since, until = form.get("since"), form.get("until")
        return cls(
            categories=frozenset(str(category) for category in form.get("categories", []) or []),
            since=parse_day(str(since)) if since is not None else None,
            until=parse_day(str(until)) if until is not None else None,
        )

    def options(self) -> str:
        """The command-line options that make this selection ("--category cs.CL,cs.LG --since 2024-01-01")."""
        parts = []
        if self.categories:
            parts.append(f"--category {','.join(sorted(self.categories))}")
        if self.since is not None:
            parts.append(f"--since {self.since.isoformat()}")
        if self.until is not None:
            parts.append(f"--until {self.until.isoformat()}")
        return " ".join(parts)

    def _in_categories(self, categories: Iterable[str]) -> bool:
        return any(category in self.categories or category.split(".", 1)[0] in self.categories
                   for category in categories)


KEEP_ALL = Selection()
