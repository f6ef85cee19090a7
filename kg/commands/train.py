"""`kg train ner`: train kg's NER pipeline from SciERC (+ TDMSci) with a fixed seed."""

from __future__ import annotations

import json
import multiprocessing
import tempfile
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from spacy.util import load_config

from kg.commands.output import command_group, plural
from kg.training.corpus import CorpusError
from kg.training.train_ner import DevCorpus, assemble_vote, dev_score, prepare_data, prepare_raw_text, train_member

app = command_group("Train kg's models.")

DEFAULT_CONFIG = Path(__file__).resolve().parents[2] / "configs" / "ner.cfg"


@app.command("ner")
def train_ner_command(
    scierc: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="SciERC train.json (JSON lines).")],
    out: Annotated[Path, typer.Option(help="Where to write the trained pipeline (replaced if present).")],
    tdmsci: Annotated[
        Path | None, typer.Option(exists=True, dir_okay=False, help="TDMSci CoNLL file to train on as well.")
    ] = None,
    scirex: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False,
                     help="SciREX docs.jsonl(.gz): its 'train' papers' sentences with a mention join training "
                          "(and all their sentences the pretraining text)."),
    ] = None,
    scirex_limit: Annotated[
        int, typer.Option(min=0, help="At most this many SciREX sentences, spread over the papers (0: all).")
    ] = 0,
    choose_on: Annotated[
        DevCorpus,
        typer.Option(help="Dev data that chooses the checkpoint: SciERC dev (--dev) or the SciREX 'dev' papers' "
                          "sentences (needs --scirex)."),
    ] = "scierc",
    dev: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False,
                     help="SciERC dev.json for checkpoint choice (default: dev.json beside --scierc)."),
    ] = None,
    scirex_dev_limit: Annotated[
        int, typer.Option(min=0, help="With --choose-on scirex: this many SciREX dev sentences, spread evenly (0: all).")
    ] = 0,
    config: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="spaCy training config.",
                                         show_default="configs/ner.cfg of the kg checkout")] = DEFAULT_CONFIG,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same data -> same model.")] = 0,
    members: Annotated[
        int,
        typer.Option(min=1, help="Models to train (seeds SEED, SEED+1, ...); more than one are shipped as a "
                                 "vote: an entity is kept when --min-votes of them predict it."),
    ] = 1,
    min_votes: Annotated[int, typer.Option(min=1, help="Votes an entity needs when --members > 1.")] = 2,
    jobs: Annotated[int, typer.Option(min=1, help="Models trained at the same time, one process each.")] = 2,
    seeds: Annotated[
        Path | None,
        typer.Option(file_okay=False, help="Folder of saved listing pages whose abstracts join the pretraining text "
                                           "(default: shared/seeds of the same checkout as --scierc, if present)."),
    ] = None,
    pretrain_epochs: Annotated[
        int | None,
        typer.Option(help="Epochs of tok2vec pretraining on unlabeled text (SciERC train, TDMSci train part, seed "
                          "abstracts, SciREX train papers with --scirex; default: the config's pretraining "
                          "max_epochs); 0 skips it."),
    ] = None,
    max_steps: Annotated[
        int | None, typer.Option(help="Override the config's training max_steps (e.g. for a quick run).")
    ] = None,
) -> None:
    """Train on SciERC train (+ TDMSci minus its held-out tenth, + SciREX train sentences); keep the best on dev.

    Dev is SciERC dev, or with --choose-on scirex the sentences of the SciREX 'dev' papers.

    By default one model is trained and written as a plain spaCy NER pipeline; with --scirex this
    reproduces the shipped model (about an hour on this busy 2-core machine, docs/ner.md). `--members N`
    trains N models with consecutive seeds, `--jobs` at a time, and writes them as one voting pipeline
    that keeps what --min-votes of them predict (the earlier shipped recipe: 4 members, 2 votes).
    """
    if members > 1 and min_votes > members:
        raise typer.BadParameter(f"--min-votes {min_votes} is more than --members {members}", param_hint="--min-votes")
    if out.exists() and any(out.iterdir()) and not (out / "config.cfg").is_file():
        raise typer.BadParameter(f"{out}: not empty and not a spaCy pipeline; refusing to replace it", param_hint="--out")
    if choose_on == "scirex" and scirex is None:
        raise typer.BadParameter("--choose-on scirex needs --scirex", param_hint="--choose-on")
    dev_path = dev if dev is not None else scierc.with_name("dev.json")
    if choose_on == "scierc" and not dev_path.is_file():
        raise typer.BadParameter(f"{dev_path}: no SciERC dev file; pass --dev", param_hint="--dev")
    seeds_dir = seeds if seeds is not None else scierc.resolve().parent.parent.parent / "seeds"
    overrides: dict[str, object] = {}
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
    epochs = pretrain_epochs if pretrain_epochs is not None else int(load_config(config)["pretraining"]["max_epochs"])
    with tempfile.TemporaryDirectory(prefix="kg-train-") as tmp:
        workdir = Path(tmp)
        try:
            data = prepare_data(scierc, dev_path, tdmsci, workdir, scirex=scirex, scirex_limit=scirex_limit,
                                dev_on=choose_on, scirex_dev_limit=scirex_dev_limit)
            raw = prepare_raw_text(scierc, tdmsci, seeds_dir if seeds_dir.is_dir() else None, workdir,
                                   scirex=scirex) if epochs > 0 else None
        except CorpusError as error:
            raise typer.BadParameter(str(error)) from error
        typer.echo(json.dumps({"alignment": data.stats}, sort_keys=True), err=True)
        member_seeds = list(range(seed, seed + members))
        outs = [out] if members == 1 else [workdir / f"member-{member_seed}" for member_seed in member_seeds]
        train_one = partial(train_member, config, data, overrides=overrides, raw_text=raw, pretrain_epochs=epochs)
        workers = min(jobs, members)
        typer.echo(f"training {plural(members, 'model')}, seeds {member_seeds[0]}..{member_seeds[-1]}, "
                   f"{workers} at a time", err=True)
        if workers == 1:
            member_dirs = [train_one(member_out, seed=member_seed) for member_out, member_seed in zip(outs, member_seeds)]
        else:  # each worker logs to its own file: interleaved training tables would be unreadable
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                futures = [pool.submit(train_one, member_out, seed=member_seed, log_path=workdir / f"{member_seed}.log")
                           for member_out, member_seed in zip(outs, member_seeds)]
                member_dirs = [future.result() for future in futures]
        for member_seed, member_dir in zip(member_seeds, member_dirs):
            typer.echo(f"model seed {member_seed}: {choose_on} dev F1 {100 * dev_score(member_dir):.2f} "
                       "(spaCy's flat score)", err=True)
        if members > 1:
            assemble_vote(member_dirs, out, min_votes=min_votes)
    typer.echo(f"wrote {out}")
