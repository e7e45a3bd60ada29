"""`render`: a report's data (cells and narrative) → the statutory document (DOCX, HTML, PDF, XLSX).

Before anything is written the report goes through the rule catalog, and honestly so: the
document is rendered to HTML and read back with the real pipeline (`extract`), which both
proves that every cell round-trips (a cell that reads back otherwise stops the render) and
lets every rule see the report as a reader of the published page would, narrative included.
Errors stop the render unless ``force``; warnings and notes come back in the result.

Sections 三 and 四 left empty get the standard sentences generated from the cells
(`author.sentences`); a supplied text is kept as written and checked by the narrative rules
(in a copy that prints it where they read), and where the catalog finds it stating a number
its table contradicts, the generated sentence is offered beside it
(``RenderResult.suggested``), never put in its place.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from gongkai.api.sources import check, extract
from gongkai.api.templates import load_data, report_workbook
from gongkai.author.data import SECTIONS, ReportData
from gongkai.author.document import Composed, compose
from gongkai.author.layout import grids_for
from gongkai.author.sentences import standard_sections
from gongkai.errors import UsageError
from gongkai.model import Finding

TARGETS = ("docx", "html", "pdf", "xlsx")
VERSIONS = ("2021", "2019")
MAX_DATA_BYTES = 20 * 1024 * 1024
# the rules that compare a number the narrative states with its table
MAX_VALUE = 10**12  # no count or 万元 amount of a report comes near it
NARRATIVE_CODES = frozenset({"X001", "X002", "X003", "X004", "X005", "X011"})

PathLike = str | os.PathLike[str]


@dataclass
class RenderResult:
    """What `render` made: the file's bytes (empty when stopped), where they were written,
    the catalog's findings on the rendered report, the sections generated from the cells,
    sentences offered for supplied sections the tables contradict, cells that did not read
    back as given (``mismatches``: key → (given, read)) and cells given that the format's
    tables do not print (``unprinted``)."""

    to: str
    content: bytes = b""
    output: str | None = None
    findings: list[Finding] = field(default_factory=list)
    generated: dict[str, str] = field(default_factory=dict)
    suggested: dict[str, str] = field(default_factory=dict)
    mismatches: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    unprinted: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def written(self) -> bool:
        return bool(self.content)


def load(path: PathLike) -> ReportData:
    """A ReportData from a JSON/YAML file or a filled template (.xlsx); UsageError naming the
    file for what cannot be read (`author.sources.load`)."""
    return load_data(path)


def read_sections(pairs: Mapping[str, PathLike] | None = None, folder: PathLike | None = None) -> dict[str, str]:
    """Narrative sections from files: ``folder`` holding 一.md … 六.md (or .txt; a section
    without a file is left as the data has it), then ``pairs`` (一 → FILE), which win.
    UsageError naming the file for one that cannot be read."""
    files: dict[str, str] = {}
    if folder is not None:
        base = os.fspath(folder)
        if not os.path.isdir(base):
            raise UsageError(f"{base}: 不是文件夹（应含 一.md … 六.md）")
        for number in SECTIONS:
            for suffix in (".md", ".txt"):
                candidate = os.path.join(base, number + suffix)
                if os.path.isfile(candidate):
                    files[number] = candidate
                    break
    for number, path in (pairs or {}).items():
        if number not in SECTIONS:
            raise UsageError(f"未知的部分 {number!r}（应为 {'、'.join(SECTIONS)}）")
        files[number] = os.fspath(path)
    out: dict[str, str] = {}
    for number, name in files.items():
        try:
            with open(name, "rb") as f:
                raw = f.read(MAX_DATA_BYTES + 1)
        except OSError as e:
            raise UsageError(f"{name}: 无法读取第{number}部分的文字（{e.strerror or e}）") from None
        if len(raw) > MAX_DATA_BYTES:
            raise UsageError(f"{name}: 文件过大，不像一部分正文")
        try:
            out[number] = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                out[number] = raw.decode("gb18030")
            except UnicodeDecodeError:
                raise UsageError(f"{name}: 无法识别文字编码（应为 UTF-8 或 GB18030）") from None
    return out


def render(data: ReportData | PathLike, to: str, output: PathLike | None = None, *, force: bool = False,
           version: str | None = None, sections: Mapping[str, str] | None = None) -> RenderResult:
    """Render ``data`` (a ReportData or a JSON/YAML path) as ``to`` (docx, html, pdf, xlsx).

    ``version`` overrides the format version the data names; ``sections`` (一 … 六 → text)
    override the data's narrative. With ``output`` the file is written there. A render that
    errors stop comes back with empty ``content`` and nothing written."""
    if to not in TARGETS:
        raise UsageError(f"未知的输出格式 {to!r}（应为 {'、'.join(TARGETS)}）")
    if version is not None and version not in VERSIONS:
        raise UsageError(f"未知的格式版本 {version!r}（应为 {'、'.join(VERSIONS)}）")
    report = data if isinstance(data, ReportData) else load(data)
    source = "<data>" if isinstance(data, ReportData) else os.fspath(data)
    report = _prepared(report, version, sections)
    _refuse_impossible(report, source)
    supplied = {n for n in SECTIONS if report.sections.get(n, "").strip()}
    generated = {n: t for n, t in standard_sections(report.cells, report.version).items()
                 if n not in supplied and t}
    report = replace(report, sections={**report.sections, **generated})
    doc = compose(report, report.sections)
    result = RenderResult(to, generated=generated, unprinted=_unprinted(report))
    _check(doc, source, result)
    for number in sorted(supplied & {"三", "四"}):
        result.findings += _check_table_section(report, number, report.sections[number], source)
    if any(f.code in NARRATIVE_CODES for f in result.findings):
        result.suggested = {n: t for n, t in standard_sections(report.cells, report.version).items()
                            if n in supplied and t}
    if (result.errors or result.mismatches) and not force:
        return result
    result.content = _bytes(doc, report, to)
    if output is not None:
        name = os.fspath(output)
        try:
            Path(name).write_bytes(result.content)
        except OSError as e:
            raise UsageError(f"{name}: 无法写入（{e.strerror or e}）") from None
        result.output = name
    return result


def _prepared(report: ReportData, version: str | None, sections: Mapping[str, str] | None) -> ReportData:
    """The data with the chosen version and the narrative given apart from it."""
    meta = dict(report.meta)
    if version is not None:
        meta["format"] = version
    merged = dict(report.sections)
    for number, text in (sections or {}).items():
        if number not in SECTIONS:
            raise UsageError(f"未知的部分 {number!r}（应为 {'、'.join(SECTIONS)}）")
        merged[number] = text
    return ReportData(meta, dict(report.cells), merged)


def _refuse_impossible(report: ReportData, source: str) -> None:
    """A value no table can print (NaN, infinity, beyond 10^12) is bad input, named with its
    file and key, not a render that fails later."""
    for key, value in report.cells.items():
        if value is not None and (not math.isfinite(value) or abs(value) >= MAX_VALUE):
            raise UsageError(f"{source}: 单元格 {key} 的值 {value!r} 不是可以填入表格的数字")


def _printed_keys(cells: Mapping[str, float | None], version: str) -> set[str]:
    """Every cell key the three tables of a report with these cells print."""
    keys: set[str] = set()
    for grid in grids_for(cells, version):
        keys.update(grid.keys())
    return keys


def _unprinted(report: ReportData) -> list[str]:
    """Cells with a value that no table of the format prints (e.g. a local template's extra
    column, or 2019's single （六）其他处理 row beside filled 2021 sub-rows): they cannot be
    rendered."""
    printed = _printed_keys(report.cells, report.version)
    return sorted(k for k, v in report.cells.items() if v is not None and k not in printed)


def _check(doc: Composed, source: str, result: RenderResult) -> None:
    """Read the rendered HTML back and run the catalog on it; note cells that read back
    otherwise than given."""
    page = _html(doc)
    name = f"{Path(source).stem or 'report'}.html"
    extracted = extract(page, name=name)
    for key in sorted(_printed_keys(doc.cells, doc.version)):
        given, read = doc.cells.get(key), extracted.cells.get(key)
        if given != read:
            result.mismatches[key] = (given, read)
    result.findings = check(extracted)


def _check_table_section(report: ReportData, number: str, text: str, source: str) -> list[Finding]:
    """The narrative rules on the text of section 三 or 四. The catalog reads numbers only in
    the parts without tables (preamble, 一, 五, 六), so the text is checked in a copy that
    prints it as section 一; its findings name the section and no place in the copy."""
    copy = ReportData(report.meta, report.cells, {"一": text})
    page = _html(compose(copy, copy.sections))
    extracted = extract(page, name=f"{Path(source).stem or 'report'}.html")
    found = check(extracted, select=sorted(NARRATIVE_CODES))
    return [replace(f, message=f"第{number}部分：{f.message}", line=None, col=None, location=None) for f in found]


def _html(doc: Composed) -> bytes:
    from gongkai.output.report_html import html

    return html(doc)


def _bytes(doc: Composed, report: ReportData, to: str) -> bytes:
    """The document in the chosen form."""
    if to == "html":
        return _html(doc)
    if to == "xlsx":
        return report_workbook(report)
    from gongkai.output.report_docx import docx

    document = docx(doc)
    if to == "docx":
        return document
    from gongkai.output.report_pdf import ConversionError, pdf_from_docx

    try:
        return pdf_from_docx(document)
    except ConversionError as e:
        raise UsageError(str(e)) from None
