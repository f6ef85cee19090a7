// Data quality: kg nodes without any relationship, e.g. papers nothing was extracted from, or
// entities left behind by an edited graph.
// param: limit (int, default 100) how many nodes to list
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN
          ['Paper', 'Method', 'Dataset', 'Task', 'Metric', 'Concept', 'Repository', 'CodeOwner', 'Author'])
  AND NOT (n)--()
RETURN labels(n)[0] AS type, n.id AS id, n.name AS name
ORDER BY type, id
LIMIT $limit
