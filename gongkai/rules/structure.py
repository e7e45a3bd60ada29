"""Rules on the report's version and structure (rules.md §A): which format version the
tables follow, the six statutory sections, and which rows and labels the tables print."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.rules import Finding, Rule, register
from gongkai.rules.context import SECTIONS, Context, Heading
from gongkai.rules.table2 import ROW_NAMES as T2_ROW_NAMES
from gongkai.spec import FormatSpec, load_format, versions

SECTION_TITLES = {number: title for number, title, _ in SECTIONS}
SECTION_ORDER = tuple(number for number, _, _ in SECTIONS)
NUMERALS = "一二三四五六七八九十"
TABLE_OF_SECTION = {"二": "t2", "三": "t3", "四": "t4"}
# Words the content of each section holds (all must occur), to tell a lost heading from a
# missing section.
CONTENT_WORDS = {"一": ("总体",), "二": ("主动公开",), "三": ("申请",), "四": ("复议|诉讼",),
                 "五": ("问题", "改进"), "六": ("其[他它]",)}
TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
# The reason extract/__init__.py gives every cell of a table it did not find.
TABLE_NOT_FOUND = {"t2": "表二未找到", "t3": "表三未找到", "t4": "表四未找到"}

T3_GROUP_NAMES = {"denied": "（三）不予公开", "unable": "（四）无法提供", "rejected": "（五）不予处理",
                  "other": "（六）其他处理"}
T3_ROW_NAMES = {"new_received": "一、本年新收政府信息公开申请数量", "carried_over": "二、上年结转政府信息公开申请数量",
                "granted": "（一）予以公开", "partly_granted": "（二）部分公开", "other": "（六）其他处理",
                "results_total": "（七）总计", "carried_forward": "四、结转下年度继续办理"}
T3_COLUMN_NAMES = {"org_subtotal": "法人或其他组织小计"}


def _pattern(*phrases: str) -> re.Pattern[str]:
    """Phrases that may be printed with spaces or line breaks between their characters."""
    return re.compile("|".join(r"\s*".join(map(re.escape, p)) for p in phrases))




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


def _heading_col(ctx: Context, h: Heading) -> tuple[int, int]:
    """The span of a printed heading (number, 、 and title) within its line."""
    text, need, pos = ctx.text, len(h.title), h.offset
    m = re.compile(r"[一二三四五六七八九十]\s*[、.．]\s*\**").match(text, pos)
    pos = m.end() if m else pos + 2
    while need and pos < len(text) and text[pos] != "\n":
        if not text[pos].isspace():
            need -= 1
        pos += 1
    end_line, end_col = ctx.locate(pos)
    return h.col, end_col if end_line == h.line else len(ctx.doc.lines[h.line - 1].text)


def _at(ctx: Context, offset: int, end: int) -> tuple[int, tuple[int, int]]:
    """(line, col span) of a match in ``ctx.text``; the span is cut at the line's end."""
    line, col = ctx.locate(offset)
    end_line, end_col = ctx.locate(end)
    return line, (col, end_col if end_line == line else len(ctx.doc.lines[line - 1].text))


def _first_headings(ctx: Context) -> dict[str, Heading]:
    out: dict[str, Heading] = {}
    for h in ctx.headings:
        out.setdefault(h.section, h)
    return out


def _format_for_year(year: int) -> FormatSpec | None:
    """The format in force for a reported year: the newest whose first year is ≤ it."""
    fitting = [load_format(v) for v in versions() if load_format(v).first_year <= year]
    return max(fitting, key=lambda f: f.first_year, default=None)


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


