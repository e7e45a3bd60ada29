"""What the review web app shows, read from the store: a corpus overview, a body's reports
across years, one report's cells (each with where it was read) and findings (each with its
rule's doc), and the report's source as the page shows it (lines, or PDF page images).

Plain data out (the dataclasses below), so that any front end renders the same views; the
web app (``gongkai.web``) is one. The source is read again from the path the audit stored,
only if its content still has the stored hash (no path given by a user is ever opened).
Findings of local rules (a profile's, off by default) are left out, as in the 退回清单.

>>> view = api.report_view("audit.db", 12)          # ReportView: cells, findings
>>> source = api.report_source("audit.db", 12)      # SourceView: lines, pages
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import os
import tempfile
from dataclasses import dataclass, field
from typing import Any

from gongkai.api.return_lists import summary
from gongkai.api.sources import PathLike, load, local_rules_off, read, rule
from gongkai.api.stores import Target, opened
from gongkai.corpus.keys import canonical_keys, label
from gongkai.errors import GongkaiError, ReadError, UsageError
from gongkai.model import Location
from gongkai.records import SummaryRow

TABLES = {"t2": "表二 主动公开政府信息情况", "t3": "表三 收到和处理政府信息公开申请情况",
          "t4": "表四 政府信息公开行政复议、行政诉讼情况", "x": "其他（小计等）"}
PAGE_SCALE = 2.0  # pixels per PDF point of a page image (144 dpi: sharp enough to read a cell)
MAX_PAGES = 200


@dataclass(frozen=True, slots=True)
class CellView:
    """A stored cell with its label and where it was read (Document line and span; page
    and box of a laid-out source; table/row/column or paragraph of an office file)."""

    key: str
    label: str
    value: float | int | None
    uncertain: bool
    confidence: float
    method: str
    reason: str | None
    line: int | None
    col: tuple[int, int] | None
    page: int | None
    box: tuple[float, float, float, float] | None
    printed: str | None
    place: str  # the place in Chinese, as a person looks for it in the opened file

    @property
    def table(self) -> str:
        return self.key.split(".", 1)[0]


@dataclass(frozen=True, slots=True)
class FindingView:
    """A stored finding (``id``: the row the rectification loop decides on) with its rule's
    title and doc, as a reviewer reads them beside the cells it names."""

    id: int
    code: str
    name: str
    severity: str
    message: str
    cells: tuple[str, ...]
    line: int | None
    col: tuple[int, int] | None
    page: int | None
    box: tuple[float, float, float, float] | None
    place: str
    scope: str
    other_report_id: int | None
    rule_title: str = ""
    rule_doc: str = ""


@dataclass(frozen=True, slots=True)
class ReportView:
    id: int
    source: str  # the file's path at ingest
    form: str | None
    year: int | None
    agency: str | None
    title: str | None
    published: str | None
    format: str | None
    is_current: bool
    superseded_by: int | None
    body_key: str | None
    body_name: str | None
    cells: list[CellView]
    findings: list[FindingView]

    def tables(self) -> list[tuple[str, str, list[CellView]]]:
        """The cells grouped by statutory table: (prefix, title, cells)."""
        grouped: dict[str, list[CellView]] = {}
        for c in self.cells:
            grouped.setdefault(c.table, []).append(c)
        return [(t, TABLES.get(t, t), grouped[t]) for t in sorted(grouped, key=lambda t: (t not in TABLES, t))]

    def findings_by_cell(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for f in self.findings:
            for key in f.cells:
                out.setdefault(key, []).append(f.id)
        return out


@dataclass(frozen=True, slots=True)
class SourceView:
    """A report's source as a page shows it: its Document's lines (text files, HTML and office
    files as text lines), and for a PDF the size of each page in points (the images come from
    ``page_image``). ``problem``: why the source cannot be shown (moved, changed since)."""

    form: str | None
    lines: list[tuple[int, str, int | None]] = field(default_factory=list)  # (number, printed text, page)
    pages: list[tuple[float, float]] = field(default_factory=list)
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class BodyReport:
    id: int
    year: int | None
    title: str | None
    published: str | None
    form: str | None
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class BodyView:
    key: str
    name: str
    body_type: str
    level: str | None
    region: str
    reports: list[BodyReport]


@dataclass(frozen=True, slots=True)
class Overview:
    """Per body and year of the filtered corpus: status and findings by severity
    (``SummaryRow``), with the bodies' levels and the totals of the page's head."""

    rows: list[SummaryRow]
    levels: dict[str, str | None]
    totals: dict[str, int]
    years: list[int]


def overview(db: PathLike, *, region: str | None = None, level: str | None = None,
             year: int | None = None) -> Overview:
    """The overview of the stored corpus (``api.summary`` with coverage), filtered by region
    (a place name or code), level (province … township) and year; empty when nothing matches."""
    from gongkai.store import pages

    try:
        rows = summary(db, region=region or None, year=year)
    except UsageError:
        rows = []
    with opened(db) as store:
        levels = pages.body_levels(store)
    if level:
        rows = [r for r in rows if levels.get(r.key) == level]
    totals = {"bodies": len({r.key for r in rows}), "reports": sum(r.reports for r in rows),
              "error": sum(r.errors for r in rows), "warning": sum(r.warnings for r in rows),
              "info": sum(r.infos for r in rows)}
    for status in ("published", "late", "missing", "unknown"):
        totals[status] = sum(1 for r in rows if r.status == status)
    return Overview(rows, levels, totals, sorted({r.year for r in rows if r.year is not None}))


def body_view(db: Target, key: str) -> BodyView:
    """A body's current reports across years with their finding counts. UsageError when the
    store has no body of that key."""
    from gongkai.store import pages

    with opened(db) as store:
        row = pages.body(store, key)
        if row is None:
            raise UsageError(f"没有此单位 / no such body: {key}")
        found = pages.body_reports(store, key, local_rules_off())
    region = "".join(p for p in (row.province, row.city, row.county, row.township) if p)
    return BodyView(row.key, row.name, row.body_type, row.level, region,
                    [BodyReport(r.id, r.year, r.title, r.published, r.form, counts) for r, counts in found])


def body_chart(view: BodyView) -> str:
    """An SVG of the body's findings by severity across its report years (output/charts.py:
    the text stays text); "" when it has fewer than two years or no CJK font is installed."""
    from gongkai.output.charts import ChartError, draw

    names = {"error": "错误", "warning": "警告", "info": "提示"}
    lines: dict[str, dict[int, float]] = {}
    for r in view.reports:
        if r.year is not None:
            for severity, shown in names.items():
                year_counts = lines.setdefault(shown, {})
                year_counts[r.year] = year_counts.get(r.year, 0) + r.counts.get(severity, 0)
    if len({y for v in lines.values() for y in v}) < 2:
        return ""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "trend.svg")
        try:
            draw(path, {"各年度问题数（按严重程度）": lines}, {}, "", "severity")
        except (ChartError, ImportError):
            return ""
        with open(path, encoding="utf-8") as f:
            return f.read()


def report_view(db: Target, report_id: int) -> ReportView:
    """A stored report: its meta, every cell with its label and place, every finding with its
    rule's doc. UsageError when there is no report of that id."""
    from gongkai.store import pages

    with opened(db) as store:
        row = pages.report(store, report_id)
        if row is None:
            raise UsageError(f"没有编号为 {report_id} 的报告 / no such report")
        cell_rows = pages.report_cells(store, report_id)
        finding_rows = pages.report_findings(store, report_id, local_rules_off())
    return ReportView(row.id, row.path, row.form, row.year, row.agency, row.title, row.published, row.format,
                      bool(row.is_current), row.superseded_by, row.body_key, row.body_name,
                      sorted((_cell(c) for c in cell_rows), key=_printed_order), [_finding(f) for f in finding_rows])


