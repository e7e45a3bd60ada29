"""The audit's cross-year and corpus pass, on SQLite and PostgreSQL (``db_target``).

A generated corpus of one county's bodies over several years (both formats) with planted
breaks, a copied narrative and a boilerplate section: the audit finds each planted problem,
on the right report and naming the right other report, and nothing else of its kind; a
corrected file clears its body's finding on the next run.
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
from pathlib import Path

import jsonschema
import pytest
import sqlalchemy as sa

from conftest import run_cli
from generators.series import YearText, body_series, sentence
from gongkai import api
from gongkai.rules.cross_text import BOILERPLATE_BODIES
from gongkai.store import url_for

pytestmark = pytest.mark.integration

CROSS = ("Y", "C004")
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"


def _carry_more(cells: dict, n: int) -> None:
    for row in ("carried_over", "granted", "results_total"):
        for col in ("natural_person", "total"):
            cells[f"t3.{row}.{col}"] += n


def _write(folder: Path, name: str, years: list[YearText]) -> None:
    for i, y in enumerate(years):
        (folder / f"{name}-{y.year}.txt").write_text(y.text(i), encoding="utf-8")


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> tuple[Path, set[tuple[str, str, str | None]]]:
    """The corpus and what must be found in it: (file, code, the other report's file)."""
    folder = tmp_path_factory.mktemp("county")
    expected: set[tuple[str, str, str | None]] = set()
    # one place's government and its office: distinct bodies, each chain holding
    _write(folder, "gov", body_series(1, "某某县人民政府", range(2021, 2025)))
    _write(folder, "office", body_series(2, "某某县人民政府办公室", range(2021, 2025)))
    # a carry break across the change of format (2020 trial format → 2021)
    town = body_series(3, "某某县甲镇人民政府", range(2019, 2023))
    _carry_more(town[2].cells, 2)
    _write(folder, "town-a", town)
    expected.add(("town-a-2021.txt", "Y001", "town-a-2020.txt"))
    # a break across a missing year asserts nothing
    gap = body_series(4, "某某县乙镇人民政府", range(2020, 2024))
    _carry_more(gap[3].cells, 5)
    _write(folder, "town-b", gap[:2] + gap[3:])
    # last year's narrative with this year's date: copied
    land = body_series(5, "某某县自然资源局", range(2022, 2025))
    for n in ("一", "五"):
        land[2].sections[n] = land[1].sections[n].replace("2023", "2024")
    _write(folder, "land", land)
    expected.add(("land-2024.txt", "Y004", "land-2023.txt"))
    # 现行有效 that does not follow from last year's
    edu = body_series(6, "某某县教育局", range(2023, 2025))
    edu[1].cells["t2.normative_docs.in_force"] += 9
    _write(folder, "edu", edu)
    expected.add(("edu-2024.txt", "Y002", "edu-2023.txt"))
    # one template for section 五 printed by five townships
    rng = random.Random(42)
    template = "".join(sentence(rng) for _ in range(4))
    for i in range(BOILERPLATE_BODIES + 1):
        [y] = body_series(20 + i, f"某某县第{i}街道办事处", range(2024, 2025))
        y.sections["五"] = f"{y.agency}：{template}"
        _write(folder, f"street{i}", [y])
        expected.add((f"street{i}-2024.txt", "C004", None))
    return folder, expected


def _found(findings) -> set[tuple[str, str, str | None]]:
    return {(Path(f.source).name, f.code, Path(f.other.source).name if f.code.startswith("Y") else None)
            for f in findings if f.code.startswith(CROSS)}


def test_every_planted_problem_is_found_and_nothing_else(county, db_target):
    folder, expected = county
    summary = api.audit([folder], db=db_target, jobs=2)
    assert summary.failed == 0 and summary.new == 25
    assert _found(summary.findings) == expected
    carry = [f for f in summary.findings if f.code == "Y001"]
    assert sorted(f.cells[0] for f in carry) == ["t3.carried_over.natural_person", "t3.carried_over.total"]
    assert all(f.other.year == 2020 and f.other.report_id and f.other.cells[0].startswith("t3.carried_forward.")
               for f in carry)
    boiler = [f for f in summary.findings if f.code == "C004"]
    assert all(f"其他{BOILERPLATE_BODIES}个机关" in f.message for f in boiler)
    again = api.audit([folder], db=db_target, jobs=1)  # nothing changed: the same findings, stored once
    assert again.unchanged == 25 and again.findings == summary.findings


def test_the_texts_are_stored_by_section(county, db_target):
    folder, _ = county
    api.audit([folder / "edu-2024.txt"], db=db_target, jobs=1)
    engine = sa.create_engine(url_for(db_target))
    with engine.connect() as conn:
        rows = dict(conn.execute(sa.text("SELECT section, text FROM texts")).all())
    engine.dispose()
    assert set(rows) == {"前言", "一", "二", "三", "四", "五", "六"}
    assert rows["前言"].startswith("某某县教育局2024年政府信息公开工作年度报告")
    assert rows["五"].startswith("五、存在的主要问题及改进情况") and "本年度未收取信息处理费" in rows["六"]


def test_a_corrected_report_clears_its_bodys_finding(county, db_target, tmp_path):
    folder = tmp_path / "county"
    folder.mkdir()
    for p in county[0].glob("edu-*.txt"):
        (folder / p.name).write_bytes(p.read_bytes())
    first = api.audit([folder], db=db_target, jobs=1)
    assert _found(first.findings) == {("edu-2024.txt", "Y002", "edu-2023.txt")}
    edu = body_series(6, "某某县教育局", range(2023, 2025))
    _write(folder, "edu", edu[1:])  # the 2024 report as it should have been
    fixed = api.audit([folder], db=db_target, jobs=1)
    assert (fixed.changed, fixed.unchanged) == (1, 1) and _found(fixed.findings) == set()


def test_the_cli_prints_the_other_report_and_selects_cross_year_codes(county, tmp_path):
    folder, _ = county
    db = tmp_path / "c.db"
    text = run_cli("audit", folder, "--db", db, "--select", "Y002")
    assert text.returncode == 1 and "Y002 [警告]" in text.stdout
    assert f"对照: {folder / 'edu-2023.txt'}（2023年） 单元格: t2.normative_docs.in_force" in text.stdout
    sarif = run_cli("audit", folder, "--db", db, "--select", "Y002", "--format", "sarif")
    log = json.loads(sarif.stdout)
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    [result] = log["runs"][0]["results"]
    related = result["relatedLocations"][0]
    assert related["physicalLocation"]["artifactLocation"]["uri"].endswith("edu-2023.txt")
    assert related["message"]["text"] == "2023年报告" and result["properties"]["other"]["year"] == 2023
    github = run_cli("audit", folder, "--db", db, "--select", "Y002", "--format", "github")
    assert github.stdout.startswith(f"::warning file={folder / 'edu-2024.txt'},line=")
    assert github.stdout.rstrip().endswith(f"（对照：{folder / 'edu-2023.txt'}）")


def test_a_series_is_one_bodys_not_one_places(tmp_path, db_target):
    """A government and its office, whose figures would break each other's chains, stay apart."""
    gov = body_series(8, "某某区人民政府", range(2022, 2024))
    office = copy.deepcopy(gov)
    for y in office:
        y.agency = "某某区人民政府办公室"
    _carry_more(office[1].cells, 4)  # the office's own chain breaks; the government's holds
    _write(tmp_path, "gov", gov)
    _write(tmp_path, "office", office)
    found = api.audit([tmp_path], db=db_target, jobs=1).findings
    assert _found(found) == {("office-2023.txt", "Y001", "office-2022.txt")}


def test_a_body_printed_without_its_place_one_year_is_one_series_with_the_next(tmp_path, db_target):
    """平潭 prints its province one year and not the other, stored in separate runs, the bare
    year last: still one body, whose broken carry is found; the distinct body of another
    place with the same kind of name is not joined."""
    zone = body_series(9, "福建省平潭综合实验区管理委员会", range(2022, 2024))
    zone[0].agency = "平潭综合实验区管理委员会"
    _carry_more(zone[1].cells, 3)
    other = body_series(10, "福建省福州新区管理委员会", range(2022, 2023))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _write(tmp_path / "a", "zone", zone[1:])
    _write(tmp_path / "a", "other", other)
    api.audit([tmp_path / "a"], db=db_target, jobs=1)
    _write(tmp_path / "b", "zone", zone[:1])
    found = api.audit([tmp_path / "a", tmp_path / "b"], db=db_target, jobs=1).findings
    assert _found(found) == {("zone-2023.txt", "Y001", "zone-2022.txt")}


def test_a_run_killed_before_its_cross_year_pass_is_caught_up_by_the_next(county, db_target):
    """Reports stored by a run that never reached its second pass (killed): the next run,
    finding every file unchanged, still checks their bodies."""
    from gongkai.rules import section_texts
    from gongkai.store import Ingested, open_store

    files = [p.resolve() for p in sorted(county[0].glob("edu-*.txt"))]
    with open_store(db_target) as store:
        run_id = store.start_run([str(p) for p in files], 1)
        for p in files:  # what the first pass of the killed run stored
            report = api.extract(p)
            data = p.read_bytes()
            store.record(run_id, Ingested(str(p), hashlib.sha256(data).hexdigest(), len(data), "text", report,
                                          api.check(report), texts=section_texts(report.document, report)))
    resumed = api.audit(files, db=db_target, jobs=1)
    assert (resumed.new, resumed.unchanged) == (0, 2)
    assert _found(resumed.findings) == {("edu-2024.txt", "Y002", "edu-2023.txt")}
