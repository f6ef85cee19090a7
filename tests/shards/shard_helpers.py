"""Records for the shard tests: handmade ones and random ones full of duplicates."""

from __future__ import annotations

import json
import random
from pathlib import Path

from kg.records import PaperRecord


def paper(title: str, abstract: str = "An abstract.", source: str = "s:1", **fields) -> PaperRecord:
    return PaperRecord(title=title, abstract=abstract, sources=[source], **fields)


def random_records(rng: random.Random, count: int) -> list[PaperRecord]:
    """Records drawn from small pools of ids and titles, spelled in the ways the readers meet them."""
    arxiv_ids = [f"{2000 + n // 10}.{n:05d}" for n in range(count // 4)]
    dois = [f"10.{1000 + n % 7}/paper.{n}" for n in range(count // 4)]
    titles = [f"Title number {n} of {rng.choice(['graphs', 'vision', 'text'])}" for n in range(count // 3)]
    records = []
    for line in range(count):
        fields: dict = {}
        if rng.random() < 0.5:
            arxiv = rng.choice(arxiv_ids)
            fields["arxiv_id"] = rng.choice([arxiv, f"{arxiv}v{rng.randint(1, 4)}", f"arXiv:{arxiv}",
                                             f"http://arxiv.org/pdf/{arxiv}.pdf"])
        if rng.random() < 0.4:
            doi = rng.choice(dois)
            fields["doi"] = rng.choice([doi, doi.upper(), f"https://doi.org/{doi}", f"doi:{doi}"])
        title = rng.choice(titles)
        title = rng.choice([title, title.upper(), f"{title}.", f"  {title.lower()}!"])
        if rng.random() < 0.05:
            title = "???"
            fields.setdefault("doi", rng.choice(dois))
        fields["authors"] = rng.sample(["Ana Li", "ana li", "Bo Chen", "Cy Dee", "Eve Fox"], rng.randint(0, 3))
        fields["categories"] = rng.sample(["cs.LG", "cs.CL", "stat.ML"], rng.randint(0, 2))
        fields["links"] = rng.sample(["https://github.com/x/y", "https://z.org"], rng.randint(0, 1))
        fields["upvotes"] = rng.choice([None, 0, 5, 12])
        fields["published"] = rng.choice([None, "2024-01-02"])
        records.append(paper(title, "word " * rng.randint(1, 30), source=f"r.jsonl:{line + 1}", **fields))
    return records


def write_jsonl(records: list[PaperRecord], path: Path) -> Path:
    """The records as kg's generic JSON Lines, which the reader turns back into the same records."""
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record.model_dump(exclude={"sources", "other_dois"}, exclude_none=True)) + "\n")
    return path
