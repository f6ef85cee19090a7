#!/usr/bin/env python
"""Compile kg/resources/gazetteer/gazetteer.json from curated.tsv and the name lists in shared/data.

Usage: .venv/bin/python scripts/build_gazetteer.py [--shared ../shared] [--out PATH]

Sources, in priority order (a name two sources share keeps the first one's type
and canonical spelling; the others become aliases):
  1. kg/resources/gazetteer/curated.tsv           (written for kg)
  2. data/nlp_tdms/kb/*.tsv                       (NLP-TDMS, Apache-2.0)
  3. data/pwc_lists/sota-extractor/.../nlp-progress.json  (NLP-progress, MIT; model names lose their year)
  4. data/pwc_lists/data/all_tasks.txt, results/**/*.csv  (Papers with Code, CC-BY-SA 4.0)
The downloaded lists are noisy ("", "16k", "Overall", "Test"), so names from them
pass filters: no junk, no single common English words, no bare 2-3 letter
acronyms, metric names must look like metrics. The common-word list comes from
the lower-case words of the SciERC and TDMSci training text and is shipped too,
because the contribution-cue rules use it.
A coined name with a capital inside ("DeLiVER") whose lower-case spelling is an
everyday word of ML prose ("deliver") matches only with its exact case. Everyday
words: the common-word list plus the words that SciREX train/dev papers (full
text, never the set-aside split) write in lower case more often than capitalised.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from kg.extract.abbreviations import is_short_form, long_form_start
from kg.extract.gazetteer import default_path
from kg.extract.keys import is_name_like, surface_key
from kg.model import DATASET, ENTITY_TYPES, METHOD, METRIC, TASK
from kg.extract.typing_rules import names_field_or_maths_object
from kg.training.scirex_split import scirex_split

ROOT = Path(__file__).resolve().parents[1]
CURATED = ROOT / "kg" / "resources" / "gazetteer" / "curated.tsv"

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_YEAR = re.compile(r"\s*\((?:19|20)\d\d\)")
_PAREN_TAIL = re.compile(r"^(?P<base>.*?)\s*\((?P<inner>[^()]*)\)\s*$")
_SPLIT_WORDS = {"val", "test", "dev", "test-dev", "test-std", "test-challenge", "testfinal", "train", "validation",
                "testdev", "teststd", "val2017", "test2017", "minival"}
_JUNK = re.compile(r"^[\d.,%:/\s-]*[kKmMbB]?$")
_WORD_SPLIT = re.compile(r"[\s-]+")
_METRIC_HEADS = {
    "accuracy", "error", "rate", "score", "precision", "recall", "f1", "f-score", "f-measure", "distance",
    "index", "correlation", "coefficient", "similarity", "perplexity", "iou", "ap", "map", "auc", "measure",
    "likelihood", "match", "ratio", "divergence", "rank", "gain",
}
_TASK_HEADS = {
    "learning", "detection", "recognition", "classification", "segmentation", "estimation", "generation",
    "translation", "answering", "analysis", "retrieval", "prediction", "parsing", "tagging", "extraction",
    "reconstruction", "synthesis", "tracking", "captioning", "summarization", "reasoning", "matching",
    "inference", "labeling", "labelling", "completion", "localization", "identification", "resolution",
    "verification", "modeling", "modelling", "forecasting", "editing", "understanding", "alignment",
    "search", "planning", "control", "navigation", "disambiguation", "embedding", "compression",
    "enhancement", "restoration", "denoising", "inpainting", "transfer", "adaptation", "generalization",
    "linking", "normalization", "correction", "simplification", "discovery", "mining", "clustering",
}
# Research areas the task lists hold: true of half the corpus, so they link nothing.
_TOO_GENERIC = {
    "deep learning", "machine learning", "artificial intelligence", "computer vision", "natural language processing",
    "time series", "knowledge base", "playing games", "methodology", "miscellaneous", "speech", "robotics",
    "reasoning", "audio", "medical", "music", "graphs", "adversarial", "computer code", "knowledge graphs",
}
# Metric-looking acronyms that are counts, not quality measures, or that mean something else too.
_METRIC_STOP = {"FLOPS", "FLOPs", "GFLOPs", "GMac", "MACC", "PARAMS", "MACs", "TETA", "MAPE@", "HEQQ"}


@dataclass
class Candidate:
    type: str
    name: str
    source: str
    aliases: list[str] = field(default_factory=list)
    exact: set[str] = field(default_factory=set)
    inexact: set[str] = field(default_factory=set)


def shared_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    if os.environ.get("KG_SHARED_DIR"):
        return Path(os.environ["KG_SHARED_DIR"])
    return ROOT.parent / "shared"


# --- reading -----------------------------------------------------------------------------------------------

def read_curated(path: Path) -> list[Candidate]:
    """Rows of curated.tsv; '=' / '~' markers force exact / case-insensitive matching."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2 or parts[0] not in ENTITY_TYPES:
            raise SystemExit(f"{path}:{number}: expected 'type<TAB>name<TAB>aliases', got {line!r}")
        forms = [parts[1].strip()] + [a.strip() for a in (parts[2] if len(parts) > 2 else "").split("|")]
        candidate = Candidate(parts[0], "", "curated")
        for form in filter(None, forms):
            text = form.lstrip("=~")
            if form.startswith("="):
                candidate.exact.add(text)
            elif form.startswith("~"):
                candidate.inexact.add(text)
            if not candidate.name:
                candidate.name = text
            else:
                candidate.aliases.append(text)
        out.append(candidate)
    return out


