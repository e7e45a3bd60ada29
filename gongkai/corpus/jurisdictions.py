"""Jurisdiction lists: the bodies a 政务公开办 expects a report from, as people keep them.

A list is a sheet (CSV in UTF-8, or XLSX) with Chinese headers: 名称 (required), 类型,
地区代码, 截止日期, 起始年度, 终止年度. It is read here (a bad row is a UsageError naming the
file and the row), proposed from the gazetteer (the people's governments of a region and of
the regions under it, from ``cpca``'s code table) or from past years (by the store), and
written back as a CSV that people edit and import: the list is theirs, never guessed.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gongkai.errors import ConfigError, UsageError
from gongkai.sheets import READ_ERRORS, header_row, read_rows
from gongkai.spec.deadlines import Deadline, parse_deadline

HEADERS = ("名称", "类型", "地区代码", "截止日期", "起始年度", "终止年度")
_ENGLISH = {"name": "名称", "type": "类型", "body_type": "类型", "adcode": "地区代码", "region": "地区代码",
            "deadline": "截止日期", "from": "起始年度", "from_year": "起始年度", "to": "终止年度", "to_year": "终止年度"}
# 类型 as people write it → corpus.bodies' body types
TYPE_WORDS = {
    "人民政府": "government", "政府": "government", "government": "government",
    "部门": "department", "政府部门": "department", "department": "department",
    "办公厅": "general_office", "办公室": "general_office", "办公厅（室）": "general_office",
    "办公厅(室)": "general_office", "general_office": "general_office",
    "乡镇": "township", "街道": "township", "乡镇、街道": "township", "乡镇街道": "township", "township": "township",
    "开发区": "development_zone", "管委会": "development_zone", "开发区、管委会": "development_zone",
    "development_zone": "development_zone",
    "国务院部门": "ministry", "ministry": "ministry", "其他": "other", "other": "other",
}
TYPE_NAMES = {"government": "人民政府", "department": "部门", "general_office": "办公厅（室）",
              "township": "乡镇、街道", "development_zone": "开发区、管委会", "ministry": "国务院部门", "other": "其他"}
# cpca's names of the placeholders between levels, which are no region of their own
_NOT_REGIONS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


@dataclass(frozen=True, slots=True)
class Listed:
    """One row of a jurisdiction list, as written (the body key is the store's to give)."""

    name: str
    body_type: str | None = None
    adcode: str | None = None
    deadline: Deadline | None = None
    from_year: int | None = None
    to_year: int | None = None
    row: int = 0  # the sheet's row, 1-based with the header as row 1


def read_jurisdiction_table(path: str | os.PathLike[str]) -> list[Listed]:
    """The rows of a jurisdiction list; UsageError naming the file (and the row) for a file
    that cannot be read, has no 名称 column, or a row that cannot be understood."""
    p = Path(path)
    try:
        rows = read_rows(p)
    except READ_ERRORS as e:
        raise UsageError(f"{p}: 无法读取名单 (cannot read the jurisdiction list): {e}") from e
    first = header_row(rows)
    if first is None:
        raise UsageError(f"{p}: 名单为空 (the jurisdiction list is empty)")
    header = [_ENGLISH.get(h.strip().lower(), h.strip()) for h in rows[first]]
    if "名称" not in header:
        raise UsageError(f"{p}: 名单缺少“名称”列 (needs a column 名称): {rows[first]}")
    out = []
    for number, row in enumerate(rows[first + 1:], start=first + 2):  # numbered as the sheet numbers its rows
        cells = dict(zip(header, [c.strip() for c in row], strict=False))
        if not any(cells.values()):
            continue
        try:
            out.append(_listed(cells, number))
        except (ValueError, ConfigError) as e:
            raise UsageError(f"{p}: 第{number}行无法识别 (row {number}): {e}") from None
    return out


def _listed(cells: dict[str, str], row: int) -> Listed:
    name = cells.get("名称", "")
    if not name:
        raise ValueError("名称为空 (no name)")
    kind = cells.get("类型", "")
    if kind and kind not in TYPE_WORDS:
        raise ValueError(f"类型“{kind}”应为 {'、'.join(TYPE_NAMES.values())} 之一 (unknown type)")
    adcode = cells.get("地区代码", "")
    if adcode and not (adcode.isdigit() and len(adcode) in (2, 4, 6, 9, 12)):
        raise ValueError(f"地区代码“{adcode}”应为6位数字 (a region code is 6 digits)")
    deadline = parse_deadline(cells["截止日期"], "截止日期") if cells.get("截止日期") else None
    years = [_year(cells.get(h, ""), h) for h in ("起始年度", "终止年度")]
    if years[0] is not None and years[1] is not None and years[0] > years[1]:
        raise ValueError(f"起始年度 {years[0]} 晚于终止年度 {years[1]} (from after to)")
    return Listed(name, TYPE_WORDS[kind] if kind else None, adcode[:6] or None, deadline, years[0], years[1], row)


def _year(text: str, header: str) -> int | None:
    if not text:
        return None
    digits = text.removesuffix("年度").removesuffix("年").removesuffix(".0")
    if not (digits.isdigit() and 1990 <= int(digits) <= 2100):
        raise ValueError(f"{header}“{text}”不是年份 (not a year)")
    return int(digits)


def write_jurisdiction_csv(rows: Iterable[Listed]) -> str:
    """A list as the CSV people edit and import again (UTF-8 with BOM, so that Excel reads
    the Chinese headers)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS)
    for r in rows:
        writer.writerow([r.name, TYPE_NAMES.get(r.body_type or "", ""), r.adcode or "",
                         r.deadline.shown() if r.deadline else "", r.from_year or "", r.to_year or ""])
    return "\ufeff" + out.getvalue()


def gazetteer_governments(region: str) -> list[Listed]:
    """The people's governments a region's office expects reports from: the region's own and
    those of the regions one level under it (a province's cities, a city's counties and
    districts), named in full (武威市凉州区人民政府) so that a county name several share is
    placed. A county's townships are not in the gazetteer: add them by hand. UsageError for
    a code the gazetteer does not know."""
    import cpca  # the gazetteer builds its matcher on import: only proposing needs it

    code = region.strip()
    if not (code.isdigit() and len(code) in (2, 4, 6)):
        raise UsageError(f"地区代码“{region}”应为2、4或6位数字 (a region code has 2, 4 or 6 digits)")
    code = code.ljust(6, "0")
    codes = {k[:6] for k in cpca.ad_2_addr_dict if k.endswith("000000")}
    if code not in codes:
        raise UsageError(f"地区代码“{region}”不在区划库中 (not a region code the gazetteer knows)")
    if code.endswith("0000"):
        children = sorted(c for c in codes if c[:2] == code[:2] and c.endswith("00") and c != code)
    elif code.endswith("00"):
        children = sorted(c for c in codes if c[:4] == code[:4] and c != code)
    else:
        children = []
    out = []
    for c in [code, *children]:
        if cpca.adcode_name(c) in _NOT_REGIONS:
            continue
        out.append(Listed(_full_name(cpca, c) + "人民政府", "government", c))
    return out


def _full_name(cpca: object, code: str) -> str:
    """A region's name, a county's with its city's before it (城关区 alone names several)."""
    names = []
    if not code.endswith("00"):
        city = cpca.adcode_name(code[:4] + "00")  # type: ignore[attr-defined]
        if city and city not in _NOT_REGIONS:
            names.append(city)
    names.append(cpca.adcode_name(code))  # type: ignore[attr-defined]
    return "".join(n for n in names if n)
