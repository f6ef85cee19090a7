"""Natural languages and language pairs: what a system works on, never a method, task or dataset of its own.

"Chinese-English", "English-to-Czech", "Urdu-English" or "Arabic" alone are tagged Method, Task or Dataset
by the NER; a translation paper's direction is no entity (a named set that carries it, "WMT 2014
English-German", keeps its name). The list is closed-class vocabulary: languages that ML papers name.
"""

from __future__ import annotations

import re

LANGUAGES = frozenset({
    "english", "german", "french", "spanish", "chinese", "japanese", "korean", "russian", "arabic", "czech",
    "romanian", "finnish", "turkish", "hindi", "italian", "portuguese", "dutch", "polish", "vietnamese",
    "urdu", "hungarian", "malay", "hebrew", "persian", "farsi", "tibetan", "swedish", "danish", "norwegian",
    "greek", "bengali", "telugu", "tamil", "thai", "indonesian", "estonian", "latvian", "lithuanian",
    "bulgarian", "croatian", "serbian", "slovenian", "slovak", "ukrainian", "catalan", "basque", "swahili",
    "mandarin", "cantonese", "uyghur", "mongolian", "nepali", "sinhala", "pashto", "kazakh", "icelandic",
})
# Between the languages of a pair: "English-German", "English-to-Czech", "English→French", "Chinese/English".
_PAIR_GLUE = re.compile(r"\s*(?:-to-|-|→|/|\bto\b|\band\b)\s*")


def only_languages(words: list[str]) -> bool:
    """The words name one language or a pair of them and nothing else: "Urdu-English", "English to French"."""
    parts = [part for part in _PAIR_GLUE.split(" ".join(words).lower()) if part]
    return bool(parts) and all(part in LANGUAGES for part in parts)
