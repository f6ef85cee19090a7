"""The saved Hugging Face listing pages: exact entry counts and exact title/abstract boundaries."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from kg.ingest import read_sources
from ingest_helpers import lines, split

SEED_COUNTS = {
    "000_3157840d4254b36a.txt": 62,
    "001_33459bb8eedc0240.txt": 210,
    "002_484d59441a1f127a.txt": 81,
    "003_f37c42fb39e90be9.txt": 62,
    "004_523c642b5dd8478c.txt": 53,
}

# (file prefix, index, line, title, abstract start, abstract end) at the first and last entry of each page.
BOUNDARIES = [
    ("000", 0, 11, "Enhancing Whole Slide Pathology Foundation Models through Stain Normalization",
     "Recent advancements in digital pathology", "efficiency and generalization capabilities."),
    ("000", -1, 255, "PLeaS -- Merging Models with Permutations and Least Squares",
     "The democratization of machine learning systems", "https://github.com/SewoongLab/PLeaS-Merging ."),
    ("001", 0, 3, "HeadGaS: Real-Time Animatable Head Avatars via 3D Gaussian Splatting",
     "3D head animation has seen major quality", "accelerating rendering speed by over x10."),
    ("001", 1, 5, "On filter design in deep convolutional neural network",
     "The deep convolutional neural network (DCNN) in computer vision", None),
    ("001", -1, 421, "The Effect of Data Dimensionality on Neural Network Prunability",
     "Practitioners prune neural networks for efficiency gains", "affects the prunability of a neural network."),
    ("002", 0, 11, "Fine-tuned CLIP Models are Efficient Video Learners",
     "Large-scale multi-modal training with image-text pairs", "https://github.com/muzairkhattak/ViFi-CLIP."),
    ("002", -1, 331, "PLeaS -- Merging Models with Permutations and Least Squares",
     "The democratization of machine learning systems", "https://github.com/SewoongLab/PLeaS-Merging ."),
    ("003", 0, 11, "Multi-Sample Dropout for Accelerated Training and Better Generalization",
     "Dropout is a simple but efficient regularization technique", "dropout layer, which are not duplicated."),
    ("003", -1, 255,
     "AEM: Attention Entropy Maximization for Multiple Instance Learning based Whole Slide Image Classification",
     "Multiple Instance Learning (MIL) has demonstrated", "https://github.com/dazhangyu123/AEM."),
    ("004", 0, 11, "Spurious Feature Diversification Improves Out-of-distribution Generalization",
     "Generalization to out-of-distribution (OOD) data", "enhances the OOD performance of WiSE-FT."),
    ("004", -1, 219, "Omni-Mol: Exploring Universal Convergent Space for Omni-Molecular Tasks",
     "Building generalist models has recently demonstrated", "anonymous.4open.science/r/Omni-Mol-8EDB."),
]


def _seed(seeds_dir: Path, prefix: str) -> Path:
    return next(seeds_dir.glob(f"{prefix}_*.txt"))


@pytest.mark.parametrize(("name", "expected"), sorted(SEED_COUNTS.items()))
def test_each_seed_page_gives_its_entries_and_no_rejects(seeds_dir: Path, name: str, expected: int) -> None:
    records, rejects = split(read_sources([seeds_dir / name]))
    assert rejects == []
    assert len(records) == expected


def test_seed_folder_gives_468_entries_in_file_order(seeds_dir: Path) -> None:
    records, rejects = split(read_sources([seeds_dir]))
    assert (len(records), rejects) == (468, [])
    files = [record.sources[0].rsplit(":", 1)[0] for record in records]
    assert files == sorted(files)
    assert files[0] == str(seeds_dir / "000_3157840d4254b36a.txt")


@pytest.mark.parametrize(("prefix", "index", "line", "title", "starts", "ends"), BOUNDARIES)
def test_entry_boundaries(seeds_dir: Path, prefix: str, index: int, line: int, title: str, starts: str, ends: str | None) -> None:
    path = _seed(seeds_dir, prefix)
    records, _ = split(read_sources([path]))
    record = records[index]
    assert record.title == title
    assert record.abstract.startswith(starts)
    if ends is not None:
        assert record.abstract.endswith(ends)
    assert record.sources == [f"{path}:{line}"]


def test_no_page_chrome_leaks_into_entries(seeds_dir: Path) -> None:
    records, _ = split(read_sources([seeds_dir]))
    chrome = ("Subscribe", "Get trending papers", "byAK", "new")
    for record in records:
        assert not record.title.startswith(chrome), record.title
        assert not record.abstract.startswith(chrome), record.abstract[:60]
        assert len(record.title) < 200 < len(record.abstract)


def test_gzipped_page_reads_the_same(seeds_dir: Path, tmp_path: Path) -> None:
    plain = _seed(seeds_dir, "001")
    packed = tmp_path / "page.txt.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    plain_records, _ = split(read_sources([plain]))
    packed_records, _ = split(read_sources([packed]))
    assert [(r.title, r.abstract) for r in packed_records] == [(r.title, r.abstract) for r in plain_records]
    assert lines(packed_records) == lines(plain_records)


def test_blank_line_layout_fixture(fixtures: Path) -> None:
    records, rejects = split(read_sources([fixtures / "hf_listing_blocks.txt"]))
    assert rejects == []
    assert [r.title for r in records] == [
        "Sparse Mixture Adapters for Multilingual Speech Recognition",
        "Token Merging Makes Tiny Vision Transformers Train Faster",
        "Benchmarking Retrieval Heads in Long-Context Language Models",
    ]
    assert lines(records) == [11, 15, 19]
    assert records[-1].abstract.endswith("removes the long-context advantage entirely.")


def test_glued_layout_fixture(fixtures: Path) -> None:
    records, rejects = split(read_sources([fixtures / "hf_listing_glued.txt"]))
    assert rejects == []
    assert [r.title for r in records] == [
        "Quantized Diffusion Samplers: Eight Steps Are Enough",
        "Graph Transformers Without Positional Encodings",
        "Why Do Optimizers Disagree? Loss Landscape Views of Adam and SGD",
    ]
    assert lines(records) == [3, 5, 7]
    assert records[1].abstract.startswith("Graph Transformers usually need")


def test_broken_entries_cost_one_reject_each_and_pairing_stays_in_step(fixtures: Path) -> None:
    path = fixtures / "bad" / "hf_listing_broken.txt"
    records, rejects = split(read_sources([path]))
    assert [r.title for r in records] == [
        "First Title With Its Abstract", "Third Title With Its Abstract", "Fourth Title With Its Abstract",
    ]
    assert records[1].abstract.startswith("The third abstract")
    assert [(r.line, r.reason) for r in rejects] == [
        (4, "title with no abstract"), (7, "abstract with no title"), (10, "title with no abstract"),
    ]
    assert rejects[0].raw == "A Title Whose Abstract Went Missing"
