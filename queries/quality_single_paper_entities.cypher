// Data quality: entities only one paper mentions, the likeliest extraction noise or unmerged
// spelling variants; review them before trusting counts.
// param: limit (int, default 100) how many entities to list
MATCH (e)<-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES|REPORTS|MENTIONS]-(p:Paper)
WITH e, collect(DISTINCT p) AS papers
WHERE size(papers) = 1
RETURN labels(e)[0] AS type, e.id AS id, e.name AS name, papers[0].id AS paper
ORDER BY type, id
LIMIT $limit
