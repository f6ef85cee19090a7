"""Throughput of code-link extraction over the seed abstracts (goal: >= 3,000 abstracts/s).

Prints abstracts/s for `find_links` on every seed abstract and on the ones that
hold a URL (the slow path), next to two baselines measured in the same run: one
bare `https?://\\S+` findall (the least any URL finder must do) and kg's blank
spaCy tokenizer (the cheapest step every extraction run pays anyway).

    .venv/bin/python benchmarks/bench_code_links.py [--seconds 2]
"""

from __future__ import annotations

import argparse
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

from kg.extract.code_links import find_links
from kg.extract.tokenizer import blank_nlp

GOAL_PER_SECOND = 3_000
_BASELINE = re.compile(r"https?://\S+")


def seed_abstracts(seeds_dir: Path) -> list[str]:
    """Title + newline + abstract for each entry of the saved listing pages (an abstract is a long line)."""
    texts: list[str] = []
    for path in sorted(seeds_dir.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        texts += [f"{lines[i - 1]}\n{line}" for i, line in enumerate(lines) if i and len(line) >= 200]
    return texts


def rate(func: Callable[[str], object], texts: list[str], seconds: float) -> float:
    """Texts per second over whole passes of `texts` lasting at least `seconds`."""
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text in texts:
            func(text)
        done += len(texts)
    return done / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time spent per measurement")
    shared = Path(os.environ.get("KG_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--seeds", type=Path, default=shared / "seeds", help="folder of saved listing pages")
    args = parser.parse_args()

    texts = seed_abstracts(args.seeds)
    with_urls = [t for t in texts if any(find_links(t))]
    tokenizer = blank_nlp().tokenizer
    print(f"{len(texts)} seed abstracts, {len(with_urls)} with a code link or page")
    for label, subset in (("all abstracts", texts), ("abstracts with links", with_urls)):
        ours = rate(find_links, subset, args.seconds)
        findall = rate(_BASELINE.findall, subset, args.seconds)
        tokenize = rate(tokenizer, subset, args.seconds)
        print(
            f"{label:>20}: find_links {ours:>9,.0f}/s | findall {findall:>9,.0f}/s (x{ours / findall:.3f})"
            f" | spaCy tokenizer {tokenize:>7,.0f}/s (x{ours / tokenize:.1f})"
        )
    overall = rate(find_links, texts, args.seconds)
    verdict = "meets" if overall >= GOAL_PER_SECOND else "MISSES"
    print(f"overall {overall:,.0f} abstracts/s {verdict} the goal of {GOAL_PER_SECOND:,}/s")


if __name__ == "__main__":
    main()
