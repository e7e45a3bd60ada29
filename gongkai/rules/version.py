"""Rules on the format version the report follows (rules.md §A, FMT): the version of the
tables against the reported year, tables 二 and 三 in different versions, and a preamble
citing the replaced 2019 notice."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.rules.catalog import Finding, Rule, example_fields, register
from gongkai.rules.context import Context, spaced
from gongkai.spec import FormatSpec, load_format, versions


def _format_for_year(year: int) -> FormatSpec | None:
    """The format in force for a reported year: the newest whose first year is ≤ it."""
    fitting = [load_format(v) for v in versions() if load_format(v).first_year <= year]
    return max(fitting, key=lambda f: f.first_year, default=None)


@register
class VersionVsYear(Rule):
    """## 检查内容 / What it checks
    按表二栏目判断的表格格式版本与报告年度不符：2021年度及以后用了2019年试行格式，或2019、
    2020年度用了2021年格式。只在格式版本确实由表二栏目判断时检查，不按年度推测。

    The tables' format version, judged from table 二's column headers, against the year: the 2019
    trial format for a year ≥ 2021, or the 2021 format for 2019 or 2020.

    ## 为什么重要 / Why it matters
    每个年度应使用当时有效的格式；用错格式的报告缺少现行格式要求的数字（2021年格式删去“其他对外管理
    服务事项”“政府集中采购”，增加“本年制发、本年废止、现行有效”），无法与其他报告比较、汇总。

    A report in the wrong format lacks the figures the current one asks for and cannot be compared
    or totalled with others.

    ## 示例 / Example
    不符：2022年度报告表二印“本年新制作数量、本年新公开数量、对外公开总数量”。相符：
    印“本年制发件数、本年废止件数、现行有效件数”。

    Failing: a 2022 report whose table 二 prints the 2019 columns. Passing: the 2021 columns.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）（2021年9月26日成文），
    自2021年度报告起取代《关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）
    所附《中华人民共和国政府信息公开工作年度报告格式（试行）》。

    The 2021 notice replaces the 2019 trial format from the 2021 report on.
    """

    code = "FMT001"
    name = "version-vs-year"
    title = "表格格式与报告年度不符"
    severity = "error"
    summary = "tables use the format of another period (2019 layout for ≥ 2021, or 2021 layout for 2019/2020)"
    message = "{year}年度报告应使用{expected}年格式（{expected_doc}），但表二按{actual}年格式（{actual_doc}）填报"
    example = example_fields(year=2022,
                             expected="2021",
                             expected_doc="国办公开办函〔2021〕30号",
                             actual="2019",
                             actual_doc="国办公开办函〔2019〕60号")

    def check(self, ctx: Context) -> Iterator[Finding]:
        meta = ctx.report.meta
        year, version = meta.get("year"), ctx.report.format
        if meta.get("format_basis") != "t2-headers" or year is None or version is None:
            return
        due = _format_for_year(year)
        if due is None or due.version == version:
            return
        used = load_format(version)
        line, col = _cue_line(ctx, used)
        yield self.finding(ctx, line=line, col=col, expected=due.version, actual=version, year=year,
                           expected_doc=due.document, actual_doc=used.document)


def _cue_line(ctx: Context, spec: FormatSpec) -> tuple[int | None, tuple[int, int] | None]:
    """Where table 二 prints the first column header that identifies ``spec``'s version."""
    span = ctx.section_span("二") or (0, len(ctx.text))
    pat = spaced(*spec.cues)
    m = pat.search(ctx.text, span[0]) or pat.search(ctx.text)
    if m is None:
        return None, None
    return ctx.match_at(m.start(), m.end())


