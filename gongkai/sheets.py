"""The sheets people hand in (a jurisdiction list, an alias table, a request register): CSV or
XLSX, as rows of text. A leaf module, so that the corpus and the authoring parts share it.

One reader for all, so that each accepts what offices actually send: a CSV saved by Excel on
a Chinese Windows is GB18030, not UTF-8; an XLSX cell holds a date or a number typed as one
(a region code 620602.0). Rows are kept as the sheet numbers them (blank rows included), so
that an error can name the row a person sees.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

READ_ERRORS = (OSError, UnicodeDecodeError, csv.Error, ValueError)  # what a sheet that cannot be read raises


def read_rows(path: Path) -> list[list[str]]:
    """The rows of the sheet at ``path`` (its first worksheet for XLSX), each cell as text."""
    return xlsx_rows(path) if path.suffix.lower() in (".xlsx", ".xlsm") else csv_rows(path)


def header_row(rows: list[list[str]]) -> int | None:
    """The index of the first row with any text (the header: people leave blank rows above
    it), or None for an empty sheet."""
    return next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), None)


def csv_rows(path: Path) -> list[list[str]]:
    """UTF-8 (with or without BOM), else GB18030: what Excel on a Chinese Windows saves as CSV."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    return list(csv.reader(io.StringIO(text, newline="")))


def xlsx_rows(path: Path) -> list[list[str]]:
    import openpyxl  # imported lazily: only an XLSX sheet needs it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, openpyxl.utils.exceptions.InvalidFileException) as e:
        raise ValueError(f"not an XLSX workbook ({e})") from e
    try:
        return [[cell_text(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def cell_text(value: object) -> str:
    """An XLSX value as text: a date as ISO, a whole float (2024.0, a code typed as a number) without '.0'."""
    if value is None:
        return ""
    if hasattr(value, "date") and hasattr(value, "isoformat"):
        return value.date().isoformat() if callable(value.date) else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
