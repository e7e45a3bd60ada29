"""The errors readers raise: they name the file and the problem in plain words.

``ReadError`` is defined with the library's other errors in ``gongkai.errors``; readers import
it from here. ``NeedsOCR`` is the readers' own: a signal between the PDF reader and the
dispatcher.
"""

from __future__ import annotations

from gongkai.errors import ReadError


class NeedsOCR(ReadError):
    """A PDF whose text layer cannot be read (none: a scan; or glyphs without Unicode): its
    pages are to be read by OCR instead, and ``reason`` says why, opening the reason of any
    error the OCR reader then raises.

    The PDF reader raises it and the dispatcher (``readers/__init__.py``) acts on it, so the
    text-layer reader need not know the OCR reader. Where nothing acts on it, it is the
    ReadError it derives from: the file cannot be read from its text layer, for this reason.
    """


class ScanPages(NeedsOCR):
    """A scanned PDF of ``pages`` pages, not read: raised instead of reading it when the
    caller asked for scans to be split (``read(…, split_scans=True)``), so that it can read
    the pages apart (``ocr.scan_page``) and put them together (``ocr.scan_document``)."""

    def __init__(self, source: str, reason: str, pages: int):
        super().__init__(source, reason)
        self.pages = pages

    def __reduce__(self) -> tuple[type[ScanPages], tuple[str, str, int]]:
        return (ScanPages, (self.source, self.reason, self.pages))


__all__ = ["NeedsOCR", "ReadError", "ScanPages"]
