// Methods used with a dataset: methods proposed or used by the papers that evaluate on it.
// The dataset is matched by id, name or any alias, ignoring case.
// param: dataset (str, example "ImageNet") dataset id, name or alias
// param: limit (int, default 25) how many methods to list
MATCH (d:Dataset)
WHERE d.id = $dataset
   OR toLower(d.name) = toLower($dataset)
   OR any(alias IN coalesce(d.aliases, []) WHERE toLower(alias) = toLower($dataset))
MATCH (d)<-[:EVALUATES_ON]-(p:Paper)-[:PROPOSES|USES]->(m:Method)
WITH d, m, p
ORDER BY p.title
WITH d, m, collect(DISTINCT p.title) AS titles
RETURN d.name AS dataset, m.id AS id, m.name AS method, size(titles) AS papers, titles AS example_papers
ORDER BY papers DESC, method
LIMIT $limit
