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
from the list and outline styles. Not printed and not read: deleted text of tracked
changes, comments, hidden text (``text:display="none"`` styles, hidden fields), notes.

The XML is read directly with lxml. Bounds as for DOCX: each part is read up to
``MAX_PART_BYTES`` decompressed (a ZIP bomb costs nothing), DTDs and entities are never
loaded, nesting deeper than ``MAX_DEPTH`` is flattened, rows are at most ``MAX_COLS`` wide
and repeated rows cost at most ``REPEAT_BUDGET`` Lines per document.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from gongkai.model import Document, Line
from gongkai.normalize import normalise
from gongkai.readers.docx import (
    _BREAK,
    _EDGE_WS,
    _TABS,
    _XML_PARSER,
    _ZIP_ERRORS,
    MAX_COLS,
    MAX_DEPTH,
    MAX_PART_BYTES,
    _bomb,
    _format,
    _suffix,
    _why,
    join_cell_text,
)
from gongkai.readers.errors import ReadError

MAX_SPACES = 64  # a text:s run of more spaces than this is printed as this many
MAX_ROW_REPEAT = 100  # a non-blank row repeated more often than this is printed this often …
REPEAT_BUDGET = 10_000  # … and all repeated rows of a document give at most this many Lines
MAX_STYLE_CHAIN = 20  # parent styles followed at most this far (a cycle ends there)

ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
_READABLE = (ODT_MIMETYPE, ODT_MIMETYPE + "-template", ODT_MIMETYPE + "-master", ODT_MIMETYPE + "-web")
_OTHER_ODF = {
    "spreadsheet": "an OpenDocument spreadsheet (ODS)",
    "presentation": "an OpenDocument presentation (ODP)",
    "graphics": "an OpenDocument drawing (ODG)",
    "chart": "an OpenDocument chart (ODC)",
    "formula": "an OpenDocument formula (ODF)",
    "image": "an OpenDocument image (ODI)",
    "base": "an OpenDocument database (ODB)",
}
_ODF_PREFIXES = (b"application/vnd.oasis.opendocument", b"application/vnd.sun.xml")
_STAR_OFFICE = "an OpenOffice.org 1.x document (.sxw/.sxc/…)"
_SAVE_AS = "save the report as ODT, DOCX or PDF"

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
}
OFFICE, TEXT, TABLE, DRAW, STYLE, SVG, LOEXT = (f"{{{_NS[k]}}}" for k in
                                                ("office", "text", "table", "draw", "style", "svg", "loext"))

(P, H, SPAN, A, S, TAB, LINE_BREAK, LIST, LIST_ITEM, LIST_HEADER, NUMBER, NUMBERED_PARAGRAPH, NOTE, RUBY,
 RUBY_BASE, HIDDEN_TEXT, HIDDEN_PARAGRAPH) = (TEXT + n for n in (
    "p", "h", "span", "a", "s", "tab", "line-break", "list", "list-item", "list-header", "number",
    "numbered-paragraph", "note", "ruby", "ruby-base", "hidden-text", "hidden-paragraph"))
(TBL, ROW, CELL, COVERED) = (TABLE + n for n in ("table", "table-row", "table-cell", "covered-table-cell"))
BODY, OFFICE_TEXT = OFFICE + "body", OFFICE + "text"
STYLE_NAME, TEXT_STYLE = TEXT + "style-name", STYLE + "name"

# Containers of block content, read in place.
_BLOCK_WRAPPERS = frozenset([TEXT + n for n in (
    "section", "index-body", "index-title", "table-of-content", "illustration-index", "table-index",
    "object-index", "user-index", "alphabetical-index", "bibliography", "change-start")]
    + [DRAW + "text-box", DRAW + "a", OFFICE + "text"])
# Shapes and frames: their text (text boxes, text in a shape) is read as blocks of its own.
_SHAPES = frozenset(DRAW + n for n in (
    "frame", "g", "custom-shape", "rect", "ellipse", "circle", "polygon", "polyline", "path", "line",
    "regular-polygon", "connector", "caption", "measure", "control", "page-thumbnail"))
# Rows of a table, possibly inside row groups.
_ROW_GROUPS = frozenset(TABLE + n for n in ("table-header-rows", "table-rows", "table-row-group"))
# Inline elements that are never printed, or print something other than their text.
_NOT_PRINTED = frozenset([TEXT + n for n in (
    "note", "bookmark", "bookmark-start", "bookmark-end", "reference-mark", "reference-mark-start",
    "reference-mark-end", "toc-mark", "toc-mark-start", "toc-mark-end", "user-index-mark",
    "user-index-mark-start", "user-index-mark-end", "alphabetical-index-mark", "alphabetical-index-mark-start",
    "alphabetical-index-mark-end", "change", "change-start", "change-end", "soft-page-break", "number",
    "sequence-decls", "variable-decls", "user-field-decls", "tracked-changes")]
    + [OFFICE + n for n in ("annotation", "annotation-end", "forms", "event-listeners")]
    + [SVG + n for n in ("title", "desc")])

