"""Document-level scores of the graph on SciREX papers: does each paper link its salient entities, and are
the typed entities it links real gold mentions? Definitions in docs/evaluation.md.

  * Names match when their surface keys are equal (kg.extract.keys: case, hyphens, spacing, a plural, a
    leading determiner), or when one equals the key of what stands before one or two generic head nouns
    of the other ("Cityscapes dataset", "question answering task"; `name_keys`); an entity matches
    through its canonical name or any alias.
  * Salient recall: a salient entity with a mention in the title or abstract is found when the paper links
    an entity of its graph type (kg.training.gold_types) matching one of those mentions. Also reported:
    found with any node type, and found over all salient entities (those the abstract never names count
    as missed).
  * Typed precision: a Method/Dataset/Task/Metric entity the paper links is correct when it matches a gold
    mention of the title or abstract whose type maps to the entity's type. Concept nodes are counted apart
    (how many, and how many match a gold mention of any type).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kg.extract.keys import before_head_noun, surface_key
from kg.model import CONCEPT, DATASET, METHOD, METRIC, TASK
from kg.training.gold_types import GOLD_TO_GRAPH
from kg.training.graph_eval import LinkedEntity, linked_entities, pipeline_graph
from kg.training.scirex import ScirexPaper

TYPED: tuple[str, ...] = (METHOD, DATASET, TASK, METRIC)


def paper_node_id(doc_id: str) -> str:
    return f"paper:scirex:{doc_id}"


def name_keys(text: str) -> set[str]:
    """The keys a written name matches by: its surface key, and the key of what stands before one or two
    generic head nouns ("Cityscapes dataset", "Gigaword benchmark dataset", "semantic segmentation task"),
    which the surface key keeps unless a name-shaped word stands before them."""
    keys = {surface_key(text)}
    rest = text
    for _ in range(2):
        rest = before_head_noun(rest)
        if not rest or not rest.strip(" -"):
            break
        keys.add(surface_key(rest))
    return keys


def _keys(entity: LinkedEntity) -> set[str]:
    return {key for name in (entity.name, *entity.aliases) for key in name_keys(name)}


@dataclass(slots=True)
class PaperScore:
    """One paper's tallies, per graph type."""

    doc_id: str
    linked: Counter[str] = field(default_factory=Counter)  # typed entities linked
    correct: Counter[str] = field(default_factory=Counter)  # ... that match a gold mention of their type
    salient_all: Counter[str] = field(default_factory=Counter)  # salient entities
    salient: Counter[str] = field(default_factory=Counter)  # ... with a mention in title or abstract
    found: Counter[str] = field(default_factory=Counter)  # ... linked with their type
    found_any_type: Counter[str] = field(default_factory=Counter)  # ... linked with any node type
    concepts: int = 0
    concepts_matching: int = 0
    wrong: list[str] = field(default_factory=list)  # "Type: name" of linked typed entities judged incorrect
    missed: list[str] = field(default_factory=list)  # "Type: salient name" not found

    def as_dict(self) -> dict[str, object]:
        return {
            "doc_id": self.doc_id,
            "precision": _ratios(self.correct, self.linked),
            "recall": _ratios(self.found, self.salient),
            "concepts": self.concepts,
            "wrong": self.wrong,
            "missed": self.missed,
        }


def score_paper(paper: ScirexPaper, entities: Sequence[LinkedEntity]) -> PaperScore:
    """Tally one paper's linked entities against its gold mentions and salient entities."""
    score = PaperScore(paper.doc_id)
    gold = {(GOLD_TO_GRAPH[m.label], key) for m in paper.mentions if m.label in GOLD_TO_GRAPH for key in name_keys(m.text)}
    gold_any = {key for _, key in gold}
    for entity in entities:
        keys = _keys(entity)
        if entity.type == CONCEPT:
            score.concepts += 1
            score.concepts_matching += bool(keys & gold_any)
        elif entity.type in TYPED:
            score.linked[entity.type] += 1
            if any((entity.type, key) in gold for key in keys):
                score.correct[entity.type] += 1
            else:
                score.wrong.append(f"{entity.type}: {entity.name}")
    for salient in paper.salient:
        kind = GOLD_TO_GRAPH[salient.label]
        score.salient_all[kind] += 1
        if not salient.texts:
            continue
        score.salient[kind] += 1
        wanted = {key for text in salient.texts for key in name_keys(text)}
        matching = [entity for entity in entities if _keys(entity) & wanted]
        if any(entity.type == kind for entity in matching):
            score.found[kind] += 1
        else:
            score.missed.append(f"{kind}: {salient.name}")
        score.found_any_type[kind] += bool(matching)
    return score


def _ratio(part: int, whole: int) -> dict[str, float | int]:
    return {"value": part / whole if whole else 0.0, "count": part, "of": whole}


def _ratios(part: Counter[str], whole: Counter[str]) -> dict[str, dict[str, float | int]]:
    table = {kind: _ratio(part[kind], whole[kind]) for kind in TYPED}
    table["all"] = _ratio(sum(part.values()), sum(whole.values()))
    return table


@dataclass(slots=True)
class ScirexScores:
    """Scores pooled over papers (micro: every entity counts once), with each paper's own tallies."""

    papers: list[PaperScore]

    def _total(self, name: str) -> Counter[str]:
        total: Counter[str] = Counter()
        for paper in self.papers:
            total.update(getattr(paper, name))
        return total

    def as_dict(self) -> dict[str, object]:
        salient = self._total("salient")
        return {
            "papers": len(self.papers),
            "precision": _ratios(self._total("correct"), self._total("linked")),
            "recall": _ratios(self._total("found"), salient),
            "recall_any_type": _ratios(self._total("found_any_type"), salient),
            "recall_all_salient": _ratios(self._total("found"), self._total("salient_all")),
            "salient_in_text": _ratios(salient, self._total("salient_all")),
            "concepts": {
                "linked": sum(p.concepts for p in self.papers),
                "matching_gold": sum(p.concepts_matching for p in self.papers),
            },
            "per_paper": [paper.as_dict() for paper in self.papers],
        }


def evaluate_scirex(papers: Iterable[ScirexPaper], mode: str) -> ScirexScores:
    """Build the graph of the papers' titles and abstracts and score what each paper links."""
    paper_list = list(papers)
    graph = pipeline_graph([(paper_node_id(p.doc_id), p.title, p.abstract) for p in paper_list], mode)
    return ScirexScores([score_paper(p, linked_entities(graph, paper_node_id(p.doc_id))) for p in paper_list])
