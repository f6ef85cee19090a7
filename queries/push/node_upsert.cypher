// Upsert a batch of nodes of one label by id (used by `kg neo4j push` and `kg export cypher`).
// A template: kg fills {{label}} with a label from kg.model.NODE_TYPES, backtick-quoted, since a
// label cannot be a parameter. Every node kg creates also gets the label `KgNode`, and every node
// it writes the property `kg_graph` (the graph's name): that mark is how a wipe finds what kg
// wrote. A node with this label and id that kg did not create (no `KgNode`) is left untouched and
// not counted, so `written` falls short and the caller reports it. SET n = props replaces every
// property, so pushing the same graph twice leaves identical nodes.
// `kg_push` stamps the node with the number of the push that wrote it (never lowered, so of two
// pushes running at once the later one's stamp stays): after every batch, the push deletes its
// graph's nodes with a lower stamp (queries/push/stale_nodes.cypher).
// param: rows (list, example [{"id": "method:lora", "props": {"id": "method:lora", "name": "LoRA"}}]) one map per node: its id and every property it should have
// param: graph (str, example "demo") the name of the graph being pushed
// param: push (int, example 1) the number of this push (queries/push/graph_record.cypher)
UNWIND $rows AS row
MERGE (n:{{label}} {id: row.id})
ON CREATE SET n:KgNode
WITH n, row, coalesce(n.kg_push, 0) AS stamped
WHERE n:KgNode
SET n = row.props, n.kg_graph = $graph, n.kg_push = CASE WHEN stamped > $push THEN stamped ELSE $push END
RETURN count(n) AS written