_WS = re.compile("[ \t\r\n]+")  # white space in ODF character data: one space as printed
_SPACE = "\ufdd1"  # a space printed by text:s (not collapsed) …
_TAB = "\ufdd2"  # … and a tab printed by text:tab (a tab in character data is a space)
_TRUE = ("true", "1")

# style:num-format values (the first number of each sequence) → the DOCX reader's formats.
_NUM_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman",
                "一": "chineseCounting", "壹": "chineseLegalSimplified", "①": "decimalEnclosedCircle",
                "甲": "ideographTraditional", "子": "ideographZodiac", "１": "decimalFullWidth",
                "〇": "ideographDigital", "⑴": "decimalEnclosedParen", "⒈": "decimalEnclosedFullstop"}


def read_odt(data: bytes, source: str) -> Document:
    """Read an ODT (or OTT, ODM) file; raise ReadError for another OpenDocument kind, a corrupt
    or encrypted file, a ZIP bomb, or a document with no text."""
    zf = _open(data, source)
    mimetype = _member(zf, "mimetype", source, 200)
    kind = (mimetype or b"").decode("ascii", "replace").strip()
    _refuse_other(kind, source)
    manifest = _member(zf, "META-INF/manifest.xml", source, 4 * 2**20) or b""
    if b"encryption-data" in manifest:
        raise ReadError(source, "encrypted (password-protected) OpenDocument file: it needs a password to open")
    content = _member(zf, "content.xml", source, MAX_PART_BYTES)
    if content is None:
        raise ReadError(source, "corrupt ODT: content.xml, which holds the text, is missing")
    root = _parse(content, "corrupt ODT: content.xml", source)
    try:
        styles_xml = _member(zf, "styles.xml", source, 16 * 2**20)
        style_root = _parse(styles_xml, "corrupt ODT: styles.xml", source) if styles_xml else None
    except ReadError:  # styles only number lists and hide text: a broken part does not stop reading
        style_root = None
    images = any(n.startswith("Pictures/") for n in zf.namelist())
    return _document(root, style_root, source, "odt", images, "content.xml")


def read_fodt(data: bytes, source: str) -> Document:
    """Read a flat OpenDocument text (.fodt: one XML file holding styles and content)."""
    root = _parse(data, "corrupt flat ODT (.fodt): the file", source)
    _refuse_other(root.get(OFFICE + "mimetype") or "", source, flat=True)
    return _document(root, None, source, "fodt", False, "the flat XML file")


def is_odf(data: bytes, source: str) -> bool:
    """Whether a ZIP container is an OpenDocument file: it says so in its first member
    (``mimetype``, stored uncompressed where ODF puts it, so that even a truncated file says
    what it is) or in a ``mimetype`` member elsewhere, or it holds content.xml and no Word
    document. A ZIP that cannot be opened is one when its name ends in .odt/.ott (its error
    then says "corrupt ODT"), else it is left to the DOCX reader."""
    if data[26:28] == b"\x08\x00" and data[30:38] == b"mimetype" and data[8:10] == b"\x00\x00":
        start = 38 + int.from_bytes(data[28:30], "little")
        size = int.from_bytes(data[18:22], "little") or 80  # 0: the size follows the data
        if re.match(rb"[\x21-\x7e]*", data[start:start + min(size, 200)]).group(0).startswith(_ODF_PREFIXES):
            return True
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = {i.filename.lstrip("/").lower(): i for i in zf.infolist()}
        info = infos.get("mimetype")
        if (info is not None and info.file_size <= 200 and not info.flag_bits & 0x1
                and zf.read(info).strip().startswith(_ODF_PREFIXES)):
            return True
    except _ZIP_ERRORS:
        return source.lower().endswith((".odt", ".ott"))
    return "content.xml" in infos and "word/document.xml" not in infos and "[content_types].xml" not in infos


# ---------------------------------------------------------------------------------------------
# The package: bounded reads, what kind of OpenDocument this is


def _open(data: bytes, source: str) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        zf.infolist()
    except _ZIP_ERRORS as e:
        raise ReadError(source, f"corrupt ODT: not a readable ZIP archive ({_why(e)})") from None
    return zf