@functools.cache
def _key_order() -> dict[str, int]:
    return {k: i for i, k in enumerate(canonical_keys())}


def _printed_order(cell: CellView) -> tuple[int, str]:
    """Cells in the order the form prints them (other keys, such as subtotals, after)."""
    order = _key_order()
    return order.get(cell.key, len(order)), cell.key


def _span(row: Any) -> tuple[int, int] | None:
    return (row.col_start, row.col_end) if row.col_start is not None else None


def _box(row: Any) -> tuple[float, float, float, float] | None:
    return (row.x0, row.top, row.x1, row.bottom) if row.x0 is not None else None


def _place(row: Any, form_line: bool = True) -> str:
    loc = Location(row.source_line, None, row.page, _box(row), row.table_no, row.row_no, row.column_no,
                   row.paragraph)
    described = loc.describe()
    if described:
        return described
    return f"第{row.line}行" if form_line and row.line is not None else ""


def _cell(row: Any) -> CellView:
    value = row.value
    if value is not None and value == int(value):
        value = int(value)
    return CellView(row.key, label(row.key), value, bool(row.uncertain), row.confidence, row.method, row.reason,
                    row.line, _span(row), row.page, _box(row), row.printed, _place(row))


def _finding(row: Any) -> FindingView:
    try:
        found = rule(row.code)
        title, doc = str(getattr(found, "title", "")), inspect.cleandoc(found.__doc__ or "")
    except GongkaiError:
        title, doc = "", ""
    return FindingView(row.id, row.code, row.name, row.severity, row.message,
                       tuple(c for c in row.cells.split(",") if c), row.line, _span(row), row.page, _box(row),
                       _place(row), row.scope, row.other_report_id, title, doc)


