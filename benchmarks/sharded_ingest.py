"""Sharded ingest and extraction of a million papers (issue "Scale"): CPU, wall and peak RSS, against the
in-memory ingest of kg.builder measured in the same run at a size it can afford.

The corpus is N generated papers (benchmarks/corpus_generator.py, seeded; kept in --work and reused)
plus a second file repeating every DUPLICATE_EVERY-th of them with a longer abstract, so deduplication
merges something. Every step runs in a child process; CPU seconds (user + sys) and peak RSS come from
wait4 (peak RSS: the largest single process of the child's tree, extraction workers included):
  1. the in-memory ingest (kg.builder._ingest: read, Deduplicator, papers in a list) of the first
     --baseline papers, and the sharded ingest (kg.shards.ingest) of the same papers;
  2. the sharded ingest of all N papers into --shard-size shards;
  3. fast-mode extraction of every shard (kg.shards.extract, processes as kg build picks them);
  4. one papers shard written as the store's Parquet (zstd) and as kg's JSON Lines (gzip): size, write
     and read seconds, which is why the store writes Parquet.

    nice -n 10 .venv/bin/python benchmarks/sharded_ingest.py --work /tmp/shards-bench      # 1M, baseline 100k
    .venv/bin/python benchmarks/sharded_ingest.py --papers 20000 --baseline 20000 --shard-size 5000
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import Run, run_child  # noqa: E402
from scale_build import make_corpus  # noqa: E402

DUPLICATE_EVERY = 20
THIS = str(Path(__file__).resolve())


def duplicates_of(corpus: Path, path: Path, count: int) -> Path:
    """Every DUPLICATE_EVERY-th of the first `count` papers again, with a longer abstract (kept and reused)."""
    if not path.exists():
        with corpus.open(encoding="utf-8") as rows, path.open("w", encoding="utf-8") as out:
            for number, line in enumerate(rows):
                if number >= count:
                    break
                if number % DUPLICATE_EVERY == 0:
                    row = json.loads(line)
                    row["abstract"] += " The code and models are released."
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def child(args: list[str]) -> None:
    """One measured step, in this (child) process; prints its figures as one JSON line."""
    step, *rest = args
    if step == "memory":
        from kg.builder import _ingest
        from kg.ingest.selection import KEEP_ALL

        papers, rejects, read, _ = _ingest(rest, None, False, KEEP_ALL, lambda *_: None)
        print(json.dumps({"papers": len(papers), "duplicates_merged": read - len(papers), "rejected": len(rejects)}))
    elif step == "ingest":
        from kg.shards.ingest import ingest
        from kg.shards.store import ShardStore

        *sources, folder, shard_size = rest
        counts = ingest(sources, ShardStore(Path(folder), int(shard_size)))
        print(json.dumps({"papers": counts.papers, "duplicates_merged": counts.duplicates_merged,
                          "rejected": counts.rejected}))
    elif step == "extract":
        from kg.shards.extract import extract_shards
        from kg.shards.store import ShardStore

        folder, shard_size = rest
        counts = extract_shards(ShardStore(Path(folder), int(shard_size)), mode="fast", n_process=None)
        print(json.dumps({"extracted": counts.extracted, "already_done": counts.already_done}))
    elif step == "formats":
        print(json.dumps(shard_formats(Path(rest[0]), int(rest[1]))))


def shard_formats(folder: Path, shard_size: int) -> dict[str, float]:
    """Papers shard 0 as the store's Parquet and as gzip JSON Lines: bytes, write and read seconds."""
    from kg.shards.store import ShardStore, shard_name
    from kg.stage_files import read_papers, write_papers

    store = ShardStore(folder, shard_size)
    papers = list(store.papers(0))  # once before timing: the first read also pays for pyarrow's lazy set-up
    started = time.perf_counter()
    assert list(store.papers(0)) == papers
    parquet_read = time.perf_counter() - started
    figures = {"papers": len(papers), "parquet_bytes": (folder / shard_name("papers", 0)).stat().st_size,
               "parquet_read_s": parquet_read}
    probe = ShardStore(folder / "format-probe", shard_size)
    probe.start_ingest({})
    started = time.perf_counter()
    probe.write_papers(0, papers)
    figures["parquet_write_s"] = time.perf_counter() - started
    plain = folder / "format-probe" / "papers.jsonl"
    started = time.perf_counter()
    write_papers(plain, papers)
    with plain.open("rb") as source, gzip.open(plain.with_suffix(".jsonl.gz"), "wb", compresslevel=6) as packed:
        packed.write(source.read())
    figures["jsonl_gz_write_s"] = time.perf_counter() - started
    figures["jsonl_gz_bytes"] = plain.with_suffix(".jsonl.gz").stat().st_size
    started = time.perf_counter()
    with gzip.open(plain.with_suffix(".jsonl.gz"), "rb") as packed:
        plain.write_bytes(packed.read())
    assert read_papers(plain) == papers
    figures["jsonl_gz_read_s"] = time.perf_counter() - started
    shutil.rmtree(folder / "format-probe")
    return figures


