"""The extractor: papers in, `Extraction`s out (mentions with evidence, code links, pages, abbreviations).

    extractor = load_extractor("fast")          # or "default" (adds the trained NER)
    for extraction in extractor.extract(papers, batch_size=256, n_process=1):
        ...
    build_entity_index(extractions, extractor.gazetteer)   # canonicalize with the same gazetteer

`papers` is an iterable of tuples `(paper_id, title, abstract, links)`, where
`links` (optional; 3-tuples are accepted) are URLs the source states outright,
such as Hugging Face's githubRepo / projectPage: they join the links found in
the text, as repositories (no evidence) or pages. Extractions come back in
input order, one per paper.

Modes (spaCy configs in kg/resources/pipeline/, built by `build_nlp`):
  fast     fast.cfg: no statistical model: sentences, gazetteer, abbreviations,
           contribution cues, code links. For large corpora.
  default  default.cfg merged over fast.cfg: every component of kg's trained
           NER pipeline (sourced from kg/resources/ner) before the same rules. If the model is not there,
           loading fails with a message saying so; it never quietly falls back
           to rules only.
`gazetteer_path` (default: the shipped gazetteer) is the one file every
gazetteer user in the pipeline reads; `Extractor.gazetteer` is that object.

Each paper is one spaCy Doc, "title\\n\\nabstract", so one pass serves both
and the title is its own evidence sentence. The pipeline is built once per
process per mode and gazetteer (`load_extractor` is cached) and run with
`nlp.pipe` in batches; `n_process > 1` forks worker processes that each run the
same pipeline on a share of the batches and send back the Extractions packed
as plain tuples (kg.extract.serialize; much cheaper than shipping spaCy Docs,
or even the dataclasses, between processes).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from importlib import resources
from itertools import islice
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import load_config, load_model_from_config
from thinc.api import Config

from kg.extract import components, ner
from kg.extract import tokenizer as _tokenizer  # noqa: F401  registers kg_tokenizer_v1, which the configs name
from kg.extract.abbreviations import definitions
from kg.extract.code_links import normalize_link
from kg.extract.gazetteer import Gazetteer
from kg.extract.mentions import doc_mentions
from kg.extract.ner.brackets import balanced_span, without_defining_parenthetical
from kg.extract.ner.labels import graph_type
from kg.extract.offsets import range_text, remember_text
from kg.extract.serialize import extraction_from_tuple, extraction_to_tuple
from kg.extract.types import CodeLink, Extraction

MODES: tuple[str, ...] = ("default", "fast")
CONFIG_DIR = Path(str(resources.files("kg") / "resources" / "pipeline"))
TITLE_SEPARATOR = "\n\n"

PaperInput = tuple[str, str, str] | tuple[str, str, str, Sequence[str]]


class ExtractorUnavailable(RuntimeError):
    """The requested mode cannot run here (e.g. the NER model is not installed)."""


class Extractor:
    """A loaded extraction pipeline. Get one with `load_extractor(mode)`."""

    def __init__(self, nlp: Language, mode: str) -> None:
        self.nlp = nlp
        self.mode = mode
        self._graph_type: Callable[[str, str], str | None] | None = graph_type if "ner" in nlp.pipe_names else None

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer this pipeline matches: canonicalization must be given this one (build_entity_index)."""
        return self.nlp.get_pipe(components.GAZETTEER).gazetteer

    def extract(
        self, papers: Iterable[PaperInput], *, batch_size: int = 256, n_process: int = 1
    ) -> Iterator[Extraction]:
        """One Extraction per (paper_id, title, abstract[, links]) tuple, in input order."""
        if batch_size < 1 or n_process < 1:
            raise ValueError("batch_size and n_process must be at least 1")
        items = (_checked(position, paper) for position, paper in enumerate(papers))
        if n_process == 1:
            yield from self._extract_here(items, batch_size)
        else:
            yield from self._extract_forked(items, batch_size, n_process)

    def _extract_here(
        self, items: Iterable[tuple[str, str, str, Sequence[str]]], batch_size: int
    ) -> Iterator[Extraction]:
        docs = ((self._make_doc(title, abstract), (paper_id, links)) for paper_id, title, abstract, links in items)
        for doc, (paper_id, links) in self.nlp.pipe(docs, as_tuples=True, batch_size=batch_size):
            yield self._to_extraction(doc, paper_id, links)

    def _extract_forked(
        self, items: Iterable[tuple[str, str, str, Sequence[str]]], batch_size: int, n_process: int
    ) -> Iterator[Extraction]:
        global _worker
        chunks = iter(lambda: list(islice(items, batch_size)), [])
        if "fork" in multiprocessing.get_all_start_methods():
            _worker = self  # forked workers inherit this loaded pipeline: no reload
            pool = multiprocessing.get_context("fork").Pool(n_process)
        else:
            spec = (self.mode, self.nlp.config["paths"].get("gazetteer"))
            pool = multiprocessing.get_context("spawn").Pool(n_process, _start_worker, spec)
        with pool:
            for packed in pool.imap(_work, ((chunk, batch_size) for chunk in chunks)):
                yield from map(extraction_from_tuple, packed)

    def _make_doc(self, title: str, abstract: str) -> Doc:
        title, abstract = title.strip(), abstract.strip()
        text = f"{title}{TITLE_SEPARATOR}{abstract}" if title and abstract else title or abstract
        doc = remember_text(self.nlp.make_doc(text), text)
        doc._.title_end = len(title)
        return doc

    def _to_extraction(self, doc: Doc, paper_id: str, links: Sequence[str]) -> Extraction:
        ner_spans = self._ner_spans(doc) if self._graph_type is not None else ()
        code, pages = _merge_links(doc._.code_links or [], doc._.pages or [], links)
        return Extraction(
            paper_id=paper_id,
            mentions=doc_mentions(doc, ner_spans),
            code=code,
            pages=pages,
            abbreviations=[(range_text(doc, *short), range_text(doc, *long)) for short, long in definitions(doc)],
        )

    def _ner_spans(self, doc: Doc) -> list[tuple[int, int, str]]:
        """The NER's entities as (start, end, graph type), brackets repaired; Generic and unreadable spans left out."""
        assert self._graph_type is not None
        spans = []
        defined = definitions(doc)
        for ent in doc.ents:
            bounds = balanced_span(doc, ent.start, ent.end)
            if bounds is None:
                continue
            bounds = without_defining_parenthetical(doc, *bounds, defined)
            kind = self._graph_type(ent.label_, range_text(doc, *bounds))
            if kind is not None:
                spans.append((*bounds, kind))
        return spans


