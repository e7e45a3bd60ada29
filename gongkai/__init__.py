"""gongkai — read, check and write 政府信息公开工作年度报告.

Library API (the CLI is a thin shell over it):

>>> import gongkai
>>> report = gongkai.extract("report.txt")
>>> report.cells["t3.new_received.total"]
"""

from __future__ import annotations

import os

from gongkai.extract import extract_document
from gongkai.model import Document, Line, Provenance, Report
from gongkai.readers import ReadError, read, read_bytes

__version__ = "0.1.0"


def extract(path: str | os.PathLike[str]) -> Report:
    """Read the report at ``path`` and extract its metadata and cells.

    Raises ReadError (naming the file and the problem) if the file cannot be read.
    """
    return extract_document(read(path))


__all__ = ["Document", "Line", "Provenance", "ReadError", "Report", "extract", "extract_document",
           "read", "read_bytes", "__version__"]
