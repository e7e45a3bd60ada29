"""The statutory formats, loaded from the TOML files beside this module.

A format version is data: its tables' rows, columns, printed label variants and
identities. Adding a version (or a local template) means adding a TOML file here; the
extractor and the rules read everything they need from `FormatSpec`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from gongkai.errors import UsageError
from gongkai.normalize import fold, label_key


@dataclass(frozen=True, slots=True)
class RowSpec:
    """One printed row of a table."""

    key: str
    labels: tuple[str, ...]  # printed variants, as written in the spec
    columns: tuple[str, ...] = ()
    group: str | None = None
    money: frozenset[str] = frozenset()  # decimal 万元 columns
    signed: frozenset[str] = frozenset()  # columns that may be negative
    extension: bool = False  # not in the national format: keyed under x.
    title: str = ""  # the label as the statutory form prints it (for people)
    short: str = ""  # a shorter form of it, for narrow terminals ("" when the title is short)
    article: str = ""  # t2: the 条例 item printed above the row's block (第二十条第（一）项)

    def cell_key(self, table: str, column: str) -> str:
        prefix = "x." if self.extension else ""
        return f"{prefix}{table}.{self.key}.{column}"


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """A merged label cell spanning several rows (（三）不予公开 …)."""

    key: str
    labels: tuple[str, ...]
    collapsed: str | None = None  # the single row printed instead of the sub-rows
    title: str = ""
    short: str = ""


@dataclass(frozen=True, slots=True, eq=False)
class FormatSpec:
    """One format version. Compared and hashed by identity: specs are loaded once and cached."""

    version: str
    document: str
    first_year: int
    cues: tuple[str, ...]
    t2_rows: tuple[RowSpec, ...]
    t3_columns: tuple[str, ...]
    t3_extra_columns: tuple[dict, ...]
    t3_rows: tuple[RowSpec, ...]
    t3_groups: tuple[GroupSpec, ...]
    t3_identities: dict
    t4_groups: tuple[str, ...]
    t4_columns: tuple[str, ...]
    cue_keys: tuple[str, ...] = field(default=())
    # Display titles of columns and t4 groups: {"t3": {"natural_person": ("自然人", "")}, …},
    # each a (full title, short title or "") pair.
    titles: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)

    @property
    def t3_parts(self) -> tuple[str, ...]:
        """The applicant columns whose sum is the row's 总计."""
        total = self.t3_identities["row_total"]
        return tuple(c for c in self.t3_columns if c != total)

    def t3_row(self, key: str) -> RowSpec:
        for r in self.t3_rows:
            if r.key == key:
                return r
        raise KeyError(key)

    def column_title(self, table: str, column: str, short: bool = False) -> str:
        """The printed title of a column of table ``t2``/``t3``/``t4`` (or of a t4 group,
        ``table="t4.groups"``); the short form if asked for and there is one."""
        full, abbreviated = self.titles.get(table, {}).get(column, (column, ""))
        return abbreviated if short and abbreviated else full

    def keys(self, collapsed: frozenset[str] = frozenset()) -> tuple[str, ...]:
        """Every canonical cell key of this version, in printed order.

        ``collapsed`` names single rows (``other``) printed instead of their sub-rows; their
        keys are added after the sub-rows, which stay present (as ``null``).
        """
        return _keys(self, collapsed)

    def collapsed_rows(self) -> dict[str, tuple[str, ...]]:
        """Single rows that stand for a group's sub-rows: {'other': ('other_no_correction', …)}."""
        return _collapsed_rows(self)


@cache
def _collapsed_rows(spec: FormatSpec) -> dict[str, tuple[str, ...]]:
    out = {}
    for g in spec.t3_groups:
        if g.collapsed:
            out[g.collapsed] = tuple(r.key for r in spec.t3_rows if r.group == g.key)
    return out


@cache
def _keys(spec: FormatSpec, collapsed: frozenset[str]) -> tuple[str, ...]:
    out = []
    for r in spec.t2_rows:
        if not r.extension:
            out += [r.cell_key("t2", c) for c in r.columns]
    for r in spec.t3_rows:
        out += [f"t3.{r.key}.{c}" for c in spec.t3_columns]
    for row in sorted(collapsed):
        out += [f"t3.{row}.{c}" for c in spec.t3_columns]
    out += [f"t4.{g}.{c}" for g in spec.t4_groups for c in spec.t4_columns]
    return tuple(out)


def _row(d: dict) -> RowSpec:
    return RowSpec(
        key=d["key"],
        labels=tuple(fold(x) for x in d["labels"]),
        columns=tuple(d.get("columns", ())),
        group=d.get("group"),
        money=frozenset(d.get("money", ())),
        signed=frozenset(d.get("signed", ())),
        extension=bool(d.get("extension", False)),
        title=d.get("title", d["key"]),
        short=d.get("short", ""),
        article=d.get("article", ""),
    )


def _titles(d: dict) -> dict[str, tuple[str, str]]:
    """{"key": "title"} or {"key": ["title", "short"]} → {"key": ("title", "short" or "")}."""
    return {k: (v, "") if isinstance(v, str) else (v[0], v[1]) for k, v in d.items()}


def _load(data: dict) -> FormatSpec:
    t3 = data["t3"]
    return FormatSpec(
        version=str(data["version"]),
        document=data["document"],
        first_year=int(data["first_year"]),
        cues=tuple(data["cues"]),
        cue_keys=tuple(label_key(fold(c)) for c in data["cues"]),
        t2_rows=tuple(_row(r) for r in data["t2"]["rows"]),
        t3_columns=tuple(t3["columns"]),
        t3_extra_columns=tuple(t3.get("extra_columns", ())),
        t3_rows=tuple(_row(r) for r in t3["rows"]),
        t3_groups=tuple(
            GroupSpec(g["key"], tuple(fold(x) for x in g["labels"]), g.get("collapsed"), g.get("title", g["key"]),
                      g.get("short", ""))
            for g in t3.get("groups", ())
        ),
        t3_identities=t3["identities"],
        t4_groups=tuple(data["t4"]["groups"]),
        t4_columns=tuple(data["t4"]["columns"]),
        titles={"t2": _titles(data["t2"].get("column_titles", {})),
                "t3": _titles(t3.get("column_titles", {})),
                "t4": _titles(data["t4"].get("column_titles", {})),
                "t4.groups": _titles(data["t4"].get("group_titles", {}))},
    )


@cache
def load_format(version: str) -> FormatSpec:
    """The spec of one format version ('2021', '2019', or any TOML file's stem here);
    UsageError for a version no file here describes."""
    path = resources.files(__package__).joinpath(f"{version}.toml")
    if not path.is_file():
        raise UsageError(f"unknown format version {version!r}; known: {', '.join(versions())}")
    return _load(tomllib.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def versions() -> tuple[str, ...]:
    """All format versions shipped, newest first."""
    names = [p.name[:-5] for p in resources.files(__package__).iterdir() if p.name.endswith(".toml")]
    return tuple(sorted(names, reverse=True))


def all_formats() -> list[FormatSpec]:
    return [load_format(v) for v in versions()]
