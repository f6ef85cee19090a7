// Delete one batch of kg nodes (and their relationships); `kg neo4j push --wipe` repeats it until
// `deleted` is 0. Only nodes carrying a kg label go: other data in the database is left alone.
// param: labels (list, example ["Paper", "Method"]) the kg node labels
// param: batch_size (int, default 10000) nodes deleted per transaction
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $labels)
WITH n LIMIT $batch_size
DETACH DELETE n
RETURN count(*) AS deleted
