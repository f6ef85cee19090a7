"""One case per way a URL turns up damaged in an abstract; expected outputs written by hand from the text."""

from __future__ import annotations

import pytest

from kg.extract.code_links import ANONYMOUS_OWNER, find_links, normalize_link, sentence_bounds
from kg.extract.types import CodeLink


def repos(text: str) -> list[str]:
    return [link.url for link in find_links(text)[0]]


def pages(text: str) -> list[str]:
    return find_links(text)[1]


# One case each: (text, repository URLs expected in order). Seed texts are quoted from shared/seeds.
REPO_CASES = [
    pytest.param("Code for our experiments can be found at github.com/edwardjhu/TP4.",
                 ["https://github.com/edwardjhu/TP4"], id="scheme-less"),
    pytest.param("We provide source code at www.github.com/marccoru/locationencoder",
                 ["https://github.com/marccoru/locationencoder"], id="www without scheme, no final stop"),
    pytest.param("Code: WWW.GITHUB.COM/U/V.", ["https://github.com/U/V"], id="upper-case host"),
    pytest.param("Code: http://www.github.com/x/y.", ["https://github.com/x/y"], id="http and www"),
    pytest.param("Our code is available at https://github.com/AngusDujw/Diversity-Driven-Synthesis."
                 "https://github.com/AngusDujw/Diversity-Driven-Synthesis.",
                 ["https://github.com/AngusDujw/Diversity-Driven-Synthesis"], id="same URL glued twice"),
    pytest.param("See https://github.com/a/b.https://gitlab.com/c/d now.",
                 ["https://github.com/a/b", "https://gitlab.com/c/d"], id="two URLs glued"),
    pytest.param("See https://github.com/a/bhttps://github.com/c/d",
                 ["https://github.com/a/b", "https://github.com/c/d"], id="glued without separator"),
    pytest.param("Code can be available at https://github.com/xuke225/EQ-Net.git{https://github.com/xuke225/EQ-Net}.",
                 ["https://github.com/xuke225/EQ-Net"], id=".git then LaTeX-braced copy"),
    pytest.param("Our code will be available at https://github.com/Zood123/COMET{https://github.com/Zood123/COMET}.",
                 ["https://github.com/Zood123/COMET"], id="LaTeX-braced copy"),
    pytest.param("The codes and resources are available at https://github.com/geshijoker/ChaosMining/{URL}.",
                 ["https://github.com/geshijoker/ChaosMining"], id="{URL} placeholder"),
    pytest.param("The code for our work is openly accessible https://anonymous.4open.science/r/TangleNAS-527C{here}",
                 ["https://anonymous.4open.science/r/TangleNAS-527C"], id="{here} after anonymous repo"),
    pytest.param(r"Code: \url{https://github.com/a/b}.", ["https://github.com/a/b"], id="url macro"),
    pytest.param(r"Code: \url{github.com/a/b}.", ["https://github.com/a/b"], id="url macro without scheme"),
    pytest.param(r"Code is \href{https://github.com/c/d}{here}.", ["https://github.com/c/d"], id="href macro, here"),
    pytest.param(r"Code: \href{https://github.com/e/f}{https://github.com/e/f}.",
                 ["https://github.com/e/f"], id="href macro, same URL twice"),
    pytest.param(r"Code: https://github.com/a/my\_repo\_v2.",
                 ["https://github.com/a/my_repo_v2"], id="LaTeX-escaped underscore"),
    pytest.param("an ensemble algorithm (https://github.com/Tabrisrei/ISLES22_Ensemble) that detects",
                 ["https://github.com/Tabrisrei/ISLES22_Ensemble"], id="in parentheses"),
    pytest.param("The code will be released as soon (MindSpore: https://gitee.com/mindspore/models, "
                 "PyTorch: https://github.com/huawei-noah/Efficient-AI-Backbones).",
                 ["https://gitee.com/mindspore/models", "https://github.com/huawei-noah/Efficient-AI-Backbones"],
                 id="two hosts in a parenthesis"),
    pytest.param("[code](https://github.com/a/b)", ["https://github.com/a/b"], id="markdown link"),
    pytest.param("\"https://github.com/q/r\" and 'https://github.com/s/t'",
                 ["https://github.com/q/r", "https://github.com/s/t"], id="quoted"),
    pytest.param("The code is available at https://github.com/tenvence/afa/.",
                 ["https://github.com/tenvence/afa"], id="trailing slash then stop"),
    pytest.param("Try https://github.com/a/b... or https://github.com/c/d!",
                 ["https://github.com/a/b", "https://github.com/c/d"], id="ellipsis and exclamation"),
    pytest.param("https://github.com/a/b: fast; https://github.com/c/d;",
                 ["https://github.com/a/b", "https://github.com/c/d"], id="colon and semicolon"),
    pytest.param("Code is released https://github.com/facebookresearch/luckmatters/tree/master/ssl.",
                 ["https://github.com/facebookresearch/luckmatters"], id="tree path"),
    pytest.param("Our code is available at https://github.com/CLAIRE-Labo/StructuredFFN/tree/main.",
                 ["https://github.com/CLAIRE-Labo/StructuredFFN"], id="tree/main"),
    pytest.param("See https://github.com/o/n/blob/main/train.py.", ["https://github.com/o/n"], id="blob path"),
    pytest.param("https://github.com/o/n/issues/3, https://github.com/o2/n2/releases and https://github.com/o3/n3/wiki",
                 ["https://github.com/o/n", "https://github.com/o2/n2", "https://github.com/o3/n3"],
                 id="issues, releases, wiki"),
    pytest.param("https://github.com/o4/n4#readme and https://github.com/o5/n5?tab=readme-ov-file",
                 ["https://github.com/o4/n4", "https://github.com/o5/n5"], id="fragment and query"),
    pytest.param("https://raw.githubusercontent.com/owner/name/main/README.md",
                 ["https://github.com/owner/name"], id="raw file host"),
    pytest.param("code at https://gitee.com/x/y.git, and more", ["https://gitee.com/x/y"], id="gitee .git"),
    pytest.param("bitbucket.org/owner/name/src/master/ holds it",
                 ["https://bitbucket.org/owner/name"], id="bitbucket deep path"),
    pytest.param("gitlab.com/group/sub/proj/-/tree/main", ["https://gitlab.com/group/sub/proj"], id="gitlab subgroup"),
    pytest.param("https://gitlab.com/g/p/tree/master", ["https://gitlab.com/g/p"], id="gitlab old-style tree"),
    pytest.param("Demo: https://huggingface.co/spaces/gradio/hello_world.",
                 ["https://huggingface.co/spaces/gradio/hello_world"], id="huggingface space"),
    pytest.param("Demo at hf.co/spaces/a/b/tree/main",
                 ["https://huggingface.co/spaces/a/b"], id="short huggingface host"),
    pytest.param("https://anonymous.4open.science/r/ABC-1234/README.md",
                 ["https://anonymous.4open.science/r/ABC-1234"], id="anonymous deep path"),
    pytest.param("Code: https://github.com/\u200bfoo/bar\u200b. Next",
                 ["https://github.com/foo/bar"], id="zero-width characters"),
    pytest.param("https://github.com/c/Diversity\u2010Driven!",
                 ["https://github.com/c/Diversity-Driven"], id="unicode hyphen in name"),
    pytest.param("https://github.com/a/b\u3002", ["https://github.com/a/b"], id="ideographic full stop"),
    pytest.param("GitHub.com/Foo/Bar, github.com/foo/bar.git and https://GITHUB.COM/FOO/BAR/",
                 ["https://github.com/Foo/Bar"], id="duplicates differ in case and .git"),
]


