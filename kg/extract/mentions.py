"""Turn a processed Doc's spans into Mentions with evidence.

Sources, and how overlaps are settled:
  * gazetteer spans (known names, canonical name attached) and proposed names
    (contribution cues). A proposed span equal to a gazetteer span marks that
    known name proposed; a proposed span that crosses a gazetteer span wins; a
    known name inside a proposed one stays ("Dual-Head Knowledge Distillation"
    is proposed, knowledge distillation is used).
  * NER spans (default mode), first judged by kg.extract.specificity (generic phrases and discourse words
    are no entities) and kg.extract.descriptions (lower-case descriptions such as "encoding layer", in a
    title too but for its opening phrase), retyped by kg.extract.typing_rules (head nouns), dropped when a
    plural class that only the title writes (kg.extract.title_fragments: "Deep Predictive Models") or a
    training step (kg.extract.training_steps: "model training", "parameter tuning") or a nameless
    knowledge resource typed Method or Task, with its abbreviation (kg.extract.knowledge_resources:
    "knowledge bases (KBs)"), and
    kept only with support beside the model's word (kg.extract.support: a name-like word, the title, a
    repeat, a defined abbreviation).
    One equal to, inside, or crossing a rule span is dropped (the rules' name is the better one); one that strictly contains rule
    spans is kept beside them ("multi-sample dropout" and "dropout" both hold).
  * named variants (kg.extract.name_variants): a one-word name mentioned as a Method or Dataset, a hyphen
    and a named suffix ("CornerNet-Squeeze" beside CornerNet) is a mention of the same kind.
  * abbreviations: when one side of "Long Form (SF)" is a mention, the other side
    (and every repeat of the short form) becomes a mention of the same kind.
Every mention carries its sentence and offsets; spans crossing a sentence
boundary are dropped, so `sentence[start:end] == text` always holds. Nothing in
front matter (authors, affiliations, e-mail, LaTeX settings; kg.extract.front_matter)
becomes a mention, and a name's sentence-final period is not part of it ("IJB-A.").
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from kg.extract.abbreviations import definitions
from kg.extract.contributions import proposed_names
from kg.extract.descriptions import (
    describes_preceding_name,
    ends_in_adjective,
    ends_mid_phrase,
    is_description,
    is_title_verb_phrase,
    opens_title,
)
from kg.extract.front_matter import front_matter
from kg.extract.gazetteer import known_names
from kg.extract.kind_references import refers_to_kind
from kg.extract.knowledge_resources import is_knowledge_resource, resource_short_forms
from kg.extract.languages import only_languages
from kg.extract.name_variants import VARIANT_KINDS, variant_spans
from kg.extract.offsets import doc_text, range_text, token_offsets, token_range, word_occurrences
from kg.extract.sentences import sentence_index
from kg.extract.support import supported_spans
from kg.extract.title_fragments import is_title_clause, is_title_fragment, study_object
from kg.extract.training_steps import is_training_step
from kg.extract.specificity import (
    dataset_name_length,
    describes_kind,
    has_name,
    head_remainder,
    is_bare_word,
    is_generic,
    is_junk_shape,
    leading_noise,
    only_modifiers,
)
from kg.extract.types import Evidence, Mention
from kg.extract.typing_rules import (
    evaluated_on,
    field_short_forms,
    listed_with_metrics,
    refined_type,
    score_short_forms,
)
from kg.model import CONCEPT, DATASET, METHOD, METRIC, TASK

# (start token, end token, label, proposed, canonical)
_Candidate = tuple[int, int, str, bool, str | None]


def doc_mentions(doc: Doc, ner_spans: Iterable[tuple[int, int, str]] = ()) -> list[Mention]:
    """All mentions in `doc`, ordered by position; `ner_spans` are (start token, end token, graph type)."""
    candidates = _rule_candidates(doc)
    entity_spans = supported_spans(doc, _entity_spans(doc, ner_spans, candidates))
    candidates += _ner_candidates(candidates, entity_spans)
    candidates += _variant_candidates(doc, candidates)
    candidates += _abbreviation_candidates(doc, candidates)
    return _with_evidence(doc, candidates)


def _rule_candidates(doc: Doc) -> list[_Candidate]:
    known = {(start, end): (kind, name) for start, end, kind, name in known_names(doc)}
    out: list[_Candidate] = []
    marked: set[tuple[int, int]] = set()
    for start, end, kind in proposed_names(doc):
        if (start, end) in known:
            marked.add((start, end))
        else:
            out.append((start, end, kind, True, None))
    for (start, end), (kind, name) in known.items():
        if (start, end) not in marked and any(_crosses(start, end, c[0], c[1]) for c in out):
            continue
        out.append((start, end, kind, (start, end) in marked, name))
    return out


def _crosses(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Overlapping without one containing the other."""
    return a_start < b_end and b_start < a_end and not (
        (a_start <= b_start and b_end <= a_end) or (b_start <= a_start and a_end <= b_end)
    )


