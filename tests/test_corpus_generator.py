"""The generated corpus (``generators/corpus.py``) is what the audit's tests trust: every
report reads back with the cells and dates it was given, the per-report rules find nothing
in any of them, and the manifest lists every planted problem — and nothing holds a problem
it does not list (the chains hold, the narratives differ, the dates are in time). Checked on
the files as written, through gongkai itself, in all four forms.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from generators.corpus import BAD_KINDS, MANIFEST, SPEC, write_changes, write_corpus
from generators.corpus_forms import FORMS
from gongkai import api

SIZE = 240


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus"), seed=3, size=SIZE)


@pytest.fixture(scope="module")
def extracted(corpus):
    """Each readable report as gongkai extracts it, with its findings, by relative path."""
    out = {}
    for g in corpus.reports:
        report = api.extract(corpus.root / g.path)
        out[g.path] = (report, api.check(report))
    return out


def test_every_report_reads_back_its_cells_and_dates(corpus, extracted):
    assert {g.form for g in corpus.reports} == set(FORMS)
    for g in corpus.reports:
        report, _ = extracted[g.path]
        wrong = {k: (report.cells.get(k), v) for k, v in g.cells.items() if report.cells.get(k) != v}
        assert not wrong, f"{g.path}: (got, want) {dict(list(wrong.items())[:5])}"
        assert (report.meta["agency"], report.meta["year"], report.meta["published"]) == (g.body.name, g.year,
                                                                                         g.published), g.path


def test_check_finds_nothing_but_the_planted_late_reports(corpus, extracted):
    """Per report, only lateness is planted (the rest needs two reports): a late department's
    or government's report is D001/D002, a township's has no statutory deadline."""
    rule = {"department": "D001", "office": "D001", "government": "D002"}
    late = {x["path"]: rule.get(x["kind"]) for x in corpus.manifest["problems"]["late"]}
    found = {path: [f"{f.code} {f.message}" for f in findings if late.get(path) != f.code]
             for path, (_, findings) in extracted.items()}
    assert not {path: f for path, f in found.items() if f}
    flagged = {path for path, (_, findings) in extracted.items() if findings}
    assert flagged == {path for path, code in late.items() if code}


def test_every_body_year_is_a_report_a_missing_one_or_a_bad_file(corpus):
    m = corpus.manifest
    p = m["problems"]
    slots = [(r["body"], r["year"]) for r in m["reports"]]
    slots += [(x["body"], x["year"]) for x in p["missing"]] + [(x["body"], x["year"]) for x in p["bad_files"]]
    assert sorted(slots) == sorted((b["name"], y) for b in m["bodies"] for y in m["years"])
    on_disk = {str(f.relative_to(corpus.root)) for f in corpus.root.rglob("*") if f.is_file()}
    assert on_disk == {r["path"] for r in m["reports"]} | {x["path"] for x in p["bad_files"]} | {MANIFEST}
    assert json.loads((corpus.root / MANIFEST).read_text(encoding="utf-8")) == m
    assert len(m["reports"]) > SIZE * 0.9
    assert all(p[kind] for kind in p), {k: len(v) for k, v in p.items()}  # each kind planted at least once
    assert {b["kind"] for b in m["bodies"]} == {"government", "office", "department", "township"}


def test_bad_files_are_unreadable(corpus):
    kinds = {x["kind"] for x in corpus.manifest["problems"]["bad_files"]}
    assert kinds == set(BAD_KINDS)
    for x in corpus.manifest["problems"]["bad_files"]:
        result = next(iter(api.check_all([corpus.root / x["path"]])))
        assert result.error, x


def _chain_breaks(before: dict, after: dict) -> set[str]:
    """The chains of one body's consecutive reports that do not hold."""
    out = {"carried_over" for c in (*SPEC.t3_parts, "total")
           if after[f"t3.carried_over.{c}"] != before[f"t3.carried_forward.{c}"]}
    t2 = "t2.normative_docs."
    if after[t2 + "in_force"] != before[t2 + "in_force"] + after[t2 + "made"] - after[t2 + "repealed"]:
        out.add("in_force")
    return out


def test_chains_break_exactly_where_the_manifest_says(corpus, extracted):
    by_body: dict[str, dict[int, str]] = defaultdict(dict)
    for g in corpus.reports:
        by_body[g.body.name][g.year] = g.path
    listed = defaultdict(set)
    for b in corpus.manifest["problems"]["cross_year_breaks"]:
        listed[(b["body"], b["years"][1])].add(b["kind"])
        before, after = (extracted[p][0].cells for p in b["paths"])
        prev_cell, cur_cell = b["cells"]["previous"][0], b["cells"]["current"][-1 if b["kind"] == "in_force" else 0]
        assert after[cur_cell] == b["printed"] != b["expected"], b
        if b["kind"] == "carried_over":
            assert before[prev_cell] == b["expected"]
    pairs = 0
    for body, years in by_body.items():
        for year, path in years.items():
            if year - 1 in years:
                pairs += 1
                broken = _chain_breaks(extracted[years[year - 1]][0].cells, extracted[path][0].cells)
                assert broken == listed.get((body, year), set()), (body, year)
    assert pairs > SIZE / 2


