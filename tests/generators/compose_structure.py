"""Composed reports, axis 1: the document model and the table structures.

A report is a list of blocks: ``Para`` (a heading, a paragraph, page furniture) and ``Table``
(rows of cell strings). A cell is printed text; ``"\\n"`` inside a cell stacks its words over
lines; ``LEFT`` and ``UP`` are cells merged into the one to their left / above (an HTML
colspan / rowspan; text tokenisers print them as blanks, ``|||`` runs or nothing).

``build`` makes the plain report of a set of cells; each structure in ``STRUCTURES`` is a
function ``(draft) -> None`` that rewrites the blocks (and, for a part of a report, nulls the
truth of what it no longer prints). They compose: apply any subset in ``STRUCTURES`` order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from generators.synth import T2_PRINTED, T3_PRINTED, Cells, Value, t3_row_keys
from gongkai.spec import FormatSpec

LEFT = "\x00<"
UP = "\x00^"
MERGED = (LEFT, UP)


@dataclass
class Para:
    text: str
    kind: str = "text"  # "title", "heading", "text", "furniture"


@dataclass
class Row:
    cells: list[str]
    head: bool = False
    key: str = ""  # the t3 row key ("" for header rows and rows no key names)


@dataclass
class Table:
    name: str  # "t2", "t3", "t4"
    rows: list[Row]
    labels: int = 1  # leading label columns


Block = Para | Table


@dataclass
class Draft:
    """A report being composed: its truth, its blocks, and what was drawn for it."""

    spec: FormatSpec
    cells: Cells
    blocks: list[Block]
    rng: random.Random
    title: str
    notes: list[str] = field(default_factory=list)
    must_print: set[str] = field(default_factory=set)  # tables a part of a report must keep

    def tables(self, name: str) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table) and b.name == name]


def num(v: Value) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))
    return str(v)


T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T4_WORDS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
SECTIONS = {"t2": "二、主动公开政府信息情况", "t3": "三、收到和处理政府信息公开申请情况",
            "t4": "四、政府信息公开行政复议、行政诉讼情况"}


def build(spec: FormatSpec, cells: Cells, rng: random.Random, agency: str, year: int, collapsed: bool) -> Draft:
    """The plain report: title, narrative, the three tables under their section headings."""
    title = f"{agency}{year}年政府信息公开工作年度报告"
    blocks: list[Block] = [
        Para(title, "title"),
        Para(f"本报告依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"),
        Para("一、总体情况", "heading"),
        Para(f"{year}年，我单位持续推进主动公开、依申请公开、政府信息管理、平台建设和监督保障各项工作。"
             f"本年新收政府信息公开申请{cells['t3.new_received.total']}件。"),
        Para(SECTIONS["t2"], "heading"), _t2(spec, cells),
        Para(SECTIONS["t3"], "heading"), _t3(spec, cells, collapsed),
        Para(SECTIONS["t4"], "heading"), _t4(spec, cells),
        Para("五、存在的主要问题及改进情况", "heading"),
        Para("公开内容的深度和广度还需加强。下一步将健全工作机制，提升公开质量。"),
        Para("六、其他需要报告的事项", "heading"), Para("本年度未收取信息处理费。"),
        Para(agency), Para(f"{year + 1}年1月{rng.randint(10, 28)}日"),
    ]
    return Draft(spec, cells, blocks, rng, title)


def _t2(spec: FormatSpec, cells: Cells) -> Table:
    rows: list[Row] = []
    for caption, header, printed in T2_PRINTED[spec.version]:
        rows.append(Row([caption, LEFT, LEFT, LEFT], head=True))
        rows.append(Row(header + [LEFT] * (4 - len(header)), head=True))
        for key, label in printed:
            row = next(r for r in spec.t2_rows if r.key == key)
            vals = [num(cells[f"t2.{key}.{c}"]) for c in row.columns]
            if key == "procurement" and vals[1]:
                vals[1] += "万元"
            rows.append(Row([label] + vals + [LEFT] * (3 - len(vals)), key=key))
    return Table("t2", rows)


def _t3(spec: FormatSpec, cells: Cells, collapsed: bool) -> Table:
    """Two label columns (group, item), the group printed on its first row only, blank below."""
    rows = [
        Row([T3_NOTE, LEFT, "申请人情况"] + [LEFT] * 6, head=True),
        Row([UP, UP, "自然人", "法人或其他组织", LEFT, LEFT, LEFT, LEFT, "总计"], head=True),
        Row([UP, UP, UP, "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", UP], head=True),
    ]
    for k in t3_row_keys(spec, collapsed):
        group, label = T3_PRINTED[k]
        rows.append(Row([group, label] + [num(cells[f"t3.{k}.{c}"]) for c in spec.t3_columns], key=k))
    return Table("t3", rows, labels=2)


def _t4(spec: FormatSpec, cells: Cells) -> Table:
    rows = [
        Row(["行政复议", LEFT, LEFT, LEFT, LEFT, "行政诉讼"] + [LEFT] * 9, head=True),
        Row([*T4_WORDS, "未经复议直接起诉", LEFT, LEFT, LEFT, LEFT, "复议后起诉", LEFT, LEFT, LEFT, LEFT], head=True),
        Row([UP] * 5 + T4_WORDS * 2, head=True),
        Row([num(cells[f"t4.{g}.{c}"]) for g in spec.t4_groups for c in spec.t4_columns]),
    ]
    return Table("t4", rows, labels=0)


# --- the structures -------------------------------------------------------------------------

def plain(d: Draft) -> None:
    """One label column: a group label printed before its first item's label in the same cell."""
    for t in d.tables("t3"):
        for r in t.rows:
            g, lab, *rest = r.cells
            if r.head:
                r.cells = [g, *rest]
            else:
                r.cells = [" ".join(x for x in (g, lab) if x), *rest]
        t.labels = 1


