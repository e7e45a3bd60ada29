"""What a rule sees: the report, its source document, the format spec, and derived views
(sections of the text, the table identities) computed once and shared by all rules."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import Any

from gongkai.model import Document, Location, Report, locate
from gongkai.spec import FormatSpec, load_format

# The six statutory sections (formats.md §3): number, canonical title, printed variants.
SECTIONS = (
    ("一", "总体情况", ("总体情况",)),
    ("二", "主动公开政府信息情况", ("主动公开政府信息情况",)),
    ("三", "收到和处理政府信息公开申请情况", ("收到和处理政府信息公开申请情况",)),
    ("四", "政府信息公开行政复议、行政诉讼情况",
     ("政府信息公开行政复议、行政诉讼情况", "政府信息公开行政复议和行政诉讼情况", "政府信息公开行政复议及行政诉讼情况",
      "因政府信息公开工作被申请行政复议和提起行政诉讼情况", "政府信息公开行政法复议、行政诉讼情况",
      "因政府信息公开工作被申请行政复议、提起行政诉讼情况", "因政府信息公开工作被申请行政复议提起行政诉讼情况",
      "因政府信息公开工作被申请行政复议、行政诉讼情况", "政府信息公开行政复议行政诉讼情况",
      "行政复议、行政诉讼情况", "行政复议和行政诉讼情况", "行政复议行政诉讼情况")),
    ("五", "存在的主要问题及改进情况",
     ("政府信息公开工作存在的主要问题及改进情况", "存在的主要问题及改进情况", "存在的主要问题及改进措施",
      "存在的主要问题及改进举措", "主要问题及改进情况")),
    ("六", "其他需要报告的事项", ("其他需要报告的事项", "其它需要报告的事项")),
)

# An OCR score under this is a doubtful reading (readers/ocr.py LOW_CONFIDENCE; the rules
# never import the readers).
OCR_DOUBT = 0.8

SECTION_TITLES = {number: title for number, title, _ in SECTIONS}
_TITLE_FIRST = frozenset(v[0] for _, _, variants in SECTIONS for v in variants)
_SPACES = re.compile(r"\s+")
NUMERALS = "一二三四五六七八九十"


@lru_cache(maxsize=64)
def _index_keys(keys: tuple[str, ...]) -> Mapping[str, tuple[str, ...]]:
    """``keys`` by each of their dotted prefixes, in order. Reports of one format and layout
    have the same keys in the same order, so the index is made once for each such list."""
    out: defaultdict[str, list[str]] = defaultdict(list)
    for k in keys:
        i = k.find(".")
        while i >= 0:
            out[k[:i + 1]].append(k)
            i = k.find(".", i + 1)
    return MappingProxyType({p: tuple(ks) for p, ks in out.items()})


# (the lookahead first: most positions of a report are turned away before the alternation)
_HEADING = re.compile(r"(?=[一二三四五六七八九十])(?:^|(?<=[\s#*>]))([一二三四五六七八九十])\s*[、.．]\s*(\**)")


def spaced(*phrases: str) -> re.Pattern[str]:
    """Phrases that may be printed with spaces or line breaks between their characters."""
    return re.compile("|".join(r"\s*".join(map(re.escape, p)) for p in phrases))


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading as printed: its number, which statutory section it is, where."""

    printed_number: str  # 一…十 as printed (reports renumber)
    section: str  # 一…六: the statutory section this heading names
    title: str  # the printed title
    line: int  # 1-based source line
    col: int
    offset: int  # position in Context.text


