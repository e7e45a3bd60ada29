#!/usr/bin/env python3
"""PDF reader throughput on one core, in pages per second of CPU time (target: >= 20 pages/s).

Usage: python bench/pdf_bench.py [--repeat R] [--shared DIR]

Cases: the real corpus PDF (../shared/corpus/hongze-2024.pdf, a WPS export that positions
every glyph on its own) and the reports tests/test_reader_pdf.py renders with reportlab
(needs the test extra and fonts-wqy-microhei). For each, best of R runs:
- read: `read_pdf` alone (pdfium parse, rules, tables, lines);
- extract: `gongkai.extract` on the file (read + extract);
- pdfium floor: pypdfium2 listing the same characters with their boxes and the path
  objects, with nothing done with them: what the C engine costs before the reader's Python.
Times are CPU time of this process (time.process_time), pinned to one core, so that other
work on the machine does not count.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import gongkai
from gongkai.readers.pdf import read_pdf

ROOT = Path(__file__).resolve().parents[1]


def rendered() -> dict[str, bytes]:
    sys.path.insert(0, str(ROOT / "tests"))
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    import test_reader_pdf as t  # the renderer of the tests: one definition of the layouts

    if t.FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(t.FONT, t.FONT_FILE, subfontIndex=0))
    return {f"rendered-{name}": t._case(name)[1] for name in t.CASES}


def best(fn, repeat: int) -> float:
    out = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        out = min(out, time.process_time() - start)
    return out


def pdfium_only(data: bytes) -> None:
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    doc = pdfium.PdfDocument(data)
    for i in range(len(doc)):
        page = doc[i]
        text = page.get_textpage()
        for k in range(text.count_chars()):
            raw.FPDFText_GetUnicode(text, k)
            text.get_charbox(k, loose=True)
        for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,)):
            obj.get_bounds()
    doc.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    cases = {"hongze-2024": (a.shared / "corpus" / "hongze-2024.pdf").read_bytes(), **rendered()}
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, one core")
    print(f"{'case':<30} {'pages':>5} {'read':>10} {'extract':>10} {'pdfium floor':>13}   (pages/s)")
    total_pages = total_read = total_extract = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in cases.items():
            doc = read_pdf(data, name)  # warm: imports, CMaps, specs
            pages = max(line.page for line in doc.lines)
            path = Path(tmp) / f"{name}.pdf"
            path.write_bytes(data)
            gongkai.extract(path)
            t_read = best(partial(read_pdf, data, name), a.repeat)
            t_ext = best(partial(gongkai.extract, path), a.repeat)
            t_pdfium = best(partial(pdfium_only, data), a.repeat)
            total_pages += pages
            total_read += t_read
            total_extract += t_ext
            print(f"{name:<30} {pages:>5} {pages / t_read:>10.1f} {pages / t_ext:>10.1f} {pages / t_pdfium:>13.1f}")
    print(f"overall: read {total_pages / total_read:.1f} pages/s per core, extract {total_pages / total_extract:.1f} "
          f"pages/s per core (target >= 20)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
