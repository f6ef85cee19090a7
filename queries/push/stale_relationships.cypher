// Delete the relationships a complete push of a graph did not write: kg's types between two nodes kg
// wrote, leaving a node of this graph, stamped by an earlier push (`kg_push` lower than this push's,
// or none: written by the Cypher script or neo4j-admin). Runs once every batch of the push succeeded,
// in transactions of `batch_size` rows; relationships to nodes kg did not write are never touched here.
// param: graph (str, example "demo") the name of the graph pushed
// param: push (int, example 2) the number of the push that just wrote the graph
// param: types (list, example ["USES", "RELATED_TO"]) kg's relationship types (kg.model.EDGE_TYPES)
// param: batch_size (int, default 1000) relationships deleted per transaction
MATCH (a:KgNode)-[r]->(b:KgNode)
WHERE a.kg_graph = $graph AND type(r) IN $types AND coalesce(r.kg_push, 0) < $push
CALL (r) { DELETE r } IN TRANSACTIONS OF $batch_size ROWS
RETURN count(*) AS deleted
