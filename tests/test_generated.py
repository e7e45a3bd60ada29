"""Reports the tests generate: random consistent tables in every layout real dumps have.

The extractor must read every cell. Where the printed text really allows more than one
reading (glued digits), a cell may differ from the truth only if it is marked uncertain.
"""

from __future__ import annotations

import pytest
from generators.synth import LAYOUTS, VARIANTS, generate

from gongkai.extract import extract_document
from gongkai.readers import read_bytes

SEEDS_PER_LAYOUT = 40


def check(synthetic, data: bytes | None = None, name: str = "generated.txt"):
    data = synthetic.text.encode("utf-8") if data is None else data
    report = extract_document(read_bytes(data, name))
    national = {k for k in report.cells if not k.startswith("x.")}
    assert national == set(synthetic.cells)
    wrong = {k: (report.cells[k], v) for k, v in synthetic.cells.items()
             if report.cells[k] != v and not report.provenance[k].uncertain}
    assert wrong == {}, (synthetic.layout, synthetic.variants)
    for key, value in synthetic.meta.items():
        assert report.meta[key] == value, key
    return report


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", range(SEEDS_PER_LAYOUT))
def test_layout(layout, seed):
    check(generate(seed, layout=layout))


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_variant_alone(variant):
    for layout in LAYOUTS:
        for seed in range(5):
            try:
                s = generate(1000 + seed, layout=layout, variants=(variant,))
            except ValueError:
                continue
            check(s)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-16-le", "utf-8-sig"])
def test_encodings(encoding):
    for seed in range(10):
        s = generate(2000 + seed, layout="tabs")
        check(s, s.text.encode(encoding))


def test_uncertain_cells_are_rare_and_honest():
    """Glued digits: most rows have one split; the rest are flagged, never silently wrong."""
    flagged = total = 0
    for seed in range(60):
        s = generate(3000 + seed, layout="glued")
        report = check(s)
        flagged += len(report.uncertain_cells())
        total += len(s.cells)
    assert flagged < 0.05 * total


def test_unlabeled_table_is_read_by_order():
    """A table whose label column was lost entirely: 25 value rows in printed order."""
    s = generate(4000, layout="tabs", version="2021", variants=())
    lines = []
    for line in s.text.split("\n"):
        cells = line.split("\t")
        if len(cells) >= 9 and sum(c.isdigit() for c in cells) >= 7:
            line = "\t".join(c for c in cells if c.isdigit())
        lines.append(line)
    check(s, "\n".join(lines).encode())
