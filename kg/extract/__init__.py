"""Extraction: spaCy components that turn abstracts into typed mentions, code links and pages."""
