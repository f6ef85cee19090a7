// Task -> dataset -> metric map: for each task, the datasets its papers evaluate on and the
// metrics those papers report, with how many papers back each pair.
// param: task (str, default "") only this task (id or name, ignoring case); "" for every task
// param: limit (int, default 100) how many task/dataset rows to list
MATCH (t:Task)<-[:ADDRESSES]-(p:Paper)-[:EVALUATES_ON]->(d:Dataset)
WHERE $task = '' OR t.id = $task OR toLower(t.name) = toLower($task)
OPTIONAL MATCH (p)-[:REPORTS]->(m:Metric)
WITH t, d, p, m
ORDER BY m.name
WITH t, d, count(DISTINCT p) AS papers, collect(DISTINCT m.name) AS metrics
RETURN t.name AS task, d.name AS dataset, metrics, papers
ORDER BY task, papers DESC, dataset
LIMIT $limit
