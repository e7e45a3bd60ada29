"""The OpenDocument vocabulary, as the ODT modules read it: namespaces, element and attribute
names (in lxml's ``{namespace}name`` form), the kinds of element the walker treats alike, and
how a numeric attribute is read.

Shared by the body walker (``odt.py``) and the styles (``odt_styles.py``), so that each
spells an element one way.
"""

from __future__ import annotations

import re

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
BLOCK_WRAPPERS = frozenset([TEXT + n for n in (
    "section", "index-body", "index-title", "table-of-content", "illustration-index", "table-index",
    "object-index", "user-index", "alphabetical-index", "bibliography", "change-start")]
    + [DRAW + "text-box", DRAW + "a", OFFICE + "text"])
# Shapes and frames: their text (text boxes, text in a shape) is read as blocks of its own.
SHAPES = frozenset(DRAW + n for n in (
    "frame", "g", "custom-shape", "rect", "ellipse", "circle", "polygon", "polyline", "path", "line",
    "regular-polygon", "connector", "caption", "measure", "control", "page-thumbnail"))
# Rows of a table, possibly inside row groups.
ROW_GROUPS = frozenset(TABLE + n for n in ("table-header-rows", "table-rows", "table-row-group"))
# Inline elements that are never printed, or print something other than their text.
NOT_PRINTED = frozenset([TEXT + n for n in (
    "note", "bookmark", "bookmark-start", "bookmark-end", "reference-mark", "reference-mark-start",
    "reference-mark-end", "toc-mark", "toc-mark-start", "toc-mark-end", "user-index-mark",
    "user-index-mark-start", "user-index-mark-end", "alphabetical-index-mark", "alphabetical-index-mark-start",
    "alphabetical-index-mark-end", "change", "change-start", "change-end", "soft-page-break", "number",
    "sequence-decls", "variable-decls", "user-field-decls", "tracked-changes")]
    + [OFFICE + n for n in ("annotation", "annotation-end", "forms", "event-listeners")]
    + [SVG + n for n in ("title", "desc")])


def int_attr(value: str | None, default: int, lo: int, hi: int) -> int:
    """The number at the start of an attribute's value (at most seven digits) within
    [lo, hi], or ``default`` when the value is missing or holds none."""
    m = re.match(r"\s*(\d{1,7})", value or "")
    return min(max(int(m.group(1)), lo), hi) if m else default
