"""The in-tree build backend: setuptools' own, but mypy only when the compiled build asks.

The optional compiled build (``GONGKAI_MYPYC=1 pip install .``, see setup.py) compiles
gongkai/extract/ with mypyc, which ships with mypy. A plain ``pip install .`` or
``pip install -e .`` does not need it, so mypy is not a static build requirement in
pyproject.toml: the hooks below add it to setuptools' requirements only when
``mypyc_requested()``. setup.py asks ``compile_extract()`` whether to compile.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from setuptools import build_meta as _orig
from setuptools.build_meta import *  # the PEP 517 hooks not overridden below

MYPY_REQUIREMENT = "mypy>=1.10"

# True while setuptools runs setup.py only to collect build requirements (in this process),
# which comes before mypy is installed.
_collecting_requirements = False


def mypyc_requested() -> bool:
    """Whether GONGKAI_MYPYC asks for the compiled build (1, true or yes, any case)."""
    return os.environ.get("GONGKAI_MYPYC", "").lower() in ("1", "true", "yes")


def compile_extract() -> bool:
    """Whether setup.py should compile gongkai/extract/ with mypyc now."""
    return mypyc_requested() and not _collecting_requirements


def _requires(hook: Callable[[dict[str, Any] | None], list[str]], config_settings: dict[str, Any] | None) -> list[str]:
    global _collecting_requirements
    _collecting_requirements = True
    try:
        requires = hook(config_settings)
    finally:
        _collecting_requirements = False
    return [*requires, MYPY_REQUIREMENT] if mypyc_requested() else requires


# setup.py imports mypyc whenever the compiled build is requested, whatever it builds, so
# every later hook that runs it (sdist, wheel, editable, their metadata) needs mypy then.
def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    return _requires(_orig.get_requires_for_build_wheel, config_settings)


def get_requires_for_build_editable(config_settings: dict[str, Any] | None = None) -> list[str]:
    return _requires(_orig.get_requires_for_build_editable, config_settings)


def get_requires_for_build_sdist(config_settings: dict[str, Any] | None = None) -> list[str]:
    return _requires(_orig.get_requires_for_build_sdist, config_settings)
