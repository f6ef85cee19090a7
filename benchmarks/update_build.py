"""What a day's papers cost with `kg build --update` against rebuilding (issue "Scale": minutes, not a rebuild).

A generated corpus (benchmarks/corpus_generator.py, seeded) of BASE + DAY papers is cut in two files: the
first BASE papers and the day's DAY papers. Then, each as a child process (`--mode fast -j 1 --quiet`, wall
time here, CPU seconds and peak RSS from wait4):
  1. `kg build base.jsonl --out updated`: the folder a user already has (measured, not the figure);
  2. `kg build day.jsonl --update updated`: the day's update;
  3. `kg build base.jsonl day.jsonl --out rebuilt`: the rebuild it replaces, the baseline of the same run.
Prints the three runs, the update against the rebuild, and whether the two folders hold the same files
byte for byte (they must: an update equals a fresh build of the same sources).

    nice -n 10 .venv/bin/python benchmarks/update_build.py                       # 30,000 + 2,000 papers
    nice -n 10 .venv/bin/python benchmarks/update_build.py --base 100000 --work /tmp/kg-update

Figures and their reading: docs/scale.md ("Incremental update").
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import Run, load_line, run_child  # noqa: E402
from resume_build import outputs  # noqa: E402
from scale_build import make_corpus  # noqa: E402

KG = Path(sys.executable).with_name("kg")
FAST = ["--mode", "fast", "-j", "1", "--quiet"]


def split_corpus(corpus: Path, base_count: int, base: Path, day: Path) -> None:
    """The corpus's first `base_count` lines into `base`, the rest into `day`."""
    with corpus.open(encoding="utf-8") as lines:
        base.write_text("".join(islice(lines, base_count)), encoding="utf-8")
        day.write_text("".join(lines), encoding="utf-8")


def print_run(label: str, run: Run) -> None:
    print(f"  {label:34} {run.wall:8.1f} {run.cpu:8.1f} {run.max_rss_mib:10,.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=30_000, help="papers already in the folder")
    parser.add_argument("--day", type=int, default=2_000, help="the day's new papers")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, help="folder for the corpus and outputs (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-update-") as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        total = args.base + args.day
        corpus = make_corpus(work / f"corpus-{total}-{args.seed}.jsonl", total, args.seed, False)
        base, day = work / f"base-{args.base}.jsonl", work / f"day-{args.day}.jsonl"
        split_corpus(corpus, args.base, base, day)
        updated, rebuilt = work / "updated", work / "rebuilt"
        first = run_child([str(KG), "build", str(base), "--out", str(updated), *FAST])
        update = run_child([str(KG), "build", str(day), "--update", str(updated), *FAST])
        rebuild = run_child([str(KG), "build", str(base), str(day), "--out", str(rebuilt), *FAST])
        same = outputs(updated) == outputs(rebuilt)
        print(f"{args.base:,} papers, then {args.day:,} new ones (fast mode); {load_line()}")
        print(f"  {'':34} {'wall s':>8} {'CPU s':>8} {'peak MiB':>10}")
        print_run(f"first build ({args.base:,})", first)
        print_run(f"--update with {args.day:,}", update)
        print_run(f"rebuild of all {total:,} (baseline)", rebuild)
        print(f"  update / rebuild: {update.wall / rebuild.wall:.2f}x wall, {update.cpu / rebuild.cpu:.2f}x CPU")
        print(f"  updated folder equals the rebuilt one byte for byte: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
