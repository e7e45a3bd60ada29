"""Checker settings from `gongkai.toml` or `[tool.gongkai]` in `pyproject.toml`.

Looked up from the current directory upwards (the first file found wins), or given with
``--config FILE``. Keys, as ruff names them:

- ``select``, ``ignore``: lists of rule codes or prefixes;
- ``fail-on``: error | warning | info;
- ``output-format`` (``format`` is accepted as its old name): text | json | sarif | github;
- ``profile``: rule profiles to turn on (a name or a list of names);
- ``per-file-ignores``: a table of glob → rule codes ignored in the files it matches, so
  that a reviewer can record that a finding was accepted for one report. A glob is
  relative to the settings file's folder and matched against the file's path (``*``
  crosses folders; a glob with no ``/`` also matches the file's name alone, as in ruff);
- ``deadlines``: local report deadlines (``gongkai coverage``) by body type or body name,
  ``township = "02-20"``, ``"某某县人民政府" = "03-15"`` (``spec.deadlines`` reads the dates).

Command-line options override them. Every fault names the file; rule codes and profile
names are checked against the catalog by the caller (which knows it) in the same words.
"""

from __future__ import annotations

import fnmatch
import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.errors import ConfigError
from gongkai.model import OUTPUT_FORMATS, SEVERITIES

KEYS = ("select", "ignore", "fail-on", "output-format", "format", "profile", "per-file-ignores", "deadlines")


@dataclass
class Settings:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "warning"
    format: str = "text"
    profiles: list[str] = field(default_factory=list)
    # (glob as written, the settings file's folder, codes), in the file's order
    per_file_ignores: list[tuple[str, Path, list[str]]] = field(default_factory=list)
    deadlines: dict[str, str] = field(default_factory=dict)  # body type or body name -> deadline as written
    path: Path | None = None

    def ignores_for(self, source: str) -> list[str]:
        """The codes the per-file ignores name for ``source`` (a path as given)."""
        if not self.per_file_ignores or source == "-":
            return []
        full = Path(os.path.abspath(source))
        out: list[str] = []
        for glob, root, codes in self.per_file_ignores:
            try:
                rel = full.relative_to(root).as_posix()
            except ValueError:
                rel = None
            if (rel is not None and fnmatch.fnmatchcase(rel, glob)) or fnmatch.fnmatchcase(full.as_posix(), glob) \
                    or ("/" not in glob and fnmatch.fnmatchcase(full.name, glob)):
                out += codes
        return out

    def show(self) -> str:
        """The resolved settings, as `--show-settings` prints them: TOML a settings file
        could hold, after a comment naming the file they came from."""
        def toml(v: Any) -> str:
            return json.dumps(v, ensure_ascii=False)

        used = str(self.path) if self.path else "（无，使用默认值）/ none: defaults"
        out = [f"# 配置文件 / settings file: {used}", f"select = {toml(self.select)}", f"ignore = {toml(self.ignore)}",
               f"fail-on = {toml(self.fail_on)}", f"output-format = {toml(self.format)}",
               f"profile = {toml(self.profiles)}", "", "[per-file-ignores]"]
        out += [f"{toml(glob)} = {toml(codes)}" for glob, _, codes in self.per_file_ignores]
        out += ["", "[deadlines]", *(f"{toml(who)} = {toml(day)}" for who, day in self.deadlines.items())]
        return "\n".join(out) + "\n"


def find_config(start: Path | None = None) -> tuple[Path, dict] | None:
    here = (start or Path.cwd()).resolve()
    for d in [here, *here.parents]:
        own = d / "gongkai.toml"
        if own.is_file():
            return own, _load(own)
        py = d / "pyproject.toml"
        if py.is_file():
            table = _tool_table(py)
            if table is not None:
                return py, table
    return None


def _tool_table(py: Path) -> dict | None:
    tool = _load(py).get("tool", {})
    table = tool.get("gongkai") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{py}: tool.gongkai must be a table ([tool.gongkai])")
    return table


def _load(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: 不能读取配置 / cannot read settings: {e}") from None


def load_settings(start: Path | None = None, config: str | os.PathLike[str] | None = None) -> Settings:
    """The settings of ``config`` (a gongkai.toml, or a pyproject.toml with [tool.gongkai]),
    or of the file found from ``start`` upwards; defaults when there is none."""
    if config is not None:
        path = Path(config).resolve()
        if not path.is_file():
            raise ConfigError(f"{config}: 配置文件不存在 / no such settings file")
        table = _tool_table(path) if path.name == "pyproject.toml" else _load(path)
        if table is None:
            raise ConfigError(f"{config}: 没有 [tool.gongkai] / has no [tool.gongkai] table")
        return _settings(path, table)
    found = find_config(start)
    return Settings() if found is None else _settings(*found)


def _settings(path: Path, table: dict[str, Any]) -> Settings:
    s = Settings(path=path)
    unknown = set(table) - set(KEYS)
    if unknown:
        raise ConfigError(f"{path}: 未知的设置 / unknown gongkai setting(s): {', '.join(sorted(unknown))} "
                          f"(known: {', '.join(KEYS)})")
    for key in ("select", "ignore"):
        if key in table:
            setattr(s, key, _codes(path, key, table[key]))
    if "fail-on" in table:
        if table["fail-on"] not in SEVERITIES:
            raise ConfigError(f"{path}: fail-on must be one of {', '.join(SEVERITIES)}")
        s.fail_on = table["fail-on"]
    if "format" in table and "output-format" in table:
        raise ConfigError(f"{path}: output-format and format are the same setting: keep output-format")
    fmt = table.get("output-format", table.get("format"))
    if fmt is not None:
        if fmt not in OUTPUT_FORMATS:
            raise ConfigError(f"{path}: output-format must be one of {', '.join(OUTPUT_FORMATS)}")
        s.format = fmt
    if "profile" in table:
        v = table["profile"]
        v = [v] if isinstance(v, str) else v
        if not (isinstance(v, list) and all(isinstance(x, str) and x for x in v)):
            raise ConfigError(f"{path}: profile must be a profile name or a list of them")
        s.profiles = v
    if "per-file-ignores" in table:
        v = table["per-file-ignores"]
        if not isinstance(v, dict):
            raise ConfigError(f"{path}: per-file-ignores must be a table: \"glob\" = [\"CODE\", …]")
        s.per_file_ignores = [(glob, path.parent, _codes(path, f"per-file-ignores.{glob!r}", codes))
                              for glob, codes in v.items()]
    if "deadlines" in table:
        v = table["deadlines"]
        if not (isinstance(v, dict) and all(isinstance(d, str) for d in v.values())):
            raise ConfigError(f"{path}: deadlines must be a table: body type or name = \"MM-DD\"")
        s.deadlines = dict(v)
    return s


def _codes(path: Path, key: str, v: Any) -> list[str]:
    if not (isinstance(v, list) and all(isinstance(x, str) for x in v)):
        raise ConfigError(f"{path}: {key} must be a list of rule codes or prefixes")
    return v
