"""The one table between gold corpus types and graph node types, used by every score kg reports.

SciERC and SciREX share type names (SciREX has no OtherScientificTerm); TDMSci writes its three in capitals.
SciERC's Material covers datasets and corpora, so a graph Dataset is scored as a Material; Generic
("this method") has no graph type. A gold type missing here is never scored against the graph.
"""

from __future__ import annotations

from kg.model import CONCEPT, DATASET, METHOD, METRIC, TASK

GOLD_TO_GRAPH: dict[str, str] = {
    "Method": METHOD,
    "Task": TASK,
    "Metric": METRIC,
    "Material": DATASET,
    "OtherScientificTerm": CONCEPT,
    "TASK": TASK,
    "DATASET": DATASET,
    "METRIC": METRIC,
}


def graph_to_gold(gold_labels: tuple[str, ...]) -> dict[str, str]:
    """Graph type -> gold type for one corpus's label set (graph types the corpus lacks are absent)."""
    return {GOLD_TO_GRAPH[label]: label for label in gold_labels if label in GOLD_TO_GRAPH}
