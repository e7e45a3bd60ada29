"""Identity rules on generated reports: balanced ones give no error; one changed cell is
always found, and reported once, at that cell, where one cell explains the failures."""

from __future__ import annotations

import random

import pytest

from generators.synth import generate, render
from gongkai.extract import extract_document
from gongkai.readers import read_bytes
from gongkai.rules import check_report
from gongkai.spec import load_format

IDENTITY_RULES = ["T3001", "T3002", "T3003", "T4001"]


def rerender(seed: int, cells: dict, version: str, layout: str = "tabs") -> str:
    s = generate(seed, layout=layout, version=version, variants=())
    return render(cells, load_format(version), layout, random.Random(seed), s.meta["agency"], s.meta["year"])


def findings_for(text: str, select=None):
    doc = read_bytes(text.encode(), "generated.txt")
    report = extract_document(doc)
    return report, check_report(doc, report, select=select)


@pytest.mark.parametrize("seed", range(25))
@pytest.mark.parametrize("version", ["2021", "2019"])
def test_balanced_reports_have_no_errors(seed, version):
    s = generate(seed, layout="tabs", version=version, variants=())
    _, found = findings_for(s.text, select=["T", "FMT"])
    assert [f for f in found if f.severity == "error"] == []


@pytest.mark.parametrize("seed", range(40))
def test_one_changed_cell_is_found_at_its_root(seed):
    version = "2021" if seed % 3 else "2019"
    # （六） printed row by row, as rerender() prints it (a collapsed row would leave its sub-rows null)
    s = generate(500 + seed, layout="tabs", version=version, variants=(), collapsed=False)
    rng = random.Random(seed)
    keys = [k for k in s.cells if k.startswith(("t3.", "t4."))]
    key = rng.choice(keys)
    cells = dict(s.cells)
    cells[key] = cells[key] + rng.choice([1, 2, 3, 7, 10])
    report, found = findings_for(rerender(500 + seed, cells, version), select=IDENTITY_RULES)
    assert report.cells[key] == cells[key], "the changed value is read back"
    hits = [f for f in found if key in f.cells]
    assert hits, f"{key} changed but not found"
    assert all(f.severity == "error" for f in found)
    if key.startswith("t3."):
        # every t3 cell sits in a row sum and a column identity: one cell explains both
        assert len(found) == 1 and found[0].cells[0] == key
        assert found[0].expected == s.cells[key] and found[0].actual == cells[key]
        assert "最可能出错" in found[0].message
    else:
        assert len(found) == 1 and found[0].code == "T4001"


def test_two_independent_errors_are_two_findings():
    s = generate(77, layout="tabs", version="2021", variants=())
    cells = dict(s.cells)
    cells["t3.granted.natural_person"] += 5
    cells["t4.review.upheld"] += 1
    _, found = findings_for(rerender(77, cells, "2021"), select=IDENTITY_RULES)
    assert sorted((f.code, f.cells[0]) for f in found if f.code != "T4001") == [("T3003", "t3.granted.natural_person")]
    assert any(f.code == "T4001" and "t4.review.upheld" in f.cells for f in found)


def test_glued_split_failure_is_flagged_as_artifact():
    """A failure that involves a cell read by splitting glued digits is not a plain error."""
    s = generate(3, layout="glued", version="2021", variants=())
    cells = dict(s.cells)
    cells["t4.review.total"] = cells["t4.review.total"] + 1
    text = rerender(3, cells, "2021", layout="glued")
    _, found = findings_for(text, select=["T4001"])
    assert [f.code for f in found] == ["T4001"]
    # t4 is space-separated in crawler text: read cell by cell, so this one is a real error
    assert found[0].severity == "error" and not found[0].artifact
