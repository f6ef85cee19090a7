"""Memory and CPU of kg.graph.streamed.write_graph_tables as the corpus grows, against the in-memory path
(build_entity_index + build_graph + link_papers + annotate + write_tables, kg/builder.py's steps) measured in the
same run where it fits.

The extractions are real: benchmarks/corpus_generator.py papers (seeded, each size a prefix of the next),
run through the fast pipeline once and kept as shard files (pickled papers and extractions, SHARD papers
each) in --work, so a rerun skips the preparation. Every measured step is a child process reading those
shards (kg.graph.streamed.corpus.ShardedCorpus over the files, one shard loaded at a time); its wall time,
CPU seconds (user + sys) and peak RSS come from wait4, Python start-up and imports included. At the
baseline size both paths run and their tables are compared byte for byte.

    nice -n 10 .venv/bin/python benchmarks/table_graph_scale.py --sizes 100000,1000000 --baseline 100000 \\
        --work /tmp/kg-table-graph
    .venv/bin/python benchmarks/table_graph_scale.py --sizes 2000,5000 --baseline 5000 --shard 1000   # minutes
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import Run, run_child  # noqa: E402

BENCHMARKS = Path(__file__).resolve().parent
GRAPH_ATTRS = {"kg_version": "benchmark", "mode": "fast"}
EXTRACT_BATCH = 256


def shard_path(folder: Path, shard: int, extracted: int) -> Path:
    """Shard files: the extracted ones in `folder`, the copies made of the first `extracted` in a subfolder."""
    if shard < extracted:
        return folder / f"shard-{shard:05d}.pkl"
    return folder / f"copies-of-{extracted}" / f"shard-{shard:05d}.pkl"


class PickledShards:
    """The first `count` shard files as a ShardedCorpus; the last shard read stays loaded (its papers and
    extractions are asked for one after the other), no other."""

    def __init__(self, folder: Path, count: int, extracted: int) -> None:
        self._paths = [shard_path(folder, shard, extracted) for shard in range(count)]
        self._loaded: tuple[int, tuple[list, list]] | None = None

    def shard_count(self) -> int:
        return len(self._paths)

    def _load(self, shard: int) -> tuple[list, list]:
        if self._loaded is None or self._loaded[0] != shard:
            self._loaded = None  # the previous shard goes before the next is read
            with open(self._paths[shard], "rb") as handle:
                self._loaded = (shard, pickle.load(handle))
        return self._loaded[1]

    def papers(self, shard: int) -> list:
        return self._load(shard)[0]

    def extractions(self, shard: int) -> list:
        return self._load(shard)[1]


def prepare(corpus: Path, folder: Path, papers: int, shard_size: int, processes: int) -> None:
    """Shard files of the first `papers` records of `corpus`, deduplicated per shard and extracted in
    fast mode (the generated papers have distinct ids: checked), each written when complete."""
    from kg.extract.pipeline import load_extractor
    from kg.ingest import read_sources
    from kg.ingest.dedup import Deduplicator
    from kg.records import PaperRecord

    folder.mkdir(parents=True, exist_ok=True)
    extractor = load_extractor("fast")
    records = (item for item in read_sources([str(corpus)]) if isinstance(item, PaperRecord))
    seen: set[str] = set()
    for shard in range(-(-papers // shard_size)):
        path = folder / f"shard-{shard:05d}.pkl"
        dedup = Deduplicator()
        for _, record in zip(range(min(shard_size, papers - shard * shard_size)), records):
            dedup.add(record)
        shard_papers = dedup.papers_with_ids()
        ids = {paper_id for paper_id, _ in shard_papers}
        if len(ids) != len(shard_papers) or ids & seen:
            raise RuntimeError(f"shard {shard}: generated papers share an id")
        seen |= ids
        if path.exists():
            continue
        todo = [(pid, r.title, r.abstract, list(r.links)) for pid, r in shard_papers]
        extractions = list(extractor.extract(todo, batch_size=EXTRACT_BATCH, n_process=processes))
        partial = path.with_suffix(".partial")
        with open(partial, "wb") as handle:
            pickle.dump((shard_papers, extractions), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
        print(f"shard {shard}: {len(shard_papers)} papers extracted", file=sys.stderr, flush=True)


def copy_shards(folder: Path, shards: int, extracted: int) -> None:
    """Shards `extracted`.. `shards`-1 made from the extracted ones: shard s is a copy of shard s % extracted
    whose papers, authors, proposed methods and repositories are renamed for copy s // extracted, so they
    are new nodes, while the other entities (tasks, datasets, metrics, the methods papers use) are shared,
    as a field's vocabulary is."""
    from kg.extract.types import CodeLink, Extraction, Mention

    (folder / f"copies-of-{extracted}").mkdir(exist_ok=True)
    for shard in range(extracted, shards):
        path = shard_path(folder, shard, extracted)
        if path.exists():
            continue
        copy = shard // extracted
        with open(shard_path(folder, shard % extracted, extracted), "rb") as handle:
            papers, extractions = pickle.load(handle)
        renamed = [(f"{paper_id}r{copy}", record.model_copy(update={
            "authors": [f"{author} {copy}" for author in record.authors]})) for paper_id, record in papers]
        copies = [Extraction(
            paper_id=f"{extraction.paper_id}r{copy}",
            mentions=[Mention(f"{m.text}{copy}" if m.proposed else m.text, m.label, m.evidence, m.proposed,
                              m.canonical) for m in extraction.mentions],
            code=[CodeLink(f"{link.url}-{copy}", link.host, link.owner, f"{link.name}-{copy}", link.evidence)
                  for link in extraction.code],
            pages=extraction.pages, abbreviations=extraction.abbreviations) for extraction in extractions]
        partial = path.with_suffix(".partial")
        with open(partial, "wb") as handle:
            pickle.dump((renamed, copies), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)


