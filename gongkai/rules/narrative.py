"""Reading the narrative of a report: its parts (preamble, sections 一, 五, 六) in a compact
form that keeps every character's offset in ``Context.text``, its sentences, the sections'
bodies, and quotes of it as printed. Used by the text↔table and content rules; the counts
it states are read in ``rules.statements``.

The narrative is read in a compact form — spaces, single line breaks and Markdown marks
removed, so that "34\\n件" or "2024 年" read as one phrase.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from gongkai.rules.context import SECTIONS, Context

# ---------------------------------------------------------------------------------------
# The narrative in compact form
# ---------------------------------------------------------------------------------------

_SKIP = set(" \t\r\u3000\u00a0*#>`_")
_KEPT = re.compile(r"[^\s*#>`_]+")  # a run of characters compact form keeps (all of _SKIP is \s or a mark)
_TABLE_LINE = re.compile(r"\t|^\s*\||\|\s*$|(?:^|\s)\d+(?:\.\d+)?(?:\s+\d+(?:\.\d+)?){3,}(?:\s|$)")


@dataclass(frozen=True)
class Narrative:
    """Compact narrative text and, for each of its characters, the offset in Context.text.

    A paragraph break (blank line, a skipped table line, a region boundary) is kept as one
    newline and ends a sentence; a single line break inside a paragraph is dropped.
    """

    text: str
    pos: Sequence[int]  # for each character of ``text``, its offset in Context.text

    def offset(self, i: int) -> int:
        return self.pos[min(i, len(self.pos) - 1)] if self.pos else 0


def narrative_spans(ctx: Context) -> list[tuple[str, int, int]]:
    """(part, start, end) of the narrative parts: preamble, sections 一, 五, 六."""
    hs = ctx.headings
    if not hs:
        return [("all", 0, len(ctx.text))]
    spans = [("preamble", 0, hs[0].offset)]
    for n in ("一", "五", "六"):
        s = ctx.section_span(n)
        if s:
            spans.append((n, *s))
    return spans


class Offsets(Sequence[int]):
    """The offsets of a compact text's characters, stored as runs: character ``starts[k] + d``
    of the compact text is at ``origins[k] + d`` (a list of every character's offset would
    cost ≈ 36 bytes a character: hundreds of MB for a big file)."""

    __slots__ = ("length", "origins", "starts")

    def __init__(self, starts: list[int], origins: list[int], length: int) -> None:
        self.starts, self.origins, self.length = starts, origins, length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.length))]
        if i < 0:
            i += self.length
        if not 0 <= i < self.length:
            raise IndexError(i)
        k = bisect.bisect_right(self.starts, i) - 1
        return self.origins[k] + i - self.starts[k]


def compact(ctx: Context, spans: list[tuple[int, int]]) -> Narrative:
    """The compact form of these spans of ``ctx.text``, made once a report for each list of
    spans (a section's part of the narrative and its body are the same span)."""
    return ctx.shared(f"compact:{spans!r}", lambda c: _compact(c, spans))


def _compact(ctx: Context, spans: list[tuple[int, int]]) -> Narrative:
    text = ctx.text
    pieces: list[str] = []
    starts: list[int] = []  # where each piece starts in the compact text …
    origins: list[int] = []  # … and in ctx.text
    size = 0
    last = ""  # the last character kept

    def put(piece: str, at: int) -> None:
        nonlocal size, last
        pieces.append(piece)
        starts.append(size)
        origins.append(at)
        size += len(piece)
        last = piece[-1]

    for a, b in spans:
        if size and last != "\n":
            put("\n", a)
        i = a
        while i < b:
            j = text.find("\n", i, b)
            j = b if j < 0 else j
            line = text[i:j]
            if not line.strip() or _TABLE_LINE.search(line):
                if size and last != "\n":
                    put("\n", i)
            else:
                end = i  # where the last run kept ended: a gap before the next run if it is not there
                for m in _KEPT.finditer(text, i, j):
                    s = m.start()
                    if s > end and size and last.isdigit() and text[s].isdigit():
                        put(" ", s - 1)  # digits printed apart stay apart
                    put(m.group(), s)
                    end = m.end()
            i = j + 1
    return Narrative("".join(pieces), Offsets(starts, origins, size))


def narrative(ctx: Context) -> Narrative:
    spans = narrative_spans(ctx)
    if len(spans) == 1:  # no headings: the narrative is the one part "all", made once
        return part_narrative(ctx, spans[0][0])  # type: ignore[return-value]
    return ctx.shared("narrative", lambda c: compact(c, [(a, b) for _, a, b in narrative_spans(c)]))


def part_narrative(ctx: Context, part: str) -> Narrative | None:
    """The compact text of one narrative part (一, 五, 六 or preamble), or None."""
    def build(c: Context):
        for p, a, b in narrative_spans(c):
            if p == part:
                return compact(c, [(a, b)])
        return None
    return ctx.shared(f"narrative:{part}", build)


# ---------------------------------------------------------------------------------------
# Sentences and quotes
# ---------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[。!！?？\n]")


def sentences(text: str, ends: re.Pattern[str] = _SENTENCE_END) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``text``, cut where ``ends`` matches."""
    out, start = [], 0
    for m in ends.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def quote_at(ctx: Context, start: int, end: int) -> tuple[int, tuple[int, int]]:
    """(line, column span) of a quote between two offsets of ``ctx.text``; a quote running onto
    the next line marks only its first character."""
    line, col = ctx.locate(start)
    end_line, end_col = ctx.locate(max(end - 1, start))
    return line, (col, end_col + 1 if end_line == line else col + 1)


def printed(ctx: Context, start: int, end: int) -> str:
    """The text as printed (not normalised) between two offsets of ``ctx.text``, spaces removed."""
    raw = ctx.shared("raw", lambda c: "\n".join(line.raw for line in c.doc.lines))
    return re.sub(r"[\s*#>`_]+", "", raw[start:end])


# ---------------------------------------------------------------------------------------
# Section bodies
# ---------------------------------------------------------------------------------------

_SIGNATURE = re.compile(r"^(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[^。,;:!?]{2,30}(?:政府|办公室|局|委员会|委|办|中心|办事处|管委会))$")


def section_body(ctx: Context, number: str) -> tuple[str, int] | None:
    """Section ``number`` in compact form without its heading title (nor a repeated heading)
    and without a closing signature (agency name, date), with its heading line; None if the
    report has no such section."""
    span = ctx.section_span(number)
    if span is None:
        return None

    def build(c: Context) -> str:
        body = compact(c, [span]).text
        variants = next(v for n, _, v in SECTIONS if n == number)
        while True:
            stripped = re.sub(r"^\s*[一二三四五六七八九十][、.]?", "", body)
            v = next((v for v in sorted(variants, key=len, reverse=True) if stripped.startswith(v)), None)
            if v is None:
                break
            body = stripped[len(v):]
        paragraphs = [p for p in body.split("\n") if p.strip()]
        while len(paragraphs) > 1 and _SIGNATURE.match(paragraphs[-1]):
            paragraphs.pop()
        return "\n".join(paragraphs)

    return ctx.shared(f"body:{number}", build), ctx.locate(span[0])[0]
