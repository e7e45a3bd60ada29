"""Rule profiles: rules that encode one locality's requirement, as data.

The national format's rules run by default. A rule whose only basis is a local notice
(武威's length limit for 一、总体情况) belongs to a profile, a TOML file in ``profiles/``
beside this module, and runs only when that profile is turned on. A profile names its
rules and the parameters they read (C007's character limit), so that another province's
checklist is a new file, not new code.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from gongkai.errors import UsageError

_KEYS = {"title", "description", "basis", "rules", "params"}


@dataclass(frozen=True, slots=True)
class Profile:
    """A named set of local rules and their parameters."""

    name: str  # gansu-wuwei: the file's name, what --profile takes
    title: str  # Chinese, for people
    description: str  # Chinese
    basis: str  # the notice's name (and address)
    rules: tuple[str, ...]  # rule codes it turns on
    params: Mapping[str, Mapping[str, Any]]  # rule code -> parameter -> value


def _files() -> dict[str, Any]:
    folder = resources.files("gongkai.spec") / "profiles"
    return {f.name.removesuffix(".toml"): f for f in folder.iterdir() if f.name.endswith(".toml")}


@cache
def profile_names() -> tuple[str, ...]:
    """The names of the bundled profiles, sorted."""
    return tuple(sorted(_files()))


@cache
def load_profile(name: str) -> Profile:
    """One profile by name; UsageError naming the known profiles if there is none."""
    files = _files()
    if name not in files:
        known = "、".join(sorted(files)) or "（无）"
        raise UsageError(f"没有规则配置 {name!r}（可用：{known}）/ no profile {name!r} (known: {', '.join(sorted(files))})")
    data = tomllib.loads(files[name].read_text(encoding="utf-8"))
    where = f"profile {name} (gongkai/spec/profiles/{name}.toml)"
    unknown = set(data) - _KEYS
    if unknown or not {"title", "rules"} <= set(data):
        raise ValueError(f"{where}: needs title and rules; unknown keys {sorted(unknown)}")
    rules = data["rules"]
    params = data.get("params", {})
    if not (isinstance(rules, list) and all(isinstance(c, str) for c in rules)) or not isinstance(params, dict):
        raise ValueError(f"{where}: rules must be a list of rule codes, params a table per rule code")
    if set(params) - set(rules):
        raise ValueError(f"{where}: parameters for rules it does not turn on: {sorted(set(params) - set(rules))}")
    return Profile(name, data["title"], data.get("description", ""), data.get("basis", ""), tuple(rules),
                   MappingProxyType({code: MappingProxyType(dict(p)) for code, p in params.items()}))


@cache
def profile_rules() -> Mapping[str, tuple[str, ...]]:
    """Every rule that belongs to a profile: rule code -> the profiles that turn it on.
    These rules are off unless one of their profiles is on."""
    out: dict[str, tuple[str, ...]] = {}
    for name in profile_names():
        for code in load_profile(name).rules:
            out[code] = (*out.get(code, ()), name)
    return MappingProxyType(out)
