"""Records for the shard tests (handmade ones, random ones full of duplicates, a generated corpus), and stores
extracted whole or killed inside a shard."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from kg.records import PaperRecord
from kg.shards import continued_ingest
from kg.shards import ingest as full_ingest
from kg.shards.ingest import ingest
from kg.shards.store import ShardStore, shard_name

REPO = Path(__file__).resolve().parents[2]


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


def generated_corpus(folder: Path, papers: int) -> Path:
    """`papers` generated papers (benchmarks/corpus_generator.py), then every 30th again with a longer
    abstract: duplicates for ingest to merge. JSON Lines in `folder`."""
    generated = folder / "generated.jsonl"
    generator = REPO / "benchmarks" / "corpus_generator.py"
    subprocess.run([sys.executable, str(generator), str(papers), "--out", str(generated)],
                   check=True, capture_output=True)
    rows = [json.loads(line) for line in generated.read_text(encoding="utf-8").splitlines()]
    again = [{**row, "abstract": row["abstract"] + " The code is released."} for row in rows[::30]]
    path = folder / "papers.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in [*rows, *again]), encoding="utf-8")
    return path


def ingested(corpus: Path, folder: Path, shard_size: int) -> ShardStore:
    store = ShardStore(folder, shard_size)
    ingest([str(corpus)], store)
    return store


def extraction_files(store: ShardStore) -> dict[str, bytes]:
    return {shard_name("extractions", shard): (store.folder / shard_name("extractions", shard)).read_bytes()
            for shard in range(store.shard_count())}


# Extracts a store in fast mode: argv folder, shard size, and a Dask scheduler's address or nothing (local).
EXTRACT_CHILD = """
import sys
from pathlib import Path
from kg.extract.dask_engine import DaskEngine
from kg.shards.extract import extract_shards
from kg.shards.store import ShardStore
dask = DaskEngine(scheduler=sys.argv[3]) if len(sys.argv) > 3 else None
extract_shards(ShardStore(Path(sys.argv[1]), int(sys.argv[2])), mode="fast", dask=dask)
"""


def whole_lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def killed_in_shard(store: ShardStore, shard: int, after_lines: int, scheduler: str | None = None) -> None:
    """Extraction of `store` in a child process (on the Dask cluster at `scheduler` if given), SIGKILLed
    inside shard `shard` once its checkpoint holds more than `after_lines` whole lines."""
    checkpoint = store.checkpoint_path(shard)
    engine = [] if scheduler is None else [scheduler]
    killed_when([sys.executable, "-c", EXTRACT_CHILD, str(store.folder), str(store.shard_size), *engine],
                lambda: whole_lines(checkpoint) > after_lines, f"shard {shard}'s checkpoint held enough lines")


def killed_when(command: list[str], reached: Callable[[], bool], moment: str, *, group: bool = False) -> None:
    """Run `command` from the repository and SIGKILL it (with `group`, its whole process group: a build and
    the child of its step) once `reached()`; fails when it ends first, or after three minutes."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO,
                               start_new_session=group)
    try:
        deadline = time.monotonic() + 180
        while not reached():
            assert process.poll() is None, f"the run ended before {moment}"
            assert time.monotonic() < deadline
            time.sleep(0.002)
        if group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL


class ReadCounter:
    """kg.ingest.read_sources as the ingests call it: the sources of each call, and how many items it yielded."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[list[str], list[int]]] = []
        for module in (full_ingest, continued_ingest):
            monkeypatch.setattr(module, "read_sources", self._counting(module.read_sources))

    def _counting(self, read_sources: Callable[..., Iterator[object]]) -> Callable[..., Iterator[object]]:
        def read(sources: Sequence[str], *args: object, **options: object) -> Iterator[object]:
            yielded = [0]
            self.calls.append(([str(source) for source in sources], yielded))
            for item in read_sources(sources, *args, **options):
                yielded[0] += 1
                yield item
        return read

    def sources(self) -> set[str]:
        return {source for sources, _ in self.calls for source in sources}
