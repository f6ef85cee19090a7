"""The gazetteer: known methods, datasets, tasks, metrics and concepts with canonical names.

The compiled list ships in kg/resources/gazetteer/gazetteer.json (built by
scripts/build_gazetteer.py from curated.tsv and the Papers-with-Code / NLP-TDMS
lists), so a fresh install needs no downloaded data. Matching uses one spaCy
PhraseMatcher on lower case; short or all-capital names count only with their
exact case (GLUE must not match "glue"). Spelling variants (hyphen vs space vs
nothing, plural of model names) are generated here, at load time, so the file
holds facts and this module holds the matching policy.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from kg.extract.keys import surface_key
from kg.extract.offsets import doc_text, keep_longest, token_offsets
from kg.model import CONCEPT, METHOD

GAZETTEER_FILE = "gazetteer.json"
USER_DATA_KEY = "kg_known_names"
# A match: (start token, end token, graph type, canonical name).
KnownName = tuple[int, int, str, str]
_PLURAL_TYPES = frozenset({METHOD, CONCEPT})
_HYPHEN_BETWEEN = re.compile(r"(?<=\w)-(?=\w)")
_SPACE_BEFORE_DIGIT = re.compile(r"(?<=\w) (?=\d)")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One known entity: its canonical name, graph type and the written forms that name it."""

    name: str
    type: str
    aliases: tuple[str, ...]
    case_sensitive: frozenset[str]
    source: str

    @property
    def forms(self) -> tuple[str, ...]:
        """The canonical name and every alias."""
        return (self.name, *self.aliases)


class Gazetteer:
    """The compiled gazetteer file, with lookup by surface key."""

    def __init__(self, entries: list[GazetteerEntry], common_words: frozenset[str]) -> None:
        self.entries = entries
        self.common_words = common_words

    @classmethod
    def read(cls, path: str | Path) -> Gazetteer:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        entries = [
            GazetteerEntry(
                name=item["name"],
                type=item["type"],
                aliases=tuple(item.get("aliases", ())),
                case_sensitive=frozenset(item.get("case_sensitive", ())),
                source=item.get("source", ""),
            )
            for item in data["entries"]
        ]
        return cls(entries, frozenset(data.get("common_words", ())))

    @cached_property
    def _by_key(self) -> dict[str, GazetteerEntry]:
        index: dict[str, GazetteerEntry] = {}
        for entry in self.entries:
            for form in entry.forms:
                index.setdefault(surface_key(form), entry)
        return index

    def lookup(self, text: str) -> GazetteerEntry | None:
        """The entry a written form belongs to under surface-key equality, if any."""
        return self._by_key.get(surface_key(text))

    def lookup_key(self, key: str) -> GazetteerEntry | None:
        """The entry owning a surface key, if any."""
        return self._by_key.get(key)


