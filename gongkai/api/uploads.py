"""A report sent to the web app: checked to be a readable annual report, kept under a name
of our own in a folder of the server's, audited into the store like any other file.

The given file name is only shown in messages, never used as a path: the file is stored as
``<random hex><suffix of the form its content was read as>``, so that no name (``../x``,
``C:\\x``, a device name) reaches the file system.
"""

from __future__ import annotations

import os
import secrets
import unicodedata
from dataclasses import dataclass

from gongkai.api.batch import audit
from gongkai.api.sources import PathLike, check, extract, read
from gongkai.api.stores import opened
from gongkai.errors import ReadError, UsageError

# The file ending each form is stored under (what a directory walk of the folder picks up).
SUFFIXES = {"text": ".txt", "markdown": ".md", "html": ".html", "pdf": ".pdf", "docx": ".docx", "doc": ".doc",
            "odt": ".odt", "fodt": ".fodt", "image": ".png"}


@dataclass(frozen=True, slots=True)
class Uploaded:
    report_id: int
    stored_as: str  # the path the store knows it by
    findings: int


def shown_name(given: str | None) -> str:
    """A file name as a browser sent it, fit to show: its last path part, control characters
    dropped, at most 100 characters."""
    name = (given or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return name[:100] or "（未命名文件）"


def accept_upload(db: PathLike, data: bytes, given: str | None, folder: PathLike) -> Uploaded:
    """Check, keep and audit one uploaded report; its stored report's id. UsageError (in
    Chinese, naming the file) for an empty or unreadable file, or one that is no annual
    report; nothing is stored then."""
    name = shown_name(given)
    if not data:
        raise UsageError(f"“{name}”是空文件，未上传")
    try:
        report = extract(read(data, name=name))
    except ReadError as e:
        raise UsageError(f"“{name}”无法读取，未上传：{e.reason}") from None
    if any(f.code == "E002" for f in check(report, select=["E002"])):
        raise UsageError(f"“{name}”不是政府信息公开工作年度报告（未找到标题、章节标题和统计表格），未上传")
    form = report.document.form if report.document is not None else "text"
    os.makedirs(folder, mode=0o700, exist_ok=True)
    path = os.path.join(os.path.abspath(os.fspath(folder)), secrets.token_hex(16) + SUFFIXES.get(form, ".bin"))
    with open(path, "xb") as f:
        f.write(data)
    result = audit([path], db=db, jobs=1)
    if result.errors:
        raise UsageError(f"“{name}”入库失败：{result.errors[0][1]}")
    from gongkai.store import pages

    with opened(db) as store:
        report_id = pages.current_report_of(store, path)
    if report_id is None:
        raise UsageError(f"“{name}”入库失败：数据库中找不到该报告")
    return Uploaded(report_id, path, sum(1 for f in result.findings if f.source == path))
