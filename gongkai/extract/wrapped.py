"""Numbers wrapped inside narrow cells of a layout dump (pdftotext ``-layout``, PDF copy-paste),
rejoined by column position before a table's rows are read.

A number too wide for its cell prints its first digits on the row's line and the rest on the
line(s) below, in the same column; full-width digits are two columns wide, so a narrow cell
holds one or two of them and a number runs down the cell one or two digits a line. The row's
sums confirm a rejoin; one they cannot confirm is kept and marked uncertain.
"""

from __future__ import annotations

import re
from typing import Final

from gongkai.extract.labels import Match, Matcher
from gongkai.extract.tokens import Token, TokenLine
from gongkai.extract.values import Blocks, Reading, holds
from gongkai.extract.values import width as blocks_width
from gongkai.model import Document

_new: Final = tuple.__new__  # see tokens.py

# A number too wide for its cell in a layout dump (pdftotext -layout) wraps: its last digits
# print on the next line(s), under its first ones (``1234`` / ``   5``). Full-width digits are
# two columns wide, so a narrow cell holds only one or two of them: ``１７`` / ``９６``, or
# one digit a line.
WRAPPED: Final = "wrapped"  # the unit of a number rejoined from two lines, its row sum holding
WRAPPED_UNSURE: Final = "wrapped?"  # rejoined with nothing to confirm it
# A rejoined amount keeps the unit printed after its last digits: ``wrapped?|万元``.
_UNIT_MARK: Final = "|"
_WRAP_HEAD: Final = 3  # a number at least this many columns wide may go on (full-width: any)
_WRAP_DIGITS: Final = 2  # digits a line goes on with (more only on a line of one number: 17090.5 / 931)
_HEAD_CHARS: Final = frozenset("0123456789.-")  # a count, a signed change or an amount
_UNIT_WORDS: Final = frozenset({"万元", "元"})  # an amount's unit may wrap on its own
_FULL_DIGIT: Final = re.compile("[０-９]")
_WIDE_CHARS: Final = re.compile("[\u2e80-\uffff]")  # printed two columns wide: CJK, full-width forms
# An item number wrapped away from its label: its digits (at most _ITEM_DIGITS) end one line,
# the rest of the label (_ITEM_REST) opens the next.
_ITEM_DIGITS: Final = 2
_ITEM_REST: Final = re.compile(r"[.．、][\u4e00-\u9fff]")
# An item number opens a label of its own, never a label's continuation.
_ITEM_START: Final = re.compile(r"\s*(?:[（(](?:[一二三四五六七八九十]{1,3}|\d{1,2})[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．](?!\d))")


def rejoin_wrapped(lines: list[TokenLine], matcher: Matcher | None, blocks: Blocks | None,
                   doc: Document | None = None) -> int:
    """Rejoin numbers wrapped inside narrow cells, in place; the number of lines joined.

    A line continues the numbers of the line above when each of its numbers sits under a
    number there that fills its cell (three or more columns, or full-width digits), no wider
    than it, and its text, if any, stands left of those numbers (the label's continuation,
    not a label of its own). A number may wrap over several lines: a line whose numbers all
    continue the line above leaves that line's numbers open to the next one. Where the row
    above has a sum (``blocks``), the rejoined row must hold, or the row as printed must not:
    a rejoin that the sum cannot confirm, or that the row as printed confirms as well, is
    marked ``WRAPPED_UNSURE``. With the ``doc``, columns are counted as printed (a full-width
    character two wide). An item number wrapped away from its label (``（三）不予公开 1`` /
    ``.属于国家秘密``) is given back to the label first: it is no value.
    """
    joined = 0
    # a layout dump has no cell delimiters, and a line continued has a number that fills its
    # cell (tested first: most lines of most tables fail it)
    head = -1  # the line whose numbers the next line may continue
    layout = [-1]  # how the table's columns align, once asked (`_displayed`): -1 not yet asked
    done = 0  # lines before this one were joined to a row above
    for i, (toks, delimited) in enumerate(lines):  # unpacked: no attribute lookups per line
        if delimited or not toks:
            head = -1
            continue
        first = toks[0]
        if i and first.kind == "text" and first.text[0] in ".．、" and _ITEM_REST.match(first.text):
            _give_back_item(lines, i - 1)
        if head >= 0 and i >= done:
            n = _rejoin(lines, head, i, matcher, blocks, doc, layout)
            if n:
                joined += n
                done = i + n  # lines joined: their numbers are the row above's now
                continue
        if i >= done:
            head = i if _heads(toks, doc) else -1
    return joined


