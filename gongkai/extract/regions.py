"""Find where each statutory table is printed.

Tables are found by words only a table prints (its caption, column headers, first row),
not by section numbers: reports renumber sections, repeat headings, and a crawler may put
the whole report on one line. A region is a run of (line, start, end) slices, so a table
can start and stop in the middle of a line.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Final

from gongkai.model import Document, Line


def _spaced(*phrases: str) -> re.Pattern[str]:
    """A pattern for phrases that tolerates spaces between characters (信 息 内 容)."""
    return re.compile("|".join(r"\s*".join(map(re.escape, p)) for p in phrases))


T2_CAPTION = _spaced("第二十条第")
T2_HEADER = _spaced("信息内容")
T2_HEADING = _spaced("主动公开政府信息情况")
T3_HEADER = _spaced("勾稽关系", "申请人情况")
# with 数量: narratives say 本年新收政府信息公开申请N件, tables …申请数量
T3_FIRST_ROW = _spaced("本年新收政府信息公开申请数量")
T4_START = _spaced("行政复议", "复议", "结果维持")
T4_END = _spaced("存在的主要问题", "主要问题", "其他需要报告", "其它需要报告", "改进情况")
SECTION_THREE = _spaced("收到和处理政府信息公开申请")
# Part of a report (one page, an excerpt) may hold table 三 from a row in the middle, or
# table 四 alone: then a row label with three delimited numbers after it on its line, or
# 行政复议 with the table's column words after it and no number between, starts the table
# (narrative says 予以公开12件，… and 被申请行政复议2件，结果维持1件).
T3_ROW = re.compile(r"(?:" + _spaced("予以公开", "部分公开", "属于国家秘密", "本机关不掌握相关政府信息",
                                     "没有现成信息需要另行制作", "信访举报投诉类申请", "重复申请",
                                     "要求提供公开出版物", "其他处理", "结转下年度继续办理").pattern
                    + r")[^\n\d。，,；;]{0,40}?[\t| ]\s*\d+(?:[\t| ]+\d+){2}")
# A page header or footer on a line of its own (Page 9 - <title>, P. 9, 第9页共20页, - 9 -,
# <title> 第9页): a page of a report, or pages pasted together, print one inside a table.
_PAGE_NO = r"(?:(?:page|p\.?)\s*\d+(?:\s*(?:/|of)\s*\d+)?|第\s*\d+\s*页(?:\s*[,/]?\s*共\s*\d+\s*页)?)"
PAGE_MARK: Final = re.compile(
    rf"\s*(?:{_PAGE_NO}|[-–—]\s*\d+\s*[-–—])(?:\s*[-–—|:：·]\s*\S.{{0,80}}?(?:报告|年报))?\s*$"
    rf"|.{{0,80}}?(?:报告|年报)\s*[-–—|:：·]?\s*{_PAGE_NO}\s*$", re.IGNORECASE)
T4_COLUMN_WORDS = _spaced("维持", "纠正", "尚未", "审结", "总计", "未经复议", "复议后")
T4_ALONE_WINDOW: Final = 300
_DIGIT: Final = re.compile(r"\d")
_SPACE: Final = re.compile(r"\s+")
_T4_ROW: Final = re.compile(r"^[ \t|]*\d+(?:[ \t|]+\d+){4,}[ \t|]*$", re.MULTILINE)  # five numbers or more
T4_HEADING_CHARS: Final = 16
_TITLE_LINES: Final = 5  # the title is the first non-empty line among these
_TITLE_ENDS: Final = ("报告", "年报")
_TITLE_CHARS: Final = 80


@dataclass(frozen=True, slots=True)
class Pos:
    line: int  # index into Document.lines
    col: int

    def __lt__(self, other: Pos) -> bool:
        return (self.line, self.col) < (other.line, other.col)


@dataclass(frozen=True, slots=True)
class Region:
    start: Pos
    end: Pos  # exclusive
    # the report's title, skipped where a page header repeats it (`locate` finds it once a
    # document; None: found when slicing)
    header: str | None = None

    def slices(self, doc: Document) -> list[tuple[Line, int, int]]:
        """(Line, start col, end col) for every line the region touches but page furniture:
        page numbers and marks, and the report's title repeated as a running page header (a
        list, not a generator: every caller takes them all, and resuming a generator once a
        line cost more than the loop's own work)."""
        lines = doc.lines
        first, last = self.start.line, self.end.line
        title = _title(doc) if self.header is None else self.header
        n = len(title)
        out: list[tuple[Line, int, int]] = []
        for i in range(first, min(last, len(lines) - 1) + 1):
            line = lines[i]
            t = line.text  # page furniture (cheap tests first: most lines are cells)
            if ("页" in t or "p" in t or "P" in t or "-" in t or "—" in t or "–" in t) and PAGE_MARK.match(t):
                continue
            if n and len(t) >= n and i and title in t and t.strip() == title:
                continue
            s = self.start.col if i == first else 0
            e = self.end.col if i == last else len(t)
            if s < e:
                out.append((line, s, e))
        return out


