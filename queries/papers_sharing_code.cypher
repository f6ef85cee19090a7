// Papers that share code: a repository linked from several papers, or an owner (GitHub user or
// organisation) whose repositories several papers link to.
// param: min_papers (int, default 2) the fewest papers a repository or owner must connect
// param: limit (int, default 25) how many repositories and owners to list
CALL () {
  MATCH (p:Paper)-[:HAS_CODE]->(r:Repository)
  WITH r, p
  ORDER BY p.title
  WITH r, collect(DISTINCT p.title) AS titles
  WHERE size(titles) >= $min_papers
  RETURN 'repository' AS shared_by, r.id AS id, r.url AS code, titles
  UNION ALL
  MATCH (p:Paper)-[:HAS_CODE]->(:Repository)-[:OWNED_BY]->(o:CodeOwner)
  WITH o, p
  ORDER BY p.title
  WITH o, collect(DISTINCT p.title) AS titles
  WHERE size(titles) >= $min_papers
  RETURN 'owner' AS shared_by, o.id AS id, o.host + '/' + o.name AS code, titles
}
RETURN shared_by, id, code, size(titles) AS papers, titles
ORDER BY papers DESC, shared_by DESC, id
LIMIT $limit
