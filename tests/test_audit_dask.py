"""`gongkai audit --engine dask`: the audit's first pass on a Dask cluster.

The Dask engine must give the database the local engine gives, table by table (ids, run
ids and timestamps aside), whatever happens to its workers: a worker killed mid-run loses
no source and stores none twice, an item that hangs or kills its worker is recorded as
failed and never blocks the run. Runs on a real ``LocalCluster`` (2 single-threaded
workers) over a generated corpus; the store is SQLite (its PostgreSQL path is the local
audit's, tested in test_audit.py).
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from conftest import run_cli
from generators.corpus import write_corpus
from gongkai import api
from gongkai.store import url_for
from gongkai.store.schema import bodies, reports
from test_audit import dump

pytestmark = pytest.mark.integration

distributed = pytest.importorskip("distributed")
from gongkai.distributed import CRASHED, PART_CRASHED, as_done, plan

CORPUS_SIZE = 32


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Text, HTML, DOCX and PDF reports of one region over four years, a bad file among them."""
    root = tmp_path_factory.mktemp("corpus")
    write_corpus(root, seed=2, size=CORPUS_SIZE)
    return root


@pytest.fixture(scope="module")
def local(corpus, tmp_path_factory) -> tuple[dict[str, list[tuple]], list[dict]]:
    """The local engine's database and findings (JSON) for the corpus."""
    target = str(tmp_path_factory.mktemp("local") / "local.db")
    done = run_cli("audit", corpus, "--db", target, "--jobs", "1", "--format", "json", timeout=300)
    assert done.returncode == 2, done.stderr  # the corpus's bad files
    return by_body(target), findings_of(done.stdout)


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes; a task is retried once after its worker dies
    (``allowed-failures`` 1, not 3: each death costs a worker restart, seconds here)."""
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, memory_limit="2GiB",
                                     dashboard_address=":0") as c, distributed.Client(c) as client:
        yield client


def by_body(target: str) -> dict[str, list[tuple]]:
    """``test_audit.dump`` with each report's body named by its key, not its id (ids follow
    the order the sources were stored in, which Dask does not keep), and the bodies table."""
    out = dump(target)
    engine = sa.create_engine(url_for(target))
    try:
        with engine.connect() as conn:
            keys = {r.id: r.key for r in conn.execute(sa.select(bodies))}
            out["bodies"] = sorted((tuple(r[1:]) for r in conn.execute(sa.select(bodies))), key=repr)
    finally:
        engine.dispose()
    at = 1 + [c.name for c in reports.columns if c.name not in ("id", "source_id", "superseded_by")].index("body_id")
    out["reports"] = sorted((r[:at] + (keys.get(r[at]),) + r[at + 1:] for r in out["reports"]), key=repr)
    return out


def findings_of(stdout: str) -> list[dict]:
    """Printed findings in a comparable order, without the other report's store id."""
    found = json.loads(stdout)
    for f in found:
        if f.get("other"):
            f["other"].pop("report_id")
    return sorted(found, key=lambda f: json.dumps(f, sort_keys=True, ensure_ascii=False))


def test_the_dask_engine_stores_exactly_what_the_local_engine_stores(corpus, local, tmp_path):
    """Through the command line, on a LocalCluster of its own (no --scheduler)."""
    target = str(tmp_path / "dask.db")
    done = run_cli("audit", corpus, "--db", target, "--engine", "dask", "--jobs", "2", "--format", "json",
                   timeout=300)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    stored, found = local
    assert by_body(target) == stored
    assert findings_of(done.stdout) == found
    assert len(stored["reports"]) >= CORPUS_SIZE * 0.8 and any(f["code"].startswith("Y") for f in found)
    again = run_cli("audit", corpus, "--db", target, "--engine", "dask", "--format", "json", timeout=300)
    assert f"未变 {len(stored['sources'])} 份" in again.stderr and by_body(target) == stored  # nothing read twice


def test_a_worker_killed_mid_run_loses_no_source_and_stores_none_twice(corpus, local, cluster, tmp_path):
    from workers import worker_pid

    pids = cluster.run(worker_pid)
    killed: list[tuple[int, int, int]] = []

    def progress(done: int, total: int) -> None:
        if done and not killed:  # the first sources are stored: kill a worker that has work
            busy = [w for w, keys in cluster.processing().items() if keys] or list(pids)
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed.append((pids[busy[0]], done, total))

    target = str(tmp_path / "killed.db")
    summary = api.audit([corpus], db=target, engine="dask", scheduler=cluster.scheduler.address, progress=progress)
    assert killed and killed[0][1] < killed[0][2], "the run ended before a worker could be killed"
    stored, _ = local
    assert by_body(target) == stored
    assert (summary.seen, summary.new) == (len(stored["sources"]), len(stored["sources"]))
    deadline = time.monotonic() + 60
    while killed[0][0] in cluster.run(worker_pid).values() or len(cluster.nthreads()) < 2:
        assert time.monotonic() < deadline, "the killed worker was not replaced"
        time.sleep(0.2)


