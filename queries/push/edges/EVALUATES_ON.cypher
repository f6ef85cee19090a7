// Upsert a batch of (Paper)-[:EVALUATES_ON]->(Dataset) relationships: the paper evaluates on the dataset.
// Both ends must already exist; `written` lets the caller notice rows whose ends are missing.
// param: rows (list, example [{"source": "paper:arxiv:2106.09685", "target": "method:lora", "props": {}}]) one map per relationship: end ids and properties
UNWIND $rows AS row
MATCH (a:Paper {id: row.source})
MATCH (b:Dataset {id: row.target})
MERGE (a)-[r:EVALUATES_ON]->(b)
SET r = row.props
RETURN count(r) AS written
