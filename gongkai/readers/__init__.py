"""Readers turn a source file into a `Document`; the form is found by sniffing content.

To add a reader: write a function ``(data: bytes, source: str) -> Document`` in a module
here and register it in ``READERS`` under the form name that ``sniff`` returns.

The modules, and who may import whom (imports run one way; nothing imports this module):

* readers, imported by this dispatcher: ``text``, ``html`` (imports ``text``'s decoding and
  ``html_source``, which the dispatcher also asks how much table markup a file holds),
  ``pdf``, ``ocr``, ``docx`` (imports ``html`` lazily, for HTML embedded in a DOCX),
  ``legacy`` (imports ``docx`` and ``xlsx``: it reads the DOCX or XLSX it converts to), ``odt``,
  ``xlsx``;
* each reader's own parts, imported by their reader and by each other, never by another
  family (the dispatcher asks ``odt_package.is_odf`` and ``xlsx_package.is_xlsx`` whether a ZIP
  is ODT, XLSX or DOCX):
  ``ocr_image``, ``ocr_layout`` (ocr); ``docx_names``, ``docx_package``, ``docx_numbering``,
  ``docx_tables`` (docx); ``odt_names``, ``odt_package``, ``odt_styles`` (odt); ``xlsx_package``,
  ``xlsx_sheet``, ``xlsx_formula`` (xlsx);
* what two readers share, importing no reader: ``layout`` (pdf, ocr: pages of items into
  Lines), ``pdfium`` (pdf reads pages through it; ``ocr_image`` renders them under its
  lock), ``office`` (docx, odt: bounded ZIP and XML reading, cell text), ``numbering``
  (docx, odt: list numbers; imports ``office``), and ``errors`` (everyone).

The PDF reader does not know the OCR reader: it raises ``NeedsOCR`` for a scan or a garbage
text layer, and the dispatcher hands the file to OCR (``_read_pdf``).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable

from gongkai.model import Document
from gongkai.readers.docx import read_docx
from gongkai.readers.errors import NeedsOCR, ReadError, ScanPages
from gongkai.readers.html import read_html
from gongkai.readers.html_source import table_tags
from gongkai.readers.legacy import read_legacy
from gongkai.readers.ocr import ocr_pages, read_image, scan_pages
from gongkai.readers.odt import read_fodt, read_odt
from gongkai.readers.odt_package import is_odf
from gongkai.readers.pdf import read_pdf
from gongkai.readers.text import read_text
from gongkai.readers.xlsx import read_xlsx
from gongkai.readers.xlsx_package import is_xlsx

# Reports are a few hundred kilobytes; anything far larger is not one, and reading it
# whole would cost memory for nothing.
MAX_BYTES = 16 * 1024 * 1024


def _read_zip(data: bytes, source: str) -> Document:
    """DOCX, ODT and XLSX are all ZIP containers: the members say which."""
    if is_odf(data, source):
        return read_odt(data, source)
    return read_xlsx(data, source) if is_xlsx(data, source) else read_docx(data, source)


def _read_pdf(data: bytes, source: str, split_scans: bool = False) -> Document:
    """A PDF from its text layer; one whose text layer is missing or garbage (the PDF reader
    says which) by OCR of its pages, or, with ``split_scans``, ScanPages saying how many
    pages there are to read (a one-page scan is read here: there is nothing to split)."""
    try:
        return read_pdf(data, source)
    except NeedsOCR as e:
        why = e.reason
    if split_scans and (pages := scan_pages(data, source, why)) > 1:
        raise ScanPages(source, why, pages)
    return ocr_pages(data, source, why)  # outside the handler: its errors are not chained to NeedsOCR


READERS: dict[str, Callable[[bytes, str], Document]] = {
    "text": lambda data, source: read_text(data, source, "text"),
    "markdown": lambda data, source: read_text(data, source, "markdown"),
    "pdf": _read_pdf,
    "html": read_html,
    "png": read_image,
    "jpeg": read_image,
    "tiff": read_image,
    "gif": read_image,
    "zip": _read_zip,
    "fodt": read_fodt,
    "ole": read_legacy,
}

_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"{\\rtf", "rtf"),
)

# A flat OpenDocument file: XML whose root (after the declaration and comments) is office:document.
_FLAT_ODF = re.compile(rb"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<office:document[\s>]", re.DOTALL)

# Names web pages are saved under, and the tags that make a file so named a page.
_PAGE_NAMES = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp")
_BLOCK_TAG = re.compile(rb"<(?:p|div|br|span|h[1-6]|ul|li)[\s>/]", re.IGNORECASE)
# Table element tags that make any other file HTML (a report's tables print hundreds).
_TABLE_TAGS = 8

_FORM_NAMES = {
    "pdf": "a PDF document",
    "zip": "a ZIP container (DOCX/WPS/ODT/XLSX)",
    "ole": "a legacy Office document (.doc/.wps/.xls)",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "gif": "a GIF image",
    "tiff": "a TIFF image",
    "rtf": "an RTF document",
    "html": "an HTML page",
    "fodt": "a flat OpenDocument file (.fodt)",
}


def sniff(data: bytes, name: str = "") -> str:
    """The form of a source from its content, weighed with its file name: magic bytes and a
    page's start decide alone; markup further in counts for more in a file named as a page."""
    head = data[:8]
    for magic, form in _MAGIC:
        if head.startswith(magic):
            return form
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: look at the characters, not the bytes
        data = data.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
        head = data[:4096]
    if b"<" in head:  # (each form below starts with a tag; most text has none)
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if _FLAT_ODF.match(start):
            return "fodt"
        if start.startswith((b"<!doctype html", b"<html", b"<?xml")) or any(
                tag in start for tag in (b"<html", b"<body", b"<meta ")):
            return "html"
    # Markup after a title line or breadcrumb, in a Markdown file, or held in a JSON or
    # script string: its table elements decide, weighed with the name (a web page's name
    # lets one of them, or any block tag, count; anything else needs a table's worth, so
    # that text or Markdown mentioning a tag or a "<" stays what it is).
    lower = name.lower()
    if lower.endswith(_PAGE_NAMES):
        if table_tags(data, 1) or _BLOCK_TAG.search(data[:65536]):
            return "html"
    elif table_tags(data, _TABLE_TAGS) >= _TABLE_TAGS:
        return "html"
    return "markdown" if lower.endswith((".md", ".markdown")) else "text"


