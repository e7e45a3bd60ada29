"""Bodies in the store: each report's body, backfill of older stores, the alias table and the
`gongkai body` commands.

Store tests run on SQLite and on a throwaway PostgreSQL cluster (``db_target``). Reports are
the real pipeline's (a bundled example) stored under the agency names a corpus prints.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

import gongkai
from conftest import head_revision, json_lines, run_cli
from gongkai import api
from gongkai.corpus.aliases import DISTINCT, SAME, Alias, Aliases, read_alias_table
from gongkai.errors import UsageError
from gongkai.model import Report
from gongkai.store import Ingested, open_engine, open_store, upgrade
from gongkai.store.engine import MIGRATIONS, url_for

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
COUNTY = EXAMPLES / "county-2023-tabs.txt"


@pytest.fixture(scope="module")
def county_report() -> Report:
    return gongkai.extract(COUNTY)


def _as(report: Report, agency: str | None, year: int) -> Report:
    """The real report, as if printed by ``agency`` for ``year``."""
    return dataclasses.replace(report, meta={**report.meta, "agency": agency, "year": year})


def _store_all(store, report: Report, printed: list[tuple[str | None, int]]) -> None:
    run = store.start_run(["corpus"], 1)
    for i, (agency, year) in enumerate(printed):
        store.record(run, Ingested(f"/corpus/{i:03d}.txt", f"{i:064d}", 100, "text", _as(report, agency, year)))


def _rows(store, query: str) -> list[tuple]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(query))]


def _groups(store) -> list[list[tuple[str, int]]]:
    """The stored reports that have a body, grouped by it: each body's (agency, year) pairs, sorted."""
    by_body: dict[int, list[tuple[str, int]]] = {}
    for body_id, agency, year in _rows(store, "SELECT body_id, agency, year FROM reports WHERE body_id IS NOT NULL"):
        by_body.setdefault(body_id, []).append((agency, year))
    return sorted(sorted(g) for g in by_body.values())


# One county's corpus over three years: printings of one body vary, bodies of one place differ.
PRINTED = [
    ("凉州区人民政府", 2021), ("武威市凉州区人民政府 ", 2022), ("凉州区政府", 2023),
    ("武威市凉州区公安分局", 2022), ("凉州区公安分局", 2023),
    ("凉州区人民政府办公室", 2022), ("凉州区政府办", 2023),
    ("凉州区黄羊镇人民政府", 2022), ("凉州区黄羊镇", 2023),
    ("凉州区卫生和计划生育局", 2018), ("凉州区卫生健康局", 2019),
    ("兰州新区管委会", 2022), (None, 2022),
]


def test_each_report_gets_its_body_and_distinct_bodies_of_one_place_stay_apart(db_target, county_report):
    with open_store(db_target) as store:
        _store_all(store, county_report, PRINTED)
        assert _groups(store) == [
            [("兰州新区管委会", 2022)],
            [("凉州区人民政府", 2021), ("凉州区政府", 2023), ("武威市凉州区人民政府 ", 2022)],
            [("凉州区人民政府办公室", 2022), ("凉州区政府办", 2023)],
            [("凉州区公安分局", 2023), ("武威市凉州区公安分局", 2022)],
            [("凉州区卫生健康局", 2019)],
            [("凉州区卫生和计划生育局", 2018)],
            [("凉州区黄羊镇", 2023), ("凉州区黄羊镇人民政府", 2022)],
        ]
        assert _rows(store, "SELECT count(*) FROM reports WHERE body_id IS NULL") == [(1,)]  # no agency printed
        bodies = {r[0]: r[1:] for r in _rows(store, "SELECT key, name, body_type, level, adcode, province, city, "
                                                    "county, township FROM bodies")}
        assert bodies["620602/人民政府"] == ("凉州区人民政府", "government", "county", "620602", "甘肃省", "武威市",
                                             "凉州区", None)  # the name as first printed
        assert bodies["620602/黄羊镇/人民政府"][1:3] == ("township", "township")
        assert bodies["620602/人民政府办公室"][1] == "general_office"
        assert bodies["620100/新区管理委员会"][1:4] == ("development_zone", "city", "620100")
        assert len(bodies) == 7
        # the views carry the body and its region
        assert set(_rows(store, "SELECT DISTINCT body_key, adcode, county FROM current_cells WHERE agency = '凉州区政府'")) \
            == {("620602/人民政府", "620602", "凉州区")}
        assert _rows(store, "SELECT body_name, province, city FROM current_reports WHERE agency = '凉州区黄羊镇'") == [
            ("凉州区黄羊镇人民政府", "甘肃省", "武威市")]


