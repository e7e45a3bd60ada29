"""gongkai — read, check and write 政府信息公开工作年度报告.

The library API is ``gongkai.api`` (the CLI, the web app and the distributed engine call
it); its main functions are re-exported here:

>>> import gongkai
>>> report = gongkai.extract("report.txt")
>>> report.cells["t3.new_received.total"]
>>> findings = gongkai.check(report)       # or gongkai.check("report.txt")
>>> print(gongkai.rule("T3001").doc())   # a rule's page: 检查内容, 为什么重要, 示例, 依据

Errors: every error raised on purpose is a ``gongkai.GongkaiError`` (see gongkai.errors).
"""

from __future__ import annotations

from gongkai.api.sources import (
    Result,
    catalog,
    check,
    check_all,
    extract,
    extract_all,
    profiles,
    read,
    read_bytes,
    rule,
)
from gongkai.errors import ConfigError, GongkaiError, InternalError, ReadError, UsageError
from gongkai.extract import extract_document
from gongkai.model import Document, Line, Provenance, Report
from gongkai.version import __version__


def __getattr__(name: str) -> object:
    """``gongkai.Finding``, imported on first use: extraction alone never loads the rule catalog."""
    if name == "Finding":
        from gongkai.rules import Finding

        return Finding
    raise AttributeError(f"module 'gongkai' has no attribute {name!r}")


__all__ = ["ConfigError", "Document", "Finding", "GongkaiError", "InternalError", "Line", "Provenance", "ReadError",
           "Report", "Result", "UsageError", "__version__", "catalog", "check", "check_all", "extract",
           "extract_all", "extract_document", "profiles", "read", "read_bytes", "rule"]
