// Delete the nodes of a graph that a complete push of it did not write (stamped by an earlier push,
// or not at all), with their relationships, as a wipe does: those to nodes kg did not write go with
// them, the nodes themselves stay. Runs after queries/push/stale_relationships.cypher, in
// transactions of `batch_size` nodes.
// param: graph (str, example "demo") the name of the graph pushed
// param: push (int, example 2) the number of the push that just wrote the graph
// param: batch_size (int, default 1000) nodes deleted per transaction
MATCH (n:KgNode)
WHERE n.kg_graph = $graph AND coalesce(n.kg_push, 0) < $push
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch_size ROWS
RETURN count(*) AS deleted
