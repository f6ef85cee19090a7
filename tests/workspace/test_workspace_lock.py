"""One build per output folder at a time: a second `kg build` into a folder in use fails at once and says
who holds it; a holder that died (even by SIGKILL) blocks nobody."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.folder_lock import LOCK_FILE

KG = [sys.executable, "-m", "kg.cli"]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _kg_build(out_dir: Path, *sources: Path) -> list[str]:
    return [*KG, "build", "--quiet", "--mode", "fast", "--no-html", "--out", str(out_dir), *map(str, sources)]


def _wait_for_holder(lock_file: Path, pid: int, process: subprocess.Popen) -> None:
    """Until the lock file names `pid` (the holder writes it right after taking the lock)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the first build ended before it was seen holding the folder"
        try:
            if json.loads(lock_file.read_text(encoding="utf-8"))["pid"] == pid:
                return
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.005)
    pytest.fail("the first build never took the folder's lock")


def test_a_second_build_into_a_folder_in_use_fails_at_once_naming_the_holder(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    first = subprocess.Popen(_kg_build(out_dir, EXAMPLES), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_holder(out_dir / LOCK_FILE, first.pid, first)
        os.kill(first.pid, signal.SIGSTOP)  # hold it there, lock taken, while the second build tries
        second = subprocess.run(_kg_build(out_dir, EXAMPLES), capture_output=True, text=True, timeout=120)
        os.kill(first.pid, signal.SIGCONT)
        first_out, first_err = first.communicate(timeout=120)
    finally:
        if first.poll() is None:
            os.kill(first.pid, signal.SIGKILL)
            first.wait()
    assert second.returncode == 1
    error_lines = second.stderr.strip().splitlines()
    assert len(error_lines) == 1, second.stderr
    assert str(out_dir) in error_lines[0] and "in use by another kg build" in error_lines[0]
    assert f"pid {first.pid} on " in error_lines[0] and "cli.py build --quiet --mode fast" in error_lines[0]
    assert first.returncode == 0, first_err
    json.loads((out_dir / "graph.json").read_text(encoding="utf-8"))  # the first build's output is whole
    assert json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))["state"] == "complete"


def test_a_holder_killed_with_sigkill_leaves_the_folder_free(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; from kg.folder_lock import FolderLock; "
         f"FolderLock(Path({str(out_dir)!r})).acquire(); print('held', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    held = subprocess.run(_kg_build(out_dir, EXAMPLES), capture_output=True, text=True, timeout=120)
    assert held.returncode == 1 and f"pid {holder.pid}" in held.stderr
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert (out_dir / LOCK_FILE).exists()  # the file stays; the kernel dropped the lock with its holder
    free = subprocess.run(_kg_build(out_dir, EXAMPLES), capture_output=True, text=True, timeout=120)
    assert free.returncode == 0, free.stderr
