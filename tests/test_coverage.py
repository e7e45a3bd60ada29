"""Coverage and timeliness of an audited corpus (`gongkai coverage`, `gongkai jurisdiction`).

A folder of reports made from a bundled example (printed by another body, for another
year, with another closing date or none) is audited into a store on SQLite and on a
throwaway PostgreSQL (``db_target``); a jurisdiction list is imported; each body's status
per year must be exactly the one planted: on time, late (by so many days), date unknown,
missing, unexpected, changed after publication.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from conftest import json_lines, run_cli
from gongkai import api
from gongkai.corpus.jurisdictions import read_jurisdiction_table
from gongkai.errors import UsageError

pytestmark = pytest.mark.integration

EXAMPLE = (Path(__file__).resolve().parents[1] / "examples" / "county-2023-tabs.txt").read_text(encoding="utf-8")


def report(agency: str, year: int, date_line: str | None, extra: str = "") -> str:
    """The example as printed by ``agency`` for ``year``, dated ``date_line`` (None: undated);
    ``extra`` is a sentence added to section 五 (another content, same report)."""
    text = EXAMPLE.replace("\n2026年1月11日", "\nDATE").replace("某某县人民政府办公室", agency)
    text = text.replace("2025年", f"{year}年").replace("\nDATE", f"\n{date_line}" if date_line else "")
    return text.replace("提升公开质量。", "提升公开质量。" + extra)


# (file, body as printed, year, closing date): the planted corpus of one county, 古浪县
PLANTED = [
    ("gov-2023.txt", "古浪县人民政府", 2023, "2024年3月20日"),  # on time
    ("gov-2024.txt", "古浪县人民政府", 2024, "2025年4月10日"),  # late by 10 days
    ("edu-2023.txt", "古浪县教育局", 2023, "2024年1月31日"),  # on time, the last day
    ("edu-2024.txt", "古浪县教育局", 2024, "2025年2月3日"),  # late by 3 days
    ("police-2024.txt", "古浪县公安局", 2024, None),  # no date printed
    ("town-2024.txt", "古浪县黄羊镇人民政府", 2024, "2025年3月2日"),  # no statutory date: on time
    ("other-2024.txt", "古浪县林业和草原局", 2024, "2025年1月10日"),  # not on the list
]
LIST = [  # 名称, 类型, 地区代码, 截止日期, 起始年度, 终止年度
    ("古浪县政府", "人民政府", "620622", "", "2023", ""),  # printed short: the same body
    ("古浪县教育局", "部门", "", "", "", ""),
    ("古浪县公安局", "", "", "", "2024", ""),
    ("古浪县黄羊镇人民政府", "乡镇、街道", "", "", "2024", ""),
    ("古浪县民政局", "部门", "", "", "2024", "2024"),  # expected in 2024 only: missing
]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def write_list(path: Path, rows: list[tuple[str, ...]], header: tuple[str, ...] = ("名称", "类型", "地区代码", "截止日期",
                                                                                    "起始年度", "终止年度")) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, agency, year, date in PLANTED:
        write(folder, name, report(agency, year, date))
    return folder


def statuses(result: api.Coverage) -> dict[tuple[str, int], tuple]:
    return {(e.name, e.year): (e.status, e.days_late, e.changed) for e in result.entries}


def test_every_planted_status_is_found_and_nothing_else(corpus, tmp_path, db_target):
    api.audit([corpus], db=db_target, jobs=1)
    unlisted = api.coverage(db=db_target)
    assert not unlisted.has_list and all(not e.expected for e in unlisted.entries)
    assert {e.status for e in unlisted.entries} == {"on_time", "late", "no_deadline", "date_unknown"}  # none expected
    assert api.import_jurisdictions(write_list(tmp_path / "list.csv", LIST), db=db_target) == 5
    result = api.coverage(db=db_target)
    assert result.has_list
    assert statuses(result) == {
        ("古浪县政府", 2023): ("on_time", None, False),
        ("古浪县教育局", 2023): ("on_time", None, False),
        ("古浪县政府", 2024): ("late", 10, False),
        ("古浪县教育局", 2024): ("late", 3, False),
        ("古浪县公安局", 2024): ("date_unknown", None, False),
        ("古浪县黄羊镇人民政府", 2024): ("no_deadline", None, False),  # townships: no statutory date
        ("古浪县民政局", 2024): ("missing", None, False),
        ("古浪县林业和草原局", 2024): ("unexpected", None, False),
    }
    # 公安局 and the township are listed from 2024 and for every year: not expected in 2023
    s = result.summary.by_year
    assert (s[2024].expected, s[2024].published, s[2024].on_time, s[2024].late, s[2024].no_deadline,
            s[2024].date_unknown, s[2024].missing, s[2024].unexpected) == (5, 4, 0, 2, 1, 1, 1, 1)
    assert (s[2023].expected, s[2023].published, s[2023].missing) == (2, 2, 0)
    late = next(e for e in result.entries if e.name == "古浪县政府" and e.year == 2024)
    assert (str(late.due), str(late.published), late.deadline) == ("2025-03-31", "2025-04-10", "次年3月31日")
    assert late.paths == (str(corpus / "gov-2024.txt"),)
    only = api.coverage(db=db_target, year=2023)
    assert {e.year for e in only.entries} == {2023} and len(only.entries) == 2


def test_a_report_changed_after_publication_is_named_with_its_versions(corpus, db_target):
    api.audit([corpus], db=db_target, jobs=1)
    # the same file fetched again with another content (a sentence added after publication)
    write(corpus, "edu-2023.txt", report("古浪县教育局", 2023, "2024年1月31日", extra="补充说明。"))
    # another file of the same body and year, another content
    write(corpus, "gov-2023-copy.txt", report("古浪县人民政府", 2023, "2024年3月20日", extra="（更新版）"))
    # a second copy of a report with the same content is no change
    write(corpus, "town-2024-again.txt", report("古浪县黄羊镇人民政府", 2024, "2025年3月2日"))
    api.audit([corpus], db=db_target, jobs=1)
    result = api.coverage(db=db_target)
    changed = {(e.name, e.year): e.contents for e in result.entries if e.changed}
    assert changed == {("古浪县教育局", 2023): 2, ("古浪县人民政府", 2023): 2}
    edu = next(e for e in result.entries if e.name == "古浪县教育局" and e.year == 2023)
    assert edu.status == "on_time" and edu.changed_at is not None
    assert edu.paths == (str(corpus / "edu-2023.txt"),)  # the history is counted, not listed
    assert result.summary.changed == 2


def test_the_list_deadline_and_the_settings_deadline_override_the_statutory_one(corpus, tmp_path, db_target):
    api.audit([corpus], db=db_target, jobs=1)
    rows = [("古浪县黄羊镇人民政府", "乡镇、街道", "", "2月20日", "", ""), ("古浪县教育局", "部门", "", "", "", "")]
    api.import_jurisdictions(write_list(tmp_path / "list.csv", rows), db=db_target)
    got = statuses(api.coverage(db=db_target, year=2024))
    assert got[("古浪县黄羊镇人民政府", 2024)] == ("late", 10, False)  # the list's 截止日期
    assert got[("古浪县教育局", 2024)] == ("late", 3, False)
    relaxed = statuses(api.coverage(db=db_target, year=2024, deadlines={"department": "02-10"}))
    assert relaxed[("古浪县教育局", 2024)] == ("on_time", None, False)  # the settings' deadline by type
    assert relaxed[("古浪县黄羊镇人民政府", 2024)] == ("late", 10, False)  # the list's wins over the settings
    by_name = statuses(api.coverage(db=db_target, year=2024, deadlines={"古浪县教育局": "02-01"}))
    assert by_name[("古浪县教育局", 2024)] == ("late", 2, False)
    # the same through the CLI, the deadline in a settings file
    settings = tmp_path / "gongkai.toml"
    settings.write_text('[deadlines]\ndepartment = "02-10"\n', encoding="utf-8")
    out = run_cli("coverage", "--db", db_target, "--year", "2024", "--format", "json", "--config", settings)
    assert out.returncode == 0, out.stderr
    edu = next(r for r in json_lines(out.stdout) if r["name"] == "古浪县教育局")
    assert (edu["status"], edu["due"], edu["deadline"]) == ("on_time", "2025-02-10", "次年2月10日")
    settings.write_text('[deadlines]\ndepartment = "二月十日"\n', encoding="utf-8")
    out = run_cli("coverage", "--db", db_target, "--config", settings)
    assert out.returncode == 2 and str(settings) in out.stderr and "二月十日" in out.stderr


def test_the_coverage_command_prints_the_head_counts_and_the_table(corpus, tmp_path, db_target):
    api.audit([corpus], db=db_target, jobs=1)
    out = run_cli("jurisdiction", "import", write_list(tmp_path / "list.csv", LIST), "--db", db_target)
    assert out.returncode == 0 and "5 个机构" in out.stderr
    out = run_cli("coverage", "--db", db_target, "--year", "2024", "--region", "620622")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "2024年度：应报 5、已报 4、按时 0、逾期 2、无期限 1、日期不明 1、未报 1、名单外 1、更改 0"
    assert lines[1].split("\t")[:3] == ["状态", "年度", "机构"]
    late = next(line.split("\t") for line in lines if "古浪县教育局" in line)
    assert late[0] == "逾期" and late[5:8] == ["2025-02-03", "2025-01-31", "3"]
    assert api.coverage(db=db_target, region="620621").entries == []  # 民勤县: none of these
    assert len(api.coverage(db=db_target, region="6206").entries) == 8  # 武威市, written short
    out = run_cli("coverage", "--db", db_target, "--region", "武威")
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "地区代码" in out.stderr


def test_a_bad_row_is_named_with_the_file_and_row_and_nothing_is_imported(tmp_path, db_target):
    good = write_list(tmp_path / "good.csv", LIST)
    api.import_jurisdictions(good, db=db_target)
    bad_rows = {
        "type.csv": (LIST[0], ("古浪县公安局", "公安", "", "", "", "")),
        "year.csv": (LIST[0], ("古浪县公安局", "", "", "", "二〇二四", "")),
        "order.csv": (LIST[0], ("古浪县公安局", "", "", "", "2025", "2024")),
        "deadline.csv": (LIST[0], ("古浪县公安局", "", "", "2月30日", "", "")),
        "code.csv": (LIST[0], ("古浪县公安局", "", "6206A2", "", "", "")),
        "name.csv": (LIST[0], ("", "部门", "620622", "", "", "")),
    }
    for name, rows in bad_rows.items():
        path = write_list(tmp_path / name, list(rows))
        with pytest.raises(UsageError, match=r"第3行") as caught:
            api.import_jurisdictions(path, db=db_target)
        assert str(path) in str(caught.value), name
    with pytest.raises(UsageError, match="名称"):
        api.import_jurisdictions(write_list(tmp_path / "nohead.csv", LIST, ("单位", "类型", "地区代码", "截止日期",
                                                                              "起始年度", "终止年度")), db=db_target)
    out = run_cli("jurisdiction", "import", tmp_path / "type.csv", "--db", db_target)
    assert out.returncode == 2 and "第3行" in out.stderr and "公安" in out.stderr
    result = api.coverage(db=db_target, year=2024)  # the good list is still the list (no report: every one missing)
    assert {e.name for e in result.entries if e.expected} == {row[0] for row in LIST}


def test_an_xlsx_list_is_read_with_numbers_and_dates_as_excel_stores_them(tmp_path):
    import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["名称", "类型", "地区代码", "截止日期", "起始年度", "终止年度"])
    sheet.append(["古浪县人民政府", "人民政府", 620622, "3月31日", 2021, None])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["古浪县黄羊镇人民政府", "乡镇", None, datetime.datetime(2025, 2, 20), 2022.0, 2024])
    book.save(tmp_path / "list.xlsx")
    rows = read_jurisdiction_table(tmp_path / "list.xlsx")
    assert [(r.name, r.body_type, r.adcode, r.deadline.shown(), r.from_year, r.to_year, r.row) for r in rows] == [
        ("古浪县人民政府", "government", "620622", "次年3月31日", 2021, None, 2),
        ("古浪县黄羊镇人民政府", "township", None, "2025-02-20", 2022, 2024, 4)]
    (tmp_path / "fake.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(UsageError, match="fake.xlsx"):
        read_jurisdiction_table(tmp_path / "fake.xlsx")


def test_a_proposed_list_holds_the_regions_governments_and_past_reporters_and_imports_again(corpus, tmp_path,
                                                                                             db_target):
    api.audit([corpus], db=db_target, jobs=1)
    out = run_cli("jurisdiction", "propose", "--db", db_target, "--region", "620600", "--from-years", "1",
                  "-o", tmp_path / "proposed.csv")
    assert out.returncode == 0, out.stderr
    rows = read_jurisdiction_table(tmp_path / "proposed.csv")
    names = [r.name for r in rows]
    # the city and its five counties from the gazetteer, then the 2024 reporters not already there
    assert names[:5] == ["武威市人民政府", "武威市凉州区人民政府", "武威市民勤县人民政府", "武威市古浪县人民政府",
                         "武威市天祝藏族自治县人民政府"]
    assert sorted(names[5:]) == sorted(["古浪县教育局", "古浪县公安局", "古浪县黄羊镇人民政府", "古浪县林业和草原局"])
    assert "古浪县人民政府" not in names  # the same body as 武威市古浪县人民政府: listed once
    assert (tmp_path / "proposed.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese headers
    run_cli("jurisdiction", "import", tmp_path / "proposed.csv", "--db", db_target)
    result = api.coverage(db=db_target, year=2024)
    missing = {e.name for e in result.entries if e.status == "missing"}
    assert missing == {"武威市人民政府", "武威市凉州区人民政府", "武威市民勤县人民政府", "武威市天祝藏族自治县人民政府"}
    assert not any(e.status == "unexpected" for e in result.entries)
    with pytest.raises(UsageError, match="999999"):
        api.propose_jurisdictions(db=db_target, region="999999")
    out = run_cli("coverage", "--db", db_target, "--format", "csv", "--year", "2024")
    rows = list(csv.DictReader(out.stdout.splitlines()))
    assert {r["year"] for r in rows} == {"2024"} and {r["status"] for r in rows} == {
        "on_time", "late", "no_deadline", "date_unknown", "missing"}


def test_the_jurisdictions_revision_goes_down_and_up_again_with_a_list_stored(tmp_path, db_target):
    from alembic import command
    from alembic.config import Config

    from gongkai.store import open_store
    from gongkai.store.engine import MIGRATIONS

    api.import_jurisdictions(write_list(tmp_path / "list.csv", LIST), db=db_target)
    with open_store(db_target) as store:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with store.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0003")
        with store.engine.connect() as conn:
            assert "jurisdictions" not in sa.inspect(conn).get_table_names()
            assert "bodies" in sa.inspect(conn).get_table_names()  # 0003's tables stay
    api.import_jurisdictions(write_list(tmp_path / "list.csv", LIST[:2]), db=db_target)  # opening migrates up
    assert {e.name for e in api.coverage(db=db_target, year=2024).entries} == {"古浪县政府", "古浪县教育局"}


def test_statuses_from_versions_alone_first_printing_and_change_time():
    """The pure part on hand-made versions: the earliest printed date of a body's current
    files counts, a change is dated when its content was first seen, and a list row counts
    only in its years."""
    from datetime import UTC, date, datetime

    from gongkai.corpus.coverage import Expected, Version, coverage, summarise

    def version(path, sha, published, seen, current=True, year=2024):
        return Version("620622/教育局", "古浪县教育局", "department", "620622", year, published, sha, path,
                       datetime(2025, 1, seen, tzinfo=UTC), current)

    found = [version("/a.html", "1", date(2025, 1, 20), 1, current=False),  # the first fetch
             version("/a.html", "2", date(2025, 2, 5), 5),  # re-fetched: changed, re-dated
             version("/a.pdf", "1", date(2025, 1, 20), 3)]  # the same report as a PDF, first content
    listed = [Expected("620622/教育局", "古浪县教育局", from_year=2024, to_year=2024),
              Expected("620622/民政局", "古浪县民政局", "department", "620622", from_year=2025)]
    [entry] = coverage(listed, found)
    assert (entry.status, entry.published, entry.changed, entry.contents) == ("on_time", date(2025, 1, 20), True, 2)
    assert entry.changed_at == datetime(2025, 1, 5, tzinfo=UTC) and entry.paths == ("/a.html", "/a.pdf")
    later = coverage(listed, [version("/b.txt", "3", None, 9, year=2025)])
    assert [(e.name, e.status) for e in later] == [("古浪县民政局", "missing"), ("古浪县教育局", "unexpected")]
    assert summarise(later).by_year[2025].expected == 1


def test_coverage_and_check_agree_on_a_body_the_statute_does_not_name(tmp_path, db_target):
    """A 管委会 (a development zone's committee) is no department by its name's identity, but
    its report's meta, which the D rules read, calls it one: the coverage follows the report."""
    folder = tmp_path / "zone"
    folder.mkdir()
    path = write(folder, "zone.txt", report("武威工业园区管理委员会", 2024, "2025年2月3日"))
    assert [(f.code, f.expected) for f in api.check(path, select=["D"])] == [("D001", "2025-01-31")]
    api.audit([folder], db=db_target, jobs=1)
    [entry] = api.coverage(db=db_target).entries
    assert (entry.body_type, entry.status, entry.days_late, str(entry.due)) == ("development_zone", "late", 3,
                                                                                "2025-01-31")


def test_a_list_saved_by_excel_on_a_chinese_windows_is_read_and_rows_keep_their_numbers(tmp_path):
    """Excel on a Chinese Windows saves CSV in GB18030 (GBK), and people leave blank rows:
    the list is read all the same, and a bad row is named by the number the sheet shows."""
    path = tmp_path / "应报名单.csv"
    path.write_bytes("\n名称,类型,起始年度\n古浪县人民政府,人民政府,2021\n\n古浪县教育局,部门,二〇二一\n".encode("gb18030"))
    with pytest.raises(UsageError, match="第5行"):
        read_jurisdiction_table(path)
    path.write_bytes("名称,类型\n古浪县人民政府,人民政府\n古浪县教育局,部门\n".encode("gb18030"))
    assert [r.name for r in read_jurisdiction_table(path)] == ["古浪县人民政府", "古浪县教育局"]
