"""Code repositories and project pages named in a paper's text or given by its source.

A URL on a code host becomes a `CodeLink` to the repository itself (deep paths,
`.git`, branches and files dropped, so every mention of one repository meets in one
graph node); other web pages become the paper's project pages; links to paper
records (arXiv, DOI, OpenReview, ...) are neither and are dropped. The rules and
the reasons behind them are in docs/code-links.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from urllib.parse import SplitResult, urlsplit

from kg.extract.types import CodeLink, Evidence
from kg.extract.urls import find_url_spans

# Hosts whose repositories sit at /<owner>/<name>.
_OWNER_NAME_HOSTS = frozenset({"github.com", "gitee.com", "bitbucket.org", "codeberg.org"})
GITLAB = "gitlab.com"
HUGGINGFACE = "huggingface.co"
ANONYMOUS_GITHUB = "anonymous.4open.science"
# Other names of code hosts: GitHub's raw-file host names repositories the same way.
_HOST_ALIASES = {"raw.githubusercontent.com": "github.com", "hf.co": HUGGINGFACE}
_CODE_HOSTS = _OWNER_NAME_HOSTS | {GITLAB, HUGGINGFACE, ANONYMOUS_GITHUB, *_HOST_ALIASES}
# anonymous.4open.science repositories have no owner by design; all share this one.
ANONYMOUS_OWNER = "anonymous"
# First path segments on the owner/name hosts that are site sections, not accounts.
_RESERVED_OWNERS = frozenset({
    "about", "apps", "collections", "contact", "enterprise", "events", "explore", "features",
    "issues", "login", "marketplace", "new", "notifications", "orgs", "organizations", "pricing",
    "pulls", "search", "security", "settings", "site", "sponsors", "topics", "trending", "users",
})
# GitLab project paths may hold subgroups; these segments start what lies inside a project.
_GITLAB_PROJECT_PARTS = frozenset({
    "-", "tree", "blob", "raw", "issues", "merge_requests", "commits", "commit", "tags",
    "releases", "wikis", "pipelines", "archive",
})
# Hosts whose every page is a publication record: a citation, not a project page.
_PAPER_HOSTS = frozenset({
    "arxiv.org", "export.arxiv.org", "doi.org", "dx.doi.org", "openreview.net", "aclanthology.org",
    "proceedings.neurips.cc", "papers.nips.cc", "proceedings.mlr.press", "openaccess.thecvf.com",
    "dl.acm.org", "ieeexplore.ieee.org", "link.springer.com", "semanticscholar.org",
    "biorxiv.org", "medrxiv.org",
})
_OWNER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_NAME = re.compile(r"[A-Za-z0-9_.-]+")
_BARE_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?", re.ASCII)
# A sentence ends at . ! ? (and closing quotes/brackets) followed by space and a
# capital, quote or bracket, or at a line break; "e.g. a" and URLs' inner dots do not end one.
_SENTENCE_END = re.compile(r"""[.!?]["')\]]*\s+(?=[A-Z"'(\[])|\n+""")


def find_links(
    text: str, sentences: Sequence[tuple[int, int]] | None = None,
) -> tuple[list[CodeLink], list[str]]:
    """Repositories (with evidence) and project pages in `text`, each once, in order of appearance.

    `sentences` are (start, end) offsets of the sentences of `text`, e.g. from a
    spaCy doc; without them a simple splitter finds them.
    """
    spans = find_url_spans(text)
    if not spans:
        return [], []
    bounds = list(sentences) if sentences is not None else sentence_bounds(text)
    code: list[CodeLink] = []
    pages: list[str] = []
    seen_repos: set[tuple[str, str, str]] = set()
    seen_pages: set[str] = set()
    for span in spans:
        link = _classify(span.url)
        if isinstance(link, CodeLink):
            key = (link.host, link.owner.lower(), link.name.lower())
            if key not in seen_repos:
                seen_repos.add(key)
                code.append(_with_evidence(link, text, span.start, span.end, bounds))
        elif link is not None:
            key_page = link.split("://", 1)[1].rstrip("/").lower()
            if key_page not in seen_pages:
                seen_pages.add(key_page)
                pages.append(link)
    return code, pages


def normalize_link(url: str) -> CodeLink | str | None:
    """What one URL points to: a repository, a normalized project-page URL, or None.

    None means "not a link worth keeping": empty or unparsable input, a code
    host's front page, or a paper record (arXiv, DOI, ...). Meant for links a
    source states outright (HF githubRepo / projectPage), so a bare domain such as
    "example.org" is accepted here although running text needs a path or "www.".
    """
    text = url.strip()
    spans = find_url_spans(text)
    if spans:
        return _classify(spans[0].url)
    return _classify(text) if _BARE_DOMAIN.fullmatch(text) else None


def _classify(url: str) -> CodeLink | str | None:
    """normalize_link for one cleaned URL, with or without scheme."""
    text = url if "://" in url else "https://" + url
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    site = _HOST_ALIASES.get(host.removeprefix("www."), host.removeprefix("www."))
    segments = [s for s in parts.path.split("/") if s]
    repo = _repository(site, segments)
    if repo is not None:
        return repo
    if site in _PAPER_HOSTS or (site == HUGGINGFACE and segments[:1] == ["papers"]):
        return None
    if not segments and site in _CODE_HOSTS:
        return None
    return _page_url(parts)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, without surrounding whitespace."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        cut = match.start() + len(match.group().rstrip())
        bounds.append((start, cut))
        start = match.end()
    bounds.append((start, len(text)))
    return [_strip_bounds(text, a, b) for a, b in bounds if text[a:b].strip()]


def _repository(site: str, segments: list[str]) -> CodeLink | None:
    """The repository a code-host path names, if it names one."""
    if site in _OWNER_NAME_HOSTS and len(segments) >= 2 and segments[0].lower() not in _RESERVED_OWNERS:
        return _code_link(site, segments[0], segments[1], "")
    if site == GITLAB:
        project: list[str] = []
        for segment in segments:
            if segment in _GITLAB_PROJECT_PARTS:
                break
            project.append(segment)
        if len(project) >= 2:
            return _code_link(site, "/".join(project[:-1]), project[-1], "")
    if site == HUGGINGFACE and len(segments) >= 3 and segments[0] == "spaces":
        return _code_link(site, segments[1], segments[2], "spaces/")
    if site == ANONYMOUS_GITHUB and len(segments) >= 2 and segments[0] == "r":
        name = _valid_name(segments[1])
        if name:
            return CodeLink(url=f"https://{site}/r/{name}", host=site, owner=ANONYMOUS_OWNER, name=name)
    return None


def _code_link(host: str, owner: str, raw_name: str, prefix: str) -> CodeLink | None:
    """CodeLink for owner/name on `host`, or None when they are not valid names."""
    name = _valid_name(raw_name)
    if not name or not all(_OWNER.fullmatch(part) for part in owner.split("/")):
        return None
    return CodeLink(url=f"https://{host}/{prefix}{owner}/{name}", host=host, owner=owner, name=name)


def _valid_name(raw_name: str) -> str:
    """The repository name at the start of a path segment, without ".git"; "" if there is none."""
    match = _NAME.match(raw_name)
    name = match.group() if match else ""
    if name.lower().endswith(".git"):
        name = name[:-4]
    return "" if name.strip(".") == "" else name


def _page_url(parts: SplitResult) -> str:
    """The URL with lower-case scheme and host, and "/" as the path of a bare host."""
    return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower(), path=parts.path or "/").geturl()


def _with_evidence(
    link: CodeLink, text: str, start: int, end: int, bounds: Sequence[tuple[int, int]],
) -> CodeLink:
    """`link` with the sentence holding text[start:end] as evidence."""
    overlapping = [(a, b) for a, b in bounds if a < end and start < b]
    s_start = min([start, *(a for a, _ in overlapping)])
    s_end = max([end, *(b for _, b in overlapping)])
    evidence = Evidence(text[s_start:s_end], start - s_start, end - s_start, text[start:end])
    return replace(link, evidence=evidence)


def _strip_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) moved inwards past whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
