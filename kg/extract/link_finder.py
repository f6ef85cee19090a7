"""The spaCy component that finds code repositories and project pages in title + abstract.

The URL rules live in kg.extract.code_links; this component only hands them the
document text and its sentence offsets, so each repository's evidence is the
sentence (or the title) that holds its link.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.offsets import doc_text

from kg.extract.code_links import find_links


class CodeLinkFinder:
    """spaCy component: sets `Doc._.code_links` (CodeLink list) and `Doc._.pages` (URL list)."""

    def __call__(self, doc: Doc) -> Doc:
        bounds = [(start, end) for _, _, start, end in doc._.sentence_bounds or ()]
        doc._.code_links, doc._.pages = find_links(doc_text(doc), bounds or None)
        return doc
