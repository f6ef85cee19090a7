"""kg never touches what it did not write (issue #13): the KgNode mark, a wipe that deletes only
marked nodes and asks first, graphs kept apart by name, user nodes with a kg label and id left
alone; and the one-line errors for a non-Bolt URI, a non-Bolt listener and an out-of-range
integer parameter, and help text that names the environment variables."""

from __future__ import annotations

import os
import pty
import select
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from kg.export.neo4j.connection import Neo4jSettings, connect
from kg.export.neo4j.push import push_rows
from kg.export.neo4j.rows import load_rows
from kg.graph.readwrite import read_graph, write_json
from neo4j_helpers import Server, cli_command, database_state, graph_state, run_cli, unmarked_nodes

pytestmark = pytest.mark.neo4j

USER_DATA = """
CREATE (:Task {name: 'Buy milk'})
CREATE (c:Customer {name: 'ACME'})-[:ORDERED {on: '2026-01-02'}]->(:Order {number: 7})
"""


def user_nodes(driver: neo4j.Driver) -> list[tuple[list[str], dict]]:
    """The user's nodes of USER_DATA (they have no id), sorted, with their labels and properties."""
    records = driver.execute_query("MATCH (n) WHERE n.id IS NULL AND NOT n:KgGraph "
                                   "RETURN labels(n) AS labels, properties(n) AS props")
    return sorted(((record["labels"], record["props"]) for record in records.records), key=repr)


def user_relationships(driver: neo4j.Driver) -> list[tuple[str, dict]]:
    records = driver.execute_query("MATCH (a)-[r]->(b) WHERE a.id IS NULL AND b.id IS NULL "
                                   "RETURN type(r) AS type, properties(r) AS props").records
    return [(record["type"], record["props"]) for record in records]


def graph_json_nodes(path: Path) -> int:
    return read_graph(path).number_of_nodes()


def one_line_error(result) -> str:
    message = result.stderr.strip()
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert message.startswith("error: "), message
    assert len(message.splitlines()) == 1, message
    assert "Traceback" not in result.stdout + result.stderr
    return message


def smaller_graph(graph_json: Path, folder: Path) -> Path:
    """The fixture graph without one paper, as `<folder>/graph.json` (so named after `folder`)."""
    graph = read_graph(graph_json)
    graph.remove_node("paper:doi:10.1000/xyz-123")
    folder.mkdir()
    write_json(graph, folder / "graph.json")
    return folder / "graph.json"


def test_wipe_deletes_only_the_nodes_kg_wrote(empty_db: neo4j.Driver, neo4j_env: Server, graph_json: Path) -> None:
    empty_db.execute_query(USER_DATA)
    before = user_nodes(empty_db), user_relationships(empty_db)
    assert run_cli("neo4j", "push", str(graph_json), "--quiet").exit_code == 0
    # A user's relationship into kg's nodes: the confirmation says it goes with them.
    empty_db.execute_query("MATCH (c:Customer), (m:Method {id: 'method:lora'}) CREATE (c)-[:LIKES]->(m)")

    settings = Neo4jSettings(neo4j_env.uri, neo4j_env.username, neo4j_env.password, "neo4j")
    with connect(settings) as driver:
        push_rows(driver, "neo4j", load_rows(graph_json), wipe=True)
    assert (user_nodes(empty_db), user_relationships(empty_db)) == before
    assert database_state(empty_db)[0].keys() >= graph_state(graph_json)[0].keys()
    assert not empty_db.execute_query("MATCH (:Customer)-[r:LIKES]->() RETURN r").records


def test_wipe_without_a_terminal_needs_yes(empty_db: neo4j.Driver, neo4j_env: Server, graph_json: Path) -> None:
    assert run_cli("neo4j", "push", str(graph_json), "--quiet").exit_code == 0
    empty_db.execute_query("MATCH (m:Method {id: 'method:lora'}) CREATE (:Customer {name: 'ACME'})-[:LIKES]->(m)")
    before = database_state(empty_db)
    kg_nodes = empty_db.execute_query("MATCH (n:KgNode) RETURN count(n) AS n").records[0]["n"]

    message = one_line_error(run_cli("neo4j", "push", str(graph_json), "--quiet", "--wipe"))
    assert message == (f"error: --wipe would delete {kg_nodes} nodes kg wrote (graph 'fixtures') with their "
                       "relationships, and 1 relationship linking them to nodes kg did not write, in database "
                       f"'neo4j' at {neo4j_env.uri}; pass --yes to confirm when not on a terminal")
    assert database_state(empty_db) == before


