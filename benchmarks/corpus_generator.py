"""N realistic ML abstracts from real text, deterministic per seed: the corpus of the scale benchmarks.

Real sentences, recombined: every sentence of the seed pages' abstracts and of the SciREX abstracts
(../shared/seeds, ../shared/data/scirex) goes into one pool. A paper starts from one real abstract and
swaps each of its sentences, with probability SWAP_PROBABILITY, for a sentence of another. Inside the
sentences, every name found in the Papers-with-Code lists (../shared/data/pwc_lists: tasks, datasets,
metrics, NLP-progress models) is a typed slot filled with a name of the same type drawn with a Zipf-like
weight (rank ** -ZIPF_EXPONENT over the list in a seeded order): a few names are in thousands of papers,
most in a handful, as in a real field. Each paper also proposes a method of its own (a unique name in
its title), has 1-8 authors drawn Zipf-like from 1.28M made-up names, arXiv categories, a date in
2015-2025, and sometimes a GitHub link. Its arXiv id (YYMM.NNNNN) names the month of that date and is
unique in any corpus of up to 13.2M papers (arxiv_slot).

Paper i depends on (seed, i) only, so the first N papers of a larger corpus are the corpus of size N.
Outputs: kg's generic JSON Lines, or the arXiv metadata snapshot format (id, submitter, authors,
title, comments, journal-ref, doi, report-no, categories, license, abstract, versions, update_date,
authors_parsed).

    .venv/bin/python benchmarks/corpus_generator.py 10000 --out /tmp/corpus-10k.jsonl [--snapshot] [--seed 0]
        [--off-topic 0.3]    # a share of papers with non-CS categories, for `kg build --category`
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import random
import re
import sys
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any, TextIO

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SWAP_PROBABILITY = 0.5
ZIPF_EXPONENT = 1.1
# Authors: a pool of 1.28M made-up names (first name, initial, one or two last names) drawn with weight
# rank ** -0.6: at 10,000 papers most authors have one paper and the busiest about seventy.
AUTHOR_ZIPF_EXPONENT = 0.6
CODE_LINK_PROBABILITY = 0.3
FIRST_DAY = datetime(2015, 1, 1, tzinfo=UTC)
DAYS = 11 * 365  # the draw of a day, kept so that every later draw of a paper stays as it was
# arXiv ids since 2015 are YYMM.NNNNN, the month of the first version and a 5-digit number within it.
# Papers are dealt out in rounds of MONTHS: round r gives number r + 1 in every month 2015-01..2025-12
# once (in an order the round and the seed shuffle), so ids are unique up to MONTHS x 99,999 papers (13.2M).
MONTHS = 11 * 12
MAX_PAPERS = MONTHS * 99_999
# Paper -> month within a round: (slot x 73 + round x 29 + the seed's shift) % 132, a permutation (73 is prime to 132).
_MONTH_STEP, _ROUND_SHIFT = 73, 29
CS_CATEGORIES = ("cs.LG", "cs.CL", "cs.CV", "stat.ML")
CS_WEIGHTS = (0.45, 0.25, 0.25, 0.05)
CROSS_LISTS = ("cs.AI", "stat.ML", "cs.LG", "cs.IR", "cs.NE", "eess.IV", "cs.RO", "math.OC")
OFF_TOPIC_CATEGORIES = ("hep-th", "math.PR", "q-bio.NC", "astro-ph.GA", "cond-mat.stat-mech", "econ.EM")
# Syllables of the method each paper proposes (its name is unique: the paper's number is part of it).
SYLLABLES = ("Flash", "Graph", "Mix", "Former", "Net", "Diff", "Seg", "Align", "Prompt", "Sparse", "Token",
             "Vision", "Fusion", "Meta", "Light", "Deep", "Attn", "Gen", "Flow", "Retro", "Quant", "Span")
FIRST_NAMES = ("Ana", "Wei", "Jonas", "Priya", "Mateo", "Yuki", "Olga", "Kwame", "Lena", "Hassan", "Mei",
               "Diego", "Sara", "Ivan", "Aisha", "Tomas", "Chen", "Nora", "Ravi", "Elif", "Lucas", "Hana",
               "Omar", "Ines", "Pavel", "Zoe", "Kenji", "Amara", "Felix", "Sofia")
LAST_NAMES = ("Zhang", "Muller", "Rossi", "Kim", "Nakamura", "Okafor", "Silva", "Novak", "Haddad", "Larsen",
              "Gupta", "Moreau", "Petrov", "Tanaka", "Costa", "Nguyen", "Schmidt", "Ali", "Kowalski", "Lopez",
              "Chen", "Ibrahim", "Wang", "Fischer", "Sato", "Andersson", "Mensah", "Yilmaz", "Park", "Dubois",
              "Li", "Singh", "Ortiz", "Berg", "Liu", "Romero", "Suzuki", "Adeyemi", "Horvath", "Rahman")
NAME_TYPES = ("Task", "Dataset", "Metric", "Method")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_YEAR_SUFFIX = re.compile(r"\s*\(\d{4}\)\s*$")
_TOKEN = re.compile(r"\S+")
MAX_NAME_WORDS = 6


def shared_dir() -> Path:
    return Path(os.environ.get("KG_SHARED_DIR", REPO.parent / "shared")).resolve()


# ---- the real material


def _usable_name(name: str) -> bool:
    """Names a slot can hold: printable, 2-60 characters, at most MAX_NAME_WORDS words, and name-like, so
    that finding them in sentences does not turn everyday words into slots: several words with a capital
    or a digit ("Question Answering"), or one word with two capitals or a digit ("MNIST", "ImageNet",
    "CIFAR-10"), never a capitalized word alone ("Linear", "Accuracy")."""
    if not (2 <= len(name) <= 60 and name.isprintable() and "et al" not in name):
        return False
    words = name.split()
    if sum(c.isalpha() for c in name) < 2:  # "30%", "1-1"
        return False
    marks = sum(c.isupper() or c.isdigit() for c in name)
    return 1 < len(words) <= MAX_NAME_WORDS and marks > 0 or len(words) == 1 and marks > 1


def pwc_names(data: Path) -> dict[str, list[str]]:
    """Names by type from the Papers-with-Code lists, each list sorted (the seed shuffles it later)."""
    lists = data / "pwc_lists"
    found: dict[str, set[str]] = {kind: set() for kind in NAME_TYPES}
    with (lists / "data" / "all_tasks.txt").open(encoding="utf-8") as handle:
        found["Task"].update(line.strip().strip('"') for line in handle)
    with (lists / "results" / "all_tasks_detailed.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found["Task"].add(row["Task Name"])
            for column, kind in (("Common Datasets (Top 10)", "Dataset"), ("Benchmarks", "Dataset"),
                                 ("SOTA Metrics", "Metric")):
                found[kind].update(part.strip() for part in row[column].split(";"))
    progress = json.loads((lists / "sota-extractor" / "data" / "tasks" / "nlp-progress.json").read_text("utf-8"))
    for task in _walk_tasks(progress):
        found["Task"].add(task.get("task", ""))
        for dataset in task.get("datasets", []):
            found["Dataset"].add(dataset.get("dataset", ""))
            for row in dataset.get("sota", {}).get("rows", []):
                found["Method"].add(_YEAR_SUFFIX.sub("", row.get("model_name", "")))
                found["Metric"].update(row.get("metrics", {}))
    return {kind: sorted(name for name in names if _usable_name(name)) for kind, names in found.items()}


def _walk_tasks(tasks: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for task in tasks:
        yield task
        yield from _walk_tasks(task.get("subtasks", []))


def real_abstracts(shared: Path) -> list[tuple[str, str]]:
    """(title, abstract) of the distinct seed papers, then of the SciREX papers, in file order."""
    from kg.ingest import read_sources
    from kg.ingest.dedup import Deduplicator
    from kg.records import PaperRecord
    from kg.training.scirex import read_scirex

    dedup = Deduplicator()
    for record in read_sources([shared / "seeds"]):
        if isinstance(record, PaperRecord):
            dedup.add(record)
    texts = [(paper.title, paper.abstract) for paper in dedup.papers()]
    texts += [(paper.title, paper.abstract) for paper in read_scirex(shared / "data" / "scirex" / "docs.jsonl.gz")]
    return [(title, abstract) for title, abstract in texts if title and abstract]


# ---- sentences with typed slots


@dataclass(frozen=True)
class Template:
    """A real sentence cut at its names: text pieces between typed slots (len(pieces) == len(slots) + 1)."""

    pieces: tuple[str, ...]
    slots: tuple[str, ...]

    def fill(self, names: Sequence[str]) -> str:
        return "".join(itertools.chain.from_iterable(itertools.zip_longest(self.pieces, names, fillvalue="")))


class SlotFinder:
    """Finds list names in a sentence (longest match first, whole words, case kept)."""

    def __init__(self, names: dict[str, list[str]]) -> None:
        self._type_of: dict[str, str] = {}
        for kind in NAME_TYPES:  # a name in two lists keeps the first type of NAME_TYPES
            for name in names[kind]:
                self._type_of.setdefault(name, kind)

    def template(self, sentence: str) -> Template:
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
        pieces, slots, cursor, i = [], [], 0, 0
        while i < len(tokens):
            for width in range(min(MAX_NAME_WORDS, len(tokens) - i), 0, -1):
                start, end = tokens[i][0], tokens[i + width - 1][1]
                text = sentence[start:end].rstrip(".,;:)")
                text = text.lstrip("(")
                if text not in self._type_of:
                    continue
                start = sentence.index(text, start)
                pieces.append(sentence[cursor:start])
                slots.append(self._type_of[text])
                cursor = start + len(text)
                i += width
                break
            else:
                i += 1
        pieces.append(sentence[cursor:])
        return Template(tuple(pieces), tuple(slots))


def split_sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(text.strip()) if part]


# ---- drawing with a long tail


class ZipfRank:
    """Ranks 0..count-1 drawn with weight (rank + 1) ** -exponent."""

    def __init__(self, count: int, exponent: float) -> None:
        self.count = count
        self._cumulative = np.cumsum(np.arange(1, count + 1, dtype=np.float64) ** -exponent)

    def __call__(self, rng: random.Random) -> int:
        point = rng.random() * self._cumulative[-1]
        return min(int(np.searchsorted(self._cumulative, point, side="right")), self.count - 1)


class ZipfDraw:
    """Items drawn with weight (rank + 1) ** -exponent; the ranks come from a seeded shuffle of the items."""

    def __init__(self, items: Sequence[str], exponent: float, seed: str) -> None:
        self.items = list(items)
        random.Random(seed).shuffle(self.items)
        self._rank = ZipfRank(len(self.items), exponent)

    def __call__(self, rng: random.Random) -> str:
        return self.items[self._rank(rng)]


class AuthorDraw:
    """Made-up author names, Zipf-like: a rank, moved by a seeded affine permutation of the pool, read as
    (first name, initial, last name, second last name or none) in mixed radix."""

    _RADIX = (len(FIRST_NAMES), 26, len(LAST_NAMES), len(LAST_NAMES) + 1)
    _MULTIPLIER = 7919  # a prime that divides no radix: r -> (r * m + offset) % pool is a permutation

    def __init__(self, seed: str) -> None:
        self.pool = int(np.prod(self._RADIX))
        self._offset = random.Random(seed).randrange(self.pool)
        self._rank = ZipfRank(self.pool, AUTHOR_ZIPF_EXPONENT)

    def __call__(self, rng: random.Random) -> str:
        number = (self._rank(rng) * self._MULTIPLIER + self._offset) % self.pool
        digits = []
        for radix in self._RADIX:
            number, digit = divmod(number, radix)
            digits.append(digit)
        first, initial, last, second = digits
        double = f"-{LAST_NAMES[second - 1]}" if second and LAST_NAMES[second - 1] != LAST_NAMES[last] else ""
        return f"{FIRST_NAMES[first]} {chr(ord('A') + initial)}. {LAST_NAMES[last]}{double}"


# ---- one generated paper


@dataclass(frozen=True)
class Paper:
    arxiv_id: str
    title: str
    abstract: str
    authors: tuple[str, ...]  # "First Last"
    categories: tuple[str, ...]
    created: datetime
    updated: datetime | None  # a second version, if any


class CorpusGenerator:
    """Paper i of the corpus of `seed`: `generator.paper(i)`, the same whatever else is generated."""

    def __init__(self, shared: Path, seed: int = 0) -> None:
        self.seed = seed
        names = pwc_names(shared / "data")
        finder = SlotFinder(names)
        self.abstracts: list[tuple[Template, list[Template]]] = [
            (finder.template(title), [finder.template(s) for s in split_sentences(abstract)])
            for title, abstract in real_abstracts(shared)
        ]
        self.sentences = [sentence for _, sentences in self.abstracts for sentence in sentences]
        self.draw = {kind: ZipfDraw(names[kind], ZIPF_EXPONENT, f"{seed}/{kind}") for kind in NAME_TYPES}
        self.draw_author = AuthorDraw(f"{seed}/authors")
        self.month_shift = random.Random(f"{seed}/months").randrange(MONTHS)
        self.draw_owner = ZipfDraw([last.lower() + "-lab" for last in LAST_NAMES] + [f.lower() + "ml" for f in FIRST_NAMES],
                                   ZIPF_EXPONENT, f"{seed}/owners")

    def paper(self, index: int, off_topic: float = 0.0) -> Paper:
        rng = random.Random(f"{self.seed}/paper/{index}")
        title_template, base = self.abstracts[rng.randrange(len(self.abstracts))]
        sentences = [rng.choice(self.sentences) if rng.random() < SWAP_PROBABILITY else s for s in base]
        fill = lambda template: template.fill([self.draw[kind](rng) for kind in template.slots])  # noqa: E731
        method = "".join(rng.sample(SYLLABLES, rng.randint(2, 3))) + f"-{index}"
        abstract = " ".join(fill(template) for template in sentences)
        abstract += f" We call the proposed method {method}."
        if rng.random() < CODE_LINK_PROBABILITY:
            abstract += f" Code: https://github.com/{self.draw_owner(rng)}/{method.lower()}."
        authors = tuple(dict.fromkeys(self.draw_author(rng) for _ in range(rng.randint(1, 8))))
        month, number = arxiv_slot(index, self.month_shift)
        created = _day_in(month, rng.randrange(DAYS), rng.randrange(86400))
        updated = created + timedelta(days=rng.randint(1, 300)) if rng.random() < 0.4 else None
        return Paper(
            arxiv_id=f"{created:%y%m}.{number:05d}",
            title=" ".join(f"{method}: {fill(title_template)}".split()),
            abstract=" ".join(abstract.split()),  # one space between words, as the snapshot's line wraps give
            authors=authors,
            categories=self._categories(rng, off_topic),
            created=created,
            updated=updated,
        )

    def papers(self, count: int, off_topic: float = 0.0) -> Iterator[Paper]:
        return (self.paper(index, off_topic) for index in range(count))

    @staticmethod
    def _categories(rng: random.Random, off_topic: float) -> tuple[str, ...]:
        if rng.random() < off_topic:
            return (rng.choice(OFF_TOPIC_CATEGORIES),)
        primary = rng.choices(CS_CATEGORIES, CS_WEIGHTS)[0]
        extra = rng.sample(CROSS_LISTS, rng.randint(0, 2))
        return tuple(dict.fromkeys([primary, *extra]))


def arxiv_slot(index: int, shift: int = 0) -> tuple[int, int]:
    """Paper `index`'s month (0 = 2015-01) and its number within that month, distinct for every index
    below MAX_PAPERS (see MONTHS) whatever the `shift`; ValueError beyond, where 5-digit numbers run out."""
    if not 0 <= index < MAX_PAPERS:
        raise ValueError(f"paper {index}: arXiv ids YYMM.NNNNN of 2015-2025 hold {MAX_PAPERS:,} papers")
    round_number, slot = divmod(index, MONTHS)
    return (slot * _MONTH_STEP + round_number * _ROUND_SHIFT + shift) % MONTHS, round_number + 1


def _day_in(month: int, day_draw: int, second: int) -> datetime:
    """A moment in `month` (0 = 2015-01): day `day_draw` modulo the month's length, at `second`."""
    year, month_of_year = FIRST_DAY.year + month // 12, month % 12 + 1
    start = FIRST_DAY.replace(year=year, month=month_of_year)
    length = ((start + timedelta(days=32)).replace(day=1) - start).days
    return start + timedelta(days=day_draw % length, seconds=second)


