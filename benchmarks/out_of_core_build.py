"""The whole `kg build --out-of-core` at field size, stage by stage, with a kill and resume and a day's update.

Steps, each in its own child process (wall, CPU of the process and the processes it reaped, peak RSS):
  1. generate N papers (benchmarks/corpus_generator.py, seeded; kept in --work and reused);
  2. the out-of-core build in fast mode, with every stage of its progress timed in the child: wall, CPU
     (extraction processes included) and the main process's peak RSS per stage (the peak window reset
     between stages, as build_speed.py does); the largest child process's peak (extraction workers, and the
     processes the graph tables and the page run in) is reported beside the whole build's, and the largest
     sum over all its processes at once (sampled: the graph tables' child with its shard workers);
  3. unless --baseline 0, the in-memory build (`kg build` without --out-of-core) of the first B papers
     and the out-of-core build of the same B papers, for the ratio of the two in the same run;
  4. with --kill-at F: the same build SIGKILLed once a share F of its extraction shards is finished,
     then rerun: the two together against the uninterrupted build of step 2, and their outputs compared;
  5. with --day D: the next D generated papers added with `--update --out-of-core` to the folder of step 2:
     wall, CPU and peak RSS, and its stages timed as the build's are; with --days K, K such days one
     after the other (the first update after a build keeps what the build kept, as every later one does).

    nice -n 10 .venv/bin/python benchmarks/out_of_core_build.py --papers 1000000 --work /tmp/kg-ooc -j 2
    .venv/bin/python benchmarks/out_of_core_build.py --papers 20000 --baseline 20000 --kill-at 0.5 --day 2000
    nice -n 10 .venv/bin/python benchmarks/out_of_core_build.py --papers 100000 --mode default --baseline 0

Figures and their reading: docs/scale.md ("The out-of-core build").
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import Run, TreePeak, _memory_mib, _reset_peak_memory, load_line, run_child  # noqa: E402
from corpus_generator import CorpusGenerator, shared_dir, write_corpus  # noqa: E402
from scale_build import make_corpus  # noqa: E402

KG = Path(sys.executable).with_name("kg")


class ProgressClock:
    """A kg.builder Progress hook charging the time between stage changes to the stage that ran."""

    def __init__(self, tree_peak: TreePeak) -> None:
        # stage -> [wall s, cpu s, peak RSS MiB of this process, peak of all processes at once]
        self.stages: dict[str, list[float]] = {}
        self._tree_peak = tree_peak
        self._stage: str | None = None
        self._since = self._now()
        _reset_peak_memory()

    @staticmethod
    def _now() -> tuple[float, float]:
        """Wall clock; CPU of this process, the processes it reaped and those still running (the graph
        tables' child reports its stages while it runs, and is reaped only at its end)."""
        me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        running = 0.0
        for process in psutil.Process().children(recursive=True):
            try:
                times = process.cpu_times()
            except psutil.Error:  # ended since it was listed
                continue
            running += times.user + times.system
        return time.perf_counter(), me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime + running

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if stage != self._stage:
            self.lap()
            self._stage = stage

    def lap(self) -> None:
        wall, cpu = self._now()
        if self._stage is not None:
            totals = self.stages.setdefault(self._stage, [0.0, 0.0, 0.0, 0.0])
            totals[0] += wall - self._since[0]
            totals[1] += cpu - self._since[1]
            totals[2] = max(totals[2], _memory_mib()[1])
            totals[3] = max(totals[3], self._tree_peak.window())
        else:
            self._tree_peak.window()
        _reset_peak_memory()
        self._since = (wall, cpu)


def child_build(corpus: Path, out_dir: Path, processes: int, shard_size: int, mode: str, update: bool) -> None:
    """The out-of-core build (with `update`: `--update` of `out_dir` with `corpus`) in this process, its
    stages timed; prints them and the result as JSON."""
    from kg.builder import build

    tree_peak = TreePeak()
    clock = ProgressClock(tree_peak)
    result = build([corpus], out_dir, mode=mode, n_process=processes, progress=clock, out_of_core=True,
                   shard_size=shard_size, update=update)
    clock.lap()
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"stages": clock.stages, "workers_peak_mib": workers, "tree_peak_mib": tree_peak.mib,
                      "papers": result.papers,
                      "extracted": result.extracted, "nodes": sum(result.nodes.values()),
                      "edges": sum(result.edges.values())}))


