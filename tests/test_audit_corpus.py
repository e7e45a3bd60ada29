"""The corpus audit end to end, on a region generated over four years with problems planted
and listed in its manifest (``tests/generators/corpus.py``): text, HTML, DOCX and PDF
reports of one region's bodies, audited into SQLite and into PostgreSQL.

Every planted problem must be found where it was planted — cross-year breaks (Y001, Y002),
narrative copied from last year (Y004), one section 五 printed by a county's townships (C004),
late reports (D001, D002, and coverage with the region's township deadline), missing
body-years (coverage against the jurisdiction list), changed versions (a second audit),
bad files (failed sources), tables equal to last year's (Y005), a sentence of last year's
report naming last year printed again (Y006) — and nothing else: any other finding is a
false one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import BACKENDS
from generators.corpus import Corpus, write_changes, write_corpus
from gongkai import api
from gongkai.corpus.bodies import identify

pytestmark = pytest.mark.integration

SEED, SIZE = 3, 200
# What each planted kind is found by (the national catalog; local rules stay off)
LATE_RULE = {"department": "D001", "office": "D001", "government": "D002"}  # townships: coverage only
BREAK_RULE = {"carried_over": "Y001", "in_force": "Y002"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    made = write_corpus(tmp_path_factory.mktemp("region"), seed=SEED, size=SIZE)
    problems = made.manifest["problems"]
    assert all(problems[k] for k in ("cross_year_breaks", "copied_narratives", "boilerplate", "late", "missing",
                                     "changed", "bad_files", "identical_tables", "stale_text")), \
        {k: len(v) for k, v in problems.items()}
    return made


@pytest.fixture(scope="module", params=BACKENDS)
def audited(request, corpus, tmp_path_factory) -> tuple[str, api.AuditSummary]:
    if request.param == "sqlite":
        target = str(tmp_path_factory.mktemp("region-db") / "audit.db")
    else:
        target = request.getfixturevalue("postgres_cluster").new_database()
    return target, api.audit([corpus.root], db=target, jobs=2)


def _rel(corpus: Corpus, path: str) -> str:
    return Path(path).resolve().relative_to(corpus.root.resolve()).as_posix()


def test_every_bad_file_is_a_failed_source_and_every_other_file_is_stored(corpus, audited):
    _, summary = audited
    bad = {b["path"] for b in corpus.manifest["problems"]["bad_files"]}
    assert {_rel(corpus, source) for source, _ in summary.errors} == bad
    assert summary.seen == len(corpus.manifest["reports"]) + len(bad) and summary.new == summary.seen


def test_every_planted_problem_is_found_and_nothing_else(corpus, audited):
    _, summary = audited
    problems = corpus.manifest["problems"]
    found: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))  # code → path → findings
    for f in summary.findings:
        found[f.code][_rel(corpus, f.source)].append(f)

    planted: dict[str, set[str]] = defaultdict(set)  # code → the paths it must flag, and only those
    for b in problems["cross_year_breaks"]:
        code, path = BREAK_RULE[b["kind"]], b["paths"][1]
        planted[code].add(path)
        named = {c for f in found[code][path] for c in f.cells}
        assert named & set(b["cells"]["current"]), (b, found[code][path])
        assert all(f.other is not None and _rel(corpus, f.other.source) == b["paths"][0] for f in found[code][path])
    for c in problems["copied_narratives"]:
        planted["Y004"].add(c["paths"][1])
    for same in problems["identical_tables"]:
        planted["Y005"].add(same["paths"][1])
        assert all(_rel(corpus, f.other.source) == same["paths"][0] for f in found["Y005"][same["paths"][1]])
    for stale in problems["stale_text"]:
        planted["Y006"].add(stale["paths"][1])
        quoted = _plain(stale["sentence"])[:30]  # the message quotes the sentence as the rules read it (，→ ,)
        assert any(quoted in _plain(f.message) for f in found["Y006"][stale["paths"][1]]), stale
    # C004: a section near-identical to those of four other bodies or more; every group prints
    # the generator's one template, so each is flagged once five bodies print it in all
    if len({b for group in problems["boilerplate"] for b in group["bodies"]}) >= 5:
        planted["C004"].update(p for group in problems["boilerplate"] for p in group["paths"])
    for late in problems["late"]:
        if late["kind"] in LATE_RULE:
            planted[LATE_RULE[late["kind"]]].add(late["path"])
    assert {code: set(paths) for code, paths in found.items()} == dict(planted)


def _plain(text: str) -> str:
    return re.sub(r"[，,。\s]", "", text)


def _keys(rows) -> set[tuple[str, int]]:
    return {(identify(r["body"]).key, r["year"]) for r in rows}


def test_coverage_against_the_bodies_list_finds_the_late_and_the_missing(corpus, audited, tmp_path):
    target, _ = audited
    listed = tmp_path / "应报名单.csv"
    listed.write_text("名称\n" + "".join(f"{b['name']}\n" for b in corpus.manifest["bodies"]), encoding="utf-8-sig")
    api.import_jurisdictions(listed, db=target)
    problems = corpus.manifest["problems"]
    local = {kind: day for kind, day in corpus.manifest["deadlines"].items() if kind == "township"}
    entries = api.coverage(db=target, deadlines=local).entries
    status = {(e.key, e.year): e.status for e in entries}
    # a body-year with only a bad file published nothing readable: missing as well
    assert {k for k, s in status.items() if s == "missing"} == _keys(problems["missing"]) | _keys(problems["bad_files"])
    assert {k for k, s in status.items() if s == "late"} == _keys(problems["late"])
    assert not {k for k, s in status.items() if s == "unexpected"}
    assert not [e for e in entries if e.changed]


def test_a_second_audit_after_changes_stores_new_versions_and_coverage_says_which(corpus, audited):
    target, first = audited
    changed = list(write_changes(corpus))
    try:
        again = api.audit([corpus.root], db=target, jobs=2)
        assert again.changed == len(changed) == len(corpus.manifest["problems"]["changed"])
        assert again.new == 0 and again.unchanged == first.seen - len(changed)
        marked = {(e.key, e.year) for e in api.coverage(db=target).entries if e.changed}
        assert marked == _keys(corpus.manifest["problems"]["changed"])
        assert sorted(f.code for f in again.findings) == sorted(f.code for f in first.findings)
    finally:  # the other back end audits the corpus as first written
        write_corpus(corpus.root, seed=SEED, size=SIZE)
