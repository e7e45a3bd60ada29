"""C004's near-duplicate search in the database (``store/lsh.py``), on SQLite and PostgreSQL.

The stored LSH bands must give exactly MinHashLSH's candidates (the database groups them,
no process holds the corpus's signatures), the confirmed neighbours exactly the local
``near_duplicates``, C004 in an audit exactly the rule over the same reports in memory, a
re-run after a change new C004 findings, and the pass's memory must not grow with the
number of reports.
"""

from __future__ import annotations

import hashlib
import random
import tracemalloc
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

from generators.corpus_text import BOILERPLATE, overview, problems
from generators.series import YearText, body_series, sentence
from gongkai import api
from gongkai.api.corpus_pass import cross_pass
from gongkai.corpus.bodies import identify
from gongkai.rules import check_corpus
from gongkai.rules.cross_text import BOILERPLATE_BODIES, BOILERPLATE_JACCARD, BOILERPLATE_LSH, MIN_BOILERPLATE_CHARS
from gongkai.rules.series import year_report
from gongkai.rules.shingles import (
    NUM_PERM,
    SCHEME,
    SEED,
    Signature,
    band_buckets,
    lsh_shape,
    near_duplicates,
    signature_bytes,
    signatures,
    similar_many,
)
from gongkai.store import open_store
from gongkai.store.lsh import fill_bands, near_sections
from gongkai.store.schema import bodies, lsh_bands, reports, runs, sketches, sources

pytestmark = pytest.mark.integration


def texts() -> list[str]:
    """Independent narratives, a county's boilerplate with each township's name put in, and
    copies of a few narratives with their figures changed: near duplicates of three kinds."""
    rng = random.Random(5)
    own = [overview(rng) + problems(rng) for _ in range(60)]
    shared = [f"{name}镇：{BOILERPLATE}" for name in ("黄羊", "武南", "清源", "永昌", "双城", "丰乐", "高坝", "金羊")]
    copied = [t.replace("。", "，共12件。", 1) for t in own[:5]]
    out = own + shared + copied
    rng.shuffle(out)
    return out


def put(store, sigs: list[Signature], *, checked: bool = True) -> list[int]:
    """Reports holding only what the corpus pass reads: each its own body, the year 2024, a
    file, section 五's sketch (long enough for C004). Their ids, in the order of ``sigs``."""
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        run = conn.execute(runs.insert().values(started=now, gongkai_version="test", paths="[]", jobs=1)
                           .returning(runs.c.id)).scalar_one()
        body_ids = conn.execute(bodies.insert().returning(bodies.c.id, sort_by_parameter_order=True), [
            {"key": f"620602/第{i:05d}镇", "name": f"第{i:05d}镇", "body_type": "government"}
            for i in range(len(sigs))]).scalars().all()
        source_ids = conn.execute(sources.insert().returning(sources.c.id, sort_by_parameter_order=True), [
            {"path": f"/corpus/{i:05d}.txt", "sha256": hashlib.sha256(str(i).encode()).hexdigest(), "size": 1,
             "status": "ok", "first_seen": now, "last_seen": now, "run_id": run} for i in range(len(sigs))]).scalars().all()
        ids = conn.execute(reports.insert().returning(reports.c.id, sort_by_parameter_order=True), [
            {"source_id": s, "year": 2024, "meta": "{}", "notes": "[]", "gongkai_version": "test", "is_current": True,
             "body_id": b, "facts": "{}", "series_checked": checked}
            for s, b in zip(source_ids, body_ids, strict=True)]).scalars().all()
        conn.execute(sketches.insert(), [{"report_id": rid, "section": "五", "chars": 100, "shingles": sig.size,
                                          "minhash": signature_bytes(sig)} for rid, sig in zip(ids, sigs, strict=True)])
    return list(ids)


def _every(left, right) -> list[bool]:
    """Every candidate confirmed: ``near_sections`` then names every candidate."""
    return [True] * len(left)


@pytest.mark.parametrize("threshold", [0.5, 0.8])  # Y004's share and C004's Jaccard similarity
def test_the_stored_bands_give_exactly_minhashlshs_candidates(db_target, threshold):
    from datasketch import LeanMinHash, MinHashLSH

    sigs = signatures(texts())
    bands, rows = lsh_shape(threshold)
    with open_store(db_target) as store:
        ids = put(store, sigs)
        assert fill_bands(store, MIN_BOILERPLATE_CHARS, partial(band_buckets, bands=bands, rows=rows)) == len(sigs)
        assert fill_bands(store, MIN_BOILERPLATE_CHARS, partial(band_buckets, bands=bands, rows=rows)) == 0  # once
        candidates = {n.report.report_id: {o.report_id for o in n.first}
                      for n in near_sections(store, "五", MIN_BOILERPLATE_CHARS, _every, shown=len(sigs))}
        confirmed = {n.report.report_id: n.bodies for n in near_sections(
            store, "五", MIN_BOILERPLATE_CHARS, partial(similar_many, threshold=threshold), shown=2)}
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    lean = [LeanMinHash(seed=SEED, hashvalues=s.values, scheme=SCHEME) for s in sigs]
    for i, m in enumerate(lean):
        lsh.insert(i, m)
    expected = {ids[i]: {ids[j] for j in lsh.query(m) if j != i} for i, m in enumerate(lean)}
    assert candidates == {k: v for k, v in expected.items() if v}
    local = near_duplicates(sigs, threshold)
    assert confirmed == {ids[i]: len(near) for i, near in enumerate(local) if near}
    assert sum(confirmed.values()) >= 8 * 7 + 2 * 5  # the boilerplate and the copies were found


