"""Rules on the narrative against the tables (text ↔ table), the fee statement, and the
reporting year and period (rules.md section E).

The narrative is the preamble and sections 一, 五 and 六 (formats.md §3); tables live in
sections 二–四 and are never read here, and lines that look like table rows (tabs, pipes)
are skipped even inside the narrative. The narrative is read in a compact form — spaces,
single line breaks and Markdown marks removed, so that "34\\n件" or "2024 年" read as one
phrase — that keeps, for every character, its offset in ``Context.text`` (findings point at
the printed line). A number belongs to a keyword only if it follows it closely in the same
clause (commas, colons and semicolons end a clause; 、 does not), with no other keyword in
between; a clause that compares with another year (同比, 较上年, 2021年…) is not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from gongkai.rules import Finding, Rule, register
from gongkai.rules.context import SECTIONS, Context
from gongkai.rules.identities import printed_tolerance

# ---------------------------------------------------------------------------------------
# The narrative in compact form
# ---------------------------------------------------------------------------------------

_SKIP = set(" \t\r\u3000\u00a0*#>`_")
_TABLE_LINE = re.compile(r"\t|^\s*\||\|\s*$|(?:^|\s)\d+(?:\.\d+)?(?:\s+\d+(?:\.\d+)?){3,}(?:\s|$)")


@dataclass(frozen=True)
class Narrative:
    """Compact narrative text and, for each of its characters, the offset in Context.text.

    A paragraph break (blank line, a skipped table line, a region boundary) is kept as one
    newline and ends a sentence; a single line break inside a paragraph is dropped.
    """

    text: str
    pos: tuple[int, ...]

    def offset(self, i: int) -> int:
        return self.pos[min(i, len(self.pos) - 1)] if self.pos else 0


def section_span(ctx: Context, number: str) -> tuple[int, int] | None:
    """Start and end offsets in ``ctx.text`` of statutory section ``number`` (as section_text)."""
    hs = ctx.headings
    for i, h in enumerate(hs):
        if h.section == number:
            end = next((x.offset for x in hs[i + 1:] if x.section != number), len(ctx.text))
            return h.offset, end
    return None


def narrative_spans(ctx: Context) -> list[tuple[str, int, int]]:
    """(part, start, end) of the narrative parts: preamble, sections 一, 五, 六."""
    hs = ctx.headings
    if not hs:
        return [("all", 0, len(ctx.text))]
    spans = [("preamble", 0, hs[0].offset)]
    for n in ("一", "五", "六"):
        s = section_span(ctx, n)
        if s:
            spans.append((n, *s))
    return spans


def compact(ctx: Context, spans: list[tuple[int, int]]) -> Narrative:
    text = ctx.text
    chars: list[str] = []
    pos: list[int] = []

    def brk(at: int) -> None:
        if chars and chars[-1] != "\n":
            chars.append("\n")
            pos.append(at)

    for a, b in spans:
        brk(a)
        i = a
        while i < b:
            j = text.find("\n", i, b)
            j = b if j < 0 else j
            line = text[i:j]
            if not line.strip() or _TABLE_LINE.search(line):
                brk(i)
            else:
                gap = False
                for k, ch in enumerate(line):
                    if ch in _SKIP or ch.isspace():
                        gap = True
                        continue
                    if gap and chars and chars[-1].isdigit() and ch.isdigit():
                        chars.append(" ")
                        pos.append(i + k - 1)
                    gap = False
                    chars.append(ch)
                    pos.append(i + k)
            i = j + 1
    return Narrative("".join(chars), tuple(pos))


def narrative(ctx: Context) -> Narrative:
    return ctx.shared("narrative", lambda c: compact(c, [(a, b) for _, a, b in narrative_spans(c)]))


def part_narrative(ctx: Context, part: str) -> Narrative | None:
    """The compact text of one narrative part (一, 五, 六 or preamble), or None."""
    def build(c: Context):
        for p, a, b in narrative_spans(c):
            if p == part:
                return compact(c, [(a, b)])
        return None
    return ctx.shared(f"narrative:{part}", build)


# ---------------------------------------------------------------------------------------
# Numbers and keywords
# ---------------------------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_int(s: str) -> int | None:
    """A Chinese numeral up to 999 (十二 → 12, 一百零五 → 105), or None."""
    total, cur = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            cur = _CN_DIGITS[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


_COUNT = re.compile(r"(?<![\d.])(\d+)\s?(件|宗|起|例|个|份|部|条)|([零〇一二两三四五六七八九十百]{1,4})(件|宗|起|例|个)")
# Between a keyword and its count only filler may stand ("收到政府信息公开申请共计75件", "行政诉讼数为0件");
# anything else ("答复群众咨询200件") names another count.
_LEAD = re.compile(r"^(?:共计|合计|总计|累计|共|为|是|有|达到|达|约|的|了|均|都|各|分别|已|数量|件数|总数|数|类|申请|"
                   r"政府信息公开|依申请公开|信息公开|案件|涉及)*$")
_UNITS_T2 = {"件", "个", "份", "部", "条"}
_UNITS_CASES = {"件", "宗", "起", "例", "个"}
# a keyword span naming another matter than disclosure applications
_OTHER_MATTER = re.compile(r"许可|审批|服务|办件|事项|复议|诉讼|建议|提案|信访|举报|投诉|复核|来信|来访|热线|留言|咨询")
_DISCLOSURE = re.compile(r"信息公开|依申请|公开申请")
_PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.(\d+))?)\s?%")
_CLAUSE_END = re.compile(r"[,，:：;；]")
_SENTENCE_END = re.compile(r"[。!！?？\n]")
_COMPARE = re.compile(r"同比|环比|去年|较上|比上|较去|较\d{4}|比\d{4}|上年(?!度?结转)|上一年(?!度?结转)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
_EACH = re.compile(r"均|都|各|分别")
_JOIN = re.compile(r"^(?:、|及|和|与|以及|或|、以及|、和)$")
_ABSORB = r"(?:继续)?(?:办理|处理)?(?:答复|决定|告知)?(?:的)?(?:申请|情形|类)?(?:的)?"

# (kind, pattern) in priority order: at a position the first that matches wins.
_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("carried_over", r"上一?年度?结转(?:[^,;。:!?\d]{0,14}?申请)?(?:数量|数)?"),
    ("carried_forward", r"(?:结转(?:至|到|入)?下一?年度?|转(?:至|到|入)?下一?年度?|结转(?!率))" + _ABSORB),
    ("new", r"(?:本年度?|全年|年内|共|累计)?(?:新收|收到|受理|接收|接到)(?:[^,;。:!?\d]{0,20}?)"
            r"(?:申请|依申请公开(?:事项)?)(?:数量|数|总数)?"),
    ("denied", r"不予公开" + _ABSORB),
    ("partly_granted", r"部分(?:予以)?公开" + _ABSORB),
    ("granted", r"(?<!不)(?:予以公开|同意公开|准予公开|全部公开)" + _ABSORB),
    ("unable", r"无法提供" + _ABSORB),
    ("rejected", r"不予处理" + _ABSORB),
    ("other", r"其他处理" + _ABSORB),
    ("results", r"(?:办结|办理完毕|处理完毕|答复(?!率)|办理(?=[^,;。:!?\d]{0,12}?申请)[^,;。:!?\d]{0,12}?申请)"
                r"(?:[^,;。:!?\d]{0,6}?申请)?"),
    ("review", r"(?:被申请)?行政复议(?!后)(?:案件|申请)?(?:数量|数)?"),
    ("suit", r"(?:被提起|提起)?行政诉讼(?:案件)?(?:数量|数)?|(?:被|提起)诉讼(?:案件)?|应诉案件"),
    ("t2", r"(?:(?:本年度?|全年|新)?(?:制发|出台|印发|制定|废止|废除|现行有效)(?:的|了)?[^,;。:!?\d、]{0,6}?"
           r"(?:规章(?!制度)|(?:行政)?规范性文件)|(?:规章(?!制度)|(?:行政)?规范性文件)[^,;。:!?\d、]{0,4}?"
           r"(?:制发|出台|印发|废止|废除|现行有效))(?:的)?(?:数量|件数|数)?"),
)
_KEYWORD = re.compile("|".join(f"(?P<{k}>{p})" for k, p in _KEYWORDS))
_T3_KINDS = ("new", "carried_over", "carried_forward", "granted", "partly_granted", "denied", "unable", "rejected",
             "other", "results")
_T4_KINDS = ("review", "suit")
_NOT_APPLICATION = re.compile(r"复议|诉讼|建议|提案|信访|举报|投诉|复核")


@dataclass(frozen=True)
class Statement:
    """A count (or percentage) the narrative states for one keyword or a joined group."""

    kinds: tuple[str, ...]  # e.g. ("granted",) or ("granted", "partly_granted") for 予以公开及部分公开
    value: int | None
    percent: float | None
    percent_decimals: int
    each: bool  # "均为0件": every kind has the value
    start: int  # offsets in Context.text
    end: int
    quote: str
    t2: tuple[str, ...] = ()  # for kind "t2": the cell keys the phrase names


def _t2_keys(phrase: str) -> tuple[str, ...]:
    row = "regulations" if "规章" in phrase else "normative_docs"
    if "现行有效" in phrase:
        col = "in_force"
    elif "废止" in phrase or "废除" in phrase:
        col = "repealed"
    else:
        col = "made"
    return (f"t2.{row}.{col}",)


def _clauses(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Clauses of a sentence; one starting with 占/占比/比例 (a percentage) joins the previous."""
    out: list[tuple[int, int]] = []
    start = a
    for m in _CLAUSE_END.finditer(text, a, b):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, b))
    merged: list[tuple[int, int]] = []
    for c in out:
        if merged and re.match(r"(?:约|共)?(?:占|比例|比重)", text[c[0]:c[1]]):
            merged[-1] = (merged[-1][0], c[1])
        else:
            merged.append(c)
    return merged


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _number_at(seg: str, units: set[str]) -> tuple[int | None, int]:
    """The count at the start of a segment (only filler before it), and where it ends."""
    m = _COUNT.search(seg)
    if not m or not _LEAD.match(seg[:m.start()]) or (m.group(2) or m.group(4)) not in units:
        return None, 0
    if m.group(1) is not None:
        return int(m.group(1)), m.end()
    return cn_int(m.group(3)), m.end()


