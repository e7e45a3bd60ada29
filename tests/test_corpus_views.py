"""`gongkai export`, `compare` and `indicators` on a store filled by `api.audit`.

The store holds generated reports of seven bodies in two regions over two years, printed in
several layouts, with planted faults whose indicator values are worked out by hand below:
a department and a government published late, a table 三 row that does not add up, a
narrative that misstates 本年新收, and a report whose 予以公开/部分公开 applicant cells are
merged blank. Every test runs on SQLite and on a throwaway PostgreSQL (``db_target``).
"""

from __future__ import annotations

import csv
import json
import random
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from conftest import run_cli
from generators.synth import blank_merged_outcomes, random_cells, render
from gongkai import api
from gongkai.corpus.grouping import Grouped
from gongkai.corpus.indicators import ReportFacts, compute
from gongkai.store import url_for
from gongkai.store.schema import cells as cells_table
from gongkai.store.schema import reports, sources

pytestmark = pytest.mark.integration

HONGZE = ["淮安市洪泽区人民政府", "淮安市洪泽区公安局", "淮安市洪泽区教育局", "淮安市洪泽区财政局",
          "淮安市洪泽区卫生健康委员会"]
LUOSHAN = ["罗山县人民政府", "罗山县子路镇人民政府"]
BODIES = HONGZE + LUOSHAN
YEARS = (2022, 2023)
LAYOUTS = ("tabs", "pipes", "spaces", "tabs-merged-labels")


def _write(folder: Path) -> dict[tuple[str, int], dict]:
    """The planted reports under ``folder``; returns each (body, year)'s generated cells."""
    from gongkai.spec import load_format

    spec = load_format("2021")
    truth = {}
    for i, body in enumerate(BODIES):
        for year in YEARS:
            rng = random.Random(i * 100 + year)
            cells = random_cells(spec, rng)
            variants: set[str] = set()
            if (body, year) == ("罗山县子路镇人民政府", 2022):
                blank_merged_outcomes(cells, spec)
                variants.add("merged-outcome-cells")
            if (body, year) == ("淮安市洪泽区教育局", 2023):
                cells["t3.new_received.natural_person"] += 1  # the row no longer adds up (T3003)
            text = render(cells, spec, LAYOUTS[i % len(LAYOUTS)], rng, body, year, variants=variants)
            if (body, year) == ("淮安市洪泽区公安局", 2023):  # a department: due 31 January
                text = re.sub(r"2024年1月\d+日", "2024年3月1日", text)
            if (body, year) == ("罗山县人民政府", 2023):  # a government: due 31 March
                text = re.sub(r"2024年1月\d+日", "2024年4月2日", text)
            if (body, year) == ("淮安市洪泽区财政局", 2023):  # the narrative misstates 本年新收 (X001)
                n = cells["t3.new_received.total"]
                text = text.replace(f"本年新收政府信息公开申请{n}件", f"本年新收政府信息公开申请{n + 7}件")
            (folder / f"{i}-{year}.txt").write_text(text, encoding="utf-8")
            truth[body, year] = cells
    return truth


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> tuple[Path, dict[tuple[str, int], dict]]:
    folder = tmp_path_factory.mktemp("planted")
    return folder, _write(folder)


@pytest.fixture
def store(planted, db_target) -> str:
    folder, _ = planted
    summary = api.audit([folder], db=db_target, jobs=1)
    assert summary.new == len(BODIES) * len(YEARS) and not summary.errors
    return db_target


def stored_cells(target: str) -> dict[tuple[int, str], tuple]:
    """(report id, key) → (value, uncertain, method, printed) as the store holds them."""
    engine = sa.create_engine(url_for(target))
    try:
        with engine.connect() as conn:
            return {(r.report_id, r.key): (r.value, r.uncertain, r.method, r.printed)
                    for r in conn.execute(sa.select(cells_table))}
    finally:
        engine.dispose()


def report_ids(target: str) -> dict[int, tuple[str, int]]:
    engine = sa.create_engine(url_for(target))
    try:
        with engine.connect() as conn:
            return {r.id: (r.agency, r.year) for r in conn.execute(
                sa.select(reports.c.id, reports.c.agency, reports.c.year).join(sources))}
    finally:
        engine.dispose()


# -- export ---------------------------------------------------------------------------------

