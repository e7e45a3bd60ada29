"""Numbers wrapped inside narrow cells in layout text dumps (pdftotext -layout, PDF copy-paste).

A number too wide for its cell prints its first digits on the row's line and its last digit
or two on the next line, under its end. The extractor rejoins them by column position and
confirms each rejoin by the row's sum; a rejoin nothing confirms (table 二 has no sums, a row
with merged blank cells cannot be added up) keeps its value and is marked uncertain, method
``wrapped-number``. The texts are written here from generated reports, in both formats.
"""

from __future__ import annotations

import random
import re

import pytest

import gongkai
from conftest import json_lines, run_cli
from generators.compose import compose
from generators.synth import generate
from gongkai.extract import extract_document
from gongkai.readers import read_bytes

LABEL_WIDTH = 36
FOLD = str.maketrans("０１２３４５６７８９．", "0123456789.")
_VALUE = re.compile(r"^(-?[\d,]+(\.\d+)?( 万元)?|/)$")
SEEDS = range(6)


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _pad(text: str, width: int, display: bool) -> str:
    """``text`` padded to ``width`` columns: characters, or display columns (a Chinese
    character two wide, as pdftotext places text by its printed width)."""
    used = sum(2 if display and ord(ch) >= 0x2E80 else 1 for ch in text)
    return text + " " * max(0, width - used)


def aligned_dump(text: str, rng: random.Random, cell: int, wrap_labels: bool, display: bool = False) -> str:
    """``text``'s tab-separated rows printed as pdftotext -layout prints a ruled table: the
    label in the first ``LABEL_WIDTH`` characters (wrapping onto the next line), each value
    right-aligned in a column ``cell`` characters wide; a longer whole number wraps, its last
    digits right-aligned on the next line."""
    out: list[str] = []
    for line in text.split("\n"):
        if "\t" not in line:
            out.append(line)
            continue
        cells = line.split("\t")
        first = next((i for i, c in enumerate(cells) if _VALUE.match(c.strip())), len(cells))
        values = [c.strip() for c in cells[first:]]
        while values and not values[-1]:
            values.pop()
        parts = [c.strip() for c in cells[:first] if c.strip()]
        if not values:
            out.append("    ".join(parts))
            continue
        label, rest = " ".join(parts), ""
        own = len(parts[-1]) if parts else 0  # the row's own label, after its group's
        if len(label) > LABEL_WIDTH - 2:
            label, rest = label[: LABEL_WIDTH - 2], label[LABEL_WIDTH - 2 :]
        elif wrap_labels and own > 8 and rng.random() < 0.5:
            cuts = [i for i in range(len(label) - own + 4, len(label) - 2) if _cjk(label[i - 1]) and _cjk(label[i])]
            if cuts:
                cut = rng.choice(cuts)
                label, rest = label[:cut], label[cut:]
        label_width = 2 * LABEL_WIDTH if display else LABEL_WIDTH
        row, below = _pad(label, label_width, display), _pad(rest, label_width, display)
        for v in values:
            head, tail = (v[:cell], v[cell:]) if v.isdigit() and len(v) > cell else (v, "")
            w = max(cell, len(head))
            row += "   " + f"{head:>{w}}"
            below += "   " + f"{tail:>{w}}"
        out.append(row.rstrip())
        if below.strip():
            out.append(below.rstrip())
    return "\n".join(out)


_WIDE = re.compile(r"(?<=  )\d{4,}(?=(?: (?!万元)|$))")
# Lines that are not a label's continuation: captions, headers, the next row or section.
_OWN_LINE = re.compile(r"第二十条|信息内容|[一二三四五六七八九十]+、|（")


def wrap_layout(text: str, rng: random.Random) -> str:
    """A generated ``pdf-layout`` text with its numbers of four or more digits wrapped: the
    last digit (or two) moved to the next line, right-aligned under the rest, over the
    label's continuation there if it leaves room, else on a line of its own."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        found = list(_WIDE.finditer(line))
        if not found:
            out.append(line)
            i += 1
            continue
        below: dict[int, str] = {}
        chars = list(line)
        for m in found:
            k = 2 if len(m.group()) >= 5 and rng.random() < 0.5 else 1
            head_end = m.end() - k
            for j in range(head_end, m.end()):
                chars[j] = " "
            for j, d in enumerate(m.group()[-k:]):
                below[head_end - k + j] = d
        out.append("".join(chars).rstrip())
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        room = min(below) - 2
        if nxt and len(nxt) <= room and not any(ch.isdigit() for ch in nxt) and not _OWN_LINE.match(nxt):
            base, i = list(nxt.ljust(max(below) + 1)), i + 2  # over the label's continuation
        else:
            base, i = [" "] * (max(below) + 1), i + 1
        for j, d in below.items():
            base[j] = d
        out.append("".join(base).rstrip())
    return "\n".join(out)


def _expected_uncertain(cells: dict, wrapped: set[str]) -> set[str]:
    """Wrapped cells that no sum confirms: table 二's, and those of t3 rows with blank cells."""
    out = set()
    for key in wrapped:
        table, row, _ = key.split(".")
        if table == "t2" or any(v is None for k, v in cells.items() if k.startswith(f"t3.{row}.")):
            out.add(key)
    return out


