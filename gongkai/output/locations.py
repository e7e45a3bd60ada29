"""Where a finding is, told as a person opening the source finds it: the page of a PDF, the
table, row and column or the paragraph of a Word or OpenDocument file, the table and row of
a web page (and the element's line in its file), the line of a text file.

A Document numbers its lines for the extractor (one per paragraph and table row); those
numbers mean nothing in the opened file, so every output format shows the finding's
``location`` instead, and a line number only where it is a line of the file.
"""

from __future__ import annotations

from typing import Any

from gongkai.model import Finding, Location

# The statutory table a cell key belongs to (the document's own table numbering may differ:
# a title table or the tables printed as one).
_TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}


def describe(f: Finding) -> str:
    """The place in Chinese for the text output: ``第3页``, ``第2个表格（表三）第12行 第4列``,
    ``第5段``, a text file's line number, or ``-`` when the finding has no place."""
    where = f.location
    if where is None:
        return "-" if f.line is None else str(f.line)
    place = _place(where, f.cells)
    if where.source_line is not None:
        return f"{place}（源文件第{where.source_line}行）" if place else str(where.source_line)
    return place or "-"


def file_line(f: Finding) -> int | None:
    """The line of the source file the finding is on, if it has one (a text file's line, an
    HTML element's); never a Document's internal line number of a PDF or Word file."""
    if f.location is None:
        return f.line
    return f.location.source_line


def annotation_text(f: Finding) -> str:
    """A GitHub annotation's message: where the file has no line to mark (a PDF, a Word
    file), the place leads it, since the annotation can only be on the whole file; a finding
    that compares with another report names it at the end (an annotation has one file)."""
    message = f.message
    if f.other is not None:
        message += f"（对照：{f.other.source}）"
    if f.location is not None and file_line(f) is None:
        place = _place(f.location, f.cells)
        if place:
            return f"{place}：{message}"
    return message


def sarif_location(f: Finding) -> dict[str, Any]:
    """A SARIF 2.1.0 ``location``: the artifact; a ``region`` only where the file has a real
    line (a region needs a start line or offset, and a PDF or Word file has neither); the
    page, box, table, row, column and paragraph as ``properties`` and, for people, as the
    location's ``message``."""
    physical: dict[str, Any] = {"artifactLocation": {"uri": f.source}}
    loc: dict[str, Any] = {"physicalLocation": physical}
    where = f.location
    line, col = (f.line, f.col) if where is None else (where.source_line, where.col)
    if line is not None:
        region: dict[str, int] = {"startLine": line}
        if col:
            region.update(startColumn=col[0] + 1, endColumn=col[1] + 1)
        physical["region"] = region
    if where is not None:
        props = {k: v for k, v in where.to_dict().items() if k not in ("source_line", "col")}
        if props:
            loc["properties"] = props
            loc["message"] = {"text": _place(where, f.cells)}
    return loc


def _place(where: Location, cells: tuple[str, ...]) -> str:
    """The page, table and row, or paragraph in Chinese; "" for a text file's line."""
    return where.describe(_TABLE_NAMES.get(_table_of(cells[0])) if cells else None)


def _table_of(key: str) -> str:
    """The table prefix of a cell key: ``t3.granted.total`` and ``x.t3.…`` are table 三's."""
    parts = key.split(".", 2)
    return parts[1] if parts[0] == "x" and len(parts) > 1 else parts[0]
