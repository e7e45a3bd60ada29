"""Word documents (DOCX: Word 2007+, WPS) → Document, read from the body's XML.

Reports are often published as Word files. Their tables are real grids with merged cells
(``w:gridSpan`` across, ``w:vMerge`` restart/continue down); the extractor reads
tab-separated rows best, so every table row becomes one Line whose cells are joined by
tabs, merged cells resolved (the text in the top-left position, "" in the positions it
covers) so that every value keeps its column (``docx_tables.py``). Every paragraph outside
tables is a Line (split where the paragraph has a manual line break); text boxes (a title
is often one) give their own Lines, before the paragraph they are anchored in. Inside a
cell the paragraphs and line breaks of a wrapped label are joined without the break (with
one space between two ASCII characters, so ``12``/``34`` does not read 1234); a table
nested in a cell is flattened into the cell's text. Tables that only lay out the page (one
column, or holding a real table in a cell) are read as blocks. Automatic numbering ("一、",
"1.") is printed by Word, not stored as text: it is generated from numbering.xml
(``docx_numbering.py``).

The XML is read directly with lxml (python-docx hides covered cells' positions and text
boxes); the package and its parts are ``docx_package.py``'s, the element names
``docx_names.py``'s. Bounds (``office.py``): each part is read up to ``MAX_PART_BYTES``
decompressed (a ZIP bomb costs nothing), DTDs and entities are never loaded, nesting deeper
than ``MAX_DEPTH`` is flattened, spans are capped. Legacy .doc/.wps files are converted to
DOCX first (``legacy.py``).
"""

from __future__ import annotations

from typing import Any

from gongkai.model import Document, Origin
from gongkai.readers.docx_names import (
    ALTCHUNK,
    ALTERNATE,
    BLOCK_WRAPPERS,
    BODY,
    BR,
    CHOICE,
    CR,
    FALLBACK,
    FALSE,
    INLINE_WRAPPERS,
    M_T,
    NBHYPHEN,
    OMATH,
    OMATHPARA,
    PTAB,
    RID,
    RPR,
    RUBY,
    RUBYBASE,
    SDT,
    SDTCONTENT,
    SHAPES,
    SYM,
    TAB,
    TBL,
    TEXTPATH,
    TXBX,
    VAL,
    VANISH,
    WEBHIDDEN,
    P,
    R,
    T,
    W,
)
from gongkai.readers.docx_numbering import Numbering
from gongkai.readers.docx_package import Package
from gongkai.readers.docx_tables import continues, grid_lines, is_layout, row_cells, table_rows
from gongkai.readers.errors import ReadError
from gongkai.readers.numbering import labelled
from gongkai.readers.office import BREAK, EDGE_WS, MAX_DEPTH, TABS, Counter, Printed, join_cell_text, number_lines

_LINE_ENDS = str.maketrans("\r\n\x0b\x0c\x85\u2028\u2029", "       ")  # in w:t text: printed as spaces


def read_docx(data: bytes, source: str) -> Document:
    """Read a DOCX (or DOCM/DOTX, WPS-saved .docx); raise ReadError for any other ZIP,
    a corrupt or encrypted file, a ZIP bomb, or a document with no text."""
    return Document(source=source, lines=number_lines(docx_lines(data, source)), form="docx")


def docx_lines(data: bytes, source: str, depth: int = 0) -> list[Printed]:
    """The printed lines of a DOCX's body, each with its origin (table and row, or
    paragraph); ``depth``: how deep in embedded documents (altChunk)."""
    pkg = Package(data, source)
    main = pkg.main_part()
    if main is None:
        raise ReadError(source, f"不是 Word 文档 / {pkg.what_else()}")
    root = pkg.xml(main)
    body = root.find(BODY) if root is not None else None
    if body is None:
        raise ReadError(source, f"文件已损坏 / corrupt DOCX: {main} has no document body")
    try:
        rels = pkg.rels(main)
    except ReadError:  # relationships only find numbering, styles and embedded chunks
        rels = {}
    by_type = {t.rsplit("/", 1)[-1]: name for t, name in rels.values()}
    try:
        numbering = Numbering(pkg.xml(by_type.get("numbering", "word/numbering.xml"), 16 * 2**20),
                              pkg.xml(by_type.get("styles", "word/styles.xml"), 16 * 2**20))
    except ReadError:  # numbering only adds "1." to labels: a broken part does not stop reading
        numbering = Numbering(None, None)
    lines = _Walker(pkg, rels, numbering, depth).blocks(body, 0)
    if not lines:
        images = any(n.startswith(("word/media/", "media/")) for n in pkg.index)
        raise ReadError(source, "没有文字 / no text: the document holds only images (a scan? images inside a Word "
                                "document are not read: save it as PDF, which is read by OCR)"
                        if images else "没有文字 / no text: the Word document is empty")
    return lines