def merged_labels(d: Draft) -> None:
    """Group labels in their own merged column: printed once, the group's other rows merged
    into it; a row with no group (一、二、四、) spans both label columns."""
    families = ("denied_", "unable_", "rejected_", "other_")
    for t in d.tables("t3"):
        for r in t.rows:
            if r.head:
                continue
            family = next((f for f in families if r.key.startswith(f)), "")
            if r.cells[0]:
                continue
            if family:
                r.cells[0] = UP
            elif r.key in ("new_received", "carried_over", "carried_forward"):
                r.cells[:2] = [r.cells[1], LEFT]


STACKED = {"结果维持": "结果\n维持", "结果纠正": "结果\n纠正", "其他结果": "其他\n结果", "尚未审结": "尚未\n审结",
           "总计": "总\n计", "商业企业": "商业\n企业", "科研机构": "科研\n机构", "社会公益组织": "社会\n公益\n组织",
           "法律服务机构": "法律\n服务\n机构", "法人或其他组织": "法人或其\n他组织", "自然人": "自然\n人",
           "本年制发件数": "本年\n制发\n件数", "本年废止件数": "本年\n废止\n件数", "现行有效件数": "现行\n有效\n件数",
           "本年处理决定数量": "本年处理\n决定数量", "本年新制作数量": "本年新\n制作数量", "本年新公开数量": "本年新\n公开数量",
           "对外公开总数量": "对外公开\n总数量", "上一年项目数量": "上一年\n项目数量", "处理决定数量": "处理决\n定数量",
           "采购项目数量": "采购项\n目数量", "采购总金额": "采购\n总金额"}


def stacked_headers(d: Draft) -> None:
    """Header words stacked over two or three lines (结果 / 维持, 尚未 / 审结, 总 / 计)."""
    for b in d.blocks:
        if isinstance(b, Table):
            for r in b.rows:
                if r.head:
                    r.cells = [STACKED.get(c, c) for c in r.cells]


def subtotal_column(d: Draft) -> None:
    """A 小计 column after 其他 under 法人或其他组织: the sum of the five organisation columns."""
    for t in d.tables("t3"):
        at = t.labels + 6  # label columns, 自然人, five organisation columns
        for i, r in enumerate(t.rows):
            if r.head:
                r.cells.insert(at, {0: LEFT, 1: LEFT, 2: "小计"}.get(i, UP))
            else:
                r.cells.insert(at, str(sum(int(x) for x in r.cells[t.labels + 1 : at])))


def subtotal_rows(d: Draft) -> None:
    """A 小计 row under the groups 不予公开, 无法提供 and 不予处理 (their column sums)."""
    for t in d.tables("t3"):
        out: list[Row] = []
        for i, r in enumerate(t.rows):
            out.append(r)
            nxt = t.rows[i + 1].key if i + 1 < len(t.rows) else ""
            for prefix in ("denied_", "unable_", "rejected_"):
                if r.key.startswith(prefix) and not nxt.startswith(prefix):
                    group = [x for x in t.rows if x.key.startswith(prefix)]
                    sums = [str(sum(int(x.cells[j]) for x in group)) for j in range(t.labels, len(r.cells))]
                    labels = ["", "小计"] if t.labels == 2 else ["小计"]
                    if t.labels == 2 and group[0].cells[0] and r.cells[0] == UP:
                        labels[0] = UP
                    out.append(Row(labels + sums, key=f"{prefix}subtotal"))
        t.rows = out


T4_SPLIT = ("（一）行政复议", "（二）行政诉讼（未经复议直接起诉）", "（三）行政诉讼（复议后起诉）")


def t4_split(d: Draft) -> None:
    """Table 四 as three small tables under their own sub-headings."""
    for t in d.tables("t4"):
        at = d.blocks.index(t)
        vals = t.rows[-1].cells
        parts: list[Block] = []
        for i, heading in enumerate(T4_SPLIT):
            heading = heading if d.rng.random() < 0.7 else heading[3:]
            parts += [Para(heading, "heading"),
                      Table("t4", [Row(list(T4_WORDS), head=True), Row(vals[5 * i : 5 * i + 5])], labels=0)]
        d.blocks[at : at + 1] = parts


