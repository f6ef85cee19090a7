// What `kg neo4j push --wipe` would delete, for its confirmation: the nodes kg wrote and how
// many relationships link them to nodes kg did not write (those go too).
MATCH (n:KgNode)
RETURN count(n) AS nodes, sum(COUNT { (n)--(other) WHERE NOT other:KgNode }) AS foreign_relationships
