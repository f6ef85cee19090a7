// Overview: how many nodes carry each label and how many relationships have each type. kg's own
// bookkeeping (the `KgNode` mark on every node it wrote, its `KgGraph` records) is left out.
CALL () {
  MATCH (n)
  WHERE NOT n:KgGraph
  UNWIND [label IN labels(n) WHERE label <> 'KgNode'] AS label
  RETURN 'node' AS kind, label AS name, count(*) AS count
  UNION ALL
  MATCH ()-[r]->()
  RETURN 'relationship' AS kind, type(r) AS name, count(*) AS count
}
RETURN kind, name, count
ORDER BY kind, name
