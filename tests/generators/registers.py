"""Generated registers (台账) with known true counts, for `gongkai tabulate`.

Random applications and review/suit cases over the year before, the year and the year after,
each with the table 三 row and column (or table 四 group and column) it truly belongs to;
`expected_cells` counts them for a year as the statutory tables define it (written here
plainly, apart from the code under test). The writers print them as offices keep them:
CSV in UTF-8, UTF-8 with BOM, GBK or GB18030, or XLSX; the headers in one of several
offices' wordings (a title row above, a 序号 column, notes in brackets); every outcome in the
form's own labels or an office's words; dates in every form people type (2024-01-05,
2024/1/5, 2024.1.5, 2024年1月5日, 20240105, Excel serial numbers and date cells); blank rows and
rows with only a serial number between them.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from gongkai.spec import load_format

APPLICANTS = {
    "natural_person": [("自然人", ""), ("公民", ""), ("个人", "")],
    "commercial": [("法人或其他组织", "商业企业"), ("法人", "企业"), ("法人或其他组织", "有限公司")],
    "research": [("法人或其他组织", "科研机构"), ("法人或其他组织", "高校")],
    "social_welfare": [("法人或其他组织", "社会公益组织"), ("法人或其他组织", "基金会")],
    "legal_services": [("法人或其他组织", "法律服务机构"), ("法人或其他组织", "律师事务所")],
    "other_org": [("法人或其他组织", "其他"), ("法人或其他组织", "村民委员会")],
}
# an office's own words for some outcomes, beside the form's labels every row gets
OFFICE_WORDS = {
    "granted": [("同意公开", ""), ("予以公开", "")],
    "partly_granted": [("部分公开", ""), ("部分公开", "部分内容涉及个人隐私，不予公开")],
    "denied_third_party": [("不予公开", "涉及商业秘密")],
    "unable_not_held": [("无法提供", "信息不存在"), ("本机关不掌握相关政府信息", "")],
    "rejected_petition": [("不予处理", "属于信访投诉")],
    "other_other": [("其他处理", "申请人撤回申请")],
}
OPEN_OUTCOMES = ["", "办理中"]
CASE_GROUPS = {
    "review": [("行政复议", ""), ("复议", "")],
    "suit_direct": [("行政诉讼", "否"), ("行政诉讼（未经复议直接起诉）", "")],
    "suit_after_review": [("行政诉讼", "是"), ("复议后起诉", "")],
}
CASE_RESULTS = {"upheld": ["维持", "驳回诉讼请求"], "corrected": ["撤销", "确认违法"], "other": ["终止", "撤诉"]}
REQUEST_HEADERS = [  # (id, received, applicant, org type, concluded, outcome, reason), a title row, a 序号 column
    (["申请编号", "收到申请日期", "申请人类型", "法人或其他组织类别", "办结日期", "办理结果", "具体情形"], None, False),
    (["受理号", "收件日期", "申请人类别", "单位类型", "答复日期", "答复结果", "具体理由"], None, True),
    (["流水号", "申请时间（年月日）", "申请人类型", "法人或其他组织类别", "办理终结时间", "处理结果", "具体情形"],
     "{year}年政府信息公开申请登记台账", True),
]
CASE_HEADERS = [
    (["案件编号", "案件类型", "是否经复议", "收案日期", "审理结果", "结案日期"], None),
    (["案号", "类型", "是否经过复议", "立案日期", "结果", "审结日期"], "行政复议、行政诉讼案件登记表"),
]
DATE_STYLES = ("iso", "slash", "dot", "chinese", "compact", "serial", "cell")


@dataclass
class Application:
    id: str
    received: date
    concluded: date | None
    column: str
    row: str | None  # the 2021 format's outcome row; None while open
    applicant: str
    org_type: str
    outcome: str
    reason: str


@dataclass
class Case:
    id: str
    group: str
    column: str | None  # None while pending
    filed: date
    concluded: date | None
    kind: str
    after_review: str
    result: str


def _outcomes(row: str) -> list[tuple[str, str]]:
    """The ways a register writes ``row``: group label + row label, the group's words + the
    label without its number, the row label alone, and an office's own words."""
    spec = load_format("2021")
    r = spec.t3_row(row)
    if r.group == "outcomes":
        return [(r.title, "")] + OFFICE_WORDS.get(row, [])
    group = next(g for g in spec.t3_groups if g.key == r.group)
    plain = r.title.split(".", 1)[1]
    return [(group.title, r.title), (group.title[3:], plain), (r.title, "")] + OFFICE_WORDS.get(row, [])


def applications(seed: int, year: int, n: int) -> list[Application]:
    """``n`` applications received from 1 January of the year before to March of the year after."""
    rng = random.Random(seed)
    spec = load_format("2021")
    rows = list(spec.t3_identities["outcomes"])
    first, last = date(year - 1, 1, 1), date(year + 1, 3, 31)
    out = []
    for i in range(n):
        received = first + timedelta(days=rng.randint(0, (last - first).days))
        column = rng.choice(list(APPLICANTS) + ["natural_person"] * 3 + ["commercial"])
        applicant, org_type = rng.choice(APPLICANTS[column])
        if rng.random() < 0.1:  # still open today
            concluded, row, (outcome, reason) = None, None, (rng.choice(OPEN_OUTCOMES), "")
        else:
            concluded = received + timedelta(days=rng.choice([0, 3, 15, 20, 40, 120, 400]))
            row = rng.choice(rows + ["granted"] * 6 + ["partly_granted"] * 2)
            outcome, reason = rng.choice(_outcomes(row))
        out.append(Application(f"YSQ-{seed}-{i:05d}", received, concluded, column, row, applicant, org_type,
                               outcome, reason))
    return out


