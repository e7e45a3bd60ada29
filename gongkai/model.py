"""The data that flows between stages: Document (from readers), Report (from extract) and
Finding (from rules).

Everything here is a plain dataclass or named tuple so that results pickle and cross process
boundaries (batch ingest runs extraction in worker processes).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast


class Origin(NamedTuple):
    """Where a Line of a structured source (DOCX, ODT, HTML) was printed, counted as a person
    counts in the opened document, so that a finding can name it: a table row (the table's
    number among the document's data tables and the row's among its rows, both 1-based,
    rows as the file holds them: header rows counted, blank spacer rows too) or a paragraph
    (1-based among the non-empty paragraphs outside tables). ``source_line`` is the line of
    the element in the file where the file's lines mean something (HTML, as lxml reports
    it). ``columns``: the table column (1-based) of each tab-separated cell of the line,
    where it is not simply the cell's position (a label spanning columns printed once).
    ``sheet``: a workbook's sheet name (XLSX), where ``table`` is the sheet's number and a
    place is told as Excel names a cell (工作表“表三”单元格D12).
    """

    kind: str  # "table" | "paragraph"
    table: int | None = None
    row: int | None = None
    paragraph: int | None = None
    source_line: int | None = None
    columns: tuple[int, ...] = ()
    sheet: str | None = None

    def column_at(self, raw: str, start: int) -> int | None:
        """The table column (1-based) of the cell at ``start`` in the row's text ``raw``."""
        if self.kind != "table":
            return None
        cell = raw.count("\t", 0, start)
        if not self.columns:
            return cell + 1
        return self.columns[cell] if cell < len(self.columns) else None


class Line(NamedTuple):
    """One line of a document, as the extractor sees it.

    ``text`` is the normalised text (full-width folded, traditional characters simplified)
    and has exactly the length of ``raw``, the text as printed, so that any span found in
    ``text`` is also the span of the printed characters in ``raw``.
    """

    number: int  # 1-based line number in the source (for a PDF or image: running line)
    text: str
    raw: str
    # Readers of laid-out forms (PDF, images) say where the line is printed: its page and,
    # for each cell, (start col, end col, (x0, top, x1, bottom)) in PDF points / pixels.
    page: int | None = None
    boxes: tuple[tuple[int, int, tuple[float, float, float, float]], ...] = ()
    # Readers that know a cell's own reading confidence (OCR) give it per cell span.
    confidence: tuple[tuple[int, int, float], ...] = ()
    # Readers of structured forms (DOCX, ODT, HTML) say where in the document the line is.
    origin: Origin | None = None

    def box_at(self, start: int, end: int) -> tuple[float, float, float, float] | None:
        """The box of the cell whose span covers [start, end), if the reader gave boxes."""
        for s, e, box in self.boxes:
            if s <= start and end <= e:
                return box
        return None

    def confidence_at(self, start: int, end: int) -> float | None:
        for s, e, c in self.confidence:
            if s <= start and end <= e:
                return c
        return None


