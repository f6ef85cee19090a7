"""`kg fetch`: download listings from the arXiv API or Hugging Face into files `kg build` reads."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.commands.output import console, fail
from kg.ingest.fetch import ARXIV_DELAY_SECONDS, ARXIV_MAX_PAGE, FetchError, FetchResult, fetch_arxiv, fetch_hf_daily

app = typer.Typer(
    name="fetch",
    help="Download paper listings (arXiv API, Hugging Face daily papers) as files for [bold]kg build[/bold].",
    no_args_is_help=True,
)


def _report(result: FetchResult) -> None:
    console().print(f"saved {result.entries} papers ({result.requests} requests) to {result.path}")


@app.command("arxiv")
def arxiv(
    query: str = typer.Argument(..., help="arXiv search query, e.g. 'cat:cs.LG AND abs:\"low-rank\"'."),
    max_results: int = typer.Option(100, "--max", "-n", min=1, help="Most papers to fetch."),
    out: Path = typer.Option(Path("arxiv.xml"), "--out", "-o", help="Atom XML file to write."),
    page_size: int = typer.Option(100, "--page-size", min=1, max=ARXIV_MAX_PAGE, help="Papers per request."),
    delay: float = typer.Option(ARXIV_DELAY_SECONDS, "--delay", min=0.0, help="Seconds between requests."),
) -> None:
    """Search the arXiv API (base URL from $KG_ARXIV_API) and save the results as one Atom file.

    Example: [bold]kg fetch arxiv 'cat:cs.LG AND abs:lora' --max 200 --out lora.xml[/bold]
    """
    try:
        result = fetch_arxiv(query, out, max_results=max_results, page_size=page_size, delay=delay)
    except FetchError as error:
        raise fail(error) from error
    _report(result)


@app.command("hf-daily")
def hf_daily(
    date: str = typer.Argument(..., help="Day of the listing, YYYY-MM-DD."),
    out: Path | None = typer.Option(None, "--out", "-o", help="JSON file to write [default: hf-daily-DATE.json]."),
) -> None:
    """Save Hugging Face's daily papers of one day (base URL from $KG_HF_API) as JSON.

    Example: [bold]kg fetch hf-daily 2024-03-15 --out daily.json[/bold]
    """
    try:
        result = fetch_hf_daily(date, out or Path(f"hf-daily-{date}.json"))
    except FetchError as error:
        raise fail(error) from error
    _report(result)
