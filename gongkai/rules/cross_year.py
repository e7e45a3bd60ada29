"""Cross-year rules on the tables: what one year's report carries over from the last.

Each compares a body's report with its report of the year before (``SeriesRule.check_pair``);
a cell blank (null) on either side is not assessable and asserts nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.rules.catalog import Finding, example_fields, register
from gongkai.rules.series import SeriesRule, YearReport

T3_COLUMNS = {"natural_person": "自然人", "commercial": "商业企业", "research": "科研机构",
              "social_welfare": "社会公益组织", "legal_services": "法律服务机构", "other_org": "其他组织", "total": "总计"}
IN_FORCE_ROWS = {"regulations": "规章", "normative_docs": "行政规范性文件"}
ITEM_ROWS = {"licensing": "行政许可", "other_services": "其他对外管理服务事项", "punishment": "行政处罚",
             "coercion": "行政强制", "fees": "行政事业性收费"}
# A table repeated with fewer non-zero cells than this says nothing: a small body's table
# 四 is all zeros year after year, and one application answered the same way twice fills 6.
MIN_NONZERO = 6
TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}


def _values(r: YearReport, keys: list[str]) -> list[int | float]:
    """The values of ``keys``, or none at all if any is blank (not assessable)."""
    values = [r.cells.get(k) for k in keys]
    return [v for v in values if v is not None] if None not in values else []


def _pair(prev: YearReport, prev_key: str, cur: YearReport, cur_key: str) -> tuple[float, float] | None:
    a, b = prev.cells.get(prev_key), cur.cells.get(cur_key)
    return None if a is None or b is None else (a, b)


@register
class CarryChain(SeriesRule):
    """## 检查内容 / What it checks
    表三“二、上年结转政府信息公开申请数量”应等于同一机关上一年度报告表三“四、结转下年度继续办理”，
    逐栏（自然人、各类法人或其他组织、总计）比较。只比较相邻两年的报告，缺少某一年的报告时不作判断。

    Table 三's 二、上年结转 equals, column by column, 四、结转下年度继续办理 in the same body's report
    of the year before. Only consecutive years are compared; a missing year asserts nothing.

    ## 为什么重要 / Why it matters
    上一年结转到本年继续办理的申请，就是本年从上一年接过来的申请，两份报告应当填同一个数；
    不一致说明其中一年的表三填错，或者申请在年度之间“丢失”或“多出”了。

    The applications carried forward at the end of last year are those carried over into
    this one: two reports of one body must print the same figure, or one of them is wrong.

    ## 示例 / Example
    不符：2023年报告“结转下年度继续办理”总计3件，2024年报告“上年结转”总计5件。相符：均为3件。

    Failing: the 2023 report carries 3 forward, the 2024 report carries 5 over. Passing: 3 and 3.

    ## 依据 / Basis
    《中华人民共和国政府信息公开条例》第三十三条（答复期限）、第五十条；《国务院办公厅政府信息与
    政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》
    （国办公开办函〔2021〕30号）所附表三第二项、第四项。

    Arts. 33 and 50 of the Regulations; rows 二 and 四 of table 三 of the 2021 format (the
    same rows in the 2019 trial format).
    """

    code = "Y001"
    name = "carry-chain"
    title = "上年结转申请数与上年报告结转下年度数不符"
    severity = "warning"
    summary = "table 三 二、上年结转 ≠ 四、结转下年度继续办理 of the body's report of the year before, per column"
    message = "表三“上年结转”{column}为{actual}件，{prev_year}年报告“结转下年度继续办理”{column}为{expected}件"
    example = example_fields(column="总计", actual=5, expected=3, prev_year=2023, year=2024)

    def check_pair(self, prev: YearReport, cur: YearReport) -> Iterator[Finding]:
        for col, label in T3_COLUMNS.items():
            here, there = f"t3.carried_over.{col}", f"t3.carried_forward.{col}"
            pair = _pair(prev, there, cur, here)
            if pair is not None and pair[0] != pair[1]:
                yield self.pair_finding(prev, cur, cells=[here], other_cells=[there], expected=pair[0],
                                        actual=pair[1], column=label)


@register
class InForceChain(SeriesRule):
    """## 检查内容 / What it checks
    2021年格式表二“规章”“行政规范性文件”两行：本年现行有效件数应等于上一年度报告的现行有效件数加本年
    制发件数减本年废止件数。报告说明开展了文件清理（清理后重新统计现行有效件数）时降为提示。

    For 规章 and 行政规范性文件 (2021 format): in force this year = in force last year + made −
    repealed this year. Lowered to info when the report tells of a 清理 of its documents.

    ## 为什么重要 / Why it matters
    现行有效的文件只会因制发而增加、因废止而减少；对不上说明某一年的件数填错，或者统计口径变了
    却没有说明。开展文件清理的，应在报告中写明。

    Documents in force change only by being made or repealed; a break means a wrong figure,
    or a recount the report does not explain.

    ## 示例 / Example
    不符：2023年现行有效20件，2024年制发3件、废止1件，现行有效却填30件（应为22件）。相符：22件，
    或报告写明“开展规范性文件清理”（提示）。

    Failing: 20 in force, 3 made, 1 repealed, 30 printed (22 expected). Passing: 22, or a
    report that tells of a 清理 (then info).

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表二“本年制发件数、本年废止件数、现行有效件数”三栏。

    The three columns of table 二 of the 2021 format.
    """

    code = "Y002"
    name = "in-force-chain"
    title = "现行有效件数与上年件数及本年增减不符"
    severity = "warning"
    summary = "2021 format: 现行有效 ≠ last year's 现行有效 + 本年制发 − 本年废止 (info if a 清理 is mentioned)"
    message = ("表二“{row}”现行有效{actual}件，按{prev_year}年现行有效{last}件加本年制发{made}件"
               "减本年废止{repealed}件应为{expected}件{note}")
    example = example_fields(row="行政规范性文件", actual=30, last=20, made=3, repealed=1, expected=22, note="",
                             prev_year=2023, year=2024)

    def check_pair(self, prev: YearReport, cur: YearReport) -> Iterator[Finding]:
        if prev.format != "2021" or cur.format != "2021":
            return
        cleanup = None
        for row, label in IN_FORCE_ROWS.items():
            keys = [f"t2.{row}.{c}" for c in ("in_force", "made", "repealed")]
            values = _values(prev, keys[:1]) + _values(cur, keys)
            if len(values) < 4:
                continue
            last, now, made, repealed = values
            expected = last + made - repealed
            if expected == now:
                continue
            if cleanup is None:
                cleanup = cur.facts().cleanup
            yield self.pair_finding(prev, cur, cells=keys, other_cells=keys[:1], expected=expected, actual=now,
                                    severity="info" if cleanup else None, row=label, last=last, made=made,
                                    repealed=repealed, note="（报告提到了文件清理）" if cleanup else "")


@register
class ItemsChain(SeriesRule):
    """## 检查内容 / What it checks
    2019年试行格式（2019、2020年度报告）表二：本年报告的“上一年项目数量”应等于上一年度报告的
    “上一年项目数量”加“本年增/减”，逐行（行政许可、其他对外管理服务事项、行政处罚、行政强制、
    行政事业性收费）比较。

    2019 trial format (the 2019 and 2020 reports): this year's 上一年项目数量 = last year's
    上一年项目数量 + 本年增/减, row by row.

    ## 为什么重要 / Why it matters
    上一年的项目数量加上当年的增减，就是下一年开始时的项目数量；不一致说明某一年的数字填错。

    Last year's items plus last year's change are the items this year starts with.

    ## 示例 / Example
    不符：2019年报告行政许可上一年项目数量40项、本年增/减−2，2020年报告上一年项目数量填45项
    （应为38项）。相符：38项。

    Failing: 40 items and −2 in 2019, 45 printed in 2020 (38 expected). Passing: 38.

    ## 依据 / Basis
    《中华人民共和国政府信息公开工作年度报告格式（试行）》（国办公开办函〔2019〕60号）所附表二
    “上一年项目数量”“本年增/减”两栏。

    The two columns of table 二 of the 2019 trial format.
    """

    code = "Y003"
    name = "items-chain"
    title = "上一年项目数量与上年报告不衔接"
    severity = "warning"
    summary = "2019 format: 上一年项目数量 ≠ last year's 上一年项目数量 + 本年增/减"
    message = ("表二“{row}”上一年项目数量为{actual}，按{prev_year}年报告的{last}项加本年增/减{change}"
               "应为{expected}")
    example = example_fields(row="行政许可", actual=45, last=40, change=-2, expected=38, prev_year=2019, year=2020)

    def check_pair(self, prev: YearReport, cur: YearReport) -> Iterator[Finding]:
        if prev.format != "2019" or cur.format != "2019":
            return
        for row, label in ITEM_ROWS.items():
            there = [f"t2.{row}.prev_items", f"t2.{row}.change"]
            here = f"t2.{row}.prev_items"
            values = _values(prev, there) + _values(cur, [here])
            if len(values) < 3:
                continue
            last, change, now = values
            if last + change != now:
                yield self.pair_finding(prev, cur, cells=[here], other_cells=there, expected=last + change,
                                        actual=now, row=label, last=last, change=change)


def _nonzero(r: YearReport, keys: list[str]) -> int:
    return sum(1 for k in keys if r.cells[k])


def _table_keys(r: YearReport) -> dict[str, list[str]]:
    """The keys of each table (t2, t3, t4) the report has (its format's), sorted: one pass
    over the cells (a corpus's pass compares every report with the year before)."""
    out: dict[str, list[str]] = {"t2": [], "t3": [], "t4": []}
    for k in r.cells:
        keys = out.get(k[:2])
        if keys is not None and k[2:3] == ".":
            keys.append(k)
    for keys in out.values():
        keys.sort()
    return out


@register
class IdenticalData(SeriesRule):
    """## 检查内容 / What it checks
    本年报告的统计表与上一年度报告完全相同：全部表格的每个数字都相同，或表三、表四其中一张表的每个
    数字都相同。非零数字少于6个的表不算（没有申请、没有复议诉讼的机关，表四年年全是0，这是正常的）。

    This year's tables equal last year's: every cell of every table, or every cell of table 三
    or of table 四. A table with fewer than 6 non-zero cells is left out (a body without
    applications or appeals prints the same zeros every year, rightly).

    ## 为什么重要 / Why it matters
    一年的申请、办理和复议诉讼数字与上一年逐一相同几乎不可能，通常是沿用了上一年的报告而没有更新数据。

    A year's applications, outcomes and appeals matching last year's cell for cell is next to
    impossible; the usual cause is last year's report reused without new figures.

    ## 示例 / Example
    不符：2024年报告表三的全部数字与2023年报告相同（新收申请12件、予以公开8件……）。相符：任何一个数字不同。

    Failing: the 2024 report's table 三 equals the 2023 one, cell for cell. Passing: any cell differs.

    ## 依据 / Basis
    《中华人民共和国政府信息公开条例》第五十条（年度报告应包括上一年度的统计数据）。

    Art. 50 of the Regulations: the report gives the figures of the year it reports on.
    """

    code = "Y005"
    name = "identical-data"
    title = "统计数据与上年报告完全相同"
    severity = "warning"
    summary = "every table cell (or all of table 三 or 四) equals the body's report of the year before"
    message = "{tables}的全部数字与{prev_year}年报告完全相同（{nonzero}个非零数字）"
    example = example_fields(tables="表三", nonzero=14, prev_year=2023, year=2024)

    def check_pair(self, prev: YearReport, cur: YearReport) -> Iterator[Finding]:
        same: dict[str, list[str]] = {}
        mine, theirs = _table_keys(cur), _table_keys(prev)
        for table in ("t2", "t3", "t4"):
            keys = mine[table]
            if keys != theirs[table]:
                continue
            if keys and [cur.cells[k] for k in keys] == [prev.cells[k] for k in keys]:
                same[table] = keys

        if set(same) == set(TABLE_NAMES) and _nonzero(cur, [k for ks in same.values() for k in ks]) >= MIN_NONZERO:
            shown = same  # every table: the report's data reused whole
        else:
            shown = {t: ks for t, ks in same.items() if t != "t2" and _nonzero(cur, ks) >= MIN_NONZERO}
        if not shown:
            return
        keys = [k for ks in shown.values() for k in ks]
        tables = "、".join(TABLE_NAMES[t] for t in shown)
        yield self.pair_finding(prev, cur, cells=keys, other_cells=keys, nonzero=_nonzero(cur, keys), tables=tables)
