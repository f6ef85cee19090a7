"""Exports of the graph: HTML page, Neo4j, offline files."""
