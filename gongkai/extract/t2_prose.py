"""The counts a report's prose states for table 二's cells (2019 format).

Section 二 often restates the table: 本年度新制作规范性文件4件，新公开0件，对外公开总数53件；
行政许可事项上一年15项，本年增加3项，作出处理决定40件；政府集中采购项目3项，采购总金额125.6万元.
These statements decide between the readings of a glued table row (``glued_t2``). Only
numbers with a unit count (件, 项, 万元 …): the table's own numbers carry none, and the
table's region is left out of the prose anyway.
"""

from __future__ import annotations

import re
from typing import Final

from gongkai.extract.regions import Region
from gongkai.model import Document

# Words naming a row (the subject of a statement) and words naming a column.
_SUBJECTS: Final = {
    "规章": "regulations", "规范性文件": "normative_docs", "行政许可": "licensing",
    "其他对外管理服务事项": "other_services", "对外管理服务事项": "other_services", "行政处罚": "punishment",
    "行政强制": "coercion", "行政事业性收费": "fees", "政府集中采购": "procurement", "集中采购": "procurement",
}
_COLUMNS: Final = {
    "新制作": "new_made", "制作": "new_made", "新公开": "new_published", "对外公开总": "total_published",
    "公开总数": "total_published", "累计公开": "total_published",
    "累计对外公开": "total_published", "上一年": "prev_items", "上年": "prev_items",
    "增加": "change", "新增": "change", "减少": "change-", "处理决定": "decisions", "决定": "decisions",
    "采购项目": "items", "项目": "items", "总金额": "amount", "金额": "amount",
}
_WORDS: Final = sorted([*_SUBJECTS, *_COLUMNS], key=len, reverse=True)
_EVENT: Final = re.compile("(" + "|".join(_WORDS) + r")|(\d+(?:\.\d+)?)\s*(件|项|个|条|万元|元)")
_SENTENCE: Final = re.compile(r"[。；;！!\n]")
_COUNT_UNITS: Final = frozenset("件项个条")


def prose(doc: Document, region: Region | None) -> str:
    """The document's text with the table's region cut out (each slice a sentence break)."""
    cut: dict[int, list[tuple[int, int]]] = {}
    if region is not None:
        for line, s, e in region.slices(doc):
            cut.setdefault(line.number, []).append((s, e))
    out: list[str] = []
    for line in doc.lines:
        text = line.text
        for s, e in sorted(cut.get(line.number, ()), reverse=True):
            text = text[:s] + "。" + text[e:]
        out.append(text)
    return "\n".join(out)


def stated(text: str) -> dict[str, dict[str, list[float]]]:
    """{row: {column: values}} the prose states; amounts in 万元, 减少 as negative changes."""
    out: dict[str, dict[str, list[float]]] = {}
    for sentence in _SENTENCE.split(text):
        if not any(w in sentence for w in _SUBJECTS):
            continue
        subject: str | None = None
        column: str | None = None
        for m in _EVENT.finditer(sentence):
            word = m.group(1)
            if word:
                if word in _SUBJECTS:
                    subject = _SUBJECTS[word]
                else:
                    column = _COLUMNS[word]
                continue
            if subject is None or column is None:
                continue
            value = float(m.group(2))
            unit = m.group(3)
            money = column == "amount"
            if money == (unit in _COUNT_UNITS):
                column = None
                continue
            if unit == "元":
                value /= 10000
            if column == "change-":
                out.setdefault(subject, {}).setdefault("change", []).append(-value)
            else:
                out.setdefault(subject, {}).setdefault(column, []).append(value)
            column = None  # a column word names the number after it, not every one
    return out
