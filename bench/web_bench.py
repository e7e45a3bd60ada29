#!/usr/bin/env python3
"""Load test of the review web app: many concurrent readers and a few uploaders against a
real local server (`gongkai serve`), for a bounded time.

Usage: python bench/web_bench.py [--readers 20] [--uploaders 2] [--seconds 30] [--db FILE]

Without ``--db`` a fresh SQLite store is filled with the bundled examples and the shared
seeds and corpus (../shared). A reviewer account is added, the server started on a free
port, and then, for ``--seconds``:

- each reader (an asyncio task with its own httpx client) fetches, one after the other,
  random pages: the overview, a body, a report (beside its source), a PDF page image;
- each uploader logs in and uploads the example reports in turn (each is checked and
  audited into the store on arrival, as a reviewer's upload is).

Printed: requests and errors per kind (an error is an exception or a status other than the
expected 200/303), latency percentiles (p50, p90, p99, max), and requests/s overall.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GONGKAI_SHARED", ROOT.parent / "shared"))
PASSWORD = "bench pass phrase"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _prepare(db: str | None, folder: Path) -> str:
    from gongkai import api
    from gongkai.errors import UsageError

    if db is None:
        db = str(folder / "bench.db")
        sources = [ROOT / "examples"] + [p for p in (SHARED / "seeds", SHARED / "corpus") if p.is_dir()]
        api.audit(sources, db=db, jobs=1)
    with contextlib.suppress(UsageError):  # the account is there from an earlier run
        api.add_user(db, "bench", "reviewer", PASSWORD)
    return db


def _start(db: str, port: int, folder: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, GONGKAI_SECRET="bench-secret", PYTHONPATH=str(ROOT))
    log = open(folder / "server.log", "wb")  # noqa: SIM115 — the server's for its lifetime
    proc = subprocess.Popen([sys.executable, "-m", "gongkai", "serve", "--db", db, "--port", str(port),
                             "--data-dir", str(folder / "data")], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                sys.exit(f"the server did not start:\n{(folder / 'server.log').read_text()}")
            time.sleep(0.3)


class Tally:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.examples: list[str] = []

    def add(self, kind: str, seconds: float, ok: bool, why: str = "") -> None:
        self.times.setdefault(kind, []).append(seconds)
        if not ok:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            if len(self.examples) < 5:
                self.examples.append(f"{kind}: {why}")


async def _timed(tally: Tally, kind: str, call, expected: tuple[int, ...] = (200,)) -> httpx.Response | None:
    start = time.perf_counter()
    try:
        response = await call
    except httpx.HTTPError as e:
        tally.add(kind, time.perf_counter() - start, False, repr(e))
        return None
    ok = response.status_code in expected
    tally.add(kind, time.perf_counter() - start, ok, f"HTTP {response.status_code}")
    return response


async def _discover(base: str) -> tuple[list[str], list[int], list[tuple[int, int]]]:
    """The bodies, reports and PDF pages the overview leads to."""
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        bodies = sorted(set(re.findall(r'href="(/body/[^"]+)"', (await client.get("/")).text)))
        reports: list[int] = []
        for b in bodies:
            reports += [int(i) for i in re.findall(r'href="/report/(\d+)"', (await client.get(b)).text)]
        pages = []
        for r in reports:
            text = (await client.get(f"/report/{r}")).text
            pages += [(r, int(n)) for n in re.findall(r'<div class="page" id="page-(\d+)"', text)]
    return bodies, reports, pages


async def _reader(base: str, until: float, tally: Tally, bodies: list[str], reports: list[int],
                  pages: list[tuple[int, int]]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        while time.monotonic() < until:
            roll = random.random()
            if roll < 0.2:
                await _timed(tally, "overview", client.get("/"))
            elif roll < 0.4 and bodies:
                await _timed(tally, "body", client.get(random.choice(bodies)))
            elif roll < 0.85 and reports:
                await _timed(tally, "report", client.get(f"/report/{random.choice(reports)}"))
            elif pages:
                r, n = random.choice(pages)
                await _timed(tally, "page image", client.get(f"/report/{r}/page/{n}.png"))


async def _uploader(base: str, until: float, tally: Tally, files: list[Path]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=300) as client:
        token = re.search(r'name="csrf" value="([^"]+)"', (await client.get("/login")).text).group(1)
        await _timed(tally, "login", client.post("/login", data={"name": "bench", "password": PASSWORD,
                                                                 "csrf": token}), (303,))
        page = await client.get("/")
        found = re.search(r'name="csrf" value="([^"]+)"', page.text)
        if found is None:
            tally.add("upload", 0.0, False, f"no upload form after login: HTTP {page.status_code} {page.text[:300]!r}")
            return
        token = found.group(1)
        i = 0
        while time.monotonic() < until:
            path = files[i % len(files)]
            i += 1
            await _timed(tally, "upload", client.post("/upload", data={"csrf": token},
                                                      files={"file": (path.name, path.read_bytes())}), (303,))


def _cpu_seconds(pid: int) -> float:
    """The server process's CPU time so far (user + system, /proc), to tell its own cost
    from the waiting a shared machine adds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _report(tally: Tally, seconds: float) -> None:
    total = sum(len(v) for v in tally.times.values())
    print(f"{'kind':<12}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for kind, times in sorted(tally.times.items()):
        q = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else times * 99
        print(f"{kind:<12}{len(times):>9}{tally.errors.get(kind, 0):>8}{q[49] * 1000:>9.0f}{q[89] * 1000:>9.0f}"
              f"{q[98] * 1000:>9.0f}{max(times) * 1000:>9.0f}")
    print(f"total: {total} requests in {seconds:.1f} s = {total / seconds:.1f} requests/s; "
          f"errors: {sum(tally.errors.values())}")
    for line in tally.examples:
        print("  e.g.", line)


async def _run(base: str, readers: int, uploaders: int, seconds: float) -> Tally:
    bodies, reports, pages = await _discover(base)
    print(f"{len(bodies)} bodies, {len(reports)} reports, {len(pages)} PDF pages; "
          f"{readers} readers and {uploaders} uploaders for {seconds:.0f} s …", flush=True)
    files = sorted((ROOT / "examples").glob("*.txt"))
    tally = Tally()
    until = time.monotonic() + seconds
    await asyncio.gather(*[_reader(base, until, tally, bodies, reports, pages) for _ in range(readers)],
                         *[_uploader(base, until, tally, files) for _ in range(uploaders)])
    return tally


def tally_failed(folder: Path) -> bool:
    """Whether the server logged a traceback (then its log's end is printed)."""
    log = folder / "server.log"
    return log.exists() and "Traceback" in log.read_text()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--uploaders", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--db", help="an audited store to serve (default: a fresh one of the bundled reports)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = _prepare(args.db, folder)
        port = _free_port()
        server = _start(db, port, folder)
        try:
            start, cpu = time.monotonic(), _cpu_seconds(server.pid)
            tally = asyncio.run(_run(f"http://127.0.0.1:{port}", args.readers, args.uploaders, args.seconds))
            cpu = _cpu_seconds(server.pid) - cpu
            _report(tally, time.monotonic() - start)
            requests = sum(len(v) for v in tally.times.values())
            print(f"server CPU: {cpu:.1f} s, {cpu / max(1, requests) * 1000:.0f} ms a request "
                  f"(uploads included); load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        finally:
            server.terminate()
            server.wait(timeout=30)
            if tally_failed(folder):
                log = (folder / "server.log").read_text()
                print(log[log.index("Traceback") - 200:][:4000])


if __name__ == "__main__":
    main()
