// Upsert a batch of (Paper)-[:PROPOSES]->(Method) relationships: the paper introduces the method.
// Both ends must already exist; `written` lets the caller notice rows whose ends are missing.
// param: rows (list, example [{"source": "paper:arxiv:2106.09685", "target": "method:lora", "props": {}}]) one map per relationship: end ids and properties
UNWIND $rows AS row
MATCH (a:Paper {id: row.source})
MATCH (b:Method {id: row.target})
MERGE (a)-[r:PROPOSES]->(b)
SET r = row.props
RETURN count(r) AS written