def parse_statements(nar: Narrative, year: int | None) -> list[Statement]:
    """Every count the narrative states next to a keyword (see the module docstring)."""
    text = nar.text
    out: list[Statement] = []
    previous, apps_paragraph, last_end = "", False, 0
    for s0, s1 in _sentences(text):
        if "\n" in text[last_end:s0]:
            previous, apps_paragraph = "", False
        last_end = s1
        sentence = text[s0:s1]
        # outcomes often follow the sentence about applications in the same paragraph
        apps_paragraph = apps_paragraph or "申请" in sentence
        about_apps = apps_paragraph
        # "…涉及政府信息公开工作的行政复议。涉及的行政诉讼数为0件。": the topic may be in the sentence before
        about_t4 = any("信息公开" in s or "政务公开" in s for s in (sentence, previous))
        previous = sentence
        for c0, c1 in _clauses(text, s0, s1):
            clause = text[c0:c1]
            if _COMPARE.search(clause) or any(int(y) != year for y in _YEAR.findall(clause) if year):
                continue
            tokens = []
            for m in _KEYWORD.finditer(text, c0, c1):
                kind, span = m.lastgroup, m.group()
                if kind in _T3_KINDS and not about_apps:
                    kind = None
                elif kind in ("new", "results", "carried_over") and _OTHER_MATTER.search(span):
                    kind = None  # 受理行政许可申请, 办结行政复议申请 …
                elif kind == "new" and not _DISCLOSURE.search(span) and not (
                        _DISCLOSURE.search(sentence) and re.search(r"(?:新收|收到|受理|接收|接到)(?:的)?申请", span)):
                    kind = None  # 收到…申请 must be about disclosure
                elif kind in _T4_KINDS and not about_t4:
                    kind = None
                tokens.append((kind, m))
            # join 予以公开及部分公开 / 行政复议、行政诉讼 into one group
            groups: list[list] = []
            for kind, m in tokens:
                if groups and kind is not None and groups[-1][0][0] is not None \
                        and _JOIN.match(text[groups[-1][-1][1].end():m.start()]) \
                        and (kind in _T4_KINDS) == (groups[-1][0][0] in _T4_KINDS) and kind != "t2":
                    groups[-1].append((kind, m))
                else:
                    groups.append([(kind, m)])
            for gi, g in enumerate(groups):
                kinds = tuple(k for k, _ in g)
                if None in kinds:
                    continue
                first, last = g[0][1], g[-1][1]
                seg_end = groups[gi + 1][0][1].start() if gi + 1 < len(groups) else c1
                seg = text[last.end():seg_end]
                value, used = _number_at(seg, _UNITS_T2 if kinds[0] == "t2" else _UNITS_CASES)
                start, end = first.start(), last.end() + used
                if value is None and kinds[0] in _T4_KINDS:
                    # "有1件涉及政府信息公开工作的行政复议": the count before the keyword
                    prev_end = groups[gi - 1][-1][1].end() if gi else c0
                    before = re.search(r"(?<![\d.])(\d+)\s?(?:件|起|宗|个|例)([^\d]{0,15})$", text[prev_end:first.start()])
                    if before and not _KEYWORD.search(before.group(2)):
                        value = int(before.group(1))
                        start = prev_end + before.start()
                pm = _PERCENT.search(seg)
                if pm and (_KEYWORD.search(seg[:pm.start()]) or re.search(r"按时|及时|按期|期限", clause)):
                    pm = None
                percent = float(pm.group(1)) if pm else None
                decimals = len(pm.group(2) or "") if pm else 0
                if value is None and percent is None:
                    continue
                if percent is not None:
                    end = max(end, last.end() + pm.end())
                each = bool(_EACH.search(seg[:used] if used else seg)) and len(kinds) > 1
                if each and "分别" in seg:
                    continue  # "分别为3件、2件": not read
                out.append(Statement(kinds, value, percent, decimals, each, nar.offset(start),
                                     nar.offset(max(end - 1, start)) + 1, text[start:end],
                                     _t2_keys(first.group()) if kinds[0] == "t2" else ()))
    return out


