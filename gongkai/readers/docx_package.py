"""A DOCX file as a package: its parts (found by name whatever their case, read bounded), their
relationships, which part is the document, and, for a ZIP that holds no Word document, what
it is instead.

A DOCX is an Open Packaging Conventions ZIP: the document part is named by the package's
relationships (usually ``word/document.xml``), and it names its numbering, styles and
embedded chunks by relationship ids. Strict Open XML files use other namespaces for the same
elements: they are mapped to the usual ones as a part is parsed, so the rest of the reader
knows one vocabulary (``docx_names.py``).
"""

from __future__ import annotations

import posixpath
from typing import Any

from gongkai.readers.docx_names import PKG_REL, R_NS, W_NS
from gongkai.readers.errors import ReadError
from gongkai.readers.office import MAX_PART_BYTES, open_zip, parse_xml, read_member

# Strict Open XML names the same elements in other namespaces: mapped to the usual ones.
_STRICT = ((b"http://purl.oclc.org/ooxml/wordprocessingml/main", W_NS.encode()),
           (b"http://purl.oclc.org/ooxml/officeDocument/relationships", R_NS.encode()))


class Package:
    """A DOCX package's parts and relationships."""

    def __init__(self, data: bytes, source: str):
        self.source = source
        self.zip = open_zip(data, source, "DOCX")
        self.index = {i.filename.lstrip("/").lower(): i for i in self.zip.infolist() if not i.is_dir()}

    def has(self, name: str) -> bool:
        return name.lower() in self.index

    def read(self, name: str, limit: int = MAX_PART_BYTES) -> bytes | None:
        """A part's bytes (None if there is no such part), at most ``limit`` decompressed."""
        info = self.index.get(name.lstrip("/").lower())
        if info is None:
            return None
        return read_member(self.zip, info, name, self.source, limit, "DOCX")

    def xml(self, name: str, limit: int = MAX_PART_BYTES) -> Any:
        """A part's XML root element (None if there is no such part), Strict names mapped."""
        data = self.read(name, limit)
        if data is None:
            return None
        for strict, usual in _STRICT:
            if strict in data:
                data = data.replace(strict, usual)
        return parse_xml(data, f"corrupt DOCX: {name}", self.source)

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

