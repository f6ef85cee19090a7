"""`--update` equals a fresh build of the same sources, edits included (entries are matched by what they
hold, not by path:line); a build that reads nothing usable replaces nothing; an update never drops the
papers of a source that went missing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app
from kg.folder_lock import LOCK_FILE

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _build(*arguments: str) -> tuple[int, str]:
    result = runner.invoke(app, ["build", "--quiet", "--mode", "fast", "--no-html", *arguments])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception  # no traceback
    return result.exit_code, " ".join(result.output.split())


def _outputs(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.name != LOCK_FILE}


def _summary(folder: Path) -> dict:
    return json.loads((folder / "summary.json").read_text(encoding="utf-8"))


def _sources(tmp_path: Path) -> tuple[Path, Path]:
    listing = tmp_path / "listing.jsonl"
    shutil.copy(EXAMPLES / "papers.jsonl", listing)
    more = tmp_path / "more.csv"
    shutil.copy(EXAMPLES / "papers_more.csv", more)
    return listing, more


def test_an_update_after_edits_equals_a_fresh_build_of_the_same_sources(tmp_path: Path) -> None:
    listing, more = _sources(tmp_path)
    lines = listing.read_text(encoding="utf-8").splitlines()
    good_first = lines[0]
    lines[0] = '{"title": "A record cut off'  # a broken first line: one reject
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    updated = tmp_path / "updated"
    assert _build("--out", str(updated), str(listing))[0] == 0
    assert _summary(updated)["rejected"] == 1

    # The user fixes line 1 and corrects the abstract of line 2 in place, then updates with a second file.
    lines[0] = good_first
    second = json.loads(lines[1])
    second["abstract"] = "We distil ResNet-50 into a MobileNet student on CIFAR-100 with AlignKD, a new loss."
    lines[1] = json.dumps(second)
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, said = _build("--update", str(updated), str(more))
    assert code == 0, said

    fresh = tmp_path / "fresh"
    assert _build("--out", str(fresh), str(listing), str(more))[0] == 0
    assert _outputs(updated) == _outputs(fresh)  # the edit is in, the stale reject gone, counts the same
    assert not (updated / "rejects.jsonl").exists()
    papers = [json.loads(line) for line in (updated / "papers.jsonl").read_text(encoding="utf-8").splitlines()]
    assert second["abstract"] in {paper["abstract"] for paper in papers}


def test_an_update_with_nothing_new_leaves_every_output_as_it_was(tmp_path: Path) -> None:
    listing, _ = _sources(tmp_path)
    out_dir = tmp_path / "out"
    assert _build("--out", str(out_dir), str(listing))[0] == 0
    before = _outputs(out_dir)
    code, said = _build("--update", str(out_dir), str(listing))
    assert code == 0 and "extracted entities from 0 papers" in said
    assert _outputs(out_dir) == before
    summary = _summary(out_dir)
    assert summary["duplicates_merged"] >= 0 and summary["entries_read"] == len(listing.read_text(encoding="utf-8").splitlines())


def test_a_build_that_reads_nothing_usable_replaces_nothing(tmp_path: Path) -> None:
    good = tmp_path / "good"
    assert _build("--out", str(good), str(EXAMPLES))[0] == 0
    before = _outputs(good)
    code, said = _build("--out", str(good), str(tmp_path / "typo.txt"))
    assert code == 1
    assert "nothing usable was read" in said and f"{good} was left as it was" in said
    assert _outputs(good) == before


def test_an_update_whose_earlier_source_is_gone_is_refused_and_drops_no_paper(tmp_path: Path) -> None:
    listing, more = _sources(tmp_path)
    out_dir = tmp_path / "out"
    assert _build("--out", str(out_dir), str(listing))[0] == 0
    before = _outputs(out_dir)
    listing.unlink()
    code, said = _build("--update", str(out_dir), str(more))
    assert code == 1
    assert f"{listing}: not found (from the current folder), but the graph in {out_dir} holds papers read from there" in said
    assert _outputs(out_dir) == before
