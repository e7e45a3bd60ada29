"""The optional compiled build (everything else about the package is in pyproject.toml).

``GONGKAI_MYPYC=1 pip install .`` compiles the extraction stage (gongkai/extract/) to C
with mypyc: the same source, type-checked and compiled, about a quarter faster (see
ARCHITECTURE.md). Without it the package is pure Python. Editable installs should stay
pure: a compiled module placed beside its source would shadow later edits to it.
"""

from __future__ import annotations

import os
from pathlib import Path

from setuptools import setup

# Every module of the extraction stage: the hot loop of `gongkai extract` (tokenising,
# row assembly, fitting values to columns) and the assembly of a Report.
COMPILED = sorted(str(p) for p in Path("gongkai/extract").glob("*.py"))


def ext_modules() -> list:
    if os.environ.get("GONGKAI_MYPYC", "").lower() not in ("1", "true", "yes"):
        return []
    from mypyc.build import mypycify

    # Only the compiled modules must type-check; the readers and third-party packages
    # they import are seen as they are (the build environment does not install them).
    return mypycify(["--strict", "--follow-imports=silent", "--ignore-missing-imports", *COMPILED], opt_level="3",
                    group_name="gongkai_extract")


setup(ext_modules=ext_modules())