def test_cells_exported_to_csv_and_parquet_read_back_equal_to_the_store(store, tmp_path):
    stored = stored_cells(store)
    out_csv, out_pq = tmp_path / "cells.csv", tmp_path / "cells.parquet"
    assert api.export(store, "cells", "csv", out_csv) == len(stored) == 14 * 200
    assert out_csv.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Chinese
    with open(out_csv, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    from_csv = {(int(r["report_id"]), r["key"]): (None if r["value"] == "" else float(r["value"]),
                                                  r["uncertain"] == "true", r["method"], r["printed"] or None)
                for r in rows}
    assert from_csv == stored
    assert any("洪泽区" in r["agency"] for r in rows)

    assert api.export(store, "cells", "parquet", out_pq) == len(stored)
    table = pq.read_table(out_pq)
    assert table.schema.field("value").type == pa.float64() and table.schema.field("uncertain").type == pa.bool_()
    assert table.schema.field("report_id").type == pa.int64() and table.schema.field("key").type == pa.string()
    data = table.to_pydict()
    from_parquet = {(i, k): (v, u, m, p) for i, k, v, u, m, p in zip(
        data["report_id"], data["key"], data["value"], data["uncertain"], data["method"], data["printed"], strict=True)}
    assert from_parquet == stored


def test_wide_cells_have_one_row_per_report_and_a_column_per_key(store, tmp_path, planted):
    _, truth = planted
    ids = report_ids(store)
    for to in ("csv", "parquet"):
        out = tmp_path / f"wide.{to}"
        assert api.export(store, "cells", to, out, wide=True) == len(ids)
        if to == "csv":
            with open(out, encoding="utf-8-sig", newline="") as f:
                rows = [{k: (None if v == "" else v) for k, v in r.items()} for r in csv.DictReader(f)]
        else:
            rows = pq.read_table(out).to_pylist()
        assert len(rows) == len(ids)
        assert list(rows[0])[:8] == ["report_id", "path", "agency", "body_key", "year", "format",
                                     "t2.regulations.made", "t2.regulations.repealed"]
        for row in rows:
            cells = truth[row["agency"], int(row["year"])]
            for key, value in cells.items():
                got = row[key]
                assert (None if got is None else float(got)) == (None if value is None else float(value)), (row, key)


def test_export_filters_by_year_and_body_and_exports_findings(store, tmp_path):
    out = tmp_path / "reports.csv"
    done = run_cli("export", "--db", store, "--what", "reports", "--year", "2023", "--body", "洪泽区", "-o", out)
    assert done.returncode == 0 and "已导出 5 行" in done.stderr
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["agency"] for r in rows) == sorted(HONGZE) and {r["year"] for r in rows} == {"2023"}
    assert {r["published"] for r in rows if r["agency"] == "淮安市洪泽区公安局"} == {"2024-03-01"}

    found = tmp_path / "findings.parquet"
    api.export(store, "findings", "parquet", found, years=[2023])
    table = pq.read_table(found).to_pylist()
    assert {(r["agency"], r["code"]) for r in table} >= {("淮安市洪泽区教育局", "T3003"), ("淮安市洪泽区财政局", "X001")}
    assert {r["year"] for r in table} == {2023} and all(isinstance(r["artifact"], bool) for r in table)


def test_export_usage_faults_are_one_line_exit_2(store, tmp_path):
    wide = run_cli("export", "--db", store, "--what", "findings", "--wide", "-o", tmp_path / "x.csv")
    assert wide.returncode == 2 and wide.stderr.count("\n") == 1 and "--wide" in wide.stderr
    years = run_cli("export", "--db", store, "--what", "cells", "--year", "20x3", "-o", tmp_path / "x.csv")
    assert years.returncode == 2 and "cannot read years" in years.stderr
    nowhere = run_cli("export", "--db", store, "--what", "cells", "-o", tmp_path / "no" / "x.csv")
    assert nowhere.returncode == 2 and "cannot write" in nowhere.stderr


# -- compare ---------------------------------------------------------------------------------

def test_compare_gives_the_stored_cells_per_body_and_their_sums_per_region(store, planted):
    _, truth = planted
    keys = ["t3.new_received.total", "t4.review.corrected", "t3.granted.natural_person"]
    by_body = api.compare(store, keys)
    assert by_body.groups() == sorted(BODIES) and by_body.years() == list(YEARS)
    for (body, year), figures in by_body.figures.items():
        for key in keys:
            expected = truth[body, year][key]
            assert figures[key].value == expected and figures[key].n == (expected is not None), (body, year, key)
    by_region = api.compare(store, keys, by="region", years=[2023])
    assert by_region.groups() == ["江苏省淮安市洪泽区", "河南省信阳市罗山县"]
    hongze = by_region.figures["江苏省淮安市洪泽区", 2023]["t3.new_received.total"]
    assert hongze.value == sum(truth[b, 2023]["t3.new_received.total"] for b in HONGZE) and hongze.n == 5
    # the 罗山县子路镇 2022 report merged its 予以公开 applicant cells: a blank, not a zero
    luoshan_2022 = api.compare(store, ["t3.granted.natural_person"], by="region", body="罗山县")
    figure = luoshan_2022.figures["河南省信阳市罗山县", 2022]["t3.granted.natural_person"]
    assert figure.n == 1 and figure.value == truth["罗山县人民政府", 2022]["t3.granted.natural_person"]


