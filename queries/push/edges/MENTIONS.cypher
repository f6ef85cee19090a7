// Upsert a batch of (Paper)-[:MENTIONS]->(Concept) relationships: the paper mentions the concept.
// Both ends must already exist; `written` lets the caller notice rows whose ends are missing.
// param: rows (list, example [{"source": "paper:arxiv:2106.09685", "target": "method:lora", "props": {}}]) one map per relationship: end ids and properties
UNWIND $rows AS row
MATCH (a:Paper {id: row.source})
MATCH (b:Concept {id: row.target})
MERGE (a)-[r:MENTIONS]->(b)
SET r = row.props
RETURN count(r) AS written
