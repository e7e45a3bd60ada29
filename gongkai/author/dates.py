"""Dates as offices type them into a register.

A register kept by hand over years mixes forms: 2024-01-05, 2024/1/5, 2024.1.5, 2024年1月5日,
20240105, a time after the date, full-width digits, and from XLSX a date cell (read as ISO
text) or a bare number, Excel's serial day count, where the cell lost its date format. Each
is read here to one `datetime.date`, or refused with the reason in Chinese, so that a row
with a date nobody can read is listed, never counted on a guess.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from gongkai.normalize import fold

# year, month, day separated by - / . 年 月 (日 optional), a time or anything after a space ignored
_SEPARATED = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:$|[\sT])")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"(\d{5})(?:\.\d+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 in Excel's count (its 1900 leap-day bug folded in)
# serials of 1990-01-01 … 2099-12-31: a five-digit number outside them is no date an office typed
_SERIAL_RANGE = (32874, 73050)
EARLIEST, LATEST = 1990, 2099


class DateError(ValueError):
    """A date that cannot be read; its message says why, in Chinese."""


def parse_date(text: str) -> date | None:
    """The date in ``text``, None for a blank cell; DateError for text that is no date or a
    date that does not exist (2024-02-30)."""
    value = fold(text).strip()
    if not value:
        return None
    m = _SEPARATED.match(value + " ") or _COMPACT.match(value)
    if m:
        return _checked(int(m.group(1)), int(m.group(2)), int(m.group(3)), text)
    m = _SERIAL.match(value)
    if m and _SERIAL_RANGE[0] <= int(m.group(1)) <= _SERIAL_RANGE[1]:
        return _EXCEL_EPOCH + timedelta(days=int(m.group(1)))
    raise DateError(f"无法识别的日期“{text.strip()}”（可写作 2024-01-05、2024/1/5、2024.1.5、2024年1月5日 或 20240105）")


def _checked(year: int, month: int, day: int, text: str) -> date:
    if not EARLIEST <= year <= LATEST:
        raise DateError(f"日期“{text.strip()}”的年份 {year} 不合理")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"日期“{text.strip()}”不存在") from None
