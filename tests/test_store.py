"""The store on its own: the migrated schema, one source per transaction, history, failures.

Every test runs on SQLite and on a throwaway PostgreSQL cluster (``db_target``, conftest.py),
with reports extracted from the bundled examples by the real pipeline.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import gongkai
from conftest import head_revision
from gongkai.errors import UsageError
from gongkai.store import Ingested, open_store, url_for
from gongkai.store.schema import VIEWS, in_schema, metadata

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
COUNTY = EXAMPLES / "county-2023-tabs.txt"
TOWNSHIP = EXAMPLES / "township-2020-trial-format.txt"


def _ingested(path: Path, sha256: str = "a" * 64, source: Path | None = None) -> Ingested:
    """The real pipeline's results for ``source`` (default: ``path``), to be stored as ``path``."""
    report = gongkai.extract(source or path)
    return Ingested(str(path), sha256, 100, "text", report, gongkai.check(report))


def _rows(store, query: str) -> list[tuple]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(query))]


def test_the_migrations_build_exactly_the_schema_the_code_uses(db_target):
    with open_store(db_target) as store, store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": in_schema})
        assert compare_metadata(context, metadata) == []
        assert set(VIEWS) <= set(sa.inspect(conn).get_view_names())
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == head_revision()
    with open_store(db_target) as store:  # opening again migrates nothing and loses nothing
        assert _rows(store, "SELECT count(*) FROM alembic_version") == [(1,)]


def test_sqlite_is_opened_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path):
    with open_store(tmp_path / "a.db") as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 1000
        with pytest.raises(sa.exc.IntegrityError):  # a cell of no report is refused
            conn.execute(sa.text("INSERT INTO cells (report_id, key, uncertain, confidence, method) "
                                 "VALUES (999, 't3.x', 0, 1.0, 'cell')"))


def test_a_report_is_stored_cell_by_cell_with_its_provenance_and_findings(db_target):
    item = _ingested(COUNTY)
    with open_store(db_target) as store:
        run = store.start_run([str(COUNTY)], 1)
        assert store.record(run, item) == "new"
        stored = {r[0]: r[1:] for r in _rows(store, "SELECT key, value, uncertain, method, line, col_start, col_end, "
                                                    "printed, reason FROM current_cells")}
        report = item.report
        assert set(stored) == set(report.cells) and len(stored) > 150
        for key, value in report.cells.items():
            p = report.provenance[key]
            got = stored[key]
            assert (None if got[0] is None else float(got[0]), bool(got[1]), *got[2:]) == (
                None if value is None else float(value), p.uncertain, p.method, p.line,
                p.col[0] if p.col else None, p.col[1] if p.col else None, p.text, p.reason), key
        meta = _rows(store, "SELECT agency, year, format, published, body_type, title, meta FROM current_reports")
        assert meta == [(report.meta["agency"], report.meta["year"], report.meta["format"], report.meta["published"],
                         report.meta["body_type"], report.meta["title"], json.dumps(report.meta, ensure_ascii=False))]
        sid = _rows(store, "SELECT id FROM sources")[0][0]
        back = store.findings_of({sid: "shown.txt"})
    assert item.findings and [f.code for f in back] == [f.code for f in item.findings]
    assert [(f.message, f.line, f.cells, f.severity, f.source) for f in back] == \
           [(f.message, f.line, f.cells, f.severity, "shown.txt") for f in item.findings]


def test_a_changed_file_is_a_new_version_and_the_old_one_is_kept_as_history(db_target):
    with open_store(db_target) as store:
        run = store.start_run(["x"], 1)
        store.record(run, _ingested(COUNTY, "a" * 64))
        assert store.record(run, _ingested(COUNTY, "a" * 64)) == "unchanged"  # same content: nothing written
        assert store.record(run, _ingested(COUNTY, "b" * 64, source=TOWNSHIP)) == "changed"
        assert _rows(store, "SELECT id, sha256, superseded_by FROM sources ORDER BY id") == [
            (1, "a" * 64, 2), (2, "b" * 64, None)]
        reports = _rows(store, "SELECT id, source_id, year, is_current, superseded_by FROM reports ORDER BY id")
        assert [(r[0], r[1], bool(r[3]), r[4]) for r in reports] == [(1, 1, False, 2), (2, 2, True, None)]
        assert _rows(store, "SELECT DISTINCT report_id FROM current_cells") == [(2,)]
        assert _rows(store, "SELECT count(DISTINCT report_id) FROM cells") == [(2,)]  # history keeps its cells
        assert store.latest([str(COUNTY)])[str(COUNTY)].sha256 == "b" * 64


def test_an_unreadable_source_is_stored_as_failed_with_its_reason(db_target):
    with open_store(db_target) as store:
        run = store.start_run(["x"], 1)
        assert store.record(run, Ingested("/data/bad.pdf", "c" * 64, 7, error="not a PDF: no header")) == "new"
        assert _rows(store, "SELECT path, error FROM failed_sources") == [("/data/bad.pdf", "not a PDF: no header")]
        assert _rows(store, "SELECT count(*) FROM reports") == [(0,)]
        # … and when the file is mended, the readable version replaces it as the current one
        store.record(run, _ingested(Path("/data/bad.pdf"), "d" * 64, source=COUNTY))
        assert _rows(store, "SELECT count(*) FROM failed_sources") == [(0,)]
        assert _rows(store, "SELECT path FROM current_reports") == [("/data/bad.pdf",)]


