"""What the cross-year and corpus rules read of a report's text, computed once per report.

A report's narrative is compared with last year's (Y004), with every other body's (C004)
and searched for sentences naming last year (Y006) and for a 清理 of its documents (Y002).
Done on the texts at each comparison, the same report was hashed three times and its text
read back whole from the audit's database; ``Facts`` are computed once, where the report is
read (an audit's worker process), stored beside it, and the rules read them: the MinHash
``Sketch`` of each narrative section, the sentences naming its year and the year before,
and whether it mentions a 清理. ``plain``/``from_plain`` turn them into the plain values a
database keeps (numbers, bytes, JSON) and back, equal to what ``facts_of`` gives.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gongkai.rules.context import SECTIONS
from gongkai.rules.shingles import Signature, compact, signature_bytes, signature_from_bytes, signatures

PREAMBLE = "前言"  # the text before the first statutory heading (title, basis, period), or all of a text without one
SECTION_NUMBERS = tuple(number for number, _, _ in SECTIONS)
# The narrative sections: the others are mostly tables, whose printed labels repeat every year.
NARRATIVE = ("一", "五", "六")
# Y006: a sentence (between 。；！？ or line ends) of at least this many characters.
SENTENCE = re.compile(r"[^。；！？!?\n]+")
MIN_SENTENCE_CHARS = 10
# Y002: a sentence that tells of a 清理 (a review that repeals or re-counts) of the body's documents.
CLEANUP = re.compile(r"[^。；！？\n]*清理[^。；！？\n]*")
DOCUMENTS = re.compile(r"规章|规范性文件|文件")
_SPACE = re.compile(r"\s+")

_TITLES = {number: sorted((compact(v) for v in variants), key=len, reverse=True) for number, _, variants in SECTIONS}


def section_body(number: str, text: str) -> str:
    """A section's text as compared: compacted, without its heading (number and statutory
    title, the same in every report)."""
    t = compact(text)
    t = t[1:] if t.startswith(number) else t
    title = next((v for v in _TITLES.get(number, ()) if t.startswith(v)), "")
    return t[len(title):]


def whole_text(sections: Mapping[str, str]) -> str:
    """The whole text, section by section in statutory order."""
    return "\n".join(sections[n] for n in (PREAMBLE, *SECTION_NUMBERS) if n in sections)


def dated_sentences(text: str, years: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """For each of ``years``, the sentences of ``text`` that name it (as 2023年), whitespace
    dropped (none: no entry)."""
    tags = {year: f"{year}年" for year in years}
    out: dict[int, list[str]] = {}
    for m in SENTENCE.finditer(text):
        if "年" not in m.group():  # every tag ends in 年: most sentences are done here
            continue
        s = _SPACE.sub("", m.group())
        if len(s) >= MIN_SENTENCE_CHARS:
            for year, tag in tags.items():
                if tag in s:
                    out.setdefault(year, []).append(s)
    return {year: tuple(found) for year, found in out.items()}


def mentions_cleanup(text: str) -> bool:
    """Whether the text tells of a 清理 of its 规章 or 规范性文件 (which resets the counts)."""
    return "清理" in text and any(DOCUMENTS.search(m.group()) for m in CLEANUP.finditer(text))


@dataclass(frozen=True, slots=True)
class Sketch:
    """A narrative section as the copy rules compare it: its length (compacted, heading
    dropped) and the MinHash of its shingles."""

    chars: int
    signature: Signature


@dataclass(frozen=True, slots=True)
class Facts:
    """What the cross-year and corpus rules read of one report's text: the ``Sketch`` of each
    narrative section it prints, its sentences naming a year (its own and the one before),
    and whether it tells of a 清理 of its documents."""

    sketches: Mapping[str, Sketch]
    dated: Mapping[int, tuple[str, ...]]
    cleanup: bool

    def chars(self, number: str) -> int:
        sketch = self.sketches.get(number)
        return sketch.chars if sketch is not None else 0

    def plain(self) -> tuple[dict[str, tuple[int, int, bytes]], dict[str, Any]]:
        """(section → (chars, shingles, MinHash bytes), the rest as JSON-ready values)."""
        sketches = {n: (s.chars, s.signature.size, signature_bytes(s.signature)) for n, s in self.sketches.items()}
        return sketches, {"dated": {str(y): list(s) for y, s in self.dated.items()}, "cleanup": self.cleanup}

    @classmethod
    def from_plain(cls, sketches: Mapping[str, tuple[int, int, bytes]], rest: Mapping[str, Any]) -> Facts:
        return cls({n: Sketch(chars, signature_from_bytes(data, size)) for n, (chars, size, data) in sketches.items()},
                   {int(y): tuple(s) for y, s in rest.get("dated", {}).items()}, bool(rest.get("cleanup")))


def facts_of(sections: Mapping[str, str], year: int | None) -> Facts:
    """The Facts of a report's section texts (``year``: the year it reports on, if known)."""
    bodies = {n: section_body(n, sections[n]) for n in NARRATIVE if n in sections}
    bodies = {n: b for n, b in bodies.items() if b}
    sigs = signatures(list(bodies.values())) if bodies else []
    text = whole_text(sections)
    dated = dated_sentences(text, (year, year - 1)) if year is not None else {}
    return Facts({n: Sketch(len(b), s) for (n, b), s in zip(bodies.items(), sigs, strict=True)}, dated,
                 mentions_cleanup(text))