def _member(zf: zipfile.ZipFile, name: str, source: str, limit: int) -> bytes | None:
    """A member's bytes, read at most ``limit`` decompressed (whatever its header claims)."""
    info = next((i for i in zf.infolist() if i.filename.lstrip("/").lower() == name.lower()), None)
    if info is None:
        return None
    if info.flag_bits & 0x1:
        raise ReadError(source, "password-protected ZIP: its files are encrypted")
    if info.file_size > limit:
        raise ReadError(source, _bomb(name, limit))
    try:
        with zf.open(info) as f:
            data = f.read(limit + 1)
    except _ZIP_ERRORS as e:
        raise ReadError(source, f"corrupt ODT: cannot unpack {name} ({_why(e)})") from None
    if len(data) > limit:  # the size in the header lied
        raise ReadError(source, _bomb(name, limit))
    return data


def _parse(data: bytes, what: str, source: str):
    """The XML of ``what`` ("corrupt ODT: content.xml", …: how a failure is reported)."""
    try:
        return etree.fromstring(data, _XML_PARSER)
    except (etree.XMLSyntaxError, ValueError) as e:
        raise ReadError(source, f"{what} is not well-formed XML ({_why(e)})") from None


def _refuse_other(kind: str, source: str, flat: bool = False) -> None:
    """ReadError naming an OpenDocument file that is not a text document."""
    if not kind or kind in _READABLE:
        return
    if kind.startswith("application/vnd.sun.xml"):
        raise ReadError(source, f"{_STAR_OFFICE}: no reader for this old form ({_SAVE_AS})")
    sub = kind.removeprefix("application/vnd.oasis.opendocument.").removesuffix("-template")
    name = _OTHER_ODF.get(sub, f"an OpenDocument file ({kind})")
    if flat:
        name = name.replace("an OpenDocument", "a flat OpenDocument")
    raise ReadError(source, f"{name}, not a text document: no reader for this form ({_SAVE_AS})")


def _document(root, style_root, source: str, form: str, images: bool, where: str) -> Document:
    body = root.find(BODY)
    if body is None:
        tag = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        raise ReadError(source, f"corrupt ODT: {where} is not an OpenDocument text (ODT) body (its root is <{tag}>)")
    text = body.find(OFFICE_TEXT)
    if text is None:
        other = next((etree.QName(c).localname for c in body if isinstance(c.tag, str)), "nothing")
        sub = {"spreadsheet": "spreadsheet", "presentation": "presentation", "drawing": "graphics",
               "chart": "chart", "image": "image"}.get(other, "")
        _refuse_other(f"application/vnd.oasis.opendocument.{sub}" if sub else "", source)
        raise ReadError(source, f"corrupt ODT: its body holds {other}, not text (an OpenDocument text (ODT) "
                                "has office:text)")
    styles = _Styles([root, style_root])
    lines = _Walker(styles).blocks(text, 0)
    if not lines:
        raise ReadError(source, "no text: the document holds only images (a scan? save them as images to read "
                                "them by OCR)" if images else "no text: the OpenDocument text is empty")
    return Document(source=source, lines=tuple(Line(i, normalise(r), r) for i, r in enumerate(lines, start=1)),
                    form=form)


# ---------------------------------------------------------------------------------------------
# Styles: hidden text, list and outline numbering


class _Level:
    """One level of a list or outline style: how its number is printed."""

    __slots__ = ("display", "fmt", "pattern", "prefix", "start", "suffix")

    def __init__(self, el):
        raw = el.get(STYLE + "num-format")
        self.fmt = None if el.tag.endswith("-bullet") or el.tag.endswith("-image") or not raw else \
            _NUM_FORMATS.get(raw.strip()[:1], "decimal")
        self.prefix = el.get(STYLE + "num-prefix") or ""
        self.suffix = el.get(STYLE + "num-suffix") or ""
        self.display = _int(el.get(TEXT + "display-levels"), 1, 1, 10)
        self.start = _int(el.get(TEXT + "start-value"), 1, 0, 10**6)
        self.pattern = el.get(LOEXT + "num-list-format")  # LibreOffice: "%1%.%2%、" spelled out


