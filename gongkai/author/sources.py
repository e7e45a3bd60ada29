"""A report's data from a file, whatever an office keeps it in: `gongkai render DATA` loads
its DATA here.

``.json``, ``.yaml`` and ``.yml`` are parsed by ``data.loads`` (the JSON ``gongkai extract
--json`` prints included); ``.xlsx`` is a filled template (``template.read_template``). The
suffix decides, because a template and any other workbook are both ZIP files and the
difference is what the template's defined names say, which ``read_template`` checks.
"""

from __future__ import annotations

import os

from gongkai.author.data import ReportData, loads
from gongkai.author.template import read_template
from gongkai.errors import UsageError

TEXT_SUFFIXES = (".json", ".yaml", ".yml")
MAX_DATA_BYTES = 20 * 1024 * 1024  # a report's cells and narrative are a few hundred KB at most


def load(path: str | os.PathLike[str]) -> ReportData:
    """The ReportData in the file at ``path``; UsageError naming the file for a missing or
    unreadable file, an unknown kind, or content that is no report data."""
    source = os.fspath(path)
    suffix = os.path.splitext(source)[1].lower()
    if suffix == ".xlsx":
        return read_template(source)
    if suffix not in TEXT_SUFFIXES:
        raise UsageError(f"{source}: 不支持的数据文件类型“{suffix or '无扩展名'}”（应为 .json、.yaml、.yml 或填报模板 .xlsx）")
    try:
        with open(source, "rb") as f:
            raw = f.read(MAX_DATA_BYTES + 1)
    except OSError as e:
        raise UsageError(f"{source}: 无法读取数据文件（{e.strerror or e}）") from None
    if len(raw) > MAX_DATA_BYTES:
        raise UsageError(f"{source}: 数据文件超过 {MAX_DATA_BYTES // 1024 // 1024} MB，不像一份报告的数据")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise UsageError(f"{source}: 不是 UTF-8 编码的 JSON 或 YAML（第 {e.start} 字节）") from None
    return loads(text, source)
