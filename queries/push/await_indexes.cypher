// Wait until every index is online, so the batches that follow use them (used by `kg neo4j push`).
// param: seconds (int, default 300) how long to wait before giving up
CALL db.awaitIndexes($seconds)
