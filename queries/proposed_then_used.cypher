// Contributions picked up: methods proposed by one paper and used by other papers.
// param: limit (int, default 25) how many methods to list
MATCH (origin:Paper)-[:PROPOSES]->(m:Method)<-[:USES]-(user:Paper)
WHERE user <> origin
WITH origin, m, user
ORDER BY user.title
WITH origin, m, collect(DISTINCT user.title) AS users
RETURN m.id AS id, m.name AS method, origin.title AS proposed_by, size(users) AS used_by, users AS used_in
ORDER BY used_by DESC, method, proposed_by
LIMIT $limit
