"""Search for Chinese over bodies' names and stored narrative texts, on SQLite and PostgreSQL:
generated reports of two bodies with sentences of their own are audited; words of two, three
and four characters and body names are found, absent words are not, a superseded version's
text no longer is, and each back end answers from its index (FTS5, GIN), not by a scan.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import sqlalchemy as sa

from generators.synth import generate, render
from gongkai import api
from gongkai.errors import UsageError
from gongkai.spec import load_format
from gongkai.store import open_store
from gongkai.store.search import grams, search

pytestmark = pytest.mark.integration

GOV, EDU = "武威市凉州区人民政府", "武威市凉州区教育局"
OWN = {GOV: "本年度推行网格化答复机制，行政复议案件全部依法办结。",
       EDU: "本年度开展校园开放日，未收到行政诉讼。"}


def write(path: Path, agency: str, year: int, sentence: str) -> None:
    """A generated report of ``agency`` whose section 六 says ``sentence``."""
    cells = dict(generate(41, layout="tabs", version="2021", variants=(), collapsed=False).cells)
    text = render(cells, load_format("2021"), "tabs", random.Random(41), agency, year)
    path.write_text(text.replace("本年度未收取信息处理费。", sentence), encoding="utf-8")


@pytest.fixture
def corpus(tmp_path, db_target) -> tuple[str, Path]:
    folder = tmp_path / "reports"
    folder.mkdir()
    write(folder / "gov.txt", GOV, 2024, OWN[GOV])
    write(folder / "edu.txt", EDU, 2023, OWN[EDU])
    api.audit([folder], db=db_target, jobs=1)
    return db_target, folder


def test_words_of_two_three_and_four_characters_and_body_names_are_found(corpus):
    db, _ = corpus
    two = api.search(db, "复议")
    assert {(h.body_name, h.year) for h in two if h.kind == "text"} >= {(GOV, 2024), (EDU, 2023)}  # both 一 say it
    own = [h for h in api.search(db, "网格化") if h.kind == "text"]
    assert [(h.body_name, h.year, h.section) for h in own] == [(GOV, 2024, "六")]
    assert own[0].marked().count("【网格化】") == 1
    assert own[0].snippet[own[0].marks[0][0]:own[0].marks[0][1]] == "网格化"
    assert [h.body_name for h in api.search(db, "开放日") if h.kind == "text"] == [EDU]
    assert [h.year for h in api.search(db, "校园 诉讼")] == [2023]  # every word, anywhere in the text
    bodies = [h for h in api.search(db, "教育局") if h.kind == "body"]
    assert [(h.body_name, h.body_key, h.report_id) for h in bodies] == [(EDU, "620602/教育局", None)]
    both = [h.body_name for h in api.search(db, "凉州") if h.kind == "body"]
    assert sorted(both) == sorted([GOV, EDU])
    assert [h.kind for h in api.search(db, "凉州", limit=50)][:2] == ["body", "body"]  # bodies first
    assert len(api.search(db, "公开", limit=3)) == 3


def test_absent_words_find_nothing(corpus):
    db, _ = corpus
    for absent in ("区块链", "飞船", "网格答复", "诉讼网格化", "教育局 网格化"):
        assert api.search(db, absent) == [], absent
    with pytest.raises(UsageError, match="至少两个字"):
        api.search(db, "网")
    with pytest.raises(UsageError, match="至少两个字"):
        api.search(db, "？！")


def test_the_index_follows_the_current_version(corpus):
    db, folder = corpus
    write(folder / "gov.txt", GOV, 2024, "本年度建立整改台账。")
    api.audit([folder], db=db, jobs=1)
    assert api.search(db, "网格化") == []
    assert [(h.body_name, h.section) for h in api.search(db, "整改台账")] == [(GOV, "六")]


def test_each_back_end_answers_from_its_index(corpus):
    """The query the search runs, explained: SQLite reads the FTS5 table by its index,
    PostgreSQL the GIN index (plain scans switched off: a table this small is cheaper to
    read whole, which says nothing about the index being usable for a corpus)."""
    db, _ = corpus
    with open_store(db) as store:
        seen: list[tuple[str, object]] = []
        sa.event.listen(store.engine, "before_cursor_execute",
                        lambda conn, cursor, statement, params, context, many: seen.append((statement, params)))
        assert search(store, "行政复议")
        statement, params = seen[-1]
        with store.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SET enable_seqscan = off")  # nor walk another index end to end
                conn.exec_driver_sql("SET enable_indexscan = off")
                plan = "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + statement, params))
                assert "ix_search_docs_grams" in plan, plan
            else:
                plan = "\n".join(str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params))
                assert "search_fts VIRTUAL TABLE INDEX" in plan
                assert "SCAN search_docs" not in plan


def test_texts_are_indexed_as_character_bigrams():
    assert grams("政府信息公开") == "政府 府信 信息 息公 公开"
    assert grams("第1项，共 2024 件") == "第1 1项 共 20 02 24 件"
    assert grams("—") == ""


def _docs(db: str) -> list[tuple]:
    with open_store(db) as store, store.engine.connect() as conn:
        return sorted(conn.exec_driver_sql("SELECT kind, report_id, body_id, section FROM search_docs").all(),
                      key=repr)


def test_the_audit_leaves_the_index_to_its_first_use(corpus):
    """An audit indexes nothing; the first search indexes every current report once (a second
    sync adds nothing, no text twice), and a changed version's texts replace the old ones."""
    db, folder = corpus
    assert _docs(db) == []
    assert api.index_search(db) > 0
    first = _docs(db)
    assert len(first) == len(set(first)) and {d[0] for d in first} == {"text", "body"}
    assert api.index_search(db) == 0 and _docs(db) == first
    write(folder / "gov.txt", GOV, 2024, "本年度建立整改台账。")
    api.audit([folder], db=db, jobs=1)
    assert _docs(db) == first  # still the old version's until used
    assert [(h.body_name, h.section) for h in api.search(db, "整改台账")] == [(GOV, "六")]
    after = _docs(db)
    old = {d[1] for d in first if d[0] == "text"} - {d[1] for d in after if d[0] == "text"}
    assert len(old) == 1 and len(after) == len(first)  # the superseded report's texts are gone, not kept