def _give_back_item(lines: list[TokenLine], k: int) -> None:
    """Line ``k``'s first number, one or two digits printed a space after its label, is the
    item number of the label continued on the next line: made part of the label."""
    toks = lines[k].tokens
    for j, t in enumerate(toks):
        if t.kind == "text":
            continue
        label = toks[j - 1] if j else None
        if (label is not None and label.kind == "text" and t.kind == "num" and len(t.text) <= _ITEM_DIGITS
                and t.text.isdigit() and t.start - label.end <= 1):
            text = label.text + " " * (t.start - label.end) + t.text
            item = _new(Token, ("text", text, label.line, label.start, t.end, None, None))
            lines[k] = _new(TokenLine, ([*toks[: j - 1], item, *toks[j + 1 :]], lines[k].delimited))
        return


def _heads(toks: list[Token], doc: Document | None) -> bool:
    """Whether the line has a number that may be wrapped (one that fills a narrow cell)."""
    full: bool | None = None  # the line prints full-width digits (looked up once, if needed)
    found = False
    for t in toks:
        if t.kind != "num":
            continue
        if len(t.text) < _WRAP_HEAD:
            if full is None:
                full = doc is not None and _FULL_DIGIT.search(doc.lines[t.line - 1].raw) is not None
            if not full:
                continue
        if _fills(t, doc):
            found = True
            break
    return found


def _fills(t: Token, doc: Document | None) -> bool:
    """A number that may go on on the next line: printed three columns wide or more (or in
    full-width digits, two columns each), with no unit after it, and not a lone 0 (no count
    begins with 0)."""
    text = t.text
    unit = t.unit
    if unit is not None and (not unit.startswith(WRAPPED) or _UNIT_MARK in unit) or text == "0" \
            or not _HEAD_CHARS.issuperset(text):
        return False
    return len(text) >= _WRAP_HEAD or _wide_digits(t, doc)


def _wide_digits(t: Token, doc: Document | None) -> bool:
    """Whether a number is printed in full-width digits (normalised text folds them)."""
    if doc is None:
        return False
    raw = doc.lines[t.line - 1].raw
    return any("０" <= raw[k] <= "９" for k in range(t.start, t.end))


def _rejoin(lines: list[TokenLine], at: int, i: int, matcher: Matcher | None, blocks: Blocks | None,
            doc: Document | None, layout: list[int]) -> int:
    """Join the numbers of line ``i`` and of the lines after it that go on with them to the
    numbers of line ``at`` they continue; how many lines were joined. The row's sum is
    checked once the whole of each number is read: a number wrapped over several lines need
    not add up before its last digits."""
    above = lines[at]
    if len(above.tokens) < 2:
        return 0  # (a line of one number is a cell of its own: one cell per line)
    whole = list(above.tokens)
    rest: list[list[Token]] = []  # what is left of each line joined: the label's continuation
    while i + len(rest) < len(lines):
        toks, delimited = lines[i + len(rest)]
        pairs = None if delimited or not toks else _wrap_pairs(whole, toks, matcher, doc, lines, layout)
        if pairs is None:
            break
        for a, b in pairs.items():
            whole[a] = _joined(whole, a, toks[b])
        rest.append([t for b, t in enumerate(toks) if b not in pairs.values()])
    if not rest:
        return 0
    if blocks is not None:
        row = [t for t in above.tokens if t.kind != "text"]
        if len(row) == blocks_width(blocks):
            after = holds([t.value for t in whole if t.kind != "text"], blocks)
            if after is not True and holds([t.value for t in row], blocks) is True:
                return 0  # the row adds up as printed: the lines below are not its continuation
            if after is True and holds([t.value for t in row], blocks) is not True:
                # confirmed: every number rejoined in the row (where the row adds up either
                # way, both readings stay possible)
                for a, t in enumerate(whole):
                    if t.unit is not None and t.unit.startswith(WRAPPED_UNSURE):
                        unit = WRAPPED + t.unit[len(WRAPPED_UNSURE):]
                        whole[a] = _new(Token, (t.kind, t.text, t.line, t.start, t.end, unit, t.value))
    lines[at] = _new(TokenLine, (whole, above.delimited))
    for k, left in enumerate(rest):
        lines[i + k] = _new(TokenLine, (left, False))
    return len(rest)


