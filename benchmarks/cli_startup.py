"""How long `kg` takes to answer before doing any work: `kg --help`, a command's help, `kg --version`.

Each command runs as a fresh process exactly as a user types it (the venv's `kg` script), interleaved
with the baseline `python -c pass` (the interpreter's own start-up) in the same run, so a busy machine
slows both. Prints the median wall time of each over --runs runs, the time above the baseline, and the
ratio. Goal: `kg --help` under 0.3 s.

Run: .venv/bin/python benchmarks/cli_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = Path(sys.executable).parent / "kg"
BASELINE = ("python -c pass", [sys.executable, "-c", "pass"])
COMMANDS = [
    ("kg --help", [str(KG), "--help"]),
    ("kg --version", [str(KG), "--version"]),
    ("kg build --help", [str(KG), "build", "--help"]),
    ("kg stats --help", [str(KG), "stats", "--help"]),
    ("kg neo4j push --help", [str(KG), "neo4j", "push", "--help"]),
    ("kg fetch arxiv --help", [str(KG), "fetch", "arxiv", "--help"]),
]


def wall_seconds(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="Runs of each command (median reported).")
    runs = parser.parse_args().runs
    times: dict[str, list[float]] = {name: [] for name, _ in [BASELINE, *COMMANDS]}
    for name, argv in [BASELINE, *COMMANDS]:  # warm the file cache once
        wall_seconds(argv)
    for _ in range(runs):
        for name, argv in [BASELINE, *COMMANDS]:
            times[name].append(wall_seconds(argv))
    base = statistics.median(times[BASELINE[0]])
    print(f"load average {os.getloadavg()[0]:.2f}; median of {runs} runs each, interleaved")
    print(f"{'command':<24}{'median s':>10}{'above baseline s':>18}{'x baseline':>12}")
    for name in times:
        median = statistics.median(times[name])
        print(f"{name:<24}{median:>10.3f}{median - base:>18.3f}{median / base:>12.1f}")


if __name__ == "__main__":
    main()
