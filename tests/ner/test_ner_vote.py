"""The voting NER component (`kg train ner --members N`): what it keeps, how it stores its members.

The shipped NER is one model now (docs/ner.md), so the vote under test is assembled here from it and
two copies whose NER weights carry seeded noise: real, different pipelines that disagree on some spans.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import numpy
import spacy

from kg.extract.ner import MODEL_DIR, load_ner
from kg.training.corpus import read_scierc
from kg.extract.ner.vote import FACTORY, WEIGHTS_FILE, NerVote
from kg.extract.tokenizer import blank_nlp
from kg.training.train_ner import assemble_vote

from ner_paths import FIXTURES

SpanKey = tuple[int, int, str]

TEXTS = [
    "We propose a graph neural network for node classification and evaluate it on Cora with accuracy.",
    "Low-Rank Adaptation (LoRA) fine-tunes ResNet-50 on CIFAR-10; it reaches state-of-the-art top-1 accuracy.",
    "This paper studies machine translation on the WMT14 English-German benchmark using BLEU.",
] + [doc.text for doc in read_scierc(FIXTURES / "scierc_small.json")]


def member_spans(member: Language, text: str) -> set[SpanKey]:
    """One member's own entities: its components run on a fresh doc from kg's tokenizer."""
    doc: Doc = load_ner().make_doc(text)
    for _, component in member.pipeline:
        doc = component(doc)
    return {(e.start, e.end, e.label_) for e in doc.ents}


def vote_spans(members: list[Language], min_votes: int, text: str) -> set[SpanKey]:
    """A vote of `members` (which share the shipped vocab, where their labels live) over one text."""
    vote = NerVote(load_ner().vocab, "ner", min_votes)
    vote.members = list(members)
    return {(e.start, e.end, e.label_) for e in vote(load_ner().make_doc(text)).ents}


def _noisy_copy(out: Path, seed: int) -> Path:
    """The shipped model with seeded Gaussian noise (as wide as each array's spread) on its NER weights."""
    nlp = spacy.load(MODEL_DIR)
    rng = numpy.random.default_rng(seed)
    for node in nlp.get_pipe("ner").model.walk():
        for name in node.param_names:
            if node.has_param(name):
                values = node.get_param(name)
                node.set_param(name, values + rng.normal(0, values.std(), values.shape).astype(values.dtype))
    nlp.to_disk(out)
    return out


@pytest.fixture(scope="module")
def vote_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("vote")
    copies = [_noisy_copy(tmp / f"noisy-{seed}", seed) for seed in (1, 2)]
    return assemble_vote([MODEL_DIR, *copies], tmp / "vote", min_votes=2)


@pytest.fixture(scope="module")
def voting(vote_dir: Path) -> Language:
    return spacy.load(vote_dir)


@pytest.fixture(scope="module")
def members(voting: Language) -> list[Language]:
    return voting.get_pipe("ner").members


def test_a_vote_of_one_model_is_that_model(members: list[Language]) -> None:
    for text in TEXTS:
        assert vote_spans(members[:1], 1, text) == member_spans(members[0], text)


def test_majority_keeps_what_all_agree_on_and_nothing_a_majority_did_not_predict(members: list[Language]) -> None:
    found_disagreement = False
    needed = len(members) // 2 + 1
    for text in TEXTS:
        predicted = [member_spans(member, text) for member in members]
        unanimous = set.intersection(*predicted)
        majority = {span for span in set.union(*predicted) if sum(span in p for p in predicted) >= needed}
        elected = vote_spans(members, needed, text)
        assert unanimous <= elected <= majority
        found_disagreement |= unanimous != set.union(*predicted)
    assert found_disagreement  # otherwise the vote was never put to the test


def test_elected_spans_never_overlap(members: list[Language]) -> None:
    for text in TEXTS:
        for min_votes in range(1, len(members) + 1):
            spans = sorted(vote_spans(members, min_votes, text))
            assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_the_saved_vote_is_what_its_members_give(members: list[Language], voting: Language) -> None:
    shipped = voting
    for text in TEXTS:
        assert {(e.start, e.end, e.label_) for e in shipped(text).ents} == vote_spans(members, shipped.get_pipe("ner").min_votes, text)


def test_members_are_stored_compactly_and_reload_to_the_same_predictions(
    members: list[Language], voting: Language, vote_dir: Path
) -> None:
    shipped = voting
    vote: NerVote = shipped.get_pipe("ner")
    float32_bytes = sum(
        4 * node.get_param(param).size
        for member in members for _, component in member.pipeline for node in component.model.walk()
        for param in node.param_names if node.has_param(param)
    )
    assert (vote_dir / "ner" / WEIGHTS_FILE).stat().st_size < 0.4 * float32_bytes  # int8: 1/4; float16 alone: 1/2
    copy = NerVote(shipped.vocab, "ner", 1).from_bytes(vote.to_bytes())
    assert copy.min_votes == vote.min_votes
    assert copy.to_bytes() == vote.to_bytes()
    for text in TEXTS:
        assert vote_spans(copy.members, vote.min_votes, text) == vote_spans(members, vote.min_votes, text)


def test_a_vote_without_members_says_so() -> None:
    nlp = blank_nlp()
    nlp.add_pipe(FACTORY, name="ner")
    with pytest.raises(ValueError, match="no member models"):
        nlp("Some text.")
