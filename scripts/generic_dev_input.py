"""Write the second dev graph's input: SciERC dev abstracts and TDMSci train sentences as `kg build` JSON lines.

The SciREX-trained NER rarely makes generic phrases on SciREX text; these two corpora, from other
papers and other annotators, show the generic references and fields the rules must handle. Neither has
titles, so a record's first sentence serves as its title (as `kg eval scirex-input` does for an untitled
paper); TDMSci's single sentences are grouped in runs of SENTENCES_PER_RECORD, in file order.

Usage: .venv/bin/python scripts/generic_dev_input.py ../shared/data --out dev2.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from pathlib import Path

from kg.training.corpus import read_scierc, read_tdmsci

SENTENCES_PER_RECORD = 6


FIRST_SENTENCE_END = re.compile(r"(?<=[.?!]) (?=[A-Z])")


def _split_first_sentence(text: str) -> tuple[str, str]:
    parts = FIRST_SENTENCE_END.split(text, maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (text, "")


def _records(data: Path) -> Iterator[dict[str, str]]:
    for doc in read_scierc(data / "scierc" / "dev.json"):
        title, abstract = _split_first_sentence(doc.text)
        yield {"id": f"scierc-dev-{doc.key}", "title": title, "abstract": abstract}
    sentences = [doc.text for doc in read_tdmsci(data / "tdmsci" / "train_1500_v2.conll")]
    for first in range(0, len(sentences), SENTENCES_PER_RECORD):
        run = sentences[first:first + SENTENCES_PER_RECORD]
        yield {"id": f"tdmsci-train-{first}", "title": run[0], "abstract": " ".join(run[1:])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the shared data folder (holds scierc/ and tdmsci/)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as handle:
        for record in _records(args.data):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
