// Start a push of one graph in its `KgGraph` node (a `KgNode` too, so a wipe removes it): the
// name a later push of another graph is checked against, when, by which kg, and `complete: false`
// until queries/push/graph_complete.cypher marks it done. Returns the push's number, one more than
// any push into this database recorded (of any graph): every node and relationship the push writes
// is stamped with it, and what its graph holds with a lower stamp is stale once the push is done.
// param: name (str, example "demo") the graph's name
// param: kg_version (str, example "0.1.0") the kg version pushing
// param: nodes (int, example 10) nodes in the graph
// param: relationships (int, example 20) relationships in the graph
OPTIONAL MATCH (other:KgGraph)
WITH max(other.last_push) AS last
MERGE (g:KgGraph {name: $name})
ON CREATE SET g:KgNode
SET g.pushed_at = datetime(), g.kg_version = $kg_version, g.nodes = $nodes,
    g.relationships = $relationships, g.complete = false, g.last_push = coalesce(last, 0) + 1
RETURN g.last_push AS push