def _joined(whole: list[Token], a: int, tail: Token) -> Token:
    """Number ``a`` of a row with the piece printed under it: digits, or its amount's unit
    wrapped on its own (15513 / 万元, 11698万 / 元)."""
    h = whole[a]
    if tail.kind == "text":
        split = tail.text == "元" and a + 1 < len(whole) and whole[a + 1].text == "万" and whole[a + 1].start == h.end
        digits, value = h.text, h.value
        unit = WRAPPED_UNSURE + _UNIT_MARK + ("万元" if split else tail.text)
    else:
        digits = h.text + tail.text
        value = float(digits) if "." in digits else int(digits)
        unit = WRAPPED_UNSURE if tail.unit is None else WRAPPED_UNSURE + _UNIT_MARK + tail.unit
    return _new(Token, ("num", digits, h.line, h.start, h.end, unit, value))


def _wrap_pairs(above: list[Token], below: list[Token], matcher: Matcher | None, doc: Document | None,
                lines: list[TokenLine], layout: list[int]) -> dict[int, int] | None:
    """Which number above each number below continues (index above → index below), or None.
    Where columns counted by character and as displayed pair them differently, the columns
    of the table's numbers decide (``layout``: `_displayed`, asked once a table)."""
    texts = False
    wide = 0  # numbers of more than _WRAP_DIGITS digits: the next row's, unless the only one
    count = 0
    for t in below:
        if t.kind == "text":
            texts = True
        elif t.kind != "num" or not t.text.isdigit() or t.unit is not None and not t.unit.endswith("元"):
            return None  # a continuation is digits, an amount's last ones with their unit
        else:
            count += 1
            wide += len(t.text) > _WRAP_DIGITS and t.unit is None
    if wide and count > 1:
        return None  # (tested first: most lines of a table are rows of numbers)
    heads = 0  # numbers above that may go on: at least one for each number below
    for h in above:
        if h.kind == "num" and _fills(h, doc):
            heads += 1
            if heads >= count:
                break
    if heads < count:
        return None
    # columns counted by character, then in display width (a Chinese character or full-width
    # digit two wide), as pdftotext lays the page out and a terminal shows it; numbers printed
    # in full-width digits are aligned only as displayed
    pairs = None
    if not _full_width(above, doc):
        pairs = _beneath(above, below, _char_columns(above), _char_columns(below), doc)
    shown = _beneath(above, below, display_columns(above, doc), display_columns(below, doc), doc)
    if pairs is None or shown is not None and shown != pairs and _displayed(lines, doc, layout):
        pairs = shown
    if pairs is None:
        return None
    if not texts:
        return pairs
    # text below that opens an item, names a row, or is a piece of the label of a row other
    # than the one above is a label of its own: the line is a row (其他对外管理服 under 行政许可),
    # unless the label above names only a group, whose row's label went on below it
    # (三、本年度办理结 / 果 （一）予以公开; （三）不予公开 / 1.属于国家秘密)
    group: bool | None = None  # whether the label above is a group's (found when first needed)
    named: str | None = None  # the row the label above names
    for t in below:
        if t.kind != "text":
            continue
        item = _ITEM_START.match(t.text) is not None
        m = matcher.match(t.text) if matcher is not None else None
        if not item and (m is None or m.strength < 2):
            continue
        if group is None:
            label = _row_label(above, matcher) if matcher is not None else None
            group = label is not None and label.target.startswith("group:")
            named = label.target if label is not None else None
        if group:
            continue
        if item or m is not None and m.target != named and (m.strength == 3 or named is not None):
            return None
    return pairs


def _beneath(above: list[Token], below: list[Token], cols_above: list[tuple[int, int]],
             cols_below: list[tuple[int, int]], doc: Document | None) -> dict[int, int] | None:
    """The numbers below under numbers above (see `_under`), the text below, if any, left of
    where the values above begin (the label column)."""
    pairs = _under(above, below, cols_above, cols_below, doc)
    if pairs is None:
        return None
    left = 0  # where the values above begin: the label column ends there
    for h, (start, _) in zip(above, cols_above):
        if h.kind != "text":
            left = start
            break
    for t, (_, end) in zip(below, cols_below):
        if t.kind == "text" and end > left and t.text not in _UNIT_WORDS:
            return None  # text beside the numbers: the line is a row
    return pairs


