// Full-text search over paper titles and abstracts and entity names and aliases (index kg_text).
// The query uses Lucene syntax: words, "quoted phrases", AND/OR, prefix*, fuzzy~.
// param: query (str, example "low-rank adaptation") what to look for
// param: limit (int, default 20) how many hits to list
CALL db.index.fulltext.queryNodes('kg_text', $query) YIELD node, score
RETURN labels(node)[0] AS type, node.id AS id, coalesce(node.title, node.name) AS name, score
ORDER BY score DESC, id
LIMIT $limit