class Location(NamedTuple):
    """Where a finding (or a cell) is in the source, in the terms of its form: a text file's
    line and column span; a PDF's or image's page and the printed box; a DOCX's or ODT's
    table, row and column, or paragraph; an HTML page's table and row, or paragraph, and
    the element's line in the file. Fields a form does not have are None."""

    source_line: int | None = None  # a real line of the file: text files, HTML elements
    col: tuple[int, int] | None = None  # 0-based, end-exclusive span in that line (text files)
    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    paragraph: int | None = None
    sheet: str | None = None  # a workbook's sheet (its number is ``table``)

    def describe(self, table_name: str | None = None) -> str:
        """The place in Chinese, as a person looks for it in the opened file: ``第3页``,
        ``第2个表格（表三）第12行 第4列`` (``table_name``: the statutory table, if known),
        ``第5段``, a workbook's cell as Excel names it, ``工作表“Sheet1”（表三）单元格D12``;
        "" where only a line of the file can say it (a text file)."""
        if self.page is not None:
            return f"第{self.page}页"
        if self.sheet is not None:
            name = f"（{table_name}）" if table_name and table_name not in self.sheet else ""
            if self.row is None:
                return f"工作表“{self.sheet}”{name}"
            if self.column is None:
                return f"工作表“{self.sheet}”{name}第{self.row}行"
            return f"工作表“{self.sheet}”{name}单元格{column_letters(self.column)}{self.row}"
        if self.table is not None:
            parts = [f"第{self.row}行" if self.row is not None else "",
                     f"第{self.column}列" if self.column is not None else ""]
            name = f"（{table_name}）" if table_name else " " * any(parts)
            return f"第{self.table}个表格{name}" + " ".join(p for p in parts if p)
        if self.paragraph is not None:
            return f"第{self.paragraph}段"
        return ""

    def to_dict(self) -> dict[str, Any]:
        """The fields that are set (JSON output)."""
        return {k: list(v) if isinstance(v, tuple) else v
                for k, v in zip(self._fields, self, strict=True) if v is not None}


def column_letters(n: int) -> str:
    """A 1-based column number as Excel names it: 1 → A, 28 → AB."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


# Forms whose Line numbers are the file's own lines.
LINE_FORMS = frozenset({"text", "markdown"})


def locate(line: Line, col: tuple[int, int] | None, form: str) -> Location:
    """The Location of a span (or the whole line, ``col`` None) of a Document's line."""
    if line.page is not None:
        box = line.box_at(*col) if col else None
        if box is None and len(line.boxes) == 1:
            box = line.boxes[0][2]
        return Location(page=line.page, box=box)
    origin = line.origin
    if origin is not None:
        column = origin.column_at(line.raw, col[0]) if col else None
        return Location(source_line=origin.source_line, table=origin.table, row=origin.row, column=column,
                        paragraph=origin.paragraph, sheet=origin.sheet)
    if form in LINE_FORMS:
        return Location(source_line=line.number, col=col)
    return Location()


@dataclass(frozen=True, slots=True)
class Document:
    """A source read and decoded: its lines plus how it was read.

    Invariant: ``lines[i].number == i + 1``. Text readers keep the file's line numbers; readers
    of other forms emit one line per paragraph and one per table row (cells joined by tabs,
    merged cells resolved: the text in the top-left position, blanks elsewhere) and number
    them in order; where the form has pages, each line says its page and its cells' boxes,
    and where it has tables and paragraphs (DOCX, ODT, HTML), its ``origin``: so a finding
    names a place a person can open (``locate``), never those internal numbers.
    """

    source: str
    lines: tuple[Line, ...]
    encoding: str | None = None
    form: str = "text"  # text | markdown | html | docx | pdf …
    notes: tuple[str, ...] = ()  # what the reader could not show (a workbook's formula without a result)


class Provenance(NamedTuple):
    """Where a cell's value came from.

    ``line``/``col`` locate the printed text (``col`` is a 0-based, end-exclusive span
    within the line); ``method`` says how the value was obtained; ``reason`` explains a
    ``null`` value. ``uncertain`` is set when more than one reading fits the table's
    identities and this one was chosen. A named tuple: every report carries a couple of
    hundred, and they are made and pickled in bulk.
    """

    line: int | None = None
    col: tuple[int, int] | None = None
    text: str | None = None
    confidence: float = 1.0
    method: str = "cell"
    reason: str | None = None
    uncertain: bool = False
    page: int | None = None  # laid-out sources (PDF, images): page and box of the cell
    box: tuple[float, float, float, float] | None = None
    # structured sources (DOCX, ODT, HTML): the cell's table, row and column as a person
    # counts them, the paragraph of a value read from text, the element's line in the file
    table: int | None = None
    row: int | None = None
    column: int | None = None
    paragraph: int | None = None
    source_line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {k: v for k, v in zip(self._fields, self, strict=True) if v is not None}
        for k in ("col", "box"):
            if k in d:
                d[k] = list(d[k])
        if not self.uncertain:
            d.pop("uncertain")
        return d


