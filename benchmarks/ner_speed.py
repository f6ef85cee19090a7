"""Throughput of kg's NER pipeline on the seed abstracts (the default build needs >= 250 abstracts/s end to end).

Prints abstracts/s and tokens/s of `nlp.pipe` (batch 64, one process unless --n-process) for the
NER pipeline, next to a baseline measured in the same run: kg's blank tokenizer
alone, the floor every extraction pays. The ratio says what the NER costs.

    .venv/bin/python benchmarks/ner_speed.py [--model DIR] [--repeat 3] [--n-process 2]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

import spacy

from kg.extract.ner import MODEL_DIR
from kg.training.corpus import read_seed_abstracts
from kg.extract.tokenizer import blank_nlp

GOAL_PER_SECOND = 250


def best_rate(run: Callable[[], int], count: int, repeat: int) -> tuple[float, int]:
    """Items per second of the fastest of `repeat` runs, and what the run returned (tokens)."""
    best, result = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return count / best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL_DIR)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--n-process", type=int, default=1)
    args = parser.parse_args()
    shared = Path(os.environ.get("KG_SHARED_DIR", Path(__file__).resolve().parents[1] / ".." / "shared"))
    texts = read_seed_abstracts(shared / "seeds")
    nlp = spacy.load(args.model)
    tokenizer = blank_nlp()

    def run_ner() -> int:
        return sum(len(doc) for doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.n_process))

    def run_tokenizer() -> int:
        return sum(len(doc) for doc in tokenizer.pipe(texts, batch_size=args.batch_size))

    run_ner()  # warm up (first call allocates)
    ner_rate, tokens = best_rate(run_ner, len(texts), args.repeat)
    tok_rate, _ = best_rate(run_tokenizer, len(texts), args.repeat)
    print(f"abstracts: {len(texts)}  tokens: {tokens}  model: {args.model}  processes: {args.n_process}")
    print(f"tokenizer only (baseline): {tok_rate:10.1f} abstracts/s")
    print(f"NER pipeline:              {ner_rate:10.1f} abstracts/s  {ner_rate * tokens / len(texts):10.0f} tokens/s")
    print(f"NER / tokenizer ratio:     {ner_rate / tok_rate:10.3f}")
    print(f"goal {GOAL_PER_SECOND} abstracts/s end to end: NER alone is {ner_rate / GOAL_PER_SECOND:.2f}x the goal")


if __name__ == "__main__":
    main()
