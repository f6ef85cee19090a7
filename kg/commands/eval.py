"""`kg eval`: how well the graph's entities match gold data.

By default the whole extraction pipeline is scored as the graph holds it (gazetteer, rules, NER, typing,
merging into nodes); `--ner-only` scores the NER model alone. `kg eval scirex` scores SciREX papers at
document level (docs/evaluation.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated

import spacy
import typer
from rich.console import Console
from rich.table import Table
from spacy.language import Language

from kg.commands.choices import Mode
from kg.commands.output import command_group, plural
from kg.extract.ner import load_ner
from kg.extract.ner.labels import MODEL_TO_TDMSCI
from kg.training.corpus import SCIERC_LABELS, TDMSCI_LABELS, CorpusError, GoldDoc, read_scierc, read_tdmsci
from kg.training.evaluate import evaluate
from kg.training.gold_types import graph_to_gold
from kg.training.graph_eval import evaluate_pipeline
from kg.training.scirex import SCIREX_LABELS, ScirexPaper, read_scirex
from kg.training.scirex_corpus import SCIREX_LABELS as SCIREX_SENTENCE_LABELS
from kg.training.scirex_corpus import read_scirex as read_scirex_sentences
from kg.training.scirex_eval import TYPED, evaluate_scirex
from kg.training.scirex_split import SPLITS
from kg.training.scoring import SpanScores
from kg.training.train_ner import tdmsci_split

app = command_group("Score the graph's entities (or the NER alone) on gold data.")

JsonOption = Annotated[bool, typer.Option("--json", help="Print scores as JSON.")]
ModelOption = Annotated[
    Path | None,
    typer.Option("--model", exists=True, file_okay=False,
                 help="With --ner-only: a spaCy pipeline directory (default: the shipped kg NER)."),
]
NerOnlyOption = Annotated[
    bool, typer.Option("--ner-only", help="Score the NER model alone, not the pipeline the graph is built with.")
]
ModeOption = Annotated[
    Mode, typer.Option("--mode", help="Extraction mode: default is statistical NER + rules, fast rules only.")
]
GoldPath = Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="Gold file.")]
SplitOption = Annotated[str, typer.Option("--split", help=f"Part of the fixed SciREX split: {', '.join(SPLITS)} or all.")]
# The graph never makes Generic spans, so pipeline scores leave SciERC's Generic out.
SCIERC_GRAPH_LABELS: tuple[str, ...] = tuple(label for label in SCIERC_LABELS if label != "Generic")


def _pipeline(model: Path | None) -> Language:
    return spacy.load(model) if model is not None else load_ner()


def _check_options(model: Path | None, ner_only: bool) -> None:
    if model is not None and not ner_only:
        raise typer.BadParameter("--model scores a model alone: add --ner-only", param_hint="--model")


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


def _read(reader: Callable[[Path], Iterable[GoldDoc]], path: Path) -> list[GoldDoc]:
    try:
        return list(reader(path))
    except CorpusError as error:
        raise typer.BadParameter(str(error)) from error


@app.command("scierc")
def eval_scierc(
    path: GoldPath, as_json: JsonOption = False, model: ModelOption = None, ner_only: NerOnlyOption = False,
    mode: ModeOption = "default",
) -> None:
    """Score on a SciERC JSON-lines file (Task, Method, Metric, Material, OtherScientificTerm[, Generic])."""
    _check_options(model, ner_only)
    gold = _read(read_scierc, path)
    if ner_only:
        _report(evaluate(_pipeline(model), gold, SCIERC_LABELS), as_json, f"SciERC {path.name}, NER alone")
        return
    scores = evaluate_pipeline(gold, SCIERC_GRAPH_LABELS, graph_to_gold(SCIERC_GRAPH_LABELS), mode)
    _report(scores, as_json, f"SciERC {path.name}, graph ({mode})")


@app.command("tdmsci")
def eval_tdmsci(
    path: GoldPath,
    as_json: JsonOption = False,
    model: ModelOption = None,
    ner_only: NerOnlyOption = False,
    mode: ModeOption = "default",
    heldout: Annotated[
        bool, typer.Option("--heldout", help="Score only the sentences `kg train ner` keeps out of training.")
    ] = False,
) -> None:
    """Score on a TDMSci CoNLL file (TASK, DATASET, METRIC; Material / Dataset count as DATASET)."""
    _check_options(model, ner_only)
    gold = _read(read_tdmsci, path)
    if heldout:
        gold = tdmsci_split(gold, "heldout")
    title = f"TDMSci {path.name}{' held-out' if heldout else ''}"
    if ner_only:
        _report(evaluate(_pipeline(model), gold, TDMSCI_LABELS, MODEL_TO_TDMSCI.get), as_json, f"{title}, NER alone")
        return
    _report(evaluate_pipeline(gold, TDMSCI_LABELS, graph_to_gold(TDMSCI_LABELS), mode), as_json,
            f"{title}, graph ({mode})")


def _scirex_papers(path: Path, split: str) -> list[ScirexPaper]:
    try:
        return list(read_scirex(path, split))
    except ValueError as error:  # CorpusError is one
        raise typer.BadParameter(str(error)) from error


@app.command("scirex")
def eval_scirex(
    path: GoldPath, split: SplitOption = "test", mode: ModeOption = "default", as_json: JsonOption = False,
    ner_only: NerOnlyOption = False, model: ModelOption = None,
) -> None:
    """Document level on SciREX papers: salient-entity recall and typed precision of what each paper links.

    With --ner-only: the NER model alone, exact spans against the gold mentions of title and abstract.
    """
    _check_options(model, ner_only)
    papers = _scirex_papers(path, split)
    if ner_only:
        scores = evaluate(_pipeline(model), [paper.gold_doc() for paper in papers], SCIREX_LABELS)
        _report(scores, as_json, f"SciREX {path.name}, split {split}, title + abstract, NER alone")
        return
    scores = evaluate_scirex(papers, mode).as_dict()
    if as_json:
        typer.echo(json.dumps(scores, sort_keys=True))
        return
    table = Table(title=f"SciREX {path.name}, split {split}, graph ({mode}): {scores['papers']} papers")
    for column in ("type", "precision", "linked", "recall", "salient", "recall any type", "recall all salient"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for kind in (*TYPED, "all"):
        cells = [scores[name][kind] for name in ("precision", "recall", "recall_any_type", "recall_all_salient")]
        table.add_row(kind, f"{100 * cells[0]['value']:.1f}", str(cells[0]["of"]), f"{100 * cells[1]['value']:.1f}",
                      str(cells[1]["of"]), f"{100 * cells[2]['value']:.1f}",
                      f"{100 * cells[3]['value']:.1f} of {cells[3]['of']}")
    console = Console()
    console.print(table)
    concepts = scores["concepts"]
    console.print(f"Concept nodes linked (not in precision): {concepts['linked']}, "
                  f"{concepts['matching_gold']} of them match a gold mention of any type.")


@app.command("scirex-input")
def scirex_input(
    path: GoldPath,
    out: Annotated[Path, typer.Option("--out", dir_okay=False, help="JSON-lines file to write (title, abstract, id).")],
    split: SplitOption = "test",
) -> None:
    """Write SciREX papers' titles and abstracts as JSON lines that `kg build` reads (id = SciREX doc_id)."""
    papers = _scirex_papers(path, split)
    with out.open("w", encoding="utf-8") as handle:
        for paper in papers:
            handle.write(json.dumps({"id": paper.doc_id, "title": paper.title, "abstract": paper.abstract},
                                    ensure_ascii=False) + "\n")
    typer.echo(f"wrote {plural(len(papers), 'paper')} ({split}) to {out}")


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
        gold = list(read_scirex_sentences(path, split, "section" if full_text else "abstract"))
    except CorpusError as error:
        raise typer.BadParameter(str(error)) from error
    scores = evaluate(_pipeline(model), gold, SCIREX_SENTENCE_LABELS)
    _report(scores, as_json, f"SciREX {split} {'full text' if full_text else 'abstracts'}")
