"""Registers (台账) as offices keep them: which column holds what, and the rows under it.

Two kinds (../shared/spec/register.md): the request register, one row per application
(received date, applicant type and the organisation's kind, concluded date, outcome and its
sub-reason), and the review/suit register, one row per case (复议 or 诉讼, whether the suit
followed a review, filed date, result, concluded date). No national form fixes the headers,
so each field is found under the names offices use (`REQUEST_FIELDS`, `CASE_FIELDS`, most
telling first), or under the local names of a mapping file (local header → field). A sheet's
kind is told by which fields its headers name. Rows keep the number the sheet shows them
under, so that every problem names the row a person can find.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from gongkai.errors import ReadError, UsageError
from gongkai.normalize import fold, simplify
from gongkai.sheets import READ_ERRORS, read_rows

# field → header names, the most telling first (a sheet with two such columns uses the first)
REQUEST_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("申请编号", "申请单编号", "受理编号", "登记编号", "受理号", "登记号", "申请号", "事项流水号", "流水号",
           "查询码", "编号"),
    "received": ("收到申请日期", "收到申请时间", "收到日期", "收件日期", "收件时间", "受理日期", "受理时间", "登记日期",
                 "登记时间", "来件日期", "申请日期", "申请时间", "提交日期", "提交时间"),
    "applicant": ("申请人类型", "申请人类别", "申请人性质", "申请人情况", "申请主体类型", "申请主体", "类型"),
    "org_type": ("法人或其他组织类别", "法人或其他组织类型", "法人或其他组织", "组织类别", "单位类型", "单位性质",
                 "机构类别"),
    "concluded": ("办结日期", "办结时间", "办理终结日期", "办理终结时间", "答复日期", "答复时间", "回复日期", "回复时间",
                  "办理日期"),
    "outcome": ("办理结果", "答复结果", "处理结果", "答复类型", "审批结果", "办理结果类别", "处理方式", "答复方式"),
    "reason": ("具体情形", "具体理由", "办理结果细分", "不予公开理由", "不公开原因", "其他原因说明", "理由", "原因",
               "情形"),
}
CASE_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("案件编号", "案号", "编号"),
    "case_type": ("案件类型", "案件类别", "复议或诉讼", "类型", "类别"),
    "after_review": ("是否经复议", "是否经过复议", "是否复议后起诉", "复议后起诉"),
    "filed": ("收案日期", "立案日期", "收案时间", "立案时间", "起诉日期", "申请日期", "受理日期", "收到日期", "收到时间"),
    "result": ("审理结果", "复议结果", "判决结果", "裁判结果", "案件结果", "审结结果", "结案结果", "结果"),
    "concluded": ("结案日期", "审结日期", "结案时间", "审结时间", "决定日期", "判决日期", "办结日期"),
}
REQUIRED = {"requests": ("received", "applicant", "concluded", "outcome"),
            "cases": ("case_type", "filed", "result", "concluded")}
FIELD_NAMES = {  # each field as a person names it (messages; a mapping file may use these too)
    "requests": {"id": "申请编号", "received": "收到申请日期", "applicant": "申请人类型",
                 "org_type": "法人或其他组织类别", "concluded": "办结日期", "outcome": "办理结果", "reason": "具体情形"},
    "cases": {"id": "案件编号", "case_type": "案件类型", "after_review": "是否经复议", "filed": "收案日期",
              "result": "审理结果", "concluded": "结案日期"},
}
KIND_NAMES = {"requests": "政府信息公开申请登记表", "cases": "行政复议、行政诉讼登记表"}
_FIELDS = {"requests": REQUEST_FIELDS, "cases": CASE_FIELDS}
_NOTE = re.compile(r"[(（【\[].*?[)）】\]]")  # 收到申请日期（年月日）: a note on how to fill the column
_NOT_THE_DATE = ("应", "期限", "截止", "预计", "规定", "延期")  # headers of deadlines, not of what happened
_OLD_FORMS = (".xls", ".et", ".ods")  # sheets to save again as XLSX or CSV first
_HEADER_SCAN = 20  # the header is among the first rows (a title or a note may stand above it)


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """One filled row: its number in the sheet and each found field's text."""

    row: int
    values: dict[str, str]


@dataclass(frozen=True, slots=True)
class Register:
    """One register file: its kind (``requests``/``cases``), which header each field was read
    from, and its filled rows (blank rows are no applications and are left out)."""

    source: str
    kind: str
    columns: dict[str, str]
    rows: tuple[RegisterRow, ...]


def header_key(text: str) -> str:
    """A header as matched: folded, simplified, without notes in brackets, spaces, * or colons."""
    return re.sub(r"[\s*:：]+", "", _NOTE.sub("", simplify(fold(text))))


