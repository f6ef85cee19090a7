"""`kg build`: the one command that turns paper listings into a graph on disk."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from kg import workspace
from kg.commands.output import console, fail

if TYPE_CHECKING:
    from kg.builder import BuildResult

err_console = console(stderr=True)


def _configure_logging(quiet: bool) -> None:
    level = logging.ERROR if quiet else logging.WARNING
    handler = RichHandler(console=err_console, show_time=False, show_path=False, markup=False)
    handler.setLevel(level)  # also for libraries that set their own loggers lower (dask.distributed: INFO)
    logging.basicConfig(level=level, handlers=[handler], format="%(message)s", force=True)


def build(
    sources: list[Path] = typer.Argument(..., help="Files or folders to read (.gz accepted)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder."),
    update: Path | None = typer.Option(
        None, "--update", help="Merge SOURCES into the graph already built in this folder (writes there)."
    ),
    fmt: str | None = typer.Option(
        None, "--format", "-f", help="Force the input format instead of detecting it (see docs/ingest.md)."
    ),
    mode: str = typer.Option("default", "--mode", "-m", help="default: statistical NER + rules; fast: rules only."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first rejected entry."),
    html: bool = typer.Option(True, "--html/--no-html", help="Write the interactive graph.html page."),
    n_process: int | None = typer.Option(
        None, "--n-process", "-j", min=1,
        help="Processes for extraction (default: one per core, at most 4, for 500 papers or more).",
    ),
    engine: str = typer.Option(
        "local", "--engine", help="Where extraction runs: local (this machine, -j) or dask (docs/dask.md)."
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="With --engine dask: the address of a running Dask scheduler (tcp://HOST:8786)."
    ),
    workers: int | None = typer.Option(
        None, "--workers", min=1, help="With --engine dask: start a local Dask cluster of N worker processes."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars; errors only."),
) -> None:
    """Build the knowledge graph from SOURCES into an output folder.

    Writes graph.json (node-link), graph.graphml, graph.gexf, graph.html, summary.json,
    rejects.jsonl (when anything was rejected), the stage files papers.jsonl / extractions.jsonl
    and manifest.json (what the folder was built with and which files kg wrote).

    Example: [bold]kg build ../shared/seeds --out out/[/bold]
    """
    from kg import builder  # here, not at the top: spaCy and the graph stack load only for a build
    from kg.extract.dask_engine import DaskEngineError
    from kg.extract.pipeline import MODES
    from kg.ingest import InputError

    _configure_logging(quiet)
    if mode not in MODES:
        raise typer.BadParameter(f"mode must be one of {', '.join(MODES)}", param_hint="--mode")
    if engine == "dask" and n_process is not None:
        raise typer.BadParameter("is for the local engine; the dask engine takes --workers N", param_hint="-j")
    out_dir = update if update is not None else out
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, disable=quiet, transient=True) as bars:
        tasks: dict[str, int] = {}

        def report(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total)
            bars.update(tasks[stage], completed=done, total=total)

        try:
            result = builder.build(
                sources,
                out_dir,
                fmt=fmt,
                mode=mode,
                strict=strict,
                update=update is not None,
                html=html,
                n_process=n_process,
                progress=report,
                engine=engine,
                scheduler=scheduler,
                workers=workers,
            )
        except builder.EngineChoiceError as error:
            raise typer.BadParameter(str(error), param_hint="--engine") from error
        except DaskEngineError as error:
            raise fail(error) from error
        except builder.StrictModeError as error:
            raise fail(f"{error} (--strict)") from error
        except builder.NothingUsableError as error:
            raise fail(error) from error
        except InputError as error:
            raise typer.BadParameter(str(error), param_hint="--format") from error
        except workspace.WorkspaceError as error:
            raise fail(error) from error
    _print_result(result)


def _print_result(result: BuildResult) -> None:
    out = console()
    out.print(
        f"read {result.entries_read} entries: {result.papers} papers, "
        f"{result.duplicates_merged} duplicates merged, {result.rejected} rejected"
        + (f" (+{result.files_rejected} unreadable files)" if result.files_rejected else "")
        + (f"; {result.already_present} already in the graph" if result.already_present else "")
    )
    out.print(
        f"extracted entities from {result.extracted} papers"
        + (f" (all of them again: {result.reextracted_because})" if result.reextracted_because else "")
    )
    nodes = ", ".join(f"{count} {kind}" for kind, count in result.nodes.items())
    out.print(f"graph: {sum(result.nodes.values())} nodes ({nodes}); {sum(result.edges.values())} edges")
    outputs = [workspace.GRAPH_JSON, workspace.GRAPH_GRAPHML, workspace.GRAPH_GEXF, workspace.GRAPH_HTML,
               workspace.SUMMARY_JSON, workspace.REJECTS_JSONL, workspace.MANIFEST_JSON]
    written = [name for name in outputs if (result.out_dir / name).exists()]
    out.print(f"outputs in {result.out_dir}/: " + ", ".join(written))
