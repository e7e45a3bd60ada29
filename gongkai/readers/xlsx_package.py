"""An Excel workbook (XLSX, Office Open XML SpreadsheetML) as a package: whether a ZIP is
one, its sheets in tab order (name, hidden or not, part), the shared strings, each cell
style's kind of number format (date, time, percent) and the date system.

Some bodies publish the statutory tables as a workbook, and officials fill a workbook
template; the reader (``xlsx.py``) reads one through this. Parts are read bounded
(``office.read_member``: a ZIP bomb costs nothing) and parsed without DTDs or entities;
Strict Open XML namespaces are mapped to the usual ones, so the reader knows one vocabulary.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Any, NamedTuple

from lxml import etree

from gongkai.readers.errors import ReadError
from gongkai.readers.office import MAX_PART_BYTES, ZIP_ERRORS, open_zip, parse_xml, read_member, reason_of

SML_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
S = f"{{{SML_NS}}}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_STRICT = ((b"http://purl.oclc.org/ooxml/spreadsheetml/main", SML_NS.encode()),
           (b"http://purl.oclc.org/ooxml/officeDocument/relationships", R_NS.encode()))

MAX_STRINGS = 500_000  # shared strings: a report's workbook holds a few hundred
MAX_BUDGET = 2 * MAX_PART_BYTES  # decompressed bytes of all sheets and strings of one workbook

# Built-in number formats (ECMA-376 §18.8.30) that show a date or time; 27–36 and 50–58 are
# the East Asian ones (年/月/日 in a Chinese Excel).
_DATE_IDS = frozenset(range(14, 18)) | {22}
_TIME_IDS = frozenset({18, 19, 20, 21, 45, 46, 47})
_CJK_DATE_IDS = frozenset(range(27, 37)) | frozenset(range(50, 59))
_PERCENT_IDS = frozenset({9, 10})


class SheetRef(NamedTuple):
    """A worksheet as the workbook lists it: its tab name, whether it is hidden, its part."""

    name: str
    hidden: bool
    part: str | None  # None: a chart sheet or a sheet whose part is missing


def is_xlsx(data: bytes, source: str) -> bool:
    """Whether a ZIP container is a workbook (it holds ``xl/workbook.xml``, or an ``.xlsb``'s
    ``xl/workbook.bin``, and no Word document). A ZIP that cannot be opened is one when its
    name ends in .xlsx/.xlsm (its error then says "corrupt Excel workbook"), else it is left
    to the DOCX reader."""
    try:
        names = {i.filename.lstrip("/").lower() for i in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    except ZIP_ERRORS:
        return source.lower().endswith((".xlsx", ".xlsm", ".xltx"))
    return bool({"xl/workbook.xml", "xl/workbook.bin"} & names) and "word/document.xml" not in names


class Workbook:
    """A workbook package: its sheets, shared strings, styles and date system."""

    def __init__(self, data: bytes, source: str):
        self.source = source
        self.zip = open_zip(data, source, "Excel workbook (XLSX)")
        self.index = {i.filename.lstrip("/").lower(): i for i in self.zip.infolist() if not i.is_dir()}
        self.budget = MAX_BUDGET
        if any(i.flag_bits & 0x1 for i in self.index.values()):
            raise ReadError(source, "文件已加密 / password-protected ZIP: its files are encrypted")
        if "xl/workbook.bin" in self.index and "xl/workbook.xml" not in self.index:
            raise ReadError(source, "不支持的文件格式 / an Excel binary workbook (XLSB): no reader for this form "
                                    "(save it as XLSX)")
        self.part = self._main_part()
        root = self.xml(self.part, 16 * 2**20)
        if root is None or root.find(S + "sheets") is None:
            raise ReadError(source, f"文件已损坏 / corrupt Excel workbook (XLSX): {self.part} lists no worksheets")
        self.root = root
        pr = root.find(S + "workbookPr")
        self.date1904 = pr is not None and (pr.get("date1904") or "").lower() in ("1", "true")

    def read(self, name: str, limit: int = MAX_PART_BYTES) -> bytes | None:
        """A part's bytes (None if there is no such part), at most ``limit`` decompressed;
        the bytes of the sheets and strings count against the workbook's budget."""
        info = self.index.get(name.lstrip("/").lower())
        if info is None:
            return None
        if info.file_size > self.budget:
            raise ReadError(self.source, f"文件过大 / the workbook's parts unpack to more than {MAX_BUDGET // 2**20} MiB: "
                                         "too large for a report (a ZIP bomb?)")
        data = read_member(self.zip, info, name, self.source, min(limit, self.budget), "Excel workbook (XLSX)")
        self.budget -= len(data)
        return data

    def xml_bytes(self, name: str, limit: int = MAX_PART_BYTES) -> bytes | None:
        """A part's bytes with Strict Open XML names mapped to the usual ones."""
        data = self.read(name, limit)
        if data is not None:
            for strict, usual in _STRICT:
                if strict in data:
                    data = data.replace(strict, usual)
        return data

    def xml(self, name: str, limit: int = MAX_PART_BYTES) -> Any:
        data = self.xml_bytes(name, limit)
        return None if data is None else parse_xml(data, f"corrupt Excel workbook (XLSX): {name}", self.source)

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationships of ``part``: id → (type, target part name); external ones left out."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"), 16 * 2**20)
        out: dict[str, tuple[str, str]] = {}
        for rel in root.iter(PKG_REL) if root is not None else ():
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External" or not target:
                continue
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id") or ""] = (rel.get("Type") or "", name)
        return out

    def _main_part(self) -> str:
        try:
            rels = self.rels("")
        except ReadError:  # a broken _rels/.rels: the usual name still finds the workbook
            rels = {}
        for rel_type, name in rels.values():
            if rel_type.endswith("/officeDocument") and name.lower() in self.index:
                return name
        return "xl/workbook.xml"

    def sheets(self) -> list[SheetRef]:
        """The sheets in tab order (as Excel numbers them), hidden ones included."""
        rels = self.rels(self.part)
        out: list[SheetRef] = []
        for el in self.root.find(S + "sheets").iter(S + "sheet"):
            rel = rels.get(el.get(f"{{{R_NS}}}id") or "")
            part = rel[1] if rel and rel[0].endswith("/worksheet") and rel[1].lower() in self.index else None
            out.append(SheetRef(el.get("name") or f"Sheet{len(out) + 1}",
                                (el.get("state") or "visible") != "visible", part))
        return out

    def shared_strings(self) -> list[str]:
        """The shared string table, each item's printed text (phonetic guides left out)."""
        rel = next((name for t, name in self.rels(self.part).values() if t.endswith("/sharedStrings")),
                   "xl/sharedStrings.xml")
        data = self.xml_bytes(rel)
        if data is None:
            return []
        out: list[str] = []
        try:
            for _, si in etree.iterparse(io.BytesIO(data), tag=S + "si", resolve_entities=False, no_network=True,
                                         load_dtd=False, huge_tree=False):
                out.append(rich_text(si))
                si.clear()
                if len(out) > MAX_STRINGS:
                    raise ReadError(self.source, f"文件过大 / more than {MAX_STRINGS} shared strings: too large "
                                                 "for a report")
        except etree.XMLSyntaxError as e:
            raise ReadError(self.source, f"文件已损坏 / corrupt Excel workbook (XLSX): {rel} is not well-formed XML "
                                         f"({reason_of(e)})") from None
        return out

    def styles(self) -> list[str | None]:
        """Per cell style (``s`` index): the kind of its number format: "date", "date-cjk",
        "time", "datetime", "percent", or None for any other."""
        rel = next((name for t, name in self.rels(self.part).values() if t.endswith("/styles")), "xl/styles.xml")
        try:
            root = self.xml(rel, 16 * 2**20)
        except ReadError:  # styles only tell dates and percentages apart: a broken part does not stop reading
            return []
        if root is None:
            return []
        codes = {}
        fmts = root.find(S + "numFmts")
        for fmt in fmts.iter(S + "numFmt") if fmts is not None else ():
            codes[_int(fmt.get("numFmtId"))] = fmt.get("formatCode") or ""
        xfs = root.find(S + "cellXfs")
        out: list[str | None] = []
        for xf in xfs.iter(S + "xf") if xfs is not None else ():
            fid = _int(xf.get("numFmtId"))
            out.append(format_kind(codes[fid]) if fid in codes else _builtin_kind(fid))
        return out


