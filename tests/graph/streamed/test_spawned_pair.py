"""The two tables written at once (kg.shards.spawned_pair): the same bytes and counts as one after the other,
progress that adds up, and a failure on either side raised here with nothing left running."""

from __future__ import annotations

import os
import signal
from functools import partial
from pathlib import Path

import pytest

from kg.graph.streamed.graph_tables import WRITE_STAGE
from kg.shards.spawned_pair import WriterProcessError, spawned_pair
from streamed_helpers import assert_tables_equal


def test_tables_written_at_once_are_the_bytes_of_the_in_memory_build(generated_corpus, fast_extractor,
                                                                    tmp_path) -> None:
    reports: list[tuple[int, int | None]] = []

    def progress(stage: str, done: int, total: int | None) -> None:
        if stage == WRITE_STAGE:
            reports.append((done, total))

    assert_tables_equal(generated_corpus, fast_extractor, tmp_path, 25, run_pair=spawned_pair, progress=progress)
    total = reports[0][1]
    assert reports[0] == (0, total) and reports[-1] == (total, total)
    dones = [done for done, _ in reports]
    assert dones == sorted(dones)  # never backwards; the counts of both sides meet at the total


# What runs in the spawned process is pickled: these are module-level so that it can be.
def _count_and_tell(count) -> dict[str, int]:
    for _ in range(250_001):
        count(1)
    return {"edges": 250_001, "pid": os.getpid(), "parent": os.getppid()}


def _write_into_missing_folder(folder: Path, count) -> None:
    (folder / "missing" / "edges.parquet").write_bytes(b"")  # its folder is not there


def _kill_itself(count) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _write_pid_and_wait(pid_file: Path, count) -> None:
    written = pid_file.with_suffix(".partial")
    written.write_text(str(os.getpid()), encoding="utf-8")
    written.rename(pid_file)  # whole when it appears
    signal.pause()  # would write for ever


def test_what_the_child_returns_and_counts_comes_back() -> None:
    counted: list[int] = []
    polls: list[int] = []

    def here(poll) -> None:
        for step in range(5):
            polls.append(step)
            poll()

    result = spawned_pair(here, _count_and_tell, counted.append)
    assert result["edges"] == 250_001 and result["pid"] != os.getpid()  # it ran in another process
    assert result["parent"] == os.getpid()
    assert sum(counted) == 250_001 and polls == [0, 1, 2, 3, 4]


def test_a_failure_in_the_child_is_raised_here_as_itself(tmp_path) -> None:
    with pytest.raises(FileNotFoundError) as raised:
        spawned_pair(lambda poll: None, partial(_write_into_missing_folder, tmp_path), lambda count: None)
    assert any("in the process writing beside this one" in note for note in raised.value.__notes__)


def test_a_child_killed_mid_write_is_an_error_naming_its_exit_code() -> None:
    with pytest.raises(WriterProcessError, match=r"ended without a result \(exit code -9\)"):
        spawned_pair(lambda poll: None, _kill_itself, lambda count: None)


def test_a_failure_here_stops_the_child(tmp_path) -> None:
    pid_file = tmp_path / "child.pid"

    def here(poll) -> None:
        while not pid_file.exists():
            poll()
        raise ValueError("the node table failed")

    with pytest.raises(ValueError, match="the node table failed"):
        spawned_pair(here, partial(_write_pid_and_wait, pid_file), lambda count: None)
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left running
        os.kill(int(pid_file.read_text(encoding="utf-8")), 0)
