"""Count registers into tables 三 and 四 of one year, every cell traced to its rows.

For year Y an application counts if it was received by 31 December Y and was still open on
1 January Y or received later (../shared/spec/register.md §2): received in Y → 一、本年新收,
before → 二、上年结转; concluded in Y → its outcome row (部分公开 once, under （二）), still open
on 31 December → 四、结转下年度. Each counted application adds one to a left-hand row and one
to a right-hand row of its column, so 本年新收 + 上年结转 = 总计 + 结转下年度 holds in every
column by construction. A case of table 四 counts the same way: filed by 31 December and open
on 1 January or filed later; its result if concluded in Y, 尚未审结 if open at year end.

A row that cannot be placed (a date nobody can read, concluded before received, an unknown
outcome or applicant, a duplicate) is counted nowhere and listed as a `Problem` with its row
number and the reason in Chinese. Rows of other years that count nowhere are no problem; an
unknown outcome matters only if the row concluded in Y.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from gongkai.author.classify import OPEN_WORDS, Unclassified, applicant_column, case_group, case_result, outcome_row
from gongkai.author.classify import words as matched_words
from gongkai.author.data import ReportData
from gongkai.author.dates import DateError, parse_date
from gongkai.author.registers import FIELD_NAMES, KIND_NAMES, Register, RegisterRow
from gongkai.errors import UsageError
from gongkai.spec import FormatSpec, load_format, versions
from gongkai.spec.labels import cell_label


@dataclass(frozen=True, slots=True)
class RowRef:
    """A register row a cell counts: where it is and what it says (for ``--explain``)."""

    source: str
    row: int
    id: str
    detail: str

    def __str__(self) -> str:
        number = f"（编号 {self.id}）" if self.id else ""
        return f"{self.source} 第{self.row}行{number}：{self.detail}"


@dataclass(frozen=True, slots=True)
class Problem:
    """A row counted nowhere, and why."""

    source: str
    row: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source} 第{self.row}行：{self.reason}"


@dataclass
class Tabulation:
    """Tables 三 and 四 counted from registers: ``data`` (the cells, ready for `render`),
    ``problems`` (rows counted nowhere), ``columns`` (per register, which header each field
    was read from) and the rows behind every cell (`explain`)."""

    data: ReportData
    problems: list[Problem]
    columns: list[tuple[str, str, dict[str, str]]]  # (source, kind, field → header)
    trace: dict[str, tuple[RowRef, ...]] = field(default_factory=dict)

    def explain(self, key: str) -> list[RowRef]:
        """The register rows counted in cell ``key`` (in register and row order); UsageError for
        a key this tabulation has no cell for, with the keys nearest it."""
        if key not in self.data.cells:
            import difflib

            near = difflib.get_close_matches(key, list(self.data.cells), n=3)
            hint = f"；是否要找：{'、'.join(near)}" if near else ""
            raise UsageError(f"没有单元格 {key}（表三、表四的规范键，如 t3.granted.natural_person）{hint}")
        return list(self.trace.get(key, ()))

    def read_as(self) -> list[str]:
        """Per register, in Chinese, its kind and which header each field was read from: what a
        person checks first when a count looks wrong."""
        return [f"{source}（{KIND_NAMES[kind]}）：" + "，".join(f"{FIELD_NAMES[kind][f]} ← {h}" for f, h in columns.items())
                for source, kind, columns in self.columns]

    def label(self, key: str) -> str:
        """A cell key as the form prints it (表三 （一）予以公开 · 自然人), for people reading an explanation."""
        return cell_label(key, self.data.version)

    def into(self, existing: ReportData, source: str) -> ReportData:
        """``existing`` report data (table 二 and the narrative an office has typed, ``source``
        names its file) with the tables this tabulation counted put in: only the tables a
        register was given for are replaced, so a re-count never loses what was typed by hand.
        A file of another year or format is a UsageError: its cells would not fit."""
        year, version = self.data.meta.get("year"), self.data.version
        if existing.meta.get("year") not in (None, year):
            raise UsageError(f"{source}: 是 {existing.meta['year']} 年度的报告数据，而统计的是 {year} 年度")
        if existing.meta.get("format") not in (None, version):
            raise UsageError(f"{source}: 是 {existing.meta['format']} 版格式的报告数据，而统计按 {version} 版格式")
        counted = {key.split(".", 1)[0] for key in self.data.cells}
        cells = {k: v for k, v in existing.cells.items() if k.split(".", 1)[0] not in counted}
        cells.update(self.data.cells)
        meta = {**existing.meta, **{k: v for k, v in self.data.meta.items() if v is not None}}
        return ReportData(meta, cells, dict(existing.sections))


def tabulate(registers: Iterable[Register], year: int, version: str | None = None,
             agency: str | None = None) -> Tabulation:
    """Tables 三 (request registers) and 四 (case registers) of ``year`` in format ``version``
    (default: 2019 for the 2019 and 2020 reports, else 2021). A table with no register of its
    kind stays blank (absent), not zero: no register is not no applications."""
    version = version or ("2019" if year < 2021 else "2021")
    if version not in versions():
        raise UsageError(f"未知的格式版本 {version!r}（可用：{'、'.join(versions())}）")
    spec = load_format(version)
    registers = list(registers)
    meta: dict[str, object] = {"year": year, "format": version}
    if agency:
        meta["agency"] = agency
    counter = _Counter(year, spec)
    requests = [r for r in registers if r.kind == "requests"]
    cases = [r for r in registers if r.kind == "cases"]
    for source, row in _unique(requests, counter.problems):
        counter.request(source, row)
    for source, row in _unique(cases, counter.problems):
        counter.case(source, row)
    cells: dict[str, int | float | None] = {}
    trace: dict[str, tuple[RowRef, ...]] = {}
    tables = (["t3"] if requests else []) + (["t4"] if cases else [])
    every = spec.keys()  # the format's keys in printed order (a method, not a dict's)
    for key in every:
        if key.split(".")[0] in tables:
            refs = tuple(counter.refs.get(key, ()))
            cells[key], trace[key] = len(refs), refs
    counter.problems.sort(key=lambda p: (p.source, p.row))
    return Tabulation(ReportData(meta, cells, {}), counter.problems,
                      [(r.source, r.kind, r.columns) for r in registers], trace)


def _unique(registers: list[Register], problems: list[Problem]) -> list[tuple[str, RegisterRow]]:
    """The rows to count: of rows sharing an ID, the fullest where each register lists it once
    and the rows differ at most in what one left blank (one application in two years'
    registers: last year's lists it open, this year's concluded or open still); else, in one
    register, the first if they are copies of one another, none if they differ (which one is
    right is for a person to say). Each left-out copy or conflict is listed as a problem."""
    by_id: dict[str, list[tuple[str, RegisterRow]]] = defaultdict(list)
    out = []
    for reg in registers:
        for row in reg.rows:
            ident = row.values.get("id", "")
            if ident:
                by_id[ident].append((reg.source, row))
            out.append((reg.source, row))
    dropped: set[tuple[str, int]] = set()
    for ident, rows in by_id.items():
        if len(rows) < 2:
            continue
        first_source, first = rows[0]
        if len({s for s, _ in rows}) == len(rows) and _completions([r for _, r in rows]):
            fullest = max(range(len(rows)), key=lambda i: (sum(map(bool, rows[i][1].values.values())), i))
            dropped.update((s, r.row) for i, (s, r) in enumerate(rows) if i != fullest)
            continue
        places = "、".join(_place(s, r.row, first_source) for s, r in rows)
        if all(r.values == first.values for _, r in rows[1:]):
            for s, r in rows[1:]:
                problems.append(Problem(s, r.row, f"与{_place(first_source, first.row, s)}重复（编号 {ident}），只计一次"))
                dropped.add((s, r.row))
        else:
            for s, r in rows:
                problems.append(Problem(s, r.row, f"编号 {ident} 出现在{places}，内容不同，均未计入；请核对后只保留一行"))
                dropped.add((s, r.row))
    return [(s, r) for s, r in out if (s, r.row) not in dropped]


def _completions(rows: list[RegisterRow]) -> bool:
    """Whether the rows agree on every field each of them fills in."""
    fields = {f for r in rows for f in r.values}
    return all(len({_same(f, r.values.get(f, "")) for r in rows} - {""}) <= 1 for f in fields)


def _same(field: str, text: str) -> str:
    """A cell as compared between two registers: a date as the day it names (2023/12/20 is
    2023-12-20), words without spaces or full-width forms."""
    if field in ("received", "concluded", "filed"):
        try:
            day = parse_date(text)
        except DateError:
            return text.strip()
        return day.isoformat() if day else ""
    return matched_words(text)


def _place(source: str, row: int, here: str) -> str:
    return f"第{row}行" if source == here else f"{source} 第{row}行"


class _Counter:
    """The cells' rows as they are counted, and the problems met."""

    def __init__(self, year: int, spec: FormatSpec):
        self.start, self.end = date(year, 1, 1), date(year, 12, 31)
        self.spec = spec
        self.rows = {r.key for r in spec.t3_rows}
        self.refs: dict[str, list[RowRef]] = defaultdict(list)
        self.problems: list[Problem] = []

    def _dates(self, source: str, row: RegisterRow, kind: str, first: str) -> tuple[date, date | None] | None:
        """(start, concluded) of a row, or None (and a problem) where they cannot be used."""
        names = FIELD_NAMES[kind]
        try:
            begun = parse_date(row.values.get(first, ""))
            ended = parse_date(row.values.get("concluded", ""))
        except DateError as e:
            which = names[first] if _bad(row.values.get(first, "")) else names["concluded"]
            self.problems.append(Problem(source, row.row, f"{which}：{e}"))
            return None
        if begun is None:
            self.problems.append(Problem(source, row.row, f"未填写{names[first]}"))
            return None
        if ended is not None and ended < begun:
            self.problems.append(Problem(source, row.row, f"{names['concluded']} {ended} 早于{names[first]} {begun}"))
            return None
        return begun, ended

    def _counts(self, begun: date, ended: date | None) -> bool:
        return begun <= self.end and (ended is None or ended >= self.start)

    def request(self, source: str, row: RegisterRow) -> None:
        dates = self._dates(source, row, "requests", "received")
        if dates is None or not self._counts(*dates):
            return
        received, concluded = dates
        v = row.values
        try:
            column = applicant_column(v.get("applicant", ""), v.get("org_type", ""))
            if concluded is None or concluded > self.end:
                result = "carried_forward"
                if concluded is None and _final(v.get("outcome", "")):
                    raise Unclassified(f"填写了办理结果“{v['outcome']}”，但没有办结日期")
            else:
                result = self._outcome(v.get("outcome", ""), v.get("reason", ""))
        except Unclassified as e:
            self.problems.append(Problem(source, row.row, str(e)))
            return
        first = "new_received" if received >= self.start else "carried_over"
        ref = RowRef(source, row.row, v.get("id", ""), _request_detail(received, concluded, v))
        keys = [f"t3.{first}.{column}", f"t3.{first}.total", f"t3.{result}.{column}", f"t3.{result}.total"]
        if result != "carried_forward":
            keys += [f"t3.results_total.{column}", "t3.results_total.total"]
        for key in keys:
            self.refs[key].append(ref)

    def _outcome(self, outcome: str, reason: str) -> str:
        row = outcome_row(outcome, reason)
        if row is None:
            raise Unclassified(f"已有办结日期，但办理结果为“{outcome.strip()}”（尚未办结）")
        if row not in self.rows and row.startswith("other"):  # the 2019 format's one （六） row
            if "other" in self.rows:
                return "other"
            raise Unclassified("办理结果为其他处理，但未写明具体情形（逾期不补正、逾期未缴纳费用或其他）")
        return row

    def case(self, source: str, row: RegisterRow) -> None:
        dates = self._dates(source, row, "cases", "filed")
        if dates is None or not self._counts(*dates):
            return
        filed, concluded = dates
        v = row.values
        try:
            group = case_group(v.get("case_type", ""), v.get("after_review", ""))
            if concluded is None or concluded > self.end:
                column = "pending"
                if concluded is None and v.get("result") and case_result(v["result"]) is not None:
                    raise Unclassified(f"填写了审理结果“{v['result']}”，但没有结案日期")
            else:
                found = case_result(v.get("result", ""))
                if found is None:
                    raise Unclassified(f"已有结案日期，但审理结果为“{v['result']}”（尚未审结）")
                column = found
        except Unclassified as e:
            self.problems.append(Problem(source, row.row, str(e)))
            return
        ended = f"，结案 {concluded}" if concluded else ""
        ref = RowRef(source, row.row, v.get("id", ""), f"收案 {filed}{ended}，{v.get('case_type', '')}，"
                                                       f"{v.get('result', '') or '尚未审结'}")
        for key in (f"t4.{group}.{column}", f"t4.{group}.total"):
            self.refs[key].append(ref)


def _bad(text: str) -> bool:
    try:
        parse_date(text)
    except DateError:
        return True
    return False


def _final(outcome: str) -> bool:
    """Whether an outcome cell states a result (not blank, not 办理中)."""
    w = matched_words(outcome)
    return bool(w) and not any(o in w for o in OPEN_WORDS)


def _request_detail(received: date, concluded: date | None, v: dict[str, str]) -> str:
    ended = f"，办结 {concluded}" if concluded else "，未办结"
    applicant = "·".join(x for x in (v.get("applicant", ""), v.get("org_type", "")) if x)
    outcome = "，".join(x for x in (v.get("outcome", ""), v.get("reason", "")) if x)
    return f"收到 {received}{ended}，{applicant}" + (f"，{outcome}" if outcome else "")

