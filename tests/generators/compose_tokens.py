"""Composed reports, axis 2: tokenisation, how the blocks become text.

Each tokeniser in ``TOKENS`` is a function ``(blocks, rng) -> str`` that prints any blocks
``compose_structure`` makes: merged cells, stacked header words, subtotal columns and rows,
several small tables, page furniture between them. ``SUFFIX`` names the file each is saved as.
"""

from __future__ import annotations

import html
import json
import random
import unicodedata
from collections.abc import Callable

from generators.compose_structure import LEFT, MERGED, UP, Block, Para, Row, Table


def _pieces(row: Row) -> list[list[str]]:
    """A row's physical lines: each cell's stacked words, one per line (merged cells blank)."""
    cells = [[] if c in MERGED else c.split("\n") for c in row.cells]
    height = max([len(c) for c in cells] + [1])
    return [[c[k] if k < len(c) else "" for c in cells] for k in range(height)]


def _lines(blocks: list[Block], rng: random.Random, row_lines: Callable[[Table, Row], list[str]],
           para: Callable[[Para], str] = lambda p: p.text, gap: str = "\n") -> str:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Para):
            out.append(para(b))
        else:
            out.append("\n".join(x for r in b.rows for x in row_lines(b, r)))
    return gap.join(out) + "\n"


def tabs(blocks: list[Block], rng: random.Random) -> str:
    return _lines(blocks, rng, lambda t, r: ["\t".join(p) for p in _pieces(r)])


def spaces(blocks: list[Block], rng: random.Random) -> str:
    return _lines(blocks, rng, lambda t, r: ["  ".join(c for c in p if c) for p in _pieces(r)])


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def pipes(blocks: list[Block], rng: random.Random) -> str:
    return _lines(blocks, rng, lambda t, r: [_pipe(p) for p in _pieces(r)])


def markdown(blocks: list[Block], rng: random.Random) -> str:
    """Markdown: headings with ``#``, each table's first line followed by ``|---|``."""
    def rows(t: Table, r: Row) -> list[str]:
        lines = [_pipe(p) for p in _pieces(r)]
        if r is t.rows[0]:
            lines.insert(1, "|" + "---|" * len(r.cells))
        return lines
    return _lines(blocks, rng, rows, lambda p: ("## " if p.kind in ("heading", "title") else "") + p.text, "\n\n")


def cell_per_line(blocks: list[Block], rng: random.Random) -> str:
    """Every cell on its own line (often ending `` |``), rows apart by a lone ``|``, merged
    cells as ``|||`` runs or blank lines, long labels sometimes over two lines: a table flattened
    by a crawler."""
    end = rng.choice(["", " |", " |"])
    sep = rng.choice(["|", "|", ""])
    merged_as = rng.choice(["|||", "", "|"])
    split = rng.choice([0.0, 0.3])

    def rows(t: Table, r: Row) -> list[str]:
        out: list[str] = []
        run = 0
        for c in r.cells:
            if c in MERGED:
                run += 1
                continue
            if run and merged_as:
                out.append(merged_as[:1] * (run + 1) if merged_as == "|||" else merged_as)
            run = 0
            words = c.split("\n")
            if not r.head and len(c) > 12 and rng.random() < split:  # a long label wrapped in its cell
                cut = rng.randint(4, len(c) - 4)
                words = [c[:cut], c[cut:]]
            out += [(x + end) if x else x for x in words] if c else [end.strip()]
        return out + [sep]
    return _lines(blocks, rng, rows)


