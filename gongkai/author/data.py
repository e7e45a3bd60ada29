"""The data of a report to be written: metadata, cells by canonical key, narrative sections.

One shape for every authoring step, so that each can feed the next: `gongkai tabulate`
writes it, the XLSX template reads back into it, `gongkai render` takes it, and the JSON line
`gongkai extract --json` prints is accepted as it is (its `provenance` and `notes` ignored), so
an extracted report can be corrected and rendered again.

JSON/YAML form::

    {"meta": {"agency": "某某县人民政府", "year": 2024, "format": "2021", "published": "2025-01-20"},
     "cells": {"t3.new_received.natural_person": 12, ...},
     "sections": {"一": "总体情况……", "二": "", ...}}

``sections`` is keyed by the section's number (一 … 六, the statutory order: 总体情况;
主动公开政府信息情况; 收到和处理政府信息公开申请情况; 政府信息公开行政复议、行政诉讼情况;
存在的主要问题及改进情况; 其他需要报告的事项), each Markdown or plain text; a missing section
is empty. A cell absent from ``cells`` is blank (None).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gongkai.errors import UsageError

SECTIONS = ("一", "二", "三", "四", "五", "六")
SECTION_TITLES = {
    "一": "总体情况",
    "二": "主动公开政府信息情况",
    "三": "收到和处理政府信息公开申请情况",
    "四": "政府信息公开行政复议、行政诉讼情况",
    "五": "存在的主要问题及改进情况",
    "六": "其他需要报告的事项",
}

Cell = int | float | None


@dataclass
class ReportData:
    """A report to write: ``meta`` (agency, year, format "2021"/"2019", published, …),
    ``cells`` (canonical keys of ../shared/spec/cell-keys.md) and ``sections`` (一 … 六)."""

    meta: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, Cell] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)

    @property
    def version(self) -> str:
        """The format version to write: the one named in meta, else by year (2019 and 2020
        reports used the 2019 trial format, 国办公开办函〔2019〕60号), else 2021."""
        named = self.meta.get("format")
        if named in ("2019", "2021"):
            return str(named)
        year = self.meta.get("year")
        return "2019" if isinstance(year, int) and year < 2021 else "2021"

    def to_json(self) -> dict[str, Any]:
        return {"meta": self.meta, "cells": self.cells, "sections": self.sections}


def from_mapping(data: Mapping[str, Any], source: str) -> ReportData:
    """A ReportData from parsed JSON/YAML (``source`` names the file in errors). The JSON of
    ``gongkai extract --json`` is accepted as it is; an unknown section or a cell value that is
    not a number is a UsageError naming the file and the key."""
    if not isinstance(data, Mapping):
        raise UsageError(f"{source}: 应为一个对象（含 meta、cells、sections），实为 {type(data).__name__}")
    if "error" in data and "cells" not in data:
        raise UsageError(f"{source}: 这是一条读取失败的记录（{data['error']}），没有可用的表格数据")
    meta = dict(data.get("meta") or {})
    cells: dict[str, Cell] = {}
    for key, value in (data.get("cells") or {}).items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise UsageError(f"{source}: 单元格 {key} 的值 {value!r} 不是数字")
        cells[str(key)] = value
    sections: dict[str, str] = {}
    for number, text in (data.get("sections") or {}).items():
        if number not in SECTIONS:
            raise UsageError(f"{source}: 未知的部分 {number!r}（应为 {'、'.join(SECTIONS)}）")
        sections[number] = "" if text is None else str(text)
    return ReportData(meta, cells, sections)


def loads(text: str, source: str) -> ReportData:
    """Parse JSON (or YAML, when PyYAML is installed and the text is not JSON)."""
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as json_error:
        try:
            import yaml
        except ImportError:
            raise UsageError(f"{source}: 不是有效的 JSON（{json_error}）") from json_error
        try:
            parsed = yaml.safe_load(text)
        except yaml.YAMLError as e:
            raise UsageError(f"{source}: 既不是有效的 JSON 也不是有效的 YAML（{e}）") from e
    return from_mapping(parsed, source)