def load_mapping(path: Path) -> dict[str, str]:
    """A mapping file (TOML, YAML or a two-column CSV/XLSX): local header → field, the field
    named as in `REQUEST_FIELDS`/`CASE_FIELDS` or as `FIELD_NAMES` says it (收到申请日期)."""
    source = str(path)
    try:
        parsed = _parsed(path)
    except READ_ERRORS as e:  # TOMLDecodeError and YAML errors are ValueErrors here
        raise ReadError(source, f"无法读取列名对照文件（{e}）") from e
    if isinstance(parsed, Mapping) and isinstance(parsed.get("columns"), Mapping):
        parsed = parsed["columns"]
    if not isinstance(parsed, Mapping):
        raise UsageError(f"{source}: 列名对照文件应为“本地表头 = 字段”的对照表")
    by_name = {name: field for names in FIELD_NAMES.values() for field, name in names.items()}
    known = {f for fields in _FIELDS.values() for f in fields}
    out = {}
    for header, field in parsed.items():
        name = str(field).strip()
        if name in by_name:
            name = by_name[name]
        if name not in known:
            if header_key(str(header)) in ("字段", "field") or header_key(name) in ("字段", "field"):
                continue  # the CSV's own header row
            choices = "、".join(f"{f}（{n}）" for names in FIELD_NAMES.values() for f, n in names.items())
            raise UsageError(f"{source}: “{header}”对应的字段“{field}”未知；可用的字段：{choices}")
        out[header_key(str(header))] = name
    return out


def _parsed(path: Path) -> object:
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    if suffix in (".yaml", ".yml"):
        import yaml  # the author extra; only a YAML mapping needs it

        try:
            return yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except yaml.YAMLError as e:  # PyYAML's message spans lines: one line, as every error here
            raise ValueError(" ".join(str(e).split())) from e
    return {r[0]: r[1] for r in read_rows(path) if len(r) >= 2 and r[0].strip() and r[1].strip()}


def read_register(path: Path, mapping: Mapping[str, str] | None = None, source: str | None = None) -> Register:
    """The register at ``path``; UsageError naming the file and the missing columns where its
    headers name neither kind's required fields, ReadError where it cannot be read."""
    source = source or str(path)
    if path.suffix.lower() in _OLD_FORMS:
        raise ReadError(source, f"不支持 {path.suffix} 格式的表格，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV")
    try:
        rows = read_rows(path)
    except UnicodeDecodeError as e:
        raise ReadError(source, "无法读取登记表：既不是 XLSX，也不是 UTF-8 或 GBK（GB18030）编码的 CSV") from e
    except READ_ERRORS as e:
        raise ReadError(source, f"无法读取登记表（{e}）") from e
    mapping = mapping or {}
    best: tuple[int, int, str, dict[str, int]] | None = None
    scanned = 0
    for index, row in enumerate(rows):
        if not any(c.strip() for c in row):
            continue
        for kind in _FIELDS:
            found = _columns(row, kind, mapping)
            score = sum(f in found for f in REQUIRED[kind])
            if best is None or score > best[0]:
                best = (score, index, kind, found)
        scanned += 1
        if scanned >= _HEADER_SCAN or (best and best[0] == len(REQUIRED[best[2]])):
            break
    if best is None:
        raise UsageError(f"{source}: 登记表是空的")
    score, index, kind, found = best
    missing = [f for f in REQUIRED[kind] if f not in found]
    if missing:
        raise UsageError(_missing_message(source, kind, missing, rows[index]))
    body = []
    for number, row in enumerate(rows[index + 1:], start=index + 2):
        values = {f: (row[c].strip() if c < len(row) else "") for f, c in found.items()}
        if any(values.values()):
            body.append(RegisterRow(number, values))
    headers = rows[index]
    return Register(source, kind, {f: headers[c].strip() for f, c in found.items()}, tuple(body))


def _columns(headers: list[str], kind: str, mapping: Mapping[str, str]) -> dict[str, int]:
    """field → column index: the mapping file's headers first, then the usual names, the
    most telling first; a header is taken by one field only."""
    keys = [header_key(h) for h in headers]
    found: dict[str, int] = {}
    for i, k in enumerate(keys):
        field = mapping.get(k)
        if field in _FIELDS[kind] and field not in found:
            found[field] = i
    taken = set(found.values())
    for whole in (True, False):  # every field by its exact names first, then inside longer headers
        for field, names in _FIELDS[kind].items():
            if field in found:
                continue
            for name in names:
                if whole:
                    hit = next((i for i, k in enumerate(keys) if i not in taken and k == name), None)
                elif len(name) >= 4:  # 本机关收到申请日期; never 应办结日期, a deadline
                    hit = next((i for i, k in enumerate(keys) if i not in taken and name in k
                                and not any(w in k for w in _NOT_THE_DATE)), None)
                else:
                    continue
                if hit is not None:
                    found[field] = hit
                    taken.add(hit)
                    break
    return found


def _missing_message(source: str, kind: str, missing: list[str], headers: list[str]) -> str:
    names = FIELD_NAMES[kind]
    wanted = "；".join(f"“{names[f]}”（也可写作：{'、'.join(_FIELDS[kind][f][:6])}）" for f in missing)
    shown = "、".join(h.strip() for h in headers if h.strip()) or "（无）"
    sheet = "（只读取第一个工作表）" if source.lower().endswith((".xlsx", ".xlsm")) else ""
    return (f"{source}: 按{KIND_NAMES[kind]}读取，缺少以下列：{wanted}。表头为{sheet}：{shown}。"
            "如表头用了其他名称，请用 --mapping 指定列名对照文件")
