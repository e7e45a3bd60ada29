"""Render a generated report as the HTML page a portal or Word would publish.

The tables use the official merged-cell layout (formats.md §4): t2 caption rows spanning
the table, t3's three-row header under the 勾稽关系 note and hierarchically merged label
cells, t4's three-level header. Variants add what real pages carry: Word's HTML noise,
<br>-wrapped labels, blank merged cells, a table split in two, &nbsp; padding, a layout
table around the article, hidden decoys, unclosed tags.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field

from generators.synth import AGENCIES, T2_PRINTED, T3_PRINTED, blank_merged_outcomes, random_cells
from gongkai.spec import FormatSpec, load_format

VARIANTS = ("word", "br-labels", "p-labels", "blank-merged", "split-table", "gbk", "nbsp", "collapsed",
            "width2", "layout-table", "hidden", "thead", "unclosed", "uppercase")

T4_TOP = [("行政复议", 1, 5), ("行政诉讼", 1, 10)]
T4_MID = [("结果维持", 2, 1), ("结果纠正", 2, 1), ("其他结果", 2, 1), ("尚未审结", 2, 1), ("总计", 2, 1),
          ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)]
T4_LOW = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    value: bool = False  # a number (Word marks those lang=EN-US)


@dataclass
class HtmlReport:
    data: bytes
    cells: dict
    meta: dict
    variants: tuple[str, ...]
    page: str = field(repr=False, default="")


def num(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))
    return str(v)


class Renderer:
    def __init__(self, rng: random.Random, variants: set[str]):
        self.rng, self.v = rng, variants

    # --- cells and tables -------------------------------------------------------------
    def text(self, s: str, label: bool = False) -> str:
        """Escaped cell or paragraph text, with the variant's wrapping and noise."""
        rng = self.rng
        if label and len(s) > 6 and {"br-labels", "p-labels"} & self.v and rng.random() < 0.7:
            cut = self._cut(s)
            if cut:
                sep = "<br>" if "br-labels" in self.v and ("p-labels" not in self.v or rng.random() < 0.5) \
                    else "</p><p>" if "word" not in self.v else "<o:p></o:p></span></p><p class=MsoNormal><span>"
                if sep == "</p><p>":
                    return "<p>" + self.text(s[:cut]) + sep + self.text(s[cut:]) + "</p>"
                return self.text(s[:cut]) + sep + self.text(s[cut:])
        if "word" in self.v:
            return self._word_spans(s)
        out = html.escape(s, quote=False)
        if "nbsp" in self.v and rng.random() < 0.3:
            out = "&nbsp;" * rng.randint(1, 2) + out + "&nbsp;" * rng.randint(0, 2)
        return out

    def _cut(self, s: str) -> int | None:
        """A position to wrap a label: never inside a run of ASCII (that would split 12 or 1.)."""
        spots = [i for i in range(2, len(s) - 1) if not (s[i - 1].isascii() and s[i].isascii())]
        return self.rng.choice(spots) if spots else None

    def _word_spans(self, s: str) -> str:
        """Word's export: text cut into spans at script changes, EN-US for ASCII runs, and the
        HTML source wrapped mid-sentence between Chinese characters."""
        rng = self.rng
        runs, cur = [], ""
        for ch in s:
            if cur and (ch.isascii() != cur[-1].isascii()):
                runs.append(cur)
                cur = ""
            cur += ch
        if cur:
            runs.append(cur)
        out = []
        for run in runs:
            t = html.escape(run, quote=False)
            if run.isascii():
                out.append(f"<span lang=EN-US style='font-size:10.5pt;font-family:\"Times New Roman\",serif;"
                           f"mso-fareast-font-family:宋体'>{t}</span>")
            else:
                if len(run) > 4 and rng.random() < 0.5:
                    i = rng.randint(1, len(run) - 1)
                    t = html.escape(run[:i], quote=False) + "\r\n" + html.escape(run[i:], quote=False)
                style = "font-size:10.5pt;font-family:宋体;mso-ascii-font-family:\"Times New Roman\";mso-bidi-font-family:宋体"
                if rng.random() < 0.3:
                    t = f"<span style='mso-bidi-font-weight:bold'><span style='color:black'>{t}</span></span>"
                out.append(f"<span style='{style}'>{t}</span>")
        return "".join(out)

    def cell(self, c: Cell) -> str:
        tag = "th" if c.header and "thead" in self.v else "td"
        attrs = ""
        if c.rowspan > 1:
            attrs += f" rowspan={c.rowspan}" if self.rng.random() < 0.5 else f' rowspan="{c.rowspan}"'
        if c.colspan > 1:
            attrs += f" colspan={c.colspan}" if self.rng.random() < 0.5 else f' colspan="{c.colspan}"'
        body = self.text(c.text, label=not c.value and not c.header) if c.text else ""
        if not c.text and ("nbsp" in self.v or "word" in self.v):
            body = "&nbsp;"
        if "word" in self.v:
            attrs += (" width=57 valign=top style='width:42.5pt;border:solid windowtext 1.0pt;border-top:none;"
                      "mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'")
            body = (f"<p class=MsoNormal align=center style='text-align:center;mso-line-height-rule:exactly'>"
                    f"{body}<o:p></o:p></p>")
        close = "" if "unclosed" in self.v else f"</{tag}>"
        return f"<{tag}{attrs}>{body}{close}"

    def table(self, rows: list[list[Cell]], header_rows: int = 0) -> str:
        word = "word" in self.v
        attrs = (" class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;"
                 "mso-table-layout-alt:fixed;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'" if word else " border=1")
        parts = [f"<table{attrs}>"]
        close = "" if "unclosed" in self.v else "</tr>"
        body = [f"<tr>{''.join(self.cell(c) for c in row)}{close}" for row in rows]
        if "thead" in self.v and header_rows:
            parts += ["<thead>", *body[:header_rows], "</thead><tbody>", *body[header_rows:], "</tbody>"]
        else:
            parts += body
        if word:  # Word's row of zero-width cells fixing the column grid
            width = sum(c.colspan for c in rows[0])
            parts.append("<![if !supportMisalignedColumns]><tr height=0>"
                         + "<td width=57 style='border:none'></td>" * width + "</tr><![endif]>")
        parts.append("</table>")
        return "\n".join(parts)

    def tables(self, rows: list[list[Cell]], header_rows: int, split_ok: bool) -> str:
        """One table, or with split-table two tables cut at a row, merged cells cut with them
        (the part of a merged cell below the cut is a blank merged cell of the second table)."""
        if not (split_ok and "split-table" in self.v) or len(rows) - header_rows < 2:
            return self.table(rows, header_rows)
        cut = self.rng.randint(header_rows + 1, len(rows) - 1)
        first = [list(r) for r in rows[:cut]]
        second = [list(r) for r in rows[cut:]]
        carried = []
        for r, row in enumerate(first):
            for i, c in enumerate(row):
                if r + c.rowspan > cut:  # spans the cut: split it
                    row[i] = Cell(c.text, cut - r, c.colspan, c.header, c.value)
                    carried.append((_column_of(rows, r, i), Cell("", r + c.rowspan - cut, c.colspan)))
        # merged cells spanning the cut are label cells, left of every cell the row has itself
        second[0][:0] = [c for _, c in sorted(carried, key=lambda x: x[0])]
        return self.table(first, header_rows) + "\n<p>&nbsp;</p>\n" * self.rng.randint(0, 1) + self.table(second)


