"""An OpenDocument file as a package: whether a ZIP is one, what kind of document it holds,
and its members read bounded.

An ODF package names its kind in its first member, ``mimetype`` (stored uncompressed, so
that even a truncated file says what it is); a flat XML file (.fodt) names it on its root.
Only text documents are read; a spreadsheet, a presentation or an OpenOffice.org 1.x file
is refused in words.
"""

from __future__ import annotations

import io
import re
import zipfile

from gongkai.readers.errors import ReadError
from gongkai.readers.office import ZIP_ERRORS, read_member

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
_PRINTABLE = re.compile(rb"[\x21-\x7e]*")  # a mimetype's characters
_STAR_OFFICE = "an OpenOffice.org 1.x document (.sxw/.sxc/…)"
_SAVE_AS = "save the report as ODT, DOCX or PDF"


def is_odf(data: bytes, source: str) -> bool:
    """Whether a ZIP container is an OpenDocument file: it says so in its first member
    (``mimetype``, stored uncompressed where ODF puts it, so that even a truncated file says
    what it is) or in a ``mimetype`` member elsewhere, or it holds content.xml and no Word
    document. A ZIP that cannot be opened is one when its name ends in .odt/.ott (its error
    then says "corrupt ODT"), else it is left to the DOCX reader."""
    if data[26:28] == b"\x08\x00" and data[30:38] == b"mimetype" and data[8:10] == b"\x00\x00":
        start = 38 + int.from_bytes(data[28:30], "little")
        size = int.from_bytes(data[18:22], "little") or 80  # 0: the size follows the data
        kind = _PRINTABLE.match(data[start:start + min(size, 200)])
        if kind is not None and kind.group(0).startswith(_ODF_PREFIXES):  # (a run of none matches too)
            return True
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = {i.filename.lstrip("/").lower(): i for i in zf.infolist()}
        info = infos.get("mimetype")
        if (info is not None and info.file_size <= 200 and not info.flag_bits & 0x1
                and zf.read(info).strip().startswith(_ODF_PREFIXES)):
            return True
    except ZIP_ERRORS:
        return source.lower().endswith((".odt", ".ott"))
    return "content.xml" in infos and "word/document.xml" not in infos and "[content_types].xml" not in infos


def member(zf: zipfile.ZipFile, name: str, source: str, limit: int) -> bytes | None:
    """A member's bytes (None if there is none), read at most ``limit`` decompressed."""
    info = next((i for i in zf.infolist() if i.filename.lstrip("/").lower() == name.lower()), None)
    if info is None:
        return None
    return read_member(zf, info, name, source, limit, "ODT")


def refuse_other(kind: str, source: str, flat: bool = False) -> None:
    """ReadError naming an OpenDocument file that is not a text document."""
    if not kind or kind in _READABLE:
        return
    if kind.startswith("application/vnd.sun.xml"):
        raise ReadError(source, f"不支持的文件格式 / {_STAR_OFFICE}: no reader for this old form ({_SAVE_AS})")
    sub = kind.removeprefix("application/vnd.oasis.opendocument.").removesuffix("-template")
    name = _OTHER_ODF.get(sub, f"an OpenDocument file ({kind})")
    if flat:
        name = name.replace("an OpenDocument", "a flat OpenDocument")
    raise ReadError(source, f"不是文字文档 / {name}, not a text document: no reader for this form ({_SAVE_AS})")