def statements(ctx: Context) -> list[Statement]:
    return ctx.shared("statements", lambda c: parse_statements(narrative(c), c.report.meta.get("year")))


# Statements that nothing happened.
_NONE_APPS = re.compile(r"(?:未|没有|无)(?:收到|受理|接到|接收|发生|产生|有)[^,;。:!?\d]{0,40}?(?:申请|依申请公开)"
                        r"(?![^,;。:!?]{0,3}费)")
_NONE_T4 = re.compile(r"(?:(?:未|没有)(?:发生|出现|收到|涉及|有|产生|被申请|被提起)|无(?!论))[^,;。:!?\d被]{0,15}?"
                      r"(?:行政复议|行政诉讼)(?![^,;。:!?]{0,4}(?:纠错|纠正|败诉|撤销))")


@dataclass(frozen=True)
class NoneStatement:
    what: str  # "apps" | "t4"
    groups: tuple[str, ...]  # for t4: review / suit
    start: int
    end: int
    quote: str


def none_statements(ctx: Context) -> list[NoneStatement]:
    def compute(c: Context) -> list[NoneStatement]:
        nar = narrative(c)
        text = nar.text
        out = []
        for s0, s1 in _sentences(text):
            sentence = text[s0:s1]
            for c0, c1 in _clauses(text, s0, s1):
                clause = text[c0:c1]
                if _COMPARE.search(clause):
                    continue
                m = _NONE_APPS.search(clause)
                if m and not _NOT_APPLICATION.search(m.group()) and _DISCLOSURE.search(m.group()):
                    out.append(NoneStatement("apps", (), nar.offset(c0 + m.start()), nar.offset(c0 + m.end() - 1) + 1,
                                             m.group()))
                m = _NONE_T4.search(clause)
                if m and ("信息公开" in sentence or "政务公开" in sentence):
                    tail = clause[m.start():]
                    groups = tuple(g for g, w in (("review", "复议"), ("suit", "诉讼")) if w in tail)
                    out.append(NoneStatement("t4", groups, nar.offset(c0 + m.start()), nar.offset(c0 + m.end() - 1) + 1,
                                             tail[:40]))
        return out
    return ctx.shared("none_statements", compute)


# ---------------------------------------------------------------------------------------
# Table sums the narrative is compared with
# ---------------------------------------------------------------------------------------

KIND_NAMES = {"new": "本年新收申请", "carried_over": "上年结转申请", "carried_forward": "结转下年度继续办理",
              "granted": "予以公开", "partly_granted": "部分公开", "denied": "不予公开", "unable": "无法提供",
              "rejected": "不予处理", "other": "其他处理", "results": "办结（办理结果总计）",
              "review": "行政复议", "suit": "行政诉讼"}


_CELL_NAMES = {"t3.new_received.total": "本年新收", "t3.carried_over.total": "上年结转"}


def kind_cells(ctx: Context, kind: str) -> list[str]:
    """The table cells whose sum is the figure a keyword names."""
    cells = ctx.report.cells
    if kind == "new":
        return ["t3.new_received.total"]
    if kind == "carried_over":
        return ["t3.carried_over.total"]
    if kind == "carried_forward":
        return ["t3.carried_forward.total"]
    if kind == "results":
        return ["t3.results_total.total"]
    if kind in ("granted", "partly_granted"):
        return [f"t3.{kind}.total"]
    if kind == "other":
        if cells.get("t3.other.total") is not None:
            return ["t3.other.total"]
        return [k for k in ("t3.other_no_correction.total", "t3.other_unpaid_fee.total", "t3.other_other.total")
                if k in cells]
    if kind in ("denied", "unable", "rejected"):
        return [k for k in cells if k.startswith(f"t3.{kind}_") and k.endswith(".total")]
    if kind == "review":
        return ["t4.review.total"]
    if kind == "suit":
        return ["t4.suit_direct.total", "t4.suit_after_review.total"]
    raise KeyError(kind)


def cells_sum(ctx: Context, keys: list[str]) -> float | None:
    vals = [ctx.value(k) for k in keys]
    if not vals or any(v is None for v in vals):
        return None
    return sum(vals)


def table_all_zero(ctx: Context, prefix: str) -> bool:
    """Every printed cell of a table (t3., t4.) is 0 (and at least one is printed)."""
    vals = [v for k, v in ctx.report.cells.items() if k.startswith(prefix) and v is not None]
    return bool(vals) and all(v == 0 for v in vals)


def _at(ctx: Context, start: int, end: int) -> tuple[int, tuple[int, int]]:
    line, col = ctx.locate(start)
    end_line, end_col = ctx.locate(max(end - 1, start))
    return line, (col, end_col + 1 if end_line == line else col + 1)


def printed(ctx: Context, start: int, end: int) -> str:
    """The text as printed (not normalised) between two offsets of ``ctx.text``, spaces removed."""
    raw = ctx.shared("raw", lambda c: "\n".join(line.raw for line in c.doc.lines))
    return re.sub(r"[\s*#>`_]+", "", raw[start:end])


