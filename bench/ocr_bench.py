#!/usr/bin/env python3
"""OCR reader accuracy and throughput: cells read correctly at 150 and 300 dpi, pages/s per core.

Usage: python bench/ocr_bench.py [--reports N] [--dpi 150,300] [--forms pdf,png] [--skew 0,2] [--threads T]

Cases: N reports (default 4) rendered as tests/test_reader_pdf.py renders them (the official
2021 layouts, three or four A4 pages each: table 三 broken over pages, running headers, page
numbers), rasterised with pypdfium2 at each dpi, then read back through
``gongkai.extract_document(gongkai.readers.read_bytes(...))``
- as a scan: the page images in a PDF without a text layer (``pdf``);
- as a screenshot: the pages stacked into one long PNG (``png``, read in tiles);
each upright and, for every angle of ``--skew`` (degrees, counter-clockwise), with every page
turned by it as a crooked scan is (white fill; the reader straightens it).

Prints, per dpi, form and skew, the cells equal to those rendered (of all cells of the reports)
and pages per second. ``--threads 1`` (the default) pins onnxruntime to one thread, so the
figure is per core; pin the process too (``taskset -c 0``) on a shared machine. Needs the
ocr and test extras and fonts-wqy-microhei.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The tests' renderer and report generator (tests/test_reader_pdf.py, tests/generators/) are
# not part of the package: put the repository's tests/ folder on the path to import them.
sys.path.insert(0, str(ROOT / "tests"))


def reports(n: int) -> list[tuple[str, dict, dict, bytes]]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    import test_reader_pdf as t  # the renderer of the tests: one definition of the layouts
    from generators.synth import random_cells

    if t.FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(t.FONT, t.FONT_FILE, subfontIndex=0))
    out = []
    names = [name for name in t.CASES if t.CASES[name][4] == 0]  # upright pages
    for i in range(n):
        name = names[i % len(names)]
        seed, collapsed, breaks, repeat, _ = t.CASES[name]
        seed += 100 * (i // len(names))
        rng = random.Random(seed)
        cells = random_cells(t.SPEC, rng, scale=200000, collapsed=collapsed)
        cells["t2.fees.amount"] = round(rng.uniform(1, 20000), 2)
        agency = rng.choice(["罗山县子路镇人民政府", "某某市自然资源和规划局", "上海市科学技术委员会"])
        year = rng.randint(2021, 2025)
        pdf = t.render_report(cells, agency=agency, year=year, collapsed=collapsed, breaks=breaks,
                              repeat_header=repeat)
        keys = set(t.SPEC.keys(frozenset({"other"}) if collapsed else frozenset()))
        out.append((f"{name}-{seed}", {k: v for k, v in cells.items() if k in keys},
                    {"agency": agency, "year": year}, pdf))
    return out


def rasterise(pdf: bytes, dpi: int):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()


def as_scan(pages, dpi: int) -> bytes:
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return buf.getvalue()


def as_screenshot(pages) -> bytes:
    from PIL import Image

    long = Image.new("L", (max(p.width for p in pages), sum(p.height for p in pages)), 255)
    y = 0
    for p in pages:
        long.paste(p, (0, y))
        y += p.height
    buf = io.BytesIO()
    long.save(buf, "PNG")
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=4)
    ap.add_argument("--dpi", default="150,300")
    ap.add_argument("--forms", default="pdf,png")
    ap.add_argument("--skew", default="0,2", help="angles (degrees) the pages are turned by, 0 upright")
    ap.add_argument("--threads", type=int, default=1, help="onnxruntime threads (0: all cores)")
    args = ap.parse_args()

    from gongkai.readers import ocr

    ocr.THREADS = args.threads
    ocr.engine.cache_clear()
    ocr.engine()  # load the models before timing
    cases = reports(args.reports)
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, onnxruntime threads: "
          f"{args.threads or 'all'}; {len(cases)} reports")
    for dpi in [int(d) for d in args.dpi.split(",")]:
        for angle in [float(a) for a in args.skew.split(",")]:
            for form in args.forms.split(","):
                run(cases, dpi, angle, form, args.threads)


def run(cases, dpi: int, angle: float, form: str, threads: int) -> None:
    """Read every case at ``dpi`` with its pages turned by ``angle`` as ``form``; print the figures."""
    from PIL import Image

    from gongkai.extract import extract_document
    from gongkai.readers import read_bytes

    right = total = pages = 0
    seconds = 0.0
    misses = []
    for name, cells, meta, pdf in cases:
        images = rasterise(pdf, dpi)
        if angle:
            images = [p.rotate(angle, resample=Image.BICUBIC, fillcolor=255) for p in images]
        data = as_scan(images, dpi) if form == "pdf" else as_screenshot(images)
        start = time.perf_counter()
        doc = read_bytes(data, f"{name}.{form}")
        seconds += time.perf_counter() - start
        pages += len(images)
        report = extract_document(doc)
        wrong = {k: (report.cells.get(k), v) for k, v in cells.items() if report.cells.get(k) != v}
        wrong.update({f"meta.{k}": (report.meta.get(k), v) for k, v in meta.items() if report.meta.get(k) != v})
        right += len(cells) - sum(1 for k in wrong if not k.startswith("meta."))
        total += len(cells)
        misses += [f"{name}: {k} got {g!r} want {w!r}" for k, (g, w) in wrong.items()]
    per_core = pages / seconds / (threads or os.cpu_count() or 1)
    print(f"{dpi} dpi {form:3} skew {angle:+.1f}°: cells correct {right}/{total} = {100 * right / total:.2f} %  "
          f"{pages} pages in {seconds:.1f} s = {pages / seconds:.3f} pages/s "
          f"({per_core:.3f} pages/s per core)", flush=True)
    for m in misses[:20]:
        print("    " + m)

if __name__ == "__main__":
    main()
