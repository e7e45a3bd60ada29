"""Sources given as fsspec URLs: a corpus audited as ``file://`` URLs and out of a ZIP archive
(``zip://…::file://…``), on the local engine and on Dask (whose workers open the URLs
themselves), stores what the same corpus given as paths stores: the same cells, findings and
texts, each source under its URL. A protocol without an implementation here is a usage
error naming the URL and the package; an unreachable file is a failed source.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import run_cli
from generators.corpus import write_corpus
from gongkai import api
from gongkai.api.urls import normalise
from gongkai.errors import UsageError
from test_audit_dask import by_body as dump  # reports name their body by key: Dask stores in another order

pytestmark = pytest.mark.integration

pytest.importorskip("fsspec")
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    """A generated corpus (text, HTML, DOCX, PDF, a bad file) and the same files in a ZIP."""
    root = tmp_path_factory.mktemp("urls") / "corpus"
    write_corpus(root, seed=2, size=12)
    archive = root.parent / "corpus.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for p in sorted(root.rglob("*")):
            if p.is_file():
                z.write(p, p.relative_to(root).as_posix())
    return root, archive


def relative(rows: dict[str, list[tuple]], prefix: str, suffix: str = "") -> dict[str, list[tuple]]:
    """A dump with each source's path or URL cut to its path in the corpus."""
    def cut(value):
        if isinstance(value, str):
            return value.replace(prefix, "").replace(suffix, "") if suffix else value.replace(prefix, "")
        if isinstance(value, tuple):
            return tuple(cut(v) for v in value)
        return value

    return {table: sorted((cut(r) for r in rs), key=repr) for table, rs in rows.items()}


def test_a_corpus_as_file_and_zip_urls_stores_what_it_stores_as_paths(corpus, tmp_path):
    root, archive = corpus
    paths = api.audit([root], db=str(tmp_path / "paths.db"), jobs=1)
    expected = relative(dump(str(tmp_path / "paths.db")), f"{root}/")
    assert len(expected["cells"]) > 1000 and expected["findings"]

    url = f"file://{root}/2022/../"  # normalised: stored as file://<root>/…
    local = api.audit([url], db=str(tmp_path / "file.db"), jobs=1)
    assert relative(dump(str(tmp_path / "file.db")), f"file://{root}/") == expected
    assert sorted(f.code for f in local.findings) == sorted(f.code for f in paths.findings)
    assert {s for s, _ in local.errors} == {f"file://{root}/{Path(s).relative_to(root).as_posix()}"
                                            for s, _ in paths.errors}

    zipped = f"zip://::file://{archive}"
    target = str(tmp_path / "zip.db")
    summary = api.audit([zipped], db=target, engine="dask", jobs=2)  # the workers open the archive themselves
    assert relative(dump(target), "zip://", f"::file://{archive}") == expected
    assert sorted(f.code for f in summary.findings) == sorted(f.code for f in paths.findings)
    again = api.audit([zipped], db=target, jobs=1)  # idempotent on URLs as on paths
    assert (again.new, again.changed, again.unchanged) == (0, 0, again.seen - again.failed)
    assert relative(dump(target), "zip://", f"::file://{archive}") == expected


def test_check_reads_a_url_as_it_reads_a_path(corpus):
    root, archive = corpus
    name = "2021/民勤县人民政府2021年政府信息公开工作年度报告.pdf"
    by_path = run_cli("check", root / name, "--format", "json")
    by_url = run_cli("check", f"zip://{name}::file://{archive}", "--format", "json")
    assert by_url.returncode == by_path.returncode and "Traceback" not in by_url.stderr
    assert by_url.stdout.replace(f"zip://{name}::file://{archive}", "X") == by_path.stdout.replace(str(root / name), "X")


def test_a_protocol_not_installed_is_a_usage_error_naming_the_url_and_package(tmp_path):
    done = run_cli("audit", "s3://reports/2024/", "--db", tmp_path / "x.db")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "s3://reports/2024/" in done.stderr and "s3fs" in done.stderr and "未安装" in done.stderr
    with pytest.raises(UsageError, match="不支持的协议 nosuch://"):
        api.audit(["nosuch://x/y.pdf"], db=str(tmp_path / "y.db"))


def test_an_unreachable_url_is_a_failed_source_not_a_traceback(corpus, tmp_path):
    root, _ = corpus
    gone = f"file://{root}/2021/没有这个文件.pdf"
    no_archive = f"zip://a.txt::file://{tmp_path}/none.zip"
    done = run_cli("audit", gone, no_archive, root / "2024", "--db", tmp_path / "z.db", "--format", "json")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    summary = api.audit([gone, no_archive], db=str(tmp_path / "z.db"))
    errors = dict(summary.errors)
    assert errors[normalise(gone)].startswith("无法读取 / cannot read file: No such file")
    assert "无法访问" in errors[normalise(no_archive)] and "none.zip" in errors[normalise(no_archive)]


def test_urls_are_normalised():
    assert normalise("file:///a/b/../c/./d.pdf") == "file:///a/c/d.pdf"
    assert normalise("zip://x/../y/z.txt::file:///data/../a.zip") == "zip://y/z.txt::file:///a.zip"
    assert normalise("zip://::file:///a.zip") == "zip://::file:///a.zip"


def test_a_text_member_of_an_archive_is_cheap_like_a_text_file():
    from gongkai.api.engines import is_cheap

    assert is_cheap(("zip://2024/a.txt::file:///x.zip", "zip://2024/a.txt::file:///x.zip", "0", 5000))
    assert not is_cheap(("zip://2024/a.pdf::file:///x.zip", "zip://2024/a.pdf::file:///x.zip", "0", 5000))
