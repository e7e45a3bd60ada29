"""Fit the value tokens printed on a row to the row's columns.

A row's cells can come out of a dump with blank cells at its ends (merged label columns,
trailing tabs), one number too many (a page or footnote number), blanks dropped, or all
digits glued into one run. `fit` returns every reading of the row that its own identity
(block sums) allows; the caller picks among them with the whole table's identities.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Final, NamedTuple

from gongkai.extract.tokens import PRINTED, Token
from gongkai.model import Line

Value = int | float | None

# Blocks describe a row's identity: (parts, checked) — `checked` means the block's last cell
# is the sum of the ones before it (t3: 6 + 总计; t4: 4 + 总计 three times; t2: unchecked).
Blocks = Sequence[tuple[int, bool]]

MAX_GLUED_DIGITS: Final = 48
MAX_PART_DIGITS: Final = 7
MAX_READINGS: Final = 64
# Search steps a glued run may take per checked block of its row (≈ 1.5–3 µs a step: ≈ 5–10 ms
# for a row of table 三, three times that for table 四; a report splits ≈ 40–100 runs, some
# rows once per candidate set of columns). Glued rows of generated reports take at most ≈ 700;
# of random consistent rows (values up to 10⁵) none runs out, of table 四 rows with every
# value in 0–999, 1 in 1,500. A run the search cannot decide within the bound is read as
# null cells (UNSPLIT) with the reason, never a long wait.
MAX_SPLIT_STEPS: Final = 3000
UNSPLIT: Final = "glued-unsplit"
UNSPLIT_REASON: Final = "glued digits could not be split within the search bound"
# A glued run no split fits (00000011 as seven cells: 0|0|0|0|0|0|11 fails its sum): null cells.
NO_SPLIT: Final = "glued-no-split"
NO_SPLIT_REASON: Final = "glued digits admit no split into the row's cells whose sums hold"
_POW10: Final = [10**e for e in range(MAX_GLUED_DIGITS + 2)]


_new: Final = tuple.__new__  # see tokens.py: named tuples built without their Python-level __new__


class Cell(NamedTuple):
    """A column's value and the token it was read from.

    A value token read whole serves as its own cell (Token has ``value``, ``token`` and
    ``span`` too); a Cell is made only for a piece of glued digits, a converted amount or a
    column with nothing printed.
    """

    value: Value
    token: Token | None  # None: the column had no printed cell
    span: tuple[int, int] | None = None  # sub-span of the token (a piece of glued digits)


class Reading(NamedTuple):
    """One way to read a row: a cell per column, how it was obtained, and how sure.

    ``values`` is stored, not derived: the table's identities compare readings' values
    many times over."""

    cells: tuple[Cell | Token, ...]
    method: str
    confidence: float
    values: tuple[Value, ...]

    @classmethod
    def of(cls, cells: Sequence[Cell | Token], method: str, confidence: float) -> Reading:
        cells = tuple(cells)
        return _new(cls, (cells, method, confidence, tuple([c.value for c in cells])))


def width(blocks: Blocks) -> int:
    return blocks[0][0] if len(blocks) == 1 else sum(n for n, _ in blocks)


def holds(values: Sequence[Value], blocks: Blocks) -> bool | None:
    """True if every checked block sums; None if a null leaves one not assessable."""
    pos = 0
    verdict: bool | None = True
    for n, checked in blocks:
        block = values[pos : pos + n]
        pos += n
        if not checked:
            continue
        numbers = [v for v in block if v is not None]
        if len(numbers) < len(block):
            verdict = None
            continue
        if abs(sum(numbers[:-1]) - numbers[-1]) > 1e-9:
            return False
    return verdict


def fit(tokens: Sequence[Token], blocks: Blocks, lines: Sequence[Line] | None = None) -> list[Reading]:
    """All readings of ``tokens`` as one row of ``width(blocks)`` cells (best first).

    With the document's ``lines``, a cleanly delimited row (see `delimited_cells`) has one
    reading, its printed cells, whether its sums hold or not: the text allows no other."""
    n = width(blocks)
    toks = list(tokens)
    # trailing blank cells (a tab at the end of the line) never hold a column
    while len(toks) > n and toks and toks[-1].kind == "blank":
        toks.pop()
    if PRINTED.isdisjoint([t.kind for t in toks]):
        return []
    if len(toks) == n:
        return [Reading.of(toks, "cell", 1.0)]
    if len(toks) > n:
        if lines is not None:
            clean = delimited_cells(toks, n, lines)
            if clean is not None:
                return [Reading.of(clean, "cell", 1.0)]
        extra = len(toks) - n
        if all(t.kind == "blank" for t in toks[:extra]):
            # merged label cells left blank before the row's cells: the usual case
            first = Reading.of(toks[extra:], "cell", 1.0)
            if holds(first.values, blocks) is True:
                return [first]
        return _windows(toks, blocks)
    nums = [t for t in toks if t.kind != "blank"]
    if len(nums) == len(toks) and all(t.kind == "num" and t.text.isdigit() for t in nums):
        glued = split_glued(toks, blocks)
        if glued:
            return glued
        if 2 * len(nums) <= n <= sum([len(t.digits) for t in nums]):  # glued (not a short row); extra number?
            cut = [split_glued(part, blocks) for part in (toks[:-1], toks[1:])] if len(toks) > 1 else []
            readings = [Reading.of(r.cells, r.method + "+extra-cell-dropped", min(r.confidence, 0.7))
                        for rs in cut for r in rs if r.method != UNSPLIT]
            return _distinct(readings) or [_unsplit(toks, n, NO_SPLIT)]
    return [_short_row(toks, n)]


def delimited_cells(toks: Sequence[Token], n: int, lines: Sequence[Line]) -> Sequence[Token] | None:
    """The row's cells if it was printed cleanly delimited, else None.

    Clean: blank cells only around the row (merged label cells, a trailing tab) and, between
    them, exactly ``n`` printed cells (numbers or null marks), each its own cell: every two
    of them on one line with a tab or a pipe between. A window of ``n`` cells elsewhere
    would drop a printed number for a blank one, which no reading of such a row allows; a
    row with an extra number, a blank among its cells (a doubled delimiter?) or cells
    glued or spread over lines is left to `fit`'s rival readings.
    """
    lo, hi = 0, len(toks)
    while lo < hi and toks[lo].kind == "blank":
        lo += 1
    while hi > lo and toks[hi - 1].kind == "blank":
        hi -= 1
    if hi - lo != n:
        return None
    cells = toks[lo:hi]
    first = cells[0]
    if first.kind not in PRINTED:
        return None
    line, end = first.line, first.end
    text = lines[line - 1].text  # every cell on the first one's line: its text looked up once
    for b in cells[1:]:
        if b.kind not in PRINTED or b.line != line:
            return None
        gap = text[end : b.start]
        if "\t" not in gap and "|" not in gap:
            return None
        end = b.end
    return cells


def _windows(toks: list[Token], blocks: Blocks) -> list[Reading]:
    """More cells than columns: a merged label cell left blank, or a page/footnote number.

    Readings whose block sums hold come first and alone; if no window can be checked,
    every window is returned, the one that drops only blank cells at the row's start
    first, for the table's column identities to decide. (Blank cells before a row whose
    sums hold, the usual case, are dropped by `fit` before it gets here.)
    """
    n = width(blocks)

    def drops_only_blanks(i: int) -> bool:
        return all(t.kind == "blank" for t in toks[:i] + toks[i + n :])

    def reading(i: int) -> Reading:
        if drops_only_blanks(i):
            return Reading.of(toks[i : i + n], "cell", 1.0)
        return Reading.of(toks[i : i + n], "extra-cell-dropped", 0.9)

    starts = sorted(range(len(toks) - n, -1, -1), key=lambda i: not drops_only_blanks(i))
    readings = [reading(i) for i in starts]
    good = [r for r in readings if holds(r.values, blocks) is True]
    return _distinct(good or readings)


def _short_row(toks: Sequence[Token], n: int) -> Reading:
    """Fewer cells than columns and no way to split: a lone value is the row's last column
    (总计, where the applicant cells are merged blank); otherwise fill from the left and
    put the last value last."""
    vals = [t for t in toks if t.kind != "blank"]
    cells: list[Cell] = [Cell(None, None) for _ in range(n)]
    if len(vals) == 1:
        cells[-1] = Cell(vals[0].value, vals[0])
        return Reading.of(cells, "lone-value-as-last-column", 0.8)
    for i, t in enumerate(vals[:-1]):
        cells[i] = Cell(t.value, t)
    cells[-1] = Cell(vals[-1].value, vals[-1])
    return Reading.of(cells, "short-row", 0.4)


def _distinct(readings: list[Reading]) -> list[Reading]:
    seen = set()
    out = []
    for r in readings:
        if r.values not in seen:
            seen.add(r.values)
            out.append(r)
    return out


def split_glued(toks: Sequence[Token], blocks: Blocks) -> list[Reading]:
    """Split runs of glued digits (``713000074``) into the row's cells.

    Token boundaries are kept as cuts. No part has a leading zero, and every checked block
    must sum. Returns every split that satisfies them (none if the digits are too long), or
    one reading of null cells (`UNSPLIT`) if the search ran out of its steps first.
    """
    pieces = [t.text.replace(",", "") for t in toks]  # each token's digits (Token.digits, read once)
    digits = "".join(pieces)
    n = width(blocks)
    if len(digits) > MAX_GLUED_DIGITS or len(digits) < n:
        return []
    if len(digits) == n:  # one digit per cell (a row of zeros and ones): the only split there is
        values = [int(d) for d in digits]
        if holds(values, blocks) is False:
            return []
        cells: list[Cell] = []
        for t, piece in zip(toks, pieces):
            for j in range(len(piece)):
                cells.append(_new(Cell, (values[len(cells)], t, (t.start + j, t.start + j + 1))))
        return [Reading.of(cells, "glued-split" if len(toks) < n else "cell", 0.8 if len(toks) < n else 1.0)]
    starts: list[int] = []  # index in ``digits`` of each token's first digit
    forced: set[int] = set()
    pos = 0
    for piece in pieces:
        starts.append(pos)
        pos += len(piece)
        forced.add(pos)
    results: list[list[tuple[int, int]]] = []
    size = len(digits)
    after = [sum(m for m, _ in blocks[b + 1 :]) for b in range(len(blocks))]  # cells after block b
    budget = [MAX_SPLIT_STEPS * max(1, sum(1 for _, checked in blocks if checked))]  # search steps left

    def parts_from(i: int, room: int) -> list[tuple[int, int]]:
        """Possible (start, end) of the next part starting at i, at most ``room`` digits."""
        out = []
        for L in range(1, min(MAX_PART_DIGITS, room) + 1):
            j = i + L
            if L > 1 and digits[i] == "0":
                break
            out.append((i, j))
            if j in forced:
                break
        return out

    # states of the search known to lead to no split: (block, part, position, sum so far, widest
    # part); the search goes on as before, only a dead end is not walked twice
    dead: set[tuple[int, int, int, int, int]] = set()

    def walk(b: int, i: int, acc: list[tuple[int, int]]) -> None:
        if len(results) >= MAX_READINGS:
            return
        if b == len(blocks):
            if i == size:
                results.append(list(acc))
            return
        n, checked = blocks[b]
        if not after[b] + n <= size - i <= (after[b] + n) * MAX_PART_DIGITS:
            return
        lo, hi = size - after[b] * (MAX_PART_DIGITS + 1), size - after[b]  # where the block may end

        def inner(k: int, i: int, total: int, widest: int) -> None:
            state = (b, k, i, total, widest)
            if state in dead:
                return
            found = len(results)
            search(k, i, total, widest)
            if len(results) == found and budget[0] >= 0:
                dead.add(state)

        def search(k: int, i: int, total: int, widest: int) -> None:
            budget[0] -= 1
            if budget[0] < 0 or len(results) >= MAX_READINGS:
                return
            if checked and k < n - 1 and not summed.block_fits(i, n - 1 - k, total, lo, hi):
                return  # no end of the block has a total the parts left can make up: a dead end
            if k == n - 1 and checked:
                printed = str(total)
                j = i + len(printed)
                if digits[i:j] == printed and not any(x in forced for x in range(i + 1, j)):
                    acc.append((i, j))
                    walk(b + 1, j, acc)
                    acc.pop()
                return
            if k == n:
                walk(b + 1, i, acc)
                return
            # digits this part may take: leave one per later cell, and (in a checked block)
            # as many for the total as the widest part so far
            later = n - k - 1 + after[b]
            room = size - i - later
            for s, e in parts_from(i, room):
                if size - e > later * (MAX_PART_DIGITS + 1):
                    continue  # the later cells cannot take the digits left (a total may have 8)
                w = max(widest, e - s)
                value = total + int(digits[s:e])
                if checked and size - e - (n - k - 2) - after[b] < max(w, len(str(value))):
                    break
                acc.append((s, e))
                inner(k + 1, e, value, w)
                acc.pop()

        inner(0, i, 0, 1)

    if len(blocks) == 1 and blocks[0][1]:
        results = _split_summed(digits, blocks[0][0], forced, budget)
    else:
        summed = _SummedSplit(digits, forced, budget)  # what is left of a checked block (`block_fits`)
        walk(0, 0, [])
    if budget[0] < 0 and len(results) < MAX_READINGS:
        return [_unsplit(toks, n)]
    glued = len(toks) < width(blocks)
    method, confidence = ("glued-split", 0.8) if glued else ("cell", 1.0)
    one = toks[0] if len(toks) == 1 else None  # the usual case: one run of digits
    readings = []
    for parts in results:
        # every token boundary must be a cut
        if len(toks) > 1 and not forced <= {e for _, e in parts}:
            continue
        cells = []
        for s, e in parts:
            if one is not None:
                tok, at = one, one.start + s
            else:
                k = bisect_right(starts, s) - 1
                tok = toks[k]
                at = tok.start + s - starts[k]
            cells.append(_new(Cell, (int(digits[s:e]), tok, (at, at + e - s))))
        readings.append(Reading.of(cells, method, confidence))
    if len(results) >= MAX_READINGS and len(readings) > 1:
        # the splits stopped at MAX_READINGS (they share their first cuts): a rival of null
        # cells keeps every cell uncertain, not only those the first splits differ on
        readings.append(_unsplit(toks, n))
    return readings


def _unsplit(toks: Sequence[Token], n: int, method: str = UNSPLIT) -> Reading:
    """A glued run the search could not decide within its bound (``NO_SPLIT``: no split fits):
    null cells, each pointing at the printed digits (the provenance gives the reason)."""
    cells = [_new(Cell, (None, toks[min(c, len(toks) - 1)], None)) for c in range(n)]
    return Reading.of(cells, method, 0.0)


def _split_summed(digits: str, n: int, forced: set[int], budget: list[int]) -> list[list[tuple[int, int]]]:
    """Splits of ``digits`` into n cells whose last is the sum of the others.

    The last cell is a suffix; once it is fixed the other cells must add up to it, which
    bounds every part's value and width (a fast path for the 7-cell rows of table 三).
    """
    size = len(digits)
    out: list[list[tuple[int, int]]] = []
    search = _SummedSplit(digits, forced, budget)
    for t in range(1, min(MAX_PART_DIGITS, size - n + 1) + 1):
        if budget[0] < 0:
            break
        start = size - t
        if t > 1 and digits[start] == "0":
            continue
        if search.next_cut[start] < size:
            continue
        total = int(digits[start:])
        # casting out nines: however the digits before the total are cut, their parts add
        # up to their digit sum modulo 9, and so must the total (rules out most suffixes)
        if (search.digit_sum[start] - total) % 9:
            continue
        search.end_at(start)
        heads = search.rest(0, n - 1, total) if n > 2 else ([((0, start),)] if search.last(0, total) else [])
        for parts in heads:
            out.append(list(parts) + [(start, size)])
            if len(out) >= MAX_READINGS:
                return out
    return out


class _SummedSplit:
    """The cuts of ``digits[:end]`` into parts that add up to a given sum.

    A class, not closures inside `_split_summed`, so that the compiled build (setup.py)
    calls its methods natively. Completions are memoised on (position, parts left, sum left)
    for the current ``end``.
    """

    def __init__(self, digits: str, forced: set[int], budget: list[int]) -> None:
        size = len(digits)
        self.budget = budget  # search steps left, shared with the caller
        self.digits = digits
        self.forced = forced
        self.values = [ord(ch) - 48 for ch in digits]  # each digit's value
        # digit_sum[i]: sum of the digits before i. A part is at least the sum of its digits,
        # so the parts of digits[i:j] add up to at least digit_sum[j] - digit_sum[i].
        self.digit_sum = list(accumulate(self.values, initial=0))
        # next_cut[i]: the first forced cut after i (a part starting at i may end there, not
        # cross it), filled a run between cuts at a time
        self.next_cut = [size] * (size + 1)
        lo = 0
        for cut in sorted(forced):
            if cut > lo:
                self.next_cut[lo:cut] = [cut] * (cut - lo)
                lo = cut
        self.end = size
        self.memo: dict[tuple[int, int, int], list[tuple[tuple[int, int], ...]]] = {}
        self.tails: dict[int, int] = {}
        self.ends: dict[int, tuple[dict[tuple[int, int, int], list[tuple[tuple[int, int], ...]]], dict[int, int]]] = {}

    def end_at(self, end: int) -> None:
        self.end = end
        if end in self.ends:  # memo and tails kept per end: `block_fits` returns to an end often
            self.memo, self.tails = self.ends[end]
            return
        self.memo = {}
        # tails[i]: the value of digits[i:end] where that can be the last part before end
        # (at most MAX_PART_DIGITS digits, no leading zero, no forced cut inside)
        self.tails = {i: int(self.digits[i:end]) for i in range(max(0, end - MAX_PART_DIGITS), end)
                      if i == end - 1 or (self.values[i] != 0 and self.next_cut[i] >= end)}
        self.ends[end] = (self.memo, self.tails)

    def block_fits(self, i: int, parts: int, already: int, lo: int, hi: int) -> bool:
        """Whether digits[i:j], for some end j in [lo, hi], splits into ``parts`` parts and a
        total that is their sum plus ``already`` (the rest of a checked block whose parts
        before i add up to that). Leaves the search at no particular end."""
        digits, digit_sum, next_cut = self.digits, self.digit_sum, self.next_cut
        for j in range(max(lo, i + parts + 1), min(hi, len(digits)) + 1):
            for t in range(max(i + parts, j - MAX_PART_DIGITS - 1), j):
                if (t < j - 1 and digits[t] == "0") or next_cut[t] < j:
                    continue
                rem = int(digits[t:j]) - already
                if rem < 0 or (digit_sum[t] - digit_sum[i] - rem) % 9:
                    continue  # casting out nines (see _split_summed)
                self.end_at(t)
                if self.rest(i, parts, rem) if parts >= 2 else self.last(i, rem):
                    return True
                if self.budget[0] < 0:
                    return True  # out of steps: let the search itself stop
        return False

    def last(self, i: int, rem: int) -> bool:
        """Whether digits[i:end] reads as one part worth rem."""
        return self.tails.get(i) == rem

    def rest(self, i: int, k: int, rem: int) -> list[tuple[tuple[int, int], ...]]:
        """Every way to cut digits[i:end] into k ≥ 2 parts adding up to rem."""
        key = (i, k, rem)
        memo = self.memo
        if key in memo:
            return memo[key]
        self.budget[0] -= 1
        if self.budget[0] < 0:
            return []
        values, end, digit_sum = self.values, self.end, self.digit_sum
        left = end - i
        found: list[tuple[tuple[int, int], ...]] = []
        widest = bisect_right(_POW10, rem) or 1  # the number of digits of rem
        # each part takes a digit, none is wider than the sum; k parts of at most
        # left-k+1 digits add up to less than k·10^(left-k+1); and one of them has at
        # least ⌈left/k⌉ digits, so (no leading zeros) the sum is at least 10^(that-1)
        narrowest_widest = -(-left // k)
        if (k <= left <= k * widest and rem < k * _POW10[left - k + 1]
                and rem >= digit_sum[end] - digit_sum[i]
                and (narrowest_widest == 1 or rem >= _POW10[narrowest_widest - 1])):
            forced, tails = self.forced, self.tails
            v = 0  # the value of digits[i:j], grown a digit at a time
            for L in range(1, min(widest, left - k + 1) + 1):
                j = i + L
                if L > 1 and values[i] == 0:
                    break
                v = v * 10 + values[j - 1]
                if v > rem:
                    break
                if k == 2:  # the last part is what is left: it must read as the sum still missing
                    if tails.get(j) == rem - v:
                        found.append(((i, j), (j, end)))
                else:
                    tails_found = self.rest(j, k - 1, rem - v)
                    self.budget[0] -= len(tails_found)  # each completion copied is a step too
                    for tail in tails_found:
                        found.append(((i, j),) + tail)
                        if len(found) >= MAX_READINGS:
                            break
                if j in forced:
                    break
        memo[key] = found
        return found
