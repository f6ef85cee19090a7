"""The server killed (SIGKILL) in the middle of a push: the push must fail loudly, and running it
again after a restart must converge to exactly the graph, as an uninterrupted push would.

Runs its own server instance (own data folder and port) so the shared one is not disturbed."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import neo4j
import pytest

from kg.graph.readwrite import write_json
from neo4j_helpers import Server, cli_command, database_state, graph_state, server_script, synthetic_graph

pytestmark = pytest.mark.neo4j
PAPERS = 1500


def relationship_count(uri: str, auth: tuple[str, str]) -> int:
    with neo4j.GraphDatabase.driver(uri, auth=auth) as driver:
        return driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]


def test_killed_server_mid_push_then_rerun_converges(neo4j_server: Server, tmp_path: Path) -> None:
    graph_path = tmp_path / "graph.json"
    write_json(synthetic_graph(PAPERS), graph_path)
    expected = graph_state(graph_path)
    total_relationships = len(expected[1])
    home = tmp_path / "home"
    auth = neo4j_server.auth
    uri = server_script("start", home).stdout.strip()
    try:
        env = {**os.environ, **Server(uri, *auth).env()}
        push = cli_command("neo4j", "push", str(graph_path), "--batch-size", "300", "--retry-seconds", "2", "--quiet")
        pushing = subprocess.Popen(push, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 300
        while relationship_count(uri, auth) == 0:
            assert pushing.poll() is None, "the push ended before the server could be killed"
            assert time.monotonic() < deadline, "no relationships written in time"
            time.sleep(0.1)
        os.kill(int((home / "server.pid").read_text()), signal.SIGKILL)
        stdout, stderr = pushing.communicate(timeout=300)

        assert pushing.returncode != 0, "an interrupted push must not exit 0"
        assert "pushed" not in stdout
        assert stderr.startswith("error: "), stderr
        assert "push interrupted after" in stderr or "cannot reach" in stderr, stderr

        server_script("stop", home)  # clears the dead server's pid file
        uri = server_script("start", home).stdout.strip()
        assert 0 < relationship_count(uri, auth) < total_relationships, "the kill should leave a partial graph"

        env = {**os.environ, **Server(uri, *auth).env()}
        rerun = subprocess.run(push, env=env, capture_output=True, text=True, timeout=600)
        assert rerun.returncode == 0, rerun.stderr
        with neo4j.GraphDatabase.driver(uri, auth=auth) as driver:
            assert database_state(driver) == expected
    finally:
        server_script("stop", home, check=False)
