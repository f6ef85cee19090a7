// Upsert a batch of (Repository)-[:OWNED_BY]->(CodeOwner) relationships: the repository belongs to the user or organisation.
// Both ends must already exist; `written` lets the caller notice rows whose ends are missing.
// param: rows (list, example [{"source": "paper:arxiv:2106.09685", "target": "method:lora", "props": {}}]) one map per relationship: end ids and properties
UNWIND $rows AS row
MATCH (a:Repository {id: row.source})
MATCH (b:CodeOwner {id: row.target})
MERGE (a)-[r:OWNED_BY]->(b)
SET r = row.props
RETURN count(r) AS written