# ---- output formats


def jsonl_row(paper: Paper) -> dict[str, Any]:
    """kg's generic JSON Lines fields (docs/ingest.md)."""
    return {"arxiv_id": paper.arxiv_id, "title": paper.title, "abstract": paper.abstract,
            "authors": list(paper.authors), "categories": list(paper.categories),
            "published": paper.created.date().isoformat()}


def _wrap(text: str, width: int) -> list[str]:
    """Lines cut at spaces only, as in the snapshot (a reader joins them back with one space)."""
    return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)


def snapshot_row(paper: Paper) -> dict[str, Any]:
    """One line of arXiv's metadata snapshot: its field names, its string shapes and its line wraps."""
    versions = [{"version": "v1", "created": format_datetime(paper.created, usegmt=True)}]
    if paper.updated is not None:
        versions.append({"version": "v2", "created": format_datetime(paper.updated, usegmt=True)})
    names = list(paper.authors)
    authors = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
    return {
        "id": paper.arxiv_id,
        "submitter": names[0],
        "authors": authors,
        "title": "\n  ".join(_wrap(paper.title, 70)),
        "comments": None,
        "journal-ref": None,
        "doi": None,
        "report-no": None,
        "categories": " ".join(paper.categories),
        "license": "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
        "abstract": "  " + "\n".join(_wrap(paper.abstract, 80)) + "\n",
        "versions": versions,
        "update_date": (paper.updated or paper.created).date().isoformat(),
        "authors_parsed": [[name.rsplit(" ", 1)[1], name.rsplit(" ", 1)[0], ""] for name in names],
    }


def write_corpus(papers: Iterable[Paper], out: TextIO, *, snapshot: bool = False) -> int:
    """One JSON object per line; returns how many were written."""
    to_row = snapshot_row if snapshot else jsonl_row
    written = 0
    for paper in papers:
        out.write(json.dumps(to_row(paper), ensure_ascii=False) + "\n")
        written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="Papers to generate.")
    parser.add_argument("--out", type=Path, required=True, help="Output file (JSON Lines).")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--snapshot", action="store_true", help="arXiv metadata snapshot format.")
    parser.add_argument("--off-topic", type=float, default=0.0, help="Share of papers in non-CS categories.")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    generator = CorpusGenerator(shared_dir(), args.seed)
    with args.out.open("w", encoding="utf-8") as out:
        written = write_corpus(generator.papers(args.count, args.off_topic), out, snapshot=args.snapshot)
    print(f"{written} papers from {len(generator.abstracts)} real abstracts "
          f"({len(generator.sentences)} sentences) -> {args.out}")


if __name__ == "__main__":
    main()