def rich_text(el: Any) -> str:
    """The printed text of a string item (``si``, ``is``): its text and its runs' text,
    without the phonetic guide (``rPh``) printed above East Asian text."""
    parts = []
    for child in el:
        if child.tag == S + "t":
            parts.append(child.text or "")
        elif child.tag == S + "r":
            parts += (t.text or "" for t in child.iter(S + "t"))
    return "".join(parts)


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return -1


def _builtin_kind(fid: int) -> str | None:
    if fid in _DATE_IDS:
        return "datetime" if fid == 22 else "date"
    if fid in _CJK_DATE_IDS:
        return "date-cjk"
    if fid in _TIME_IDS:
        return "time"
    return "percent" if fid in _PERCENT_IDS else None


def format_kind(code: str) -> str | None:
    """The kind of a custom number format code: quoted text, escapes, colours and
    conditions left out, its date and time letters and percent sign decide."""
    bare, quoted, i = [], False, 0
    while i < len(code):
        ch = code[i]
        if ch == '"':
            quoted = not quoted
        elif quoted:
            pass
        elif ch in "\\_*":
            i += 1  # the next character is printed or padded, not a code
        elif ch == "[":
            end = code.find("]", i)
            i = len(code) if end < 0 else end
        elif ch == ";":
            break  # the first section (positive numbers) decides
        else:
            bare.append(ch.lower())
        i += 1
    text = "".join(bare)
    has_date = any(c in text for c in "yd") or ("m" in text and "h" not in text and "s" not in text)
    has_time = any(c in text for c in "hs")
    if has_date:
        return "date-cjk" if "年" in code or "月" in code else ("datetime" if has_time else "date")
    if has_time:
        return "time"
    return "percent" if "%" in text else None
