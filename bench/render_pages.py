#!/usr/bin/env python3
"""Render a report's data to PDF (`gongkai render --to pdf`) and each page to PNG, to look at.

Usage: python bench/render_pages.py DATA.json OUT_DIR [--scale 1.5] [--force]

Writes OUT_DIR/report.pdf and OUT_DIR/page-N.png (pypdfium2), and prints the time each step
took. The page images are what a reviewer checks: the merged header cells, the 申请人情况
columns of table 三, the three groups of table 四, CJK glyphs rather than empty boxes.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pypdfium2 as pdfium

from gongkai import api


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("out_dir")
    parser.add_argument("--scale", type=float, default=1.5, help="pixels per PDF point (1.5 ≈ 108 dpi)")
    parser.add_argument("--force", action="store_true", help="render even when the check finds errors")
    args = parser.parse_args()
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    result = api.render(args.data, "pdf", out / "report.pdf", force=args.force)
    rendered = time.perf_counter()
    if not result.written:
        raise SystemExit(f"not rendered: {[f.message for f in result.errors]}")
    pdf = pdfium.PdfDocument(str(out / "report.pdf"))
    for i in range(len(pdf)):
        pdf[i].render(scale=args.scale).to_pil().save(out / f"page-{i + 1}.png")
    print(f"{len(pdf)} pages; render + check + PDF {rendered - start:.1f} s; PNG {time.perf_counter() - rendered:.1f} s")


if __name__ == "__main__":
    main()
