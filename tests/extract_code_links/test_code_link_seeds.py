"""Code links over the real saved listing pages in shared/seeds: every URL there handled right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.extract.code_links import find_links
from kg.extract.types import CodeLink

# Read by hand from the seed abstracts: each with the damage it carries there.
KNOWN_REPOS = {
    "https://github.com/AngusDujw/Diversity-Driven-Synthesis",  # glued to a copy of itself
    "https://github.com/xuke225/EQ-Net",  # .git{...}
    "https://github.com/Zood123/COMET",  # {copy}
    "https://github.com/geshijoker/ChaosMining",  # /{URL}
    "https://anonymous.4open.science/r/TangleNAS-527C",  # {here}
    "https://anonymous.4open.science/r/Omni-Mol-8EDB",
    "https://github.com/edwardjhu/TP4",  # no scheme
    "https://github.com/jacobdunefsky/ObservablePropagation",  # no scheme
    "https://github.com/marccoru/locationencoder",  # www. without scheme
    "https://github.com/facebookresearch/luckmatters",  # tree/master/ssl
    "https://github.com/RUC-DWBI-ML/research",  # tree/main/WAD-master
    "https://github.com/CLAIRE-Labo/StructuredFFN",  # tree/main
    "https://github.com/tenvence/afa",  # trailing slash
    "https://github.com/huawei-noah/Efficient-AI-Backbones",  # closing parenthesis
    "https://gitee.com/mindspore/models",  # comma
    "https://gitee.com/casia_iva_engineer/easypruner",  # underscores in owner
    "https://github.com/Tabrisrei/ISLES22_Ensemble",  # in parentheses
    "https://github.com/SJTU-DeepVisionLab/FLoRA",
    "https://github.com/D-X-Y/NAS-Projects",
}
KNOWN_PAGES = {
    "https://serre-lab.github.io/Lens",
    "https://badripatro.github.io/svt/",
    "https://wuw2019.github.io/R-AMT/",
    "https://yingyichen-cyy.github.io/CompressFeatNoisyLabels/",
    "https://amazon-ltts-paper.com/",
    "https://sage-diffusion.github.io/",
}
CANONICAL = re.compile(
    r"https://(?:(?:github\.com|gitee\.com|gitlab\.com|bitbucket\.org)/[A-Za-z0-9][\w.-]*"
    r"|anonymous\.4open\.science/r|huggingface\.co/spaces/[\w.-]+)/[\w.-]+"
)
# A crude, independent finder: every "<host>/<owner>/<name>" run in the raw text.
CRUDE_REPO = re.compile(r"(github\.com|gitee\.com)/([\w-]+)/([\w.-]+)", re.IGNORECASE)


@pytest.fixture(scope="module")
def seed_lines(seeds_dir: Path) -> list[str]:
    lines = [line for path in sorted(seeds_dir.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) > 1000, f"seed pages not found or truncated in {seeds_dir}"
    return lines


@pytest.fixture(scope="module")
def seed_links(seed_lines: list[str]) -> tuple[list[CodeLink], list[str]]:
    code: list[CodeLink] = []
    pages: list[str] = []
    for line in seed_lines:
        line_code, line_pages = find_links(line)
        code += line_code
        pages += line_pages
    return code, pages


def test_every_repo_url_is_canonical(seed_links: tuple[list[CodeLink], list[str]]) -> None:
    code, _ = seed_links
    assert len(code) >= 100
    for link in code:
        assert CANONICAL.fullmatch(link.url), link.url
        assert not link.url.lower().endswith(".git"), link.url
        assert link.url.rstrip(".,;:!?)]}'\"/") == link.url, link.url
        assert "http" not in link.url[8:], f"glued URL left in {link.url}"
        assert link.url.endswith(f"/{link.owner}/{link.name}") or link.owner == "anonymous", link.url


def test_evidence_points_at_the_link(seed_links: tuple[list[CodeLink], list[str]]) -> None:
    for link in seed_links[0]:
        evidence = link.evidence
        assert evidence is not None
        assert evidence.sentence[evidence.start:evidence.end] == evidence.text
        assert link.name.lower() in evidence.text.lower()
        assert "{" not in evidence.text and not evidence.text.endswith((".", ",", ")"))


def test_known_repos_and_pages_found(seed_links: tuple[list[CodeLink], list[str]]) -> None:
    code, pages = seed_links
    assert KNOWN_REPOS <= {link.url for link in code}
    assert KNOWN_PAGES <= set(pages)


def test_pages_are_not_code_repos(seed_links: tuple[list[CodeLink], list[str]]) -> None:
    for page in seed_links[1]:
        assert not re.match(r"https://(github|gitee|gitlab)\.com/[^/]+/[^/]+", page), page
        assert page.startswith("https://") and page.rstrip(".,;:)") == page, page


def test_same_repos_as_a_crude_finder(
    seed_lines: list[str], seed_links: tuple[list[CodeLink], list[str]],
) -> None:
    found = {(link.host, link.owner.lower(), link.name.lower()) for link in seed_links[0]}
    crude = set()
    for line in seed_lines:
        for host, owner, name in CRUDE_REPO.findall(line):
            name = re.split(r"\.(?:git|https?)\b|\.$", name)[0].rstrip(".")
            crude.add((host.lower(), owner.lower(), name.lower()))
    assert len(crude) >= 90
    on_those_hosts = {key for key in found if key[0] in ("github.com", "gitee.com")}
    assert crude == on_those_hosts, (sorted(crude - found), sorted(on_those_hosts - crude))


def test_one_repo_per_paper_even_when_repeated(seed_lines: list[str]) -> None:
    for line in seed_lines:
        code, pages = find_links(line)
        keys = [(link.host, link.owner.lower(), link.name.lower()) for link in code]
        assert len(keys) == len(set(keys)), line
        assert len(pages) == len(set(pages)), line
