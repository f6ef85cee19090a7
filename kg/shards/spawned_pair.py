"""The graph tables' two writes at once on two cores: the edge table in a process of its own, the node
table here.

Writing the tables is one of the longest corpus-wide steps of an out-of-core build (docs/scale.md). The
edge table's write reads only run files (kg.graph.streamed.graph_tables.EdgeTable), so it goes to a
spawned process with nothing of this one's memory: a forked one shared this process's pages at first, but
each page either process then wrote (a reference count is a write) was copied, and at a million papers
that took the build over its memory goal. The child dies with this process (Linux), sends its counts
through a pipe that this process reads while it writes its own table, and its failure is raised here as
the same exception.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from kg.graph.progress import REPORT_EVERY
from kg.graph.streamed.pair import Here, Result, There
from kg.shards.child import die_with_parent


class WriterProcessError(RuntimeError):
    """The process writing beside this one ended without a result (killed, or out of memory)."""


def spawned_pair(here: Here, there: There[Result], on_count: Callable[[int], None]) -> Result:
    """kg.graph.streamed.pair.PairRunner: `there` (pickled) in a spawned process while `here` runs here."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_run_there, args=(there, sender, os.getpid()), daemon=True)
    child.start()
    sender.close()
    replies = _Replies(receiver, child, on_count)
    try:
        here(replies.poll)
        return replies.result()
    finally:
        if child.is_alive():  # this process failed first: the child's file is discarded with its own
            child.kill()
        child.join()
        receiver.close()


class _Replies:
    """What the child sends: ("count", n) now and then, then ("done", result) or ("error", exception, text)."""

    def __init__(self, receiver: Connection, child: Any, on_count: Callable[[int], None]) -> None:
        self._receiver, self._child, self._on_count = receiver, child, on_count
        self._finished = False
        self._result: Any = None

    def poll(self) -> None:
        """Take in what the child has sent so far, without waiting."""
        while not self._finished and self._receiver.poll():
            self._take()

    def result(self) -> Any:
        """Wait for the child's result (its counts passed on meanwhile); raise its exception if it failed."""
        while not self._finished:
            self._take()
        return self._result

    def _take(self) -> None:
        try:
            reply = self._receiver.recv()
        except EOFError:
            self._child.join()
            raise WriterProcessError(f"the process writing beside this one ended without a result (exit code "
                                     f"{self._child.exitcode})") from None
        if reply[0] == "count":
            self._on_count(reply[1])
        elif reply[0] == "done":
            self._finished, self._result = True, reply[1]
        else:
            error, text = reply[1], reply[2]
            error.add_note(f"in the process writing beside this one:\n{text}")
            raise error


def _run_there(there: There[Any], sender: Connection, parent: int) -> None:
    die_with_parent(parent)
    unsent = 0

    def count(items: int) -> None:
        nonlocal unsent
        unsent += items
        if unsent >= REPORT_EVERY:
            sender.send(("count", unsent))
            unsent = 0

    try:
        result = there(count)
        sender.send(("count", unsent))
        sender.send(("done", result))
    except BaseException as error:  # noqa: BLE001  every failure goes back to be raised there
        text = "".join(traceback.format_exception(error))
        try:
            sender.send(("error", error, text))
        except Exception:  # noqa: BLE001  an exception that does not pickle goes back as its text
            sender.send(("error", WriterProcessError(text.strip().splitlines()[-1]), text))
    finally:
        sender.close()