def _stored_file(db: Target, report_id: int) -> tuple[Any, bytes | None, str | None]:
    """The report's row and its file's bytes as stored, or why they cannot be had."""
    from gongkai.store import pages

    with opened(db) as store:
        row = pages.report(store, report_id)
    if row is None:
        raise UsageError(f"没有编号为 {report_id} 的报告 / no such report")
    try:
        data = load(row.path)  # a path, or the fsspec URL the source was audited from
    except GongkaiError:
        return row, None, f"原文件已不在原处，无法显示原文：{row.path}"
    if hashlib.sha256(data).hexdigest() != row.sha256:
        return row, None, f"原文件在入库后已被修改，无法显示入库时的原文：{row.path}"
    return row, data, None


def report_source(db: Target, report_id: int) -> SourceView:
    """The report's source read again from the stored file (when its hash still matches)."""
    row, data, problem = _stored_file(db, report_id)
    if data is None:
        return SourceView(row.form, problem=problem)
    try:
        doc = read(data, name=row.path)
    except ReadError as e:
        return SourceView(row.form, problem=f"原文无法读取：{e.reason}")
    lines = [(line.number, line.raw, line.page) for line in doc.lines]
    pages: list[tuple[float, float]] = []
    if row.form == "pdf":
        pages = _page_sizes(data)
    return SourceView(row.form, lines, pages)


def _page_sizes(data: bytes) -> list[tuple[float, float]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf.get_page_size(i) for i in range(min(len(pdf), MAX_PAGES))]
    finally:
        pdf.close()


def page_image(db: Target, report_id: int, page: int, cache: PathLike) -> bytes:
    """Page ``page`` (1-based) of a stored PDF report as a PNG, rendered by pdfium once and
    kept in the folder ``cache`` under the file's hash. UsageError for a report that is no
    PDF, a page it does not have, or a file gone or changed since it was stored."""
    row, data, problem = _stored_file(db, report_id)
    if row.form != "pdf":
        raise UsageError("该报告不是 PDF 文件，没有页面图像 / not a PDF")
    if data is None:
        raise UsageError(problem or "")
    cached = os.path.join(os.fspath(cache), f"{row.sha256}-{page}.png")
    if os.path.isfile(cached):
        with open(cached, "rb") as f:
            return f.read()
    import io

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        if not 1 <= page <= min(len(pdf), MAX_PAGES):
            raise UsageError(f"该报告没有第{page}页 / no such page")
        image = pdf[page - 1].render(scale=PAGE_SCALE).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
    finally:
        pdf.close()
    png = out.getvalue()
    os.makedirs(cache, exist_ok=True)
    partial = f"{cached}.{os.getpid()}.part"
    with open(partial, "wb") as f:
        f.write(png)
    os.replace(partial, cached)  # whole or not at all: a reader never sees half a file
    return png