def default_path() -> Path:
    return Path(str(resources.files("kg") / "resources" / "gazetteer" / GAZETTEER_FILE))


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The gazetteer at `path` (default: the shipped file), read once per process.

    One file, one object: every caller naming the same file (however spelled) shares it, so the
    pipeline's components and canonicalization cannot hold two differing copies.
    """
    return _read_once(Path(path or default_path()).resolve())


@cache
def _read_once(path: Path) -> Gazetteer:
    return Gazetteer.read(path)


def spelling_variants(form: str, entity_type: str) -> list[str]:
    """Other ways the same name is written: CIFAR-10 / CIFAR 10 / CIFAR10, Llama 2 / Llama-2, ViT / ViTs."""
    variants = [form]
    if _HYPHEN_BETWEEN.search(form):
        variants += [_HYPHEN_BETWEEN.sub(" ", form), _HYPHEN_BETWEEN.sub("", form)]
    if _SPACE_BEFORE_DIGIT.search(form):
        variants += [_SPACE_BEFORE_DIGIT.sub("-", form), _SPACE_BEFORE_DIGIT.sub("", form)]
    if entity_type in _PLURAL_TYPES:
        variants += [v + "s" for v in list(variants) if v[-1:].isalpha() and not v.endswith("s")]
    return variants


def _pattern_tokenizer(nlp: Language) -> Tokenizer:
    """A throw-away copy of the pipeline's tokenizer for the patterns.

    Measured: after the pipeline's own tokenizer has tokenized the ~10k pattern
    strings, it tokenizes abstracts 2-4x slower (its cache fills with them), so
    the patterns go through a copy with the same rules and vocab instead.
    """
    original = nlp.tokenizer
    if not isinstance(original, Tokenizer):
        return original
    return Tokenizer(
        nlp.vocab,
        rules=original.rules,
        prefix_search=original.prefix_search,
        suffix_search=original.suffix_search,
        infix_finditer=original.infix_finditer,
        token_match=original.token_match,
        url_match=original.url_match,
    )


class GazetteerMatcher:
    """spaCy component: known names in the doc (`known_names(doc)`; as Spans: `Doc._.known_names`).

    Span label = graph type, kb_id = canonical name. Overlaps keep the longest
    match, so "CIFAR-100" never yields "CIFAR-10" and "Vision Transformer" beats
    "Transformer". One lower-case PhraseMatcher serves both matching policies:
    a match of an exact-case form counts only if the text has that exact case
    (one matcher pass costs half of running an ORTH and a LOWER matcher).
    """

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer  # the names it matches: canonicalization must use the same (Extractor.gazetteer)
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        # match id -> (entry matched whatever the case, {exact text: entry matched only in that case})
        self._targets: dict[int, tuple[GazetteerEntry | None, dict[str, GazetteerEntry]]] = {}
        self._add_patterns(nlp, gazetteer)

    def _add_patterns(self, nlp: Language, gazetteer: Gazetteer) -> None:
        # Lower-cased form -> (entry index for any case, {exact form: entry index}, text to tokenize).
        table: dict[str, tuple[int | None, dict[str, int], str]] = {}
        # Written forms first, generated variants second: a form another entry names outright wins.
        for generated in (False, True):
            for index, entry in enumerate(gazetteer.entries):
                for form in entry.forms:
                    for text in spelling_variants(form, entry.type)[1:] if generated else [form]:
                        anycase, exact, sample = table.get(text.lower(), (None, {}, text))
                        if form in entry.case_sensitive:
                            exact.setdefault(text, index)
                        elif anycase is None:
                            anycase = index
                        table[text.lower()] = (anycase, exact, sample)
        # One matcher key per distinct target: all case-insensitive forms of an entry share one.
        groups: dict[tuple[int | None, tuple[tuple[str, int], ...]], list[str]] = {}
        for anycase, exact, sample in table.values():
            groups.setdefault((anycase, tuple(sorted(exact.items()))), []).append(sample)
        tokenizer = _pattern_tokenizer(nlp)
        entries = gazetteer.entries
        for number, ((anycase, exact), samples) in enumerate(groups.items()):
            key = f"kg_gazetteer:{number}"
            self._targets[nlp.vocab.strings.add(key)] = (
                None if anycase is None else entries[anycase],
                {text: entries[index] for text, index in exact},
            )
            self._matcher.add(key, list(tokenizer.pipe(samples)))

    def __call__(self, doc: Doc) -> Doc:
        found: list[KnownName] = []
        matches = self._matcher(doc)
        if matches:
            text = doc_text(doc)
            starts, ends = token_offsets(doc)
            for match_id, start, end in matches:
                anycase, exact = self._targets[match_id]
                entry = (exact.get(text[starts[start] : ends[end - 1]]) if exact else None) or anycase
                if entry is not None:
                    found.append((start, end, entry.type, entry.name))
        doc.user_data[USER_DATA_KEY] = keep_longest(found, _bounds)
        return doc


def _bounds(name: KnownName) -> tuple[int, int]:
    return name[0], name[1]


def known_names(doc: Doc) -> list[KnownName]:
    """The gazetteer's matches in `doc`: (start token, end token, graph type, canonical name)."""
    return doc.user_data.get(USER_DATA_KEY, [])
