"""Synthetic reports: consistent random tables printed in the layouts real dumps have.

Used by the tests (every generated cell must be extracted) and the benchmark; not part of
the package. Layouts copy what the seeds and corpus show: tab-separated PDF text with
merged label columns, wrapped labels, spaces instead of tabs, Markdown pipes, crawler text
with the cells glued together, an extra number at a row's end, and the 2019 trial format.

Variants are printed on top of a layout where the layout can carry them: ``CANNOT_CARRY``
says which it cannot and why, ``carried(layout)`` lists the rest. ``generate`` draws only
those (and never raises for a draw of its own); asking it for one the layout cannot carry
is a ``ValueError``.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

import opencc

from gongkai.spec import FormatSpec, load_format

Value = int | float | None
Cells = dict[str, Value]

T3_PRINTED = {
    "new_received": ("", "一、本年新收政府信息公开申请数量"),
    "carried_over": ("", "二、上年结转政府信息公开申请数量"),
    "granted": ("三、本年度办理结果", "（一）予以公开"),
    "partly_granted": ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    "denied_state_secret": ("（三）不予公开", "1.属于国家秘密"),
    "denied_law_prohibited": ("", "2.其他法律行政法规禁止公开"),
    "denied_security_stability": ("", "3.危及“三安全一稳定”"),
    "denied_third_party": ("", "4.保护第三方合法权益"),
    "denied_internal_affairs": ("", "5.属于三类内部事务信息"),
    "denied_process_info": ("", "6.属于四类过程性信息"),
    "denied_enforcement_file": ("", "7.属于行政执法案卷"),
    "denied_admin_query": ("", "8.属于行政查询事项"),
    "unable_not_held": ("（四）无法提供", "1.本机关不掌握相关政府信息"),
    "unable_need_creation": ("", "2.没有现成信息需要另行制作"),
    "unable_unclear": ("", "3.补正后申请内容仍不明确"),
    "rejected_petition": ("（五）不予处理", "1.信访举报投诉类申请"),
    "rejected_duplicate": ("", "2.重复申请"),
    "rejected_publication": ("", "3.要求提供公开出版物"),
    "rejected_massive": ("", "4.无正当理由大量反复申请"),
    "rejected_confirm": ("", "5.要求行政机关确认或重新出具已获取信息"),
    "other_no_correction": ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    "other_unpaid_fee": ("", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    "other_other": ("", "3.其他"),
    "other": ("", "（六）其他处理"),
    "results_total": ("", "（七）总计"),
    "carried_forward": ("", "四、结转下年度继续办理"),
}

T2_PRINTED = {
    "2021": [
        ("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
         [("regulations", "规章"), ("normative_docs", "行政规范性文件")]),
        ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], [("licensing", "行政许可")]),
        ("第二十条第（六）项", ["信息内容", "本年处理决定数量"], [("punishment", "行政处罚"), ("coercion", "行政强制")]),
        ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], [("fees", "行政事业性收费")]),
    ],
    "2019": [
        ("第二十条第（一）项", ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
         [("regulations", "规章"), ("normative_docs", "规范性文件")]),
        ("第二十条第（五）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
         [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")]),
        ("第二十条第（六）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
         [("punishment", "行政处罚"), ("coercion", "行政强制")]),
        ("第二十条第（八）项", ["信息内容", "上一年项目数量", "本年增/减"], [("fees", "行政事业性收费")]),
        ("第二十条第（九）项", ["信息内容", "采购项目数量", "采购总金额"], [("procurement", "政府集中采购")]),
    ],
}

T4_HEADER = [
    "行政复议\t\t\t\t\t行政诉讼",
    "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉",
    "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
]

AGENCIES = ["罗山县子路镇人民政府", "洛宁县马店镇人民政府", "淮安市洪泽区人民政府", "上海市科学技术委员会",
            "平潭综合实验区", "固镇县湖沟镇", "某某市自然资源和规划局", "某某县人民政府办公室"]

LAYOUTS = ("tabs", "tabs-merged-labels", "spaces", "pipes", "wrapped", "extra-number", "glued", "shredded",
           "cell-per-line", "pdf-layout")

# Variations applied on top of a layout (each where the layout can carry it).
VARIANTS = ("merged-outcome-cells", "slash-blanks", "thousands", "fullwidth-digits", "crlf", "spaced-headers",
            "traditional", "missing-row", "duplicate-heading", "renumbered-sections", "values-before-label",
            "t2-label-above-values")

# A variant that shows only with another one: slash-blanks prints blank cells as "/", and
# the only blank cells a report has are the merged outcome cells.
NEEDS = {"slash-blanks": "merged-outcome-cells"}

_ONE_ROW_ONE_LINE = ("a table row's cells are printed on one line (tabs or pipes between them): a label "
                     "above its numbers happens only in text laid out by position (pdftotext)")
# What a layout cannot print, and why. Either the layout has no place for the variant
# (printing it would change nothing), or text of that kind never shows it.
CANNOT_CARRY: dict[str, dict[str, str]] = {
    "tabs": {"t2-label-above-values": _ONE_ROW_ONE_LINE},
    "tabs-merged-labels": {"t2-label-above-values": _ONE_ROW_ONE_LINE},
    "pipes": {"t2-label-above-values": _ONE_ROW_ONE_LINE},
    "wrapped": {"t2-label-above-values": _ONE_ROW_ONE_LINE},
    "extra-number": {"t2-label-above-values": _ONE_ROW_ONE_LINE},
    "shredded": {"t2-label-above-values": _ONE_ROW_ONE_LINE},
    "glued": {
        "thousands": ("the extractor splits runs of glued digits only, not ones with thousands separators in "
                      "them (7041750403271,210): an extractor limitation"),
        "values-before-label": "crawler text keeps the page's order of cells, a row's label first",
        "t2-label-above-values": "glued text has no line breaks: nothing stands above anything",
    },
    "cell-per-line": {
        "values-before-label": "crawler text keeps the page's order of cells, a row's label first",
        "t2-label-above-values": "each cell has its own line already: a label always stands above its numbers",
    },
}


def carried(layout: str) -> tuple[str, ...]:
    """The variants ``layout`` can print, in ``VARIANTS`` order."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    cannot = CANNOT_CARRY.get(layout, {})
    return tuple(v for v in VARIANTS if v not in cannot and NEEDS.get(v) not in cannot)


