"""`gongkai render`: real and generated cell sets of both format versions → the statutory
document (HTML, DOCX, PDF through LibreOffice) → read back by the real readers → the same
cells, and `check` finding no error; an unbalanced report stops unless forced.
"""

from __future__ import annotations

import io
import json
import random
import re

import pytest
from docx import Document as read_docx

from conftest import CORPUS_DIR, SEEDS_DIR, run_cli
from generators.synth import random_cells
from gongkai import api
from gongkai.author.data import ReportData, from_mapping
from gongkai.author.layout import tables
from gongkai.output.report_pdf import soffice
from gongkai.spec import load_format

pytestmark = pytest.mark.integration

# every hand-checked cell set (hongze-2024's 2021 report prints 2019's single （六）其他处理 row)
REAL = sorted(p for p in [*SEEDS_DIR.glob("*.expected.json"), *CORPUS_DIR.glob("*.expected.json")])
NARRATIVE = {
    "一": "本机关坚持以公开为常态、不公开为例外。\n\n- 完善**主动公开**目录\n- 规范依申请公开办理流程",
    "五": "## 存在的问题\n\n政策解读形式较为单一。\n\n下一步将丰富解读形式，加强培训。",
    "六": "本年度未收取信息处理费。落实上级年度政务公开工作要点，人大代表建议和政协提案办理结果均已公开。",
}


def _real(path) -> ReportData:
    data = from_mapping(json.loads(path.read_text(encoding="utf-8")), path.name)
    data.meta["agency"] = data.meta.get("agency") or "某某县人民政府"
    data.meta["published"] = f"{data.meta['year'] + 1}-01-20"
    data.sections.update(NARRATIVE)
    return data


def _generated(version: str, seed: int) -> ReportData:
    rng = random.Random(seed)
    cells = random_cells(load_format(version), rng)
    year = 2020 if version == "2019" else 2023
    return ReportData({"agency": "武威市凉州区人民政府", "year": year, "format": version,
                       "published": f"{year + 1}-01-18"}, cells, dict(NARRATIVE))


def _printed(data: ReportData) -> dict:
    keys = [k for grid in tables(data.version) for k in grid.keys()]  # noqa: SIM118 (a list, not a dict)
    return {k: data.cells.get(k) for k in keys}


def _read_back(content: bytes, name: str) -> tuple[dict, list]:
    report = api.extract(content, name=name)
    return report.cells, api.check(report)


CASES = [pytest.param(_real(p), id=p.name.split(".")[0]) for p in REAL] + [
    pytest.param(_generated(v, s), id=f"generated-{v}-{s}") for v in ("2021", "2019") for s in range(3)]


@pytest.mark.parametrize("data", CASES)
@pytest.mark.parametrize("to", ["html", "docx", "xlsx"])
def test_round_trip_gives_the_same_cells_and_no_error(data, to):
    result = api.render(data, to)
    assert result.written and not result.mismatches and not result.unprinted
    cells, findings = _read_back(result.content, f"report.{to}")
    assert {k: cells.get(k) for k in _printed(data)} == _printed(data)
    if to == "xlsx":  # the workbook holds the tables only: sections 一, 五 and 六 are not in it
        assert sorted({f.code for f in findings if f.severity == "error"}) == ["STR001"]
        missing = " ".join(f.message for f in findings if f.code == "STR001")
        assert all(title in missing for title in ("总体情况", "存在的主要问题", "其他需要报告的事项"))
        return
    assert [f.code for f in findings if f.severity == "error"] == []
    assert not [f for f in findings if f.code in ("X001", "X002", "X003", "X004", "X011", "D005", "C009", "C003")]


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("data", [CASES[0], CASES[-1], CASES[-4]])  # a real 2021, a generated 2019 and 2021
def test_round_trip_through_the_pdf(data, tmp_path):
    out = tmp_path / "报告.pdf"
    result = api.render(data, "pdf", out)
    assert out.read_bytes()[:5] == b"%PDF-" and result.output == str(out)
    cells, findings = _read_back(out.read_bytes(), "report.pdf")
    assert {k: cells.get(k) for k in _printed(data)} == _printed(data)
    assert [f.code for f in findings if f.severity == "error"] == []
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(out.read_bytes())
    first = pdf[0]
    width, height = first.get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "政府信息公开工作年度报告" in text and "本列数据的勾稽关系为" in text  # CJK glyphs, not boxes
    assert "— 1 —" in pdf[0].get_textpage().get_text_range() and "— 2 —" in pdf[1].get_textpage().get_text_range()
    image = first.render(scale=0.5).to_pil().convert("L")
    assert image.getextrema()[0] < 64  # ink on the page


