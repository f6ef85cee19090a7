"""`kg fetch`: download listings from the arXiv API or Hugging Face into files `kg build` reads."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.commands.output import clean, command_group, console, fail, plural
from kg.commands.progress import stage_progress
from kg.ingest.fetch import (
    ARXIV_DELAY_SECONDS, ARXIV_MAX_PAGE, RETRIES, RETRY_WAIT_SECONDS, FetchError, FetchResult, RetryPolicy,
    fetch_arxiv, fetch_hf_daily,
)

app = command_group("Download paper listings (arXiv API, Hugging Face daily papers) as files for kg build.")


err_console = console(stderr=True)

RETRIES_OPTION = typer.Option(
    RETRIES, "--retries", min=0, help="Tries again after a failed request (network, HTTP 429 or 5xx)."
)
RETRY_WAIT_OPTION = typer.Option(
    RETRY_WAIT_SECONDS, "--retry-wait", min=0.0, help="Seconds before the first retry; doubled before each next one."
)


def _retry_policy(retries: int, retry_wait: float) -> RetryPolicy:
    def notice(failure: str, wait: float) -> None:
        err_console.print(clean(f"{failure}; trying again in {wait:.1f} s"), markup=False)

    return RetryPolicy(retries=retries, first_wait=retry_wait, notice=notice)


def _report(result: FetchResult) -> None:
    resumed = f", going on after {plural(result.resumed_pages, 'page')} kept from before" if result.resumed_pages else ""
    console().print(f"saved {plural(result.entries, 'paper')} ({plural(result.requests, 'request')}{resumed}) "
                    f"to {result.path}", markup=False)


@app.command("arxiv")
def arxiv(
    query: str = typer.Argument(..., help="arXiv search query, e.g. 'cat:cs.LG AND abs:\"low-rank\"'."),
    max_results: int = typer.Option(100, "--max", "-n", min=1, help="Most papers to fetch."),
    out: Path = typer.Option(Path("arxiv.xml"), "--out", "-o", help="Atom XML file to write."),
    page_size: int = typer.Option(100, "--page-size", min=1, max=ARXIV_MAX_PAGE, help="Papers per request."),
    delay: float = typer.Option(ARXIV_DELAY_SECONDS, "--delay", min=0.0, help="Seconds between requests."),
    retries: int = RETRIES_OPTION,
    retry_wait: float = RETRY_WAIT_OPTION,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Search the arXiv API (base URL from $KG_ARXIV_API) and save the results as one Atom file.

    Pages arrive in OUT.pages first: when a request still fails after its retries, the same command
    run again goes on from there instead of starting over.

    Example: kg fetch arxiv 'cat:cs.LG AND abs:lora' --max 200 --out lora.xml
    """
    try:
        with stage_progress(err_console, disable=quiet) as report:
            report("arxiv", 0, None)
            result = fetch_arxiv(query, out, max_results=max_results, page_size=page_size, delay=delay,
                                 retry=_retry_policy(retries, retry_wait),
                                 progress=lambda done, total: report("arxiv", done, total))
    except (FetchError, OSError) as error:  # OSError: an --out kg cannot write
        raise fail(error) from error
    _report(result)


@app.command("hf-daily")
def hf_daily(
    date: str = typer.Argument(..., help="Day of the listing, YYYY-MM-DD."),
    out: Path | None = typer.Option(None, "--out", "-o", help="JSON file to write [default: hf-daily-DATE.json]."),
    retries: int = RETRIES_OPTION,
    retry_wait: float = RETRY_WAIT_OPTION,
) -> None:
    """Save Hugging Face's daily papers of one day (base URL from $KG_HF_API) as JSON.

    Example: kg fetch hf-daily 2024-03-15 --out daily.json
    """
    try:
        result = fetch_hf_daily(date, out or Path(f"hf-daily-{date}.json"), retry=_retry_policy(retries, retry_wait))
    except (FetchError, OSError) as error:  # OSError: an --out kg cannot write
        raise fail(error) from error
    _report(result)
