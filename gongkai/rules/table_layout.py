"""Rules on what the tables print (rules.md §A, STR004–STR009): each table under its section,
every official row, rows and columns outside the national format, known label variants, the
unit of the 2019 采购总金额, and rows whose glued digits could not be read."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.rules.catalog import Finding, Rule, example_fields, register
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
    return ctx.keys_with(f"{table}.")


def _table_empty(ctx: Context, table: str) -> bool:
    """Every national cell of the table is absent: not found, or found with nothing read."""
    keys = _table_keys(ctx, table)
    return bool(keys) and all((p := ctx.provenance(k)) is not None and p.method == "absent" for k in keys)


@register
class MissingTable(Rule):
    """## 检查内容 / What it checks
    第二、三、四部分各应有一张法定统计表（表二、表三、表四）。印了标题却找不到表格，
    或表格中一个数字也没有读到的，提示。（没有标题的部分由 STR001 提示。）

    Sections 二, 三 and 四 each carry a statutory table; flags a heading printed with no table, or
    a table with no numbers read.

    ## 为什么重要 / Why it matters
    统计表就是报告的数据；只有标题、没有表格，等于什么也没报告（有的网页只显示三个标题而没有表格）。

    The tables are the report's figures; a heading without its table reports nothing.

    ## 示例 / Example
    不符：“三、收到和处理政府信息公开申请情况”之后直接是“四、……”。相符：标题下有25行的申请情况表。

    Failing: heading 三 followed directly by 四. Passing: the heading and its table.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表二至表四；
    《关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）
    所附《中华人民共和国政府信息公开工作年度报告格式（试行）》。

    Tables 二–四 are part of both formats.
    """

    code = "STR004"
    name = "missing-table"
    title = "章节有标题但缺少统计表"
    severity = "error"
    summary = "section 二/三/四 is present but its table is absent or empty"
    message = "第{number}部分“{title}”有标题，但{table}{why}"
    example = example_fields(number="三", title="收到和处理政府信息公开申请情况", table="表三", why="未找到")

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
    """## 检查内容 / What it checks
    表二、表三印出时，每一法定行都应印出。每张表一条提示，列出缺少的行。报告把（六）只印一行时，
    不把2021年格式的三个子行算作缺失（那是 FMT002）；地方增加的行也不要求。

    Every official row of table 二 and 三 is printed when the table is; one finding per table
    listing the missing rows.

    ## 为什么重要 / Why it matters
    每一行都是法定统计项；漏掉一行（行政强制、（五）不予处理的某一项、四、结转下年度继续办理），
    该项就没有报告，表格自身的勾稽关系也不成立。

    Each row is a statutory figure; a dropped row leaves it unreported and breaks the table's arithmetic.

    ## 示例 / Example
    不符：表三缺“3.要求提供公开出版物”一行。相符：印出该行，没有的填0。

    Failing: table 三 without the row 3.要求提供公开出版物. Passing: the row printed, with zeros.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表二、表三的行目；
    《关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）
    所附《中华人民共和国政府信息公开工作年度报告格式（试行）》。

    The row lists of the 2021 and 2019 formats.
    """

    code = "STR005"
    name = "missing-row"
    title = "统计表缺少法定行"
    severity = "error"
    summary = "an official row of table 二 or 三 is not printed"
    message = "{table}缺少{n}行：{rows}"
    example = example_fields(table="表三", n=1, rows="“3.要求提供公开出版物”")

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
        return ctx.keys_with(f"{table}.{row}.")

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
    """## 检查内容 / What it checks
    报告印有国家格式没有的行或栏，并已读取：（三）至（六）的小计行、表三“法人或其他组织小计”栏、
    湖北省2019年表二的“其他主动公开文件”行。每一额外的行或栏一条提示。

    Rows or columns the national format does not have but the report prints (subtotal rows, a
    法人或其他组织小计 column, Hubei's 其他主动公开文件 row); one finding each.

    ## 为什么重要 / Why it matters
    不是错误：地方模板会增加这些行栏。但它们不在国家格式内，不参与报告间比较，
    且有自己的算术关系（由 T3005 检查），审核人员应当知道。

    Not a defect, but outside the national format and with arithmetic of its own (T3005).

    ## 示例 / Example
    提示：表三在“1.属于国家秘密”之上印有一行带数字的“（三）不予公开”。相符：国家格式的25行表。

    Flagged: a （三）不予公开 line with its own numbers. Passing: the national 25-row table.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表二、表三（国家格式的行栏）；
    地方模板（如湖北省2019年模板）增加的行栏。

    The national tables; local templates' additions.
    """

    code = "STR006"
    name = "extra-row"
    title = "印有国家格式以外的行或栏"
    severity = "info"
    summary = "a row or column not in the national format was printed (and read)"
    message = "{table}印有国家格式以外的{what}，已读取，不作要求，请核对"
    example = example_fields(table="表三", what="“（三）不予公开”小计行")

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
    """## 检查内容 / What it checks
    印有已知的非法定写法：表三“其他法律法规禁止公开”（或笔误“其他法律行政止公开”），
    应为“2.其他法律行政法规禁止公开”；表二收费栏“本年收费金额（单位：万元，保留4位小数）”；
    第五部分标题写成“……改进措施”“……改进举措”，应为“存在的主要问题及改进情况”。每处一条提示。

    Known non-canonical labels printed in place of the format's; one finding per label.

    ## 为什么重要 / Why it matters
    数字本身没有错：这些写法指的是同一行或同一部分（gongkai 能读取）。
    但它说明用了地方模板或抄写有误，且“法律法规”的简写漏掉了该行所计的法定理由“行政法规”。

    Not a defect in the figures, but a local template or a copying slip; the short 法规 form drops
    行政法规 from the legal ground the row counts.

    ## 示例 / Example
    提示：某镇2022年报告印“2.其他法律法规禁止公开”和“本年收费金额(单位:万元,保留4位小数)”。相符：
    “2.其他法律行政法规禁止公开”；“本年收费金额（单位：万元）”。

    Flagged: 2.其他法律法规禁止公开. Passing: 2.其他法律行政法规禁止公开.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表二、表三的行栏名称及第五部分标题。

    The labels of the 2021 format.
    """

    code = "STR007"
    name = "label-variant"
    title = "栏目或标题与法定格式的印法不同"
    severity = "info"
    summary = "a known non-canonical label is printed (其他法律法规禁止公开, 保留4位小数, 改进措施/举措)"
    message = "{where}印为“{printed}”，法定格式为“{canonical}”"
    example = example_fields(where="表三", printed="其他法律法规禁止公开", canonical="其他法律行政法规禁止公开")

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
                cells = ctx.keys_with(prefix)
                yield self.finding(ctx, cells=cells, line=line, col=col, where=where, printed=printed,
                                   canonical=canonical)
        for h in ctx.headings:
            if h.section == "五" and any(v in h.title for v in self.HEADING_VARIANTS):
                yield self.finding(ctx, line=h.line, col=ctx.heading_col(h), where=f"第{h.section}部分标题",
                                   printed=f"{h.printed_number}、{h.title}",
                                   canonical=f"{h.section}、{SECTION_TITLES[h.section]}")


@register
class UnitMissing(Rule):
    """## 检查内容 / What it checks
    2019年试行格式表二“政府集中采购”的采购总金额只印了数字，单元格里没有“元”或“万元”。
    该格式的栏目不印单位，单位只能从单元格中得知。

    2019 trial format: 采购总金额 printed as a bare number; the header prints no unit.

    ## 为什么重要 / Why it matters
    没有单位，金额可能相差一万倍（251000元即25.1万元），无法换算或比较，只能按原样保留。

    Without a unit the amount is ambiguous by a factor of 10 000.

    ## 示例 / Example
    不符：“政府集中采购 39 2192.63”。相符：“2192.63万元”“251000元”，或0（0不需要单位）。

    Failing: 39 2192.63. Passing: 2192.63 万元, 251000元, or 0.

    ## 依据 / Basis
    《关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）
    所附《中华人民共和国政府信息公开工作年度报告格式（试行）》表二“政府集中采购”行（栏目未印单位）。

    Table 二 of the 2019 trial format (no unit in the header).
    """

    code = "STR008"
    name = "unit-missing"
    title = "采购总金额未注明单位"
    severity = "warning"
    summary = "2019 format: 采购总金额 printed without a unit"
    message = "表二“政府集中采购”采购总金额印为“{printed}”，未注明单位（元或万元），无法确定金额"
    example = example_fields(printed="2192.63")

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
GLUED_UNREAD = {"glued-no-split": "没有一种拆法能使该行的合计成立", "glued-unsplit": "可能的拆法过多，无法在限定步数内确定",
                "glued-unreadable": "没有一种拆法符合该行各栏的写法"}


@register
class GluedRowUnread(Rule):
    """## 检查内容 / What it checks
    统计表的一行印成一串粘连的数字（网页抓取文本常见，如“（一）予以公开00000011”），无法拆成该行的各个
    单元格：没有一种拆法能使该行的合计成立，没有一种拆法符合各栏的写法，或可能的拆法过多、在限定步数内
    无法确定。该行单元格留空并注明原因，每行报告一次。

    A row printed as one run of glued digits that could not be cut into the row's cells (no cut
    makes its sums hold or fits its columns, or the search ran past its bound). Its cells are
    left null, each with the reason; one finding per row.

    ## 为什么重要 / Why it matters
    该行的数字印出来了却没有读取：要么报告印的数字本身合计不符，要么来源丢失了单元格之间的分隔。任何拆法
    都是猜测，审阅人员须对照原文阅读该行。可能是原文排版或提取造成的，故为警告。

    The row's figures are printed but not read; any split would be a guess, so a reviewer must
    read the row in the original.

    ## 示例 / Example
    提示：“（一）予以公开00000011”共七栏，唯一的拆法0|0|0|0|0|0|11合计不等于11。相符：
    “（一）予以公开713000020”拆为7|13|0|0|0|0|20。

    Flagged: （一）予以公开00000011 (the only cut, 0|0|0|0|0|0|11, does not add up). Passing:
    （一）予以公开713000020 (7|13|0|0|0|0|20).

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》
    （国办公开办函〔2021〕30号）所附表三的栏目与勾稽关系：只有使合计成立的拆法才可采信。

    The columns and identities of table 三 in the 2021 format: only a split whose sums hold can
    be trusted.
    """

    code = "STR009"
    name = "glued-row-unread"
    title = "统计表某行数字粘连，无法拆分"
    severity = "warning"
    summary = "a row printed as glued digits that no split into its cells fits"
    message = "{table}“{row}”行的数字连在一起（“{printed}”），{why}，该行未读取"
    example = example_fields(table="表三", row="（一）予以公开", printed="00000011",
                             why="没有一种拆法能使该行的合计成立")

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
