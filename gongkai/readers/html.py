"""HTML pages (portal pages, Word's "save as web page", crawler snapshots) → Document.

Reports are published as web pages far more often than as files; their tables are real
``<table>`` grids with merged cells. The extractor reads tab-separated rows best, so this
reader turns every table row into one Line whose cells are joined by tabs, with the
rowspan/colspan grid resolved (the text in the top-left position of a merged cell, ""
in the positions it covers) so that every value keeps its column. Text outside tables
gives one Line per block (paragraph, heading, ``<div>``, ``<br>``-separated line).
"""

from __future__ import annotations

import codecs
import re

from lxml import etree

from gongkai.model import Document, Line, Origin
from gongkai.normalize import normalise
from gongkai.readers.errors import ReadError
from gongkai.readers.html_source import unwrap
from gongkai.readers.text import BOMS, decode, looks_binary, try_decode

# Elements whose content is never printed on the page.
_SKIP = frozenset({"head", "script", "style", "noscript", "template", "title", "meta", "link", "xml",
                   "object", "embed", "iframe", "svg", "math", "select", "button", "textarea"})
# Elements that start and end a block of text (a Line outside tables).
_BLOCK = frozenset({"html", "body", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
                    "dt", "dd", "blockquote", "section", "article", "header", "footer", "nav", "aside",
                    "main", "address", "center", "form", "fieldset", "figure", "figcaption", "hr", "pre",
                    "caption", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "details", "summary",
                    "legend", "br"})
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.IGNORECASE)

# The charset a page declares: <meta charset=…>, <meta http-equiv content="…charset=…">,
# or an XML declaration (XHTML). Looked for in the page's head, which is ASCII in every
# encoding a Chinese page can declare this way.
_DECLARED = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
                       re.IGNORECASE)
# gb2312 and gbk pages routinely hold characters outside their declared set; GB18030 is a
# superset of both that decodes every one of their bytes the same way.
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
            "cp936": "gb18030", "936": "gb18030", "big5": "big5hkscs", "utf8": "utf-8"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufdd0\ufdd1]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
# A whole page, rather than a fragment of one.
_PAGE = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)

# A line-break marker inside collected text: where a block or <br> ended. In a table cell it
# joins the two sides (a label wrapped by <br> or split over <p>s is one label); outside
# tables it ends a Line.
_BREAK = "\ufdd0"
# Between the cells of a table flattened into a cell: always one space.
_CELL = "\ufdd1"
# Whitespace as browsers collapse it, plus the wide spaces reports indent with.
_WS = re.compile("[ \t\n\r\f\v\xa0\u3000\u2002\u2003\u2009\u200b\ufeff" + _BREAK + _CELL + "]+")

# A colspan beyond this is an error in the page, not a layout (statutory tables are at most
# 17 columns wide); and spans covering more positions than this (or 16 per cell) are a
# broken page, not a table.
_MAX_COLSPAN = 100
_SPAN_BUDGET = 100_000
_DIGITS = re.compile(r"\s*\d{1,6}")
# A cell holding a number (a value), and one that can be a label (two Chinese characters:
# not a blank, a "/" or a "无" standing for a null value).
_NUMBER = re.compile(r"[+-]?\d[\d,.]*(?:\s*万?元)?")
_LABEL = re.compile(r"[\u4e00-\u9fff].*[\u4e00-\u9fff]")