# ---------------------------------------------------------------------------------------------
# The document body, walked in order


class _Walker:
    """Reads a body's blocks in order into printed lines; numbering counters run as it goes."""

    def __init__(self, pkg: Package, rels: dict[str, tuple[str, str]], numbering: Numbering, depth: int) -> None:
        self.pkg, self.rels, self.numbering, self.chunk_depth = pkg, rels, numbering, depth
        self.places = Counter()

    def blocks(self, parent, depth: int, flat: bool = False) -> list[Printed]:
        """Lines of the block-level content of ``parent`` (body, cell, text box) in order.

        ``flat``: inside a cell, where nested tables give one line per row, cells spaced."""
        out: list[Printed] = []
        if depth > MAX_DEPTH:
            text = "".join(t.text or "" for t in parent.iter(T))
            return [(text, self.places.paragraph())] if text.strip() else []
        for child in parent:
            tag = child.tag
            if tag == P:
                self.paragraph(child, out, depth)
            elif tag == TBL:
                self.table(child, out, depth, flat)
            elif tag in BLOCK_WRAPPERS:
                out += self.blocks(child, depth + 1, flat)
            elif tag == SDT:
                content = child.find(SDTCONTENT)
                if content is not None:
                    out += self.blocks(content, depth + 1, flat)
            elif tag == ALTERNATE:
                chosen = _choose(child)
                if chosen is not None:
                    out += self.blocks(chosen, depth + 1, flat)
            elif tag == ALTCHUNK:
                out += self.alt_chunk(child)
        return out

    # --- paragraphs ---------------------------------------------------------------------
    def paragraph(self, p, out: list[Printed], depth: int) -> None:
        parts: list[str] = []
        boxes: list[Printed] = []
        self.inline(p, parts, boxes, depth)
        out += boxes  # a text box (a title, a stamp) is read before the paragraph holding it
        label = self.numbering.label(p)  # counted even when the paragraph is empty, as Word does
        text = labelled(label, "".join(parts))
        origin = None
        for seg in text.split(BREAK):
            line = TABS.sub("\t", seg.translate(_LINE_ENDS).strip(EDGE_WS))
            if line:
                origin = origin or self.places.paragraph()  # one number for the paragraph's lines
                out.append((line, origin))

    def inline(self, el, parts: list[str], boxes: list[Printed], depth: int) -> None:
        for child in el:
            tag = child.tag
            if tag == R:
                self.run(child, parts, boxes, depth)
            elif tag in INLINE_WRAPPERS:
                self.inline(child, parts, boxes, depth)
            elif tag == SDT:
                content = child.find(SDTCONTENT)
                if content is not None:
                    self.inline(content, parts, boxes, depth)
            elif tag == ALTERNATE:
                chosen = _choose(child)
                if chosen is not None:
                    self.inline(chosen, parts, boxes, depth)
            elif tag in (OMATH, OMATHPARA):
                parts.append("".join(t.text or "" for t in child.iter(M_T)))
            # w:del, w:moveFrom (deleted text), w:pPr, bookmarks, proofing marks: not printed

    def run(self, r, parts: list[str], boxes: list[Printed], depth: int) -> None:
        rpr = r.find(RPR)
        if rpr is not None and _hidden(rpr):
            return
        for x in r:
            tag = x.tag
            if tag == T:
                if x.text:
                    parts.append(x.text)
            elif tag in (TAB, PTAB):
                parts.append("\t")
            elif tag in (BR, CR):
                parts.append(BREAK)
            elif tag == NBHYPHEN:
                parts.append("-")
            elif tag == SYM:
                parts.append(_symbol(x.get(W + "char")))
            elif tag in SHAPES:
                self.shapes(x, boxes, depth)
            elif tag == RUBY:  # the base text is printed; the small annotation above it is not
                base = x.find(RUBYBASE)
                if base is not None:
                    self.inline(base, parts, boxes, depth)
            # w:instrText (field codes), w:delText, w:fldChar, note references: not printed

    def shapes(self, el, boxes: list[Printed], depth: int) -> None:
        """Text boxes (DrawingML or VML) and WordArt in a drawing, in order, each read once."""
        if el.tag == ALTERNATE:
            el = _choose(el)
            if el is None:
                return
        for box in _text_boxes(el):
            if isinstance(box, str):
                if box.strip(EDGE_WS):
                    boxes.append((box.strip(EDGE_WS), self.places.paragraph()))
            else:
                boxes += self.blocks(box, depth + 1)

    # --- tables -------------------------------------------------------------------------
    def table(self, tbl: Any, out: list[Printed], depth: int, flat: bool) -> None:
        rows = [(tr, list(row_cells(tr))) for tr in table_rows(tbl)]
        if flat:
            for _, cells in rows:
                texts = [self.cell_text(tc, depth) for tc in cells if not continues(tc)]
                line = " ".join(t for t in texts if t)
                if line:
                    out.append((line, None))
            return
        if is_layout(tbl, rows):
            for _, cells in rows:
                for tc in cells:
                    if not continues(tc):
                        out += self.blocks(tc, depth + 1)
            return
        number = self.places.table()
        out += [(line, Origin("table", table=number, row=row))
                for row, line in grid_lines(tbl, rows, lambda tc: self.cell_text(tc, depth))]

    def cell_text(self, tc, depth: int) -> str:
        self.places.in_cell += 1
        try:
            return join_cell_text([raw for raw, _ in self.blocks(tc, depth + 1, flat=True)])
        finally:
            self.places.in_cell -= 1

    # --- embedded documents ---------------------------------------------------------------
    def alt_chunk(self, el) -> list[Printed]:
        """An altChunk: a whole HTML page or DOCX embedded in the body (some converters and
        portals' exports make documents of these). Its lines have no origin: its tables and
        paragraphs are not numbered among the body's."""
        rel = self.rels.get(el.get(RID) or "")
        if rel is None or self.chunk_depth >= 2:
            return []
        name = rel[1].lower()
        try:
            data = self.pkg.read(rel[1])
            if not data:
                return []
            if name.endswith((".htm", ".html", ".xhtml", ".xht")):
                from gongkai.readers.html import read_html

                return [(line.raw, None) for line in read_html(data, self.pkg.source).lines]
            if name.endswith((".docx", ".docm", ".dotx")):
                return [(raw, None) for raw, _ in docx_lines(data, self.pkg.source, self.chunk_depth + 1)]
        except ReadError:
            return []
        return []


