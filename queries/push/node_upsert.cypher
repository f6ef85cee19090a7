// Upsert a batch of nodes of one label by id (used by `kg neo4j push` and `kg export cypher`).
// A template: kg fills {{label}} with a label from kg.model.NODE_TYPES, backtick-quoted, since a
// label cannot be a parameter. Every node kg creates also gets the label `KgNode`, and every node
// it writes the property `kg_graph` (the graph's name): that mark is how a wipe finds what kg
// wrote. A node with this label and id that kg did not create (no `KgNode`) is left untouched and
// not counted, so `written` falls short and the caller reports it. SET n = props replaces every
// property, so pushing the same graph twice leaves identical nodes.
// param: rows (list, example [{"id": "method:lora", "props": {"id": "method:lora", "name": "LoRA"}}]) one map per node: its id and every property it should have
// param: graph (str, example "demo") the name of the graph being pushed
UNWIND $rows AS row
MERGE (n:{{label}} {id: row.id})
ON CREATE SET n:KgNode
WITH n, row
WHERE n:KgNode
SET n = row.props, n.kg_graph = $graph
RETURN count(n) AS written
