"""The OpenDocument reader: whole reports written here as ODT (and flat .fodt) with merged,
covered and repeated cells, header rows, wrapped labels, frames and hidden text, in the
official 2021 and 2019 layouts; reports rendered as DOCX and converted to ODT by
LibreOffice; all read back through the extractor cell by cell. Then the Lines built from
ODF's structures (white space, lists, nested and layout tables, repeats), files that are
not readable ODT (corrupt, ZIP bombs, encrypted, other OpenDocument kinds) and the CLI.

The LibreOffice tests are skipped only where soffice is missing outside CI (as in
tests/test_reader_docx.py).
"""

from __future__ import annotations

import io
import os
import random
import struct
import subprocess
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

import test_reader_docx as docx_tests
from conftest import json_lines, refusal, run_cli
from generators.render_html import Cell, Renderer, t2_rows, t3_rows, t4_rows
from generators.synth import AGENCIES, blank_merged_outcomes, random_cells
from gongkai.readers import ReadError, read_bytes, sniff
from gongkai.readers import odt as odt_reader
from gongkai.readers.odt_package import is_odf
from gongkai.spec import load_format

check = docx_tests.check
soffice = docx_tests.soffice  # the fixture: LibreOffice, or a skip (a failure in CI)

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}
NSDECLS = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())
MIMETYPE = b"application/vnd.oasis.opendocument.text"
STYLES = ('<office:automatic-styles>'
          '<style:style style:name="Hide" style:family="text"><style:text-properties text:display="none"/></style:style>'
          '<style:style style:name="HideParent" style:family="text" style:parent-style-name="Hide"/>'
          '<text:list-style style:name="Heads"><text:list-level-style-number text:level="1" style:num-suffix="、" '
          'style:num-format="一, 二, 三, ..."/><text:list-level-style-number text:level="2" style:num-prefix="（" '
          'style:num-suffix="）" style:num-format="一, 二, 三, ..."/><text:list-level-style-number text:level="3" '
          'style:num-suffix="." style:num-format="1"/></text:list-style>'
          '<text:list-style style:name="Dots"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/>'
          '</text:list-style></office:automatic-styles>')

VARIANTS = ("frame-title", "wrapped-break", "wrapped-paras", "spans", "pretty", "repeated", "header-rows",
            "blank-merged", "split-table", "hidden", "layout-table", "numbered-heads", "collapsed")


# ---------------------------------------------------------------------------------------------
# Writing ODT