def _title(doc: Document) -> str:
    """The document's first line if it names the report (…年度报告, …年报): a page header
    repeats it."""
    for line in doc.lines[:_TITLE_LINES]:
        t = line.text.strip()
        if t:
            return t if t.endswith(_TITLE_ENDS) and len(t) <= _TITLE_CHARS else ""
    return ""


@dataclass(frozen=True, slots=True)
class Regions:
    t2: Region | None
    t3: Region | None
    t4: Region | None


class _Text:
    """The document's lines joined once, so each anchor is one regex search, not one per line."""

    def __init__(self, doc: Document, text: str | None = None):
        self.text = joined(doc) if text is None else text
        self.starts = list(accumulate([len(line.text) + 1 for line in doc.lines], initial=0))

    def offset(self, p: Pos) -> int:
        return self.starts[p.line] + p.col

    def pos(self, offset: int) -> Pos:
        i = bisect.bisect_right(self.starts, offset) - 1
        return Pos(i, offset - self.starts[i])


def _find(t: _Text, pat: re.Pattern[str], after: Pos | None = None, before: Pos | None = None,
          last: bool = False) -> Pos | None:
    lo = t.offset(after) if after else 0
    hi = t.offset(before) if before else len(t.text)
    found = None
    for m in pat.finditer(t.text, lo, hi):
        found = m
        if not last:
            break
    return t.pos(found.start()) if found else None


def joined(doc: Document) -> str:
    """The document's normalised text, its lines joined by newlines."""
    return "\n".join([line.text for line in doc.lines])


def locate(doc: Document, text: str | None = None) -> Regions:
    """The regions of tables 二, 三 and 四 (``text``: the document `joined`, if already made)."""
    t = _Text(doc, text)
    end = Pos(len(doc.lines) - 1, len(doc.lines[-1].text)) if doc.lines else Pos(0, 0)
    # the table header first: the first row's words may also occur in the narrative
    caption = _find(t, T2_CAPTION)
    t3_start = (_find(t, T3_HEADER, after=caption) or _find(t, T3_FIRST_ROW, after=caption)
                or _find(t, T3_HEADER) or _find(t, T3_FIRST_ROW) or _find(t, T3_ROW, after=caption))
    if t3_start is not None:
        # the section heading just before the table header belongs to neither t2 nor t3
        heading = _find(t, SECTION_THREE, last=True, before=t3_start)
        t2_end = heading if heading is not None and heading.line >= t3_start.line - 3 else t3_start
    else:
        t2_end = None
    t2_start = _find(t, T2_CAPTION, before=t2_end) or _find(t, T2_HEADER, before=t2_end)
    if t2_start is None:
        t2_start = _find(t, T2_HEADING, before=t2_end, last=True)
    t4_start = _find(t, T4_START, after=t3_start) if t3_start else None
    if t4_start is None:
        t4_start = _find(t, T4_START, after=t2_start) if t2_start else _t4_alone(t)
    t4_end = _find(t, T4_END, after=t4_start) if t4_start else None
    title = _title(doc)
    t2 = None
    if t2_start is not None:
        t2 = _bounded(doc, t2_start, t2_end or t3_start or t4_start or end, title)
    t3 = _bounded(doc, t3_start, t4_start or end, title) if t3_start is not None else None
    t4 = _bounded(doc, t4_start, t4_end or end, title) if t4_start is not None else None
    return Regions(t2, t3, t4)


def _t4_alone(t: _Text) -> Pos | None:
    """Table 四 in a text with no other table: 行政复议 followed by the table's column words."""
    text = t.text
    for m in T4_START.finditer(text):
        words = T4_COLUMN_WORDS.search(text, m.end(), m.end() + T4_ALONE_WINDOW)
        if words and not _DIGIT.search(text, m.end(), words.start()):
            return t.pos(m.start())
        # a heading or cell of its own ((一)行政复议) over a row of numbers (header words
        # stacked a character a line match no column word)
        start, end = text.rfind("\n", 0, m.start()) + 1, text.find("\n", m.end())
        end = len(text) if end < 0 else end
        if (len(_SPACE.sub("", text[start:end])) <= T4_HEADING_CHARS
                and _T4_ROW.search(text, end, min(len(text), end + T4_ALONE_WINDOW))):
            return t.pos(m.start())
    return None


# No statutory table takes more than a few hundred lines even with one cell per line; a
# region that runs on is junk after the table, and bounding it keeps every later step
# linear in the size of the file.
MAX_TABLE_LINES: Final = 400
MAX_TABLE_CHARS: Final = 40000


def _bounded(doc: Document, start: Pos, end: Pos, title: str) -> Region:
    if end.line - start.line > MAX_TABLE_LINES:
        end = Pos(start.line + MAX_TABLE_LINES, 0)
    chars = 0
    for i in range(start.line, end.line + 1):
        chars += len(doc.lines[i].text) + 1
        if chars > MAX_TABLE_CHARS:
            col = max(0, len(doc.lines[i].text) - (chars - MAX_TABLE_CHARS))
            if i == start.line:
                col = max(col, start.col + MAX_TABLE_CHARS)
            cut = Pos(i, min(col, len(doc.lines[i].text)))
            return Region(start, min(end, cut), title)
    return Region(start, end, title)
