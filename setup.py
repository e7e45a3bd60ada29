"""The optional compiled build (everything else about the package is in pyproject.toml).

``GONGKAI_MYPYC=1 pip install .`` compiles the extraction stage (gongkai/extract/) to C
with mypyc: the same source, type-checked and compiled, about a quarter faster (see
ARCHITECTURE.md). Without it the package is pure Python. Editable installs should stay
pure: a compiled module placed beside its source would shadow later edits to it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup

# The build backend decides (GONGKAI_MYPYC), so that mypy is a build requirement exactly when
# it is used (already imported when pip builds; the path is for running setup.py directly).
sys.path.insert(0, str(Path(__file__).resolve().parent / "_build"))
from gongkai_build import compile_extract

# Every module of the extraction stage: the hot loop of `gongkai extract` (tokenising,
# row assembly, fitting values to columns) and the assembly of a Report.
COMPILED = sorted(str(p) for p in Path("gongkai/extract").glob("*.py"))


def ext_modules() -> list:
    if not compile_extract():
        return []
    from mypyc.build import mypycify

    # Only the compiled modules must type-check; the readers and third-party packages
    # they import are seen as they are (the build environment does not install them).
    return mypycify(["--strict", "--follow-imports=silent", "--ignore-missing-imports", *COMPILED], opt_level="3",
                    group_name="gongkai_extract")


setup(ext_modules=ext_modules())
