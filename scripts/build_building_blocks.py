#!/usr/bin/env python
"""Compile kg/resources/gazetteer/building_blocks.json: how many full ML papers mention each listed name.

Usage: .venv/bin/python scripts/build_building_blocks.py [--shared ../shared] [--out PATH]

A small corpus cannot tell a building block from a topic: Batch Normalization and Weight Decay may be in
two papers of fifty and look specific, yet nearly every deep-learning paper uses them somewhere. The full
texts of SciREX's train and dev papers (143 ML papers, 2015-2019; never the set-aside test split) are a
reference: the share of them whose text names a gazetteer entry (matched by kg's own gazetteer component,
as `kg build --mode fast` does) says how much of a building block it is. Linking discounts the
methods, datasets and metrics that many of them name (kg.graph.specificity); tasks are what papers are
about and are not discounted. Only entries named by at least `MIN_SHARE` of the papers are written.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from kg.extract.gazetteer import known_names
from kg.extract.pipeline import load_extractor
from kg.training.scirex_corpus import read_scirex

REPO = Path(__file__).resolve().parent.parent
MIN_SHARE = 0.05
PARTS = ("train", "dev")


def shares(docs: Path) -> tuple[int, dict[str, float]]:
    """(papers read, share of them naming each gazetteer entry, for entries at or above MIN_SHARE)."""
    texts: dict[str, list[str]] = defaultdict(list)
    for part in PARTS:
        for section in read_scirex(docs, part, "section"):
            texts[section.key.split(":")[0]].append(section.text)
    extractor = load_extractor("fast")
    named: Counter[str] = Counter()
    for paper in sorted(texts):
        doc = extractor.nlp(extractor._make_doc("", "\n".join(texts[paper])))
        named.update({name for _, _, _, name in known_names(doc)})
    papers = len(texts)
    return papers, {name: round(count / papers, 3) for name, count in sorted(named.items()) if count / papers >= MIN_SHARE}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO / "kg" / "resources" / "gazetteer" / "building_blocks.json")
    args = parser.parse_args()
    papers, share = shares(args.shared / "data" / "scirex" / "docs.jsonl.gz")
    payload = {"source": f"SciREX {' and '.join(PARTS)} full texts (scripts/build_building_blocks.py)",
               "papers": papers, "share": share}
    args.out.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{papers} papers; {len(share)} names at or above {MIN_SHARE:.0%} -> {args.out}")


if __name__ == "__main__":
    main()
