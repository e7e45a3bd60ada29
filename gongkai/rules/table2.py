"""Rules on table 二 (主动公开政府信息情况)."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.rules.catalog import Finding, Rule, register
from gongkai.rules.context import Context

ROW_NAMES = {"regulations": "规章", "normative_docs": "行政规范性文件", "licensing": "行政许可",
             "punishment": "行政处罚", "coercion": "行政强制", "fees": "行政事业性收费",
             "other_services": "其他对外管理服务事项", "procurement": "政府集中采购"}


@register
class T2Negative(Rule):
    """## What it checks
    Every count in table 二 is a whole number ≥ 0 and the fee amount is ≥ 0 (in the 2019 format
    本年增/减 may be negative).

    ## Why it matters
    The cells count documents, decisions and items, or amounts of money.

    ## Example
    Failing: 行政许可 本年处理决定数量 -3. Passing: 3.

    ## Basis
    formats.md §6.3/§6.4; Hubei's annotated 2019 template ("减用负值表示").
    """

    code = "T2001"
    name = "t2-negative"
    title = "表二数值为负数或非整数"
    severity = "error"
    summary = "a table 二 count is negative or fractional"
    message = "表二“{row}”的{column}为{actual}，应为非负{kind}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.spec.t2_rows:
            for col in row.columns:
                key = row.cell_key("t2", col)
                v = ctx.value(key)
                if v is None or col in row.signed:
                    continue
                money = col in row.money
                if v < 0 or (not money and v != int(v)):
                    yield self.finding(ctx, cells=[key], actual=v, row=ROW_NAMES.get(row.key, row.key), column=col,
                                       kind="数" if money else "整数")


@register
class StockUnderflow(Rule):
    """## What it checks
    For 规章 and 行政规范性文件 (2021 format): 现行有效件数 − 本年制发件数 + 本年废止件数 ≥ 0,
    i.e. the implied number in force before this year is not negative.

    ## Why it matters
    Documents made this year are in force unless repealed; fewer in force than made (net of
    repeals) means one of the three figures is wrong.

    ## Example
    Failing: 制发 5, 废止 0, 现行有效 3. Passing: 现行有效 8.

    ## Basis
    The stock/flow meaning of the three columns (formats.md §6.3, T2-STOCK).
    """

    code = "T2002"
    name = "stock-underflow"
    title = "表二现行有效件数少于本年制发减本年废止"
    severity = "warning"
    summary = "现行有效 < 本年制发 − 本年废止 (negative previous stock)"
    message = "表二“{row}”：现行有效{in_force}件少于本年制发{made}件减本年废止{repealed}件"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.spec.version != "2021":
            return
        for row in ("regulations", "normative_docs"):
            keys = [f"t2.{row}.{c}" for c in ("made", "repealed", "in_force")]
            made, repealed, in_force = (ctx.value(k) for k in keys)
            if None in (made, repealed, in_force):
                continue
            if in_force - made + repealed < 0:
                yield self.finding(ctx, cells=keys, row=ROW_NAMES[row], made=made, repealed=repealed,
                                   in_force=in_force, expected=made - repealed, actual=in_force,
                                   artifact=ctx.doubtful(keys), severity="info" if ctx.doubtful(keys) else None)


@register
class RegulationWithoutPower(Rule):
    """## What it checks
    规章 figures above 0 in the report of a body that cannot make 规章: a township or street
    office, or a county-level government or department.

    ## Why it matters
    Under the 立法法 only State Council departments, provincial governments and the
    governments of 设区的市/自治州 make 规章; other bodies' documents are 行政规范性文件.

    ## Example
    Failing: 某某镇人民政府 with 规章 本年制发 2. Passing: 0.

    ## Basis
    《立法法》 on 规章 (formats.md §4 notes, §6.3 T2-REG-POWER); Hubei's 2019 template annotation.
    """

    code = "T2003"
    name = "regulation-without-power"
    title = "无规章制定权的机关填报了规章"
    severity = "warning"
    summary = "规章 counts above 0 for a body without rule-making power"
    message = "{agency}不具有规章制定权，但表二“规章”栏填报了{actual}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        agency = ctx.report.meta.get("agency") or ""
        county = any(agency.endswith(s) or f"{s}人民政府" in agency for s in ("县", "区", "旗")) and "市人民政府" not in agency
        if ctx.report.meta.get("body_type") != "township" and not county:
            return
        keys = [k for k in ctx.report.cells if k.startswith("t2.regulations.")]
        vals = [ctx.value(k) for k in keys]
        nonzero = [k for k, v in zip(keys, vals, strict=True) if v]
        if nonzero:
            yield self.finding(ctx, cells=nonzero, agency=agency, actual="、".join(str(ctx.value(k)) for k in nonzero))


@register
class FeePrecision(Rule):
    """## What it checks
    本年收费金额 (万元) printed with more than 4 decimals, or so large for a township that it
    looks like yuan (≥ 10000).

    ## Why it matters
    The column is in 万元: 4 decimals are exact to the yuan; more digits, or a yuan figure in
    the 万元 column, misstate the amount by 10 000 times.

    ## Example
    Flagged: 北坡镇 2022 prints 190.457379. Passing: 0.5.

    ## Basis
    The header 本年收费金额（单位：万元） and local templates' 保留4位小数 (rules.md T2004).
    """

    code = "T2004"
    name = "fee-precision"
    title = "表二收费金额小数位过多或疑似以元填报"
    severity = "info"
    summary = "fee amount with > 4 decimals, or large enough to be in 元"
    message = "表二行政事业性收费金额为{actual}万元，{why}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        key = "t2.fees.amount"
        v = ctx.value(key)
        if v is None:
            return
        prov = ctx.provenance(key)
        printed = (prov.text or "") if prov else ""
        decimals = len(printed.split(".", 1)[1].rstrip("万元 ")) if "." in printed else 0
        if decimals > 4:
            yield self.finding(ctx, cells=[key], actual=v, why=f"保留了{decimals}位小数（万元保留4位小数即精确到元）")
        elif v >= 10000 and ctx.report.meta.get("body_type") == "township":
            yield self.finding(ctx, cells=[key], actual=v, why="对乡镇而言偏大，可能误以元为单位填报")


@register
class ItemsNegative2019(Rule):
    """## What it checks
    2019 format: 上一年项目数量 + 本年增/减 ≥ 0 for each row that has them.

    ## Why it matters
    The number of items this year cannot be negative.

    ## Example
    Failing: 行政许可 上一年项目数量 3, 本年增/减 -5. Passing: -2.

    ## Basis
    formats.md §6.4 (T2-19-ITEMS).
    """

    code = "T2005"
    name = "items-negative-2019"
    title = "表二上一年项目数量加本年增减小于0"
    severity = "error"
    summary = "2019 format: previous items + change < 0"
    message = "表二“{row}”：上一年项目数量{prev}加本年增/减{change}小于0"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.spec.version != "2019":
            return
        for row in ctx.spec.t2_rows:
            if "prev_items" not in row.columns or "change" not in row.columns:
                continue
            keys = [row.cell_key("t2", "prev_items"), row.cell_key("t2", "change")]
            prev, change = (ctx.value(k) for k in keys)
            if prev is not None and change is not None and prev + change < 0:
                yield self.finding(ctx, cells=keys, row=ROW_NAMES.get(row.key, row.key), prev=prev, change=change,
                                   expected=0, actual=prev + change)


@register
class PublishedBelowNew2019(Rule):
    """## What it checks
    2019 format: 对外公开总数量 ≥ 本年新公开数量 for 规章 and 规范性文件.

    ## Why it matters
    The cumulative number published includes this year's.

    ## Example
    Failing: 本年新公开 5, 对外公开总数量 3. Passing: 对外公开总数量 12.

    ## Basis
    formats.md §6.4 (T2-19-PUB).
    """

    code = "T2006"
    name = "published-below-new-2019"
    title = "表二对外公开总数量小于本年新公开数量"
    severity = "warning"
    summary = "2019 format: total published < newly published this year"
    message = "表二“{row}”：对外公开总数量{actual}小于本年新公开数量{expected}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.spec.version != "2019":
            return
        for row in ("regulations", "normative_docs"):
            keys = [f"t2.{row}.new_published", f"t2.{row}.total_published"]
            new, total = (ctx.value(k) for k in keys)
            if new is not None and total is not None and total < new:
                yield self.finding(ctx, cells=keys[::-1], row=ROW_NAMES[row], expected=new, actual=total)
