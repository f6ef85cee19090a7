// The kg graphs a database holds, one `KgGraph` node each, written by `kg neo4j push`.
MATCH (g:KgGraph)
RETURN g.name AS name, toString(g.pushed_at) AS pushed_at
ORDER BY name
