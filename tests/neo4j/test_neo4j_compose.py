"""docker-compose.yml, Dockerfile and .env.example checked as files (no Docker engine here): pinned
images, the same Neo4j version as the test server, ports, health-gated start, auth from .env."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))


def pinned_version() -> str:
    script = (REPO / "scripts" / "neo4j-test-server").read_text(encoding="utf-8")
    match = re.search(r"^NEO4J_VERSION=(\d+\.\d+\.\d+)$", script, flags=re.MULTILINE)
    assert match, "scripts/neo4j-test-server must pin NEO4J_VERSION=x.y.z"
    return match.group(1)


def test_neo4j_image_is_the_test_servers_version(compose: dict) -> None:
    assert compose["services"]["neo4j"]["image"] == f"neo4j:{pinned_version()}-community"


def test_no_image_floats(compose: dict) -> None:
    images = [service["image"] for service in compose["services"].values() if "image" in service]
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    images += re.findall(r"^FROM\s+(\S+)", dockerfile, flags=re.MULTILINE)
    for image in images:
        name, _, tag = image.partition(":")
        assert tag and tag != "latest", f"{image} is not pinned"
        if name != "kg":  # the locally built image
            assert re.match(r"\d+\.\d+\.\d+", tag), f"{image} should pin a full version"


def test_neo4j_service(compose: dict) -> None:
    neo4j = compose["services"]["neo4j"]
    container_ports = {str(port).rsplit(":", 1)[-1] for port in neo4j["ports"]}
    assert container_ports == {"7474", "7687"}
    assert neo4j["environment"]["NEO4J_PLUGINS"] == '["apoc"]'
    assert neo4j["environment"]["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD:?")
    assert "env_file" not in neo4j, "the image would read NEO4J_URI etc. as (unknown) settings"
    assert all(not name.startswith("NEO4J_") or name in {"NEO4J_AUTH", "NEO4J_PLUGINS"} or name.count("_") >= 2
               for name in neo4j["environment"])
    assert any(volume.endswith(":/data") for volume in neo4j["volumes"])
    health = neo4j["healthcheck"]
    assert "cypher-shell" in " ".join(health["test"]) and "RETURN 1" in " ".join(health["test"])
    assert {"interval", "timeout", "retries"} <= set(health)


def test_kg_service_waits_for_a_healthy_neo4j_then_builds_and_pushes(compose: dict) -> None:
    kg = compose["services"]["kg"]
    assert kg["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert kg["build"]["context"] == "."
    assert (REPO / kg["build"]["dockerfile"]).is_file()
    assert kg["env_file"] == ".env"
    assert kg["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    command = " ".join(kg["command"])
    assert "kg build /input --out /out" in command and "kg neo4j push /out/graph.json" in command
    assert any(volume.startswith("./input:/input") for volume in kg["volumes"])


def test_dockerfile_installs_kg_with_its_queries_and_drops_root() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert "COPY queries ./queries" in dockerfile and "KG_QUERIES_DIR=/app/queries" in dockerfile
    assert re.search(r"^RUN pip install \.", dockerfile, flags=re.MULTILINE)
    assert re.search(r"^USER (?!root)\w+", dockerfile, flags=re.MULTILINE)
    for copied in re.findall(r"^COPY (.+) \S+$", dockerfile, flags=re.MULTILINE):
        for path in copied.split():
            assert (REPO / path).exists(), f"Dockerfile copies missing {path}"


def test_env_example_defines_every_variable_compose_and_the_cli_read(compose: dict) -> None:
    example = dict(line.split("=", 1) for line in (REPO / ".env.example").read_text(encoding="utf-8").splitlines()
                   if line and not line.startswith("#"))
    assert set(example) == {"NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"}
    assert len(example["NEO4J_PASSWORD"]) >= 8
    text = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    interpolated = set(re.findall(r"(?<!\$)\$\{(\w+)", text))
    assert interpolated <= set(example)
