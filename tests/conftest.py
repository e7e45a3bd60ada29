"""Shared test data: the real sample reports in ../shared and a way to run the real command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

# ../shared beside the repository (as on the developers' machines and in CI)
SHARED = Path(os.environ.get("GONGKAI_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SEEDS_DIR = SHARED / "seeds"
CORPUS_DIR = SHARED / "corpus"
SEED_000 = SEEDS_DIR / "000_be44cd9e02213273.txt"


def head_revision() -> str:
    """The newest migration's revision (their files are numbered: 0001_initial.py …), which a
    freshly opened store must be at."""
    from gongkai.store import migrations

    return max(p.name[:4] for p in Path(migrations.__file__).parent.glob("versions/[0-9]*.py"))


def expected_for(source: Path) -> dict:
    """The hand-checked ``X.expected.json`` beside ``X.<ending>``."""
    stem = source.name.rsplit(".", 1)[0]
    return json.loads((source.parent / f"{stem}.expected.json").read_text(encoding="utf-8"))


def _sources(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir()
                  if not p.name.endswith(".expected.json") and (p.parent / f"{p.name.rsplit('.', 1)[0]}.expected.json").exists())


SEEDS = _sources(SEEDS_DIR)
CORPUS = _sources(CORPUS_DIR)
# Sources given as text (their provenance columns index the file's own lines) …
TEXT_SOURCES = SEEDS + [p for p in CORPUS if p.suffix in (".txt", ".md")]
# … and every hand-checked source, the corpus PDF included.
ALL_SOURCES = SEEDS + CORPUS


def run_cli(*args: str | os.PathLike[str], cwd: str | os.PathLike[str] | None = None,
            timeout: float = 60, columns: int = 160) -> subprocess.CompletedProcess[str]:
    """Run the real command line (``python -m gongkai``) and capture its output as text;
    ``columns`` is the terminal width it is told."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS=str(columns))
    return subprocess.run([sys.executable, "-m", "gongkai", *map(os.fspath, args)], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, env=env, timeout=timeout, check=False)


def refusal(data: bytes, name: str, within: float | None = None) -> str:
    """The reason a reader refuses ``data`` (ReadError must be raised), in at most ``within`` seconds."""
    from gongkai.readers import ReadError, read_bytes

    start = time.perf_counter()
    with pytest.raises(ReadError) as e:
        read_bytes(data, name)
    if within is not None:
        assert time.perf_counter() - start < within
    return e.value.reason


def json_lines(stdout: str) -> list[dict]:
    """Every line of ``--json`` output parsed; a line that is not JSON fails the test."""
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def seed_text() -> str:
    """Seed 000 as text (UTF-8, LF line breaks, half-width digits)."""
    return SEED_000.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_expected() -> dict:
    return expected_for(SEED_000)


# -- databases for the store: SQLite always, PostgreSQL where its binaries are installed -----

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throwaway PostgreSQL cluster for the session (tests/pgcluster.py), or a skip
    saying why there is none."""
    from pgcluster import Cluster, pg_bin

    bin_dir = pg_bin()
    if bin_dir is None:
        pytest.skip("no PostgreSQL binaries (initdb, pg_ctl) on PATH, in /usr/local/bin or /usr/lib/postgresql: "
                    "apt-get install postgresql (as .ci/run does) to run the store tests on PostgreSQL")
    cluster = Cluster(bin_dir)
    try:
        cluster.start()
    except Exception:
        cluster.stop()
        raise
    yield cluster
    cluster.stop()


@pytest.fixture(params=BACKENDS)
def db_target(request, tmp_path) -> str:
    """An empty store target: a SQLite file path, or a new database on the throwaway cluster."""
    if request.param == "sqlite":
        return str(tmp_path / "gongkai.db")
    return request.getfixturevalue("postgres_cluster").new_database()
