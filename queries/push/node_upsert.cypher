// Upsert a batch of nodes of one label by id (used by `kg neo4j push` and `kg export cypher`).
// A template: kg fills {{label}} with a label from kg.model.NODE_TYPES, backtick-quoted, since a
// label cannot be a parameter. SET n = props replaces every property, so pushing the same graph
// twice leaves identical nodes.
// param: rows (list, example [{"id": "method:lora", "props": {"id": "method:lora", "name": "LoRA"}}]) one map per node: its id and every property it should have
UNWIND $rows AS row
MERGE (n:{{label}} {id: row.id})
SET n = row.props
RETURN count(n) AS written
