"""A `kg build` killed (SIGKILL) during extraction resumes from its extraction checkpoint: the rerun extracts
only what the killed one had not finished, and its outputs equal an uninterrupted build's byte for byte.
Real `kg build` processes over a generated corpus, in fast mode."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg import __version__
from kg.builder import extraction_input
from kg.checkpoint import CHECKPOINT_FILE, ExtractionCheckpoint, input_key
from kg.extract.fingerprint import resource_fingerprints
from kg.folder_lock import LOCK_FILE
from kg.manifest import MadeWith
from kg.stage_files import read_extractions, read_papers
from kg.workspace import EXTRACTIONS_JSONL, MANIFEST_JSON, PAPERS_JSONL, Workspace

REPO = Path(__file__).resolve().parents[2]
KG = [sys.executable, "-m", "kg"]
PAPERS = 1500
# Whole checkpoint lines the killed build must have written before the kill (of PAPERS + the header).
KILL_AFTER_LINES = 150


def _build(source: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, "build", str(source), "--out", str(out), "--quiet", "--no-html", "-j", "1", *options],
                          capture_output=True, text=True, check=True, cwd=REPO)


def _outputs(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.name != LOCK_FILE}


def _counts(output: str) -> tuple[int, int]:
    """(papers extracted, extractions resumed) as the build printed them."""
    extracted = re.search(r"extracted entities from (\d+) papers?", output)
    resumed = re.search(r"resumed: (\d+) extractions? from an interrupted build", output)
    assert extracted is not None, output
    return int(extracted.group(1)), int(resumed.group(1)) if resumed else 0


def _whole_lines(path: Path) -> int:
    return path.read_bytes().count(b"\n")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "papers.jsonl"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "corpus_generator.py"), str(PAPERS), "--out", str(path)],
                   check=True, capture_output=True)
    return path


@pytest.fixture(scope="module")
def uninterrupted(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("whole") / "out"
    _build(corpus, out, "--mode", "fast")
    return _outputs(out)


def _killed_during_extraction(corpus: Path, out: Path) -> None:
    """A fast build into `out`, SIGKILLed once its checkpoint holds KILL_AFTER_LINES whole lines."""
    checkpoint = out / CHECKPOINT_FILE
    process = subprocess.Popen([*KG, "build", str(corpus), "--out", str(out), "--quiet", "--no-html", "-j", "1",
                                "--mode", "fast"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
    try:
        deadline = time.monotonic() + 120
        while not (checkpoint.exists() and _whole_lines(checkpoint) > KILL_AFTER_LINES):
            assert process.poll() is None, "the build ended before its checkpoint held enough lines"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()


def test_a_build_killed_during_extraction_resumes_and_equals_an_uninterrupted_one(
    corpus: Path, uninterrupted: dict[str, bytes], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _killed_during_extraction(corpus, out)
    assert not (out / MANIFEST_JSON).exists()  # killed before its commit: a folder of kg's internal files only
    checkpoint = out / CHECKPOINT_FILE
    # Tear the last line, as a kill in the middle of a write does: the rerun ignores it.
    checkpoint.write_bytes(checkpoint.read_bytes()[:-40])
    finished = _whole_lines(checkpoint) - 1  # the header is not an extraction

    extracted, resumed = _counts(_build(corpus, out, "--mode", "fast").stdout)

    assert resumed == finished and 0 < resumed < PAPERS
    assert extracted == PAPERS - resumed
    assert not checkpoint.exists()  # deleted by the commit
    assert _outputs(out) == uninterrupted


def test_a_checkpoint_made_with_another_mode_is_not_used(tmp_path: Path) -> None:
    source = REPO / "examples" / "papers.jsonl"
    reference = tmp_path / "reference"
    _build(source, reference, "--mode", "fast")
    fast_outputs = _outputs(reference)
    fast_extractions = read_extractions(reference / EXTRACTIONS_JSONL)
    inputs = {paper_id: extraction_input(record) for paper_id, record in read_papers(reference / PAPERS_JSONL)}
    _build(source, reference, "--mode", "default")
    default_outputs = _outputs(reference)

    def fast_checkpoint_in(out: Path) -> None:
        """What a fast build killed at the end of its extraction leaves: every paper's fast extraction."""
        with Workspace(out) as folder:
            checkpoint = folder.extraction_checkpoint(MadeWith(__version__, "fast", resource_fingerprints("fast", None)))
            for extraction in fast_extractions:
                checkpoint.append(input_key(extraction.paper_id, *inputs[extraction.paper_id]), extraction)
            checkpoint.close()

    fast_checkpoint_in(tmp_path / "fast")
    extracted, resumed = _counts(_build(source, tmp_path / "fast", "--mode", "fast").stdout)
    assert (extracted, resumed) == (0, len(inputs))
    assert _outputs(tmp_path / "fast") == fast_outputs  # the same mode: used, and exactly right

    fast_checkpoint_in(tmp_path / "default")
    extracted, resumed = _counts(_build(source, tmp_path / "default", "--mode", "default").stdout)
    assert (extracted, resumed) == (len(inputs), 0)
    assert _outputs(tmp_path / "default") == default_outputs
    assert not (tmp_path / "default" / CHECKPOINT_FILE).exists()


def test_a_checkpoint_line_for_other_text_or_torn_or_damaged_is_not_used(tmp_path: Path) -> None:
    source = REPO / "examples" / "papers.jsonl"
    _build(source, tmp_path / "built", "--mode", "fast")
    extractions = read_extractions(tmp_path / "built" / EXTRACTIONS_JSONL)[:3]
    made_with = {"kg_version": __version__, "mode": "fast", "fingerprints": {}}
    path = tmp_path / CHECKPOINT_FILE
    writer = ExtractionCheckpoint(path, made_with)
    for extraction in extractions:
        writer.append(input_key(extraction.paper_id, "title", "abstract", []), extraction)
    writer.close()
    whole = path.read_bytes()

    found = ExtractionCheckpoint(path, made_with).read()
    assert {paper_id: extraction for paper_id, (_, extraction) in found.items()} == {
        e.paper_id: e for e in extractions}
    assert found[extractions[0].paper_id][0] != input_key(extractions[0].paper_id, "title", "other abstract", [])

    path.write_bytes(whole[:-10])  # torn last line
    reader = ExtractionCheckpoint(path, made_with)
    assert list(reader.read()) == [e.paper_id for e in extractions[:2]]
    reader.append(input_key(extractions[2].paper_id, "title", "abstract", []), extractions[2])
    reader.close()
    assert path.read_bytes() == whole  # the torn line was cut off before appending

    lines = whole.splitlines(keepends=True)
    path.write_bytes(b"".join([lines[0], lines[1], b'{"input": "x"}\n', *lines[2:]]))  # a damaged line
    assert list(ExtractionCheckpoint(path, made_with).read()) == [extractions[0].paper_id]
    assert ExtractionCheckpoint(path, {**made_with, "mode": "default"}).read() == {}
