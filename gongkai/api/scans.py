"""A scanned PDF read page by page on the dask engine: each page a task, then one task that
makes the Document of the pages and extracts and checks it as the local audit does.

The readers say what needs OCR only once the text layer has been tried: the source's first
task reads it with ``split_scans`` and, for a scan of several pages, gets ``ScanPages``
instead of a Document; ``split`` turns that into a ``distributed.Fanout``: one part per page
(``read_page``: the file read again where the part runs, its page rendered and read by OCR,
one page image in memory), and a join (``join_pages``) that hands the pages, in order, to
``readers.ocr.scan_document`` — the code the local reader runs page after page — and the
Document to the audit's own ``audited``. Paths (or URLs) travel, never file bytes or page
images: a page's result is its laid-out text and boxes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from gongkai.api.sources import load
from gongkai.errors import GongkaiError, InternalError, ReadError
from gongkai.model import Document
from gongkai.readers import ScanPages
from gongkai.readers.ocr import OcrPage, scan_document, scan_page

if TYPE_CHECKING:
    from gongkai.distributed import Fanout

F = TypeVar("F", bound=tuple[str, str, str, int])  # a walked file: the source as walked first
R = TypeVar("R")


def split(file: F, scan: ScanPages, audited: Callable[[F, Callable[[], Document]], R]) -> Fanout[R]:
    """The tasks that read a scan of several pages: one per page, then the join, whose
    result is ``audited(file, the Document)``."""
    from gongkai.distributed import Fanout

    source = file[0]
    pages = range(1, scan.pages + 1)
    return Fanout([partial(read_page, source, n, scan.reason) for n in pages],
                  partial(join_pages, file, scan.reason, audited),
                  [f"扫描件第 {n} 页" for n in pages])


def read_page(source: str, page_no: int, why: str) -> OcrPage | str:
    """Page ``page_no`` of the scan at ``source`` read by OCR (a part's task), or the reason
    the file could not be read at all (it went away, memory ran out): the join raises it
    where the local reader would."""
    try:
        return scan_page(load(source), source, page_no, why)
    except GongkaiError as e:
        return e.reason if isinstance(e, ReadError | InternalError) else str(e)
    except Exception as e:  # noqa: BLE001 - a bug on one page fails its source, never the run
        return InternalError(source, e).reason


def join_pages(file: F, why: str, audited: Callable[[F, Callable[[], Document]], R], *pages: OcrPage | str) -> R:
    """The source's outcome from its pages (the join's task): the Document made as
    ``ocr_pages`` makes it, then extracted and checked by ``audited``."""
    source = file[0]

    def document() -> Document:
        ahead = [p if isinstance(p, OcrPage) else ReadError(source, p) for p in pages]
        try:
            return scan_document(source, why, ahead, partial(load, source))
        except GongkaiError:
            raise
        except Exception as e:
            raise InternalError(source, e) from e

    return audited(file, document)
