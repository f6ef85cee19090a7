"""`kg train ner`: train kg's NER pipeline from SciERC (+ TDMSci) with a fixed seed."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from kg.extract.ner.corpus import CorpusError
from spacy.util import load_config

from kg.extract.ner.training import prepare_data, prepare_raw_text, pretrain_tok2vec, train_ner

app = typer.Typer(help="Train kg's models.", no_args_is_help=True)

DEFAULT_CONFIG = Path(__file__).resolve().parents[2] / "configs" / "ner.cfg"


@app.command("ner")
def train_ner_command(
    scierc: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="SciERC train.json (JSON lines).")],
    out: Annotated[Path, typer.Option(help="Where to write the trained pipeline (replaced if present).")],
    tdmsci: Annotated[
        Path | None, typer.Option(exists=True, dir_okay=False, help="TDMSci CoNLL file to train on as well.")
    ] = None,
    dev: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False,
                     help="SciERC dev.json for checkpoint choice (default: dev.json beside --scierc)."),
    ] = None,
    config: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="spaCy training config.")] = DEFAULT_CONFIG,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same data -> same model.")] = 0,
    seeds: Annotated[
        Path | None,
        typer.Option(file_okay=False, help="Folder of saved listing pages whose abstracts join the pretraining text "
                                           "(default: shared/seeds of the same checkout as --scierc, if present)."),
    ] = None,
    pretrain_epochs: Annotated[
        int | None,
        typer.Option(help="Epochs of tok2vec pretraining (default: the config's pretraining max_epochs); 0 skips it."),
    ] = None,
    max_steps: Annotated[
        int | None, typer.Option(help="Override the config's training max_steps (e.g. for a quick run).")
    ] = None,
) -> None:
    """Train on SciERC train (+ TDMSci minus its held-out tenth), keep the checkpoint best on SciERC dev."""
    if out.exists() and any(out.iterdir()) and not (out / "config.cfg").is_file():
        raise typer.BadParameter(f"{out}: not empty and not a spaCy pipeline; refusing to replace it", param_hint="--out")
    dev_path = dev if dev is not None else scierc.with_name("dev.json")
    if not dev_path.is_file():
        raise typer.BadParameter(f"{dev_path}: no SciERC dev file; pass --dev", param_hint="--dev")
    seeds_dir = seeds if seeds is not None else scierc.resolve().parent.parent.parent / "seeds"
    overrides: dict[str, object] = {}
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
    epochs = pretrain_epochs if pretrain_epochs is not None else int(load_config(config)["pretraining"]["max_epochs"])
    with tempfile.TemporaryDirectory(prefix="kg-train-") as tmp:
        workdir = Path(tmp)
        try:
            data = prepare_data(scierc, dev_path, tdmsci, workdir)
            if epochs > 0:
                raw = prepare_raw_text(scierc, tdmsci, seeds_dir if seeds_dir.is_dir() else None, workdir)
                typer.echo(f"pretraining tok2vec for {epochs} epochs", err=True)
                weights = pretrain_tok2vec(config, raw, workdir, seed=seed,
                                           overrides={"pretraining.max_epochs": epochs})
                overrides["paths.init_tok2vec"] = str(weights)
        except CorpusError as error:
            raise typer.BadParameter(str(error)) from error
        typer.echo(json.dumps({"alignment": data.stats}, sort_keys=True), err=True)
        train_ner(config, data, out, seed=seed, overrides=overrides)
    typer.echo(f"wrote {out}")
