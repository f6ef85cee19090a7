// Mark a push of one graph complete in its `KgGraph` node, after every node and relationship was
// written and the stale ones deleted (queries/push/graph_record.cypher started it).
// param: name (str, example "demo") the graph's name
MATCH (g:KgGraph {name: $name})
SET g.complete = true
