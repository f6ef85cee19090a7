"""scripts/neo4j-test-server itself: status codes, idempotent start, authentication on."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import neo4j
import pytest

from neo4j_helpers import Server, server_script

pytestmark = pytest.mark.neo4j


def test_status_and_stop_of_a_server_that_is_not_running(tmp_path: Path) -> None:
    assert server_script("status", tmp_path / "none", check=False).returncode == 3
    stopped = server_script("stop", tmp_path / "none", check=False)
    assert stopped.returncode == 0 and "not running" in stopped.stderr


def test_unknown_command_is_a_usage_error() -> None:
    result = server_script("restart-everything", check=False)
    assert result.returncode == 2 and "usage:" in result.stderr


@pytest.mark.skipif("NEO4J_TEST_URI" in os.environ, reason="the session uses an external server")
def test_start_finds_the_running_server_instead_of_starting_another(neo4j_server: Server) -> None:
    assert server_script("start").stdout.strip() == neo4j_server.uri
    assert server_script("status").stdout.strip() == neo4j_server.uri
    refused = server_script("admin", None, "database", "info", check=False)
    assert refused.returncode == 1 and "stop the server" in refused.stderr


def test_the_server_requires_the_password(neo4j_server: Server) -> None:
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=None) as anonymous, pytest.raises(neo4j.exceptions.AuthError):
        anonymous.verify_connectivity()
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as driver:
        record = driver.execute_query("CALL dbms.components() YIELD versions, edition RETURN versions, edition").records[0]
    script = (Path(__file__).resolve().parents[2] / "scripts" / "neo4j-test-server").read_text(encoding="utf-8")
    assert f"NEO4J_VERSION={record['versions'][0]}" in script
    assert record["edition"] == "community"


def test_page_cache_and_jvm_options_come_from_the_environment(neo4j_server: Server, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_TEST_PAGECACHE", "300m")
    monkeypatch.setenv("NEO4J_TEST_JAVA_OPTS", "-XX:+UseSerialGC -Dkg.test.marker=on")
    uri = server_script("start", tmp_path / "home").stdout.strip()
    try:
        with neo4j.GraphDatabase.driver(uri, auth=neo4j_server.auth) as driver:
            record = driver.execute_query("SHOW SETTINGS YIELD name, value "
                                          "WHERE name = 'server.memory.pagecache.size' RETURN value").records[0]
        assert record["value"] == "300.00MiB"
        pid = (tmp_path / "home" / "server.pid").read_text().strip()
        arguments = subprocess.run(["ps", "-o", "args=", "-p", pid], capture_output=True, text=True,
                                   check=True).stdout.split()
        assert "-XX:+UseSerialGC" in arguments and "-Dkg.test.marker=on" in arguments
        assert "-XX:+UseParallelGC" not in arguments, "the options replace the default collector"
    finally:
        server_script("stop", tmp_path / "home", check=False)
