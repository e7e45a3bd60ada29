"""Every cell and meta value of the hand-checked real reports (seeds and text corpus)."""

from __future__ import annotations

import math

import pytest

import gongkai
from conftest import ALL_SOURCES, TEXT_SOURCES, expected_for


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), abs_tol=1e-6)


@pytest.mark.parametrize("source", ALL_SOURCES, ids=lambda p: p.name)
def test_every_cell_and_meta(source):
    expected = expected_for(source)
    report = gongkai.extract(source)
    wrong = {k: (report.cells.get(k), v) for k, v in expected["cells"].items() if not same(report.cells.get(k), v)}
    assert wrong == {}
    national = {k for k in report.cells if not k.startswith("x.")}
    assert national == set(expected["cells"]), "exactly the keys of the report's format version"
    for key, value in expected["meta"].items():
        assert report.meta[key] == value, key


@pytest.mark.parametrize("source", TEXT_SOURCES, ids=lambda p: p.name)
def test_every_printed_cell_points_at_its_text(source):
    report = gongkai.extract(source)
    lines = source.read_text(encoding="utf-8").splitlines()
    for key, value in report.cells.items():
        prov = report.provenance[key]
        if value is None:
            assert prov.reason, f"{key}: a null cell says why"
            continue
        assert prov.line is not None and prov.col is not None, key
        start, end = prov.col
        printed = lines[prov.line - 1][start:end]
        assert printed == prov.text, key
        digits = "".join(ch for ch in printed if ch.isdigit() or ch == ".")
        assert float(digits) == pytest.approx(float(value)), (key, printed, value)


def test_glued_crawler_text_is_split_by_the_identities():
    """平潭 2022: every t3 row is one run of digits; exactly one split satisfies the table."""
    source = next(p for p in TEXT_SOURCES if p.name.startswith("pingtan"))
    report = gongkai.extract(source)
    assert report.uncertain_cells() == []
    assert report.cells["t3.new_received.natural_person"] == 71
    assert report.cells["t3.new_received.commercial"] == 3
    assert report.provenance["t3.new_received.total"].method == "glued-split"
    # t2's 8855698 has many splits; the narrative's 制发88件 and 现行有效698件 decide it
    assert [report.cells[f"t2.normative_docs.{c}"] for c in ("made", "repealed", "in_force")] == [88, 55, 698]
    assert "narrative" in report.provenance["t2.normative_docs.made"].method


def test_displaced_cell_is_put_back():
    """上海市科委 2024: the carried-forward total is printed as a lone number two lines away."""
    source = next(p for p in TEXT_SOURCES if p.name.startswith("shkewei"))
    report = gongkai.extract(source)
    assert report.cells["t3.carried_forward.total"] == 1
    prov = report.provenance["t3.carried_forward.total"]
    assert "displaced" in prov.method and prov.confidence < 1
    # rows without a label on their line are placed by order between labelled rows
    assert "row-by-order" in report.provenance["t3.unable_not_held.total"].method


def test_merged_blank_cells_are_null_with_a_reason():
    """罗山县子路镇 2021 prints （一）予以公开 with six blank applicant cells and a total."""
    source = next(p for p in TEXT_SOURCES if p.name.startswith("000_"))
    report = gongkai.extract(source)
    assert report.cells["t3.granted.total"] == 0
    assert report.cells["t3.granted.natural_person"] is None
    assert "blank" in report.provenance["t3.granted.natural_person"].reason


def test_2019_format_detected_from_headers_and_units_read():
    source = next(p for p in TEXT_SOURCES if p.name.startswith("003_"))
    report = gongkai.extract(source)
    assert report.meta["format"] == "2019"
    assert report.cells["t2.procurement.amount"] == pytest.approx(2192.63)
    assert "t3.other.total" in report.cells and "t3.other_other.total" not in report.cells


def test_report_pickles():
    import pickle

    report = gongkai.extract(TEXT_SOURCES[0])
    again = pickle.loads(pickle.dumps(report))
    assert again.cells == report.cells and again.provenance == report.provenance


def test_pickled_report_leaves_the_document_behind():
    # Provenance is looked up in the document's lines when read; a pickled report carries
    # the looked-up records, not the document (batch ingest ships reports between processes).
    import pickle

    path = TEXT_SOURCES[0]
    report = gongkai.extract(path)
    blob = pickle.dumps(report)
    narrative = max(path.read_text(encoding="utf-8").splitlines(), key=len)
    assert len(narrative) > 40 and narrative.encode("utf-8") not in blob
    again = pickle.loads(blob)
    assert dict(again.provenance) == dict(report.provenance)
    key = "t3.new_received.total"
    prov = again.provenance[key]
    line = path.read_text(encoding="utf-8").splitlines()[prov.line - 1]
    assert line[prov.col[0]:prov.col[1]] == prov.text == str(again.cells[key])
