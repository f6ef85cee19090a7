"""`kg publish`: copy a finished output folder to shared storage or an object store (an fsspec URL)."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.commands.output import console as output_console
from kg.commands.output import fail, plural

console = output_console(stderr=True)


def publish_command(
    folder: Path = typer.Argument(..., help="An output folder a finished kg build wrote."),
    url: str = typer.Argument(..., help="Where to copy it: an fsspec URL (s3://bucket/field, gs://..., "
                                         "file:///mnt/shared/field) or a local path."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors."),
) -> None:
    """Copy a finished output folder's files to URL; only what changed since the last publish is sent.

    Example: kg publish out/field s3://bucket/field   (s3fs installed, credentials as s3fs reads them)
    """
    from kg.publish import PublishError, publish  # here: fsspec and the build's modules load only for this

    def on_file(name: str, size: int) -> None:
        if not quiet:
            console.print(f"sending {name} ({size / 1e6:,.1f} MB)", markup=False)

    try:
        report = publish(folder, url, on_file=on_file)
    except PublishError as error:
        raise fail(error) from None
    if not quiet:
        console.print(f"published {folder} to {url}: {plural(len(report.uploaded), 'file')} sent "
                      f"({report.bytes_uploaded / 1e6:,.1f} MB), {len(report.unchanged)} unchanged, "
                      f"{len(report.deleted)} deleted", markup=False, soft_wrap=True)