def _shingles(text: str, k: int = 5) -> set[str]:
    text = re.sub(r"\s", "", text)
    return {text[i:i + k] for i in range(len(text) - k + 1)}


def test_narratives_repeat_only_where_planted(corpus):
    by_key = {(g.body.name, g.year): g for g in corpus.reports}
    copied = {(c["body"], c["years"][1]) for c in corpus.manifest["problems"]["copied_narratives"]}
    for g in corpus.reports:
        last = by_key.get((g.body.name, g.year - 1))
        if last is None:
            assert (g.body.name, g.year) not in copied
            continue
        if (g.body.name, g.year) in copied:
            assert g.overview == last.overview
        else:
            a, b = _shingles(g.overview), _shingles(last.overview)
            assert len(a & b) / len(a | b) < 0.5, (g.path, last.path)
    # section 五: the same text exactly within each listed group, and nowhere else
    groups = corpus.manifest["problems"]["boilerplate"]
    in_group = {p for grp in groups for p in grp["paths"]}
    for grp in groups:
        assert len({by_path.problems for by_path in corpus.reports if by_path.path in grp["paths"]}) == 1
    texts = [g.problems for g in corpus.reports if g.path not in in_group]
    assert len(set(texts)) == len(texts)


def test_identical_tables_and_stale_sentences_are_printed_where_listed(corpus, extracted):
    problems = corpus.manifest["problems"]
    assert problems["identical_tables"] and problems["stale_text"]
    for same in problems["identical_tables"]:
        before, after = (extracted[p][0].cells for p in same["paths"])
        assert before == after and sum(1 for v in after.values() if v) >= 6, same
    by_key = {(g.body.name, g.year): g for g in corpus.reports}
    for stale in problems["stale_text"]:
        last, this = (by_key[(stale["body"], y)] for y in stale["years"])
        assert stale["sentence"].startswith(f"{last.year}年")
        for g in (last, this):
            printed = "".join(line.raw for line in api.read(corpus.root / g.path).lines)
            assert stale["sentence"] in re.sub(r"\s", "", printed), g.path


def test_late_reports_are_the_listed_ones(corpus):
    late = {x["path"]: x for x in corpus.manifest["problems"]["late"]}
    for g in corpus.reports:
        m, d = g.body.deadline
        deadline = f"{g.year + 1}-{m:02d}-{d:02d}"
        if g.path in late:
            assert g.published > deadline == late[g.path]["deadline"]
            if g.body.kind == "township":  # late by either deadline
                assert g.published > f"{g.year + 1}-03-31"
        else:
            assert g.published <= f"{g.year + 1}-01-31"


def test_changed_versions_differ_in_their_one_figure(corpus, extracted, tmp_path):
    shutil.copytree(corpus.root, tmp_path / "c")
    corpus = dataclasses.replace(corpus, root=tmp_path / "c")  # the other tests keep the first versions
    before = {f: hashlib.sha256(f.read_bytes()).hexdigest() for f in corpus.root.rglob("*") if f.is_file()}
    changed = {x["path"]: x for x in corpus.manifest["problems"]["changed"]}
    assert sorted(write_changes(corpus)) == sorted(changed)
    after = {f: hashlib.sha256(f.read_bytes()).hexdigest() for f in corpus.root.rglob("*") if f.is_file()}
    assert {str(f.relative_to(corpus.root)) for f in before if before[f] != after[f]} == set(changed)
    for path, x in changed.items():
        new = api.extract(corpus.root / path)
        old = extracted[path][0]
        diff = {k for k in old.cells if old.cells[k] != new.cells.get(k)}
        assert diff == {x["cell"]} and (old.cells[x["cell"]], new.cells[x["cell"]]) == (x["old"], x["new"])
        assert new.meta == old.meta and not api.check(new)


def test_same_seed_same_bytes(tmp_path):
    def written(root: Path) -> dict[str, str]:
        write_corpus(root, seed=9, size=24, forms={"docx": 1, "pdf": 1, "html": 1})
        return {str(f.relative_to(root)): hashlib.sha256(f.read_bytes()).hexdigest() for f in root.rglob("*")
                if f.is_file()}

    assert written(tmp_path / "a") == written(tmp_path / "b")
