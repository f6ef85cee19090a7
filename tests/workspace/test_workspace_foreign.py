"""kg never replaces or deletes a file it did not write: a folder without kg's manifest, or with a file at
one of kg's names that the manifest does not list (or that changed since), is refused with one line and
left byte for byte; and reading sources never takes kg's own outputs back in as input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.folder_lock import LOCK_FILE

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _every_file(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` but kg's lock, whose holder facts each build rewrites."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name != LOCK_FILE}


def _build(*arguments: str) -> tuple[int, str]:
    result = runner.invoke(app, ["build", "--quiet", "--mode", "fast", *arguments])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception  # no traceback
    return result.exit_code, " ".join(result.output.split())


def _summary(folder: Path) -> dict:
    return json.loads((folder / "summary.json").read_text(encoding="utf-8"))


def test_building_a_folder_of_user_files_into_itself_is_refused_and_touches_nothing(tmp_path: Path) -> None:
    project = tmp_path / "examples"
    shutil.copytree(EXAMPLES, project)  # papers.jsonl here is the user's input, as in examples/
    before = _every_file(project)

    code, said = _build("--out", str(project), str(project))
    assert code == 1
    assert f"{project}: holds files kg did not write (README.md, papers.jsonl, papers_more.csv)" in said
    assert "give --out an empty or new folder" in said
    assert _every_file(project) == before
    assert not (project / LOCK_FILE).exists()  # not even kg's lock is left in a folder kg refused


def test_a_file_of_the_user_at_a_kg_name_the_manifest_does_not_list_is_refused(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    assert _build("--no-html", "--out", str(out_dir), str(EXAMPLES))[0] == 0
    (out_dir / "graph.html").write_text("<p>my own page</p>", encoding="utf-8")  # kg wrote no graph.html here
    before = _every_file(out_dir)

    code, said = _build("--out", str(out_dir), str(EXAMPLES))
    assert code == 1
    assert "graph.html is not listed in manifest.json, so kg did not write it" in said
    assert _every_file(out_dir) == before


@pytest.mark.parametrize("name", ["graph.gexf", "rejects.jsonl"])
def test_a_kg_file_changed_since_kg_wrote_it_is_neither_replaced_nor_deleted(name: str, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"title": "Only a title"}\n', encoding="utf-8")  # one reject: rejects.jsonl is written
    assert _build("--out", str(out_dir), str(EXAMPLES), str(broken))[0] == 0
    with (out_dir / name).open("a", encoding="utf-8") as handle:
        handle.write("\n")  # e.g. graph.gexf saved again from Gephi with a layout of the user's
    before = _every_file(out_dir)

    # rejects.jsonl would be deleted (this build rejects nothing), graph.gexf replaced
    code, said = _build("--out", str(out_dir), str(EXAMPLES))
    assert code == 1
    assert f"{name} changed since kg wrote it; move it away to keep it" in said
    assert _every_file(out_dir) == before


def test_a_manifest_kg_did_not_write_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "manifest.json").write_text('{"name": "my web app", "icons": []}', encoding="utf-8")
    before = _every_file(site)
    code, said = _build("--out", str(site), str(EXAMPLES))
    assert code == 1
    assert "manifest.json is unreadable" in said and "not one kg wrote" in said
    assert _every_file(site) == before


def test_sources_never_read_kg_outputs_back(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLES, project / "data")
    out_dir = project / "out"  # inside the folder given as source
    assert _build("--out", str(out_dir), str(project))[0] == 0
    first = _summary(out_dir)
    assert _build("--out", str(out_dir), str(project))[0] == 0  # reads data/, not out/papers.jsonl, graph.json ...
    assert _summary(out_dir) == first
    assert first["rejected"] == 0 and first["files_rejected"] == 0

    # The output folder as its own source: only the user's file put there is read.
    shutil.copy(EXAMPLES / "papers_more.csv", out_dir / "mine.csv")
    alone = tmp_path / "alone"
    assert _build("--out", str(alone), str(out_dir / "mine.csv"))[0] == 0
    assert _build("--out", str(out_dir), str(out_dir))[0] == 0
    assert _summary(out_dir) == _summary(alone)
    assert (out_dir / "mine.csv").read_bytes() == (EXAMPLES / "papers_more.csv").read_bytes()
