"""Report metadata: who reports (as printed in the title), on which year, when published."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from gongkai.model import Document

_TITLE_WORDS = ("年度报告", "年报", "工作报告")
_TITLE = re.compile(
    r"^(?P<pre>.*?)(?P<year>(?:19|20)\d{2})年度?(?P<post>.*?)(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:报告|年报)"
)
_PREFIX = re.compile(r"^(?:#+|标题[:：]|题目[:：]|\*+)+")
_COMPACT = re.compile(r"[\s*#_`]+")
# A page header or footer around the title (Page 8 - 标题, P.8, 第8页共20页), spaces removed
_PAGE_MARK = re.compile(r"^(?:(?:page|p\.?)\d+|第\d+页(?:共\d+页)?)(?:/\d+)?[-–—:：|·]*"
                        r"|[-–—:：|·]*(?:(?:page|p\.?)\d+|第\d+页(?:共\d+页)?)(?:/\d+)?$", re.IGNORECASE)
_YEAR_PHRASE = re.compile(r"((?:19|20)\d{2})\s*年度?")
_PERIOD = re.compile(
    r"(?P<y1>20\d{2})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日\s*(?:至|到|-|—|~)\s*"
    r"(?:(?P<y2>20\d{2})\s*年\s*)?(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日"
)
_CITED = re.compile(r"(国办公开办函|国办函)\s*[〔\[(（【]\s*(\d{4})\s*[〕\])）】]\s*(\d+)\s*号")
# [^\S\n]: a space that is not a line break (the field is searched in several lines at once)
_PUBLISHED_FIELD = re.compile(
    r"(?:发布时间|发布日期|成文日期|印发日期|公开日期)[^\S\n]*[:：]?[^\S\n]*(\d{4})[^\S\n]*[-/.年][^\S\n]*"
    r"(\d{1,2})[^\S\n]*[-/.月][^\S\n]*(\d{1,2})"
)
_DATE_LINE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_TOWNSHIP = re.compile(r"(镇|乡|街道|街道办事处|苏木)(人民政府|政府|办事处)?$")
_GOVERNMENT = re.compile(r"(省|市|县|区|旗|州|盟|自治区|自治州|自治县|实验区|新区)(人民政府|政府)?$")


def _compact(s: str) -> str:
    return _COMPACT.sub("", s)


def find_title(doc: Document) -> tuple[str | None, int | None]:
    """The report's title (joined if wrapped over two lines) and its line number.

    The first title-like line that carries a year wins; a year-less one (portal navigation:
    首页 / 政务公开 / 年度报告) is kept only as a fallback.
    """
    seen = []
    fallback: tuple[str | None, int | None] = (None, None)
    for line in doc.lines[:40]:
        c = _compact(line.text)
        if "页" in c or "p" in c or "P" in c:  # a page mark prints one of them (crawler text is one long line)
            c = _PAGE_MARK.sub("", c)
        c = _PREFIX.sub("", c)
        if not c:
            continue
        seen.append((c, line.number))
        if len(c) > 80 and len(seen) == 1:
            # crawler text: the whole report on one line; the title is its start
            cut = min((c.find(w) + len(w) for w in _TITLE_WORDS if 0 <= c.find(w) < 80), default=0)
            if cut:
                return c[:cut], line.number
        if any(w in c for w in _TITLE_WORDS) and len(c) <= 80:
            m = _TITLE.match(c)
            names_itself = m is not None and bool(m.group("pre") or m.group("post"))
            if not names_itself and len(seen) >= 2:
                prev, prev_line = seen[-2]
                if len(prev) <= 40 and "。" not in prev and _TITLE.match(prev + c):
                    return prev + c, prev_line  # a title wrapped over two lines
            if m is not None:
                return c, line.number
            if fallback[0] is None:
                fallback = (c, line.number)
        if len(seen) > 16:
            break
    return fallback


def body_type(agency: str | None) -> str | None:
    if not agency:
        return None
    if _TOWNSHIP.search(agency):
        return "township"
    if _GOVERNMENT.search(agency) or agency.endswith("人民政府"):
        return "government"
    return "department"


def read_meta(doc: Document, text: str | None = None) -> dict[str, Any]:
    """Title, agency, year, period, cited format and publication date (``text``: the
    document's lines joined by newlines, if already made)."""
    title, title_line = find_title(doc)
    agency = year = None
    if title:
        m = _TITLE.match(title)
        if m:
            year = int(m.group("year"))
            agency = (m.group("pre") or m.group("post")).strip(":：,，、-—《》“”\"'()（）【】[]") or None
            if agency:
                agency = re.sub(r"^关于|(关于|的)$", "", agency) or None
    if text is None:
        text = "\n".join([line.text for line in doc.lines])
    period = None
    pm = _PERIOD.search(text)
    if pm:
        y1 = int(pm.group("y1"))
        y2 = int(pm.group("y2") or y1)
        period = f"{y1:04d}-{int(pm.group('m1')):02d}-{int(pm.group('d1')):02d}/{y2:04d}-{int(pm.group('m2')):02d}-{int(pm.group('d2')):02d}"
    if year is None:
        if pm:
            year = int(pm.group("y1"))
        else:
            counts = Counter(int(y) for y in _YEAR_PHRASE.findall(text[:20000]))
            year = counts.most_common(1)[0][0] if counts else None
    cited = _CITED.search(text)
    return {
        "agency": agency,
        "year": year,
        "published": _published(doc, year),
        "body_type": body_type(agency),
        "cited_format": f"{cited.group(1)}〔{cited.group(2)}〕{cited.group(3)}号" if cited else None,
        "period": period,
        "title": title,
        "title_line": title_line,
    }


def _published(doc: Document, year: int | None) -> str | None:
    def ok(y: int) -> bool:
        return year is None or year <= y <= year + 2

    head = "\n".join([line.text for line in doc.lines[:15]])
    if "日期" in head or "时间" in head:
        for m in _PUBLISHED_FIELD.finditer(head):
            if ok(int(m.group(1))):
                return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    for line in reversed(doc.lines[-15:]):
        if "日" not in line.text:
            continue
        c = _compact(line.text)
        if len(c) > 40:
            continue
        date = _DATE_LINE.search(c)
        if date and ok(int(date.group(1))):
            return f"{int(date.group(1)):04d}-{int(date.group(2)):02d}-{int(date.group(3)):02d}"
    return None