class _Styles:
    def __init__(self, roots):
        self.hidden: set[str] = set()
        self.lists: dict[str, dict[int, _Level]] = {}
        self.outline: dict[int, _Level] = {}
        self.paragraph_list: dict[str, str] = {}
        parents: dict[str, str] = {}
        for section in (sec for root in roots if root is not None
                        for sec in (root.find(OFFICE + "styles"), root.find(OFFICE + "automatic-styles"))
                        if sec is not None):
            for st in section.iter(STYLE + "style"):
                name = st.get(TEXT_STYLE) or ""
                props = st.find(STYLE + "text-properties")
                if props is not None and props.get(TEXT + "display") == "none":
                    self.hidden.add(name)
                if st.get(STYLE + "parent-style-name"):
                    parents[name] = st.get(STYLE + "parent-style-name")
                if st.get(STYLE + "list-style-name"):
                    self.paragraph_list[name] = st.get(STYLE + "list-style-name")
            for ls in section.iter(TEXT + "list-style"):
                self.lists[ls.get(TEXT_STYLE) or ""] = {_int(lv.get(TEXT + "level"), 1, 1, 10): _Level(lv)
                                                        for lv in ls if isinstance(lv.tag, str)}
            for os_ in section.iter(TEXT + "outline-style"):
                self.outline = {_int(lv.get(TEXT + "level"), 1, 1, 10): _Level(lv) for lv in os_
                                if isinstance(lv.tag, str)}
        for name in list(parents):  # a style whose parent is hidden is hidden
            chain, seen = name, 0
            while chain in parents and seen < MAX_STYLE_CHAIN:
                chain, seen = parents[chain], seen + 1
                if chain in self.hidden:
                    self.hidden.add(name)
                    break
        self.parents = parents

    def list_of_paragraph(self, style: str | None) -> str | None:
        seen = 0
        while style and seen < MAX_STYLE_CHAIN:
            if style in self.paragraph_list:
                return self.paragraph_list[style]
            style, seen = self.parents.get(style), seen + 1
        return None


def _int(value: str | None, default: int, lo: int, hi: int) -> int:
    m = re.match(r"\s*(\d{1,7})", value or "")
    return min(max(int(m.group(1)), lo), hi) if m else default


def _label(levels: dict[int, _Level], counters: dict[int, int], level: int) -> str:
    """The number printed before an item at ``level`` given the counters of its list."""
    lv = levels.get(level)
    if lv is None or lv.fmt is None:
        return ""

    def number(i: int) -> str:
        own = levels.get(i)
        return _format(counters.get(i, own.start if own else 1), own.fmt if own and own.fmt else "decimal")

    if lv.pattern and "%" in lv.pattern:
        return re.sub(r"%(\d{1,2})%", lambda m: number(int(m.group(1))), lv.pattern).strip()
    shown = range(max(1, level - lv.display + 1), level + 1)
    return (lv.prefix + ".".join(number(i) for i in shown) + lv.suffix).strip()


# ---------------------------------------------------------------------------------------------
# The body, walked in order


class _List:
    """Counters of one list (a text:list and those continuing it)."""

    def __init__(self, style: str | None):
        self.style = style
        self.counters: dict[int, int] = {}


