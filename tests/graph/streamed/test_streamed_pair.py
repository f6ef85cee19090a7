"""The two tables written at once (kg.shards.forked_pair): the same bytes and counts as one after the other,
progress that adds up, and a failure on either side raised here with nothing left running."""

from __future__ import annotations

import os
import signal

import pytest

from kg.graph.streamed.graph_tables import WRITE_STAGE
from kg.shards.forked_pair import WriterProcessError, forked_pair
from streamed_helpers import assert_tables_equal


def test_tables_written_at_once_are_the_bytes_of_the_in_memory_build(generated_corpus, fast_extractor,
                                                                    tmp_path) -> None:
    reports: list[tuple[int, int | None]] = []

    def progress(stage: str, done: int, total: int | None) -> None:
        if stage == WRITE_STAGE:
            reports.append((done, total))

    assert_tables_equal(generated_corpus, fast_extractor, tmp_path, 25, run_pair=forked_pair, progress=progress)
    total = reports[0][1]
    assert reports[0] == (0, total) and reports[-1] == (total, total)
    dones = [done for done, _ in reports]
    assert dones == sorted(dones)  # never backwards; the counts of both sides meet at the total


def test_what_the_child_returns_and_counts_comes_back() -> None:
    counted: list[int] = []
    polls: list[int] = []

    def here(poll) -> None:
        for step in range(5):
            polls.append(step)
            poll()

    def there(count) -> dict[str, int]:
        for _ in range(250_001):
            count(1)
        return {"edges": 250_001, "pid": os.getpid()}

    result = forked_pair(here, there, counted.append)
    assert result["edges"] == 250_001 and result["pid"] != os.getpid()  # it ran in another process
    assert sum(counted) == 250_001 and polls == [0, 1, 2, 3, 4]


def test_a_failure_in_the_child_is_raised_here_as_itself(tmp_path) -> None:
    def there(count) -> None:
        (tmp_path / "missing" / "edges.parquet").write_bytes(b"")  # its folder is not there

    with pytest.raises(FileNotFoundError) as raised:
        forked_pair(lambda poll: None, there, lambda count: None)
    assert any("in the process writing beside this one" in note for note in raised.value.__notes__)


def test_a_child_killed_mid_write_is_an_error_naming_its_exit_code() -> None:
    def there(count) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(WriterProcessError, match=r"ended without a result \(exit code -9\)"):
        forked_pair(lambda poll: None, there, lambda count: None)


def test_a_failure_here_stops_the_child(tmp_path) -> None:
    pid_file = tmp_path / "child.pid"

    def there(count) -> None:
        written = tmp_path / "child.pid.partial"
        written.write_text(str(os.getpid()), encoding="utf-8")
        written.rename(pid_file)  # whole when it appears
        signal.pause()  # would write for ever

    def here(poll) -> None:
        while not pid_file.exists():
            poll()
        raise ValueError("the node table failed")

    with pytest.raises(ValueError, match="the node table failed"):
        forked_pair(here, there, lambda count: None)
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left running
        os.kill(int(pid_file.read_text(encoding="utf-8")), 0)