def part(d: Draft) -> None:
    """Part of a report: one or two of the three tables (a page, an excerpt), no title, no
    closing; the cells of the tables not printed are null."""
    names = ["t2", "t3", "t4"]
    keep = set(d.rng.sample(names, d.rng.choice([1, 1, 2]))) | d.must_print
    out: list[Block] = []
    section = ""
    for b in d.blocks:
        if isinstance(b, Para) and b.kind == "heading" and b.text in SECTIONS.values():
            section = next(k for k, v in SECTIONS.items() if v == b.text)
        elif isinstance(b, Para) and b.kind == "heading" and b.text[:2] in ("一、", "五、"):
            section = ""
        if section in keep and (not isinstance(b, Para) or b.kind != "heading" or d.rng.random() < 0.8
                                or b.text not in SECTIONS.values()):
            out.append(b)
    if d.rng.random() < 0.5:
        out.insert(0, Para(f"Page {d.rng.randint(2, 12)} - {d.title}", "furniture"))
    d.blocks = out
    for k in d.cells:
        if k.split(".")[0] not in keep:
            d.cells[k] = None
    d.notes.append("printed " + ",".join(sorted(keep)))


def _own_rng(d: Draft, name: str) -> random.Random:
    """A generator of its own for a structure added after the others: drawing from ``d.rng``
    would change every later draw of the reports that print it, and the figures measured on them."""
    return random.Random(f"{name}/{d.title}/{sorted(d.cells.items())}")


def _t2_sentence(version: str, key: str, v: dict[str, Value], rng: random.Random) -> str:
    """A sentence of section 二 restating one row of table 二, in the words reports use."""
    subject = {k: lab for _, _, printed in T2_PRINTED[version] for k, lab in printed}[key]
    if key in ("regulations", "normative_docs"):
        if version == "2021":
            return f"本年制发{subject}{v['made']}件，废止{v['repealed']}件，现行有效{v['in_force']}件。"
        return rng.choice([(f"本年度新制作{subject}{v['new_made']}件，新公开{v['new_published']}件，"
                           f"对外公开总数{v['total_published']}件。"),
                           (f"{subject}方面，新制作{v['new_made']}件、新公开{v['new_published']}件，"
                           f"累计对外公开{v['total_published']}件。")])
    if key == "procurement":
        return f"政府集中采购项目{v['items']}项，采购总金额{num(v['amount'])}万元。"
    if version == "2021":
        if key == "fees":
            return f"{subject}{num(v['amount'])}万元。"
        return f"作出{subject}决定{v['decisions']}件。"
    change = v["change"]
    assert isinstance(change, int)
    moved = "项目数量无增减" if change == 0 else f"{'增加' if change > 0 else '减少'}{abs(change)}项"
    decided = f"，作出处理决定{v['decisions']}件" if "decisions" in v else ""
    return f"{subject}事项上一年{v['prev_items']}项，本年{moved}{decided}。"


def t2_prose(d: Draft) -> None:
    """Section 二's prose restates some rows of table 二 (本年度新制作规范性文件4件，…)."""
    rng = _own_rng(d, "t2-prose")
    sentences = []
    for row in d.spec.t2_rows:
        v = {c: d.cells.get(f"t2.{row.key}.{c}") for c in row.columns}
        if not row.extension and None not in v.values() and rng.random() < 0.6:
            sentences.append(_t2_sentence(d.spec.version, row.key, v, rng))
    for t in d.tables("t2"):
        d.blocks.insert(d.blocks.index(t), Para("".join(sentences) or "本年度主动公开政府信息情况见下表。"))


def _yuan(v: Value) -> str:
    assert v is not None
    return f"{round(v * 10000, 2):.2f}".rstrip("0").rstrip(".") + "元"


def t2_signs_units(d: Draft) -> None:
    """Table 二 as reports print it: 本年增/减 with its sign (+3, -2); 采购总金额 (2019, its header
    names no unit) in 万元, in 元 or without a unit; 本年收费金额 (2021, in 万元 by its header)
    with 万元 in the cell."""
    rng = _own_rng(d, "t2-signs-units")
    amount_as = rng.choice(["万元", "元", ""]) if d.spec.version == "2019" else "万元"
    for t in d.tables("t2"):
        for r in t.rows:
            row = next((x for x in d.spec.t2_rows if x.key == r.key), None)
            if r.head or row is None:
                continue
            for c, col in enumerate(row.columns, start=1):
                v = d.cells[f"t2.{row.key}.{col}"]
                if col in row.signed and isinstance(v, int) and v > 0 and rng.random() < 0.7:
                    r.cells[c] = f"+{v}"
                elif col in row.money:
                    r.cells[c] = _yuan(v) if amount_as == "元" else num(v) + amount_as


# In the order they apply. ``plain`` and ``merged-labels`` are alternatives (the label columns):
# every report has one of them.
STRUCTURES = {"plain": plain, "merged-labels": merged_labels, "t4-split": t4_split, "subtotal-col": subtotal_column,
              "subtotal-rows": subtotal_rows, "stacked-headers": stacked_headers, "t2-prose": t2_prose,
              "t2-signs-units": t2_signs_units, "part": part}
# Structures added after the sweep's floors were first set: ``compose.draw`` draws them with a
# generator of their own, so that every report draws the other axes as before.
LATER = ("t2-prose", "t2-signs-units")
