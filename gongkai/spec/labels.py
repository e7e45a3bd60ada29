"""A cell key told as the statutory form prints it, for people.

Officials read a finding beside the printed report: ``t3.denied_security_stability.natural_person``
means nothing to them, ``表三 （三）不予公开 3.危及“三安全一稳定” · 自然人`` is the row and column
they look for. The words come from the format's TOML (row titles, group titles, column
titles), so a format version added there is labelled without code here.
"""

from __future__ import annotations

from gongkai.spec import FormatSpec, RowSpec, load_format

TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
SUBTOTAL = "_subtotal"
# The form prints 法人或其他组织 once over these columns of table 三.
_ORG_HEADING = "法人或其他组织"


def cell_label(key: str, version: str | None = None) -> str:
    """``t3.denied_security_stability.natural_person`` → ``表三 （三）不予公开 3.危及“三安全一稳定” · 自然人``.

    ``version`` is the report's format (2021 when unknown). A key the format does not
    describe (a typo, a key of another table) is returned as it is, never guessed at."""
    spec = load_format(version or "2021")
    parts = key.split(".")
    extension = parts[0] == "x"
    if extension:
        parts = parts[1:]
    if len(parts) != 3 or parts[0] not in TABLE_NAMES:
        return key
    table, row, column = parts
    if table == "t4":
        group, col = spec.titles["t4.groups"].get(row), spec.titles["t4"].get(column)
        return f"表四 {group[0]} · {col[0]}" if group and col else key
    row_text = _t2_row(spec, row, column) if table == "t2" else _t3_row(spec, row)
    column_text = _column(spec, table, column)
    if row_text is None or column_text is None:
        return key
    return f"{TABLE_NAMES[table]} {row_text} · {column_text}"


def _t2_row(spec: FormatSpec, row: str, column: str) -> str | None:
    """The row's title, if the row has that column (表二's rows differ in their columns)."""
    found = [r.title for r in spec.t2_rows if r.key == row and column in r.columns]
    return found[0] if found else None


def _t3_row(spec: FormatSpec, row: str) -> str | None:
    """A row's printed title; an item numbered 1., 2. … under a merged group label (（三）不予公开)
    carries the group's title before it, since the number alone is not unique. A group's
    subtotal row (``denied_subtotal``) and a group printed as one row (（六）其他处理) are the
    group's title."""
    groups = {g.key: g.title for g in spec.t3_groups}
    rows: dict[str, RowSpec] = {r.key: r for r in spec.t3_rows}
    if row in rows:
        r = rows[row]
        if r.group and r.title[:1].isdigit():
            return f"{groups[r.group]} {r.title}"
        return r.title
    if row.endswith(SUBTOTAL) and row[: -len(SUBTOTAL)] in groups:
        return f"{groups[row[: -len(SUBTOTAL)]]} 小计"
    for g in spec.t3_groups:
        if g.collapsed == row:
            return g.title
    return None


def _column(spec: FormatSpec, table: str, column: str) -> str | None:
    title = spec.titles.get(table, {}).get(column)
    if title is None:
        return None
    if table == "t3" and column not in ("natural_person", spec.t3_identities["row_total"]):
        return f"{_ORG_HEADING}·{title[0]}"
    return title[0]
