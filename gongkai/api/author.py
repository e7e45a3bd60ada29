"""Authoring through the API: tables 三 and 四 counted from the registers an office keeps.

>>> from gongkai import api
>>> t = api.tabulate(["申请登记表.xlsx", "复议诉讼登记表.csv"], 2024, agency="某某县人民政府")
>>> t.data.cells["t3.new_received.total"], [str(p) for p in t.problems]
>>> t.explain("t3.granted.natural_person")      # the register rows behind one cell

The render, template and XLSX-reading steps of issue 14 add their functions here.
"""

from __future__ import annotations

from collections.abc import Iterable
from os import PathLike
from pathlib import Path

from gongkai.author.registers import load_mapping, read_register
from gongkai.author.tabulate import Problem, RowRef, Tabulation
from gongkai.author.tabulate import tabulate as count_registers
from gongkai.errors import ReadError, UsageError

__all__ = ["Problem", "RowRef", "Tabulation", "tabulate"]


def tabulate(registers: Iterable[str | PathLike[str]], year: int, *, version: str | None = None,
             mapping: str | PathLike[str] | None = None, agency: str | None = None) -> Tabulation:
    """Tables 三 and 四 of ``year`` from request and review/suit registers (CSV in UTF-8 or
    GBK/GB18030, or XLSX; each file's kind told by its headers), in format ``version``
    (``2021``/``2019``; default by year). ``mapping`` is a file of local header → field for
    headers the usual names miss. A register that cannot be read is a ReadError, one whose
    headers lack a required column a UsageError naming it; rows that cannot be counted are in
    ``.problems``, never dropped silently."""
    if not 1990 <= year <= 2099:
        raise UsageError(f"年度 {year} 不合理")
    paths = [Path(p) for p in registers]
    if not paths:
        raise UsageError("未指定登记表")
    for p in paths:
        if not p.is_file():
            raise ReadError(str(p), "文件不存在" if not p.exists() else "不是文件")
    if len({p.resolve() for p in paths}) < len(paths):
        raise UsageError("同一个登记表给出了两次：" + "、".join(str(p) for p in paths))
    columns = load_mapping(Path(mapping)) if mapping is not None else None
    return count_registers([read_register(p, columns) for p in paths], year, version, agency)