def _hidden(rpr) -> bool:
    for tag in (VANISH, WEBHIDDEN):
        el = rpr.find(tag)
        if el is not None and (el.get(VAL) or "true").lower() not in FALSE:
            return True
    return False


def _symbol(code: str | None) -> str:
    """A w:sym character: symbol-font characters (private use area) print as glyphs that
    mean nothing to the extractor; others are themselves."""
    try:
        c = int(code or "", 16)
    except ValueError:
        return ""
    if 0xE000 <= c <= 0xF8FF or c < 0x20 or c > 0x10FFFF:
        return ""
    return chr(c)


def _choose(alt):
    """The branch of mc:AlternateContent that Word shows: the first Choice, unless only the
    Fallback holds text."""
    choice = alt.find(CHOICE)
    fallback = alt.find(FALLBACK)
    if choice is not None and (fallback is None or _has_text(choice) or not _has_text(fallback)):
        return choice
    return fallback


def _has_text(el) -> bool:
    return next(el.iter(T, TEXTPATH), None) is not None


def _text_boxes(el):
    """Text box contents (w:txbxContent elements) and WordArt strings under ``el``, in order,
    one branch of each mc:AlternateContent only."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == TXBX:
            yield child
        elif tag == ALTERNATE:
            chosen = _choose(child)
            if chosen is not None:
                yield from _text_boxes(chosen)
        elif tag == TEXTPATH:
            if child.get("string"):
                yield child.get("string")
        else:
            yield from _text_boxes(child)