def _show(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


class _Compare(Rule):
    """Shared check of stated counts against table sums (subclasses choose the kinds)."""

    kinds: tuple[str, ...] = ()
    table = "t3."

    def accepted(self, ctx: Context, kind: str) -> list[tuple[float, list[str]]]:
        """(value, cells) pairs a statement of ``kind`` may equal; the first is the main one."""
        keys = kind_cells(ctx, kind)
        v = cells_sum(ctx, keys)
        return [] if v is None else [(v, keys)]

    def check(self, ctx: Context) -> Iterator[Finding]:
        if table_all_zero(ctx, self.table):
            return  # X011 reports an all-zero table the narrative contradicts
        for st in statements(ctx):
            if st.kinds[0] not in self.kinds:
                continue
            yield from self.compare(ctx, st)

    def compare(self, ctx: Context, st: Statement) -> Iterator[Finding]:
        line, col = _at(ctx, st.start, st.end)
        parts = [st.kinds] if not st.each else [(k,) for k in st.kinds]
        if st.value is not None:
            for kinds in parts:
                options = self._options(ctx, kinds)
                if not options or any(v == st.value for v, _ in options):
                    continue
                value, keys = options[0]
                also = "".join(f"（{'加'.join(_CELL_NAMES.get(k, k) for k in ks)}为{_show(v)}件）" for v, ks in options[1:])
                yield self._finding(ctx, st, line, col, keys, value, st.value, kinds, also=also)
        if st.percent is not None and not st.each:
            # a share of （七）总计; 办结率 is （七）总计 over 新收 + 上年结转
            den_keys = (["t3.new_received.total", "t3.carried_over.total"] if st.kinds == ("results",)
                        else ["t3.results_total.total"])
            den = cells_sum(ctx, den_keys)
            options = self._options(ctx, st.kinds)
            if den and options:
                value, keys = options[0]
                pct = 100 * value / den
                if abs(pct - st.percent) >= 10 ** -st.percent_decimals:
                    yield self._finding(ctx, st, line, col, keys + [k for k in den_keys if k not in keys],
                                        round(pct, 2), st.percent, st.kinds, percent=True)

    def _options(self, ctx: Context, kinds: tuple[str, ...]) -> list[tuple[float, list[str]]]:
        if len(kinds) == 1:
            return self.accepted(ctx, kinds[0])
        keys = [k for kind in kinds for k in kind_cells(ctx, kind)]
        v = cells_sum(ctx, keys)
        return [] if v is None else [(v, keys)]

    def _finding(self, ctx, st, line, col, keys, expected, actual, kinds, percent=False, also="") -> Finding:
        what = "及".join(KIND_NAMES[k] for k in kinds)
        unit = "%" if percent else "件"
        return self.finding(ctx, cells=keys, line=line, col=col, expected=expected, actual=actual, also=also,
                            artifact=ctx.doubtful(keys), quote=printed(ctx, st.start, st.end),
                            what=what + ("占比" if percent else ""), unit=unit)


@register
class TextNewReceived(_Compare):
    """## What it checks
    A count of applications received stated in the narrative ("收到/受理/新收…申请 N 件")
    against 表三 一、本年新收政府信息公开申请数量 (总计). A stated number equal to 新收 + 上年结转
    is accepted too: some bodies state the applications they handled in the year (平潭 2022
    says 收到政府信息公开申请75件 with 新收 74 and 上年结转 1).

    ## Why it matters
    The narrative and the table are read by different people; a figure that differs in the
    two places means one of them is wrong, and the reviewer must ask which.

    ## Example
    Failing: 本年新收政府信息公开申请18件 with 一、本年新收 总计 20. Passing: 20 (or 21 if 上年结转 is 1).

    ## Basis
    formats.md §6.6 X-TEXT-T3; rules.md X001 (the 上海市政府办公厅 2019 report's text disagrees
    with its table).
    """

    code = "X001"
    name = "text-new-received-mismatch"
    severity = "warning"
    summary = "narrative count of applications received ≠ table 三 一、本年新收"
    message = "正文“{quote}”称{what}{actual}{unit}，表三为{expected}{unit}{also}"
    kinds = ("new",)

    def accepted(self, ctx, kind):
        new, over = ctx.value("t3.new_received.total"), ctx.value("t3.carried_over.total")
        if new is None:
            return []
        out = [(new, ["t3.new_received.total"])]
        if over:
            out.append((new + over, ["t3.new_received.total", "t3.carried_over.total"]))
        return out


@register
class TextOutcomes(_Compare):
    """## What it checks
    Counts and percentages the narrative states for 予以公开 (同意公开), 部分公开, 不予公开,
    无法提供, 不予处理, 其他处理 and for the applications concluded (办结/答复 N 件) against
    表三: the row, or the sum of the group's rows ((三) 不予公开 = its 8 items …); a percentage
    against the group over （七）总计. "予以公开及部分公开 N 件" is compared with the sum of the
    two; "…均为0件" with each. 办结 N 件 may also equal 新收 + 上年结转.

    ## Why it matters
    Outcome figures in the text are what the public quotes; they must be the table's.

    ## Example
    Failing: 不予公开答复 3 件 while the (三) rows sum to 2. Passing: the 上海市科委 2024 report
    (同意公开答复 9 件，…不予公开答复 2 件，无法提供的 10 件，…其他处理 14 件 — all as its table).

    ## Basis
    formats.md §6.6 X-TEXT-T3 (上海市政府办公厅 2019: 予以公开及部分公开 258 件 vs table 275;
    无法提供 265 vs 337); rules.md X002.
    """

    code = "X002"
    name = "text-outcome-mismatch"
    severity = "warning"
    summary = "narrative outcome counts or percentages ≠ table 三 groups"
    message = "正文“{quote}”称{what}{actual}{unit}，按表三应为{expected}{unit}{also}"
    kinds = ("granted", "partly_granted", "denied", "unable", "rejected", "other", "results")

    def accepted(self, ctx, kind):
        out = super().accepted(ctx, kind)
        if kind == "results":
            new, over = ctx.value("t3.new_received.total"), ctx.value("t3.carried_over.total")
            if new is not None and over is not None:
                out.append((new + over, ["t3.new_received.total", "t3.carried_over.total"]))
        return out


@register
class TextCarry(_Compare):
    """## What it checks
    "上年结转 N 件" in the narrative against 表三 二、上年结转政府信息公开申请数量 (总计), and
    "结转下年度 / 转下一年度办理 N 件" against 四、结转下年度继续办理 (总计).

    ## Why it matters
    Carried applications link two years' reports; a wrong figure in either place breaks the
    chain next year.

    ## Example
    Failing: 转下一年度办理答复的有 2 件 with 四、结转下年度继续办理 1. Passing: 1 (上海市科委 2024).

    ## Basis
    formats.md §6.6 X-TEXT-T3; rules.md X003.
    """

    code = "X003"
    name = "text-carry-mismatch"
    severity = "warning"
    summary = "narrative carried-over / carried-forward count ≠ table 三 二 / 四"
    message = "正文“{quote}”称{what}{actual}{unit}，表三为{expected}{unit}"
    kinds = ("carried_over", "carried_forward")


_CLAIM_UPHELD = re.compile(r"均(?:获|被|予以|得到|已)?维持|全部(?:获|被|予以|得到)?维持")
_CLAIM_NO_LOSS = re.compile(r"无败诉|未(?:有|出现|发生)?败诉|没有败诉|(?:未|没有)被[^,;。:!?]{0,10}?(?:纠错|纠正|撤销|确认违法)|无纠错|无被纠错")
_CLAIM_CLOSED = re.compile(r"均已(?:结案|审结|办结|办理完毕)|全部(?:结案|审结)")


@register
class TextReviewSuit(_Compare):
    """## What it checks
    Counts of 行政复议 and 行政诉讼 stated in a narrative sentence about 政府信息公开 against
    表四: 行政复议 N 件 = 行政复议 总计; 行政诉讼 N 件 = 未经复议直接起诉 总计 + 复议后起诉 总计.
    Claims are checked too: "均获维持" while 结果纠正 or 尚未审结 > 0; "无败诉" / "未被…纠错"
    while 结果纠正 > 0; "均已结案" while 尚未审结 > 0.

    ## Why it matters
    Reviews and suits lost are what supervisors look for; a narrative that hides them (or
    counts them differently) misleads.

    ## Example
    Failing: 被申请行政复议3件 with 行政复议 总计 2; or "均获维持" with 结果纠正 1.
    Passing: 平潭 2022 (行政诉讼案件1件、行政复议案件2件，均已结案 — all as its table).

    ## Basis
    formats.md §6.6 X-TEXT-T4 (上海市政府办公厅 2019 says all reviews/suits "均获维持" while
    表四 shows cases 尚未审结); rules.md X004.
    """

    code = "X004"
    name = "text-review-suit-mismatch"
    severity = "warning"
    summary = "narrative review/suit counts or outcome claims ≠ table 四"
    message = "正文“{quote}”称{what}{actual}{unit}，表四为{expected}{unit}"
    kinds = ("review", "suit")
    table = "t4."
    claim_message = "正文“{quote}”，但表四{detail}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from super().check(ctx)
        nar = narrative(ctx)
        text = nar.text
        for s0, s1 in _sentences(text):
            sentence = text[s0:s1]
            if "信息公开" not in sentence and "政务公开" not in sentence:
                continue
            if "复议" not in sentence and "诉讼" not in sentence and "案件" not in sentence:
                continue
            groups = []
            if "复议" in sentence.replace("复议后起诉", ""):
                groups.append("review")
            if "诉讼" in sentence or "起诉" in sentence:
                groups += ["suit_direct", "suit_after_review"]
            if not groups:
                groups = ["review", "suit_direct", "suit_after_review"]
            for regex, columns, claim in ((_CLAIM_UPHELD, ("corrected", "pending"), "均获维持"),
                                          (_CLAIM_NO_LOSS, ("corrected",), "无败诉或未被纠错"),
                                          (_CLAIM_CLOSED, ("pending",), "均已审结")):
                m = regex.search(sentence)
                if not m:
                    continue
                keys = [f"t4.{g}.{c}" for g in groups for c in columns]
                bad = [k for k in keys if ctx.value(k)]
                if not bad:
                    continue
                start, end = nar.offset(s0 + m.start()), nar.offset(s0 + m.end() - 1) + 1
                line, col = _at(ctx, start, end)
                detail = "、".join(f"{_T4_GROUP[k.split('.')[1]]}{_T4_COL[k.split('.')[2]]}{_show(ctx.value(k))}件"
                                   for k in bad)
                total = sum(ctx.value(k) for k in bad)
                quote = printed(ctx, start, end)
                f = self.finding(ctx, cells=bad, line=line, col=col, expected=0, actual=total, quote=quote,
                                 what="", unit="")
                yield replace(f, message=self.claim_message.format(quote=quote, detail=detail))


_T4_GROUP = {"review": "行政复议", "suit_direct": "未经复议直接起诉", "suit_after_review": "复议后起诉"}
_T4_COL = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结", "total": "总计"}


@register
class TextT2(_Compare):
    """## What it checks
    2021 format: counts of 规章 / 行政规范性文件 the narrative states as 制发 (出台、印发、制定),
    废止 or 现行有效 against 表二 本年制发件数 / 本年废止件数 / 现行有效件数 of that row. A bare
    "规范性文件 N 件" (no verb) is not read: it may count documents published, not made.

    ## Why it matters
    武威 2025 asks 总体情况 to state these figures and to agree them with the 司法行政 department;
    the narrative and 表二 must give the same numbers.

    ## Example
    Failing: 现行有效行政规范性文件698件 with 现行有效件数 690. Passing: 698 (平潭 2022).

    ## Basis
    formats.md §6.6 X-TEXT-T2; 武威 2025 notice (sources S15); rules.md X005.
    """

    code = "X005"
    name = "text-t2-mismatch"
    severity = "warning"
    summary = "narrative 规章/规范性文件 made/repealed/in-force counts ≠ table 二"
    message = "正文“{quote}”称{what}{actual}件，表二为{expected}件"
    kinds = ("t2",)
    table = "t2."

    def check(self, ctx: Context) -> Iterator[Finding]:
        for st in statements(ctx):
            if st.kinds != ("t2",) or st.value is None:
                continue
            key = st.t2[0]
            v = ctx.value(key)
            if v is None or v == st.value:
                continue
            line, col = _at(ctx, st.start, st.end)
            row, c = key.split(".")[1:]
            what = ("规章" if row == "regulations" else "行政规范性文件") + \
                {"made": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数"}[c]
            yield self.finding(ctx, cells=[key], line=line, col=col, expected=v, actual=st.value,
                               quote=printed(ctx, st.start, st.end),
                               what=what, artifact=ctx.doubtful([key]))


# ---------------------------------------------------------------------------------------
# Fees (section 六)
# ---------------------------------------------------------------------------------------

_FEE_WORDS = re.compile(r"处理费|收费|收取[^,;。]{0,8}?费|费用|缴费")
_FEE_DENIED = re.compile(r"(?:未|没有|无|不)(?:发生|产生|涉及|发出|下发|开具|送达|存在)[^,;。]{0,14}?(?:收费|处理费|缴费通知|收费通知)")
_NIL = re.compile(r"^(?:暂)?(?:无|没有)(?:其他|其它)?(?:需要)?(?:报告|说明)?(?:的)?(?:事项|情况)?[。.]?$")
_FEE_COLLECTED = re.compile(r"收取[^,;。:!?\d]{0,10}?(?:信息)?处理费[^,;。:!?\d]{0,6}?(\d+(?:\.\d+)?)\s?(万元|元)")


_SIGNATURE = re.compile(r"^(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[^。,;:!?]{2,30}(?:政府|办公室|局|委员会|委|办|中心|办事处|管委会))$")


def section_body(ctx: Context, number: str) -> tuple[str, int] | None:
    """Section ``number`` in compact form without its heading title (nor a repeated heading)
    and without a closing signature (agency name, date), with its heading line; None if the
    report has no such section."""
    span = section_span(ctx, number)
    if span is None:
        return None

    def build(c: Context) -> str:
        body = compact(c, [span]).text
        variants = next(v for n, _, v in SECTIONS if n == number)
        while True:
            stripped = re.sub(r"^\s*[一二三四五六七八九十][、.]?", "", body)
            v = next((v for v in sorted(variants, key=len, reverse=True) if stripped.startswith(v)), None)
            if v is None:
                break
            body = stripped[len(v):]
        paragraphs = [p for p in body.split("\n") if p.strip()]
        while len(paragraphs) > 1 and _SIGNATURE.match(paragraphs[-1]):
            paragraphs.pop()
        return "\n".join(paragraphs)

    return ctx.shared(f"body:{number}", build), ctx.locate(span[0])[0]


def section6(ctx: Context) -> tuple[str, int] | None:
    return section_body(ctx, "六")


def is_nil(body: str) -> bool:
    return not body.strip() or bool(_NIL.match(re.sub(r"\s+", "", body)))


@register
class FeeStatementMissing(Rule):
    """## What it checks
    2021 format: section 六 says nothing about the 信息处理费 (neither an amount nor
    "未收取/未产生"): no word 处理费, 收费, 收取…费, 费用 or 缴费 in it. Not reported when 表三
    （六）2 (逾期未缴费) is above 0: X007 reports that stronger case.

    ## Why it matters
    Section 六 of the 2021 format carries the body's charging of the 信息处理费 under the
    《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号); provinces require the figures in the
    annual report (河南), and most reports state them even when nil ("未收取信息处理费").

    ## Example
    Failing: 六、其他需要报告的事项 — 无. Passing: "本年度未收取信息处理费。"

    ## Basis
    国办公开办函〔2021〕30号 （六） (formats.md §3, §7); 河南 notice (sources S12); rules.md X006.
    """

    code = "X006"
    name = "fee-statement-missing"
    severity = "warning"
    summary = "2021 format: section 六 says nothing about the 信息处理费"
    message = "第六部分“其他需要报告的事项”未说明信息处理费收取情况（未收取也应说明）"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.spec.version != "2021":
            return
        s6 = section6(ctx)
        if s6 is None or _FEE_WORDS.search(s6[0]):
            return
        if (ctx.value("t3.other_unpaid_fee.total") or 0) > 0:
            return
        yield self.finding(ctx, line=s6[1])


@register
class FeeVsUnpaidRow(Rule):
    """## What it checks
    表三 （六）2 申请人逾期未按收费通知要求缴纳费用 is above 0 — fee notices were sent — while
    section 六 is "无", says nothing about fees, or denies any fee matter ("未发生收费事项",
    "未产生…处理费", "未发出收费通知"). "未收取信息处理费" alone is consistent (unpaid fees
    are not collected) and passes.

    ## Why it matters
    A fee notice is issued under 条例 第四十二条 and the 109号办法; an applicant who does not pay
    within 20 working days is deemed to have withdrawn. The report then has fee matters to
    state, and a denial contradicts its own table.

    ## Example
    Failing: （六）2 总计 3 and section 六 "无". Passing: "本年度发出收费通知3件，申请人均未缴费，
    未收取信息处理费。"

    ## Basis
    条例 第四十二条; 国办函〔2020〕109号 and the 四川 notice (sources S13); formats.md §6.6 X-FEE;
    rules.md X007.
    """

    code = "X007"
    name = "fee-vs-unpaid-row"
    severity = "warning"
    summary = "表三（六）2 逾期未缴费 > 0 but section 六 is nil, silent or denies fees"
    message = "表三“（六）2.逾期未按收费通知要求缴纳费用”为{actual}件，说明发出过收费通知，但第六部分{why}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        key = "t3.other_unpaid_fee.total"
        unpaid = ctx.value(key)
        s6 = section6(ctx)
        if not unpaid or unpaid <= 0 or s6 is None:
            return
        body, line = s6
        if is_nil(body):
            why = "填写为“无”"
        elif not _FEE_WORDS.search(body):
            why = "未说明收费情况"
        elif m := _FEE_DENIED.search(body):
            why = f"称“{m.group()}”"
        else:
            return
        yield self.finding(ctx, cells=[key], line=line, actual=unpaid, expected=0, why=why)


@register
class Section6NilWithFees(Rule):
    """## What it checks
    Section 六 is nil ("无", "暂无", "无其他需要报告的事项") while the report shows fees: the
    narrative elsewhere states 信息处理费 collected (收取…处理费 N 元) — warning; or only
    表二 行政事业性收费 本年收费金额 is above 0 — info, since whether the 信息处理费 is counted
    in that cell is not settled.

    ## Why it matters
    Fees collected must be reported in section 六; "无" there hides them.

    ## Example
    Failing: 一、总体情况 "收取信息处理费300元" and 六 "无". Passing: 六 "本年度收取信息处理费300元。"

    ## Basis
    KIROGOVCOMPARE quality rule (fees > 0 but 六 says 无; anchors.md); formats.md §6.6 X-FEE
    and §7 (the fee is a 行政事业性收费); rules.md X008.
    """

    code = "X008"
    name = "section6-nil-with-fees"
    severity = "warning"
    summary = "section 六 is “无” while fees were collected"
    message = "第六部分填写为“无”，但{where}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        s6 = section6(ctx)
        if s6 is None or not is_nil(s6[0]):
            return
        nar = narrative(ctx)
        for m in _FEE_COLLECTED.finditer(nar.text):
            if float(m.group(1)) > 0:
                start, end = nar.offset(m.start()), nar.offset(m.end() - 1) + 1
                quote = printed(ctx, start, end)
                yield self.finding(ctx, line=s6[1], actual=quote, where=f"正文第{ctx.locate(start)[0]}行称“{quote}”")
                return
        fee = ctx.value("t2.fees.amount")
        if fee and fee > 0:
            yield self.finding(ctx, cells=["t2.fees.amount"], line=s6[1], actual=fee, severity="info",
                               where=f"表二行政事业性收费本年收费金额为{_show(fee)}万元，请核实是否含信息处理费")


@register
class FeeAboveTable(Rule):
    """## What it checks
    The narrative states 信息处理费 collected (收取…处理费 N 元 / N 万元) larger than 表二
    行政事业性收费 本年收费金额 (万元). Amounts are compared in 万元 within the precision the
    table prints (half a unit of its last decimal: "0.39" allows ±0.005 万元).

    ## Why it matters
    The 信息处理费 is a 行政事业性收费 paid into the treasury; a body that collected it and
    reports fees in 表二 should not report less there than it collected.

    ## Example
    Flagged: 六 "收取信息处理费3940元", 表二 收费金额 0.2 (万元). Passing: 表二 0.394 or 0.39.

    ## Basis
    国办函〔2020〕109号 and the 河南/四川 notices (the fee is a 行政事业性收费, formats.md §7);
    formats.md §6.6 X-FEE (whether 表二 includes it is unsettled: info).
    """

    code = "X012"
    name = "fee-above-table"
    severity = "info"
    summary = "stated 信息处理费 exceeds 表二's fee amount (within printed precision)"
    message = "正文称收取信息处理费{stated}，折合{actual}万元，多于表二行政事业性收费本年收费金额{expected}万元"

    def check(self, ctx: Context) -> Iterator[Finding]:
        key = "t2.fees.amount"
        table = ctx.value(key)
        prov = ctx.provenance(key)
        if table is None or prov is None:
            return
        nar = narrative(ctx)
        for m in _FEE_COLLECTED.finditer(nar.text):
            stated = float(m.group(1)) / (10000 if m.group(2) == "元" else 1)
            if stated > table + printed_tolerance(prov.text):
                start = nar.offset(m.start())
                yield self.finding(ctx, cells=[key], line=ctx.locate(start)[0], expected=table,
                                   actual=round(stated, 6), stated=f"{m.group(1)}{m.group(2)}")
                return


# ---------------------------------------------------------------------------------------
# Year and period
# ---------------------------------------------------------------------------------------

_PERIOD = re.compile(
    r"(?:(?P<y1>(?:19|20)\d{2})年)?(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日(?:起)?(?:至|到|-|—|–|~)"
    r"(?:(?P<y2>(?:19|20)\d{2})年)?(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日(?:止)?")
_PERIOD_CUE = re.compile(r"统计|数据|时限|期限|周期|区间|时段|报告期|时间范围|起止")
_SELF_YEAR = (
    re.compile(r"(?:现将|现就|编制(?:了)?|形成(?:了)?)[^,;。:!?\d]{0,12}?(?P<y>(?:19|20)\d{2})年度?(?:的)?"
               r"(?:政府信息公开|政务公开|信息公开)"),
    re.compile(r"(?:本|我)(?:单位|机关|部门|镇|乡|街道|局|委|办|区|县|市|厅|院|中心|政府|司|署)?"
               r"(?P<y>(?:19|20)\d{2})年度?(?:的)?(?:政府信息公开|政务公开|信息公开)"),
    re.compile(r"对(?:我|本)[^,;。:!?\d]{0,5}?(?P<y>(?:19|20)\d{2})年度?(?:的)?(?:政府信息公开|政务公开)"),
)
# "…2021年度政府信息公开工作年度报告中提出的问题": last year's report, not the reporting year
_PAST_REPORT = re.compile(r"[^,;。:!?]{0,12}?(?:报告|年报)中|[^,;。:!?]{0,12}?(?:提出|指出|反馈)的问题")
_OVERVIEW_START = re.compile(r"^(?:一[、.])?(?:总体情况)?\n?(?P<y>(?:19|20)\d{2})年(?:度|以来)?[,，]")


@dataclass(frozen=True)
class Period:
    y1: int | None
    m1: int
    d1: int
    y2: int | None
    m2: int
    d2: int
    start: int
    end: int
    quote: str


def stated_periods(ctx: Context) -> list[Period]:
    """Statistics periods stated in the preamble or section 一 (a date range in the preamble, or
    one within reach of 统计/数据/时限… anywhere in these parts)."""
    out = []
    for part in ("preamble", "all", "一"):
        nar = part_narrative(ctx, part)
        if nar is None:
            continue
        for m in _PERIOD.finditer(nar.text):
            cue = _PERIOD_CUE.search(nar.text[max(0, m.start() - 25):m.start()])
            if part != "preamble" and not cue:
                continue
            if not m.group("y1") and not cue:
                continue
            y1 = int(m.group("y1")) if m.group("y1") else None
            y2 = int(m.group("y2")) if m.group("y2") else y1
            out.append(Period(y1, int(m.group("m1")), int(m.group("d1")), y2, int(m.group("m2")),
                              int(m.group("d2")), nar.offset(m.start()), nar.offset(m.end() - 1) + 1, m.group()))
    return out


def title_year(ctx: Context) -> int | None:
    title = ctx.report.meta.get("title")
    m = re.search(r"((?:19|20)\d{2})\s*年", title or "")
    return int(m.group(1)) if m else None


@register
class YearMismatch(Rule):
    """## What it checks
    The reporting year is stated consistently: the year in the title, the year of the stated
    statistics period, and the year in phrases where the body names its own reporting year
    ("现将2021年度政府信息公开工作…", "本单位2021年度政府信息公开工作", "对我镇2020年度政府信息
    公开工作…", "编制了2024年度政务公开工作报告", and a year opening 一、总体情况: "2022年，…"),
    read in the preamble and section 一 only. Other years are not references to the reporting
    year and are not read: plans for the next year (平潭 2022: "2023年，我区将…"), last year's
    accounts (上海市科委: "2023年度部门决算"), last year's report ("…2021年度政府信息公开工作年度
    报告中提出的问题"). Without a title, the period's year (or the extracted year) is the reference.

    ## Why it matters
    A report that names another year as its own is usually last year's text copied and not
    updated; its figures may be last year's too.

    ## Example
    Failing: a 2022 report saying "现将本单位2021年度政府信息公开工作情况报告如下". Passing: 2022.

    ## Basis
    KIROGOVCOMPARE `year_mismatch`; formats.md §6.6 X-YEAR; 条例 第四十九条 (a report covers the
    previous year); rules.md X009.
    """

    code = "X009"
    name = "year-mismatch"
    severity = "error"
    summary = "title year, statistics period year and self-references to the reporting year disagree"
    message = "{what}为{actual}年，与报告年度{expected}年不一致"

    def check(self, ctx: Context) -> Iterator[Finding]:
        year = title_year(ctx)
        periods = [p for p in stated_periods(ctx) if p.y1 is not None]
        if year is None:
            year = periods[0].y1 if periods else ctx.report.meta.get("year")
        if year is None:
            return
        for p in periods:
            if p.y1 != year:
                line, col = _at(ctx, p.start, p.end)
                yield self.finding(ctx, line=line, col=col, expected=year, actual=p.y1,
                                   what=f"统计期限“{printed(ctx, p.start, p.end)}”的年份")
        seen = set()
        for part in ("preamble", "all", "一"):
            nar = part_narrative(ctx, part)
            if nar is None:
                continue
            for regex in _SELF_YEAR:
                for m in regex.finditer(nar.text):
                    y = int(m.group("y"))
                    if y == year or (part, m.start("y")) in seen or _PAST_REPORT.match(nar.text, m.end()):
                        continue
                    seen.add((part, m.start("y")))
                    line, col = _at(ctx, nar.offset(m.start()), nar.offset(m.end() - 1) + 1)
                    quote = printed(ctx, nar.offset(m.start()), nar.offset(m.end() - 1) + 1)
                    yield self.finding(ctx, line=line, col=col, expected=year, actual=y, what=f"正文“{quote}”所述年度")
        one = part_narrative(ctx, "一")
        if one is not None:
            m = _OVERVIEW_START.match(one.text)
            if m and int(m.group("y")) != year:
                line, col = _at(ctx, one.offset(m.start("y")), one.offset(m.end() - 1) + 1)
                yield self.finding(ctx, line=line, col=col, expected=year, actual=int(m.group("y")),
                                   what="“一、总体情况”开头所述年度")


@register
class PeriodWrong(Rule):
    """## What it checks
    The stated statistics period (a date range in the preamble, or one next to 统计/数据/时限/
    期限/周期 in section 一) runs from 1月1日 to 12月31日 of one year. The year itself is checked
    by X009; this rule reports a period that is not a whole calendar year (e.g. "2022年1月1日至
    2022年11月30日", or one spanning two years).

    ## Why it matters
    The report covers the previous calendar year (条例 第四十九条 "上一年度"); figures for another
    span cannot be compared with other bodies' or with the next year's report.

    ## Example
    Failing: "本报告所列数据统计期限为2022年1月1日至2022年11月30日". Passing: "…至2022年12月31日".

    ## Basis
    条例 第四十九条; the standard preamble seen in reports (formats.md §3); rules.md X010.
    """

    code = "X010"
    name = "period-wrong"
    severity = "error"
    summary = "stated statistics period is not 1月1日–12月31日 of one year"
    message = "统计期限“{actual}”不是报告年度的1月1日至12月31日"

    def check(self, ctx: Context) -> Iterator[Finding]:
        year = title_year(ctx) or ctx.report.meta.get("year")
        for p in stated_periods(ctx):
            y1 = p.y1 or year
            y2 = p.y2 or y1
            if (p.m1, p.d1, p.m2, p.d2) == (1, 1, 12, 31) and y1 == y2:
                continue
            line, col = _at(ctx, p.start, p.end)
            yield self.finding(ctx, line=line, col=col, actual=printed(ctx, p.start, p.end),
                               expected=f"{y1}年1月1日至{y1}年12月31日" if y1 else "1月1日至12月31日")


@register
class AllZeroContradiction(Rule):
    """## What it checks
    The narrative and an all-zero table contradict each other: every printed cell of 表三 is 0
    while the narrative states applications received, concluded or carried (N > 0), or every
    cell of 表四 is 0 while it states reviews or suits; and the other way round, the narrative
    says none were received ("未收到…申请") while 表三 一、本年新收 is above 0, or says no review
    or suit happened ("未发生…行政复议、行政诉讼") while 表四 has one. (Figures that merely
    differ in a filled table are X001–X004.)

    ## Why it matters
    An all-zero table is often the empty template left unfilled; a "none" sentence is often
    last year's text. Either way one of the two is false.

    ## Example
    Failing: 表三 all 0 and 一、总体情况 "全年共受理政府信息公开申请5件". Passing: "未收到政府信息公开申请"
    with 表三 all 0 (湖沟镇 2020).

    ## Basis
    formats.md §6.6 X-ALLZERO; rules.md X011.
    """

    code = "X011"
    name = "all-zero-contradiction"
    severity = "warning"
    summary = "an all-zero table 三/四 contradicts the narrative (or a “none” sentence a filled table)"
    message = "{what}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for prefix, kinds, table, keys in (
                ("t3.", _T3_KINDS, "表三", ["t3.new_received.total", "t3.results_total.total"]),
                ("t4.", _T4_KINDS, "表四", ["t4.review.total", "t4.suit_direct.total", "t4.suit_after_review.total"])):
            if not table_all_zero(ctx, prefix):
                continue
            st = next((s for s in statements(ctx) if s.kinds[0] in kinds and s.value), None)
            if st:
                line, col = _at(ctx, st.start, st.end)
                yield self.finding(ctx, cells=keys, line=line, col=col, expected=0, actual=st.value,
                                   what=f"{table}全部为0，但正文“{printed(ctx, st.start, st.end)}”称有{st.value}件")
        for ns in none_statements(ctx):
            if ns.what == "apps":
                keys = ["t3.new_received.total"]
            else:
                groups = ns.groups or ("review", "suit")
                keys = [k for g in groups for k in kind_cells(ctx, g)]
            total = cells_sum(ctx, keys)
            if not total:
                continue
            line, col = _at(ctx, ns.start, ns.end)
            table = "表三一、本年新收" if ns.what == "apps" else "表四"
            yield self.finding(ctx, cells=keys, line=line, col=col, expected=total, actual=0,
                               what=f"正文“{printed(ctx, ns.start, ns.end)}”，但{table}为{_show(total)}件")