def read_tdms(data: Path) -> list[Candidate]:
    kb = data / "nlp_tdms" / "kb"
    out = []
    for file, kind in (("taskKB.tsv", TASK), ("datasetKB.tsv", DATASET), ("evaMatrixKB.tsv", METRIC)):
        with open(kb / file, encoding="utf-8") as handle:
            for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) >= 2:
                    name = row[1].replace("_", " ") if kind == TASK else row[1]
                    out.append(Candidate(kind, name, "nlp-tdms"))
    return out


def read_nlp_progress(data: Path) -> list[Candidate]:
    path = data / "pwc_lists" / "sota-extractor" / "data" / "tasks" / "nlp-progress.json"
    out: list[Candidate] = []

    def add_table(node: dict) -> None:
        for metric in node.get("sota", {}).get("metrics", []):
            out.append(Candidate(METRIC, metric, "nlp-progress"))
        for row in node.get("sota", {}).get("rows", []):
            out.append(Candidate(METHOD, _YEAR.sub("", row.get("model_name", "")), "nlp-progress"))

    def walk(task: dict) -> None:
        out.append(Candidate(TASK, task["task"], "nlp-progress", aliases=list(task.get("synonyms", []))))
        for dataset in task.get("datasets", []):
            out.append(Candidate(DATASET, dataset["dataset"], "nlp-progress"))
            add_table(dataset)
            for sub in dataset.get("subdatasets", []):
                add_table(sub)
        for sub in task.get("subtasks", []):
            walk(sub)

    for task in json.loads(path.read_text(encoding="utf-8")):
        walk(task)
    return out


