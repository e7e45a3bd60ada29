"""OpenDocument text (ODT from LibreOffice/WPS/Yozo Office, and flat XML .fodt) → Document.

Reports are published as ODT too (government portals that standardised on domestic office
suites save as OpenDocument). As for Word files, every table row becomes one Line whose
cells are joined by tabs with merged cells resolved: ODF writes a merged cell's covered
positions out (``table:covered-table-cell``), so the text stays in the top-left position and
every covered position is "". Columns where no row has a real cell start are spanned by
every row and left out, as the DOCX reader does; repeated cells and rows
(``number-columns-repeated`` / ``number-rows-repeated``, which spreadsheet-born tables set
to a million) are capped. Every paragraph or heading outside tables is a Line (split at
``text:line-break``); text in frames, text boxes and shapes gives its own Lines, before the
paragraph it is anchored in. Inside a cell, paragraphs and line breaks of a wrapped label
are joined (one space between two ASCII characters); a table nested in a cell is
flattened into the cell's text, and tables that only lay out the page (one column, or
holding a real table) are read as blocks. White space follows ODF: runs of spaces, tabs
and line ends in the XML are one space, ``text:s`` / ``text:tab`` are the printed ones.
List and heading numbers are printed by the office suite, not stored: they are generated
from the list and outline styles (``odt_styles.py``). Not printed and not read: deleted
text of tracked changes, comments, hidden text (``text:display="none"`` styles, hidden
fields), notes.

The XML is read directly with lxml; the package is ``odt_package.py``'s, the element names
``odt_names.py``'s. Bounds as for DOCX (``office.py``): each part is read up to
``MAX_PART_BYTES`` decompressed (a ZIP bomb costs nothing), DTDs and entities are never
loaded, nesting deeper than ``MAX_DEPTH`` is flattened, rows are at most ``MAX_COLS`` wide
and repeated rows cost at most ``REPEAT_BUDGET`` Lines per document.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from gongkai.model import Document, Origin
from gongkai.readers.errors import ReadError
from gongkai.readers.numbering import labelled
from gongkai.readers.odt_names import (
    BLOCK_WRAPPERS,
    BODY,
    CELL,
    COVERED,
    HIDDEN_PARAGRAPH,
    HIDDEN_TEXT,
    LINE_BREAK,
    LIST,
    LIST_HEADER,
    LIST_ITEM,
    NOT_PRINTED,
    NUMBER,
    NUMBERED_PARAGRAPH,
    OFFICE,
    OFFICE_TEXT,
    ROW,
    ROW_GROUPS,
    RUBY,
    RUBY_BASE,
    SHAPES,
    SPAN,
    STYLE_NAME,
    TAB,
    TABLE,
    TBL,
    TEXT,
    H,
    P,
    S,
    int_attr,
)
from gongkai.readers.odt_package import member, refuse_other
from gongkai.readers.odt_styles import Styles, list_label
from gongkai.readers.office import (
    BREAK,
    EDGE_WS,
    MAX_COLS,
    MAX_DEPTH,
    MAX_PART_BYTES,
    TABS,
    Counter,
    Printed,
    join_cell_text,
    number_lines,
    open_zip,
    parse_xml,
)

MAX_SPACES = 64  # a text:s run of more spaces than this is printed as this many
MAX_ROW_REPEAT = 100  # a non-blank row repeated more often than this is printed this often …
REPEAT_BUDGET = 10_000  # … and all repeated rows of a document give at most this many Lines

_WS = re.compile("[ \t\r\n]+")  # white space in ODF character data: one space as printed
_SPACE = "\ufdd1"  # a space printed by text:s (not collapsed) …
_TAB = "\ufdd2"  # … and a tab printed by text:tab (a tab in character data is a space)
_TRUE = ("true", "1")


def read_odt(data: bytes, source: str) -> Document:
    """Read an ODT (or OTT, ODM) file; raise ReadError for another OpenDocument kind, a corrupt
    or encrypted file, a ZIP bomb, or a document with no text."""
    zf = open_zip(data, source, "ODT")
    mimetype = member(zf, "mimetype", source, 200)
    kind = (mimetype or b"").decode("ascii", "replace").strip()
    refuse_other(kind, source)
    manifest = member(zf, "META-INF/manifest.xml", source, 4 * 2**20) or b""
    if b"encryption-data" in manifest:
        raise ReadError(source, "文件已加密 / encrypted (password-protected) OpenDocument file: it needs a password to open")
    content = member(zf, "content.xml", source, MAX_PART_BYTES)
    if content is None:
        raise ReadError(source, "文件已损坏 / corrupt ODT: content.xml, which holds the text, is missing")
    root = parse_xml(content, "corrupt ODT: content.xml", source)
    try:
        styles_xml = member(zf, "styles.xml", source, 16 * 2**20)
        style_root = parse_xml(styles_xml, "corrupt ODT: styles.xml", source) if styles_xml else None
    except ReadError:  # styles only number lists and hide text: a broken part does not stop reading
        style_root = None
    images = any(n.startswith("Pictures/") for n in zf.namelist())
    return _document(root, style_root, source, "odt", images, "content.xml")


def read_fodt(data: bytes, source: str) -> Document:
    """Read a flat OpenDocument text (.fodt: one XML file holding styles and content)."""
    root = parse_xml(data, "corrupt flat ODT (.fodt): the file", source)
    refuse_other(root.get(OFFICE + "mimetype") or "", source, flat=True)
    return _document(root, None, source, "fodt", False, "the flat XML file")


def _document(root: Any, style_root: Any, source: str, form: str, images: bool, where: str) -> Document:
    """The Document of an ODT's parsed content (and styles), or a ReadError saying what it is."""
    body = root.find(BODY)
    if body is None:
        tag = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        raise ReadError(source, f"文件已损坏 / corrupt ODT: {where} is not an OpenDocument text (ODT) body (its root is <{tag}>)")
    text = body.find(OFFICE_TEXT)
    if text is None:
        other = next((etree.QName(c).localname for c in body if isinstance(c.tag, str)), "nothing")
        sub = {"spreadsheet": "spreadsheet", "presentation": "presentation", "drawing": "graphics",
               "chart": "chart", "image": "image"}.get(other, "")
        refuse_other(f"application/vnd.oasis.opendocument.{sub}" if sub else "", source)
        raise ReadError(source, f"文件已损坏 / corrupt ODT: its body holds {other}, not text (an OpenDocument text (ODT) "
                                "has office:text)")
    styles = Styles([root, style_root])
    lines = _Walker(styles).blocks(text, 0)
    if not lines:
        raise ReadError(source, "没有文字 / no text: the document holds only images (a scan? save them as images to read "
                                "them by OCR)" if images else "没有文字 / no text: the OpenDocument text is empty")
    return Document(source=source, lines=number_lines(lines), form=form)


