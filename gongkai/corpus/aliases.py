"""What people record about bodies that no name can tell: renames, mergers, false matches.

``identify`` keys a body by its place and normalised name, so a 机构改革 rename
(卫生和计划生育局 → 卫生健康局) starts a new body, and two bodies that print one name are one.
An alias says "name A is the same body as name B" (A's reports go to B's body, chains and
cycles allowed) or "name A is not the body B's name gives" (A gets a key of its own). The
table is edited by people (``gongkai body alias``, a CSV or XLSX sheet) and applied by
``Aliases.body``; the store keeps it and re-assigns reports when it changes.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gongkai.corpus.bodies import Body, clean_name, identify
from gongkai.errors import UsageError
from gongkai.sheets import READ_ERRORS, header_row, read_rows

SAME = "same"
DISTINCT = "distinct"
RELATIONS = (SAME, DISTINCT)

# Column headers a sheet may use (English or Chinese), and the words for the relation.
_NAME_HEADERS = ("name", "名称", "机构名称", "机构")
_OTHER_HEADERS = ("other", "same_as", "same as", "对应机构", "同一机构", "另一机构")
_RELATION_HEADERS = ("relation", "关系")
_RELATION_WORDS = {"same": SAME, "同一": SAME, "相同": SAME, "是": SAME, "更名": SAME, "合并": SAME, "": SAME,
                   "distinct": DISTINCT, "different": DISTINCT, "不同": DISTINCT, "否": DISTINCT}


@dataclass(frozen=True, slots=True)
class Alias:
    """``name`` is the same body as ``other`` (SAME), or not the body ``other`` names (DISTINCT:
    ``name`` gets a key of its own if the two names were given one)."""

    name: str
    other: str
    relation: str = SAME


class Aliases:
    """The alias table applied: the body of an agency name after renames and splits."""

    def __init__(self, aliases: Iterable[Alias] = ()):
        self._split: set[str] = set()
        self._parent: dict[str, str] = {}
        self._root_body: dict[str, Body] = {}
        listed = list(aliases)
        for a in listed:
            if a.relation == DISTINCT and identify(a.name).key == identify(a.other).key:
                self._split.add(clean_name(a.name))  # only a pair the names join needs splitting
        for a in listed:
            if a.relation == SAME:
                self._join(self._base(a.name), self._base(a.other))

    def __bool__(self) -> bool:
        return bool(self._split or self._parent)

    def _base(self, agency: str) -> Body:
        """``identify``'s body, with a key of its own if the name was split off."""
        body = identify(agency)
        cleaned = clean_name(agency)
        if cleaned in self._split:
            return dataclasses.replace(body, key=f"{body.key}#{cleaned}")
        return body

    def _find(self, key: str) -> str:
        seen = []
        while key in self._parent:
            seen.append(key)
            key = self._parent[key]
        for k in seen:  # path compression
            self._parent[k] = key
        return key

    def _join(self, body: Body, into: Body) -> None:
        a, b = self._find(body.key), self._find(into.key)
        self._root_body.setdefault(b, dataclasses.replace(into, key=b))
        if a != b:
            self._parent[a] = b

    def body(self, agency: str) -> Body:
        """The body ``agency`` denotes after the table: its name as given, its place and type
        those of the body it was joined to."""
        base = self._base(agency)
        root = self._find(base.key)
        if root == base.key:
            return base
        target = self._root_body[root]
        return dataclasses.replace(target, name=base.name)


def read_alias_table(path: str | os.PathLike[str]) -> list[Alias]:
    """The aliases of a CSV (UTF-8 or GB18030) or XLSX sheet: a header row naming
    the columns (name/名称, other/同一机构, optional relation/关系: same/同一 or distinct/不同).

    UsageError (one line) for a file that cannot be read or lacks the columns.
    """
    p = Path(path)
    try:
        rows = read_rows(p)
    except READ_ERRORS as e:
        raise UsageError(f"{p}: 无法读取别名表 (cannot read the alias table): {e}") from e
    first = header_row(rows)
    if first is None:
        raise UsageError(f"{p}: 别名表为空 (the alias table is empty)")
    header = [h.strip().lower() for h in rows[first]]
    name_col, other_col = _column(header, _NAME_HEADERS), _column(header, _OTHER_HEADERS)
    if name_col is None or other_col is None:
        raise UsageError(f"{p}: 别名表缺少“名称”“同一机构”两列 (needs columns name and other): {rows[first]}")
    relation_col = _column(header, _RELATION_HEADERS)
    out = []
    for number, row in enumerate(rows[first + 1:], start=first + 2):  # numbered as the sheet numbers its rows
        cells = [*row, *[""] * len(header)]
        name, other = cells[name_col].strip(), cells[other_col].strip()
        if not name and not other:
            continue
        word = cells[relation_col].strip().lower() if relation_col is not None else ""
        relation = _RELATION_WORDS.get(word)
        if not name or not other or relation is None:
            raise UsageError(f"{p}: 第{number}行无法识别 (row {number} is not name, other, relation): {row}")
        out.append(Alias(name, other, relation))
    return out


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    return next((i for i, h in enumerate(header) if h in names), None)