@pytest.mark.parametrize("text, expected", REPO_CASES)
def test_repositories_found_and_normalized(text: str, expected: list[str]) -> None:
    assert repos(text) == expected


# One case each: (text, repositories expected, pages expected).
PAGE_CASES = [
    pytest.param("we present https://serre-lab.github.io/Lens, a dedicated website",
                 [], ["https://serre-lab.github.io/Lens"], id="github.io is a page"),
    pytest.param("The project page is available on this webpage.https://badripatro.github.io/svt/.",
                 [], ["https://badripatro.github.io/svt/"], id="word glued before scheme"),
    pytest.param("Project page can be found here (https://wuw2019.github.io/R-AMT/).",
                 [], ["https://wuw2019.github.io/R-AMT/"], id="page in parentheses"),
    pytest.param("samples can be heard at https://amazon-ltts-paper.com/.",
                 [], ["https://amazon-ltts-paper.com/"], id="plain site"),
    pytest.param("See https://en.wikipedia.org/wiki/Transformer_(machine_learning).",
                 [], ["https://en.wikipedia.org/wiki/Transformer_(machine_learning)"], id="balanced parentheses kept"),
    pytest.param("(see https://example.org/a_(b)).",
                 [], ["https://example.org/a_(b)"], id="balanced inside unbalanced"),
    pytest.param("HTTPS://Example.ORG/CaseKept and www.Example.org/x",
                 [], ["https://example.org/CaseKept", "https://www.example.org/x"], id="host lower-cased, path kept"),
    pytest.param("https://x.github.io", [], ["https://x.github.io/"], id="bare host gets a slash"),
    pytest.param("bit.ly/abc123 and sites.google.com/view/xyz",
                 [], ["https://bit.ly/abc123", "https://sites.google.com/view/xyz"], id="scheme-less page"),
    pytest.param("https://a.github.io/p/ and http://a.github.io/p",
                 [], ["https://a.github.io/p/"], id="same page twice"),
    pytest.param("https://huggingface.co/meta-llama/Llama-2-7b and huggingface.co/datasets/x/y",
                 [], ["https://huggingface.co/meta-llama/Llama-2-7b", "https://huggingface.co/datasets/x/y"],
                 id="huggingface model and dataset are pages"),
    pytest.param("github.com/orgs/acme and https://github.com/someone.",
                 [], ["https://github.com/orgs/acme", "https://github.com/someone"],
                 id="code-host owner without repository"),
    pytest.param("https://web.archive.org/web/2020/https://example.com/x",
                 [], ["https://web.archive.org/web/2020/https://example.com/x"],
                 id="archive URL keeps its inner scheme"),
    pytest.param("arxiv.org/abs/2106.09685, https://doi.org/10.1/abc, https://openreview.net/forum?id=x "
                 "and https://huggingface.co/papers/2106.09685", [], [], id="paper records are dropped"),
    pytest.param("https://github.com and https://anonymous.4open.science/",
                 [], [], id="code host front page is dropped"),
    pytest.param("Code: https://github.com/a/b; page: https://a.github.io/b/.",
                 ["https://github.com/a/b"], ["https://a.github.io/b/"], id="repos and pages apart"),
]