class _Walker:
    def __init__(self, styles: _Styles):
        self.styles = styles
        self.repeat_budget = REPEAT_BUDGET
        self.lists_by_id: dict[str, _List] = {}
        self.last_list: _List | None = None
        self.outline: dict[int, int] = {}

    def blocks(self, parent, depth: int, flat: bool = False) -> list[str]:
        """Lines of the block content of ``parent`` (body, cell, frame, section) in order.

        ``flat``: inside a cell, where nested tables give one line per row, cells spaced."""
        out: list[str] = []
        if depth > MAX_DEPTH:
            text = _WS.sub(" ", "".join(parent.itertext())).strip()
            return [text] if text else []
        for child in parent:
            tag = child.tag
            if tag == P:
                self.paragraph(child, out, depth)
            elif tag == H:
                self.paragraph(child, out, depth, self.heading_label(child))
            elif tag == LIST:
                self.list(child, out, depth, flat, None, 1)
            elif tag == TBL:
                self.table(child, out, depth, flat)
            elif tag == NUMBERED_PARAGRAPH:
                label = "".join(child.find(NUMBER).itertext()).strip() if child.find(NUMBER) is not None else ""
                for p in child:
                    if p.tag in (P, H):
                        self.paragraph(p, out, depth, label)
            elif tag in _BLOCK_WRAPPERS or tag in _SHAPES:
                out += self.blocks(child, depth + 1, flat)
        return out

    # --- paragraphs ---------------------------------------------------------------------
    def paragraph(self, p, out: list[str], depth: int, label: str = "") -> None:
        if p.get(STYLE_NAME) in self.styles.hidden or any(
                (h.get(TEXT + "is-hidden") or "").lower() in _TRUE for h in p.iterchildren(HIDDEN_PARAGRAPH)):
            return
        parts: list[str] = []
        boxes: list[str] = []
        self.inline(p, parts, boxes, depth)
        out += boxes  # a frame (a title, a stamp) is read before the paragraph it is anchored in
        text = _printed(parts)
        if label and text.strip(_EDGE_WS):
            text = label + _suffix(label) + text.lstrip(_EDGE_WS)
        for seg in text.split(_BREAK):
            line = _TABS.sub("\t", seg.strip(_EDGE_WS))
            if line:
                out.append(line)

    def inline(self, el, parts: list[str], boxes: list[str], depth: int) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            tag = child.tag
            if tag == S:
                parts.append(_SPACE * _int(child.get(TEXT + "c"), 1, 1, MAX_SPACES))
            elif tag == TAB:
                parts.append(_TAB)
            elif tag == LINE_BREAK:
                parts.append(_BREAK)
            elif tag in _NOT_PRINTED:
                pass
            elif tag in _SHAPES:
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
    def list(self, el, out: list[str], depth: int, flat: bool, current: _List | None, level: int) -> None:
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
                    self.list(child, out, depth + 1, flat, current, level + 1)
                elif child.tag == TBL:
                    self.table(child, out, depth + 1, flat)
                elif child.tag in _BLOCK_WRAPPERS or child.tag in _SHAPES:
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
            counters[level] = _int(restart, 1, 0, 10**6)
        else:
            counters[level] = counters[level] + 1 if level in counters else (own.start if own else 1)
        for deeper in [i for i in counters if i > level]:
            del counters[deeper]
        if cached is not None and "".join(cached.itertext()).strip():
            return "".join(cached.itertext()).strip()
        return _label(levels, counters, level)

    def heading_label(self, h) -> str:
        """The outline number of a heading (text:h), from the document's outline style."""
        if (h.get(TEXT + "is-list-header") or "").lower() in _TRUE:
            return ""
        cached = h.find(NUMBER)
        level = _int(h.get(TEXT + "outline-level"), 1, 1, 10)
        own = self.styles.outline.get(level)
        if h.get(TEXT + "restart-numbering") in _TRUE and h.get(TEXT + "start-value"):
            self.outline[level] = _int(h.get(TEXT + "start-value"), 1, 0, 10**6)
        else:
            self.outline[level] = self.outline[level] + 1 if level in self.outline else (own.start if own else 1)
        for deeper in [i for i in self.outline if i > level]:
            del self.outline[deeper]
        if cached is not None and "".join(cached.itertext()).strip():
            return "".join(cached.itertext()).strip()
        return _label(self.styles.outline, self.outline, level)

    # --- tables -------------------------------------------------------------------------
    def table(self, tbl, out: list[str], depth: int, flat: bool) -> None:
        rows = [self.row(tr, depth) for tr in _rows(tbl, 0)]
        if flat:
            for cells, _ in rows:
                line = " ".join(text for text, real in cells if real and text)
                if line:
                    out.append(line)
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
        for cells, repeat in rows:
            line = [cells[i][0] for i in keep if i < len(cells)]
            if not any(line):  # rows left all blank (spacers, covered positions only) are dropped
                continue
            copies = min(repeat, MAX_ROW_REPEAT, self.repeat_budget + 1)
            self.repeat_budget -= copies - 1
            out += ["\t".join(line)] * max(copies, 1)

    def row(self, tr, depth: int) -> tuple[list[tuple[str, bool]], int]:
        """A row's positions as (text, is a real cell), repeated cells written out (at most
        MAX_COLS positions), and how many times the row is repeated."""
        cells: list[tuple[str, bool]] = []
        for cell in tr:
            if cell.tag not in (CELL, COVERED):
                continue
            n = min(_int(cell.get(TABLE + "number-columns-repeated"), 1, 1, MAX_COLS), MAX_COLS - len(cells))
            if n <= 0:
                break
            real = cell.tag == CELL
            text = self.cell_text(cell, depth) if real else ""
            cells += [(text, real)] * n
        return cells, _int(tr.get(TABLE + "number-rows-repeated"), 1, 1, 10**7)

    def cell_text(self, cell, depth: int) -> str:
        return join_cell_text(self.blocks(cell, depth + 1, flat=True))


def _printed(parts: list[str]) -> str:
    """A paragraph's text as printed: XML white space collapsed, text:s and text:tab kept."""
    return _WS.sub(" ", "".join(parts)).replace(_SPACE, " ").replace(_TAB, "\t")


def _rows(tbl, depth: int):
    """The rows of a table in order, inside header rows and row groups."""
    for child in tbl:
        if child.tag == ROW:
            yield child
        elif child.tag in _ROW_GROUPS and depth < MAX_DEPTH:
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
