"""When a body's annual report is due: the statutory dates by body type, and local ones.

《中华人民共和国政府信息公开条例》第四十九条: 县级以上人民政府部门 publish their report of
the previous year by 31 January; 县级以上地方人民政府 (through their 政府信息公开工作主管部门)
by 31 March. The Regulations set no date for 乡镇人民政府、街道办事处, development-zone
committees or other bodies: a city or county sets one in its notice (怀化: 2月20日), so local
deadlines are configuration, never code.

This lives in ``spec`` because both the per-report rules (``rules/timeliness.py``: a late
report) and the corpus coverage (``corpus/coverage.py``: who published, late, missing) read
it, and ``rules`` may not import ``corpus``.

A deadline is written ``MM-DD`` (a day of the year after the reporting year: ``01-31``),
``M月D日`` or ``次年M月D日`` (the same), or a full date ``YYYY-MM-DD`` (for one year only).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from gongkai.errors import ConfigError
from gongkai.normalize import normalise

# Body types of ``corpus.bodies`` (and the coarser government/department/township of a
# report's meta) → the statutory day, in the year after the reporting year; None: no date
# in the Regulations (a local notice may set one).
STATUTORY: Mapping[str, tuple[int, int] | None] = MappingProxyType({
    "government": (3, 31),  # 第四十九条第二款: 县级以上地方人民政府, by 31 March
    "department": (1, 31),  # 第四十九条第一款: 县级以上人民政府部门, by 31 January
    "general_office": (1, 31),  # a government's 办公厅（室） is one of its departments
    "ministry": (1, 31),  # 国务院部门 are 人民政府部门 too
    "township": None,  # 乡镇、街道: no statutory date
    "development_zone": None,  # 管委会: a 派出机构, no statutory date
    "other": None,
})
BASIS = {
    "government": "《政府信息公开条例》第四十九条第二款（县级以上地方人民政府，每年3月31日前）",
    "department": "《政府信息公开条例》第四十九条第一款（县级以上人民政府部门，每年1月31日前）",
}
for _kind in ("general_office", "ministry"):
    BASIS[_kind] = BASIS["department"]

_MONTH_DAY = re.compile(r"^(?:次年)?(\d{1,2})(?:月|-|/|\.)(\d{1,2})日?$")
_FULL = re.compile(r"^((?:19|20)\d{2})(?:年|-|/|\.)(\d{1,2})(?:月|-|/|\.)(\d{1,2})日?$")


@dataclass(frozen=True, slots=True)
class Deadline:
    """A due day: ``month``/``day`` of the year after the reporting year, or a fixed date
    (``on``) that holds only for the reporting year before it (2026-02-20: the 2025 reports)."""

    month: int = 1
    day: int = 31
    on: date | None = None
    basis: str = ""  # where it comes from, for people: the Regulations' article or the settings file

    def due(self, year: int) -> date | None:
        """The last day a report of ``year`` may be published (None: a fixed date of another year)."""
        if self.on is not None:
            return self.on if self.on.year == year + 1 else None
        return date(year + 1, self.month, self.day)

    def shown(self) -> str:
        return self.on.isoformat() if self.on else f"次年{self.month}月{self.day}日"


def parse_deadline(text: object, where: str = "deadline") -> Deadline:
    """A deadline as written in settings or a jurisdiction list (``01-31``, ``2月20日``,
    ``次年2月20日``, ``2026-02-20``); ConfigError naming ``where`` otherwise."""
    if isinstance(text, date):
        return Deadline(on=text, basis=where)
    raw = normalise(str(text)).strip().replace(" ", "")
    try:
        m = _FULL.match(raw)
        if m:
            return Deadline(on=date(int(m.group(1)), int(m.group(2)), int(m.group(3))), basis=where)
        m = _MONTH_DAY.match(raw)
        if m:
            month, day = int(m.group(1)), int(m.group(2))
            date(2001, month, day)  # a real day of a year that is not leap (29 February is refused)
            return Deadline(month, day, basis=where)
    except ValueError:
        pass
    raise ConfigError(f"{where}: 无法识别的截止日期 {text!r}（应为 01-31、2月20日 或 2026-02-20）"
                      f" / not a deadline (write 01-31, 2月20日 or 2026-02-20)")


@dataclass(frozen=True, slots=True)
class Deadlines:
    """The statutory deadlines by body type with local ones over them: by body type, and by
    body (its key from ``corpus.bodies`` or its name as written), the body winning."""

    by_type: Mapping[str, Deadline] = field(default_factory=dict)
    by_body: Mapping[str, Deadline] = field(default_factory=dict)

    def for_body(self, body_type: str | None, key: str | None = None, name: str | None = None) -> Deadline | None:
        """The deadline of a body: its own, else its type's local one, else the statutory one."""
        for k in (key, name):
            if k and k in self.by_body:
                return self.by_body[k]
        if body_type is not None and body_type in self.by_type:
            return self.by_type[body_type]
        statutory = STATUTORY.get(body_type or "")
        if statutory is None:
            return None
        return Deadline(*statutory, basis=BASIS[body_type or ""])

    @classmethod
    def from_table(cls, table: Mapping[str, object], where: str = "deadlines") -> Deadlines:
        """The ``[tool.gongkai.deadlines]`` table: a body type (``township = "02-20"``) or a
        body's key or name (``"某某县人民政府" = "03-15"``) → its deadline."""
        by_type: dict[str, Deadline] = {}
        by_body: dict[str, Deadline] = {}
        for name, value in table.items():
            deadline = parse_deadline(value, f"{where}.{name}")
            (by_type if name in STATUTORY else by_body)[name.strip()] = deadline
        return cls(MappingProxyType(by_type), MappingProxyType(by_body))


STATUTORY_DEADLINES = Deadlines()
