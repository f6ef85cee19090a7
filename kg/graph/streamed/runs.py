"""Sorted runs on disk and their k-way merge: how the streamed graph sorts more rows than memory holds.

`SortedRuns` buffers records (tuples whose first `key_length` items are the sort key) up to `run_rows`
(default DEFAULT_RUN_ROWS), sorts the buffer and writes it as one run file of pickled batches, each
zstd-compressed (`pack`, which kg.graph.streamed.entities uses for its kept facts too); `merged()`
streams all runs through heapq.merge in key order (records of equal keys in the order they were added:
runs are written in order and the sorts are stable). `merge_runs` does the same for the runs of several
SortedRuns listed in the order they were filled (one per shard, filled by different processes). Memory: one
buffer of `run_rows` records while adding; one batch per run while merging. The caller deletes the folder.
"""

from __future__ import annotations

import heapq
import operator
import pickle
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

DEFAULT_RUN_ROWS = 200_000
BATCH_ROWS = 500  # records per pickled batch: while merging, one batch per run is in memory
_CODEC = pa.Codec("zstd", compression_level=1)
_SIZE = struct.Struct("<Q")  # before each packed batch its size; inside it, the pickled size


def pack(value: Any) -> bytes:
    """`value` pickled and zstd-compressed, its pickled size first: what `unpack` reads."""
    pickled = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return _SIZE.pack(len(pickled)) + _CODEC.compress(pickled, asbytes=True)


def unpack(data: bytes) -> Any:
    """The value `pack` packed."""
    (size,) = _SIZE.unpack_from(data)
    return pickle.loads(_CODEC.decompress(data[_SIZE.size:], decompressed_size=size, asbytes=True))


class SortedRuns:
    """Records added in any order, read back sorted by their key, whatever their number."""

    def __init__(self, folder: Path, name: str, *, key_length: int, run_rows: int | None = None) -> None:
        self._folder = folder
        self._name = name
        self._key_length = key_length
        self._key = _key_of(key_length)
        self._run_rows = run_rows or DEFAULT_RUN_ROWS
        self._buffer: list[tuple[Any, ...]] = []
        self._runs: list[Path] = []

    def add(self, record: tuple[Any, ...]) -> None:
        self._buffer.append(record)
        if len(self._buffer) >= self._run_rows:
            self._flush()

    def _flush(self) -> None:
        if not self._buffer:
            return
        self._buffer.sort(key=self._key)
        path = self._folder / f"{self._name}-{len(self._runs):05d}.run"
        with open(path, "wb") as out:
            for start in range(0, len(self._buffer), BATCH_ROWS):
                packed = pack(self._buffer[start:start + BATCH_ROWS])
                out.write(_SIZE.pack(len(packed)))
                out.write(packed)
        self._runs.append(path)
        self._buffer = []

    def runs(self) -> list[Path]:
        """The run files of every record added so far, in the order they were written."""
        self._flush()
        return list(self._runs)

    def merged(self) -> Iterator[tuple[Any, ...]]:
        """Every record added so far, in key order; may be read again (the runs stay until their folder goes)."""
        return merge_runs(self.runs(), self._key_length)


def merge_runs(runs: list[Path], key_length: int) -> Iterator[tuple[Any, ...]]:
    """The records of `runs` (files of SortedRuns with this key length) in key order; records of equal keys
    in the order of the runs given, then of their files."""
    return heapq.merge(*(_read_run(path) for path in runs), key=_key_of(key_length))


def _key_of(key_length: int) -> Callable[[tuple[Any, ...]], Any]:
    return operator.itemgetter(*range(key_length)) if key_length > 1 else operator.itemgetter(0)


def _read_run(path: Path) -> Iterator[tuple[Any, ...]]:
    with open(path, "rb") as run:
        while header := run.read(_SIZE.size):
            (packed_size,) = _SIZE.unpack(header)
            yield from unpack(run.read(packed_size))
