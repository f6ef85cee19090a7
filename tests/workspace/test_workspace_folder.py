"""The output folder's owner: files land only at commit, the manifest says what kg wrote, and `--update`
refuses folders an unfinished build left behind."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.builder import build
from kg.checkpoint import CHECKPOINT_FILE
from kg.cli import app
from kg.folder_lock import LOCK_FILE
from kg.manifest import MadeWith
from kg.workspace import Workspace, WorkspaceError

runner = CliRunner()
MADE_WITH = MadeWith("0.0.0", "fast", {"gazetteer": "0" * 64})


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _contents(folder: Path) -> dict[str, bytes]:
    """Every file but the lock, whose holder facts change with each build."""
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file() and path.name != LOCK_FILE}


@pytest.fixture
def first_seed_file(seeds_dir: Path) -> Path:
    return sorted(seeds_dir.iterdir())[0]


@pytest.fixture
def second_seed_file(seeds_dir: Path) -> Path:
    return sorted(seeds_dir.iterdir())[1]


def test_files_appear_only_at_commit_and_the_manifest_lists_them(tmp_path: Path) -> None:
    with Workspace(tmp_path / "out") as folder:
        folder.write_summary({"papers": 1})
        assert not (tmp_path / "out" / "summary.json").exists()
        folder.commit(MADE_WITH, sources=["a.jsonl"])
    written = (tmp_path / "out" / "summary.json").read_bytes()
    manifest = _manifest(tmp_path / "out")
    assert manifest["state"] == "complete"
    assert manifest["files"] == {"summary.json": {"sha256": hashlib.sha256(written).hexdigest(), "size": len(written)}}
    assert manifest["mode"] == "fast" and manifest["fingerprints"] == MADE_WITH.fingerprints
    assert manifest["sources"] == ["a.jsonl"]
    assert sorted(_contents(tmp_path / "out")) == ["manifest.json", "summary.json"]


def test_leaving_without_a_commit_keeps_the_last_files(tmp_path: Path) -> None:
    with Workspace(tmp_path) as folder:
        folder.write_summary({"papers": 1})
        folder.commit(MADE_WITH, sources=[])
    before = _contents(tmp_path)
    with pytest.raises(RuntimeError), Workspace(tmp_path) as folder:
        folder.write_summary({"papers": 2})
        raise RuntimeError("the build failed")
    assert _contents(tmp_path) == before


def test_a_commit_deletes_only_kg_files_whatever_the_manifest_lists(tmp_path: Path) -> None:
    with Workspace(tmp_path) as folder:
        folder.write_summary({"papers": 1})
        folder.commit(MADE_WITH, sources=[])
    manifest = _manifest(tmp_path)
    manifest["files"]["notes.txt"] = {"sha256": "0" * 64, "size": 4}  # a manifest edited by hand
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with Workspace(tmp_path) as folder:
        folder.write_summary({"papers": 2})
        folder.commit(MADE_WITH, sources=[])
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert set(_manifest(tmp_path)["files"]) == {"summary.json"}


def test_an_unreadable_manifest_is_an_error_naming_the_folder(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(WorkspaceError, match="manifest.json is unreadable"):
        Workspace(tmp_path).read_previous()


def test_a_build_failing_while_it_writes_leaves_the_last_build_as_it_was(
    first_seed_file: Path, second_seed_file: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    build([first_seed_file], out_dir, mode="fast")
    (out_dir / ".graph.gexf.partial").mkdir()  # a real write failure: the name is taken by a folder
    before = _contents(out_dir)
    with pytest.raises(IsADirectoryError):
        build([second_seed_file], out_dir, mode="fast", update=True)
    after = _contents(out_dir)
    assert after.pop(CHECKPOINT_FILE)  # what it extracted stays for the rerun to resume from, not as an output
    assert after == before  # no output replaced, every partial file written so far gone
    assert _manifest(out_dir)["state"] == "complete"

    (out_dir / ".graph.gexf.partial").rmdir()
    rerun = build([second_seed_file], out_dir, mode="fast", update=True)  # the checkpoint does not make it refuse
    assert rerun.resumed > 0 and rerun.extracted == 0
    assert not (out_dir / CHECKPOINT_FILE).exists()


def test_a_manifest_in_no_known_state_is_never_trusted(first_seed_file: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    build([first_seed_file], out_dir, mode="fast")
    manifest = _manifest(out_dir)
    manifest["state"] = "building"  # what kg before the committing state left when stopped while committing
    (out_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    before = _contents(out_dir)
    for command in (["--update", str(out_dir)], ["--out", str(out_dir)]):
        result = runner.invoke(app, ["build", "--quiet", "--mode", "fast", *command, str(first_seed_file)])
        assert result.exit_code == 1
        said = " ".join(result.output.split())
        assert str(out_dir) in said and "did not finish" in said and "'building'" in said
        assert _contents(out_dir) == before


def test_kg_removes_its_own_stale_files_and_nothing_else(first_seed_file: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    build([first_seed_file], out_dir, mode="fast")
    (out_dir / "notes.txt").write_text("mine", encoding="utf-8")
    build([first_seed_file], out_dir, mode="fast", html=False)
    assert not (out_dir / "graph.html").exists()  # it showed the previous graph
    assert (out_dir / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert "graph.html" not in _manifest(out_dir)["files"] and "notes.txt" not in _manifest(out_dir)["files"]


def test_update_over_extractions_made_with_another_gazetteer_extracts_every_paper_again(
    first_seed_file: Path, second_seed_file: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    first = build([first_seed_file], out_dir, mode="fast")
    manifest = _manifest(out_dir)
    manifest["fingerprints"]["gazetteer"] = "0" * 64  # as if built before the gazetteer changed
    (out_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    second = second_seed_file

    result = runner.invoke(app, ["build", "--quiet", "--mode", "fast", "--update", str(out_dir), str(second)])
    assert result.exit_code == 0, result.output
    papers = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))["papers"]
    assert papers > first.papers
    said = " ".join(result.output.split())
    assert f"extracted entities from {papers} papers (all of them again: gazetteer data changed)" in said
    after = _manifest(out_dir)
    assert after["fingerprints"]["gazetteer"] != "0" * 64
    assert after["sources"] == [str(first_seed_file), str(second)]
