// The uniqueness constraint on `id` of one label, created before `kg neo4j push` writes: MERGE by
// id then uses its backing index and can never create a duplicate. A template: kg fills {{label}}
// with each label of kg.model.NODE_TYPES and {{name}} with its constraint name (`code_owner_id`).
CREATE CONSTRAINT {{name}} IF NOT EXISTS FOR (n:{{label}}) REQUIRE n.id IS UNIQUE
