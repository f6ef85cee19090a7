"""A majority vote of several independently trained NER models, as one spaCy component.

One CNN NER scores about 55 F1 on SciERC dev, and another seed moves that by less than half a
point, but the models err on different spans: keeping what most of them predict gains about
three points (docs/ner.md). The members are whole spaCy pipelines (tok2vec + ner) kept inside
this component, so the shipped model stays one `spacy.load`-able folder.

Members are stored compactly so that several fit the package's 25 MB budget: every large weight
matrix as int8 with one float32 scale per output row, every other weight as float16. Loaded
members compute in float32 with exactly the stored values (docs/ner.md measures the effect).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy
import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import load_model_from_config, minibatch
from spacy.vocab import Vocab
from thinc.api import Config, Model

FACTORY = "kg_ner_vote"
WEIGHTS_FILE = "members.msgpack"
# The member's vocab and tokenizer are the vote pipeline's; its config is stored apart; its meta holds timings.
MEMBER_EXCLUDE = ["vocab", "tokenizer", "meta", "config"]
INT8_MIN_SIZE = 50_000  # weights with at least this many values (embedding tables, CNN layers) go to int8

SpanVote = tuple[int, int, int]  # token start, token end, label hash


@Language.factory(FACTORY, default_config={"min_votes": 2})
def make_ner_vote(nlp: Language, name: str, min_votes: int) -> NerVote:
    return NerVote(nlp.vocab, name, min_votes)


class NerVote:
    """Sets doc.ents to the spans that at least `min_votes` member models predict, non-overlapping."""

    def __init__(self, vocab: Vocab, name: str, min_votes: int) -> None:
        if min_votes < 1:
            raise ValueError("min_votes must be at least 1")
        self.vocab = vocab
        self.name = name
        self.min_votes = min_votes
        self.members: list[Language] = []
        self._stored: list[dict[str, object]] = []  # each member as written to disk

    @property
    def labels(self) -> tuple[str, ...]:
        """Every entity label some member predicts."""
        return tuple(sorted({label for member in self.members for label in member.get_pipe("ner").labels}))

    def add_member(self, member: Language) -> None:
        """Take a trained tok2vec + ner pipeline; its weights become the compact values that will be stored."""
        stored = _compact(member)
        _expand(member, stored["scales"])
        self.members.append(member)
        self._stored.append(stored)

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc], batch_size=1))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        if not self.members:
            raise ValueError(f"{self.name}: no member models; add some with add_member or load a trained pipeline")
        for batch in minibatch(docs, batch_size):
            votes = [Counter[SpanVote]() for _ in batch]
            for member in self.members:
                for doc in batch:
                    # Unknown, not "outside": a member's ner keeps preset outside tokens out of its entities.
                    doc.set_ents([], default="missing")
                for _, component in member.pipeline:
                    batch = list(component.pipe(batch, batch_size=len(batch)))
                for counter, doc in zip(votes, batch):
                    counter.update((ent.start, ent.end, ent.label) for ent in doc.ents)
            for doc, counter in zip(batch, votes):
                doc.set_ents(self._elected(doc, counter), default="outside")
                doc.tensor = numpy.empty((0,), dtype="float32")  # the last member's vectors: not ours to keep
            yield from batch

    def _elected(self, doc: Doc, votes: Counter[SpanVote]) -> list[Span]:
        """Spans with enough votes; where they overlap, more votes win, then the longer, then the earlier."""
        candidates = sorted(
            (span for span, count in votes.items() if count >= self.min_votes),
            key=lambda span: (-votes[span], span[0] - span[1], span[0], span[2]),
        )
        taken = numpy.zeros(len(doc), dtype=bool)
        elected = []
        for start, end, label in candidates:
            if not taken[start:end].any():
                taken[start:end] = True
                elected.append(Span(doc, start, end, label=label))
        return sorted(elected, key=lambda span: span.start)

    def to_bytes(self, *, exclude: Sequence[str] = ()) -> bytes:
        return srsly.msgpack_dumps({"min_votes": self.min_votes, "members": self._stored})

    def from_bytes(self, data: bytes, *, exclude: Sequence[str] = ()) -> NerVote:
        saved = srsly.msgpack_loads(data)
        self.min_votes = saved["min_votes"]
        self.members, self._stored = [], []
        for stored in saved["members"]:
            member = load_model_from_config(Config().from_str(stored["config"]), vocab=self.vocab, auto_fill=False)
            member.from_bytes(stored["weights"], exclude=MEMBER_EXCLUDE)
            _expand(member, stored["scales"])
            self.members.append(member)
            self._stored.append(stored)
        return self

    def to_disk(self, path: Path, *, exclude: Sequence[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / WEIGHTS_FILE).write_bytes(self.to_bytes())

    def from_disk(self, path: Path, *, exclude: Sequence[str] = ()) -> NerVote:
        return self.from_bytes((Path(path) / WEIGHTS_FILE).read_bytes())


def _compact(member: Language) -> dict[str, object]:
    """The member's stored form: config, weights in int8/float16, and the int8 scales by parameter key."""
    config = member.config.copy()
    config["paths"] = {key: None for key in config.get("paths", {})}  # the training run's temporary files
    scales: dict[str, numpy.ndarray] = {}
    for key, node, param in _params(member):
        values = node.get_param(param)
        if values.size >= INT8_MIN_SIZE:
            rows = numpy.abs(values.reshape(len(values), -1)).max(axis=1)
            scale = numpy.where(rows > 0, rows / 127.0, 1.0).astype(numpy.float32)
            scale = scale.reshape((len(values),) + (1,) * (values.ndim - 1))
            node.set_param(param, numpy.round(values / scale).astype(numpy.int8))
            scales[key] = scale
        else:
            node.set_param(param, values.astype(numpy.float16))
    return {"config": config.to_str(), "weights": member.to_bytes(exclude=MEMBER_EXCLUDE), "scales": scales}


def _expand(member: Language, scales: dict[str, numpy.ndarray]) -> None:
    """Stored int8/float16 weights back to float32 values the layers compute with."""
    for key, node, param in _params(member):
        values = node.get_param(param).astype(numpy.float32)
        node.set_param(param, values * scales[key] if key in scales else values)


def _params(member: Language) -> Iterator[tuple[str, Model, str]]:
    """Every weight of the member's components with a stable key: component, node position, name."""
    for component_name, component in member.pipeline:
        model = getattr(component, "model", None)
        if model is None:
            continue
        for position, node in enumerate(model.walk()):
            for param in node.param_names:
                if node.has_param(param):
                    yield f"{component_name}/{position}/{param}", node, param
