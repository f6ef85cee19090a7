// Upsert a batch of relationships of one type by their ends (used by `kg neo4j push` and
// `kg export cypher`). A template: kg fills {{type}} with a type from kg.model.EDGE_TYPES and
// {{source_label}} / {{target_label}} with its ends from kg.model.EDGE_ENDPOINTS, backtick-quoted.
// Both ends must already exist and be nodes kg wrote (`KgNode`); `written` lets the caller notice
// rows whose ends are missing.
// A MERGE that locks only the source node: `SET a.id = a.id` changes nothing but takes its write
// lock, so whoever checks for and creates this relationship holds it and no relationship is ever
// created twice; parallel writers that own different source nodes never wait on a popular target
// (MERGE would lock both ends). `SET r = row.props` replaces every property, as on nodes, and
// `kg_push` stamps the relationship as node_upsert.cypher stamps nodes (never lowered).
// param: rows (list, example [{"source": "paper:arxiv:2106.09685", "target": "method:lora", "props": {}}]) one map per relationship: end ids and properties
// param: push (int, example 1) the number of this push (queries/push/graph_record.cypher)
UNWIND $rows AS row
MATCH (a:{{source_label}} {id: row.source})
WHERE a:KgNode
MATCH (b:{{target_label}} {id: row.target})
WHERE b:KgNode
SET a.id = a.id
WITH row, a, b
OPTIONAL MATCH (a)-[old:{{type}}]->(b)
WITH row, a, b, old, coalesce(old.kg_push, 0) AS stamped
FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END |
  CREATE (a)-[r:{{type}}]->(b) SET r = row.props, r.kg_push = $push)
FOREACH (_ IN CASE WHEN old IS NULL THEN [] ELSE [1] END |
  SET old = row.props, old.kg_push = CASE WHEN stamped > $push THEN stamped ELSE $push END)
RETURN count(*) AS written