def test_a_findings_body_is_in_the_findings_view(db_target, county_report):
    report = _as(county_report, "古浪县人民政府", 2023)
    found = gongkai.check(report)
    assert found
    with open_store(db_target) as store:
        store.record(store.start_run(["x"], 1), Ingested("/x.txt", "e" * 64, 1, "text", report, found))
        assert set(_rows(store, "SELECT body_key, county FROM current_findings")) == {("620622/人民政府", "古浪县")}


def test_reports_stored_before_bodies_existed_get_their_body_when_the_store_is_opened(db_target):
    engine = open_engine_at(db_target, "0002")
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO runs (id, started, gongkai_version, paths, jobs) "
                             "VALUES (1, CURRENT_TIMESTAMP, 'old', '[]', 1)"))
        for i, agency in enumerate(["武威市凉州区人民政府", "凉州区政府", "古浪县公安局", None], start=1):
            conn.execute(sa.text("INSERT INTO sources (id, path, sha256, size, status, first_seen, last_seen, run_id) "
                                 "VALUES (:i, :p, :h, 1, 'ok', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"),
                         {"i": i, "p": f"/old/{i}.txt", "h": f"{i:064d}"})
            conn.execute(sa.text("INSERT INTO reports (id, source_id, agency, year, meta, notes, gongkai_version, "
                                 "is_current) VALUES (:i, :i, :a, 2020, '{}', '[]', 'old', :t)"),
                         {"i": i, "a": agency, "t": True})
    engine.dispose()
    with open_store(db_target) as store:
        assert _rows(store, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
        assert _rows(store, "SELECT r.id, b.key FROM reports r LEFT JOIN bodies b ON b.id = r.body_id ORDER BY r.id") \
            == [(1, "620602/人民政府"), (2, "620602/人民政府"), (3, "620622/公安局"), (4, None)]


def open_engine_at(target: str, revision: str) -> sa.Engine:
    """An engine on ``target`` migrated only to ``revision`` (an older store)."""
    engine = sa.create_engine(url_for(target))
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", lambda c, _r: c.execute("PRAGMA foreign_keys=ON"))
    upgrade(engine, revision)
    return engine


def test_the_bodies_revision_goes_down_and_up_again_with_reports_stored(db_target, county_report):
    # a store migrated revision by revision: one made at the head from schema.py declares
    # reports.body_id's foreign key apart from the column, which SQLite cannot drop in place
    open_engine_at(db_target, "head").dispose()
    with open_store(db_target) as store:
        _store_all(store, county_report, PRINTED[:3])
    engine = open_engine(db_target)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0002")
    with engine.connect() as conn:
        assert "bodies" not in sa.inspect(conn).get_table_names()
        assert conn.execute(sa.text("SELECT count(*) FROM current_cells")).scalar_one() > 0
    engine.dispose()
    with open_store(db_target) as store:  # up again: the reports get their bodies back
        assert _rows(store, "SELECT count(DISTINCT body_id), count(*) FROM reports") == [(1, 3)]


def test_an_alias_joins_a_renamed_body_and_a_new_report_follows_it(db_target, county_report):
    with open_store(db_target) as store:
        _store_all(store, county_report, PRINTED)
    assert api.alias("凉州区卫生和计划生育局", same_as="凉州区卫生健康局", db=db_target) == 1
    with open_store(db_target) as store:
        assert [("凉州区卫生健康局", 2019), ("凉州区卫生和计划生育局", 2018)] in _groups(store)
        row = next(b for b in store.bodies() if b.key == "620602/卫生健康局")
        assert (row.years, row.reports, row.county) == ((2018, 2019), 2, "凉州区")
        # a report stored later under the old name joins the body too
        store.record(store.start_run(["y"], 1), Ingested("/corpus/late.txt", "f" * 64, 1, "text",
                                                         _as(county_report, "武威市凉州区卫生和计划生育局", 2017)))
        assert _rows(store, "SELECT b.key FROM reports r JOIN bodies b ON b.id = r.body_id "
                            "WHERE r.agency = '武威市凉州区卫生和计划生育局'") == [("620602/卫生健康局",)]
    # saying the pair differs replaces the alias: the old name is a body of its own again
    assert api.alias("凉州区卫生和计划生育局", differs_from="凉州区卫生健康局", db=db_target) == 2
    with open_store(db_target) as store:
        assert _rows(store, "SELECT count(*) FROM body_aliases") == [(1,)]
        assert [("凉州区卫生和计划生育局", 2018), ("武威市凉州区卫生和计划生育局", 2017)] in _groups(store)


def test_an_alias_splits_two_bodies_the_names_joined(db_target, county_report):
    with open_store(db_target) as store:
        _store_all(store, county_report, PRINTED[:3])
    assert api.alias("凉州区政府", differs_from="凉州区人民政府", db=db_target) == 1
    with open_store(db_target) as store:
        assert [("凉州区政府", 2023)] in _groups(store)
        assert [("凉州区人民政府", 2021), ("武威市凉州区人民政府 ", 2022)] in _groups(store)


def test_an_alias_recorded_by_another_process_applies_to_the_next_report(db_target, county_report):
    with open_store(db_target) as writer:
        run = writer.start_run(["z"], 1)
        writer.record(run, Ingested("/a.txt", "1" * 64, 1, "text", _as(county_report, "凉州区环境保护局", 2018)))
        api.alias("凉州区环境保护局", same_as="凉州区生态环境局", db=db_target)  # another connection
        writer.record(run, Ingested("/b.txt", "2" * 64, 1, "text", _as(county_report, "凉州区环境保护局", 2017)))
        writer.record(run, Ingested("/c.txt", "3" * 64, 1, "text", _as(county_report, "凉州区生态环境局", 2019)))
        assert _groups(writer) == [[("凉州区环境保护局", 2017), ("凉州区环境保护局", 2018), ("凉州区生态环境局", 2019)]]


def test_alias_chains_and_cycles_resolve_to_one_body():
    table = Aliases([Alias("凉州区卫生局", "凉州区卫生和计划生育局"), Alias("凉州区卫生和计划生育局", "凉州区卫生健康局"),
                     Alias("凉州区卫生健康局", "凉州区卫生局")])  # the last closes a cycle
    keys = {table.body(n).key for n in ("凉州区卫生局", "武威市凉州区卫生和计划生育局", "凉州区卫生健康局")}
    assert len(keys) == 1
    assert table.body("凉州区卫生局").name == "凉州区卫生局"  # the name as printed is kept
    assert table.body("凉州区公安分局").key == "620602/公安分局"  # others untouched
    # a "distinct" between two names that are distinct anyway changes nothing
    assert Aliases([Alias("凉州区公安分局", "凉州区人民政府", DISTINCT)]).body("凉州区公安分局").key == "620602/公安分局"
    assert not Aliases() and Aliases([Alias("a", "b", SAME)])


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def _write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_alias_tables_are_read_from_csv_and_xlsx_with_english_or_chinese_headers(tmp_path):
    rows = [["名称", "同一机构", "关系"], ["凉州区卫生和计划生育局", "凉州区卫生健康局", "同一"],
            ["凉州区政府", "凉州区人民政府", "不同"], ["", "", ""], ["凉州区环境保护局", "凉州区生态环境局", ""]]
    expected = [Alias("凉州区卫生和计划生育局", "凉州区卫生健康局", SAME), Alias("凉州区政府", "凉州区人民政府", DISTINCT),
                Alias("凉州区环境保护局", "凉州区生态环境局", SAME)]
    assert read_alias_table(_write_csv(tmp_path / "a.csv", rows)) == expected
    assert read_alias_table(_write_xlsx(tmp_path / "a.xlsx", rows)) == expected
    gbk = tmp_path / "excel.csv"  # Excel on a Chinese Windows saves CSV in GBK
    gbk.write_bytes("名称,同一机构\r\n凉州区卫生和计划生育局,凉州区卫生健康局\r\n".encode("gbk"))
    assert read_alias_table(gbk) == expected[:1]
    english = [["name", "same_as"], ["凉州区卫生和计划生育局", "凉州区卫生健康局"]]
    assert read_alias_table(_write_csv(tmp_path / "b.csv", english)) == expected[:1]
    with pytest.raises(UsageError, match="名称"):
        read_alias_table(_write_csv(tmp_path / "c.csv", [["机关", "备注"], ["x", "y"]]))
    with pytest.raises(UsageError, match="第2行"):
        read_alias_table(_write_csv(tmp_path / "d.csv", [["名称", "同一机构", "关系"], ["x", "y", "也许"]]))
    (tmp_path / "e.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(UsageError, match="XLSX"):
        read_alias_table(tmp_path / "e.xlsx")


def test_body_commands_list_alias_and_import(tmp_path, county_report):
    db = tmp_path / "audit.db"
    with open_store(db) as store:
        _store_all(store, county_report, PRINTED)
    done = run_cli("body", "list", "--db", db, "--format", "json")
    assert done.returncode == 0, done.stderr
    listed = {b["key"]: b for b in json_lines(done.stdout)}
    assert len(listed) == 7
    assert listed["620602/人民政府"]["years"] == [2021, 2022, 2023]
    assert listed["620602/人民政府"]["names"] == ["凉州区人民政府", "凉州区政府", "武威市凉州区人民政府 "]

    sheet = _write_xlsx(tmp_path / "更名.xlsx", [["名称", "同一机构"], ["凉州区卫生和计划生育局", "凉州区卫生健康局"]])
    done = run_cli("body", "import-aliases", sheet, "--db", db)
    assert done.returncode == 0 and "已导入 1 条别名；1 份报告改变了所属机构" in done.stderr, done.stderr

    done = run_cli("body", "list", "--db", db, "--format", "csv")
    table = list(csv.DictReader(done.stdout.splitlines()))
    health = next(r for r in table if r["key"] == "620602/卫生健康局")
    assert (health["years"], health["reports"], health["county"]) == ("2018;2019", "2", "凉州区")
    assert next(r for r in table if r["key"] == "620602/卫生和计划生育局")["reports"] == "0"  # kept, now empty

    done = run_cli("body", "list", "--db", db)
    assert "凉州区黄羊镇人民政府\t乡级·乡镇、街道\t甘肃省武威市凉州区黄羊镇\t620602\t2022、2023\t620602/黄羊镇/人民政府" \
        in done.stdout.splitlines()
    assert "共 7 个机构" in done.stderr

    done = run_cli("body", "alias", "凉州区政府", "--differs-from", "凉州区人民政府", "--db", db)
    assert done.returncode == 0 and "1 份报告改变了所属机构" in done.stderr


@pytest.mark.parametrize("args", [
    ("body", "alias", "凉州区政府"),  # neither --same-as nor --differs-from
    ("body", "alias", "凉州区政府", "--same-as", "a", "--differs-from", "b"),
    ("body", "import-aliases", "/nonexistent/aliases.csv"),
])
def test_body_usage_faults_are_one_line_and_exit_2(tmp_path, args):
    done = run_cli(*args, "--db", tmp_path / "a.db")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and done.stderr.startswith("gongkai: error:"), \
        done.stderr
    assert json.dumps(done.stdout) == '""'


# A body the gazetteer cannot place when printed bare (a 实验区, a 镇 named without its county)
# is the one placed body of that name the store holds, whichever year was stored first; a
# bare 人民政府 or a name two placed bodies share stays apart.
UNPLACED_THEN_PLACED = [("平潭综合实验区管理委员会", 2021), ("福建省平潭综合实验区管理委员会", 2022),
                        ("黄羊镇人民政府", 2021), ("凉州区黄羊镇人民政府", 2022),
                        ("城关区人民政府", 2022), ("兰州市城关区人民政府", 2023), ("拉萨市城关区人民政府", 2023),
                        ("公安局", 2021), ("凉州区公安局", 2022)]


@pytest.mark.parametrize("order", [1, -1], ids=["bare-first", "placed-first"])
def test_a_name_printed_without_its_place_joins_the_one_placed_body_of_that_name(db_target, county_report, order):
    with open_store(db_target) as store:
        _store_all(store, county_report, UNPLACED_THEN_PLACED[::order])
        store.join_unplaced()
        assert _groups(store) == [
            [("公安局", 2021)],
            [("兰州市城关区人民政府", 2023)],
            [("凉州区公安局", 2022)],
            [("凉州区黄羊镇人民政府", 2022), ("黄羊镇人民政府", 2021)],
            [("城关区人民政府", 2022)],  # 兰州's or 拉萨's: nothing tells
            [("平潭综合实验区管理委员会", 2021), ("福建省平潭综合实验区管理委员会", 2022)],
            [("拉萨市城关区人民政府", 2023)],
        ]
        assert store.join_unplaced() == 0  # nothing left to move


def test_a_name_joined_to_its_one_placed_twin_goes_back_apart_when_a_second_twin_appears(db_target, county_report):
    """民勤县's 城关镇 is stored first, so the bare 城关镇人民政府 joins it as it is stored; once
    古浪县's is stored too, nothing tells whose the bare name is: it is a body of its own again,
    as it is when it is stored after both."""
    with open_store(db_target) as store:
        _store_all(store, county_report, [("民勤县城关镇人民政府", 2023), ("城关镇人民政府", 2022)])
        assert _groups(store) == [[("城关镇人民政府", 2022), ("民勤县城关镇人民政府", 2023)]]
        run = store.start_run(["corpus"], 1)
        store.record(run, Ingested("/corpus/gulang.txt", f"{9:064d}", 100, "text",
                                   _as(county_report, "古浪县城关镇人民政府", 2023)))
        assert store.join_unplaced() == 1
        assert _groups(store) == [[("古浪县城关镇人民政府", 2023)], [("城关镇人民政府", 2022)],
                                  [("民勤县城关镇人民政府", 2023)]]
        assert store.join_unplaced() == 0
        with store.engine.connect() as conn:  # both sides are checked again across years
            assert not conn.execute(sa.text("SELECT count(*) FROM reports WHERE series_checked")).scalar_one()


def test_unplaced_suffix_only_for_a_name_that_names_a_place_of_its_own():
    from gongkai.corpus.bodies import identify, unplaced_suffix

    assert unplaced_suffix(identify("平潭综合实验区管理委员会").key) == "平潭综合实验区管理委员会"
    assert unplaced_suffix(identify("高良涧街道办事处").key) == "高良涧街道/办事处"
    assert unplaced_suffix(identify("福建省平潭综合实验区管理委员会").key) is None  # placed already
    assert unplaced_suffix(identify("公安局").key) is None and unplaced_suffix(identify("人民政府").key) is None
    assert unplaced_suffix("-/平潭综合实验区管理委员会#平潭综合实验区管理委员会") is None  # split off by an alias
