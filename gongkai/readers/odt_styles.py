"""An ODT's styles, as far as they change what is printed: which styles hide text, and how list
and outline (heading) numbers are printed.

ODF stores a list's number format per level in list styles (``text:list-style``, found from
a list or from a paragraph style's ``style:list-style-name``, up its parent styles) and the
headings' in the outline style; the numbers themselves are printed by the office suite and
generated here (``list_label``), in the formats of ``numbering.py``.
"""

from __future__ import annotations

import re
from typing import Any

from gongkai.readers.numbering import format_number
from gongkai.readers.odt_names import LOEXT, OFFICE, STYLE, TEXT, TEXT_STYLE, int_attr

MAX_STYLE_CHAIN = 20  # parent styles followed at most this far (a cycle ends there)

# style:num-format values (the first number of each sequence) → numbering.py's formats.
_NUM_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman",
                "一": "chineseCounting", "壹": "chineseLegalSimplified", "①": "decimalEnclosedCircle",
                "甲": "ideographTraditional", "子": "ideographZodiac", "１": "decimalFullWidth",
                "〇": "ideographDigital", "⑴": "decimalEnclosedParen", "⒈": "decimalEnclosedFullstop"}


class Level:
    """One level of a list or outline style: how its number is printed."""

    __slots__ = ("display", "fmt", "pattern", "prefix", "start", "suffix")

    def __init__(self, el: Any) -> None:
        raw = el.get(STYLE + "num-format")
        self.fmt = None if el.tag.endswith("-bullet") or el.tag.endswith("-image") or not raw else \
            _NUM_FORMATS.get(raw.strip()[:1], "decimal")
        self.prefix = el.get(STYLE + "num-prefix") or ""
        self.suffix = el.get(STYLE + "num-suffix") or ""
        self.display = int_attr(el.get(TEXT + "display-levels"), 1, 1, 10)
        self.start = int_attr(el.get(TEXT + "start-value"), 1, 0, 10**6)
        self.pattern = el.get(LOEXT + "num-list-format")  # LibreOffice: "%1%.%2%、" spelled out


class Styles:
    """The styles of a document (content.xml's automatic ones and styles.xml's): hidden
    styles, list styles, the outline style, and the list style of each paragraph style."""

    def __init__(self, roots: list[Any]) -> None:
        self.hidden: set[str] = set()
        self.lists: dict[str, dict[int, Level]] = {}
        self.outline: dict[int, Level] = {}
        self.paragraph_list: dict[str, str] = {}
        parents: dict[str, str] = {}
        for section in (sec for root in roots if root is not None
                        for sec in (root.find(OFFICE + "styles"), root.find(OFFICE + "automatic-styles"))
                        if sec is not None):
            for st in section.iter(STYLE + "style"):
                name = st.get(TEXT_STYLE) or ""
                props = st.find(STYLE + "text-properties")
                if props is not None and props.get(TEXT + "display") == "none":
                    self.hidden.add(name)
                if st.get(STYLE + "parent-style-name"):
                    parents[name] = st.get(STYLE + "parent-style-name")
                if st.get(STYLE + "list-style-name"):
                    self.paragraph_list[name] = st.get(STYLE + "list-style-name")
            for ls in section.iter(TEXT + "list-style"):
                self.lists[ls.get(TEXT_STYLE) or ""] = {int_attr(lv.get(TEXT + "level"), 1, 1, 10): Level(lv)
                                                        for lv in ls if isinstance(lv.tag, str)}
            for os_ in section.iter(TEXT + "outline-style"):
                self.outline = {int_attr(lv.get(TEXT + "level"), 1, 1, 10): Level(lv) for lv in os_
                                if isinstance(lv.tag, str)}
        for name in list(parents):  # a style whose parent is hidden is hidden
            chain, seen = name, 0
            while chain in parents and seen < MAX_STYLE_CHAIN:
                chain, seen = parents[chain], seen + 1
                if chain in self.hidden:
                    self.hidden.add(name)
                    break
        self.parents = parents

    def list_of_paragraph(self, style: str | None) -> str | None:
        """The list style a paragraph style numbers its paragraphs with, its own or inherited."""
        seen = 0
        while style and seen < MAX_STYLE_CHAIN:
            if style in self.paragraph_list:
                return self.paragraph_list[style]
            style, seen = self.parents.get(style), seen + 1
        return None


def list_label(levels: dict[int, Level], counters: dict[int, int], level: int) -> str:
    """The number printed before an item at ``level`` given the counters of its list."""
    lv = levels.get(level)
    if lv is None or lv.fmt is None:
        return ""

    def number(i: int) -> str:
        own = levels.get(i)
        return format_number(counters.get(i, own.start if own else 1), own.fmt if own and own.fmt else "decimal")

    if lv.pattern and "%" in lv.pattern:
        return re.sub(r"%(\d{1,2})%", lambda m: number(int(m.group(1))), lv.pattern).strip()
    shown = range(max(1, level - lv.display + 1), level + 1)
    return (lv.prefix + ".".join(number(i) for i in shown) + lv.suffix).strip()
