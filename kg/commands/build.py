"""`kg build`: the one command that turns paper listings into a graph on disk."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.logging import RichHandler

from kg.commands.choices import Engine, InputFormat, Mode
from kg.commands.output import console, fail, plural
from kg.commands.progress import stage_progress

if TYPE_CHECKING:
    from kg.builder import BuildResult
    from kg.ingest.selection import Selection

err_console = console(stderr=True)


def _configure_logging(quiet: bool, verbose: int) -> None:
    level = logging.ERROR if quiet else {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    handler = RichHandler(console=err_console, show_time=False, show_path=False, markup=False)
    handler.setLevel(level)  # also for libraries that set their own loggers lower (dask.distributed: INFO)
    logging.basicConfig(level=level, handlers=[handler], format="%(message)s", force=True)


def build(
    sources: list[str] = typer.Argument(
        ..., help="Files or folders to read (.gz accepted), or fsspec URLs (s3://..., docs/ingest.md)."
    ),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder."),
    update: Path | None = typer.Option(
        None, "--update", help="Merge SOURCES into the graph already built in this folder (writes there)."
    ),
    fmt: InputFormat | None = typer.Option(
        None, "--format", "-f", help="Force the input format instead of detecting it (see docs/ingest.md)."
    ),
    mode: Mode = typer.Option("default", "--mode", "-m", help="default: statistical NER + rules; fast: rules only."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first rejected entry."),
    html: bool = typer.Option(True, "--html/--no-html", help="Write the interactive graph.html page."),
    formats: str | None = typer.Option(
        None, "--formats",
        help="Graph files to write, comma-separated from json,graphml,gexf,html,parquet "
             "(default: json,graphml,gexf,html, and above 100,000 nodes json,html,parquet, or html,parquet "
             "with --out-of-core; parquet: nodes.parquet and edges.parquet).",
    ),
    n_process: int | None = typer.Option(
        None, "--n-process", "-j", min=1,
        help="Processes for extraction (default: one per core, at most 4, for 500 papers or more), and with "
             "--out-of-core for the graph tables' per-shard steps (default: one per core, at most 4, fewer "
             "when free memory would not hold them).",
    ),
    engine: Engine = typer.Option(
        "local", "--engine", help="Where extraction runs: local (this machine, -j) or dask (docs/dask.md)."
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="With --engine dask: the address of a running Dask scheduler (tcp://HOST:8786)."
    ),
    workers: int | None = typer.Option(
        None, "--workers", min=1, help="With --engine dask: start a local Dask cluster of N worker processes."
    ),
    category: str | None = typer.Option(
        None, "--category", help="Keep only papers in these categories (comma-separated: cs.LG,cs.CL; 'cs': all cs.*)."
    ),
    since: str | None = typer.Option(None, "--since", help="Keep only papers published on or after YYYY-MM-DD."),
    until: str | None = typer.Option(None, "--until", help="Keep only papers published on or before YYYY-MM-DD."),
    out_of_core: bool = typer.Option(
        False, "--out-of-core",
        help="Never hold the corpus or its graph in memory: shards on disk, resumable per shard (docs/scale.md).",
    ),
    shard_size: int | None = typer.Option(
        None, "--shard-size", min=1, help="With --out-of-core: papers per shard (default 50,000)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars; errors only."),
    verbose: int = typer.Option(
        0, "--verbose", "-v", count=True, show_default=False,
        help="Also say which files were skipped (-v) and why lines were (-vv).",
    ),
) -> None:
    """Build the knowledge graph from SOURCES into an output folder.

    Writes graph.json (node-link), graph.graphml, graph.gexf, graph.html, summary.json,
    rejects.jsonl (when anything was rejected), the stage files papers.jsonl / extractions.jsonl
    and manifest.json (what the folder was built with and which files kg wrote); --formats chooses the
    graph files, e.g. json,parquet for graph.json and the tables nodes.parquet / edges.parquet.

    Example: kg build ../shared/seeds --out out/

    A field of arXiv: kg build arxiv-metadata-oai-snapshot.json --category cs.LG,cs.CL --since 2024-01-01
    --out-of-core (the shards in OUT/.shards replace papers.jsonl / extractions.jsonl).
    """
    from kg import builder, workspace  # here, not at the top: spaCy and the graph stack load only for a build
    from kg.extract.dask_engine import DaskEngineError

    if quiet and verbose:
        raise typer.BadParameter("give --quiet or --verbose, not both", param_hint="--quiet/--verbose")
    selection = _selection(category, since, until)
    chosen_formats = _formats(formats)
    _configure_logging(quiet, verbose)
    if engine == "dask" and n_process is not None:
        raise typer.BadParameter("is for the local engine; the dask engine takes --workers N", param_hint="-j")
    if shard_size is not None and not out_of_core:
        raise typer.BadParameter("is for --out-of-core builds", param_hint="--shard-size")
    out_dir = update if update is not None else out
    _refuse_url(out_dir, "--update" if update is not None else "--out")
    with stage_progress(err_console, disable=quiet) as report:
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
                selection=selection,
                formats=chosen_formats,
                engine=engine,
                scheduler=scheduler,
                workers=workers,
                out_of_core=out_of_core,
                shard_size=shard_size or builder.DEFAULT_SHARD_SIZE,
            )
        except builder.EngineChoiceError as error:
            raise typer.BadParameter(str(error), param_hint="--engine") from error
        except DaskEngineError as error:
            raise fail(error) from error
        except builder.StrictModeError as error:
            raise fail(f"{error} (--strict)") from error
        except builder.NothingUsableError as error:
            raise fail(error) from error
        except workspace.WorkspaceError as error:
            raise fail(error) from error
    _print_result(result)


def _refuse_url(folder: Path, option: str) -> None:
    """An output folder given as a URL: the Path has already made `s3://b/f` into the local `s3:/b/f`."""
    from kg.ingest.remote import is_url

    as_given = str(folder).replace(":/", "://", 1)
    if is_url(as_given):
        raise typer.BadParameter(f"{as_given} is a URL; kg builds into a local folder (its renames and "
                                 f"lock keep a killed build safe), then `kg publish FOLDER URL` copies it there",
                                 param_hint=option)


def _selection(category: str | None, since: str | None, until: str | None) -> Selection:
    from kg.ingest.selection import Selection, SelectionError, parse_categories, parse_day

    try:
        return Selection(
            categories=parse_categories(category) if category is not None else frozenset(),
            since=parse_day(since) if since is not None else None,
            until=parse_day(until) if until is not None else None,
        )
    except SelectionError as error:
        raise typer.BadParameter(str(error), param_hint="--category/--since/--until") from error


def _formats(text: str | None) -> frozenset[str] | None:
    from kg import workspace

    if text is None:
        return None  # the defaults for the graph's size (kg.workspace.formats_for)
    chosen = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = sorted(chosen - workspace.FORMAT_FILES.keys())
    if unknown or not chosen:
        raise typer.BadParameter(f"unknown format {', '.join(unknown) or repr(text)}; choose from "
                                 f"{','.join(workspace.FORMAT_FILES)}", param_hint="--formats")
    return chosen


def _print_result(result: BuildResult) -> None:
    from kg import workspace

    out = console()
    out.print(
        f"read {plural(result.entries_read, 'entry', 'entries')}: {plural(result.papers, 'paper')}, "
        f"{plural(result.duplicates_merged, 'duplicate')} merged, {result.rejected} rejected"
        + (f" (+{plural(result.files_rejected, 'unreadable file')})" if result.files_rejected else "")
        + (f"; {result.already_present} already in the graph" if result.already_present else "")
        + (f"; {result.filtered_out} left out by --category/--since/--until" if result.filtered_out else "")
    )
    if result.kept_selection is not None:
        out.print(f"kept the folder's selection: {result.kept_selection.options()} (a build without --update "
                  "drops it)")
    out.print(
        f"extracted entities from {plural(result.extracted, 'paper')}"
        + (f" (all of them again: {result.reextracted_because})" if result.reextracted_because else "")
    )
    if result.resumed:
        out.print(f"resumed: {plural(result.resumed, 'extraction')} from an interrupted build")
    nodes = ", ".join(f"{count} {kind}" for kind, count in result.nodes.items())
    out.print(f"graph: {plural(sum(result.nodes.values()), 'node')} ({nodes}); "
              f"{plural(sum(result.edges.values()), 'edge')}")
    outputs = [workspace.GRAPH_JSON, workspace.GRAPH_GRAPHML, workspace.GRAPH_GEXF, workspace.GRAPH_HTML,
               workspace.NODES_PARQUET, workspace.EDGES_PARQUET, workspace.SUMMARY_JSON, workspace.REJECTS_JSONL,
               workspace.MANIFEST_JSON]
    written = [name for name in outputs if (result.out_dir / name).exists()]
    out.print(f"outputs in {result.out_dir}/: " + ", ".join(written))
    left_out = {workspace.LARGE_GRAPH_FORMATS: "graph.graphml and graph.gexf are",
                workspace.OUT_OF_CORE_LARGE_FORMATS: "graph.json, graph.graphml and graph.gexf are"}
    if result.formats in left_out and sum(result.nodes.values()) > workspace.LARGE_GRAPH_NODES:
        out.print(f"{left_out[result.formats]} left out above {workspace.LARGE_GRAPH_NODES:,} nodes "
                  "(the tables nodes.parquet and edges.parquet hold the graph); ask with --formats")