def test_an_unbalanced_report_stops_unless_forced(tmp_path):
    data = _generated("2021", 7)
    data.cells["t3.granted.total"] = (data.cells["t3.granted.total"] or 0) + 5  # the row no longer adds up
    out = tmp_path / "x.docx"
    stopped = api.render(data, "docx", out)
    assert not stopped.written and not out.exists()
    assert any(f.severity == "error" and f.code.startswith("T3") for f in stopped.errors)
    forced = api.render(data, "docx", out, force=True)
    assert forced.written and out.read_bytes()[:2] == b"PK"


def test_no_cases_at_all_is_said_in_one_sentence():
    data = _generated("2021", 3)  # table 四 all 0
    assert api.render(data, "html").generated["四"] == "本年度未发生政府信息公开行政复议、行政诉讼案件。"
    zero = _real(SEEDS_DIR / "002_06c4d2819f1ca5c3.expected.json")  # a township with no applications
    result = api.render(zero, "html")
    assert result.generated["三"] == "本年度未收到政府信息公开申请，无上年结转申请。"
    assert not [f for f in result.findings if f.code.startswith("X0")]


def test_the_html_is_one_self_contained_file_with_merged_cells():
    page = api.render(_generated("2021", 2), "html").content.decode("utf-8")
    assert "<style>" in page and not re.search(r"""(?:src|href)\s*=\s*["']?(?!#)""", page)
    assert '<th rowspan="3" colspan="3" class="group">本列数据的勾稽关系为' in page
    assert '<th colspan="5" class="group">法人或其他组织</th>' in page
    assert '<th colspan="10" class="group">行政诉讼</th>' in page and page.count("<thead>") == 2
    assert "仿宋_GB2312" in page and "WenQuanYi Micro Hei" in page


def test_extracted_json_and_yaml_are_rendered_as_they_are(tmp_path):
    report = api.extract(SEEDS_DIR / "004_29593275bb59ad88.txt")
    src = tmp_path / "extracted.json"
    src.write_text(json.dumps(report.to_dict(), ensure_ascii=False), encoding="utf-8")
    result = api.render(src, "html")
    assert result.written and not result.mismatches
    assert api.extract(result.content, name="r.html").cells == report.cells
    yaml_src = tmp_path / "data.yaml"
    yaml_src.write_text("meta: {agency: 某某镇人民政府, year: 2024}\ncells:\n  t3.new_received.natural_person: 2\n"
                        "sections:\n  一: |\n    本镇全年主动公开政府信息120条。\n", encoding="utf-8")
    result = api.render(yaml_src, "html", force=True)
    page = result.content.decode("utf-8")
    assert "某某镇人民政府2024年" in page and "本镇全年主动公开政府信息120条。" in page


def test_sections_three_and_four_are_generated_when_missing_and_read_back():
    data = _generated("2021", 1)
    result = api.render(data, "html")
    assert set(result.generated) == {"三", "四"}
    cells = data.cells
    assert f"本年度共收到政府信息公开申请{cells['t3.new_received.total']}件" in result.generated["三"]
    assert f"结转下年度继续办理{cells['t3.carried_forward.total']}件" in result.generated["三"]
    assert f"行政复议{cells['t4.review.total']}件" in result.generated["四"]
    page = result.content.decode("utf-8")
    assert result.generated["三"] in page and result.generated["四"] in page
    assert not any(f.code.startswith("X0") for f in result.findings)


def test_a_narrative_that_contradicts_its_table_is_warned_and_a_sentence_offered():
    data = _generated("2021", 5)
    wrong = data.cells["t3.new_received.total"] + data.cells["t3.carried_over.total"] + 7  # neither figure X001 accepts
    data.sections["三"] = f"本年度共收到政府信息公开申请{wrong}件。"
    result = api.render(data, "html")
    assert result.written  # a warning does not stop the render
    assert any(f.code == "X001" and str(wrong) in f.message for f in result.findings)
    assert result.suggested["三"].startswith(f"本年度共收到政府信息公开申请{data.cells['t3.new_received.total']}件")
    assert "三" not in result.generated and f"{wrong}件" in result.content.decode("utf-8")


def test_a_2021_report_with_the_single_other_row_is_printed_so():
    path = CORPUS_DIR / "hongze-2024.expected.json"
    result = api.render(path, "html")
    assert result.written and not result.unprinted and not result.mismatches
    page = result.content.decode("utf-8")
    assert "（六）其他处理" in page and "申请人无正当理由逾期不补正" not in page


