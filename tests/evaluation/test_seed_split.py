"""scripts/seed_split.py: the dev page and the held-out pages share no paper, and together they are the seeds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kg.ingest.dedup import Deduplicator
from kg.ingest.sources import read_sources
from kg.records import PaperRecord

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "seed_split.py"
DEV_PAGE = "001_33459bb8eedc0240.txt"


def _titles(path: Path) -> list[str]:
    return [json.loads(line)["title"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_split_keeps_every_seed_paper_on_exactly_one_side(seeds_dir: Path, tmp_path: Path) -> None:
    dev, held_out = tmp_path / "dev.jsonl", tmp_path / "held-out.jsonl"
    subprocess.run([sys.executable, str(SCRIPT), str(seeds_dir), "--dev", str(dev), "--held-out", str(held_out)],
                   check=True, capture_output=True, text=True)
    dev_titles, held_out_titles = _titles(dev), _titles(held_out)
    dev_page = [item for item in read_sources([seeds_dir / DEV_PAGE])
                if isinstance(item, PaperRecord)]
    every_paper = Deduplicator()
    for item in read_sources([seeds_dir]):
        assert isinstance(item, PaperRecord)
        every_paper.add(item)

    assert {paper.title for paper in dev_page} == set(dev_titles)
    assert not {title.casefold() for title in dev_titles} & {title.casefold() for title in held_out_titles}
    assert len(dev_titles) + len(held_out_titles) == len(every_paper)
    # A paper another page shares with the dev page stays on the dev side: those pages hold more papers.
    other_pages = Deduplicator()
    for item in read_sources(sorted(path for path in seeds_dir.glob("*.txt") if path.name != DEV_PAGE)):
        other_pages.add(item)  # type: ignore[arg-type]
    assert len(held_out_titles) < len(other_pages)
