// Papers most related to a paper (RELATED_TO, by score), with the names of the entities,
// repositories or owners they share.
// param: paper (str, example "paper:arxiv:2106.09685") paper id, or a bare arXiv id such as 2106.09685
// param: limit (int, default 10) how many related papers to list
MATCH (p:Paper)
WHERE p.id IN [$paper, 'paper:arxiv:' + $paper]
MATCH (p)-[r:RELATED_TO]-(q:Paper)
WITH p, q, r
ORDER BY r.score DESC, q.id
LIMIT $limit
RETURN q.id AS id, q.title AS title, r.score AS score,
       COLLECT {
         MATCH (p)-[*1..2]->(shared)
         WHERE shared.id IN r.shared
         WITH DISTINCT shared
         ORDER BY shared.name
         RETURN shared.name
       } AS shared
ORDER BY score DESC, id
