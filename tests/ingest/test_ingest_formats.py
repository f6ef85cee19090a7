"""One fixture per format: the fields each reader fills, and the line each record points to."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from ingest_helpers import lines, split
from kg.ingest import read_sources

FORMAT_FIXTURES = [
    "arxiv_query.xml", "arxiv_snapshot.jsonl", "hf_daily.json", "hf_search.json", "hf_paper.json",
    "papers.csv", "papers.tsv", "papers.jsonl", "hf_listing_blocks.txt", "hf_listing_glued.txt",
]


def read(path: Path):
    return split(read_sources([path]))


def test_arxiv_atom(fixtures: Path) -> None:
    records, rejects = read(fixtures / "arxiv_query.xml")
    assert rejects == []
    assert [r.arxiv_id for r in records] == ["2106.09685", "1512.03385", "1810.04805"]
    assert lines(records) == [10, 34, 51]
    lora, resnet, bert = records
    assert lora.title == "LoRA: Low-Rank Adaptation of Large Language Models"
    assert lora.abstract.startswith("Fine-tuning every weight") and "\n" not in lora.abstract
    assert lora.authors == ["Edward J. Hu", "Yelong Shen"]
    assert lora.categories == ["cs.CL", "cs.LG"]
    assert lora.links == ["https://github.com/microsoft/LoRA"]
    assert lora.url == "http://arxiv.org/abs/2106.09685v2"
    assert lora.published == "2021-06-17T00:00:00Z"
    assert resnet.doi == "10.1109/CVPR.2016.90" and lora.doi is None
    assert bert.title.endswith("for Language Understanding")


def test_arxiv_api_error_entry_is_rejected(fixtures: Path) -> None:
    records, rejects = read(fixtures / "bad" / "api_error.xml")
    assert records == []
    assert [(r.line, r.reason) for r in rejects] == [(4, "arXiv API error: incorrect id format for 1234.12345")]


def test_arxiv_snapshot(fixtures: Path) -> None:
    records, rejects = read(fixtures / "arxiv_snapshot.jsonl")
    assert rejects == []
    attention, old_style, resnet = records
    assert attention.arxiv_id == "1706.03762"
    assert attention.authors == ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit"]
    assert attention.categories == ["cs.CL", "cs.LG"]
    assert attention.published == "2017-06-12"
    assert attention.abstract.startswith("A sequence transduction model") and attention.abstract.endswith("models.")
    assert old_style.arxiv_id == "hep-th/9901001"
    assert old_style.title == "An Old-Style Identifier"
    assert old_style.doi == "10.1000/OLD.1"
    assert old_style.authors == ["C. Author", "D. Author"]
    assert old_style.published == "2008-11-13"
    assert resnet.authors == ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"]


def test_hf_daily_papers(fixtures: Path) -> None:
    records, rejects = read(fixtures / "hf_daily.json")
    assert rejects == []
    lora, vit = records
    assert lines(records) == [2, 18]
    assert lora.arxiv_id == "2106.09685" and lora.upvotes == 42
    assert lora.links == ["https://github.com/microsoft/LoRA"]  # empty projectPage dropped
    assert lora.authors == ["Edward J. Hu", "Yelong Shen"]
    assert lora.abstract == (
        "Frozen pretrained weights plus trainable low-rank update matrices in each layer "
        "match full fine-tuning with far fewer trainable parameters."
    )
    assert vit.links == ["https://github.com/google-research/vision_transformer", "https://example.org/vit-project"]
    assert vit.published == "2020-10-22T17:55:59.000Z"


def test_hf_search_results_take_missing_fields_from_the_item(fixtures: Path) -> None:
    records, rejects = read(fixtures / "hf_search.json")
    assert rejects == []
    assert [r.arxiv_id for r in records] == ["1810.04805", "1512.03385"]
    assert records[1].abstract == "Residual blocks with identity shortcuts make very deep networks trainable."


def test_hf_single_paper_object(fixtures: Path) -> None:
    records, rejects = read(fixtures / "hf_paper.json")
    assert rejects == []
    assert [(r.arxiv_id, r.title, r.authors, r.upvotes) for r in records] == [
        ("1412.6980", "Adam: A Method for Stochastic Optimization", ["Diederik P. Kingma", "Jimmy Ba"], 9),
    ]


def test_csv(fixtures: Path) -> None:
    records, rejects = read(fixtures / "papers.csv")
    lora, spanning, row_number = records
    assert lines(records) == [2, 3, 7]
    assert lora.arxiv_id == "2106.09685"  # 'arXiv_ID' header, version dropped
    assert lora.authors == ["Edward J. Hu", "Yelong Shen"]
    assert lora.links == ["https://github.com/microsoft/LoRA"]
    assert lora.abstract.startswith("Trainable low-rank")  # 'Summary' header
    assert spanning.title == "A Row Whose Abstract Spans Two Lines"
    assert spanning.abstract == 'The first line of this abstract, "quoted" words included, and its second line.'
    assert spanning.authors == ["Ann Author", "Ben Author"]
    assert spanning.doi == "10.1000/XYZ.5"
    assert row_number.arxiv_id is None
    assert [(r.line, r.reason) for r in rejects] == [(6, "title with no abstract")]


def test_tsv(fixtures: Path) -> None:
    records, rejects = read(fixtures / "papers.tsv")
    assert rejects == []
    assert [r.title for r in records] == ["Tab Separated Title One", "Tab Separated Title Two"]


def test_generic_jsonl(fixtures: Path) -> None:
    records, rejects = read(fixtures / "papers.jsonl")
    assert rejects == []
    generic, upper = records
    assert lines(records) == [1, 3]  # the blank line 2 is not an entry
    assert generic.arxiv_id == "2106.09685" and generic.url == "https://example.org/p1"
    assert generic.published == "2021-06-17"
    assert upper.title == "Upper-Case Keys And A Summary"
    assert upper.doi == "10.1000/ABC.1"
    assert upper.authors == ["Cid Author", "Dee Author"]
    assert upper.links == ["https://github.com/example/repo", "https://example.org/page"]


@pytest.mark.parametrize("name", FORMAT_FIXTURES)
def test_gzip_gives_the_same_records(fixtures: Path, tmp_path: Path, name: str) -> None:
    plain = tmp_path / name
    shutil.copyfile(fixtures / name, plain)
    packed = tmp_path / f"{name}.gz"
    packed.write_bytes(gzip.compress((fixtures / name).read_bytes()))
    expected = [item.model_dump() for item in read_sources([plain])]
    for item in expected:
        if "sources" in item:
            item["sources"] = [source.replace(str(plain), str(packed)) for source in item["sources"]]
        else:
            item["source"] = str(packed)
    assert expected
    assert [item.model_dump() for item in read_sources([packed])] == expected


def test_committed_gzip_fixture(fixtures: Path) -> None:
    records, rejects = read(fixtures / "hf_daily.json.gz")
    assert rejects == [] and [r.arxiv_id for r in records] == ["2106.09685", "2010.11929"]


def test_json_array_of_generic_rows(tmp_path: Path) -> None:
    path = tmp_path / "rows.json"
    path.write_text('[\n {"Title": "Row One", "Abstract": "First.", "doi": "doi:10.1/R1", "authors": "A; B"},\n'
                    ' {"title": "Row Two"}\n]\n')
    records, rejects = read(path)
    assert [(r.title, r.doi, r.authors) for r in records] == [("Row One", "10.1/R1", ["A", "B"])]
    assert [(r.line, r.reason) for r in rejects] == [(3, "title with no abstract")]
