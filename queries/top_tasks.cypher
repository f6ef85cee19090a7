// Top tasks: the tasks the most papers address, and on how many distinct datasets they are evaluated.
// param: limit (int, default 10) how many tasks to list
MATCH (t:Task)<-[:ADDRESSES]-(p:Paper)
OPTIONAL MATCH (p)-[:EVALUATES_ON]->(d:Dataset)
WITH t, count(DISTINCT p) AS papers, count(DISTINCT d) AS datasets
RETURN t.id AS id, t.name AS task, papers, datasets
ORDER BY papers DESC, task
LIMIT $limit
