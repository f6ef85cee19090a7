"""`kg eval`: exact-span precision/recall/F1 of the NER pipeline on gold SciERC or TDMSci files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import spacy
import typer
from rich.console import Console
from rich.table import Table
from spacy.language import Language

from kg.extract.ner import load_ner
from kg.training.corpus import SCIERC_LABELS, TDMSCI_LABELS, CorpusError, read_scierc, read_tdmsci
from kg.training.evaluate import evaluate
from kg.training.scirex_corpus import SCIREX_LABELS, read_scirex
from kg.training.scirex_split import SPLITS
from kg.extract.ner.labels import MODEL_TO_TDMSCI
from kg.training.scoring import SpanScores
from kg.training.train_ner import tdmsci_split

app = typer.Typer(help="Score the NER pipeline on gold data (exact span + type match).", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print scores as JSON.")]
ModelOption = Annotated[
    Path | None,
    typer.Option("--model", exists=True, file_okay=False, help="A spaCy pipeline directory (default: the shipped kg NER)."),
]
GoldPath = Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="Gold file.")]


def _pipeline(model: Path | None) -> Language:
    return spacy.load(model) if model is not None else load_ner()


def _report(scores: SpanScores, as_json: bool, title: str) -> None:
    if as_json:
        typer.echo(json.dumps(scores.as_dict(), sort_keys=True))
        return
    table = Table(title=f"{title} ({scores.docs} docs, exact span + type)")
    for column in ("type", "precision", "recall", "f1", "tp", "predicted", "gold"):
        table.add_column(column, justify="left" if column == "type" else "right")
    rows = [(label, scores.per_type[label]) for label in scores.labels] + [("micro", scores.micro)]
    for name, counts in rows:
        table.add_row(name, f"{100 * counts.precision:.2f}", f"{100 * counts.recall:.2f}", f"{100 * counts.f1:.2f}",
                      str(counts.tp), str(counts.predicted), str(counts.gold))
    Console().print(table)


@app.command("scierc")
def eval_scierc(path: GoldPath, as_json: JsonOption = False, model: ModelOption = None) -> None:
    """Score on a SciERC JSON-lines file (Task, Method, Metric, Material, OtherScientificTerm, Generic)."""
    try:
        gold = list(read_scierc(path))
    except CorpusError as error:
        raise typer.BadParameter(str(error)) from error
    _report(evaluate(_pipeline(model), gold, SCIERC_LABELS), as_json, f"SciERC {path.name}")


@app.command("tdmsci")
def eval_tdmsci(
    path: GoldPath,
    as_json: JsonOption = False,
    model: ModelOption = None,
    heldout: Annotated[
        bool, typer.Option("--heldout", help="Score only the sentences `kg train ner` keeps out of training.")
    ] = False,
) -> None:
    """Score on a TDMSci CoNLL file (TASK, DATASET, METRIC; the model's Material counts as DATASET)."""
    try:
        gold = list(read_tdmsci(path))
    except CorpusError as error:
        raise typer.BadParameter(str(error)) from error
    if heldout:
        gold = tdmsci_split(gold, "heldout")
    scores = evaluate(_pipeline(model), gold, TDMSCI_LABELS, MODEL_TO_TDMSCI.get)
    _report(scores, as_json, f"TDMSci {path.name}{' held-out' if heldout else ''}")


@app.command("scirex-ner")
def eval_scirex_ner(
    path: GoldPath,
    as_json: JsonOption = False,
    model: ModelOption = None,
    split: Annotated[str, typer.Option(help=f"SciREX part to score: one of {', '.join(SPLITS)}.")] = "dev",
    full_text: Annotated[
        bool, typer.Option("--full-text", help="Score every section of each paper, not only title and abstract.")
    ] = False,
) -> None:
    """Score on SciREX mentions (Task, Method, Metric, Material) of one part of the fixed paper split.

    The 'test' part is set aside: score it once, for a chosen model, never to choose one.
    """
    if split not in SPLITS:
        raise typer.BadParameter(f"{split!r} is not one of {', '.join(SPLITS)}", param_hint="--split")
    try:
        gold = list(read_scirex(path, split, "section" if full_text else "abstract"))
    except CorpusError as error:
        raise typer.BadParameter(str(error)) from error
    scores = evaluate(_pipeline(model), gold, SCIREX_LABELS)
    _report(scores, as_json, f"SciREX {split} {'full text' if full_text else 'abstracts'}")