def test_the_bands_are_c004s_shape_and_equal_exactly_when_the_values_are():
    assert lsh_shape(BOILERPLATE_JACCARD) == BOILERPLATE_LSH
    sigs = signatures(texts()[:30])
    bands, rows = BOILERPLATE_LSH
    buckets = band_buckets([signature_bytes(s) for s in sigs], bands, rows)
    for a, sa_ in zip(sigs, buckets, strict=True):
        for b, sb in zip(sigs, buckets, strict=True):
            for band in range(bands):
                cut = slice(band * rows, (band + 1) * rows)
                assert (sa_[band] == sb[band]) == bool((a.values[cut] == b.values[cut]).all())


def _write(folder: Path, name: str, y: YearText) -> None:
    (folder / f"{name}-{y.year}.txt").write_text(y.text(0), encoding="utf-8")


def _c004(findings) -> list[tuple]:
    return sorted((Path(f.source).name, f.message, f.actual, Path(f.other.source).name, f.other.year)
                  for f in findings if f.code == "C004")


def test_c004_in_an_audit_is_the_rule_in_memory_and_follows_a_change(db_target, tmp_path):
    """Six streets print one section 五 (each has five others), two bodies their own; then
    one street rewrites its section, then another: four sharing are three others each, under
    the rule's four."""
    rng = random.Random(42)
    template = "".join(sentence(rng) for _ in range(4))
    streets = []
    for i in range(BOILERPLATE_BODIES + 2):
        [y] = body_series(40 + i, f"某某县第{i}街道办事处", range(2024, 2025))
        y.sections["五"] = f"{y.agency}：{template}"
        _write(tmp_path, f"street{i}", y)
        streets.append(y)
    for i, name in enumerate(("某某县人民政府", "某某县教育局")):
        [y] = body_series(60 + i, name, range(2024, 2025))
        _write(tmp_path, f"own{i}", y)
    first = api.audit([tmp_path], db=db_target, jobs=1)
    found = _c004(first.findings)
    assert [f[0] for f in found] == [f"street{i}-2024.txt" for i in range(6)]
    assert all(f[2] == 5 and "其他5个机关" in f[1] for f in found)
    in_memory = []
    for path in sorted(tmp_path.glob("*.txt")):
        report = api.extract(path)
        in_memory.append(year_report(report, identify(report.meta["agency"]).key))
    assert _c004(check_corpus(in_memory, select=["C004"])) == found
    streets[0].sections["五"] = "".join(sentence(rng) for _ in range(4))  # its own problems at last
    _write(tmp_path, "street0", streets[0])
    second = api.audit([tmp_path], db=db_target, jobs=1)
    assert second.changed == 1
    assert [(f[0], f[2]) for f in _c004(second.findings)] == [(f"street{i}-2024.txt", 4) for i in range(1, 6)]
    streets[1].sections["五"] = "".join(sentence(rng) for _ in range(4))
    _write(tmp_path, "street1", streets[1])
    assert _c004(api.audit([tmp_path], db=db_target, jobs=1).findings) == []


def _corpus(n: int) -> list[Signature]:
    """``n`` unrelated sections and one template printed by 40 bodies (each copy with ten
    of its 128 minima changed): the same findings whatever ``n``."""
    rng = np.random.default_rng(7)
    template = rng.integers(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    out = []
    for _ in range(40):
        values = template.copy()
        values[rng.choice(NUM_PERM, 10, replace=False)] = rng.integers(0, 1 << 32, 10, dtype=np.uint32)
        out.append(Signature(values, 200))
    out += [Signature(rng.integers(0, 1 << 32, NUM_PERM, dtype=np.uint32), 200) for _ in range(n)]
    return out


def _peak(target: str, n: int) -> tuple[int, int]:
    """The Python heap's peak over a first cross-year and corpus pass on ``n`` + 40 reports,
    and the corpus findings it stored."""
    with open_store(target) as store:
        put(store, _corpus(n), checked=False)
        tracemalloc.start()
        try:
            cross_pass(store)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        with store.engine.connect() as conn:
            found = conn.execute(sa.text("SELECT count(*) FROM findings WHERE code = 'C004'")).scalar_one()
            banded = conn.execute(sa.select(sa.func.count()).select_from(lsh_bands)).scalar_one()
        assert banded == (n + 40) * BOILERPLATE_LSH[0]
    return peak, found


# The pass's peak may grow by this much from N to 4N reports (N = 800: more than a chunk of
# report ids, ``SPAN``, and a page of bodies, ``BODIES_PER_PAGE``, which bound what it holds;
# measured: 3.2–3.5 MB at every N, the growth within the driver's and SQLAlchemy's caches).
# Holding the corpus's signatures, as before, grew ≈ 12 KB a report (≈ 29 MB here).
GROWTH = 1_000_000


def test_the_pass_memory_does_not_grow_with_the_number_of_reports(db_target, request, tmp_path):
    other = (str(tmp_path / "large.db") if "://" not in db_target
             else request.getfixturevalue("postgres_cluster").new_database())
    small = _peak(db_target, 800)
    large = _peak(other, 3200)
    assert small[1] == large[1] > 0  # the template's bodies were found in both
    assert large[0] - small[0] < GROWTH, (small, large)