# --------------------------------------------------------------------------- version


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
    pat = _pattern(*spec.cues)
    m = pat.search(ctx.text, span[0]) or pat.search(ctx.text)
    if m is None:
        return None, None
    return _at(ctx, m.start(), m.end())


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
    severity = "warning"
    summary = "table 二 and table 三 follow different format versions"
    message = "表二为{t2}年格式，表三却为{t3}年格式：{detail}"

    # the labels of the 2021 sub-rows 1 and 2 of （六）其他处理; both must be printed
    SUB_ROWS = (_pattern("无正当理由逾期不补正"), _pattern("逾期未按收费通知要求缴纳费用"))

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
            if not all(found):
                return
            m = found[0]
            line, col = _at(ctx, m.start(), m.end())
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
    severity = "info"
    summary = "a 2021-or-later report cites the replaced 2019 format notice (〔2019〕60号)"
    message = "{year}年度报告引用了已被替代的{actual}（2019年试行格式），应为{expected}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        meta = ctx.report.meta
        year, cited = meta.get("year"), meta.get("cited_format")
        old, new = load_format("2019"), load_format("2021")
        if year is None or year < new.first_year or cited != old.document:
            return
        m = _pattern("〔2019〕60号", "[2019]60号", "(2019)60号", "【2019】60号").search(ctx.text)
        line, col = _at(ctx, m.start(), m.end()) if m else (None, None)
        yield self.finding(ctx, line=line, col=col, expected=new.document, actual=cited, year=year)


# --------------------------------------------------------------------------- sections


@register
class MissingSection(Rule):
    """## What it checks
    Each of the six statutory sections (一、总体情况 … 六、其他需要报告的事项) has a heading. A
    heading is recognised by its title, whatever number it prints (reports renumber), with
    the accepted title variants of formats.md §3. Where the numbering of the surrounding
    headings skips exactly the missing number (三、… then 五、…) and the text between them
    holds the section's content (for 五: both 问题 and 改进), the heading was most likely lost
    in conversion: then the finding is a warning marked as a possible artifact.

    ## Why it matters
    The 条例 lists what the report must contain, and the 2021 notice says the content must
    follow it "不能遗漏"; a reader cannot find, say, the problems and improvements if the
    section is not there.

    ## Example
    Failing: a report going from 四、政府信息公开行政复议、行政诉讼情况 straight to
    六、其他需要报告的事项. Passing: with 五、存在的主要问题及改进情况 between them.

    ## Basis
    《政府信息公开条例》第五十条; 国办公开办函〔2021〕30号 ("不能遗漏，也不宜泛化"); formats.md §3.
    """

    code = "STR001"
    name = "missing-section"
    severity = "error"
    summary = "one of the six statutory sections has no heading"
    message = "未找到第{number}部分“{title}”的标题{detail}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        first = _first_headings(ctx)
        if not first:
            # nothing recognisable at all: one finding, not six
            yield self.finding(ctx, line=None, number="一至六", title="、".join(SECTION_TITLES.values()),
                               detail="（全文未识别出任何法定章节标题）")
            return
        for i, number in enumerate(SECTION_ORDER):
            if number in first:
                continue
            before = next((first[n] for n in reversed(SECTION_ORDER[:i]) if n in first), None)
            after = next((first[n] for n in SECTION_ORDER[i + 1:] if n in first), None)
            lost = (before is not None and after is not None and after.offset > before.offset
                    and NUMERALS.find(after.printed_number) - NUMERALS.find(before.printed_number) == 2
                    and all(re.search(w, ctx.text[before.offset:after.offset]) for w in CONTENT_WORDS[number]))
            where = after or before
            if lost:
                skipped = NUMERALS[NUMERALS.find(before.printed_number) + 1]
                detail = (f"；前后标题编号从“{before.printed_number}、”跳到“{after.printed_number}、”，"
                          f"“{skipped}、”标题可能在转换中丢失")
            elif after is not None:
                detail = f"（应在第{after.line}行“{after.printed_number}、{after.title}”之前）"
            else:
                detail = f"（应在第{before.line}行“{before.printed_number}、{before.title}”之后）"
            yield self.finding(ctx, line=where.line, col=_heading_col(ctx, where), number=number,
                               title=SECTION_TITLES[number], detail=detail, artifact=lost,
                               severity="warning" if lost else None)


