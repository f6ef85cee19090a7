"""The interactive HTML page: one offline file drawing the graph with vis-network (shipped by pyvis)."""

from kg.export.html.errors import HtmlError
from kg.export.html.writer import HtmlReport, write_html

__all__ = ["HtmlError", "HtmlReport", "write_html"]
