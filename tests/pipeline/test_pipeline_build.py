"""`kg build` end to end on real files: outputs, counts, determinism, updates and bad input."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.graph.readwrite import read_gexf, read_graphml, read_json

runner = CliRunner()


def _summary(out_dir: Path) -> dict:
    return json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))


def test_seed_build_counts_add_up(seed_build: Path) -> None:
    summary = _summary(seed_build)
    assert summary["entries_read"] == 468
    assert summary["papers"] == 426
    assert summary["duplicates_merged"] == 42
    assert summary["rejected"] == 0
    assert summary["entries_read"] == summary["papers"] + summary["duplicates_merged"] + summary["rejected"]
    assert summary["nodes"]["Paper"] == 426


def test_seed_graph_has_every_output(seed_build: Path) -> None:
    names = ("graph.json", "graph.graphml", "graph.gexf", "graph.html", "summary.json", "papers.jsonl", "extractions.jsonl")
    for name in names:
        assert (seed_build / name).stat().st_size > 0, name
    assert not (seed_build / "rejects.jsonl").exists()
    manifest = json.loads((seed_build / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["state"] == "complete" and manifest["mode"] == "default"
    assert set(manifest["fingerprints"]) == {"gazetteer", "ner"}
    assert set(manifest["files"]) == set(names)
    graph_json = (seed_build / "graph.json").read_bytes()
    assert manifest["files"]["graph.json"] == {"sha256": hashlib.sha256(graph_json).hexdigest(), "size": len(graph_json)}
    assert not [path.name for path in seed_build.iterdir() if path.name.endswith(".partial")]


def test_seed_graph_nodes_follow_the_model(seed_graph_json: Path) -> None:
    graph = read_json(seed_graph_json)
    papers = [d for _, d in graph.nodes(data=True) if d["type"] == "Paper"]
    assert all(d["title"] and d["abstract"] and d["sources"] for d in papers)
    assert all(isinstance(d["pages"], list) for d in papers)
    entities = [d for _, d in graph.nodes(data=True) if d["type"] in {"Method", "Dataset", "Task", "Metric", "Concept"}]
    assert entities and all(d["aliases"] for d in entities)
    for source, target, data in graph.edges(data=True):
        assert data["type"]
        for item in data.get("evidence", []):
            assert item["sentence"][item["start"] : item["end"]] == item["text"], (source, target)


def test_seed_repositories_and_pages(seed_graph_json: Path) -> None:
    graph = read_json(seed_graph_json)
    repos = {d["url"] for _, d in graph.nodes(data=True) if d["type"] == "Repository"}
    assert "https://github.com/AngusDujw/Diversity-Driven-Synthesis" in repos
    assert "https://github.com/xuke225/EQ-Net" in repos
    assert "https://gitee.com/mindspore/models" in repos
    pages = {page for _, d in graph.nodes(data=True) if d["type"] == "Paper" for page in d["pages"]}
    assert "https://serre-lab.github.io/Lens" in pages
    for url in repos:
        assert url.count("/") == 4 and not url.endswith((".git", ".", ")")), url
    # Every repository hangs off at least one paper; all but anonymized ones have an owner.
    for node, data in graph.nodes(data=True):
        if data["type"] == "Repository":
            assert any(graph.edges[p, node]["type"] == "HAS_CODE" for p in graph.predecessors(node))
            owners = [graph.nodes[o]["type"] for o in graph.successors(node)]
            assert owners == ([] if data["host"] == "anonymous.4open.science" else ["CodeOwner"]), node


def test_two_builds_are_byte_identical(seeds_dir: Path, seed_build: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    from kg.builder import build

    build([seeds_dir], again)
    for name in ("graph.json", "graph.graphml", "graph.gexf", "summary.json", "papers.jsonl", "extractions.jsonl"):
        assert (again / name).read_bytes() == (seed_build / name).read_bytes(), name


def test_graph_files_load_back_the_same_graph(seed_build: Path) -> None:
    graph = read_json(seed_build / "graph.json")
    for other in (read_graphml(seed_build / "graph.graphml"), read_gexf(seed_build / "graph.gexf")):
        assert nx.utils.nodes_equal(graph.nodes(data=True), other.nodes(data=True))
        assert nx.utils.edges_equal(graph.edges(data=True), other.edges(data=True))


def test_update_with_the_same_source_changes_nothing(seed_build: Path, seeds_dir: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "copy"
    shutil.copytree(seed_build, out_dir)
    result = runner.invoke(app, ["build", "--quiet", "--update", str(out_dir), str(seeds_dir)])
    assert result.exit_code == 0, result.output
    for name in ("graph.json", "papers.jsonl", "extractions.jsonl"):
        assert (out_dir / name).read_bytes() == (seed_build / name).read_bytes(), name


def test_update_adds_new_papers_only(seeds_dir: Path, tmp_path: Path) -> None:
    files = sorted(seeds_dir.iterdir())
    first, rest = files[:2], files[2:]
    out_dir = tmp_path / "grown"
    assert runner.invoke(app, ["build", "--quiet", "--mode", "fast", "--out", str(out_dir), *map(str, first)]).exit_code == 0
    before = _summary(out_dir)
    result = runner.invoke(app, ["build", "--quiet", "--mode", "fast", "--update", str(out_dir), *map(str, rest)])
    assert result.exit_code == 0, result.output
    after = _summary(out_dir)
    assert after["papers"] > before["papers"]
    assert after["entries_read"] == after["papers"] + after["duplicates_merged"] + after["rejected"]

    full = tmp_path / "full"
    assert runner.invoke(app, ["build", "--quiet", "--mode", "fast", "--out", str(full), str(seeds_dir)]).exit_code == 0
    assert _summary(full)["papers"] == after["papers"]
    assert (full / "graph.json").read_bytes() == (out_dir / "graph.json").read_bytes()


def test_bad_input_is_reported_and_the_rest_is_read(tmp_path: Path, seeds_dir: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(
        json.dumps({"title": "A Study of Sparse Attention", "abstract": "We study sparse attention on GLUE."}) + "\n"
        + '{"title": "Truncated", "abstract": "cut off he\n'
        + json.dumps({"title": "No Abstract Here", "abstract": ""}) + "\n",
        encoding="utf-8",
    )
    out_dir = tmp_path / "out"
    result = runner.invoke(app, ["build", "--quiet", "--mode", "fast", "--out", str(out_dir), str(good), str(tmp_path / "missing.txt")])
    assert result.exit_code == 0, result.output
    summary = _summary(out_dir)
    assert summary["papers"] == 1
    assert summary["rejected"] == 2
    assert summary["entries_read"] == summary["papers"] + summary["duplicates_merged"] + summary["rejected"]
    rejects = [json.loads(line) for line in (out_dir / "rejects.jsonl").read_text().splitlines()]
    assert {(Path(r["source"]).name, r["line"]) for r in rejects} >= {("good.jsonl", 2), ("good.jsonl", 3), ("missing.txt", None)}


def test_nothing_usable_exits_non_zero(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["build", "--quiet", "--mode", "fast", "--out", str(tmp_path / "out"), str(empty)])
    assert result.exit_code != 0


def test_strict_stops_at_the_first_reject(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "Only a title"}\n' + json.dumps({"title": "T", "abstract": "A real abstract."}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["build", "--quiet", "--strict", "--mode", "fast", "--out", str(tmp_path / "out"), str(bad)])
    assert result.exit_code == 1
    assert "bad.jsonl:1" in result.output


@pytest.mark.parametrize("command", [["--help"], ["build", "--help"]])
def test_help_explains_with_an_example(command: list[str]) -> None:
    result = runner.invoke(app, command)
    assert result.exit_code == 0
    assert "build" in result.output


def test_update_extracts_only_the_new_papers(seeds_dir: Path, tmp_path: Path) -> None:
    files = sorted(seeds_dir.iterdir())
    out_dir = tmp_path / "out"
    runner.invoke(app, ["build", "--quiet", "--mode", "fast", "--out", str(out_dir), str(files[0])])
    first = _summary(out_dir)["papers"]
    result = runner.invoke(app, ["build", "--quiet", "--mode", "fast", "--update", str(out_dir), str(files[0]), str(files[1])])
    assert result.exit_code == 0, result.output
    new_papers = _summary(out_dir)["papers"] - first
    assert new_papers > 0
    said = " ".join(result.output.split())  # rich wraps long lines
    assert f"extracted entities from {new_papers} papers" in said
    assert f"{first} already in the graph" in said


def _mentions(out_dir: Path) -> set[tuple[str, str, str, str, int]]:
    rows = [json.loads(line) for line in (out_dir / "extractions.jsonl").read_text(encoding="utf-8").splitlines()]
    return {
        (row["paper_id"], m["text"], m["label"], m["evidence"]["sentence"], m["evidence"]["start"])
        for row in rows
        for m in row["mentions"]
    }


def test_update_in_fast_mode_over_a_default_build_extracts_every_paper_again(
    seed_build: Path, seeds_dir: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "to-fast"
    shutil.copytree(seed_build, out_dir)
    result = runner.invoke(app, ["build", "--quiet", "--mode", "fast", "--update", str(out_dir), str(seeds_dir)])
    assert result.exit_code == 0, result.output

    fresh = tmp_path / "fresh-fast"
    assert runner.invoke(app, ["build", "--quiet", "--mode", "fast", "--out", str(fresh), str(seeds_dir)]).exit_code == 0
    ner_only = _mentions(seed_build) - _mentions(fresh)
    assert ner_only, "the default build should have mentions only the NER finds"
    assert not ner_only & _mentions(out_dir)
    for name in ("graph.json", "extractions.jsonl", "summary.json"):
        assert (out_dir / name).read_bytes() == (fresh / name).read_bytes(), name
    said = " ".join(result.output.split())
    assert "extracted entities from 426 papers (all of them again: mode default -> fast)" in said


def test_a_folder_of_kg_files_without_a_manifest_is_refused_and_says_what_to_do(
    seeds_dir: Path, tmp_path: Path
) -> None:
    first = sorted(seeds_dir.iterdir())[0]
    out_dir = tmp_path / "interrupted"
    assert runner.invoke(app, ["build", "--quiet", "--mode", "fast", "--out", str(out_dir), str(first)]).exit_code == 0
    # What an older kg, or one stopped during export before manifests, left: kg's file names and no manifest.
    for name in ("summary.json", "manifest.json", "graph.html", ".kg.lock"):
        (out_dir / name).unlink(missing_ok=True)
    before = {path.name: path.read_bytes() for path in out_dir.iterdir()}

    for command in (["--update", str(out_dir)], ["--out", str(out_dir)]):  # kg cannot tell them from the user's
        result = runner.invoke(app, ["build", "--quiet", "--mode", "fast", *command, str(first)])
        assert result.exit_code == 1
        assert isinstance(result.exception, SystemExit), result.exception  # a message, not a traceback
        said = " ".join(result.output.split())
        assert str(out_dir) in said and "did not finish" in said and "give --out an empty or new folder" in said
        assert {p.name: p.read_bytes() for p in out_dir.iterdir() if p.name != ".kg.lock"} == before


def test_gexf_opens_in_gephi_coloured_sized_and_laid_out(seed_build: Path) -> None:
    seen = nx.read_gexf(seed_build / "graph.gexf")  # networkx reads the viz module as Gephi does
    viz = {node: data.get("viz", {}) for node, data in seen.nodes(data=True)}
    assert all({"color", "size", "position"} <= set(v) for v in viz.values())
    colour_of_type: dict[str, set] = {}
    for node, v in viz.items():
        colour_of_type.setdefault(seen.nodes[node]["type"], set()).add(tuple(v["color"].values()))
    assert all(len(colours) == 1 for colours in colour_of_type.values())  # one colour a type
    assert len({c for colours in colour_of_type.values() for c in colours}) == len(colour_of_type)
    assert len({(v["position"]["x"], v["position"]["y"]) for v in viz.values()}) > len(viz) // 2


def test_the_closing_line_names_every_output_written(seeds_dir: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "named"
    result = runner.invoke(app, ["build", "--quiet", "--mode", "fast", "--out", str(out_dir),
                                 str(sorted(seeds_dir.iterdir())[0])])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    listed = said.split(f"outputs in {out_dir}/: ", 1)[1].split(", ")
    stage_files = {"papers.jsonl", "extractions.jsonl"}  # named in the README, not in the closing line
    written = {path.name for path in out_dir.iterdir() if not path.name.startswith(".")} - stage_files
    assert set(listed) == written


def test_conflicting_dois_of_one_paper_are_recorded_in_the_summary_and_on_the_paper_node(tmp_path: Path) -> None:
    listing = tmp_path / "listing.jsonl"
    rows = [{"title": "Low-Rank Adapters for Vision", "abstract": "We adapt ViT with LoRA on ImageNet.",
             "arxiv_id": "2106.09685", "doi": doi} for doi in ("10.1/first", "10.2/second")]
    listing.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    out_dir = tmp_path / "out"
    result = runner.invoke(app, ["build", "--quiet", "--mode", "fast", "--formats", "json,parquet", "--out", str(out_dir),
                                 str(listing)])
    assert result.exit_code == 0, result.output
    summary = _summary(out_dir)
    assert summary["papers"] == 1
    assert summary["doi_conflicts"] == [{"paper": "paper:arxiv:2106.09685", "dois": ["10.1/first", "10.2/second"]}]
    [paper] = [json.loads(line) for line in (out_dir / "papers.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (paper["doi"], paper["other_dois"]) == ("10.1/first", ["10.2/second"])
    graph = json.loads((out_dir / "graph.json").read_text(encoding="utf-8"))
    [node] = [node for node in graph["nodes"] if node["id"] == "paper:arxiv:2106.09685"]
    assert (node["doi"], node["other_dois"]) == ("10.1/first", ["10.2/second"])  # on the Paper node too
    table = pq.read_table(out_dir / "nodes.parquet", columns=["id", "other_dois"]).to_pylist()
    assert {"id": "paper:arxiv:2106.09685", "other_dois": ["10.2/second"]} in table
