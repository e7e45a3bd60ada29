"""Word documents → Document: DOCX (Word 2007+, WPS) read from its XML; legacy .doc/.wps
converted to DOCX with LibreOffice first.

Reports are often published as Word files. Their tables are real grids with merged cells
(``w:gridSpan`` across, ``w:vMerge`` restart/continue down); the extractor reads
tab-separated rows best, so every table row becomes one Line whose cells are joined by
tabs, merged cells resolved (the text in the top-left position, "" in the positions it
covers) so that every value keeps its column; grid columns only a sliver wide (left by
conversions where two cell edges nearly meet) are not columns. Every paragraph outside
tables is a Line (split where the paragraph has a manual line break); text boxes (a title
is often one) give their own Lines, before the paragraph they are anchored in. Inside a cell the
paragraphs and line breaks of a wrapped label are joined without the break (with one space
between two ASCII characters, so ``12``/``34`` does not read 1234); a table nested in a
cell is flattened into the cell's text. Tables that only lay out the page (one column, or
holding a real table in a cell) are read as blocks. Automatic numbering ("一、", "1.") is
printed by Word, not stored as text: it is generated here from numbering.xml.

The XML is read directly with lxml (python-docx hides covered cells' positions and text
boxes). Bounds: each part is read up to ``MAX_PART_BYTES`` decompressed (a ZIP bomb costs
nothing), DTDs and entities are never loaded, nesting deeper than ``MAX_DEPTH`` is
flattened, spans are capped; a conversion is killed after ``CONVERT_TIMEOUT`` seconds.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import zipfile
import zlib
from bisect import bisect_left
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from gongkai.model import Document, Line
from gongkai.normalize import normalise
from gongkai.readers.errors import ReadError

MAX_PART_BYTES = 50 * 2**20  # decompressed size of word/document.xml (and any part) read at most
MAX_DEPTH = 16  # tables in cells in text boxes … deeper than this are read as plain text
MAX_COLS = 64  # Word allows 63 columns: a span wider than this (or than the table's grid) is an error
CONVERT_TIMEOUT = 120.0  # seconds for LibreOffice to convert one legacy document
NO_LIBREOFFICE = ("legacy Word/WPS document: converting it needs LibreOffice (soffice), "
                  "which is not installed")

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# Strict Open XML names the same elements in other namespaces: mapped to the usual ones.
_STRICT = ((b"http://purl.oclc.org/ooxml/wordprocessingml/main", _W_NS.encode()),
           (b"http://purl.oclc.org/ooxml/officeDocument/relationships", _R_NS.encode()))
W = f"{{{_W_NS}}}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
V = "{urn:schemas-microsoft-com:vml}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
RID = f"{{{_R_NS}}}id"
VAL = W + "val"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

(BODY, P, R, T, TBL, TR, TC, PPR, RPR, TCPR, TRPR, TAB, PTAB, BR, CR, SYM, NBHYPHEN, SDT, SDTCONTENT,
 TXBX, GRIDSPAN, VMERGE, HMERGE, GRIDBEFORE, DEL, MOVEFROM, RUBY, RUBYBASE, ALTCHUNK, VANISH,
 WEBHIDDEN, NUMPR, NUMID, ILVL, PSTYLE, TBLGRID, GRIDCOL) = (W + n for n in (
    "body", "p", "r", "t", "tbl", "tr", "tc", "pPr", "rPr", "tcPr", "trPr", "tab", "ptab", "br", "cr", "sym",
    "noBreakHyphen", "sdt", "sdtContent", "txbxContent", "gridSpan", "vMerge", "hMerge", "gridBefore", "del",
    "moveFrom", "ruby", "rubyBase", "altChunk", "vanish", "webHidden", "numPr", "numId", "ilvl", "pStyle",
    "tblGrid", "gridCol"))
ALTERNATE, CHOICE, FALLBACK = MC + "AlternateContent", MC + "Choice", MC + "Fallback"
TEXTPATH = V + "textpath"
M_T, OMATH, OMATHPARA = M + "t", M + "oMath", M + "oMathPara"
# Inline wrappers whose content is printed as if it stood in their place.
_INLINE_WRAPPERS = frozenset(W + n for n in ("hyperlink", "smartTag", "customXml", "ins", "moveTo", "fldSimple",
                                            "dir", "bdo", "sdtContent"))
_BLOCK_WRAPPERS = frozenset(W + n for n in ("customXml", "ins", "moveTo", "sdtContent"))
_SHAPES = frozenset(W + n for n in ("drawing", "pict", "object")) | {ALTERNATE}

# A manual line break inside a paragraph (ends a Line outside tables; joins inside a cell).
_BREAK = "\ufdd0"
_TABS = re.compile(r"[ \u3000\xa0]*\t[\t \u3000\xa0]*")
_CELL_WS = re.compile("[\\s\u3000\xa0\u2002\u2003\u2009\u200b\ufeff]+")
_LINE_ENDS = str.maketrans("\r\n\x0b\x0c\x85\u2028\u2029", "       ")  # in w:t text: printed as spaces
_EDGE_WS = " \t\r\n\f\v\u3000\xa0\u2002\u2003\u2009\u200b\ufeff"
_FALSE = ("0", "false", "off")
_NUMBER_END = "、.．。:：)）]】>》,，"


def join_cell_text(pieces: Iterable[str]) -> str:
    """A table cell's paragraphs (and manual line breaks) joined as one string: a label
    wrapped in its cell reads as one label. Shared by the DOCX and ODT readers."""
    text = ""
    for piece in pieces:
        for seg in piece.split(_BREAK):
            seg = _CELL_WS.sub(" ", seg).strip()
            if not seg:
                continue
            if text and text[-1].isascii() and seg[0].isascii():
                text += " "
            text += seg
    return text

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                              remove_pis=True, huge_tree=False)
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
               RuntimeError, KeyError, struct.error)


def read_docx(data: bytes, source: str) -> Document:
    """Read a DOCX (or DOCM/DOTX, WPS-saved .docx); raise ReadError for any other ZIP,
    a corrupt or encrypted file, a ZIP bomb, or a document with no text."""
    return Document(source=source, lines=_number(_docx_lines(data, source, 0)), form="docx")


def read_legacy(data: bytes, source: str) -> Document:
    """Read a legacy Word/WPS file (an OLE container) by converting it to DOCX with LibreOffice."""
    streams = _ole_streams(data)
    suffix = _legacy_kind(data, source, streams)
    docx = _convert(data, source, suffix)
    return Document(source=source, lines=_number(_docx_lines(docx, source, 0)), form="doc")


def _number(raws: list[str]) -> tuple[Line, ...]:
    return tuple(Line(i, normalise(r), r) for i, r in enumerate(raws, start=1))


# ---------------------------------------------------------------------------------------------
# The package: which ZIP this is, its parts, bounded reads


class _Package:
    def __init__(self, data: bytes, source: str):
        self.source = source
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except _ZIP_ERRORS as e:
            raise ReadError(source, f"corrupt DOCX: not a readable ZIP archive ({_why(e)})") from None
        self.index = {i.filename.lstrip("/").lower(): i for i in infos if not i.is_dir()}

    def has(self, name: str) -> bool:
        return name.lower() in self.index

    def read(self, name: str, limit: int = MAX_PART_BYTES) -> bytes | None:
        info = self.index.get(name.lstrip("/").lower())
        if info is None:
            return None
        if info.flag_bits & 0x1:
            raise ReadError(self.source, "password-protected ZIP: its files are encrypted")
        if info.file_size > limit:
            raise ReadError(self.source, _bomb(name, limit))
        try:
            with self.zip.open(info) as f:
                data = f.read(limit + 1)
        except _ZIP_ERRORS as e:
            raise ReadError(self.source, f"corrupt DOCX: cannot unpack {name} ({_why(e)})") from None
        if len(data) > limit:  # the size in the header lied
            raise ReadError(self.source, _bomb(name, limit))
        return data

    def xml(self, name: str, limit: int = MAX_PART_BYTES):
        data = self.read(name, limit)
        if data is None:
            return None
        for strict, usual in _STRICT:
            if strict in data:
                data = data.replace(strict, usual)
        try:
            return etree.fromstring(data, _XML_PARSER)
        except (etree.XMLSyntaxError, ValueError) as e:
            raise ReadError(self.source, f"corrupt DOCX: {name} is not well-formed XML ({_why(e)})") from None

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationships of ``part``: id → (type, target part name); external ones left out."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"), 16 * 2**20)
        out: dict[str, tuple[str, str]] = {}
        if root is None:
            return out
        for rel in root.iter(PKG_REL):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External" or not target:
                continue
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id") or ""] = (rel.get("Type") or "", name)
        return out

    def main_part(self) -> str | None:
        try:
            rels = self.rels("")
        except ReadError:  # a broken _rels/.rels: the usual name still finds the document
            rels = {}
        for rel_type, name in rels.values():
            if rel_type.endswith("/officeDocument") and self.has(name):
                return name
        return "word/document.xml" if self.has("word/document.xml") else None

    def what_else(self) -> str:
        """What a ZIP that holds no Word document is, in words."""
        mimetype = (self.read("mimetype", 200) or b"").decode("ascii", "replace").strip()
        odf = {"application/vnd.oasis.opendocument.text": "an OpenDocument text (ODT)",
               "application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet (ODS)",
               "application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation (ODP)",
               "application/epub+zip": "an EPUB e-book"}
        if mimetype in odf:
            return f"{odf[mimetype]}, not a DOCX: no reader for this form is installed yet (save it as DOCX or PDF)"
        if mimetype.startswith("application/vnd.oasis.opendocument"):
            return f"an OpenDocument file ({mimetype}), not a DOCX: no reader for this form is installed yet"
        if self.has("xl/workbook.xml"):
            return "an Excel workbook (XLSX), not a Word document"
        if self.has("ppt/presentation.xml"):
            return "a PowerPoint presentation (PPTX), not a Word document"
        if self.has("ofd.xml"):
            return "an OFD document (GB/T 33190 fixed layout), not a DOCX: no reader for OFD is installed yet"
        names = sorted(i.filename for i in self.index.values())
        if not names:
            return "an empty ZIP archive: no Word document in it"
        shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
        return f"a ZIP archive, not a DOCX (no word/document.xml); it holds {len(names)} files: {shown}"


def _bomb(name: str, limit: int) -> str:
    return f"{name} unpacks to more than {limit // 2**20} MiB: too large for a report (a ZIP bomb?)"


def _why(e: BaseException) -> str:
    text = str(e).strip() or type(e).__name__
    return text if len(text) <= 200 else text[:200] + "…"


def _docx_lines(data: bytes, source: str, depth: int) -> list[str]:
    pkg = _Package(data, source)
    main = pkg.main_part()
    if main is None:
        raise ReadError(source, pkg.what_else())
    root = pkg.xml(main)
    body = root.find(BODY) if root is not None else None
    if body is None:
        raise ReadError(source, f"corrupt DOCX: {main} has no document body")
    try:
        rels = pkg.rels(main)
    except ReadError:  # relationships only find numbering, styles and embedded chunks
        rels = {}
    by_type = {t.rsplit("/", 1)[-1]: name for t, name in rels.values()}
    try:
        numbering = _Numbering(pkg.xml(by_type.get("numbering", "word/numbering.xml"), 16 * 2**20),
                               pkg.xml(by_type.get("styles", "word/styles.xml"), 16 * 2**20))
    except ReadError:  # numbering only adds "1." to labels: a broken part does not stop reading
        numbering = _Numbering(None, None)
    lines = _Walker(pkg, rels, numbering, depth).blocks(body, 0)
    if not lines:
        images = any(n.startswith(("word/media/", "media/")) for n in pkg.index)
        raise ReadError(source, "no text: the document holds only images (a scan? OCR reader not installed)"
                        if images else "no text: the Word document is empty")
    return lines


# ---------------------------------------------------------------------------------------------
# The document body, walked in order


class _Walker:
    def __init__(self, pkg: _Package, rels: dict[str, tuple[str, str]], numbering: _Numbering, depth: int):
        self.pkg, self.rels, self.numbering, self.chunk_depth = pkg, rels, numbering, depth

    def blocks(self, parent, depth: int, flat: bool = False) -> list[str]:
        """Lines of the block-level content of ``parent`` (body, cell, text box) in order.

        ``flat``: inside a cell, where nested tables give one line per row, cells spaced."""
        out: list[str] = []
        if depth > MAX_DEPTH:
            text = "".join(t.text or "" for t in parent.iter(T))
            return [text] if text.strip() else []
        for child in parent:
            tag = child.tag
            if tag == P:
                self.paragraph(child, out, depth)
            elif tag == TBL:
                self.table(child, out, depth, flat)
            elif tag in _BLOCK_WRAPPERS:
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
    def paragraph(self, p, out: list[str], depth: int) -> None:
        parts: list[str] = []
        boxes: list[str] = []
        self.inline(p, parts, boxes, depth)
        out += boxes  # a text box (a title, a stamp) is read before the paragraph holding it
        text = "".join(parts)
        label = self.numbering.label(p)  # counted even when the paragraph is empty, as Word does
        if label and text.strip(_EDGE_WS):
            text = label + _suffix(label) + text.lstrip(_EDGE_WS)
        for seg in text.split(_BREAK):
            line = _TABS.sub("\t", seg.translate(_LINE_ENDS).strip(_EDGE_WS))
            if line:
                out.append(line)

    def inline(self, el, parts: list[str], boxes: list[str], depth: int) -> None:
        for child in el:
            tag = child.tag
            if tag == R:
                self.run(child, parts, boxes, depth)
            elif tag in _INLINE_WRAPPERS:
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

    def run(self, r, parts: list[str], boxes: list[str], depth: int) -> None:
        rpr = r.find(RPR)
        if rpr is not None and _hidden(rpr):
            return
        for x in r:
            tag = x.tag
            if tag == T:
                if x.text:
                    parts.append(x.text)
            elif tag == TAB or tag == PTAB:
                parts.append("\t")
            elif tag == BR or tag == CR:
                parts.append(_BREAK)
            elif tag == NBHYPHEN:
                parts.append("-")
            elif tag == SYM:
                parts.append(_symbol(x.get(W + "char")))
            elif tag in _SHAPES:
                self.shapes(x, boxes, depth)
            elif tag == RUBY:  # the base text is printed; the small annotation above it is not
                base = x.find(RUBYBASE)
                if base is not None:
                    self.inline(base, parts, boxes, depth)
            # w:instrText (field codes), w:delText, w:fldChar, note references: not printed

    def shapes(self, el, boxes: list[str], depth: int) -> None:
        """Text boxes (DrawingML or VML) and WordArt in a drawing, in order, each read once."""
        if el.tag == ALTERNATE:
            el = _choose(el)
            if el is None:
                return
        for box in _text_boxes(el):
            if isinstance(box, str):
                if box.strip(_EDGE_WS):
                    boxes.append(box.strip(_EDGE_WS))
            else:
                boxes += self.blocks(box, depth + 1)

    # --- tables -------------------------------------------------------------------------
    def table(self, tbl, out: list[str], depth: int, flat: bool) -> None:
        rows = [(tr, list(_cells(tr))) for tr in _rows(tbl)]
        if flat:
            for _, cells in rows:
                texts = [self.cell_text(tc, depth) for tc in cells if not _continues(tc)]
                line = " ".join(t for t in texts if t)
                if line:
                    out.append(line)
            return
        if _is_layout(tbl, rows):
            for _, cells in rows:
                for tc in cells:
                    if not _continues(tc):
                        out += self.blocks(tc, depth + 1)
            return
        # A span reaching past the table's grid is an error in the file: cut at the grid's edge.
        cols = tbl.find(TBLGRID)
        cols = cols.findall(GRIDCOL)[:MAX_COLS] if cols is not None else []
        width = len(cols) or MAX_COLS
        logical = _logical_columns(cols, width)
        placed: list[tuple[list[tuple[int, str]], int]] = []
        starts: set[int] = set()
        for tr, cells in rows:
            pos = min(_grid_before(tr), width)
            row: list[tuple[int, str]] = []
            for tc in cells:
                span = min(_span(tc), max(width - pos, 1))
                start = logical(pos)
                text = "" if _continues(tc) else self.cell_text(tc, depth)
                if row and row[-1][0] == start:  # a cell in a sliver column: it joins the next
                    text = " ".join(t for t in (row.pop()[1], text) if t)
                row.append((start, text))
                starts.add(start)
                pos += span
            placed.append((row, max(logical(pos), row[-1][0] + 1) if row else 0))
        # Logical columns where no cell of any row starts are spanned by every row and print
        # nothing: left out, so that a value keeps the column of its header.
        keep = sorted(starts)
        column = {c: i for i, c in enumerate(keep)}
        for row, end in placed:
            line = [""] * bisect_left(keep, end)
            for start, text in row:
                line[column[start]] = text
            if any(line):  # rows left all blank (spacers, continued merges only) are dropped
                out.append("\t".join(line))

    def cell_text(self, tc, depth: int) -> str:
        return join_cell_text(self.blocks(tc, depth + 1, flat=True))

    # --- embedded documents ---------------------------------------------------------------
    def alt_chunk(self, el) -> list[str]:
        """An altChunk: a whole HTML page or DOCX embedded in the body (some converters and
        portals' exports make documents of these)."""
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

                return [line.raw for line in read_html(data, self.pkg.source).lines]
            if name.endswith((".docx", ".docm", ".dotx")):
                return _docx_lines(data, self.pkg.source, self.chunk_depth + 1)
        except ReadError:
            return []
        return []


SLIVER_TWIPS = 60  # a grid column narrower than this (about 1 mm) cannot hold a character


def _logical_columns(cols: list, width: int):
    """Grid position → logical column. Word and conversions leave sliver columns in a
    table's grid (a cell edge a twip off its neighbours' gives a grid column 1 twip wide);
    a cell starting in one starts, as printed, in the next real column."""
    widths = []
    for col in cols:
        try:
            widths.append(int(col.get(W + "w") or ""))
        except ValueError:
            widths.append(None)
    known = sorted(w for w in widths if w)
    sliver = [bool(known) and known[len(known) // 2] >= 4 * SLIVER_TWIPS and w is not None and w < SLIVER_TWIPS
              for w in widths] + [False] * (width - len(widths))
    if all(sliver):
        sliver = [False] * width
    before = [0]  # real columns before each grid position
    for s in sliver:
        before.append(before[-1] + (not s))
    last = max(before[-1] - 1, 0)

    def logical(pos: int) -> int:
        if pos < width:
            return min(before[pos], last)
        return before[width] + pos - width

    return logical


def _rows(tbl):
    for child in tbl:
        tag = child.tag
        if tag == TR:
            trpr = child.find(TRPR)
            if trpr is None or trpr.find(DEL) is None:  # a deleted row (tracked change)
                yield child
        elif tag in _BLOCK_WRAPPERS or tag == SDT:
            inner = child.find(SDTCONTENT) if tag == SDT else child
            if inner is not None:
                yield from _rows(inner)


def _cells(tr):
    for child in tr:
        tag = child.tag
        if tag == TC:
            yield child
        elif tag in _BLOCK_WRAPPERS or tag == SDT:
            inner = child.find(SDTCONTENT) if tag == SDT else child
            if inner is not None:
                yield from _cells(inner)


def _int(el, default: int) -> int:
    if el is None:
        return default
    m = re.match(r"\s*(\d{1,6})", el.get(VAL) or "")
    return int(m.group(1)) if m else default


def _span(tc) -> int:
    tcpr = tc.find(TCPR)
    return min(max(_int(tcpr.find(GRIDSPAN), 1), 1), MAX_COLS) if tcpr is not None else 1


def _grid_before(tr) -> int:
    trpr = tr.find(TRPR)
    return min(_int(trpr.find(GRIDBEFORE), 0), MAX_COLS) if trpr is not None else 0


def _continues(tc) -> bool:
    """Whether a cell continues a merge begun above (vMerge) or to its left (legacy hMerge)."""
    tcpr = tc.find(TCPR)
    if tcpr is None:
        return False
    for tag in (VMERGE, HMERGE):
        m = tcpr.find(tag)
        if m is not None and m.get(VAL) != "restart":
            return True
    return False


def _is_layout(tbl, rows) -> bool:
    """A table that only lays out the page: one cell per row, or a real table (two rows and
    two columns at least) in one of its cells. Its cells are read as blocks."""
    if not any(len(cells) > 1 for _, cells in rows):
        return True
    for inner in tbl.iterdescendants(TBL):
        inner_rows = [list(_cells(tr)) for tr in _rows(inner)]
        if len(inner_rows) >= 2 and max(map(len, inner_rows)) >= 2:
            return True
    return False


def _hidden(rpr) -> bool:
    for tag in (VANISH, WEBHIDDEN):
        el = rpr.find(tag)
        if el is not None and (el.get(VAL) or "true").lower() not in _FALSE:
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


def _suffix(label: str) -> str:
    return "" if label[-1] in _NUMBER_END else " "


# ---------------------------------------------------------------------------------------------
# Automatic numbering (numbering.xml): the "一、" "（一）" "1." Word prints before paragraphs


class _Level:
    __slots__ = ("fmt", "legal", "restart", "start", "style", "text")

    def __init__(self, lvl):
        def val(tag: str) -> str | None:
            el = lvl.find(W + tag)
            return el.get(VAL) if el is not None else None

        self.start = _int(lvl.find(W + "start"), 1)
        self.fmt = val("numFmt") or "decimal"
        self.text = val("lvlText")
        restart = val("lvlRestart")
        self.restart = restart is None or restart.strip() != "0"
        legal = lvl.find(W + "isLgl")
        self.legal = legal is not None and (legal.get(VAL) or "true").lower() not in _FALSE
        self.style = val("pStyle")


class _Numbering:
    def __init__(self, numbering, styles):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        self.styles: dict[str, tuple[str | None, int | None, str | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if numbering is not None:
            for a in numbering.iter(W + "abstractNum"):
                levels = {_int_attr(lvl, W + "ilvl"): _Level(lvl) for lvl in a.iter(W + "lvl")}
                self.abstract[a.get(W + "abstractNumId") or ""] = levels
            for n in numbering.iter(W + "num"):
                aid = n.find(W + "abstractNumId")
                overrides: dict[int, _Level] = {}
                starts: dict[int, int] = {}
                for o in n.iter(W + "lvlOverride"):
                    ilvl = _int_attr(o, W + "ilvl")
                    if (lvl := o.find(W + "lvl")) is not None:
                        overrides[ilvl] = _Level(lvl)
                    if (so := o.find(W + "startOverride")) is not None:
                        starts[ilvl] = _int(so, 1)
                self.nums[n.get(W + "numId") or ""] = (aid.get(VAL) if aid is not None else "", overrides, starts)
        if styles is not None and self.nums:
            for s in styles.iter(W + "style"):
                ppr = s.find(PPR)
                numpr = ppr.find(NUMPR) if ppr is not None else None
                based = s.find(W + "basedOn")
                num_id = ilvl = None
                if numpr is not None:
                    num_id = _val(numpr.find(NUMID))
                    ilvl_el = numpr.find(ILVL)
                    ilvl = _int(ilvl_el, 0) if ilvl_el is not None else None
                self.styles[s.get(W + "styleId") or ""] = (num_id, ilvl, _val(based))

    def label(self, p) -> str:
        if not self.nums:
            return ""
        ppr = p.find(PPR)
        if ppr is None:
            return ""
        num_id = ilvl = None
        numpr = ppr.find(NUMPR)
        if numpr is not None:
            num_id = _val(numpr.find(NUMID))
            if (el := numpr.find(ILVL)) is not None:
                ilvl = _int(el, 0)
        style = _val(ppr.find(PSTYLE))
        seen = 0
        s = style
        while (num_id is None or ilvl is None) and s and s in self.styles and seen < 20:
            s_num, s_ilvl, based = self.styles[s]
            num_id = num_id if num_id is not None else s_num
            ilvl = ilvl if ilvl is not None else s_ilvl
            s, seen = based, seen + 1
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        aid, overrides, starts = self.nums[num_id]
        levels = dict(self.abstract.get(aid, {}))
        levels.update(overrides)
        if ilvl is None:
            ilvl = next((i for i, lv in levels.items() if style and lv.style == style), 0)
        level = levels.get(ilvl)
        if level is None:
            return ""
        for i, start in starts.items():  # a restart applies from the list's first paragraph
            if i in levels:
                levels[i] = _with_start(levels[i], start)
        counters = self.counters.setdefault(num_id if starts else "a" + aid, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else levels[ilvl].start
        for deeper in [i for i in counters if i > ilvl]:
            if deeper not in levels or levels[deeper].restart:
                del counters[deeper]
        if level.fmt in ("bullet", "none") or not level.text:
            return ""

        def place(m: re.Match) -> str:
            i = int(m.group(1)) - 1
            lv = levels.get(i)
            if lv is None:
                return ""
            n = counters.get(i, lv.start)
            return _format(n, "decimal" if level.legal and i != ilvl else lv.fmt)

        return re.sub(r"%([1-9])", place, level.text).strip()


def _val(el) -> str | None:
    return el.get(VAL) if el is not None else None


def _int_attr(el, name: str) -> int:
    try:
        return int(el.get(name) or 0)
    except ValueError:
        return 0


def _with_start(level: _Level, start: int) -> _Level:
    copy = _Level.__new__(_Level)
    for k in _Level.__slots__:
        setattr(copy, k, getattr(level, k))
    copy.start = start
    return copy


_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TW_LEGAL = "零壹貳參肆伍陸柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _chinese(n: int, digits: str = "零一二三四五六七八九", units: str = "十百千") -> str:
    """Chinese counting: 1 一, 10 十, 11 十一, 20 二十, 105 一百零五."""
    if n <= 0:
        return digits[0]
    if n >= 10000:
        return str(n)
    out = ""
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += digits[0]
            zero = False
        if not (d == 1 and power == 10 and not out):  # 十一, not 一十一
            out += digits[d]
        out += unit
    return out


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                 (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + s, n - v
    return out


def _format(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "koreanCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "koreanDigital2"):
        return _chinese(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_LEGAL, "拾佰仟")
    if fmt in ("ideographLegalTraditional", "japaneseLegal"):
        return _chinese(n, _TW_LEGAL, "拾佰仟")
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)})
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperRoman", "lowerRoman"):
        r = _roman(n)
        return r if fmt == "upperRoman" else r.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""
        return s if fmt == "upperLetter" else s.lower()
    return str(n)


# ---------------------------------------------------------------------------------------------
# Legacy files: what the OLE container holds, and conversion with LibreOffice


def _ole_streams(data: bytes) -> dict[str, tuple[int, int]] | None:
    """Names of the streams in an OLE compound file → (start sector, size); None if the
    container cannot be parsed. Only the directory is read (bounded by the file's size)."""
    try:
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        if shift not in (9, 12):
            return None
        size = 1 << shift
        nsect = max(len(data) // size - 1, 0)
        fat_sectors = list(struct.unpack_from("<109I", data, 0x4C))
        difat, ndifat = struct.unpack_from("<II", data, 0x44)
        seen = 0
        while difat < nsect and seen < ndifat and seen < nsect:
            off = (difat + 1) * size
            entries = struct.unpack_from(f"<{size // 4}I", data, off)
            fat_sectors += entries[:-1]
            difat, seen = entries[-1], seen + 1
        fat: list[int] = []
        for s in fat_sectors:
            if s >= nsect:
                continue
            fat += struct.unpack_from(f"<{size // 4}I", data, (s + 1) * size)
        out: dict[str, tuple[int, int]] = {}
        sector = struct.unpack_from("<I", data, 0x30)[0]
        visited: set[int] = set()
        while sector < nsect and sector not in visited and len(visited) < nsect:
            visited.add(sector)
            base = (sector + 1) * size
            for e in range(size // 128):
                entry = data[base + e * 128: base + (e + 1) * 128]
                if len(entry) < 128:
                    break
                name_len = struct.unpack_from("<H", entry, 0x40)[0]
                kind = entry[0x42]
                if kind in (1, 2, 5) and 2 <= name_len <= 64:
                    name = entry[:name_len - 2].decode("utf-16-le", "replace")
                    start, length = struct.unpack_from("<II", entry, 0x74)
                    out.setdefault(name, (start, length))
            sector = fat[sector] if sector < len(fat) else 0xFFFFFFFE
        return out
    except (struct.error, IndexError, ValueError):
        return None


def _legacy_kind(data: bytes, source: str, streams: dict[str, tuple[int, int]] | None) -> str:
    """The file suffix to convert a legacy file under, or ReadError for what is not a Word file."""
    if not streams:
        raise ReadError(source, "corrupt legacy Office document: its OLE directory cannot be read")
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        raise ReadError(source, "encrypted (password-protected) Office document: it needs a password to open")
    if "WordDocument" in streams:
        start, length = streams["WordDocument"]
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        if length >= 4096:  # a stream this size is in regular sectors: its FIB is the first one
            fib = data[(start + 1) << shift: ((start + 1) << shift) + 12]
            if len(fib) == 12:
                ident, flags = struct.unpack_from("<H", fib, 0)[0], struct.unpack_from("<H", fib, 0x0A)[0]
                if ident in (0xA5EC, 0xA5DC) and flags & 0x0100:
                    raise ReadError(source, "encrypted (password-protected) Word document: it needs a password to open")
        return ".doc"
    if "Workbook" in streams or "Book" in streams:
        raise ReadError(source, "a legacy Excel workbook (.xls/.et), not a Word document")
    if "PowerPoint Document" in streams:
        raise ReadError(source, "a legacy PowerPoint presentation (.ppt/.dps), not a Word document")
    if "CONTENTS" in streams or source.lower().endswith(".wps"):
        return ".wps"  # Microsoft Works
    shown = ", ".join(sorted(n for n in streams if n.isprintable())[:6])
    raise ReadError(source, f"an OLE container that is not a Word or WPS document (it holds: {shown})")


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert(data: bytes, source: str, suffix: str) -> bytes:
    """DOCX bytes converted from a legacy file by LibreOffice headless: its own temporary
    directory, profile and HOME (parallel conversions sharing a profile silently fail),
    killed with everything it started after CONVERT_TIMEOUT seconds."""
    exe = _soffice()
    if exe is None:
        raise ReadError(source, NO_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="gongkai-lo-") as tmp:
        src = os.path.join(tmp, "in" + suffix)
        outdir = os.path.join(tmp, "out")
        with open(src, "wb") as f:
            f.write(data)
        cmd = [exe, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless", "--invisible",
               "--norestore", "--nolockcheck", "--nodefault", "--nologo",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", outdir, src]
        env = dict(os.environ, HOME=tmp, TMPDIR=tmp)
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    cwd=tmp, env=env, start_new_session=True)
        except OSError as e:
            raise ReadError(source, f"legacy Word/WPS document: cannot start LibreOffice ({_why(e)})") from None
        try:
            out, err = proc.communicate(timeout=CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise ReadError(source, f"legacy Word/WPS document: LibreOffice did not convert it within "
                                    f"{CONVERT_TIMEOUT:g} s") from None
        finally:
            _kill(proc)  # soffice.bin may linger after the launcher script exits
        result = os.path.join(outdir, "in.docx")
        if not os.path.exists(result):
            said = (err or out or b"").decode("utf-8", "replace").strip().splitlines()
            detail = f" ({said[-1][:200]})" if said else ""
            raise ReadError(source, f"legacy Word/WPS document: LibreOffice could not convert it{detail}")
        with open(result, "rb") as f:
            return f.read(MAX_PART_BYTES + 1)


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if proc.returncode is None:
        try:
            proc.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            pass