@dataclass
class Synthetic:
    """A generated report: its text and the cells it prints."""

    text: str
    cells: Cells
    meta: dict[str, str | int]
    layout: str
    variants: tuple[str, ...] = ()


def _count(rng: random.Random, scale: int) -> int:
    r = rng.random()
    if r < 0.55:
        return 0
    if r < 0.85:
        return rng.randint(1, 9)
    return rng.randint(10, scale)


def _int(cells: Cells, key: str, default: int | None = None) -> int:
    """A count cell's value (``default`` if absent)."""
    value = cells.get(key, default)
    assert isinstance(value, int), (key, value)
    return value


def random_cells(spec: FormatSpec, rng: random.Random, scale: int = 400, collapsed: bool = False) -> Cells:
    """Cells of one consistent report: every t3 and t4 identity holds."""
    cells: Cells = {}
    for row in spec.t2_rows:
        if row.extension:
            continue
        for col in row.columns:
            key = f"t2.{row.key}.{col}"
            if col in row.money:
                cells[key] = round(rng.choice([0, 0, rng.uniform(0, 20000)]), rng.choice([0, 2, 4]))
            elif col in row.signed:  # 本年增/减: never below minus last year's items
                prev = _int(cells, f"t2.{row.key}.prev_items", 0)
                cells[key] = rng.choice([0, 0, rng.randint(-min(prev, 20), 20)])
            else:
                cells[key] = _count(rng, 20000)
        if row.key in ("regulations", "normative_docs") and spec.version == "2019":
            new = _int(cells, f"t2.{row.key}.new_published")
            cells[f"t2.{row.key}.total_published"] = new + rng.randint(0, 800)
        if row.key in ("regulations", "normative_docs") and spec.version == "2021":
            made, rep = _int(cells, f"t2.{row.key}.made"), _int(cells, f"t2.{row.key}.repealed")
            in_force = made + rng.randint(0, 800) if rng.random() < 0.6 else 0
            cells[f"t2.{row.key}.in_force"] = in_force
            cells[f"t2.{row.key}.repealed"] = min(rep, in_force)
        if row.key == "regulations":  # only a few bodies may make 规章 (立法法); keep them out
            for col in row.columns:
                cells[f"t2.{row.key}.{col}"] = 0
    parts = spec.t3_parts
    outcomes = list(spec.t3_identities["outcomes"])
    subs = spec.collapsed_rows().get("other", ())
    if collapsed:
        outcomes = [o for o in outcomes if o not in subs] + ["other"]
    rows: dict[str, list[int]] = {}
    for o in outcomes:
        rows[o] = [_count(rng, scale) if c in ("natural_person", "commercial") or rng.random() < 0.2 else 0
                   for c in parts]
    total = [sum(rows[o][i] for o in outcomes) for i in range(len(parts))]
    forward = [rng.randint(0, max(0, t // 4)) if rng.random() < 0.4 else 0 for t in total]
    over = [rng.randint(0, t + f) if rng.random() < 0.3 else 0 for t, f in zip(total, forward, strict=True)]
    rows["results_total"] = total
    rows["carried_forward"] = forward
    rows["carried_over"] = over
    rows["new_received"] = [t + f - o for t, f, o in zip(total, forward, over, strict=True)]
    for key, vals in rows.items():
        for c, v in zip(parts, vals, strict=True):
            cells[f"t3.{key}.{c}"] = v
        cells[f"t3.{key}.total"] = sum(vals)
    if collapsed:
        for s in subs:
            for c in spec.t3_columns:
                cells[f"t3.{s}.{c}"] = None
    for g in spec.t4_groups:
        vals = [_count(rng, 30) if rng.random() < 0.5 else 0 for _ in spec.t4_columns[:-1]]
        for c, v in zip(spec.t4_columns, [*vals, sum(vals)], strict=True):
            cells[f"t4.{g}.{c}"] = v
    return cells


def _num(v: Value, blank: str = "", thousands: bool = False) -> str:
    if v is None:
        return blank
    if thousands and isinstance(v, int) and abs(v) >= 1000:
        return f"{v:,}"
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))
    return str(v)


def blank_merged_outcomes(cells: Cells, spec: FormatSpec) -> None:
    """Null the applicant cells of 予以公开/部分公开, as reports that merge them into one blank
    cell and print only 总计 do."""
    for row in ("granted", "partly_granted"):
        for c in spec.t3_parts:
            cells[f"t3.{row}.{c}"] = None


def t3_row_keys(spec: FormatSpec, collapsed: bool) -> list[str]:
    """Table 三's row keys in printed order; ``collapsed``: （六） printed as one row."""
    keys = [r.key for r in spec.t3_rows]
    if collapsed:
        subs = spec.collapsed_rows()["other"]
        i = keys.index(subs[0])
        keys[i : i + len(subs)] = ["other"]
    return keys


def _narrative(cells: Cells, agency: str, year: int, rng: random.Random, v: Collection[str]) -> tuple[str, str, str]:
    head = (f"{agency}{year}年政府信息公开工作年度报告\n\n"
            f"本报告依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。\n\n"
            "一、总体情况\n\n"
            f"{year}年，我单位认真贯彻落实政务公开工作要求，持续推进主动公开、依申请公开、政府信息管理、平台建设和监督保障各项工作。"
            f"本年新收政府信息公开申请{cells['t3.new_received.total']}件，"
            f"因政府信息公开工作被申请行政复议{cells['t4.review.total']}件。\n\n")
    problems = "五、存在的主要问题及改进情况\n\n"
    if "duplicate-heading" in v:
        problems += problems
    tail = (problems + "公开内容的深度和广度还需加强。下一步将健全工作机制，提升公开质量。\n\n"
            "六、其他需要报告的事项\n\n本年度未收取信息处理费。\n")
    return head, tail, f"{year + 1}年1月{rng.randint(10, 28)}日"


@dataclass
class _Style:
    layout: str
    variants: set[str]
    rng: random.Random

    def num(self, value: Value) -> str:
        return _num(value, "/" if "slash-blanks" in self.variants else "", "thousands" in self.variants)

    def join(self, cells: list[str]) -> str:
        if self.layout == "spaces":
            return "  ".join(c for c in cells if c != "")
        if self.layout == "cell-per-line":
            return "\n".join(c for c in cells if c != "")
        if self.layout == "pdf-layout":
            return "    ".join(c for c in cells if c != "")
        if self.layout in ("pipes", "shredded"):
            return "| " + " | ".join(cells) + " |"
        return "\t".join(cells)

    def spaced(self, text: str) -> str:
        return " ".join(text) if "spaced-headers" in self.variants else text


def render(cells: Cells, spec: FormatSpec, layout: str, rng: random.Random, agency: str, year: int,
           collapsed: bool = False, variants: Collection[str] = frozenset()) -> str:
    """The text of a report of ``cells`` in ``layout`` with ``variants`` (which it must carry)."""
    st = _Style(layout, set(variants), rng)
    head, tail, date = _narrative(cells, agency, year, rng, st.variants)
    t2 = _render_t2(cells, spec, st)
    t3 = _render_t3(cells, spec, st, collapsed)
    t4 = _render_t4(cells, spec, st)
    n2, n3, n4 = ("一", "二", "三") if "renumbered-sections" in st.variants else ("二", "三", "四")
    if layout == "glued":
        body = (head + f"{n2}、主动公开政府信息情况" + t2 + f" {n3}、收到和处理政府信息公开申请情况" + t3
                + f" {n4}、政府信息公开行政复议、行政诉讼情况" + t4 + " " + tail)
        text = body.replace("\n\n", " ").replace("\n", " ") + "\n"
    else:
        text = (head + f"{n2}、主动公开政府信息情况\n\n" + t2 + f"\n{n3}、收到和处理政府信息公开申请情况\n\n" + t3
                + f"\n{n4}、政府信息公开行政复议、行政诉讼情况\n\n" + t4 + "\n" + tail + "\n" + agency + "\n" + date + "\n")
    if "fullwidth-digits" in st.variants:
        text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    if "traditional" in st.variants:
        text = _to_traditional().convert(text)
    if "crlf" in st.variants:
        text = text.replace("\n", "\r\n")
    return text


@cache
def _to_traditional() -> opencc.OpenCC:
    """The simplified-to-traditional converter (loading its dictionaries takes 0.1 s)."""
    return opencc.OpenCC("s2t")


def _render_t2(cells: Cells, spec: FormatSpec, st: _Style) -> str:
    out = []
    for caption, printed_header, rows in T2_PRINTED[spec.version]:
        header = [st.spaced(printed_header[0]), *printed_header[1:]]
        if st.layout == "glued":
            out.append(caption + "".join(header))
            for key, label in rows:
                row = next(r for r in spec.t2_rows if r.key == key)
                out.append(label + "".join(st.num(cells[f"t2.{key}.{c}"]) for c in row.columns))
            continue
        width = 4
        out.append(st.join([caption] + [""] * (width - 1)))
        out.append(st.join(header + [""] * (width - len(header))))
        if st.layout in ("pipes", "shredded"):
            out.append("|" + "---|" * width)
        for key, label in rows:
            row = next(r for r in spec.t2_rows if r.key == key)
            vals = [st.num(cells[f"t2.{key}.{c}"]) for c in row.columns]
            if key == "procurement" and vals[1]:
                vals[1] += " 万元"
            if "t2-label-above-values" in st.variants:
                out += [label, st.join(vals)]
                continue
            out.append(st.join([label] + vals + [""] * (width - 1 - len(vals))))
    return ("" if st.layout == "glued" else "\n").join(out) + "\n"


def _render_t3(cells: Cells, spec: FormatSpec, st: _Style, collapsed: bool) -> str:
    keys = t3_row_keys(spec, collapsed)
    cols = spec.t3_columns
    rng, layout = st.rng, st.layout
    printed = dict(T3_PRINTED)
    beside_gap: set[str] = set()
    if "missing-row" in st.variants:
        gone = rng.choice([k for k in keys[2:-2] if k != "other"])
        at = keys.index(gone)
        keys.remove(gone)
        for c in cols:
            cells[f"t3.{gone}.{c}"] = None
        if printed[gone][0]:  # the group's merged label cell stays, over the group's next row
            printed[keys[at]] = (printed[gone][0], printed[keys[at]][1])
        # A shredded row is placed by its position alone: beside the gap it could be either of
        # two rows, so the rows there keep their labels.
        beside_gap = {keys[at - 1], keys[at]}
    if layout == "glued":
        out = [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况 自然人 法人或其他组织 总计 "
                "商业企业 科研机构 社会公益组织 法律服务机构 其他 ")]
        for k in keys:
            group, label = printed[k]
            out.append((group + " " if group else "") + label + " "[: rng.randint(0, 1)]
                       + "".join(st.num(cells[f"t3.{k}.{c}"]) for c in cols))
        return "".join(out)
    header = [
        st.join(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", st.spaced("申请人情况"),
                 "", "", "", "", "", ""]),
        st.join(["", "", st.spaced("自然人"), "法人或其他组织", "", "", "", "", st.spaced("总计")]),
        st.join(["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]),
    ]
    if layout in ("pipes", "shredded"):
        header.insert(1, "|" + "---|" * 9)
    out = list(header)
    shredded_labels: list[str] = []
    for i, k in enumerate(keys):
        group, label = printed[k]
        vals = [st.num(cells[f"t3.{k}.{c}"]) for c in cols]
        if layout == "wrapped" and len(label) > 9 and rng.random() < 0.7:
            cut = rng.randint(4, len(label) - 3)
            out.append("\t".join([group, label[:cut]] + vals))
            out.append("\t" + label[cut:] + "\t" * 7)
            continue
        if (layout == "shredded" and i not in (0, 1, len(keys) - 2, len(keys) - 1) and k not in beside_gap
                and rng.random() < 0.4):
            shredded_labels.append(label)
            out.append(st.join(vals))
            if rng.random() < 0.5:
                out.append("\n".join(shredded_labels))
                shredded_labels = []
            continue
        if ("values-before-label" in st.variants and 1 < i < len(keys) - 2
                and not (layout == "shredded" and k in beside_gap)  # a label below numbers is a shredded label
                and not (layout in ("spaces", "pdf-layout") and "" in vals)
                and rng.random() < 0.3):
            # A PDF row whose label cell is taller than its numbers: label printed below them.
            # Not a row with blank cells in text without delimiters: its lone total, on a line
            # of its own, could as well end the row above.
            out.append(st.join([""] + vals))
            out.append(" ".join(x for x in (group, label) if x))
            continue
        if layout == "pdf-layout" and len(label) > 12:
            # pdftotext -layout: a tall label cell wraps around the row's numbers
            a, b = sorted(rng.sample(range(3, len(label) - 2), 2))
            out.append(" ".join(x for x in (group, label[:a]) if x))
            out.append(f"{label[a:b]:<24}" + "    ".join(x for x in vals if x))
            out.append(label[b:])
            continue
        if layout == "extra-number" and rng.random() < 0.3:
            x = rng.randint(1, 30)
            extra = (_unambiguous_extra(x, [cells[f"t3.{k}.{c}"] for c in cols])
                     if "merged-outcome-cells" in st.variants else str(x))
            vals = [*vals, extra] if extra else vals
        if layout == "tabs-merged-labels":
            out.append("\t".join(["", group, label, ""] + vals + [""]))
            continue
        if layout == "spaces":
            out.append(" ".join(x for x in (group, label) if x) + "  " + "  ".join(x for x in vals if x))
            continue
        out.append(st.join([group, label] + vals))
    if shredded_labels:
        out.append("\n".join(shredded_labels))
    return "\n".join(out) + "\n"


def _unambiguous_extra(x: int, row: list[Value]) -> str | None:
    """The extra number to print after a t3 row's total where blank cells leave the outcome
    columns without sums, so that only the row's own sum can tell which number is extra: ``x``
    or the next number up that no other reading adds up to (dropping a number other than the
    extra one must not leave a row that adds up: the extra number is not the total, nor twice
    the total less one part). None on a row with blank cells, which adds up nowhere."""
    if any(v is None for v in row):
        return None
    *parts, total = (int(v) for v in row if v is not None)
    while x == total or x in {2 * total - p for p in parts}:
        x += 1
    return str(x)


def _render_t4(cells: Cells, spec: FormatSpec, st: _Style) -> str:
    vals = [st.num(cells[f"t4.{g}.{c}"]) for g in spec.t4_groups for c in spec.t4_columns]
    if st.layout == "glued":
        return "行政复议 行政诉讼 结果维持结果纠正其他结果尚未审结总计 未经复议直接起诉 复议后起诉 " + " ".join(vals)
    header = [h.replace("结果", "结果 ") if "spaced-headers" in st.variants else h for h in T4_HEADER]
    if st.layout in ("spaces", "pdf-layout"):
        header = [h.replace("\t", "  ") for h in header]
    if st.layout == "cell-per-line":
        header = [h.replace("\t", "\n").replace("\n\n", "\n") for h in header]
    if st.layout in ("pipes", "shredded"):
        header = ["| " + h.replace("\t", " | ") + " |" for h in header]
        header.insert(1, "|" + "---|" * 15)
    return "\n".join(header) + "\n" + st.join(vals) + "\n"


def generate(seed: int, layout: str | None = None, version: str | None = None,
             variants: tuple[str, ...] | None = None, collapsed: bool | None = None) -> Synthetic:
    """One synthetic report, fully determined by its arguments.

    Unset arguments are drawn: the layout, the format version, the variants (each the layout
    carries with probability 1/4), whether a 2021 report prints （六） as one row. A variant
    brings the one it ``NEEDS``. Variants the layout cannot carry are never drawn; asking for
    one is a ``ValueError``, as is a collapsed （六） in the 2019 format, which has no sub-rows.
    """
    rng = random.Random(seed)
    layout = layout or rng.choice(LAYOUTS)
    version = version or ("2021" if layout == "glued" else rng.choice(["2021", "2021", "2019"]))
    spec = load_format(version)
    allowed = carried(layout)
    if variants is None:
        chosen = {x for x in allowed if rng.random() < 0.25}
    elif set(variants) - set(allowed):
        cannot = CANNOT_CARRY.get(layout, {})
        raise ValueError(f"layout {layout} cannot carry {sorted(set(variants) - set(allowed))}: "
                         + "; ".join(cannot.get(v, cannot.get(NEEDS.get(v, ""), "?")) for v in variants
                                     if v not in allowed))
    else:
        chosen = set(variants)
    chosen |= {NEEDS[x] for x in chosen if x in NEEDS}
    variants = tuple(x for x in VARIANTS if x in chosen)
    drawn = version == "2021" and rng.random() < 0.15  # drawn even when set, so that the rest is the same
    if collapsed is None:
        collapsed = drawn
    elif collapsed and version != "2021":
        raise ValueError("only the 2021 format has （六） sub-rows to print as one row")
    year = rng.randint(2021, 2025) if version == "2021" else rng.choice([2019, 2020])
    agency = rng.choice(AGENCIES)
    cells = random_cells(spec, rng, collapsed=collapsed)
    if "merged-outcome-cells" in variants:
        blank_merged_outcomes(cells, spec)
    if "thousands" in variants and not any(isinstance(v, int) and abs(v) >= 1000 for v in cells.values()):
        cells["t2.licensing.decisions"] = _int(cells, "t2.licensing.decisions") + 1000  # a number to separate
    text = render(cells, spec, layout, rng, agency, year, collapsed, set(variants))
    keys = set(spec.keys(frozenset({"other"}) if collapsed else frozenset()))
    cells = {k: v for k, v in cells.items() if k in keys}
    return Synthetic(text, cells, {"agency": agency, "year": year, "format": version}, layout, variants)