def _check(syn, text: str, wrapped: set[str]) -> None:
    report = extract_document(read_bytes(text.encode("utf-8"), "layout.txt"))
    assert {k: (report.cells[k], v) for k, v in syn.cells.items() if report.cells[k] != v} == {}
    uncertain = {k for k in syn.cells if report.provenance[k].uncertain}
    assert uncertain == _expected_uncertain(syn.cells, wrapped)
    for key in wrapped:
        assert "wrapped-number" in report.provenance[key].method, key
        assert report.provenance[key].confidence <= (0.5 if key in uncertain else 1.0)


def _wide(cells: dict, digits: int) -> set[str]:
    """The cells printed wider than ``digits`` (whole numbers; an amount in 万元 is printed
    with its unit and never wraps)."""
    return {k for k, v in cells.items()
            if isinstance(v, (int, float)) and v == int(v) and v >= 10**digits and k != "t2.procurement.amount"}


def _aligned(seed: int, version: str, cell: int, display: bool = False):
    rng = random.Random(f"{seed}-{version}-{cell}")
    variants = ("merged-outcome-cells",) if rng.random() < 0.3 else ()
    syn = generate(seed, layout="tabs", version=version, variants=variants)
    return syn, aligned_dump(syn.text, rng, cell, wrap_labels=rng.random() < 0.5, display=display)


@pytest.mark.parametrize("cell", [3, 4])
@pytest.mark.parametrize("version", ["2021", "2019"])
@pytest.mark.parametrize("seed", SEEDS)
def test_aligned_columns(seed, version, cell):
    syn, text = _aligned(seed, version, cell)
    _check(syn, text, _wide(syn.cells, cell))


@pytest.mark.parametrize("version", ["2021", "2019"])
@pytest.mark.parametrize("seed", SEEDS)
def test_display_width_columns(seed, version):
    """Columns aligned by printed width: a label's Chinese characters count two columns, so
    the continuation digits stand under their number only as displayed, not by character."""
    syn, text = _aligned(seed, version, 4, display=True)
    _check(syn, text, _wide(syn.cells, 4))


@pytest.mark.parametrize("version", ["2021", "2019"])
@pytest.mark.parametrize("seed", SEEDS)
def test_synth_pdf_layout_wrapped(seed, version):
    syn = generate(seed, layout="pdf-layout", version=version, variants=())
    text = wrap_layout(syn.text, random.Random(seed))
    _check(syn, text, _wide(syn.cells, 3))


def test_rows_that_add_up_as_printed_are_not_joined():
    """A one- or two-digit number under a wide one is a row of its own when the row above
    adds up as printed (a lone 总计 printed under the row above's total)."""
    syn = generate(3, layout="tabs", version="2021", variants=("merged-outcome-cells",))
    text = aligned_dump(syn.text, random.Random(0), 4, wrap_labels=False)
    report = extract_document(read_bytes(text.encode("utf-8"), "layout.txt"))
    assert {k: report.cells[k] for k, v in syn.cells.items() if report.cells[k] != v} == {}


def test_cli_reads_a_folder_of_layout_dumps(tmp_path):
    truth = {}
    for i, (seed, version) in enumerate([(21, "2021"), (22, "2019")]):
        syn, text = _aligned(seed, version, 3)
        path = tmp_path / f"dump{i}.txt"
        path.write_text(text, encoding="utf-8")
        truth[str(path)] = syn.cells
    run = run_cli("extract", "--json", tmp_path)
    assert run.returncode == 0, run.stderr
    for obj in json_lines(run.stdout):
        expected = truth[obj["source"]]
        assert {k: obj["cells"][k] for k in expected if obj["cells"][k] != expected[k]} == {}


# -- full-width digits, labels wrapped below their numbers (composed layout dumps) -----------

