// Delete one batch of the nodes kg wrote (label `KgNode`) with their relationships, those to
// other nodes included; `kg neo4j push --wipe` repeats it until `deleted` is 0. Nodes kg did not
// write are left alone, whatever their labels.
// param: batch_size (int, default 10000) nodes deleted per transaction
MATCH (n:KgNode)
WITH n LIMIT $batch_size
DETACH DELETE n
RETURN count(*) AS deleted