def test_an_item_that_hangs_times_out_and_the_others_finish(cluster):
    from workers import hangs_on_three

    start = time.monotonic()
    out = list(as_done(hangs_on_three, list(range(8)), lambda n, reason: (n, reason), client=cluster, timeout=3))
    assert time.monotonic() - start < 60
    assert sorted(out, key=str) == sorted([n * 10 for n in range(8) if n != 3] + [(3, out[-1][1])], key=str) \
        if isinstance(out[-1], tuple) else False
    failed = [o for o in out if isinstance(o, tuple)]
    assert len(failed) == 1 and failed[0][0] == 3 and "超时" in failed[0][1] and "3 秒" in failed[0][1]


def test_an_item_that_kills_its_worker_is_recorded_failed_and_its_batch_mates_are_not(cluster):
    from workers import dies_on_three

    out = list(as_done(dies_on_three, list(range(6)), lambda n, reason: (n, reason), client=cluster,
                       cheap=lambda n: True))  # one task of six: split when it keeps killing workers
    assert sorted(o for o in out if isinstance(o, int)) == [0, 10, 20, 40, 50]
    assert [o for o in out if isinstance(o, tuple)] == [(3, CRASHED)]


def test_a_split_item_is_its_parts_joined_and_a_part_that_kills_workers_fails_it_named(cluster):
    """Item 2: parts 0 and 1 (0 + 10); item 6: parts 0…5, part 3 (第 4 页) kills its worker."""
    from workers import split_when_even

    out = list(as_done(split_when_even, [1, 2, 6, 5], lambda n, reason: (n, reason), client=cluster))
    assert sorted(o for o in out if isinstance(o, int)) == [10, 10, 50]
    assert [o for o in out if isinstance(o, tuple)] == [(6, PART_CRASHED.format(part="第 4 页"))]


def test_a_part_that_dies_beside_the_killer_is_not_blamed():
    """Both parts of the item run on the one worker (two threads), so each death fails both:
    each is then run alone, and only the killer is named."""
    import dask

    from workers import a_page_beside_a_killer

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            distributed.LocalCluster(n_workers=1, threads_per_worker=2, memory_limit="2GiB",
                                     dashboard_address=":0") as c, distributed.Client(c) as client:
        out = list(as_done(a_page_beside_a_killer, [4], lambda n, reason: (n, reason), client=client))
    assert out == [(4, PART_CRASHED.format(part="第 2 页"))]


def test_cheap_items_go_many_to_a_task_and_costly_ones_alone_first():
    items = ["a.txt", "b.pdf", "c.html", "d.txt", "e.pdf"]
    assert plan(items, lambda p: not p.endswith(".pdf"), per_task=2) == [[1], [4], [0, 2], [3]]


def test_bad_engine_options_are_usage_errors(corpus, tmp_path):
    both = run_cli("audit", corpus, "--db", tmp_path / "x.db", "--scheduler", "tcp://127.0.0.1:9")
    assert both.returncode == 2 and "dask" in both.stderr and "Traceback" not in both.stderr
    nowhere = run_cli("audit", corpus, "--db", tmp_path / "y.db", "--engine", "dask", "--scheduler",
                      "tcp://127.0.0.1:9", timeout=120)
    assert nowhere.returncode == 2 and "无法连接 Dask 调度器 tcp://127.0.0.1:9" in nowhere.stderr
    assert "Traceback" not in nowhere.stderr
    unknown = run_cli("audit", corpus, "--db", tmp_path / "z.db", "--engine", "dask", "--scheduler",
                      "tcp://no-such-host.invalid:8786", timeout=120)
    assert unknown.returncode == 2 and "无法连接 Dask 调度器 tcp://no-such-host.invalid:8786" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    tls = run_cli("audit", corpus, "--db", tmp_path / "t.db", "--engine", "dask", "--scheduler", "tls://127.0.0.1:9",
                  timeout=120)  # without the TLS settings Dask needs for it
    assert tls.returncode == 2 and "无法连接 Dask 调度器 tls://127.0.0.1:9" in tls.stderr and "Traceback" not in tls.stderr
    for port in ("abc", "99999"):
        bad = run_cli("audit", corpus, "--db", tmp_path / "p.db", "--engine", "dask", "--scheduler",
                      f"tcp://127.0.0.1:{port}", timeout=120)
        assert bad.returncode == 2 and "端口无效" in bad.stderr and "Traceback" not in bad.stderr, bad.stderr


def test_a_scheduler_without_workers_is_a_usage_error_not_a_hang(corpus, tmp_path):
    from gongkai.errors import UsageError

    with distributed.LocalCluster(n_workers=0, dashboard_address=":0") as empty:
        start = time.monotonic()
        with pytest.raises(UsageError, match="没有可用的工作进程"):
            api.audit([corpus], db=str(tmp_path / "z.db"), engine="dask", scheduler=empty.scheduler_address)
        assert time.monotonic() - start < 60