def _checked(position: int, paper: PaperInput) -> tuple[str, str, str, Sequence[str]]:
    if not isinstance(paper, tuple | list) or len(paper) not in (3, 4):
        raise ValueError(f"paper #{position}: expected (paper_id, title, abstract[, links]), got {paper!r:.80}")
    paper_id, title, abstract, *rest = paper
    return paper_id, title or "", abstract or "", list(rest[0]) if rest and rest[0] else []


def _merge_links(
    code: list[CodeLink], pages: list[str], stated: Sequence[str]
) -> tuple[list[CodeLink], list[str]]:
    """Links found in the text first, then those the source states, each once."""
    code, pages = list(code), list(pages)
    repos = {(c.host, c.owner.lower(), c.name.lower()) for c in code}
    for url in stated:
        link = normalize_link(url)
        if isinstance(link, CodeLink):
            key = (link.host, link.owner.lower(), link.name.lower())
            if key not in repos:
                repos.add(key)
                code.append(link)
        elif link is not None and link not in pages:
            pages.append(link)
    return code, pages


def pipeline_config(mode: str, gazetteer_path: str | Path | None = None) -> Config:
    """The spaCy config `mode` is built from: fast.cfg, and for default mode default.cfg merged over it,
    with every component of the trained NER pipeline sourced ahead of the rules.

    `gazetteer_path` (default: the shipped gazetteer) fills `${paths.gazetteer}`, which every
    component that needs the gazetteer reads; default mode's NER is sourced from kg's trained model.
    """
    if mode not in MODES:
        raise ValueError(f"unknown extraction mode {mode!r}; expected one of {', '.join(MODES)}")
    config = load_config(CONFIG_DIR / "fast.cfg", interpolate=False)
    paths: dict[str, str | None] = {"gazetteer": None if gazetteer_path is None else str(gazetteer_path)}
    if mode == "default":
        model_dir = _ner_model_dir()
        paths["ner_model"] = str(model_dir)
        model_pipes = list(load_config(model_dir / "config.cfg", interpolate=False)["nlp"]["pipeline"])
        sourced = {
            "nlp": {"pipeline": [*model_pipes, *config["nlp"]["pipeline"]]},
            "components": {name: {"source": "${paths.ner_model}"} for name in model_pipes},
        }
        config = config.merge(load_config(CONFIG_DIR / "default.cfg", interpolate=False)).merge(sourced)
    return config.merge({"paths": paths})


def build_nlp(mode: str, gazetteer_path: str | Path | None = None) -> Language:
    """A fresh spaCy pipeline for `mode`, from its config (use load_extractor for the cached one)."""
    return load_model_from_config(pipeline_config(mode, gazetteer_path), auto_fill=True)


def _ner_model_dir() -> Path:
    """Where kg's trained NER pipeline is; ExtractorUnavailable if it is not there."""
    if not (ner.MODEL_DIR / "config.cfg").is_file():
        raise ExtractorUnavailable(
            f"default extraction mode needs kg's trained NER model, which is not available: {ner.MODEL_DIR} "
            "holds no trained NER pipeline. Train it (kg train ner), or use the rule-only mode 'fast' "
            "(kg build --mode fast)."
        )
    return ner.MODEL_DIR


@cache
def load_extractor(mode: str = "default", gazetteer_path: str | Path | None = None) -> Extractor:
    """The extractor for `mode` and the gazetteer file `gazetteer_path` (default: shipped), built once per process."""
    return Extractor(build_nlp(mode, gazetteer_path), mode)


_worker: Extractor | None = None


def _start_worker(mode: str, gazetteer_path: str | None) -> None:
    global _worker
    _worker = load_extractor(mode, gazetteer_path)


def _work(task: tuple[list[tuple[str, str, str, Sequence[str]]], int]) -> list[tuple]:
    chunk, batch_size = task
    assert _worker is not None, "worker not initialised"
    return [extraction_to_tuple(extraction) for extraction in _worker._extract_here(chunk, batch_size)]