# Composed reports (tests/generators/compose.py) printed as a layout dump in full-width digits:
# two display columns a digit, so a cell three or four columns wide holds one or two of them
# and a number runs down the cell over several lines; row labels wrap inside their narrow
# column, a row's own label may come only on the line below its numbers (三、本年度办理结 /
# 果 （一）予以公开), an item number apart from its label (（三）不予公开 １ / .属于国家秘密).
FULL_WIDTH_SEEDS = range(12)
# Seeds whose dump prints 三、本年度办理结 with numbers and 果 （一）予以公开 below them, and
# （三）不予公开 １ with .属于国家秘密 below.
LABEL_BELOW_SEEDS = {"2021": (6, 18, 35), "2019": (6, 14, 31)}
_LABEL_BELOW = re.compile(r"^三、本年度办理结\s+[０-９].*\n果 ?（一）予以公开", re.MULTILINE)
_ITEM_APART = re.compile(r"^（三）不予公开 [１-９]\s{2,}[０-９].*\n\s*\.属于国家秘密", re.MULTILINE)


def _composed(seed: int, version: str):
    return compose(seed, structure=("plain",), tokens="layout-dump", noise=("fullwidth",), version=version)


def _read(case):
    report = gongkai.extract(case.data, name=case.name)
    assert {k: (report.cells.get(k), v) for k, v in case.cells.items() if report.cells.get(k) != v} == {}, case.name
    return report


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_full_width_digits_wrapped_down_narrow_cells(version):
    joined = deep = 0
    for seed in FULL_WIDTH_SEEDS:
        case = _composed(seed, version)
        report = _read(case)
        for key, prov in report.provenance.items():
            value = report.cells[key]
            printed = re.sub(r"[^0-9.-]", "", (prov.text or "").translate(FOLD))  # the number, no unit
            if value is None or printed in ("", "-") or float(printed) == value:
                continue
            # a number rejoined: its provenance points at its first piece, and says so
            joined += 1
            assert printed and str(value).startswith(printed) and "wrapped-number" in prov.method, key
            if value >= 100 and len(printed) == 1:
                deep += 1  # one digit a line: three lines or more
            if key.startswith("t2."):  # no sum ties a row of table 二: a rejoin stays uncertain
                assert prov.uncertain and prov.confidence <= 0.5, key
    assert joined >= 50 and deep >= 5, (joined, deep)


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_row_labels_wrapped_below_their_numbers(version):
    for seed in LABEL_BELOW_SEEDS[version]:
        case = _composed(seed, version)
        text = case.data.decode("utf-8")
        assert _LABEL_BELOW.search(text) and _ITEM_APART.search(text), seed
        report = _read(case)
        for row in ("granted", "denied_state_secret"):
            prov = report.provenance[f"t3.{row}.total"]
            line = report.document.lines[prov.line - 1].raw
            assert not prov.uncertain and line.startswith(("三、", "（三）")), (seed, row)


def _procurement_dump(first: str, second: str) -> str:
    """A generated 2019 report whose 政府集中采购 row is printed as two lines of a layout dump,
    aligned as displayed (the label's six characters twelve columns wide): the items at
    column 20, the amount at column 26."""
    syn = generate(7, layout="tabs", version="2019", variants=())
    line = next(x for x in syn.text.split("\n") if x.startswith("政府集中采购\t"))
    return syn.text.replace(line, "政府集中采购" + " " * 8 + first + "\n" + " " * 26 + second)


def test_an_amount_wrapped_with_its_decimals_and_unit():
    # 采购总金额 7297.45 万元 in a cell five columns wide: ``7297.`` / ``45万元``
    report = gongkai.extract(_procurement_dump("0     7297.", "45万元").encode(), name="procurement.txt")
    assert (report.cells["t2.procurement.items"], report.cells["t2.procurement.amount"]) == (0, 7297.45)
    prov = report.provenance["t2.procurement.amount"]
    assert prov.uncertain and "wrapped-number" in prov.method and prov.text == "7297."
    # a unit in 元 wrapped onto a line of its own is still the amount's: converted to 万元
    report = gongkai.extract(_procurement_dump("0     729745", "元").encode(), name="procurement.txt")
    assert report.cells["t2.procurement.amount"] == 72.9745
    # 万 / 元: the unit itself cut in two
    report = gongkai.extract(_procurement_dump("0     72974万", "元").encode(), name="procurement.txt")
    assert report.cells["t2.procurement.amount"] == 72974
