"""Fixtures for the Neo4j tests: a real server from scripts/neo4j-test-server, shared by the session.

NEO4J_TEST_URI (with NEO4J_TEST_USERNAME / NEO4J_TEST_PASSWORD) points the tests at a server
that is already running; otherwise the session starts the script's server and stops it at the
end (unless it was running before). With CI=true a server that cannot start fails the run
instead of skipping the tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from neo4j_helpers import SCRIPT, TEST_PASSWORD, Server, wipe_everything

FIXTURES = Path(__file__).parent / "fixtures"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"Neo4j test server unavailable in CI: {reason}", pytrace=False)
    pytest.skip(f"Neo4j test server unavailable: {reason}")


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Server]:
    """The running test server (started here if needed)."""
    uri = os.environ.get("NEO4J_TEST_URI")
    if uri:
        yield Server(uri, os.environ.get("NEO4J_TEST_USERNAME", "neo4j"),
                     os.environ.get("NEO4J_TEST_PASSWORD", TEST_PASSWORD))
        return
    if not (shutil.which("java") and shutil.which("mvn")):
        _unavailable("java and mvn are needed to build it (see docs/neo4j.md)")
    was_running = subprocess.run([str(SCRIPT), "status"], capture_output=True).returncode == 0
    started = subprocess.run([str(SCRIPT), "start"], capture_output=True, text=True)
    if started.returncode != 0:
        _unavailable(f"`{SCRIPT} start` failed:\n{started.stderr[-3000:]}")
    try:
        yield Server(started.stdout.strip(), "neo4j", os.environ.get("NEO4J_TEST_PASSWORD", TEST_PASSWORD))
    finally:
        if not was_running:
            subprocess.run([str(SCRIPT), "stop"], capture_output=True)


@pytest.fixture(scope="session")
def driver(neo4j_server: Server) -> Iterator[neo4j.Driver]:
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as session_driver:
        session_driver.verify_connectivity()
        yield session_driver


@pytest.fixture
def empty_db(driver: neo4j.Driver) -> neo4j.Driver:
    """The shared database with every node removed (constraints and indexes stay)."""
    wipe_everything(driver)
    return driver


@pytest.fixture
def neo4j_env(neo4j_server: Server, monkeypatch: pytest.MonkeyPatch) -> Server:
    """NEO4J_* variables pointing the CLI at the test server."""
    for name, value in neo4j_server.env().items():
        monkeypatch.setenv(name, value)
    return neo4j_server


@pytest.fixture(scope="session")
def graph_json() -> Path:
    """The hand-built graph (docs/graph-model.md) whose query answers the tests know."""
    return FIXTURES / "graph.json"
