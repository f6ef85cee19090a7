"""The rules of kg.graph.build that span papers, each met across shards by handmade extractions: the first
paper names an author, repository or owner; a paper counts once per node; an anonymized link to a
repository another paper gives an owner still counts for that owner (and one to a repository without an owner does not); PROPOSES outranks USES; evidence is
kept once; per-paper abbreviation meanings."""

from __future__ import annotations

import pytest

from kg.extract.types import CodeLink, Evidence, Extraction, Mention
from kg.records import PaperRecord

from streamed_helpers import assert_tables_equal


def _evidence(sentence: str, text: str) -> Evidence:
    start = sentence.index(text)
    return Evidence(sentence, start, start + len(text), text)


def _mention(sentence: str, text: str, label: str = "Method", proposed: bool = False) -> Mention:
    return Mention(text, label, _evidence(sentence, text), proposed=proposed)


def _link(host: str, owner: str, name: str, evidence: Evidence | None = None) -> CodeLink:
    return CodeLink(f"https://{host}/{owner}/{name}", host, owner, name, evidence)


def handmade_corpus() -> tuple[list[tuple[str, PaperRecord]], list[Extraction]]:
    s1 = "We propose SSL, semi-supervised learning with LoRA."
    s2 = "Self-supervised learning (SSL) beats LoRA on ImageNet."
    s3 = "SSL and LoRA are used."
    papers = [
        ("paper:title:c", PaperRecord(title=s1, abstract=s1, authors=["Ann Lee", "ann lee", "Bo Chen"],
                                      sources=["a:1"], categories=["cs.LG"], published="2024-01-01")),
        ("paper:title:a", PaperRecord(title="Two", abstract=s2, authors=["ANN LEE"], doi="10.1/x",
                                      other_dois=["10.1/y"], sources=["a:2"])),
        ("paper:title:b", PaperRecord(title="Three", abstract=s3, sources=["a:3"], url="https://x.org")),
        ("paper:title:d", PaperRecord(title="Four", abstract=s3, sources=["a:4"])),
        ("paper:title:e", PaperRecord(title="Five", abstract=s3, sources=["a:5"])),
    ]
    extractions = [
        Extraction("paper:title:c", mentions=[
            _mention(s1, "SSL"), _mention(s1, "semi-supervised learning"), _mention(s1, "LoRA"),
            _mention(s1, "LoRA", proposed=True), _mention(s1, "LoRA")],
            code=[_link("github.com", "Org", "Repo", _evidence(s1, "LoRA")),
                  _link("anonymous.4open.science", "anonymous", "r1"),
                  _link("github.com", "org", "repo", _evidence(s1, "LoRA"))],
            pages=["https://p.org", "https://p.org"], abbreviations=[("SSL", "semi-supervised learning")]),
        Extraction("paper:title:a", mentions=[
            _mention(s2, "Self-supervised learning"), _mention(s2, "SSL"), _mention(s2, "LoRA", proposed=True),
            _mention(s2, "ImageNet", "Dataset")],
            code=[_link("github.com", "org", "repo"), _link("github.com", "anonymous", "x")],
            abbreviations=[("SSL", "Self-supervised learning")]),
        Extraction("paper:title:b", mentions=[_mention(s3, "SSL", "Task"), _mention(s3, "LoRA")],
                   code=[_link("github.com", "Anonymous", "x"), _link("github.com", "Bob", "tool")]),
        Extraction("paper:title:d", mentions=[_mention(s3, "LoRA", "Dataset")],
                   code=[_link("github.com", "anonymous", "x")]),
        # A repository of that owner no link gives an owner: this paper does not count for the owner.
        Extraction("paper:title:e", mentions=[_mention(s3, "LoRA")], code=[_link("github.com", "anonymous", "z")]),
    ]
    return papers, extractions


@pytest.mark.parametrize("shard_size", [1, 2, 4])
def test_rules_across_shards(fast_extractor, tmp_path, shard_size) -> None:
    assert_tables_equal(handmade_corpus(), fast_extractor, tmp_path, shard_size)
