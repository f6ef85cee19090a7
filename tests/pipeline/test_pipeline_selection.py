"""`kg build --category --since --until` over an arXiv snapshot: what is left out is counted, not lost."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


def _snapshot_line(arxiv_id: str, categories: str, created: str, title: str) -> str:
    return json.dumps({
        "id": arxiv_id, "submitter": "Ana Kim", "authors": "Ana Kim and Wei Li", "title": title,
        "comments": None, "journal-ref": None, "doi": None, "report-no": None, "categories": categories,
        "license": None, "abstract": f"  We study {title} with BERT on\nSQuAD and report F1.\n",
        "versions": [{"version": "v1", "created": created}], "update_date": "2023-01-01",
        "authors_parsed": [["Kim", "Ana", ""], ["Li", "Wei", ""]],
    })


def _snapshot(path: Path) -> Path:
    lines = [
        _snapshot_line("2001.00001", "cs.LG stat.ML", "Mon, 6 Jan 2020 10:00:00 GMT", "kept one"),
        _snapshot_line("2001.00002", "cs.CV", "Mon, 6 Jan 2020 10:00:00 GMT", "other category"),
        _snapshot_line("1901.00003", "cs.CL", "Mon, 7 Jan 2019 10:00:00 GMT", "too early"),
        _snapshot_line("2201.00004", "cs.CL", "Mon, 3 Jan 2022 10:00:00 GMT", "too late"),
        _snapshot_line("2012.00005", "math.PR cs.CL", "Thu, 31 Dec 2020 23:00:00 GMT", "kept two"),
        _snapshot_line("2012.00005", "math.PR cs.CL", "Thu, 31 Dec 2020 23:00:00 GMT", "kept two"),  # duplicate
        # A reject inside the selection (one outside it is left out unread: tests/ingest/test_ingest_selection.py).
        '{"id": "2001.00006", "title": "no abstract", "categories": "cs.LG", '
        '"versions": [{"version": "v1", "created": "Mon, 6 Jan 2020 10:00:00 GMT"}]}',
        "not json",  # reject
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_category_and_dates_select_papers_and_every_entry_is_accounted_for(tmp_path: Path) -> None:
    source = _snapshot(tmp_path / "arxiv-metadata-oai-snapshot.json")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(source), "--out", str(out), "--mode", "fast", "--no-html", "--quiet",
                                 "--category", "cs.LG,cs.CL", "--since", "2020-01-01", "--until", "2021-12-31"])
    assert result.exit_code == 0, result.output
    assert "3 left out by --category/--since/--until" in result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["papers"], summary["duplicates_merged"], summary["rejected"], summary["filtered_out"]) == (2, 1, 2, 3)
    assert summary["entries_read"] == 8 == (summary["papers"] + summary["duplicates_merged"] + summary["rejected"]
                                            + summary["filtered_out"])
    titles = {line and json.loads(line)["title"] for line in (out / "papers.jsonl").read_text().splitlines()}
    assert titles == {"kept one", "kept two"}


def test_without_a_selection_summary_has_no_filtered_out(tmp_path: Path) -> None:
    source = _snapshot(tmp_path / "arxiv-metadata-oai-snapshot.json")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(source), "--out", str(out), "--mode", "fast", "--no-html", "--quiet"])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert "filtered_out" not in summary
    assert summary["papers"] == 5 and summary["entries_read"] == 8


def test_a_bad_date_is_a_usage_error_before_anything_is_read(tmp_path: Path) -> None:
    source = _snapshot(tmp_path / "arxiv-metadata-oai-snapshot.json")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(source), "--out", str(out), "--since", "2020-13-01"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
    assert not out.exists()


def _built_files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if not path.name.startswith(".")}


def test_an_update_keeps_the_folders_selection_and_equals_a_fresh_selected_build(tmp_path: Path) -> None:
    first = _snapshot(tmp_path / "arxiv-metadata-oai-snapshot.json")
    day = tmp_path / "day.json"
    day.write_text("\n".join([
        _snapshot_line("2101.00007", "cs.LG", "Tue, 5 Jan 2021 10:00:00 GMT", "a new one"),
        _snapshot_line("2101.00008", "q-bio.NC", "Tue, 5 Jan 2021 10:00:00 GMT", "a new one elsewhere"),
    ]) + "\n", encoding="utf-8")
    selecting = ["--category", "cs.LG,cs.CL", "--since", "2020-01-01", "--until", "2021-12-31"]
    common = ["--mode", "fast", "--no-html", "--quiet"]
    updated, fresh = tmp_path / "updated", tmp_path / "fresh"
    assert runner.invoke(app, ["build", str(first), "--out", str(updated), *common, *selecting]).exit_code == 0

    result = runner.invoke(app, ["build", str(day), "--update", str(updated), *common])  # no selection repeated
    assert result.exit_code == 0, result.output
    assert "kept the folder's selection: --category cs.CL,cs.LG --since 2020-01-01 --until 2021-12-31" in result.output
    titles = {json.loads(line)["title"] for line in (updated / "papers.jsonl").read_text().splitlines()}
    assert titles == {"kept one", "kept two", "a new one"}
    manifest = json.loads((updated / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["selection"] == {"categories": ["cs.CL", "cs.LG"], "since": "2020-01-01", "until": "2021-12-31"}

    assert runner.invoke(app, ["build", str(first), str(day), "--out", str(fresh), *common, *selecting]).exit_code == 0
    assert _built_files(updated) == _built_files(fresh)


def test_an_update_given_a_selection_applies_that_one(tmp_path: Path) -> None:
    source = _snapshot(tmp_path / "arxiv-metadata-oai-snapshot.json")
    out = tmp_path / "out"
    common = ["--mode", "fast", "--no-html", "--quiet"]
    assert runner.invoke(app, ["build", str(source), "--out", str(out), *common, "--category", "cs.LG"]).exit_code == 0
    result = runner.invoke(app, ["build", str(source), "--update", str(out), *common, "--category", "cs.CV"])
    assert result.exit_code == 0, result.output
    assert "kept the folder's selection" not in result.output
    titles = {json.loads(line)["title"] for line in (out / "papers.jsonl").read_text().splitlines()}
    assert titles == {"other category"}
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["selection"] == {"categories": ["cs.CV"]}
