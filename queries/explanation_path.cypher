// Shortest explanation path between two papers: the chain of shared methods, datasets, tasks,
// metrics, concepts, repositories, owners and authors that connects them, one row per step.
// Derived RELATED_TO links are left out, so every step is a fact extracted from a paper.
// param: from_paper (str, example "paper:arxiv:2106.09685") paper id or bare arXiv id where the path starts
// param: to_paper (str, example "paper:arxiv:2010.11929") paper id or bare arXiv id where it ends
// param: max_hops (int, default 8) longest path considered
MATCH (a:Paper) WHERE a.id IN [$from_paper, 'paper:arxiv:' + $from_paper]
MATCH (b:Paper) WHERE b.id IN [$to_paper, 'paper:arxiv:' + $to_paper]
MATCH path = shortestPath(
  (a)-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES|REPORTS|MENTIONS|HAS_CODE|OWNED_BY|AUTHORED_BY*..20]-(b)
)
WHERE length(path) <= $max_hops
UNWIND range(0, length(path)) AS step
WITH path, step, nodes(path)[step] AS node
RETURN step,
       CASE WHEN step = 0 THEN null
            WHEN startNode(relationships(path)[step - 1]) = nodes(path)[step - 1]
              THEN '-' + type(relationships(path)[step - 1]) + '->'
            ELSE '<-' + type(relationships(path)[step - 1]) + '-'
       END AS via,
       labels(node)[0] AS type, node.id AS id, coalesce(node.title, node.name) AS name
ORDER BY step