def test_compare_csv_and_table_carry_the_forms_labels(store, tmp_path):
    done = run_cli("compare", "--db", store, "--keys", "t3.new_received.total,t4.review.total", "--to", "csv",
                   "--years", "2022-2023", "--body", "罗山县")
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(done.stdout.splitlines()))
    assert rows[0] == ["机关", "年度", "一、本年新收申请·总计", "行政复议·总计"] and len(rows) == 5
    out = tmp_path / "compare.csv"
    to_file = run_cli("compare", "--db", store, "--keys", "t3.new_received.total", "--to", "csv", "-o", out)
    assert to_file.returncode == 0 and to_file.stdout == ""
    assert out.read_bytes().startswith("\ufeff机关,年度".encode())  # a file for Excel: with the BOM
    table = run_cli("compare", "--db", store, "--keys", "t3.new_received.total", "--by", "region")
    assert table.returncode == 0 and "一、本年新收申请·总计" in table.stdout and "(5份)" in table.stdout


def test_an_alias_is_no_key_and_gets_a_did_you_mean(store):
    done = run_cli("compare", "--db", store, "--keys", "t3.total.new")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "unknown cell key 't3.total.new'; did you mean t3.new_received.total" in done.stderr
    nothing = run_cli("compare", "--db", store, "--keys", "zzz")
    assert nothing.returncode == 2 and "keys are like t3.new_received.total" in nothing.stderr
    assert run_cli("compare", "--db", store, "--keys", "t3.new_received.total", "--by", "county").returncode == 2


def test_charts_are_drawn_with_chinese_labels(store, tmp_path):
    svg, png = tmp_path / "c.svg", tmp_path / "c.png"
    for path in (svg, png):
        done = run_cli("compare", "--db", store, "--keys", "t3.new_received.total", "--by", "region", "--chart", path)
        assert done.returncode == 0, done.stderr
    text = svg.read_text(encoding="utf-8")
    for label in ("一、本年新收申请·总计", "淮安市洪泽区", "罗山县", "予以公开", "不予公开", "2023年 办理结果构成"):
        assert label in text, label
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
    from matplotlib import image

    pixels = image.imread(png)
    assert pixels.shape[0] > 600 and pixels.std() > 0.05  # drawn, not a blank canvas
    bad = run_cli("compare", "--db", store, "--keys", "t3.new_received.total", "--chart", tmp_path / "c.gif")
    assert bad.returncode == 2 and ".png or .svg" in bad.stderr


def test_no_cjk_font_is_a_clear_error(monkeypatch, tmp_path):
    from gongkai.output import charts

    monkeypatch.setattr(charts, "CJK_FONTS", ("No Such Font SC",))
    with pytest.raises(charts.ChartError, match="fonts-wqy-microhei"):
        charts.draw(tmp_path / "c.png", {"x": {"a": {2023: 1.0}}}, {}, "", "body")
    assert not (tmp_path / "c.png").exists()


# -- indicators ------------------------------------------------------------------------------

def _values(target: str, **options) -> dict[tuple[str, int, str], tuple]:
    definitions, values = api.indicators(target, **options)
    assert [d.code for d in definitions] == ["timeliness", "completeness", "arithmetic", "consistency", "repetition"]
    return {(v.group, v.year, v.indicator): (v.share, v.n, v.rank) for v in values}


def test_indicators_by_region_are_the_hand_counted_shares(store):
    v = _values(store, by="region", years=[2023])
    # 洪泽区 2023: five reports, the 公安局 late, the 教育局's row does not add up, the 财政局's text
    # misstates its table; 罗山县 2023: two reports, the government late (after 31 March)
    assert v["江苏省淮安市洪泽区", 2023, "timeliness"] == (0.8, 5, 1)
    assert v["江苏省淮安市洪泽区", 2023, "arithmetic"] == (0.8, 5, 1)
    assert v["江苏省淮安市洪泽区", 2023, "consistency"] == (0.8, 5, 1)
    assert v["江苏省淮安市洪泽区", 2023, "completeness"] == (1.0, 5, 1)
    # the government late; the township has no statutory deadline (条例第四十九条): not counted
    assert v["河南省信阳市罗山县", 2023, "timeliness"] == (0.0, 1, None)  # n under 5: shown, never ranked
    assert v["河南省信阳市罗山县", 2023, "arithmetic"] == (1.0, 2, None)
    # each 2023 report has its body's 2022 report to compare with, and the generator prints one
    # narrative template every year: each is flagged as copied from last year (Y004)
    assert v["江苏省淮安市洪泽区", 2023, "repetition"] == (1.0, 5, 1)
    assert {y for _, y, _ in v} == {2023}


