"""The Dask engine: a build whose extraction runs on a real LocalCluster of 2 worker processes writes the
same bytes as the local engine, each worker loads its pipeline once, and what cannot run says so in one line."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dask
import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from kg.builder import build
from kg.cli import app
from kg.extract.dask_engine import LOCAL_DASHBOARD, DaskEngineError, checked_extractions, local_cluster, made_with

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
COMPARED = ("graph.json", "papers.jsonl", "extractions.jsonl", "summary.json", "manifest.json")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of one LocalCluster as `--workers 2` starts it, for the whole module."""
    with local_cluster(2) as cluster:
        yield cluster.scheduler_address


def pipelines_loaded(scheduler: str) -> list[int]:
    """Per worker process, how many extraction pipelines it has built (load_extractor's cache misses)."""
    def misses() -> int:
        from kg.extract.pipeline import load_extractor

        return load_extractor.cache_info().misses

    with Client(scheduler) as client:
        return sorted(client.run(misses).values())


def assert_same_outputs(local: Path, on_dask: Path) -> None:
    for name in COMPARED:
        assert (on_dask / name).read_bytes() == (local / name).read_bytes(), name


def test_fast_build_on_dask_writes_the_local_engines_bytes(seeds_dir: Path, scheduler: str, tmp_path: Path) -> None:
    local = build([seeds_dir], tmp_path / "local", mode="fast", html=False)
    on_dask = build([seeds_dir], tmp_path / "dask", mode="fast", html=False, engine="dask", scheduler=scheduler)
    assert local.papers == on_dask.papers == on_dask.extracted > 400
    assert_same_outputs(tmp_path / "local", tmp_path / "dask")
    # Both workers extracted (in batches), each building the fast pipeline once for all of its batches.
    assert pipelines_loaded(scheduler) == [1, 1]


def test_local_workers_keep_the_default_memory_trimming(scheduler: str) -> None:
    with Client(scheduler) as client:
        found = client.run(lambda: __import__("os").environ.get("MALLOC_TRIM_THRESHOLD_"))
    assert list(found.values()) == [None, None]


def test_default_build_and_update_on_dask_write_the_local_engines_bytes(scheduler: str, tmp_path: Path) -> None:
    for engine, options in (("local", {}), ("dask", {"engine": "dask", "scheduler": scheduler})):
        out = tmp_path / engine
        build([EXAMPLES / "papers.jsonl"], out, html=False, **options)
        updated = build([EXAMPLES / "papers_more.csv"], out, html=False, update=True, **options)
        assert updated.extracted == 3  # only the new papers went through extraction
    assert_same_outputs(tmp_path / "local", tmp_path / "dask")


def test_a_local_cluster_of_n_workers_is_started_for_the_build(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(EXAMPLES), "--out", str(tmp_path / "dask"), "--mode", "fast",
                                      "--no-html", "--engine", "dask", "--workers", "2"])
    assert result.exit_code == 0, result.output
    build([EXAMPLES], tmp_path / "local", mode="fast", html=False)
    assert_same_outputs(tmp_path / "local", tmp_path / "dask")


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_scheduler_is_one_line_naming_it_before_any_source_is_read(tmp_path: Path) -> None:
    address = f"tcp://127.0.0.1:{unused_port()}"
    unreadable = tmp_path / "not-there.jsonl"  # read first, it would end the build with "nothing usable"
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = CliRunner().invoke(app, ["build", str(unreadable), "--out", str(tmp_path / "out"), "--mode", "fast",
                                          "--engine", "dask", "--scheduler", address])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: cannot reach the Dask scheduler at {address} ")
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


# A Python without dask: `import distributed` fails as it does when the package is not installed.
WITHOUT_DASK = """
import sys
sys.modules["distributed"] = None
from kg.cli import app
app(["build", sys.argv[1], "--out", sys.argv[2], "--mode", "fast", "--engine", "dask", "--workers", "2"])
"""


def test_without_dask_the_engine_says_how_to_install_it(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-c", WITHOUT_DASK, str(EXAMPLES), str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert run.stderr.strip() == ("error: the Dask engine needs dask.distributed, which is not installed: "
                                  "pip install 'kg[dask]'")


LOCAL_BUILD_MODULES = """
import sys
from pathlib import Path
from kg.builder import build
build([Path(sys.argv[1])], Path(sys.argv[2]), mode="fast", html=False)
print(sorted({name.split(".")[0] for name in sys.modules} & {"dask", "distributed"}))
"""


def test_the_local_engine_does_not_import_dask(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-c", LOCAL_BUILD_MODULES, str(EXAMPLES), str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=120, check=True)
    assert run.stdout == "[]\n"


@pytest.mark.parametrize("options", [
    ["--workers", "2"],
    ["--engine", "dask", "--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"],
    ["--engine", "dask", "-j", "2"],
    ["--engine", "spark"],
])
def test_engine_options_that_disagree_are_refused_before_reading(options: list[str], tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(EXAMPLES), "--out", str(tmp_path / "out"), *options])
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()


def test_a_worker_with_other_resources_stops_the_build_naming_it() -> None:
    here = made_with("fast", None)
    older_kg = ("0.0.1", [list(pair) for pair in here[1]])  # as Dask may send it: tuples as lists
    with pytest.raises(DaskEngineError, match=r"Dask worker tcp://10\.0\.0\.7:40000 extracts with kg 0\.0\.1 "):
        list(checked_extractions(("tcp://10.0.0.7:40000", older_kg, []), here))
    same = (here[0], [list(pair) for pair in here[1]])
    assert list(checked_extractions(("tcp://10.0.0.7:40000", same, []), here)) == []


# A Dask worker in a Python where kg cannot be imported, as on a host where it is not installed.
WORKER_WITHOUT_KG = """
import sys
sys.modules["kg"] = None
from distributed.cli.dask_worker import main
main([sys.argv[1], "--no-nanny", "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"])
"""


def test_a_worker_without_kg_is_one_line_before_any_source_is_read(tmp_path: Path) -> None:
    unreadable = tmp_path / "not-there.jsonl"  # read first, it would end the build with "nothing usable"
    with LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=LOCAL_DASHBOARD) as cluster:
        worker = subprocess.Popen([sys.executable, "-c", WORKER_WITHOUT_KG, cluster.scheduler_address],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with Client(cluster) as client:
                client.wait_for_workers(1, timeout=60)
            result = CliRunner().invoke(app, ["build", str(unreadable), "--out", str(tmp_path / "out"), "--mode",
                                              "fast", "--engine", "dask", "--scheduler", cluster.scheduler_address])
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: a Dask worker cannot run kg's extraction ("), lines
    assert "No module named 'kg.extract'" in lines[0]
    assert lines[0].endswith("every worker needs the kg of this machine: pip install 'kg[dask]'")
    assert not (tmp_path / "out").exists()
