"""A statistical-NER span becomes a mention only with support beside the model's word (kg.extract.support).

The NER spans are given by hand, so each case tests the rule on a handcrafted abstract, not a model.
"""

from __future__ import annotations

import pytest

from kg.extract.mentions import doc_mentions


def texts(process, abstract: str, *labelled: tuple[str, str], title: str = "") -> list[str]:
    doc = process(abstract, title)
    out = []
    for phrase, label in labelled:
        start = doc.text.rindex(phrase) if title and phrase not in title else doc.text.index(phrase)
        span = doc.char_span(start, start + len(phrase))
        out.append((span.start, span.end, label))
    return [m.text for m in doc_mentions(doc, out)]


def test_a_lone_plain_phrase_written_once_is_no_mention(process) -> None:
    abstract = "Our results hold without laborious hyper-parameter tuning. We report them."
    assert "laborious hyper-parameter tuning" not in texts(process, abstract, ("laborious hyper-parameter tuning", "Method"))


@pytest.mark.parametrize(
    ("abstract", "phrase", "label"),
    [
        # a name-like word in it
        ("We train a residual ConvNet variant on images. It works.", "residual ConvNet variant", "Method"),
        # written again in the same abstract
        ("We study brain lesion segmentation. Brain lesion segmentation is hard.", "brain lesion segmentation", "Task"),
        # the long form of an abbreviation the paper defines
        ("We use recursive neural networks (RvNNs) for text. They help.", "recursive neural networks", "Method"),
        # capitalised word by word where a capital says something
        ("We evaluate on the Google Street View House Numbers collection.", "Google Street View House Numbers", "Dataset"),
    ],
)
def test_supported_phrases_stay(process, abstract: str, phrase: str, label: str) -> None:
    assert phrase in texts(process, abstract, (phrase, label))


def test_a_phrase_in_the_title_stays(process) -> None:
    title = "Dense prediction with dilated filters"
    abstract = "We show that dense prediction gains from context."
    assert texts(process, abstract, ("Dense prediction", "Task"), title=title) == ["Dense prediction"]


def test_a_capital_at_the_start_of_a_sentence_is_no_support(process) -> None:
    abstract = "Shallow models fail here. We try more."
    assert texts(process, abstract, ("Shallow models", "Method")) == []


def test_sota_is_no_method(process) -> None:
    # "SOTA" looks like a name (capitals) but says "the state of the art": a seed graph made it a Method in 8 papers.
    abstract = "Our model beats SOTA on three benchmarks."
    assert texts(process, abstract, ("SOTA", "Method")) == []


def test_front_matter_makes_no_mentions(process) -> None:
    # Text taken from a PDF: authors and schools glued by lost spaces, an e-mail block glued to the first
    # sentence, an affiliation line; the NER spans are what a model tagged there.
    abstract = (
        "WuzhenShi, FengJiang SchoolofComputerScience, HarbinInstituteofTechnology, China. "
        "{yizhong, lisujian} @pku.edu.cn SujianLi trains BERT on SQuAD. "
        "Key Laboratory of Computational Linguistics, Peking University, MOE, China 100871."
    )
    tagged = [("HarbinInstituteofTechnology", "Dataset"), ("lisujian", "Method"), ("BERT", "Method"),
              ("SQuAD", "Dataset"), ("MOE", "Method")]
    assert texts(process, abstract, *tagged) == ["BERT", "SQuAD"]


def test_author_lists_with_initials_and_copyright_lines_make_no_mentions(process) -> None:
    # A technical report's author line and an ACM copyright line glued to the abstract's sentences.
    abstract = (
        "We combine LACE and BLSTM models. W.Xiong, J.Droppo, F.Seide, D.YuandG.Zweig MicrosoftResearch "
        "trained BLSTM on Switchboard. DIN is deployed at scale. printacmref = false acmcopyright KDD'18, "
        "London, UnitedKingdom."
    )
    tagged = [("LACE", "Method"), ("F.Seide", "Method"), ("D.YuandG.Zweig", "Method"), ("DIN", "Method"),
              ("UnitedKingdom", "Method")]
    # Switchboard is a real dataset the sentence names (the gazetteer's); only the front matter goes.
    assert texts(process, abstract, *tagged) == ["LACE", "Switchboard", "DIN"]


def test_a_sentence_final_full_stop_is_not_part_of_a_name(process) -> None:
    # The tokenizer keeps "IJB-A." as one token; the name ends before the full stop.
    assert texts(process, "We report results on IJB-A. They hold.", ("IJB-A.", "Dataset")) == ["IJB-A"]


def test_a_glued_name_defines_its_capitals(extract_one) -> None:
    # "FacePoseNet (FPN)": F, P and N begin the glued words, so FPN means FacePoseNet in this paper,
    # not the gazetteer's Feature Pyramid Network.
    extraction = extract_one("We propose FacePoseNet (FPN), a network for head pose. FPN is fast.")
    assert extraction.abbreviations == [("FPN", "FacePoseNet")]


def test_modifiers_around_a_known_name_make_no_second_mention(process) -> None:
    # "Image Classification" is a gazetteer name; the NER's wider span adds only a participle to it.
    abstract = "We study Enhanced Image Classification in games. Enhanced Image Classification is hard."
    found = texts(process, abstract, ("Enhanced Image Classification", "Task"))
    assert "Enhanced Image Classification" not in found and "Image Classification" in found


def test_acm_classification_lines_make_no_mentions(process) -> None:
    abstract = "concept_desc¿Information systems Recommender systems. We train BERT for ranking."
    doc = process(abstract)
    tagged = [(span.start, span.end, label) for span, label in
              ((doc.char_span(*_find(doc.text, "Recommender systems")), "Task"),
               (doc.char_span(*_find(doc.text, "BERT")), "Method"))]
    assert [m.text for m in doc_mentions(doc, tagged)] == ["BERT"]


def _find(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)
