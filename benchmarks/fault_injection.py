"""Kill `kg build` with SIGKILL at random points; the output folder must then hold the old good output or
the new one, byte for byte, once the next build has opened it (and finished a commit the kill cut short).

Two ways to kill, both a real SIGKILL:
- timed: `kg build` as a user runs it, in its own process, killed after a random delay within the time an
  uninterrupted run takes (so mostly while it imports, reads and extracts);
- traced: the build forked from this process kills itself at a random line executed in the code that
  writes the folder (kg/workspace.py, kg/folder_lock.py, kg/graph/readwrite.py); half of these points are
  drawn from `Workspace.commit` alone, the few milliseconds in which files are replaced.

Each run starts from a copy of the old output (a build of examples/papers.jsonl) and builds the new one
into it: either a build of both example files or, half the time, `--update` with the second file (an
update equals a fresh build of them all). Before recovery, every file of the folder (partial files
aside) must already be whole: its old or its new bytes (manifest.json: whole JSON, which may say
"committing").

    .venv/bin/python benchmarks/fault_injection.py                       # 10 timed + 100 traced runs, ~6 min
    .venv/bin/python benchmarks/fault_injection.py --seed 7 --timed 5 --traced 50
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import kg.folder_lock
import kg.graph.readwrite
import kg.workspace
from kg.builder import build
from kg.checkpoint import CHECKPOINT_FILE
from kg.extract.pipeline import load_extractor
from kg.folder_lock import LOCK_FILE
from kg.workspace import MANIFEST_JSON, Workspace

REPO = Path(__file__).resolve().parents[1]
OLD_SOURCES = [REPO / "examples" / "papers.jsonl"]
EXTRA_SOURCE = REPO / "examples" / "papers_more.csv"
# The code that writes the output folder: a traced run is killed at one of the lines it executes.
WATCHED_FILES = frozenset(module.__file__ for module in (kg.workspace, kg.folder_lock, kg.graph.readwrite))
MODE = "fast"
Folder = dict[str, bytes]


def folder_files(folder: Path) -> Folder:
    """Every file of the folder but kg's lock (its holder facts change with each build) and extraction
    checkpoint (not an output: what a build killed after extracting leaves for its rerun, kg.checkpoint)."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())
            if path.name not in (LOCK_FILE, CHECKPOINT_FILE)}


@dataclass
class Scenario:
    """The old output, the new output, and where runs happen."""

    root: Path
    old: Folder
    new: Folder

    @classmethod
    def prepare(cls, root: Path) -> Scenario:
        """Build the old and the new output once, uninterrupted, in this process (the forked runs then
        find the extractor loaded)."""
        load_extractor(MODE)
        build(OLD_SOURCES, root / "old", mode=MODE)
        build([*OLD_SOURCES, EXTRA_SOURCE], root / "new", mode=MODE)
        return cls(root, folder_files(root / "old"), folder_files(root / "new"))

    def fresh_copy(self, name: str) -> Path:
        """A folder holding the old output, for one run to build the new one into."""
        work = self.root / name
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(self.root / "old", work)
        return work

    def torn_files(self, folder: Path) -> list[str]:
        """Files (partial ones aside) that hold neither their old nor their new bytes; manifest.json, which
        may say "committing" until the next build opens the folder, need only be whole JSON."""
        torn = []
        for name, data in folder_files(folder).items():
            if name == MANIFEST_JSON:
                try:
                    json.loads(data)
                except ValueError:
                    torn.append(name)
            elif not name.startswith(".") and data not in (self.old.get(name), self.new.get(name)):
                torn.append(name)
        return torn

    def verdict(self, folder: Path) -> str:
        """'old' or 'new' for what the folder holds once a Workspace opened it, else 'neither'."""
        with Workspace(folder):  # what the next build does first: finish or drop what the killed one left
            pass
        held = folder_files(folder)
        return "old" if held == self.old else "new" if held == self.new else "neither"


def build_arguments(work: Path, update: bool) -> list[str]:
    if update:
        return ["build", "--quiet", "--mode", MODE, "--update", str(work), str(EXTRA_SOURCE)]
    return ["build", "--quiet", "--mode", MODE, "--out", str(work), *map(str, OLD_SOURCES), str(EXTRA_SOURCE)]


def timed_run(work: Path, update: bool, delay: float) -> bool:
    """`kg build` in its own process, SIGKILLed after `delay` seconds; False if it ended before."""
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", *build_arguments(work, update)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True


