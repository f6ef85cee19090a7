// Top methods: the methods the most papers propose or use, and how many of those papers propose them.
// param: limit (int, default 10) how many methods to list
MATCH (m:Method)<-[r:PROPOSES|USES]-(p:Paper)
WITH m,
     count(DISTINCT p) AS papers,
     count(DISTINCT CASE WHEN type(r) = 'PROPOSES' THEN p END) AS proposed_by
RETURN m.id AS id, m.name AS method, papers, proposed_by
ORDER BY papers DESC, method
LIMIT $limit
