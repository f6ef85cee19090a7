// A community's papers, most central first: Paper.community and Paper.pagerank come from the
// graph analytics of `kg build`.
// param: community (int, example 0) the community number
// param: limit (int, default 25) how many papers to list
MATCH (p:Paper {community: $community})
RETURN p.id AS id, p.title AS title, p.pagerank AS pagerank,
       COUNT { (p)-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES|REPORTS|MENTIONS]->() } AS entities
ORDER BY pagerank DESC, id
LIMIT $limit
