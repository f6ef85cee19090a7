"""Front matter: author lists, affiliations, e-mail addresses and LaTeX settings that text taken from a
PDF or a LaTeX source carries before the abstract proper.

Names found there are people, universities and companies ("WuzhenShi", "BaiduInc", "MOE" for a ministry
of education), never methods or datasets, so kg.extract.mentions makes no mention in that part of a
sentence. The signs are ones an abstract's own sentences almost never show:

  * an e-mail address ("{yizhong, lisujian} @pku.edu.cn"): the sentence up to the last address (a
    sentence splitter often glues the address block to the abstract's first sentence);
  * two or more LaTeX key=value settings ("leftmargin=*, itemsep= - 1 mm"): from the first setting on
    (they trail the abstract's last sentence as often as they lead);
  * a word of an affiliation glued to the next by a lost space ("SchoolofComputerScience",
    "CourantInstituteofMathematicalSciences");
  * ACM classification lines ("CCS Concepts", "concept_desc¿Information systems"): the whole sentence;
  * a copyright line ("acmcopyright KDD'18 ..., London, UnitedKingdom"), glued to the abstract's last
    sentence: from the mark on;
  * an author list written with initials ("W.Xiong, J.Droppo, X.Huang, F.Seide"): two or more names of
    that shape, from the first to the last;
  * an affiliation word (University, Institute, Laboratory, ...) in a comma list with a postcode or
    another number ("Johns Hopkins University, 3400 N.").
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"\S\s?@\s?[\w-]+(?:\.[\w-]+)+")
_LATEX_SETTING = re.compile(r"\b[a-z]{4,}\s?=\s?[\w*\-.]")
_GLUED_AFFILIATION = re.compile(
    r"(?:University|Institute|School|Laboratory|Department|College|Academy|Center|Centre|Research)"
    r"(?:of|for|and)[A-Z]"
    r"|[a-z](?:of|for|and)(?:Computer|Computational|Electrical|Mathematical|Engineering|Technology|Science)"
)
_CLASSIFICATION = re.compile(r"concept_desc|\bCCS Concepts\b|¿")
_COPYRIGHT = re.compile(r"acmcopyright|©")
# "F.Seide", "D.YuandG.Zweig": an initial, a full stop and a surname, with no space between.
_INITIAL_NAME = re.compile(r"\b(?:[A-Z]\.)+[A-Z][a-z]+\w*")
_AFFILIATION_WORD = re.compile(
    r"\b(?:University|Institute|Laboratory|Lab|Department|Dept|School|College|Academy|Inc|Ltd|Corporation)\b"
)


def front_matter(sentence: str) -> tuple[int, int]:
    """The characters (start, end) of `sentence` that are an author, affiliation or typesetting block;
    (0, 0) for none."""
    if _GLUED_AFFILIATION.search(sentence) or _CLASSIFICATION.search(sentence):
        return 0, len(sentence)
    if _AFFILIATION_WORD.search(sentence) and sentence.count(",") >= 2 and any(ch.isdigit() for ch in sentence):
        return 0, len(sentence)
    settings = list(_LATEX_SETTING.finditer(sentence))
    if len(settings) >= 2:
        return settings[0].start(), len(sentence)
    copyright_mark = _COPYRIGHT.search(sentence)
    if copyright_mark:
        return copyright_mark.start(), len(sentence)
    authors = list(_INITIAL_NAME.finditer(sentence))
    if len(authors) >= 2:
        return authors[0].start(), authors[-1].end()
    emails = list(_EMAIL.finditer(sentence))
    return (0, emails[-1].end()) if emails else (0, 0)
