"""The XLSX files of authoring: the template an office fills in, and the statutory tables of a
report as a workbook. The layout (``author.layout``) and the renderers (``output``) meet here,
since output/ does not import author/.

>>> data = api.template(2024, agency="某某县人民政府")        # bytes of T.xlsx
>>> report = api.load_data("T.xlsx")                         # the filled template → ReportData
>>> xlsx = api.report_workbook(report)                        # the three tables as a workbook
"""

from __future__ import annotations

import os

from gongkai.author.data import ReportData
from gongkai.author.layout import grids_for, tables
from gongkai.author.sources import load
from gongkai.errors import UsageError

FIRST_YEAR, LAST_YEAR = 2008, 2100  # the 条例 took effect in 2008


def template(year: int, version: str | None = None, agency: str | None = None) -> bytes:
    """The fill-in template for ``year``'s report in format ``version`` ("2021" or "2019";
    by default the one that year's reports use: 2019 for 2019 and 2020, else 2021)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"年度 {year} 不在 {FIRST_YEAR}–{LAST_YEAR} 之间 / year out of range")
    if version is None:
        version = default_version(year)
    if version not in ("2021", "2019"):
        raise UsageError(f"表格格式应为 2021 或 2019，实为 {version!r} / unknown format version")
    agency = agency.strip() if agency else None
    try:
        from gongkai.output.template_xlsx import template as write
    except ImportError as e:
        raise UsageError(f"写出 Excel 需要 openpyxl（pip install 'gongkai[author]'）: {e}") from e
    return write(tables(version), version, year, agency or None)


def default_version(year: int) -> str:
    """The format ``year``'s reports use: 2019 for 2019 and 2020, else 2021."""
    return ReportData({"year": year}).version


def report_workbook(data: ReportData) -> bytes:
    """The three statutory tables of ``data`` as an XLSX workbook (`render --to xlsx`)."""
    try:
        from gongkai.output.report_xlsx import workbook
    except ImportError as e:
        raise UsageError(f"写出 Excel 需要 openpyxl（pip install 'gongkai[author]'）: {e}") from e

    return workbook(data, grids_for(data.cells, data.version))


def load_data(path: str | os.PathLike[str]) -> ReportData:
    """A report's data from a JSON/YAML file or a filled template (.xlsx)."""
    return load(path)
