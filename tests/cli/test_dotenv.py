"""kg reads .env in the folder it runs in, when a command runs; the environment wins over the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cli_helpers import REPO
from local_http import LocalServer, arxiv_responder, server  # noqa: F401 (server: a fixture)


def kg_in(folder: Path, *args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """`python -m kg ARGS` run in `folder`, with KG_ARXIV_API only as given here."""
    env = {key: value for key, value in os.environ.items() if key != "KG_ARXIV_API"}
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=folder,
                          env={**env, "PYTHONPATH": str(REPO), **variables}, timeout=120)


def test_a_command_reads_dot_env_and_the_environment_wins(server: LocalServer, tmp_path: Path) -> None:
    server.respond = arxiv_responder(total=3)
    (tmp_path / ".env").write_text(f"# settings\nKG_ARXIV_API={server.base}/api/query\n", encoding="utf-8")
    fetched = kg_in(tmp_path, "fetch", "arxiv", "q", "--delay", "0", "-q")
    assert fetched.returncode == 0, fetched.stderr
    assert "saved 3 papers (1 request)" in fetched.stdout and len(server.requests) == 1

    elsewhere = kg_in(tmp_path, "fetch", "arxiv", "q", "--delay", "0", "-q", "--retries", "0",
                      KG_ARXIV_API="http://127.0.0.1:9/api/query")
    assert elsewhere.returncode == 1 and "127.0.0.1:9" in elsewhere.stderr
    assert len(server.requests) == 1


def test_importing_kg_reads_no_dot_env(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("KG_DOTENV_PROBE=from-file\n", encoding="utf-8")
    code = "import os, kg.cli, kg.commands.neo4j; print(os.environ.get('KG_DOTENV_PROBE'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)
    assert result.stdout == "None\n"
