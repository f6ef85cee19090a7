"""Train kg's NER: gold corpora -> DocBins on kg's tokenizer -> spaCy's training loop.

We drive spaCy's own `init_nlp` / `train` functions instead of `spacy train` so
that the pipeline gets kg's tokenizer before it is saved: `spacy.load` on the
output then tokenizes exactly like `kg.extract.tokenizer.blank_nlp()`.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

import spacy
from spacy.tokens import DocBin
from spacy.training.initialize import init_nlp
from spacy.training.loop import train as train_loop
from spacy.training.pretrain import pretrain
from spacy.util import compile_infix_regex, load_config

from kg.training.align import AlignmentStats, aligned_docs
from kg.training.corpus import GoldDoc, read_scierc, read_seed_abstracts, read_tdmsci
from kg.training.scirex_corpus import dev_sentences, training_sentences, training_texts
from kg.extract.ner.labels import TDMSCI_TO_MODEL
from kg.extract.ner.vote import FACTORY
from kg.extract.tokenizer import INFIXES, blank_nlp

# Every HELDOUT_EVERY-th TDMSci sentence is kept out of training so TDMSci
# scores can be measured on sentences the model has not seen.
HELDOUT_EVERY = 10

# The corpus whose dev part chooses the checkpoint (`kg train ner --choose-on`).
DevCorpus = Literal["scierc", "scirex"]


def tdmsci_split(docs: list[GoldDoc], part: str) -> list[GoldDoc]:
    """The 'train' or 'heldout' part of TDMSci sentences (deterministic: by position)."""
    if part not in ("train", "heldout"):
        raise ValueError(f"unknown TDMSci part {part!r}")
    keep_heldout = part == "heldout"
    return [doc for index, doc in enumerate(docs) if (index % HELDOUT_EVERY == 0) == keep_heldout]


@dataclass(slots=True)
class PreparedData:
    """Where prepare_data wrote the training and dev DocBins, and how well gold aligned."""

    train: Path
    dev: Path
    stats: dict[str, dict[str, int]]


def prepare_data(
    scierc_train: Path,
    scierc_dev: Path | None,
    tdmsci: Path | None,
    workdir: Path,
    *,
    tdmsci_outside: str = "missing",
    scirex: Path | None = None,
    scirex_limit: int = 0,
    scirex_outside: str = "outside",
    dev_on: DevCorpus = "scierc",
    scirex_dev_limit: int = 0,
) -> PreparedData:
    """Write train/dev DocBins aligned to kg's tokenizer; return alignment statistics per source.

    TDMSci tags only tasks, datasets and metrics, so by default its other tokens
    are "missing" rather than "not an entity": its sentences then teach those
    three types without teaching that SciERC's methods and terms are nothing.
    With `scirex`, the SciREX 'train' sentences that hold a mention join training
    (at most `scirex_limit` of them when > 0). `dev_on` names the corpus that chooses the
    checkpoint: "scierc" (`scierc_dev`) or "scirex" (the SciREX 'dev' papers' sentences,
    `scirex_dev_limit` of them spread evenly when > 0; needs `scirex`).
    """
    if dev_on not in ("scierc", "scirex"):
        raise ValueError(f"unknown dev corpus {dev_on!r}")
    if dev_on == "scirex" and scirex is None:
        raise ValueError("choosing checkpoints on SciREX dev needs the SciREX file")
    if dev_on == "scierc" and scierc_dev is None:
        raise ValueError("choosing checkpoints on SciERC dev needs its dev file")
    nlp = blank_nlp()
    sources = ("scierc_train", "tdmsci_train", "scirex_train", f"{dev_on}_dev")
    stats = {name: AlignmentStats() for name in sources}
    train_bin = DocBin(attrs=["ENT_IOB", "ENT_TYPE"], store_user_data=False)
    for doc in aligned_docs(nlp, read_scierc(scierc_train), stats["scierc_train"]):
        train_bin.add(doc)
    if tdmsci is not None:
        tdm_docs = tdmsci_split(list(read_tdmsci(tdmsci)), "train")
        for doc in aligned_docs(nlp, tdm_docs, stats["tdmsci_train"], TDMSCI_TO_MODEL.get, tdmsci_outside):
            train_bin.add(doc)
    if scirex is not None:
        for doc in aligned_docs(nlp, training_sentences(scirex, limit=scirex_limit), stats["scirex_train"],
                                outside=scirex_outside):
            train_bin.add(doc)
    dev_bin = DocBin(attrs=["ENT_IOB", "ENT_TYPE"], store_user_data=False)
    dev_docs = dev_sentences(scirex, limit=scirex_dev_limit) if dev_on == "scirex" else read_scierc(scierc_dev)
    for doc in aligned_docs(nlp, dev_docs, stats[f"{dev_on}_dev"]):
        dev_bin.add(doc)
    workdir.mkdir(parents=True, exist_ok=True)
    train_path, dev_path = workdir / "train.spacy", workdir / "dev.spacy"
    train_bin.to_disk(train_path)
    dev_bin.to_disk(dev_path)
    return PreparedData(train_path, dev_path, {name: s.as_dict() for name, s in stats.items()})


def prepare_raw_text(
    scierc_train: Path, tdmsci: Path | None, seeds_dir: Path | None, workdir: Path, *, scirex: Path | None = None
) -> Path:
    """A DocBin of unlabeled text for tok2vec pretraining: SciERC train, TDMSci train part, seed abstracts,
    and with `scirex` every sentence of the SciREX 'train' papers' full texts.

    SciERC dev, the TDMSci held-out sentences and the SciREX dev and test papers stay out, so nothing scored was seen.
    """
    texts = [doc.text for doc in read_scierc(scierc_train)]
    if tdmsci is not None:
        texts += [doc.text for doc in tdmsci_split(list(read_tdmsci(tdmsci)), "train")]
    if seeds_dir is not None:
        texts += read_seed_abstracts(seeds_dir)
    if scirex is not None:
        texts += training_texts(scirex)
    nlp = blank_nlp()
    raw = DocBin(attrs=[], store_user_data=False)
    for doc in nlp.pipe(texts):
        raw.add(doc)
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "raw.spacy"
    raw.to_disk(path)
    return path


def pretrain_tok2vec(
    config_path: Path, raw_text: Path, workdir: Path, *, seed: int = 0, overrides: dict[str, object] | None = None
) -> Path:
    """Pretrain the config's tok2vec on raw text (spaCy's character objective); return the weights file."""
    settings = {"paths.raw_text": str(raw_text), "system.seed": seed, **(overrides or {})}
    config = load_config(config_path, overrides=settings, interpolate=True)
    out = workdir / "pretrain"
    out.mkdir(parents=True, exist_ok=True)
    pretrain(config, out, use_gpu=-1, silent=True)
    return out / "model-last.bin"


def train_ner(
    config_path: Path,
    data: PreparedData,
    out: Path,
    *,
    seed: int = 0,
    overrides: dict[str, object] | None = None,
    log: IO[str] | None = None,
) -> Path:
    """Train with `config_path`, choose the checkpoint on dev, and write the pipeline to `out`.

    Returns `out`. spaCy's checkpoints (model-best/model-last) go beside the prepared
    data and are removed once the best one has been copied.
    """
    settings: dict[str, object] = {
        "paths.train": str(data.train),
        "paths.dev": str(data.dev),
        "system.seed": seed,
        "training.logger.progress_bar": False,
        **(overrides or {}),
    }
    config = load_config(config_path, overrides=settings, interpolate=False)
    # The pretraining corpus is only read by pretrain_tok2vec; unset, it would fail to resolve here.
    config["corpora"].pop("pretrain", None)
    nlp = init_nlp(config, use_gpu=-1)
    nlp.tokenizer.infix_finditer = compile_infix_regex(INFIXES).finditer
    workdir = Path(tempfile.mkdtemp(prefix=f"checkpoints-{seed}-", dir=data.train.parent))  # one per run
    log = log if log is not None else sys.stderr  # looked up per call: callers may have swapped sys.stderr
    train_loop(nlp, workdir, use_gpu=-1, stdout=log, stderr=log)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(workdir / "model-best", out)
    forget_training_paths(out / "config.cfg")
    report = {"seed": seed, "config": config_path.name, "alignment": data.stats}
    (out / "kg-training.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    shutil.rmtree(workdir)
    return out


def forget_training_paths(config_file: Path) -> None:
    """Set the saved config's data paths to null: they named scratch files that no longer exist."""
    config = load_config(config_file, interpolate=False)
    for key in ("train", "dev", "init_tok2vec"):
        config["paths"][key] = None
    config.to_disk(config_file)