def test_completeness_counts_blank_cells_and_min_sample_decides_ranks(store):
    v = _values(store, by="region", years=[2022], min_sample=2)
    # 罗山县子路镇 2022 merged 予以公开/部分公开's six applicant columns each: 12 of 200 cells blank
    assert v["河南省信阳市罗山县", 2022, "completeness"] == (pytest.approx((1.0 + 188 / 200) / 2), 2, 2)
    assert v["江苏省淮安市洪泽区", 2022, "completeness"] == (1.0, 5, 1)
    by_body = _values(store, by="body", years=[2023], min_sample=1)
    # four on time share rank 1 (the township has no statutory deadline: not ranked)
    assert by_body["淮安市洪泽区公安局", 2023, "timeliness"] == (0.0, 1, 5)
    assert by_body["罗山县人民政府", 2023, "timeliness"] == (0.0, 1, 5)
    assert by_body["淮安市洪泽区人民政府", 2023, "timeliness"] == (1.0, 1, 1)


def test_indicators_command_formats(store):
    text = run_cli("indicators", "--db", store, "--by", "region", "--year", "2023")
    assert text.returncode == 0, text.stderr
    assert "按时发布率" in text.stdout and "样本不足" in text.stdout and "第1名" in text.stdout
    flat = text.stdout.replace("\n", "")  # rich wraps the definitions at the width of a pipe (80)
    assert "次年1月31日" in flat and "published on time" in flat
    data = json.loads(run_cli("indicators", "--db", store, "--format", "json", "--min-sample", "1").stdout)
    assert data["min_sample"] == 1 and len(data["definitions"]) == 5
    late = [x for x in data["values"] if x["indicator"] == "timeliness" and x["share"] == 0.0]
    assert {x["group"] for x in late} == {"淮安市洪泽区公安局", "罗山县人民政府"}
    rows = list(csv.reader(run_cli("indicators", "--db", store, "--format", "csv").stdout.splitlines()))
    assert rows[0] == ["group", "year", "indicator", "名称", "share", "n", "rank"] and len(rows) == 1 + 7 * 2 * 5


def test_repetition_counts_only_reports_whose_previous_year_is_stored():
    def facts(i: int, agency: str, year: int, codes: set[str]) -> ReportFacts:
        return ReportFacts(i, Grouped(agency, "甲县"), year, "department", None, "2021", 200, False, frozenset(codes),
                           frozenset())

    series = [facts(1, "甲县财政局", 2021, set()), facts(2, "甲县财政局", 2022, {"Y099"}),
              facts(3, "甲县财政局", 2023, set()), facts(4, "甲县教育局", 2023, {"Y099"}),  # 2022 missing
              facts(5, "甲县教育局", 2021, set())]
    values = {(v.group, v.year, v.indicator): (v.share, v.n) for v in compute(series, "region", 1, frozenset({"Y099"}))}
    assert values["甲县", 2021, "repetition"] == (None, 0)  # no earlier year stored
    assert values["甲县", 2022, "repetition"] == (1.0, 1)
    assert values["甲县", 2023, "repetition"] == (0.0, 1)  # the 教育局's 2023 has no 2022 to compare with
    assert values["甲县", 2023, "timeliness"] == (None, 0)  # no printed dates


def test_expected_cells_follow_the_format_and_a_one_row_other():
    from gongkai.corpus.indicators import expected_cells
    from gongkai.spec import load_format

    assert expected_cells("2021", False) == 200 == len(load_format("2021").keys())
    assert expected_cells("2021", True) == 200 - 3 * 7 + 7  # （六） printed as one row replaces its three
    assert expected_cells("2019", False) == len(load_format("2019").keys())


def test_exports_stream_a_bounded_chunk_at_a_time(store, monkeypatch):
    """Memory stays flat: the store hands rows on in chunks of at most CHUNK (cells) and
    WIDE_ROWS (reports), whatever the store's size (measured in docs/performance.md)."""
    from gongkai.store import export as stored

    monkeypatch.setattr(stored, "CHUNK", 300)
    monkeypatch.setattr(stored, "WIDE_ROWS", 4)
    engine = sa.create_engine(url_for(store))
    try:
        sizes = [len(c) for c in stored.chunks(engine, "cells")]
        assert sum(sizes) == 14 * 200 and max(sizes) <= 300 and len(sizes) >= 10
        wide = list(stored.wide_chunks(engine, ["t3.new_received.total"]))
        assert [len(c) for c in wide] == [4, 4, 4, 2]
        assert len({row[0] for c in wide for row in c}) == 14  # no report split over two rows
    finally:
        engine.dispose()
