"""The statutory document as a list of blocks, before any file format is chosen.

The DOCX and HTML renderers draw the same blocks, so the order of the document (title,
preamble, the six sections, the tables inside sections 二, 三 and 四 with their units and
the 勾稽关系 note) and the reading of the narrative (Markdown or plain text) are decided once.

The narrative of a section is read as simple Markdown: blank lines separate paragraphs (the
lines of one paragraph are joined without a space, as Chinese text is), ``- ``/``* ``/``+ ``
start a list item, ``#`` headings become sub-headings, ``**bold**`` is bold. Anything else is
text, printed as typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from gongkai.author.data import SECTION_TITLES, SECTIONS, ReportData
from gongkai.author.layout import GridCell, TableGrid, format_value, grids_for

# the basis of each format version, as the preamble names it
NOTICES = {
    "2021": "国办公开办函〔2021〕30号",
    "2019": "国办公开办函〔2019〕60号",
}
TABLE_IN_SECTION = {"二": 0, "三": 1, "四": 2}
# what each table counts in, printed above it (table 二 names 万元 in its column title)
UNITS = {"三": "单位：件", "四": "单位：件"}
_ITEM = re.compile(r"^\s*[-*+]\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_OWN_HEADING = re.compile(r"^\s*[一二三四五六][、.．]\s*\S{0,24}$")


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Block:
    """One block of the document. ``kind``: ``title``, ``preamble`` (an indented paragraph
    before the sections), ``heading`` (a section's), ``subheading`` (a Markdown heading),
    ``paragraph``, ``item`` (a list item), ``signature`` (agency and date, right-aligned), ``unit`` (a table's unit, right-aligned) or
    ``table`` (``grid`` set)."""

    kind: str
    runs: tuple[Run, ...] = ()
    grid: TableGrid | None = None

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Composed:
    """The document: its title, its blocks in order, and the cells its tables show."""

    title: str
    blocks: tuple[Block, ...]
    cells: Mapping[str, int | float | None]
    version: str


def title(data: ReportData) -> str:
    """{agency}{year}年政府信息公开工作年度报告 (the parts not given left out)."""
    agency = str(data.meta.get("agency") or "")
    year = data.meta.get("year")
    return f"{agency}{f'{year}年' if year else ''}政府信息公开工作年度报告"


def preamble(data: ReportData) -> str:
    """The paragraph naming the 条例, the format notice and the period the data covers."""
    year = data.meta.get("year")
    notice = NOTICES[data.version]
    text = (f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
            f"关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（{notice}）要求编制。")
    if year:
        text += f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    return text


def compose(data: ReportData, sections: Mapping[str, str]) -> Composed:
    """The document of ``data`` with the narrative ``sections`` (一 … 六; missing ones empty)."""
    grids = grids_for(data.cells, data.version)
    blocks = [Block("title", (Run(title(data)),)), Block("preamble", (Run(preamble(data)),))]
    for number in SECTIONS:
        blocks.append(Block("heading", (Run(f"{number}、{SECTION_TITLES[number]}"),)))
        blocks += narrative(sections.get(number, ""))
        if number in TABLE_IN_SECTION:
            if number in UNITS:
                blocks.append(Block("unit", (Run(UNITS[number]),)))
            blocks.append(Block("table", grid=grids[TABLE_IN_SECTION[number]]))
    blocks += signature(data)
    return Composed(title(data), tuple(blocks), dict(data.cells), data.version)


def signature(data: ReportData) -> list[Block]:
    """The agency and the date under the text (落款), where meta names a published date
    (2025-01-20 → 2025年1月20日); the catalog reads the date as the publication date."""
    published = str(data.meta.get("published") or "")
    m = _DATE.match(published)
    if not m:
        return []
    agency = str(data.meta.get("agency") or "")
    date = f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日"
    return [Block("signature", (Run(agency),))] * bool(agency) + [Block("signature", (Run(date),))]


def cell_text(cell: GridCell, doc: Composed) -> str:
    """What a grid cell prints: its label, or its value as the form prints it. In the 2019
    format a money value carries its unit in the cell (万元), as that form's header names
    none and the catalog asks for one (STR008)."""
    if cell.key is None:
        return cell.text
    value = doc.cells.get(cell.key)
    text = format_value(value, cell.money)
    return f"{text}万元" if cell.money and value and doc.version == "2019" else text


def narrative(text: str) -> list[Block]:
    """The blocks of one section's Markdown or plain text (see the module docstring). A
    first line repeating the section's own heading (一、总体情况) is dropped: the heading is
    printed already."""
    blocks: list[Block] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and _OWN_HEADING.match(lines[0]) and any(t in lines[0] for t in SECTION_TITLES.values()):
        lines = lines[1:]
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("paragraph", _runs("".join(s.strip() for s in paragraph))))
            paragraph.clear()

    for line in lines:
        if not line.strip():
            flush()
        elif _ITEM.match(line):
            flush()
            blocks.append(Block("item", _runs(_ITEM.sub("", line).strip())))
        elif _HEADING.match(line):
            flush()
            blocks.append(Block("subheading", _runs(_HEADING.sub("", line).strip())))
        else:
            paragraph.append(line)
    flush()
    return blocks


def _runs(text: str) -> tuple[Run, ...]:
    """``**bold**`` spans as bold runs, the rest plain."""
    runs: list[Run] = []
    at = 0
    for m in _BOLD.finditer(text):
        if m.start() > at:
            runs.append(Run(text[at:m.start()]))
        runs.append(Run(m.group(1), bold=True))
        at = m.end()
    if at < len(text):
        runs.append(Run(text[at:]))
    return tuple(runs)
