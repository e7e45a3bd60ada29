"""The package's shape: no import cycles, no module taking another's private names, small files.

The stages import in one direction (ARCHITECTURE.md); a cycle or a borrowed ``_name`` is
the first sign of a module doing another's job. Imports inside functions count too: a lazy
import only hides a cycle from the interpreter, not from the reader.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "gongkai"
MAX_LINES = 500
# Files allowed over MAX_LINES, each with the reason. Keep it empty if you can.
OVERSIZED_ALLOWED: dict[str, str] = {}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, str]]:
    """(module imported, name taken from it or "") for every import of the package's own modules."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, "") for a in node.names if a.name in MODULES]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for a in node.names:
                sub = f"{target}.{a.name}"
                if sub in MODULES:
                    out.append((sub, ""))
                elif target in MODULES:
                    out.append((target, a.name))
    return [(t, n) for t, n in out if t != name]


GRAPH = {m: _imports(m, p) for m, p in MODULES.items()}


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in {t for t, _ in GRAPH[v]}:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in MODULES:
        if v not in index:
            visit(v)
    return found


def test_the_walk_sees_the_package():
    assert {"gongkai", "gongkai.api", "gongkai.cli", "gongkai.readers", "gongkai.extract", "gongkai.rules"} <= set(MODULES)
    assert "gongkai.api" in {t for m in MODULES if _part(m) == "cli" for t, _ in GRAPH[m]}


def test_no_import_cycles():
    assert _cycles() == []


def test_no_module_takes_another_modules_private_names():
    taken = [f"{m} takes {n} from {t}" for m, imports in GRAPH.items() for t, n in imports
             if n.startswith("_") and not n.startswith("__")]
    assert taken == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_small(module):
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    if module in OVERSIZED_ALLOWED:
        return
    assert lines <= MAX_LINES, f"{module}: {lines} lines; split it along its responsibilities"


# Which part may import which (ARCHITECTURE.md): the stages flow one way, readers → extract →
# rules → output, and only the API joins them. A part not named here imports nothing of ours.
ALLOWED = {
    "gongkai": {"api", "errors", "extract", "model", "rules", "version"},  # the package's re-exports
    "__main__": {"cli"},
    "cli": {"api", "config", "errors", "output", "version", "web"},  # web: `gongkai serve` runs the app (lazily)
    "api": {"author", "corpus", "distributed", "errors", "extract", "model", "output", "pool", "readers", "records", "rules", "store", "version"},  # store, distributed: lazily (audit); output: rendered documents
    "corpus": {"errors", "model", "normalize", "rules", "sheets", "spec"},  # corpus-level logic that needs no SQL
    "config": {"errors", "model"},
    # author: the statutory document's blocks and table grids the report renderers draw (issue 14)
    "records": {"model"},  # the corpus's plain data (stored reports, summary rows, reviews, hits)
    "output": {"author", "model", "records", "rules", "spec", "version"},
    "rules": {"model", "spec"},
    "extract": {"model", "normalize", "spec"},
    "readers": {"errors", "model", "normalize"},
    "spec": {"errors", "normalize"},
    "store": {"corpus", "errors", "model", "records", "version"},  # the only part that knows SQL
    # authoring (issue 14): data in (cells, narrative, registers) → statutory tables and text
    "author": {"errors", "model", "normalize", "rules", "sheets", "spec"},
    # sheets: the CSV/XLSX rows offices hand in (lists, alias tables, registers); imports nothing of ours
    # the review web app (issue 15): pages over the API; only web/ knows Starlette
    "web": {"api", "config", "errors", "model", "output", "version"},
    # the distributed engine (issue 16): the audit's tasks on Dask; only distributed/ knows Dask
    # (an executor like pool.py: the API hands it the work; it never imports the API)
    "distributed": {"errors", "model", "pool"},
}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "gongkai"


def test_parts_import_only_what_the_architecture_allows():
    wrong = sorted({f"{_part(m)} imports {_part(t)} ({m} → {t})" for m, imports in GRAPH.items() for t, _ in imports
                    if _part(t) != _part(m) and _part(t) not in ALLOWED.get(_part(m), set())})
    assert wrong == []


def test_the_cli_builds_no_pipeline_of_its_own():
    """The CLI calls the library API (plus config and output), never the stages directly."""
    stages = ("gongkai.readers", "gongkai.extract", "gongkai.rules", "gongkai.model", "gongkai.spec")
    direct = [t for m in MODULES if _part(m) == "cli" for t, _ in GRAPH[m] if t.startswith(stages)]
    assert direct == []
