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

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names as mypy sees them; at run time each is imported on first use
    from gongkai.api.accounts import ROLES, User, add_user, authenticate, remove_user, user, users
    from gongkai.api.author import Problem, RowRef, Tabulation, tabulate
    from gongkai.api.batch import AuditSummary, audit
    from gongkai.api.body_registry import BodyRow, alias, bodies, import_aliases
    from gongkai.api.corpus_views import Comparison, compare, export, indicators, outcomes, years_from
    from gongkai.api.engines import ENGINES
    from gongkai.api.full_text import index_search, search
    from gongkai.api.jurisdictions import (
        Coverage,
        coverage,
        import_jurisdictions,
        jurisdiction_csv,
        propose_jurisdictions,
    )
    from gongkai.api.pages import (
        BodyView,
        CellView,
        FindingView,
        Overview,
        ReportView,
        SourceView,
        body_chart,
        body_view,
        overview,
        page_image,
        report_source,
        report_view,
    )
    from gongkai.api.rendering import RenderResult, read_sections, render
    from gongkai.api.return_lists import returns, summary
    from gongkai.api.review_pages import GridSlot, GridView, ReviewPanel, report_grids, report_review, review_actions
    from gongkai.api.reviews import decide, history, review_counts, review_list, review_states, send_back
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
    from gongkai.api.stores import close, connect
    from gongkai.api.templates import default_version, load_data, report_workbook, template
    from gongkai.api.uploads import Uploaded, accept_upload
    from gongkai.model import SEVERITIES, Finding, severity_at_least
    from gongkai.records import (
        EXPORT_FORMATS,
        EXPORTS,
        REVIEW_STATE_NAMES,
        REVIEW_STATES,
        BodyReports,
        FindingReview,
        ReviewEvent,
        SearchHit,
        SummaryRow,
    )

# Where each name of the API lives. Imported on first use (PEP 562), so that a command pays
# only for the stages it runs: `gongkai check` loads no SQLAlchemy, web or authoring code.
_HOMES: dict[str, tuple[str, ...]] = {
    "gongkai.api.accounts": ("ROLES", "User", "add_user", "authenticate", "remove_user", "user", "users"),
    "gongkai.api.author": ("Problem", "RowRef", "Tabulation", "tabulate"),
    "gongkai.api.batch": ("AuditSummary", "audit"),
    "gongkai.api.body_registry": ("BodyRow", "alias", "bodies", "import_aliases"),
    "gongkai.api.corpus_views": ("Comparison", "compare", "export", "indicators", "outcomes", "years_from"),
    "gongkai.api.engines": ("ENGINES",),
    "gongkai.api.full_text": ("index_search", "search"),
    "gongkai.api.jurisdictions": (
        "Coverage", "coverage", "import_jurisdictions", "jurisdiction_csv", "propose_jurisdictions"
    ),
    "gongkai.api.pages": (
        "BodyView", "CellView", "FindingView", "Overview", "ReportView", "SourceView", "body_chart", "body_view",
        "overview", "page_image", "report_source", "report_view"
    ),
    "gongkai.api.rendering": ("RenderResult", "read_sections", "render"),
    "gongkai.api.return_lists": ("returns", "summary"),
    "gongkai.api.review_pages": (
        "GridSlot", "GridView", "ReviewPanel", "report_grids", "report_review", "review_actions"
    ),
    "gongkai.api.reviews": ("decide", "history", "review_counts", "review_list", "review_states", "send_back"),
    "gongkai.api.sources": (
        "DATA_SUFFIXES", "NOT_REPORTS", "REPORT_SUFFIXES", "Result", "STDIN", "catalog", "check", "check_all",
        "extract", "extract_all", "profiles", "read", "read_bytes", "rule", "rules", "validate_selection", "walk"
    ),
    "gongkai.api.stores": ("close", "connect"),
    "gongkai.api.templates": ("default_version", "load_data", "report_workbook", "template"),
    "gongkai.api.uploads": ("Uploaded", "accept_upload"),
    "gongkai.model": ("Finding", "SEVERITIES", "severity_at_least"),
    "gongkai.records": (
        "EXPORTS", "EXPORT_FORMATS", "BodyReports", "FindingReview", "REVIEW_STATES", "REVIEW_STATE_NAMES",
        "ReviewEvent", "SearchHit", "SummaryRow"
    ),
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> object:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'gongkai.api' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once: the next use is a plain lookup
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "DATA_SUFFIXES",
    "ENGINES",
    "EXPORTS",
    "EXPORT_FORMATS",
    "NOT_REPORTS",
    "REPORT_SUFFIXES",
    "REVIEW_STATES",
    "REVIEW_STATE_NAMES",
    "ROLES",
    "SEVERITIES",
    "STDIN",
    "AuditSummary",
    "BodyReports",
    "BodyRow",
    "BodyView",
    "CellView",
    "Comparison",
    "Coverage",
    "Finding",
    "FindingReview",
    "FindingView",
    "GridSlot",
    "GridView",
    "Overview",
    "Problem",
    "RenderResult",
    "ReportView",
    "Result",
    "ReviewEvent",
    "ReviewPanel",
    "RowRef",
    "SearchHit",
    "SourceView",
    "SummaryRow",
    "Tabulation",
    "Uploaded",
    "User",
    "accept_upload",
    "add_user",
    "alias",
    "audit",
    "authenticate",
    "bodies",
    "body_chart",
    "body_view",
    "catalog",
    "check",
    "check_all",
    "close",
    "compare",
    "connect",
    "coverage",
    "decide",
    "default_version",
    "export",
    "extract",
    "extract_all",
    "history",
    "import_aliases",
    "import_jurisdictions",
    "index_search",
    "indicators",
    "jurisdiction_csv",
    "load_data",
    "outcomes",
    "overview",
    "page_image",
    "profiles",
    "propose_jurisdictions",
    "read",
    "read_bytes",
    "read_sections",
    "remove_user",
    "render",
    "report_grids",
    "report_review",
    "report_source",
    "report_view",
    "report_workbook",
    "returns",
    "review_actions",
    "review_counts",
    "review_list",
    "review_states",
    "rule",
    "rules",
    "search",
    "send_back",
    "severity_at_least",
    "summary",
    "tabulate",
    "template",
    "user",
    "users",
    "validate_selection",
    "walk",
    "years_from",
]
