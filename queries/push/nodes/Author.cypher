// Upsert a batch of Author nodes by id (used by `kg neo4j push`).
// SET n = props replaces every property, so pushing the same graph twice leaves identical nodes.
// param: rows (list, example [{"id": "method:lora", "props": {"id": "method:lora", "name": "LoRA"}}]) one map per node: its id and every property it should have
UNWIND $rows AS row
MERGE (n:Author {id: row.id})
SET n = row.props
RETURN count(n) AS written