def read_html(data: bytes, source: str) -> Document:
    """Decode, parse leniently, and emit one Line per text block and per table row."""
    text, encoding = _decode(data, source)
    if looks_binary(text):
        raise ReadError(source, "不是网页文件 / binary file: too many control characters to be an HTML page")
    unwrapped = unwrap(text)
    # the element's line in the file, unless the markup was taken out of JSON or script strings
    lines_kept = unwrapped is text
    text = _preamble_lines(unwrapped)  # the HTML in a JSON or script string; a title line before it
    # lxml refuses control characters and, in a str, an XML declaration naming an encoding.
    text = _XML_DECL.sub("", _CONTROL.sub("", text), count=1)
    if "\r" in text:  # lxml counts lines by LF only: a file with CR line ends would be one line
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True, no_network=True)
    try:
        root = etree.fromstring(text, parser) if text.strip() else None
    except (etree.ParserError, ValueError) as e:
        raise ReadError(source, f"无法解析网页 / cannot parse as HTML: {e}") from None
    if root is not None and not _PAGE.search(text):
        _source_lines(root)
    printed = _Page(lines_kept).lines(_prune(root)) if root is not None else []
    if not printed:
        raise ReadError(source, "没有文字 / no text: the HTML page has no text in its body")
    lines = tuple(Line(i, normalise(r), r, None, (), (), o) for i, (r, o) in enumerate(printed, start=1))
    return Document(source=source, lines=lines, encoding=encoding, form="html")


def _preamble_lines(text: str) -> str:
    """Text before the first tag (a title line, a breadcrumb a crawler kept) keeps its lines."""
    start = text.find("<")
    if start <= 0 or "\n" not in text[:start].strip():
        return text
    return text[:start].replace("\n", "<br>\n") + text[start:]


def _source_lines(root) -> None:
    """A fragment (no ``<html>`` or ``<body>``: an article body, text with tables in it) is
    not laid out by a browser: text directly in its body keeps its source lines."""
    body = root.find("body")
    if body is None:
        return
    if body.text and "\n" in body.text:
        body.text = body.text.replace("\n", _BREAK)
    for child in body:
        if child.tail and "\n" in child.tail:
            child.tail = child.tail.replace("\n", _BREAK)


def _decode(data: bytes, source: str) -> tuple[str, str]:
    """A BOM wins, then the charset the page declares, then the text reader's guessing.

    A declared charset is trusted only if it decodes the bytes and gives text that reads as
    Chinese: pages saved by crawlers keep a ``<meta charset>`` that no longer matches them.
    """
    if any(data.startswith(bom) for bom, _ in BOMS):
        return decode(data, source)
    m = _DECLARED.search(data[:8192])
    if m:
        name = (m.group(1) or m.group(2)).decode("ascii").lower()
        name = _ALIASES.get(name, name)
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            codec = None
        # A head readable as ASCII is not UTF-16/32, whatever it says.
        if codec and not codec.startswith(("utf-16", "utf-32")) and (text := try_decode(data, codec)) is not None:
            return text, codec
    return decode(data, source)


def _prune(root):
    """Remove what the page does not print: scripts, styles, the head, hidden elements.

    Done once up front, in C where possible, so the walks below need no checks per element.
    The text after a removed element (its tail) is printed and is kept.
    """
    etree.strip_elements(root, *_SKIP, with_tail=False)
    for el in root.xpath("//*[@hidden or @style]"):
        if el.get("hidden") is not None or _HIDDEN.search(el.get("style") or ""):
            _drop(el)
    return root


def _drop(el) -> None:
    parent = el.getparent()
    if parent is None:  # the root itself is hidden
        el.clear()
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _collapse(s: str) -> str:
    """Collapse whitespace as a browser shows it; a break or a source line break between
    Chinese characters disappears (Word wraps its HTML source mid-sentence, labels are
    wrapped with <br>), elsewhere it becomes one space (``12<br>34`` must not read 1234)."""
    def gap(m: re.Match) -> str:
        run = m.group()
        if m.start() == 0 or m.end() == len(s):
            return ""
        if _CELL in run:
            return " "
        if _BREAK in run or "\n" in run or "\r" in run:
            a, b = s[m.start() - 1], s[m.end()]
            if not (a.isascii() and b.isascii()):
                return ""
        return " "
    return _WS.sub(gap, s)


def _tag(el) -> str:
    """The tag name; "" for comments and processing instructions."""
    tag = el.tag
    return tag if isinstance(tag, str) else ""  # lxml's HTML parser gives lower-case names


