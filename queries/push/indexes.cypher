// Indexes `kg neo4j push` creates after the constraints (each statement runs on its own).
// `kg_text` is the full-text index behind queries/search.cypher; kg fills {{searched_labels}} with
// the paper and entity labels of kg.model, backtick-quoted and joined by `|`. `kg_graph_name` keeps
// one `KgGraph` record per graph name (queries/push/graph_record.cypher).

CREATE CONSTRAINT kg_graph_name IF NOT EXISTS FOR (g:KgGraph) REQUIRE g.name IS UNIQUE;

CREATE INDEX paper_community IF NOT EXISTS FOR (n:Paper) ON (n.community);
CREATE INDEX paper_published IF NOT EXISTS FOR (n:Paper) ON (n.published);

CREATE FULLTEXT INDEX kg_text IF NOT EXISTS
FOR (n:{{searched_labels}})
ON EACH [n.title, n.abstract, n.name, n.aliases];
