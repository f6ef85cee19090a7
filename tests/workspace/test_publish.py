"""`kg publish`: a finished output folder copied to an fsspec URL keeps the folder's promises there: the same
bytes, only what changed is sent again, kg's stale files are deleted and nobody else's are touched, a
destination kg did not publish to is refused untouched, and a publish stopped half way is finished by the
next one. fsspec's real filesystems: `memory://` in this process, and a `file://` URL through the command."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import fsspec
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.folder_lock import LOCK_FILE, FolderLock
from kg.manifest import COMMITTING, Manifest
from kg.publish import PublishError, publish
from kg.workspace import MANIFEST_JSON, PARTIAL

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _build(out_dir: Path, *arguments: str) -> None:
    result = runner.invoke(app, ["build", "--quiet", "--mode", "fast", "--out", str(out_dir), *arguments,
                                 str(EXAMPLES / "papers.jsonl")])
    assert result.exit_code == 0, result.output


def _local_files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file() and path.name != LOCK_FILE}


def _remote_files(url: str) -> dict[str, bytes]:
    fs, root = fsspec.url_to_fs(url)
    return {path.rsplit("/", 1)[1]: fs.cat_file(path) for path in fs.find(root)}


@pytest.fixture
def url() -> str:
    """A fresh place on fsspec's in-memory filesystem (one per test: the filesystem is process-wide)."""
    return f"memory://kg-publish-{uuid.uuid4().hex}/field"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out_dir = tmp_path_factory.mktemp("publish") / "out"
    _build(out_dir)
    return out_dir


def test_a_published_folder_holds_the_same_bytes_and_a_second_publish_sends_nothing(built: Path, url: str) -> None:
    first = publish(built, url)
    assert _remote_files(url) == _local_files(built)  # manifest.json too, byte for byte
    assert sorted(first.uploaded) == sorted(set(_local_files(built)) - {MANIFEST_JSON})
    assert first.bytes_uploaded == sum(len(data) for name, data in _local_files(built).items() if name != MANIFEST_JSON)

    again = publish(built, url)
    assert again.uploaded == [] and again.bytes_uploaded == 0
    assert sorted(again.unchanged) == sorted(first.uploaded)
    assert _remote_files(url) == _local_files(built)


def test_a_rebuild_sends_only_changed_files_deletes_kg_stale_ones_and_keeps_the_users(tmp_path: Path, url: str) -> None:
    out_dir = tmp_path / "out"
    _build(out_dir, "--formats", "json,graphml,html")
    publish(out_dir, url)
    fs, root = fsspec.url_to_fs(url)
    fs.pipe_file(f"{root}/NOTES.md", b"the user's own notes")
    summary_before = fs.cat_file(f"{root}/summary.json")

    _build(out_dir, "--formats", "json,html")  # the same papers, without GraphML
    report = publish(out_dir, url)
    assert report.deleted == ["graph.graphml"]
    assert "summary.json" in report.unchanged and fs.cat_file(f"{root}/summary.json") == summary_before
    assert not fs.exists(f"{root}/graph.graphml")
    assert fs.cat_file(f"{root}/NOTES.md") == b"the user's own notes"
    assert {name: data for name, data in _remote_files(url).items() if name != "NOTES.md"} == _local_files(out_dir)


def test_a_destination_kg_did_not_publish_to_is_refused_and_left_as_it_was(built: Path, url: str) -> None:
    fs, root = fsspec.url_to_fs(url)
    fs.pipe_file(f"{root}/graph.json", b"someone else's graph")
    with pytest.raises(PublishError, match=r"holds files kg did not publish \(graph.json\) and no kg manifest.json"):
        publish(built, url)
    assert _remote_files(url) == {"graph.json": b"someone else's graph"}


def test_a_file_at_a_kg_name_the_destination_manifest_does_not_list_or_that_changed_is_refused(
        tmp_path: Path, url: str) -> None:
    out_dir = tmp_path / "out"
    _build(out_dir, "--no-html")
    publish(out_dir, url)
    fs, root = fsspec.url_to_fs(url)
    fs.pipe_file(f"{root}/graph.html", b"<p>my own page</p>")
    before = _remote_files(url)
    with pytest.raises(PublishError, match="graph.html is not listed in its manifest.json"):
        publish(out_dir, url)
    assert _remote_files(url) == before

    fs.rm_file(f"{root}/graph.html")
    fs.pipe_file(f"{root}/summary.json", b"{}")
    with pytest.raises(PublishError, match="summary.json changed since kg published it"):
        publish(out_dir, url)


