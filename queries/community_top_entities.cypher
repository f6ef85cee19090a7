// A community's top entities: the methods, datasets, tasks, metrics and concepts most of its
// papers link to, which is what the community is about.
// param: community (int, example 0) the community number
// param: limit (int, default 15) how many entities to list
MATCH (p:Paper {community: $community})-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES|REPORTS|MENTIONS]->(e)
WITH e, count(DISTINCT p) AS papers
RETURN labels(e)[0] AS type, e.id AS id, e.name AS name, papers
ORDER BY papers DESC, id
LIMIT $limit
