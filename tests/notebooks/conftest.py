"""Fixtures for the notebook tests: a kernel that is this interpreter, and the Neo4j test server.

The server comes from scripts/neo4j-test-server as in tests/neo4j (whose fixtures are not visible
here): NEO4J_TEST_URI (+ NEO4J_TEST_USERNAME / NEO4J_TEST_PASSWORD) names a running server;
otherwise the script starts one (or finds it running) and it is stopped at the end only if this
session started it. Without Java/Maven the Neo4j notebook is skipped, except with CI=true.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SERVER_SCRIPT = REPO / "scripts" / "neo4j-test-server"
DEFAULT_TEST_PASSWORD = "kg-test-password"


@pytest.fixture(scope="session", autouse=True)
def this_python_kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A `python3` kernelspec running this interpreter, first on JUPYTER_PATH, so notebooks run
    against this checkout's kg even if the user has another python3 kernel installed."""
    root = tmp_path_factory.mktemp("jupyter")
    spec_dir = root / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3 (kg tests)", "language": "python"}
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    previous = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(root), previous]))
    yield
    if previous is None:
        os.environ.pop("JUPYTER_PATH", None)
    else:
        os.environ["JUPYTER_PATH"] = previous


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"Neo4j test server unavailable in CI: {reason}", pytrace=False)
    pytest.skip(f"Neo4j test server unavailable: {reason}")


@pytest.fixture(scope="session")
def neo4j_settings_env() -> Iterator[dict[str, str]]:
    """NEO4J_* variables (as the notebooks read them) for a running test server."""
    password = os.environ.get("NEO4J_TEST_PASSWORD", DEFAULT_TEST_PASSWORD)
    uri = os.environ.get("NEO4J_TEST_URI")
    started_here = False
    if not uri:
        if not (shutil.which("java") and shutil.which("mvn")):
            _unavailable("java and mvn are needed to build it (see scripts/neo4j-test-server)")
        running = subprocess.run([str(SERVER_SCRIPT), "status"], capture_output=True)
        started = subprocess.run([str(SERVER_SCRIPT), "start"], capture_output=True, text=True)
        if started.returncode != 0:
            _unavailable(f"`{SERVER_SCRIPT} start` failed:\n{started.stderr[-3000:]}")
        uri = started.stdout.strip()
        started_here = running.returncode != 0
    try:
        yield {"NEO4J_URI": uri, "NEO4J_USERNAME": os.environ.get("NEO4J_TEST_USERNAME", "neo4j"),
               "NEO4J_PASSWORD": password, "NEO4J_DATABASE": "neo4j"}
    finally:
        if started_here:
            subprocess.run([str(SERVER_SCRIPT), "stop"], capture_output=True)
