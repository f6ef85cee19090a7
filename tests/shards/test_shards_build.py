"""`kg build --out-of-core`: the same output folder as the in-memory build, byte for byte (but for the stage
files, which the shards replace), after a rerun, an update and a SIGKILL at any shard. Real builds of the
seed pages and of generated corpora, in fast mode and once in default mode."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import workspace
from kg.builder import build
from kg.cli import app
from kg.folder_lock import LOCK_FILE
from kg.shards.store import LEDGER_JSON, file_sha256
from kg.workspace import EXTRACTIONS_JSONL, MANIFEST_JSON, PAPERS_JSONL, SHARDS_FOLDER, WorkspaceError
from shard_helpers import ReadCounter, killed_when

REPO = Path(__file__).resolve().parents[2]
ALL_FORMATS = frozenset(workspace.FORMAT_FILES)
# What only the in-memory build writes (the out-of-core one keeps them as shards), and what names them.
NOT_COMPARED = {LOCK_FILE, MANIFEST_JSON, PAPERS_JSONL, EXTRACTIONS_JSONL, SHARDS_FOLDER}
runner = CliRunner()


def _outputs(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.name not in NOT_COMPARED}


def _generated(path: Path, papers: int, seed: int = 0) -> Path:
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "corpus_generator.py"), str(papers), "--out", str(path),
                    "--seed", str(seed)], check=True, capture_output=True)
    return path


def _extra_records(path: Path, generated: Path) -> Path:
    """A duplicate of a generated paper (its arXiv id again, other text), a reject and a DOI conflict."""
    first = json.loads(generated.read_text(encoding="utf-8").splitlines()[0])
    rows = [json.dumps({**first, "title": first["title"].upper(), "doi": "10.1/other"}),
            "{not json",
            *(json.dumps({"title": "A paper of its own", "abstract": "We train ResNet-50 on ImageNet.",
                          "arxiv_id": "1901.99999", "doi": doi}) for doi in ("10.2/x", "10.2/y"))]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("corpus")
    generated = _generated(folder / "generated.jsonl", 700)
    return [generated, _extra_records(folder / "extra.jsonl", generated)]


@pytest.fixture(scope="module")
def in_memory(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("in-memory") / "out"
    build(corpus, out, mode="fast", formats=ALL_FORMATS)
    return _outputs(out)


def test_an_out_of_core_build_writes_the_in_memory_builds_files(
        corpus: list[Path], in_memory: dict[str, bytes], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build(corpus, out, mode="fast", formats=ALL_FORMATS, out_of_core=True, shard_size=150)
    assert _outputs(out) == in_memory
    assert {"rejects.jsonl", "graph.json", "graph.graphml", "graph.gexf", "graph.html", "nodes.parquet",
            "edges.parquet", "summary.json"} <= set(in_memory)
    summary = json.loads(in_memory["summary.json"])
    assert summary["duplicates_merged"] >= 1 and summary["rejected"] == 1 and summary["doi_conflicts"]
    assert result.extracted == summary["papers"] and result.resumed == 0
    assert not (out / PAPERS_JSONL).exists() and not (out / EXTRACTIONS_JSONL).exists()
    ledger = json.loads((out / SHARDS_FOLDER / LEDGER_JSON).read_text(encoding="utf-8"))
    assert len(ledger["papers"]) == -(-summary["papers"] // 150) == len(ledger["extractions"])
    assert sorted(path.name for path in out.iterdir()) == sorted(
        [*in_memory, MANIFEST_JSON, LOCK_FILE, SHARDS_FOLDER])  # no work file of the build is left behind


def test_the_corpus_wide_steps_report_their_progress_from_the_child_process(
        corpus: list[Path], tmp_path: Path) -> None:
    """The graph tables and the page run in processes of their own for minutes at a million papers: their
    passes reach the build's bars (per shard, then per row written or read), in order, ending complete."""
    reports: list[tuple[str, int, int | None]] = []
    result = build(corpus, tmp_path / "out", mode="fast", out_of_core=True, shard_size=150,
                   progress=lambda stage, done, total: reports.append((stage, done, total)))
    last_extraction = max(i for i, (stage, _, _) in enumerate(reports) if stage == "extract shards")
    stages = list(dict.fromkeys(stage for stage, _, _ in reports[last_extraction + 1:]))
    child_stages = ["entity forms", "entity types", "graph rows", "paper items", "related papers",
                    "communities, pagerank", "write tables"]
    assert stages == [*child_stages, "write", "page"]  # the page (above 5,000 nodes, from the tables) in "write"
    shards = -(-result.papers // 150)
    for stage in child_stages[:3]:
        assert [done for name, done, _ in reports if name == stage] == list(range(shards + 1))
        assert {total for name, _, total in reports if name == stage} == {shards}
    rows = sum(result.nodes.values()) + sum(result.edges.values())
    assert [report for report in reports if report[0] == "write tables"][-1] == ("write tables", rows, rows)
    page = [report for report in reports if report[0] == "page"]
    assert page[-1][1] == page[-1][2] == 2 * sum(result.edges.values()) + sum(result.nodes.values())


def test_a_progress_hook_that_fails_in_a_step_does_not_stop_the_build(corpus: list[Path], tmp_path: Path,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    """Reports keep coming from the graph tables' child; a hook that raises on them is told no more, and
    they are still drained, so the child never blocks on a full pipe (thousands of reports at a million)."""
    calls: list[str] = []

    def failing(stage: str, done: int, total: int | None) -> None:
        calls.append(stage)
        if stage == "graph rows":
            raise RuntimeError("the terminal went away")

    with caplog.at_level(logging.WARNING, logger="kg.shards.child"):  # whatever level earlier commands left
        result = build(corpus[:1], tmp_path / "out", mode="fast", out_of_core=True, shard_size=150,
                       progress=failing)
    assert result.papers and (tmp_path / "out" / "graph.json").exists()
    assert calls.count("graph rows") == 1 and "write tables" not in calls  # told no more after it failed
    assert calls[-1] == "write"  # the build's own stages go on
    assert "the progress hook failed" in caplog.text


def test_the_seed_pages_out_of_core_in_default_mode_equal_the_in_memory_build(seeds_dir: Path, tmp_path: Path) -> None:
    sources = sorted(seeds_dir.iterdir())[:2]  # two pages: the NER's cost stays small
    build(sources, tmp_path / "mem", mode="default", formats=ALL_FORMATS)
    build(sources, tmp_path / "ooc", mode="default", formats=ALL_FORMATS, out_of_core=True, shard_size=40)
    assert _outputs(tmp_path / "ooc") == _outputs(tmp_path / "mem")


def test_a_rerun_extracts_nothing_and_an_update_equals_a_fresh_build(
        corpus: list[Path], in_memory: dict[str, bytes], tmp_path: Path) -> None:
    generated, extra = corpus
    out = tmp_path / "out"
    first = build([generated], out, mode="fast", formats=ALL_FORMATS, out_of_core=True, shard_size=150)
    again = build([generated], out, mode="fast", formats=ALL_FORMATS, out_of_core=True, shard_size=150)
    assert first.extracted == first.papers and again.extracted == 0

    updated = build([extra], out, mode="fast", formats=ALL_FORMATS, out_of_core=True, shard_size=150, update=True)
    assert _outputs(out) == in_memory
    # Only the new paper: the merged duplicate kept its extraction input, and every other shard its papers.
    assert updated.extracted == updated.papers - first.papers == 1
    manifest = json.loads((out / MANIFEST_JSON).read_text(encoding="utf-8"))
    assert manifest["sources"] == [str(generated), str(extra)]


def _papers_files(out: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime in ns) of each papers shard of the build in `out`."""
    return {path.name: (path.stat().st_ino, path.stat().st_mtime_ns)
            for path in sorted((out / SHARDS_FOLDER).glob("papers-*.parquet"))}


def test_an_update_reads_only_the_new_source_and_writes_only_the_shards_it_changes(
        corpus: list[Path], in_memory: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The update's ingest goes on from the store's (kg.shards.continued_ingest): the new file holds a
    duplicate of the first paper (merged into shard 0), a reject and a DOI conflict."""
    generated, extra = corpus
    out = tmp_path / "out"
    build([generated], out, mode="fast", formats=ALL_FORMATS, out_of_core=True, shard_size=150)
    before = _papers_files(out)
    reads = ReadCounter(monkeypatch)

    build([extra], out, mode="fast", formats=ALL_FORMATS, out_of_core=True, shard_size=150, update=True)
    assert [(sources, yielded) for sources, [yielded] in reads.calls] == [([str(extra)], 4)]
    assert _outputs(out) == in_memory  # graph files, summary.json and rejects.jsonl of a build of both
    after = _papers_files(out)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == ["papers-00000.parquet", "papers-00004.parquet"]  # the duplicate's and the last, grown
    assert len(after) == len(before) == 5


def test_an_update_after_an_earlier_file_changed_reads_everything_and_equals_a_fresh_build(
        corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generated, extra = corpus
    source = tmp_path / "papers.jsonl"
    source.write_bytes(generated.read_bytes())
    out = tmp_path / "out"
    build([source], out, mode="fast", out_of_core=True, shard_size=150)
    first = json.loads(source.read_text(encoding="utf-8").splitlines()[0])
    source.write_text(source.read_text(encoding="utf-8").replace(first["title"], first["title"][::-1], 1),
                      encoding="utf-8")
    reads = ReadCounter(monkeypatch)
    build([extra], out, mode="fast", out_of_core=True, shard_size=150, update=True)
    assert reads.sources() == {str(source), str(extra)}
    build([source, extra], tmp_path / "fresh", mode="fast", out_of_core=True, shard_size=150)
    assert _outputs(out) == _outputs(tmp_path / "fresh")


def _ingest_reopened(out: Path) -> bool:
    """Whether the update's ingest has begun to write shards (its ledger's ingest no longer complete)."""
    try:
        return not json.loads((out / SHARDS_FOLDER / LEDGER_JSON).read_text(encoding="utf-8"))["ingest"]["complete"]
    except (OSError, ValueError, KeyError):  # being replaced
        return False


def test_an_update_killed_in_its_ingest_is_rerun_to_a_fresh_builds_outputs(tmp_path: Path) -> None:
    """SIGKILL while the update's ingest writes its shards (many small ones, so that there is time to),
    then the same command again: the folder equals a fresh build of both sources."""
    lines = _generated(tmp_path / "all.jsonl", 2700, seed=4).read_text(encoding="utf-8").splitlines(keepends=True)
    base, day = tmp_path / "base.jsonl", tmp_path / "day.jsonl"
    base.write_text("".join(lines[:200]), encoding="utf-8")  # 20 full shards
    day.write_text("".join(lines[200:]), encoding="utf-8")  # new papers only (unique arXiv ids)
    options = ["--mode", "fast", "--no-html", "-j", "1", "--quiet", "--out-of-core", "--shard-size", "10"]
    kg = [sys.executable, "-m", "kg", "build"]
    out = tmp_path / "out"
    subprocess.run([*kg, str(base), "--out", str(out), *options], check=True, capture_output=True, cwd=REPO)
    update = [*kg, str(day), "--update", str(out), *options]
    killed_when(update, lambda: _ingest_reopened(out), "its ingest wrote shards", group=True)
    ledger = json.loads((out / SHARDS_FOLDER / LEDGER_JSON).read_text(encoding="utf-8"))
    # Killed in the continued ingest: the base's shards still listed (a full ingest starts from none).
    assert not ledger["ingest"]["complete"] and len(ledger["papers"]) >= 20
    assert all(file_sha256(out / SHARDS_FOLDER / entry["file"]) == entry["sha256"] for entry in ledger["papers"])

    subprocess.run(update, check=True, capture_output=True, cwd=REPO)
    subprocess.run([*kg, str(base), str(day), "--out", str(tmp_path / "fresh"), *options], check=True,
                   capture_output=True, cwd=REPO)
    assert _outputs(out) == _outputs(tmp_path / "fresh")


def test_a_rerun_reads_the_sources_again_only_when_a_byte_of_them_changed(corpus: list[Path], tmp_path: Path) -> None:
    """A build killed after its ingest (here: one run to the end) is run again: the store's complete
    ingest of the same bytes is kept, nothing is read; an edit that keeps the file's size is still seen."""
    source = tmp_path / "papers.jsonl"
    source.write_bytes(corpus[0].read_bytes())
    out = tmp_path / "out"

    def stages_of_build() -> list[str]:
        reports: list[str] = []
        build([source], out, mode="fast", out_of_core=True, shard_size=150,
              progress=lambda stage, done, total: reports.append(stage))
        return reports

    assert "shard papers" in stages_of_build()
    kept = _outputs(out)
    assert "shard papers" not in stages_of_build()  # the papers shards of the first run, unread sources
    assert _outputs(out) == kept

    text = source.read_text(encoding="utf-8")
    first = json.loads(text.splitlines()[0])
    edited = text.replace(first["title"], first["title"][::-1], 1)
    assert len(edited) == len(text) and edited != text
    source.write_text(edited, encoding="utf-8")
    assert "shard papers" in stages_of_build()
    build([source], tmp_path / "fresh", mode="fast", out_of_core=True, shard_size=150)
    assert _outputs(out) == _outputs(tmp_path / "fresh") != kept


def test_an_update_out_of_core_refuses_a_gone_source_and_the_in_memory_update_points_to_the_flag(
        corpus: list[Path], tmp_path: Path) -> None:
    generated, extra = corpus
    moved = tmp_path / "moved.jsonl"
    moved.write_bytes(extra.read_bytes())
    out = tmp_path / "out"
    build([moved], out, mode="fast", out_of_core=True, shard_size=150)
    before = _outputs(out)
    with pytest.raises(WorkspaceError, match="--out-of-core"):
        build([generated], out, mode="fast", update=True)
    moved.unlink()
    with pytest.raises(WorkspaceError, match="moved.jsonl: not found"):
        build([generated], out, mode="fast", update=True, out_of_core=True, shard_size=150)
    assert _outputs(out) == before


def test_an_in_memory_build_into_the_folder_deletes_the_shards(corpus: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(corpus[1:], out, mode="fast", out_of_core=True, shard_size=150)
    assert (out / SHARDS_FOLDER / LEDGER_JSON).is_file()
    build(corpus[1:], out, mode="fast")
    assert not (out / SHARDS_FOLDER).exists() and (out / PAPERS_JSONL).is_file()


def test_a_large_out_of_core_graph_gets_the_page_and_the_tables_only(
        corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The threshold is lowered so that a few papers make a "large" graph: the rule, not the size, is tested.
    monkeypatch.setattr(workspace, "LARGE_GRAPH_NODES", 4)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(corpus[1]), "--out", str(out), "--mode", "fast", "--out-of-core",
                                 "--shard-size", "2"])
    assert result.exit_code == 0, result.output
    written = {path.name for path in out.iterdir()} - {LOCK_FILE, SHARDS_FOLDER, MANIFEST_JSON}
    assert written == {"graph.html", "nodes.parquet", "edges.parquet", "summary.json", "rejects.jsonl"}
    assert "graph.json, graph.graphml and graph.gexf are left out above 4 nodes" in " ".join(result.output.split())


def test_a_shard_size_without_out_of_core_is_a_usage_error(corpus: list[Path], tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(corpus[1]), "--out", str(tmp_path / "out"), "--shard-size", "5"])
    assert result.exit_code == 2 and "--out-of-core" in result.output
    assert not (tmp_path / "out").exists()


def _ledger_extractions(out: Path) -> int:
    try:
        return len(json.loads((out / SHARDS_FOLDER / LEDGER_JSON).read_text(encoding="utf-8"))["extractions"])
    except (OSError, ValueError):  # not there yet, or being replaced
        return 0


def _graph_tables_started(out: Path) -> bool:
    """Whether the graph tables' child has begun its sorted runs (its work folder in the store)."""
    return (out / SHARDS_FOLDER / "graph-runs").is_dir()


@pytest.mark.parametrize("moment", ["after two extraction shards", "in the graph tables"])
def test_an_out_of_core_build_killed_at_any_stage_goes_on_from_there(tmp_path: Path, moment: str) -> None:
    source = _generated(tmp_path / "papers.jsonl", 1200, seed=3)
    command = [sys.executable, "-m", "kg", "build", str(source), "--mode", "fast", "--no-html", "-j", "1", "--quiet",
               "--out-of-core", "--shard-size", "200"]
    subprocess.run([*command, "--out", str(tmp_path / "whole")], check=True, capture_output=True, cwd=REPO)
    out = tmp_path / "out"
    reached = ((lambda: _ledger_extractions(out) >= 2) if moment == "after two extraction shards"
               else (lambda: _graph_tables_started(out)))
    killed_when([*command, "--out", str(out)], reached, f"it was {moment}", group=True)
    assert not (out / MANIFEST_JSON).exists()

    rerun = subprocess.run([*command, "--out", str(out)], check=True, capture_output=True, text=True, cwd=REPO)
    assert _outputs(out) == _outputs(tmp_path / "whole")
    extracted = int(rerun.stdout.split("extracted entities from ")[1].split()[0])
    assert extracted <= 1200 - 2 * 200  # the finished shards were not extracted again
    if moment == "in the graph tables":
        assert extracted == 0 and not _graph_tables_started(out)  # its work folder gone with the rerun's


def test_out_of_core_on_a_dask_local_cluster_equals_the_local_engine(
        corpus: list[Path], in_memory: dict[str, bytes], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build(corpus, out, mode="fast", formats=ALL_FORMATS, out_of_core=True, shard_size=300, engine="dask",
                   workers=2)
    assert _outputs(out) == in_memory
    assert result.extracted == result.papers


def test_sources_given_as_file_urls_build_the_same_graph(corpus: list[Path], tmp_path: Path) -> None:
    generated, extra = corpus
    plain = runner.invoke(app, ["build", str(generated), str(extra), "--out", str(tmp_path / "plain"), "--mode",
                                "fast", "--out-of-core", "--no-html"])
    urls = runner.invoke(app, ["build", generated.as_uri(), extra.as_uri(), "--out", str(tmp_path / "urls"), "--mode",
                               "fast", "--out-of-core", "--no-html"])
    assert plain.exit_code == 0 and urls.exit_code == 0, plain.output + urls.output
    assert (tmp_path / "urls" / "summary.json").read_bytes() == (tmp_path / "plain" / "summary.json").read_bytes()
    # The papers name where they were read: the URL as given, which is the plain path after "file://".
    graph = (tmp_path / "urls" / "graph.json").read_bytes()
    assert b"file://" in graph and graph.replace(b"file://", b"") == (tmp_path / "plain" / "graph.json").read_bytes()
    manifest = json.loads((tmp_path / "urls" / MANIFEST_JSON).read_text(encoding="utf-8"))
    assert manifest["sources"] == [generated.as_uri(), extra.as_uri()]


CHILD_SCRIPT = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
import sleeper
from kg.shards.child import in_child
in_child(sleeper.sleep_after_writing_pid, sys.argv[2])
"""
SLEEPER = """
import os, time
def sleep_after_writing_pid(path):
    with open(path, "w") as handle:
        handle.write(str(os.getpid()))
    time.sleep(120)
"""


def test_a_step_in_a_child_process_dies_with_the_build(tmp_path: Path) -> None:
    (tmp_path / "sleeper.py").write_text(SLEEPER, encoding="utf-8")
    pid_file = tmp_path / "child.pid"
    build_process = subprocess.Popen([sys.executable, "-c", CHILD_SCRIPT, str(tmp_path), str(pid_file)])
    try:
        deadline = time.monotonic() + 60
        while not pid_file.exists() or not pid_file.read_text():
            assert build_process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        child = int(pid_file.read_text())
        os.kill(build_process.pid, signal.SIGKILL)
    finally:
        build_process.wait()
    deadline = time.monotonic() + 10
    while Path(f"/proc/{child}").exists() and "zombie" not in _state(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{child}").exists() or "zombie" in _state(child)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].splitlines()[0]
    except (OSError, IndexError):
        return "zombie"  # gone while read
