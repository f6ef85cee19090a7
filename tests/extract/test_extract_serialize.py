"""Extractions to plain values and back (kg/extract/serialize.py): nothing lost, in either form."""

from __future__ import annotations

import json
import pickle

from kg.extract.serialize import extraction_from_dict, extraction_from_tuple, extraction_to_dict, extraction_to_tuple


def test_seed_extractions_survive_both_forms(seed_extractions) -> None:
    assert any(e.code for e in seed_extractions) and any(e.abbreviations for e in seed_extractions)
    for extraction in seed_extractions:
        as_json = json.dumps(extraction_to_dict(extraction), ensure_ascii=False, sort_keys=True)
        assert extraction_from_dict(json.loads(as_json)) == extraction
        assert extraction_from_tuple(pickle.loads(pickle.dumps(extraction_to_tuple(extraction)))) == extraction


def test_dict_form_names_every_field(extract_one) -> None:
    extraction = extract_one(
        "We propose Low-Rank Adaptation (LoRA); code: https://github.com/owner/lora.",
        links=["https://github.com/other/stated", "https://example.org/project"],
    )
    row = extraction_to_dict(extraction)
    assert sorted(row) == ["abbreviations", "code", "mentions", "pages", "paper_id"]
    assert row["abbreviations"] == [["LoRA", "Low-Rank Adaptation"]]
    assert row["pages"] == ["https://example.org/project"]
    found, stated = row["code"]
    assert (found["owner"], found["name"]) == ("owner", "lora") and found["evidence"]["text"] in found["url"]
    assert stated == {"url": "https://github.com/other/stated", "host": "github.com", "owner": "other",
                      "name": "stated", "evidence": None}
    mention = row["mentions"][0]
    assert sorted(mention) == ["canonical", "evidence", "label", "proposed", "text"]
    assert sorted(mention["evidence"]) == ["end", "sentence", "start", "text"]
    assert extraction_from_dict(row) == extraction
