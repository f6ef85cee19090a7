// Upsert a batch of (Paper)-[:AUTHORED_BY]->(Author) relationships: the paper was written by the author.
// Both ends must already exist; `written` lets the caller notice rows whose ends are missing.
// A MERGE that locks only the source node: `SET a.id = a.id` changes nothing but takes its write
// lock, so whoever checks for and creates this relationship holds it and no relationship is ever
// created twice; parallel writers that own different source nodes never wait on a popular target
// (MERGE would lock both ends). `SET r = row.props` replaces every property, as on nodes.
// param: rows (list, example [{"source": "paper:arxiv:2106.09685", "target": "method:lora", "props": {}}]) one map per relationship: end ids and properties
UNWIND $rows AS row
MATCH (a:Paper {id: row.source})
MATCH (b:Author {id: row.target})
SET a.id = a.id
WITH row, a, b
OPTIONAL MATCH (a)-[old:AUTHORED_BY]->(b)
FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END | CREATE (a)-[r:AUTHORED_BY]->(b) SET r = row.props)
FOREACH (_ IN CASE WHEN old IS NULL THEN [] ELSE [1] END | SET old = row.props)
RETURN count(*) AS written