def test_cells_no_table_prints_are_named():
    data = _real(CORPUS_DIR / "hongze-2024.expected.json")
    data.cells["t3.other_other.total"] = 1  # the single row and a sub-row both given: no printing holds both
    result = api.render(data, "html")
    assert result.unprinted == [f"t3.other.{c}" for c in sorted(load_format("2021").t3_columns)]
    assert not result.written


def test_the_docx_is_laid_out_as_an_official_document():
    data = _generated("2021", 1)
    word = read_docx(io.BytesIO(api.render(data, "docx").content))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    xml = word.element.xml
    for font in ("方正小标宋简体", "黑体", "仿宋_GB2312"):
        assert f'w:eastAsia="{font}"' in xml
    assert "PAGE" in section.footer._element.xml
    _, t3, t4 = word.tables
    assert xml.count("<w:tblHeader/>") == 6  # 表三 and 表四: three header rows each
    assert len(t3.rows) == tables("2021")[1].n_rows and len(t4.columns) == 15
    texts = [p.text for p in word.paragraphs]
    assert texts[0] == "武威市凉州区人民政府2023年\n政府信息公开工作年度报告"
    assert texts.index("一、总体情况") < texts.index("二、主动公开政府信息情况") < texts.index("六、其他需要报告的事项")
    bold = [r.text for p in word.paragraphs for r in p.runs if r.bold]
    assert "主动公开" in bold and "存在的问题" in bold
    assert texts[-1] == "2024年1月18日"


def test_the_2019_format_prints_its_own_tables():
    data = _generated("2019", 2)
    page = api.render(data, "html").content.decode("utf-8")
    assert "国办公开办函〔2019〕60号" in page and "采购总金额" in page
    assert "1.申请人无正当理由逾期不补正" not in page  # （六）其他处理 is one row in 2019


def test_cli_renders_with_sections_from_files_and_exit_codes(tmp_path):
    data = _generated("2021", 4)
    data.sections.clear()
    src = tmp_path / "data.json"
    src.write_text(json.dumps(data.to_json(), ensure_ascii=False), encoding="utf-8")
    folder = tmp_path / "正文"
    folder.mkdir()
    for number, text in NARRATIVE.items():
        (folder / f"{number}.md").write_text(text, encoding="utf-8")
    (tmp_path / "二.txt").write_text("本年度主动公开政府信息1200条。", encoding="gb18030")
    out = tmp_path / "报告.html"
    done = run_cli("render", src, "--to", "html", "-o", out, "--sections", folder, "--section", f"二={tmp_path / '二.txt'}")
    assert done.returncode in (0, 1), done.stderr
    page = out.read_text(encoding="utf-8")
    assert "本年度主动公开政府信息1200条。" in page and "规范依申请公开办理流程" in page
    assert "已按表格数据生成" in done.stderr
    bad = run_cli("render", tmp_path / "missing.json", "--to", "docx", "-o", tmp_path / "x.docx")
    assert bad.returncode == 2 and "missing.json" in bad.stderr and "Traceback" not in bad.stderr
    src.write_text('{"cells": {"t3.new_received.total": "十二"}}', encoding="utf-8")
    bad = run_cli("render", src, "--to", "html", "-o", out)
    assert bad.returncode == 2 and "不是数字" in bad.stderr
    src.write_text('{"cells": {"t3.new_received.total": NaN, "t3.granted.total": 1e300}}', encoding="utf-8")
    bad = run_cli("render", src, "--to", "html", "-o", out)
    assert bad.returncode == 2 and "t3.new_received.total" in bad.stderr and "data.json" in bad.stderr
    bad = run_cli("render", src, "--to", "html", "-o", out, "--section", "七=x.md")
    assert bad.returncode == 2 and "未知的部分" in bad.stderr


def test_pdf_without_libreoffice_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH on which no soffice exists
    with pytest.raises(api.UsageError if hasattr(api, "UsageError") else Exception) as e:
        api.render(_generated("2021", 0), "pdf", tmp_path / "x.pdf")
    assert "LibreOffice" in str(e.value) and not (tmp_path / "x.pdf").exists()


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_a_conversion_that_takes_too_long_is_stopped_and_said():
    from gongkai.output.report_pdf import ConversionError, pdf_from_docx

    document = api.render(_generated("2021", 0), "docx").content
    with pytest.raises(ConversionError, match="秒内未能生成 PDF"):
        pdf_from_docx(document, timeout=0.05)
