"""Graph analysis for notebooks and scripts: the computations behind `kg stats`, the notebooks and the
stored node attributes (community, pagerank, paper_count). Part of the public API (README.md,
"Python API"); `kg.similar` and `kg.path` cover related papers and explanation paths.
"""

from kg.graph.analytics import (
    annotate,
    communities,
    community_labels,
    pagerank,
    paper_counts,
    related_degree,
    related_graph,
    shared_code,
    stored_communities,
    top_entities,
)
from kg.graph.cooccurrence import cooccurrence
from kg.graph.linking import paper_items, papers

__all__ = [
    "annotate", "communities", "community_labels", "cooccurrence", "pagerank", "paper_counts", "paper_items",
    "papers", "related_degree", "related_graph", "shared_code", "stored_communities", "top_entities",
]
