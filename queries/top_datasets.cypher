// Top datasets: the datasets the most papers evaluate on, with the tasks those papers address.
// param: limit (int, default 10) how many datasets to list
MATCH (d:Dataset)<-[:EVALUATES_ON]-(p:Paper)
OPTIONAL MATCH (p)-[:ADDRESSES]->(t:Task)
WITH d, p, t
ORDER BY t.name
WITH d, count(DISTINCT p) AS papers, collect(DISTINCT t.name) AS tasks
RETURN d.id AS id, d.name AS dataset, papers, tasks
ORDER BY papers DESC, dataset
LIMIT $limit
