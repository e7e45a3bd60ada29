"""Rules on the format version the report follows (rules.md §A, FMT): the version of the
tables against the reported year, tables 二 and 三 in different versions, and a preamble
citing the replaced 2019 notice."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.rules.catalog import Finding, Rule, register
from gongkai.rules.context import Context, spaced
from gongkai.spec import FormatSpec, load_format, versions


def _format_for_year(year: int) -> FormatSpec | None:
    """The format in force for a reported year: the newest whose first year is ≤ it."""
    fitting = [load_format(v) for v in versions() if load_format(v).first_year <= year]
    return max(fitting, key=lambda f: f.first_year, default=None)


@register
class VersionVsYear(Rule):
    """## What it checks
    The format version of the tables, as decided by table 二's column headers, against the
    reported year: the 2019 trial format for a year ≥ 2021, or the 2021 format for 2019 or
    2020. Only judged when the version came from the t2 headers (``meta.format_basis`` is
    ``t2-headers``), never when it was guessed from the year.

    ## Why it matters
    Each year must be reported in the format in force for it; a report in the wrong format
    lacks the figures the current one asks for (2021 dropped 其他对外管理服务事项 and 政府集中采购
    and added 本年制发/废止/现行有效), so its tables cannot be compared or totalled with others.

    ## Example
    Failing: a 2022 report whose t2 prints 本年新制作数量 · 本年新公开数量 · 对外公开总数量.
    Passing: the same report printing 本年制发件数 · 本年废止件数 · 现行有效件数.

    ## Basis
    国办公开办函〔2021〕30号 (dated 2021-09-26) replaces the 〔2019〕60号 trial format from the
    2021 report on; formats.md §2 (which format applies), rules.md A FMT001.
    """

    code = "FMT001"
    name = "version-vs-year"
    title = "表格格式与报告年度不符"
    severity = "error"
    summary = "tables use the format of another period (2019 layout for ≥ 2021, or 2021 layout for 2019/2020)"
    message = "{year}年度报告应使用{expected}年格式（{expected_doc}），但表二按{actual}年格式（{actual_doc}）填报"

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
    """## What it checks
    Table 二 in one format version and table 三 in the other: a 2021-format report (by its
    t2 headers) whose t3 prints （六）其他处理 as one row (the 2019 layout), or a 2019-format
    report whose t3 splits （六） into the 2021 sub-rows (逾期不补正, 逾期未按收费通知缴纳费用).

    ## Why it matters
    Half of the report follows a template that is not in force. A single （六） row hides
    how many applications were dropped for missing corrections or unpaid fees, which the
    2021 format asks for; the figures still add up, so it is a warning, not an error.

    ## Example
    Failing: 淮安市洪泽区 2023 and 2024 print 本年制发件数 in t2 but one （六）其他处理 row in t3.
    Passing: the same report with the three rows 1.申请人无正当理由逾期不补正… 2.申请人逾期未按
    收费通知要求缴纳费用… 3.其他.

    ## Basis
    formats.md §2 (the （六） row count is not decisive for the version; 洪泽区 S34) and §4/§5
    (t3 rows 21–23 are 2021 only); rules.md A FMT002.
    """

    code = "FMT002"
    name = "mixed-layout"
    title = "表二与表三所用格式版本不一致"
    severity = "warning"
    summary = "table 二 and table 三 follow different format versions"
    message = "表二为{t2}年格式，表三却为{t3}年格式：{detail}"

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
    """## What it checks
    A report on 2021 or later whose preamble cites 国办公开办函〔2019〕60号, the trial format's
    notice, as the format it follows. A report that cites no format document is not flagged:
    the citation belongs to the customary preamble, not to the format, and most real reports
    (every seed, 上海市科委 2024) cite only the 条例.

    ## Why it matters
    Citing the replaced notice usually means the text was copied from a 2019/2020 report;
    check that the tables are in the 2021 format (太平镇 2022 cites 60号 but prints 2021 tables).

    ## Example
    Failing: a 2022 report "按照…国办公开办函〔2019〕60号要求编制". Passing: the same citing
    国办公开办函〔2021〕30号, or citing only the 条例.

    ## Basis
    国办公开办函〔2021〕30号 replaces the 60号 trial format from the 2021 report on (formats.md §2;
    §3 "Common (non-mandatory) preamble"); rules.md A FMT003 (S24, 太平镇 2022).
    """

    code = "FMT003"
    name = "stale-citation"
    title = "引用已被替代的2019年试行格式通知"
    severity = "info"
    summary = "a 2021-or-later report cites the replaced 2019 format notice (〔2019〕60号)"
    message = "{year}年度报告引用了已被替代的{actual}（2019年试行格式），应为{expected}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        meta = ctx.report.meta
        year, cited = meta.get("year"), meta.get("cited_format")
        old, new = load_format("2019"), load_format("2021")
        if year is None or year < new.first_year or cited != old.document:
            return
        m = spaced("〔2019〕60号", "[2019]60号", "(2019)60号", "【2019】60号").search(ctx.text)
        line, col = ctx.match_at(m.start(), m.end()) if m else (None, None)
        yield self.finding(ctx, line=line, col=col, expected=new.document, actual=cited, year=year)
