"""What the DOCX and ODT readers share: both formats are ZIP packages of XML parts, and both
print tables and paragraphs the same way.

* **Bounded, safe reading**: a part is read up to a limit decompressed, whatever its header
  claims (a ZIP bomb costs nothing), an encrypted member is refused, and XML is parsed without
  DTDs, entities or network access; a failure becomes a ReadError naming the form ("corrupt
  DOCX", "corrupt ODT") and the part.
* **Printed text**: the marker of a manual line break inside a paragraph, the spaces around a
  tab, the white space trimmed from a line's ends, and how a table cell's paragraphs join
  into one string (a wrapped label reads as one label).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable

from lxml import etree

from gongkai.model import Line, Origin
from gongkai.normalize import normalise
from gongkai.readers.errors import ReadError

MAX_PART_BYTES = 50 * 2**20  # decompressed size of the main XML part (and any part) read at most
MAX_DEPTH = 16  # tables in cells in text boxes … deeper than this are read as plain text
MAX_COLS = 64  # Word allows 63 columns: a span wider than this (or than the table's grid) is an error

XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                             remove_pis=True, huge_tree=False)
# What zipfile (and zlib under it) raise for a damaged or unusual archive.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
              RuntimeError, KeyError, struct.error)

# A manual line break inside a paragraph (ends a Line outside tables; joins inside a cell).
BREAK = "\ufdd0"
TABS = re.compile(r"[ \u3000\xa0]*\t[\t \u3000\xa0]*")  # a tab and the spaces around it: one tab
EDGE_WS = " \t\r\n\f\v\u3000\xa0\u2002\u2003\u2009\u200b\ufeff"  # trimmed from a line's ends
_CELL_WS = re.compile("[\\s\u3000\xa0\u2002\u2003\u2009\u200b\ufeff]+")


def open_zip(data: bytes, source: str, form: str) -> zipfile.ZipFile:
    """The ZIP archive, or a ReadError saying the ``form`` ("DOCX", "ODT") is corrupt."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        zf.infolist()
    except ZIP_ERRORS as e:
        raise ReadError(source, f"文件已损坏 / corrupt {form}: not a readable ZIP archive ({reason_of(e)})") from None
    return zf


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, source: str, limit: int, form: str) -> bytes:
    """A member's bytes, read at most ``limit`` decompressed (whatever its header claims)."""
    if info.flag_bits & 0x1:
        raise ReadError(source, "文件已加密 / password-protected ZIP: its files are encrypted")
    if info.file_size > limit:
        raise ReadError(source, _bomb(name, limit))
    try:
        with zf.open(info) as f:
            data = f.read(limit + 1)
    except ZIP_ERRORS as e:
        raise ReadError(source, f"文件已损坏 / corrupt {form}: cannot unpack {name} ({reason_of(e)})") from None
    if len(data) > limit:  # the size in the header lied
        raise ReadError(source, _bomb(name, limit))
    return data


def parse_xml(data: bytes, what: str, source: str) -> etree._Element:
    """The XML of ``what`` ("corrupt ODT: content.xml", …: how a failure is reported)."""
    try:
        return etree.fromstring(data, XML_PARSER)
    except (etree.XMLSyntaxError, ValueError) as e:
        raise ReadError(source, f"文件已损坏 / {what} is not well-formed XML ({reason_of(e)})") from None


def reason_of(e: BaseException) -> str:
    """An exception in a few words for an error message: its text (at most 200 characters),
    or its type's name."""
    text = str(e).strip() or type(e).__name__
    return text if len(text) <= 200 else text[:200] + "…"


def _bomb(name: str, limit: int) -> str:
    return f"文件过大 / {name} unpacks to more than {limit // 2**20} MiB: too large for a report (a ZIP bomb?)"


def join_cell_text(pieces: Iterable[str]) -> str:
    """A table cell's paragraphs (and manual line breaks) joined as one string: a label
    wrapped in its cell reads as one label (with one space between two ASCII characters, so
    ``12``/``34`` does not read 1234)."""
    text = ""
    for piece in pieces:
        for seg in piece.split(BREAK):
            seg = _CELL_WS.sub(" ", seg).strip()
            if not seg:
                continue
            if text and text[-1].isascii() and seg[0].isascii():
                text += " "
            text += seg
    return text


# A printed line and where the document holds it (None where the walker cannot say: the
# text of a cell, a line of an embedded document).
Printed = tuple[str, Origin | None]


def number_lines(printed: list[Printed]) -> tuple[Line, ...]:
    """Printed lines as the Document's Lines, numbered from 1, each with its origin."""
    return tuple(Line(i, normalise(r), r, None, (), (), o) for i, (r, o) in enumerate(printed, start=1))


class Counter:
    """Numbers tables and paragraphs as a person counts them while a walker reads a body in
    order: tables read as grids (not those only laying out the page), and the non-empty
    paragraphs outside tables; nothing while inside a cell (its text joins into one cell)."""

    __slots__ = ("in_cell", "paragraphs", "tables")

    def __init__(self) -> None:
        self.tables = self.paragraphs = self.in_cell = 0

    def table(self) -> int:
        self.tables += 1
        return self.tables

    def paragraph(self) -> Origin | None:
        """The origin of the next paragraph, or None inside a cell."""
        if self.in_cell:
            return None
        self.paragraphs += 1
        return Origin("paragraph", paragraph=self.paragraphs)
