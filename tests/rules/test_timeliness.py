"""Deadline rules (D001–D003, D005): a bundled example report printed by another body, for
another year, with another closing date line (or none), checked as `gongkai check` does."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from gongkai import api
from gongkai.errors import ConfigError
from gongkai.spec.deadlines import STATUTORY_DEADLINES, Deadlines, parse_deadline
from gongkai.spec.profile import load_profile

EXAMPLE = (Path(__file__).resolve().parents[2] / "examples" / "county-2023-tabs.txt").read_text(encoding="utf-8")


def report(agency: str, year: int, date_line: str | None) -> bytes:
    """The example (某某县人民政府办公室, 2025, dated 2026年1月11日) as printed by ``agency`` for
    ``year``, its closing date ``date_line`` (None: no date)."""
    assert "2026年1月11日" in EXAMPLE and "某某县人民政府办公室" in EXAMPLE
    text = EXAMPLE.replace("\n2026年1月11日", "\nDATE").replace("某某县人民政府办公室", agency)
    return text.replace("2025年", f"{year}年").replace("\nDATE", f"\n{date_line}" if date_line else "").encode()


def timeliness(data: bytes, profiles: list[str] | None = None) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in api.check(data, name="r.txt", select=["D"], profiles=profiles)]


def test_the_example_is_read_as_the_body_and_year_and_date_it_is_made_to_print():
    meta = api.extract(report("古浪县教育局", 2024, "2025年2月15日"), name="r.txt").meta
    assert (meta["agency"], meta["year"], meta["published"], meta["body_type"]) == (
        "古浪县教育局", 2024, "2025-02-15", "department")


@pytest.mark.parametrize(("agency", "date_line", "found"), [
    ("古浪县教育局", "2025年1月31日", []),  # the last day is on time
    ("古浪县教育局", "2025年2月15日", [("D001", "15天")]),
    ("古浪县人民政府办公室", "2025年2月1日", [("D001", "1天")]),  # a government's office is a department
    ("古浪县人民政府", "2025年3月31日", []),  # a government has until 31 March
    ("古浪县人民政府", "2025年4月15日", [("D002", "15天")]),
    ("古浪县黄羊镇人民政府", "2025年12月1日", []),  # no statutory date for a township
    ("古浪县教育局", None, [("D005", "没有找到公布日期")]),
])
def test_a_late_report_is_named_with_its_days_late_and_an_undated_one_is_a_hint(agency, date_line, found):
    got = timeliness(report(agency, 2024, date_line))
    assert [code for code, _ in got] == [code for code, _ in found]
    for (_, message), (_, words) in zip(got, found, strict=True):
        assert words in message
    if found and found[0][0] == "D001":
        assert "第四十九条第一款" in got[0][1]


def test_the_finding_points_at_the_printed_date_line():
    data = report("古浪县教育局", 2024, "2025年2月15日")
    (finding,) = api.check(data, name="r.txt", select=["D001"])
    lines = data.decode().splitlines()
    assert lines[finding.line - 1] == "2025年2月15日"
    assert (finding.expected, finding.actual) == ("2025-01-31", "2025-02-15")


def test_a_township_deadline_comes_from_a_profile_and_the_rule_is_off_without_it():
    late = report("古浪县黄羊镇人民政府", 2024, "2025年3月2日")
    assert timeliness(late) == []
    assert [c for c, _ in timeliness(late, ["hunan-huaihua"])] == ["D003"]
    assert "次年2月20日" in timeliness(late, ["hunan-huaihua"])[0][1]
    assert timeliness(report("古浪县黄羊镇人民政府", 2024, "2025年2月20日"), ["hunan-huaihua"]) == []


def test_a_local_deadline_by_body_type_comes_from_a_profile_as_parameters():
    """D003 reads its deadlines by body type from its parameters, as a profile gives them:
    another locality is another profile, no code."""
    from gongkai.extract import extract_document
    from gongkai.readers import read_bytes
    from gongkai.rules import check_report

    earlier = replace(load_profile("hunan-huaihua"), title="某市提前公布要求", params={"D003": {"department": "01-20"}})
    doc = read_bytes(report("古浪县教育局", 2024, "2025年1月25日"), "r.txt")
    findings = check_report(doc, extract_document(doc), select=["D"], profiles=[earlier])
    assert [(f.code, f.expected, f.severity) for f in findings] == [("D003", "2025-01-20", "info")]
    assert "某市提前公布要求" in findings[0].message and "5天" in findings[0].message
    assert check_report(doc, extract_document(doc), select=["D"]) == []  # statutory 31 January: on time
    government = read_bytes(report("古浪县人民政府", 2024, "2025年3月1日"), "r.txt")
    assert check_report(government, extract_document(government), select=["D"], profiles=[earlier]) == []


def test_deadlines_are_parsed_as_people_write_them_and_bad_ones_are_named():
    assert parse_deadline("02-20").due(2024).isoformat() == "2025-02-20"
    assert parse_deadline("次年2月20日").due(2024).isoformat() == "2025-02-20"
    assert parse_deadline("２月２０日").due(2024).isoformat() == "2025-02-20"  # full-width digits
    fixed = parse_deadline("2025-03-15")
    assert fixed.due(2024).isoformat() == "2025-03-15" and fixed.due(2025) is None and fixed.due(2020) is None
    for bad in ("02-30", "13-01", "二月二十日", "", "2025-02-30"):
        with pytest.raises(ConfigError, match="截止日期"):
            parse_deadline(bad, "截止日期")
    local = Deadlines.from_table({"township": "02-20", "古浪县教育局": "01-15"})
    assert local.for_body("township").shown() == "次年2月20日"
    assert local.for_body("department", name="古浪县教育局").shown() == "次年1月15日"
    assert local.for_body("department", name="古浪县公安局").shown() == "次年1月31日"
    assert STATUTORY_DEADLINES.for_body("government").shown() == "次年3月31日"
    assert STATUTORY_DEADLINES.for_body("development_zone") is None


def test_the_huaihua_profile_names_its_basis_and_sets_only_the_township_rule():
    p = load_profile("hunan-huaihua")
    assert p.rules == ("D003",) and dict(p.params["D003"]) == {"township": "02-20", "department": "01-28"}
    assert "怀化" in p.basis
