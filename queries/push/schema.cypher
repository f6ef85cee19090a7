// Constraints and indexes `kg neo4j push` creates before writing (each statement runs on its own).
// One uniqueness constraint on `id` per label: MERGE by id then uses the backing index and
// can never create a duplicate. `kg_text` is the full-text index behind queries/search.cypher.

CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (n:Paper) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT method_id IF NOT EXISTS FOR (n:Method) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT dataset_id IF NOT EXISTS FOR (n:Dataset) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT task_id IF NOT EXISTS FOR (n:Task) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT metric_id IF NOT EXISTS FOR (n:Metric) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT concept_id IF NOT EXISTS FOR (n:Concept) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT repository_id IF NOT EXISTS FOR (n:Repository) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT code_owner_id IF NOT EXISTS FOR (n:CodeOwner) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT author_id IF NOT EXISTS FOR (n:Author) REQUIRE n.id IS UNIQUE;

CREATE INDEX paper_community IF NOT EXISTS FOR (n:Paper) ON (n.community);
CREATE INDEX paper_published IF NOT EXISTS FOR (n:Paper) ON (n.published);

CREATE FULLTEXT INDEX kg_text IF NOT EXISTS
FOR (n:Paper|Method|Dataset|Task|Metric|Concept)
ON EACH [n.title, n.abstract, n.name, n.aliases];
