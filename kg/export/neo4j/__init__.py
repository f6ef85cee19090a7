"""Neo4j output: rows checked against the model, the Bolt push, Cypher and neo4j-admin exports, saved queries."""