@pytest.mark.parametrize("text, expected_repos, expected_pages", PAGE_CASES)
def test_pages_found_and_normalized(text: str, expected_repos: list[str], expected_pages: list[str]) -> None:
    assert (repos(text), pages(text)) == (expected_repos, expected_pages)


@pytest.mark.parametrize("text", [
    "e.g. Amazon.com reviews, i.e., Node.js, ASP.NET and v1.0/2.0 results.",
    "Mail foo@github.com for access.",
    "A path like data/train.json/ or model.pt is no link.",
    "https:// and https://. and http:///x and https://localhost/x",
    "",
])
def test_no_false_links(text: str) -> None:
    assert find_links(text) == ([], [])


def test_code_link_fields() -> None:
    [gitlab, space, anon] = find_links(
        "gitlab.com/group/sub/proj, https://huggingface.co/spaces/gradio/hello and anonymous.4open.science/r/X-1"
    )[0]
    assert (gitlab.host, gitlab.owner, gitlab.name) == ("gitlab.com", "group/sub", "proj")
    assert (space.host, space.owner, space.name) == ("huggingface.co", "gradio", "hello")
    assert (anon.host, anon.owner, anon.name) == ("anonymous.4open.science", ANONYMOUS_OWNER, "X-1")


def test_evidence_is_the_sentence_with_offsets() -> None:
    text = ("EQ-Net: Elastic Quantization Neural Networks\n"
            "We study quantization, e.g. of weights. Code can be available at "
            "https://github.com/xuke225/EQ-Net.git{https://github.com/xuke225/EQ-Net}. Results follow.")
    [link] = find_links(text)[0]
    evidence = link.evidence
    assert evidence is not None
    assert evidence.sentence == ("Code can be available at https://github.com/xuke225/EQ-Net.git"
                                 "{https://github.com/xuke225/EQ-Net}.")
    assert evidence.text == "https://github.com/xuke225/EQ-Net.git"
    assert evidence.sentence[evidence.start:evidence.end] == evidence.text


def test_evidence_offsets_include_invisible_characters_as_written() -> None:
    text = "Title\nCode: https://github.com/\u200bfoo/bar\u200b. Next sentence."
    evidence = find_links(text)[0][0].evidence
    assert evidence is not None
    assert evidence.sentence == "Code: https://github.com/\u200bfoo/bar\u200b."
    assert evidence.text == "https://github.com/\u200bfoo/bar"
    assert evidence.sentence[evidence.start:evidence.end] == evidence.text


def test_evidence_from_title_is_the_title() -> None:
    text = "github.com/a/b: a toolkit\nWe describe it. It is fast."
    evidence = find_links(text)[0][0].evidence
    assert evidence is not None and evidence.sentence == "github.com/a/b: a toolkit"


def test_given_sentence_bounds_are_used() -> None:
    text = "One. Two has https://github.com/a/b here. Three."
    evidence = find_links(text, sentences=[(0, 4), (5, 41), (42, 48)])[0][0].evidence
    assert evidence is not None and evidence.sentence == "Two has https://github.com/a/b here."
    whole = find_links(text, sentences=[(0, len(text))])[0][0].evidence
    assert whole is not None and whole.sentence == text and whole.start == 13


def test_sentence_bounds() -> None:
    text = "Title line\nFirst sentence, e.g. with an abbreviation. Second (see https://x.org/a.b). Third?  \"Fourth.\""
    assert [text[a:b] for a, b in sentence_bounds(text)] == [
        "Title line",
        "First sentence, e.g. with an abbreviation.",
        "Second (see https://x.org/a.b).",
        "Third?",
        "\"Fourth.\"",
    ]


@pytest.mark.parametrize("given, expected", [
    ("https://github.com/x/y", CodeLink("https://github.com/x/y", "github.com", "x", "y")),
    (" github.com/x/y/ ", CodeLink("https://github.com/x/y", "github.com", "x", "y")),
    ("https://github.com/x/y.git", CodeLink("https://github.com/x/y", "github.com", "x", "y")),
    ("https://x.github.io/p", "https://x.github.io/p"),
    ("example.org", "https://example.org/"),
    ("http://Foo.com:8080/A?b=1#c", "http://foo.com:8080/A?b=1#c"),
    ("https://arxiv.org/abs/2106.09685", None),
    ("https://github.com", None),
    ("", None),
    ("N/A", None),
    ("none", None),
])
def test_normalize_link_for_source_given_links(given: str, expected: CodeLink | str | None) -> None:
    assert normalize_link(given) == expected