def run_on_terminal(args: list[str], env: dict[str, str], answer: str) -> tuple[int, str]:
    """Run the CLI with a pseudo-terminal as stdin/stdout/stderr, answer its question, return
    (exit code, everything it printed)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(args, stdin=follower, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    output = b""
    deadline = time.monotonic() + 300

    def read_until(done) -> bytes:
        nonlocal output
        while not done() and time.monotonic() < deadline:
            if select.select([leader], [], [], 1)[0]:
                try:
                    output += os.read(leader, 4096)
                except OSError:  # the process closed the terminal
                    break
        return output

    try:
        read_until(lambda: b"[y/N]" in output or process.poll() is not None)
        if process.poll() is None:
            os.write(leader, answer.encode() + b"\n")
        read_until(lambda: process.poll() is not None)
        code = process.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    return code, output.decode(errors="replace")


def test_wipe_on_a_terminal_asks_and_no_deletes_nothing(
    empty_db: neo4j.Driver, neo4j_env: Server, graph_json: Path
) -> None:
    assert run_cli("neo4j", "push", str(graph_json), "--quiet").exit_code == 0
    empty_db.execute_query(USER_DATA)
    before = database_state(empty_db)
    env = {**os.environ, **neo4j_env.env()}
    code, printed = run_on_terminal(cli_command("neo4j", "push", str(graph_json), "--quiet", "--wipe"), env, "n")
    assert "Delete " in printed and "nodes kg wrote (graph 'fixtures')" in printed and "[y/N]" in printed, printed
    assert code == 1, printed
    assert "nothing deleted, nothing pushed" in printed
    assert database_state(empty_db) == before

    users = user_nodes(empty_db), user_relationships(empty_db)
    code, printed = run_on_terminal(cli_command("neo4j", "push", str(graph_json), "--quiet", "--wipe"), env, "y")
    assert code == 0, printed
    assert f"after deleting {graph_json_nodes(graph_json) + 1} old nodes" in printed, printed
    assert (user_nodes(empty_db), user_relationships(empty_db)) == users


def test_a_user_node_with_a_kg_label_and_id_is_left_alone(
    empty_db: neo4j.Driver, neo4j_env: Server, graph_json: Path
) -> None:
    empty_db.execute_query("CREATE (:Method {id: 'method:lora', name: 'my LoRA notes', stars: 5})")
    message = one_line_error(run_cli("neo4j", "push", str(graph_json), "--quiet"))
    assert "Method nodes kg did not write with the ids of graph nodes ('method:lora')" in message
    record = empty_db.execute_query("MATCH (m:Method {id: 'method:lora'}) RETURN m, labels(m) AS labels").records
    assert len(record) == 1
    assert dict(record[0]["m"]) == {"id": "method:lora", "name": "my LoRA notes", "stars": 5}
    assert record[0]["labels"] == ["Method"]


def test_every_node_kg_writes_carries_the_mark_and_the_graph_is_recorded(
    empty_db: neo4j.Driver, neo4j_env: Server, graph_json: Path
) -> None:
    result = run_cli("neo4j", "push", str(graph_json), "--quiet", "--graph-name", "papers 2026")
    assert result.exit_code == 0, result.stderr
    assert "of graph 'papers 2026'" in result.stdout
    graph = read_graph(graph_json)
    assert database_state(empty_db)[0].keys() == set(graph.nodes)
    assert unmarked_nodes(empty_db, "papers 2026") == []
    records = empty_db.execute_query("MATCH (g:KgGraph) RETURN g, g:KgNode AS marked").records
    assert len(records) == 1
    stored = dict(records[0]["g"])
    assert records[0]["marked"]
    assert (stored["name"], stored["nodes"], stored["relationships"], stored["complete"]) == (
        "papers 2026", graph.number_of_nodes(), graph.number_of_edges(), True)


def test_a_second_graph_is_refused_unless_merged_or_named_alike(
    empty_db: neo4j.Driver, neo4j_env: Server, graph_json: Path, tmp_path: Path
) -> None:
    assert run_cli("neo4j", "push", str(graph_json), "--quiet").exit_code == 0
    first = database_state(empty_db)
    other = smaller_graph(graph_json, tmp_path / "other")

    message = one_line_error(run_cli("neo4j", "push", str(other), "--quiet"))
    assert message.startswith("error: database 'neo4j' already holds kg graph 'fixtures'; pushing graph 'other' "
                              "as well would mix them"), message
    assert "--wipe" in message and "--merge" in message
    assert database_state(empty_db) == first
    assert [record["name"] for record in empty_db.execute_query("MATCH (g:KgGraph) RETURN g.name AS name").records] \
        == ["fixtures"]

    assert run_cli("neo4j", "push", str(other), "--quiet", "--graph-name", "fixtures").exit_code == 0
    assert run_cli("neo4j", "push", str(other), "--quiet", "--merge").exit_code == 0
    names = empty_db.execute_query("MATCH (g:KgGraph) RETURN g.name AS name ORDER BY name").records
    assert [record["name"] for record in names] == ["fixtures", "other"]

    assert run_cli("neo4j", "push", str(other), "--quiet", "--wipe", "--yes").exit_code == 0
    assert database_state(empty_db) == graph_state(other)
    names = empty_db.execute_query("MATCH (g:KgGraph) RETURN g.name AS name").records
    assert [record["name"] for record in names] == ["other"]


@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "https://localhost", "localhost:7687", "bolt://"])
def test_a_uri_that_is_not_bolt_is_one_line(neo4j_env: Server, graph_json: Path, uri: str) -> None:
    message = one_line_error(run_cli("neo4j", "push", str(graph_json), "--uri", uri))
    assert message.startswith(f"error: Neo4j URI '{uri}' is not a Bolt URI: it must start with one of bolt://")


LISTENER_REPLIES = {"silent": b"", "http": b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n",
                    "ssh": b"SSH-2.0-OpenSSH_9.2\r\n"}


@pytest.fixture(params=sorted(LISTENER_REPLIES))
def non_bolt_listener(request: pytest.FixtureRequest) -> Iterator[int]:
    """A TCP server on 127.0.0.1 that accepts connections and either says nothing or answers like
    an HTTP or SSH server; yields its port."""
    reply = LISTENER_REPLIES[request.param]
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            if reply:
                connection.sendall(reply)
            held.append(connection)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        server.close()


def test_a_listener_that_is_not_bolt_fails_with_a_reason(
    neo4j_env: Server, graph_json: Path, non_bolt_listener: int
) -> None:
    uri = f"bolt://127.0.0.1:{non_bolt_listener}"
    started = time.monotonic()
    message = one_line_error(run_cli("neo4j", "push", str(graph_json), "--uri", uri))
    elapsed = time.monotonic() - started
    assert message.startswith(f"error: cannot reach Neo4j at {uri}: "), message
    assert "not a Bolt server" in message, message
    # The connection timeout is honoured (the driver's retries once took 61 s here).
    assert elapsed < 40, f"took {elapsed:.0f} s"


@pytest.mark.parametrize("value", ["99999999999999999999", "-9223372036854775809"])
def test_an_integer_parameter_beyond_64_bits_is_one_line(neo4j_env: Server, value: str) -> None:
    message = one_line_error(run_cli("neo4j", "query", "top_methods", "--param", f"limit={value}"))
    assert message == (f"error: parameter 'limit' needs an integer from -9223372036854775808 to "
                       f"9223372036854775807 (Neo4j's 64-bit range), got '{value}'")


def test_help_names_the_environment_variables_and_hides_their_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-in-env")
    monkeypatch.setenv("NEO4J_URI", "bolt://example.invalid:7687")
    for command in ("push", "query", "schema"):
        result = run_cli("neo4j", command, "--help")
        assert result.exit_code == 0
        for variable in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
            assert variable in result.stdout, (command, variable, result.stdout)
        assert "bolt://localhost:7687" in result.stdout
        assert "s3cret-in-env" not in result.stdout


def test_an_empty_graph_name_is_refused(neo4j_env: Server, graph_json: Path) -> None:
    message = one_line_error(run_cli("neo4j", "push", str(graph_json), "--graph-name", " "))
    assert message == "error: --graph-name must not be empty"