def _text(el, out: list[str]) -> None:
    """Collect the printed text under ``el`` (not its tail) into ``out``, breaks marked.

    Used for table cells: a table nested in a cell is flattened, its cells separated by a
    space and its rows by a break. Iterative, so deeply nested markup cannot overflow.
    """
    stack: list = [(el, False)]
    while stack:
        node, end = stack.pop()
        if end:
            tag = _tag(node)
            if tag in _BLOCK:
                out.append(_CELL if tag in ("td", "th") else _BREAK)
            if node is not el and node.tail:
                out.append(node.tail)
            continue
        stack.append((node, True))
        if not isinstance(node.tag, str):
            continue
        if _tag(node) in _BLOCK and _tag(node) not in ("td", "th"):
            out.append(_BREAK)
        if node.text:
            out.append(node.text)
        stack.extend((child, False) for child in reversed(node))


class _Page:
    """Walks a parsed page in document order and collects its printed lines, each with its
    origin: a block of text is a paragraph (numbered in order, with the line in the file of
    the element holding its first text), a table row the row of a data table (tables that
    only lay out the page are not counted)."""

    def __init__(self, lines_kept: bool) -> None:
        self.out: list[tuple[str, Origin]] = []
        self.buf: list[str] = []
        self.lines_kept = lines_kept  # whether lxml's source lines are the file's
        self.at: int | None = None  # the source line of the buffer's first text
        self.paragraphs = self.tables = 0

    def take(self, text: str, node) -> None:
        """Buffer printed text found in (or after) ``node``."""
        if self.at is None and self.lines_kept and not text.isspace():
            self.at = node.sourceline
        self.buf.append(text)

    def flush(self) -> None:
        if self.buf:
            for part in "".join(self.buf).split(_BREAK):
                line = _collapse(part)
                if line:
                    self.paragraphs += 1
                    self.out.append((line, Origin("paragraph", paragraph=self.paragraphs, source_line=self.at)))
            self.buf.clear()
            self.at = None

    def table(self, node, rows: list[list]) -> None:
        self.tables += 1
        number = self.tables
        for caption in node.iterchildren("caption"):
            if text := _cell_text(caption):
                self.out.append((text, Origin("table", table=number, source_line=self.line_of(caption))))
        kept, new, out = self.lines_kept, tuple.__new__, self.out  # a page may hold 100,000 rows
        for r, line, columns in _grid(rows):
            at = rows[r][0].getparent().sourceline if kept else None
            out.append((line, new(Origin, ("table", number, r + 1, None, at, columns, None))))

    def line_of(self, el) -> int | None:
        return el.sourceline if self.lines_kept else None

    def lines(self, root) -> list[tuple[str, Origin]]:
        stack: list = [(root, False)]
        while stack:
            node, end = stack.pop()
            if end:
                if _tag(node) in _BLOCK:
                    self.flush()
                if node.tail:
                    self.take(node.tail, node)
                continue
            stack.append((node, True))
            if not isinstance(node.tag, str):
                continue
            tag = _tag(node)
            if tag in _BLOCK:
                self.flush()
            if tag == "table":
                rows = _rows(node)
                if not _is_layout(node, rows):
                    self.table(node, rows)
                    continue
            elif tag == "pre" and node.text:
                # preformatted text keeps its line breaks
                self.take(node.text.replace("\n", _BREAK), node)
            elif node.text:
                self.take(node.text, node)
            stack.extend((child, False) for child in reversed(node))
        self.flush()
        return self.out


def _rows(table) -> list[list]:
    """The rows of ``table`` itself (not of tables nested in it), each a list of cells."""
    rows = []
    for child in table.iterchildren("tr", "thead", "tbody", "tfoot"):
        if child.tag == "tr":
            rows.append(list(child.iterchildren("td", "th")))
        else:
            rows.extend(list(tr.iterchildren("td", "th")) for tr in child.iterchildren("tr"))
    return rows