def test_a_target_is_a_sqlite_path_or_a_postgresql_url():
    assert url_for("postgresql://u@h:5/db").drivername == "postgresql+psycopg"
    assert url_for("dir/x.db").drivername == "sqlite+pysqlite"
    assert url_for("dir/x.db").database.endswith("/dir/x.db")


def test_a_database_that_cannot_be_opened_is_a_usage_error(tmp_path):
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("这不是数据库" * 200, encoding="utf-8")
    with pytest.raises(UsageError, match="无法打开数据库 / cannot open database"):
        open_store(not_a_db)
    with pytest.raises(UsageError, match="无法打开数据库 / cannot open database"):
        open_store("postgresql://nobody@127.0.0.1:1/none")


def test_the_core_package_imports_without_the_store():
    code = "import sys, gongkai, gongkai.api, gongkai.cli; assert 'sqlalchemy' not in sys.modules, 'sqlalchemy'"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_a_findings_place_in_the_source_is_stored_and_read_back(db_target):
    """What a reviewer opens (a PDF's page and box, a Word table's row and column, an HTML
    paragraph's line, a text file's line and span) survives the store, field for field."""
    from gongkai.model import Finding, Location

    report = gongkai.extract(COUNTY)
    places = [Location(page=3, box=(72.0, 140.5, 120.25, 152.0)),
              Location(table=2, row=12, column=4),
              Location(source_line=87, paragraph=5),
              Location(source_line=40, col=(3, 9)),
              None]
    found = [Finding("T3003", "row-sum-mismatch", "error", "表三……", str(COUNTY), 40, ("t3.new_received.total",),
                     5, 6, (3, 9) if place is None or place.col else (0, 2), False, place) for place in places]
    with open_store(db_target) as store:
        run = store.start_run(["x"], 1)
        store.record(run, Ingested(str(COUNTY), "e" * 64, 1, "text", report, found))
        source_id = _rows(store, "SELECT id FROM sources")[0][0]
        back = store.findings_of({source_id: str(COUNTY)})
    assert [f.location for f in back] == places
    assert back == found
    with open_store(db_target) as store:
        assert _rows(store, "SELECT page, table_no, row_no, column_no, paragraph, source_line FROM findings "
                            "ORDER BY id")[:3] == [(3, None, None, None, None, None), (None, 2, 12, 4, None, None),
                                                   (None, None, None, None, 5, 87)]


@pytest.mark.parametrize("form", ["html", "docx"])
def test_a_structured_reports_cells_keep_every_place_column(db_target, form, tmp_path):
    """Cells read from a table (HTML, DOCX) carry their printed text, table, row, column and
    source line: each stored in its own column, whatever order a driver binds them in."""
    import random

    from generators.corpus_forms import SUFFIX, Blocks, render, t3_rows
    from generators.synth import random_cells
    from gongkai.spec import load_format

    spec = load_format("2021")
    blocks = Blocks()
    blocks.add("title", "某某县人民政府2024年政府信息公开工作年度报告")
    blocks.add("h", "三、收到和处理政府信息公开申请情况")
    blocks.add("table", t3_rows(random_cells(spec, random.Random(3)), spec))
    path = tmp_path / f"report{SUFFIX[form]}"
    path.write_bytes(render(blocks, form))
    item = _ingested(path)
    with open_store(db_target) as store:
        store.record(store.start_run([str(path)], 1), item)
        stored = {r[0]: r[1:] for r in _rows(store, "SELECT key, line, col_start, col_end, printed, table_no, row_no, "
                                                    "column_no, paragraph, source_line FROM cells")}
    placed = 0
    for key, p in item.report.provenance.items():
        if p.line is None:
            continue
        assert stored[key] == (p.line, *p.col, p.text, p.table, p.row, p.column, p.paragraph, p.source_line), key
        placed += p.table is not None
    assert placed > 100


def test_cells_read_back_for_the_cross_year_pass_are_the_values_extraction_gave(db_target):
    """Counts come back as int, amounts as the float stored (SQLite's JSON would print 15
    digits: those are read exactly; PostgreSQL's NUMERIC keeps 4 decimals), NULL as None, and
    the uncertain keys as stored."""
    from gongkai.store.series import load_reports

    report = gongkai.extract(COUNTY)
    keys = sorted(report.cells)
    odd = {keys[0]: 0.1 + 0.2, keys[1]: 12.35, keys[2]: 804.0, keys[3]: None, keys[4]: 7}
    report.cells.update(odd)
    with open_store(db_target) as store:
        store.record(store.start_run(["x"], 1), Ingested(str(COUNTY), "e" * 64, 100, "text", report, []))
        (stored,) = load_reports(store, [1])
    expected = {k: (int(v) if isinstance(v, float) and v.is_integer() else v) for k, v in report.cells.items()}
    expected[keys[0]] = 0.3 if db_target.startswith("postgresql://") else 0.30000000000000004
    assert stored.cells == expected
    assert type(stored.cells[keys[2]]) is int and stored.cells[keys[1]] == 12.35
    assert stored.uncertain == {k for k in report.cells if report.provenance[k].uncertain}
