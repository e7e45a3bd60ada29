"""Rules on table 二 (主动公开政府信息情况)."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.rules.catalog import Finding, Rule, example_fields, register
from gongkai.rules.context import Context

ROW_NAMES = {"regulations": "规章", "normative_docs": "行政规范性文件", "licensing": "行政许可",
             "punishment": "行政处罚", "coercion": "行政强制", "fees": "行政事业性收费",
             "other_services": "其他对外管理服务事项", "procurement": "政府集中采购"}


@register
class T2Negative(Rule):
    """## 检查内容 / What it checks
    表二的各项数量应为非负整数，收费金额应不小于0（2019年试行格式的“本年增/减”可以为负数）。

    Every count in table 二 is a whole number ≥ 0 and the fee amount is ≥ 0 (in the 2019 trial
    format 本年增/减 may be negative).

    ## 为什么重要 / Why it matters
    表二统计的是文件件数、处理决定数量、事项数量和金额，不可能为负数或带小数的件数。

    The cells count documents, decisions and items, or amounts of money.

    ## 示例 / Example
    不符：“行政许可”本年处理决定数量填“-3”。相符：填“3”。

    Failing: 行政许可 本年处理决定数量 -3. Passing: 3.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表二； 2019年试行格式中“本年增/减”
    以负数表示减少（湖北省年报模板注释“减用负值表示”）。

    Table 二 of the 2021 format; the 2019 trial format's signed 本年增/减.
    """

    code = "T2001"
    name = "t2-negative"
    title = "表二数值为负数或非整数"
    severity = "error"
    summary = "a table 二 count is negative or fractional"
    message = "表二“{row}”的{column}为{actual}，应为非负{kind}"
    example = example_fields(row="行政许可", column="本年处理决定数量", actual=-3, kind="整数")

    def check(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.spec.t2_rows:
            for col in row.columns:
                key = row.cell_key("t2", col)
                v = ctx.value(key)
                if v is None or col in row.signed:
                    continue
                money = col in row.money
                if v < 0 or (not money and v != int(v)):
                    yield self.finding(ctx, cells=[key], actual=v, row=ROW_NAMES.get(row.key, row.key),
                                       column=ctx.spec.column_title("t2", col),
                                       kind="数" if money else "整数")


@register
class StockUnderflow(Rule):
    """## 检查内容 / What it checks
    2021年格式表二的“规章”“行政规范性文件”两行：现行有效件数 − 本年制发件数 + 本年废止件数 ≥ 0，
    即推算出的上年末现行有效件数不能为负。

    For 规章 and 行政规范性文件 (2021 format): 现行有效 − 本年制发 + 本年废止 ≥ 0, i.e. the implied
    number in force before this year is not negative.

    ## 为什么重要 / Why it matters
    本年制发的文件除非被废止都应现行有效；现行有效件数少于净制发件数，说明三个数字中至少有一个填错。

    Documents made this year are in force unless repealed; fewer in force than made (net of
    repeals) means one of the three figures is wrong.

    ## 示例 / Example
    不符：本年制发5件、本年废止0件、现行有效3件。相符：现行有效8件。

    Failing: 制发 5, 废止 0, 现行有效 3. Passing: 现行有效 8.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表二“本年制发件数、本年废止件数、现行有效件数”三栏的含义。

    The meaning of the three columns of table 二 in the 2021 format.
    """

    code = "T2002"
    name = "stock-underflow"
    title = "表二现行有效件数少于本年制发减本年废止"
    severity = "warning"
    summary = "现行有效 < 本年制发 − 本年废止 (negative previous stock)"
    message = "表二“{row}”：现行有效{in_force}件少于本年制发{made}件减本年废止{repealed}件"
    example = example_fields(row="行政规范性文件", in_force=3, made=5, repealed=0)

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
    """## 检查内容 / What it checks
    没有规章制定权的机关（乡镇人民政府、街道办事处，县级人民政府及其部门）在表二“规章”一行填了大于0的数。

    规章 figures above 0 in the report of a body that cannot make 规章: a township or street
    office, or a county-level government or department.

    ## 为什么重要 / Why it matters
    只有国务院部门、省级人民政府和设区的市、自治州人民政府可以制定规章；
    其他机关制发的是行政规范性文件，应填在“行政规范性文件”一行。

    Only State Council departments and provincial, 设区的市 and 自治州 governments make 规章; other
    bodies' documents are 行政规范性文件.

    ## 示例 / Example
    不符：某镇人民政府的报告中“规章”本年制发2件。相符：填0。

    Failing: a township government with 规章 本年制发 2. Passing: 0.

    ## 依据 / Basis
    《中华人民共和国立法法》关于规章制定主体的规定（2023年修正后第九十一条、第九十三条）；
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表二。

    The Legislation Law on who makes 规章 (arts. 91 and 93 as amended in 2023).
    """

    code = "T2003"
    name = "regulation-without-power"
    title = "无规章制定权的机关填报了规章"
    severity = "warning"
    summary = "规章 counts above 0 for a body without rule-making power"
    message = "{agency}不具有规章制定权，但表二“规章”栏填报了{actual}"
    example = example_fields(agency="某某镇人民政府", actual="2")

    def check(self, ctx: Context) -> Iterator[Finding]:
        agency = ctx.report.meta.get("agency") or ""
        county = any(agency.endswith(s) or f"{s}人民政府" in agency for s in ("县", "区", "旗")) and "市人民政府" not in agency
        if ctx.report.meta.get("body_type") != "township" and not county:
            return
        keys = ctx.keys_with("t2.regulations.")
        vals = [ctx.value(k) for k in keys]
        nonzero = [k for k, v in zip(keys, vals, strict=True) if v]
        if nonzero:
            yield self.finding(ctx, cells=nonzero, agency=agency, actual="、".join(str(ctx.value(k)) for k in nonzero))


@register
class FeePrecision(Rule):
    """## 检查内容 / What it checks
    表二“行政事业性收费”本年收费金额（单位：万元）的小数超过4位，或对乡镇而言大到像是以元为单位填报（≥10000）。

    本年收费金额 (万元) printed with more than 4 decimals, or so large for a township that it looks
    like yuan (≥ 10000).

    ## 为什么重要 / Why it matters
    该栏以万元为单位，保留4位小数即精确到元；小数位更多，或把元数填进万元栏，金额就差了一万倍。

    The column is in 万元: 4 decimals are exact to the yuan; more digits, or a yuan figure in the
    万元 column, misstate the amount by 10 000 times.

    ## 示例 / Example
    提示：某镇2022年报告本年收费金额印为“190.457379”。相符：“0.5”。

    Flagged: a town's 2022 report prints 190.457379. Passing: 0.5.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表二栏目“本年收费金额（单位：万元）”；各地模板注明“保留4位小数”。

    The fee column header of table 二 (单位：万元); local templates' 保留4位小数.
    """

    code = "T2004"
    name = "fee-precision"
    title = "表二收费金额小数位过多或疑似以元填报"
    severity = "info"
    summary = "fee amount with > 4 decimals, or large enough to be in 元"
    message = "表二行政事业性收费金额为{actual}万元，{why}"
    example = example_fields(actual=190.457379, why="保留了6位小数（万元保留4位小数即精确到元）")

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
    """## 检查内容 / What it checks
    2019年试行格式表二：各行“上一年项目数量”加“本年增/减”应不小于0。

    2019 trial format: 上一年项目数量 + 本年增/减 ≥ 0 for each row that has them.

    ## 为什么重要 / Why it matters
    本年的项目数量不可能为负数，说明上一年项目数量或本年增减填错。

    The number of items this year cannot be negative.

    ## 示例 / Example
    不符：“行政许可”上一年项目数量3、本年增/减-5。相符：本年增/减-2。

    Failing: 行政许可 上一年项目数量 3, 本年增/减 -5. Passing: -2.

    ## 依据 / Basis
    《关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）
    所附《中华人民共和国政府信息公开工作年度报告格式（试行）》表二。

    Table 二 of the 2019 trial format (国办公开办函〔2019〕60号).
    """

    code = "T2005"
    name = "items-negative-2019"
    title = "表二上一年项目数量加本年增减小于0"
    severity = "error"
    summary = "2019 format: previous items + change < 0"
    message = "表二“{row}”：上一年项目数量{prev}加本年增/减{change}小于0"
    example = example_fields(row="行政许可", prev=3, change=-5)

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
    """## 检查内容 / What it checks
    2019年试行格式表二“规章”“规范性文件”两行：对外公开总数量应不小于本年新公开数量。

    2019 trial format: 对外公开总数量 ≥ 本年新公开数量 for 规章 and 规范性文件.

    ## 为什么重要 / Why it matters
    对外公开总数量是累计数，包含本年新公开的文件。

    The cumulative number published includes this year's.

    ## 示例 / Example
    不符：本年新公开5件、对外公开总数量3件。相符：对外公开总数量12件。

    Failing: 本年新公开 5, 对外公开总数量 3. Passing: 12.

    ## 依据 / Basis
    《关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）
    所附《中华人民共和国政府信息公开工作年度报告格式（试行）》表二。

    Table 二 of the 2019 trial format (国办公开办函〔2019〕60号).
    """

    code = "T2006"
    name = "published-below-new-2019"
    title = "表二对外公开总数量小于本年新公开数量"
    severity = "warning"
    summary = "2019 format: total published < newly published this year"
    message = "表二“{row}”：对外公开总数量{actual}小于本年新公开数量{expected}"
    example = example_fields(row="行政规范性文件", actual=3, expected=5)

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.spec.version != "2019":
            return
        for row in ("regulations", "normative_docs"):
            keys = [f"t2.{row}.new_published", f"t2.{row}.total_published"]
            new, total = (ctx.value(k) for k in keys)
            if new is not None and total is not None and total < new:
                yield self.finding(ctx, cells=keys[::-1], row=ROW_NAMES[row], expected=new, actual=total)