def _span(cell, name: str) -> int:
    value = cell.get(name)
    if value is None:
        return 1
    m = _DIGITS.match(value)
    return max(int(m.group()), 1) if m else 1


def _is_layout(table, rows: list[list]) -> bool:
    """Whether a table only lays out the page (its cells are read as blocks, not as a grid).

    Portals wrap the whole article in a table: one column wide, or holding in a cell a
    table of its own with several rows and columns (the report's tables). A small table in
    a data cell (one row or one column) is flattened into that cell's text instead.
    """
    if not any(len(r) > 1 or (r and _span(r[0], "colspan") > 1) for r in rows):
        return True
    for inner in table.iterdescendants("table"):
        inner_rows = _rows(inner)
        if len(inner_rows) >= 2 and max(map(len, inner_rows)) >= 2:
            return True
    return False


def _grid(rows: list[list]) -> list[tuple[int, str, tuple[int, ...]]]:
    """Resolve rowspan/colspan into a grid; one tab-joined line per row, with the row's index
    in ``rows`` and, where a label's covered positions are left out, each cell's column
    (1-based; empty where cell i is column i + 1).

    Standard HTML table model: each cell takes the first free position of its row and
    covers rowspan×colspan positions; covered positions print as "". A row ends at its
    last position (no padding to the table's width, which one stray wide row would blow
    up). Rows left all blank (spacers) are dropped. Spans are bounded: rowspan by the rows
    left, and if the spans of a table would cover far more positions than it has cells
    (a broken or hostile page) they are ignored, so the work stays linear in the page.

    In a row holding numbers, a label spanning columns prints once: the positions it covers
    in its own row are not cells (``（一）予以公开`` over two label columns, then the values).
    Printed as blanks they could not be told from the blank value cells Word exports as
    ``&nbsp;`` (a row with blank cells would shift by one column); header rows, and the rows
    below a label spanning rows, keep every position.
    """
    n = len(rows)
    spans = [[(_span(c, "rowspan"), _span(c, "colspan")) for c in cells] for cells in rows]
    ncells = sum(map(len, rows))
    covered = sum(min(rs, n - r) * min(cs, _MAX_COLSPAN) for r, row in enumerate(spans) for rs, cs in row)
    if covered > max(_SPAN_BUDGET, 16 * ncells):
        spans = [[(1, 1)] * len(cells) for cells in rows]
    grid: list[dict[int, str]] = [{} for _ in rows]
    absorbed: list[set[int]] = [set() for _ in rows]  # positions a label covers in its own row
    for r, cells in enumerate(rows):
        row = grid[r]
        c = 0
        for cell, (rs, cs) in zip(cells, spans[r], strict=True):
            while c in row:
                c += 1
            row[c] = text = _cell_text(cell)
            if rs > 1 or cs > 1:
                cs = min(cs, _MAX_COLSPAN)
                if cs > 1 and _LABEL.search(text) and not _NUMBER.fullmatch(text):
                    absorbed[r].update(range(c + 1, c + cs))
                for dr in range(min(rs, n - r)):
                    target = grid[r + dr]
                    for dc in range(cs):
                        target.setdefault(c + dc, "")
            c += cs
    out = []
    for r, (row, skip) in enumerate(zip(grid, absorbed, strict=True)):
        if not any(row.values()):
            continue
        if skip and any(_NUMBER.fullmatch(v) for v in row.values() if v):
            kept = [i for i in range(max(row) + 1) if i not in skip]
            out.append((r, "\t".join([row.get(i, "") for i in kept]), tuple(i + 1 for i in kept)))
        else:
            out.append((r, "\t".join([row.get(i, "") for i in range(max(row) + 1)]), ()))
    return out


def _cell_text(cell) -> str:
    if len(cell) == 0:  # the common case: a cell holding only its text
        text = cell.text
        if not text or text.isalnum():
            return text or ""
        return _collapse(text)
    parts: list[str] = []
    _text(cell, parts)
    return _collapse("".join(parts))
