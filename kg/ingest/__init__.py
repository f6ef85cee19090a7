"""Reading paper listings: one reader per format, format detection, and deduplication.

`read_sources` is the entry point; it never raises on bad input (see docs/ingest.md).
"""

from kg.ingest.errors import InputError
from kg.ingest.sources import FORMATS, local_files, read_sources

__all__ = ["FORMATS", "InputError", "local_files", "read_sources"]
