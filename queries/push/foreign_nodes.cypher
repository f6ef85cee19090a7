// After a node batch wrote fewer nodes than it held: which of its ids belong to nodes kg did not
// write (no `KgNode` label), for the error message. Runs only on that error, so a scan is fine.
// param: label (str, example "Paper") the batch's label
// param: ids (list, example ["paper:arxiv:2106.09685"]) the batch's node ids
MATCH (n)
WHERE n.id IN $ids AND $label IN labels(n) AND NOT n:KgNode
RETURN n.id AS id
ORDER BY id
LIMIT 5