def _column_of(rows: list[list[Cell]], r: int, i: int) -> int:
    """The grid column of the i-th cell of row r (HTML table model)."""
    taken: set[tuple[int, int]] = set()
    for rr, row in enumerate(rows[: r + 1]):
        c = 0
        for ii, cell in enumerate(row):
            while (rr, c) in taken:
                c += 1
            if rr == r and ii == i:
                return c
            taken.update((rr + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan
    raise IndexError


def t2_rows(cells: dict, spec: FormatSpec, rnd: Renderer) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    width = 4
    for caption, header, printed in T2_PRINTED[spec.version]:
        rows.append([Cell(caption, colspan=width, header=True)])
        hdr = [Cell(h, header=True) for h in header]
        hdr[-1].colspan = width - len(header) + 1
        rows.append(hdr)
        for key, label in printed:
            row = next(r for r in spec.t2_rows if r.key == key)
            vals = [num(cells[f"t2.{key}.{c}"]) for c in row.columns]
            if key == "procurement" and vals[1] and vals[1] != "0":
                vals[1] += " 万元"
            line = [Cell(label)] + [Cell(v, value=True) for v in vals]
            line[-1].colspan = width - len(vals)
            rows.append(line)
    return rows


def t3_rows(cells: dict, spec: FormatSpec, rnd: Renderer, collapsed: bool, blank_merged: bool) -> list[list[Cell]]:
    keys = [r.key for r in spec.t3_rows]
    if collapsed:
        subs = spec.collapsed_rows()["other"]
        i = keys.index(subs[0])
        keys[i : i + len(subs)] = ["other"]
    width = 2 if "width2" in rnd.v else 3
    header = [
        [Cell(NOTE, 3, width, header=True), Cell("申请人情况", colspan=7, header=True)],
        [Cell("自然人", 2, header=True), Cell("法人或其他组织", colspan=5, header=True), Cell("总计", 2, header=True)],
        [Cell(h, header=True) for h in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
    ]
    outcome = keys[keys.index("granted") : keys.index("results_total") + 1]
    # run length of each group: the group row and the numbered items after it
    runs: dict[int, int] = {}
    for i, k in enumerate(keys):
        if T3_PRINTED[k][0]:
            n = 1
            while i + n < len(keys) and not T3_PRINTED[keys[i + n]][0] and T3_PRINTED[keys[i + n]][1][0].isdigit():
                n += 1
            runs[i] = n
    rows = []
    for i, k in enumerate(keys):
        group, label = T3_PRINTED[k]
        vals = [num(cells[f"t3.{k}.{c}"]) for c in spec.t3_columns]
        if blank_merged and k in ("granted", "partly_granted"):
            value_cells = [Cell("", colspan=6), Cell(vals[-1], value=True)]
        else:
            value_cells = [Cell(v, value=True) for v in vals]
        lab: list[Cell] = []
        if width == 3:
            if k not in outcome:
                lab = [Cell(label, colspan=3)]
            else:
                if k == outcome[0]:
                    lab.append(Cell("三、本年度办理结果", rowspan=len(outcome)))
                if group and group != "三、本年度办理结果":
                    lab += [Cell(group, rowspan=runs[i]), Cell(label)]
                elif label[0].isdigit():
                    lab.append(Cell(label))
                else:
                    lab.append(Cell(label, colspan=2))
        else:
            if group:
                lab = [Cell(group, rowspan=runs[i]), Cell(label)]
            elif label[0].isdigit():
                lab = [Cell(label)]
            else:
                lab = [Cell(label, colspan=2)]
        rows.append(lab + value_cells)
    return header + rows


def t4_rows(cells: dict, spec: FormatSpec) -> list[list[Cell]]:
    return [
        [Cell(t, r, c, header=True) for t, r, c in T4_TOP],
        [Cell(t, r, c, header=True) for t, r, c in T4_MID],
        [Cell(t, header=True) for t in T4_LOW],
        [Cell(num(cells[f"t4.{g}.{c}"]), value=True) for g in spec.t4_groups for c in spec.t4_columns],
    ]


def render_page(cells: dict, spec: FormatSpec, rng: random.Random, agency: str, year: int, collapsed: bool,
                variants: set[str]) -> str:
    rnd = Renderer(rng, variants)
    word = "word" in variants

    def para(s: str, tag: str = "p") -> str:
        if word:
            return f"<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0'>{rnd.text(s)}<o:p></o:p></p>"
        close = "" if "unclosed" in variants and tag == "p" else f"</{tag}>"
        return f"<{tag}>{rnd.text(s)}{close}"

    body = [para(f"{agency}{year}年政府信息公开工作年度报告", "h1" if not word else "p")]
    if "hidden" in variants:
        body.append("<div style='DISPLAY: none'>二、上年结转政府信息公开申请数量 99999 88888</div>"
                    "<script>var s = '（七）总计 12345';</script><style>td {color: red}</style>"
                    "<span hidden>行政复议 777</span><noscript>请启用脚本 3</noscript>")
    body += [
        para(f"本报告依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"),
        para("一、总体情况", "h2"),
        para(f"{year}年，我单位认真贯彻落实政务公开工作要求，持续推进主动公开、依申请公开各项工作。"
             f"本年新收政府信息公开申请{cells['t3.new_received.total']}件。"),
        para("二、主动公开政府信息情况", "h2"),
        rnd.tables(t2_rows(cells, spec, rnd), 0, split_ok=rng.random() < 0.5),
        para("三、收到和处理政府信息公开申请情况", "h2"),
        rnd.tables(t3_rows(cells, spec, rnd, collapsed, "blank-merged" in variants), 3, split_ok=True),
        para("四、政府信息公开行政复议、行政诉讼情况", "h2"),
        rnd.table(t4_rows(cells, spec), 3),
        para("五、存在的主要问题及改进情况", "h2"),
        para("公开内容的深度和广度还需加强。下一步将健全工作机制，提升公开质量。"),
        para("六、其他需要报告的事项", "h2"),
        para("本年度未收取信息处理费。"),
        f"<div style='text-align:right'>{html.escape(agency)}<br>{year + 1}年1月{rng.randint(10, 28)}日</div>",
    ]
    content = "\n".join(body)
    if "layout-table" in variants:
        content = ("<table width='100%'><tr><td width=180>首页<br>政务公开<br>通知公告</td>"
                   f"<td><div class=article>{content}</div></td></tr></table>")
    if word:
        head = ("<head><meta http-equiv=Content-Type content=\"text/html; charset={cs}\">"
                "<meta name=Generator content=\"Microsoft Word 15\">"
                "<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>admin 2024</o:Author>"
                "</o:DocumentProperties></xml><![endif]-->"
                "<style><!-- p.MsoNormal {mso-style-parent:\"\"; margin:0cm; font-size:10.5pt;} "
                "@page WordSection1 {size:595.3pt 841.9pt;} --></style></head>")
        doc = ("<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
               "xmlns:w=\"urn:schemas-microsoft-com:office:word\" xmlns=\"http://www.w3.org/TR/REC-html40\">"
               + head + "<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>"
               "<div class=WordSection1 style='layout-grid:15.6pt'>" + content + "</div></body></html>")
    else:
        head = "<head><meta charset=\"{cs}\"><title>" + html.escape(agency) + "年度报告</title></head>"
        doc = "<!DOCTYPE html>\n<html lang=zh-CN>" + head + "<body>\n" + content + "\n</body></html>"
    doc = doc.replace("{cs}", "gbk" if "gbk" in variants else "utf-8")
    if "uppercase" in variants:
        for t in ("table", "tr", "td", "p", "br", "div", "body"):
            doc = doc.replace(f"<{t}>", f"<{t.upper()}>").replace(f"<{t} ", f"<{t.upper()} ")
    return doc


def generate_html(seed: int, version: str, variants: tuple[str, ...] = ()) -> HtmlReport:
    """A random consistent report in ``version`` rendered as a page with ``variants``."""
    rng = random.Random(seed)
    spec = load_format(version)
    v = set(variants)
    collapsed = "collapsed" in v
    if collapsed and version != "2021":
        raise ValueError("only the 2021 format has （六） sub-rows to collapse")
    scale = rng.choice([10, 400, 20000, 999999])
    cells = random_cells(spec, rng, scale=scale, collapsed=collapsed)
    if "blank-merged" in v:
        blank_merged_outcomes(cells, spec)
    agency, year = rng.choice(AGENCIES), (rng.randint(2021, 2025) if version == "2021" else rng.choice([2019, 2020]))
    page = render_page(cells, spec, rng, agency, year, collapsed, v)
    data = page.encode("gbk" if "gbk" in v else "utf-8")
    keys = set(spec.keys(frozenset({"other"}) if collapsed else frozenset()))
    cells = {k: val for k, val in cells.items() if k in keys}
    return HtmlReport(data, cells, {"agency": agency, "year": year, "format": version}, tuple(variants), page)