def train_member(
    config_path: Path,
    data: PreparedData,
    out: Path,
    *,
    seed: int,
    overrides: dict[str, object],
    raw_text: Path | None = None,
    pretrain_epochs: int = 0,
    log_path: Path | None = None,
) -> Path:
    """One model of a vote: optional tok2vec pretraining, then training. Top-level so worker processes can run it.

    Scratch files go beside the prepared data; with `log_path`, spaCy's log goes there instead of stderr.
    """
    settings = dict(overrides)
    if raw_text is not None and pretrain_epochs > 0:
        scratch = Path(tempfile.mkdtemp(prefix=f"pretrain-{seed}-", dir=data.train.parent))
        weights = pretrain_tok2vec(config_path, raw_text, scratch, seed=seed,
                                   overrides={"pretraining.max_epochs": pretrain_epochs})
        settings["paths.init_tok2vec"] = str(weights)
    if log_path is None:
        return train_ner(config_path, data, out, seed=seed, overrides=settings)
    with log_path.open("w", encoding="utf-8") as log:
        return train_ner(config_path, data, out, seed=seed, overrides=settings, log=log)


def dev_score(model_dir: Path) -> float:
    """The flat-entity F1 on dev that spaCy recorded for the chosen checkpoint."""
    meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    return float(meta.get("performance", {}).get("ents_f", 0.0))


def assemble_vote(member_dirs: list[Path], out: Path, *, min_votes: int = 2) -> Path:
    """Write one pipeline (kg's tokenizer + a `kg_ner_vote` component named "ner") voting over the members."""
    nlp = blank_nlp()
    vote = nlp.add_pipe(FACTORY, name="ner", config={"min_votes": min_votes})
    for member_dir in member_dirs:
        vote.add_member(spacy.load(member_dir, vocab=nlp.vocab))
    nlp.meta.update({"name": "kg_ner", "description": f"vote of {len(member_dirs)} NER models, >= {min_votes} agree"})
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    reports = [_training_report(member_dir) for member_dir in member_dirs]
    report = {"min_votes": min_votes, "members": reports}
    (out / "kg-training.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return out


def _training_report(model_dir: Path) -> dict[str, object]:
    path = model_dir / "kg-training.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"source": model_dir.name}
