"""Word's automatic numbering: the "一、" "（一）" "1." printed before paragraphs, which a DOCX
stores as list definitions (``word/numbering.xml``) and counters, not as text.

A paragraph is numbered by its own ``w:numPr`` or its style's (followed up the ``basedOn``
chain); the list's abstract definition gives each level's format and pattern ("%1、",
"（%2）"), overridden per list; counters run per abstract list (per list when it restarts)
and a level restarts when a shallower one steps. Numbers are printed in ``numbering.py``.
"""

from __future__ import annotations

import re
from typing import Any

from gongkai.readers.docx_names import FALSE, ILVL, NUMID, NUMPR, PPR, PSTYLE, VAL, W, int_val
from gongkai.readers.numbering import format_number


class _Level:
    """One level of a list definition: how its number is printed and counted."""

    __slots__ = ("fmt", "legal", "restart", "start", "style", "text")

    def __init__(self, lvl: Any) -> None:
        def val(tag: str) -> str | None:
            el = lvl.find(W + tag)
            return el.get(VAL) if el is not None else None

        self.start = int_val(lvl.find(W + "start"), 1)
        self.fmt = val("numFmt") or "decimal"
        self.text = val("lvlText")
        restart = val("lvlRestart")
        self.restart = restart is None or restart.strip() != "0"
        legal = lvl.find(W + "isLgl")
        self.legal = legal is not None and (legal.get(VAL) or "true").lower() not in FALSE
        self.style = val("pStyle")


class Numbering:
    """The document's list definitions and paragraph styles' numbering, with the counters of
    the lists as the body is read in order."""

    def __init__(self, numbering: Any, styles: Any) -> None:
        """From the roots of numbering.xml and styles.xml (either may be None)."""
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        self.styles: dict[str, tuple[str | None, int | None, str | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if numbering is not None:
            for a in numbering.iter(W + "abstractNum"):
                levels = {_int_attr(lvl, W + "ilvl"): _Level(lvl) for lvl in a.iter(W + "lvl")}
                self.abstract[a.get(W + "abstractNumId") or ""] = levels
            for n in numbering.iter(W + "num"):
                aid = n.find(W + "abstractNumId")
                overrides: dict[int, _Level] = {}
                starts: dict[int, int] = {}
                for o in n.iter(W + "lvlOverride"):
                    ilvl = _int_attr(o, W + "ilvl")
                    if (lvl := o.find(W + "lvl")) is not None:
                        overrides[ilvl] = _Level(lvl)
                    if (so := o.find(W + "startOverride")) is not None:
                        starts[ilvl] = int_val(so, 1)
                self.nums[n.get(W + "numId") or ""] = (aid.get(VAL) if aid is not None else "", overrides, starts)
        if styles is not None and self.nums:
            for s in styles.iter(W + "style"):
                ppr = s.find(PPR)
                numpr = ppr.find(NUMPR) if ppr is not None else None
                based = s.find(W + "basedOn")
                num_id: str | None = None
                style_ilvl: int | None = None
                if numpr is not None:
                    num_id = _val(numpr.find(NUMID))
                    ilvl_el = numpr.find(ILVL)
                    style_ilvl = int_val(ilvl_el, 0) if ilvl_el is not None else None
                self.styles[s.get(W + "styleId") or ""] = (num_id, style_ilvl, _val(based))

    def label(self, p: Any) -> str:
        """The number printed before paragraph ``p``, "" for none; steps its list's counter
        (an empty numbered paragraph is counted too, as Word does)."""
        if not self.nums:
            return ""
        ppr = p.find(PPR)
        if ppr is None:
            return ""
        num_id = ilvl = None
        numpr = ppr.find(NUMPR)
        if numpr is not None:
            num_id = _val(numpr.find(NUMID))
            if (el := numpr.find(ILVL)) is not None:
                ilvl = int_val(el, 0)
        style = _val(ppr.find(PSTYLE))
        seen = 0
        s = style
        while (num_id is None or ilvl is None) and s and s in self.styles and seen < 20:
            s_num, s_ilvl, based = self.styles[s]
            num_id = num_id if num_id is not None else s_num
            ilvl = ilvl if ilvl is not None else s_ilvl
            s, seen = based, seen + 1
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        aid, overrides, starts = self.nums[num_id]
        levels = dict(self.abstract.get(aid, {}))
        levels.update(overrides)
        if ilvl is None:
            ilvl = next((i for i, lv in levels.items() if style and lv.style == style), 0)
        level = levels.get(ilvl)
        if level is None:
            return ""
        for i, start in starts.items():  # a restart applies from the list's first paragraph
            if i in levels:
                levels[i] = _with_start(levels[i], start)
        counters = self.counters.setdefault(num_id if starts else "a" + aid, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else levels[ilvl].start
        for deeper in [i for i in counters if i > ilvl]:
            if deeper not in levels or levels[deeper].restart:
                del counters[deeper]
        if level.fmt in ("bullet", "none") or not level.text:
            return ""

        def place(m: re.Match) -> str:
            i = int(m.group(1)) - 1
            lv = levels.get(i)
            if lv is None:
                return ""
            n = counters.get(i, lv.start)
            return format_number(n, "decimal" if level.legal and i != ilvl else lv.fmt)

        return re.sub(r"%([1-9])", place, level.text).strip()


def _val(el: Any) -> str | None:
    return el.get(VAL) if el is not None else None


def _int_attr(el: Any, name: str) -> int:
    try:
        return int(el.get(name) or 0)
    except ValueError:
        return 0


def _with_start(level: _Level, start: int) -> _Level:
    copy = _Level.__new__(_Level)
    for k in _Level.__slots__:
        setattr(copy, k, getattr(level, k))
    copy.start = start
    return copy