@register
class MixedLayout(Rule):
    """## 检查内容 / What it checks
    表二与表三所用格式版本不同：表二为2021年格式而表三“（六）其他处理”
    只印一行（2019年试行格式的印法），或表二为2019年格式而表三把（六）分列为2021年格式的子项。

    Table 二 in one format version and table 三 in the other (a single （六）其他处理 row under a
    2021 table 二, or the 2021 sub-rows under a 2019 table 二).

    ## 为什么重要 / Why it matters
    报告有一半沿用了已不适用的模板。（六）只印一行，就看不出有多少申请因逾期不补正、
    逾期未缴费而终止，而2021年格式要求分列；各数仍能相加，故为警告。

    A single （六） row hides how many applications were dropped for missing corrections or unpaid
    fees, which the 2021 format asks for; the figures still add up, hence a warning.

    ## 示例 / Example
    不符：某区2023、2024年报告表二印“本年制发件数”，表三却只有一行“（六）其他处理”。相符：（六）
    下分列“1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请”
    “2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”“3.其他”三行。

    Failing: 本年制发件数 in table 二 but one （六）其他处理 row in table 三. Passing: the three rows.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表二、表三；
    《关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）
    所附《中华人民共和国政府信息公开工作年度报告格式（试行）》。

    Tables 二 and 三 of the 2021 format and of the 2019 trial format.
    """

    code = "FMT002"
    name = "mixed-layout"
    title = "表二与表三所用格式版本不一致"
    severity = "warning"
    summary = "table 二 and table 三 follow different format versions"
    message = "表二为{t2}年格式，表三却为{t3}年格式：{detail}"
    example = example_fields(t2="2021", t3="2019", detail="“（六）其他处理”只印一行，未分列“逾期不补正”“逾期未缴费”“其他”三项")

    # the labels of the 2021 sub-rows 1 and 2 of （六）其他处理; both must be printed
    SUB_ROWS = (spaced("无正当理由逾期不补正"), spaced("逾期未按收费通知要求缴纳费用"))

    def check(self, ctx: Context) -> Iterator[Finding]:
        report = ctx.report
        if report.meta.get("format_basis") != "t2-headers":
            return
        keys = [f"t3.other.{c}" for c in ctx.spec.t3_columns]
        if report.format == "2021" and "t3.other.total" in report.cells:
            yield self.finding(ctx, cells=keys, t2="2021", t3="2019",
                               detail="“（六）其他处理”只印一行，未分列“逾期不补正”“逾期未缴费”“其他”三项")
        elif report.format == "2019":
            span = ctx.section_span("三")
            if span is None:
                return
            found = [p.search(ctx.text, *span) for p in self.SUB_ROWS]
            m = found[0]
            if m is None or not all(found):
                return
            line, col = ctx.match_at(m.start(), m.end())
            yield self.finding(ctx, cells=[k for k in keys if k in report.cells], line=line, col=col, t2="2019",
                               t3="2021", detail="“（六）其他处理”分列了2021年格式的“逾期不补正”“逾期未缴费”等子项")


@register
class StaleCitation(Rule):
    """## 检查内容 / What it checks
    2021年度及以后的报告在开头引用已被替代的国办公开办函〔2019〕60号作为编制依据。只引用条例、
    不引用格式文件的不提示。

    A report on 2021 or later whose preamble cites 国办公开办函〔2019〕60号 as its format. A report
    citing only the Regulations is not flagged.

    ## 为什么重要 / Why it matters
    引用旧通知往往说明正文是从2019、2020年度报告照抄的；
    请核对表格是否为2021年格式（有的报告引用60号，表格却是2021年格式）。

    Citing the replaced notice usually means the text was copied from an older report; check the tables' format.

    ## 示例 / Example
    不符：2022年度报告写“按照……国办公开办函〔2019〕60号要求编制”。相符：
    引用国办公开办函〔2021〕30号，或只引用条例。

    Failing: a 2022 report "按照…国办公开办函〔2019〕60号要求编制". Passing: citing 〔2021〕30号.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）自2021年度报告起取代《关于政府信息公开工作年度报告有关事项的
    通知》（国办公开办函〔2019〕60号）所附《中华人民共和国政府信息公开工作年度报告格式（试行）》。

    The 2021 notice replaces the 2019 trial format from the 2021 report on.
    """

    code = "FMT003"
    name = "stale-citation"
    title = "引用已被替代的2019年试行格式通知"
    severity = "info"
    summary = "a 2021-or-later report cites the replaced 2019 format notice (〔2019〕60号)"
    message = "{year}年度报告引用了已被替代的{actual}（2019年试行格式），应为{expected}"
    example = example_fields(year=2022, actual="国办公开办函〔2019〕60号", expected="国办公开办函〔2021〕30号")

    def check(self, ctx: Context) -> Iterator[Finding]:
        meta = ctx.report.meta
        year, cited = meta.get("year"), meta.get("cited_format")
        old, new = load_format("2019"), load_format("2021")
        if year is None or year < new.first_year or cited != old.document:
            return
        m = spaced("〔2019〕60号", "[2019]60号", "(2019)60号", "【2019】60号").search(ctx.text)
        line, col = ctx.match_at(m.start(), m.end()) if m else (None, None)
        yield self.finding(ctx, line=line, col=col, expected=new.document, actual=cited, year=year)