_new_tuple = tuple.__new__

# Where a printed cell was read, before its printed text, page and box are looked up:
# (line number, start col, end col, confidence, method, reason, uncertain).
CellRecord = tuple[int, int, int, float, str, str | None, bool]


# A Provenance's fields as a plain tuple (in its field order): what a report's provenance
# pickles as and a store writes, without a Provenance object made for each cell.
PlainProvenance = tuple[Any, ...]


class Provenances(Mapping[str, Provenance]):
    """A report's provenance: cell key → Provenance, made when a cell's is first read.

    Extraction notes, per printed cell, only the line and span it came from, a plain tuple
    (a CellRecord); the printed text, the page and box, and an OCR reading confidence are
    looked up in the document's lines on access. Building a couple of hundred Provenance
    records per report eagerly was a fifth of extraction time, for callers (tabulating
    cells across a corpus) that may never read one. Cells with nothing printed are given
    a ready Provenance. Pickles as ``PlainProvenances`` (plain tuples, without the document):
    a batch worker's reports are unpickled by the one process that stores them, where
    rebuilding a couple of hundred named tuples a report cost as much as storing it.
    """

    __slots__ = ("_lines", "_made", "_records")

    def __init__(self, lines: tuple[Line, ...], records: dict[str, CellRecord | Provenance]):
        self._lines = lines
        self._records = records
        self._made: dict[str, Provenance] = {}

    def __getitem__(self, key: str) -> Provenance:
        made = self._made.get(key)
        if made is not None:
            return made
        rec = self._records[key]
        if type(rec) is not tuple:  # not isinstance: a Provenance is a tuple too
            return cast(Provenance, rec)
        made = self._made[key] = _new_tuple(Provenance, self._fields(*cast(CellRecord, rec)))
        return made

    def _fields(self, number: int, start: int, end: int, confidence: float, method: str,
                reason: str | None, uncertain: bool) -> PlainProvenance:
        """The Provenance fields of a cell read at ``start:end`` of line ``number``."""
        line = self._lines[number - 1]
        page = box = None
        if line.page is not None:
            page, box = line.page, line.box_at(start, end)
        if line.confidence:
            read = line.confidence_at(start, end)
            if read is not None and read < confidence:
                confidence, method = read, method + "+ocr"
        origin = line.origin
        if origin is None:
            return (number, (start, end), line.raw[start:end], confidence, method, reason, uncertain, page, box,
                    None, None, None, None, None)
        return (number, (start, end), line.raw[start:end], confidence, method, reason, uncertain, page, box,
                origin.table, origin.row, origin.column_at(line.raw, start), origin.paragraph, origin.source_line)

    def plain(self) -> dict[str, PlainProvenance]:
        """Every cell's Provenance fields as a plain tuple, no Provenance made for them."""
        made, out = self._made, {}
        for key, rec in self._records.items():
            done = made.get(key)
            if done is not None:
                out[key] = tuple(done)
            elif type(rec) is tuple:
                out[key] = self._fields(*cast(CellRecord, rec))
            else:
                out[key] = tuple(rec)
        return out

    def __iter__(self) -> Iterator[str]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, key: object) -> bool:
        return key in self._records

    def __repr__(self) -> str:
        return f"Provenances({dict(self.items())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return PlainProvenances, (self.plain(),)


