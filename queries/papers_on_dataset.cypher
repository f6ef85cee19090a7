// Papers evaluating on a dataset, newest first, with the sentence that says so.
// The dataset is matched by id, name or any alias, ignoring case ("cifar10" finds CIFAR-10).
// param: dataset (str, example "CIFAR-10") dataset id, name or alias
// param: limit (int, default 25) how many papers to list
MATCH (d:Dataset)
WHERE d.id = $dataset
   OR toLower(d.name) = toLower($dataset)
   OR any(alias IN coalesce(d.aliases, []) WHERE toLower(alias) = toLower($dataset))
MATCH (p:Paper)-[r:EVALUATES_ON]->(d)
RETURN d.name AS dataset, p.id AS id, p.title AS title, p.published AS published, r.evidence[0] AS evidence
ORDER BY published DESC, id
LIMIT $limit
