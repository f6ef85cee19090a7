"""What a kill during extraction costs once the build resumes from its checkpoint (issue "Scale": within 10%).

A corpus of N papers (benchmarks/corpus_generator.py, seeded) is built three ways, each `kg build CORPUS
--mode MODE -j 1 --quiet` in a child process, wall time measured here and CPU time (user + sys) from wait4:
  1. uninterrupted, into one folder (the baseline, measured in the same run);
  2. into a second folder, SIGKILLed once the extraction checkpoint holds KILL_AT of the papers;
  3. the same command again into the second folder: it resumes from the checkpoint.
Prints the three runs' costs, killed + resumed against the uninterrupted run (CPU seconds are the figure
to read on a shared machine), the extractions resumed, and
whether the resumed outputs equal the uninterrupted ones byte for byte.

    nice -n 10 .venv/bin/python benchmarks/resume_build.py                 # 10,000 papers, fast mode
    .venv/bin/python benchmarks/resume_build.py --papers 2000 --mode default --kill-at 0.5
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import Run, run_child  # noqa: E402
from scale_build import make_corpus  # noqa: E402

from kg.checkpoint import CHECKPOINT_FILE  # noqa: E402
from kg.folder_lock import LOCK_FILE  # noqa: E402

KG = Path(sys.executable).with_name("kg")


def build_command(corpus: Path, out: Path, mode: str) -> list[str]:
    return [str(KG), "build", str(corpus), "--out", str(out), "--mode", mode, "-j", "1", "--quiet"]


def killed_build(corpus: Path, out: Path, mode: str, kill_after: int) -> Run:
    """The cost of a build SIGKILLed once its checkpoint holds `kill_after` extractions."""
    checkpoint = out / CHECKPOINT_FILE
    start = time.perf_counter()
    process = subprocess.Popen(build_command(corpus, out, mode), stdout=subprocess.DEVNULL)
    while process.poll() is None:
        if checkpoint.exists() and checkpoint.read_bytes().count(b"\n") > kill_after:  # + the header line
            os.kill(process.pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    _, status, usage = os.wait4(process.pid, 0)  # not process.wait(): that would discard the rusage
    if os.waitstatus_to_exitcode(status) != -signal.SIGKILL:
        sys.exit(f"the build ended before its checkpoint held {kill_after} extractions")
    return Run(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, "")


def outputs(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.name != LOCK_FILE}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--mode", choices=("fast", "default"), default="fast")
    parser.add_argument("--kill-at", type=float, default=0.5, help="share of the papers extracted at the kill")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, help="folder for the corpus and outputs (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-resume-") as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        corpus = make_corpus(work / f"corpus-{args.papers}-{args.seed}.jsonl", args.papers, args.seed, False)
        whole = run_child(build_command(corpus, work / "whole", args.mode))
        kill_after = int(args.papers * args.kill_at)
        killed = killed_build(corpus, work / "resumed", args.mode, kill_after)
        resumed = run_child(build_command(corpus, work / "resumed", args.mode))
        resumed_count = re.search(r"resumed: (\d+) extraction", resumed.stdout)
        same = outputs(work / "whole") == outputs(work / "resumed")
        print(f"{args.papers:,} papers, {args.mode} mode, killed after {kill_after:,} extractions")
        print(f"  {'':24} {'wall s':>8} {'CPU s':>8}")
        print(f"  {'uninterrupted build':24} {whole.wall:8.1f} {whole.cpu:8.1f}")
        print(f"  {'killed build':24} {killed.wall:8.1f} {killed.cpu:8.1f}")
        print(f"  {'resumed build':24} {resumed.wall:8.1f} {resumed.cpu:8.1f}  "
              f"({int(resumed_count.group(1)) if resumed_count else 0:,} extractions resumed)")
        wall, cpu = killed.wall + resumed.wall, killed.cpu + resumed.cpu
        print(f"  {'killed + resumed':24} {wall:8.1f} {cpu:8.1f}")
        print(f"  {'vs uninterrupted':24} {(wall / whole.wall - 1) * 100:+7.0f}% {(cpu / whole.cpu - 1) * 100:+7.0f}%")
        print(f"  outputs byte-identical: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
