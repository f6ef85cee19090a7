"""Reading an arXiv snapshot with a selection: rows judged before their records are made (the selection
given to the reader, kg.ingest.arxiv_snapshot.read) against every row made a record and filtered after
(Selection.keeps on each record, the path before the prefilter).

    nice -n 10 .venv/bin/python benchmarks/snapshot_prefilter.py [--rows 20000] [--off-topic 0.5,0.9]
        [--category cs.LG,cs.CL,cs.CV,stat.ML] [--work /tmp/kg-snapshot-prefilter]

For each share P of --off-topic, a snapshot of --rows generated entries (benchmarks/corpus_generator.py
--snapshot --off-topic P: a share P in other fields; kept in --work) is read both ways by read_sources,
each in a child process whose wall time, CPU time and peak RSS come from wait4. Both children keep the
selected records, as a build would, and must keep the same ones (checked here). "read CPU" is the CPU of
the reading alone, without the imports.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import Run, load_line, run_child  # noqa: E402


def child(way: str, snapshot: Path, categories: str) -> None:
    """Read the snapshot one way; print the records kept, a digest of them and the reading's CPU, as JSON."""
    from kg.ingest import read_sources
    from kg.ingest.selection import Selection, parse_categories
    from kg.records import PaperRecord

    selection = Selection(categories=parse_categories(categories))
    start = time.process_time()
    if way == "prefilter":
        kept = [item for item in read_sources([snapshot], selection=selection) if isinstance(item, PaperRecord)]
    else:
        kept = [item for item in read_sources([snapshot]) if isinstance(item, PaperRecord) and selection.keeps(item)]
    cpu = time.process_time() - start
    digest = hashlib.sha256("\n".join(repr(record) for record in kept).encode()).hexdigest()
    print(json.dumps({"read_cpu": cpu, "kept": len(kept), "digest": digest}))


def read(way: str, snapshot: Path, categories: str) -> tuple[Run, dict]:
    run = run_child([sys.executable, __file__, "--child", way, str(snapshot), categories])
    return run, json.loads(run.stdout)


def show(label: str, run: Run, result: dict, rows: int) -> None:
    print(f"  {label:30} {run.wall:6.2f} s wall {run.cpu:6.2f} s CPU (read {result['read_cpu']:5.2f}, "
          f"{result['read_cpu'] / rows * 1000:.3f} ms a row) {run.max_rss_mib:5.0f} MiB peak   "
          f"{result['kept']:,} kept   ({load_line()})", flush=True)


def snapshot_of(rows: int, off_topic: float, work: Path) -> Path:
    path = work / f"snapshot-{rows}-off{off_topic}.jsonl"
    if not path.exists():
        run_child([sys.executable, str(Path(__file__).with_name("corpus_generator.py")), str(rows), "--snapshot",
                   "--off-topic", str(off_topic), "--out", str(path)])
    return path


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], Path(sys.argv[3]), sys.argv[4])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--off-topic", default="0.5,0.9", help="shares of rows in other fields, one snapshot each")
    parser.add_argument("--category", default="cs.LG,cs.CL,cs.CV,stat.ML", help="the selection (--category)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-snapshot-prefilter"))
    options = parser.parse_args()
    options.work.mkdir(parents=True, exist_ok=True)
    print(f"start: {load_line()}; selection --category {options.category}", flush=True)
    for share in (float(part) for part in options.off_topic.split(",")):
        snapshot = snapshot_of(options.rows, share, options.work)
        print(f"{options.rows:,} rows, {share:.0%} in other fields ({snapshot}):", flush=True)
        after, after_result = read("after", snapshot, options.category)
        show("read all, filtered after", after, after_result, options.rows)
        before, before_result = read("prefilter", snapshot, options.category)
        show("selection given to the reader", before, before_result, options.rows)
        same = before_result["digest"] == after_result["digest"]
        print(f"  same records kept: {same}; prefilter/after: CPU x{before.cpu / after.cpu:.2f}, "
              f"read CPU x{before_result['read_cpu'] / after_result['read_cpu']:.2f}, "
              f"peak RSS x{before.max_rss_mib / after.max_rss_mib:.2f}", flush=True)
        if not same:
            sys.exit("the prefilter kept other records than the filter after reading")
    print(f"end: {load_line()}")


if __name__ == "__main__":
    main()
