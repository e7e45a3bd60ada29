"""Composed reports: random consistent tables, printed by composing three axes.

Independent of the seeds. A report is built as blocks (``compose_structure``), rewritten by
each drawn *structure* (label columns plain or merged, stacked header words, a 小计 column,
小计 rows, table 四 split in three, part of a report) and *block noise* (page furniture, a
page break inside table 三, full-width digits), printed by one *tokeniser*
(``compose_tokens``: tabs, spaces, pipes, Markdown, one cell per line, glued, an HTML
fragment, HTML in a JS or JSON string, a layout dump with wrapped numbers), then given *text
noise* (CRLF) and an encoding (``compose_noise``). Both format versions. The values keep every
identity of the form (``synth.random_cells``); the truth is every canonical key of the
version, ``None`` where the report does not print the cell.

A tokeniser that cannot carry a structure or noise says why in ``CANNOT_CARRY``; ``draw`` never
draws such a pair, and ``compose`` refuses one with ``ValueError`` (nothing is skipped
silently).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from generators.compose_noise import BLOCK_NOISE, ENCODINGS, NOISES, TEXT_NOISE, encode
from generators.compose_structure import LATER, STRUCTURES, build
from generators.compose_tokens import SUFFIX, TOKENS
from generators.synth import AGENCIES, Cells, random_cells
from gongkai.spec import load_format

VERSIONS = ("2021", "2019")
LABEL_COLUMNS = ("plain", "merged-labels")  # exactly one of them per report

_NO_LINES = "glued crawler text is one line: "
_UTF8_ONLY = "JSON text is UTF-8 (RFC 8259 §8.1): an API never serves it in GB18030 or UTF-16"
CANNOT_CARRY: dict[str, dict[str, str]] = {
    "glued": {
        "merged-labels": (_NO_LINES + "without cells, a group label printed once in a merged column is the same "
                          "text as plain's group label before its first item"),
        "stacked-headers": _NO_LINES + "stacked header words run together into the unstacked words",
        "subtotal-col": ("an extractor limitation (issue 11, bounded work on hostile input): with an unchecked "
                         "subtotal column the glued-digit search runs for seconds per report (6 s for a 3 KB one, seed 0)"),
        "crlf": _NO_LINES + "CRLF would change only its last character",
    },
    "html-json": {"gb18030": _UTF8_ONLY, "utf-16": _UTF8_ONLY},
    "html-js": {"utf-16": "scripts are served in an ASCII-compatible charset; UTF-16 script files do not occur"},
}


def carried(tokens: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The structures and noises ``tokens`` can carry."""
    if tokens not in TOKENS:
        raise ValueError(f"unknown tokens {tokens!r}")
    cannot = CANNOT_CARRY.get(tokens, {})
    return (tuple(s for s in STRUCTURES if s not in cannot), tuple(n for n in NOISES if n not in cannot))


@dataclass
class Case:
    """A composed report: its bytes, file name, truth and what composed it."""

    data: bytes
    name: str
    cells: Cells
    structure: tuple[str, ...]
    tokens: str
    noise: tuple[str, ...]
    version: str
    text: str
    notes: tuple[str, ...] = ()


def compose(seed: int, structure: tuple[str, ...] = (), tokens: str = "tabs", noise: tuple[str, ...] = (),
            version: str = "2021", collapsed: bool | None = None) -> Case:
    """One report, fully determined by its arguments. ``structure`` gets ``plain`` unless it
    names ``merged-labels``; a pair ``CANNOT_CARRY`` names, two label-column structures or two
    encodings are a ``ValueError``."""
    can_s, can_n = carried(tokens)
    bad = [x for x in (*structure, *noise) if x not in (*STRUCTURES, *NOISES)]
    if bad:
        raise ValueError(f"unknown axis values {bad}")
    cannot = [x for x in (*structure, *noise) if x not in (*can_s, *can_n)]
    if cannot:
        raise ValueError(f"{tokens} cannot carry " + "; ".join(f"{x}: {CANNOT_CARRY[tokens][x]}" for x in cannot))
    if sum(x in LABEL_COLUMNS for x in structure) > 1:
        raise ValueError(f"one of {LABEL_COLUMNS} per report")
    if sum(x in ENCODINGS for x in noise) > 1:
        raise ValueError("one encoding per report")
    if version not in VERSIONS:
        raise ValueError(f"unknown version {version!r}")
    if not any(x in LABEL_COLUMNS for x in structure):
        structure = ("plain", *structure)
    structure = tuple(s for s in STRUCTURES if s in structure)
    noise = tuple(n for n in NOISES if n in noise)
    rng = random.Random(seed)
    drawn = version == "2021" and rng.random() < 0.15
    if collapsed is None:
        collapsed = drawn
    elif collapsed and version != "2021":
        raise ValueError("only the 2021 format has （六） sub-rows to print as one row")
    spec = load_format(version)
    cells = random_cells(spec, rng, collapsed=collapsed)
    keys = set(spec.keys(frozenset({"other"}) if collapsed else frozenset()))
    cells = {k: v for k, v in cells.items() if k in keys}
    year = rng.randint(2021, 2025) if version == "2021" else rng.choice([2019, 2020])
    d = build(spec, cells, rng, rng.choice(AGENCIES), year, collapsed)
    if "furniture-mid-table" in noise:
        d.must_print.add("t3")
    for s in structure:
        STRUCTURES[s](d)
    for n in noise:
        if n in BLOCK_NOISE:
            BLOCK_NOISE[n](d)
    text = TOKENS[tokens](d.blocks, rng)
    for n in noise:
        if n in TEXT_NOISE:
            text = TEXT_NOISE[n](text)
    name = f"composed-{seed}{SUFFIX.get(tokens, '.txt')}"
    return Case(encode(text, noise, rng), name, d.cells, structure, tokens, noise, version, text, tuple(d.notes))


def draw(seed: int, tokens: str | None = None, p: float = 0.3) -> dict:
    """Random arguments for ``compose``: each structure and noise ``tokens`` carries with
    probability ``p`` (one label-column structure, at most one encoding)."""
    rng = random.Random(seed * 7919 + 17)
    tokens = tokens or rng.choice(list(TOKENS))
    can_s, can_n = carried(tokens)
    labels = [x for x in LABEL_COLUMNS if x in can_s]
    structure = [rng.choice(labels)] + [s for s in can_s if s not in (*LABEL_COLUMNS, *LATER) and rng.random() < p]
    noise = [n for n in can_n if n not in ENCODINGS and rng.random() < p]
    encodings = [n for n in can_n if n in ENCODINGS]
    if rng.random() < p:
        noise.append(rng.choice(encodings))
    version = rng.choice(["2021", "2021", "2019"])
    later = random.Random(seed * 104729 + 5)
    structure += [s for s in LATER if s in can_s and later.random() < p]
    return {"structure": tuple(structure), "tokens": tokens, "noise": tuple(noise), "version": version}
