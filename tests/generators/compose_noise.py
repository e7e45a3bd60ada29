"""Composed reports, axis 3: noise.

Block noise (``BLOCK_NOISE``) rewrites the blocks before they are printed, so that every
tokeniser prints it its own way: page furniture between blocks, a page break inside table 三
(the table split in two with the page's footer and the next page's header between), full-width
digits. Text noise (``TEXT_NOISE``) rewrites the printed text (CRLF line ends); an encoding
(``ENCODINGS``) turns it into bytes. At most one encoding per report.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from generators.compose_structure import UP, Block, Draft, Para, Table

FULLWIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789"}


def _furniture(d: Draft, page: int, pages: int) -> list[Para]:
    r = d.rng
    footer = r.choice([f"- {page} -", f"第 {page} 页 共 {pages} 页", f"{page}", f"第{page}页"])
    header = r.choice([f"Page {page + 1} - {d.title}", d.title, f"P. {page + 1}", ""])
    return [Para(x, "furniture") for x in (footer, header) if x]


def page_furniture(d: Draft) -> None:
    """Page footers and headers between blocks (never inside a table)."""
    breaks = [0 < i < len(d.blocks) - 1 and d.rng.random() < 0.25 for i in range(len(d.blocks))]
    page = d.rng.randint(1, 3)
    pages = page + sum(breaks) + d.rng.randint(0, 3)
    out: list[Block] = []
    for b, brk in zip(d.blocks, breaks, strict=True):
        out.append(b)
        if brk:
            out += _furniture(d, page, pages)
            page += 1
    d.blocks = out


def furniture_mid_table(d: Draft) -> None:
    """A page break inside table 三: the rows after it are a second table (no header row,
    a merged group cell starts blank), the furniture between."""
    for t in d.tables("t3"):
        body = [i for i, r in enumerate(t.rows) if not r.head]
        cut = d.rng.choice(body[2:-2])
        rest = t.rows[cut:]
        rest[0].cells = ["" if c == UP else c for c in rest[0].cells]
        t.rows = t.rows[:cut]
        at = d.blocks.index(t)
        pages = d.rng.randint(4, 12)
        d.blocks[at + 1 : at + 1] = [*_furniture(d, d.rng.randint(1, pages - 1), pages), Table("t3", rest, t.labels)]


def fullwidth(d: Draft) -> None:
    """Full-width digits everywhere (the cells and the prose)."""
    for b in d.blocks:
        if isinstance(b, Para):
            b.text = b.text.translate(FULLWIDTH)
        else:
            for r in b.rows:
                r.cells = [c.translate(FULLWIDTH) for c in r.cells]


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


BLOCK_NOISE: dict[str, Callable[[Draft], None]] = {
    "furniture": page_furniture, "furniture-mid-table": furniture_mid_table, "fullwidth": fullwidth}
TEXT_NOISE: dict[str, Callable[[str], str]] = {"crlf": crlf}
ENCODINGS = {"gb18030": "gb18030", "utf-16": "utf-16", "utf8-bom": "utf-8-sig"}
NOISES = (*BLOCK_NOISE, *TEXT_NOISE, *ENCODINGS)


def encode(text: str, noise: tuple[str, ...], rng: random.Random) -> bytes:
    enc = [ENCODINGS[n] for n in noise if n in ENCODINGS]
    assert len(enc) <= 1, noise
    return text.encode(enc[0] if enc else "utf-8")