def measured(step: str, *args: object) -> tuple[Run, dict]:
    run = run_child([sys.executable, THIS, "--child", step, *map(str, args)])
    return run, json.loads(run.stdout.strip().splitlines()[-1])


def row(name: str, run: Run, papers: int, note: str = "") -> str:
    return (f"| {name} | {papers:,} | {run.wall:,.1f} | {run.cpu:,.1f} | {run.max_rss_mib:,.0f} | "
            f"{papers / max(run.cpu, 1e-9):,.0f} | {note} |")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--baseline", type=int, default=100_000, help="papers for the in-memory comparison")
    parser.add_argument("--shard-size", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, required=True, help="folder for the corpora (kept) and the shards")
    parser.add_argument("--no-extract", action="store_true")
    args = parser.parse_args()
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    print(f"load average at start: {' '.join(f'{load:.2f}' for load in os.getloadavg())}", flush=True)
    corpus = make_corpus(work / f"corpus-{args.papers}-{args.seed}.jsonl", args.papers, args.seed, False)
    small = make_corpus(work / f"corpus-{args.baseline}-{args.seed}.jsonl", args.baseline, args.seed, False)
    sources = [corpus, duplicates_of(corpus, work / f"duplicates-{args.papers}-{args.seed}.jsonl", args.papers)]
    small_sources = [small, duplicates_of(small, work / f"duplicates-{args.baseline}-{args.seed}.jsonl", args.baseline)]
    records = args.papers + -(-args.papers // DUPLICATE_EVERY)
    small_records = args.baseline + -(-args.baseline // DUPLICATE_EVERY)

    for earlier in (work / f"shards-{args.baseline}", work / f"shards-{args.papers}"):
        shutil.rmtree(earlier, ignore_errors=True)  # a store left by an earlier run would skip its extraction
    lines = ["| step | records | wall s | CPU s | peak MiB | records per CPU-s | counts |", "|---|---:|---:|---:|---:|---:|---|"]
    memory, memory_counts = measured("memory", *small_sources)
    lines.append(row("in-memory ingest (baseline)", memory, small_records, json.dumps(memory_counts)))
    small_shards, small_counts = measured("ingest", *small_sources, work / f"shards-{args.baseline}", args.shard_size)
    lines.append(row("sharded ingest", small_shards, small_records, json.dumps(small_counts)))
    print("\n".join(lines), flush=True)
    assert small_counts == memory_counts, (small_counts, memory_counts)
    folder = work / f"shards-{args.papers}"
    ingest_run, counts = measured("ingest", *sources, folder, args.shard_size)
    lines.append(row("sharded ingest", ingest_run, records, json.dumps(counts)))
    print(lines[-1], flush=True)
    if not args.no_extract:
        extract_run, extracted = measured("extract", folder, args.shard_size)
        lines.append(row("sharded extraction, fast", extract_run, counts["papers"], json.dumps(extracted)))
        print(lines[-1], flush=True)
    _, formats = measured("formats", folder, args.shard_size)
    print()
    print("\n".join(lines))
    print(f"\nsharded vs in-memory ingest at {small_records:,} records: CPU x{small_shards.cpu / memory.cpu:.2f}, "
          f"peak RSS x{small_shards.max_rss_mib / memory.max_rss_mib:.2f}")
    print(f"one papers shard ({formats['papers']:,} papers): Parquet zstd {formats['parquet_bytes'] / 2**20:,.1f} MiB, "
          f"write {formats['parquet_write_s']:.2f} s, read {formats['parquet_read_s']:.2f} s; JSON Lines gzip "
          f"{formats['jsonl_gz_bytes'] / 2**20:,.1f} MiB, write {formats['jsonl_gz_write_s']:.2f} s, "
          f"read {formats['jsonl_gz_read_s']:.2f} s")
    print(f"load average at end: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main()
