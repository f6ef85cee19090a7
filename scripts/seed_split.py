"""Write the seed pages split in two as `kg build` JSON lines: one page of modern abstracts to tune rules on,
and the papers of the other four that the first does not hold, set aside for held-out audits.

SciREX, SciERC and TDMSci hold older papers; the seed pages (2023-25 listings) are the only modern
abstracts here, and their titles and phrasing make errors the older dev text never shows. Page 001, the
largest, is the dev page; a paper of another page that deduplicates into one of page 001 stays on the dev
side, so no held-out text was ever tuned on. How the split is used: docs/evaluation.md ("The seed pages
split").

Usage: .venv/bin/python scripts/seed_split.py ../shared/seeds --dev seeds-dev.jsonl --held-out seeds-held-out.jsonl
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from pathlib import Path

from kg.ingest.dedup import Deduplicator, paper_key
from kg.ingest.sources import read_sources
from kg.records import PaperRecord

DEV_PAGE = "001_33459bb8eedc0240.txt"


def split(pages: Path) -> tuple[list[PaperRecord], list[PaperRecord]]:
    """(dev papers, held-out papers), each deduplicated, in page order."""
    dev_path = pages / DEV_PAGE
    others = sorted(path for path in pages.glob("*.txt") if path.name != DEV_PAGE)
    papers = Deduplicator()
    for record in _records([dev_path]):
        papers.add(record)
    dev_count = len(papers)
    for record in _records(others):
        papers.add(record)
    merged = papers.papers()
    return merged[:dev_count], merged[dev_count:]


def _records(paths: Iterable[Path]) -> Iterable[PaperRecord]:
    for item in read_sources(list(paths)):
        if not isinstance(item, PaperRecord):
            raise SystemExit(f"unexpected record in the seed pages: {item!r}")
        yield item


def write(papers: list[PaperRecord], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for paper in papers:
            row = paper.model_dump(mode="json", exclude_none=True, exclude={"sources"})
            out.write(json.dumps({"id": paper_key(paper), **row}, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", type=Path, help="the seed pages folder (../shared/seeds)")
    parser.add_argument("--dev", type=Path, required=True, help="JSON lines of the dev page's papers")
    parser.add_argument("--held-out", type=Path, required=True, help="JSON lines of the held-out papers")
    args = parser.parse_args()
    dev, held_out = split(args.pages)
    write(dev, args.dev)
    write(held_out, args.held_out)
    print(f"dev: {len(dev)} papers -> {args.dev}; held out: {len(held_out)} papers -> {args.held_out}")


if __name__ == "__main__":
    main()
