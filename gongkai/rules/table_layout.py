"""Rules on what the tables print (rules.md §A, STR004–STR009): each table under its section,
every official row, rows and columns outside the national format, known label variants, the
unit of the 2019 采购总金额, and rows whose glued digits could not be read."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.rules.catalog import Finding, Rule, register
from gongkai.rules.context import SECTION_TITLES, Context, spaced
from gongkai.rules.table2 import ROW_NAMES as T2_ROW_NAMES
from gongkai.rules.table4 import GROUP_NAMES as T4_GROUP_NAMES

TABLE_OF_SECTION = {"二": "t2", "三": "t3", "四": "t4"}
TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
# The reason extract/__init__.py gives every cell of a table it did not find.
TABLE_NOT_FOUND = {"t2": "表二未找到", "t3": "表三未找到", "t4": "表四未找到"}

T3_GROUP_NAMES = {"denied": "（三）不予公开", "unable": "（四）无法提供", "rejected": "（五）不予处理",
                  "other": "（六）其他处理"}
T3_ROW_NAMES = {"new_received": "一、本年新收政府信息公开申请数量", "carried_over": "二、上年结转政府信息公开申请数量",
                "granted": "（一）予以公开", "partly_granted": "（二）部分公开", "other": "（六）其他处理",
                "results_total": "（七）总计", "carried_forward": "四、结转下年度继续办理"}
T3_COLUMN_NAMES = {"org_subtotal": "法人或其他组织小计"}


def _table_span(ctx: Context, table: str) -> tuple[int, int] | None:
    """Where to look for a table's printed labels: its section; without a section heading,
    the lines its cells were read from (and the three above, for the column headers)."""
    number = next(n for n, t in TABLE_OF_SECTION.items() if t == table)
    span = ctx.section_span(number)
    if span is not None:
        return span
    lines = [p.line for k, p in ctx.report.provenance.items() if k.startswith(f"{table}.") and p.line is not None]
    if not lines:
        return None
    index = {x.number: i for i, x in enumerate(ctx.doc.lines)}
    first, last = max(0, index[min(lines)] - 3), index[max(lines)]
    return ctx.line_starts[first], ctx.line_starts[last] + len(ctx.doc.lines[last].text)


def _t3_row_name(ctx: Context, row: str) -> str:
    if row in T3_ROW_NAMES:
        return T3_ROW_NAMES[row]
    try:
        spec_row = ctx.spec.t3_row(row)
    except KeyError:
        return row
    label = re.sub(r"^\d+\.", "", spec_row.labels[0])
    if spec_row.group not in T3_GROUP_NAMES:
        return label
    item = [r.key for r in ctx.spec.t3_rows if r.group == spec_row.group].index(row) + 1
    return f"{T3_GROUP_NAMES[spec_row.group]}{item}.{label}"


def _table_keys(ctx: Context, table: str) -> list[str]:
    return [k for k in ctx.report.cells if k.startswith(f"{table}.")]


def _table_empty(ctx: Context, table: str) -> bool:
    """Every national cell of the table is absent: not found, or found with nothing read."""
    keys = _table_keys(ctx, table)
    provs = [ctx.provenance(k) for k in keys]
    return bool(keys) and all(p is not None and p.method == "absent" for p in provs)


@register
class MissingTable(Rule):
    """## What it checks
    Sections 二, 三 and 四 each carry a statutory table (t2, t3, t4). Flags a section whose
    heading is printed but whose table was not found, or was found with no numbers read at
    all. (A section without heading is STR001's finding, not this rule's.)

    ## Why it matters
    The tables are the report's figures; a section heading with no table under it (a page
    showing only the three headings) reports nothing.

    ## Example
    Failing: 三、收到和处理政府信息公开申请情况 followed directly by 四、…. Passing: the heading
    followed by the 25-row application table.

    ## Basis
    国办公开办函〔2021〕30号 / 〔2019〕60号 (tables 二–四 are part of the format); formats.md §4/§5;
    rules.md A STR004 (浑南区国资局 2022, S35).
    """

    code = "STR004"
    name = "missing-table"
    title = "章节有标题但缺少统计表"
    severity = "error"
    summary = "section 二/三/四 is present but its table is absent or empty"
    message = "第{number}部分“{title}”有标题，但{table}{why}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        first = ctx.first_headings
        for number, table in TABLE_OF_SECTION.items():
            h = first.get(number)
            if h is None or not _table_empty(ctx, table):
                continue
            keys = _table_keys(ctx, table)
            not_found = all(ctx.provenance(k).reason == TABLE_NOT_FOUND[table] for k in keys)
            yield self.finding(ctx, cells=keys, line=h.line, col=ctx.heading_col(h), number=number,
                               title=SECTION_TITLES[number], table=TABLE_NAMES[table],
                               why="未找到" if not_found else "中没有读到任何数字")


@register
class MissingRow(Rule):
    """## What it checks
    Every official row of table 二 and table 三 is printed when the table itself is. One
    finding per table, listing the missing rows and their cell keys. The three 2021 sub-rows
    of （六）其他处理 are not counted missing where the report prints （六） as one row (that is
    FMT002), nor are local extension rows such as Hubei's 其他主动公开文件.

    ## Why it matters
    Each row is a statutory figure; a dropped row (行政强制, a （五）不予处理 item, 四、结转下年度
    继续办理) leaves it unreported and breaks the table's own arithmetic.

    ## Example
    Failing: t3 printed without the row 3.要求提供公开出版物. Passing: the row printed, with
    zeros if nothing was refused for that reason.

    ## Basis
    The row lists of the 2021 and 2019 formats (formats.md §4, §5; cell-keys.md); rules.md A
    STR005.
    """

    code = "STR005"
    name = "missing-row"
    title = "统计表缺少法定行"
    severity = "error"
    summary = "an official row of table 二 or 三 is not printed"
    message = "{table}缺少{n}行：{rows}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for table in ("t2", "t3"):
            if _table_empty(ctx, table):
                continue  # STR004
            order = self._rows(ctx, table)
            missing = [row for row in order if self._absent(ctx, table, row)]
            if not missing:
                continue
            keys = [k for row in missing for k in self._keys(ctx, table, row)]
            names = [T2_ROW_NAMES.get(r, r) if table == "t2" else _t3_row_name(ctx, r) for r in missing]
            yield self.finding(ctx, cells=keys, line=self._near(ctx, table, order, missing[0]),
                               table=TABLE_NAMES[table], n=len(missing), rows="、".join(f"“{n}”" for n in names))

    @staticmethod
    def _rows(ctx: Context, table: str) -> list[str]:
        if table == "t2":
            return [r.key for r in ctx.spec.t2_rows if not r.extension]
        rows = [r.key for r in ctx.spec.t3_rows]
        if "t3.other.total" in ctx.report.cells and "other" not in rows:
            subs = ctx.spec.collapsed_rows().get("other", ())
            i = rows.index(subs[0]) if subs else len(rows)
            rows = [r for r in rows if r not in subs]
            rows.insert(i, "other")
        return rows

    @staticmethod
    def _keys(ctx: Context, table: str, row: str) -> list[str]:
        return [k for k in ctx.report.cells if k.startswith(f"{table}.{row}.")]

    def _absent(self, ctx: Context, table: str, row: str) -> bool:
        keys = self._keys(ctx, table, row)
        return bool(keys) and all((p := ctx.provenance(k)) is not None and p.method == "absent"
                                  and p.reason == "row not printed" for k in keys)

    def _near(self, ctx: Context, table: str, order: list[str], row: str) -> int | None:
        """The line of the nearest printed row before the missing one (else after it)."""
        i = order.index(row)
        for r in list(reversed(order[:i])) + order[i + 1:]:
            for k in self._keys(ctx, table, r):
                line = ctx.line_of(k)
                if line is not None:
                    return line
        return None


@register
class ExtraRow(Rule):
    """## What it checks
    Rows or columns the national format does not have but the report prints, read under
    ``x.`` keys: subtotal rows of （三）不予公开, （四）无法提供, （五）不予处理, （六）其他处理; a
    法人或其他组织小计 column in t3; Hubei's 其他主动公开文件 row in the 2019 t2. One finding per
    extra row or column.

    ## Why it matters
    Not a defect: local templates add them. But they are outside the national format, are
    not compared across reports, and carry their own arithmetic (checked by T3005), so a
    reviewer should know they are there.

    ## Example
    Flagged: a t3 with a （三）不予公开 line carrying its own numbers above 1.属于国家秘密.
    Passing: the national 25-row table.

    ## Basis
    cell-keys.md (extension keys under ``x.``); formats.md §4 ("accept and verify them,
    never require them"), §5 (Hubei); rules.md A STR006 (S26, S27).
    """

    code = "STR006"
    name = "extra-row"
    title = "印有国家格式以外的行或栏"
    severity = "info"
    summary = "a row or column not in the national format was printed (and read)"
    message = "{table}印有国家格式以外的{what}，已读取，不作要求，请核对"

    def check(self, ctx: Context) -> Iterator[Finding]:
        groups: dict[tuple[str, str, str], list[str]] = {}
        for key in ctx.report.cells:
            if not key.startswith("x."):
                continue
            _, table, row, col = (key.split(".", 3) + ["", "", ""])[:4]
            if table == "t3" and not row.endswith("_subtotal") and col not in ctx.spec.t3_columns:
                groups.setdefault(("column", table, col), []).append(key)
            else:
                groups.setdefault(("row", table, row), []).append(key)
        for (kind, table, name), keys in groups.items():
            line = next((ctx.line_of(k) for k in keys if ctx.line_of(k) is not None), None)
            yield self.finding(ctx, cells=keys, line=line, table=TABLE_NAMES.get(table, table),
                               what=self._what(ctx, kind, table, name))

    @staticmethod
    def _what(ctx: Context, kind: str, table: str, name: str) -> str:
        if kind == "column":
            return f"“{T3_COLUMN_NAMES.get(name, name)}”栏"
        if name.endswith("_subtotal"):
            group = name[: -len("_subtotal")]
            return f"“{T3_GROUP_NAMES.get(group, group)}”小计行"
        if table == "t2":
            label = next((r.labels[0] for r in ctx.spec.t2_rows if r.key == name), name)
            return f"“{label}”行"
        return f"“{name}”行"


@register
class LabelVariant(Rule):
    """## What it checks
    Known non-canonical labels printed in place of the format's: in t3, 其他法律法规禁止公开 or
    the typo 其他法律行政止公开 for 2.其他法律行政法规禁止公开; in t2, the fee header
    本年收费金额（单位：万元，保留4位小数）; and section 五 headed …改进措施 or …改进举措 instead of
    存在的主要问题及改进情况. One finding per label, at its line.

    ## Why it matters
    Not a defect in the figures: the variants mean the same row or section (the extractor
    reads them). They show a local template or a copying slip, and the short 法规 form drops
    行政法规 from the legal ground the row counts.

    ## Example
    Flagged: seed 004 (江左镇 2022) prints 2.其他法律法规禁止公开 and 本年收费金额(单位:万元,保留4位
    小数). Passing: 2.其他法律行政法规禁止公开; 本年收费金额（单位：万元）.

    ## Basis
    formats.md §4 (fee header note; labels as printed), §8 corrections 1 and 3; cell-keys.md
    (denied_law_prohibited, t2.fees.amount); rules.md A STR007 (seeds 000/003/004).
    """

    code = "STR007"
    name = "label-variant"
    title = "栏目或标题与法定格式的印法不同"
    severity = "info"
    summary = "a known non-canonical label is printed (其他法律法规禁止公开, 保留4位小数, 改进措施/举措)"
    message = "{where}印为“{printed}”，法定格式为“{canonical}”"

    # (table searched, pattern, label as printed, canonical label, where, cells' key prefix)
    LABELS = (
        ("t3", spaced("其他法律法规禁"), "其他法律法规禁止公开", "其他法律行政法规禁止公开",
         "表三“（三）不予公开”第2项", "t3.denied_law_prohibited."),
        ("t3", spaced("其他法律行政止公"), "其他法律行政止公开", "其他法律行政法规禁止公开",
         "表三“（三）不予公开”第2项", "t3.denied_law_prohibited."),
        ("t2", re.compile(r"本\s*年\s*收\s*费\s*金\s*额[^\n]{0,20}\n?[^\n]{0,20}?保\s*留\s*[4四]\s*位\s*小\s*数"),
         "本年收费金额（单位：万元，保留4位小数）", "本年收费金额（单位：万元）", "表二“行政事业性收费”栏目",
         "t2.fees.amount"),
    )
    HEADING_VARIANTS = ("改进措施", "改进举措")

    def check(self, ctx: Context) -> Iterator[Finding]:
        for table, pat, printed, canonical, where, prefix in self.LABELS:
            span = _table_span(ctx, table)
            if span is None:
                continue
            for m in pat.finditer(ctx.text, *span):
                line, col = ctx.match_at(m.start(), m.end())
                cells = [k for k in ctx.report.cells if k.startswith(prefix)]
                yield self.finding(ctx, cells=cells, line=line, col=col, where=where, printed=printed,
                                   canonical=canonical)
        for h in ctx.headings:
            if h.section == "五" and any(v in h.title for v in self.HEADING_VARIANTS):
                yield self.finding(ctx, line=h.line, col=ctx.heading_col(h), where=f"第{h.section}部分标题",
                                   printed=f"{h.printed_number}、{h.title}",
                                   canonical=f"{h.section}、{SECTION_TITLES[h.section]}")


@register
class UnitMissing(Rule):
    """## What it checks
    2019 format: 政府集中采购 采购总金额 printed as a bare number, with no 元 or 万元 in the cell.
    The 2019 header prints no unit, so the unit can only come from the cell.

    ## Why it matters
    Without a unit the amount is ambiguous by a factor of 10 000 (251000 元 is 25.1 万元);
    the figure cannot be converted to 万元 or compared, and is kept as printed.

    ## Example
    Failing: 政府集中采购 39 2192.63. Passing: 39 2192.63 万元 (seed 003), 251000元, or 0 (zero
    needs no unit).

    ## Basis
    formats.md §5 ("No unit is printed in the 采购总金额 header … absent unit ⇒ unknown") and §8
    correction 5; cell-keys.md (t2.procurement.amount); rules.md A STR008.
    """

    code = "STR008"
    name = "unit-missing"
    title = "采购总金额未注明单位"
    severity = "warning"
    summary = "2019 format: 采购总金额 printed without a unit"
    message = "表二“政府集中采购”采购总金额印为“{printed}”，未注明单位（元或万元），无法确定金额"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.report.format != "2019":
            return
        key = "t2.procurement.amount"
        prov = ctx.provenance(key)
        if not ctx.value(key) or prov is None or prov.text is None:
            return  # blank, or 0 (zero in any unit)
        if "元" in prov.text:
            return
        yield self.finding(ctx, cells=[key], actual=ctx.value(key), printed=prov.text.strip())


# The methods extract/values.py gives the cells of a glued digit run it could not split.
GLUED_UNREAD = {"glued-no-split": "没有一种拆法能使该行的合计成立", "glued-unsplit": "可能的拆法过多，无法在限定步数内确定"}


@register
class GluedRowUnread(Rule):
    """## What it checks
    A row printed as one run of glued digits (crawler text: ``（一）予以公开00000011``) that
    could not be cut into the row's cells: no cut makes the row's sums hold, or the search
    for one ran past its bound. Its cells are left null, each with the reason; one finding
    per row.

    ## Why it matters
    The row's figures are printed but not read: the report prints a figure that does not add
    up, or the source lost the separators between the cells. Any split would be a guess, so
    a reviewer must read the row in the original.

    ## Example
    Flagged: （一）予以公开00000011 as seven cells (the only cut, 0|0|0|0|0|0|11, does not add up
    to 11). Passing: （一）予以公开713000020 (7|13|0|0|0|0|20).

    ## Basis
    Extraction practice (issue 11: no value from glued digits without a split whose sums hold);
    cell-keys.md: a cell not read is null with its reason.
    """

    code = "STR009"
    name = "glued-row-unread"
    title = "统计表某行数字粘连，无法拆分"
    severity = "warning"
    summary = "a row printed as glued digits that no split into its cells fits"
    message = "{table}“{row}”行的数字连在一起（“{printed}”），{why}，该行未读取"

    def check(self, ctx: Context) -> Iterator[Finding]:
        rows: dict[str, list[str]] = {}
        for key, value in ctx.report.cells.items():
            if value is None:
                p = ctx.provenance(key)
                if p is not None and p.method.split("+")[0] in GLUED_UNREAD:
                    rows.setdefault(key.rsplit(".", 1)[0], []).append(key)
        for row, keys in rows.items():
            p = ctx.provenance(keys[0])
            assert p is not None
            table, name = row.removeprefix("x.").split(".", 1)
            if table == "t3":
                name = _t3_row_name(ctx, name)
            else:
                name = (T2_ROW_NAMES if table == "t2" else T4_GROUP_NAMES).get(name, name)
            yield self.finding(ctx, cells=keys, artifact=True, table=TABLE_NAMES.get(table, table), row=name,
                               printed=p.text or "", why=GLUED_UNREAD[p.method.split("+")[0]])
