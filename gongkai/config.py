"""Checker settings from `gongkai.toml` or `[tool.gongkai]` in `pyproject.toml`.

Looked up from the current directory upwards; the first file found wins. Keys: `select`,
`ignore` (lists of rule code prefixes), `fail-on` (error | warning | info), `format`.
Command-line options override them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.errors import ConfigError
from gongkai.model import SEVERITIES


@dataclass
class Settings:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "warning"
    format: str = "text"
    path: Path | None = None


def find_config(start: Path | None = None) -> tuple[Path, dict] | None:
    here = (start or Path.cwd()).resolve()
    for d in [here, *here.parents]:
        own = d / "gongkai.toml"
        if own.is_file():
            return own, _load(own)
        py = d / "pyproject.toml"
        if py.is_file():
            tool = _load(py).get("tool", {})
            table = tool.get("gongkai") if isinstance(tool, dict) else None
            if table is not None:
                if not isinstance(table, dict):
                    raise ConfigError(f"{py}: tool.gongkai must be a table ([tool.gongkai])")
                return py, table
    return None


def _load(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: cannot read settings: {e}") from None


def load_settings(start: Path | None = None) -> Settings:
    found = find_config(start)
    s = Settings()
    if found is None:
        return s
    path, table = found
    s.path = path
    unknown = set(table) - {"select", "ignore", "fail-on", "format"}
    if unknown:
        raise ConfigError(f"{path}: unknown gongkai setting(s): {', '.join(sorted(unknown))}")
    for key in ("select", "ignore"):
        if key in table:
            v = table[key]
            if not (isinstance(v, list) and all(isinstance(x, str) for x in v)):
                raise ConfigError(f"{path}: {key} must be a list of rule codes or prefixes")
            setattr(s, key, v)
    if "fail-on" in table:
        if table["fail-on"] not in SEVERITIES:
            raise ConfigError(f"{path}: fail-on must be one of {', '.join(SEVERITIES)}")
        s.fail_on = table["fail-on"]
    if "format" in table:
        s.format = table["format"]
    return s