def _under(above: list[Token], below: list[Token], cols_above: list[tuple[int, int]],
           cols_below: list[tuple[int, int]], doc: Document | None) -> dict[int, int] | None:
    """Each number below under a distinct number above that may be wrapped, by the columns
    (start, end) each token is printed at."""
    pairs: dict[int, int] = {}
    a = 0
    for b, t in enumerate(below):
        if t.kind == "text" and t.text not in _UNIT_WORDS:
            continue
        start, end = cols_below[b]
        # both lines' tokens run left to right: the head is the next number above that ends
        # at or after this one's end
        while a < len(above) and cols_above[a][1] + 1 < end:
            a += 1
        if a == len(above):
            return None
        h = above[a]
        h_start, h_end = cols_above[a]
        # under the number, no wider than it (it fills its cell), and not a lone 0's tail
        if not (h.kind == "num" and h_start - 1 <= start and end - start <= h_end - h_start and _fills(h, doc)):
            return None
        pairs[a] = b
        a += 1
    return pairs or None


def _displayed(lines: list[TokenLine], doc: Document | None, layout: list[int]) -> bool:
    """Whether the table's numbers line up in display columns (a Chinese character two wide,
    as pdftotext lays out a page) rather than in characters: counted by where the numbers of
    the lines of several begin and end, the columns as displayed are fewer. Asked once a
    table (``layout`` keeps the answer)."""
    if layout[0] < 0:
        chars: set[int] = set()
        ends: set[int] = set()
        shown: set[int] = set()
        shown_ends: set[int] = set()
        for toks, delimited in lines:
            if delimited or len(toks) < 3:
                continue
            for t, (start, end) in zip(toks, display_columns(toks, doc)):
                if t.kind == "num":
                    chars.add(t.start)
                    ends.add(t.start + len(t.text))
                    shown.add(start)
                    shown_ends.add(end)
        layout[0] = int(min(len(shown), len(shown_ends)) < min(len(chars), len(ends)))
    return layout[0] == 1


def _full_width(toks: list[Token], doc: Document | None) -> bool:
    """Whether the line prints a number in full-width digits."""
    for t in toks:
        if t.kind == "num":
            return _wide_digits(t, doc)
    return False


def _char_columns(toks: list[Token]) -> list[tuple[int, int]]:
    """Each token's printed text's (start, end) in characters (a number without its unit)."""
    return [(t.start, t.start + len(t.text)) for t in toks]


def display_columns(toks: list[Token], doc: Document | None) -> list[tuple[int, int]]:
    """Each token's printed text's (start, end) in display columns (a number without its
    unit): the wide characters (CJK, full-width forms) printed before and in it count twice.
    Without the document, only the text tokens' own characters can be counted (their
    normalised text keeps CJK as printed)."""
    out: list[tuple[int, int]] = []
    wide = 0
    if doc is None:
        for t in toks:
            out.append((t.start + wide, t.start + len(t.text) + wide))
            if t.kind == "text":
                wide += len(_WIDE_CHARS.findall(t.text))
        return out
    pos = 0
    raw = doc.lines[toks[0].line - 1].raw if toks else ""
    for t in toks:
        wide += len(_WIDE_CHARS.findall(raw, pos, t.start))
        start = t.start + wide
        pos = t.start + len(t.text)
        wide += len(_WIDE_CHARS.findall(raw, t.start, pos))
        out.append((start, pos + wide))
    return out


def _row_label(toks: list[Token], matcher: Matcher) -> Match | None:
    found: Match | None = None
    for t in toks:
        if t.kind == "text":
            m = matcher.match(t.text)
            if m is not None:
                found = m
    return found


def mark_wrapped(reading: Reading, uncertain: set[int]) -> Reading:
    """``reading`` with its method telling of a rejoined number, and the columns of
    unconfirmed ones added to ``uncertain``."""
    found = False
    for c, cell in enumerate(reading.cells):
        tok = cell.token
        if tok is not None and tok.unit is not None and tok.unit.startswith(WRAPPED):
            found = True
            if tok.unit.startswith(WRAPPED_UNSURE):
                uncertain.add(c)
    if not found:
        return reading
    return Reading.of(reading.cells, reading.method + "+wrapped-number", reading.confidence)


def printed_unit(tok: Token) -> str | None:
    """The unit printed after a value token's number (元, 万元), a rejoined number's too."""
    unit = tok.unit
    if unit is None or not unit.startswith(WRAPPED):
        return unit
    mark = unit.find(_UNIT_MARK)
    return unit[mark + 1 :] if mark >= 0 else None
