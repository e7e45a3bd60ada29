"""Tables flattened one cell per line, as crawlers and copy-paste leave them.

Every cell is on its own line, often ending in `` |``; rows are separated by lone ``|``
lines; merged or empty cells show as ``|||`` runs, `` |`` lines or blank lines; group labels
and item headers (第二十条第（五）项) are rows of their own; labels are split over two or
three lines. The texts are written here from generated reports (their tab-separated rows
re-printed cell by cell) and every cell must come out as generated, in both formats.
"""

from __future__ import annotations

import json
import random
import re

import pytest

from conftest import json_lines, run_cli
from generators.synth import generate
from gongkai.extract import extract_document
from gongkai.readers import read_bytes

# What a flattened table may carry; "all" mixes every kind of debris in one text.
DEBRIS = ("plain", "pipe-suffix", "pipe-rows", "pipe-runs", "odd-runs", "blank-lines", "split-labels", "all")
VARIANTS = ("merged-outcome-cells", "slash-blanks", "thousands", "missing-row", "traditional", "crlf")
SEEDS = range(4)
_VALUE = re.compile(r"^(-?[\d,]+(\.\d+)?( 万元)?|/)$")


def cell_per_line(text: str, rng: random.Random, debris: str) -> str:
    """``text`` with every tab-separated table row re-printed one cell per line."""
    kinds = set(DEBRIS) if debris == "all" else {debris}
    out: list[str] = []
    for line in text.split("\n"):
        if "\t" not in line:
            out.append(line)
            continue
        cells = line.split("\t")
        while cells and not cells[-1].strip():
            cells.pop()
        i = 0
        while i < len(cells):
            if not cells[i].strip():  # a run of empty (merged) cells
                j = i
                while j < len(cells) and not cells[j].strip():
                    j += 1
                if "odd-runs" in kinds and rng.random() < 0.6:
                    out.append("|" * rng.randint(2, j - i + 2))  # a run that does not count its cells
                elif "pipe-runs" in kinds and rng.random() < 0.6:
                    out.append("|" * (j - i + 1))
                elif "blank-lines" in kinds and rng.random() < 0.6:
                    out += [""] * (j - i)
                elif "pipe-suffix" in kinds:
                    out += [" |"] * (j - i)
                i = j
                continue
            cell = cells[i]
            pieces = [cell]
            if "split-labels" in kinds and not _VALUE.match(cell.strip()) and len(cell) > 8 and rng.random() < 0.6:
                # a cell's text wraps before a character, never before the punctuation after one
                at = [i for i in range(1, len(cell)) if "\u4e00" <= cell[i] <= "\u9fff"]
                cuts = sorted(rng.sample(at, min(len(at), rng.choice([1, 1, 2]))))
                pieces = [cell[a:b] for a, b in zip([0, *cuts], [*cuts, len(cell)], strict=True)]
            for k, piece in enumerate(pieces):
                last = k == len(pieces) - 1
                out.append(piece + (rng.choice([" |", "|", "  |"]) if "pipe-suffix" in kinds and last else ""))
            i += 1
        if kinds & {"pipe-rows", "pipe-suffix"}:
            out.append("|")
    return "\n".join(out)


def _draw(seed: int, version: str, debris: str):
    rng = random.Random(f"{seed}-{version}-{debris}")
    variants = tuple(v for v in VARIANTS if rng.random() < 0.25)
    layout = rng.choice(["tabs", "tabs-merged-labels"])
    collapsed = version == "2021" and rng.random() < 0.3
    syn = generate(seed, layout=layout, version=version, variants=variants, collapsed=collapsed)
    eol = "\r\n" if "crlf" in variants else "\n"
    text = cell_per_line(syn.text.replace("\r\n", "\n"), rng, debris).replace("\n", eol)
    return syn, text


def _extract(text: str):
    return extract_document(read_bytes(text.encode("utf-8"), "flattened.txt"))


@pytest.mark.parametrize("debris", DEBRIS)
@pytest.mark.parametrize("version", ["2021", "2019"])
@pytest.mark.parametrize("seed", SEEDS)
def test_every_cell(seed, version, debris):
    syn, text = _draw(seed, version, debris)
    report = _extract(text)
    assert {k: report.cells[k] for k in syn.cells if report.cells[k] != syn.cells[k]} == {}
    # nothing in a cell-per-line table allows another reading of a cell
    assert [k for k in syn.cells if report.provenance[k].uncertain] == []
    assert report.meta["format"] == version


EXAMPLE = """\
某某县人民政府办公室2023年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项 |
||||
|
信息内容 |
本年制发件数 |
本年废止件数 |
现行有效件数 |
|
规章 |
0 |
0 |
0 |
|
行政规范性文件 |
3 |
1 |
27 |
|
第二十条第（五）项 |
||||
|
信息内容 |
本年处理决定数量 |
|
行政许可 |
1204 |
|
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） |
|||
申请人情况 |
|
自然人 |
法人或其他组织 |
总计 |
|
一、本年新收政府
信息公开申请数量 |
12 |
3 |
0 |
0 |
0 |
1 |
16 |
|
二、上年结转政府信息公开申请数量 |
1 |
0 |
0 |
0 |
0 |
0 |
1 |
|
三、本年度办理结果 |
（一）予以公开 |
|||||||
9 |
|
"""


def test_example_as_printed():
    """A hand-written text: split label, item headers, `|||` runs, a merged applicant block."""
    report = _extract(EXAMPLE)
    cells = report.cells
    assert [cells[f"t2.normative_docs.{c}"] for c in ("made", "repealed", "in_force")] == [3, 1, 27]
    assert cells["t2.licensing.decisions"] == 1204
    assert [cells[f"t3.new_received.{c}"] for c in ("natural_person", "commercial", "other_org", "total")] == [12, 3, 1, 16]
    assert cells["t3.carried_over.total"] == 1
    assert cells["t3.granted.total"] == 9
    assert cells["t3.granted.natural_person"] is None
    prov = report.provenance["t3.new_received.total"]
    assert EXAMPLE.splitlines()[prov.line - 1].startswith("16")  # the cell's own line


def test_cli_reads_a_folder_of_flattened_reports(tmp_path):
    truth = {}
    for i, (seed, version, debris) in enumerate([(11, "2021", "all"), (12, "2019", "all"), (13, "2021", "split-labels"),
                                                 (14, "2019", "pipe-runs")]):
        syn, text = _draw(seed, version, debris)
        path = tmp_path / f"r{i}.txt"
        path.write_bytes(text.encode("utf-8"))
        truth[str(path)] = syn.cells
    run = run_cli("extract", "--json", tmp_path)
    assert run.returncode == 0, run.stderr
    lines = json_lines(run.stdout)
    assert sorted(o["source"] for o in lines) == sorted(truth)
    for obj in lines:
        expected = truth[obj["source"]]
        assert {k: obj["cells"][k] for k in expected if obj["cells"][k] != expected[k]} == {}, obj["source"]
        assert not any(p.get("uncertain") for p in obj["provenance"].values()), json.dumps(obj)[:200]