def read_bytes(data: bytes, source: str, *, split_scans: bool = False) -> Document:
    """Read a source already in memory; with ``split_scans``, a scanned PDF of several pages
    raises ScanPages instead of being read by OCR here (the distributed audit reads its pages
    as tasks of their own)."""
    if not data:
        raise ReadError(source, "文件为空 / empty file")
    form = sniff(data, source)
    if split_scans and form == "pdf":
        return _read_pdf(data, source, split_scans=True)
    reader = READERS.get(form)
    if reader is None:
        raise ReadError(source, f"{_FORM_NAMES.get(form, form)}：暂不支持读取此类文件 / no reader for this form is installed yet")
    return reader(data, source)


def read(path: str | os.PathLike[str], *, split_scans: bool = False) -> Document:
    """Read the file at ``path`` into a Document, or raise ReadError saying why not
    (``split_scans``: as ``read_bytes``)."""
    return read_bytes(load(path), os.fspath(path), split_scans=split_scans)


def load(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the file at ``path`` (at most ``MAX_BYTES``), or ReadError saying why
    they cannot be read: a directory, a pipe or device, a file too large."""
    source = os.fspath(path)
    try:
        st = os.stat(source)
        if stat.S_ISDIR(st.st_mode):
            raise ReadError(source, "是目录，不是文件 / is a directory")
        if not stat.S_ISREG(st.st_mode):
            # A FIFO would block until a writer comes; /dev/zero never ends.
            raise ReadError(source, "不是普通文件 / not a regular file (a pipe, socket or device)")
        if st.st_size > MAX_BYTES:
            raise ReadError(source, _too_large(st.st_size))
        with open(source, "rb") as f:
            data = f.read(MAX_BYTES + 1)  # the file may have grown since stat
    except OSError as e:
        raise ReadError(source, os_reason(e)) from None
    except ValueError:  # a NUL character in the path
        raise ReadError(source, "路径无效 / invalid path") from None
    if len(data) > MAX_BYTES:
        raise ReadError(source, _too_large(len(data)))
    return data


def os_reason(e: OSError) -> str:
    """Why a file could not be read, as readers say it, from the OSError opening or reading
    it raised (a path's, or a URL's through its file system)."""
    if isinstance(e, FileNotFoundError):
        return "找不到文件 / no such file"
    if isinstance(e, PermissionError):
        return "没有读取权限 / permission denied"
    if isinstance(e, IsADirectoryError):
        return "是目录，不是文件 / is a directory"
    return f"无法读取 / cannot read: {e.strerror or e}"


def _too_large(size: int) -> str:
    return f"文件过大 / too large for a report: {size / 2**20:.1f} MiB (limit {MAX_BYTES / 2**20:.0f} MiB)"


__all__ = ["MAX_BYTES", "READERS", "ReadError", "ScanPages", "load", "os_reason", "read", "read_bytes", "sniff"]
