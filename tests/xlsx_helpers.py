"""What the workbook tests share: filling a template as an office's program would (openpyxl,
no spreadsheet ever opening it), and LibreOffice headless to recalculate or print one."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gongkai.author.layout import tables


def soffice() -> str:
    """LibreOffice's command; the test is skipped, saying why, where it is not installed."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install -y libreoffice-calc-nogui")
    return exe


def convert(path: Path, to: str, out_dir: Path) -> Path:
    """``path`` converted by LibreOffice headless (its own profile and HOME: parallel runs
    sharing a profile silently produce nothing); LibreOffice computes every formula that
    has no cached value as it loads the file."""
    with tempfile.TemporaryDirectory() as home:
        cmd = [soffice(), f"-env:UserInstallation={Path(home, 'profile').as_uri()}", "--headless",
               "--convert-to", to, "--outdir", str(out_dir), str(path)]
        subprocess.run(cmd, env=dict(os.environ, HOME=home), capture_output=True, timeout=120, check=True)
    out = out_dir / f"{path.stem}.{to.split(':')[0]}"
    assert out.exists(), f"LibreOffice wrote no {out.name}"
    return out


def places(wb, version: str) -> dict[str, tuple[str, str]]:
    """Each key's (sheet, cell), found as any program filling the template finds it: the
    grid's anchor from its defined name, the key's place from the layout."""
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import coordinate_to_tuple

    out = {}
    for grid in tables(version):
        sheet, anchor = next(iter(wb.defined_names[f"gongkai_{grid.table}"].destinations))
        top, left = coordinate_to_tuple(anchor.replace("$", ""))
        for c in grid.cells:
            if c.key:
                out[c.key] = (sheet, f"{get_column_letter(left + c.col)}{top + c.row}")
    return out


def meta_cell(wb, name: str):
    sheet, coordinate = next(iter(wb.defined_names[f"gongkai_{name}"].destinations))
    return wb[sheet][coordinate.replace("$", "")]


def fill(path: Path, cells: dict, version: str, published=None, typed: dict | None = None) -> set[str]:
    """Type ``cells`` into the template at ``path`` (the totals are left to its formulas;
    ``typed`` overrides what goes into a cell, as text an office might type), save it, and
    return the keys that are formulas."""
    wb = load_workbook(path)
    formulas = set()
    for key, (sheet, coordinate) in places(wb, version).items():
        cell = wb[sheet][coordinate]
        if isinstance(cell.value, str) and cell.value.startswith("="):
            formulas.add(key)
            if typed is None or key not in typed:
                continue
        cell.value = (typed or {}).get(key, cells.get(key))
    if published is not None:
        meta_cell(wb, "published").value = published
    wb.save(path)
    return formulas
