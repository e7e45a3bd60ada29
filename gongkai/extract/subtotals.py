"""Subtotals in table 三 (小计): a column among the applicant columns, and rows under a group.

Both are found from how the table is printed and confirmed by its values, never by the word
anywhere near the table: a 小计 column from a header cell beside the 法人或其他组织
sub-headers, kept only if the rows' cells add up as a subtotal's do; a 小计 row from its
label, in the group of the row above it; a group label printed with numbers is the group's
subtotal only if they are the group's sum.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Final

from gongkai.extract.labels import Match, Matcher
from gongkai.extract.rows import PrintedRow, printed_rows
from gongkai.extract.tokens import PRINTED, TokenLine
from gongkai.extract.values import Blocks, Reading, Value, fit, holds
from gongkai.extract.wrapped import display_columns
from gongkai.spec import FormatSpec

# A subtotal cell among the applicant headers: next to the 法人或其他组织 sub-headers, after
# 其他 (the usual place, before 总计) or before 商业企业. Looked for in the header rows only.
_SUBTOTAL_AFTER: Final = re.compile(r"其他\s*(?:法人或其他组织)?\s*小\s*计")
_SUBTOTAL_BEFORE: Final = re.compile(r"(?:法人或其他组织)?\s*小\s*计\s*商业企业")


def header_text(lines: list[TokenLine], matcher: Matcher) -> tuple[str, int]:
    """The text printed above table 三's first row of numbers: its header rows, and how many
    lines they take before the line of that row.

    Stops at the first value of a row that has a label (the header of glued text shares
    its token with the first row's label); a lone number before that (表3) is skipped.
    """
    out: list[str] = []
    labelled = False
    for i, line in enumerate(lines):
        for tok in line.tokens:
            if tok.kind == "text":
                out.append(tok.text)
                m = matcher.match(tok.text)
                labelled = labelled or (m is not None and not m.target.startswith("group:"))
            elif tok.kind == "num" and labelled:
                return " ".join(out), i
    return " ".join(out), len(lines)


_CELL: Final = re.compile(r"\S+(?: \S+)*")  # a cell of a layout dump: words a single space apart
_WIDE: Final = re.compile("[\u2e80-\uffff]")  # printed two columns wide


def stacked_header(lines: list[TokenLine]) -> str:
    """Header cells of a layout dump whose words are stacked down one column (小 / 计, one
    character a line), each joined, left to right: a cell printed where one of the line
    above was printed continues it."""
    words: list[tuple[int, list[str]]] = []  # (column, pieces) of each header cell
    above: dict[int, int] = {}  # column → index in words, of the line above
    for line in lines:
        if line.delimited:
            continue
        here: dict[int, int] = {}
        for tok, (col, _) in zip(line.tokens, display_columns(line.tokens, None)):
            if tok.kind != "text":
                continue
            for m in _CELL.finditer(tok.text):
                at = col + m.start() + len(_WIDE.findall(tok.text, 0, m.start()))
                k = above.get(at, above.get(at - 1, above.get(at + 1, -1)))
                if k < 0:
                    k = len(words)
                    words.append((at, []))
                words[k][1].append(m.group())
                here[at] = k
        above = here
    return " ".join("".join(pieces) for _, pieces in sorted(words, key=lambda w: w[0]))


def column_sets(spec: FormatSpec, lines: list[TokenLine], matcher: Matcher) -> list[tuple[str, ...]]:
    """Columns a subtotal header cell may add (where printed), most likely first.

    Only the header rows count, and only a 小计 cell next to the 法人或其他组织 sub-headers:
    the word in a title, a note or a row label (（三）不予公开小计) adds no column. Which
    set is read is left to the values (`choose_columns`)."""
    if not spec.t3_extra_columns:
        return []
    head, depth = header_text(lines, matcher)
    if "小" not in head:
        return []
    after, before = _SUBTOTAL_AFTER.search(head), _SUBTOTAL_BEFORE.search(head)
    if not (after or before):
        # header words stacked down their columns in a layout dump (小 / 计)
        head = stacked_header(lines[:depth])
        after, before = _SUBTOTAL_AFTER.search(head), _SUBTOTAL_BEFORE.search(head)
    if not (after or before):
        return []
    sets: list[tuple[str, ...]] = []
    for extra in spec.t3_extra_columns:
        for at in ([extra["before"], "commercial"] if after or not before else ["commercial", extra["before"]]):
            cols = list(spec.t3_columns)
            if at in cols:
                cols.insert(cols.index(at), extra["key"])
                sets.append(tuple(cols))
    return sets


def is_subtotal_word(text: str) -> bool:
    """A row label that names a subtotal (小计, 不予公开小计). Not 合计: some print it for （七）总计."""
    t = text.replace(" ", "")
    return t.endswith("小计") and len(t) <= 12


@cache
def row_groups(spec: FormatSpec) -> dict[str, str | None]:
    out: dict[str, str | None] = {r.key: r.group for r in spec.t3_rows}
    for g in spec.t3_groups:
        out[f"group:{g.key}"] = g.key
    return out


def subtotal_labels(printed: list[PrintedRow], lines: list[TokenLine], spec: FormatSpec) -> list[PrintedRow]:
    """Rows labelled 小计, which no row label names, become their group's subtotal
    row: the group of the labelled row printed before them (（三）…（六）)."""
    groups = row_groups(spec)
    group: str | None = None
    out = printed
    by_line: dict[int, TokenLine] | None = None  # each source line's first TokenLine, made when first needed
    for i, p in enumerate(printed):
        if p.label is not None:
            group = groups.get(p.label.target)
            continue
        if p.number_count == 0 or group is None or group == "outcomes":
            continue
        word = p.label_token
        if word is None:
            if by_line is None:
                by_line = {}
                for x in lines:
                    if x.tokens:
                        by_line.setdefault(x.tokens[0].line, x)
            line = by_line.get(p.line)
            first = next((t.start for t in p.values if t.kind in PRINTED), 0)
            before = [t for t in line.tokens if t.kind == "text" and t.end <= first] if line else []
            word = before[-1] if before else None
        if word is not None and is_subtotal_word(word.text):
            if out is printed:
                out = list(printed)
            out[i] = PrintedRow(Match(f"group:{group}", 2), word, p.line, p.values, p.number_count)
    return out


def confirm_subtotal_rows(readings: dict[str, list[Reading]], rows: dict[str, PrintedRow], keys: list[str],
                           spec: FormatSpec, placed: dict[str, str]) -> None:
    """A group label printed with numbers (（三）不予公开 0 3 …) is the group's subtotal row
    only if the numbers are the sum of the group's rows; while the group's first row has no
    numbers of its own, numbers that are not that sum are that row's, its label left blank."""
    if not any(k.startswith("x.") for k in readings):
        return
    for g in spec.t3_groups:
        key = f"x.{g.key}_subtotal"
        p = rows.get(key)
        if key not in readings or p is None or (p.label_token is not None and is_subtotal_word(p.label_token.text)):
            continue
        subs = [r.key for r in spec.t3_rows if r.group == g.key and r.key in keys]
        if not subs or subs[0] in readings:
            continue
        present = [readings[k][0].values for k in subs if k in readings]
        values = readings[key][0].values
        if present and all(v is not None and None not in col and sum(col) == v
                           for v, col in zip(values, zip(*present))):
            continue
        readings[subs[0]] = readings.pop(key)
        placed[subs[0]] = "by-order"


def choose_columns(spec: FormatSpec, lines: list[TokenLine], matcher: Matcher,
                   blocks_of: Callable[[tuple[str, ...]], Blocks]) -> tuple[str, ...]:
    """Table 三's columns: the national ones, or with a 小计 column (`column_sets`) where the
    rows' values confirm it: more rows read with it have 小计 = Σ 法人或其他组织 and 总计 =
    自然人 + 小计 than rows read without it add up to their 总计."""
    candidates = column_sets(spec, lines, matcher)
    if not candidates:
        return spec.t3_columns
    plain = spec.t3_columns
    base = sum(1 for rs in _row_readings(lines, matcher, plain, blocks_of)
               if any(holds(r.values, [(len(plain), True)]) is True for r in rs))
    for cols in candidates:
        sub, total = cols.index("org_subtotal"), cols.index(spec.t3_identities["row_total"])
        orgs = [i for i in range(1, len(cols)) if i not in (sub, total)]  # 0 is 自然人
        confirmed = sum(1 for rs in _row_readings(lines, matcher, cols, blocks_of)
                        if any(_adds_up(r.values, sub, total, orgs) for r in rs))
        if confirmed > base:
            return cols
    return plain


def _row_readings(lines: list[TokenLine], matcher: Matcher, cols: tuple[str, ...],
                  blocks_of: Callable[[tuple[str, ...]], Blocks]) -> list[list[Reading]]:
    blocks = blocks_of(cols)
    width = len(cols)
    return [fit(p.values, blocks) for p in printed_rows(lines, matcher, lambda target: width) if p.has_numbers]


def _adds_up(values: tuple[Value, ...], sub: int, total: int, orgs: list[int]) -> bool:
    """小计 is the sum of the 法人或其他组织 cells and, with 自然人, makes 总计."""
    if any(v is None for v in values):
        return False
    s, t, person = values[sub], values[total], values[0]
    return s is not None and t is not None and person is not None and s == sum(values[i] or 0 for i in orgs) \
        and t == person + s
