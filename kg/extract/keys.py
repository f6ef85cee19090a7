"""Surface keys: the equality used to decide that two written forms name the same entity.

One function, shared by the gazetteer build (to merge list entries) and by
canonicalization (to merge mentions), so both agree on what "the same name" is.
The key ignores case, hyphens/spaces/underscores, a leading determiner, a
trailing generic head noun after a real name ("ImageNet dataset", "GhostVLAD layer", "GENIA data",
"JAVELIN system"), and a plural on the last word. It keeps digits, '.', and '+' so CIFAR-10 != CIFAR-100,
GPT-3 != GPT-3.5 and NCRF != NCRF++.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DASHES = re.compile(r"[\u2010-\u2015\u2212\uFE63\uFF0D]")
_DETERMINER = re.compile(r"^(?:the|a|an|our|this|these|those|its|their)\s+(?=\S)", re.I)
# Words that, after a real name, only say what kind of thing it is ("ImageNet dataset", "BERT model"), or
# name a part or output of it ("GhostVLAD layer", "Res2Net block", "BERT representations"). Tenth round: a
# name's data or its split ("GENIA data", "NTCIR-3 test data", "NIST 2003 MT evaluation set") and a named
# system ("JAVELIN system"). Not "score": a "CLIP score" is not CLIP. "points" after a metric is its unit.
# Thirteenth round (modern dev page): a role or kind of procedure ("STACC baseline", "LP module", "SAM
# technique", "MLE procedure").
_HEAD_NOUN = re.compile(
    r"[\s-]+(?:data ?sets?|benchmarks?|corpus|corpora|models?|methods?|algorithms?|architectures?"
    r"|networks?|framework|optimi[sz]er|approach(?:es)?|counterparts?|variants?|tasks?|points|layers?|blocks?"
    r"|representations?|programs?|systems?|baselines?|modules?|techniques?|procedures?"
    r"|data|(?:test|training|train|dev|development|validation|evaluation) (?:sets?|splits?|data(?: ?sets?)?))$",
    re.I,
)
# A collection of data after one to three lower-case words that say what it is used for: "COCO object
# detection dataset", "Pascal VOC 2012 segmentation benchmark", "ACE 2005 training corpus".
_DATA_USE = re.compile(
    r"^(?P<name>.+?)(?:\s+[a-z][a-z-]*){1,3}\s+(?:data ?sets?|data|sets?|benchmarks?|corpus|corpora)$"
)
AFTER_A_NAME = frozenset({"based", "style", "like", "aware", "free", "specific", "level", "wise", "only"})
_WORD_SPLIT = re.compile(r"[\s-]+")
_NON_KEY = re.compile(r"[^\w.+]+")
_LOOSE_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")
# "GANs", "ViTs", "LLMs": an acronym-like word with a plural 's'.
_ACRONYM_PLURAL = re.compile(r"^[A-Z0-9][A-Za-z0-9]*[A-Z0-9]s$")
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "as", "os")
_ES_PLURALS = ("sses", "shes", "xes")  # not "ches": patches/patch but caches/cache


def is_name_like(word: str) -> bool:
    """True for words that look like names rather than vocabulary: BERT, ImageNet, F1, GPT-4."""
    if any(ch.isdigit() for ch in word):
        return any(ch.isalpha() for ch in word)
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return True
    return any(ch.isupper() for ch in word[1:])


def clean_surface(text: str) -> str:
    """The written form without layout noise or a leading determiner (kept for display)."""
    value = _DASHES.sub("-", unicodedata.normalize("NFKC", text))
    value = " ".join(value.split())
    return _DETERMINER.sub("", value)


def before_head_noun(text: str) -> str | None:
    """What stands before a generic head noun ("Xception architecture" -> "Xception"), whether a name or not."""
    match = _HEAD_NOUN.search(text)
    if match is None or match.start() == 0:
        return None
    return text[: match.start()]


def name_before_data_use(text: str) -> str | None:
    """The name before lower-case words that say what its data is used for: "COCO object detection dataset"
    -> "COCO", "Pascal VOC 2012 segmentation benchmark" -> "Pascal VOC 2012"; None unless capitalised words
    and numbers, one of them name-like, stand before them. Not part of the key: the words may name a part
    of their own ("COCO keypoints"), so canonicalization merges on it only when the corpus writes the name
    alone too (kg.graph.canonical)."""
    match = _DATA_USE.match(text)
    if match is None:
        return None
    words = _WORD_SPLIT.split(match.group("name"))
    if all(word[:1].isupper() or word.isdigit() for word in words) and any(map(is_name_like, words)):
        return match.group("name")
    return None


def _names_with_hyphens(word: str) -> bool:
    """A hyphenated word that is a name: one of its parts is ("LLM-as-a-judge", "YCB-Video"), or a capitalised
    word carries a number ("Mamba-2"). Not "Self-Attention": a capital after a hyphen is no name by itself;
    not "POS-tagged", "RTE3-derived", "GPT-style" either: a participle or modifier after a name says how
    something relates to it."""
    parts = [part for part in word.split("-") if part]
    if not parts or (parts[-1].islower() and (parts[-1].endswith("ed") or parts[-1] in AFTER_A_NAME)):
        return False
    if any(map(is_name_like, parts)):
        return True
    return word[:1].isupper() and any(part.isdigit() for part in parts)


def _without_one_head(text: str) -> str:
    rest = before_head_noun(text)
    if rest is None:
        return text
    words = rest.split()
    # A number may stand beside the name ("NIST 2000 test set", "WMT 2014 dataset"), not for it. A lower-case
    # head is no part of a capitalised name either ("AlphaGo Zero algorithm", "YCB-Video dataset"); a capitalised
    # head may be ("3D Morphable Model", "EMNLP RepEval 2017 Shared Task"). Words are the space-separated
    # ones (thirteenth round): "Mamba-2" and "LLM-as-a-judge" are names whole.
    lower_head = text[len(rest) :].strip(" -").islower()
    named = all(
        _names_with_hyphens(word)
        or all(part.isdigit() or (lower_head and part[:1].isupper()) for part in word.split("-") if part)
        for word in words
    ) and any(map(_names_with_hyphens, words))
    return rest if named else text


def without_head_noun(text: str) -> str:
    """The name without a generic head after it: "ImageNet dataset" -> "ImageNet", "BERT model" -> "BERT";
    two heads go too ("MVTec AD benchmark dataset" -> "MVTec AD")."""
    rest = _without_one_head(text)
    if rest != text:
        return rest
    outer = before_head_noun(text)
    if outer is None or not text[len(outer) :].strip(" -").islower():
        return text
    inner = _without_one_head(outer)
    return inner if inner != outer else text


def _singular(word: str, original: str) -> str:
    if _ACRONYM_PLURAL.match(original):
        return word[:-1]
    if not original.endswith("s") or original.isupper():
        return word  # a capital S belongs to the name: 3DGS, PALMS
    if len(word) >= 5 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(_ES_PLURALS):
        return word[:-2]
    if len(word) >= 4 and not word.endswith(_NOT_PLURAL_ENDINGS):
        return word[:-1]
    return word


def is_plural(text: str) -> bool:
    """Does the last word look like a plural that surface_key would make singular ("GPs", "transformers")?"""
    words = _NON_KEY.sub(" ", text).split()
    if not words:
        return False
    last = words[-1]
    return _singular(last.casefold(), last) != last.casefold()


@lru_cache(maxsize=1 << 16)
def surface_key(text: str) -> str:
    """The comparison key of a written name: 'the ViTs' and 'ViT' share 'vit', 'CIFAR10' and 'CIFAR-10' 'cifar10'."""
    value = without_head_noun(clean_surface(text))
    words = _LOOSE_DOT.sub(" ", _NON_KEY.sub(" ", value.casefold().replace("_", " "))).split()
    if not words:
        return value.casefold()
    originals = _NON_KEY.sub(" ", value).split()
    last_original = originals[-1] if originals else words[-1]
    words[-1] = _singular(words[-1], last_original)
    return "".join(words)
