"""The text reader on one real report written every way reports are published: encodings,
byte-order marks, line endings, full-width digits, traditional characters.

Each variant must give exactly the cells of the original, and each cell's provenance must
point at the characters as printed in the variant (e.g. full-width digits stay full-width).
"""

from __future__ import annotations

import codecs

import opencc
import pytest

import gongkai
from conftest import SEED_000
from gongkai.readers import read

FULL_WIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + i) for i in range(10)))


def _is_table_line(line: str) -> bool:
    # The seed is a crawl of a web page: table rows are tab-separated cells.
    return "\t" in line


def _full_width_tables(text: str) -> str:
    return "\n".join(line.translate(FULL_WIDTH) if _is_table_line(line) else line for line in text.split("\n"))


def _traditional(text: str) -> str:
    return opencc.OpenCC("s2t").convert(text)


# name -> (text -> bytes as written to disk, text -> text as printed, expected Document.encoding)
VARIANTS = {
    "utf-8": (lambda t: t.encode("utf-8"), None, "utf-8"),
    "utf-8-bom": (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), None, "utf-8-sig"),
    "gb18030": (lambda t: t.encode("gb18030"), None, "gb18030"),
    "gbk": (lambda t: t.encode("gbk"), None, "gb18030"),
    "utf-16-le-bom": (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), None, "utf-16-le"),
    "utf-16-be-bom": (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), None, "utf-16-be"),
    "utf-16-le": (lambda t: t.encode("utf-16-le"), None, "utf-16-le"),
    "utf-16-be": (lambda t: t.encode("utf-16-be"), None, "utf-16-be"),
    "crlf": (lambda t: t.replace("\n", "\r\n").encode("utf-8"), None, "utf-8"),
    "lone-cr": (lambda t: t.replace("\n", "\r").encode("utf-8"), None, "utf-8"),
    "full-width-digits": (lambda t: _full_width_tables(t).encode("utf-8"), _full_width_tables, "utf-8"),
    "traditional": (lambda t: _traditional(t).encode("utf-8"), _traditional, "utf-8"),
    "traditional-gb18030-crlf": (lambda t: _traditional(t).replace("\n", "\r\n").encode("gb18030"),
                                 _traditional, "gb18030"),
}


@pytest.fixture(scope="module")
def original():
    return gongkai.extract(SEED_000)


def test_original_matches_hand_checked_cells(original, seed_expected):
    assert original.cells == seed_expected["cells"]


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant_gives_the_same_cells(name, tmp_path, seed_text, seed_expected, original):
    encode, printed, encoding = VARIANTS[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(encode(seed_text))

    doc = read(path)
    assert doc.encoding == encoding
    assert len(doc.lines) == len(seed_text.split("\n"))

    report = gongkai.extract(path)
    assert report.cells == seed_expected["cells"]
    assert report.cells == original.cells
    assert report.meta["year"] == seed_expected["meta"]["year"]
    assert report.meta["format"] == seed_expected["meta"]["format"]

    # Provenance points at the same place, and its text is what the variant prints there.
    printed_lines = (printed(seed_text) if printed else seed_text).split("\n")
    located = 0
    for key, prov in report.provenance.items():
        base = original.provenance[key]
        assert (prov.line, prov.col, prov.reason) == (base.line, base.col, base.reason), key
        if prov.text is None:
            continue
        s, e = prov.col
        assert prov.text == printed_lines[prov.line - 1][s:e], key
        assert doc.lines[prov.line - 1].raw[s:e] == prov.text, key
        located += 1
    assert located > 100


def test_full_width_digits_keep_their_printed_form(tmp_path, seed_text):
    path = tmp_path / "fw.txt"
    path.write_text(_full_width_tables(seed_text), encoding="utf-8")
    report = gongkai.extract(path)
    table_cells = {k: p for k, p in report.provenance.items() if p.text is not None}
    assert table_cells
    for key, prov in table_cells.items():
        assert prov.text.isdigit() and all("\uff10" <= ch <= "\uff19" for ch in prov.text), (key, prov.text)
        assert report.cells[key] == int(prov.text)  # int() reads full-width digits as numbers


def test_traditional_variant_is_really_traditional(seed_text):
    # Guard for the test above: the conversion must change the characters the extractor matches on.
    trad = _traditional(seed_text)
    assert "公開" in trad and "申請" in trad and "處理" in trad and "縣" in trad
    assert "公开" not in trad
