"""Group a table region's tokens into printed rows: a label (if any) and its values.

A label claims the values that follow it on the same line up to the next label. Values
with no label before them on their line form an unlabeled row (a label wrapped away onto
another line, a Markdown table shredded from its labels); a label with no values on its
line is only a mention, which later helps place unlabeled rows near it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from gongkai.extract.labels import Match, Matcher
from gongkai.extract.regions import Region
from gongkai.extract.tokens import PRINTED, Token, TokenLine, tokenize
from gongkai.model import Document


@dataclass(slots=True)
class PrintedRow:
    label: Match | None
    label_token: Token | None
    line: int
    values: list[Token] = field(default_factory=list)  # number_count kept in step as it grows
    number_count: int = 0  # values that are numbers or printed nulls, not blank cells

    @property
    def has_numbers(self) -> bool:
        return self.number_count > 0


# How much text of consecutive one-cell lines is matched together (the longest label is 35
# characters; a few more allow for the group label or header cell printed before it).
_PENDING_CHARS: Final = 48


def _all_blank(toks: list[Token]) -> bool:
    return all(t.kind == "blank" for t in toks)


def _printed_count(toks: list[Token]) -> int:
    n = 0
    for t in toks:
        if t.kind in PRINTED:
            n += 1
    return n


def region_tokens(doc: Document, region: Region) -> list[TokenLine]:
    """Tokens of each line of the region, in order."""
    return [tokenize(line.number, line.text, s, e) for line, s, e in region.slices(doc)]


def printed_rows(lines: list[TokenLine], matcher: Matcher,
                 width: Callable[[str], int] = lambda target: 1 << 30,
                 continue_runs: bool = False) -> list[PrintedRow]:
    """The printed rows of a region, from its lines' tokens.

    A line holding one bare value right after a labelled row that is not yet full continues
    that row: crawler text of an HTML table prints one cell per line. With
    ``continue_runs``, so does a line of several values not separated by tabs or pipes (a
    PDF label printed above its numbers); table 三 leaves those to row placement, since
    its labels may as well stand below their numbers.
    """
    rows: list[PrintedRow] = []
    open_row: PrintedRow | None = None  # a labelled row that the next line may continue
    open_width = 0  # its label's number of cells
    pending = ""  # the text of the lines since the last value, each one text cell (split labels)
    lone: PrintedRow | None = None  # the open row, holding just the one value of the line after its label
    match = matcher.match
    for toks, delimited in lines:  # unpacked: no attribute lookups per line
        if not toks:
            continue
        if (open_row is not None and len(open_row.values) + len(toks) <= open_width
                and (len(toks) == 1 or continue_runs and not delimited)
                and all(t.kind in PRINTED for t in toks)):  # bare values continuing the open row
            lone = open_row if not open_row.values and len(toks) == 1 else None
            open_row.values += toks
            open_row.number_count += len(toks)  # bare: every token is a number or a null mark
            pending = ""
            continue
        first_kind = toks[0].kind
        if delimited and first_kind == "blank" and toks[-1].kind == "blank" and _all_blank(toks):
            # empty cells on a line of their own (one cell per line: `|||` runs, ` |`): merged
            # cells inside an open row keep their places; elsewhere they carry nothing
            if open_row is not None and open_row.values and len(open_row.values) + len(toks) <= open_width:
                open_row.values += toks
                lone = None
            continue
        if len(toks) == 1 and first_kind == "text":
            # one text cell on its line: with the text cells just before it, it may be a label
            # split over lines (one cell per line)
            tok = toks[0]
            before = pending
            joined = pending + tok.text
            pending = joined[-_PENDING_CHARS:]
            m = matcher.match(tok.text)
            if before and (m is None or m.strength < 3):
                j = matcher.match(joined)
                if j is not None and (m is None or j.strength > m.strength):
                    # the pieces before may name the row alone (a header cell 总计): then this
                    # piece begins a label of its own
                    b = matcher.match(before)
                    if b is None or b.target != j.target or b.strength < j.strength:
                        m = j
            if m is None:
                continue  # keeps the open row: numbers may still follow the label's last piece
            open_row = PrintedRow(m, tok, tok.line)
            rows.append(open_row)
            open_width = width(m.target)
            lone = None
            continue
        if lone is not None and _printed_count(toks) >= 2:
            # a label, one number, then a line of several: the table is not printed one cell
            # per line here, and the number is a cell displaced from some other row
            value = lone.values.pop()
            lone.number_count = 0
            rows.append(PrintedRow(None, None, value.line, [value], 1))
        lone = None
        pending = ""
        open_row = None
        current: PrintedRow | None = None
        for tok in toks:
            kind = tok.kind
            if kind == "text":
                m = match(tok.text)
                if m is not None:
                    current = PrintedRow(m, tok, tok.line)
                    rows.append(current)
                elif current is not None and current.number_count > 0:
                    current = None  # text after a row's values ends the row
                elif current is not None and current.label and current.label.target.startswith("group:"):
                    # a group label followed by an unrecognised label: the numbers that
                    # follow belong to that row, not to the group
                    current = PrintedRow(None, tok, tok.line)
                    rows.append(current)
            else:
                if current is None:
                    current = PrintedRow(None, None, tok.line)
                    rows.append(current)
                current.values.append(tok)
                if kind != "blank":  # a number or a printed null (PRINTED)
                    current.number_count += 1
        last = rows[-1] if rows else None
        if last is not None and last is current and last.label is not None and toks[-1].kind != "blank":
            open_width = width(last.label.target)
            if len(last.values) < open_width:
                open_row = last
    return rows
