"""The statutory document as one self-contained HTML file (CSS inline, no external resource),
the way a portal publishes a report: the tables with rowspan/colspan as the form merges its
cells, the header rows in ``<thead>`` so that a browser repeats them on each printed page.

Fonts are named as official documents name them (方正小标宋简体 title, 黑体 headings,
仿宋_GB2312 text), each followed by fallbacks a reader's machine is likely to have, so that the
page shows CJK text wherever it is opened.
"""

from __future__ import annotations

from html import escape

from gongkai.author.document import Block, Composed, cell_text
from gongkai.author.layout import TableGrid

TITLE_FONT = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "STZhongsong", "华文中宋", "SimSun", "Noto Serif CJK SC", "WenQuanYi Micro Hei", serif'
HEADING_FONT = '"黑体", "SimHei", "STHeiti", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif'
BODY_FONT = ('"仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "WenQuanYi Micro Hei", '
             '"Times New Roman", serif')

STYLE = f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
body {{ font-family: {BODY_FONT}; font-size: 16pt; line-height: 1.75; max-width: 156mm; margin: 2em auto; color: #000; }}
h1 {{ font-family: {TITLE_FONT}; font-size: 22pt; font-weight: normal; text-align: center; margin: 0 0 1em; }}
h2 {{ font-family: {HEADING_FONT}; font-size: 16pt; font-weight: normal; margin: 0.6em 0 0; text-indent: 2em; }}
h3 {{ font-size: 16pt; font-weight: bold; margin: 0; text-indent: 2em; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
ul {{ margin: 0; padding-left: 3em; }}
p.signature {{ text-align: right; text-indent: 0; padding-right: 2em; }}
p.unit {{ text-align: right; text-indent: 0; font-size: 10.5pt; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.3em 0 0.8em; font-size: 9pt; line-height: 1.3;
  page-break-inside: auto; table-layout: fixed; }}
th, td {{ border: 1px solid #000; padding: 2px 3px; text-align: center; vertical-align: middle; word-break: break-all; }}
th {{ font-weight: normal; }}
th.group {{ font-weight: bold; }}
th.label {{ text-align: left; }}
td {{ font-family: "Times New Roman", {BODY_FONT}; }}
tr {{ page-break-inside: avoid; }}
thead {{ display: table-header-group; }}
"""


def html(doc: Composed) -> bytes:
    """The document as UTF-8 HTML bytes."""
    body: list[str] = []
    items: list[str] = []
    for block in doc.blocks:
        if block.kind != "item" and items:
            body.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if block.kind == "item":
            items.append(f"<li>{_inline(block)}</li>")
        elif block.kind == "title":
            head, sep, tail = block.text.partition("政府信息公开工作年度报告")
            shown = f"{escape(head)}<br>{escape(sep + tail)}" if head and sep and len(block.text) > 16 else escape(block.text)
            body.append(f"<h1>{shown}</h1>")
        elif block.kind == "heading":
            body.append(f"<h2>{_inline(block)}</h2>")
        elif block.kind == "subheading":
            body.append(f"<h3>{_inline(block)}</h3>")
        elif block.kind in ("unit", "signature"):
            body.append(f'<p class="{block.kind}">{_inline(block)}</p>')
        elif block.kind == "table" and block.grid is not None:
            body.append(table(block.grid, doc))
        else:
            body.append(f"<p>{_inline(block)}</p>")
    if items:
        body.append("<ul>" + "".join(items) + "</ul>")
    page = (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(doc.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")
    return page.encode("utf-8")


def _inline(block: Block) -> str:
    return "".join(f"<strong>{escape(r.text)}</strong>" if r.bold else escape(r.text) for r in block.runs)


def table(grid: TableGrid, doc: Composed) -> str:
    """One statutory table: each GridCell once, at its top-left place, with its spans; the
    header rows in ``<thead>``."""
    by_row: dict[int, list[str]] = {r: [] for r in range(grid.n_rows)}
    value_rows = {c.row for c in grid.cells if c.key}
    for cell in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        span = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
            f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
        if cell.key is not None:
            by_row[cell.row].append(f"<td{span}>{escape(cell_text(cell, doc))}</td>")
        else:
            # a row of labels only (a header) or a heading across the table: bold, centred;
            # a row's label: left
            heading = cell.row not in value_rows or cell.colspan > 2
            klass = ' class="group"' if heading else "" if cell.rowspan > 1 else ' class="label"'
            by_row[cell.row].append(f"<th{span}{klass}>{escape(cell.text)}</th>")
    total = sum(grid.widths)
    cols = "".join(f'<col style="width:{w / total * 100:.1f}%">' for w in grid.widths)
    head = "".join(f"<tr>{''.join(by_row[r])}</tr>" for r in range(grid.header_rows))
    rows = "".join(f"<tr>{''.join(by_row[r])}</tr>" for r in range(grid.header_rows, grid.n_rows))
    thead = f"<thead>{head}</thead>" if head else ""
    return f'<table data-table="{grid.table}"><colgroup>{cols}</colgroup>{thead}<tbody>{rows}</tbody></table>'