# ---------------------------------------------------------------------------------------------
# The body, walked in order


class _List:
    """Counters of one list (a text:list and those continuing it)."""

    def __init__(self, style: str | None):
        self.style = style
        self.counters: dict[int, int] = {}


class _Walker:
    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.repeat_budget = REPEAT_BUDGET
        self.lists_by_id: dict[str, _List] = {}
        self.last_list: _List | None = None
        self.outline: dict[int, int] = {}
        self.places = Counter()

    def blocks(self, parent, depth: int, flat: bool = False) -> list[Printed]:
        """Lines of the block content of ``parent`` (body, cell, frame, section) in order.

        ``flat``: inside a cell, where nested tables give one line per row, cells spaced."""
        out: list[Printed] = []
        if depth > MAX_DEPTH:
            text = _WS.sub(" ", "".join(parent.itertext())).strip()
            return [(text, self.places.paragraph())] if text else []
        for child in parent:
            tag = child.tag
            if tag == P:
                self.paragraph(child, out, depth)
            elif tag == H:
                self.paragraph(child, out, depth, self.heading_label(child))
            elif tag == LIST:
                self.list_items(child, out, depth, flat, None, 1)
            elif tag == TBL:
                self.table(child, out, depth, flat)
            elif tag == NUMBERED_PARAGRAPH:
                label = "".join(child.find(NUMBER).itertext()).strip() if child.find(NUMBER) is not None else ""
                for p in child:
                    if p.tag in (P, H):
                        self.paragraph(p, out, depth, label)
            elif tag in BLOCK_WRAPPERS or tag in SHAPES:
                out += self.blocks(child, depth + 1, flat)
        return out

    # --- paragraphs ---------------------------------------------------------------------
    def paragraph(self, p, out: list[Printed], depth: int, label: str = "") -> None:
        if p.get(STYLE_NAME) in self.styles.hidden or any(
                (h.get(TEXT + "is-hidden") or "").lower() in _TRUE for h in p.iterchildren(HIDDEN_PARAGRAPH)):
            return
        parts: list[str] = []
        boxes: list[Printed] = []
        self.inline(p, parts, boxes, depth)
        out += boxes  # a frame (a title, a stamp) is read before the paragraph it is anchored in
        text = labelled(label, _printed(parts))
        origin = None
        for seg in text.split(BREAK):
            line = TABS.sub("\t", seg.strip(EDGE_WS))
            if line:
                origin = origin or self.places.paragraph()  # one number for the paragraph's lines
                out.append((line, origin))

    def inline(self, el, parts: list[str], boxes: list[Printed], depth: int) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            tag = child.tag
            if tag == S:
                parts.append(_SPACE * int_attr(child.get(TEXT + "c"), 1, 1, MAX_SPACES))
            elif tag == TAB:
                parts.append(_TAB)
            elif tag == LINE_BREAK:
                parts.append(BREAK)
            elif tag in NOT_PRINTED:
                pass
            elif tag in SHAPES:
                boxes += self.blocks(child, depth + 1)
            elif tag == RUBY:  # the base text is printed; the small annotation above it is not
                base = child.find(RUBY_BASE)
                if base is not None:
                    self.inline(base, parts, boxes, depth)
            elif tag == HIDDEN_TEXT:
                if (child.get(TEXT + "is-hidden") or "").lower() not in _TRUE:
                    parts.append(child.get(TEXT + "string-value") or "")
            elif tag == SPAN and child.get(STYLE_NAME) in self.styles.hidden:
                pass
            elif isinstance(tag, str) and depth <= MAX_DEPTH:
                # spans, links, fields (page numbers, dates: their text is what is printed)
                self.inline(child, parts, boxes, depth + 1)
            elif isinstance(tag, str):  # nested deeper than that: its text, flat
                parts.append("".join(child.itertext()))
            if child.tail:
                parts.append(child.tail)

    # --- lists and headings -------------------------------------------------------------
    def list_items(self, el: Any, out: list[Printed], depth: int, flat: bool, current: _List | None, level: int) -> None:
        style = el.get(STYLE_NAME)
        if current is None:  # a top-level list: new counters, unless it continues another
            current = self.lists_by_id.get(el.get(TEXT + "continue-list") or "")
            if current is None and (el.get(TEXT + "continue-numbering") or "") in _TRUE and self.last_list:
                current = self.last_list
            if current is None:
                current = _List(style)
            if style and not current.style:
                current.style = style
            self.last_list = current
        for key in (el.get("{http://www.w3.org/XML/1998/namespace}id"), el.get(TEXT + "id")):
            if key:
                self.lists_by_id[key] = current
        if depth > MAX_DEPTH:
            out += self.blocks(el, depth + 1, flat)
            return
        for item in el:
            if item.tag not in (LIST_ITEM, LIST_HEADER):
                continue
            label = ""
            first = next((c for c in item if c.tag in (P, H, LIST, TBL)), None)
            numbered = item.tag == LIST_ITEM and first is not None and first.tag in (P, H)
            if numbered:
                label = self.count(item, current, style or current.style, level, first)
            for child in item:
                if child.tag in (P, H):
                    self.paragraph(child, out, depth + 1, label if child is first else "")
                elif child.tag == LIST:
                    self.list_items(child, out, depth + 1, flat, current, level + 1)
                elif child.tag == TBL:
                    self.table(child, out, depth + 1, flat)
                elif child.tag in BLOCK_WRAPPERS or child.tag in SHAPES:
                    out += self.blocks(child, depth + 1, flat)

    def count(self, item, current: _List, style: str | None, level: int, first) -> str:
        """Step the list's counter at ``level`` and give the item's printed number."""
        cached = item.find(NUMBER)
        style = item.get(TEXT + "style-override") or style or self.styles.list_of_paragraph(first.get(STYLE_NAME))
        levels = self.styles.lists.get(style or "", {})
        own = levels.get(level)
        counters = current.counters
        restart = item.get(TEXT + "start-value")
        if restart is not None:
            counters[level] = int_attr(restart, 1, 0, 10**6)
        else:
            counters[level] = counters[level] + 1 if level in counters else (own.start if own else 1)
        for deeper in [i for i in counters if i > level]:
            del counters[deeper]
        if cached is not None and "".join(cached.itertext()).strip():
            return "".join(cached.itertext()).strip()
        return list_label(levels, counters, level)

    def heading_label(self, h) -> str:
        """The outline number of a heading (text:h), from the document's outline style."""
        if (h.get(TEXT + "is-list-header") or "").lower() in _TRUE:
            return ""
        cached = h.find(NUMBER)
        level = int_attr(h.get(TEXT + "outline-level"), 1, 1, 10)
        own = self.styles.outline.get(level)
        if h.get(TEXT + "restart-numbering") in _TRUE and h.get(TEXT + "start-value"):
            self.outline[level] = int_attr(h.get(TEXT + "start-value"), 1, 0, 10**6)
        else:
            self.outline[level] = self.outline[level] + 1 if level in self.outline else (own.start if own else 1)
        for deeper in [i for i in self.outline if i > level]:
            del self.outline[deeper]
        if cached is not None and "".join(cached.itertext()).strip():
            return "".join(cached.itertext()).strip()
        return list_label(self.styles.outline, self.outline, level)

    # --- tables -------------------------------------------------------------------------
    def table(self, tbl, out: list[Printed], depth: int, flat: bool) -> None:
        rows = [self.row(tr, depth) for tr in _rows(tbl, 0)]
        if flat:
            for cells, _ in rows:
                line = " ".join(text for text, real in cells if real and text)
                if line:
                    out.append((line, None))
            return
        if _is_layout(tbl, rows):
            for tr in _rows(tbl, 0):
                for cell in tr:
                    if cell.tag == CELL:
                        out += self.blocks(cell, depth + 1)
            return
        # Positions where no row has a real cell start are spanned by every row and print
        # nothing: left out, so that a value keeps the column of its header.
        keep = sorted({i for cells, _ in rows for i, (_, real) in enumerate(cells) if real})
        number, row = self.places.table(), 1  # rows as the office suite counts them: repeats too
        for cells, repeat in rows:
            first, row = row, row + repeat
            texts = [cells[i][0] for i in keep if i < len(cells)]
            if not any(texts):  # rows left all blank (spacers, covered positions only) are dropped
                continue
            copies = min(repeat, MAX_ROW_REPEAT, self.repeat_budget + 1)
            self.repeat_budget -= copies - 1
            line = "\t".join(texts)
            out += [(line, Origin("table", table=number, row=first + k)) for k in range(max(copies, 1))]

    def row(self, tr, depth: int) -> tuple[list[tuple[str, bool]], int]:
        """A row's positions as (text, is a real cell), repeated cells written out (at most
        MAX_COLS positions), and how many times the row is repeated."""
        cells: list[tuple[str, bool]] = []
        for cell in tr:
            if cell.tag not in (CELL, COVERED):
                continue
            n = min(int_attr(cell.get(TABLE + "number-columns-repeated"), 1, 1, MAX_COLS), MAX_COLS - len(cells))
            if n <= 0:
                break
            real = cell.tag == CELL
            text = self.cell_text(cell, depth) if real else ""
            cells += [(text, real)] * n
        return cells, int_attr(tr.get(TABLE + "number-rows-repeated"), 1, 1, 10**7)

    def cell_text(self, cell, depth: int) -> str:
        self.places.in_cell += 1
        try:
            return join_cell_text([raw for raw, _ in self.blocks(cell, depth + 1, flat=True)])
        finally:
            self.places.in_cell -= 1


def _printed(parts: list[str]) -> str:
    """A paragraph's text as printed: XML white space collapsed, text:s and text:tab kept."""
    return _WS.sub(" ", "".join(parts)).replace(_SPACE, " ").replace(_TAB, "\t")


def _rows(tbl, depth: int):
    """The rows of a table in order, inside header rows and row groups."""
    for child in tbl:
        if child.tag == ROW:
            yield child
        elif child.tag in ROW_GROUPS and depth < MAX_DEPTH:
            yield from _rows(child, depth + 1)


def _is_layout(tbl, rows) -> bool:
    """A table that only lays out the page: one real cell per row, or a real table (two rows
    and two columns at least) in one of its cells. Its cells are read as blocks."""
    if not any(sum(real for _, real in cells) > 1 for cells, _ in rows):
        return True
    for inner in tbl.iterdescendants(TBL):
        inner_rows = [sum(c.tag == CELL for c in tr) for tr in _rows(inner, 0)]
        if len(inner_rows) >= 2 and max(inner_rows) >= 2:
            return True
    return False
