"""Extraction throughput on the seed abstracts: fast mode (goal >= 3,000/s for the whole build) and default.

Prints abstracts/s for
  * the baseline measured in the same run: kg's blank tokenizer alone over the
    same "title\\n\\nabstract" texts, the floor every spaCy extraction pays;
  * fast mode, first pass on a freshly built pipeline (cold tokenizer cache) and
    steady state (best of --repeat passes), per CPU-second of one process, and
    wall-clock for one process and --processes forked;
  * the CPU time each stage adds per abstract;
  * default mode (with the NER), when the trained model is installed.
The seed set is small (~470 abstracts), so each pass runs it --copies times.

    .venv/bin/python benchmarks/extract_speed.py [--repeat 3] [--copies 8] [--processes 2]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

from kg.extract.pipeline import TITLE_SEPARATOR, ExtractorUnavailable, Extractor, build_nlp
from kg.extract.tokenizer import blank_nlp
from kg.ingest import read_sources
from kg.records import PaperRecord

FAST_GOAL = 3000
DEFAULT_GOAL = 250


def seed_papers() -> list[tuple[str, str, str, list[str]]]:
    shared = Path(os.environ.get("KG_SHARED_DIR", Path(__file__).resolve().parents[1] / ".." / "shared"))
    records = [r for r in read_sources([shared / "seeds"]) if isinstance(r, PaperRecord)]
    return [(f"seed:{n}", r.title, r.abstract, list(r.links)) for n, r in enumerate(records)]


def timed(run: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> float:
    start = clock()
    run()
    return clock() - start


def best_rate(run: Callable[[], object], count: int, repeat: int) -> float:
    return count / min(timed(run) for _ in range(repeat))


def stage_costs(
    extractor: Extractor, papers: list[tuple[str, str, str, list[str]]], repeat: int
) -> list[tuple[str, float]]:
    """CPU microseconds per abstract that each stage adds, on fresh docs: run the pipeline up to a stage
    and subtract the run up to the stage before (process time, so other jobs on the machine matter less)."""
    components = [component for _, component in extractor.nlp.pipeline]

    def upto(stages: int, convert: bool) -> Callable[[], None]:
        def run() -> None:
            for _, title, abstract, _ in papers:
                doc = extractor._make_doc(title, abstract)
                for component in components[:stages]:
                    doc = component(doc)
                if convert:
                    extractor._to_extraction(doc, "x", [])

        return run

    runs = [("tokenize (make_doc)", upto(0, False))]
    runs += [(name, upto(n, False)) for n, name in enumerate(extractor.nlp.pipe_names, start=1)]
    runs.append(("Doc -> Extraction", upto(len(components), True)))
    costs, before = [], 0.0
    for name, run in runs:
        total = min(timed(run, time.process_time) for _ in range(repeat)) / len(papers) * 1e6
        costs.append((name, total - before))
        before = total
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=256)
    args = parser.parse_args()
    seeds = seed_papers()
    papers = [(f"{pid}#{copy}", t, a, links) for copy in range(args.copies) for pid, t, a, links in seeds]
    count = len(papers)
    texts = [f"{t}{TITLE_SEPARATOR}{a}" for _, t, a, _ in papers]
    print(f"abstracts per pass: {count} ({len(seeds)} seed papers x {args.copies}); rates in abstracts per second")
    print("  cpu = per CPU-second of this process (robust to other jobs on the machine), wall = elapsed time")

    def rates(run: Callable[[], object]) -> tuple[float, float]:
        """(first pass per CPU-second, best steady pass per CPU-second)."""
        first = count / timed(run, time.process_time)
        return first, count / min(timed(run, time.process_time) for _ in range(args.repeat))

    tokenizer = blank_nlp()
    base_first, base = rates(lambda: list(tokenizer.pipe(texts, batch_size=args.batch_size)))
    print(f"baseline, tokenizer only:   first pass {base_first:7.0f} cpu   steady {base:7.0f} cpu")

    fast = Extractor(build_nlp("fast"), "fast")
    first, steady = rates(lambda: list(fast.extract(papers, batch_size=args.batch_size)))
    print(f"fast mode, 1 process:       first pass {first:7.0f} cpu   steady {steady:7.0f} cpu"
          f"   (fast / tokenizer = {steady / base:.2f})")
    one_wall = best_rate(lambda: list(fast.extract(papers, batch_size=args.batch_size)), count, args.repeat)
    forked = best_rate(
        lambda: list(fast.extract(papers, batch_size=args.batch_size, n_process=args.processes)), count, args.repeat
    )
    print(f"fast mode, wall clock:      1 process {one_wall:7.0f}   {args.processes} processes {forked:7.0f}"
          f"   (x{forked / one_wall:.2f}; goal for the whole build: {FAST_GOAL}/s)")
    print("fast mode, CPU time each stage adds per abstract (steady state):")
    for name, micros in stage_costs(fast, papers[: len(seeds)], args.repeat):
        print(f"  {name:24s} {micros:8.1f} us")

    try:
        default = Extractor(build_nlp("default"), "default")
    except ExtractorUnavailable as error:
        print(f"default mode: not measured ({error})")
        return
    sample = papers[: len(seeds)]
    _, rate = rates(lambda: list(default.extract(sample, batch_size=64)))
    rate *= len(sample) / count
    forked = best_rate(lambda: list(default.extract(sample, batch_size=64, n_process=args.processes)), len(sample),
                       args.repeat)
    print(f"default mode: 1 process {rate:7.0f} cpu   {args.processes} processes {forked:7.0f} wall"
          f"   (goal for the whole build: {DEFAULT_GOAL}/s)")


if __name__ == "__main__":
    main()
