"""One build per output folder at a time: an advisory lock on `OUT/.kg.lock`.

The lock is `fcntl.flock` on the file, so the kernel drops it when the holder ends, killed or not: a
stale lock file never blocks anyone. The file itself stays and holds who took the lock last (pid, host,
time, command), which is what a second build prints when it finds the folder taken.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import time
from pathlib import Path

LOCK_FILE = ".kg.lock"


class FolderBusyError(Exception):
    """Another process holds the folder's lock; the message says who."""


class FolderLock:
    """Held from `acquire` until `release` (or the end of the process); never waits for another holder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_FILE
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock at once or raise FolderBusyError naming the holder."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise FolderBusyError(f"{self.path.parent} is in use by another kg build ({holder(self.path)}); "
                                  "wait for it to end or choose another --out") from None
        holder_facts = {"pid": os.getpid(), "host": socket.gethostname(),
                        "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(holder_facts) + "\n").encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the last descriptor drops the flock
            self._fd = None

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def holder(path: Path) -> str:
    """Who holds the lock at `path`, in words, as far as its file says."""
    try:
        facts = json.loads(path.read_text(encoding="utf-8"))
        return f"pid {facts['pid']} on {facts['host']} since {facts['since']}: {facts['command']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "its details are not written yet"