@register
class SectionOrder(Rule):
    """## What it checks
    The six statutory sections appear in the order 一 … 六 and each heading prints its
    statutory number: 主动公开政府信息情况 is 二、, 收到和处理政府信息公开申请情况 is 三、, and so
    on. One finding per report, listing every out-of-order or renumbered heading.

    ## Why it matters
    The format fixes the numbering so that readers and reviewers find the same part under
    the same number in every report; tables numbered 一、二、三 after a narrative that is
    itself numbered 一 … 六 make "section 二" ambiguous.

    ## Example
    Failing: 上海市科委 2024 prints 一、总体情况 (with five more narrative parts), then its tables
    under 一、主动公开政府信息情况, 二、收到和处理…, 三、…行政复议、行政诉讼情况 and ends with
    五、其他需要报告的事项. Passing: 二、主动公开政府信息情况 … 六、其他需要报告的事项.

    ## Basis
    国办公开办函〔2021〕30号 (the six numbered parts); formats.md §3 (order); rules.md A STR002.
    """

    code = "STR002"
    name = "section-order"
    severity = "warning"
    summary = "sections out of statutory order, or printed with another number"
    message = "章节顺序或编号与法定格式不符：{detail}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        first = list(_first_headings(ctx).values())  # in printed order
        problems: list[tuple[Heading, str]] = []
        latest = -1
        for h in first:
            rank = SECTION_ORDER.index(h.section)
            if rank < latest:
                problems.append((h, f"第{h.line}行“{h.title}”排在后续章节之后"))
            latest = max(latest, rank)
            if h.printed_number != h.section:
                problems.append((h, f"第{h.line}行“{h.title}”编为“{h.printed_number}、”（应为“{h.section}、”）"))
        if problems:
            h = min((p[0] for p in problems), key=lambda x: x.offset)
            yield self.finding(ctx, line=h.line, col=_heading_col(ctx, h), detail="；".join(p[1] for p in problems))


@register
class DuplicateHeading(Rule):
    """## What it checks
    A statutory section heading printed more than once (the same section named by two
    headings). One finding per repeated heading, at the repeat.

    ## Why it matters
    Often a copy-paste or conversion slip, harmless by itself; but a second heading can also
    mean two versions of a section were left in, and it makes the section's extent unclear.

    ## Example
    Failing: seed 000 (罗山县子路镇 2021) prints 五、存在的主要问题及改进情况 on two lines in a
    row. Passing: printed once.

    ## Basis
    formats.md §3 (six sections, each once); rules.md A STR003 (seed 000).
    """

    code = "STR003"
    name = "duplicate-heading"
    severity = "info"
    summary = "a section heading is printed twice"
    message = "第{number}部分标题“{printed}、{title}”重复出现（第{first}行已有）"

    def check(self, ctx: Context) -> Iterator[Finding]:
        seen: dict[str, Heading] = {}
        for h in ctx.headings:
            if h.section not in seen:
                seen[h.section] = h
                continue
            f = seen[h.section]
            yield self.finding(ctx, line=h.line, col=_heading_col(ctx, h), number=h.section,
                               printed=h.printed_number, title=h.title, first=f.line)


# --------------------------------------------------------------------------- tables and rows


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
    severity = "error"
    summary = "section 二/三/四 is present but its table is absent or empty"
    message = "第{number}部分“{title}”有标题，但{table}{why}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        first = _first_headings(ctx)
        for number, table in TABLE_OF_SECTION.items():
            h = first.get(number)
            if h is None or not _table_empty(ctx, table):
                continue
            keys = _table_keys(ctx, table)
            not_found = all(ctx.provenance(k).reason == TABLE_NOT_FOUND[table] for k in keys)
            yield self.finding(ctx, cells=keys, line=h.line, col=_heading_col(ctx, h), number=number,
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
    severity = "info"
    summary = "a known non-canonical label is printed (其他法律法规禁止公开, 保留4位小数, 改进措施/举措)"
    message = "{where}印为“{printed}”，法定格式为“{canonical}”"

    # (table searched, pattern, label as printed, canonical label, where, cells' key prefix)
    LABELS = (
        ("t3", _pattern("其他法律法规禁"), "其他法律法规禁止公开", "其他法律行政法规禁止公开",
         "表三“（三）不予公开”第2项", "t3.denied_law_prohibited."),
        ("t3", _pattern("其他法律行政止公"), "其他法律行政止公开", "其他法律行政法规禁止公开",
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
                line, col = _at(ctx, m.start(), m.end())
                cells = [k for k in ctx.report.cells if k.startswith(prefix)]
                yield self.finding(ctx, cells=cells, line=line, col=col, where=where, printed=printed,
                                   canonical=canonical)
        for h in ctx.headings:
            if h.section == "五" and any(v in h.title for v in self.HEADING_VARIANTS):
                yield self.finding(ctx, line=h.line, col=_heading_col(ctx, h), where=f"第{h.section}部分标题",
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