class PlainProvenances(Mapping[str, Provenance]):
    """A report's provenance as plain tuples (``Provenances.plain``), each cell's Provenance
    made when read: what a report's provenance is once unpickled."""

    __slots__ = ("_plain",)

    def __init__(self, plain: dict[str, PlainProvenance]):
        self._plain = plain

    def __getitem__(self, key: str) -> Provenance:
        return cast(Provenance, _new_tuple(Provenance, self._plain[key]))

    def plain(self) -> dict[str, PlainProvenance]:
        return self._plain

    def __iter__(self) -> Iterator[str]:
        return iter(self._plain)

    def __len__(self) -> int:
        return len(self._plain)

    def __contains__(self, key: object) -> bool:
        return key in self._plain

    def __repr__(self) -> str:
        return f"PlainProvenances({dict(self.items())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return PlainProvenances, (self._plain,)


def plain_provenance(provenance: Mapping[str, Provenance]) -> dict[str, PlainProvenance]:
    """A report's provenance as plain tuples of Provenance fields (made without a Provenance
    for each cell where the mapping can)."""
    if isinstance(provenance, (Provenances, PlainProvenances)):
        return provenance.plain()
    return {key: tuple(p) for key, p in provenance.items()}


@dataclass(slots=True)
class Report:
    """A report's metadata and every cell of its format version, each with provenance."""

    source: str
    meta: dict[str, Any]
    cells: dict[str, int | float | None]
    provenance: Mapping[str, Provenance]
    notes: list[str] = field(default_factory=list)
    # The Document the report was extracted from: the rules read its text (sections,
    # statements). Kept in process only: a pickled report leaves it behind (batch workers
    # ship reports, not sources), and its provenance is already resolved by then.
    document: Document | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> tuple[Any, ...]:
        return self.source, self.meta, self.cells, self.provenance, self.notes

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.source, self.meta, self.cells, self.provenance, self.notes = state
        self.document = None

    @property
    def format(self) -> str | None:
        return self.meta.get("format")

    def uncertain_cells(self) -> list[str]:
        return [k for k, p in self.provenance.items() if p.uncertain]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "meta": self.meta,
            "cells": self.cells,
            "provenance": {k: p.to_dict() for k, p in self.provenance.items()},
            "notes": self.notes,
        }


# Severities of findings, lowest first (a linter's levels; `--fail-on` picks a floor).
SEVERITIES = ("info", "warning", "error")
# How `gongkai check` writes findings (the settings file names them too).
OUTPUT_FORMATS = ("text", "json", "sarif", "github")


def severity_at_least(severity: str, floor: str) -> bool:
    return SEVERITIES.index(severity) >= SEVERITIES.index(floor)


class Other(NamedTuple):
    """The second report a cross-year or corpus finding compares with (last year's report of
    the same body, or another body's): what to open, and the cells read on that side."""

    source: str
    year: int | None = None
    cells: tuple[str, ...] = ()
    report_id: int | None = None  # the stored report (an audit's database), if any

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "year": self.year, "cells": list(self.cells), "report_id": self.report_id}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one report, pointing at the cells and source line involved, and
    at where a person opening the source finds it (``location``)."""

    code: str
    name: str
    severity: str
    message: str  # for people: Chinese
    source: str
    line: int | None = None
    cells: tuple[str, ...] = ()
    expected: Any = None
    actual: Any = None
    col: tuple[int, int] | None = None
    artifact: bool = False  # most likely caused by how the source was read, not by the report
    # Where a person finds it in the source (page, table and row, paragraph, the file's
    # line): ``line`` is the Document's line, the file's own only for text files.
    location: Location | None = None
    # A finding that compares two reports (cross-year, corpus-wide) names the other one
    # here; the finding itself is on the later report.
    other: Other | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON of the finding; ``other`` only where there is one (per-report findings keep
        the shape they always had)."""
        out = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "source": self.source,
            "line": self.line,
            "col": list(self.col) if self.col else None,
            "cells": list(self.cells),
            "expected": self.expected,
            "actual": self.actual,
            "artifact": self.artifact,
            "location": self.location.to_dict() if self.location is not None else None,
        }
        if self.other is not None:
            out["other"] = self.other.to_dict()
        return out