def cases(seed: int, year: int, n: int) -> list[Case]:
    rng = random.Random(seed * 7 + 1)
    first = date(year - 1, 1, 1)
    out = []
    for i in range(n):
        filed = first + timedelta(days=rng.randint(0, 820))
        group = rng.choice(list(CASE_GROUPS))
        kind, after = rng.choice(CASE_GROUPS[group])
        if rng.random() < 0.25:
            column, concluded, result = None, None, rng.choice(["", "审理中"])
        else:
            column = rng.choice(list(CASE_RESULTS))
            concluded = filed + timedelta(days=rng.choice([30, 60, 90, 200, 400]))
            result = rng.choice(CASE_RESULTS[column])
        out.append(Case(f"AJ-{seed}-{i:04d}", group, column, filed, concluded, kind, after, result))
    return out


def expected_cells(apps: list[Application], found: list[Case] | None, year: int, version: str) -> dict[str, int]:
    """Tables 三 and 四 of ``year`` counted from the true rows and columns."""
    spec = load_format(version)
    start, end = date(year, 1, 1), date(year, 12, 31)
    cells = {f"t3.{r.key}.{c}": 0 for r in spec.t3_rows for c in spec.t3_columns}
    for a in apps:
        if a.received > end or (a.concluded is not None and a.concluded < start):
            continue
        left = "new_received" if a.received >= start else "carried_over"
        if a.concluded is not None and a.concluded <= end:
            assert a.row is not None
            right = "other" if version == "2019" and a.row.startswith("other_") else a.row
            rights = [right, "results_total"]
        else:
            rights = ["carried_forward"]
        for row in [left, *rights]:
            cells[f"t3.{row}.{a.column}"] += 1
            cells[f"t3.{row}.total"] += 1
    if found is not None:
        cells.update({f"t4.{g}.{c}": 0 for g in spec.t4_groups for c in spec.t4_columns})
        for c in found:
            if c.filed > end or (c.concluded is not None and c.concluded < start):
                continue
            column = c.column if c.concluded is not None and c.concluded <= end else "pending"
            cells[f"t4.{c.group}.{column}"] += 1
            cells[f"t4.{c.group}.total"] += 1
    return cells


def date_text(d: date, style: str) -> str | int | datetime:
    """``d`` as an office types it; ``serial`` and ``cell`` are what an XLSX cell holds (a
    number Excel counts days by, a date cell), written as text in a CSV."""
    if style == "iso":
        return d.isoformat()
    if style == "slash":
        return f"{d.year}/{d.month}/{d.day}"
    if style == "dot":
        return f"{d.year}.{d.month}.{d.day}"
    if style == "chinese":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "compact":
        return d.strftime("%Y%m%d")
    if style == "serial":
        return (d - date(1899, 12, 30)).days
    return datetime(d.year, d.month, d.day, 9, 30)


def write_requests(apps: list[Application], path: Path, seed: int, year: int, variant: int = 0,
                   encoding: str = "utf-8", blank_rows: float = 0.05) -> None:
    """The register of ``apps`` at ``path`` (.csv in ``encoding``, or .xlsx)."""
    rng = random.Random(seed)
    headers, title, serial = REQUEST_HEADERS[variant]
    rows: list[list[object]] = []
    if title:
        rows.append([title.format(year=year)])
    rows.append((["序号"] if serial else []) + headers)
    for n, a in enumerate(apps, start=1):
        while rng.random() < blank_rows:  # a blank row, or one with only its 序号 filled in
            rows.append([n] if serial and rng.random() < 0.5 else [])
        style = rng.choice(DATE_STYLES)
        ended = "" if a.concluded is None else date_text(a.concluded, rng.choice(DATE_STYLES))
        rows.append(([n] if serial else []) + [a.id, date_text(a.received, style), a.applicant, a.org_type, ended,
                                              a.outcome, a.reason])
    _write(rows, path, encoding)


def write_cases(found: list[Case], path: Path, seed: int, variant: int = 0, encoding: str = "utf-8") -> None:
    rng = random.Random(seed)
    headers, title = CASE_HEADERS[variant]
    rows: list[list[object]] = ([[title]] if title else []) + [list(headers)]
    for c in found:
        ended = "" if c.concluded is None else date_text(c.concluded, rng.choice(DATE_STYLES))
        rows.append([c.id, c.kind, c.after_review, date_text(c.filed, rng.choice(DATE_STYLES)), c.result, ended])
    _write(rows, path, encoding)


def _write(rows: list[list[object]], path: Path, encoding: str) -> None:
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        for r, row in enumerate(rows, start=1):  # cell by cell: append() would close up blank rows
            for c, value in enumerate(row, start=1):
                if value != "":
                    sheet.cell(row=r, column=c, value=value)
        book.save(path)
        return
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([v.date().isoformat() if isinstance(v, datetime) else v for v in row])
    path.write_bytes(out.getvalue().encode(encoding))