def uninterrupted_seconds(scenario: Scenario) -> float:
    start = time.monotonic()
    timed_run(scenario.fresh_copy("calibrate-timed"), update=False, delay=600)
    return time.monotonic() - start


@dataclass(frozen=True)
class Lines:
    """Where in a whole traced build (counted in lines run of WATCHED_FILES) its commit begins and where
    that commit starts renaming."""

    total: int
    commit: int
    renames: int


def _traced_build(work: Path, update: bool, kill_at: int, report: Callable[[Lines], None]) -> None:
    """In a forked child: build, counting the lines run in WATCHED_FILES; SIGKILL itself at line `kill_at`
    (0: never), else report the Lines it ran."""
    count = 0
    starts: dict[str, int] = {}

    def on_line(frame: FrameType, event: str, arg: object) -> Callable | None:
        nonlocal count
        if event == "line":
            count += 1
            starts.setdefault(frame.f_code.co_name, count)
            if count == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
        return on_line

    def on_call(frame: FrameType, event: str, arg: object) -> Callable | None:
        return on_line if frame.f_code.co_filename in WATCHED_FILES else None

    sources = [EXTRA_SOURCE] if update else [*OLD_SOURCES, EXTRA_SOURCE]
    sys.settrace(on_call)
    build(sources, work, mode=MODE, update=update)
    sys.settrace(None)
    report(Lines(count, starts["commit"], starts["_roll_forward"]))


def traced_run(work: Path, update: bool, kill_at: int) -> Lines | None:
    """A build forked from here, killed at line `kill_at`; None if killed, else the Lines it ran."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_traced_build, args=(work, update, kill_at, send.send))
    child.start()
    send.close()
    child.join()
    if child.exitcode == -signal.SIGKILL:
        return None
    if child.exitcode != 0:
        raise RuntimeError(f"the traced build failed (exit {child.exitcode}) in {work}")
    return receive.recv()


def traced_lines(scenario: Scenario, update: bool) -> Lines:
    """The lines a whole traced build runs, and where its commit and renames begin."""
    lines = traced_run(scenario.fresh_copy("calibrate-traced"), update, kill_at=0)
    assert lines is not None
    return lines


def run(scenario: Scenario, *, seed: int, timed: int, traced: int) -> Counter[str]:
    """Every run's outcome, counted as 'timed old', 'traced new', ..., 'torn' (files, before recovery)."""
    rng = random.Random(seed)
    seconds = uninterrupted_seconds(scenario)
    lines = {update: traced_lines(scenario, update) for update in (False, True)}
    outcomes: Counter[str] = Counter()
    for index in range(timed + traced):
        update = rng.random() < 0.5
        work = scenario.fresh_copy(f"run-{index}")
        if index < timed:
            kind = "timed"
            killed = timed_run(work, update, delay=rng.uniform(0, seconds))
        else:
            kind = "traced"
            first = lines[update].commit if rng.random() < 0.5 else 1
            killed = traced_run(work, update, kill_at=rng.randint(first, lines[update].total)) is None
        outcomes["torn"] += len(scenario.torn_files(work))
        outcomes[f"{kind} {scenario.verdict(work) if killed else 'finished'}"] += 1
        shutil.rmtree(work)
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--timed", type=int, default=10, help="runs of `kg build` killed after a random delay")
    parser.add_argument("--traced", type=int, default=100, help="runs killed at a random line of the writing code")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-faults-") as root:
        scenario = Scenario.prepare(Path(root))
        started = time.monotonic()
        outcomes = run(scenario, seed=arguments.seed, timed=arguments.timed, traced=arguments.traced)
    print(f"seed {arguments.seed}: {arguments.timed} timed + {arguments.traced} traced SIGKILLs "
          f"in {time.monotonic() - started:.0f} s (load average {os.getloadavg()[0]:.1f})")
    for kind in ("timed", "traced"):
        counts = ", ".join(f"{outcomes[f'{kind} {verdict}']} {verdict}" for verdict in ("old", "new", "neither", "finished"))
        print(f"  {kind:6} killed builds left: {counts}")
    print(f"  files torn (neither old nor new bytes) right after a kill: {outcomes['torn']}")
    failed = sum(outcomes[f"{kind} neither"] for kind in ("timed", "traced")) + outcomes["torn"]
    print("every killed build left the old output or the new one" if not failed else f"FAILED: {failed} bad folders or files")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