class DocumentText:
    """The readings of a Document's text every check and an audit's section cutting share:
    the joined text, where each line starts, the section headings and each section's span.
    Made once a Document (``text_of``): an audit checks a report, then cuts its text into
    sections, and finding the headings twice cost as much as a couple of rules."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.text = "\n".join(line.text for line in doc.lines)
        starts, pos = [], 0
        for line in doc.lines:
            starts.append(pos)
            pos += len(line.text) + 1
        self.line_starts = starts

    def locate(self, offset: int) -> tuple[int, int]:
        """(1-based line, column) of an offset in ``text``."""
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return self.doc.lines[i].number, offset - self.line_starts[i]

    @cached_property
    def headings(self) -> list[Heading]:
        """Section headings found in the text, in order (numbered 一、… and naming a section)."""
        out: list[Heading] = []
        text = self.text
        for m in _HEADING.finditer(text):
            after = _SPACES.sub("", text[m.end(): m.end() + 40])
            if after[:1] not in _TITLE_FIRST:
                continue  # (most numbered lines: table rows, 一是…) names no section
            for number, _, variants in SECTIONS:
                v = next((v for v in variants if after.startswith(v)), None)
                if v is not None:
                    line, col = self.locate(m.start())
                    out.append(Heading(m.group(1), number, v, line, col, m.start()))
                    break
        return out

    @cached_property
    def section_spans(self) -> dict[str, tuple[int, int]]:
        """Each statutory section's span: from its first heading to the next heading of
        another section."""
        hs, out = self.headings, {}
        for i, h in enumerate(hs):
            if h.section not in out:
                out[h.section] = h.offset, next((x.offset for x in hs[i + 1:] if x.section != h.section), len(self.text))
        return out


# The most recent Document's readings (one slot, replaced whole: safe across threads).
_recent: tuple[Document, DocumentText] | None = None


def text_of(doc: Document) -> DocumentText:
    """The DocumentText of ``doc``: made again only for another Document than the last one
    asked for (check, then section cutting, read the same one in a row)."""
    global _recent
    recent = _recent
    if recent is not None and recent[0] is doc:
        return recent[1]
    made = DocumentText(doc)
    _recent = (doc, made)
    return made


@dataclass
class Context:
    doc: Document
    report: Report
    # Parameters of the rules turned on by a profile (rule code -> name -> value), with the
    # profile's Chinese title under "profile": a local rule reads its limits from here.
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    _cache: dict = field(default_factory=dict, repr=False)

    @cached_property
    def spec(self) -> FormatSpec:
        return load_format(self.report.format or "2021")

    @cached_property
    def _text(self) -> DocumentText:
        return text_of(self.doc)

    @property
    def text(self) -> str:
        """The whole normalised text, lines joined by newlines."""
        return self._text.text

    @property
    def line_starts(self) -> list[int]:
        return self._text.line_starts

    def locate(self, offset: int) -> tuple[int, int]:
        """(1-based line, column) of an offset in ``text``."""
        return self._text.locate(offset)

    @property
    def headings(self) -> list[Heading]:
        """Section headings found in the text, in order (numbered 一、… and naming a section)."""
        return self._text.headings

    @cached_property
    def first_headings(self) -> dict[str, Heading]:
        """The first heading of each statutory section found, in printed order."""
        out: dict[str, Heading] = {}
        for h in self.headings:
            out.setdefault(h.section, h)
        return out

    def heading_col(self, h: Heading) -> tuple[int, int]:
        """The span of a printed heading (number, 、 and title) within its line."""
        text, need, pos = self.text, len(h.title), h.offset
        m = re.compile(r"[一二三四五六七八九十]\s*[、.．]\s*\**").match(text, pos)
        pos = m.end() if m else pos + 2
        while need and pos < len(text) and text[pos] != "\n":
            if not text[pos].isspace():
                need -= 1
            pos += 1
        end_line, end_col = self.locate(pos)
        return h.col, end_col if end_line == h.line else len(self.doc.lines[h.line - 1].text)

    def match_at(self, offset: int, end: int) -> tuple[int, tuple[int, int]]:
        """(line, column span) of a match in ``text``; a match running onto the next line is
        marked to the end of its first line."""
        line, col = self.locate(offset)
        end_line, end_col = self.locate(end)
        return line, (col, end_col if end_line == line else len(self.doc.lines[line - 1].text))

    def section_span(self, number: str) -> tuple[int, int] | None:
        """Offsets in ``text`` of statutory section ``number`` (一…六): from its first heading
        to the next heading of another section; None if the report has no such heading."""
        return self._text.section_spans.get(number)

    def section_text(self, number: str) -> str | None:
        """The text of statutory section ``number`` after its heading's number."""
        span = self.section_span(number)
        if span is None:
            return None
        h = next(h for h in self.headings if h.offset == span[0])
        return self.text[span[0] + len(h.printed_number) + 1: span[1]]

    def location(self, line: int | None, col: tuple[int, int] | None = None) -> Location | None:
        """Where a line (and a span in it) of the document is in the source, as a person
        opening it finds it: a text file's line, a PDF's page and box, a DOCX's table and row."""
        if line is None or not 0 < line <= len(self.doc.lines):
            return None
        return locate(self.doc.lines[line - 1], col, self.doc.form)

    def place(self, line: int) -> str:
        """A line of the document named in Chinese for a message: ``第12行`` in a text file,
        ``第3页`` in a PDF, ``第5段`` or ``第2个表格第3行`` in a Word file (the Document's own
        line numbers mean nothing to a person opening those)."""
        where = self.location(line)
        return (where.describe() if where is not None else "") or f"第{line}行"

    def value(self, key: str):
        return self.report.cells.get(key)

    @cached_property
    def _keys_under(self) -> Mapping[str, tuple[str, ...]]:
        """Cell keys by each of their dotted prefixes (``t3.``, ``t3.granted.``): the rules ask
        for a table's or a row's keys a few hundred times a report, and scanning every key each
        time was most of what they cost."""
        return _index_keys(tuple(self.report.cells))

    def keys_with(self, prefix: str) -> list[str]:
        """The report's cell keys that start with ``prefix``, in the report's order (the same
        list as scanning them; a prefix ending in a dot is looked up)."""
        if prefix.endswith("."):
            return list(self._keys_under.get(prefix, ()))  # (a copy: the index is shared)
        return [k for k in self.report.cells if k.startswith(prefix)]

    def provenance(self, key: str):
        return self.report.provenance.get(key)

    def line_of(self, key: str) -> int | None:
        p = self.report.provenance.get(key)
        return p.line if p else None

    def doubtful(self, keys) -> bool:
        """Whether any of these cells was read in a way that may have misread it (glued
        digits split, a row placed by a nearby label, a number dropped or put back, a rival
        reading, a character OCR was unsure of). A cell read whole from a cleanly delimited
        row is not: a wrong figure there is the report's own."""
        for k in keys:
            p = self.report.provenance.get(k)
            if p is None:
                continue
            if p.uncertain or any(m in p.method for m in ("glued", "extra-cell", "displaced", "nearby", "short-row")):
                return True
            if "+ocr" in p.method and p.confidence < OCR_DOUBT:
                return True
        return False

    def shared(self, name: str, compute):
        """A value computed once per report and shared by the rules that need it."""
        if name not in self._cache:
            self._cache[name] = compute(self)
        return self._cache[name]