def package(content: str | None, styles: str = "", extra: dict[str, bytes] | None = None,
            mimetype: bytes = MIMETYPE) -> bytes:
    """An ODT: the mimetype first and stored (as ODF requires), then the XML parts."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        parts = {"styles.xml": styles or f'<office:document-styles {NSDECLS}><office:styles/></office:document-styles>',
                 "META-INF/manifest.xml": '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
                                          'xmlns:manifest:1.0"/>'}
        if content is not None:
            parts["content.xml"] = content
        for name, data in {**parts, **(extra or {})}.items():
            z.writestr(name, data)
    return buf.getvalue()


def content_xml(body: str, styles: str = STYLES) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NSDECLS} office:version="1.3">'
            f'{styles}<office:body><office:text>{body}</office:text></office:body></office:document-content>')


def flat_xml(body: str, styles: str = STYLES, kind: str = MIMETYPE.decode()) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NSDECLS} office:version="1.3" '
            f'office:mimetype="{kind}">{styles}<office:body><office:text>{body}</office:text></office:body>'
            '</office:document>')


@dataclass
class OdtReport:
    body: str
    cells: dict
    meta: dict
    variants: tuple[str, ...]

    @property
    def odt(self) -> bytes:
        return package(content_xml(self.body))

    @property
    def fodt(self) -> bytes:
        return flat_xml(self.body).encode("utf-8")


class _Writer:
    def __init__(self, rng: random.Random, variants: set[str]):
        self.rng, self.v = rng, variants

    def runs(self, s: str) -> str:
        """Escaped text, cut into spans (one of them hiding a decoy number) with ``spans``."""
        out = escape(s)
        if "spans" in self.v and len(s) > 3:
            cut = sorted(self.rng.sample(range(1, len(s)), 2))
            out = "".join(f"<text:span>{escape(s[a:b])}</text:span>" for a, b in zip([0, *cut], [*cut, len(s)], strict=True))
        if "hidden" in self.v and self.rng.random() < 0.2:
            out += f'<text:span text:style-name="{self.rng.choice(["Hide", "HideParent"])}">8888</text:span>'
        return out

    def para(self, s: str, tag: str = "text:p") -> str:
        indent = '<text:s text:c="2"/>' if "spans" in self.v else ""
        text = f"\n    {self.runs(s)}\n  " if "pretty" in self.v else self.runs(s)
        return f"<{tag}>{indent}{text}</{tag}>"

    def cell_paras(self, c: Cell) -> str:
        s = c.text
        if not s:
            return "<text:p/>"
        wrap = [m for m in ("wrapped-break", "wrapped-paras") if m in self.v]
        if not c.value and not c.header and len(s) > 6 and wrap and self.rng.random() < 0.7:
            spots = [i for i in range(2, len(s) - 1) if not (s[i - 1].isascii() and s[i].isascii())]
            cut = self.rng.choice(spots)
            if self.rng.choice(wrap) == "wrapped-break":
                return f"<text:p>{self.runs(s[:cut])}<text:line-break/>{self.runs(s[cut:])}</text:p>"
            return self.para(s[:cut]) + self.para(s[cut:])
        return self.para(s)

    def table(self, placed: list[tuple[int, int, Cell]], header_rows: int = 0) -> str:
        """A table:table from (row, col, cell) placements: spanned cells, their covered
        positions written out, runs of equal cells as number-columns-repeated."""
        nrows = max(r + c.rowspan for r, _, c in placed)
        ncols = max(col + c.colspan for _, col, c in placed)
        grid: list[list[str | None]] = [[None] * ncols for _ in range(nrows)]
        for r, col, c in placed:
            for dr in range(c.rowspan):
                for dc in range(c.colspan):
                    grid[r + dr][col + dc] = "<table:covered-table-cell/>"
            spans = (f' table:number-columns-spanned="{c.colspan}"' if c.colspan > 1 else "") + \
                    (f' table:number-rows-spanned="{c.rowspan}"' if c.rowspan > 1 else "")
            grid[r][col] = f'<table:table-cell{spans} office:value-type="string">{self.cell_paras(c)}</table:table-cell>'
        nl = "\n  " if "pretty" in self.v else ""
        rows = []
        for row in grid:
            cells = [x or "<table:table-cell/>" for x in row]
            rows.append(f"<table:table-row>{nl}{nl.join(self.repeat(cells))}</table:table-row>")
            if "repeated" in self.v and self.rng.random() < 0.1:  # a blank spacer row, repeated a million times
                rows.append('<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
                            f'table:number-columns-repeated="{ncols}"/></table:table-row>')
        if "header-rows" in self.v and header_rows:
            rows[:header_rows] = [f"<table:table-header-rows>{''.join(rows[:header_rows])}</table:table-header-rows>"]
        columns = f'<table:table-column table:number-columns-repeated="{ncols}"/>'
        return f'<table:table table:name="T{self.rng.randint(1, 10**6)}">{nl}{columns}{nl}{nl.join(rows)}</table:table>'

    def repeat(self, cells: list[str]) -> list[str]:
        if "repeated" not in self.v:
            return cells
        out: list[list] = []
        for x in cells:
            if out and out[-1][0] == x and "spanned" not in x:
                out[-1][1] += 1
            else:
                out.append([x, 1])
        return [x if n == 1 else x.replace("-cell", f'-cell table:number-columns-repeated="{n}"', 1) for x, n in out]

    def split(self, rows: list[list[Cell]], header_rows: int) -> str:
        """Table 三 as two tables cut at a row: a merged cell crossing the cut goes on, blank."""
        placed = docx_tests._place(rows)
        cut = self.rng.randint(header_rows + 1, len(rows) - 1)
        first, second = [], []
        for r, col, c in placed:
            if r < cut:
                first.append((r, col, Cell(c.text, min(c.rowspan, cut - r), c.colspan, c.header, c.value)))
                if r + c.rowspan > cut:
                    second.append((0, col, Cell("", r + c.rowspan - cut, c.colspan)))
            else:
                second.append((r - cut, col, c))
        return self.table(first, header_rows) + "<text:p/>" * self.rng.randint(0, 1) + self.table(second)


def generate_odt(seed: int, version: str, variants: tuple[str, ...] = ()) -> OdtReport:
    rng = random.Random(seed)
    spec = load_format(version)
    v = set(variants)
    collapsed = "collapsed" in v
    cells = random_cells(spec, rng, scale=rng.choice([10, 400, 20000, 999999]), collapsed=collapsed)
    if "blank-merged" in v:
        blank_merged_outcomes(cells, spec)
    agency = rng.choice(AGENCIES)
    year = rng.randint(2021, 2025) if version == "2021" else rng.choice([2019, 2020])
    out = _Writer(rng, v)
    rnd = Renderer(rng, v)
    heads = iter(["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
                  "存在的主要问题及改进情况", "其他需要报告的事项"])
    numbers = iter("一二三四五六")

    def head() -> str:
        text = next(heads)
        if "numbered-heads" in v:  # printed numbers come from the list style; each list continues the last
            return (f'<text:list text:style-name="Heads" text:continue-numbering="true"><text:list-item>'
                    f"{out.para(text, 'text:h')}</text:list-item></text:list>")
        return out.para(f"{next(numbers)}、{text}", "text:h")

    title = f"{agency}{year}年政府信息公开工作年度报告"
    body = []
    if "frame-title" in v:
        body.append('<text:p><draw:frame draw:name="Title" text:anchor-type="paragraph" svg:width="16cm" '
                    f'svg:height="2cm"><draw:text-box>{out.para(title)}</draw:text-box></draw:frame></text:p>')
    else:
        body.append(out.para(title))
    if "hidden" in v:  # deleted text of a tracked change, and a comment: not printed
        body.append('<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><office:change-info>'
                    '<dc:creator>a</dc:creator></office:change-info><text:p>二、上年结转政府信息公开申请数量 99999</text:p>'
                    '</text:deletion></text:changed-region></text:tracked-changes>')
    body.append(out.para(f"本报告依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"))
    body += [head(), out.para(f"{year}年，我单位认真贯彻落实政务公开工作要求，持续推进主动公开、依申请公开各项工作。"
                              f"本年新收政府信息公开申请{cells['t3.new_received.total']}件。"), head()]
    body.append(out.table(docx_tests._place(t2_rows(cells, spec, rnd))))
    body.append(head())
    t3 = t3_rows(cells, spec, rnd, collapsed, "blank-merged" in v)
    body.append(out.split(t3, 3) if "split-table" in v else out.table(docx_tests._place(t3), 3))
    body.append(head())
    t4 = out.table(docx_tests._place(t4_rows(cells, spec)), 3)
    if "hidden" in v:
        t4 = t4.replace("<text:p>", '<text:p><text:change text:change-id="c1"/><office:annotation><dc:creator>a'
                                    "</dc:creator><text:p>777</text:p></office:annotation>", 1)
    body.append(t4)
    body += [head(), out.para("公开内容的深度和广度还需加强。下一步将健全工作机制，提升公开质量。"), head(),
             out.para("本年度未收取信息处理费。"), out.para(agency), out.para(f"{year + 1}年1月{rng.randint(10, 28)}日")]
    text = "".join(body)
    if "layout-table" in v:  # the whole report in one cell of a layout table
        text = f"<table:table><table:table-row><table:table-cell>{text}</table:table-cell></table:table-row></table:table>"
    keys = set(spec.keys(frozenset({"other"}) if collapsed else frozenset()))
    return OdtReport(text, {k: val for k, val in cells.items() if k in keys},
                     {"agency": agency, "year": year, "format": version}, tuple(variants))


# ---------------------------------------------------------------------------------------------
# Generated reports read back cell by cell


CASES = [(seed, version, (v,)) for v in VARIANTS for seed, version in ((1, "2021"), (2, "2019"))
         if not (v == "collapsed" and version == "2019")]
CASES += [(3, "2021", ()), (4, "2019", ())]
_mix = random.Random(17)
for _seed in range(100, 108):
    _version = _mix.choice(["2021", "2019"])
    CASES.append((_seed, _version, tuple(x for x in VARIANTS if _mix.random() < 0.4
                                          and not (x == "collapsed" and _version == "2019"))))


@pytest.mark.parametrize("seed,version,variants", CASES,
                         ids=lambda x: "+".join(x) or "plain" if isinstance(x, tuple) else str(x))
def test_generated_report(seed, version, variants):
    r = generate_odt(seed, version, variants)
    check(r.odt, r.cells, r.meta, name="x.odt", form="odt")


@pytest.mark.parametrize("seed,version", [(5, "2021"), (6, "2019")])
def test_generated_flat_odt(seed, version):
    r = generate_odt(seed, version, ("frame-title", "wrapped-break", "repeated", "hidden", "numbered-heads"))
    assert sniff(r.fodt, "x.fodt") == "fodt"
    check(r.fodt, r.cells, r.meta, name="x.fodt", form="fodt")


def test_every_feature_at_once():
    r = generate_odt(21, "2021", ("frame-title", "wrapped-break", "wrapped-paras", "spans", "repeated", "header-rows",
                                  "blank-merged", "split-table", "hidden", "numbered-heads", "pretty"))
    doc, got = check(r.odt, r.cells, r.meta, name="x.odt", form="odt")
    raws = [line.raw for line in doc.lines]
    assert raws[0] == f"{r.meta['agency']}{r.meta['year']}年政府信息公开工作年度报告"  # from the frame
    assert "一、总体情况" in raws and "六、其他需要报告的事项" in raws  # numbers from the list style
    assert not any(x in line for line in raws for x in ("8888", "777", "99999"))
    assert len(raws) < 200  # the million-fold spacer rows are blank: dropped
    assert got.cells["t3.granted.natural_person"] is None and got.cells["t3.granted.total"] == r.cells["t3.granted.total"]


# --- LibreOffice: reports rendered as DOCX, converted to ODT ---------------------------------

LO_CASES = [(41, "2021", ("textbox-title", "wrapped-br", "blank-merged", "split-table")),
            (42, "2019", ("wrapped-paras", "split-runs", "revisions")),
            (43, "2021", ("collapsed", "content-control", "layout-table", "wrapped-br")),
            (44, "2019", ("textbox-title", "blank-merged", "width2"))]


def convert_all(exe: str, docs: dict[str, bytes], to: str) -> dict[str, bytes]:
    """Files converted by one LibreOffice run (its start-up is most of the cost)."""
    with tempfile.TemporaryDirectory() as tmp:
        names = []
        for name, data in docs.items():
            Path(tmp, name).write_bytes(data)
            names.append(name)
        subprocess.run([exe, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless",
                        "--convert-to", to, "--outdir", tmp, *names],
                       env=dict(os.environ, HOME=tmp), cwd=tmp, capture_output=True, timeout=300, check=False)
        out = {}
        for name in names:
            path = Path(tmp, name.rsplit(".", 1)[0] + "." + to)
            assert path.exists(), f"LibreOffice did not convert {name} to {to}"
            out[name] = path.read_bytes()
        return out


@pytest.fixture(scope="module")
def converted(soffice) -> dict[int, tuple[bytes, dict, dict]]:
    reports = {seed: docx_tests.generate_docx(seed, version, variants) for seed, version, variants in LO_CASES}
    odts = convert_all(soffice, {f"r{seed}.docx": r.data for seed, r in reports.items()}, "odt")
    return {seed: (odts[f"r{seed}.docx"], r.cells, r.meta) for seed, r in reports.items()}


@pytest.mark.parametrize("seed", [c[0] for c in LO_CASES], ids=[f"{c[1]}-{'+'.join(c[2])}" for c in LO_CASES])
def test_libreoffice_odt(converted, seed):
    data, cells, meta = converted[seed]
    assert data[30:38] == b"mimetype" and b"opendocument.text" in data[:100]
    check(data, cells, meta, name="x.odt", form="odt")


def test_libreoffice_odt_keeps_what_word_prints(converted):
    """LibreOffice turns Word's text box into a shape, deleted and hidden runs into tracked
    changes and a text:display="none" style: the title reads once, the decoys not at all."""
    data, _, meta = converted[41]
    raws = [line.raw for line in read_bytes(data, "x.odt").lines]
    assert raws[0] == f"{meta['agency']}{meta['year']}年政府信息公开工作年度报告"
    data, _, _ = converted[42]
    raws = [line.raw for line in read_bytes(data, "x.odt").lines]
    assert not any("8888" in x or "777" in x for x in raws)


# ---------------------------------------------------------------------------------------------
# The Lines built from ODF's structures


def _raws(body: str, styles: str = STYLES) -> list[str]:
    return [line.raw for line in read_bytes(package(content_xml(body, styles)), "t.odt").lines]


def _cell(text: str = "", attrs: str = "") -> str:
    return f"<table:table-cell{attrs}><text:p>{text}</text:p></table:table-cell>" if text else \
        f"<table:table-cell{attrs}/>"


def _row(*cells: str, attrs: str = "") -> str:
    return f"<table:table-row{attrs}>{''.join(cells)}</table:table-row>"


COVERED = "<table:covered-table-cell/>"


def test_merged_covered_and_repeated_cells_resolve_into_a_grid():
    colspan = ' table:number-columns-spanned="{}"'.format
    rowspan = ' table:number-rows-spanned="{}"'.format
    rep = ' table:number-columns-repeated="{}"'.format
    body = ("<text:p>表前</text:p><table:table><table:table-column table:number-columns-repeated=\"5\"/>"
            "<table:table-header-rows>"
            + _row(_cell("note", colspan(2) + rowspan(2)), COVERED, _cell("申请人情况", colspan(3)),
                   f'<table:covered-table-cell{rep(2)}/>')
            + "</table:table-header-rows>"
            + _row(f'<table:covered-table-cell{rep(2)}/>', _cell("自然人", rowspan(2)), _cell("法人", colspan(2)), COVERED)
            + _row("<table:table-cell" + rowspan(2) + "><text:p>三、本年度</text:p><text:p>办理结果</text:p>"
                   "</table:table-cell>", _cell("（一）予以公开"), COVERED, _cell("商业"), _cell("其他"))
            + "<table:table-row-group>"
            + _row(COVERED, "<table:table-cell><text:p>（二）部分<text:line-break/>公开</text:p></table:table-cell>",
                   _cell("0", rep(3)))
            + "</table:table-row-group></table:table><text:p>表后</text:p>")
    assert _raws(body) == [
        "表前",
        "note\t\t申请人情况\t\t",
        "\t\t自然人\t法人\t",
        "三、本年度办理结果\t（一）予以公开\t\t商业\t其他",
        "\t（二）部分公开\t0\t0\t0",
        "表后",
    ]


def test_huge_repeats_are_capped_in_bounded_time():
    """Spreadsheet-born tables repeat blank cells to 16384 columns and rows to a million."""
    body = ("<table:table>"
            + _row(_cell("行政许可"), _cell("5"), _cell("", ' table:number-columns-repeated="16384"'))
            + _row(_cell("", ' table:number-columns-repeated="16384"'), attrs=' table:number-rows-repeated="1048576"')
            + _row(_cell("行政处罚"), _cell("7", ' table:number-columns-repeated="100000"'),
                   attrs=' table:number-rows-repeated="1000000"')
            + "</table:table>")
    start = time.perf_counter()
    raws = _raws(body)
    assert time.perf_counter() - start < 5
    assert raws[0].startswith("行政许可\t5\t") and all(r.count("\t") < odt_reader.MAX_COLS for r in raws)
    assert len(raws) == 1 + odt_reader.MAX_ROW_REPEAT and raws[1].startswith("行政处罚\t7\t7")


def test_white_space_as_odf_prints_it():
    body = ('<text:p>\n   本年新收\n   申请 <text:s text:c="3"/>12<text:tab/>件<text:s/></text:p>'
            "<text:p>第一行<text:line-break/>  第二行</text:p>"
            '<text:p><text:s text:c="99999"/></text:p>'
            "<table:table>" + _row("<table:table-cell><text:p>12</text:p><text:p>34</text:p></table:table-cell>",
                                   '<table:table-cell><text:p>规章<text:tab/>说明</text:p></table:table-cell>')
            + "</table:table>")
    assert _raws(body) == ["本年新收 申请    12\t件", "第一行", "第二行", "12 34\t规章 说明"]


def test_frames_shapes_and_text_boxes_read_before_their_paragraph():
    body = ('<text:p>正文<draw:frame text:anchor-type="as-char"><draw:text-box><text:p>某某县人民政府2023年政府信息公开'
            "工作年度报告</text:p></draw:text-box></draw:frame>在后</text:p>"
            '<draw:frame text:anchor-type="page"><draw:image><svg:title>图</svg:title></draw:image></draw:frame>'
            '<text:p><draw:custom-shape><text:p>印章文字</text:p><draw:enhanced-geometry/></draw:custom-shape>'
            '<draw:g><draw:frame><draw:text-box><text:h>组合里的框</text:h></draw:text-box></draw:frame></draw:g></text:p>'
            "<text:p>下一段</text:p>")
    assert _raws(body) == ["某某县人民政府2023年政府信息公开工作年度报告", "正文在后", "印章文字", "组合里的框", "下一段"]


def test_nested_and_layout_tables():
    inner = ("<table:table>" + _row(_cell("第二十条第（一）项", ' table:number-columns-spanned="2"'), COVERED)
             + _row(_cell("规章"), "<table:table-cell><table:table>" + _row(_cell("3")) + "</table:table>"
                    "</table:table-cell>") + "</table:table>")
    body = ("<table:table>" + _row(_cell("首页"), "<table:table-cell><text:p>二、主动公开政府信息情况</text:p>"
                                   f"{inner}<text:p>三、</text:p></table:table-cell>") + "</table:table>")
    assert _raws(body) == ["首页", "二、主动公开政府信息情况", "第二十条第（一）项\t", "规章\t3", "三、"]


def test_list_and_outline_numbers_are_printed():
    outline = ('<office:styles><text:outline-style style:name="Outline"><text:outline-level-style text:level="1" '
               'style:num-format="1" style:num-suffix="."/><text:outline-level-style text:level="2" '
               'style:num-format="1" text:display-levels="2" style:num-suffix="."/></text:outline-style></office:styles>')
    styles = STYLES.replace("</office:automatic-styles>", "</office:automatic-styles>" + outline)

    def item(text: str, inner: str = "", attrs: str = "") -> str:
        return f"<text:list-item{attrs}><text:p>{text}</text:p>{inner}</text:list-item>"

    body = ('<text:h text:outline-level="1">总体情况</text:h><text:h text:outline-level="2">主动公开</text:h>'
            '<text:h text:outline-level="2">依申请公开</text:h><text:h text:outline-level="1">主动公开政府信息情况</text:h>'
            '<text:list text:style-name="Heads" xml:id="L1">' + item("收到申请", '<text:list>' + item("予以公开")
                                                                   + item("不予公开", '<text:list>' + item("属于国家秘密")
                                                                          + "</text:list>") + "</text:list>")
            + "</text:list><text:p>表格</text:p>"
            '<text:list text:continue-list="L1">' + item("行政复议") + "</text:list>"
            '<text:list text:style-name="Heads">' + item("重新编号", attrs=' text:start-value="5"') + item("接着")
            + "</text:list>"
            '<text:list text:style-name="Dots">' + item("要点") + "</text:list>"
            '<text:list text:style-name="Heads"><text:list-header><text:p>表头</text:p></text:list-header></text:list>')
    assert _raws(body, styles) == [
        "1.总体情况", "1.1.主动公开", "1.2.依申请公开", "2.主动公开政府信息情况",
        "一、收到申请", "（一）予以公开", "（二）不予公开", "1.属于国家秘密", "表格", "二、行政复议",
        "五、重新编号", "六、接着", "要点", "表头"]


def test_what_is_not_printed_is_not_read():
    body = ("<text:tracked-changes><text:changed-region text:id=\"c1\"><text:deletion><text:p>99</text:p>"
            "</text:deletion></text:changed-region></text:tracked-changes>"
            '<text:p>本年新收申请<text:change text:change-id="c1"/><text:span text:style-name="Hide">隐藏</text:span>'
            '12<office:annotation><dc:creator>a</dc:creator><text:p>批注 5</text:p></office:annotation>件'
            '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>'
            "脚注</text:p></text:note-body></text:note>"
            '<text:hidden-text text:string-value="藏" text:is-hidden="true"/>'
            '<text:bookmark text:name="b"/><text:soft-page-break/></text:p>'
            '<text:p>第<text:page-number text:select-page="current">3</text:page-number>页'
            "<text:ruby><text:ruby-base>公开</text:ruby-base><text:ruby-text>gongkai</text:ruby-text></text:ruby>"
            '<text:a xlink:href="http://x" xmlns:xlink="http://www.w3.org/1999/xlink">链接</text:a></text:p>'
            '<text:p><text:hidden-paragraph text:is-hidden="true"/>隐藏的段落</text:p>'
            "<text:section><text:p>节内</text:p></text:section>")
    assert _raws(body) == ["本年新收申请12件", "第3页公开链接", "节内"]


def test_sniffing_routes_odf_and_docx():
    odt = package(content_xml("<text:p>公开</text:p>"))
    assert sniff(odt) == "zip" and is_odf(odt, "x")
    assert not is_odf(docx_tests._zip({"word/document.xml": b"<x/>"}), "x.odt")
    no_mimetype = docx_tests._zip({"content.xml": content_xml("<text:p>公开</text:p>").encode()})
    assert is_odf(no_mimetype, "x.zip") and _lines(no_mimetype) == ["公开"]
    flat = flat_xml("<text:p>公开</text:p>").encode("utf-16")
    assert sniff(flat, "x.xml") == "fodt" and _lines(flat) == ["公开"]
    assert sniff(b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>x</body></html>') == "html"


def _lines(data: bytes, name: str = "t.odt") -> list[str]:
    return [line.raw for line in read_bytes(data, name).lines]


# ---------------------------------------------------------------------------------------------
# Files that are not readable reports: a clear ReadError, never a traceback, in bounded time


def _reason(data: bytes, name: str = "bad.odt") -> str:
    return refusal(data, name, within=10)


@pytest.fixture(scope="module")
def sample() -> bytes:
    return generate_odt(31, "2021", ("frame-title",)).odt


@pytest.mark.parametrize("fraction", [0.05, 0.5, 0.9, 0.999])
def test_truncated_odt(sample, fraction):
    """Even cut short, an ODT says what it is in its first member: the error names ODT."""
    assert _reason(sample[:int(len(sample) * fraction)], "x.bin").startswith("文件已损坏 / corrupt ODT: ")


def test_garbage_after_the_mimetype(sample):
    data = sample[:80] + random.Random(3).randbytes(30000)
    assert _reason(data, "x.bin").startswith("文件已损坏 / corrupt ODT: ")


def test_corrupt_zip_named_odt_and_named_docx():
    data = b"PK\x03\x04" + random.Random(4).randbytes(3000)
    assert _reason(data, "x.odt").startswith("文件已损坏 / corrupt ODT: ")
    assert _reason(data, "x.docx").startswith("文件已损坏 / corrupt DOCX: ")


def test_corrupted_member_bytes(sample):
    data = bytearray(sample)
    info = next(i for i in zipfile.ZipFile(io.BytesIO(sample)).infolist() if i.filename == "content.xml")
    mid = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[mid:mid + 64] = bytes(64)
    assert _reason(bytes(data)).startswith("文件已损坏 / corrupt ODT: ")


def test_missing_and_broken_content():
    assert _reason(package(None)) == \
        "文件已损坏 / corrupt ODT: content.xml, which holds the text, is missing"
    assert _reason(package("<office:document-content><office:body><text:p>unclosed")).startswith(
        "文件已损坏 / corrupt ODT: content.xml is not well-formed XML (")
    assert _reason(package("<x/>")) == "文件已损坏 / corrupt ODT: content.xml is not an OpenDocument text (ODT) body (its root is <x>)"


def test_zip_bomb_is_refused_quickly():
    head = f'<?xml version="1.0"?><office:document-content {NSDECLS}><office:body><office:text><text:p>'
    bomb = package(head + " " * (200 * 2**20))
    assert len(bomb) < 1_000_000
    assert "ZIP bomb" in _reason(bomb)


def test_zip_bomb_with_a_lying_size_is_refused():
    """The central directory and the local header claim a small size; reading stops at the bound anyway."""
    data = bytearray(package("<a>" + "x" * (60 * 2**20) + "</a>"))
    struct.pack_into("<I", data, data.index(b"content.xml") - 30 + 22, 1000)  # local header, before the name
    central = data.index(b"content.xml", data.index(b"PK\x01\x02"))
    struct.pack_into("<I", data, central - 46 + 24, 1000)
    reason = _reason(bytes(data))
    assert reason.startswith("文件已损坏 / corrupt ODT: ") or "ZIP bomb" in reason


def test_entities_are_not_expanded():
    laughs = ('<?xml version="1.0"?><!DOCTYPE o [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
              f'<office:document-content {NSDECLS}><office:body><office:text><text:p>&d;&d;</text:p></office:text>'
              "</office:body></office:document-content>")
    start = time.perf_counter()
    try:
        lines = _lines(package(laughs))
    except ReadError:
        lines = []
    assert time.perf_counter() - start < 5
    assert all(len(x) < 1000 for x in lines)


@pytest.mark.parametrize("kind,reason", [
    ("spreadsheet", "an OpenDocument spreadsheet (ODS), not a text document"),
    ("presentation", "an OpenDocument presentation (ODP), not a text document"),
    ("graphics", "an OpenDocument drawing (ODG), not a text document"),
    ("spreadsheet-template", "an OpenDocument spreadsheet (ODS), not a text document"),
])
def test_other_opendocument_kinds_are_named(kind, reason):
    data = package(content_xml("<text:p>x</text:p>"), mimetype=f"application/vnd.oasis.opendocument.{kind}".encode())
    assert _reason(data).startswith("不是文字文档 / " + reason)


def test_spreadsheet_without_mimetype_is_named_by_its_body():
    xml = (f'<office:document-content {NSDECLS}><office:body><office:spreadsheet><table:table/></office:spreadsheet>'
           "</office:body></office:document-content>")
    assert _reason(docx_tests._zip({"content.xml": xml.encode()})).startswith("不是文字文档 / an OpenDocument spreadsheet (ODS)")
    assert _reason(flat_xml("", kind="application/vnd.oasis.opendocument.spreadsheet").encode(), "x.fods") \
        .startswith("不是文字文档 / a flat OpenDocument spreadsheet (ODS)")


def test_old_openoffice_file_is_named():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.sun.xml.writer")
        z.writestr("content.xml", "<x/>")
    assert _reason(buf.getvalue(), "old.sxw").startswith("不支持的文件格式 / an OpenOffice.org 1.x document")


def test_encrypted_odt():
    manifest = (b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                b'<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data '
                b'manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>')
    data = package(content_xml("<text:p>x</text:p>"), extra={"META-INF/manifest.xml": manifest})
    assert _reason(data) == "文件已加密 / encrypted (password-protected) OpenDocument file: it needs a password to open"


def test_empty_and_images_only():
    assert _reason(package(content_xml("<text:p> </text:p><table:table/>"))) == "没有文字 / no text: the OpenDocument text is empty"
    img = package(content_xml('<text:p><draw:frame><draw:image xlink:href="Pictures/a.png" '
                              'xmlns:xlink="http://www.w3.org/1999/xlink"/></draw:frame></text:p>'),
                  extra={"Pictures/a.png": b"\x89PNG"})
    assert "only images" in _reason(img)


def test_broken_flat_odt():
    assert _reason(b'<?xml version="1.0"?>\n<office:document xmlns:office="x">', "x.fodt").startswith(
        "文件已损坏 / corrupt flat ODT (.fodt): the file is not well-formed XML")


def test_deep_nesting_in_bounded_time():
    body = "<text:p>深处</text:p>"
    for _ in range(60):  # 180 elements deep (libxml2 refuses 256)
        body = f"<table:table>{_row(_cell('行'), f'<table:table-cell>{body}</table:table-cell>')}</table:table>"
    body += "<text:p>" + "<text:span>" * 100 + "深深" + "</text:span>" * 100 + "</text:p>"
    start = time.perf_counter()
    raws = _raws(body)
    assert time.perf_counter() - start < 5
    assert any("深处" in x for x in raws) and raws[-1] == "深深"


def test_big_document_in_bounded_time():
    """A 15 MB content.xml (100 000 paragraphs, a 20 000-row table): read in seconds."""
    para = "<text:p><text:s text:c=\"2\"/>公开内容的深度和广度还需加强，本年新收申请{}件。</text:p>"
    row = _row(_cell("行政许可"), _cell(), _cell("{}"))
    body = "".join(para.format(i) for i in range(100_000)) + "<table:table>" + "".join(
        row.replace("{}", str(i)) for i in range(20_000)) + "</table:table>"
    data = package(content_xml(body))
    start = time.perf_counter()
    doc = read_bytes(data, "big.odt")
    elapsed = time.perf_counter() - start
    assert elapsed < 30, elapsed
    assert len(doc.lines) == 120_000 and doc.lines[-1].raw == "行政许可\t\t19999"


# ---------------------------------------------------------------------------------------------
# The command line


def test_cli_extracts_odt_and_walks_for_it(tmp_path):
    r = generate_odt(51, "2021", ("frame-title", "repeated"))
    (tmp_path / "report.odt").write_bytes(r.odt)
    (tmp_path / "flat.fodt").write_bytes(generate_odt(52, "2019").fodt)
    (tmp_path / "broken.odt").write_bytes(r.odt[:2000])
    run = run_cli("extract", "--json", tmp_path / "report.odt")
    assert run.returncode == 0, run.stderr
    (obj,) = json_lines(run.stdout)
    assert obj["meta"]["agency"] == r.meta["agency"] and obj["cells"]["t3.new_received.total"] == \
        r.cells["t3.new_received.total"]
    run = run_cli("extract", "--json", tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr + run.stdout
    out = {Path(o["source"]).name: o for o in json_lines(run.stdout)}
    assert set(out) == {"broken.odt", "flat.fodt", "report.odt"}
    assert out["broken.odt"]["error"].startswith("文件已损坏 / corrupt ODT: ")
    assert out["flat.fodt"]["meta"]["format"] == "2019" and "cells" in out["report.odt"]