def test_only_a_finished_folder_not_being_built_is_published(tmp_path: Path, built: Path, url: str) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(PublishError, match="no manifest.json here"):
        publish(tmp_path / "empty", url)
    with FolderLock(built):  # a build holds the folder
        with pytest.raises(PublishError, match="in use by another kg build"):
            publish(built, url)
    changed = tmp_path / "changed"
    _build(changed)
    (changed / "graph.json").write_text("{}", encoding="utf-8")
    with pytest.raises(PublishError, match="graph.json changed since kg wrote it"):
        publish(changed, url)
    fs, root = fsspec.url_to_fs(url)
    assert not fs.exists(root)  # nothing was sent anywhere


def test_a_publish_stopped_after_its_committing_manifest_is_finished_by_the_next(tmp_path: Path, url: str) -> None:
    out_dir = tmp_path / "out"
    _build(out_dir, "--formats", "json,graphml")
    publish(out_dir, url)
    _build(out_dir, "--formats", "json,html")
    manifest = Manifest.from_dict(json.loads((out_dir / MANIFEST_JSON).read_text(encoding="utf-8")))
    # What the destination holds when a publish is killed after its uploads and the committing manifest,
    # before any file was moved into place: one partial cut short, the old files, a manifest saying so.
    fs, root = fsspec.url_to_fs(url)
    fs.pipe_file(f"{root}/{PARTIAL.format(name='graph.html')}", (out_dir / "graph.html").read_bytes()[:100])
    committing = Manifest(COMMITTING, manifest.made_with, manifest.sources, manifest.files, ["graph.graphml"])
    fs.pipe_file(f"{root}/{MANIFEST_JSON}", json.dumps(committing.as_dict()).encode())

    report = publish(out_dir, url)
    assert report.unchanged == []  # a committing destination is trusted for nothing: every file is sent
    assert report.deleted == ["graph.graphml"]
    assert _remote_files(url) == _local_files(out_dir)


def test_kg_publish_copies_a_folder_to_a_file_url_and_says_what_it_sent(built: Path, tmp_path: Path) -> None:
    destination = tmp_path / "shared" / "field"
    done = subprocess.run([sys.executable, "-m", "kg", "publish", str(built), destination.as_uri()],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert f"published {built} to {destination.as_uri()}: {len(_local_files(built)) - 1} files sent" in done.stderr
    assert _local_files(destination) == _local_files(built)

    refused = subprocess.run([sys.executable, "-m", "kg", "publish", str(built), str(tmp_path)],
                             capture_output=True, text=True, check=False)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"error: {tmp_path}: holds files kg did not publish (shared)")


@pytest.mark.parametrize("option", ["--out", "--update"])
def test_kg_build_into_a_url_is_refused_with_the_way_to_get_there_and_makes_no_local_folder(
        option: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build", "--quiet", option, "s3://bucket/field", str(EXAMPLES / "papers.jsonl")])
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert f"Invalid value for {option}: s3://bucket/field is a URL; kg builds into a local folder" in said
    assert "`kg publish FOLDER URL` copies it there" in said
    assert list(tmp_path.iterdir()) == []  # no local "s3:" folder made of the URL


def test_a_destination_that_fails_half_way_is_one_error_and_the_rerun_finishes(built: Path, tmp_path: Path) -> None:
    destination = tmp_path / "shared"
    destination.mkdir()
    blocker = destination / PARTIAL.format(name="graph.json")
    blocker.mkdir()  # a folder where the upload of graph.json must write: the store refuses that write
    with pytest.raises(PublishError, match=r"the publish stopped \(.*\); run it again to finish it"):
        publish(built, destination.as_uri())
    assert not (destination / MANIFEST_JSON).exists()  # nothing was put in place
    blocker.rmdir()
    publish(built, destination.as_uri())
    assert _local_files(destination) == _local_files(built)