def glued(blocks: list[Block], rng: random.Random) -> str:
    """Crawler text: the whole page on one line, a row's numbers run together after its label."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Para):
            out.append(b.text)
            continue
        for r in b.rows:
            words = [c.replace("\n", "") for c in r.cells if c not in MERGED and c]
            if r.head:
                out.append(" ".join(words))
            else:
                labels = [c for c in r.cells[: b.labels] if c not in MERGED and c]
                values = [c for c in r.cells[b.labels :] if c not in MERGED]
                out.append(" ".join(labels) + " "[: rng.randint(0, 1)] + "".join(values))
    return " ".join(out) + "\n"


def _spans(t: Table, i: int, j: int) -> tuple[int, int]:
    row = t.rows[i].cells
    cs = 1
    while j + cs < len(row) and row[j + cs] == LEFT:
        cs += 1
    rs = 1
    while i + rs < len(t.rows) and j < len(t.rows[i + rs].cells) and t.rows[i + rs].cells[j] == UP:
        rs += 1
    return rs, cs


def fragment(blocks: list[Block], rng: random.Random) -> str:
    """A CMS article body: ``<p>…</p><table>…``, no html/body, on one line or many."""
    nl = rng.choice(["", "\n"])
    blank = rng.choice(["", "&nbsp;"])
    styled = rng.random() < 0.5
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Para):
            text = html.escape(b.text)
            out.append(f"<p><strong>{text}</strong></p>" if b.kind == "heading" else f"<p>{text}</p>")
            continue
        rows = []
        for i, r in enumerate(b.rows):
            tds = []
            for j, c in enumerate(r.cells):
                if c in MERGED and not (c == UP and i == 0):
                    continue
                rs, cs = _spans(b, i, j)
                attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                if styled:
                    attrs += f' style="width:{rng.randint(30, 90)}.{rng.randint(0, 9)}pt"'
                text = "<br/>".join(html.escape(x) for x in c.split("\n")) if c not in MERGED else ""
                tds.append(f"<td{attrs}>{text or blank}</td>")
            rows.append("<tr>" + "".join(tds) + "</tr>")
        out.append('<table border="1" cellspacing="0">' + nl + "<tbody>" + nl + nl.join(rows) + nl + "</tbody></table>")
    return nl.join(out) + "\n"


def html_js(blocks: list[Block], rng: random.Random) -> str:
    """The fragment inside a JavaScript string: escaped quotes, ``\\uXXXX``, ``\\n``."""
    body = json.dumps(fragment(blocks, rng), ensure_ascii=rng.random() < 0.7)
    return rng.choice([f"var content = {body};\n", f"document.write({body});\n",
                       f"window.__DATA__ = {{articleContent: {body}}};\n"])


def html_json(blocks: list[Block], rng: random.Random) -> str:
    """The fragment as a JSON API's article content."""
    title = next((b.text for b in blocks if isinstance(b, Para) and b.kind == "title"), "")
    doc = {"code": 200, "data": {"id": rng.randint(10000, 99999), "title": title, "content": fragment(blocks, rng)}}
    return json.dumps(doc, ensure_ascii=rng.random() < 0.7) + "\n"


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _wrap(s: str, w: int) -> list[str]:
    """``s`` cut into pieces of display width ``w`` at most (numbers too: a wrapped number)."""
    out, cur = [], ""
    for ch in s:
        if cur and width(cur + ch) > w:
            out.append(cur)
            cur = ""
        cur += ch
    return [*out, cur] if cur else out


def _pad(s: str, w: int) -> str:
    return s + " " * max(0, w - width(s))


def layout_dump(blocks: list[Block], rng: random.Random) -> str:
    """pdftotext ``-layout``: cells at fixed columns, long labels and header words wrapped
    inside their column, numbers wider than a narrow column wrapped (last digits below)."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Para):
            out.append(b.text)
            continue
        n = max(len(r.cells) for r in b.rows)
        label_w = rng.randint(14, 26)
        num_w = rng.choice([3, 4, 4, 5])
        widths = [label_w if j < b.labels else num_w for j in range(n)]
        gap = " " * rng.randint(2, 4)
        for r in b.rows:
            cols: list[tuple[int, list[str]]] = []  # (width, lines) of each printed slot
            j = 0
            while j < len(r.cells):
                c = r.cells[j]
                span = 1
                while j + span < len(r.cells) and r.cells[j + span] == LEFT:
                    span += 1
                w = sum(widths[j : j + span]) + len(gap) * (span - 1)
                text = [] if c in MERGED else [x for p in c.split("\n") for x in _wrap(p, w)]
                cols.append((w, text))
                j += span
            height = max([len(t) for _, t in cols] + [1])
            out += [gap.join(_pad(t[k] if k < len(t) else "", w) for w, t in cols).rstrip() for k in range(height)]
    return "\n".join(out) + "\n"


TOKENS: dict[str, Callable[[list[Block], random.Random], str]] = {
    "tabs": tabs, "spaces": spaces, "pipes": pipes, "markdown": markdown, "cell-per-line": cell_per_line,
    "glued": glued, "html-fragment": fragment, "html-js": html_js, "html-json": html_json, "layout-dump": layout_dump,
}
SUFFIX = {"markdown": ".md", "html-fragment": ".html", "html-js": ".js", "html-json": ".json"}
