"""SortedRuns gives back every record in key order, equal keys in the order added, across many runs."""

from __future__ import annotations

import random
from pathlib import Path

from kg.graph.streamed.runs import SortedRuns


def test_many_runs_merge_in_key_order_stably(tmp_path: Path) -> None:
    rng = random.Random(3)
    records = [(f"id-{rng.randrange(40):02d}", rng.randrange(5), {"added": number}) for number in range(1000)]
    runs = SortedRuns(tmp_path, "test", key_length=2, run_rows=64)
    for record in records:
        runs.add(record)
    assert len(list(tmp_path.glob("test-*.run"))) == 1000 // 64
    merged = list(runs.merged())
    assert merged == sorted(records, key=lambda record: (record[0], record[1]))  # sorted() is stable too
    assert list(runs.merged()) == merged  # read again


def test_no_records_merge_to_nothing(tmp_path: Path) -> None:
    assert list(SortedRuns(tmp_path, "empty", key_length=1).merged()) == []
