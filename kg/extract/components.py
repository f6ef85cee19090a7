"""kg's spaCy factories and Doc extensions: the rule-based half of the extraction pipeline.

Registered names are versioned (`kg_<name>_v1`) so a changed behaviour gets a new
name rather than silently changing old configs. Importing this module registers
everything; the pipeline configs in kg/resources/pipeline/ name the components
and their order, and kg.extract.pipeline builds them from there.

The two components that need the gazetteer get it as a config argument resolved
by the registered function `kg_gazetteer_file_v1` (spaCy configs hold values,
not objects); that function reads each file once per process, so both share one
`Gazetteer`, which `Extractor.gazetteer` hands on to canonicalization.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from kg.extract.abbreviations import AbbreviationDetector, definitions
from kg.extract.contributions import ContributionDetector, proposed_names
from kg.extract.gazetteer import Gazetteer, GazetteerMatcher, known_names, load_gazetteer
from kg.extract.link_finder import CodeLinkFinder
from kg.extract.sentences import TitleAwareSentencizer

SENTENCES = "kg_sentences_v1"
GAZETTEER = "kg_gazetteer_v1"
ABBREVIATIONS = "kg_abbreviations_v1"
CONTRIBUTIONS = "kg_contributions_v1"
CODE_LINKS = "kg_code_links_v1"
GAZETTEER_FILE = "kg_gazetteer_file_v1"


def _known_name_spans(doc: Doc) -> list[Span]:
    return [Span(doc, start, end, label=kind, kb_id=name) for start, end, kind, name in known_names(doc)]


def _proposed_name_spans(doc: Doc) -> list[Span]:
    return [Span(doc, start, end, label=kind) for start, end, kind in proposed_names(doc)]


def _abbreviation_spans(doc: Doc) -> list[tuple[Span, Span]]:
    return [(doc[short[0] : short[1]], doc[long[0] : long[1]]) for short, long in definitions(doc)]


# Doc extensions. Components pass plain token ranges to each other (no per-span Python objects on the
# hot path); these getters offer the results as Spans. Values default to "component not run".
_VALUES = (
    ("title_end", 0),  # characters of the title at the start of the text; 0 = no title
    ("sentence_bounds", None),  # [(first token, end token, start char, end char)]
    ("code_links", None),  # [CodeLink]
    ("pages", None),  # [str]
)
_GETTERS = (
    ("known_names", _known_name_spans),  # gazetteer matches: label = graph type, kb_id_ = canonical name
    ("proposed_names", _proposed_name_spans),  # names the paper proposes: label = graph type
    ("abbreviations", _abbreviation_spans),  # [(short Span, long Span)]
)
for _name, _default in _VALUES:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)
for _name, _getter in _GETTERS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, getter=_getter)


@Language.factory(SENTENCES, default_config={})
def make_sentences(nlp: Language, name: str) -> TitleAwareSentencizer:
    return TitleAwareSentencizer()


@registry.misc(GAZETTEER_FILE)
def gazetteer_file(path: str | None = None) -> Gazetteer:
    """The gazetteer compiled in `path` (null: the one shipped with kg), read once per process."""
    return load_gazetteer(path)


_SHIPPED_GAZETTEER = {"gazetteer": {"@misc": GAZETTEER_FILE, "path": None}}


@Language.factory(GAZETTEER, default_config=_SHIPPED_GAZETTEER)
def make_gazetteer(nlp: Language, name: str, gazetteer: Gazetteer) -> GazetteerMatcher:
    return GazetteerMatcher(nlp, gazetteer)


@Language.factory(ABBREVIATIONS, default_config={})
def make_abbreviations(nlp: Language, name: str) -> AbbreviationDetector:
    return AbbreviationDetector()


@Language.factory(CONTRIBUTIONS, default_config=_SHIPPED_GAZETTEER)
def make_contributions(nlp: Language, name: str, gazetteer: Gazetteer) -> ContributionDetector:
    return ContributionDetector(gazetteer.common_words)


@Language.factory(CODE_LINKS, default_config={})
def make_code_links(nlp: Language, name: str) -> CodeLinkFinder:
    return CodeLinkFinder()
