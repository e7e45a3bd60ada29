"""The library API: the one entry point of the CLI, the web app and the distributed engine.

Each function runs the pipeline (readers → extract → rules) for its callers, so that no
caller writes it out again. Single sources:

>>> from gongkai import api
>>> report = api.extract("report.pdf")            # or a Document, or bytes with a name
>>> findings = api.check(report, select=["T3"])   # or a path, a Document, bytes

Batches (a list of files and directories, walked as the CLI walks them) yield one `Result`
per source, in order, and never stop at a bad file: its `Result` carries the `error`.

``-`` as a path is standard input (as on the command line). Rules that encode one
locality's requirement belong to a profile (`profiles()`) and run only when it is asked
for: ``check(report, profiles=["gansu-wuwei"])``.

Errors are those of ``gongkai.errors``: `ReadError` for a source that cannot be read,
`InternalError` for a bug met on one source (the original exception chained), `UsageError`
for an unknown rule code. Nothing else escapes.
"""

from __future__ import annotations

from gongkai.api.batch import AuditSummary, audit
from gongkai.api.bodies import BodyRow, alias, bodies, import_aliases
from gongkai.api.corpus_views import Comparison, compare, export, indicators, outcomes, years_from
from gongkai.api.coverage import Coverage, coverage, import_jurisdictions, jurisdiction_csv, propose_jurisdictions
from gongkai.api.engines import ENGINES
from gongkai.api.returns import returns, summary
from gongkai.api.sources import (
    DATA_SUFFIXES,
    NOT_REPORTS,
    REPORT_SUFFIXES,
    STDIN,
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
    rules,
    validate_selection,
    walk,
)
from gongkai.model import SEVERITIES, BodyReports, Finding, SummaryRow, severity_at_least

__all__ = [
    "DATA_SUFFIXES",
    "ENGINES",
    "NOT_REPORTS",
    "REPORT_SUFFIXES",
    "SEVERITIES",
    "STDIN",
    "AuditSummary",
    "BodyReports",
    "BodyRow",
    "Comparison",
    "Coverage",
    "Finding",
    "Result",
    "SummaryRow",
    "alias",
    "audit",
    "bodies",
    "catalog",
    "check",
    "check_all",
    "compare",
    "coverage",
    "export",
    "extract",
    "extract_all",
    "import_aliases",
    "import_jurisdictions",
    "indicators",
    "jurisdiction_csv",
    "outcomes",
    "profiles",
    "propose_jurisdictions",
    "read",
    "read_bytes",
    "returns",
    "rule",
    "rules",
    "severity_at_least",
    "summary",
    "validate_selection",
    "walk",
    "years_from",
]
