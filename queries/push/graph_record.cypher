// Record a push of one graph in its `KgGraph` node (a `KgNode` too, so a wipe removes it): the
// name a later push of another graph is checked against, when, by which kg, and whether the push
// finished (`complete` stays false after an interrupted push until it is run again).
// param: name (str, example "demo") the graph's name
// param: kg_version (str, example "0.1.0") the kg version pushing
// param: nodes (int, example 10) nodes in the graph
// param: relationships (int, example 20) relationships in the graph
// param: complete (bool, example true) whether every node and relationship is written
MERGE (g:KgGraph {name: $name})
ON CREATE SET g:KgNode
SET g.pushed_at = datetime(), g.kg_version = $kg_version, g.nodes = $nodes,
    g.relationships = $relationships, g.complete = $complete
