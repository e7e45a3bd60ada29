"""A body's report for the rectification loop's web tests: one generated report (one seed: the
same cells every time) with planted errors, the cells that the tests confirm, keep and dismiss."""

from __future__ import annotations

import random

from generators.synth import generate, render
from gongkai.spec import load_format

GOV, YEAR, KEY = "武威市凉州区人民政府", 2024, "620602/人民政府"
FIXED = "t3.granted.natural_person"  # confirmed, sent, corrected in the new version
KEPT = "t4.review.total"  # confirmed, sent, still wrong
DISMISSED = "t3.denied_security_stability.commercial"  # dismissed, cells untouched
PLANTED = {FIXED: 3, KEPT: 1, DISMISSED: 2}


def report_text(errors: dict[str, int]) -> bytes:
    """The body's report as UTF-8 text, with ``errors`` added to its cells."""
    cells = dict(generate(31, layout="tabs", version="2021", variants=(), collapsed=False).cells)
    for key, delta in errors.items():
        cells[key] += delta
    return render(cells, load_format("2021"), "tabs", random.Random(31), GOV, YEAR).encode()