def build_command(corpus: Path, out_dir: Path, processes: int, shard_size: int, *extra: str,
                  mode: str = "fast") -> list[str]:
    return [str(KG), "build", str(corpus), "--out", str(out_dir), "--mode", mode, "-j", str(processes), "--quiet",
            "--out-of-core", "--shard-size", str(shard_size), *extra]


def killed_and_resumed(corpus: Path, out_dir: Path, processes: int, shard_size: int, share: float,
                       shards: int, mode: str) -> tuple[Run, Run]:
    """A build SIGKILLed once `share` of its `shards` extraction shards are in the ledger, and its rerun."""
    ledger = out_dir / ".shards" / "ledger.json"
    wanted = max(1, round(share * shards))
    start = time.perf_counter()
    child = subprocess.Popen(build_command(corpus, out_dir, processes, shard_size, mode=mode), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    while True:
        try:
            done = len(json.loads(ledger.read_text(encoding="utf-8"))["extractions"])
        except (OSError, ValueError, KeyError):
            done = 0
        if done >= wanted or child.poll() is not None:
            break
        time.sleep(0.5)
    os.killpg(child.pid, signal.SIGKILL)  # the extraction workers too, as a kill of the whole job would
    _, _, usage = os.wait4(child.pid, 0)
    killed = Run(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, "")
    return killed, run_child(build_command(corpus, out_dir, processes, shard_size, mode=mode))


def same_outputs(first: Path, second: Path) -> bool:
    names = ("nodes.parquet", "edges.parquet", "summary.json", "graph.html")
    return all((first / name).read_bytes() == (second / name).read_bytes() for name in names
               if (first / name).exists())


def next_papers(path: Path, start: int, count: int) -> Path:
    """Papers start .. start+count-1 of the generated corpus: the day after a corpus of `start` papers."""
    if not path.exists():
        generator = CorpusGenerator(shared_dir())
        with path.open("w", encoding="utf-8") as out:
            write_corpus((generator.paper(index) for index in range(start, start + count)), out)
    return path


def fresh(folder: Path) -> Path:
    """`folder`, emptied: every run starts from nothing (a store left there would spare it work)."""
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def prefix(corpus: Path, path: Path, count: int) -> Path:
    if not path.exists():
        with corpus.open(encoding="utf-8") as source, path.open("w", encoding="utf-8") as out:
            for _, line in zip(range(count), source):
                out.write(line)
    return path


def print_stages(figures: dict) -> None:
    print("| stage | wall s | CPU s | peak RSS MiB (main process) | all processes at once (sampled) |\n"
          "|---|---:|---:|---:|---:|")
    for stage, (wall, cpu, peak, tree) in figures["stages"].items():
        sampled = f"{tree:,.0f}" if tree else "-"  # no sample in a stage shorter than the sampling interval
        print(f"| {stage} | {wall:,.1f} | {cpu:,.1f} | {peak:,.0f} | {sampled} |")


def row(name: str, run: Run, note: str = "") -> str:
    return f"| {name} | {run.wall:,.1f} | {run.cpu:,.1f} | {run.max_rss_mib:,.0f} | {note} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-out-of-core"))
    parser.add_argument("--shard-size", type=int, default=50_000)
    parser.add_argument("-j", "--processes", type=int, default=2, help="extraction processes")
    parser.add_argument("--baseline", type=int, default=30_000,
                        help="papers of the in-memory vs out-of-core comparison (0: none)")
    parser.add_argument("--kill-at", type=float, default=None, help="share of extraction shards, then SIGKILL")
    parser.add_argument("--day", type=int, default=0, help="new papers for the --update step (0: none)")
    parser.add_argument("--days", type=int, default=1, help="successive --update steps of --day papers each")
    parser.add_argument("--updates-only", action="store_true",
                        help="run only the --day updates, on the folder an earlier run of the same --papers left")
    parser.add_argument("--mode", choices=("fast", "default"), default="fast",
                        help="extraction mode of every build")
    parser.add_argument("--child", nargs=5, metavar=("CORPUS", "OUT", "J", "SHARD", "MODE"), help=argparse.SUPPRESS)
    parser.add_argument("--child-update", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        corpus, out, processes, shard, mode = args.child
        child_build(Path(corpus), Path(out), int(processes), int(shard), mode, args.child_update)
        return

    args.work.mkdir(parents=True, exist_ok=True)
    print(load_line())
    corpus = make_corpus(args.work / f"corpus-{args.papers}.jsonl", args.papers, 0, snapshot=False)
    if args.updates_only:
        updates(args, args.work / f"out-{args.papers}", None)
        return
    out_dir = fresh(args.work / f"out-{args.papers}")
    run = run_child([sys.executable, __file__, "--child", str(corpus), str(out_dir), str(args.processes),
                     str(args.shard_size), args.mode])
    figures = json.loads(run.stdout)
    print(f"\n{args.papers:,} papers -> {figures['papers']:,} ({figures['nodes']:,} nodes, {figures['edges']:,} edges), "
          f"shards of {args.shard_size:,}, -j {args.processes}, {args.mode} mode")
    print_stages(figures)
    print(f"| **whole build** | {run.wall:,.1f} | {run.cpu:,.1f} | {run.max_rss_mib:,.0f} (largest process; "
          f"largest child: {figures['workers_peak_mib']:,.0f}; all processes at once: "
          f"{figures['tree_peak_mib']:,.0f}) |")

    print("\n| run | wall s | CPU s | peak RSS MiB | |\n|---|---:|---:|---:|---|")
    if args.baseline:
        small = prefix(corpus, args.work / f"corpus-{args.papers}-first-{args.baseline}.jsonl", args.baseline)
        memory = run_child([str(KG), "build", str(small), "--out", str(fresh(args.work / f"mem-{args.baseline}")), "--mode",
                            args.mode, "-j", str(args.processes), "--quiet", "--formats", "html,parquet"])
        sharded = run_child(build_command(small, fresh(args.work / f"ooc-{args.baseline}"), args.processes, args.shard_size,
                                          "--formats", "html,parquet", mode=args.mode))
        equal = same_outputs(args.work / f"mem-{args.baseline}", args.work / f"ooc-{args.baseline}")
        print(row(f"in-memory, first {args.baseline:,}", memory))
        print(row(f"out-of-core, first {args.baseline:,}", sharded,
                  f"{sharded.cpu / memory.cpu:.2f}x CPU, {sharded.max_rss_mib / memory.max_rss_mib:.2f}x peak; "
                  f"outputs {'equal' if equal else 'DIFFER'}"))
    if args.kill_at is not None:
        shards = -(-figures["papers"] // args.shard_size)
        resumed_dir = fresh(args.work / f"resumed-{args.papers}")
        killed, rerun = killed_and_resumed(corpus, resumed_dir, args.processes, args.shard_size, args.kill_at, shards,
                                            args.mode)
        print(row(f"killed at {args.kill_at:.0%} of the extraction shards", killed))
        print(row("its rerun", rerun, f"killed + rerun: {(killed.cpu + rerun.cpu) / run.cpu:.2f}x CPU, "
                  f"{(killed.wall + rerun.wall) / run.wall:.2f}x wall of the uninterrupted build; outputs "
                  f"{'equal' if same_outputs(out_dir, resumed_dir) else 'DIFFER'}"))
    updates(args, out_dir, run)


def updates(args: argparse.Namespace, out_dir: Path, build: Run | None) -> None:
    """The --days updates of --day new papers each on `out_dir`, each against `build`'s CPU if given."""
    for number in range(args.days if args.day else 0):
        start = args.papers + number * args.day
        day = next_papers(args.work / f"day-{start}+{args.day}.jsonl", start, args.day)
        update = run_child([sys.executable, __file__, "--child", str(day), str(out_dir), str(args.processes),
                            str(args.shard_size), args.mode, "--child-update"])
        print(row(f"--update {number + 1} with {args.day:,} new papers", update,
                  f"{update.cpu / build.cpu:.2f}x CPU of the build" if build else ""))
        day_figures = json.loads(update.stdout)
        print(f"\nthe update's stages ({day_figures['papers']:,} papers, {day_figures['extracted']:,} extracted; "
              f"peak RSS of all its processes at once {day_figures['tree_peak_mib']:,.0f} MiB)")
        print_stages(day_figures)


if __name__ == "__main__":
    main()