def _strictly_contains(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start <= b_start and b_end <= a_end and (a_start, a_end) != (b_start, b_end)


def _ner_candidates(rules: list[_Candidate], ner_spans: Iterable[tuple[int, int, str]]) -> list[_Candidate]:
    out: list[_Candidate] = []
    for start, end, label in ner_spans:
        # Kept unless it overlaps a rule span without strictly containing it (equal, inside, crossing).
        if all(_strictly_contains(start, end, r[0], r[1]) or r[1] <= start or end <= r[0] for r in rules):
            out.append((start, end, label, False, None))
    return out


def _entity_spans(
    doc: Doc, ner_spans: Iterable[tuple[int, int, str]], rules: list[_Candidate]
) -> list[tuple[int, int, str]]:
    """NER spans that name entities: leading discourse words cut, generic phrases dropped, typed by head noun."""
    text = doc_text(doc)
    starts, ends = token_offsets(doc)
    rule_bounds = {(rule[0], rule[1]) for rule in rules}
    sentence_starts = {bound[0] for bound in doc._.sentence_bounds or ()}
    title_end = doc._.title_end or 0

    def words_of(start: int, end: int) -> list[str]:
        return [text[starts[i] : ends[i]] for i in range(start, end)]

    defined = [(words_of(*short), words_of(*long)) for short, long in definitions(doc)]
    resource_shorts, score_shorts = resource_short_forms(defined), score_short_forms(defined)
    field_shorts = field_short_forms(defined)
    out: list[tuple[int, int, str]] = []
    for start, end, label in ner_spans:
        words = words_of(start, end)
        skip = leading_noise(words)
        start, words = start + skip, words[skip:]
        if not words or is_generic(words):
            continue
        if is_junk_shape(words):
            continue  # "66b model", "Tesla V100", "Phi_k", a URL, "MIT license"
        subject = study_object(words)
        if subject is not None:
            if not has_name(words[subject:]):
                continue  # "Empirical Analysis of Feature Engineering": what the paper does, not a name
            start, words = start + subject, words[subject:]  # "Statistical Foundations of Prior-Data Fitted Networks"
        if any(_strictly_contains(start, end, r_start, r_end)
               and only_modifiers(words[: r_start - start] + words[r_end - start :])
               for r_start, r_end in rule_bounds):
            continue  # "General Reinforcement Learning": modifiers of a known name add nothing to it
        named_part = head_remainder(words)
        if named_part is not None and (start, start + named_part) in rule_bounds:
            continue  # "pruning method": the known name Pruning stands for the phrase
        if label == METHOD and any(r_start == start and start < r_end < end and describes_kind(words[r_end - start :])
                                   for r_start, r_end in rule_bounds):
            continue  # "CutMix augmentation strategy": the known name CutMix stands for the phrase
        if refers_to_kind(words, start in sentence_starts):
            continue  # "search algorithm", "object identification model": a job, not a name
        if is_training_step(words, start in sentence_starts):
            continue  # "model training", "parameter tuning": a step every paper takes, not a method
        if only_languages(words):
            continue  # "Urdu-English", "Arabic": what a system works on
        before = text[: starts[start]]
        label = listed_with_metrics(words, refined_type(words, label), before)
        label = evaluated_on(words, label, before, text[ends[end - 1] :])
        if label == METHOD and " ".join(words) in score_shorts:
            label = METRIC  # "SII" after "Speech Intelligibility Index (SII)": the short form of a score
        if label in (METHOD, TASK) and " ".join(words) in field_shorts:
            continue  # "TDA" after "Topological Data Analysis (TDA)": a field, as its long form
        if label in (METHOD, TASK) and (is_knowledge_resource(words) or " ".join(words) in resource_shorts):
            continue  # "knowledge bases (KBs)", "a lexicon": a store the system reads, not a method
        if label == CONCEPT:
            continue  # a property, a kind of data or a language: audits found these the NER's worst nodes
        if label == DATASET:
            named_length = dataset_name_length(words)
            end, words = start + named_length, words[:named_length]  # "CallHome portion" -> CallHome
        in_title = starts[start] < title_end
        capital_says_nothing = start in sentence_starts or in_title
        if not (in_title and opens_title(before)) and is_description(words, start in sentence_starts):
            continue  # "encoding layer", "fully convolutional": describes a thing, does not name it
        if describes_preceding_name(words, before):
            continue  # "DialogueRNN: An Attentive RNN": the name before the colon is the entity
        if in_title and is_title_verb_phrase(words):
            continue  # "Mastering Chess": what the paper does, not a name
        if in_title and is_title_clause(words):
            continue  # "Deep Learning Meets Sparse Regularization": a clause of the title, not a name
        if in_title and is_title_fragment(words, text, starts[start], ends[end - 1]):
            continue  # "Deep Predictive Models": a class the title describes, not a name
        if ends_in_adjective(words):
            continue  # "Scale-aware", "Fact Aware Neural": a modifier without its noun
        if ends_mid_phrase(words):
            continue  # "Fast Adaptation of": cut mid-phrase
        if not is_bare_word(words, label, capital_says_nothing):
            out.append((start, end, label))
    return out


def _variant_candidates(doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
    named = {range_text(doc, c[0], c[1]): c[2] for c in candidates if c[2] in VARIANT_KINDS and c[1] - c[0] == 1}
    if not named:
        return []
    taken = [(c[0], c[1]) for c in candidates]
    return [(start, end, kind, False, None) for start, end, kind in variant_spans(doc, named, taken)]


def _abbreviation_candidates(doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
    pairs = definitions(doc)
    if not pairs:
        return []
    by_bounds = {(c[0], c[1]): c for c in candidates}
    taken = [(c[0], c[1]) for c in candidates]
    text = doc_text(doc)
    out: list[_Candidate] = []
    for short, long in pairs:
        source = by_bounds.get(long) or by_bounds.get(short)
        if source is None:
            continue
        _, _, label, proposed, canonical = source
        if source is not by_bounds.get(long):
            # The known name is the short form ("RF" = Random Forest) but this paper defines its own meaning
            # ("random features (RF)"): the long form is not the known entity.
            canonical = None
        short_text = range_text(doc, *short)
        repeats = (token_range(doc, char, char + len(short_text)) for char in word_occurrences(text, short_text))
        for start, end in [long, *(r for r in repeats if r is not None)]:
            if not any(s < end and start < e for s, e in taken):
                out.append((start, end, label, proposed, canonical))
                taken.append((start, end))
    return out


def _with_evidence(doc: Doc, candidates: list[_Candidate]) -> list[Mention]:
    bounds = doc._.sentence_bounds or []
    if not bounds:
        return []
    starts, ends = token_offsets(doc)
    text = doc_text(doc)
    sentence_texts: dict[int, str] = {}
    front_matter_of: dict[int, tuple[int, int]] = {}  # sentence index -> its front matter's characters
    mentions: list[Mention] = []
    seen: set[tuple[int, int, str]] = set()
    for start, end, label, proposed, canonical in sorted(candidates, key=lambda c: (c[0], c[1], c[2])):
        if (start, end, label) in seen:
            continue
        seen.add((start, end, label))
        index = sentence_index(bounds, start)
        first, stop, s_char, e_char = bounds[index]
        m_start, m_end = starts[start], ends[end - 1]
        if not (first <= start and end <= stop and s_char <= m_start and m_end <= e_char):
            continue  # outside every sentence, or across two
        surface = text[m_start:m_end]
        if surface != surface.strip():
            continue
        if surface.endswith(".") and surface.count(".") == 1 and len(surface) > 2 and surface[-2].isalnum():
            m_end, surface = m_end - 1, surface[:-1]  # the tokenizer kept a sentence's full stop: "IJB-A."
        sentence = sentence_texts.get(index)
        if sentence is None:
            sentence = sentence_texts[index] = text[s_char:e_char]
            front_matter_of[index] = front_matter(sentence)
        matter_start, matter_end = front_matter_of[index]
        if matter_start < m_end - s_char and m_start - s_char < matter_end:
            continue  # an author, affiliation or e-mail block, not the abstract (kg.extract.front_matter)
        evidence = Evidence(sentence, m_start - s_char, m_end - s_char, surface)
        mentions.append(Mention(surface, label, evidence, proposed, canonical))
    return mentions