def child_streamed(folder: Path, shards: int, extracted: int, out: Path) -> None:
    from kg.extract.gazetteer import load_gazetteer
    from kg.graph.streamed.graph_tables import write_graph_tables

    nodes, edges = write_graph_tables(PickledShards(folder, shards, extracted), load_gazetteer(), out / "nodes.parquet",
                                      out / "edges.parquet", graph_attrs=GRAPH_ATTRS, work_dir=out / "runs")
    print(json.dumps({"nodes": nodes, "edges": edges}))


def child_in_memory(folder: Path, shards: int, extracted: int, out: Path) -> None:
    from kg.extract.gazetteer import load_gazetteer
    from kg.graph.analytics import annotate
    from kg.graph.build import build_graph
    from kg.graph.canonical import build_entity_index
    from kg.graph.linking import link_papers
    from kg.graph.tables import write_tables

    corpus = PickledShards(folder, shards, extracted)
    papers, extractions = [], []
    for shard in range(shards):
        shard_papers, shard_extractions = corpus._load(shard)
        papers += shard_papers
        extractions += shard_extractions
    graph = build_graph(papers, extractions, build_entity_index(extractions, load_gazetteer()))
    del papers, extractions
    graph.graph.update(GRAPH_ATTRS)
    link_papers(graph)
    annotate(graph)
    write_tables(graph, out / "nodes.parquet", out / "edges.parquet")
    print(json.dumps({"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}))


def generated_corpus(work: Path, papers: int, seed: int) -> Path:
    """A generated corpus of at least `papers` papers in `work` (a larger one serves: its prefix is the smaller)."""
    for path in work.glob(f"corpus-seed{seed}-*.jsonl"):
        if int(path.stem.rsplit("-", 1)[1]) >= papers:
            return path
    path = work / f"corpus-seed{seed}-{papers}.jsonl"
    partial = path.with_suffix(".partial")
    run_child([sys.executable, str(BENCHMARKS / "corpus_generator.py"), str(papers), "--seed", str(seed),
               "--out", str(partial)])
    os.replace(partial, path)
    return path


def measured(kind: str, folder: Path, shards: int, extracted: int, out: Path) -> Run:
    out.mkdir(parents=True, exist_ok=True)
    return run_child([sys.executable, __file__, "--child", kind, str(folder), str(shards), str(extracted), str(out)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000", help="corpus sizes, comma-separated")
    parser.add_argument("--baseline", type=int, default=100000, help="the size the in-memory path also runs at")
    parser.add_argument("--shard", type=int, default=50000, help="papers per shard (every size a multiple)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-table-graph")
    parser.add_argument("--processes", type=int, default=2, help="extraction processes of the preparation")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--extracted", type=int, help="papers extracted (a multiple of --shard); the shards beyond "
                        "are renamed copies of those (copy_shards). Default: every paper extracted")
    parser.add_argument("--child", nargs=5, metavar=("KIND", "SHARDS", "COUNT", "EXTRACTED", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, folder, count, extracted, out = args.child
        (child_streamed if kind == "streamed" else child_in_memory)(Path(folder), int(count), int(extracted), Path(out))
        return

    sizes = sorted(int(size) for size in args.sizes.split(","))
    extracted = args.extracted or sizes[-1]
    if any(size % args.shard for size in [*sizes, extracted]):
        parser.error("every size must be a multiple of --shard")
    extracted_shards = extracted // args.shard
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = generated_corpus(args.work, extracted, args.seed)
    shards = args.work / f"shards-{args.shard}-seed{args.seed}"
    prepare(corpus, shards, extracted, args.shard, args.processes)
    copy_shards(shards, sizes[-1] // args.shard, extracted_shards)

    print("| papers | path | wall s | CPU s | peak RSS MiB | nodes | edges |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for size in sizes:
        count = size // args.shard
        runs = {"streamed": measured("streamed", shards, count, extracted_shards, args.work / f"out-streamed-{size}")}
        if size == args.baseline:
            runs["in-memory"] = measured("in-memory", shards, count, extracted_shards, args.work / f"out-in-memory-{size}")
        for kind, run in runs.items():
            counts = json.loads(run.stdout)
            nodes, edges = (sum(v.values()) if isinstance(v, dict) else v for v in (counts["nodes"], counts["edges"]))
            print(f"| {size:,} | {kind} | {run.wall:.1f} | {run.cpu:.1f} | {run.max_rss_mib:,.0f} | {nodes:,} | "
                  f"{edges:,} |", flush=True)
        if len(runs) == 2:
            same = all((args.work / f"out-streamed-{size}" / name).read_bytes()
                       == (args.work / f"out-in-memory-{size}" / name).read_bytes()
                       for name in ("nodes.parquet", "edges.parquet"))
            streamed, in_memory = runs["streamed"], runs["in-memory"]
            print(f"\nat {size:,} papers, streamed / in-memory: peak RSS {streamed.max_rss_mib / in_memory.max_rss_mib:.2f}x, "
                  f"CPU {streamed.cpu / in_memory.cpu:.2f}x; tables byte-identical: {same}\n", flush=True)


if __name__ == "__main__":
    main()