def read_pwc(data: Path) -> list[Candidate]:
    base = data / "pwc_lists"
    tasks: list[str] = []
    datasets: list[str] = []
    metrics: list[str] = []
    for line in (base / "data" / "all_tasks.txt").read_text(encoding="utf-8").splitlines():
        tasks.append(line.strip().strip('"'))
    for csv_path in sorted((base / "results").glob("*/*_tasks.csv")):
        with open(csv_path, encoding="utf-8", newline="") as handle:
            tasks += [row["Task Name"] for row in csv.DictReader(handle)]
    with open(base / "results" / "task_hierarchy.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            tasks.append(row["Parent Task"])
            tasks += [t.strip().rstrip(".") for t in row["Child Tasks"].split(";")]
    with open(base / "results" / "all_tasks_detailed.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            tasks.append(row["Task Name"])
            datasets += row["Common Datasets (Top 10)"].split(";") + row["Benchmarks"].split(";")
            metrics += row["SOTA Metrics"].split(";")
    return (
        [Candidate(TASK, name, "papers-with-code") for name in tasks]
        + [Candidate(DATASET, name, "papers-with-code") for name in datasets]
        + [Candidate(METRIC, name, "papers-with-code") for name in metrics]
    )


def read_common_words(data: Path) -> set[str]:
    """Lower-case words of scientific prose (SciERC + TDMSci training text) plus spaCy's stop words."""
    words: Counter[str] = Counter()
    for split in ("train.json", "dev.json"):
        with open(data / "scierc" / split, encoding="utf-8") as handle:
            for line in handle:
                for sentence in json.loads(line)["sentences"]:
                    words.update(w for w in sentence if w.isalpha() and w.islower())
    with open(data / "tdmsci" / "train_1500_v2.conll", encoding="utf-8") as handle:
        for line in handle:
            token = line.split("\t", 1)[0]
            if token.isalpha() and token.islower():
                words[token] += 1
    return set(words) | set(STOP_WORDS)


def read_prose_words(data: Path) -> set[str]:
    """Words the SciREX train/dev papers write in lower case more often than capitalised (3+ times).

    Sentence-initial words are skipped (their capital says nothing); the set-aside split is never read.
    """
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    with gzip.open(data / "scirex" / "docs.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            if scirex_split(doc["doc_id"]) == "test":
                continue
            words = doc["words"]
            for start, end in doc["sentences"]:
                for word in words[start + 1 : end]:
                    if word.isalpha():
                        (lower if word.islower() else capital)[word.lower()] += 1
    return {word for word, count in lower.items() if count >= 3 and count > capital[word]}


# --- cleaning and filtering --------------------------------------------------------------------------------

def clean(candidate: Candidate) -> Candidate | None:
    """Normalize a listed name; move a parenthesised acronym to the aliases; None for junk."""
    name = " ".join(_CONTROL.sub(" ", candidate.name).split()).strip(" \"'")
    if not name or "wzxhzdk" in name:
        return None
    aliases = list(candidate.aliases)
    match = _PAREN_TAIL.match(name)
    if match:
        name, inner = match["base"].strip(), match["inner"].strip()
        if inner and is_short_form(inner) and long_form_start(inner, name) == 0:
            aliases.append(inner)
        elif candidate.type == METRIC and len(name.split()) == 1:
            return None  # "CLINC150 (Acc)": a dataset name qualifying a metric
    if candidate.type == DATASET:
        name = re.split(r", | - ", name)[0].strip()
        words = name.split()
        while len(words) > 1 and words[-1].lower() in _SPLIT_WORDS:
            words.pop()
        name = " ".join(words)
    if candidate.type == METRIC:
        words = name.split()
        if len(words) > 1 and words[0].lower() in {"test", "dev", "val", "validation", "train", "eval"}:
            name = " ".join(words[1:])
    name = name.rstrip(":;,. ")
    if "(" in name or ")" in name:
        return None
    return Candidate(candidate.type, name, candidate.source, aliases, candidate.exact, candidate.inexact)


def keep(candidate: Candidate, common: set[str]) -> bool:
    """Filters for names from downloaded lists (curated names are trusted)."""
    name = candidate.name
    if len(name) < 2 or _JUNK.match(name) or not any(ch.isalpha() for ch in name):
        return False
    if any(bad in name for bad in (" et al", ":", ";", "?", ",", "=", "@", "&", "./", "^", "%", "--", "_", "|", "*",
                                   "#", "~", "<", ">", "$", "\\")):
        return False
    if re.search(r"\+(?!\+*$)", name) or re.fullmatch(r"Translation [a-z]{3}-[a-z]{3}", name):
        return False
    if name.lower() in _TOO_GENERIC:
        return False
    words = [w for w in _WORD_SPLIT.split(name) if w]
    if len(words) > 8 or re.search(r"\btask \d", name, re.I):
        return False
    if len(words) == 1:
        word = words[0]
        if len(word) < 4 or word.lower() in common or not is_name_like(word):
            return False
        return candidate.type != METRIC or (_looks_like_metric_acronym(word) and word not in _METRIC_STOP)
    lowered = [w.lower() for w in words]
    if candidate.type == TASK and not any(map(is_name_like, words)) and names_field_or_maths_object(words):
        return False  # a field of study ("Data Mining", "Medical Image Analysis"): no task (twelfth round)
    if candidate.type == TASK:
        return not (all(w in common for w in lowered) and len(words) <= 2 and lowered[-1] not in _TASK_HEADS)
    if candidate.type == DATASET:
        return any(is_name_like(w) for w in words) or not all(w in common for w in lowered)
    if candidate.type == METRIC:
        return lowered[-1] in _METRIC_HEADS and not any(is_name_like(w) and len(w) > 4 for w in words)
    if candidate.type == METHOD:
        capitalised = all(w[0].isupper() or w[0].isdigit() for w in words)
        return len(words) <= 3 and capitalised and any(is_name_like(w) for w in words)
    return False


def _looks_like_metric_acronym(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z]{2,7}(?:-?[0-9A-Z]{1,3})?", word)) and sum(ch.isupper() for ch in word) >= 2


def exact_case(form: str, candidate: Candidate, everyday: set[str] = frozenset()) -> bool:
    """Match `form` with exact case? Short names and all-capital single words do (GLUE is not 'glue'),
    and so do coined names with an inner capital that spell an everyday word (DeLiVER is not 'deliver')."""
    if form in candidate.exact:
        return True
    if form in candidate.inexact or len(form.split()) > 1:
        return False
    letters = [ch for ch in form if ch.isalpha()]
    if len(form) < 5 or (len(letters) >= 2 and all(ch.isupper() for ch in letters)):
        return True
    return any(ch.isupper() for ch in form[1:]) and form.lower() in everyday


# --- merging -----------------------------------------------------------------------------------------------

def compile_entries(
    groups: list[tuple[list[Candidate], bool]], common: set[str], everyday: set[str] = frozenset()
) -> tuple[list[dict], Counter]:
    """Merge candidates by surface key in priority order; the first source to name a key decides its entry."""
    entries: list[dict] = []
    owner: dict[str, int] = {}
    stats: Counter[str] = Counter()
    for candidates, trusted in groups:
        for raw in candidates:
            candidate = raw if trusted else clean(raw)
            if candidate is None or not (trusted or keep(candidate, common)):
                stats[f"dropped:{raw.source}"] += 1
                continue
            forms = [candidate.name] + [a for a in candidate.aliases if a]
            keys = [surface_key(f) for f in forms]
            index = owner.get(keys[0])
            if index is None:
                index = len(entries)
                entries.append({"name": candidate.name, "type": candidate.type, "aliases": [],
                                "case_sensitive": [], "source": candidate.source})
                stats[f"entries:{candidate.source}"] += 1
            elif entries[index]["type"] != candidate.type:
                stats[f"type-conflict:{candidate.source}"] += 1
                continue
            entry = entries[index]
            for form, key in zip(forms, keys):
                if owner.setdefault(key, index) != index:
                    continue
                if form != entry["name"] and form not in entry["aliases"]:
                    entry["aliases"].append(form)
                if exact_case(form, candidate, everyday) and form not in entry["case_sensitive"]:
                    entry["case_sensitive"].append(form)
    for entry in entries:
        for list_key in ("aliases", "case_sensitive"):
            if not entry[list_key]:
                del entry[list_key]
    return entries, stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", help="the shared/ folder (default: $KG_SHARED_DIR or ../shared)")
    parser.add_argument("--out", type=Path, default=default_path())
    args = parser.parse_args(argv)
    data = shared_dir(args.shared) / "data"
    if not data.is_dir():
        print(f"error: no data folder at {data}", file=sys.stderr)
        return 2
    common = read_common_words(data)
    groups = [
        (read_curated(CURATED), True),
        (read_tdms(data), False),
        (read_nlp_progress(data), False),
        (read_pwc(data), False),
    ]
    entries, stats = compile_entries(groups, common, common | read_prose_words(data))
    by_type = Counter(entry["type"] for entry in entries)
    document = {
        "format": 1,
        "built_by": "scripts/build_gazetteer.py",
        "sources": [
            {"name": "curated", "file": "kg/resources/gazetteer/curated.tsv", "licence": "MIT (kg)"},
            {"name": "nlp-tdms", "origin": "IBM/science-result-extractor data/NLP-TDMS kb", "licence": "Apache-2.0"},
            {"name": "nlp-progress", "origin": "sota-extractor nlp-progress.json", "licence": "MIT"},
            {"name": "papers-with-code", "origin": "Papers with Code task/dataset/metric lists",
             "licence": "CC-BY-SA-4.0"},
        ],
        "counts": {"entries": len(entries), **{t: by_type[t] for t in ENTITY_TYPES}},
        "entries": entries,
        "common_words": sorted(common),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(entries)} entries {dict(by_type)}")
    for key in sorted(stats):
        print(f"  {key}: {stats[key]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
